// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sqlconnection.h"

#include "server/pgconnection.h"
#include "server/sqliteconnection.h"

namespace Pasokh::Hub {

SqlResult SqlResult::failure(SqlErrorKind kind, const QString &message)
{
    SqlResult r;
    r.ok = false;
    r.errorKind = kind;
    r.error = message;
    return r;
}

bool SqlResult::isNull(int row, int column) const
{
    return row < 0 || row >= rowCount() || column < 0 || column >= int(rows[size_t(row)].size()) ||
           !rows[size_t(row)][size_t(column)].has_value();
}

QString SqlResult::text(int row, int column) const
{
    return isNull(row, column) ? QString() : *rows[size_t(row)][size_t(column)];
}

long long SqlResult::integer(int row, int column, long long fallback) const
{
    if (isNull(row, column))
        return fallback;
    bool ok = false;
    const long long v = rows[size_t(row)][size_t(column)]->toLongLong(&ok);
    return ok ? v : fallback;
}

std::optional<double> SqlResult::real(int row, int column) const
{
    if (isNull(row, column))
        return std::nullopt;
    bool ok = false;
    const double v = rows[size_t(row)][size_t(column)]->toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

SqlConnection::~SqlConnection() = default;

SqlResult SqlConnection::begin()
{
    return exec(dialect() == SqlDialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                : QStringLiteral("BEGIN"));
}

SqlResult SqlConnection::commit()
{
    return exec(QStringLiteral("COMMIT"));
}

SqlResult SqlConnection::rollback()
{
    return exec(QStringLiteral("ROLLBACK"));
}

SqlResult SqlConnection::lockChangeLog()
{
    if (dialect() == SqlDialect::Sqlite)
        return {};
    // 0x137C (“137 change log”): an arbitrary application-wide key.
    return exec(QStringLiteral("SELECT pg_advisory_xact_lock(4988)"));
}

QString SqlConnection::forUpdate() const
{
    return dialect() == SqlDialect::PostgreSql ? QStringLiteral(" FOR UPDATE") : QString();
}

std::unique_ptr<SqlConnection> openSqlConnection(const QString &url, QString *error)
{
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://")))
        return PgConnection::open(url, error);
    if (url.startsWith(QLatin1String("sqlite:")))
        return SqliteConnection::open(url.mid(7), error);
    if (error)
        *error = QStringLiteral("unsupported database URL (use postgresql://... or sqlite:PATH)");
    return nullptr;
}

QString multiRowValues(qsizetype rows, qsizetype columns, const QString &rowTail)
{
    QString out;
    out.reserve(rows * (columns * 6 + rowTail.size() + 4));
    qsizetype param = 0;
    for (qsizetype r = 0; r < rows; ++r) {
        out += r == 0 ? QLatin1String("(") : QLatin1String(", (");
        for (qsizetype c = 0; c < columns; ++c) {
            if (c > 0)
                out += QLatin1String(", ");
            out += QLatin1Char('$') + QString::number(++param);
        }
        out += rowTail + QLatin1Char(')');
    }
    return out;
}

} // namespace Pasokh::Hub
