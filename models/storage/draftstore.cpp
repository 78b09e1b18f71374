// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/draftstore.h"

#include "models/storage/storageerror.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace Pasokh::Storage {

Core::Status DraftStore::save(const QSqlDatabase &db, const QString &slot, const QJsonObject &fields)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO drafts (slot, payload, saved_at) VALUES (?, ?, ?) "
        "ON CONFLICT (slot) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at"));
    q.addBindValue(slot);
    q.addBindValue(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    return {};
}

Core::Result<std::optional<Draft>> DraftStore::load(const QSqlDatabase &db, const QString &slot)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT payload, saved_at FROM drafts WHERE slot = ?"));
    q.addBindValue(slot);
    if (!q.exec())
        return storageError(q.lastError());
    if (!q.next())
        return std::optional<Draft>();
    const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8());
    return std::optional<Draft>(
        Draft{doc.object(), QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC)});
}

Core::Status DraftStore::clear(const QSqlDatabase &db, const QString &slot)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM drafts WHERE slot = ?"));
    q.addBindValue(slot);
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    return {};
}

} // namespace Pasokh::Storage
