// SPDX-License-Identifier: GPL-3.0-or-later
// Engine faults (issue 3, "Bad input and faults"): a hostile INVITE that crashes liblinphone, SIGKILL while
// idle, ringing and in a call, a crash loop; the console-side client survives, reports, restarts and
// re-registers. Also the proxy guard of docs/telephony.md, which stops the hostile INVITE before it reaches
// the engine.
#include "phonefixture.h"
#include "sipharness.h"
#include "telephony/peertext.h"

#include <QDeadlineTimer>
#include <QTest>

#include <csignal>

using namespace Pasokh;
using namespace Pasokh::Telephony;
using namespace Pasokh::TestSupport;

class TstPhoneCrash : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    KamailioServer m_kamailio;
    std::unique_ptr<PhoneFixture> m_phone;

    QString dir() const { return m_dir.path(); }
    std::unique_ptr<SippRun> caller(int port, const QString &scenario,
                                    const QHash<QString, QString> &keys = {},
                                    const QHash<QByteArray, QByteArray> &raw = {},
                                    const QStringList &extra = {})
    {
        return startSipp(dir(), scenario, port, keys, raw, extra);
    }
    /// An ordinary call after a fault: offered, answered, ended by the caller, SIPp happy.
    void expectNormalCall()
    {
        m_phone->reset();
        auto sipp = caller(m_kamailio.port(), QStringLiteral("caller.xml"), {}, {{"@DISPLAY@", "after"}},
                           {QStringLiteral("-d"), QStringLiteral("500")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
        QCOMPARE(in.displayName, QStringLiteral("after"));
        m_phone->tel().answer(in.id);
        QCOMPARE(m_phone->waitState(in.id, CallState::Ended).endReason, EndReason::RemoteHangUp);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
    }
    /// SIGKILLs the engine and returns ms until registered again (-1 if not within 8 s). The figure is
    /// printed, not asserted: the ≤ 1.5 s target is checked by bench_phone on an otherwise idle machine.
    qint64 sigkillAndMeasure()
    {
        const qint64 pid = m_phone->tel().enginePid();
        if (pid <= 0)
            return -1;
        const qsizetype crashes = m_phone->crashDelays.size();
        QElapsedTimer t;
        t.start();
        ::kill(pid_t(pid), SIGKILL);
        const QDeadlineTimer deadline(5000);
        while (m_phone->crashDelays.size() == crashes && !deadline.hasExpired())
            waitEvents(5);
        if (m_phone->waitReRegistered() < 0)
            return -1;
        return t.elapsed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(prepareWorkDir(m_dir, &error), qPrintable(error));
        QVERIFY2(m_kamailio.start(dir(), {}, &error), qPrintable(error));
        // Each fault test crashes the engine once after it ran for a while: count a run of 0.5 s as stable so
        // every crash here is an isolated one (crashLoopBacksOff() checks the product's loop detection
        // separately).
        RestartPolicy::Params restart;
        restart.stableRunMs = 500;
        m_phone = std::make_unique<PhoneFixture>(
            engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), m_kamailio.domain(), dir()),
            restart);
        QVERIFY2(m_phone->startAndRegister(), "engine did not register");
    }
    void init()
    {
        // Let the crash-loop memory of the restart policy not leak between tests.
        m_phone->reset();
        m_phone->crashDelays.clear();
    }
    void cleanupTestCase()
    {
        m_phone.reset();
        m_kamailio.stop();
    }

    /// A 2,000-character From display name kills liblinphone 5.1 before we see the call (notes/telephony.md):
    /// the console reports the crash, restarts the engine, re-registers, and takes the next call normally.
    void hostileDisplayNameCrashesEngineOnly()
    {
        const qint64 pid = m_phone->tel().enginePid();
        auto sipp =
            caller(m_kamailio.port(), QStringLiteral("caller_hostile.xml"), {},
                   {{"@DISPLAY@", QByteArray(2000, 'A')}}, {QStringLiteral("-d"), QStringLiteral("1000")});
        // liblinphone's crash on this input is memory corruption: it crashed in every run on this machine,
        // but if it ever survives, the call must arrive with a bounded, clean name and be refused like any
        // other.
        QTRY_VERIFY_WITH_TIMEOUT(!m_phone->crashDelays.isEmpty() || !m_phone->incoming.isEmpty(), 10000);
        if (m_phone->crashDelays.isEmpty()) {
            const CallInfo in = m_phone->incoming.first();
            qWarning("hostile INVITE did not crash the engine this time");
            QVERIFY(in.displayName.size() <= PeerText::kDefaultMaxChars);
            QVERIFY(PeerText::isClean(in.displayName));
            m_phone->tel().reject(in.id, true);
            QCOMPARE(m_phone->tel().enginePid(), pid);
        } else {
            const qint64 reReg = m_phone->waitReRegistered();
            QVERIFY(reReg >= 0);
            qInfo("hostile INVITE: engine crashed, registered again %lld ms after the crash was noticed",
                  reReg);
            QVERIFY(m_phone->tel().enginePid() != pid);
            QVERIFY(m_phone->incoming.isEmpty()); // the engine died before telling us about the call
        }
        QCOMPARE(m_phone->tel().registration().state, RegistrationState::Ok);
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::Ready);
        sipp->waitFinished(5000);
        expectNormalCall();
    }

    void sigkillIdle()
    {
        const qint64 ms = sigkillAndMeasure();
        QVERIFY(ms >= 0);
        qInfo("SIGKILL idle: registered again after %lld ms", ms);
        expectNormalCall();
    }

    void sigkillWhileRinging()
    {
        auto sipp = caller(m_kamailio.port(), QStringLiteral("caller.xml"), {}, {},
                           {QStringLiteral("-d"), QStringLiteral("500")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::Ringing);
        const qint64 ms = sigkillAndMeasure();
        QVERIFY(ms >= 0);
        qInfo("SIGKILL while ringing: registered again after %lld ms", ms);
        QCOMPARE(m_phone->waitState(in.id, CallState::Ended).endReason, EndReason::EngineCrashed);
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::Ready);
        QCOMPARE(m_phone->sink().byTelephonyId(in.id).outcome, Agent::CallOutcome::EngineCrashed);
        sipp.reset(); // the caller's INVITE is lost with the engine; stop SIPp
        expectNormalCall();
    }

    void sigkillDuringCall()
    {
        auto sipp = caller(m_kamailio.port(), QStringLiteral("caller_wait_bye.xml"));
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        const qint64 ms = sigkillAndMeasure();
        QVERIFY(ms >= 0);
        qInfo("SIGKILL during a call: registered again after %lld ms", ms);
        QCOMPARE(m_phone->waitState(in.id, CallState::Ended).endReason, EndReason::EngineCrashed);
        // The call was answered: the agent is in wrap-up, the record says the engine crashed.
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::WrapUp);
        QCOMPARE(m_phone->sink().byTelephonyId(in.id).outcome, Agent::CallOutcome::EngineCrashed);
        sipp.reset();
        expectNormalCall();
    }

    /// Crashes in quick succession back off: 100 ms, then 1 s, then 2 s.
    void crashLoopBacksOff()
    {
        // A fresh console, so earlier tests' crashes do not count.
        PhoneFixture phone(
            engineSettings(QStringLiteral("1003"), QStringLiteral("secret"), m_kamailio.domain(), dir()));
        QVERIFY(phone.startAndRegister());
        for (int i = 0; i < 3; ++i) {
            const qint64 pid = phone.tel().enginePid();
            QVERIFY(pid > 0);
            ::kill(pid_t(pid), SIGKILL);
            QTRY_COMPARE_WITH_TIMEOUT(phone.crashDelays.size(), i + 1, 5000);
            QTRY_VERIFY_WITH_TIMEOUT(phone.tel().engineStatus() == EngineStatus::Running, 6000);
        }
        QCOMPARE(phone.crashDelays, (QList<int>{100, 1000, 2000}));
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Ok, 5000);
    }

    /// With the proxy guard of docs/telephony.md, the same hostile INVITE is refused by Kamailio (400) and
    /// the engine never sees it.
    void proxyGuardStopsHostileInvite()
    {
        KamailioServer guarded;
        QString error;
        QVERIFY2(guarded.start(dir(), {QStringLiteral("WITH_GUARD")}, &error), qPrintable(error));
        PhoneFixture phone(
            engineSettings(QStringLiteral("1002"), QStringLiteral("secret"), guarded.domain(), dir()));
        QVERIFY(phone.startAndRegister());
        const qint64 pid = phone.tel().enginePid();
        auto sipp = caller(guarded.port(), QStringLiteral("caller_busy.xml"),
                           {{QStringLiteral("callee"), QStringLiteral("1002")}},
                           {{"@DISPLAY@", QByteArray(2000, 'A')}});
        sipp->waitFinished(8000);
        QTest::qWait(500);
        QVERIFY(phone.crashDelays.isEmpty());
        QCOMPARE(phone.tel().enginePid(), pid);
        QVERIFY(phone.incoming.isEmpty());
        // An ordinary call still goes through the guard.
        auto ok = caller(guarded.port(), QStringLiteral("caller.xml"),
                         {{QStringLiteral("callee"), QStringLiteral("1002")}}, {{"@DISPLAY@", "guarded"}},
                         {QStringLiteral("-d"), QStringLiteral("300")});
        const CallInfo in = phone.waitIncoming();
        QVERIFY(!in.id.isEmpty());
        phone.tel().answer(in.id);
        QVERIFY(ok->waitFinished(10000));
        QVERIFY2(ok->exitCode() == 0, qPrintable(ok->diagnostics()));
    }
};

QTEST_GUILESS_MAIN(TstPhoneCrash)
#include "tst_phonecrash.moc"
