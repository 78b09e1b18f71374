// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/synccontroller.h"

namespace Pasokh::Sync {

SyncController::SyncController(SyncOptions options, std::shared_ptr<TokenStore> tokens,
                               std::shared_ptr<IdentityAnchor> anchor, QObject *parent)
    : QObject(parent), m_engine(new SyncEngine(std::move(options), std::move(tokens), std::move(anchor)))
{
    m_thread.setObjectName(QStringLiteral("pasokh-sync"));
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &SyncEngine::statusChanged, this, [this](const SyncStatus &s) {
        m_status = s;
        Q_EMIT statusChanged(s);
    });
    connect(m_engine, &SyncEngine::loginFinished, this, &SyncController::loginFinished);
    connect(m_engine, &SyncEngine::casesChanged, this, &SyncController::casesChanged);
    connect(m_engine, &SyncEngine::referenceDataChanged, this, &SyncController::referenceDataChanged);
    connect(m_engine, &SyncEngine::knowledgeBaseChanged, this, &SyncController::knowledgeBaseChanged);
    connect(m_engine, &SyncEngine::parkedItems, this, [this](const QList<ParkedItem> &items) {
        m_parked = items;
        Q_EMIT parkedItems(items);
    });
    m_thread.start();
    QMetaObject::invokeMethod(m_engine, &SyncEngine::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_engine, &SyncEngine::refreshParked, Qt::QueuedConnection);
}

SyncController::~SyncController()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SyncController::login(const QString &username, const QString &password)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, username, password] { e->login(username, password); }, Qt::QueuedConnection);
}

void SyncController::logout()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::logout, Qt::QueuedConnection);
}

void SyncController::kick()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::kick, Qt::QueuedConnection);
}

void SyncController::retryParked(const QList<qint64> &mutationIds)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, mutationIds] { e->retryParked(mutationIds); }, Qt::QueuedConnection);
}

void SyncController::refreshParked()
{
    QMetaObject::invokeMethod(m_engine, &SyncEngine::refreshParked, Qt::QueuedConnection);
}

} // namespace Pasokh::Sync
