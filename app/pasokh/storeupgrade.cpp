// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/pasokh/storeupgrade.h"

#include "models/storage/database.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>

#include <memory>

namespace Pasokh::App {

Core::Status upgradeStoreWithNotice(const QString &dbPath)
{
    const auto stored = Storage::Database::storedSchemaVersion(dbPath);
    if (!stored || stored.value() == 0 || stored.value() >= Storage::Database::latestSchemaVersion())
        return {};

    QProgressDialog notice(QCoreApplication::translate(
                               "main", "Upgrading the local case store for this version of Pasokh.\nA "
                                       "backup copy is written first; with many cases this takes up to a "
                                       "minute. Please do not switch the computer off."),
                           QString(), 0, 0);
    notice.setWindowTitle(QCoreApplication::translate("main", "Upgrading the case store"));
    notice.setCancelButton(nullptr);
    notice.setWindowModality(Qt::ApplicationModal);
    notice.setMinimumDuration(0);

    // The connection lives and dies on the worker (QSqlDatabase connections are per thread); the console then
    // opens the upgraded store on the GUI thread with nothing left to migrate.
    Core::Status result;
    std::unique_ptr<QThread> worker(QThread::create([&dbPath, &result] {
        auto upgraded = Storage::Database::open(dbPath, QStringLiteral("pasokh-upgrade"));
        if (!upgraded)
            result = Core::Status(upgraded.error());
    }));
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    notice.show();
    worker->start();
    loop.exec();
    worker->wait();
    return result;
}

} // namespace Pasokh::App
