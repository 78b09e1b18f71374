// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

namespace Pasokh::App {

/// Upgrades the store at `dbPath` to this build's schema (Storage::Database::open: a backup copy of the whole
/// store, then each pending migration) on a worker thread, while a modal notice tells the operator what is
/// happening and not to switch the computer off. With a million cases the copy and the upgrade take about 25
/// s; a window that stays silent that long looks hung and invites a forced quit. Does nothing (and shows
/// nothing) when the store does not exist yet or is current, or when its version cannot be read (open() then
/// reports why). Call it on the GUI thread, holding the data folder's InstanceLock. Errors: those of
/// Database::open()
/// ("newer_schema", "corrupt", "disk_full", "migration", ...); the store is left as it was on failure.
Core::Status upgradeStoreWithNotice(const QString &dbPath);

} // namespace Pasokh::App
