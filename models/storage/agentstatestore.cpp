// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/agentstatestore.h"

#include "models/storage/calllog.h"
#include "models/storage/database.h"
#include "models/storage/storageerror.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVariant>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Pasokh::Storage {

using Agent::AgentStateEntry;
using Agent::CallRecord;

namespace {
QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}
} // namespace

AgentStateStore::AgentStateStore(std::shared_ptr<Database> db) : m_db(std::move(db)) {}

Core::Status AgentStateStore::insertState(const QSqlDatabase &db, const AgentStateEntry &entry)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO agent_state_log (entry_id, agent, state, reason, call_id, started_at, "
                       "ended_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO NOTHING"));
    q.addBindValue(entry.id);
    q.addBindValue(entry.agent);
    q.addBindValue(Agent::toCode(entry.state));
    q.addBindValue(nullable(Agent::toCode(entry.reason)));
    q.addBindValue(nullable(entry.callId));
    q.addBindValue(entry.start.isValid() ? entry.start.toMSecsSinceEpoch()
                                         : QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(entry.end.isValid() ? QVariant(entry.end.toMSecsSinceEpoch()) : QVariant());
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    return {};
}

Core::Status AgentStateStore::endState(const QSqlDatabase &db, const AgentStateEntry &entry)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE agent_state_log SET ended_at = ? WHERE entry_id = ?"));
    q.addBindValue(entry.end.isValid() ? entry.end.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(entry.id);
    if (!q.exec())
        return Core::Status(storageError(q.lastError()));
    if (q.numRowsAffected() == 0) // the start was never written (it failed before): write the whole interval
        return insertState(db, entry);
    return {};
}

Core::Status AgentStateStore::upsertCall(const QSqlDatabase &db, const CallRecord &r)
{
    CallSummary s;
    s.id = r.id;
    s.direction = r.incoming ? QStringLiteral("inbound") : QStringLiteral("outbound");
    s.ani = r.withheld ? QString() : r.ani;
    s.withheld = r.withheld;
    s.offeredAt = r.offeredAt;
    s.answeredAt = r.answeredAt;
    s.endedAt = r.endedAt;
    s.outcome = Agent::toCode(r.outcome);
    s.disposition = Agent::toCode(r.disposition);
    s.caseId = r.caseId;
    s.endDetail = r.endDetail;
    return CallLog::upsert(db, s, r.agent, r.displayName, r.dnis);
}

void AgentStateStore::stateStarted(const AgentStateEntry &entry)
{
    submit([entry](const QSqlDatabase &db) { return insertState(db, entry); });
}

void AgentStateStore::stateEnded(const AgentStateEntry &entry)
{
    submit([entry](const QSqlDatabase &db) { return endState(db, entry); });
}

void AgentStateStore::callRecorded(const CallRecord &record)
{
    submit([record](const QSqlDatabase &db) { return upsertCall(db, record); });
}

void AgentStateStore::submit(Write write)
{
    m_pending.append(std::move(write));
    retryPending();
}

bool AgentStateStore::retryPending()
{
    const QSqlDatabase db = m_db->writer();
    while (!m_pending.isEmpty()) {
        const Core::Status s = m_pending.constFirst()(db);
        if (!s.ok()) {
            m_lastError = s.error();
            qCWarning(lcStorage).noquote() << "agent log write failed, kept for retry:" << s.error().code
                                           << "pending" << m_pending.size();
            return false;
        }
        m_pending.removeFirst();
    }
    m_lastError = Core::Error{};
    return true;
}

} // namespace Pasokh::Storage
