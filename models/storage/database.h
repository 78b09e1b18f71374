// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace Pasokh::Storage {

class WalCheckpointer;

/// The console's SQLite store: one file, one writer connection owned by the thread that opened it.
/// Settings (DESIGN.md, notes/sync.md): WAL, synchronous=FULL, foreign_keys=ON, busy_timeout 5000 ms.
/// Migrations: resources/sql/NNNN_name.sql, embedded at :/pasokh/sql/, applied in order inside BEGIN
/// IMMEDIATE, each setting PRAGMA user_version = NNNN; before the first pending migration of an existing
/// store a consistent copy is written next to it with VACUUM INTO ("<file>.v<old>-<UTC
/// yyyyMMddTHHmmss>.bak"). A store whose user_version is newer than the app knows is refused
/// ("newer_schema"); a damaged file is reported ("corrupt"), never deleted. The writer's commits never run a
/// WAL checkpoint themselves: a WalCheckpointer thread does it (PASSIVE) once the WAL passes 1000 pages, and
/// journal_size_limit (64 MiB) bounds the WAL file kept after a reset.
class Database
{
public:
    /// Opens (creating if needed) the store at `path` and migrates it. `connectionName` must be unique in the
    /// process. `migrationsDir` is for tests; the product uses the embedded set. Errors: "newer_schema",
    /// "corrupt", "read_only", "disk_full", "locked", "migration", "database".
    static Core::Result<std::shared_ptr<Database>>
    open(const QString &path, const QString &connectionName,
         const QString &migrationsDir = QStringLiteral(":/pasokh/sql"));

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// The writer connection; use it only on the thread that called open().
    QSqlDatabase writer() const;
    /// Absolute path of the database file.
    QString path() const { return m_path; }
    /// The schema version after migration.
    int schemaVersion() const { return m_schemaVersion; }

    /// Opens a read connection with the same settings (query_only) for the calling thread under
    /// `connectionName`. Close it with closeConnection() on the same thread. Errors as open().
    static Core::Result<QSqlDatabase> openReader(const QString &path, const QString &connectionName);
    /// Closes and removes a connection made by openReader().
    static void closeConnection(const QString &connectionName);

    /// The highest migration number embedded in this build.
    static int latestSchemaVersion();

    /// The schema version (PRAGMA user_version) of the store at `path`, read without changing the file: 0
    /// when the file does not exist yet. Lets the console tell before open() that a migration (a backup copy
    /// of the whole store plus the upgrade steps: about 25 s for a million cases) is coming. Errors:
    /// "corrupt", "locked", "database".
    static Core::Result<int> storedSchemaVersion(const QString &path);

private:
    Database(QString path, QString connectionName, int version);
    static Core::Status configure(QSqlDatabase &db, bool readOnly);
    static Core::Status migrate(QSqlDatabase &db, const QString &path, const QString &migrationsDir,
                                int &version);

    QString m_path;
    QString m_connectionName;
    int m_schemaVersion = 0;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace Pasokh::Storage
