// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"

#include <QJsonObject>

namespace Pasokh::Storage::CasePayload {

/// The intake fields of a case as the flat JSON object that the outbox carries to the hub. Names follow
/// Open311 GeoReport v2 where one exists: service_code, description, address_string, lat, long, phone,
/// agency_responsible, requested_datetime, expected_datetime (ISO 8601 UTC with 'Z'); the rest are Pasokh's:
/// id, tracking_code, channel, case_type, caller_name, national_id, anonymous (bool), district (1..13),
/// neighbourhood, urgency, status, operator, station, call_id. Empty optional fields are omitted.
QJsonObject toJson(const Core::CaseRecord &c);

/// Reads toJson()'s shape back (unknown keys ignored; missing keys leave defaults).
Core::CaseRecord fromJson(const QJsonObject &o);

/// The field-by-field differences of the intake fields, as {field: [old, new]} using toJson()'s names.
QJsonObject diff(const Core::CaseRecord &before, const Core::CaseRecord &after);

} // namespace Pasokh::Storage::CasePayload
