// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agentstatemachine.h"

#include <QObject>
#include <QPointer>

namespace Pasokh::ViewModels {

class CallerHistoryModel;
class IntakeViewModel;

/// Screen pop and case linking between the agent model and the intake form (issue 3, "Screen pop"), without
/// widgets. When a call starts ringing at the agent, the caller's earlier cases and calls are looked up by
/// the normalised number (CallerHistoryModel; a withheld caller clears it) and a fresh intake form is
/// started, linked to the call record (IntakeViewModel::startNew(callId, ani)); if the form holds unsaved
/// text, it is kept and the pop is deferred until the operator starts a new case (startCaseForCall()). A case
/// saved with the live call's id is linked back to the call record (AgentStateMachine::linkCase), so the call
/// log row gets the case id. An outbound call (click-to-call) shows the callee's history but keeps the form.
class CallIntakeLink : public QObject
{
    Q_OBJECT
public:
    /// None of the pointers is owned; all must outlive this object. `history` may be null.
    CallIntakeLink(Agent::AgentStateMachine *agent, IntakeViewModel *intake, CallerHistoryModel *history,
                   QObject *parent = nullptr);

    /// Id of the call record the agent is handling (ringing, on call or wrap-up); empty when idle.
    QString liveCallId() const;
    /// True while a ringing/live call could not take over the form because it held unsaved text.
    bool isDeferred() const { return !m_deferred.isEmpty(); }
    /// Starts a fresh case: linked to the live call when there is one (the deferred pop), otherwise plain.
    /// Replaces the form without asking: the caller (IntakeForm::newCase) confirms first when it is dirty.
    void startCaseForCall();

    /// The caller name to pre-fill in the form for `call`: its SIP display name only when that looks like a
    /// person's name. Empty for a withheld caller, an empty name, a withheld token ("anonymous",
    /// "unknown"..., Core::PhoneNumber::isWithheldToken), a generic placeholder that SIP tools and PBXs put
    /// there ("caller" is SIPp's default, "sipp", "user", "guest"...; matched case-insensitively), and a name
    /// that is only a number or a SIP address (the caller's number or URI user part, not a name).
    static QString nameToPrefill(const Agent::CallRecord &call);

Q_SIGNALS:
    /// The caller's history lookup started and (unless `formKept`) a fresh form linked to `call` was opened.
    void popped(const Pasokh::Agent::CallRecord &call, bool formKept);
    /// A saved case was linked to the call record `callId`.
    void caseLinked(const QString &callId, const QString &caseId);

private:
    void onState(Agent::AgentState state);

    QPointer<Agent::AgentStateMachine> m_agent;
    QPointer<IntakeViewModel> m_intake;
    QPointer<CallerHistoryModel> m_history;
    QString m_popped;   ///< call record id already popped
    QString m_deferred; ///< call record id whose form is waiting
};

} // namespace Pasokh::ViewModels
