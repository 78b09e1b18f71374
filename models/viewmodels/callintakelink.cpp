// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/callintakelink.h"

#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/intakeviewmodel.h"

#include "models/core/phonenumber.h"

namespace Pasokh::ViewModels {

using Agent::AgentState;

CallIntakeLink::CallIntakeLink(Agent::AgentStateMachine *agent, IntakeViewModel *intake,
                               CallerHistoryModel *history, QObject *parent)
    : QObject(parent), m_agent(agent), m_intake(intake), m_history(history)
{
    connect(agent, &Agent::AgentStateMachine::stateChanged, this,
            [this](Agent::AgentState s, Agent::NotReadyReason) { onState(s); });
    connect(intake, &IntakeViewModel::saved, this, [this](const Core::CaseRecord &c) {
        if (!m_agent || c.callId.isEmpty() || c.callId != liveCallId())
            return;
        if (m_agent->linkCase(c.id).ok())
            Q_EMIT caseLinked(c.callId, c.id);
    });
}

QString CallIntakeLink::liveCallId() const
{
    if (!m_agent)
        return {};
    const AgentState s = m_agent->state();
    if (s != AgentState::Ringing && s != AgentState::OnCall && s != AgentState::WrapUp)
        return {};
    return m_agent->currentCall().id;
}

void CallIntakeLink::onState(AgentState state)
{
    if (state != AgentState::Ringing && state != AgentState::OnCall) {
        if (state == AgentState::WrapUp)
            return;
        m_deferred.clear();
        // A call that was never answered (missed, refused) leaves no case behind: an untouched form that was
        // opened for it is unlinked again, so the next case typed is not tied to that call.
        if (m_intake && !m_intake->isDirty() && !m_popped.isEmpty() &&
            m_intake->currentCase().callId == m_popped && m_agent &&
            !m_agent->currentCall().answeredAt.isValid())
            m_intake->startNew();
        return;
    }
    const Agent::CallRecord call = m_agent->currentCall();
    if (call.id.isEmpty() || call.id == m_popped)
        return;
    m_popped = call.id;
    const QString ani = call.withheld ? QString() : call.ani;
    if (m_history)
        m_history->setPhone(ani);
    // Outbound calls (click-to-call) follow up an existing case: keep the form. A form with unsaved text is
    // never thrown away for a call.
    const bool keepForm = !call.incoming || (m_intake && m_intake->isDirty());
    if (call.incoming && keepForm)
        m_deferred = call.id;
    else if (m_intake && call.incoming)
        m_intake->startNew(call.id, ani, nameToPrefill(call));
    Q_EMIT popped(call, keepForm);
}

void CallIntakeLink::startCaseForCall()
{
    if (!m_intake)
        return;
    const QString live = liveCallId();
    if (live.isEmpty() || !m_agent || !m_agent->currentCall().incoming) {
        m_intake->startNew();
        return;
    }
    const Agent::CallRecord call = m_agent->currentCall();
    m_deferred.clear();
    m_intake->startNew(call.id, call.withheld ? QString() : call.ani, nameToPrefill(call));
}

QString CallIntakeLink::nameToPrefill(const Agent::CallRecord &call)
{
    if (call.withheld)
        return {};
    const QString name = call.displayName.simplified();
    if (name.isEmpty() || Core::PhoneNumber::isWithheldToken(name))
        return {};
    // Placeholders that SIP user agents, test tools and PBXs send when they know no name (lower case).
    static const QStringList placeholders = {
        QStringLiteral("caller"),         QStringLiteral("sipp"),
        QStringLiteral("user"),           QStringLiteral("guest"),
        QStringLiteral("customer"),       QStringLiteral("subscriber"),
        QStringLiteral("phone"),          QStringLiteral("mobile"),
        QStringLiteral("unknown caller"), QStringLiteral("no name"),
        QStringLiteral("noname"),         QStringLiteral("caller id"),
        QStringLiteral("callerid"),       QStringLiteral("anonymous caller"),
        QStringLiteral("private number"), QStringLiteral("out of area"),
        QStringLiteral("outofarea"),      QStringLiteral("test"),
    };
    if (placeholders.contains(name.toLower()))
        return {};
    // A SIP address or a bare number (the URI's user part) is not a name.
    if (name.contains(QLatin1Char('@')) || name.startsWith(QLatin1String("sip:"), Qt::CaseInsensitive) ||
        name.startsWith(QLatin1String("sips:"), Qt::CaseInsensitive) ||
        name.startsWith(QLatin1String("tel:"), Qt::CaseInsensitive))
        return {};
    bool hasLetter = false;
    for (const QChar c : name) {
        if (c.isLetter()) {
            hasLetter = true;
            break;
        }
    }
    if (!hasLetter)
        return {};
    return name;
}

} // namespace Pasokh::ViewModels
