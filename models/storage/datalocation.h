// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Storage {

/// File name of the console's SQLite store inside a data folder.
QString storeFileName();

/// The console's default data folder: QStandardPaths::AppDataLocation for organisation "Mashhad
/// Municipality" and application "Pasokh" (on Linux ~/.local/share/Mashhad Municipality/Pasokh), whatever
/// names the calling executable (console or pasokhctl) has set. Honours QStandardPaths test mode. Not
/// thread-safe while it runs (it briefly sets the application's names); call it from the main thread at
/// start-up. Empty when no writable location is known.
QString defaultDataDir();

/// The store file inside `dataDir` ("<dataDir>/pasokh.sqlite").
QString storePath(const QString &dataDir);

} // namespace Pasokh::Storage
