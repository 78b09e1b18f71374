// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/syncservice.h"

#include "models/core/caselimits.h"

#include "server/caseservice.h"
#include "server/jsonvalidator.h"
#include "server/migrations.h"
#include "server/passwordhasher.h"
#include "server/pullcursor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

namespace Pasokh::Hub {

namespace {

struct MutationResult
{
    QString status; ///< applied | rejected
    long long serverVersion = 0;
    QString errorCode;
    QString message;
    QJsonObject serverCopy;
    QString storageError;
};

/// Shape check, conversion and checks of a "create case" payload (CaseService::prepareCase). A rejection
/// or storage error comes back in the result; otherwise `status` is empty and `*prepared` is the row to
/// insert with the batch's other creates.
MutationResult prepareCreate(SqlConnection &db, const Principal &who, const QString &clientId,
                             const QString &entityId, const QJsonObject &p, LookupCache &cache,
                             PreparedCase *prepared)
{
    MutationResult m;
    auto reject = [&](const QString &code, const QString &message) {
        m.status = QStringLiteral("rejected");
        m.errorCode = code;
        m.message = message;
        return m;
    };
    if (auto err = JsonValidator::check(
            p,
            {{"tracking_code", JsonType::String, true, false, 20},
             {"channel", JsonType::String, true, false, 20},
             {"case_type", JsonType::String, true, false, 40},
             {"service_code", JsonType::String, true, false, 60},
             {"description", JsonType::String, true, false, Core::CaseLimits::kDescription},
             {"caller", JsonType::Object},
             {"location", JsonType::Object},
             {"urgency", JsonType::String, false, true, 20},
             {"requested_datetime", JsonType::String, true, false, 40},
             {"call_id", JsonType::String, false, true, 200},
             {"agency_responsible", JsonType::String, false, true, 40}},
            QStringLiteral("payload.")))
        return reject(QStringLiteral("invalid_payload"), err->message);
    const QJsonObject caller = p.value(QStringLiteral("caller")).toObject();
    const QJsonObject location = p.value(QStringLiteral("location")).toObject();
    if (auto err = CaseService::checkCallerShape(caller))
        return reject(QStringLiteral("invalid_payload"), err->message);
    if (auto err = JsonValidator::check(
            location,
            {{"district", JsonType::Integer, false, true},
             {"neighbourhood", JsonType::String, false, true, Core::CaseLimits::kNeighbourhood},
             {"address", JsonType::String, false, true, Core::CaseLimits::kAddress},
             {"lat", JsonType::Number, false, true},
             {"long", JsonType::Number, false, true}},
            QStringLiteral("payload.location.")))
        return reject(QStringLiteral("invalid_payload"), err->message);
    const auto requested = HubStore::parseIsoUtc(p.value(QStringLiteral("requested_datetime")).toString());
    if (!requested)
        return reject(QStringLiteral("invalid_payload"),
                      QStringLiteral("payload.requested_datetime must be ISO 8601 with a zone"));
    NewCase c;
    c.id = entityId;
    c.trackingCode = p.value(QStringLiteral("tracking_code")).toString();
    c.channel = p.value(QStringLiteral("channel")).toString();
    c.caseType = p.value(QStringLiteral("case_type")).toString();
    c.serviceCode = p.value(QStringLiteral("service_code")).toString();
    c.description = p.value(QStringLiteral("description")).toString();
    c.callerName = caller.value(QStringLiteral("name")).toString();
    c.callerPhone = caller.value(QStringLiteral("phone")).toString();
    c.callerNationalId = caller.value(QStringLiteral("national_id")).toString();
    c.anonymous = caller.value(QStringLiteral("anonymous")).toBool();
    c.district = location.value(QStringLiteral("district")).toInt();
    c.neighbourhood = location.value(QStringLiteral("neighbourhood")).toString();
    c.address = location.value(QStringLiteral("address")).toString();
    if (location.value(QStringLiteral("lat")).isDouble())
        c.lat = location.value(QStringLiteral("lat")).toDouble();
    if (location.value(QStringLiteral("long")).isDouble())
        c.lon = location.value(QStringLiteral("long")).toDouble();
    c.urgency = p.value(QStringLiteral("urgency")).toString();
    c.requestedAt = *requested;
    c.callId = p.value(QStringLiteral("call_id")).toString();
    c.requestedUnit = p.value(QStringLiteral("agency_responsible")).toString();
    c.operatorId = who.userId;
    c.stationId = who.stationId;
    c.stationNo = who.stationNo;
    c.clientId = clientId;
    c.source = QStringLiteral("console");
    const CaseOutcome o = CaseService::prepareCase(db, c, &cache, prepared);
    if (!o.storageError.isEmpty()) {
        m.storageError = o.storageError;
        return m;
    }
    if (!o.errorCode.isEmpty())
        return reject(o.errorCode, o.message);
    return m;
}

/// Applies one mutation other than a well-formed "create case" (which push batches): amend, or a rejection
/// of an unknown entity or op.
MutationResult applyMutation(SqlConnection &db, const QJsonObject &mu, QList<PendingChange> &changes)
{
    const QString entity = mu.value(QStringLiteral("entity")).toString();
    const QString op = mu.value(QStringLiteral("op")).toString();
    const QString entityId = mu.value(QStringLiteral("entity_id")).toString();
    const QJsonObject payload = mu.value(QStringLiteral("payload")).toObject();
    MutationResult m;
    if (entity != QLatin1String("case")) {
        m.status = QStringLiteral("rejected");
        m.errorCode = QStringLiteral("unknown_entity");
        m.message = QStringLiteral("The hub accepts entity \"case\"");
        return m;
    }
    if (op == QLatin1String("amend")) {
        const QJsonValue base = mu.value(QStringLiteral("base_server_version"));
        if (!base.isDouble()) {
            m.status = QStringLiteral("rejected");
            m.errorCode = QStringLiteral("invalid_payload");
            m.message = QStringLiteral("amend needs base_server_version");
            return m;
        }
        const CaseOutcome o = CaseService::amendCase(db, entityId, base.toInteger(), payload, changes);
        if (!o.storageError.isEmpty()) {
            m.storageError = o.storageError;
            return m;
        }
        m.status = o.applied ? QStringLiteral("applied") : QStringLiteral("rejected");
        m.serverVersion = o.serverVersion;
        m.errorCode = o.errorCode;
        m.message = o.message;
        if (!o.applied && o.errorCode == QLatin1String("conflict"))
            m.serverCopy = o.caseJson;
        return m;
    }
    m.status = QStringLiteral("rejected");
    m.errorCode = QStringLiteral("unknown_op");
    m.message = QStringLiteral("op must be create or amend");
    return m;
}

QString mutationHash(const QJsonObject &mu)
{
    // Canonical form: QJsonObject keeps keys sorted, compact output; the hash covers what the mutation does.
    QJsonObject canonical;
    for (const char *k : {"entity", "entity_id", "op", "base_server_version", "payload"})
        canonical.insert(QLatin1String(k), mu.value(QLatin1String(k)));
    return PasswordHasher::sha256Hex(QJsonDocument(canonical).toJson(QJsonDocument::Compact));
}

} // namespace

ApiResult<QJsonObject> SyncService::push(SqlConnection &db, const Principal &who, const QJsonObject &body,
                                         const QString &idempotencyKey)
{
    if (who.stationId.isEmpty())
        return ApiError{
            403, QStringLiteral("station_required"), QStringLiteral("Push needs a station-bound login"), {}};
    if (auto err = JsonValidator::check(body, {{"client_id", JsonType::String, true, false, 64},
                                               {"schema_version", JsonType::Integer, true},
                                               {"mutations", JsonType::Array, true, false, 100000}}))
        return *err;
    const QString clientId = body.value(QStringLiteral("client_id")).toString();
    if (QUuid::fromString(clientId).isNull() || clientId.size() != 36)
        return badRequest(QStringLiteral("invalid_client_id"), QStringLiteral("client_id must be a UUID"));
    if (body.value(QStringLiteral("schema_version")).toInt() != kSchemaVersion)
        return ApiError{426,
                        QStringLiteral("unsupported_schema_version"),
                        QStringLiteral("This hub speaks schema_version %1").arg(kSchemaVersion),
                        {}};
    const QJsonArray mutations = body.value(QStringLiteral("mutations")).toArray();
    if (mutations.isEmpty())
        return badRequest(QStringLiteral("empty_batch"), QStringLiteral("mutations is empty"));
    if (mutations.size() > kMaxMutations)
        return ApiError{413,
                        QStringLiteral("batch_too_large"),
                        QStringLiteral("At most %1 mutations per push").arg(kMaxMutations),
                        {}};
    long long previous = 0;
    for (int i = 0; i < mutations.size(); ++i) {
        const QString path = QStringLiteral("mutations[%1].").arg(i);
        if (!mutations[i].isObject())
            return badRequest(QStringLiteral("wrong_type"),
                              QStringLiteral("%1 must be an object").arg(path.chopped(1)));
        const QJsonObject mu = mutations[i].toObject();
        if (auto err = JsonValidator::check(mu,
                                            {{"mutation_id", JsonType::Integer, true},
                                             {"entity", JsonType::String, true, false, 40},
                                             {"entity_id", JsonType::String, true, false, 64},
                                             {"op", JsonType::String, true, false, 20},
                                             {"base_server_version", JsonType::Integer, false, true},
                                             {"payload", JsonType::Object, true},
                                             {"payload_sha256", JsonType::String, false, true, 64},
                                             {"client_ts", JsonType::String, false, true, 40}},
                                            path))
            return *err;
        const long long id = mu.value(QStringLiteral("mutation_id")).toInteger();
        if (id < 1)
            return badRequest(QStringLiteral("invalid_mutation_id"),
                              QStringLiteral("%1mutation_id must be ≥ 1").arg(path));
        if (id <= previous)
            return badRequest(QStringLiteral("unordered_batch"),
                              QStringLiteral("mutation ids must increase strictly within a batch"));
        previous = id;
    }
    if (!idempotencyKey.isEmpty()) {
        const QString expected =
            QStringLiteral("%1:%2-%3")
                .arg(clientId)
                .arg(mutations.first().toObject().value(QStringLiteral("mutation_id")).toInteger())
                .arg(previous);
        if (idempotencyKey != expected)
            return badRequest(
                QStringLiteral("idempotency_key_mismatch"),
                QStringLiteral("Idempotency-Key must be <client_id>:<first>-<last> of this batch"));
    }

    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    auto fail = [&](ApiError e) -> ApiResult<QJsonObject> {
        db.rollback();
        return e;
    };
    const long long now = HubStore::nowMs();
    SqlResult r =
        db.exec(QStringLiteral("INSERT INTO clients (client_id, station_id, last_mutation_id, updated_at) "
                               "VALUES ($1, $2, 0, $3) ON CONFLICT (client_id) DO NOTHING"),
                {clientId, who.stationId, now});
    if (!r.ok)
        return fail(serverError(r.error));
    r = db.exec(QStringLiteral("SELECT station_id, last_mutation_id FROM clients WHERE client_id = $1") +
                    db.forUpdate(),
                {clientId});
    if (!r.ok || r.isEmpty())
        return fail(serverError(r.error));
    if (r.text(0, 0) != who.stationId)
        return fail(ApiError{403,
                             QStringLiteral("client_station_mismatch"),
                             QStringLiteral("This client_id is registered to another station"),
                             {}});
    long long last = r.integer(0, 1);
    const QString epoch = HubStore::serverEpoch(db);

    // Replays: what the hub stored for ids ≤ last, in one query.
    const long long firstId = mutations.first().toObject().value(QStringLiteral("mutation_id")).toInteger();
    QHash<long long, int> seenRow;
    SqlResult seen;
    if (firstId <= last) {
        seen =
            db.exec(QStringLiteral("SELECT mutation_id, payload_sha256, status, server_version, error_code "
                                   "FROM mutations WHERE client_id = $1 AND mutation_id BETWEEN $2 AND $3"),
                    {clientId, firstId, std::min(last, previous)});
        if (!seen.ok)
            return fail(serverError(seen.error));
        for (int row = 0; row < seen.rowCount(); ++row)
            seenRow.insert(seen.integer(row, 0), row);
    }

    // Mutations to record, in order; well-formed creates wait in `pending` and go in with one multi-row
    // INSERT (flushed before an amend, which may touch a case created earlier in the batch, and at the end).
    struct Recorded
    {
        long long id;
        QString hash;
        QString entityId;
        MutationResult m;
        qsizetype resultIndex;
    };
    QList<Recorded> recorded;
    QList<PreparedCase> pending;
    QList<qsizetype> pendingRecorded;
    QList<PendingChange> changes;
    LookupCache cache;
    QJsonArray results;
    auto flushPending = [&]() -> QString {
        if (pending.isEmpty())
            return {};
        QList<CaseOutcome> outcomes;
        const QString error = CaseService::insertPrepared(db, pending, &outcomes, changes);
        if (!error.isEmpty())
            return error;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            MutationResult &m = recorded[pendingRecorded.at(i)].m;
            const CaseOutcome &o = outcomes.at(i);
            m.status = o.applied ? QStringLiteral("applied") : QStringLiteral("rejected");
            m.serverVersion = o.serverVersion;
            m.errorCode = o.errorCode;
            m.message = o.message;
        }
        pending.clear();
        pendingRecorded.clear();
        return {};
    };
    for (const QJsonValue &v : mutations) {
        const QJsonObject mu = v.toObject();
        const long long id = mu.value(QStringLiteral("mutation_id")).toInteger();
        const QString hash = mutationHash(mu);
        if (id <= last) {
            const auto it = seenRow.constFind(id);
            const int row = it == seenRow.constEnd() ? -1 : *it;
            if (row >= 0 && seen.text(row, 1) != hash) {
                ApiError e{
                    422,
                    QStringLiteral("mutation_id_reused"),
                    QStringLiteral("Mutation %1 was already received with another payload; re-key the client")
                        .arg(id),
                    {}};
                e.details.insert(QStringLiteral("mutation_id"), id);
                e.details.insert(QStringLiteral("last_mutation_id"), last);
                return fail(e);
            }
            QJsonObject res{{QStringLiteral("mutation_id"), id},
                            {QStringLiteral("status"), QStringLiteral("duplicate")}};
            if (row >= 0) {
                res.insert(QStringLiteral("original_status"), seen.text(row, 2));
                res.insert(QStringLiteral("server_version"),
                           seen.isNull(row, 3) ? QJsonValue() : QJsonValue(seen.integer(row, 3)));
                res.insert(QStringLiteral("error_code"),
                           seen.isNull(row, 4) ? QJsonValue() : QJsonValue(seen.text(row, 4)));
            }
            results.append(res);
            continue;
        }
        if (id > last + 1) {
            ApiError e{409,
                       QStringLiteral("gap"),
                       QStringLiteral("Mutation %1 arrived but the hub has up to %2").arg(id).arg(last),
                       {}};
            e.details.insert(QStringLiteral("last_mutation_id"), last);
            e.details.insert(QStringLiteral("server_epoch"), epoch);
            return fail(e);
        }
        const QString entityId = mu.value(QStringLiteral("entity_id")).toString();
        MutationResult m;
        if (mu.value(QStringLiteral("entity")).toString() == QLatin1String("case") &&
            mu.value(QStringLiteral("op")).toString() == QLatin1String("create")) {
            PreparedCase prepared;
            m = prepareCreate(db, who, clientId, entityId, mu.value(QStringLiteral("payload")).toObject(),
                              cache, &prepared);
            if (!m.storageError.isEmpty())
                return fail(serverError(m.storageError));
            if (m.status.isEmpty()) {
                pending.append(std::move(prepared));
                pendingRecorded.append(recorded.size());
            }
        } else {
            if (const QString error = flushPending(); !error.isEmpty())
                return fail(serverError(error));
            m = applyMutation(db, mu, changes);
            if (!m.storageError.isEmpty())
                return fail(serverError(m.storageError));
        }
        recorded.append(Recorded{id, hash, entityId, m, results.size()});
        results.append(QJsonValue());
        last = id;
    }
    if (const QString error = flushPending(); !error.isEmpty())
        return fail(serverError(error));

    // The mutation rows: multi-row INSERTs of up to 50.
    constexpr qsizetype kChunk = 50;
    for (qsizetype start = 0; start < recorded.size(); start += kChunk) {
        const qsizetype n = std::min(kChunk, recorded.size() - start);
        QVariantList params;
        for (qsizetype i = start; i < start + n; ++i) {
            const Recorded &rec = recorded.at(i);
            params << clientId << rec.id << rec.hash << rec.m.status
                   << (rec.m.serverVersion > 0 ? QVariant(rec.m.serverVersion) : QVariant())
                   << (rec.m.errorCode.isEmpty() ? QVariant() : QVariant(rec.m.errorCode)) << rec.entityId
                   << now;
        }
        r = db.exec(QStringLiteral("INSERT INTO mutations (client_id, mutation_id, payload_sha256, status, "
                                   "server_version, error_code, entity_id, received_at) VALUES ") +
                        multiRowValues(n, 8),
                    params);
        if (!r.ok)
            return fail(serverError(r.error));
    }
    for (const Recorded &rec : std::as_const(recorded)) {
        const MutationResult &m = rec.m;
        QJsonObject res{
            {QStringLiteral("mutation_id"), rec.id},
            {QStringLiteral("status"), m.status},
            {QStringLiteral("server_version"),
             m.serverVersion > 0 ? QJsonValue(m.serverVersion) : QJsonValue()},
            {QStringLiteral("error_code"), m.errorCode.isEmpty() ? QJsonValue() : QJsonValue(m.errorCode)}};
        if (!m.message.isEmpty())
            res.insert(QStringLiteral("message"), m.message);
        if (!m.serverCopy.isEmpty())
            res.insert(QStringLiteral("server_copy"), m.serverCopy);
        results.replace(rec.resultIndex, res);
    }
    r = db.exec(
        QStringLiteral("UPDATE clients SET last_mutation_id = $2, updated_at = $3 WHERE client_id = $1"),
        {clientId, last, now});
    if (!r.ok)
        return fail(serverError(r.error));
    if (!HubStore::flushChanges(db, changes))
        return fail(serverError(QStringLiteral("cannot write the change log")));
    if (!db.commit().ok)
        return fail(serverError(QStringLiteral("commit failed")));
    return QJsonObject{{QStringLiteral("last_mutation_id"), last},
                       {QStringLiteral("server_epoch"), epoch},
                       {QStringLiteral("results"), results}};
}

ApiResult<QJsonObject> SyncService::pull(SqlConnection &db, const Principal &who, const QUrlQuery &query,
                                         const QString &onlyEntity)
{
    const auto cursor =
        PullCursor::decode(query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded));
    if (!cursor)
        return badRequest(QStringLiteral("bad_cursor"),
                          QStringLiteral("The cursor is not one this hub issued"));
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    bool ok = true;
    const int limit = limitText.isEmpty() ? 500 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return badRequest(QStringLiteral("invalid_parameter"), QStringLiteral("limit is 1..1000"));
    const QString epoch = HubStore::serverEpoch(db);
    if (epoch.isEmpty())
        return serverError(QStringLiteral("cannot read the server epoch"));
    auto reset = [&] {
        ApiError e{410,
                   QStringLiteral("cursor_reset"),
                   QStringLiteral("The hub's data was restored or replaced; pull again from the start"),
                   {}};
        e.details.insert(QStringLiteral("reason"), QStringLiteral("cursor_reset"));
        e.details.insert(QStringLiteral("server_epoch"), epoch);
        return e;
    };
    if (!cursor->epoch.isEmpty() && cursor->epoch != epoch)
        return reset();
    QString sql =
        QStringLiteral("SELECT seq, entity, entity_id, server_version, deleted, fields FROM change_log "
                       "WHERE seq > $1");
    QVariantList params{cursor->watermark, limit + 1};
    if (!onlyEntity.isEmpty()) {
        params << onlyEntity;
        sql += QStringLiteral(" AND entity = $3");
    } else if (who.is("manager")) {
        params << who.unitCode;
        sql += QStringLiteral(" AND (entity <> 'case' OR unit_code = $3)");
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT $2");
    const SqlResult r = db.exec(sql, params);
    if (!r.ok)
        return serverError(r.error);
    if (cursor->watermark > 0 && r.isEmpty()) {
        const SqlResult max = db.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM change_log"));
        if (!max.ok)
            return serverError(max.error);
        if (cursor->watermark > max.integer(0, 0))
            return reset();
    }
    const bool hasMore = r.rowCount() > limit;
    const int n = hasMore ? limit : r.rowCount();
    QJsonArray changes;
    long long watermark = cursor->watermark;
    for (int i = 0; i < n; ++i) {
        watermark = r.integer(i, 0);
        QJsonObject fields = QJsonDocument::fromJson(r.text(i, 5).toUtf8()).object();
        if (who.is("manager") && r.text(i, 1) == QLatin1String("case")) {
            QJsonObject caller = fields.value(QStringLiteral("caller")).toObject();
            if (caller.value(QStringLiteral("anonymous")).toBool()) {
                caller.insert(QStringLiteral("name"), QJsonValue());
                caller.insert(QStringLiteral("phone"), QJsonValue());
                caller.insert(QStringLiteral("national_id"), QJsonValue());
                fields.insert(QStringLiteral("caller"), caller);
            }
        }
        changes.append(QJsonObject{{QStringLiteral("entity"), r.text(i, 1)},
                                   {QStringLiteral("id"), r.text(i, 2)},
                                   {QStringLiteral("server_version"), r.integer(i, 3)},
                                   {QStringLiteral("deleted"), r.integer(i, 4) != 0},
                                   {QStringLiteral("fields"), fields}});
    }
    QJsonObject out{{QStringLiteral("changes"), changes},
                    {QStringLiteral("next_cursor"), PullCursor{epoch, watermark}.encode()},
                    {QStringLiteral("has_more"), hasMore},
                    {QStringLiteral("server_epoch"), epoch}};
    const QString clientId = query.queryItemValue(QStringLiteral("client_id"));
    if (!clientId.isEmpty()) {
        const SqlResult c = db.exec(
            QStringLiteral("SELECT last_mutation_id FROM clients WHERE client_id = $1 AND station_id = $2"),
            {clientId, who.stationId});
        if (!c.ok)
            return serverError(c.error);
        out.insert(QStringLiteral("last_mutation_id"), c.isEmpty() ? 0 : c.integer(0, 0));
    }
    return out;
}

ApiResult<QJsonObject> SyncService::health(SqlConnection &db, const QString &minClientVersion)
{
    const QString epoch = HubStore::serverEpoch(db);
    if (epoch.isEmpty())
        return serverError(QStringLiteral("cannot read the server epoch"));
    return QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                       {QStringLiteral("server_epoch"), epoch},
                       {QStringLiteral("server_time_utc"), HubStore::isoUtc(HubStore::nowMs())},
                       {QStringLiteral("min_client_version"), minClientVersion},
                       {QStringLiteral("schema_version"), Migrations::latestVersion()},
                       {QStringLiteral("sync_schema_version"), kSchemaVersion}};
}

} // namespace Pasokh::Hub
