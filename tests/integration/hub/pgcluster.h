// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Pasokh::HubTest {

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder, `postgres` on a free port on
/// 127.0.0.1 (no Unix socket in shared places), trust authentication for the test role, fsync off. When the
/// test runs as root (CI), the cluster runs as the `postgres` system user through `runuser`. Stopped by the
/// postmaster's PID (SIGTERM, then SIGKILL) in the destructor.
class PgCluster
{
public:
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    /// Creates and starts the cluster. Returns an error message, empty on success.
    QString start();
    /// Creates a database; returns its libpq URL (postgresql://hubtest@127.0.0.1:PORT/NAME), empty on
    /// failure.
    QString createDatabase(const QString &name, QString *error = nullptr);
    /// Runs SQL through psql on a database; returns psql's stdout, sets `ok`.
    QString psql(const QString &database, const QString &sql, bool *ok = nullptr);
    /// Stops the postmaster (by PID). Safe to call twice.
    void stop();
    /// Stops and starts the cluster again on the same port and data (a database outage). Returns an error
    /// message.
    QString restart();
    int port() const { return m_port; }
    /// PID of the postmaster (0 when stopped); its children are the server processes.
    qint64 pid() const { return m_pid; }

private:
    QString launch();
    QString binary(const QString &name) const;
    bool runAsOwner(const QString &program, const QStringList &args, QString *output, int timeoutMs = 120000);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_dataDir;
    QString m_socketDir;
    int m_port = 0;
    qint64 m_pid = 0;
    bool m_asRoot = false;
};

} // namespace Pasokh::HubTest
