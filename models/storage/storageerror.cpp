// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/storageerror.h"

#include <QCoreApplication>

namespace Pasokh::Storage {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("StorageError", text);
}
} // namespace

Core::Error storageError(int sqliteCode, const QString &detail)
{
    switch (sqliteCode & 0xFF) {
    case 13:
        return {QStringLiteral("disk_full"),
                tr("The disk is full. Nothing was lost: free some space and save again.")};
    case 3:
    case 8:
    case 14:
        return {QStringLiteral("read_only"), tr("The data folder cannot be written. Nothing was lost: ask IT "
                                                "to check the folder's permissions.")};
    case 5:
    case 6:
        return {QStringLiteral("locked"),
                tr("The database is busy in another program. Nothing was lost: try again in a moment.")};
    case 11:
    case 26:
        return {QStringLiteral("corrupt"), tr("The database file is damaged. It has not been changed; call "
                                              "IT to restore it from a backup.")};
    case 19:
        return {QStringLiteral("constraint"), tr("The data breaks a rule of the database: %1").arg(detail)};
    case 10:
        return {QStringLiteral("io"),
                tr("The disk reported a read or write error. Nothing was lost: call IT.")};
    default:
        return {QStringLiteral("database"), tr("Database error: %1").arg(detail)};
    }
}

Core::Error storageError(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return storageError(ok ? code : 1, detail);
}

} // namespace Pasokh::Storage
