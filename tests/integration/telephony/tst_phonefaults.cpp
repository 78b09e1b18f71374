// SPDX-License-Identifier: GPL-3.0-or-later
// Faults with real peers (issue 3, "Bad input and faults" and "hostile input"): a CANCEL racing the answer, a
// network drop in the middle of a call (the caller and the PBX vanish, then the PBX comes back), and SRTP
// (SDES, RFC 4568) between two engines through Kamailio. Kamailio and SIPp on 127.0.0.1 with free ports.
#include "phonefixture.h"
#include "sipharness.h"

#include <QTest>

#include <csignal>

using namespace Pasokh;
using namespace Pasokh::Telephony;
using namespace Pasokh::TestSupport;

class TstPhoneFaults : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString dir() const { return m_dir.path(); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(prepareWorkDir(m_dir, &error), qPrintable(error));
    }

    /// The caller sends CANCEL as soon as the 180 arrives while the console auto-answers 0..9 ms after the
    /// offer (sipp/caller_cancel_race.xml). Whichever wins, the call ends cleanly: a missed call (487 to the
    /// INVITE) or an answered call the caller then ends with BYE. (Idle, the CANCEL wins 9 or 10 times in 10;
    /// with auto-answer at 0 ms the answer can pass the proxy before the CANCEL, and the scenario ACKs that
    /// 200 with the callee's tag, not the proxy's tag on its reply to the CANCEL.) The engine never crashes,
    /// stays registered, no call is left behind, the agent is back to ready/wrap-up, SIPp completes its
    /// scenario, and the next call works.
    void cancelRacingTheAnswer()
    {
        KamailioServer kamailio;
        QString error;
        QVERIFY2(kamailio.start(dir(), {}, &error), qPrintable(error));
        PhoneFixture phone(
            engineSettings(QStringLiteral("1011"), QStringLiteral("secret"), kamailio.domain(), dir()));
        QVERIFY(phone.startAndRegister());
        const qint64 pid = phone.tel().enginePid();
        int missed = 0, answered = 0;
        for (int i = 0; i < 10; ++i) {
            phone.reset();
            phone.binding().setAutoAnswer(true, i);
            auto sipp = startSipp(dir(), QStringLiteral("caller_cancel_race.xml"), kamailio.port(),
                                  {{QStringLiteral("callee"), QStringLiteral("1011")}}, {},
                                  {QStringLiteral("-d"), QStringLiteral("0")});
            const CallInfo in = phone.waitIncoming();
            QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
            const CallInfo end = phone.waitState(in.id, CallState::Ended, 15000);
            QVERIFY2(!end.id.isEmpty(),
                     qPrintable(QStringLiteral("the racing call never ended\n") + sipp->diagnostics()));
            QVERIFY(sipp->waitFinished(10000));
            QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
            const Agent::CallRecord rec = phone.sink().byTelephonyId(in.id);
            if (end.endReason == EndReason::Missed) {
                ++missed;
                QCOMPARE(rec.outcome, Agent::CallOutcome::Missed);
                QCOMPARE(phone.agent().state(), Agent::AgentState::Ready);
            } else {
                ++answered;
                QVERIFY2(end.answeredAt.isValid(), qPrintable(toCode(end.endReason)));
                QCOMPARE(phone.agent().state(), Agent::AgentState::WrapUp);
            }
            QVERIFY(phone.tel().calls().isEmpty());
        }
        qInfo("CANCEL race: %d missed (CANCEL won), %d answered (200 won)", missed, answered);
        phone.binding().setAutoAnswer(false, 0);
        phone.reset();
        QCOMPARE(phone.tel().enginePid(), pid);
        QCOMPARE(phone.tel().registration().state, RegistrationState::Ok);
        auto sipp = startSipp(dir(), QStringLiteral("caller.xml"), kamailio.port(),
                              {{QStringLiteral("callee"), QStringLiteral("1011")}}, {},
                              {QStringLiteral("-d"), QStringLiteral("300")});
        const CallInfo in = phone.waitIncoming();
        QVERIFY(!in.id.isEmpty());
        phone.tel().answer(in.id);
        QVERIFY(!phone.waitState(in.id, CallState::Ended, 10000).id.isEmpty());
        QVERIFY(sipp->waitFinished(10000));
        QCOMPARE(sipp->exitCode(), 0);
    }

    /// Network drop mid-call: the caller (SIPp) and the PBX (Kamailio) vanish during a call. The engine ends
    /// the call after the no-RTP timeout with a reason (the operator's panel says "Call failed"; the form is
    /// the console's and is never touched, see tests/ui/phone), the registration refresh that follows fails
    /// with a reason for the status bar, and when the PBX is back the station registers again by itself and
    /// takes the next call.
    void networkDropMidCall()
    {
        const int port = freePort();
        auto kamailio = std::make_unique<KamailioServer>();
        QString error;
        QVERIFY2(kamailio->start(dir(), {}, &error, port), qPrintable(error));
        SipSettings s =
            engineSettings(QStringLiteral("1012"), QStringLiteral("secret"), kamailio->domain(), dir());
        s.noRtpTimeoutS = 3;
        PhoneFixture phone(s);
        QVERIFY(phone.startAndRegister());
        const qint64 pid = phone.tel().enginePid();
        auto sipp = startSipp(dir(), QStringLiteral("caller.xml"), kamailio->port(),
                              {{QStringLiteral("callee"), QStringLiteral("1012")}}, {},
                              {QStringLiteral("-d"), QStringLiteral("60000")});
        const CallInfo in = phone.waitIncoming();
        QVERIFY(!in.id.isEmpty());
        phone.tel().answer(in.id);
        QVERIFY(!phone.waitState(in.id, CallState::Connected).id.isEmpty());
        waitEvents(1000);

        QElapsedTimer t;
        t.start();
        ::kill(pid_t(sipp->pid()), SIGKILL);
        kamailio->stop();
        const CallInfo end = phone.waitState(in.id, CallState::Ended, 20000);
        QVERIFY2(!end.id.isEmpty(), "the call was not ended after the network drop");
        qInfo("call ended %lld ms after the drop: %s (%s)", t.elapsed(), qPrintable(toCode(end.endReason)),
              qPrintable(end.reasonText));
        QCOMPARE(end.endReason, EndReason::Failed);
        QCOMPARE(phone.agent().state(), Agent::AgentState::WrapUp); // the operator finishes the case
        const Agent::CallRecord rec = phone.sink().byTelephonyId(in.id);
        QCOMPARE(rec.outcome, Agent::CallOutcome::Failed);
        QVERIFY(rec.answeredAt.isValid() && rec.endedAt.isValid());

        // The registration refresh after the lost call fails (over UDP only when SIP timer F, 32 s, runs
        // out): the status bar gets a reason.
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Failed, 45000);
        qInfo("registration failed %lld ms after the drop", t.elapsed());
        qInfo("registration while the PBX is away: \"%s\" (%d)",
              qPrintable(phone.tel().registration().reason), phone.tel().registration().sipStatus);
        QCOMPARE(phone.tel().enginePid(), pid);

        // The PBX comes back on the same address: registered again without any action.
        kamailio = std::make_unique<KamailioServer>();
        QVERIFY2(kamailio->start(dir(), {}, &error, port), qPrintable(error));
        t.restart();
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Ok, 40000);
        qInfo("registered again %lld ms after the PBX came back", t.elapsed());
        phone.reset();
        auto next = startSipp(dir(), QStringLiteral("caller.xml"), kamailio->port(),
                              {{QStringLiteral("callee"), QStringLiteral("1012")}}, {},
                              {QStringLiteral("-d"), QStringLiteral("300")});
        const CallInfo in2 = phone.waitIncoming();
        QVERIFY2(!in2.id.isEmpty(), qPrintable(next->diagnostics()));
        phone.tel().answer(in2.id);
        QVERIFY(!phone.waitState(in2.id, CallState::Ended, 10000).id.isEmpty());
        QVERIFY(next->waitFinished(10000));
        QCOMPARE(next->exitCode(), 0);
    }

    /// SRTP (SDES, RFC 4568) between two engines through Kamailio: with srtp=mandatory on both sides the call
    /// connects and each side records the other's 1 kHz "microphone" (so the SRTP media decrypts); a caller
    /// without SRTP cannot reach a station that requires it. SIPp 3.6 cannot do SRTP media, hence two
    /// engines.
    void srtpBetweenTwoEngines()
    {
        KamailioServer kamailio;
        QString error;
        QVERIFY2(kamailio.start(dir(), {}, &error), qPrintable(error));
        SipSettings sa =
            engineSettings(QStringLiteral("1013"), QStringLiteral("secret"), kamailio.domain(), dir());
        SipSettings sb =
            engineSettings(QStringLiteral("1014"), QStringLiteral("secret"), kamailio.domain(), dir());
        sa.srtp = QStringLiteral("mandatory");
        sb.srtp = QStringLiteral("mandatory");
        PhoneFixture a(sa), b(sb);
        QVERIFY(a.startAndRegister());
        QVERIFY(b.startAndRegister());
        const auto dialled = a.binding().dial(QStringLiteral("1014"));
        QVERIFY(dialled.ok());
        const CallInfo in = b.waitIncoming();
        QVERIFY(!in.id.isEmpty());
        b.tel().answer(in.id);
        QVERIFY(!b.waitState(in.id, CallState::Connected).id.isEmpty());
        QVERIFY(!a.waitState(dialled.value(), CallState::Connected).id.isEmpty());
        waitEvents(2500);
        a.tel().hangUp(dialled.value());
        QVERIFY(!b.waitState(in.id, CallState::Ended).id.isEmpty());
        const QString rec = dir() + QStringLiteral("/rec-%1.wav").arg(in.id);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(rec).size() > 1000, 3000);
        const WavStats st = analyseWav(rec);
        qInfo("SRTP call: callee recorded %.2f s, mean |x| %.4f, %.0f Hz", st.seconds, st.meanAbs,
              st.frequencyHz);
        QVERIFY2(st.meanAbs > 0.02, qPrintable(soxStat(rec)));
        QVERIFY2(st.frequencyHz > 900 && st.frequencyHz < 1100, qPrintable(soxStat(rec)));

        // A plain-RTP caller to the SRTP-only station: the call never connects without SRTP (liblinphone
        // offers it to the station, then refuses the answer with 488), and the station stays idle and
        // registered.
        a.reset();
        b.reset();
        PhoneFixture plainCaller(
            engineSettings(QStringLiteral("1015"), QStringLiteral("secret"), kamailio.domain(), dir()));
        QVERIFY(plainCaller.startAndRegister());
        const auto plain = plainCaller.binding().dial(QStringLiteral("1014"));
        QVERIFY(plain.ok());
        const CallInfo offered = b.waitIncoming(5000);
        if (!offered.id.isEmpty())
            b.tel().answer(offered.id);
        const CallInfo failed = plainCaller.waitState(plain.value(), CallState::Ended, 20000);
        QVERIFY2(!failed.id.isEmpty(), "the plain-RTP call to the SRTP-only station did not end");
        qInfo("plain RTP to an SRTP-only station: offered to the station: %s; caller saw %s (%s)",
              offered.id.isEmpty() ? "no" : "yes", qPrintable(toCode(failed.endReason)),
              qPrintable(failed.reasonText));
        QVERIFY(!failed.answeredAt.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(b.tel().calls().isEmpty(), 10000);
        QCOMPARE(b.tel().registration().state, RegistrationState::Ok);
    }
};

QTEST_GUILESS_MAIN(TstPhoneFaults)
#include "tst_phonefaults.moc"
