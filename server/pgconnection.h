// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

#include <QByteArray>
#include <QHash>

#include <vector>

struct pg_conn;

namespace Pasokh::Hub {

/// A PostgreSQL connection through libpq (text protocol). Statements with parameters are prepared once per
/// connection (PQprepare, at most kMaxPrepared distinct texts) and then run with PQexecPrepared. Reconnects
/// once (PQreset) when the server closed the connection; prepared statements are forgotten then.
class PgConnection final : public SqlConnection
{
public:
    /// Connects to a libpq URL (`postgresql://user@host:port/db`). nullptr + `error` on failure.
    static std::unique_ptr<PgConnection> open(const QString &url, QString *error);
    ~PgConnection() override;

    SqlDialect dialect() const override { return SqlDialect::PostgreSql; }
    SqlResult exec(const QString &sql, const QVariantList &params = {}) override;
    SqlResult execScript(const QString &sql) override;
    bool ensureConnected() override;
    bool inTransaction() const override;

private:
    static constexpr int kMaxPrepared = 256;
    explicit PgConnection(pg_conn *conn);
    /// One attempt: prepared (cached) or PQexecParams.
    SqlResult run(const QByteArray &text, const std::vector<const char *> &values);
    pg_conn *m_conn = nullptr;
    QHash<QByteArray, QByteArray> m_prepared; ///< SQL text → statement name
};

} // namespace Pasokh::Hub
