// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/extensiondirectory.h"

#include "models/core/digits.h"
#include "models/core/persiantext.h"
#include "models/core/uuid7.h"
#include "models/storage/storageerror.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace Pasokh::Storage {

namespace {
Core::Error invalid(const QString &message)
{
    return Core::Error{QStringLiteral("invalid"), message};
}
} // namespace

Core::Result<QString> ExtensionDirectory::cleanExtension(const QString &extension)
{
    const QString e = Core::Digits::toAscii(extension.trimmed());
    static const QRegularExpression dialable(QStringLiteral("^[0-9*#]{1,32}$"));
    static const QRegularExpression uri(QStringLiteral("^sips?:[^\\s<>\"]{1,200}$"));
    if (e.isEmpty())
        return invalid(QCoreApplication::translate("ExtensionDirectory", "Enter the extension."));
    if (!dialable.match(e).hasMatch() && !uri.match(e).hasMatch())
        return invalid(QCoreApplication::translate(
            "ExtensionDirectory", "An extension has only digits, * and #, or is a sip: address."));
    return e;
}

Core::Result<QList<ExtensionEntry>> ExtensionDirectory::search(const QSqlDatabase &db, const QString &query)
{
    QSqlQuery q(db);
    const QString key = Core::PersianText::searchKey(query);
    if (key.isEmpty()) {
        q.prepare(
            QStringLiteral("SELECT id, name, extension, unit_code, note FROM unit_extensions ORDER BY name"));
    } else {
        q.prepare(QStringLiteral("SELECT id, name, extension, unit_code, note FROM unit_extensions WHERE "
                                 "instr(search_key, ?) > 0 ORDER BY name"));
        q.addBindValue(key);
    }
    if (!q.exec())
        return storageError(q.lastError());
    QList<ExtensionEntry> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString()});
    return out;
}

Core::Result<ExtensionEntry> ExtensionDirectory::save(const QSqlDatabase &db, ExtensionEntry e)
{
    e.name = Core::PersianText::sanitized(e.name, 200).simplified();
    e.note = Core::PersianText::sanitized(e.note, 500).trimmed();
    if (e.name.isEmpty())
        return invalid(QCoreApplication::translate("ExtensionDirectory", "Enter the name of the unit."));
    const auto ext = cleanExtension(e.extension);
    if (!ext)
        return ext.error();
    e.extension = ext.value();
    const bool isNew = e.id.isEmpty();
    if (isNew)
        e.id = Core::Uuid7::generateString();
    QSqlQuery q(db);
    q.prepare(
        isNew ? QStringLiteral("INSERT INTO unit_extensions (name, extension, unit_code, note, search_key, "
                               "updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?)")
              : QStringLiteral("UPDATE unit_extensions SET name = ?, extension = ?, unit_code = ?, note = ?, "
                               "search_key = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(e.name);
    q.addBindValue(e.extension);
    q.addBindValue(e.unitCode.isEmpty() ? QVariant() : QVariant(e.unitCode));
    q.addBindValue(e.note.isEmpty() ? QVariant() : QVariant(e.note));
    q.addBindValue(
        Core::PersianText::searchKey(e.name + QLatin1Char(' ') + e.note + QLatin1Char(' ') + e.extension));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(e.id);
    if (!q.exec())
        return storageError(q.lastError());
    if (!isNew && q.numRowsAffected() == 0)
        return Core::Error{QStringLiteral("not_found"), QStringLiteral("no directory entry %1").arg(e.id)};
    return e;
}

Core::Status ExtensionDirectory::remove(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM unit_extensions WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    if (q.numRowsAffected() == 0)
        return Core::Status(
            Core::Error{QStringLiteral("not_found"), QStringLiteral("no directory entry %1").arg(id)});
    return {};
}

} // namespace Pasokh::Storage
