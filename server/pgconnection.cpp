// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/pgconnection.h"

#include <libpq-fe.h>

#include <cstring>

namespace Pasokh::Hub {

namespace {

SqlErrorKind classify(const char *sqlState)
{
    if (!sqlState)
        return SqlErrorKind::Other;
    if (std::strcmp(sqlState, "23505") == 0)
        return SqlErrorKind::UniqueViolation;
    if (std::strcmp(sqlState, "40001") == 0 || std::strcmp(sqlState, "40P01") == 0 ||
        std::strcmp(sqlState, "55P03") == 0)
        return SqlErrorKind::Busy;
    if (std::strncmp(sqlState, "08", 2) == 0 || std::strncmp(sqlState, "57P", 3) == 0)
        return SqlErrorKind::ConnectionLost;
    return SqlErrorKind::Other;
}

SqlResult fromPg(PGresult *res, PGconn *conn)
{
    if (!res)
        return SqlResult::failure(SqlErrorKind::ConnectionLost,
                                  QString::fromUtf8(PQerrorMessage(conn)).trimmed());
    const auto status = PQresultStatus(res);
    SqlResult r;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY) {
        const int nf = PQnfields(res);
        const int nt = PQntuples(res);
        for (int c = 0; c < nf; ++c)
            r.columns << QString::fromUtf8(PQfname(res, c));
        r.rows.resize(size_t(nt));
        for (int row = 0; row < nt; ++row) {
            auto &out = r.rows[size_t(row)];
            out.reserve(size_t(nf));
            for (int c = 0; c < nf; ++c) {
                if (PQgetisnull(res, row, c))
                    out.emplace_back(std::nullopt);
                else
                    out.emplace_back(QString::fromUtf8(PQgetvalue(res, row, c), PQgetlength(res, row, c)));
            }
        }
        const char *affected = PQcmdTuples(res);
        r.affectedRows = (affected && *affected) ? std::atoll(affected) : nt;
    } else {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        SqlErrorKind kind = classify(state);
        if (PQstatus(conn) != CONNECTION_OK)
            kind = SqlErrorKind::ConnectionLost;
        r = SqlResult::failure(kind, QString::fromUtf8(PQresultErrorMessage(res)).trimmed());
    }
    PQclear(res);
    return r;
}

} // namespace

std::unique_ptr<PgConnection> PgConnection::open(const QString &url, QString *error)
{
    PGconn *conn = PQconnectdb(url.toUtf8().constData());
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        if (error)
            *error =
                conn ? QString::fromUtf8(PQerrorMessage(conn)).trimmed() : QStringLiteral("out of memory");
        if (conn)
            PQfinish(conn);
        return nullptr;
    }
    // Quiet NOTICEs (e.g. "relation already exists, skipping") instead of printing them on stderr.
    PQsetNoticeProcessor(
        conn, [](void *, const char *) {}, nullptr);
    PGresult *res = PQexec(conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    PQclear(res);
    return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::PgConnection(pg_conn *conn) : m_conn(conn) {}

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

SqlResult PgConnection::exec(const QString &sql, const QVariantList &params)
{
    std::vector<QByteArray> storage;
    std::vector<const char *> values;
    storage.reserve(size_t(params.size()));
    values.reserve(size_t(params.size()));
    for (const QVariant &v : params) {
        if (v.isNull()) {
            storage.emplace_back();
            values.push_back(nullptr);
            continue;
        }
        if (v.typeId() == QMetaType::Bool)
            storage.push_back(v.toBool() ? QByteArrayLiteral("1") : QByteArrayLiteral("0"));
        else if (v.typeId() == QMetaType::Double)
            storage.push_back(QByteArray::number(v.toDouble(), 'g', 17));
        else
            storage.push_back(v.toString().toUtf8());
        values.push_back(storage.back().constData());
    }
    const QByteArray text = sql.toUtf8();
    // Outside a transaction a statement that fails because the server went away (restart, failover, idle
    // timeout) is retried once on a fresh session; inside one the transaction is lost anyway.
    const bool idle = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    SqlResult r = run(text, values);
    if (!r.ok && idle && PQstatus(m_conn) != CONNECTION_OK && ensureConnected())
        r = run(text, values);
    return r;
}

SqlResult PgConnection::run(const QByteArray &text, const std::vector<const char *> &values)
{
    auto it = m_prepared.constFind(text);
    if (it == m_prepared.constEnd() && m_prepared.size() < kMaxPrepared && !values.empty()) {
        const QByteArray name = "p" + QByteArray::number(m_prepared.size());
        PGresult *prep = PQprepare(m_conn, name.constData(), text.constData(), int(values.size()), nullptr);
        const bool prepared = prep && PQresultStatus(prep) == PGRES_COMMAND_OK;
        PQclear(prep);
        if (prepared)
            it = m_prepared.insert(text, name);
    }
    PGresult *res = it != m_prepared.constEnd() ? PQexecPrepared(m_conn, it->constData(), int(values.size()),
                                                                 values.data(), nullptr, nullptr, 0)
                                                : PQexecParams(m_conn, text.constData(), int(values.size()),
                                                               nullptr, values.data(), nullptr, nullptr, 0);
    return fromPg(res, m_conn);
}

SqlResult PgConnection::execScript(const QString &sql)
{
    return fromPg(PQexec(m_conn, sql.toUtf8().constData()), m_conn);
}

bool PgConnection::inTransaction() const
{
    const auto status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool PgConnection::ensureConnected()
{
    if (PQstatus(m_conn) == CONNECTION_OK)
        return true;
    PQreset(m_conn);
    m_prepared.clear(); // a new server session has none of them
    return PQstatus(m_conn) == CONNECTION_OK;
}

} // namespace Pasokh::Hub
