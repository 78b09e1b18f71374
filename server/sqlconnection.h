// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

#include <memory>
#include <optional>
#include <vector>

namespace Pasokh::Hub {

/// The SQL dialect behind a connection. The hub writes one SQL text for both; the few differences (serial
/// keys, row locks, advisory locks) go through SqlConnection helpers.
enum class SqlDialect
{
    PostgreSql,
    Sqlite
};

/// Class of a failed statement, so callers can react without parsing messages.
enum class SqlErrorKind
{
    None,
    UniqueViolation,
    Busy,
    ConnectionLost,
    Other
};

/// Result of one statement: rows as text (NULL = std::nullopt) or an error. Integers are decimal text,
/// booleans are stored as INTEGER 0/1 on both backends.
class SqlResult
{
public:
    bool ok = true;
    SqlErrorKind errorKind = SqlErrorKind::None;
    QString error;
    QStringList columns;
    std::vector<std::vector<std::optional<QString>>> rows;
    long long affectedRows = 0;

    /// Builds a failed result.
    static SqlResult failure(SqlErrorKind kind, const QString &message);

    int rowCount() const { return int(rows.size()); }
    bool isEmpty() const { return rows.empty(); }
    bool isNull(int row, int column) const;
    /// Text of a cell; empty for NULL.
    QString text(int row, int column) const;
    /// Integer of a cell; `fallback` for NULL or non-numeric text.
    long long integer(int row, int column, long long fallback = 0) const;
    /// Floating-point value of a cell; nullopt for NULL.
    std::optional<double> real(int row, int column) const;
};

/// One database connection. Parameters are written `$1..$n` in the SQL on both backends and bound by QVariant
/// type (null QVariant → NULL, integral → integer, double → real, everything else → text). Not thread-safe:
/// one thread uses a connection at a time (the ConnectionPool hands them out).
class SqlConnection
{
public:
    virtual ~SqlConnection();
    virtual SqlDialect dialect() const = 0;
    /// Runs one statement with bound parameters.
    virtual SqlResult exec(const QString &sql, const QVariantList &params = {}) = 0;
    /// Runs several `;`-separated statements without parameters (migrations).
    virtual SqlResult execScript(const QString &sql) = 0;
    /// True when the connection is usable; tries one reconnect if it was lost.
    virtual bool ensureConnected() = 0;

    /// Starts a write transaction (PostgreSQL `BEGIN`, SQLite `BEGIN IMMEDIATE` so the write lock is taken at
    /// once).
    virtual SqlResult begin();
    virtual SqlResult commit();
    virtual SqlResult rollback();
    /// True while a transaction is open (the pool rolls back a connection returned in that state).
    virtual bool inTransaction() const = 0;
    /// Serialises writers of the change log across processes so change sequence numbers commit in order
    /// (notes/sync.md §4 option b): PostgreSQL transaction-level advisory lock; SQLite already has one
    /// writer.
    SqlResult lockChangeLog();
    /// " FOR UPDATE" on PostgreSQL, "" on SQLite (whose BEGIN IMMEDIATE already excludes other writers).
    QString forUpdate() const;
};

/// The VALUES list of a multi-row INSERT: `rows` groups of `columns` parameters, "($1, $2), ($3, $4)", each
/// group followed by `rowTail` inside its parentheses (e.g. ", 'referred', 1" for constant columns).
QString multiRowValues(qsizetype rows, qsizetype columns, const QString &rowTail = {});

/// Opens a connection for a `--db` URL: `postgresql://...`/`postgres://...` or `sqlite:PATH`. `error`
/// receives the reason on failure (nullptr returned).
std::unique_ptr<SqlConnection> openSqlConnection(const QString &url, QString *error);

} // namespace Pasokh::Hub
