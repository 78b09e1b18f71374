// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/casepayload.h"

#include <QJsonArray>

namespace Pasokh::Storage::CasePayload {

using namespace Pasokh::Core;

namespace {
QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

void putIf(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}
} // namespace

QJsonObject toJson(const CaseRecord &c)
{
    QJsonObject o;
    o.insert(QLatin1String("id"), c.id);
    putIf(o, "tracking_code", c.trackingCode);
    o.insert(QLatin1String("channel"), ChannelText::code(c.channel));
    o.insert(QLatin1String("case_type"), CaseTypeText::code(c.caseType));
    putIf(o, "service_code", c.serviceCode);
    o.insert(QLatin1String("description"), c.description);
    putIf(o, "caller_name", c.caller.name);
    putIf(o, "phone", c.caller.phone);
    putIf(o, "national_id", c.caller.nationalId);
    o.insert(QLatin1String("anonymous"), c.caller.anonymous);
    if (c.location.district > 0)
        o.insert(QLatin1String("district"), c.location.district);
    putIf(o, "neighbourhood", c.location.neighbourhood);
    putIf(o, "address_string", c.location.address);
    if (c.location.latitude && c.location.longitude) {
        o.insert(QLatin1String("lat"), *c.location.latitude);
        o.insert(QLatin1String("long"), *c.location.longitude);
    }
    o.insert(QLatin1String("urgency"), UrgencyText::code(c.urgency));
    putIf(o, "agency_responsible", c.agencyResponsible);
    o.insert(QLatin1String("status"), CaseStatusText::code(c.status));
    putIf(o, "requested_datetime", iso(c.requestedAt));
    putIf(o, "expected_datetime", iso(c.expectedAt));
    putIf(o, "operator", c.operatorName);
    o.insert(QLatin1String("station"), c.station);
    putIf(o, "call_id", c.callId);
    return o;
}

CaseRecord fromJson(const QJsonObject &o)
{
    CaseRecord c;
    auto s = [&o](const char *key) {
        return o.value(QLatin1String(key)).toString();
    };
    c.id = s("id");
    c.trackingCode = s("tracking_code");
    c.channel = ChannelText::fromCode(s("channel")).value_or(Channel::Phone);
    c.caseType = CaseTypeText::fromCode(s("case_type")).value_or(CaseType::Complaint);
    c.serviceCode = s("service_code");
    c.description = s("description");
    c.caller.name = s("caller_name");
    c.caller.phone = s("phone");
    c.caller.nationalId = s("national_id");
    c.caller.anonymous = o.value(QLatin1String("anonymous")).toBool();
    c.location.district = o.value(QLatin1String("district")).toInt();
    c.location.neighbourhood = s("neighbourhood");
    c.location.address = s("address_string");
    if (o.contains(QLatin1String("lat")) && o.contains(QLatin1String("long"))) {
        c.location.latitude = o.value(QLatin1String("lat")).toDouble();
        c.location.longitude = o.value(QLatin1String("long")).toDouble();
    }
    c.urgency = UrgencyText::fromCode(s("urgency")).value_or(Urgency::Normal);
    c.agencyResponsible = s("agency_responsible");
    c.status = CaseStatusText::fromCode(s("status")).value_or(CaseStatus::Draft);
    c.requestedAt = QDateTime::fromString(s("requested_datetime"), Qt::ISODateWithMs);
    c.expectedAt = QDateTime::fromString(s("expected_datetime"), Qt::ISODateWithMs);
    c.operatorName = s("operator");
    c.station = o.value(QLatin1String("station")).toInt();
    c.callId = s("call_id");
    return c;
}

QJsonObject diff(const CaseRecord &before, const CaseRecord &after)
{
    const QJsonObject a = toJson(before);
    const QJsonObject b = toJson(after);
    QJsonObject changes;
    QStringList keys = a.keys() + b.keys();
    keys.removeDuplicates();
    for (const QString &k : keys) {
        if (a.value(k) != b.value(k))
            changes.insert(k, QJsonArray{a.value(k), b.value(k)});
    }
    return changes;
}

} // namespace Pasokh::Storage::CasePayload
