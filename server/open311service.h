// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/hubstore.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace Pasokh::Hub {

/// An Open311 answer: HTTP status and a JSON document (a list, as GeoReport v2 returns lists, or an error
/// list).
struct Open311Reply
{
    int status = 200;
    QJsonDocument document;
};

/// Open311 GeoReport v2 in JSON (https://wiki.open311.org/GeoReport_v2), under /open311/v2/:
/// services.json, services/{code}.json, requests.json (GET, POST), requests/{id}.json.
/// - Services are the leaf, unretired categories; those referred to the district municipality have a required
///   `district` attribute (singlevaluelist 1..13), EXTERNAL ones a required `agency` attribute.
/// - service_request_id is the case's tracking code. status is "open" unless answered/closed/rejected.
///   The caller's personal data is never returned.
/// - GET requests.json: filters service_request_id (comma list; other filters then ignored), service_code
/// (comma
///   list), start_date/end_date (ISO 8601 with zone, span ≤ 90 days; default the last 90 days), status
///   (open|closed, comma list); paging extension `page` (1-based) and `page_size` (1..1000, default 1000),
///   newest first.
/// - POST requests.json (application/x-www-form-urlencoded): api_key required (403 "Invalid api_key"),
/// service_code,
///   a location (lat+long, address_string or address_id), attribute[...] for required attributes. The case
///   gets a hub tracking code (station 00) and is referred like a console's case.
/// Errors use the spec's format: `[{"code": <http status>, "description": "..."}]`.
class Open311Service
{
public:
    /// `jurisdiction` is the jurisdiction_id this hub answers for (others ⇒ 404).
    explicit Open311Service(QString jurisdiction);

    /// Handles `method` on `path` (the part after /open311/v2/), with the query and body of the request.
    Open311Reply handle(SqlConnection &db, const QString &method, const QString &path, const QUrlQuery &query,
                        const QByteArray &body, const QString &contentType) const;

    /// One spec error list.
    static Open311Reply error(int status, const QString &description);

private:
    Open311Reply services(SqlConnection &db) const;
    Open311Reply serviceDefinition(SqlConnection &db, const QString &code) const;
    Open311Reply listRequests(SqlConnection &db, const QUrlQuery &query) const;
    Open311Reply postRequest(SqlConnection &db, const QUrlQuery &form) const;
    Open311Reply oneRequest(SqlConnection &db, const QString &id) const;
    QString m_jurisdiction;
};

} // namespace Pasokh::Hub
