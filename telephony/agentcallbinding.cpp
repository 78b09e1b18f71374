// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/agentcallbinding.h"

#include "telephony/telephonylog.h"

#include <QTimer>

namespace Pasokh::Telephony {

using Agent::AgentStateMachine;
using Agent::CallOutcome;

AgentCallBinding::AgentCallBinding(ITelephony *telephony, AgentStateMachine *agent, QObject *parent)
    : QObject(parent), m_telephony(telephony), m_agent(agent)
{
    connect(telephony, &ITelephony::incomingCall, this, &AgentCallBinding::onIncoming);
    connect(telephony, &ITelephony::callChanged, this, &AgentCallBinding::onChanged);
    connect(telephony, &ITelephony::callRefused, this, [this](const CallInfo &call) {
        if (m_agent)
            m_agent->recordRefusedCall(offerFor(call));
    });
}

void AgentCallBinding::setAutoAnswer(bool enabled, int delayMs)
{
    m_autoAnswer = enabled;
    m_autoAnswerDelayMs = qBound(0, delayMs, 10000);
}

Agent::CallOffer AgentCallBinding::offerFor(const CallInfo &call)
{
    Agent::CallOffer o;
    o.telephonyCallId = call.id;
    o.incoming = call.direction == CallDirection::Incoming;
    o.ani = call.ani;
    o.withheld = call.withheld;
    o.displayName = call.displayName;
    o.dnis = call.direction == CallDirection::Incoming ? call.dnis : call.remoteUri;
    o.offeredAt = call.offeredAt;
    return o;
}

CallOutcome AgentCallBinding::outcomeFor(const CallInfo &call)
{
    switch (call.endReason) {
    case EndReason::LocalHangUp:
    case EndReason::RemoteHangUp:
    case EndReason::Transferred:
        return call.answeredAt.isValid()
                   ? CallOutcome::Answered
                   : (call.direction == CallDirection::Incoming ? CallOutcome::Missed : CallOutcome::Failed);
    case EndReason::Missed:
        return CallOutcome::Missed;
    case EndReason::Rejected:
    case EndReason::Busy:
        return CallOutcome::Rejected;
    case EndReason::EngineCrashed:
        return CallOutcome::EngineCrashed;
    case EndReason::Failed:
    case EndReason::None:
        break;
    }
    return CallOutcome::Failed;
}

void AgentCallBinding::onIncoming(const CallInfo &call)
{
    if (!m_agent || !m_telephony)
        return;
    const auto decision = m_agent->offerCall(offerFor(call));
    if (decision != AgentStateMachine::OfferDecision::Accept) {
        m_telephony->reject(call.id, /*busy=*/true);
        return;
    }
    if (m_autoAnswer) {
        Q_EMIT autoAnswerPending(call.id, m_autoAnswerDelayMs);
        const QString id = call.id;
        QTimer::singleShot(m_autoAnswerDelayMs, this, [this, id] {
            if (!m_telephony || !m_agent || m_agent->state() != Agent::AgentState::Ringing ||
                m_agent->currentCall().telephonyCallId != id)
                return;
            qCInfo(lcTelephony) << "auto-answering" << id;
            m_telephony->answer(id);
        });
    }
}

void AgentCallBinding::onChanged(const CallInfo &call)
{
    if (!m_agent)
        return;
    if (call.state == CallState::Connected && call.answeredAt.isValid()) {
        m_agent->callAnswered(call.id);
    } else if (call.state == CallState::Ended) {
        m_agent->callEnded(call.id, outcomeFor(call), call.reasonText);
    }
}

Core::Result<QString> AgentCallBinding::dial(const QString &target)
{
    if (!m_agent || !m_telephony)
        return Core::Error{QStringLiteral("dial_failed"), QStringLiteral("telephony is not available")};
    Agent::CallOffer probe;
    probe.incoming = false;
    probe.dnis = target;
    // Ask the agent model first so a refused dial never reaches the PBX.
    if (m_agent->state() == Agent::AgentState::Ringing || m_agent->state() == Agent::AgentState::OnCall)
        return Core::Error{QStringLiteral("busy"), QStringLiteral("a call is already in progress")};
    const QString id = m_telephony->dial(target);
    if (id.isEmpty())
        return Core::Error{QStringLiteral("dial_failed"), QStringLiteral("the number cannot be dialled")};
    probe.telephonyCallId = id;
    probe.offeredAt = QDateTime::currentDateTimeUtc();
    const Core::Status st = m_agent->outboundCallStarted(probe);
    if (!st.ok()) {
        m_telephony->hangUp(id);
        return st.error();
    }
    return id;
}

} // namespace Pasokh::Telephony
