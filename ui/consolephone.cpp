// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/consolephone.h"

#include "models/storage/database.h"

namespace Pasokh::Ui {

std::unique_ptr<ConsolePhone> ConsolePhone::create(std::unique_ptr<Telephony::ITelephony> telephony,
                                                   std::shared_ptr<Storage::Database> db,
                                                   const Options &options)
{
    auto p = std::make_unique<ConsolePhone>();
    p->options = options;
    p->telephony = std::move(telephony);
    p->sink = std::make_unique<Storage::AgentStateStore>(std::move(db));
    p->agent = std::make_unique<Agent::AgentStateMachine>(
        options.agentId, p->sink.get(),
        Agent::AgentStateMachine::Config{qBound(0, options.wrapUpSeconds, 3600) * 1000});
    p->binding = std::make_unique<Telephony::AgentCallBinding>(p->telephony.get(), p->agent.get());
    p->binding->setAutoAnswer(options.autoAnswer, options.autoAnswerDelayMs);
    return p;
}

} // namespace Pasokh::Ui
