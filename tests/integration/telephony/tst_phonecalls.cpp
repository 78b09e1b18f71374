// SPDX-License-Identifier: GPL-3.0-or-later
// Live calls through a real Kamailio to the real engine process, driven by SIPp (issue 3, "Tests with real
// peers").
#include "phonefixture.h"
#include "sipharness.h"
#include "telephony/peertext.h"

#include <QFileInfo>
#include <QTest>
#include <QUdpSocket>
#include <QtEndian>

using namespace Pasokh;
using namespace Pasokh::Telephony;
using namespace Pasokh::TestSupport;

/// Receives the engine's RTP on a port we put in the caller's SDP: counts audio packets that are not silence
/// and decodes RFC 4733 telephone-events (PT 101) into digits.
class RtpSink : public QObject
{
public:
    RtpSink()
    {
        m_socket.bind(QHostAddress::LocalHost, 0);
        connect(&m_socket, &QUdpSocket::readyRead, this, [this] {
            while (m_socket.hasPendingDatagrams()) {
                QByteArray d(int(m_socket.pendingDatagramSize()), Qt::Uninitialized);
                m_socket.readDatagram(d.data(), d.size());
                if (d.size() < 12 || (quint8(d.at(0)) >> 6) != 2)
                    continue;
                const int pt = quint8(d.at(1)) & 0x7F;
                const bool marker = quint8(d.at(1)) & 0x80;
                const quint32 ts = qFromBigEndian<quint32>(d.constData() + 4);
                const QByteArray payload = d.mid(12);
                if (pt == 8 || pt == 0) {
                    ++audioPackets;
                    int loud = 0;
                    for (char c : payload) {
                        const quint8 b = quint8(c);
                        // A-law/µ-law near-silence codes
                        if (b != 0xD5 && b != 0x55 && b != 0xD4 && b != 0x54 && b != 0xFF && b != 0x7F)
                            ++loud;
                    }
                    if (loud > payload.size() / 2)
                        ++loudPackets;
                } else if (pt == 101 && payload.size() >= 4) {
                    const int event = quint8(payload.at(0));
                    Q_UNUSED(marker);
                    if (ts != m_lastEventTs) {
                        m_lastEventTs = ts;
                        static const char map[] = "0123456789*#ABCD";
                        if (event >= 0 && event < 16)
                            digits += QLatin1Char(map[event]);
                    }
                }
            }
        });
    }
    int port() const { return m_socket.localPort(); }
    int audioPackets = 0;
    int loudPackets = 0;
    QString digits;

private:
    QUdpSocket m_socket;
    quint32 m_lastEventTs = 0xFFFFFFFF;
};

class TstPhoneCalls : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    KamailioServer m_kamailio;
    std::unique_ptr<PhoneFixture> m_phone;

    QString dir() const { return m_dir.path(); }
    std::unique_ptr<SippRun> caller(const QString &scenario, const QHash<QString, QString> &keys = {},
                                    const QHash<QByteArray, QByteArray> &raw = {},
                                    const QStringList &extra = {})
    {
        return startSipp(dir(), scenario, m_kamailio.port(), keys, raw, extra);
    }
    /// Registers user `user` with Kamailio for a SIPp callee on `port`.
    bool registerCallee(const QString &user, int port)
    {
        SippRun reg;
        QString error;
        if (!reg.start(
                dir(), QStringLiteral("register.xml"), m_kamailio.port(),
                {{QStringLiteral("user"), user}, {QStringLiteral("contact_port"), QString::number(port)}}, {},
                {}, &error))
            return false;
        return reg.waitFinished(10000) && reg.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(prepareWorkDir(m_dir, &error), qPrintable(error));
        QVERIFY2(m_kamailio.start(dir(), {}, &error), qPrintable(error));
        m_phone = std::make_unique<PhoneFixture>(
            engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), m_kamailio.domain(), dir()));
        QVERIFY2(m_phone->startAndRegister(), "engine did not register");
    }

    void init() { m_phone->reset(); }

    void cleanupTestCase()
    {
        m_phone.reset();
        m_kamailio.stop();
    }

    void callerIdentity_data()
    {
        QTest::addColumn<QByteArray>("display");
        QTest::addColumn<QString>("fromUri");
        QTest::addColumn<QString>("hdr1");
        QTest::addColumn<QString>("hdr2");
        QTest::addColumn<QString>("ani");
        QTest::addColumn<bool>("withheld");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("name");

        const QByteArray persian = QStringLiteral("علی رضایی").toUtf8();
        const QString x1 = QStringLiteral("X-Pasokh-Test: 1");
        const QString x2 = QStringLiteral("X-Pasokh-Test: 2");
        QTest::newRow("mobile 09, persian name") << persian << QStringLiteral("sip:09151234567@127.0.0.1")
                                                 << x1 << x2 << QStringLiteral("+989151234567") << false
                                                 << QStringLiteral("from") << QStringLiteral("علی رضایی");
        QTest::newRow("+98") << QByteArray("caller") << QStringLiteral("sip:+989151234567@127.0.0.1") << x1
                             << x2 << QStringLiteral("+989151234567") << false << QStringLiteral("from")
                             << QStringLiteral("caller");
        QTest::newRow("0098") << QByteArray("") << QStringLiteral("sip:00989151234567@127.0.0.1") << x1 << x2
                              << QStringLiteral("+989151234567") << false << QStringLiteral("from")
                              << QString();
        QTest::newRow("051 landline") << persian << QStringLiteral("sip:05138001234@127.0.0.1") << x1 << x2
                                      << QStringLiteral("+985138001234") << false << QStringLiteral("from")
                                      << QStringLiteral("علی رضایی");
        QTest::newRow("separators") << QByteArray("x") << QStringLiteral("sip:+98-915-123-4567@127.0.0.1")
                                    << x1 << x2 << QStringLiteral("+989151234567") << false
                                    << QStringLiteral("from") << QStringLiteral("x");
        QTest::newRow("PAI tel overrides From") << persian << QStringLiteral("sip:1234@127.0.0.1")
                                                << QStringLiteral("P-Asserted-Identity: <tel:+985138001234>")
                                                << x2 << QStringLiteral("+985138001234") << false
                                                << QStringLiteral("pai") << QStringLiteral("علی رضایی");
        QTest::newRow("PAI sip") << QByteArray("n") << QStringLiteral("sip:anonymous@anonymous.invalid")
                                 << QStringLiteral("P-Asserted-Identity: \"Net\" <sip:09121112233@127.0.0.1>")
                                 << x2 << QStringLiteral("+989121112233") << false << QStringLiteral("pai")
                                 << QStringLiteral("n");
        QTest::newRow("tel in From") << QByteArray("t") << QStringLiteral("tel:+985138001234") << x1 << x2
                                     << QStringLiteral("+985138001234") << false << QStringLiteral("from")
                                     << QStringLiteral("t");
        QTest::newRow("anonymous") << QByteArray("Anonymous")
                                   << QStringLiteral("sip:anonymous@anonymous.invalid") << x1 << x2
                                   << QString() << true << QStringLiteral("from") << QString();
        QTest::newRow("withheld with Privacy: id")
            << QByteArray("") << QStringLiteral("sip:anonymous@anonymous.invalid")
            << QStringLiteral("P-Asserted-Identity: <sip:09151234567@127.0.0.1>")
            << QStringLiteral("Privacy: id") << QString() << true << QStringLiteral("pai") << QString();
    }

    /// Caller ID for each number form, with and without PAI; answer; the caller hangs up; the whole dialog
    /// (including ACK and BYE through the proxy for withheld callers) must work: SIPp exits 0.
    void callerIdentity()
    {
        QFETCH(QByteArray, display);
        QFETCH(QString, fromUri);
        QFETCH(QString, hdr1);
        QFETCH(QString, hdr2);
        QFETCH(QString, ani);
        QFETCH(bool, withheld);
        QFETCH(QString, source);
        QFETCH(QString, name);
        auto sipp = caller(QStringLiteral("caller.xml"),
                           {{QStringLiteral("from_uri"), fromUri},
                            {QStringLiteral("hdr1"), hdr1},
                            {QStringLiteral("hdr2"), hdr2}},
                           {{"@DISPLAY@", display}}, {QStringLiteral("-d"), QStringLiteral("800")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
        QCOMPARE(in.ani, ani);
        QCOMPARE(in.withheld, withheld);
        QCOMPARE(in.displayName, name);
        if (!withheld)
            QCOMPARE(in.numberSource, source);
        QCOMPARE(in.dnis, QStringLiteral("1001"));
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::Ringing);
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::OnCall);
        const CallInfo end = m_phone->waitState(in.id, CallState::Ended);
        QCOMPARE(end.endReason, EndReason::RemoteHangUp);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::WrapUp);
        const Agent::CallRecord rec = m_phone->sink().byTelephonyId(in.id);
        QCOMPARE(rec.outcome, Agent::CallOutcome::Answered);
        QCOMPARE(rec.ani, ani);
        QVERIFY(rec.answeredAt.isValid() && rec.endedAt >= rec.answeredAt && rec.answeredAt >= rec.offeredAt);
    }

    /// Audio both ways: the caller's 440 Hz tone is recorded by the engine (file checked, not silent, ~440
    /// Hz), and the engine's 1 kHz "microphone" file arrives at the caller's RTP port as non-silent PCMA.
    void audioBothWays()
    {
        RtpSink sink;
        auto sipp =
            caller(QStringLiteral("caller.xml"), {{QStringLiteral("sdp_port"), QString::number(sink.port())}},
                   {}, {QStringLiteral("-d"), QStringLiteral("2500")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Ended, 10000).id.isEmpty());
        QVERIFY(sipp->waitFinished(10000));
        QCOMPARE(sipp->exitCode(), 0);
        const QString rec = dir() + QStringLiteral("/rec-%1.wav").arg(in.id);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(rec).size() > 1000, 3000);
        const WavStats st = analyseWav(rec);
        QVERIFY2(st.ok, qPrintable(rec));
        qInfo("recorded %.2f s, mean |x| %.4f, %.0f Hz", st.seconds, st.meanAbs, st.frequencyHz);
        QVERIFY2(st.meanAbs > 0.02, qPrintable(soxStat(rec)));
        QVERIFY2(st.frequencyHz > 400 && st.frequencyHz < 480, qPrintable(soxStat(rec)));
        qInfo("engine -> caller: %d RTP audio packets, %d not silent", sink.audioPackets, sink.loudPackets);
        QVERIFY(sink.audioPackets > 50);
        QVERIFY(sink.loudPackets > 40);
    }

    /// Hold and resume (re-INVITE sendonly, then sendrecv, answered by SIPp), then the agent hangs up.
    void holdResumeAgentHangUp()
    {
        auto sipp = caller(QStringLiteral("caller_hold.xml"));
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        m_phone->tel().hold(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Held).id.isEmpty());
        m_phone->tel().resume(in.id);
        QTRY_VERIFY_WITH_TIMEOUT(m_phone->changes.last().state == CallState::Connected, 5000);
        m_phone->tel().setMuted(in.id, true);
        QTRY_VERIFY_WITH_TIMEOUT(m_phone->changes.last().muted, 3000);
        m_phone->tel().hangUp(in.id);
        const CallInfo end = m_phone->waitState(in.id, CallState::Ended);
        QCOMPARE(end.endReason, EndReason::LocalHangUp);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
    }

    /// DTMF from the caller (RFC 4733 events from SIPp's pcap) reaches the console.
    void dtmfFromCaller()
    {
        auto sipp =
            caller(QStringLiteral("caller_dtmf.xml"), {}, {}, {QStringLiteral("-d"), QStringLiteral("1500")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QTRY_VERIFY_WITH_TIMEOUT(!m_phone->dtmf.isEmpty(), 6000);
        QCOMPARE(m_phone->dtmf.first().first, in.id);
        QCOMPARE(m_phone->dtmf.first().second, QLatin1Char('1'));
        QVERIFY(sipp->waitFinished(10000));
        QCOMPARE(sipp->exitCode(), 0);
    }

    /// DTMF to the caller: RFC 4733 events for "1234#" arrive at the caller's RTP port; invalid keys are
    /// refused.
    void dtmfToCaller()
    {
        RtpSink sink;
        auto sipp = caller(QStringLiteral("caller_wait_bye.xml"),
                           {{QStringLiteral("sdp_port"), QString::number(sink.port())}});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        QTest::qWait(300);
        QVERIFY(!m_phone->tel().sendDtmf(in.id, QStringLiteral("12x")));
        QVERIFY(!m_phone->tel().sendDtmf(in.id, QString()));
        QVERIFY(m_phone->tel().sendDtmf(in.id, QStringLiteral("1234#")));
        QTRY_COMPARE_WITH_TIMEOUT(sink.digits, QStringLiteral("1234#"), 5000);
        m_phone->tel().hangUp(in.id);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
    }

    /// Blind transfer: SIPp receives a REFER whose Refer-To names 2001, reports 200 by NOTIFY; the call ends
    /// as transferred.
    void blindTransfer()
    {
        auto sipp =
            caller(QStringLiteral("caller_wait_bye.xml"), {}, {{"@REFER_EXPECT@", "Refer-To:.*2001@"}});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        m_phone->tel().blindTransfer(in.id, QStringLiteral("2001"));
        const CallInfo end = m_phone->waitState(in.id, CallState::Ended);
        QCOMPARE(end.endReason, EndReason::Transferred);
        QVERIFY(!m_phone->transfers.isEmpty());
        QCOMPARE(m_phone->transfers.last().second, TransferState::Succeeded);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
    }

    /// Attended transfer: call A on hold, consult call to 2001 (a SIPp callee), then REFER with Replaces to
    /// A.
    void attendedTransfer()
    {
        auto callee = std::make_unique<SippRun>();
        QString error;
        QVERIFY2(callee->start(dir(), QStringLiteral("callee.xml"), 0, {}, {}, {}, &error),
                 qPrintable(error));
        QVERIFY(registerCallee(QStringLiteral("2001"), callee->localPort()));
        auto sipp =
            caller(QStringLiteral("caller_wait_bye.xml"), {}, {{"@REFER_EXPECT@", "Refer-To:.*Replaces"}});
        const CallInfo a = m_phone->waitIncoming();
        QVERIFY(!a.id.isEmpty());
        m_phone->tel().answer(a.id);
        QVERIFY(!m_phone->waitState(a.id, CallState::Connected).id.isEmpty());
        m_phone->tel().hold(a.id);
        QVERIFY(!m_phone->waitState(a.id, CallState::Held).id.isEmpty());
        const QString b = m_phone->tel().dial(QStringLiteral("2001"));
        QVERIFY(!b.isEmpty());
        QVERIFY2(!m_phone->waitState(b, CallState::Connected).id.isEmpty(),
                 qPrintable(callee->diagnostics()));
        m_phone->tel().attendedTransfer(a.id, b);
        const CallInfo endA = m_phone->waitState(a.id, CallState::Ended);
        QCOMPARE(endA.endReason, EndReason::Transferred);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
        if (m_phone->tel().calls().size() > 0)
            m_phone->tel().hangUp(b);
        QVERIFY(!m_phone->waitState(b, CallState::Ended).id.isEmpty());
        QVERIFY(callee->waitFinished(10000));
        QVERIFY2(callee->exitCode() == 0, qPrintable(callee->diagnostics()));
    }

    /// Click-to-call through the agent binding: the agent goes on_call, the callee answers, the agent hangs
    /// up, wrap-up follows.
    void outboundCall()
    {
        auto callee = std::make_unique<SippRun>();
        QString error;
        QVERIFY2(callee->start(dir(), QStringLiteral("callee.xml"), 0, {}, {}, {}, &error),
                 qPrintable(error));
        QVERIFY(registerCallee(QStringLiteral("2002"), callee->localPort()));
        const auto dialled = m_phone->binding().dial(QStringLiteral("2002"));
        QVERIFY(dialled.ok());
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::OnCall);
        QVERIFY(!m_phone->waitState(dialled.value(), CallState::Connected).id.isEmpty());
        QTest::qWait(300);
        m_phone->tel().hangUp(dialled.value());
        QVERIFY(!m_phone->waitState(dialled.value(), CallState::Ended).id.isEmpty());
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::WrapUp);
        QVERIFY(callee->waitFinished(10000));
        QVERIFY2(callee->exitCode() == 0, qPrintable(callee->diagnostics()));
        const Agent::CallRecord rec = m_phone->sink().byTelephonyId(dialled.value());
        QVERIFY(!rec.incoming);
        QCOMPARE(rec.outcome, Agent::CallOutcome::Answered);
    }

    /// The caller hangs up while it rings: logged as a missed call, the agent is ready again.
    void missedCall()
    {
        auto sipp = caller(QStringLiteral("caller_cancel.xml"), {}, {},
                           {QStringLiteral("-d"), QStringLiteral("500")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        const CallInfo end = m_phone->waitState(in.id, CallState::Ended);
        QCOMPARE(end.endReason, EndReason::Missed);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::Ready);
        QCOMPARE(m_phone->sink().byTelephonyId(in.id).outcome, Agent::CallOutcome::Missed);
    }

    /// A call while the agent is not ready gets 486 and is logged as refused_not_ready.
    void busyWhenNotReady()
    {
        QVERIFY(m_phone->agent().setNotReady(Agent::NotReadyReason::Prayer).ok());
        auto sipp = caller(QStringLiteral("caller_busy.xml"));
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY(!in.id.isEmpty());
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
        QCOMPARE(m_phone->sink().byTelephonyId(in.id).outcome, Agent::CallOutcome::RefusedNotReady);
        QCOMPARE(m_phone->agent().state(), Agent::AgentState::NotReady);
        QVERIFY(m_phone->agent().setReady().ok());
    }

    /// A second call while on a call gets 486 from the engine, is reported and logged; the first call is not
    /// held.
    void busyWhenOnCall()
    {
        auto first = caller(QStringLiteral("caller_wait_bye.xml"));
        const CallInfo a = m_phone->waitIncoming();
        QVERIFY(!a.id.isEmpty());
        m_phone->tel().answer(a.id);
        QVERIFY(!m_phone->waitState(a.id, CallState::Connected).id.isEmpty());
        auto second = caller(QStringLiteral("caller_busy.xml"),
                             {{QStringLiteral("caller"), QStringLiteral("09350001122")}});
        QVERIFY(second->waitFinished(10000));
        QVERIFY2(second->exitCode() == 0, qPrintable(second->diagnostics()));
        QTRY_COMPARE_WITH_TIMEOUT(m_phone->refused.size(), 1, 3000);
        QCOMPARE(m_phone->refused.first().ani, QStringLiteral("+989350001122"));
        bool logged = false;
        for (const auto &r : m_phone->sink().callLog())
            logged = logged || (r.ani == QStringLiteral("+989350001122") &&
                                r.outcome == Agent::CallOutcome::RefusedBusy);
        QVERIFY(logged);
        QCOMPARE(m_phone->tel().calls().size(), 1);
        QCOMPARE(m_phone->tel().calls().first().state, CallState::Connected);
        m_phone->tel().hangUp(a.id);
        QVERIFY(first->waitFinished(10000));
        QVERIFY2(first->exitCode() == 0, qPrintable(first->diagnostics()));
    }

    /// Hostile but survivable input: the engine stays up and registered, caller data is sane, problems are
    /// logged.
    void hostileInputs_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QByteArray>("display");
        QTest::addColumn<QByteArray>("signal");
        QTest::addColumn<QString>("hdr1");
        QTest::addColumn<QString>("expectName");
        QTest::addColumn<QString>("expectProblem");
        QTest::newRow("invalid UTF-8 name")
            << QStringLiteral("caller.xml") << QByteArray("Ali\xff\xfe\xc3 X") << QByteArray("5")
            << QStringLiteral("X-A: 1") << QStringLiteral("Ali\uFFFD\uFFFD\uFFFD X") << QString();
        QTest::newRow("RLO override")
            << QStringLiteral("caller.xml") << QStringLiteral("\u202E7654321 evil").toUtf8()
            << QByteArray("5") << QStringLiteral("X-A: 1") << QStringLiteral("7654321 evil") << QString();
        QTest::newRow("control chars")
            << QStringLiteral("caller.xml")
            << QByteArray("a\x1b"
                          "\x01"
                          "b\x07\x7f")
            << QByteArray("5") << QStringLiteral("X-A: 1") << QStringLiteral("ab") << QString();
        QTest::newRow("garbage DTMF in INFO")
            << QStringLiteral("caller_info.xml") << QByteArray("d") << QByteArray("\xff")
            << QStringLiteral("X-A: 1") << QStringLiteral("d") << QStringLiteral("bad_dtmf");
        QTest::newRow("long PAI")
            << QStringLiteral("caller.xml") << QByteArray("p") << QByteArray("5")
            << QStringLiteral("P-Asserted-Identity: <sip:%1@127.0.0.1>").arg(QString(600, QLatin1Char('9')))
            << QStringLiteral("p") << QString();
    }

    void hostileInputs()
    {
        QFETCH(QString, scenario);
        QFETCH(QByteArray, display);
        QFETCH(QByteArray, signal);
        QFETCH(QString, hdr1);
        QFETCH(QString, expectName);
        QFETCH(QString, expectProblem);
        const qint64 pid = m_phone->tel().enginePid();
        auto sipp =
            caller(scenario, {{QStringLiteral("hdr1"), hdr1}}, {{"@DISPLAY@", display}, {"@SIGNAL@", signal}},
                   {QStringLiteral("-d"), QStringLiteral("600")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
        QCOMPARE(in.displayName, expectName);
        QVERIFY(PeerText::isClean(in.displayName));
        QVERIFY(in.rawNumber.size() <= PeerText::kNumberMaxChars);
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Ended, 10000).id.isEmpty());
        QVERIFY(sipp->waitFinished(10000));
        if (!expectProblem.isEmpty())
            QTRY_VERIFY_WITH_TIMEOUT(m_phone->problems.contains(expectProblem), 3000);
        QVERIFY(m_phone->dtmf.isEmpty());
        QCOMPARE(m_phone->tel().enginePid(), pid);
        QCOMPARE(m_phone->tel().registration().state, RegistrationState::Ok);
    }

    /// An INVITE without SDP (late offer, RFC 3261 §13.2.1): the engine offers in its 200 OK, SIPp answers in
    /// the ACK, the call connects and ends normally.
    void inviteWithoutSdp()
    {
        auto sipp =
            caller(QStringLiteral("caller_nosdp.xml"), {}, {}, {QStringLiteral("-d"), QStringLiteral("800")});
        const CallInfo in = m_phone->waitIncoming();
        QVERIFY2(!in.id.isEmpty(), qPrintable(sipp->diagnostics()));
        m_phone->tel().answer(in.id);
        QVERIFY(!m_phone->waitState(in.id, CallState::Connected).id.isEmpty());
        QCOMPARE(m_phone->waitState(in.id, CallState::Ended).endReason, EndReason::RemoteHangUp);
        QVERIFY(sipp->waitFinished(10000));
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
    }

    /// 50 calls in a row, auto-answered, without a crash or a leak.
    void fiftyCallsInARow()
    {
        m_phone->binding().setAutoAnswer(true, 50);
        auto wrap = connect(&m_phone->agent(), &Agent::AgentStateMachine::stateChanged, this,
                            [this](Agent::AgentState s) {
                                if (s == Agent::AgentState::WrapUp) {
                                    m_phone->agent().setDisposition(Agent::Disposition::CaseRegistered);
                                    m_phone->agent().setReady();
                                }
                            });
        const qint64 pid = m_phone->tel().enginePid();
        const qint64 rssBefore = rssKb(pid);
        const qsizetype recordsBefore = m_phone->sink().calls.size();
        auto sipp =
            caller(QStringLiteral("caller.xml"), {}, {},
                   {QStringLiteral("-d"), QStringLiteral("200"), QStringLiteral("-m"), QStringLiteral("50"),
                    QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-r"), QStringLiteral("20")});
        QVERIFY(sipp->waitFinished(90000));
        disconnect(wrap);
        m_phone->binding().setAutoAnswer(false, 0);
        QVERIFY2(sipp->exitCode() == 0, qPrintable(sipp->diagnostics()));
        QCOMPARE(m_phone->tel().enginePid(), pid);
        int answered = 0;
        for (const auto &r : m_phone->sink().callLog().mid(recordsBefore))
            answered += r.outcome == Agent::CallOutcome::Answered ? 1 : 0;
        QCOMPARE(answered, 50);
        const qint64 rssAfter = rssKb(pid);
        qInfo("engine RSS before %lld KiB, after 50 calls %lld KiB", rssBefore, rssAfter);
        QVERIFY(rssAfter < rssBefore + 30 * 1024);
    }
};

QTEST_GUILESS_MAIN(TstPhoneCalls)
#include "tst_phonecalls.moc"
