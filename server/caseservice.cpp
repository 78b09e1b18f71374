// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/caseservice.h"

#include "models/core/caselimits.h"

#include "server/jsonvalidator.h"
#include "server/referral.h"

#include "models/core/casetypes.h"
#include "models/core/jalali.h"
#include "models/core/nationalid.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"
#include "models/core/uuid7.h"

#include <QDateTime>
#include <QSet>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

namespace Pasokh::Hub {

namespace {

CaseOutcome rejected(const QString &code, const QString &message)
{
    CaseOutcome o;
    o.errorCode = code;
    o.message = message;
    return o;
}

CaseOutcome storageFailure(const QString &error)
{
    CaseOutcome o;
    o.storageError = error.isEmpty() ? QStringLiteral("storage error") : error;
    return o;
}

ApiError notFound()
{
    return ApiError{404, QStringLiteral("not_found"), QStringLiteral("No such case"), {}};
}

ApiError invalidState(const QString &status)
{
    return ApiError{409,
                    QStringLiteral("invalid_state"),
                    QStringLiteral("The case is %1; this action is not allowed now").arg(status),
                    {}};
}

/// Allocates the next hub tracking code (station 00) for the current Jalali year (Tehran date).
QString allocateHubTrackingCode(SqlConnection &db, QString *error)
{
    const int year = Core::Jalali::year(Core::Jalali::tehranDate(QDateTime::currentDateTimeUtc()));
    const SqlResult r =
        db.exec(QStringLiteral(
                    "INSERT INTO tracking_sequences (year, station_no, last_seq) VALUES ($1, 0, 1) "
                    "ON CONFLICT (year, station_no) DO UPDATE SET last_seq = tracking_sequences.last_seq + 1 "
                    "RETURNING last_seq"),
                {year});
    if (!r.ok || r.isEmpty()) {
        *error = r.error;
        return {};
    }
    Core::TrackingCode code;
    code.jalaliYear = year;
    code.station = 0;
    code.sequence = int(r.integer(0, 0));
    const QString text = code.toString();
    if (text.isEmpty())
        *error = QStringLiteral("the hub's tracking-code sequence for this year is exhausted");
    return text;
}

/// Applies the phone and national-ID rules to caller fields. Returns a rejection code, empty when fine.
QString normaliseCaller(QString &phone, QString &nationalId, QString *message)
{
    if (!phone.isEmpty()) {
        if (Core::PhoneNumber::isWithheldToken(phone)) {
            phone.clear();
        } else {
            const auto p = Core::PhoneNumber::normalize(phone);
            if (!p.ok()) {
                *message = QStringLiteral("caller.phone: %1").arg(p.error().code);
                return QStringLiteral("invalid_phone");
            }
            phone = p.value().e164;
        }
    }
    if (!nationalId.isEmpty()) {
        const auto n = Core::NationalId::validate(nationalId);
        if (!n.ok()) {
            *message = QStringLiteral("caller.national_id: %1").arg(n.error().code);
            return QStringLiteral("invalid_national_id");
        }
        nationalId = n.value().digits;
    }
    return {};
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant realOrNull(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant();
}

bool validCoordinates(const std::optional<double> &lat, const std::optional<double> &lon)
{
    if (lat.has_value() != lon.has_value())
        return false;
    return !lat || (*lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180);
}

} // namespace

std::optional<ApiError> CaseService::checkCallerShape(const QJsonObject &caller)
{
    return JsonValidator::check(caller,
                                {{"name", JsonType::String, false, true, Core::CaseLimits::kCallerName},
                                 {"phone", JsonType::String, false, true, 40},
                                 {"national_id", JsonType::String, false, true, 20},
                                 {"anonymous", JsonType::Bool}},
                                QStringLiteral("payload.caller."));
}

bool CaseService::recordChange(SqlConnection &db, const QString &id, QList<PendingChange> &changes,
                               QJsonObject *json)
{
    const SqlResult r =
        db.exec(QStringLiteral("SELECT %1 FROM cases WHERE id = $1").arg(HubStore::caseColumns()), {id});
    if (!r.ok || r.isEmpty())
        return false;
    const QJsonObject o = HubStore::caseJson(r, 0);
    changes.append(PendingChange{QStringLiteral("case"), id,
                                 o.value(QStringLiteral("server_version")).toInteger(), false,
                                 o.value(QStringLiteral("agency_responsible")).toString(), o});
    if (json)
        *json = o;
    return true;
}

CaseOutcome CaseService::prepareCase(SqlConnection &db, NewCase c, LookupCache *cache, PreparedCase *out)
{
    LookupCache local;
    if (!cache)
        cache = &local;
    if (!Core::ChannelText::fromCode(c.channel))
        return rejected(QStringLiteral("invalid_enum"), QStringLiteral("channel: unknown code"));
    if (!Core::CaseTypeText::fromCode(c.caseType))
        return rejected(QStringLiteral("invalid_enum"), QStringLiteral("case_type: unknown code"));
    if (!c.urgency.isEmpty() && !Core::UrgencyText::fromCode(c.urgency))
        return rejected(QStringLiteral("invalid_enum"), QStringLiteral("urgency: unknown code"));
    if (c.description.trimmed().isEmpty())
        return rejected(QStringLiteral("description_required"), QStringLiteral("description is empty"));
    if (c.district < 0 || c.district > 13)
        return rejected(QStringLiteral("invalid_district"), QStringLiteral("district must be 0..13"));
    if (!validCoordinates(c.lat, c.lon))
        return rejected(QStringLiteral("invalid_location"),
                        QStringLiteral("lat/long out of range or incomplete"));
    QString message;
    const QString callerError = normaliseCaller(c.callerPhone, c.callerNationalId, &message);
    if (!callerError.isEmpty())
        return rejected(callerError, message);

    if (c.id.isEmpty()) {
        c.id = Core::Uuid7::generateString();
    } else {
        const QUuid uuid = QUuid::fromString(c.id);
        if (uuid.isNull() || c.id.size() != 36)
            return rejected(QStringLiteral("invalid_id"), QStringLiteral("entity_id must be a UUID"));
        c.id = uuid.toString(QUuid::WithoutBraces);
    }

    if (!cache->categories.contains(c.serviceCode)) {
        const SqlResult cat = db.exec(
            QStringLiteral("SELECT default_unit, sla_days, urgent, retired FROM categories WHERE code = $1"),
            {c.serviceCode});
        if (!cat.ok)
            return storageFailure(cat.error);
        LookupCache::Category info;
        info.exists = !cat.isEmpty();
        if (info.exists) {
            info.defaultUnit = cat.text(0, 0);
            info.slaDays = cat.integer(0, 1);
            info.urgent = cat.integer(0, 2) != 0;
            info.retired = cat.integer(0, 3) != 0;
        }
        cache->categories.insert(c.serviceCode, info);
    }
    const LookupCache::Category category = cache->categories.value(c.serviceCode);
    if (!category.exists)
        return rejected(QStringLiteral("unknown_service_code"),
                        QStringLiteral("No category %1").arg(c.serviceCode));
    if (category.retired)
        return rejected(QStringLiteral("category_retired"),
                        QStringLiteral("Category %1 has been retired; choose another").arg(c.serviceCode));
    const auto unit = Referral::unitFor(category.defaultUnit, c.district, c.requestedUnit);
    if (!unit.ok())
        return rejected(unit.error().code, unit.error().message);
    if (!cache->activeUnits.contains(unit.value())) {
        const SqlResult u =
            db.exec(QStringLiteral("SELECT retired FROM units WHERE code = $1"), {unit.value()});
        if (!u.ok)
            return storageFailure(u.error);
        cache->activeUnits.insert(unit.value(), !u.isEmpty() && u.integer(0, 0) == 0);
    }
    if (!cache->activeUnits.value(unit.value()))
        return rejected(QStringLiteral("unknown_unit"),
                        QStringLiteral("No active unit %1").arg(unit.value()));
    if (c.urgency.isEmpty())
        c.urgency = category.urgent ? QStringLiteral("urgent") : QStringLiteral("normal");

    if (c.trackingCode.isEmpty()) {
        QString error;
        c.trackingCode = allocateHubTrackingCode(db, &error);
        if (c.trackingCode.isEmpty())
            return storageFailure(error);
    } else {
        const auto code = Core::TrackingCode::parse(c.trackingCode);
        if (!code.ok() || c.trackingCode.size() != 10)
            return rejected(QStringLiteral("invalid_tracking_code"),
                            QStringLiteral("tracking_code: %1")
                                .arg(code.ok() ? QStringLiteral("format") : code.error().code));
        if (code.value().station != c.stationNo)
            return rejected(QStringLiteral("tracking_code_station_mismatch"),
                            QStringLiteral("The tracking code's station %1 is not this station (%2)")
                                .arg(code.value().station)
                                .arg(c.stationNo));
    }

    const long long now = HubStore::nowMs();
    const long long sla = category.slaDays;
    const QVariant expected = sla > 0 ? QVariant(c.requestedAt + sla * 86400000LL) : QVariant();
    out->id = c.id;
    out->unitCode = unit.value();
    out->values = {c.id,
                   c.trackingCode,
                   c.channel,
                   c.caseType,
                   c.serviceCode,
                   c.description,
                   textOrNull(c.callerName),
                   textOrNull(c.callerPhone),
                   textOrNull(c.callerNationalId),
                   c.anonymous ? 1 : 0,
                   c.district == 0 ? QVariant() : QVariant(c.district),
                   textOrNull(c.neighbourhood),
                   textOrNull(c.address),
                   realOrNull(c.lat),
                   realOrNull(c.lon),
                   c.urgency,
                   unit.value(),
                   c.requestedAt,
                   now,
                   expected,
                   now,
                   textOrNull(c.operatorId),
                   textOrNull(c.stationId),
                   c.stationNo,
                   textOrNull(c.callId),
                   textOrNull(c.clientId),
                   c.source};
    return {};
}

QString CaseService::insertPrepared(SqlConnection &db, const QList<PreparedCase> &cases,
                                    QList<CaseOutcome> *outcomes, QList<PendingChange> &changes)
{
    static const QString columns = QStringLiteral(
        "id, tracking_code, channel, case_type, service_code, description, caller_name, "
        "caller_phone, caller_national_id, caller_anonymous, district, neighbourhood, address, "
        "lat, lon, urgency, agency_responsible, requested_at, updated_at, expected_at, "
        "received_at, operator_id, station_id, station_no, call_id, client_id, source, status, "
        "server_version");
    constexpr int kChunk = 50;
    outcomes->clear();
    outcomes->reserve(cases.size());
    for (qsizetype start = 0; start < cases.size(); start += kChunk) {
        const qsizetype n = std::min<qsizetype>(kChunk, cases.size() - start);
        // One multi-row INSERT per chunk (one round trip). ON CONFLICT DO NOTHING skips a row whose id or
        // tracking code exists, also when an earlier row of the same statement took it (first one wins, as
        // mutations apply in order); RETURNING tells which rows went in.
        QVariantList params;
        for (qsizetype i = start; i < start + n; ++i)
            params += cases.at(i).values;
        const SqlResult ins = db.exec(
            QStringLiteral("INSERT INTO cases (%1) VALUES %2 ON CONFLICT DO NOTHING RETURNING %3")
                .arg(columns,
                     multiRowValues(n, cases.at(start).values.size(), QStringLiteral(", 'referred', 1")),
                     HubStore::caseColumns()),
            params);
        if (!ins.ok)
            return ins.error.isEmpty() ? QStringLiteral("storage error") : ins.error;
        QHash<QString, int> inserted;
        for (int row = 0; row < ins.rowCount(); ++row)
            inserted.insert(ins.text(row, 0), row);
        QStringList missing;
        for (qsizetype i = start; i < start + n; ++i) {
            if (!inserted.contains(cases.at(i).id))
                missing << cases.at(i).id;
        }
        // Skipped rows: "case_exists" when the id is taken (by an older case or an earlier row of this
        // chunk), else the tracking code was.
        QSet<QString> existing;
        if (!missing.isEmpty()) {
            QStringList marks;
            QVariantList ids;
            for (const QString &id : std::as_const(missing)) {
                ids << id;
                marks << QStringLiteral("$%1").arg(ids.size());
            }
            const SqlResult e = db.exec(
                QStringLiteral("SELECT id FROM cases WHERE id IN (%1)").arg(marks.join(QLatin1String(", "))),
                ids);
            if (!e.ok)
                return e.error.isEmpty() ? QStringLiteral("storage error") : e.error;
            for (int row = 0; row < e.rowCount(); ++row)
                existing.insert(e.text(row, 0));
        }
        QSet<QString> takenHere; // ids inserted by this chunk: a later row with the same id is a duplicate
        for (qsizetype i = start; i < start + n; ++i) {
            const PreparedCase &pc = cases.at(i);
            const auto it = inserted.constFind(pc.id);
            // The returned row must be this one (same tracking code), not a later row with the same id.
            const bool mine = it != inserted.constEnd() && !takenHere.contains(pc.id) &&
                              ins.text(*it, 1) == pc.values.at(1).toString();
            if (!mine) {
                // case_exists when an earlier row of this chunk or an older case has the id.
                const bool existedBefore = existing.contains(pc.id) && it == inserted.constEnd();
                outcomes->append(
                    existedBefore || takenHere.contains(pc.id)
                        ? rejected(QStringLiteral("case_exists"),
                                   QStringLiteral("A case with this id exists"))
                        : rejected(QStringLiteral("tracking_code_taken"),
                                   QStringLiteral("Another case already has this tracking code")));
                continue;
            }
            takenHere.insert(pc.id);
            CaseOutcome out;
            out.caseJson = HubStore::caseJson(ins, *it);
            changes.append(PendingChange{QStringLiteral("case"), pc.id, 1, false, pc.unitCode, out.caseJson});
            out.applied = true;
            out.serverVersion = 1;
            outcomes->append(out);
        }
    }
    return {};
}

CaseOutcome CaseService::insertCase(SqlConnection &db, NewCase c, QList<PendingChange> &changes,
                                    LookupCache *cache)
{
    PreparedCase prepared;
    CaseOutcome o = prepareCase(db, std::move(c), cache, &prepared);
    if (!o.errorCode.isEmpty() || !o.storageError.isEmpty())
        return o;
    QList<CaseOutcome> outcomes;
    const QString error = insertPrepared(db, {prepared}, &outcomes, changes);
    if (!error.isEmpty())
        return storageFailure(error);
    return outcomes.value(0);
}

CaseOutcome CaseService::amendCase(SqlConnection &db, const QString &id, long long baseVersion,
                                   const QJsonObject &fields, QList<PendingChange> &changes)
{
    if (auto err = JsonValidator::check(
            fields,
            {{"description", JsonType::String, false, false, Core::CaseLimits::kDescription},
             {"case_type", JsonType::String, false, false, 40},
             {"urgency", JsonType::String, false, false, 40},
             {"caller", JsonType::Object},
             {"location", JsonType::Object}},
            QStringLiteral("payload.")))
        return rejected(QStringLiteral("invalid_payload"), err->message);
    const QJsonObject caller = fields.value(QStringLiteral("caller")).toObject();
    const QJsonObject location = fields.value(QStringLiteral("location")).toObject();
    if (auto err = checkCallerShape(caller))
        return rejected(QStringLiteral("invalid_payload"), err->message);
    if (auto err = JsonValidator::check(
            location,
            {{"neighbourhood", JsonType::String, false, true, Core::CaseLimits::kNeighbourhood},
             {"address", JsonType::String, false, true, Core::CaseLimits::kAddress},
             {"lat", JsonType::Number, false, true},
             {"long", JsonType::Number, false, true}},
            QStringLiteral("payload.location.")))
        return rejected(QStringLiteral("invalid_payload"), err->message);

    const SqlResult cur = db.exec(
        QStringLiteral("SELECT status, server_version FROM cases WHERE id = $1") + db.forUpdate(), {id});
    if (!cur.ok)
        return storageFailure(cur.error);
    if (cur.isEmpty())
        return rejected(QStringLiteral("not_found"), QStringLiteral("No such case"));
    const QString status = cur.text(0, 0);
    if (status == QLatin1String("closed") || status == QLatin1String("rejected"))
        return rejected(QStringLiteral("case_closed"), QStringLiteral("The case is %1").arg(status));
    if (cur.integer(0, 1) != baseVersion) {
        CaseOutcome o = rejected(QStringLiteral("conflict"),
                                 QStringLiteral("The case changed on the hub (server_version %1, base %2)")
                                     .arg(cur.integer(0, 1))
                                     .arg(baseVersion));
        const SqlResult full =
            db.exec(QStringLiteral("SELECT %1 FROM cases WHERE id = $1").arg(HubStore::caseColumns()), {id});
        if (full.ok && !full.isEmpty())
            o.caseJson = HubStore::caseJson(full, 0);
        return o;
    }

    QStringList sets;
    QVariantList params{id};
    auto set = [&](const char *column, const QVariant &value) {
        params << value;
        sets << QStringLiteral("%1 = $%2").arg(QLatin1String(column)).arg(params.size());
    };
    if (fields.contains(QStringLiteral("description"))) {
        const QString d = fields.value(QStringLiteral("description")).toString();
        if (d.trimmed().isEmpty())
            return rejected(QStringLiteral("description_required"), QStringLiteral("description is empty"));
        set("description", d);
    }
    if (fields.contains(QStringLiteral("case_type"))) {
        if (!Core::CaseTypeText::fromCode(fields.value(QStringLiteral("case_type")).toString()))
            return rejected(QStringLiteral("invalid_enum"), QStringLiteral("case_type: unknown code"));
        set("case_type", fields.value(QStringLiteral("case_type")).toString());
    }
    if (fields.contains(QStringLiteral("urgency"))) {
        if (!Core::UrgencyText::fromCode(fields.value(QStringLiteral("urgency")).toString()))
            return rejected(QStringLiteral("invalid_enum"), QStringLiteral("urgency: unknown code"));
        set("urgency", fields.value(QStringLiteral("urgency")).toString());
    }
    if (!caller.isEmpty()) {
        QString phone = caller.value(QStringLiteral("phone")).toString();
        QString nid = caller.value(QStringLiteral("national_id")).toString();
        QString message;
        const QString e = normaliseCaller(phone, nid, &message);
        if (!e.isEmpty())
            return rejected(e, message);
        if (caller.contains(QStringLiteral("name")))
            set("caller_name", textOrNull(caller.value(QStringLiteral("name")).toString()));
        if (caller.contains(QStringLiteral("phone")))
            set("caller_phone", textOrNull(phone));
        if (caller.contains(QStringLiteral("national_id")))
            set("caller_national_id", textOrNull(nid));
        if (caller.contains(QStringLiteral("anonymous")))
            set("caller_anonymous", caller.value(QStringLiteral("anonymous")).toBool() ? 1 : 0);
    }
    if (!location.isEmpty()) {
        if (location.contains(QStringLiteral("neighbourhood")))
            set("neighbourhood", textOrNull(location.value(QStringLiteral("neighbourhood")).toString()));
        if (location.contains(QStringLiteral("address")))
            set("address", textOrNull(location.value(QStringLiteral("address")).toString()));
        if (location.contains(QStringLiteral("lat")) || location.contains(QStringLiteral("long"))) {
            std::optional<double> lat, lon;
            if (location.value(QStringLiteral("lat")).isDouble())
                lat = location.value(QStringLiteral("lat")).toDouble();
            if (location.value(QStringLiteral("long")).isDouble())
                lon = location.value(QStringLiteral("long")).toDouble();
            if (!validCoordinates(lat, lon))
                return rejected(QStringLiteral("invalid_location"),
                                QStringLiteral("lat/long out of range or incomplete"));
            set("lat", realOrNull(lat));
            set("lon", realOrNull(lon));
        }
    }
    set("updated_at", HubStore::nowMs());
    const SqlResult up =
        db.exec(QStringLiteral("UPDATE cases SET %1, server_version = server_version + 1 WHERE id = $1")
                    .arg(sets.join(QLatin1String(", "))),
                params);
    if (!up.ok)
        return storageFailure(up.error);
    CaseOutcome out;
    if (!recordChange(db, id, changes, &out.caseJson))
        return storageFailure(QStringLiteral("cannot read the amended case"));
    out.applied = true;
    out.serverVersion = out.caseJson.value(QStringLiteral("server_version")).toInteger();
    return out;
}

namespace {

/// Runs `body` inside a write transaction with the case row locked; commits with its change-log rows.
/// `body` returns an ApiError to roll back.
template <typename Fn>
ApiResult<QJsonObject> withCase(SqlConnection &db, const Principal &who, const QString &id, Fn body)
{
    if (QUuid::fromString(id).isNull())
        return notFound();
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    auto fail = [&](ApiError e) -> ApiResult<QJsonObject> {
        db.rollback();
        return e;
    };
    const SqlResult cur = db.exec(
        QStringLiteral("SELECT status, agency_responsible FROM cases WHERE id = $1") + db.forUpdate(), {id});
    if (!cur.ok)
        return fail(serverError(cur.error));
    if (cur.isEmpty() || (who.is("manager") && cur.text(0, 1) != who.unitCode))
        return fail(notFound());
    QList<PendingChange> changes;
    if (auto err = body(cur.text(0, 0), cur.text(0, 1)))
        return fail(*err);
    QJsonObject json;
    if (!CaseService::recordChange(db, id, changes, &json) || !HubStore::flushChanges(db, changes))
        return fail(serverError(QStringLiteral("cannot write the change log")));
    if (!db.commit().ok)
        return fail(serverError(QStringLiteral("commit failed")));
    return json;
}

std::optional<ApiError> execOrError(SqlConnection &db, const QString &sql, const QVariantList &params)
{
    const SqlResult r = db.exec(sql, params);
    if (!r.ok)
        return serverError(r.error);
    return std::nullopt;
}

} // namespace

ApiResult<QJsonObject> CaseService::answer(SqlConnection &db, const Principal &who, const QString &id,
                                           const QJsonObject &body)
{
    if (auto err = JsonValidator::check(body, {{"text", JsonType::String, true, false, 8000},
                                               {"response_type", JsonType::String, true, false, 40},
                                               {"scheduled_for", JsonType::String, false, true, 40}}))
        return *err;
    const QString type = body.value(QStringLiteral("response_type")).toString();
    const auto rt = Core::ResponseTypeText::fromCode(type);
    if (!rt || *rt == Core::ResponseType::NoLogicalAnswer)
        return ApiError{
            422,
            QStringLiteral("invalid_response_type"),
            QStringLiteral("response_type must be resolved, explained, scheduled or outside_jurisdiction"),
            {}};
    const QString text = body.value(QStringLiteral("text")).toString().trimmed();
    if (text.isEmpty())
        return ApiError{422, QStringLiteral("text_required"), QStringLiteral("The answer text is empty"), {}};
    QVariant scheduled;
    if (*rt == Core::ResponseType::Scheduled) {
        const auto when = HubStore::parseIsoUtc(body.value(QStringLiteral("scheduled_for")).toString());
        if (!when)
            return ApiError{422,
                            QStringLiteral("scheduled_for_required"),
                            QStringLiteral("A scheduled answer needs scheduled_for (ISO 8601 with zone)"),
                            {}};
        scheduled = *when;
    }
    return withCase(db, who, id, [&](const QString &status, const QString &unit) -> std::optional<ApiError> {
        if (status != QLatin1String("referred") && status != QLatin1String("in_progress"))
            return invalidState(status);
        const long long now = HubStore::nowMs();
        if (auto e = execOrError(
                db,
                QStringLiteral("INSERT INTO answers (id, case_id, unit_code, author_id, text, "
                               "response_type, scheduled_for, answered_at) VALUES ($1, $2, $3, $4, "
                               "$5, $6, $7, $8)"),
                {Core::Uuid7::generateString(), id, unit, who.userId, text, type, scheduled, now}))
            return e;
        return execOrError(
            db,
            QStringLiteral("UPDATE cases SET status = 'answered', response_type = $2, status_notes = "
                           "$3, review = NULL, updated_at = $4, server_version = server_version + 1 "
                           "WHERE id = $1"),
            {id, type, text, now});
    });
}

ApiResult<QJsonObject> CaseService::start(SqlConnection &db, const Principal &who, const QString &id)
{
    return withCase(db, who, id, [&](const QString &status, const QString &) -> std::optional<ApiError> {
        if (status != QLatin1String("referred"))
            return invalidState(status);
        return execOrError(
            db,
            QStringLiteral("UPDATE cases SET status = 'in_progress', updated_at = $2, server_version = "
                           "server_version + 1 WHERE id = $1"),
            {id, HubStore::nowMs()});
    });
}

ApiResult<QJsonObject> CaseService::review(SqlConnection &db, const Principal &who, const QString &id,
                                           const QJsonObject &body)
{
    if (auto err = JsonValidator::check(body, {{"verdict", JsonType::String, true, false, 40},
                                               {"note", JsonType::String, false, true, 2000}}))
        return *err;
    const QString verdict = body.value(QStringLiteral("verdict")).toString();
    const QString note = body.value(QStringLiteral("note")).toString();
    if (verdict != QLatin1String("no_logical_answer") && verdict != QLatin1String("reopen") &&
        verdict != QLatin1String("close"))
        return ApiError{422,
                        QStringLiteral("invalid_verdict"),
                        QStringLiteral("verdict must be no_logical_answer, reopen or close"),
                        {}};
    return withCase(db, who, id, [&](const QString &status, const QString &) -> std::optional<ApiError> {
        const long long now = HubStore::nowMs();
        if (verdict == QLatin1String("no_logical_answer")) {
            if (status != QLatin1String("answered") && status != QLatin1String("closed"))
                return invalidState(status);
            if (auto e = execOrError(
                    db,
                    QStringLiteral(
                        "UPDATE answers SET review = 'no_logical_answer', review_note = $2, reviewed_by = "
                        "$3, reviewed_at = $4 WHERE id = (SELECT id FROM answers WHERE case_id = $1 ORDER "
                        "BY answered_at DESC, id DESC LIMIT 1)"),
                    {id, textOrNull(note), who.userId, now}))
                return e;
            return execOrError(
                db,
                QStringLiteral("UPDATE cases SET response_type = 'no_logical_answer', review = "
                               "'no_logical_answer', updated_at = $2, server_version = server_version "
                               "+ 1 WHERE id = $1"),
                {id, now});
        }
        if (verdict == QLatin1String("reopen")) {
            if (status != QLatin1String("answered") && status != QLatin1String("closed"))
                return invalidState(status);
            return execOrError(
                db,
                QStringLiteral("UPDATE cases SET status = 'referred', review = 'reopened', "
                               "reopened_count = reopened_count + 1, updated_at = $2, server_version = "
                               "server_version + 1 WHERE id = $1"),
                {id, now});
        }
        if (status != QLatin1String("answered"))
            return invalidState(status);
        return execOrError(
            db,
            QStringLiteral("UPDATE cases SET status = 'closed', updated_at = $2, server_version = "
                           "server_version + 1 WHERE id = $1"),
            {id, now});
    });
}

ApiResult<QJsonObject> CaseService::get(SqlConnection &db, const Principal &who, const QString &id)
{
    if (QUuid::fromString(id).isNull())
        return notFound();
    const SqlResult r =
        db.exec(QStringLiteral("SELECT %1 FROM cases WHERE id = $1").arg(HubStore::caseColumns()), {id});
    if (!r.ok)
        return serverError(r.error);
    if (r.isEmpty())
        return notFound();
    QJsonObject o = HubStore::caseJson(r, 0, who.is("manager"));
    if (who.is("manager") && o.value(QStringLiteral("agency_responsible")).toString() != who.unitCode)
        return notFound();
    const SqlResult a =
        db.exec(QStringLiteral("SELECT id, unit_code, text, response_type, scheduled_for, answered_at, "
                               "review, review_note FROM answers WHERE case_id = $1 ORDER BY "
                               "answered_at, id"),
                {id});
    if (!a.ok)
        return serverError(a.error);
    QJsonArray answers;
    for (int i = 0; i < a.rowCount(); ++i)
        answers.append(QJsonObject{
            {QStringLiteral("id"), a.text(i, 0)},
            {QStringLiteral("unit"), a.text(i, 1)},
            {QStringLiteral("text"), a.text(i, 2)},
            {QStringLiteral("response_type"), a.text(i, 3)},
            {QStringLiteral("scheduled_for"),
             a.isNull(i, 4) ? QJsonValue() : QJsonValue(HubStore::isoUtc(a.integer(i, 4)))},
            {QStringLiteral("answered_at"), HubStore::isoUtc(a.integer(i, 5))},
            {QStringLiteral("review"), a.isNull(i, 6) ? QJsonValue() : QJsonValue(a.text(i, 6))},
            {QStringLiteral("review_note"), a.isNull(i, 7) ? QJsonValue() : QJsonValue(a.text(i, 7))}});
    o.insert(QStringLiteral("answers"), answers);
    return o;
}

ApiResult<QJsonObject> CaseService::list(SqlConnection &db, const Principal &who, const QUrlQuery &query)
{
    QStringList where;
    QVariantList params;
    auto add = [&](const char *column, const QString &value) {
        params << value;
        where << QStringLiteral("%1 = $%2").arg(QLatin1String(column)).arg(params.size());
    };
    const QString unit = who.is("manager") ? who.unitCode : query.queryItemValue(QStringLiteral("unit"));
    if (!unit.isEmpty())
        add("agency_responsible", unit);
    const QString status = query.queryItemValue(QStringLiteral("status"));
    if (!status.isEmpty()) {
        if (!Core::CaseStatusText::fromCode(status))
            return badRequest(QStringLiteral("invalid_parameter"), QStringLiteral("status: unknown code"));
        add("status", status);
    }
    const QString service = query.queryItemValue(QStringLiteral("service_code"));
    if (!service.isEmpty())
        add("service_code", service);
    bool okLimit = true, okOffset = true;
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    const QString offsetText = query.queryItemValue(QStringLiteral("offset"));
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&okLimit);
    const int offset = offsetText.isEmpty() ? 0 : offsetText.toInt(&okOffset);
    if (!okLimit || !okOffset || limit < 1 || limit > 500 || offset < 0)
        return badRequest(QStringLiteral("invalid_parameter"), QStringLiteral("limit is 1..500, offset ≥ 0"));
    params << limit << offset;
    const SqlResult r = db.exec(
        QStringLiteral("SELECT %1 FROM cases %2 ORDER BY requested_at DESC, id LIMIT $%3 "
                       "OFFSET $%4")
            .arg(HubStore::caseColumns(),
                 where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
            .arg(params.size() - 1)
            .arg(params.size()),
        params);
    if (!r.ok)
        return serverError(r.error);
    QJsonArray cases;
    for (int i = 0; i < r.rowCount(); ++i)
        cases.append(HubStore::caseJson(r, i, who.is("manager")));
    return QJsonObject{{QStringLiteral("cases"), cases}};
}

ApiResult<QJsonObject> CaseService::heartbeat(SqlConnection &db, const Principal &who,
                                              const QJsonObject &body)
{
    if (auto err = JsonValidator::check(body, {{"state", JsonType::String, true, false, 40},
                                               {"reason", JsonType::String, false, true, 200},
                                               {"call_id", JsonType::String, false, true, 200}}))
        return *err;
    static const QStringList states = {QStringLiteral("logged_out"), QStringLiteral("ready"),
                                       QStringLiteral("ringing"),    QStringLiteral("on_call"),
                                       QStringLiteral("wrap_up"),    QStringLiteral("not_ready")};
    const QString state = body.value(QStringLiteral("state")).toString();
    if (!states.contains(state))
        return ApiError{422,
                        QStringLiteral("invalid_state_code"),
                        QStringLiteral("state must be one of %1").arg(states.join(QLatin1String(", "))),
                        {}};
    const QString reason = body.value(QStringLiteral("reason")).toString();
    const QString callId = body.value(QStringLiteral("call_id")).toString();
    const long long now = HubStore::nowMs();
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    auto fail = [&](const QString &e) -> ApiResult<QJsonObject> {
        db.rollback();
        return serverError(e);
    };
    SqlResult r = db.exec(
        QStringLiteral("INSERT INTO agent_states (user_id, station_id, state, reason, call_id, since, "
                       "last_seen) VALUES ($1, $2, 'logged_out', NULL, NULL, $3, $3) ON CONFLICT "
                       "(user_id) DO NOTHING"),
        {who.userId, textOrNull(who.stationId), now});
    if (!r.ok)
        return fail(r.error);
    r = db.exec(QStringLiteral("SELECT state, reason, since FROM agent_states WHERE user_id = $1") +
                    db.forUpdate(),
                {who.userId});
    if (!r.ok || r.isEmpty())
        return fail(r.error);
    long long since = r.integer(0, 2);
    const bool changed = r.text(0, 0) != state || r.text(0, 1) != reason;
    if (changed) {
        since = now;
        r = db.exec(QStringLiteral(
                        "UPDATE agent_state_log SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL"),
                    {who.userId, now});
        if (r.ok)
            r = db.exec(
                QStringLiteral("INSERT INTO agent_state_log (user_id, station_id, state, reason, started_at) "
                               "VALUES ($1, $2, $3, $4, $5)"),
                {who.userId, textOrNull(who.stationId), state, textOrNull(reason), now});
        if (!r.ok)
            return fail(r.error);
    }
    r = db.exec(
        QStringLiteral(
            "UPDATE agent_states SET station_id = $2, state = $3, reason = $4, call_id = $5, since = "
            "$6, last_seen = $7 WHERE user_id = $1"),
        {who.userId, textOrNull(who.stationId), state, textOrNull(reason), textOrNull(callId), since, now});
    if (!r.ok || !db.commit().ok)
        return fail(r.error);
    return QJsonObject{{QStringLiteral("state"), state},
                       {QStringLiteral("since"), HubStore::isoUtc(since)},
                       {QStringLiteral("changed"), changed}};
}

ApiResult<QJsonObject> CaseService::floor(SqlConnection &db, long long staleAfterMs)
{
    const SqlResult r = db.exec(QStringLiteral(
        "SELECT a.user_id, u.username, u.display_name, s.station_no, a.state, a.reason, a.call_id, a.since, "
        "a.last_seen FROM agent_states a JOIN users u ON u.id = a.user_id LEFT JOIN stations s ON s.id = "
        "a.station_id "
        "ORDER BY u.username"));
    if (!r.ok)
        return serverError(r.error);
    const long long now = HubStore::nowMs();
    QJsonArray agents;
    QJsonObject counts;
    for (int i = 0; i < r.rowCount(); ++i) {
        const bool stale = now - r.integer(i, 8) > staleAfterMs;
        const QString state = r.text(i, 4);
        agents.append(QJsonObject{
            {QStringLiteral("user_id"), r.text(i, 0)},
            {QStringLiteral("username"), r.text(i, 1)},
            {QStringLiteral("display_name"), r.text(i, 2)},
            {QStringLiteral("station_no"), r.isNull(i, 3) ? QJsonValue() : QJsonValue(int(r.integer(i, 3)))},
            {QStringLiteral("state"), state},
            {QStringLiteral("reason"), r.isNull(i, 5) ? QJsonValue() : QJsonValue(r.text(i, 5))},
            {QStringLiteral("call_id"), r.isNull(i, 6) ? QJsonValue() : QJsonValue(r.text(i, 6))},
            {QStringLiteral("since"), HubStore::isoUtc(r.integer(i, 7))},
            {QStringLiteral("last_seen"), HubStore::isoUtc(r.integer(i, 8))},
            {QStringLiteral("stale"), stale}});
        const QString key = stale ? QStringLiteral("stale") : state;
        counts.insert(key, counts.value(key).toInt() + 1);
    }
    return QJsonObject{{QStringLiteral("agents"), agents},
                       {QStringLiteral("counts"), counts},
                       {QStringLiteral("server_time_utc"), HubStore::isoUtc(now)}};
}

ApiResult<QJsonObject> CaseService::agentLog(SqlConnection &db, const QUrlQuery &query)
{
    QStringList where;
    QVariantList params;
    const QString username = query.queryItemValue(QStringLiteral("username"), QUrl::FullyDecoded);
    if (!username.isEmpty()) {
        params << username;
        where << QStringLiteral("u.username = $%1").arg(params.size());
    }
    const QString sinceText = query.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded);
    if (!sinceText.isEmpty()) {
        const auto since = HubStore::parseIsoUtc(sinceText);
        if (!since)
            return badRequest(QStringLiteral("invalid_parameter"),
                              QStringLiteral("since must be ISO 8601 with a zone"));
        params << *since;
        where << QStringLiteral("(l.ended_at IS NULL OR l.ended_at >= $%1)").arg(params.size());
    }
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    bool ok = true;
    const int limit = limitText.isEmpty() ? 200 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return badRequest(QStringLiteral("invalid_parameter"), QStringLiteral("limit is 1..1000"));
    params << limit;
    const SqlResult r = db.exec(
        QStringLiteral("SELECT u.username, s.station_no, l.state, l.reason, l.started_at, l.ended_at FROM "
                       "agent_state_log l "
                       "JOIN users u ON u.id = l.user_id LEFT JOIN stations s ON s.id = l.station_id %1 "
                       "ORDER BY l.id DESC LIMIT $%2")
            .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
            .arg(params.size()),
        params);
    if (!r.ok)
        return serverError(r.error);
    QJsonArray entries;
    for (int i = 0; i < r.rowCount(); ++i)
        entries.append(QJsonObject{
            {QStringLiteral("username"), r.text(i, 0)},
            {QStringLiteral("station_no"), r.isNull(i, 1) ? QJsonValue() : QJsonValue(int(r.integer(i, 1)))},
            {QStringLiteral("state"), r.text(i, 2)},
            {QStringLiteral("reason"), r.isNull(i, 3) ? QJsonValue() : QJsonValue(r.text(i, 3))},
            {QStringLiteral("started_at"), HubStore::isoUtc(r.integer(i, 4))},
            {QStringLiteral("ended_at"),
             r.isNull(i, 5) ? QJsonValue() : QJsonValue(HubStore::isoUtc(r.integer(i, 5)))}});
    return QJsonObject{{QStringLiteral("entries"), entries}};
}

} // namespace Pasokh::Hub
