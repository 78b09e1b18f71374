// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QThread>
#include <functional>

namespace Pasokh::Storage {

/// Runs read queries on a worker thread with its own read connection (Database::openReader), so that searches
/// and lists never block the GUI thread (DESIGN.md, Processes and threads). Jobs run one at a time, in order.
/// The result is handed back on the thread that owns the ReadWorker, and only while `context` still exists.
class ReadWorker : public QObject
{
    Q_OBJECT
public:
    /// `dbPath`: the store file. The connection is opened on the worker thread at the first job.
    explicit ReadWorker(QString dbPath, QObject *parent = nullptr);
    /// Stops the thread after the running job; queued jobs are dropped.
    ~ReadWorker() override;

    /// Queues `query` (runs on the worker thread with the read connection; an invalid QSqlDatabase when the
    /// store cannot be opened) and calls `done` with its result on this object's thread, unless `context` was
    /// destroyed.
    template <typename R>
    void run(QObject *context, std::function<R(const QSqlDatabase &)> query, std::function<void(R)> done)
    {
        QPointer<QObject> guard(context);
        post([this, guard, query = std::move(query), done = std::move(done)](const QSqlDatabase &db) {
            R result = query(db);
            QMetaObject::invokeMethod(
                this,
                [guard, done, result = std::move(result)]() mutable {
                    if (guard)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        });
    }

private:
    void post(std::function<void(const QSqlDatabase &)> job);

    QString m_dbPath;
    QString m_connectionName;
    QThread m_thread;
    QObject *m_threadContext = nullptr; // lives in m_thread
};

} // namespace Pasokh::Storage
