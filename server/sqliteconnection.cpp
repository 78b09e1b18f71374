// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sqliteconnection.h"

#include <sqlite3.h>

#include <chrono>

namespace Pasokh::Hub {

namespace {

SqlErrorKind classify(int code)
{
    switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return SqlErrorKind::UniqueViolation;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SqlErrorKind::Busy;
    default:
        return (code & 0xff) == SQLITE_BUSY ? SqlErrorKind::Busy : SqlErrorKind::Other;
    }
}

/// `$12` → `?12`, outside quoted literals.
QByteArray rewritePlaceholders(const QString &sql)
{
    QByteArray in = sql.toUtf8();
    QByteArray out;
    out.reserve(in.size());
    char quote = 0;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in.at(i);
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '$' && i + 1 < in.size() && in.at(i + 1) >= '0' && in.at(i + 1) <= '9') {
            out.append('?');
            continue;
        }
        out.append(c);
    }
    return out;
}

} // namespace

std::unique_ptr<SqliteConnection> SqliteConnection::open(const QString &path, QString *error)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error =
                db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("cannot open SQLite database");
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, path));
    const SqlResult setup =
        conn->execScript(QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA "
                                        "foreign_keys=ON; PRAGMA secure_delete=ON;"));
    if (!setup.ok) {
        if (error)
            *error = setup.error;
        return nullptr;
    }
    return conn;
}

SqliteConnection::SqliteConnection(sqlite3 *db, const QString &path) : m_db(db)
{
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<std::timed_mutex>> registry;
    std::lock_guard lock(registryMutex);
    m_writer = registry.value(path).lock();
    if (!m_writer) {
        m_writer = std::make_shared<std::timed_mutex>();
        registry.insert(path, m_writer);
    }
}

SqlResult SqliteConnection::begin()
{
    if (!m_holdsWriter) {
        if (!m_writer->try_lock_for(std::chrono::seconds(30)))
            return SqlResult::failure(SqlErrorKind::Busy, QStringLiteral("the database is busy"));
        m_holdsWriter = true;
    }
    SqlResult r = exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!r.ok)
        releaseWriter();
    return r;
}

SqlResult SqliteConnection::commit()
{
    SqlResult r = exec(QStringLiteral("COMMIT"));
    if (r.ok || !inTransaction())
        releaseWriter();
    return r;
}

SqlResult SqliteConnection::rollback()
{
    SqlResult r = exec(QStringLiteral("ROLLBACK"));
    releaseWriter();
    return r;
}

bool SqliteConnection::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

void SqliteConnection::releaseWriter()
{
    if (m_holdsWriter) {
        m_holdsWriter = false;
        m_writer->unlock();
    }
}

SqliteConnection::~SqliteConnection()
{
    releaseWriter();
    for (sqlite3_stmt *s : std::as_const(m_cache))
        sqlite3_finalize(s);
    sqlite3_close_v2(m_db);
}

SqlResult SqliteConnection::exec(const QString &sql, const QVariantList &params)
{
    sqlite3_stmt *stmt = m_cache.value(sql, nullptr);
    const bool cached = stmt != nullptr;
    int rc = SQLITE_OK;
    if (!stmt) {
        const QByteArray text = rewritePlaceholders(sql);
        rc = sqlite3_prepare_v3(m_db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
        if (rc != SQLITE_OK)
            return SqlResult::failure(classify(sqlite3_extended_errcode(m_db)),
                                      QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    // Finalises an uncached statement, or resets a cached one for the next use.
    const auto release = [this, stmt, sql, cached] {
        if (cached) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
        } else if (m_cache.size() < kMaxCached) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            m_cache.insert(sql, stmt);
        } else {
            sqlite3_finalize(stmt);
        }
    };
    for (int i = 0; i < params.size(); ++i) {
        const QVariant &v = params.at(i);
        const int idx = i + 1;
        if (v.isNull()) {
            sqlite3_bind_null(stmt, idx);
            continue;
        }
        switch (v.typeId()) {
        case QMetaType::Bool:
            sqlite3_bind_int64(stmt, idx, v.toBool() ? 1 : 0);
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Long:
        case QMetaType::ULong:
            sqlite3_bind_int64(stmt, idx, v.toLongLong());
            break;
        case QMetaType::Double:
            sqlite3_bind_double(stmt, idx, v.toDouble());
            break;
        default: {
            const QByteArray utf8 = v.toString().toUtf8();
            sqlite3_bind_text(stmt, idx, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        }
        }
    }
    SqlResult r;
    const int nc = sqlite3_column_count(stmt);
    for (int c = 0; c < nc; ++c)
        r.columns << QString::fromUtf8(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        std::vector<std::optional<QString>> row;
        row.reserve(size_t(nc));
        for (int c = 0; c < nc; ++c) {
            if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
            } else {
                const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(stmt, c));
                row.emplace_back(QString::fromUtf8(p, sqlite3_column_bytes(stmt, c)));
            }
        }
        r.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
        const int code = sqlite3_extended_errcode(m_db);
        const QString message = QString::fromUtf8(sqlite3_errmsg(m_db));
        release();
        return SqlResult::failure(classify(code), message);
    }
    r.affectedRows = nc > 0 ? r.rowCount() : sqlite3_changes(m_db);
    release();
    return r;
}

SqlResult SqliteConnection::execScript(const QString &sql)
{
    char *err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const QString message = err ? QString::fromUtf8(err) : QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_free(err);
        return SqlResult::failure(classify(sqlite3_extended_errcode(m_db)), message);
    }
    return {};
}

} // namespace Pasokh::Hub
