// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

struct pg_conn;

namespace Pasokh::Hub {

/// A PostgreSQL connection through libpq (text protocol, PQexecParams). Reconnects once (PQreset) when the
/// server closed the connection.
class PgConnection final : public SqlConnection {
public:
    /// Connects to a libpq URL (`postgresql://user@host:port/db`). nullptr + `error` on failure.
    static std::unique_ptr<PgConnection> open(const QString &url, QString *error);
    ~PgConnection() override;

    SqlDialect dialect() const override { return SqlDialect::PostgreSql; }
    SqlResult exec(const QString &sql, const QVariantList &params = {}) override;
    SqlResult execScript(const QString &sql) override;
    bool ensureConnected() override;

private:
    explicit PgConnection(pg_conn *conn);
    pg_conn *m_conn = nullptr;
};

} // namespace Pasokh::Hub
