// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/syncstore.h"

#include "models/core/persiantext.h"
#include "models/kb/kbrepository.h"
#include "models/storage/storageerror.h"
#include "models/storage/transaction.h"
#include "models/sync/synclog.h"
#include "models/sync/wireformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

namespace Pasokh::Sync {

using Core::Error;
using Core::Result;
using Core::Status;
using Storage::storageError;
using Storage::WriteTransaction;

namespace {

constexpr int kSchemaVersion = 1; // the hub's push schema_version (server/syncservice.h)

QVariant nullable(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return QVariant();
    if (v.isString())
        return v.toString().isEmpty() ? QVariant() : QVariant(v.toString());
    return v.toVariant();
}

QVariant isoToMs(const QJsonValue &v)
{
    if (!v.isString())
        return QVariant();
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

Error sqlError(const QSqlQuery &q)
{
    return storageError(q.lastError());
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

SyncStore::SyncStore(QSqlDatabase db) : m_db(std::move(db)) {}

SyncStore::~SyncStore() = default;

QSqlQuery &SyncStore::prepared(const char *key, const QString &sql) const
{
    auto &slot = m_statements[key];
    if (!slot) {
        slot = std::make_unique<QSqlQuery>(m_db);
        slot->prepare(sql);
    }
    return *slot;
}

Result<SyncStateRow> SyncStore::state() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT client_id, db_instance_id, last_acked_mutation_id, mutation_offset, "
                               "pull_cursor, server_epoch, last_sync_at, last_pull_at FROM sync_state "
                               "WHERE id = 1")))
        return sqlError(q);
    if (!q.next())
        return Error{QStringLiteral("no_state"), QStringLiteral("sync_state has no row")};
    SyncStateRow s;
    s.clientId = q.value(0).toString();
    s.dbInstanceId = q.value(1).toString();
    s.lastAckedWireId = q.value(2).toLongLong();
    s.mutationOffset = q.value(3).toLongLong();
    s.pullCursor = q.value(4).toString();
    s.serverEpoch = q.value(5).toString();
    s.lastSyncAt = q.value(6).toLongLong();
    s.lastPullAt = q.value(7).toLongLong();
    return s;
}

Result<PushBatch> SyncStore::nextBatch(const SyncStateRow &s, int maxMutations, qint64 maxBytes) const
{
    PushBatch b;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT mutation_id, entity, entity_id, op, payload, state FROM outbox "
                             "WHERE state IN ('pending', 'inflight') ORDER BY mutation_id LIMIT ?"));
    q.addBindValue(qMax(1, maxMutations));
    if (!q.exec())
        return sqlError(q);
    QJsonArray mutations;
    QSet<QString> entities;
    qint64 bytes = 128; // envelope
    QSqlQuery version(m_db);
    version.prepare(QStringLiteral("SELECT server_version FROM cases WHERE id = ?"));
    while (q.next()) {
        OutboxRow r;
        r.mutationId = q.value(0).toLongLong();
        r.entity = q.value(1).toString();
        r.entityId = q.value(2).toString();
        r.op = q.value(3).toString();
        r.payload = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
        r.state = q.value(5).toString();
        if (r.op == QLatin1String("amend") && entities.contains(r.entityId))
            break; // its base_server_version depends on the answer to the earlier mutation
        QJsonObject m{{QStringLiteral("mutation_id"), r.mutationId - s.mutationOffset},
                      {QStringLiteral("entity"), r.entity},
                      {QStringLiteral("entity_id"), r.entityId},
                      {QStringLiteral("op"), r.op},
                      {QStringLiteral("payload"), WireFormat::hubPayload(r.op, r.payload)}};
        const QString requested = r.payload.value(QStringLiteral("requested_datetime")).toString();
        if (!requested.isEmpty())
            m.insert(QStringLiteral("client_ts"), requested);
        if (r.op == QLatin1String("amend")) {
            version.addBindValue(r.entityId);
            if (!version.exec())
                return sqlError(version);
            m.insert(QStringLiteral("base_server_version"),
                     version.next() ? version.value(0).toLongLong() : 0);
            version.finish();
        }
        const qint64 size = QJsonDocument(m).toJson(QJsonDocument::Compact).size() + 1;
        if (!b.rows.isEmpty() && bytes + size > maxBytes)
            break;
        bytes += size;
        mutations.append(m);
        entities.insert(r.entityId);
        b.rows.append(r);
    }
    if (b.rows.isEmpty())
        return b;
    b.firstWire = b.rows.first().mutationId - s.mutationOffset;
    b.lastWire = b.rows.last().mutationId - s.mutationOffset;
    b.body = QJsonObject{{QStringLiteral("client_id"), s.clientId},
                         {QStringLiteral("schema_version"), kSchemaVersion},
                         {QStringLiteral("mutations"), mutations}};
    b.idempotencyKey = QStringLiteral("%1:%2-%3").arg(s.clientId).arg(b.firstWire).arg(b.lastWire);
    b.bytes = bytes;
    return b;
}

bool SyncStore::casePending(const QString &caseId, bool *exists) const
{
    QSqlQuery &q =
        prepared("pending", QStringLiteral("SELECT has_pending, EXISTS (SELECT 1 FROM outbox WHERE "
                                           "entity_id = ? AND state IN ('pending', 'inflight')) FROM "
                                           "cases WHERE id = ?"));
    q.addBindValue(caseId);
    q.addBindValue(caseId);
    if (!q.exec() || !q.next()) {
        q.finish();
        if (exists)
            *exists = false;
        return false;
    }
    if (exists)
        *exists = true;
    const bool pending = q.value(0).toInt() != 0 || q.value(1).toInt() != 0;
    q.finish();
    return pending;
}

Result<PushOutcome> SyncStore::applyPushAnswer(const PushBatch &batch, const QJsonObject &answer)
{
    PushOutcome out;
    const auto st = state();
    if (!st)
        return st.error();
    const qint64 offset = st.value().mutationOffset;
    QHash<qint64, QJsonObject> results;
    for (const QJsonValue &v : answer.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        results.insert(r.value(QStringLiteral("mutation_id")).toInteger(), r);
    }
    WriteTransaction tx(m_db);
    if (!tx.isActive())
        return tx.error();
    const qint64 now = nowMs();
    QSqlQuery ack(m_db);
    ack.prepare(QStringLiteral("UPDATE outbox SET state = 'acked', acked_at = ?, attempts = attempts + 1, "
                               "last_error = NULL WHERE mutation_id = ?"));
    QSqlQuery parkQ(m_db);
    parkQ.prepare(
        QStringLiteral("UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ? "
                       "WHERE mutation_id = ?"));
    QSqlQuery version(m_db);
    version.prepare(QStringLiteral(
        "UPDATE cases SET server_version = max(server_version, ?), status = CASE WHEN status = 'registered' "
        "THEN 'submitted' ELSE status END WHERE id = ?"));
    QSqlQuery defer(m_db);
    defer.prepare(QStringLiteral(
        "INSERT INTO sync_deferred (case_id, server_version, fields) VALUES (?, ?, ?) ON CONFLICT (case_id) "
        "DO UPDATE SET server_version = excluded.server_version, fields = excluded.fields WHERE "
        "excluded.server_version >= sync_deferred.server_version"));
    QStringList touched;
    qint64 maxAcked = 0;
    for (const OutboxRow &row : batch.rows) {
        const qint64 wire = row.mutationId - offset;
        const auto it = results.constFind(wire);
        if (it == results.constEnd()) {
            ++out.unknown;
            continue;
        }
        const QJsonObject r = *it;
        const QString status = r.value(QStringLiteral("status")).toString();
        const QString original = r.value(QStringLiteral("original_status")).toString();
        const bool rejected = status == QLatin1String("rejected") ||
                              (status == QLatin1String("duplicate") && original == QLatin1String("rejected"));
        touched << row.entityId;
        maxAcked = qMax(maxAcked, wire);
        if (!rejected && (status == QLatin1String("applied") || status == QLatin1String("duplicate"))) {
            ack.addBindValue(now);
            ack.addBindValue(row.mutationId);
            if (!ack.exec())
                return sqlError(ack);
            ++out.acked;
            const QJsonValue sv = r.value(QStringLiteral("server_version"));
            if (row.entity == QLatin1String("case") && sv.isDouble()) {
                version.addBindValue(sv.toInteger());
                version.addBindValue(row.entityId);
                if (!version.exec())
                    return sqlError(version);
            }
            continue;
        }
        QString reason = r.value(QStringLiteral("error_code")).toString();
        if (reason.isEmpty())
            reason = status.isEmpty() ? QStringLiteral("unknown_result") : status;
        const QString message = r.value(QStringLiteral("message")).toString();
        if (!message.isEmpty())
            reason += QStringLiteral(": ") + message;
        parkQ.addBindValue(reason);
        parkQ.addBindValue(row.mutationId);
        if (!parkQ.exec())
            return sqlError(parkQ);
        ++out.parked;
        const QJsonObject copy = r.value(QStringLiteral("server_copy")).toObject();
        if (!copy.isEmpty()) {
            defer.addBindValue(row.entityId);
            defer.addBindValue(copy.value(QStringLiteral("server_version")).toInteger());
            defer.addBindValue(QString::fromUtf8(QJsonDocument(copy).toJson(QJsonDocument::Compact)));
            if (!defer.exec())
                return sqlError(defer);
        }
    }
    if (maxAcked > 0) {
        QSqlQuery q(m_db);
        q.prepare(
            QStringLiteral("UPDATE sync_state SET last_acked_mutation_id = max(last_acked_mutation_id, ?) "
                           "WHERE id = 1"));
        q.addBindValue(maxAcked);
        if (!q.exec())
            return sqlError(q);
    }
    touched.removeDuplicates();
    if (Status s = settleCases(touched); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return out;
}

Status SyncStore::settleCases(const QStringList &caseIds)
{
    // Cases without pending/in-flight rows: has_pending = 0, and the hub changes that waited are applied.
    QSqlQuery clear(m_db);
    clear.prepare(
        QStringLiteral("UPDATE cases SET has_pending = 0 WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
                       "outbox WHERE entity_id = ? AND state IN ('pending', 'inflight'))"));
    QSqlQuery deferred(m_db);
    deferred.prepare(QStringLiteral("SELECT server_version, fields FROM sync_deferred WHERE case_id = ?"));
    QSqlQuery drop(m_db);
    drop.prepare(QStringLiteral("DELETE FROM sync_deferred WHERE case_id = ?"));
    for (const QString &id : caseIds) {
        clear.addBindValue(id);
        clear.addBindValue(id);
        if (!clear.exec())
            return sqlError(clear);
        if (clear.numRowsAffected() == 0)
            continue;
        deferred.addBindValue(id);
        if (!deferred.exec())
            return sqlError(deferred);
        if (!deferred.next())
            continue;
        const qint64 sv = deferred.value(0).toLongLong();
        const QJsonObject fields = QJsonDocument::fromJson(deferred.value(1).toString().toUtf8()).object();
        deferred.finish();
        bool changed = false;
        if (Status s = applyCaseFields(id, sv, fields, changed); !s)
            return s;
        drop.addBindValue(id);
        if (!drop.exec())
            return sqlError(drop);
    }
    return {};
}

Status SyncStore::park(const QList<qint64> &mutationIds, const QString &reason)
{
    WriteTransaction tx(m_db);
    if (!tx.isActive())
        return tx.error();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ? "
                             "WHERE mutation_id = ? AND state IN ('pending', 'inflight')"));
    QStringList entities;
    QSqlQuery e(m_db);
    e.prepare(QStringLiteral("SELECT entity_id FROM outbox WHERE mutation_id = ?"));
    for (qint64 id : mutationIds) {
        q.addBindValue(reason);
        q.addBindValue(id);
        if (!q.exec())
            return sqlError(q);
        e.addBindValue(id);
        if (e.exec() && e.next())
            entities << e.value(0).toString();
        e.finish();
    }
    if (Status s = settleCases(entities); !s)
        return s;
    return tx.commit();
}

Result<int> SyncStore::retryParked(const QList<qint64> &mutationIds)
{
    WriteTransaction tx(m_db);
    if (!tx.isActive())
        return tx.error();
    QSqlQuery q(m_db);
    int n = 0;
    if (mutationIds.isEmpty()) {
        if (!q.exec(
                QStringLiteral("UPDATE cases SET has_pending = 1 WHERE id IN (SELECT entity_id FROM outbox "
                               "WHERE state = 'parked')")))
            return sqlError(q);
        if (!q.exec(
                QStringLiteral("UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE state = "
                               "'parked'")))
            return sqlError(q);
        n = q.numRowsAffected();
    } else {
        QSqlQuery c(m_db);
        c.prepare(QStringLiteral("UPDATE cases SET has_pending = 1 WHERE id = (SELECT entity_id FROM outbox "
                                 "WHERE mutation_id = ? AND state = 'parked')"));
        q.prepare(QStringLiteral("UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE "
                                 "mutation_id = ? AND state = 'parked'"));
        for (qint64 id : mutationIds) {
            c.addBindValue(id);
            if (!c.exec())
                return sqlError(c);
            q.addBindValue(id);
            if (!q.exec())
                return sqlError(q);
            n += q.numRowsAffected();
        }
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    return n;
}

Result<int> SyncStore::requeueAfter(qint64 hubLastWire)
{
    const auto st = state();
    if (!st)
        return st.error();
    const qint64 localLast = hubLastWire + st.value().mutationOffset;
    WriteTransaction tx(m_db);
    if (!tx.isActive())
        return tx.error();
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE cases SET has_pending = 1 WHERE id IN (SELECT entity_id FROM outbox WHERE "
                       "mutation_id > ? AND state IN ('acked', 'parked'))"));
    q.addBindValue(localLast);
    if (!q.exec())
        return sqlError(q);
    q.prepare(QStringLiteral("UPDATE outbox SET state = 'pending', acked_at = NULL WHERE mutation_id > ? AND "
                             "state IN ('acked', 'parked', 'inflight')"));
    q.addBindValue(localLast);
    if (!q.exec())
        return sqlError(q);
    const int n = q.numRowsAffected();
    q.prepare(QStringLiteral("UPDATE sync_state SET last_acked_mutation_id = ? WHERE id = 1"));
    q.addBindValue(hubLastWire);
    if (!q.exec())
        return sqlError(q);
    if (Status s = tx.commit(); !s)
        return s.error();
    qCWarning(lcSync) << "hub has mutations up to" << hubLastWire << "- re-queued" << n << "outbox rows";
    return n;
}

Status SyncStore::applyCaseFields(const QString &caseId, qint64 serverVersion, const QJsonObject &f,
                                  bool &changed)
{
    changed = false;
    QSqlQuery &cur =
        prepared("current", QStringLiteral("SELECT status, agency_responsible, status_notes, "
                                           "response_type, answer_text, answered_at, expected_at, "
                                           "server_version FROM cases WHERE id = ?"));
    cur.addBindValue(caseId);
    if (!cur.exec())
        return sqlError(cur);
    if (!cur.next()) {
        cur.finish();
        return {};
    }
    if (cur.value(7).toLongLong() > serverVersion) {
        cur.finish();
        return {}; // older than what we have
    }
    const QString oldStatus = cur.value(0).toString();
    const QVariant oldUnit = cur.value(1);
    const QVariant oldNotes = cur.value(2);
    const QVariant oldType = cur.value(3);
    const QVariant oldAnswer = cur.value(4);
    const QVariant oldAnsweredAt = cur.value(5);
    const QVariant oldExpected = cur.value(6);
    const qint64 oldVersion = cur.value(7).toLongLong();
    cur.finish();

    const QString status = f.value(QStringLiteral("status")).toString(oldStatus);
    QVariant unit = nullable(f.value(QStringLiteral("agency_responsible")));
    if (!unit.isNull()) {
        QSqlQuery &u = prepared("unit", QStringLiteral("SELECT 1 FROM units WHERE code = ?"));
        u.addBindValue(unit);
        const bool known = u.exec() && u.next();
        u.finish();
        if (!known) {
            qCWarning(lcSync) << "pulled case refers to an unknown unit; keeping the local referral";
            unit = oldUnit;
        }
    }
    const QVariant notes = nullable(f.value(QStringLiteral("status_notes")));
    const QVariant type = nullable(f.value(QStringLiteral("response_type")));
    // The hub keeps the latest answer text in status_notes when it sets a response type
    // (server/caseservice.cpp).
    const QVariant answer = type.isNull() ? QVariant() : notes;
    QVariant answeredAt = oldAnsweredAt;
    if (type.isNull())
        answeredAt = QVariant();
    else if (status == QLatin1String("answered") && (oldStatus != status || answeredAt.isNull()))
        answeredAt = isoToMs(f.value(QStringLiteral("updated_datetime")));
    QVariant expected = isoToMs(f.value(QStringLiteral("expected_datetime")));
    if (expected.isNull())
        expected = oldExpected;

    QJsonObject diff;
    auto note = [&diff](const char *key, const QVariant &a, const QVariant &b) {
        const bool same =
            (a.isNull() && b.isNull()) || (!a.isNull() && !b.isNull() && a.toString() == b.toString());
        if (!same)
            diff.insert(QLatin1String(key),
                        QJsonArray{QJsonValue::fromVariant(a), QJsonValue::fromVariant(b)});
    };
    note("status", oldStatus, status);
    note("agency_responsible", oldUnit, unit);
    note("status_notes", oldNotes, notes);
    note("response_type", oldType, type);
    note("answer_text", oldAnswer, answer);
    note("expected_datetime", oldExpected, expected);
    if (diff.isEmpty() && oldVersion == serverVersion)
        return {};

    QSqlQuery &up = prepared("update", QStringLiteral("UPDATE cases SET status = ?, agency_responsible = ?, "
                                                      "status_notes = ?, response_type = ?, answer_text = ?, "
                                                      "answered_at = ?, expected_at = ?, server_version = ?, "
                                                      "updated_at = max(updated_at, ?) WHERE id = ?"));
    up.addBindValue(status);
    up.addBindValue(unit);
    up.addBindValue(notes);
    up.addBindValue(type);
    up.addBindValue(answer);
    up.addBindValue(answeredAt);
    up.addBindValue(expected);
    up.addBindValue(serverVersion);
    const QVariant updated = isoToMs(f.value(QStringLiteral("updated_datetime")));
    up.addBindValue(updated.isNull() ? QVariant(nowMs()) : updated);
    up.addBindValue(caseId);
    if (!up.exec())
        return sqlError(up);
    if (diff.isEmpty())
        return {};
    changed = true;
    QSqlQuery &ev =
        prepared("event", QStringLiteral("INSERT INTO case_events (case_id, at, actor, kind, status, "
                                         "changes, note) VALUES (?, ?, 'hub', ?, ?, ?, ?)"));
    ev.addBindValue(caseId);
    ev.addBindValue(nowMs());
    ev.addBindValue(diff.contains(QStringLiteral("answer_text")) && !answer.isNull()
                        ? QStringLiteral("answer")
                        : QStringLiteral("status"));
    ev.addBindValue(status);
    ev.addBindValue(QString::fromUtf8(QJsonDocument(diff).toJson(QJsonDocument::Compact)));
    ev.addBindValue(notes);
    if (!ev.exec())
        return sqlError(ev);
    return {};
}

Status SyncStore::applyCaseChange(const QJsonObject &change, PullOutcome &out)
{
    const QString id = change.value(QStringLiteral("id")).toString();
    const qint64 sv = change.value(QStringLiteral("server_version")).toInteger();
    const QJsonObject f = change.value(QStringLiteral("fields")).toObject();
    bool exists = false;
    const bool pending = casePending(id, &exists);
    if (exists && pending) {
        QSqlQuery defer(m_db);
        defer.prepare(QStringLiteral(
            "INSERT INTO sync_deferred (case_id, server_version, fields) VALUES (?, ?, ?) ON CONFLICT "
            "(case_id) "
            "DO UPDATE SET server_version = excluded.server_version, fields = excluded.fields WHERE "
            "excluded.server_version >= sync_deferred.server_version"));
        defer.addBindValue(id);
        defer.addBindValue(sv);
        defer.addBindValue(QString::fromUtf8(QJsonDocument(f).toJson(QJsonDocument::Compact)));
        if (!defer.exec())
            return sqlError(defer);
        ++out.deferred;
        return {};
    }
    if (exists) {
        bool changed = false;
        if (Status s = applyCaseFields(id, sv, f, changed); !s)
            return s;
        changed ? ++out.applied : ++out.unchanged;
        return {};
    }
    // A case born elsewhere (another console, the hub, Open311): store it so caller history and the case
    // browser show it. A reference it needs that this store lacks (category, unit, district) skips it.
    const QJsonObject caller = f.value(QStringLiteral("caller")).toObject();
    const QJsonObject location = f.value(QStringLiteral("location")).toObject();
    const QString description = f.value(QStringLiteral("description")).toString();
    const QVariant type = nullable(f.value(QStringLiteral("response_type")));
    QSqlQuery ins(m_db);
    ins.prepare(QStringLiteral(
        "INSERT INTO cases (id, tracking_code, channel, case_type, service_code, description, "
        "description_key, "
        "caller_name, caller_phone, caller_national_id, anonymous, district, neighbourhood, address, "
        "latitude, "
        "longitude, urgency, agency_responsible, status, status_notes, requested_at, updated_at, "
        "expected_at, "
        "operator, station, call_id, answer_text, response_type, answered_at, server_version, has_pending) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "0)"));
    ins.addBindValue(id);
    ins.addBindValue(nullable(f.value(QStringLiteral("tracking_code"))));
    ins.addBindValue(f.value(QStringLiteral("channel")).toString(QStringLiteral("phone")));
    ins.addBindValue(f.value(QStringLiteral("case_type")).toString(QStringLiteral("complaint")));
    ins.addBindValue(nullable(f.value(QStringLiteral("service_code"))));
    ins.addBindValue(description);
    ins.addBindValue(Core::PersianText::searchKey(description));
    ins.addBindValue(nullable(caller.value(QStringLiteral("name"))));
    ins.addBindValue(nullable(caller.value(QStringLiteral("phone"))));
    ins.addBindValue(nullable(caller.value(QStringLiteral("national_id"))));
    ins.addBindValue(caller.value(QStringLiteral("anonymous")).toBool() ? 1 : 0);
    const int district = location.value(QStringLiteral("district")).toInt();
    ins.addBindValue(district > 0 ? QVariant(district) : QVariant());
    ins.addBindValue(nullable(location.value(QStringLiteral("neighbourhood"))));
    ins.addBindValue(nullable(location.value(QStringLiteral("address"))));
    ins.addBindValue(nullable(location.value(QStringLiteral("lat"))));
    ins.addBindValue(nullable(location.value(QStringLiteral("long"))));
    ins.addBindValue(f.value(QStringLiteral("urgency")).toString(QStringLiteral("normal")));
    ins.addBindValue(nullable(f.value(QStringLiteral("agency_responsible"))));
    ins.addBindValue(f.value(QStringLiteral("status")).toString(QStringLiteral("submitted")));
    ins.addBindValue(nullable(f.value(QStringLiteral("status_notes"))));
    const QVariant requested = isoToMs(f.value(QStringLiteral("requested_datetime")));
    ins.addBindValue(requested.isNull() ? QVariant(nowMs()) : requested);
    const QVariant updated = isoToMs(f.value(QStringLiteral("updated_datetime")));
    ins.addBindValue(updated.isNull() ? QVariant(nowMs()) : updated);
    ins.addBindValue(isoToMs(f.value(QStringLiteral("expected_datetime"))));
    ins.addBindValue(nullable(f.value(QStringLiteral("operator_id"))));
    const int station = f.value(QStringLiteral("station")).toInt();
    ins.addBindValue(station > 0 ? QVariant(station) : QVariant());
    ins.addBindValue(nullable(f.value(QStringLiteral("call_id"))));
    ins.addBindValue(type.isNull() ? QVariant() : nullable(f.value(QStringLiteral("status_notes"))));
    ins.addBindValue(type);
    ins.addBindValue(type.isNull() ? QVariant() : isoToMs(f.value(QStringLiteral("updated_datetime"))));
    ins.addBindValue(sv);
    if (!ins.exec()) {
        qCWarning(lcSync) << "cannot store a pulled case:" << ins.lastError().text();
        ++out.skipped;
        return {};
    }
    ++out.applied;
    return {};
}

Status SyncStore::applyReferenceChange(const QString &entity, const QJsonObject &change, PullOutcome &out)
{
    const QString key = change.value(QStringLiteral("id")).toString();
    const QJsonObject f = change.value(QStringLiteral("fields")).toObject();
    const bool deleted =
        change.value(QStringLiteral("deleted")).toBool() || f.value(QStringLiteral("retired")).toBool();
    QSqlQuery q(m_db);
    if (entity == QLatin1String("category")) {
        const QString fa = f.value(QStringLiteral("name_fa")).toString();
        const QString en = f.value(QStringLiteral("name_en")).toString();
        q.prepare(QStringLiteral(
            "INSERT INTO categories (code, parent, name_fa, name_en, default_unit, sla_days, urgent, "
            "search_key, "
            "retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET parent = "
            "excluded.parent, "
            "name_fa = excluded.name_fa, name_en = excluded.name_en, default_unit = excluded.default_unit, "
            "sla_days = excluded.sla_days, urgent = excluded.urgent, search_key = excluded.search_key, "
            "retired = "
            "excluded.retired"));
        q.addBindValue(key);
        q.addBindValue(nullable(f.value(QStringLiteral("parent"))));
        q.addBindValue(fa);
        q.addBindValue(en);
        q.addBindValue(nullable(f.value(QStringLiteral("default_unit"))));
        q.addBindValue(nullable(f.value(QStringLiteral("sla_days"))));
        q.addBindValue(f.value(QStringLiteral("urgent")).toBool() ? 1 : 0);
        q.addBindValue(Core::PersianText::searchKey(fa + QLatin1Char(' ') + en + QLatin1Char(' ') + key));
        q.addBindValue(deleted ? 1 : 0);
    } else if (entity == QLatin1String("unit")) {
        q.prepare(QStringLiteral("INSERT INTO units (code, kind, name_fa, name_en, retired) VALUES (?, ?, ?, "
                                 "?, ?) ON CONFLICT (code) DO "
                                 "UPDATE SET kind = excluded.kind, name_fa = excluded.name_fa, name_en = "
                                 "excluded.name_en, retired = "
                                 "excluded.retired"));
        q.addBindValue(key);
        q.addBindValue(f.value(QStringLiteral("kind")).toString());
        q.addBindValue(f.value(QStringLiteral("name_fa")).toString());
        q.addBindValue(f.value(QStringLiteral("name_en")).toString());
        q.addBindValue(deleted ? 1 : 0);
    } else if (entity == QLatin1String("district")) {
        bool ok = false;
        const int number = key.toInt(&ok);
        if (!ok) {
            ++out.skipped;
            return {};
        }
        q.prepare(QStringLiteral(
            "INSERT INTO districts (number, name_fa, name_en, retired) VALUES (?, ?, ?, ?) ON CONFLICT "
            "(number) DO "
            "UPDATE SET name_fa = excluded.name_fa, name_en = excluded.name_en, retired = excluded.retired"));
        q.addBindValue(number);
        q.addBindValue(f.value(QStringLiteral("name_fa")).toString());
        q.addBindValue(f.value(QStringLiteral("name_en")).toString());
        q.addBindValue(deleted ? 1 : 0);
    } else {
        ++out.skipped;
        return {};
    }
    if (!q.exec()) {
        qCWarning(lcSync) << "cannot store pulled" << entity << key << q.lastError().text();
        ++out.skipped;
        return {};
    }
    ++out.applied;
    out.referenceChanged = true;
    return {};
}

Result<PullOutcome> SyncStore::applyPullPage(const QJsonArray &changes, const QString &nextCursor,
                                             const QString &epoch)
{
    PullOutcome out;
    WriteTransaction tx(m_db);
    if (!tx.isActive())
        return tx.error();
    // Knowledge-base articles are written in the same transaction as the cursor: a failure rolls the page
    // back and it is pulled again, so no article is skipped for good. Consecutive articles go as one batch
    // (KbRepository prepares its statements once per batch); the feed's order is kept.
    Kb::KbRepository kb(m_db.connectionName());
    QList<Kb::Article> batch;
    auto flushArticles = [&]() -> Status {
        if (batch.isEmpty())
            return {};
        auto r = kb.applyPublishedInTransaction(batch);
        if (!r)
            return r.error();
        for (Kb::KbRepository::Outcome o : r.value()) {
            if (o == Kb::KbRepository::Outcome::Unchanged) {
                ++out.unchanged;
            } else {
                ++out.applied;
                out.kbChanged = true;
            }
        }
        batch.clear();
        return {};
    };
    for (const QJsonValue &v : changes) {
        const QJsonObject c = v.toObject();
        const QString entity = c.value(QStringLiteral("entity")).toString();
        if (entity == QLatin1String("kb_article")) {
            const QJsonObject f = c.value(QStringLiteral("fields")).toObject();
            const QString id = c.value(QStringLiteral("id")).toString();
            if (c.value(QStringLiteral("deleted")).toBool() || f.value(QStringLiteral("deleted")).toBool()) {
                if (Status s = flushArticles(); !s)
                    return s.error();
                auto retired = kb.retireInTransaction(id);
                if (!retired)
                    return retired.error();
                if (retired.value()) {
                    ++out.applied;
                    out.kbChanged = true;
                } else {
                    ++out.unchanged;
                }
                continue;
            }
            auto article = publishedArticle(c);
            if (!article) {
                qCWarning(lcSync) << "skipping a pulled knowledge-base article:" << article.error().message;
                ++out.skipped;
                continue;
            }
            batch << article.value();
            continue;
        }
        if (Status s = flushArticles(); !s)
            return s.error();
        if (entity == QLatin1String("case")) {
            if (Status s = applyCaseChange(c, out); !s)
                return s.error();
        } else {
            if (Status s = applyReferenceChange(entity, c, out); !s)
                return s.error();
        }
    }
    if (Status s = flushArticles(); !s)
        return s.error();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sync_state SET pull_cursor = ?, server_epoch = ?, last_pull_at = ? "
                             "WHERE id = 1"));
    q.addBindValue(nextCursor);
    q.addBindValue(epoch);
    q.addBindValue(nowMs());
    if (!q.exec())
        return sqlError(q);
    if (Status s = tx.commit(); !s)
        return s.error();
    return out;
}

Result<Kb::Article> SyncStore::publishedArticle(const QJsonObject &change)
{
    const QJsonObject f = change.value(QStringLiteral("fields")).toObject();
    Kb::Article a;
    a.id = change.value(QStringLiteral("id")).toString();
    a.title = Core::PersianText::sanitized(f.value(QStringLiteral("title")).toString(), 500);
    a.body = f.value(QStringLiteral("body")).toString();
    if (a.id.isEmpty() || a.title.isEmpty() || a.body.isEmpty())
        return Core::Error{QStringLiteral("invalid"),
                           QStringLiteral("article %1 without title or body").arg(a.id)};
    auto strings = [&f](const char *name) {
        QStringList list;
        for (const QJsonValue &k : f.value(QLatin1String(name)).toArray()) {
            if (!k.toString().isEmpty())
                list << k.toString();
        }
        return list;
    };
    a.keywords = strings("keywords");
    a.categories = strings("categories");
    a.units = strings("units");
    a.reviewedOn = QDate::fromString(f.value(QStringLiteral("reviewed")).toString(), Qt::ISODate);
    a.version = int(change.value(QStringLiteral("server_version")).toInteger(1));
    a.updatedAtUtc = QDateTime::currentDateTimeUtc();
    return a;
}

Status SyncStore::resetCursor(const QString &epoch)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sync_state SET pull_cursor = NULL, server_epoch = ? WHERE id = 1"));
    q.addBindValue(epoch);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Status SyncStore::markSynced(qint64 atMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sync_state SET last_sync_at = ? WHERE id = 1"));
    q.addBindValue(atMs);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<QueueCounts> SyncStore::counts() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state")))
        return sqlError(q);
    QueueCounts c;
    while (q.next()) {
        const QString s = q.value(0).toString();
        const int n = q.value(1).toInt();
        if (s == QLatin1String("pending") || s == QLatin1String("inflight"))
            c.pending += n;
        else if (s == QLatin1String("parked"))
            c.parked += n;
        else if (s == QLatin1String("acked"))
            c.acked += n;
    }
    return c;
}

Result<QList<ParkedItem>> SyncStore::parked(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT o.mutation_id, o.entity_id, c.tracking_code, o.op, o.last_error, "
                       "o.created_at FROM outbox o LEFT JOIN cases c ON c.id = o.entity_id WHERE o.state = "
                       "'parked' ORDER BY o.mutation_id LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(q);
    QList<ParkedItem> items;
    while (q.next()) {
        ParkedItem p;
        p.mutationId = q.value(0).toLongLong();
        p.entityId = q.value(1).toString();
        p.trackingCode = q.value(2).toString();
        p.op = q.value(3).toString();
        p.reason = q.value(4).toString();
        p.createdAt = q.value(5).toLongLong();
        items << p;
    }
    return items;
}

} // namespace Pasokh::Sync
