// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/apierror.h"
#include "server/hubstore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

#include <optional>

namespace Pasokh::Hub {

/// Intake fields of a new case, from a console push or an Open311 POST (validated by the caller for shape).
struct NewCase
{
    QString id;           ///< UUID text; empty ⇒ the hub makes a UUIDv7
    QString trackingCode; ///< 10 digits; empty ⇒ the hub assigns one with station 00
    QString channel;
    QString caseType;
    QString serviceCode;
    QString description;
    QString callerName;
    QString callerPhone; ///< as typed; normalised to E.164 here
    QString callerNationalId;
    bool anonymous = false;
    int district = 0; ///< 1..12, 13 = Samen, 0 unknown
    QString neighbourhood;
    QString address;
    std::optional<double> lat;
    std::optional<double> lon;
    QString urgency; ///< empty ⇒ "urgent" if the category is urgent, else "normal"
    long long requestedAt = 0;
    QString callId;
    QString requestedUnit; ///< agency_responsible asked for (EXTERNAL categories)
    QString operatorId;
    QString stationId;
    int stationNo = 0;
    QString clientId;
    QString source; ///< console | open311
};

/// Reference lookups remembered for the length of one push (one transaction), to save round trips.
struct LookupCache
{
    struct Category
    {
        QString defaultUnit;
        long long slaDays = 0;
        bool urgent = false;
        bool retired = false;
        bool exists = false;
    };
    QHash<QString, Category> categories;
    QHash<QString, bool> activeUnits;
};

/// A validated case ready to insert (CaseService::prepareCase): one row of a multi-row INSERT.
struct PreparedCase
{
    QString id;
    QString unitCode;    ///< the unit the case is referred to
    QVariantList values; ///< the INSERT values in CaseService::insertPrepared's column order
};

/// Outcome of a case write inside a transaction: applied, or a business rejection (code + message), or a
/// storage failure (`storageError` set: the caller rolls back and answers 503).
struct CaseOutcome
{
    bool applied = false;
    QString errorCode;
    QString message;
    QString storageError;
    long long serverVersion = 0;
    QJsonObject caseJson;
};

/// Cases on the hub: intake, referral on arrival, answers from units, reviews, listing; agent-state
/// heartbeats. Server-owned fields (status, agency_responsible, response_type, review) change only here.
class CaseService
{
public:
    /// Inserts a case and refers it on arrival (Referral::unitFor): status "referred", expected_datetime from
    /// the category's SLA. Rejections: unknown_service_code, not_a_leaf_category, category_retired,
    /// district_required, external_unit_required, unknown_unit, invalid_enum, invalid_phone,
    /// invalid_national_id, invalid_tracking_code, tracking_code_station_mismatch, case_exists,
    /// tracking_code_taken.
    static CaseOutcome insertCase(SqlConnection &db, NewCase c, QList<PendingChange> &changes,
                                  LookupCache *cache = nullptr);

    /// The checks and referral of insertCase without the INSERT: an outcome with `errorCode` (rejection) or
    /// `storageError`, or neither and `*out` filled for insertPrepared().
    static CaseOutcome prepareCase(SqlConnection &db, NewCase c, LookupCache *cache, PreparedCase *out);

    /// Inserts prepared cases in order with multi-row INSERTs (one round trip per 50 cases); `outcomes` gets
    /// one entry per case, in order: applied (with caseJson and a change-log entry) or rejected
    /// `case_exists` / `tracking_code_taken` (as if inserted one by one). Returns a storage error, empty
    /// when fine.
    static QString insertPrepared(SqlConnection &db, const QList<PreparedCase> &cases,
                                  QList<CaseOutcome> *outcomes, QList<PendingChange> &changes);

    /// Applies an amend of client-owned intake fields (description, case_type, urgency, caller, location
    /// address, neighbourhood, lat/long) when `baseVersion` equals the case's server_version; otherwise
    /// rejected `conflict` with the current copy in caseJson. Rejections: not_found, case_closed, conflict,
    /// invalid_*.
    static CaseOutcome amendCase(SqlConnection &db, const QString &id, long long baseVersion,
                                 const QJsonObject &fields, QList<PendingChange> &changes);

    /// POST /v1/cases/{id}/answer by the manager of the case's unit (or an admin). 404 for cases outside the
    /// manager's unit, 409 `invalid_state` unless referred/in_progress.
    static ApiResult<QJsonObject> answer(SqlConnection &db, const Principal &who, const QString &id,
                                         const QJsonObject &body);
    /// POST /v1/cases/{id}/start: the unit takes the case in hand (referred → in_progress).
    static ApiResult<QJsonObject> start(SqlConnection &db, const Principal &who, const QString &id);
    /// POST /v1/cases/{id}/review by a supervisor/admin: verdict no_logical_answer (answered case; marks the
    /// answer), reopen (answered/closed → referred, reopened_count+1) or close (answered → closed).
    static ApiResult<QJsonObject> review(SqlConnection &db, const Principal &who, const QString &id,
                                         const QJsonObject &body);
    /// GET /v1/cases/{id} (managers: only their unit's cases, others 404), with the answers.
    static ApiResult<QJsonObject> get(SqlConnection &db, const Principal &who, const QString &id);
    /// GET /v1/cases?status=&unit=&limit=&offset= (managers forced to their unit).
    static ApiResult<QJsonObject> list(SqlConnection &db, const Principal &who, const QUrlQuery &query);

    /// POST /v1/agents/heartbeat: the caller's current agent state (logged_out, ready, ringing, on_call,
    /// wrap_up, not_ready + reason). A state change closes the previous agent_state_log row and opens a new
    /// one.
    static ApiResult<QJsonObject> heartbeat(SqlConnection &db, const Principal &who, const QJsonObject &body);
    /// GET /v1/agents/floor: every agent's last state; `stale` when no heartbeat for `staleAfterMs`.
    static ApiResult<QJsonObject> floor(SqlConnection &db, long long staleAfterMs = 30000);

    /// GET /v1/agents/log?username=&since=&limit=: state intervals (newest first; `ended_at` null while
    /// current), for the supervisor's timelines. since = ISO 8601; limit 1..1000 (default 200).
    static ApiResult<QJsonObject> agentLog(SqlConnection &db, const QUrlQuery &query);

    /// Shape check of a case's `caller` object (name, phone, national_id, anonymous); used by create and
    /// amend.
    static std::optional<ApiError> checkCallerShape(const QJsonObject &caller);

    /// Writes a case's current row into a change-log entry (after any change).
    static bool recordChange(SqlConnection &db, const QString &id, QList<PendingChange> &changes,
                             QJsonObject *json = nullptr);
};

} // namespace Pasokh::Hub
