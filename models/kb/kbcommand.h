// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace Pasokh::Kb {

/// Entry point of `pasokhctl kb ...` (wired by app/pasokhctl): opens the console's store
/// `<dataDir>/pasokh.sqlite` with Storage::Database (which creates and migrates it, schema 0002 included) and
/// runs runKbCli() on it. args are the words after "pasokhctl" (a leading "kb" is skipped). Returns the exit
/// code of runKbCli(), or 1 when the store cannot be opened or the folder of `kb import` cannot be imported
/// (message on err; the folder is checked first, so the data folder is then left untouched).
int runKbCommand(const QStringList &args, const QString &dataDir, QTextStream &out, QTextStream &err);

} // namespace Pasokh::Kb
