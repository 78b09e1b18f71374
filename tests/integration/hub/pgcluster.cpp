// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/hub/pgcluster.h"

#include "tests/integration/hub/hubprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Pasokh::HubTest {

PgCluster::PgCluster() = default;

PgCluster::~PgCluster()
{
    stop();
}

QString PgCluster::binary(const QString &name) const
{
    return m_binDir + QLatin1Char('/') + name;
}

bool PgCluster::runAsOwner(const QString &program, const QStringList &args, QString *output, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir->path());
    if (m_asRoot)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} +
                    args);
    else
        p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        if (output)
            *output = QStringLiteral("timeout: ") + QString::fromLocal8Bit(p.readAll());
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

QString PgCluster::start()
{
    const QStringList versions =
        QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &v : versions) {
        if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/initdb").arg(v)))
            m_binDir = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
    }
    if (m_binDir.isEmpty())
        return QStringLiteral(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (install postgresql)");
    m_asRoot = ::geteuid() == 0;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pasokh-pg-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary folder");
    m_dataDir = m_dir->path() + QStringLiteral("/data");
    m_socketDir = m_dir->path();
    if (m_asRoot) {
        const passwd *pw = ::getpwnam("postgres");
        if (!pw)
            return QStringLiteral("running as root but there is no 'postgres' user to run the cluster");
        if (::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return QStringLiteral("cannot hand the temporary folder to the postgres user");
    }
    QString out;
    if (!runAsOwner(binary(QStringLiteral("initdb")),
                    {QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"), QStringLiteral("hubtest"),
                     QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                     QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
                    &out))
        return QStringLiteral("initdb failed: ") + out;
    m_port = HubProcess::freePort();
    return launch();
}

QString PgCluster::launch()
{
    QString out;
    const QStringList pgArgs = {QStringLiteral("-D"), m_dataDir,
                                QStringLiteral("-p"), QString::number(m_port),
                                QStringLiteral("-k"), m_socketDir,
                                QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1"),
                                QStringLiteral("-c"), QStringLiteral("fsync=off"),
                                QStringLiteral("-c"), QStringLiteral("max_connections=300"),
                                QStringLiteral("-c"), QStringLiteral("logging_collector=off")};
    const QString logFile = m_dir->path() + QStringLiteral("/postgres.log");
    // pg_ctl daemonises the postmaster; we then read its PID from postmaster.pid and stop it by PID.
    if (!runAsOwner(binary(QStringLiteral("pg_ctl")),
                    {QStringLiteral("-D"), m_dataDir, QStringLiteral("-l"), logFile, QStringLiteral("-w"),
                     QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                     pgArgs.mid(2).join(QLatin1Char(' ')), QStringLiteral("start")},
                    &out))
        return QStringLiteral("pg_ctl start failed: ") + out;
    QFile pidFile(m_dataDir + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return QStringLiteral("postmaster.pid missing");
    m_pid = pidFile.readLine().trimmed().toLongLong();
    if (m_pid <= 0)
        return QStringLiteral("cannot read the postmaster PID");
    return {};
}

QString PgCluster::restart()
{
    stop();
    return launch();
}

QString PgCluster::psql(const QString &database, const QString &sql, bool *ok)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(binary(QStringLiteral("psql")),
            {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
             QStringLiteral("-U"), QStringLiteral("hubtest"), QStringLiteral("-d"), database,
             QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-qAtc"), sql});
    const bool finished = p.waitForFinished(120000);
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (ok)
        *ok = finished && p.exitCode() == 0;
    return out.trimmed();
}

QString PgCluster::createDatabase(const QString &name, QString *error)
{
    bool ok = false;
    const QString out = psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(name), &ok);
    if (!ok) {
        if (error)
            *error = out;
        return {};
    }
    return QStringLiteral("postgresql://hubtest@127.0.0.1:%1/%2").arg(m_port).arg(name);
}

void PgCluster::stop()
{
    if (m_pid <= 0)
        return;
    // SIGINT = PostgreSQL's "fast" shutdown. The postmaster is not our child (pg_ctl daemonised it), so wait
    // for it to remove postmaster.pid, or to be gone/a zombie, before giving up with SIGKILL.
    ::kill(pid_t(m_pid), SIGINT);
    auto running = [this] {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(m_pid));
        if (!stat.open(QIODevice::ReadOnly))
            return false;
        const QByteArray s = stat.readAll();
        const qsizetype close = s.lastIndexOf(')');
        const bool zombie = close > 0 && s.size() > close + 2 && s.at(close + 2) == 'Z';
        return !zombie && QFile::exists(m_dataDir + QStringLiteral("/postmaster.pid"));
    };
    for (int i = 0; i < 200 && running(); ++i)
        QThread::msleep(50);
    if (running())
        ::kill(pid_t(m_pid), SIGKILL);
    m_pid = 0;
}

} // namespace Pasokh::HubTest
