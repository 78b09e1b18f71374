// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/// Value types of the call-centre agent model: states, reasons, dispositions, state-log entries and call
/// records. String codes are what the store and the hub use (DESIGN.md, data model: agent state log, call).
namespace Pasokh::Agent {

/// Agent states (DESIGN.md; issue 3).
enum class AgentState
{
    LoggedOut,
    Ready,
    Ringing,
    OnCall,
    WrapUp,
    NotReady,
};

/// Why an agent is not ready.
enum class NotReadyReason
{
    None,
    Break,
    Prayer,
    Meal,
    Training,
    Meeting,
};

/// Outcome code an agent gives a handled call during wrap-up.
enum class Disposition
{
    None,
    CaseRegistered,
    GuidanceGiven,
    OutOfJurisdiction,
    WrongNumber,
    SilentCall,
    AbusiveCaller,
    CallDropped,
};

/// How a call ended from the centre's point of view (for KPIs: answered, missed/abandoned, refused).
enum class CallOutcome
{
    Pending,          ///< still ringing or in progress
    Answered,         ///< answered by the agent and ended
    Missed,           ///< caller hung up (or ring timeout) before answer: abandoned
    RefusedBusy,      ///< offered while the agent was on another call: 486
    RefusedNotReady,  ///< offered while the agent was not ready: 486
    RefusedLoggedOut, ///< offered while nobody was logged in: 486
    Rejected,         ///< the agent rejected it
    Failed,           ///< SIP/media failure, or an outgoing call that was not answered
    EngineCrashed,    ///< the telephony engine died during the call
};

QString toCode(AgentState s);     ///< "logged_out", "ready", "ringing", "on_call", "wrap_up", "not_ready"
QString toCode(NotReadyReason r); ///< "", "break", "prayer", "meal", "training", "meeting"
QString toCode(Disposition d);    ///< "", "case_registered", "guidance_given", ... "call_dropped"
QString toCode(CallOutcome o);    ///< "pending", "answered", "missed", "refused_busy", ...
AgentState agentStateFromCode(const QString &c, bool *ok = nullptr);
NotReadyReason notReadyReasonFromCode(const QString &c, bool *ok = nullptr);
Disposition dispositionFromCode(const QString &c, bool *ok = nullptr);
CallOutcome callOutcomeFromCode(const QString &c, bool *ok = nullptr);

/// One interval in the agent state log. `end` is invalid while the interval is open. Times are UTC.
struct AgentStateEntry
{
    QString id;    ///< UUIDv7
    QString agent; ///< agent (operator) id
    AgentState state = AgentState::LoggedOut;
    NotReadyReason reason = NotReadyReason::None; ///< only for NotReady
    QString callId;                               ///< call record id for Ringing/OnCall/WrapUp, else empty
    QDateTime start;
    QDateTime end;
};

/// What the agent model needs to know about an offered or dialled call.
struct CallOffer
{
    QString telephonyCallId; ///< ITelephony call id
    bool incoming = true;
    QString ani; ///< E.164 or empty (withheld / unknown)
    bool withheld = false;
    QString displayName; ///< sanitised
    QString dnis;
    QDateTime offeredAt; ///< UTC
};

/// One row of the call log (DESIGN.md, data model: Call). Times are UTC; invalid when not reached.
struct CallRecord
{
    QString id;              ///< UUIDv7, born on the console
    QString telephonyCallId; ///< engine call id (for correlation within one run)
    bool incoming = true;
    QString ani;
    bool withheld = false;
    QString displayName;
    QString dnis;
    QString agent;
    QDateTime offeredAt;
    QDateTime answeredAt;
    QDateTime endedAt;
    CallOutcome outcome = CallOutcome::Pending;
    Disposition disposition = Disposition::None;
    QString caseId;    ///< case registered from this call, if any
    QString endDetail; ///< short English detail for a failure (no caller data)
};

} // namespace Pasokh::Agent
