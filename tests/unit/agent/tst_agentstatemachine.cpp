// SPDX-License-Identifier: GPL-3.0-or-later
// The agent state machine and its call-log rules (issue 3, "Agent behaviour"), without SIP.
#include "memoryagentsink.h"
#include "models/agent/agentstatemachine.h"

#include <QSignalSpy>
#include <QTest>

using namespace Pasokh::Agent;
using Pasokh::TestSupport::MemoryAgentSink;

namespace {
CallOffer offer(const QString &id, const QString &ani = QStringLiteral("+989151234567"))
{
    CallOffer o;
    o.telephonyCallId = id;
    o.ani = ani;
    o.displayName = QStringLiteral("علی");
    o.dnis = QStringLiteral("137");
    o.offeredAt = QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC);
    return o;
}
} // namespace

class TstAgentStateMachine : public QObject
{
    Q_OBJECT
private:
    MemoryAgentSink m_sink;
    std::unique_ptr<AgentStateMachine> m_agent;
    QDateTime m_now;

    void advance(int ms) { m_now = m_now.addMSecs(ms); }

private Q_SLOTS:
    void init()
    {
        m_sink = MemoryAgentSink{};
        m_now = QDateTime(QDate(2026, 11, 30), QTime(8, 0), Qt::UTC);
        m_agent = std::make_unique<AgentStateMachine>(QStringLiteral("op-7"), &m_sink,
                                                      AgentStateMachine::Config{0});
        m_agent->setClock([this] { return m_now; });
    }

    void codes()
    {
        QCOMPARE(toCode(AgentState::WrapUp), QStringLiteral("wrap_up"));
        QCOMPARE(toCode(NotReadyReason::Prayer), QStringLiteral("prayer"));
        QCOMPARE(toCode(Disposition::OutOfJurisdiction), QStringLiteral("out_of_jurisdiction"));
        QCOMPARE(toCode(CallOutcome::RefusedNotReady), QStringLiteral("refused_not_ready"));
        bool ok = false;
        QCOMPARE(dispositionFromCode(QStringLiteral("abusive_caller"), &ok), Disposition::AbusiveCaller);
        QVERIFY(ok);
        dispositionFromCode(QStringLiteral("nope"), &ok);
        QVERIFY(!ok);
        for (auto s : {AgentState::LoggedOut, AgentState::Ready, AgentState::Ringing, AgentState::OnCall,
                       AgentState::WrapUp, AgentState::NotReady})
            QCOMPARE(agentStateFromCode(toCode(s)), s);
    }

    /// The full happy path, with every interval logged with start and end times.
    void answeredCallWithWrapUp()
    {
        QSignalSpy states(m_agent.get(), &AgentStateMachine::stateChanged);
        QVERIFY(m_agent->logIn().ok());
        advance(60000);
        QCOMPARE(m_agent->offerCall(offer(QStringLiteral("c1"))), AgentStateMachine::OfferDecision::Accept);
        QCOMPARE(m_agent->state(), AgentState::Ringing);
        advance(3000);
        m_agent->callAnswered(QStringLiteral("c1"));
        QCOMPARE(m_agent->state(), AgentState::OnCall);
        QVERIFY(m_agent->linkCase(QStringLiteral("case-1")).ok());
        advance(120000);
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QCOMPARE(m_agent->state(), AgentState::WrapUp);
        // Disposition is required before leaving wrap-up.
        const auto st = m_agent->setReady();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("disposition_required"));
        QVERIFY(m_agent->setDisposition(Disposition::CaseRegistered).ok());
        advance(15000);
        QVERIFY(m_agent->setReady().ok());
        QCOMPARE(m_agent->state(), AgentState::Ready);

        QCOMPARE(states.size(), 5); // ready, ringing, on_call, wrap_up, ready
        QCOMPARE(m_sink.entries.size(), 5);
        const QList<AgentState> expected{AgentState::Ready, AgentState::Ringing, AgentState::OnCall,
                                         AgentState::WrapUp, AgentState::Ready};
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(m_sink.entries.at(i).state, expected.at(i));
            QCOMPARE(m_sink.entries.at(i).agent, QStringLiteral("op-7"));
            if (i + 1 < expected.size()) {
                QCOMPARE(m_sink.entries.at(i).end, m_sink.entries.at(i + 1).start); // no gaps
                QVERIFY(m_sink.entries.at(i).end >= m_sink.entries.at(i).start);
            }
        }
        QVERIFY(!m_sink.entries.last().end.isValid()); // still open
        QCOMPARE(m_sink.entries.at(2).end.toMSecsSinceEpoch() -
                     m_sink.entries.at(2).start.toMSecsSinceEpoch(),
                 120000);

        QCOMPARE(m_sink.calls.size(), 1);
        const CallRecord r = m_sink.callLog().first();
        QCOMPARE(r.outcome, CallOutcome::Answered);
        QCOMPARE(r.disposition, Disposition::CaseRegistered);
        QCOMPARE(r.caseId, QStringLiteral("case-1"));
        QCOMPARE(r.ani, QStringLiteral("+989151234567"));
        QCOMPARE(r.agent, QStringLiteral("op-7"));
        QCOMPARE(r.answeredAt.toMSecsSinceEpoch() - m_now.toMSecsSinceEpoch(), -135000);
        QVERIFY(r.endedAt > r.answeredAt);
        QCOMPARE(m_sink.entries.at(1).callId, r.id); // ringing interval points at the call
        QVERIFY(m_sink.unknownEnds.isEmpty());
    }

    /// Offers while not ready, busy or logged out are refused and logged; the state does not change.
    void refusedOffers_data()
    {
        QTest::addColumn<int>("setup");
        QTest::addColumn<int>("decision");
        QTest::addColumn<int>("outcome");
        QTest::newRow("not ready") << 0 << int(AgentStateMachine::OfferDecision::RejectNotReady)
                                   << int(CallOutcome::RefusedNotReady);
        QTest::newRow("on a call") << 1 << int(AgentStateMachine::OfferDecision::RejectBusy)
                                   << int(CallOutcome::RefusedBusy);
        QTest::newRow("wrap-up") << 2 << int(AgentStateMachine::OfferDecision::RejectBusy)
                                 << int(CallOutcome::RefusedBusy);
        QTest::newRow("logged out") << 3 << int(AgentStateMachine::OfferDecision::RejectLoggedOut)
                                    << int(CallOutcome::RefusedLoggedOut);
    }
    void refusedOffers()
    {
        QFETCH(int, setup);
        QFETCH(int, decision);
        QFETCH(int, outcome);
        if (setup != 3)
            QVERIFY(m_agent->logIn().ok());
        if (setup == 0)
            QVERIFY(m_agent->setNotReady(NotReadyReason::Meal).ok());
        if (setup == 1 || setup == 2) {
            m_agent->offerCall(offer(QStringLiteral("c1")));
            m_agent->callAnswered(QStringLiteral("c1"));
            if (setup == 2)
                m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        }
        const AgentState before = m_agent->state();
        const qsizetype entries = m_sink.entries.size();
        QCOMPARE(int(m_agent->offerCall(offer(QStringLiteral("c2"), QStringLiteral("+989350001122")))),
                 decision);
        QCOMPARE(m_agent->state(), before);
        QCOMPARE(m_sink.entries.size(), entries);
        const CallRecord refused = m_sink.callLog().last();
        QCOMPARE(int(refused.outcome), outcome);
        QCOMPARE(refused.ani, QStringLiteral("+989350001122"));
        QCOMPARE(refused.endedAt, refused.offeredAt);
    }

    void missedCallGoesBackToReady()
    {
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Missed);
        QCOMPARE(m_agent->state(), AgentState::Ready);
        QCOMPARE(m_sink.callLog().first().outcome, CallOutcome::Missed);
        QVERIFY(!m_sink.callLog().first().answeredAt.isValid());
    }

    /// "Answered" for a call that never connected is corrected to missed.
    void endedUnansweredIsMissed()
    {
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QCOMPARE(m_sink.callLog().first().outcome, CallOutcome::Missed);
    }

    void notReadyRequestedDuringCallAppliesAfterWrapUp()
    {
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callAnswered(QStringLiteral("c1"));
        QVERIFY(m_agent->setNotReady(NotReadyReason::Prayer).ok());
        QCOMPARE(m_agent->state(), AgentState::OnCall);
        QCOMPARE(m_agent->pendingNotReady(), NotReadyReason::Prayer);
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QCOMPARE(m_agent->state(), AgentState::WrapUp);
        m_agent->setDisposition(Disposition::GuidanceGiven);
        QVERIFY(m_agent->setReady().ok()); // pressing ready cancels the pending not-ready
        QCOMPARE(m_agent->state(), AgentState::Ready);
    }

    void wrapUpTimerNeedsDisposition()
    {
        m_agent->setWrapUpMs(30);
        QSignalSpy required(m_agent.get(), &AgentStateMachine::dispositionRequired);
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callAnswered(QStringLiteral("c1"));
        QVERIFY(m_agent->setNotReady(NotReadyReason::Training).ok());
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QTRY_COMPARE(required.size(), 1);
        QCOMPARE(m_agent->state(), AgentState::WrapUp); // no disposition: stays in wrap-up
        QVERIFY(m_agent->dispositionOverdue());
        QVERIFY(m_agent->setDisposition(Disposition::SilentCall).ok());
        // Timer already ran out: wrap-up ends at once, into the pending not-ready.
        QCOMPARE(m_agent->state(), AgentState::NotReady);
        QCOMPARE(m_agent->notReadyReason(), NotReadyReason::Training);
        QCOMPARE(m_sink.entries.last().reason, NotReadyReason::Training);
    }

    void wrapUpTimerEndsWrapUpWhenDispositionGiven()
    {
        m_agent->setWrapUpMs(40);
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callAnswered(QStringLiteral("c1"));
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QVERIFY(m_agent->setDisposition(Disposition::AbusiveCaller).ok());
        QCOMPARE(m_agent->state(), AgentState::WrapUp);
        QTRY_COMPARE(m_agent->state(), AgentState::Ready);
    }

    void invalidTransitionsAreErrors()
    {
        QCOMPARE(m_agent->setReady().error().code, QStringLiteral("invalid_transition"));
        QCOMPARE(m_agent->setNotReady(NotReadyReason::Break).error().code,
                 QStringLiteral("invalid_transition"));
        QVERIFY(m_agent->logIn().ok());
        QCOMPARE(m_agent->logIn().error().code, QStringLiteral("invalid_transition"));
        QCOMPARE(m_agent->setNotReady(NotReadyReason::None).error().code, QStringLiteral("reason_required"));
        QCOMPARE(m_agent->setDisposition(Disposition::GuidanceGiven).error().code, QStringLiteral("no_call"));
        QCOMPARE(m_agent->linkCase(QStringLiteral("x")).error().code, QStringLiteral("no_call"));
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callAnswered(QStringLiteral("c1"));
        QCOMPARE(m_agent->logOut().error().code, QStringLiteral("call_in_progress"));
        m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
        QCOMPARE(m_agent->logOut().error().code, QStringLiteral("disposition_required"));
        m_agent->setDisposition(Disposition::CallDropped);
        QVERIFY(m_agent->logOut().ok());
        QCOMPARE(m_agent->state(), AgentState::LoggedOut);
        QCOMPARE(m_sink.entries.last().state, AgentState::LoggedOut);
    }

    void eventsForOtherCallsAreIgnored()
    {
        QVERIFY(m_agent->logIn().ok());
        m_agent->offerCall(offer(QStringLiteral("c1")));
        m_agent->callAnswered(QStringLiteral("other"));
        QCOMPARE(m_agent->state(), AgentState::Ringing);
        m_agent->callEnded(QStringLiteral("other"), CallOutcome::Missed);
        QCOMPARE(m_agent->state(), AgentState::Ringing);
    }

    void outboundCall()
    {
        QVERIFY(m_agent->logIn().ok());
        QVERIFY(m_agent->setNotReady(NotReadyReason::Meeting).ok());
        CallOffer o = offer(QStringLiteral("o1"));
        QVERIFY(m_agent->outboundCallStarted(o).ok());
        QCOMPARE(m_agent->state(), AgentState::OnCall);
        QCOMPARE(m_agent->outboundCallStarted(offer(QStringLiteral("o2"))).error().code,
                 QStringLiteral("busy"));
        m_agent->callAnswered(QStringLiteral("o1"));
        m_agent->callEnded(QStringLiteral("o1"), CallOutcome::Answered);
        QCOMPARE(m_agent->state(), AgentState::WrapUp);
        m_agent->setDisposition(Disposition::GuidanceGiven);
        m_agent->setWrapUpMs(0);
        QVERIFY(m_agent->setReady().ok());
        const CallRecord r = m_sink.callLog().first();
        QVERIFY(!r.incoming);
        QCOMPARE(r.outcome, CallOutcome::Answered);
    }

    /// Closing the console in any state: the open interval ends at the close, a final logged_out interval
    /// starts at the same UTC instant, and the call in progress is closed in the call log.
    void shutDownClosesTheOpenInterval_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<AgentState>("before");
        QTest::addColumn<CallOutcome>("outcome"); // of the call record, Pending = none written
        QTest::addColumn<Disposition>("disposition");
        QTest::newRow("ready") << "ready" << AgentState::Ready << CallOutcome::Pending << Disposition::None;
        QTest::newRow("not ready") << "not_ready" << AgentState::NotReady << CallOutcome::Pending
                                   << Disposition::None;
        QTest::newRow("ringing") << "ringing" << AgentState::Ringing << CallOutcome::Rejected
                                 << Disposition::None;
        QTest::newRow("on call") << "on_call" << AgentState::OnCall << CallOutcome::Answered
                                 << Disposition::None;
        QTest::newRow("outbound not picked up")
            << "dialling" << AgentState::OnCall << CallOutcome::Failed << Disposition::None;
        QTest::newRow("wrap-up without disposition")
            << "wrap_up" << AgentState::WrapUp << CallOutcome::Answered << Disposition::None;
        QTest::newRow("wrap-up with disposition")
            << "wrap_up_done" << AgentState::WrapUp << CallOutcome::Answered << Disposition::GuidanceGiven;
    }

    void shutDownClosesTheOpenInterval()
    {
        QFETCH(QString, path);
        QFETCH(AgentState, before);
        QFETCH(CallOutcome, outcome);
        QFETCH(Disposition, disposition);
        m_agent->setWrapUpMs(60000);
        QVERIFY(m_agent->logIn().ok());
        advance(1000);
        const QString id = QStringLiteral("c1");
        if (path == QLatin1String("not_ready")) {
            QVERIFY(m_agent->setNotReady(NotReadyReason::Meal).ok());
        } else if (path == QLatin1String("dialling")) {
            QVERIFY(m_agent->outboundCallStarted(offer(id)).ok());
        } else if (path != QLatin1String("ready")) {
            m_agent->offerCall(offer(id));
            if (path != QLatin1String("ringing")) {
                advance(2000);
                m_agent->callAnswered(id);
            }
            if (path.startsWith(QLatin1String("wrap_up"))) {
                advance(5000);
                m_agent->callEnded(id, CallOutcome::Answered);
                if (path == QLatin1String("wrap_up_done"))
                    QVERIFY(m_agent->setDisposition(Disposition::GuidanceGiven).ok());
            }
        }
        QCOMPARE(m_agent->state(), before);
        if (before == AgentState::Ringing || before == AgentState::OnCall || before == AgentState::WrapUp)
            QVERIFY(m_agent->setNotReady(NotReadyReason::Break).ok()); // pending: dropped by the close too
        advance(7000);
        const QDateTime closedAt = m_now;
        QSignalSpy states(m_agent.get(), &AgentStateMachine::stateChanged);

        m_agent->shutDown();

        QCOMPARE(m_agent->state(), AgentState::LoggedOut);
        QCOMPARE(states.size(), 1);
        QCOMPARE(m_agent->pendingNotReady(), NotReadyReason::None);
        // Every interval but the final logged_out one is closed; they tile time without gaps.
        QCOMPARE(m_sink.open.size(), 1);
        const AgentStateEntry last = m_sink.entries.last();
        QCOMPARE(last.state, AgentState::LoggedOut);
        QCOMPARE(last.start, closedAt);
        QCOMPARE(last.start.timeSpec(), Qt::UTC);
        QVERIFY(!last.end.isValid());
        const AgentStateEntry closed = m_sink.entries.at(m_sink.entries.size() - 2);
        QCOMPARE(closed.state, before);
        QCOMPARE(closed.end, closedAt);
        for (qsizetype i = 0; i + 1 < m_sink.entries.size(); ++i)
            QCOMPARE(m_sink.entries.at(i).end, m_sink.entries.at(i + 1).start);

        if (outcome == CallOutcome::Pending) {
            QVERIFY(m_sink.callLog().isEmpty());
        } else {
            const CallRecord r = m_sink.byTelephonyId(id);
            QCOMPARE(r.outcome, outcome);
            QCOMPARE(r.disposition, disposition); // none is invented for the operator
            QVERIFY(r.endedAt.isValid());
            if (before != AgentState::WrapUp) {
                QCOMPARE(r.endedAt, closedAt);
                QCOMPARE(r.endDetail, QStringLiteral("console closed"));
            }
        }
        // The engine's hang-up arriving afterwards changes nothing, and the wrap-up timer is gone.
        m_agent->callEnded(id, CallOutcome::Answered);
        QCOMPARE(m_agent->state(), AgentState::LoggedOut);
        QCOMPARE(m_sink.open.size(), 1);
        // Closing twice is harmless.
        m_agent->shutDown();
        QCOMPARE(states.size(), 1);
    }

    void recordRefusedCallFromEngine()
    {
        QVERIFY(m_agent->logIn().ok());
        m_agent->recordRefusedCall(offer(QStringLiteral("c9")));
        QCOMPARE(m_sink.callLog().first().outcome, CallOutcome::RefusedBusy);
        QCOMPARE(m_agent->state(), AgentState::Ready);
    }
};

QTEST_GUILESS_MAIN(TstAgentStateMachine)
#include "tst_agentstatemachine.moc"
