// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/instancelock.h"

#include <QCoreApplication>
#include <QDir>

namespace Pasokh::Storage {

Core::Result<std::shared_ptr<InstanceLock>> InstanceLock::acquire(const QString &dataDir)
{
    auto file = std::make_unique<QLockFile>(QDir(dataDir).filePath(QStringLiteral("pasokh.lock")));
    file->setStaleLockTime(0); // never time out a live owner; stale = owner process gone
    if (file->tryLock(0))
        return std::shared_ptr<InstanceLock>(new InstanceLock(std::move(file)));
    if (file->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        file->getLockInfo(&pid, &host, &app);
        return Core::Error{QStringLiteral("already_running"),
                           QCoreApplication::translate(
                               "InstanceLock", "Another Pasokh (process %1) is already using this data "
                                               "folder. Close it first; nothing was changed.")
                               .arg(pid)};
    }
    return Core::Error{QStringLiteral("read_only"),
                       QCoreApplication::translate(
                           "InstanceLock", "The data folder %1 cannot be written. Ask IT to check its "
                                           "permissions.")
                           .arg(QDir::toNativeSeparators(dataDir))};
}

} // namespace Pasokh::Storage
