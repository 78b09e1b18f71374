// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/calllog.h"

#include "models/storage/storageerror.h"

#include <QSqlQuery>
#include <QVariant>

namespace Pasokh::Storage {

namespace {
QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}
QVariant ms(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}
} // namespace

Core::Status CallLog::upsert(const QSqlDatabase &db, const CallSummary &call, const QString &agent,
                             const QString &displayName, const QString &dnis)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO calls (id, direction, ani, display_name, dnis, offered_at, answered_at, ended_at, "
        "agent, outcome, "
        "disposition, case_id, withheld, end_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET "
        "answered_at = coalesce(excluded.answered_at, answered_at), ended_at = coalesce(excluded.ended_at, "
        "ended_at), "
        "agent = coalesce(excluded.agent, agent), outcome = coalesce(excluded.outcome, outcome), "
        "disposition = coalesce(excluded.disposition, disposition), case_id = coalesce(excluded.case_id, "
        "case_id), end_detail = coalesce(excluded.end_detail, end_detail)"));
    q.addBindValue(call.id);
    q.addBindValue(call.direction.isEmpty() ? QStringLiteral("inbound") : call.direction);
    q.addBindValue(nullable(call.ani));
    q.addBindValue(nullable(displayName));
    q.addBindValue(nullable(dnis));
    q.addBindValue(call.offeredAt.isValid() ? call.offeredAt.toMSecsSinceEpoch()
                                            : QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(ms(call.answeredAt));
    q.addBindValue(ms(call.endedAt));
    q.addBindValue(nullable(agent));
    q.addBindValue(nullable(call.outcome));
    q.addBindValue(nullable(call.disposition));
    q.addBindValue(nullable(call.caseId));
    q.addBindValue(call.withheld ? 1 : 0);
    q.addBindValue(nullable(call.endDetail));
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    return {};
}

} // namespace Pasokh::Storage
