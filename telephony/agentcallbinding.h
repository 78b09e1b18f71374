// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agentstatemachine.h"
#include "telephony/itelephony.h"

#include <QObject>
#include <QPointer>

namespace Pasokh::Telephony {

/// Wires an ITelephony to the AgentStateMachine: every offered call is put to the agent model, which decides;
/// refused offers are answered 486 Busy Here (RFC 3261 §21.4.7) and logged; call progress moves the agent
/// through ringing, on call and wrap-up; calls refused by the engine are logged. Optionally answers by itself
/// (auto-answer) after a short delay, announcing it first with autoAnswerPending() so the UI can beep.
class AgentCallBinding : public QObject
{
    Q_OBJECT
public:
    /// Neither pointer may be null; both must outlive this object.
    AgentCallBinding(ITelephony *telephony, Agent::AgentStateMachine *agent, QObject *parent = nullptr);

    /// Auto-answer for calls the agent accepts: `delayMs` after the offer (0..10000 ms).
    void setAutoAnswer(bool enabled, int delayMs);
    /// Click-to-call: checks with the agent model, then dials. Returns the call id, or an error ("busy",
    /// "invalid_transition", "disposition_required", "dial_failed").
    Core::Result<QString> dial(const QString &target);

    /// Maps a telephony end reason to the call-log outcome (answered calls that ended normally are Answered).
    static Agent::CallOutcome outcomeFor(const CallInfo &call);
    /// The agent model's view of a telephony call.
    static Agent::CallOffer offerFor(const CallInfo &call);

Q_SIGNALS:
    /// The call will be answered automatically in `delayMs`: play the short auto-answer beep now.
    void autoAnswerPending(const QString &callId, int delayMs);

private:
    void onIncoming(const CallInfo &call);
    void onChanged(const CallInfo &call);

    QPointer<ITelephony> m_telephony;
    QPointer<Agent::AgentStateMachine> m_agent;
    bool m_autoAnswer = false;
    int m_autoAnswerDelayMs = 800;
};

} // namespace Pasokh::Telephony
