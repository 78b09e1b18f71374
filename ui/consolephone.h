// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agentstatemachine.h"
#include "models/storage/agentstatestore.h"
#include "telephony/agentcallbinding.h"
#include "telephony/itelephony.h"

#include <memory>

namespace Pasokh::Storage {
class Database;
}

namespace Pasokh::Ui {

/// The console's phone, built by the composition root when the config has a `[sip]` account (and by UI tests
/// with FakeTelephony): the telephone, the agent state machine logging to the store, and the binding between
/// them. Destroyed in reverse order (binding, agent, sink, telephone).
struct ConsolePhone
{
    /// Agent behaviour read from the `[agent]` and `[sip]` groups (README.md, "Configuration").
    struct Options
    {
        QString agentId;             ///< agent id in the state log and call log (the operator)
        int wrapUpSeconds = 30;      ///< [agent] wrap_up_seconds: 0 = until the operator presses ready
        bool autoAnswer = false;     ///< [sip] auto_answer
        int autoAnswerDelayMs = 800; ///< [sip] auto_answer_delay_ms
    };

    /// Wires `telephony` to a new AgentStateMachine (logged out) that logs to `db` through AgentStateStore.
    /// Does not start the telephone.
    static std::unique_ptr<ConsolePhone> create(std::unique_ptr<Telephony::ITelephony> telephony,
                                                std::shared_ptr<Storage::Database> db,
                                                const Options &options);

    std::unique_ptr<Telephony::ITelephony> telephony;
    std::unique_ptr<Storage::AgentStateStore> sink;
    std::unique_ptr<Agent::AgentStateMachine> agent;
    std::unique_ptr<Telephony::AgentCallBinding> binding;
    Options options;
};

} // namespace Pasokh::Ui
