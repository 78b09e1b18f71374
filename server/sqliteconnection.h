// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

#include <QByteArray>
#include <QHash>

#include <memory>
#include <mutex>

struct sqlite3;
struct sqlite3_stmt;

namespace Pasokh::Hub {

/// An SQLite connection through the C API: WAL, synchronous=FULL, foreign keys on, busy timeout 10 s
/// (notes/sync.md §5). `$N` placeholders are rewritten to SQLite's `?N`. Prepared statements are cached per
/// SQL text (at most kMaxCached) and reset after each use.
class SqliteConnection final : public SqlConnection
{
public:
    /// Opens (creating if needed) the database file at `path`. nullptr + `error` on failure.
    static std::unique_ptr<SqliteConnection> open(const QString &path, QString *error);
    ~SqliteConnection() override;

    SqlDialect dialect() const override { return SqlDialect::Sqlite; }
    SqlResult exec(const QString &sql, const QVariantList &params = {}) override;
    SqlResult execScript(const QString &sql) override;
    bool ensureConnected() override { return m_db != nullptr; }
    /// BEGIN IMMEDIATE after taking this process's writer lock for the file (FIFO-ish hand-over between
    /// worker threads instead of SQLite's polling busy handler, which can starve a waiter); other processes
    /// still meet at SQLite's own lock with the busy timeout. Waits at most 30 s, then fails as Busy (→ 503).
    SqlResult begin() override;
    SqlResult commit() override;
    SqlResult rollback() override;
    bool inTransaction() const override;

private:
    static constexpr int kMaxCached = 256;
    SqliteConnection(sqlite3 *db, const QString &path);
    void releaseWriter();
    sqlite3 *m_db = nullptr;
    std::shared_ptr<std::timed_mutex>
        m_writer; ///< shared by every connection of this process to the same file
    bool m_holdsWriter = false;
    QHash<QString, sqlite3_stmt *> m_cache;
};

} // namespace Pasokh::Hub
