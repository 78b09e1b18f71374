// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/readworker.h"

#include "models/storage/database.h"

#include <QAtomicInt>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Pasokh::Storage {

namespace {
QAtomicInt g_workerCount;
}

ReadWorker::ReadWorker(QString dbPath, QObject *parent)
    : QObject(parent), m_dbPath(std::move(dbPath)),
      m_connectionName(QStringLiteral("pasokh-reader-%1").arg(g_workerCount.fetchAndAddRelaxed(1)))
{
    m_thread.setObjectName(QStringLiteral("pasokh-reader"));
    m_threadContext = new QObject;
    m_threadContext->moveToThread(&m_thread);
    const QString name = m_connectionName;
    // Runs on the worker thread just before it ends: the connection must be closed by its own thread.
    connect(
        &m_thread, &QThread::finished, m_threadContext, [name] { Database::closeConnection(name); },
        Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

ReadWorker::~ReadWorker()
{
    m_thread.quit();
    m_thread.wait();
}

void ReadWorker::post(std::function<void(const QSqlDatabase &)> job)
{
    const QString path = m_dbPath;
    const QString name = m_connectionName;
    QMetaObject::invokeMethod(
        m_threadContext,
        [job = std::move(job), path, name] {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (!db.isValid()) {
                auto opened = Database::openReader(path, name);
                if (opened)
                    db = opened.value();
                else
                    qCWarning(lcStorage) << "read connection failed:" << opened.error().message;
            }
            job(db);
        },
        Qt::QueuedConnection);
}

} // namespace Pasokh::Storage
