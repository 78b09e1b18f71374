// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/core/result.h"
#include "models/storage/casefilter.h"

#include <QList>
#include <QSqlDatabase>
#include <optional>

namespace Pasokh::Storage {

/// One entry of a case's timeline. `at` UTC; `changes` JSON text {field: [old, new]} for amendments.
struct CaseEvent
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString kind;   ///< created, amended, status, answer
    QString status; ///< status code after the event, may be empty
    QString changes;
    QString note;
};

/// A call from the call log (telephony writes them; the history shows them).
struct CallSummary
{
    QString id;
    QString direction; ///< inbound, outbound
    QString ani;       ///< E.164 or empty when withheld
    QDateTime offeredAt;
    QDateTime answeredAt;
    QDateTime endedAt;
    QString outcome;
    QString disposition;
    QString caseId;
    bool withheld = false; ///< the caller hid the number (ani empty); written by CallLog, not read back
    QString endDetail;     ///< short English failure detail (no caller data); written by CallLog
};

/// What the centre already knows about a caller (screen pop and the intake form's history pane): newest
/// first.
struct CallerHistory
{
    QList<Core::CaseRecord> cases;
    QList<CallSummary> calls;
};

/// Read queries over the case tables. Every function takes the connection to use, so it runs on a worker
/// thread with that thread's read connection (Database::openReader) as well as on the writer. Errors: storage
/// errors.
class CaseReader
{
public:
    static Core::Result<std::optional<Core::CaseRecord>> find(const QSqlDatabase &db, const QString &id);
    static Core::Result<std::optional<Core::CaseRecord>> findByTrackingCode(const QSqlDatabase &db,
                                                                            const QString &code);
    /// The timeline of a case, oldest first.
    static Core::Result<QList<CaseEvent>> events(const QSqlDatabase &db, const QString &caseId);
    /// Up to `limit` newest cases and calls of an E.164 number (uses the (caller_phone, requested_at) index).
    static Core::Result<CallerHistory> callerHistory(const QSqlDatabase &db, const QString &e164,
                                                     int limit = 20);
    /// One page of the filtered, sorted case list.
    static Core::Result<QList<Core::CaseRecord>> list(const QSqlDatabase &db, const CaseFilter &filter,
                                                      int offset, int limit);
    /// How many cases match the filter.
    static Core::Result<int> count(const QSqlDatabase &db, const CaseFilter &filter);
};

} // namespace Pasokh::Storage
