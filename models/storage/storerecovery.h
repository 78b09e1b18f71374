// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

namespace Pasokh::Storage {

/// What StoreRecovery::recover() did.
struct RecoveryReport
{
    QString quarantineDir; ///< "<data-dir>/quarantine/<UTC yyyyMMddTHHmmssZ>": the damaged files, untouched
    QString method; ///< "recover" (sqlite3 .recover) or "dump" (sqlite3 .dump, when .recover is unusable)
    int recoveredCases = 0;    ///< rows in `cases` of the recovered store
    int requeuedMutations = 0; ///< outbox rows left 'pending' for the hub (surviving unacked + re-created)
    int recreatedCreates = 0;  ///< of those, 'create' rows re-made for cases whose create row was lost
    /// Rows read from the damaged file that could not be placed back: .recover's lost_and_found rows, or the
    /// .dump statements the CLI refused (garbage from a damaged page breaking a constraint). Rows on pages
    /// that could not be read at all are not counted: nothing is known of them.
    int unrecoverableRows = 0;
    /// Rows .dump stopped short of that were still found by a lookup by rowid (a damaged leaf page ends
    /// .dump's scan of a table; the rows on sound pages behind it are still reachable through the b-tree).
    int salvagedRows = 0;
};

/// Recovery of a console store that Database::open() reports as "corrupt" (notes/sync.md §5 "Corruption
/// recovery", §7 T12). An explicit step (operator or IT staff), never automatic, never deleting anything:
///  1. under the data folder's instance lock, the damaged file and its -wal/-shm are moved into
///     `<data-dir>/quarantine/<UTC timestamp>/` (kept byte for byte);
///  2. a copy of them is read with the `sqlite3` CLI (Debian package sqlite3): `.recover`, or `.dump` when
///  the
///     CLI's `.recover` is unusable (Debian 12's CLI links a libsqlite3 built without the sqlite_dbpage
///     table, so its `.recover` fails with "no such table: sqlite_dbpage"); the SQL is replayed by the CLI
///     into a new file;
///     Rows behind a damaged page that .dump could not reach are then looked up one rowid at a time in the
///     damaged copy (ATTACH) and added;
///  3. the new file is opened through Database::open (migrations), FTS5 indexes are rebuilt, `PRAGMA
///     integrity_check` must say "ok", and unacknowledged work is re-queued: every outbox row that was
///     pending or in flight goes back to 'pending' under contiguous mutation ids after the last one the hub
///     acknowledged, and a case still 'registered' (never acknowledged) whose create row was lost gets a new
///     create row. The hub's idempotency turns a re-push of something it has into `duplicate`;
///  4. only then the recovered file takes the store's place. On any failure the damaged files go back where
///  they
///     were and the error is returned.
class StoreRecovery
{
public:
    /// Recovers the store of `dataDir` (Storage::storePath()). `sqliteCli` is the CLI to run (default
    /// "sqlite3" on PATH). Errors: "locked" (another Pasokh process uses the folder), "not_corrupt" (the
    /// store opens fine: nothing to do), "no_store", "cli_missing" (sqlite3 not installed), "recover_failed"
    /// (the CLI failed or the result is unusable; the damaged files are back in place), "io" (moving files
    /// failed).
    static Core::Result<RecoveryReport> recover(const QString &dataDir,
                                                const QString &sqliteCli = QStringLiteral("sqlite3"));
};

} // namespace Pasokh::Storage
