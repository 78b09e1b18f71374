// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agenttypes.h"

namespace Pasokh::Agent {

/// Where the agent model writes its log: implemented by the storage layer (agent_state_log and calls tables,
/// resources/sql/0003_agent.sql) and by an in-memory sink in tests. Calls arrive on the thread that owns the
/// AgentStateMachine (the GUI thread); an implementation must not block for long (queue to the writer
/// connection).
class IAgentStateSink
{
public:
    virtual ~IAgentStateSink() = default;
    /// A state interval began: insert it (its `end` is invalid).
    virtual void stateStarted(const AgentStateEntry &entry) = 0;
    /// The interval with `entry.id` ended at `entry.end`: update it.
    virtual void stateEnded(const AgentStateEntry &entry) = 0;
    /// A call record was created or changed: upsert by `record.id`.
    virtual void callRecorded(const CallRecord &record) = 0;
};

} // namespace Pasokh::Agent
