// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/connectionpool.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Pasokh::Hub {

/// Who is calling, from a valid access token (never from the request body).
struct Principal
{
    QString userId;
    QString username;
    QString displayName;
    QString role;     ///< operator | supervisor | manager | admin
    QString unitCode; ///< for managers: the unit they answer for
    QString stationId;
    int stationNo = 0; ///< 0 = not bound to a station
    QString familyId;  ///< token family (login session)

    bool is(const char *r) const { return role == QLatin1String(r); }
};

/// A change-log row to append at the end of a write transaction (see HubStore::flushChanges).
struct PendingChange
{
    QString entity; ///< case | category | unit | district | kb_article
    QString id;
    long long serverVersion = 0;
    bool deleted = false; ///< tombstone
    QString unitCode;     ///< for cases: the unit the case is referred to (manager visibility)
    QJsonObject fields;
};

/// Shared storage helpers of the hub, the same SQL on PostgreSQL and SQLite.
class HubStore
{
public:
    /// Now, Unix milliseconds UTC.
    static long long nowMs();
    /// ISO 8601 UTC with milliseconds ("2026-11-30T09:30:00.000Z") of Unix ms.
    static QString isoUtc(long long ms);
    /// Parses ISO 8601 with an offset or Z; nullopt when invalid or without a zone.
    static std::optional<long long> parseIsoUtc(const QString &text);
    /// The current server epoch (hub_meta), empty on a storage error.
    static QString serverEpoch(SqlConnection &db);
    /// Replaces the server epoch with a new random one (after a restore from backup). Returns the new epoch.
    static QString rotateEpoch(SqlConnection &db);
    /// Appends changes to change_log under the change-log lock (notes/sync.md §4 option b: with the lock held
    /// to commit, sequence numbers become visible in order, so a pull watermark never skips a late commit).
    /// Call inside the write transaction, as its last statements. False on a storage error.
    static bool flushChanges(SqlConnection &db, const QList<PendingChange> &changes);
    /// Column list for SELECTs that caseJson() reads, in its order.
    static QString caseColumns();
    /// A case row (selected with caseColumns()) as the JSON a console or manager sees. With `forUnit` true
    /// and an anonymous caller, the caller's name and national ID are left out (CallerInfo::anonymous).
    static QJsonObject caseJson(const SqlResult &r, int row, bool forUnit = false);
};

} // namespace Pasokh::Hub
