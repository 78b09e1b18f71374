// SPDX-License-Identifier: GPL-3.0-or-later
// The SIGKILL loop of issue 6: `pasokhctl sync --once` killed with SIGKILL at random moments during a large
// sync, restarted, many times: nothing lost, nothing duplicated, the store passes integrity_check after
// every kill, and the last run converges. Sizes: PASOKH_SYNCFAULTS_KILL_CASES (2000) and
// PASOKH_SYNCFAULTS_KILL_ROUNDS (15).
#include "tests/integration/syncfaults/syncfaultsmacros.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>

using Pasokh::SyncTest::SyncHarness;
using Pasokh::SyncTest::SyncRun;
using Pasokh::Testing::FaultSpec;
using Pasokh::Testing::SyncCheck;
using Pasokh::Testing::SyncCheckOptions;

namespace {

} // namespace

class TestSyncKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigkillLoop_data() { Pasokh::HubTest::HubFixture::addBackendRows(); }
    void sigkillLoop()
    {
        SYNC_HARNESS(h);
        const int n = Pasokh::SyncTest::envInt("PASOKH_SYNCFAULTS_KILL_CASES", 2000);
        const int rounds = Pasokh::SyncTest::envInt("PASOKH_SYNCFAULTS_KILL_ROUNDS", 15);
        SYNC_ADD_CASES(h, n);
        // Pushes and pulls slowed a little so that a run lasts long enough to be killed inside it.
        h.proxy->setDefault(FaultSpec::delay(60).on("/v1/sync/"));
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator rng(seed);
        qInfo("SIGKILL loop seed %u", seed);
        int killedMidRun = 0;
        SyncCheckOptions midway;
        midway.quiescent = false;
        // Each round brings new cases, so every run has work to be killed in (once the first 2,000 were
        // acked, runs used to finish before the kill and the loop stopped testing anything).
        const int perRound = Pasokh::SyncTest::envInt("PASOKH_SYNCFAULTS_KILL_ROUND_CASES", 200);
        for (int round = 0; round < rounds; ++round) {
            const auto more = h.addCases(h.console, perRound, n + round * perRound);
            QVERIFY2(more.exitCode == 0 && more.ok == perRound, qPrintable(more.output));
            auto proc = h.startSync(
                h.console, {QStringLiteral("--once"), QStringLiteral("--timeout"), QStringLiteral("60")});
            QVERIFY(proc->waitForStarted());
            const int afterMs = rng.bounded(30, 300);
            if (!proc->waitForFinished(afterMs)) {
                ::kill(pid_t(proc->processId()), SIGKILL);
                proc->waitForFinished(5000);
                ++killedMidRun;
            }
            QString error;
            const auto ic = SyncCheck::consoleQuery(h.console.storePath(),
                                                    QStringLiteral("PRAGMA integrity_check"), &error);
            QVERIFY2(
                error.isEmpty() && !ic.isEmpty() && ic.first().value(0) == QLatin1String("ok"),
                qPrintable(QStringLiteral("round %1: %2 %3").arg(round).arg(error, ic.value(0).value(0))));
            const auto violations = h.check(midway);
            QVERIFY2(violations.isEmpty(), qPrintable(QStringLiteral("round %1 (killed after %2 ms):\n%3")
                                                          .arg(round)
                                                          .arg(afterMs)
                                                          .arg(SyncCheck::format(violations))));
        }
        const qint64 ackedBeforeLast =
            h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'acked'"));
        h.proxy->reset();
        const SyncRun last =
            h.sync({QStringLiteral("--once"), QStringLiteral("--timeout"), QStringLiteral("120")}, 150000);
        SYNC_VERIFY_OK(last);
        QCOMPARE(h.hubCasesOf(h.console), qint64(n + rounds * perRound));
        SYNC_CHECK(h);
        qInfo("SIGKILL loop %s: %d of %d runs killed mid-run, %lld of %d cases acked by then, the last run "
              "%lld ms",
              qPrintable(backend), killedMidRun, rounds, ackedBeforeLast, n + rounds * perRound, last.ms);
        QVERIFY2(killedMidRun >= rounds / 2, "most runs should have been killed before they finished");
    }
};

SYNCFAULTS_TEST_MAIN(TestSyncKill)
#include "tst_synckill.moc"
