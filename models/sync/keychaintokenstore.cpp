// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/keychaintokenstore.h"

#include "models/sync/synclog.h"

#include <qt6keychain/keychain.h>

#include <QThread>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace Pasokh::Sync {

namespace {
const QString kService = QStringLiteral("Pasokh hub");

/// What a finished (or timed-out) keychain job said.
struct JobOutcome
{
    bool finished = false;
    QKeychain::Error error = QKeychain::OtherError;
    QString errorString = QStringLiteral("the keychain did not answer within 5 s");
    QString text; ///< a read job's secret
};

/// The one thread on which every QtKeychain job of the process runs. QtKeychain queues jobs through a
/// process-wide executor object that lives on the thread of the first job and is tied to the jobs by queued
/// connections: jobs made on another thread later (a second sync engine, a test's own check) are deleted
/// while the executor still has events queued for them, which crashed in QtKeychain
/// (tests/integration/keychain); and an executor left on a finished thread never starts a job again. So
/// all jobs are made, run and deleted here, for the life of the process.
class KeychainThread
{
public:
    KeychainThread()
    {
        m_thread.setObjectName(QStringLiteral("pasokh-keychain"));
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    ~KeychainThread()
    {
        QMetaObject::invokeMethod(m_context, &QObject::deleteLater, Qt::QueuedConnection);
        m_thread.quit();
        m_thread.wait(5000);
    }
    QObject *context() const { return m_context; }

private:
    QThread m_thread;
    QObject *m_context = new QObject;
};

Q_GLOBAL_STATIC(KeychainThread, keychainThread)

// Makes a job with `make` on the keychain thread, runs it there (it deletes itself when it finishes, also
// after a timeout here: QtKeychain still has events queued for a job when it emits `finished`, so a job is
// never deleted by us) and waits at most 5 s for its answer. Never call it on the keychain thread.
JobOutcome runJob(std::function<QKeychain::Job *()> make)
{
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable done;
        JobOutcome outcome;
    };
    auto shared = std::make_shared<Shared>();
    QMetaObject::invokeMethod(
        keychainThread()->context(),
        [shared, make = std::move(make)] {
            QKeychain::Job *job = make();
            QObject::connect(job, &QKeychain::Job::finished, job, [shared](QKeychain::Job *finished) {
                const std::lock_guard lock(shared->mutex);
                shared->outcome.finished = true;
                shared->outcome.error = finished->error();
                shared->outcome.errorString = finished->errorString();
                if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
                    shared->outcome.text = read->textData();
                shared->done.notify_all();
            });
            job->setAutoDelete(true);
            job->setInsecureFallback(false);
            job->start();
        },
        Qt::QueuedConnection);
    std::unique_lock lock(shared->mutex);
    shared->done.wait_for(lock, std::chrono::seconds(5), [&] { return shared->outcome.finished; });
    return shared->outcome;
}
} // namespace

std::optional<QString> KeychainTokenStore::load(const QString &account)
{
    if (!m_available)
        return std::nullopt;
    const JobOutcome r = runJob([account] {
        auto *job = new QKeychain::ReadPasswordJob(kService);
        job->setKey(account);
        return job;
    });
    if (r.finished && r.error == QKeychain::NoError)
        return r.text;
    if (r.error == QKeychain::NoBackendAvailable || r.error == QKeychain::NotImplemented ||
        r.error == QKeychain::AccessDenied || r.error == QKeychain::OtherError) {
        qCInfo(lcSync) << "no usable keychain:" << r.errorString;
        m_available = false;
    }
    return std::nullopt;
}

bool KeychainTokenStore::save(const QString &account, const QString &refreshToken)
{
    if (!m_available)
        return false;
    const JobOutcome r = runJob([account, refreshToken] {
        auto *job = new QKeychain::WritePasswordJob(kService);
        job->setKey(account);
        job->setTextData(refreshToken);
        return job;
    });
    if (!r.finished || r.error != QKeychain::NoError) {
        qCInfo(lcSync) << "cannot store the refresh token in the keychain:" << r.errorString;
        m_available = false;
        return false;
    }
    return true;
}

void KeychainTokenStore::clear(const QString &account)
{
    if (!m_available)
        return;
    runJob([account] {
        auto *job = new QKeychain::DeletePasswordJob(kService);
        job->setKey(account);
        return job;
    });
}

} // namespace Pasokh::Sync
