// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/open311service.h"

#include "server/authservice.h"
#include "server/caseservice.h"
#include "server/jsonvalidator.h"

#include "models/storage/referencedata.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace Pasokh::Hub {

namespace {

constexpr long long kDayMs = 86400000LL;
constexpr long long kWindowMs = 90 * kDayMs;

const char *const kRequestColumns =
    "c.tracking_code, c.status, c.status_notes, cat.name_fa, c.service_code, c.description, "
    "c.agency_responsible, "
    "c.requested_at, c.updated_at, c.expected_at, c.address, c.lat, c.lon, c.response_type";

bool isClosedStatus(const QString &status)
{
    return status == QLatin1String("answered") || status == QLatin1String("closed") ||
           status == QLatin1String("rejected");
}

QJsonObject requestJson(const SqlResult &r, int i)
{
    auto textOrNull = [&](int c) -> QJsonValue {
        return r.isNull(i, c) ? QJsonValue() : QJsonValue(r.text(i, c));
    };
    auto timeOrNull = [&](int c) -> QJsonValue {
        return r.isNull(i, c) ? QJsonValue() : QJsonValue(HubStore::isoUtc(r.integer(i, c)));
    };
    const auto lat = r.real(i, 11);
    const auto lon = r.real(i, 12);
    return QJsonObject{{QStringLiteral("service_request_id"), r.text(i, 0)},
                       {QStringLiteral("status"),
                        isClosedStatus(r.text(i, 1)) ? QStringLiteral("closed") : QStringLiteral("open")},
                       {QStringLiteral("status_notes"), textOrNull(2)},
                       {QStringLiteral("service_name"), textOrNull(3)},
                       {QStringLiteral("service_code"), r.text(i, 4)},
                       {QStringLiteral("description"), r.text(i, 5)},
                       {QStringLiteral("agency_responsible"), textOrNull(6)},
                       {QStringLiteral("service_notice"), QJsonValue()},
                       {QStringLiteral("requested_datetime"), timeOrNull(7)},
                       {QStringLiteral("updated_datetime"), timeOrNull(8)},
                       {QStringLiteral("expected_datetime"), timeOrNull(9)},
                       {QStringLiteral("address"), textOrNull(10)},
                       {QStringLiteral("address_id"), QJsonValue()},
                       {QStringLiteral("zipcode"), QJsonValue()},
                       {QStringLiteral("lat"), lat ? QJsonValue(*lat) : QJsonValue()},
                       {QStringLiteral("long"), lon ? QJsonValue(*lon) : QJsonValue()},
                       {QStringLiteral("media_url"), QJsonValue()}};
}

QStringList commaList(const QString &value)
{
    QStringList out;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

/// Form values: application/x-www-form-urlencoded uses '+' for spaces (WHATWG URL, form encoding).
QUrlQuery parseForm(const QByteArray &body)
{
    QByteArray b = body;
    b.replace('+', ' ');
    return QUrlQuery(QString::fromUtf8(b));
}

QString formValue(const QUrlQuery &q, const QString &key)
{
    return q.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace

Open311Service::Open311Service(QString jurisdiction) : m_jurisdiction(std::move(jurisdiction)) {}

Open311Reply Open311Service::error(int status, const QString &description)
{
    return Open311Reply{status,
                        QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("code"), status},
                                                             {QStringLiteral("description"), description}}})};
}

Open311Reply Open311Service::handle(SqlConnection &db, const QString &method, const QString &path,
                                    const QUrlQuery &query, const QByteArray &body,
                                    const QString &contentType) const
{
    const bool isPost = method == QLatin1String("POST");
    QUrlQuery params = query;
    if (isPost) {
        if (!contentType.startsWith(QLatin1String("application/x-www-form-urlencoded")))
            return error(400, QStringLiteral("POST requests.json takes application/x-www-form-urlencoded"));
        if (!JsonValidator::isValidUtf8(body) || QByteArray::fromPercentEncoding(body).contains('\0') ||
            !JsonValidator::isValidUtf8(QByteArray::fromPercentEncoding(body)))
            return error(400, QStringLiteral("The request is not valid UTF-8 text"));
        params = parseForm(body);
    }
    const QString jurisdiction = formValue(params, QStringLiteral("jurisdiction_id"));
    if (!jurisdiction.isEmpty() && jurisdiction != m_jurisdiction)
        return error(404, QStringLiteral("jurisdiction_id not found"));
    static const QRegularExpression servicePath(QStringLiteral("^services/([A-Za-z0-9_-]{1,60})\\.json$"));
    static const QRegularExpression requestPath(QStringLiteral("^requests/([0-9]{1,20})\\.json$"));
    if (path == QLatin1String("services.json")) {
        if (method != QLatin1String("GET"))
            return error(405, QStringLiteral("Method not allowed"));
        return services(db);
    }
    if (path == QLatin1String("requests.json")) {
        if (isPost)
            return postRequest(db, params);
        if (method != QLatin1String("GET"))
            return error(405, QStringLiteral("Method not allowed"));
        return listRequests(db, query);
    }
    if (const auto m = servicePath.match(path); m.hasMatch()) {
        if (method != QLatin1String("GET"))
            return error(405, QStringLiteral("Method not allowed"));
        return serviceDefinition(db, m.captured(1));
    }
    if (const auto m = requestPath.match(path); m.hasMatch()) {
        if (method != QLatin1String("GET"))
            return error(405, QStringLiteral("Method not allowed"));
        return oneRequest(db, m.captured(1));
    }
    if (path.endsWith(QLatin1String(".xml")))
        return error(400, QStringLiteral("Only the JSON format is provided"));
    return error(404, QStringLiteral("Not found"));
}

Open311Reply Open311Service::services(SqlConnection &db) const
{
    const SqlResult r = db.exec(
        QStringLiteral("SELECT c.code, c.name_fa, c.name_en, c.default_unit, p.name_fa FROM categories c "
                       "LEFT JOIN categories p ON "
                       "p.code = c.parent WHERE c.parent IS NOT NULL AND c.retired = 0 ORDER BY c.code"));
    if (!r.ok)
        return error(503, QStringLiteral("Storage unavailable"));
    QJsonArray out;
    for (int i = 0; i < r.rowCount(); ++i) {
        const QString unit = r.text(i, 3);
        out.append(QJsonObject{
            {QStringLiteral("service_code"), r.text(i, 0)},
            {QStringLiteral("service_name"), r.text(i, 1)},
            {QStringLiteral("description"), r.text(i, 2)},
            {QStringLiteral("metadata"),
             unit == QLatin1String("DISTRICT") || unit == QLatin1String("EXTERNAL")},
            {QStringLiteral("type"), QStringLiteral("realtime")},
            {QStringLiteral("keywords"), r.text(i, 0).toLower().replace(QLatin1Char('-'), QLatin1Char(','))},
            {QStringLiteral("group"), r.text(i, 4)}});
    }
    return Open311Reply{200, QJsonDocument(out)};
}

Open311Reply Open311Service::serviceDefinition(SqlConnection &db, const QString &code) const
{
    const SqlResult r = db.exec(
        QStringLiteral(
            "SELECT default_unit FROM categories WHERE code = $1 AND parent IS NOT NULL AND retired = 0"),
        {code});
    if (!r.ok)
        return error(503, QStringLiteral("Storage unavailable"));
    if (r.isEmpty())
        return error(404, QStringLiteral("service_code %1 not found").arg(code));
    QJsonArray attributes;
    const QString unit = r.text(0, 0);
    if (unit == QLatin1String("DISTRICT") || unit == QLatin1String("EXTERNAL")) {
        const bool district = unit == QLatin1String("DISTRICT");
        const SqlResult v =
            district ? db.exec(QStringLiteral("SELECT code, name_en FROM districts WHERE retired = 0"))
                     : db.exec(QStringLiteral("SELECT code, name_en FROM units WHERE kind = 'external' "
                                              "AND retired = 0 ORDER BY code"));
        if (!v.ok)
            return error(503, QStringLiteral("Storage unavailable"));
        QList<std::pair<int, QJsonObject>> values;
        for (int i = 0; i < v.rowCount(); ++i)
            values.append(
                {district ? v.text(i, 0).toInt() : i,
                 QJsonObject{{QStringLiteral("key"), v.text(i, 0)}, {QStringLiteral("name"), v.text(i, 1)}}});
        std::sort(values.begin(), values.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        QJsonArray valueArray;
        for (const auto &p : values)
            valueArray.append(p.second);
        attributes.append(QJsonObject{
            {QStringLiteral("variable"), true},
            {QStringLiteral("code"), district ? QStringLiteral("district") : QStringLiteral("agency")},
            {QStringLiteral("datatype"), QStringLiteral("singlevaluelist")},
            {QStringLiteral("required"), true},
            {QStringLiteral("datatype_description"),
             district ? QStringLiteral("Municipal district of the location (13 = Samen)")
                      : QStringLiteral("The organisation outside the municipality that is responsible")},
            {QStringLiteral("order"), 1},
            {QStringLiteral("description"),
             district ? QStringLiteral("District") : QStringLiteral("Organisation")},
            {QStringLiteral("values"), valueArray}});
    }
    return Open311Reply{200, QJsonDocument(QJsonObject{{QStringLiteral("service_code"), code},
                                                       {QStringLiteral("attributes"), attributes}})};
}

Open311Reply Open311Service::oneRequest(SqlConnection &db, const QString &id) const
{
    const SqlResult r =
        db.exec(QStringLiteral("SELECT %1 FROM cases c LEFT JOIN categories cat ON cat.code = "
                               "c.service_code WHERE c.tracking_code = $1")
                    .arg(QLatin1String(kRequestColumns)),
                {id});
    if (!r.ok)
        return error(503, QStringLiteral("Storage unavailable"));
    if (r.isEmpty())
        return error(404, QStringLiteral("service_request_id %1 not found").arg(id));
    return Open311Reply{200, QJsonDocument(QJsonArray{requestJson(r, 0)})};
}

Open311Reply Open311Service::listRequests(SqlConnection &db, const QUrlQuery &query) const
{
    QStringList where;
    QVariantList params;
    auto param = [&](const QVariant &v) {
        params << v;
        return QStringLiteral("$%1").arg(params.size());
    };
    const QStringList ids = commaList(formValue(query, QStringLiteral("service_request_id")));
    if (!ids.isEmpty()) {
        if (ids.size() > 1000)
            return error(400, QStringLiteral("At most 1000 service_request_id values"));
        QStringList ph;
        for (const QString &id : ids)
            ph << param(id);
        where << QStringLiteral("c.tracking_code IN (%1)").arg(ph.join(QLatin1String(", ")));
    } else {
        const QString startText = formValue(query, QStringLiteral("start_date"));
        const QString endText = formValue(query, QStringLiteral("end_date"));
        std::optional<long long> start, end;
        if (!startText.isEmpty() && !(start = HubStore::parseIsoUtc(startText)))
            return error(400, QStringLiteral("start_date must be ISO 8601 with a time zone"));
        if (!endText.isEmpty() && !(end = HubStore::parseIsoUtc(endText)))
            return error(400, QStringLiteral("end_date must be ISO 8601 with a time zone"));
        if (start && end) {
            if (*end < *start)
                return error(400, QStringLiteral("end_date is before start_date"));
            if (*end - *start > kWindowMs)
                return error(400, QStringLiteral("start_date and end_date may not span more than 90 days"));
        } else if (start) {
            end = *start + kWindowMs;
        } else if (end) {
            start = *end - kWindowMs;
        } else {
            end = HubStore::nowMs();
            start = *end - kWindowMs;
        }
        where << QStringLiteral("c.requested_at >= %1").arg(param(*start));
        where << QStringLiteral("c.requested_at <= %1").arg(param(*end));
        const QStringList codes = commaList(formValue(query, QStringLiteral("service_code")));
        if (codes.size() > 100)
            return error(400, QStringLiteral("At most 100 service_code values"));
        if (!codes.isEmpty()) {
            QStringList ph;
            for (const QString &code : codes)
                ph << param(code);
            where << QStringLiteral("c.service_code IN (%1)").arg(ph.join(QLatin1String(", ")));
        }
        const QStringList statuses = commaList(formValue(query, QStringLiteral("status")));
        bool open = false, closed = false;
        for (const QString &s : statuses) {
            if (s == QLatin1String("open"))
                open = true;
            else if (s == QLatin1String("closed"))
                closed = true;
            else
                return error(400, QStringLiteral("status must be open or closed"));
        }
        if (open != closed) {
            where << (closed ? QStringLiteral("c.status IN ('answered', 'closed', 'rejected')")
                             : QStringLiteral("c.status NOT IN ('answered', 'closed', 'rejected')"));
        }
    }
    bool ok = true;
    const QString pageText = formValue(query, QStringLiteral("page"));
    const QString sizeText = formValue(query, QStringLiteral("page_size"));
    const int page = pageText.isEmpty() ? 1 : pageText.toInt(&ok);
    if (!ok || page < 1 || page > 1000000)
        return error(400, QStringLiteral("page must be a positive integer"));
    const int pageSize = sizeText.isEmpty() ? 1000 : sizeText.toInt(&ok);
    if (!ok || pageSize < 1 || pageSize > 1000)
        return error(400, QStringLiteral("page_size must be 1..1000"));
    const QString limit = param(pageSize);
    const QString offset = param(qint64(page - 1) * pageSize);
    const SqlResult r =
        db.exec(QStringLiteral("SELECT %1 FROM cases c LEFT JOIN categories cat ON cat.code = "
                               "c.service_code WHERE %2 ORDER BY c.requested_at DESC, c.id DESC "
                               "LIMIT %3 OFFSET %4")
                    .arg(QLatin1String(kRequestColumns), where.join(QLatin1String(" AND ")), limit, offset),
                params);
    if (!r.ok)
        return error(503, QStringLiteral("Storage unavailable"));
    QJsonArray out;
    for (int i = 0; i < r.rowCount(); ++i)
        out.append(requestJson(r, i));
    return Open311Reply{200, QJsonDocument(out)};
}

Open311Reply Open311Service::postRequest(SqlConnection &db, const QUrlQuery &form) const
{
    static const QStringList known = {QStringLiteral("api_key"),      QStringLiteral("jurisdiction_id"),
                                      QStringLiteral("service_code"), QStringLiteral("lat"),
                                      QStringLiteral("long"),         QStringLiteral("address_string"),
                                      QStringLiteral("address_id"),   QStringLiteral("email"),
                                      QStringLiteral("device_id"),    QStringLiteral("account_id"),
                                      QStringLiteral("first_name"),   QStringLiteral("last_name"),
                                      QStringLiteral("phone"),        QStringLiteral("description"),
                                      QStringLiteral("media_url")};
    QHash<QString, QString> attributes;
    for (const auto &[key, value] : form.queryItems(QUrl::FullyDecoded)) {
        if (key.startsWith(QLatin1String("attribute[")) && key.endsWith(QLatin1Char(']'))) {
            attributes.insert(key.mid(10, key.size() - 11), value);
            continue;
        }
        if (!known.contains(key))
            return error(400, QStringLiteral("Unknown parameter %1").arg(key.left(60)));
        if (value.size() > 8000)
            return error(400, QStringLiteral("Parameter %1 is too long").arg(key));
    }
    if (!AuthService::checkApiKey(db, formValue(form, QStringLiteral("api_key"))))
        return error(403, QStringLiteral("Invalid api_key"));
    const QString serviceCode = formValue(form, QStringLiteral("service_code"));
    if (serviceCode.isEmpty())
        return error(400, QStringLiteral("service_code was not provided"));
    const SqlResult cat =
        db.exec(QStringLiteral("SELECT default_unit, name_en FROM categories WHERE code = $1 AND "
                               "parent IS NOT NULL AND retired = 0"),
                {serviceCode});
    if (!cat.ok)
        return error(503, QStringLiteral("Storage unavailable"));
    if (cat.isEmpty())
        return error(404, QStringLiteral("service_code %1 not found").arg(serviceCode));
    const QString latText = formValue(form, QStringLiteral("lat"));
    const QString lonText = formValue(form, QStringLiteral("long"));
    const QString address = formValue(form, QStringLiteral("address_string"));
    const QString addressId = formValue(form, QStringLiteral("address_id"));
    NewCase c;
    if (!latText.isEmpty() || !lonText.isEmpty()) {
        bool okLat = false, okLon = false;
        const double lat = latText.toDouble(&okLat);
        const double lon = lonText.toDouble(&okLon);
        if (!okLat || !okLon)
            return error(400, QStringLiteral("lat and long must both be decimal degrees"));
        c.lat = lat;
        c.lon = lon;
    } else if (address.isEmpty() && addressId.isEmpty()) {
        return error(
            400, QStringLiteral("A location (lat and long, address_string or address_id) was not provided"));
    }
    const QString unit = cat.text(0, 0);
    if (unit == QLatin1String("DISTRICT")) {
        const QString d = attributes.value(QStringLiteral("district"));
        if (d.isEmpty())
            return error(400, QStringLiteral("Required attribute district was not provided"));
        bool okD = false;
        c.district = d.toInt(&okD);
        if (!okD || Storage::ReferenceCatalog::districtUnitCode(c.district).isEmpty())
            return error(400, QStringLiteral("attribute[district] must be 1..13"));
    } else if (unit == QLatin1String("EXTERNAL")) {
        c.requestedUnit = attributes.value(QStringLiteral("agency"));
        if (c.requestedUnit.isEmpty())
            return error(400, QStringLiteral("Required attribute agency was not provided"));
    }
    c.channel = QStringLiteral("web");
    c.caseType = QStringLiteral("report");
    c.serviceCode = serviceCode;
    c.description = formValue(form, QStringLiteral("description")).trimmed();
    if (c.description.isEmpty())
        c.description = cat.text(0, 1);
    c.callerName = (formValue(form, QStringLiteral("first_name")) + QLatin1Char(' ') +
                    formValue(form, QStringLiteral("last_name")))
                       .trimmed();
    c.callerPhone = formValue(form, QStringLiteral("phone"));
    c.address = address.isEmpty() ? addressId : address;
    c.requestedAt = HubStore::nowMs();
    c.stationNo = 0;
    c.source = QStringLiteral("open311");
    if (!db.begin().ok)
        return error(503, QStringLiteral("Storage unavailable"));
    QList<PendingChange> changes;
    const CaseOutcome o = CaseService::insertCase(db, c, changes);
    if (!o.storageError.isEmpty() || (o.applied && !HubStore::flushChanges(db, changes))) {
        db.rollback();
        return error(503, QStringLiteral("Storage unavailable"));
    }
    if (!o.applied) {
        db.rollback();
        return error(400, QStringLiteral("%1: %2").arg(o.errorCode, o.message));
    }
    if (!db.commit().ok) {
        db.rollback();
        return error(503, QStringLiteral("Storage unavailable"));
    }
    return Open311Reply{
        200, QJsonDocument(QJsonArray{QJsonObject{
                 {QStringLiteral("service_request_id"), o.caseJson.value(QStringLiteral("tracking_code"))},
                 {QStringLiteral("service_notice"),
                  QStringLiteral("Referred to %1")
                      .arg(o.caseJson.value(QStringLiteral("agency_responsible")).toString())},
                 {QStringLiteral("account_id"), QJsonValue()}}})};
}

} // namespace Pasokh::Hub
