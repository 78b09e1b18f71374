// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/iagentstatesink.h"
#include "models/core/result.h"

#include <QList>
#include <QSqlDatabase>
#include <functional>
#include <memory>

namespace Pasokh::Storage {

class Database;

/// Agent::IAgentStateSink over the console store: state intervals go to `agent_state_log` (keyed by the
/// console-born `entry_id`), call records to `calls` through CallLog (resources/sql/0001_core.sql,
/// 0003_agent.sql, 0005_calls.sql). Runs on the writer's thread (the GUI thread); each write is one short
/// statement. A write that fails (disk full, locked) is kept in memory, in order, and retried before the next
/// write and by retryPending(), so a full disk loses no log row while the console runs.
class AgentStateStore : public Agent::IAgentStateSink
{
public:
    /// `db` must outlive nothing in particular: the store keeps a shared reference.
    explicit AgentStateStore(std::shared_ptr<Database> db);

    void stateStarted(const Agent::AgentStateEntry &entry) override;
    void stateEnded(const Agent::AgentStateEntry &entry) override;
    void callRecorded(const Agent::CallRecord &record) override;

    /// Writes that failed and wait for a retry (0 when the store is in step).
    int pendingCount() const { return int(m_pending.size()); }
    /// The error of the last failed write (empty code when none failed since the last success).
    Core::Error lastError() const { return m_lastError; }
    /// Retries the waiting writes in order. Returns false when one still fails (it stays queued).
    bool retryPending();

    /// The one write each sink call makes, exposed for tests. Errors: storage errors.
    static Core::Status insertState(const QSqlDatabase &db, const Agent::AgentStateEntry &entry);
    static Core::Status endState(const QSqlDatabase &db, const Agent::AgentStateEntry &entry);
    static Core::Status upsertCall(const QSqlDatabase &db, const Agent::CallRecord &record);

private:
    using Write = std::function<Core::Status(const QSqlDatabase &)>;
    void submit(Write write);

    std::shared_ptr<Database> m_db;
    QList<Write> m_pending;
    Core::Error m_lastError;
};

} // namespace Pasokh::Storage
