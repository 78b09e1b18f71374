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

    /// The caller sends CANCEL at about the moment the agent answers (the answer goes out on the incoming
    /// signal; the CANCEL 0..45 ms after the 180). Whichever wins, the call ends cleanly: a missed call
    /// (487 to the INVITE) or an answered call the caller then ends with BYE. The engine never crashes, stays
    /// registered, no call is left behind, the agent is back to ready/wrap-up, and the next call works.
    void cancelRacingTheAnswer()
    {
        KamailioServer kamailio;
        QString error;
        QVERIFY2(kamailio.start(dir(), {}, &error), qPrintable(error));
        PhoneFixture phone(
            engineSettings(QStringLiteral("1011"), QStringLiteral("secret"), kamailio.domain(), dir()));
        QVERIFY(phone.startAndRegister());
        const qint64 pid = phone.tel().enginePid();
        phone.binding().setAutoAnswer(true, 0);
        int missed = 0, answered = 0;
        for (int i = 0; i < 10; ++i) {
            phone.reset();
            auto sipp = startSipp(dir(), QStringLiteral("caller_cancel.xml"), kamailio.port(),
                                  {{QStringLiteral("callee"), QStringLiteral("1011")}}, {},
                                  {QStringLiteral("-d"), QString::number(i * 5)});
            const CallInfo in = phone.waitIncoming();
            QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
            const CallInfo end = phone.waitState(in.id, CallState::Ended, 15000);
            QVERIFY2(!end.id.isEmpty(), "the racing call never ended");
            sipp->waitFinished(10000); // SIPp's own verdict is not the point: it aborts when the 200 wins
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

        // The registration refresh after the lost call fails: the status bar gets a reason.
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Failed, 20000);
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

        // A plain-RTP caller to the SRTP-only station: refused (488), the station stays idle and registered.
        a.reset();
        b.reset();
        sa.srtp = QStringLiteral("off");
        a.tel().setSettings(sa);
        waitEvents(500);
        const auto plain = a.binding().dial(QStringLiteral("1014"));
        QVERIFY(plain.ok());
        const CallInfo failed = a.waitState(plain.value(), CallState::Ended, 10000);
        QVERIFY(!failed.id.isEmpty());
        qInfo("plain RTP to an SRTP-only station: %s (%s)", qPrintable(toCode(failed.endReason)),
              qPrintable(failed.reasonText));
        QVERIFY(!failed.answeredAt.isValid());
        QCOMPARE(b.tel().registration().state, RegistrationState::Ok);
        QVERIFY(b.tel().calls().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstPhoneFaults)
#include "tst_phonefaults.moc"
