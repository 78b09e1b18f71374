// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/storageerror.h"

#include <QCoreApplication>

namespace Pasokh::Storage {

Core::Error storageError(int sqliteCode, const QString &detail)
{
    switch (sqliteCode & 0xFF) {
    case 13:
        return {QStringLiteral("disk_full"),
                QCoreApplication::translate(
                    "StorageError", "The disk is full. Nothing was lost: free some space and save again.")};
    case 3:
    case 8:
    case 14:
        return {QStringLiteral("read_only"),
                QCoreApplication::translate("StorageError",
                                            "The data folder cannot be written. Nothing was lost: ask IT "
                                            "to check the folder's permissions.")};
    case 5:
    case 6:
        return {QStringLiteral("locked"),
                QCoreApplication::translate(
                    "StorageError",
                    "The database is busy in another program. Nothing was lost: try again in a moment.")};
    case 11:
    case 26:
        return {QStringLiteral("corrupt"),
                QCoreApplication::translate("StorageError",
                                            "The database file is damaged. It has not been changed; call "
                                            "IT to restore it from a backup.")};
    case 19:
        return {QStringLiteral("constraint"),
                QCoreApplication::translate("StorageError", "The data breaks a rule of the database: %1")
                    .arg(detail)};
    case 10:
        return {QStringLiteral("io"),
                QCoreApplication::translate(
                    "StorageError", "The disk reported a read or write error. Nothing was lost: call IT.")};
    default:
        return {QStringLiteral("database"),
                QCoreApplication::translate("StorageError", "Database error: %1").arg(detail)};
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
