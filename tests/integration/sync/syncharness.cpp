// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/sync/syncharness.h"

#include "models/sync/identityanchor.h"
#include "models/sync/tokenstore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTest>

namespace Pasokh::SyncTest {

SyncConsole::SyncConsole(const QString &name, int stationNo)
    : m_store(name + QStringLiteral("-writer")), m_anchor(std::make_shared<Sync::MemoryIdentityAnchor>()), m_name(name)
{
    if (m_store.ok())
        m_cases = std::make_unique<Storage::CaseStore>(m_store.db(), m_store.catalog(), stationNo,
                                                       QStringLiteral("op-it"));
}

SyncConsole::~SyncConsole()
{
    stopEngine();
}

QStringList SyncConsole::registerCases(int n)
{
    QStringList ids;
    for (int i = 0; i < n; ++i) {
        Core::CaseRecord c = Testing::TestStore::sampleCase();
        c.description += QStringLiteral(" شماره %1").arg(i + 1);
        auto saved = m_cases->registerCase(c);
        if (!saved) {
            qWarning() << "registerCase:" << saved.error().message;
            return ids;
        }
        ids << saved.value().id;
    }
    return ids;
}

QString SyncConsole::startEngine(const QString &hubUrl, const QString &stationId, const QString &user,
                                 const QString &password)
{
    Sync::SyncOptions o;
    o.hubUrl = QUrl(hubUrl);
    o.storePath = m_store.dbPath();
    o.connectionName = m_name + QStringLiteral("-sync");
    o.stationId = stationId;
    o.backoffBaseMs = 200;
    o.backoffCapMs = 2000;
    o.pollIntervalMs = 60000;
    o.requestTimeoutMs = 15000;
    m_engine = new Sync::SyncEngine(o, std::make_shared<Sync::MemoryTokenStore>(), m_anchor);
    m_engine->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    QObject::connect(m_engine, &Sync::SyncEngine::cycleFinished, &m_receiver, [this](bool clean) {
        if (clean)
            ++m_cleanCycles;
    });
    QObject::connect(m_engine, &Sync::SyncEngine::statusChanged, &m_receiver,
                     [this](const Sync::SyncStatus &s) { m_status = s; });
    bool loginOk = false;
    bool loginDone = false;
    QString loginError;
    QObject::connect(m_engine, &Sync::SyncEngine::loginFinished, &m_receiver,
                     [&](bool ok, const QString &code, const QString &message) {
                         loginDone = true;
                         loginOk = ok;
                         loginError = code + QLatin1Char(' ') + message;
                     });
    m_thread.start();
    m_cleanCycles = 0;
    QMetaObject::invokeMethod(m_engine, &Sync::SyncEngine::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_engine, [e = m_engine, user, password] { e->login(user, password); },
                              Qt::QueuedConnection);
    QDeadlineTimer deadline(20000);
    while (!loginDone && !deadline.hasExpired())
        QTest::qWait(20);
    QObject::disconnect(m_engine, &Sync::SyncEngine::loginFinished, &m_receiver, nullptr);
    if (!loginDone)
        return QStringLiteral("login timed out");
    return loginOk ? QString() : QStringLiteral("login failed: ") + loginError;
}

bool SyncConsole::waitClean(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_cleanCycles == 0 && !deadline.hasExpired())
        QTest::qWait(20);
    const bool clean = m_cleanCycles > 0;
    m_cleanCycles = 0;
    return clean;
}

void SyncConsole::kick()
{
    m_cleanCycles = 0;
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &Sync::SyncEngine::kick, Qt::QueuedConnection);
}

void SyncConsole::stopEngine()
{
    if (!m_engine)
        return;
    QMetaObject::invokeMethod(m_engine, &Sync::SyncEngine::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_engine = nullptr;
}

Sync::SyncStatus SyncConsole::lastStatus() const
{
    return m_status;
}

} // namespace Pasokh::SyncTest
