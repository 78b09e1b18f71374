// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace Pasokh::Storage {

/// Moves SQLite's WAL checkpoints off the writer's commit path. SQLite's automatic checkpoint runs inside the
/// COMMIT that pushes the WAL past 1000 pages: that save then copies ~4 MB back into the database file and
/// fsyncs it (the 100+ ms worst case of a durable case save on the 1M-case store). Installed on the writer,
/// this replaces the automatic checkpoint with a WAL hook (sqlite3_wal_hook) that only wakes a thread of its
/// own; that thread runs a PASSIVE checkpoint (sqlite3_wal_checkpoint_v2) on its own connection, which never
/// blocks the writer or readers. Durability is unchanged: every COMMIT is still fsynced to the WAL
/// (synchronous=FULL); the checkpoint only moves committed pages into the main file. If the thread falls
/// behind, the WAL grows until the next checkpoint; closing the last connection checkpoints as always.
///
/// It also does the merge work of the cases' trigram index (cases_text). FTS5 adds a segment per transaction
/// and by default merges segments inside the writing transaction ("automerge"); on the 1M-case store that
/// made about one save in 75 spend 40-50 ms CPU merging (measured with the sqlite3 shell: the spikes vanish
/// when the trigger is dropped and stay when checkpoints are off). Migration 0006 sets automerge = 0 on
/// cases_text, and this thread runs `INSERT INTO cases_text(cases_text, rank) VALUES('merge', 64)` (at most
/// ~64 leaf pages of work, a few ms) after every few commits, so segments stay few and the merge cost lands
/// off the save. A save that arrives during such a merge waits for it (busy_timeout), which is rare and
/// short. FTS5's crisis merge (16 segments on a level) still bounds the index if this thread never runs
/// (tools that write without it).
class WalCheckpointer
{
public:
    /// Starts the thread and its connection to the database at `path` (UTF-8 file name). `thresholdPages`:
    /// WAL size in pages (4 KiB each) at which a checkpoint is requested, as PRAGMA wal_autocheckpoint.
    explicit WalCheckpointer(const QString &path, int thresholdPages = 1000);
    /// Stops the thread after a checkpoint in progress and closes its connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    /// Installs the WAL hook on `writer` (a connection to the same file); from then on its commits never
    /// checkpoint themselves.
    void attach(sqlite3 *writer);
    /// Asks for a checkpoint soon; thread-safe and cheap (a mutex and a notify).
    void request();
    /// Asks for a bounded merge step of the trigram index soon; thread-safe and cheap.
    void requestMerge();
    /// Checkpoints run so far (for tests and logs).
    int completed() const;
    /// Commits between two merge steps of cases_text.
    static constexpr int MergeEveryCommits = 4;

private:
    static int walHook(void *self, sqlite3 *db, const char *dbName, int pages);
    void run();

    QString m_path;
    int m_thresholdPages;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_mergeRequested = false;
    int m_commitsSinceMerge = 0; // touched only by the writer's thread (the WAL hook)
    bool m_stop = false;
    int m_completed = 0;
    std::thread m_thread;
};

} // namespace Pasokh::Storage
