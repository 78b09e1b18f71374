// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Pasokh::Sync {

/// `pasokhctl sync ...` (issue 6; contract in models/sync/README.md):
///   sync --data-dir DIR --hub URL [--station-id ID] [--user NAME] [--password-stdin] [--once] [--timeout SEC]
///   sync status --data-dir DIR
/// `words` are the arguments after the program name, starting with "sync". `defaultDataDir` is used when
/// --data-dir is absent. --hub and --station-id default to [hub] url / [hub] station_id of
/// <data-dir>/pasokh.ini. The password comes from standard input (--password-stdin) or PASOKH_HUB_PASSWORD.
/// With --once: pushes until the outbox has no pending rows (parked ones may remain) and pulls until
/// has_more = false, then exits 0; exit 2 on an authentication failure (login refused, refresh refused, no
/// credentials), 1 on any other failure (hub unreachable until --timeout, default 60 s; store error; hub
/// refuses the station). Without --once it runs until SIGTERM/SIGINT (exit 0). Always prints one summary
/// line on stdout: `pushed=N acked=N parked=N pending=N pulled=N` (pushed/acked/pulled: this run;
/// parked/pending: rows in the store at exit). Exit 2 also for a bad command line.
int runSyncCommand(const QStringList &words, const QString &defaultDataDir, QTextStream &out, QTextStream &err);

} // namespace Pasokh::Sync
