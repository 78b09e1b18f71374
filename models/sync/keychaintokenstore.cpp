// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/keychaintokenstore.h"

#include "models/sync/synclog.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

namespace Pasokh::Sync {

namespace {
const QString kService = QStringLiteral("Pasokh hub");

// Runs a keychain job to completion (or 5 s) on this thread. Returns the job's error.
QKeychain::Error runJob(QKeychain::Job &job)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    return finished ? job.error() : QKeychain::OtherError;
}
} // namespace

std::optional<QString> KeychainTokenStore::load(const QString &account)
{
    if (!m_available)
        return std::nullopt;
    QKeychain::ReadPasswordJob job(kService);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    const QKeychain::Error e = runJob(job);
    if (e == QKeychain::NoError)
        return job.textData();
    if (e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented || e == QKeychain::AccessDenied ||
        e == QKeychain::OtherError) {
        qCInfo(lcSync) << "no usable keychain:" << job.errorString();
        m_available = false;
    }
    return std::nullopt;
}

bool KeychainTokenStore::save(const QString &account, const QString &refreshToken)
{
    if (!m_available)
        return false;
    QKeychain::WritePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    job.setTextData(refreshToken);
    if (runJob(job) != QKeychain::NoError) {
        qCInfo(lcSync) << "cannot store the refresh token in the keychain:" << job.errorString();
        m_available = false;
        return false;
    }
    return true;
}

void KeychainTokenStore::clear(const QString &account)
{
    if (!m_available)
        return;
    QKeychain::DeletePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    runJob(job);
}

} // namespace Pasokh::Sync
