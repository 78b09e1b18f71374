// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/hubstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QStringList>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

namespace Pasokh::Hub {

long long HubStore::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString HubStore::isoUtc(long long ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs);
}

std::optional<long long> HubStore::parseIsoUtc(const QString &text)
{
    if (text.size() < 20 || text.size() > 40)
        return std::nullopt;
    const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid() || dt.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

QString HubStore::serverEpoch(SqlConnection &db)
{
    const SqlResult r = db.exec(QStringLiteral("SELECT value FROM hub_meta WHERE key = 'server_epoch'"));
    return r.ok ? r.text(0, 0) : QString();
}

QString HubStore::rotateEpoch(SqlConnection &db)
{
    const QString epoch = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const SqlResult r =
        db.exec(QStringLiteral("UPDATE hub_meta SET value = $1 WHERE key = 'server_epoch'"), {epoch});
    return r.ok ? epoch : QString();
}

bool HubStore::flushChanges(SqlConnection &db, const QList<PendingChange> &changes)
{
    if (changes.isEmpty())
        return true;
    if (!db.lockChangeLog().ok)
        return false;
    const long long now = nowMs();
    // Multi-row INSERTs of up to kChunk rows: one round trip per chunk; rows keep their order (sequence
    // order).
    constexpr int kChunk = 50;
    for (qsizetype start = 0; start < changes.size(); start += kChunk) {
        const qsizetype n = std::min<qsizetype>(kChunk, changes.size() - start);
        QVariantList params;
        for (qsizetype i = start; i < start + n; ++i) {
            const PendingChange &c = changes.at(i);
            params << c.entity << c.id << c.serverVersion << (c.deleted ? 1 : 0)
                   << (c.unitCode.isEmpty() ? QVariant() : QVariant(c.unitCode))
                   << QString::fromUtf8(QJsonDocument(c.fields).toJson(QJsonDocument::Compact)) << now;
        }
        const SqlResult r =
            db.exec(QStringLiteral("INSERT INTO change_log (entity, entity_id, server_version, deleted, "
                                   "unit_code, fields, created_at) VALUES ") +
                        multiRowValues(n, 7),
                    params);
        if (!r.ok)
            return false;
    }
    return true;
}

QString HubStore::caseColumns()
{
    return QStringLiteral(
        "id, tracking_code, channel, case_type, service_code, description, caller_name, caller_phone, "
        "caller_national_id, caller_anonymous, district, neighbourhood, address, lat, lon, urgency, "
        "agency_responsible, status, status_notes, response_type, review, reopened_count, requested_at, "
        "updated_at, "
        "expected_at, received_at, operator_id, station_no, call_id, source, server_version");
}

QJsonObject HubStore::caseJson(const SqlResult &r, int row, bool forUnit)
{
    auto textOrNull = [&](int c) -> QJsonValue {
        return r.isNull(row, c) ? QJsonValue() : QJsonValue(r.text(row, c));
    };
    auto timeOrNull = [&](int c) -> QJsonValue {
        return r.isNull(row, c) ? QJsonValue() : QJsonValue(isoUtc(r.integer(row, c)));
    };
    const bool anonymous = r.integer(row, 9) != 0;
    QJsonObject caller;
    const bool hide = forUnit && anonymous;
    caller.insert(QStringLiteral("name"), hide ? QJsonValue() : textOrNull(6));
    caller.insert(QStringLiteral("phone"), hide ? QJsonValue() : textOrNull(7));
    caller.insert(QStringLiteral("national_id"), hide ? QJsonValue() : textOrNull(8));
    caller.insert(QStringLiteral("anonymous"), anonymous);
    QJsonObject location;
    location.insert(QStringLiteral("district"), int(r.integer(row, 10)));
    location.insert(QStringLiteral("neighbourhood"), textOrNull(11));
    location.insert(QStringLiteral("address"), textOrNull(12));
    const auto lat = r.real(row, 13);
    const auto lon = r.real(row, 14);
    location.insert(QStringLiteral("lat"), lat ? QJsonValue(*lat) : QJsonValue());
    location.insert(QStringLiteral("long"), lon ? QJsonValue(*lon) : QJsonValue());
    QJsonObject o;
    o.insert(QStringLiteral("id"), r.text(row, 0));
    o.insert(QStringLiteral("tracking_code"), r.text(row, 1));
    o.insert(QStringLiteral("channel"), r.text(row, 2));
    o.insert(QStringLiteral("case_type"), r.text(row, 3));
    o.insert(QStringLiteral("service_code"), r.text(row, 4));
    o.insert(QStringLiteral("description"), r.text(row, 5));
    o.insert(QStringLiteral("caller"), caller);
    o.insert(QStringLiteral("location"), location);
    o.insert(QStringLiteral("urgency"), r.text(row, 15));
    o.insert(QStringLiteral("agency_responsible"), textOrNull(16));
    o.insert(QStringLiteral("status"), r.text(row, 17));
    o.insert(QStringLiteral("status_notes"), textOrNull(18));
    o.insert(QStringLiteral("response_type"), textOrNull(19));
    o.insert(QStringLiteral("review"), textOrNull(20));
    o.insert(QStringLiteral("reopened_count"), int(r.integer(row, 21)));
    o.insert(QStringLiteral("requested_datetime"), timeOrNull(22));
    o.insert(QStringLiteral("updated_datetime"), timeOrNull(23));
    o.insert(QStringLiteral("expected_datetime"), timeOrNull(24));
    o.insert(QStringLiteral("received_datetime"), timeOrNull(25));
    o.insert(QStringLiteral("operator_id"), textOrNull(26));
    o.insert(QStringLiteral("station"), int(r.integer(row, 27)));
    o.insert(QStringLiteral("call_id"), textOrNull(28));
    o.insert(QStringLiteral("source"), r.text(row, 29));
    o.insert(QStringLiteral("server_version"), r.integer(row, 30));
    return o;
}

} // namespace Pasokh::Hub
