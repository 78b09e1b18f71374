// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agentstatemachine.h"
#include "sipharness.h"
#include "telephony/agentcallbinding.h"
#include "telephony/enginetelephony.h"
#include "tests/unit/agent/memoryagentsink.h"

#include <QElapsedTimer>
#include <QList>
#include <QTemporaryDir>

#include <memory>

namespace Pasokh::TestSupport {

/// A registered console: EngineTelephony (real pasokh-phone) + agent state machine + binding + memory sink,
/// with every signal recorded. Used by the telephony integration tests and benchmarks.
class PhoneFixture : public QObject
{
    Q_OBJECT
public:
    PhoneFixture(const Telephony::SipSettings &settings, QObject *parent = nullptr);
    /// As above with explicit crash-loop parameters (tests that crash the engine on purpose several times).
    PhoneFixture(const Telephony::SipSettings &settings, const Telephony::RestartPolicy::Params &restart,
                 QObject *parent = nullptr);
    ~PhoneFixture() override;

    /// Starts the engine and waits for registration Ok (false after `timeoutMs`).
    bool startAndRegister(int timeoutMs = 8000);
    /// Clears the recorded signals; finishes wrap-up (disposition guidance_given) and makes the agent ready.
    void reset();
    /// Waits for the next incoming call (returns an empty CallInfo on timeout).
    Telephony::CallInfo waitIncoming(int timeoutMs = 8000);
    /// Waits until call `id` reaches `state` (by callChanged); returns the CallInfo seen, or empty on
    /// timeout.
    Telephony::CallInfo waitState(const QString &id, Telephony::CallState state, int timeoutMs = 8000);
    /// Waits until the engine is registered again after a crash; returns ms from the crash signal, or -1.
    qint64 waitReRegistered(int timeoutMs = 8000);

    Telephony::EngineTelephony &tel() { return *m_tel; }
    Agent::AgentStateMachine &agent() { return *m_agent; }
    Telephony::AgentCallBinding &binding() { return *m_binding; }
    MemoryAgentSink &sink() { return m_sink; }

    QList<Telephony::CallInfo> incoming;
    QList<Telephony::CallInfo> changes;
    QList<Telephony::CallInfo> refused;
    QList<QPair<QString, QChar>> dtmf;
    QList<QPair<QString, Telephony::TransferState>> transfers;
    QStringList problems;
    QList<int> crashDelays;
    QList<Telephony::RegistrationInfo> registrations;
    qint64 lastCrashAtMs = -1; ///< QElapsedTimer ms of the last engineCrashed
    qint64 lastRegisteredAtMs = -1;
    QElapsedTimer clock;

private:
    std::unique_ptr<Telephony::EngineTelephony> m_tel;
    std::unique_ptr<Agent::AgentStateMachine> m_agent;
    std::unique_ptr<Telephony::AgentCallBinding> m_binding;
    MemoryAgentSink m_sink;
    qsizetype m_taken = 0;
};

} // namespace Pasokh::TestSupport
