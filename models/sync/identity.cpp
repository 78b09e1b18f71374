// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/identity.h"

#include "models/storage/storageerror.h"
#include "models/storage/transaction.h"
#include "models/sync/synclog.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Pasokh::Sync {

namespace {
QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

Core::Result<IdentityOutcome> Identity::ensure(const QSqlDatabase &db, const QString &storePath,
                                               IdentityAnchor &anchor)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT db_instance_id, last_acked_mutation_id, (SELECT count(*) FROM outbox "
                               "WHERE state = 'acked') FROM sync_state WHERE id = 1")))
        return Storage::storageError(q.lastError());
    if (!q.next()) {
        q.finish();
        const QString instance = newUuid();
        Storage::WriteTransaction tx(db);
        if (!tx.isActive())
            return tx.error();
        QSqlQuery ins(db);
        ins.prepare(QStringLiteral("INSERT INTO sync_state (id, client_id, db_instance_id, "
                                   "last_acked_mutation_id, mutation_offset) VALUES (1, ?, ?, 0, 0)"));
        ins.addBindValue(newUuid());
        ins.addBindValue(instance);
        if (!ins.exec())
            return Storage::storageError(ins.lastError());
        if (Core::Status s = tx.commit(); !s)
            return s.error();
        if (!anchor.setInstanceId(storePath, instance))
            return Core::Error{QStringLiteral("anchor"), QStringLiteral("Cannot record the store's identity")};
        return IdentityOutcome::Created;
    }
    const QString stored = q.value(0).toString();
    const bool talked = q.value(1).toLongLong() > 0 || q.value(2).toLongLong() > 0;
    q.finish();
    const auto recorded = anchor.instanceId(storePath);
    if (recorded && *recorded == stored)
        return IdentityOutcome::Same;
    if (!recorded && !talked) {
        if (!anchor.setInstanceId(storePath, stored))
            return Core::Error{QStringLiteral("anchor"), QStringLiteral("Cannot record the store's identity")};
        return IdentityOutcome::Adopted;
    }
    qCWarning(lcSync) << "the data folder belongs to another console or was restored from a backup "
                         "(db_instance_id mismatch): re-keying";
    if (Core::Status s = rekey(db, storePath, anchor); !s)
        return s.error();
    return IdentityOutcome::Rekeyed;
}

Core::Status Identity::rekey(const QSqlDatabase &db, const QString &storePath, IdentityAnchor &anchor,
                             qint64 skipThrough)
{
    const QString instance = newUuid();
    const QString client = newUuid();
    {
        Storage::WriteTransaction tx(db);
        if (!tx.isActive())
            return tx.error();
        QSqlQuery q(db);
        // Parked rows were never accepted by the new client either: they go out again (and will be parked
        // again if the hub still refuses them).
        qint64 offset = skipThrough;
        if (skipThrough < 0) {
            if (!q.exec(QStringLiteral("UPDATE outbox SET state = 'pending' WHERE state IN ('parked', 'inflight')")))
                return Storage::storageError(q.lastError());
            if (!q.exec(QStringLiteral("SELECT coalesce((SELECT min(mutation_id) FROM outbox WHERE state <> "
                                       "'acked'), (SELECT coalesce(max(mutation_id), 0) + 1 FROM outbox))")) ||
                !q.next())
                return Storage::storageError(q.lastError());
            offset = q.value(0).toLongLong() - 1;
            q.finish();
        }
        // Wire ids must be contiguous for the new client: everything above the offset goes out again.
        QSqlQuery again(db);
        again.prepare(QStringLiteral("UPDATE outbox SET state = 'pending', acked_at = NULL WHERE mutation_id > ?"));
        again.addBindValue(offset);
        if (!again.exec())
            return Storage::storageError(again.lastError());
        if (!q.exec(QStringLiteral("UPDATE cases SET has_pending = 1 WHERE id IN (SELECT entity_id FROM outbox "
                                   "WHERE state = 'pending')")))
            return Storage::storageError(q.lastError());
        QSqlQuery up(db);
        up.prepare(QStringLiteral("UPDATE sync_state SET client_id = ?, db_instance_id = ?, "
                                  "last_acked_mutation_id = 0, mutation_offset = ? WHERE id = 1"));
        up.addBindValue(client);
        up.addBindValue(instance);
        up.addBindValue(offset);
        if (!up.exec())
            return Storage::storageError(up.lastError());
        if (Core::Status s = tx.commit(); !s)
            return s;
    }
    if (!anchor.setInstanceId(storePath, instance))
        return Core::Error{QStringLiteral("anchor"), QStringLiteral("Cannot record the store's identity")};
    qCInfo(lcSync) << "new client_id after re-key";
    return {};
}

} // namespace Pasokh::Sync
