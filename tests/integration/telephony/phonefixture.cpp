// SPDX-License-Identifier: GPL-3.0-or-later
#include "phonefixture.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

namespace Pasokh::TestSupport {

using namespace Pasokh::Telephony;

namespace {
template <typename Pred> bool spinUntil(Pred pred, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!pred()) {
        if (deadline.hasExpired())
            return false;
        waitEvents(2);
    }
    return true;
}
} // namespace

PhoneFixture::PhoneFixture(const SipSettings &settings, QObject *parent)
    : PhoneFixture(settings, RestartPolicy::Params{}, parent)
{
}

PhoneFixture::PhoneFixture(const SipSettings &settings, const RestartPolicy::Params &restart, QObject *parent)
    : QObject(parent)
{
    clock.start();
    EngineTelephony::Options opts = EngineTelephony::defaultOptions();
    opts.enginePath = enginePath();
    opts.restart = restart;
    m_tel = std::make_unique<EngineTelephony>(settings, opts);
    m_agent = std::make_unique<Agent::AgentStateMachine>(QStringLiteral("agent-") + settings.user, &m_sink,
                                                         Agent::AgentStateMachine::Config{0});
    m_binding = std::make_unique<AgentCallBinding>(m_tel.get(), m_agent.get());
    connect(m_tel.get(), &ITelephony::incomingCall, this, [this](const CallInfo &c) { incoming.append(c); });
    connect(m_tel.get(), &ITelephony::callChanged, this, [this](const CallInfo &c) { changes.append(c); });
    connect(m_tel.get(), &ITelephony::callRefused, this, [this](const CallInfo &c) { refused.append(c); });
    connect(m_tel.get(), &ITelephony::dtmfReceived, this, [this](const QString &id, QChar d) {
        dtmf.append({id, d});
    });
    connect(m_tel.get(), &ITelephony::transferStateChanged, this, [this](const QString &id, TransferState s) {
        transfers.append({id, s});
    });
    connect(m_tel.get(), &ITelephony::problem, this,
            [this](const QString &code, const QString &) { problems.append(code); });
    connect(m_tel.get(), &ITelephony::engineCrashed, this, [this](const QString &, int delay) {
        crashDelays.append(delay);
        lastCrashAtMs = clock.elapsed();
        lastRegisteredAtMs = -1;
    });
    connect(m_tel.get(), &ITelephony::registrationChanged, this, [this](const RegistrationInfo &r) {
        registrations.append(r);
        if (r.state == RegistrationState::Ok)
            lastRegisteredAtMs = clock.elapsed();
    });
}

PhoneFixture::~PhoneFixture()
{
    m_binding.reset();
    if (m_tel) {
        m_tel->stop();
        spinUntil([this] { return m_tel->engineStatus() == EngineStatus::Stopped; }, 4000);
    }
}

bool PhoneFixture::startAndRegister(int timeoutMs)
{
    m_agent->logIn();
    m_tel->start();
    return spinUntil([this] { return m_tel->registration().state == RegistrationState::Ok; }, timeoutMs);
}

void PhoneFixture::reset()
{
    // A failed test may leave a call behind: end it so the next test starts clean.
    for (const CallInfo &c : m_tel->calls())
        m_tel->hangUp(c.id);
    spinUntil([this] { return m_tel->calls().isEmpty(); }, 3000);
    if (m_agent->state() == Agent::AgentState::WrapUp) {
        m_agent->setDisposition(Agent::Disposition::GuidanceGiven);
        m_agent->setReady();
    }
    if (m_agent->state() == Agent::AgentState::NotReady)
        m_agent->setReady();
    incoming.clear();
    m_taken = 0;
    changes.clear();
    refused.clear();
    dtmf.clear();
    transfers.clear();
    problems.clear();
}

CallInfo PhoneFixture::waitIncoming(int timeoutMs)
{
    if (!spinUntil([&] { return incoming.size() > m_taken; }, timeoutMs))
        return {};
    return incoming.at(m_taken++);
}

CallInfo PhoneFixture::waitState(const QString &id, CallState state, int timeoutMs)
{
    CallInfo found;
    spinUntil(
        [&] {
            for (auto it = changes.crbegin(); it != changes.crend(); ++it) {
                if (it->id == id && it->state == state) {
                    found = *it;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

qint64 PhoneFixture::waitReRegistered(int timeoutMs)
{
    if (!spinUntil([this] { return lastCrashAtMs >= 0 && lastRegisteredAtMs >= lastCrashAtMs; }, timeoutMs))
        return -1;
    return lastRegisteredAtMs - lastCrashAtMs;
}

} // namespace Pasokh::TestSupport
