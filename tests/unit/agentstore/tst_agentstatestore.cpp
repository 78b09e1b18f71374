// SPDX-License-Identifier: GPL-3.0-or-later
// Storage::AgentStateStore: the agent state machine's log in the console store (agent_state_log, calls), the
// call-log code triggers of 0005_calls.sql, and the in-memory retry when a write fails.
#include "models/agent/agentstatemachine.h"
#include "models/storage/agentstatestore.h"
#include "models/storage/calllog.h"
#include "models/storage/casereader.h"
#include "tests/support/teststore.h"

#include <QSqlQuery>
#include <QTest>

using namespace Pasokh;
using Agent::AgentState;
using Agent::AgentStateMachine;
using Agent::CallOutcome;
using Agent::Disposition;
using Testing::TestStore;

class TestAgentStateStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void answeredCallIsLoggedWithCaseAndDisposition();
    void missedCallIsLogged();
    void refusedOfferIsLoggedAndStateUnchanged();
    void notReadyReasonIsStored();
    void failedWriteIsKeptAndRetried();
    void consoleClosedOnCallLeavesNoOpenInterval();
    void codeTablesMatchTheAgentModel();
    void unknownCodesAreRefusedByTheStore_data();
    void unknownCodesAreRefusedByTheStore();

private:
    Agent::CallOffer offer(const QString &id) const;
    QList<QStringList> stateRows() const;

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<Storage::AgentStateStore> m_sink;
    std::unique_ptr<AgentStateMachine> m_agent;
    QDateTime m_now;
};

void TestAgentStateStore::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    m_sink = std::make_unique<Storage::AgentStateStore>(m_store->db());
    m_agent = std::make_unique<AgentStateMachine>(QStringLiteral("op-7"), m_sink.get(),
                                                  AgentStateMachine::Config{0});
    m_now = QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);
    m_agent->setClock([this] { return m_now; });
}

void TestAgentStateStore::cleanup()
{
    m_agent.reset();
    m_sink.reset();
    m_store.reset();
}

Agent::CallOffer TestAgentStateStore::offer(const QString &id) const
{
    Agent::CallOffer o;
    o.telephonyCallId = id;
    o.ani = QStringLiteral("+989151234567");
    o.displayName = QStringLiteral("علی رضایی");
    o.dnis = QStringLiteral("137");
    o.offeredAt = m_now;
    return o;
}

QList<QStringList> TestAgentStateStore::stateRows() const
{
    QList<QStringList> rows;
    QSqlQuery q(m_store->db()->writer());
    if (!q.exec(
            QStringLiteral("SELECT agent, state, coalesce(reason, ''), coalesce(call_id, ''), started_at, "
                           "coalesce(ended_at, -1) FROM agent_state_log ORDER BY id")))
        return rows;
    while (q.next()) {
        QStringList r;
        for (int i = 0; i < 6; ++i)
            r << q.value(i).toString();
        rows << r;
    }
    return rows;
}

void TestAgentStateStore::answeredCallIsLoggedWithCaseAndDisposition()
{
    QVERIFY(m_agent->logIn().ok());
    QCOMPARE(m_agent->offerCall(offer(QStringLiteral("c1"))), AgentStateMachine::OfferDecision::Accept);
    const QString callId = m_agent->currentCall().id;
    QVERIFY(!callId.isEmpty());
    m_now = m_now.addSecs(4);
    m_agent->callAnswered(QStringLiteral("c1"));
    // The operator saves the case while talking: the case carries the call id, the call row the case id.
    Core::CaseRecord c = TestStore::sampleCase();
    c.callId = callId;
    const auto saved = m_store->cases().registerCase(c);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QVERIFY(m_agent->linkCase(saved.value().id).ok());
    m_now = m_now.addSecs(90);
    m_agent->callEnded(QStringLiteral("c1"), CallOutcome::Answered);
    QCOMPARE(m_agent->state(), AgentState::WrapUp);
    QVERIFY(m_agent->setDisposition(Disposition::CaseRegistered).ok());
    m_now = m_now.addSecs(10);
    QVERIFY(m_agent->setReady().ok());
    QCOMPARE(m_sink->pendingCount(), 0);

    QSqlQuery q(m_store->db()->writer());
    QVERIFY(
        q.exec(QStringLiteral("SELECT direction, ani, display_name, dnis, offered_at, answered_at, ended_at, "
                              "agent, outcome, disposition, case_id, withheld FROM calls WHERE id = '%1'")
                   .arg(callId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("inbound"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("+989151234567"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("علی رضایی"));
    QCOMPARE(q.value(3).toString(), QStringLiteral("137"));
    const qint64 t0 = QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(q.value(4).toLongLong(), t0);
    QCOMPARE(q.value(5).toLongLong(), t0 + 4000);
    QCOMPARE(q.value(6).toLongLong(), t0 + 94000);
    QCOMPARE(q.value(7).toString(), QStringLiteral("op-7"));
    QCOMPARE(q.value(8).toString(), QStringLiteral("answered"));
    QCOMPARE(q.value(9).toString(), QStringLiteral("case_registered"));
    QCOMPARE(q.value(10).toString(), saved.value().id);
    QCOMPARE(q.value(11).toInt(), 0);
    QCOMPARE(Storage::CaseReader::find(m_store->db()->writer(), saved.value().id).value()->callId, callId);

    const auto rows = stateRows();
    QCOMPARE(rows.size(), 5);
    QStringList states;
    for (const auto &r : rows)
        states << r.at(1);
    QCOMPARE(states,
             (QStringList{QStringLiteral("ready"), QStringLiteral("ringing"), QStringLiteral("on_call"),
                          QStringLiteral("wrap_up"), QStringLiteral("ready")}));
    QCOMPARE(rows.at(1).at(3), callId); // ringing points at its call
    QCOMPARE(rows.at(2).at(3), callId);
    QCOMPARE(rows.at(3).at(3), callId);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(rows.at(i).at(5), rows.at(i + 1).at(4)); // each interval ends where the next starts
    QCOMPARE(rows.at(4).at(5), QStringLiteral("-1"));     // the current one is open
    QCOMPARE(rows.at(3).at(5).toLongLong(), t0 + 104000);
}

void TestAgentStateStore::missedCallIsLogged()
{
    QVERIFY(m_agent->logIn().ok());
    QCOMPARE(m_agent->offerCall(offer(QStringLiteral("c2"))), AgentStateMachine::OfferDecision::Accept);
    const QString callId = m_agent->currentCall().id;
    m_now = m_now.addSecs(7);
    m_agent->callEnded(QStringLiteral("c2"), CallOutcome::Missed, QStringLiteral("caller cancelled"));
    QCOMPARE(m_agent->state(), AgentState::Ready);
    const auto h =
        Storage::CaseReader::callerHistory(m_store->db()->writer(), QStringLiteral("+989151234567"));
    QVERIFY(h.ok());
    QCOMPARE(h.value().calls.size(), 1);
    const Storage::CallSummary call = h.value().calls.first();
    QCOMPARE(call.id, callId);
    QCOMPARE(call.outcome, QStringLiteral("missed"));
    QVERIFY(!call.answeredAt.isValid());
    QCOMPARE(call.endedAt, m_now);
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE end_detail = 'caller cancelled'")),
        1);
}

void TestAgentStateStore::refusedOfferIsLoggedAndStateUnchanged()
{
    QVERIFY(m_agent->logIn().ok());
    QVERIFY(m_agent->offerCall(offer(QStringLiteral("c3"))) == AgentStateMachine::OfferDecision::Accept);
    Agent::CallOffer second = offer(QStringLiteral("c4"));
    second.withheld = true;
    second.ani.clear();
    QCOMPARE(m_agent->offerCall(second), AgentStateMachine::OfferDecision::RejectBusy);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE outcome = 'refused_busy' AND "
                                            "withheld = 1 AND ani IS NULL AND ended_at IS NOT NULL")),
             1);
    QCOMPARE(m_agent->state(), AgentState::Ringing);
}

void TestAgentStateStore::notReadyReasonIsStored()
{
    QVERIFY(m_agent->logIn().ok());
    m_now = m_now.addSecs(60);
    QVERIFY(m_agent->setNotReady(Agent::NotReadyReason::Prayer).ok());
    QCOMPARE(m_agent->offerCall(offer(QStringLiteral("c5"))),
             AgentStateMachine::OfferDecision::RejectNotReady);
    const auto rows = stateRows();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1).at(1), QStringLiteral("not_ready"));
    QCOMPARE(rows.at(1).at(2), QStringLiteral("prayer"));
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE outcome = 'refused_not_ready'")), 1);
}

/// The console closes during a call: the on_call interval gets its end (UTC ms), a final logged_out row
/// starts at that instant, and the call row is ended; only the logged_out row stays open.
void TestAgentStateStore::consoleClosedOnCallLeavesNoOpenInterval()
{
    QVERIFY(m_agent->logIn().ok());
    QVERIFY(m_agent->offerCall(offer(QStringLiteral("c6"))) == AgentStateMachine::OfferDecision::Accept);
    const QString callId = m_agent->currentCall().id;
    m_now = m_now.addSecs(3);
    m_agent->callAnswered(QStringLiteral("c6"));
    m_now = m_now.addSecs(40);
    m_agent->shutDown();
    QCOMPARE(m_sink->pendingCount(), 0);

    const qint64 closedAt = m_now.toMSecsSinceEpoch();
    const auto rows = stateRows();
    QStringList states;
    for (const auto &r : rows)
        states << r.at(1);
    QCOMPARE(states, (QStringList{QStringLiteral("ready"), QStringLiteral("ringing"),
                                  QStringLiteral("on_call"), QStringLiteral("logged_out")}));
    QCOMPARE(rows.at(2).at(5).toLongLong(), closedAt);
    QCOMPARE(rows.at(3).at(4).toLongLong(), closedAt);
    QCOMPARE(rows.at(3).at(5), QStringLiteral("-1"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM agent_state_log WHERE ended_at IS NULL AND "
                                            "state <> 'logged_out'")),
             0);
    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(
        QStringLiteral("SELECT outcome, ended_at, end_detail FROM calls WHERE id = '%1'").arg(callId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("answered"));
    QCOMPARE(q.value(1).toLongLong(), closedAt);
    QCOMPARE(q.value(2).toString(), QStringLiteral("console closed"));
}

void TestAgentStateStore::failedWriteIsKeptAndRetried()
{
    QVERIFY(m_agent->logIn().ok());
    // The log table disappears (a stand-in for a locked or full disk): writes fail and are kept in order.
    QVERIFY(m_store->exec(QStringLiteral("ALTER TABLE agent_state_log RENAME TO agent_state_log_away")));
    m_now = m_now.addSecs(5);
    QVERIFY(m_agent->setNotReady(Agent::NotReadyReason::Break).ok());
    m_now = m_now.addSecs(5);
    QVERIFY(m_agent->setReady().ok());
    QVERIFY(m_sink->pendingCount() >= 1);
    QVERIFY(!m_sink->lastError().code.isEmpty());
    QVERIFY(m_store->exec(QStringLiteral("ALTER TABLE agent_state_log_away RENAME TO agent_state_log")));
    QVERIFY(m_sink->retryPending());
    QCOMPARE(m_sink->pendingCount(), 0);
    QStringList states;
    for (const auto &r : stateRows())
        states << r.at(1) + QLatin1Char('/') + r.at(2);
    QCOMPARE(states, (QStringList{QStringLiteral("ready/"), QStringLiteral("not_ready/break"),
                                  QStringLiteral("ready/")}));
}

void TestAgentStateStore::codeTablesMatchTheAgentModel()
{
    // Every code the agent model writes is in 0005's code tables, and nothing else is.
    QStringList outcomes, dispositions;
    for (int i = int(CallOutcome::Pending); i <= int(CallOutcome::EngineCrashed); ++i)
        outcomes << Agent::toCode(CallOutcome(i));
    for (int i = int(Disposition::CaseRegistered); i <= int(Disposition::CallDropped); ++i)
        dispositions << Agent::toCode(Disposition(i));
    auto column = [this](const QString &sql) {
        QStringList out;
        QSqlQuery q(m_store->db()->writer());
        if (q.exec(sql))
            while (q.next())
                out << q.value(0).toString();
        out.sort();
        return out;
    };
    outcomes.sort();
    dispositions.sort();
    QCOMPARE(column(QStringLiteral("SELECT code FROM call_outcome_codes")), outcomes);
    QCOMPARE(column(QStringLiteral("SELECT code FROM call_disposition_codes")), dispositions);
}

void TestAgentStateStore::unknownCodesAreRefusedByTheStore_data()
{
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("disposition");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("agent codes") << "missed"
                                 << "" << true;
    QTest::newRow("disposition") << "answered"
                                 << "silent_call" << true;
    QTest::newRow("old spelling abandoned") << "abandoned"
                                            << "" << false;
    QTest::newRow("typo") << "answerd"
                          << "" << false;
    QTest::newRow("bad disposition") << "answered"
                                     << "closed" << false;
}

void TestAgentStateStore::unknownCodesAreRefusedByTheStore()
{
    QFETCH(QString, outcome);
    QFETCH(QString, disposition);
    QFETCH(bool, accepted);
    Storage::CallSummary s;
    s.id = QStringLiteral("call-x");
    s.offeredAt = m_now;
    s.outcome = outcome;
    s.disposition = disposition;
    const Core::Status st = Storage::CallLog::upsert(m_store->db()->writer(), s);
    QCOMPARE(st.ok(), accepted);
    if (!accepted)
        QCOMPARE(st.error().code, QStringLiteral("constraint"));
}

QTEST_GUILESS_MAIN(TestAgentStateStore)
#include "tst_agentstatestore.moc"
