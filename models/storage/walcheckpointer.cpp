// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/walcheckpointer.h"

#include <QLoggingCategory>

#include <sqlite3.h>

#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Pasokh::Storage {

WalCheckpointer::WalCheckpointer(const QString &path, int thresholdPages)
    : m_path(path), m_thresholdPages(thresholdPages), m_thread([this] { run(); })
{
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void WalCheckpointer::attach(sqlite3 *writer)
{
    if (writer)
        sqlite3_wal_hook(writer, &WalCheckpointer::walHook, this);
}

int WalCheckpointer::walHook(void *self, sqlite3 *, const char *, int pages)
{
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    if (pages >= checkpointer->m_thresholdPages)
        checkpointer->request();
    if (++checkpointer->m_commitsSinceMerge >= MergeEveryCommits) {
        checkpointer->m_commitsSinceMerge = 0;
        checkpointer->requestMerge();
    }
    return SQLITE_OK;
}

void WalCheckpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::requestMerge()
{
    {
        std::lock_guard lock(m_mutex);
        m_mergeRequested = true;
    }
    m_wake.notify_one();
}

int WalCheckpointer::completed() const
{
    std::lock_guard lock(m_mutex);
    return m_completed;
}

void WalCheckpointer::run()
{
    sqlite3 *db = nullptr;
    // Opened lazily, on the first request: most connections (tests, short CLI commands) never need one.
    for (;;) {
        bool checkpoint = false;
        bool merge = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_requested || m_mergeRequested || m_stop; });
            if (m_stop)
                break;
            checkpoint = std::exchange(m_requested, false);
            merge = std::exchange(m_mergeRequested, false);
        }
        if (!db) {
            const QByteArray file = m_path.toUtf8();
            if (sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                nullptr) != SQLITE_OK) {
                qCWarning(lcStorage) << "WAL checkpoint connection failed:" << sqlite3_errmsg(db);
                sqlite3_close(db);
                db = nullptr;
                continue; // the next request tries again; the WAL only grows meanwhile
            }
            // The checkpoint fsyncs the database file as the writer's own would (synchronous=FULL); a merge
            // commits like any write and waits for the writer's transaction like any other connection.
            sqlite3_exec(db, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000", nullptr, nullptr,
                         nullptr);
        }
        if (checkpoint) { // first: a growing WAL costs every reader and the disk
            int logPages = 0;
            int moved = 0;
            const int rc =
                sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logPages, &moved);
            if (rc != SQLITE_OK && rc != SQLITE_BUSY)
                qCWarning(lcStorage) << "WAL checkpoint failed:" << sqlite3_errstr(rc);
            std::lock_guard lock(m_mutex);
            ++m_completed;
        }
        if (merge) {
            char *message = nullptr;
            const int rc = sqlite3_exec(db, "INSERT INTO cases_text(cases_text, rank) VALUES('merge', 64)",
                                        nullptr, nullptr, &message);
            // A store without cases_text (an older schema in a test) has nothing to merge.
            if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_ERROR)
                qCWarning(lcStorage) << "full-text merge failed:" << (message ? message : sqlite3_errstr(rc));
            sqlite3_free(message);
        }
    }
    sqlite3_close(db);
}

} // namespace Pasokh::Storage
