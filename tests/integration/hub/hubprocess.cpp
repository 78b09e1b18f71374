// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/hub/hubprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

#include <csignal>

namespace Pasokh::HubTest {

HubProcess::HubProcess(QString databaseUrl, QStringList extraArgs)
    : m_databaseUrl(std::move(databaseUrl)), m_extraArgs(std::move(extraArgs))
{
    m_portFile =
        QDir::tempPath() + QStringLiteral("/pasokh-hub-port-") + QUuid::createUuid().toString(QUuid::Id128);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

HubProcess::~HubProcess()
{
    stop();
    QFile::remove(m_portFile);
}

QString HubProcess::binary()
{
    // PASOKH_HUB_BINARY in the environment runs another build (e.g. a before/after benchmark).
    return qEnvironmentVariable("PASOKH_HUB_BINARY", QStringLiteral(PASOKH_HUB_BINARY));
}

int HubProcess::freePort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        return 0;
    return s.serverPort();
}

QString HubProcess::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QString HubProcess::output()
{
    m_output += m_process.readAll();
    return QString::fromLocal8Bit(m_output);
}

QString HubProcess::start()
{
    QFile::remove(m_portFile);
    QStringList args = {QStringLiteral("--listen"),       QStringLiteral("127.0.0.1:0"),
                        QStringLiteral("--db"),           m_databaseUrl,
                        QStringLiteral("--port-file"),    m_portFile,
                        QStringLiteral("--no-access-log")};
    // Every test client logs in from 127.0.0.1, so the per-address login limit is lifted here; a test of the
    // limit passes its own --login-rate/--login-burst (the last value given wins).
    args << QStringLiteral("--login-rate") << QStringLiteral("60000") << QStringLiteral("--login-burst")
         << QStringLiteral("10000");
    args += m_extraArgs;
    m_process.start(binary(), args);
    if (!m_process.waitForStarted(10000))
        return QStringLiteral("cannot start %1").arg(binary());
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        if (m_process.state() != QProcess::Running)
            return QStringLiteral("the hub exited: ") + output();
        QFile f(m_portFile);
        if (f.open(QIODevice::ReadOnly)) {
            m_port = f.readAll().trimmed().toInt();
            if (m_port > 0)
                return {};
        }
        m_process.waitForReadyRead(20);
        output();
    }
    return QStringLiteral("the hub did not start listening: ") + output();
}

int HubProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    output();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void HubProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

QString HubProcess::admin(const QString &databaseUrl, const QStringList &args, bool *ok)
{
    QProcess p;
    p.start(binary(), QStringList{QStringLiteral("admin"), QStringLiteral("--db"), databaseUrl} + args);
    const bool finished = p.waitForFinished(60000);
    if (ok)
        *ok = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed() +
           QString::fromUtf8(p.readAllStandardError()).trimmed();
}

} // namespace Pasokh::HubTest
