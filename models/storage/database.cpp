// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/database.h"

#include "models/storage/storageerror.h"
#include "models/storage/walcheckpointer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMap>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStorage, "pasokh.storage")

namespace Pasokh::Storage {

using Core::Error;
using Core::Result;
using Core::Status;

namespace {

// Embedded migrations by number.
QMap<int, QString> migrationFiles(const QString &path = QStringLiteral(":/pasokh/sql"))
{
    QMap<int, QString> files;
    const QDir dir(path);
    for (const QString &name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        bool ok = false;
        const int number = name.left(4).toInt(&ok);
        if (ok && number > 0)
            files.insert(number, dir.filePath(name));
    }
    return files;
}

sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.data());
}

// Runs a multi-statement script with sqlite3_exec (QSqlQuery runs one statement at a time).
Status execScript(const QSqlDatabase &db, const QByteArray &sql)
{
    sqlite3 *h = handleOf(db);
    if (!h)
        return Status::failure(QStringLiteral("database"), QStringLiteral("no SQLite handle"));
    char *message = nullptr;
    const int rc = sqlite3_exec(h, sql.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const QString detail = QString::fromUtf8(message ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        return Status(storageError(sqlite3_extended_errcode(h), detail));
    }
    return {};
}

Status exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return Status(storageError(q.lastError()));
    return {};
}

Result<int> userVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return Result<int>(storageError(q.lastError()));
    const int v = q.value(0).toInt();
    q.finish();
    return v;
}

} // namespace

Database::Database(QString path, QString connectionName, int version)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName)), m_schemaVersion(version)
{
}

Database::~Database()
{
    // The hook goes first and the checkpoint thread next, so the writer's close runs the final checkpoint.
    if (sqlite3 *h = handleOf(writer()))
        sqlite3_wal_hook(h, nullptr, nullptr);
    m_checkpointer.reset();
    closeConnection(m_connectionName);
}

QSqlDatabase Database::writer() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::latestSchemaVersion()
{
    const auto files = migrationFiles();
    return files.isEmpty() ? 0 : files.lastKey();
}

Status Database::configure(QSqlDatabase &db, bool readOnly)
{
    // The first statement reads the header: a file that is not a database fails here.
    {
        QSqlQuery probe(db);
        if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")))
            return Status(storageError(probe.lastError()));
    }
    const QStringList pragmas = {
        QStringLiteral("PRAGMA busy_timeout = 5000"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA synchronous = FULL"),
        // Statement journals of the full-text triggers stay in memory instead of a file in /var/tmp per
        // insert.
        QStringLiteral("PRAGMA temp_store = MEMORY"),
    };
    for (const QString &p : pragmas) {
        if (Status s = exec(db, p); !s)
            return s;
    }
    if (readOnly)
        return exec(db, QStringLiteral("PRAGMA query_only = ON"));
    QSqlQuery wal(db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !wal.next())
        return Status(storageError(wal.lastError()));
    const QString mode = wal.value(0).toString();
    wal.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return Status::failure(
            QStringLiteral("database"),
            QCoreApplication::translate("StorageError", "The database could not switch to WAL mode."));
    return {};
}

Status Database::migrate(QSqlDatabase &db, const QString &path, const QString &migrationsDir, int &version)
{
    auto current = userVersion(db);
    if (!current)
        return Status(current.error());
    version = current.value();
    const auto files = migrationFiles(migrationsDir);
    const int latest = files.isEmpty() ? 0 : files.lastKey();
    if (version > latest)
        return Status::failure(QStringLiteral("newer_schema"),
                               QCoreApplication::translate(
                                   "StorageError",
                                   "This database was written by a newer version of Pasokh (schema %1; this "
                                   "version knows %2). Install the newer version; the file was not changed.")
                                   .arg(version)
                                   .arg(latest));
    if (version == latest)
        return {};

    if (version > 0) {
        const QString backup =
            QStringLiteral("%1.v%2-%3.bak")
                .arg(path)
                .arg(version)
                .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss")));
        QSqlQuery q(db);
        q.prepare(QStringLiteral("VACUUM INTO ?"));
        q.addBindValue(backup);
        if (!q.exec())
            return Status(storageError(q.lastError()));
        qCInfo(lcStorage) << "backup before migration written to" << backup;
    }

    for (auto it = files.upperBound(version); it != files.end(); ++it) {
        QFile f(it.value());
        if (!f.open(QIODevice::ReadOnly))
            return Status::failure(QStringLiteral("migration"),
                                   QStringLiteral("cannot read %1").arg(it.value()));
        const QByteArray script = "BEGIN IMMEDIATE;\n" + f.readAll() +
                                  "\nPRAGMA user_version = " + QByteArray::number(it.key()) + ";\nCOMMIT;";
        if (Status s = execScript(db, script); !s) {
            execScript(db, "ROLLBACK");
            return Status::failure(
                s.error().code == QLatin1String("database") ? QStringLiteral("migration") : s.error().code,
                QCoreApplication::translate("StorageError", "Upgrading the database failed at "
                                                            "step %1: %2")
                    .arg(it.key())
                    .arg(s.error().message));
        }
        version = it.key();
        qCInfo(lcStorage) << "migrated to schema" << version;
    }
    return {};
}

Result<std::shared_ptr<Database>> Database::open(const QString &path, const QString &connectionName,
                                                 const QString &migrationsDir)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(absolute);
        if (!db.open()) {
            const Error e = storageError(db.lastError());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return e;
        }
        Status s = configure(db, false);
        int version = 0;
        if (s)
            s = migrate(db, absolute, migrationsDir, version);
        if (!s) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return s.error();
        }
        // A WAL file kept after a reset is reused (cheaper commits than growing a new one) but bounded.
        if (Status limit = exec(db, QStringLiteral("PRAGMA journal_size_limit = 67108864")); !limit) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return limit.error();
        }
        std::shared_ptr<Database> opened(new Database(absolute, connectionName, version));
        opened->m_checkpointer = std::make_unique<WalCheckpointer>(absolute);
        opened->m_checkpointer->attach(handleOf(db));
        return opened;
    }
}

Result<int> Database::storedSchemaVersion(const QString &path)
{
    if (!QFileInfo::exists(path))
        return 0;
    const QString name = QStringLiteral("pasokh-version-probe-%1").arg(quintptr(QThread::currentThreadId()));
    int version = 0;
    Error failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            failure = storageError(db.lastError());
        } else {
            const auto v = userVersion(db);
            if (v)
                version = v.value();
            else
                failure = v.error();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!failure.code.isEmpty())
        return failure;
    return version;
}

Result<QSqlDatabase> Database::openReader(const QString &path, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    if (!db.open()) {
        const Error e = storageError(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return e;
    }
    if (Status s = configure(db, true); !s) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return s.error();
    }
    return db;
}

void Database::closeConnection(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace Pasokh::Storage
