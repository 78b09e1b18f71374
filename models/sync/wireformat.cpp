// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/wireformat.h"

namespace Pasokh::Sync::WireFormat {

namespace {
void copyIf(QJsonObject &to, const char *toKey, const QJsonObject &from, const char *fromKey)
{
    const QJsonValue v = from.value(QLatin1String(fromKey));
    if (!v.isUndefined() && !v.isNull())
        to.insert(QLatin1String(toKey), v);
}
} // namespace

QJsonObject hubPayload(const QString &op, const QJsonObject &p)
{
    QJsonObject caller;
    copyIf(caller, "name", p, "caller_name");
    copyIf(caller, "phone", p, "phone");
    copyIf(caller, "national_id", p, "national_id");
    caller.insert(QStringLiteral("anonymous"), p.value(QStringLiteral("anonymous")).toBool());
    QJsonObject location;
    if (op != QLatin1String("amend"))
        copyIf(location, "district", p, "district");
    copyIf(location, "neighbourhood", p, "neighbourhood");
    copyIf(location, "address", p, "address_string");
    copyIf(location, "lat", p, "lat");
    copyIf(location, "long", p, "long");

    QJsonObject out;
    copyIf(out, "description", p, "description");
    copyIf(out, "case_type", p, "case_type");
    copyIf(out, "urgency", p, "urgency");
    out.insert(QStringLiteral("caller"), caller);
    out.insert(QStringLiteral("location"), location);
    if (op == QLatin1String("amend"))
        return out;
    copyIf(out, "tracking_code", p, "tracking_code");
    copyIf(out, "channel", p, "channel");
    copyIf(out, "service_code", p, "service_code");
    copyIf(out, "requested_datetime", p, "requested_datetime");
    copyIf(out, "call_id", p, "call_id");
    copyIf(out, "agency_responsible", p, "agency_responsible");
    return out;
}

} // namespace Pasokh::Sync::WireFormat
