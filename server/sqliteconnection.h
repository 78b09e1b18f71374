// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

struct sqlite3;

namespace Pasokh::Hub {

/// An SQLite connection through the C API: WAL, synchronous=FULL, foreign keys on, busy timeout 10 s
/// (notes/sync.md §5). `$N` placeholders are rewritten to SQLite's `?N`.
class SqliteConnection final : public SqlConnection {
public:
    /// Opens (creating if needed) the database file at `path`. nullptr + `error` on failure.
    static std::unique_ptr<SqliteConnection> open(const QString &path, QString *error);
    ~SqliteConnection() override;

    SqlDialect dialect() const override { return SqlDialect::Sqlite; }
    SqlResult exec(const QString &sql, const QVariantList &params = {}) override;
    SqlResult execScript(const QString &sql) override;
    bool ensureConnected() override { return m_db != nullptr; }

private:
    explicit SqliteConnection(sqlite3 *db);
    sqlite3 *m_db = nullptr;
};

} // namespace Pasokh::Hub
