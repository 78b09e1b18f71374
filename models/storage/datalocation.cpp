// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/datalocation.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace Pasokh::Storage {

QString storeFileName()
{
    return QStringLiteral("pasokh.sqlite");
}

QString defaultDataDir()
{
    // AppDataLocation is derived from the application's organisation and name; pasokhctl must find the
    // console's folder, so the console's names are set while the location is computed, then restored.
    const QString organisation = QCoreApplication::organizationName();
    const QString application = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(QStringLiteral("Mashhad Municipality"));
    QCoreApplication::setApplicationName(QStringLiteral("Pasokh"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCoreApplication::setOrganizationName(organisation);
    QCoreApplication::setApplicationName(application);
    return dir;
}

QString storePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(storeFileName());
}

} // namespace Pasokh::Storage
