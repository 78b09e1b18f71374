// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace Pasokh::Sync::WireFormat {

/// Converts an outbox payload (Storage::CasePayload's flat shape) into the payload the hub's push expects
/// (server/syncservice.cpp: `caller{name, phone, national_id, anonymous}`, `location{district, neighbourhood,
/// address, lat, long}`, tracking_code, channel, case_type, service_code, description, urgency,
/// requested_datetime, call_id, agency_responsible). For op "amend" only the fields the hub lets a console
/// amend are sent (description, case_type, urgency, caller, location without district).
QJsonObject hubPayload(const QString &op, const QJsonObject &outboxPayload);

} // namespace Pasokh::Sync::WireFormat
