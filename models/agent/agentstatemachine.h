// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agenttypes.h"
#include "models/agent/iagentstatesink.h"
#include "models/core/result.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Pasokh::Agent {

/// The call-centre agent state machine (issue 3, "Agent behaviour"). Knows nothing about SIP: the telephony
/// binding feeds it offers and call events and obeys its decisions.
///
/// Transitions:
///   logged_out --logIn--> ready;  ready/not_ready --logOut--> logged_out
///   ready --setNotReady(reason)--> not_ready --setReady--> ready
///   ready --offer accepted--> ringing --answered--> on_call --ended--> wrap_up
///   ringing --caller hung up / rejected / failed--> ready (or the pending not_ready)
///   wrap_up --setReady, or the wrap-up timer expires--> ready, only once a disposition is set
///   ready/not_ready/wrap_up --outbound call--> on_call
/// Offers are accepted only in `ready`; otherwise the offer is refused (the binding answers 486) and a call
/// record with outcome refused_not_ready / refused_busy / refused_logged_out is written. setNotReady() while
/// ringing, on a call or in wrap-up is remembered and applied when wrap-up ends. Every state change closes
/// the previous interval and opens a new one in the sink, with UTC times from the clock.
class AgentStateMachine : public QObject
{
    Q_OBJECT
public:
    /// Tunables.
    struct Config
    {
        int wrapUpMs; ///< wrap-up time after a call, ms; 0 = until the agent presses ready (default 30000)
    };
    /// The product defaults.
    static Config defaultConfig() { return Config{30000}; }

    /// What to do with an offered call.
    enum class OfferDecision
    {
        Accept,          ///< ring the agent
        RejectBusy,      ///< already ringing / on a call / in wrap-up
        RejectNotReady,  ///< agent is not ready
        RejectLoggedOut, ///< nobody logged in
    };

    /// `sink` may be null (nothing is persisted) and must outlive this object.
    AgentStateMachine(const QString &agentId, IAgentStateSink *sink, Config config = defaultConfig(),
                      QObject *parent = nullptr);

    /// Replaces the UTC clock (tests).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void setWrapUpMs(int ms) { m_config.wrapUpMs = ms; }

    AgentState state() const { return m_state; }
    NotReadyReason notReadyReason() const { return m_reason; }
    /// The reason that will apply when the current call's wrap-up ends (None if the agent will be ready).
    NotReadyReason pendingNotReady() const { return m_pendingReason; }
    /// Call record of the current ringing/on-call/wrap-up call (empty id when none).
    CallRecord currentCall() const;
    /// The open state interval.
    const AgentStateEntry &currentEntry() const { return m_entry; }
    /// True while wrap-up's timer has run out but no disposition was given yet.
    bool dispositionOverdue() const { return m_overdue; }

    /// logged_out -> ready. Error "invalid_transition" from any other state.
    Core::Status logIn();
    /// ready/not_ready/wrap_up (with disposition) -> logged_out. Error "call_in_progress" while ringing/on
    /// call, "disposition_required" in wrap-up without a disposition.
    Core::Status logOut();
    /// The console is closing: from any state, closes the open interval and opens a final logged_out one at
    /// the same UTC instant, so the state log has no interval left open. A ringing call is recorded as
    /// rejected, a live call as answered (an outbound one not picked up yet as failed), ended now with detail
    /// `detail` (the engine hangs them up as it stops; its later call events are then ignored). A wrap-up
    /// without a disposition keeps none: none is invented for the operator. Nothing happens when already
    /// logged out.
    void shutDown(const QString &detail = QStringLiteral("console closed"));
    /// not_ready -> ready; wrap_up -> ready when a disposition is set (else "disposition_required").
    Core::Status setReady();
    /// ready -> not_ready(reason). While ringing/on call/wrap-up the reason is kept and applied when wrap-up
    /// ends. Error "reason_required" for NotReadyReason::None, "invalid_transition" when logged out.
    Core::Status setNotReady(NotReadyReason reason);

    /// An incoming call is offered. Accept moves to ringing and opens a call record; a refusal writes a
    /// refused call record and leaves the state alone.
    OfferDecision offerCall(const CallOffer &offer);
    /// A call was refused by the telephony layer itself (second call while busy): logged as refused_busy.
    void recordRefusedCall(const CallOffer &offer);
    /// The agent dials out (click-to-call). Allowed in ready, not_ready and wrap_up (with a disposition set
    /// or not needed); moves to on_call. Error "busy" when a call is ringing or active.
    Core::Status outboundCallStarted(const CallOffer &call);
    /// The ringing call was answered -> on_call.
    void callAnswered(const QString &telephonyCallId);
    /// The current call ended with `outcome` (Answered for a normal end after answer; Missed, Rejected,
    /// Failed, EngineCrashed otherwise). Answered calls go to wrap_up; unanswered ones back to ready/pending
    /// not_ready.
    void callEnded(const QString &telephonyCallId, CallOutcome outcome, const QString &detail = {});
    /// Records the disposition of the current call (on_call or wrap_up). Error "no_call" otherwise. If the
    /// wrap-up timer already ran out, wrap-up ends now.
    Core::Status setDisposition(Disposition disposition);
    /// Links a saved case to the current call (or to the last call, during wrap-up). Error "no_call"
    /// otherwise.
    Core::Status linkCase(const QString &caseId);

Q_SIGNALS:
    /// State changed (after the sink was told).
    void stateChanged(Pasokh::Agent::AgentState state, Pasokh::Agent::NotReadyReason reason);
    /// A call record was created or changed.
    void callRecordChanged(const Pasokh::Agent::CallRecord &record);
    /// The wrap-up timer ran out but no disposition is set: the UI must insist.
    void dispositionRequired();

private:
    void enter(AgentState state, NotReadyReason reason = NotReadyReason::None);
    void afterCall();
    void finishWrapUp();
    void publishCall();
    CallRecord newRecord(const CallOffer &offer) const;
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    QString m_agentId;
    IAgentStateSink *m_sink;
    Config m_config;
    std::function<QDateTime()> m_clock;
    AgentState m_state = AgentState::LoggedOut;
    NotReadyReason m_reason = NotReadyReason::None;
    NotReadyReason m_pendingReason = NotReadyReason::None;
    AgentStateEntry m_entry;
    CallRecord m_call; ///< current or last (during wrap-up) call
    bool m_overdue = false;
    QTimer m_wrapUpTimer;
};

} // namespace Pasokh::Agent
