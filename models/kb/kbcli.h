// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace Pasokh::Kb {

/// The `pasokhctl kb` subcommands on an open connection of the store (named `connectionName`, used on the
/// calling thread):
///
///     kb import DIR                 import DIR/*.md (KbImporter); prints "added N, updated N, unchanged N"
///     and
///                                   one line per skipped file on err
///     kb search QUERY [--limit N]   prints "id<TAB>title" per hit, best first (N: 1..200, default 10)
///
/// A leading "kb" in args is skipped. Returns the process exit code: 0 success (also for a search without
/// hits), 1 failure (store, folder), 2 usage error (message and usage on err), 3 import finished but some
/// files were skipped.
int runKbCli(const QStringList &args, const QString &connectionName, QTextStream &out, QTextStream &err);

/// The usage text of the kb subcommands, one line per command.
QString kbUsage();

} // namespace Pasokh::Kb
