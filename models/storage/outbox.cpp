// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/outbox.h"

#include "models/storage/storageerror.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace Pasokh::Storage {

Core::Result<qint64> Outbox::enqueue(const QSqlDatabase &db, const QString &entity, const QString &entityId,
                                     const QString &op, const QJsonObject &payload)
{
    const QByteArray bytes = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO outbox (entity, entity_id, op, payload, payload_sha256, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(entity);
    q.addBindValue(entityId);
    q.addBindValue(op);
    q.addBindValue(QString::fromUtf8(bytes));
    q.addBindValue(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return storageError(q.lastError());
    return q.lastInsertId().toLongLong();
}

Core::Result<OutboxCounts> Outbox::counts(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state")))
        return storageError(q.lastError());
    OutboxCounts c;
    while (q.next()) {
        const QString state = q.value(0).toString();
        const int n = q.value(1).toInt();
        if (state == QLatin1String("pending") || state == QLatin1String("inflight"))
            c.pending += n;
        else if (state == QLatin1String("parked"))
            c.parked = n;
        else if (state == QLatin1String("acked"))
            c.acked = n;
    }
    return c;
}

} // namespace Pasokh::Storage
