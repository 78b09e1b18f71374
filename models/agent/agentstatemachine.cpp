// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/agent/agentstatemachine.h"

#include "models/core/uuid7.h"

#include <QLoggingCategory>

namespace Pasokh::Agent {

namespace {
Q_LOGGING_CATEGORY(lcAgent, "pasokh.agent", QtInfoMsg)

Core::Status fail(const char *code, const QString &message)
{
    return Core::Status::failure(QString::fromLatin1(code), message);
}
} // namespace

AgentStateMachine::AgentStateMachine(const QString &agentId, IAgentStateSink *sink, Config config,
                                     QObject *parent)
    : QObject(parent), m_agentId(agentId), m_sink(sink), m_config(config)
{
    m_wrapUpTimer.setSingleShot(true);
    connect(&m_wrapUpTimer, &QTimer::timeout, this, [this] {
        if (m_state != AgentState::WrapUp)
            return;
        if (m_call.disposition == Disposition::None) {
            m_overdue = true;
            Q_EMIT dispositionRequired();
            return;
        }
        finishWrapUp();
    });
    // The initial logged_out interval is not written: the log starts at the first logIn().
    m_entry.agent = m_agentId;
    m_entry.state = AgentState::LoggedOut;
    m_entry.start = now();
}

CallRecord AgentStateMachine::currentCall() const
{
    if (m_state == AgentState::Ringing || m_state == AgentState::OnCall || m_state == AgentState::WrapUp)
        return m_call;
    return {};
}

void AgentStateMachine::enter(AgentState state, NotReadyReason reason)
{
    const QDateTime t = now();
    const bool hadOpen = !m_entry.id.isEmpty();
    if (hadOpen) {
        m_entry.end = t;
        if (m_sink)
            m_sink->stateEnded(m_entry);
    }
    m_state = state;
    m_reason = state == AgentState::NotReady ? reason : NotReadyReason::None;
    m_entry = AgentStateEntry{};
    m_entry.agent = m_agentId;
    m_entry.state = state;
    m_entry.reason = m_reason;
    m_entry.start = t;
    if (state == AgentState::Ringing || state == AgentState::OnCall || state == AgentState::WrapUp)
        m_entry.callId = m_call.id;
    m_entry.id = Core::Uuid7::generateString();
    if (m_sink)
        m_sink->stateStarted(m_entry);
    qCInfo(lcAgent).noquote() << "agent state" << toCode(state) << toCode(m_reason);
    Q_EMIT stateChanged(m_state, m_reason);
}

Core::Status AgentStateMachine::logIn()
{
    if (m_state != AgentState::LoggedOut)
        return fail("invalid_transition", QStringLiteral("already logged in"));
    m_pendingReason = NotReadyReason::None;
    enter(AgentState::Ready);
    return {};
}

Core::Status AgentStateMachine::logOut()
{
    switch (m_state) {
    case AgentState::LoggedOut:
        return {};
    case AgentState::Ringing:
    case AgentState::OnCall:
        return fail("call_in_progress", QStringLiteral("cannot log out during a call"));
    case AgentState::WrapUp:
        if (m_call.disposition == Disposition::None)
            return fail("disposition_required",
                        QStringLiteral("choose a disposition for the last call first"));
        m_wrapUpTimer.stop();
        break;
    default:
        break;
    }
    m_pendingReason = NotReadyReason::None;
    enter(AgentState::LoggedOut);
    return {};
}

void AgentStateMachine::shutDown(const QString &detail)
{
    if (m_state == AgentState::LoggedOut)
        return;
    m_wrapUpTimer.stop();
    m_overdue = false;
    m_pendingReason = NotReadyReason::None;
    if (m_state == AgentState::Ringing || m_state == AgentState::OnCall) {
        m_call.endedAt = now();
        m_call.endDetail = detail.left(200);
        // Ringing: the agent's side declines it. On a call: an answered call ends normally; an outbound call
        // not picked up yet failed, as callEnded() would record it.
        m_call.outcome = m_state == AgentState::Ringing ? CallOutcome::Rejected
                         : m_call.answeredAt.isValid()  ? CallOutcome::Answered
                                                        : CallOutcome::Failed;
        publishCall();
    }
    qCInfo(lcAgent).noquote() << "console closing in state" << toCode(m_state) << "; logging out";
    enter(AgentState::LoggedOut);
}

Core::Status AgentStateMachine::setReady()
{
    switch (m_state) {
    case AgentState::Ready:
        return {};
    case AgentState::NotReady:
        enter(AgentState::Ready);
        return {};
    case AgentState::WrapUp:
        if (m_call.disposition == Disposition::None)
            return fail("disposition_required",
                        QStringLiteral("choose a disposition for the last call first"));
        m_pendingReason = NotReadyReason::None;
        finishWrapUp();
        return {};
    case AgentState::Ringing:
    case AgentState::OnCall:
        m_pendingReason = NotReadyReason::None; // cancel a pending not-ready
        return {};
    case AgentState::LoggedOut:
        return fail("invalid_transition", QStringLiteral("log in first"));
    }
    return {};
}

Core::Status AgentStateMachine::setNotReady(NotReadyReason reason)
{
    if (reason == NotReadyReason::None)
        return fail("reason_required", QStringLiteral("a not-ready reason is required"));
    switch (m_state) {
    case AgentState::LoggedOut:
        return fail("invalid_transition", QStringLiteral("log in first"));
    case AgentState::Ready:
        enter(AgentState::NotReady, reason);
        return {};
    case AgentState::NotReady:
        if (reason != m_reason)
            enter(AgentState::NotReady, reason);
        return {};
    case AgentState::Ringing:
    case AgentState::OnCall:
    case AgentState::WrapUp:
        m_pendingReason = reason;
        return {};
    }
    return {};
}

CallRecord AgentStateMachine::newRecord(const CallOffer &offer) const
{
    CallRecord r;
    r.id = Core::Uuid7::generateString();
    r.telephonyCallId = offer.telephonyCallId;
    r.incoming = offer.incoming;
    r.ani = offer.ani;
    r.withheld = offer.withheld;
    r.displayName = offer.displayName;
    r.dnis = offer.dnis;
    r.agent = m_agentId;
    r.offeredAt = offer.offeredAt.isValid() ? offer.offeredAt.toUTC() : now();
    return r;
}

void AgentStateMachine::publishCall()
{
    if (m_sink)
        m_sink->callRecorded(m_call);
    Q_EMIT callRecordChanged(m_call);
}

AgentStateMachine::OfferDecision AgentStateMachine::offerCall(const CallOffer &offer)
{
    OfferDecision d = OfferDecision::Accept;
    switch (m_state) {
    case AgentState::Ready:
        break;
    case AgentState::NotReady:
        d = OfferDecision::RejectNotReady;
        break;
    case AgentState::LoggedOut:
        d = OfferDecision::RejectLoggedOut;
        break;
    default:
        d = OfferDecision::RejectBusy;
        break;
    }
    if (d != OfferDecision::Accept) {
        CallRecord r = newRecord(offer);
        r.outcome = d == OfferDecision::RejectNotReady    ? CallOutcome::RefusedNotReady
                    : d == OfferDecision::RejectLoggedOut ? CallOutcome::RefusedLoggedOut
                                                          : CallOutcome::RefusedBusy;
        r.endedAt = r.offeredAt;
        if (m_sink)
            m_sink->callRecorded(r);
        Q_EMIT callRecordChanged(r);
        qCInfo(lcAgent).noquote() << "offer refused:" << toCode(r.outcome);
        return d;
    }
    m_wrapUpTimer.stop();
    m_call = newRecord(offer);
    publishCall();
    enter(AgentState::Ringing);
    return d;
}

void AgentStateMachine::recordRefusedCall(const CallOffer &offer)
{
    CallRecord r = newRecord(offer);
    r.outcome = CallOutcome::RefusedBusy;
    r.endedAt = r.offeredAt;
    if (m_sink)
        m_sink->callRecorded(r);
    Q_EMIT callRecordChanged(r);
}

Core::Status AgentStateMachine::outboundCallStarted(const CallOffer &call)
{
    switch (m_state) {
    case AgentState::Ringing:
    case AgentState::OnCall:
        return fail("busy", QStringLiteral("a call is already in progress"));
    case AgentState::LoggedOut:
        return fail("invalid_transition", QStringLiteral("log in first"));
    case AgentState::WrapUp:
        m_wrapUpTimer.stop();
        if (m_call.disposition == Disposition::None)
            return fail("disposition_required",
                        QStringLiteral("choose a disposition for the last call first"));
        break;
    case AgentState::NotReady:
        m_pendingReason = m_reason; // come back to the same not-ready state afterwards
        break;
    case AgentState::Ready:
        break;
    }
    CallOffer o = call;
    o.incoming = false;
    m_call = newRecord(o);
    publishCall();
    enter(AgentState::OnCall);
    return {};
}

void AgentStateMachine::callAnswered(const QString &telephonyCallId)
{
    if (m_state != AgentState::Ringing || telephonyCallId != m_call.telephonyCallId) {
        if (m_state == AgentState::OnCall && telephonyCallId == m_call.telephonyCallId &&
            !m_call.answeredAt.isValid()) {
            m_call.answeredAt = now(); // outbound call picked up by the far end
            publishCall();
        }
        return;
    }
    m_call.answeredAt = now();
    publishCall();
    enter(AgentState::OnCall);
}

void AgentStateMachine::callEnded(const QString &telephonyCallId, CallOutcome outcome, const QString &detail)
{
    if (telephonyCallId != m_call.telephonyCallId ||
        (m_state != AgentState::Ringing && m_state != AgentState::OnCall))
        return;
    m_call.endedAt = now();
    m_call.endDetail = detail.left(200);
    const bool answered = m_call.answeredAt.isValid();
    if (outcome == CallOutcome::Answered && !answered)
        outcome = m_call.incoming ? CallOutcome::Missed : CallOutcome::Failed;
    m_call.outcome = outcome;
    publishCall();
    if (m_state == AgentState::OnCall && (answered || !m_call.incoming)) {
        m_overdue = false;
        enter(AgentState::WrapUp);
        if (m_config.wrapUpMs > 0)
            m_wrapUpTimer.start(m_config.wrapUpMs);
        return;
    }
    afterCall();
}

void AgentStateMachine::afterCall()
{
    const NotReadyReason pending = m_pendingReason;
    m_pendingReason = NotReadyReason::None;
    if (pending != NotReadyReason::None)
        enter(AgentState::NotReady, pending);
    else
        enter(AgentState::Ready);
}

void AgentStateMachine::finishWrapUp()
{
    m_wrapUpTimer.stop();
    m_overdue = false;
    afterCall();
}

Core::Status AgentStateMachine::setDisposition(Disposition disposition)
{
    if (disposition == Disposition::None)
        return fail("disposition_required", QStringLiteral("choose a disposition"));
    if (m_state != AgentState::OnCall && m_state != AgentState::WrapUp)
        return fail("no_call", QStringLiteral("no call to give a disposition to"));
    m_call.disposition = disposition;
    publishCall();
    if (m_state == AgentState::WrapUp && m_overdue)
        finishWrapUp();
    return {};
}

Core::Status AgentStateMachine::linkCase(const QString &caseId)
{
    if (m_call.id.isEmpty() ||
        (m_state != AgentState::Ringing && m_state != AgentState::OnCall && m_state != AgentState::WrapUp))
        return fail("no_call", QStringLiteral("no call to link the case to"));
    m_call.caseId = caseId;
    publishCall();
    return {};
}

} // namespace Pasokh::Agent
