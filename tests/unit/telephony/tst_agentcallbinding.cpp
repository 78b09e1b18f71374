// SPDX-License-Identifier: GPL-3.0-or-later
// AgentCallBinding between an ITelephony (the FakeTelephony test double) and the agent state machine.
#include "telephony/agentcallbinding.h"
#include "telephony/faketelephony.h"
#include "tests/unit/agent/memoryagentsink.h"

#include <QSignalSpy>
#include <QTest>

using namespace Pasokh;
using namespace Pasokh::Telephony;

class TstAgentCallBinding : public QObject
{
    Q_OBJECT
private:
    TestSupport::MemoryAgentSink m_sink;
    std::unique_ptr<FakeTelephony> m_tel;
    std::unique_ptr<Agent::AgentStateMachine> m_agent;
    std::unique_ptr<AgentCallBinding> m_binding;

    CallInfo caller(const QString &ani = QStringLiteral("+989151234567"))
    {
        CallInfo c;
        c.ani = ani;
        c.displayName = QStringLiteral("علی");
        c.dnis = QStringLiteral("137");
        return c;
    }

private Q_SLOTS:
    void init()
    {
        m_sink = TestSupport::MemoryAgentSink{};
        m_tel = std::make_unique<FakeTelephony>();
        m_agent = std::make_unique<Agent::AgentStateMachine>(QStringLiteral("op"), &m_sink,
                                                             Agent::AgentStateMachine::Config{0});
        m_binding = std::make_unique<AgentCallBinding>(m_tel.get(), m_agent.get());
        m_tel->start();
        QVERIFY(m_agent->logIn().ok());
    }
    void cleanup()
    {
        m_binding.reset();
        m_agent.reset();
        m_tel.reset();
    }

    void offeredAnsweredEnded()
    {
        const QString id = m_tel->simulateIncoming(caller());
        QCOMPARE(m_agent->state(), Agent::AgentState::Ringing);
        m_tel->answer(id);
        QCOMPARE(m_agent->state(), Agent::AgentState::OnCall);
        m_tel->simulateRemoteHangUp(id);
        QCOMPARE(m_agent->state(), Agent::AgentState::WrapUp);
        QCOMPARE(m_sink.byTelephonyId(id).outcome, Agent::CallOutcome::Answered);
    }

    void notReadyRejectsWith486()
    {
        QVERIFY(m_agent->setNotReady(Agent::NotReadyReason::Break).ok());
        const QString id = m_tel->simulateIncoming(caller());
        QVERIFY(m_tel->commands().contains(QStringLiteral("reject ") + id + QStringLiteral(" busy")));
        QCOMPARE(m_sink.byTelephonyId(id).outcome, Agent::CallOutcome::RefusedNotReady);
        QCOMPARE(m_agent->state(), Agent::AgentState::NotReady);
        QVERIFY(m_tel->calls().isEmpty());
    }

    void missedWhileRinging()
    {
        const QString id = m_tel->simulateIncoming(caller());
        m_tel->simulateRemoteHangUp(id);
        QCOMPARE(m_agent->state(), Agent::AgentState::Ready);
        QCOMPARE(m_sink.byTelephonyId(id).outcome, Agent::CallOutcome::Missed);
    }

    void engineRefusedCallIsLogged()
    {
        m_tel->simulateRefused(caller(QStringLiteral("+989350001122")));
        QCOMPARE(m_sink.callLog().size(), 1);
        QCOMPARE(m_sink.callLog().first().outcome, Agent::CallOutcome::RefusedBusy);
        QCOMPARE(m_sink.callLog().first().ani, QStringLiteral("+989350001122"));
    }

    void engineCrashDuringCall()
    {
        const QString id = m_tel->simulateIncoming(caller());
        m_tel->answer(id);
        QSignalSpy crashed(m_tel.get(), &ITelephony::engineCrashed);
        m_tel->simulateEngineCrash();
        QCOMPARE(crashed.size(), 1);
        QCOMPARE(m_sink.byTelephonyId(id).outcome, Agent::CallOutcome::EngineCrashed);
        QCOMPARE(m_agent->state(), Agent::AgentState::WrapUp);
        QCOMPARE(m_tel->registration().state, RegistrationState::Ok);
    }

    void autoAnswerAfterDelayWithBeep()
    {
        m_binding->setAutoAnswer(true, 50);
        QSignalSpy beep(m_binding.get(), &AgentCallBinding::autoAnswerPending);
        const QString id = m_tel->simulateIncoming(caller());
        QCOMPARE(beep.size(), 1);
        QCOMPARE(beep.first().at(1).toInt(), 50);
        QVERIFY(!m_tel->commands().contains(QStringLiteral("answer ") + id));
        QTRY_VERIFY(m_tel->commands().contains(QStringLiteral("answer ") + id));
        QCOMPARE(m_agent->state(), Agent::AgentState::OnCall);
    }

    void autoAnswerSkippedWhenCallerHangsUpFirst()
    {
        m_binding->setAutoAnswer(true, 50);
        const QString id = m_tel->simulateIncoming(caller());
        m_tel->simulateRemoteHangUp(id);
        QTest::qWait(100);
        QVERIFY(!m_tel->commands().contains(QStringLiteral("answer ") + id));
    }

    void dialChecksAgentFirst()
    {
        const auto r = m_binding->dial(QStringLiteral("09151234567"));
        QVERIFY(r.ok());
        QCOMPARE(m_agent->state(), Agent::AgentState::OnCall);
        const auto again = m_binding->dial(QStringLiteral("1002"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("busy"));
        m_tel->simulateRemoteAnswer(r.value());
        m_tel->hangUp(r.value());
        QCOMPARE(m_agent->state(), Agent::AgentState::WrapUp);
        QCOMPARE(m_sink.byTelephonyId(r.value()).outcome, Agent::CallOutcome::Answered);
        QVERIFY(!m_binding->dial(QStringLiteral(" ")).ok());
    }

    void outcomeMapping_data()
    {
        QTest::addColumn<int>("reason");
        QTest::addColumn<bool>("answered");
        QTest::addColumn<int>("outcome");
        QTest::newRow("remote after answer")
            << int(EndReason::RemoteHangUp) << true << int(Agent::CallOutcome::Answered);
        QTest::newRow("transferred") << int(EndReason::Transferred) << true
                                     << int(Agent::CallOutcome::Answered);
        QTest::newRow("missed") << int(EndReason::Missed) << false << int(Agent::CallOutcome::Missed);
        QTest::newRow("rejected") << int(EndReason::Rejected) << false << int(Agent::CallOutcome::Rejected);
        QTest::newRow("failed") << int(EndReason::Failed) << true << int(Agent::CallOutcome::Failed);
        QTest::newRow("crash") << int(EndReason::EngineCrashed) << true
                               << int(Agent::CallOutcome::EngineCrashed);
        QTest::newRow("hangup before answer")
            << int(EndReason::LocalHangUp) << false << int(Agent::CallOutcome::Missed);
    }
    void outcomeMapping()
    {
        QFETCH(int, reason);
        QFETCH(bool, answered);
        QFETCH(int, outcome);
        CallInfo c;
        c.endReason = EndReason(reason);
        if (answered)
            c.answeredAt = QDateTime::currentDateTimeUtc();
        QCOMPARE(int(AgentCallBinding::outcomeFor(c)), outcome);
    }

    void fakeRefusesBadDtmfAndUnknownCalls()
    {
        QSignalSpy problems(m_tel.get(), &ITelephony::problem);
        const QString id = m_tel->simulateIncoming(caller());
        QVERIFY(!m_tel->sendDtmf(id, QStringLiteral("12E")));
        QVERIFY(m_tel->sendDtmf(id, QStringLiteral("12#d")));
        QVERIFY(m_tel->commands().contains(QStringLiteral("dtmf ") + id + QStringLiteral(" 12#D")));
        m_tel->hold(QStringLiteral("nope"));
        QCOMPARE(problems.size(), 1);
        m_tel->simulateDtmf(id, QChar(0xFF));
        QCOMPARE(problems.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TstAgentCallBinding)
#include "tst_agentcallbinding.moc"
