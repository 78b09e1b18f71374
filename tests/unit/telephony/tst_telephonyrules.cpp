// SPDX-License-Identifier: GPL-3.0-or-later
// Rules of the telephony layer that need no SIP: peer-text sanitising, SIP/tel URI parsing, caller id, the
// engine wire protocol, the restart policy and the [sip] settings.
#include "telephony/callerid.h"
#include "telephony/peertext.h"
#include "telephony/protocol.h"
#include "telephony/restartpolicy.h"
#include "telephony/sipidentity.h"
#include "telephony/sipsettings.h"
#include "telephony/telephonytypes.h"

#include <QJsonArray>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh::Telephony;

class TstTelephonyRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sanitize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("max");
        QTest::addColumn<QString>("expected");
        QTest::newRow("persian kept") << QStringLiteral("علی رضایی") << 128 << QStringLiteral("علی رضایی");
        QTest::newRow("zwnj kept") << QStringLiteral("می\u200Cخواهم") << 128
                                   << QStringLiteral("می\u200Cخواهم");
        QTest::newRow("RLO removed") << QStringLiteral("\u202E1234\u202C") << 128 << QStringLiteral("1234");
        QTest::newRow("isolates removed")
            << QStringLiteral("a\u2066b\u2069c\u200Fd") << 128 << QStringLiteral("abcd");
        QTest::newRow("C0 C1 DEL removed")
            << QStringLiteral("a\u0007b\u001Bc\u007Fd\u0085e") << 128 << QStringLiteral("abcde");
        QTest::newRow("whitespace folded") << QStringLiteral("  a \t\n b  ") << 128 << QStringLiteral("a b");
        QTest::newRow("bounded") << QString(300, QLatin1Char('x')) << 128 << QString(128, QLatin1Char('x'));
        QTest::newRow("surrogate pair not split")
            << QStringLiteral("ab\U0001F600") << 3 << QStringLiteral("ab\U0001F600");
        QTest::newRow("lone surrogate removed")
            << (QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b")) << 128 << QStringLiteral("ab");
        QTest::newRow("BOM and noncharacter")
            << QStringLiteral("\uFEFFa\uFFFEb") << 128 << QStringLiteral("ab");
        QTest::newRow("empty") << QString() << 128 << QString();
    }
    void sanitize()
    {
        QFETCH(QString, input);
        QFETCH(int, max);
        QFETCH(QString, expected);
        const QString out = PeerText::sanitize(input, max);
        QCOMPARE(out, expected);
        QVERIFY(PeerText::isClean(out, max));
    }

    void sanitizeUtf8InvalidBytes()
    {
        const std::string bytes("Ali\xff\xfe X", 7);
        QCOMPARE(PeerText::sanitizeUtf8(bytes), QStringLiteral("Ali\uFFFD\uFFFD X"));
        // A hostile megabyte costs only the first 16 KiB.
        const std::string huge(1 << 20, 'A');
        QCOMPARE(PeerText::sanitizeUtf8(huge).size(), PeerText::kDefaultMaxChars);
    }

    void mask()
    {
        QCOMPARE(PeerText::mask(QStringLiteral("+989151234567")), QStringLiteral("+9*********67"));
        QCOMPARE(PeerText::mask(QStringLiteral("abc")), QStringLiteral("****"));
    }

    void sipIdentity_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("anonymous");
        QTest::newRow("bare sip") << QStringLiteral("sip:09151234567@pbx.local") << QStringLiteral("sip")
                                  << QStringLiteral("09151234567") << QStringLiteral("09151234567")
                                  << QString() << false;
        QTest::newRow("name-addr")
            << QStringLiteral("\"Ali \\\"A\\\"\" <sip:+989151234567@1.2.3.4:5060;user=phone>;tag=x")
            << QStringLiteral("sip") << QStringLiteral("+989151234567") << QStringLiteral("+989151234567")
            << QStringLiteral("Ali \"A\"") << false;
        QTest::newRow("tel") << QStringLiteral("<tel:+985138001234;phone-context=+98>")
                             << QStringLiteral("tel") << QStringLiteral("+985138001234")
                             << QStringLiteral("+985138001234") << QString() << false;
        QTest::newRow("separators") << QStringLiteral("sip:+98-915-123-4567@h") << QStringLiteral("sip")
                                    << QStringLiteral("+98-915-123-4567") << QStringLiteral("+989151234567")
                                    << QString() << false;
        QTest::newRow("percent") << QStringLiteral("sip:%2B989151234567@h") << QStringLiteral("sip")
                                 << QStringLiteral("+989151234567") << QStringLiteral("+989151234567")
                                 << QString() << false;
        QTest::newRow("password dropped")
            << QStringLiteral("sip:0915:secret@h") << QStringLiteral("sip") << QStringLiteral("0915")
            << QStringLiteral("0915") << QString() << false;
        QTest::newRow("anonymous") << QStringLiteral("\"Anonymous\" <sip:anonymous@anonymous.invalid>")
                                   << QStringLiteral("sip") << QStringLiteral("anonymous") << QString()
                                   << QStringLiteral("Anonymous") << true;
        QTest::newRow("no user") << QStringLiteral("sip:127.0.0.1;gr=urn:uuid:1") << QStringLiteral("sip")
                                 << QString() << QString() << QString() << true;
        QTest::newRow("letters") << QStringLiteral("sip:alice@h") << QStringLiteral("sip")
                                 << QStringLiteral("alice") << QString() << QString() << false;
        QTest::newRow("http is not ours")
            << QStringLiteral("http://x") << QString() << QString() << QString() << QString() << false;
        QTest::newRow("unclosed <") << QStringLiteral("\"x\" <sip:1@h") << QString() << QString() << QString()
                                    << QString() << false;
        QTest::newRow("RLO in user") << QStringLiteral("sip:\u202E0915@h") << QStringLiteral("sip")
                                     << QStringLiteral("0915") << QStringLiteral("0915") << QString()
                                     << false;
    }
    void sipIdentity()
    {
        QFETCH(QString, input);
        QFETCH(QString, scheme);
        QFETCH(QString, user);
        QFETCH(QString, number);
        QFETCH(QString, name);
        QFETCH(bool, anonymous);
        const SipIdentity id = SipIdentity::parse(input);
        QCOMPARE(id.scheme, scheme);
        QCOMPARE(id.user, user);
        QCOMPARE(id.number(), number);
        QCOMPARE(id.displayName, name);
        if (id.isValid())
            QCOMPARE(id.anonymous, anonymous);
    }

    void assertedIdentityPrefersTel()
    {
        const SipIdentity id = SipIdentity::parseAssertedIdentity(
            QStringLiteral("\"A, B\" <sip:1234@pbx>, <tel:+989151234567>"));
        QCOMPARE(id.scheme, QStringLiteral("tel"));
        QCOMPARE(id.user, QStringLiteral("+989151234567"));
        const SipIdentity sip = SipIdentity::parseAssertedIdentity(QStringLiteral("<sip:09121112233@pbx>"));
        QCOMPARE(sip.user, QStringLiteral("09121112233"));
    }

    void callerId_data()
    {
        QTest::addColumn<QByteArray>("display");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("pai");
        QTest::addColumn<QString>("privacy");
        QTest::addColumn<QString>("ani");
        QTest::addColumn<bool>("withheld");
        QTest::addColumn<QString>("source");
        QTest::newRow("from 09") << QByteArray("x") << QStringLiteral("sip:09151234567@h") << QString()
                                 << QString() << QStringLiteral("+989151234567") << false
                                 << QStringLiteral("from");
        QTest::newRow("from 0098") << QByteArray("x") << QStringLiteral("sip:00989151234567@h") << QString()
                                   << QString() << QStringLiteral("+989151234567") << false
                                   << QStringLiteral("from");
        QTest::newRow("landline 051")
            << QByteArray("x") << QStringLiteral("sip:05138001234@h") << QString() << QString()
            << QStringLiteral("+985138001234") << false << QStringLiteral("from");
        QTest::newRow("local 8 digits")
            << QByteArray("x") << QStringLiteral("sip:38001234@h") << QString() << QString()
            << QStringLiteral("+985138001234") << false << QStringLiteral("from");
        QTest::newRow("pai wins") << QByteArray("x") << QStringLiteral("sip:100@h")
                                  << QStringLiteral("<tel:+985138001234>") << QString()
                                  << QStringLiteral("+985138001234") << false << QStringLiteral("pai");
        QTest::newRow("anonymous from, pai number")
            << QByteArray("") << QStringLiteral("sip:anonymous@anonymous.invalid")
            << QStringLiteral("<sip:09121112233@h>") << QString() << QStringLiteral("+989121112233") << false
            << QStringLiteral("pai");
        QTest::newRow("privacy id") << QByteArray("") << QStringLiteral("sip:anonymous@anonymous.invalid")
                                    << QStringLiteral("<sip:09121112233@h>") << QStringLiteral("id")
                                    << QString() << true << QStringLiteral("pai");
        QTest::newRow("privacy user;critical")
            << QByteArray("") << QStringLiteral("sip:09121112233@h") << QString()
            << QStringLiteral("user; critical") << QString() << true << QStringLiteral("from");
        QTest::newRow("anonymous no pai")
            << QByteArray("Anonymous") << QStringLiteral("sip:anonymous@anonymous.invalid") << QString()
            << QString() << QString() << true << QStringLiteral("from");
        QTest::newRow("extension, not a phone")
            << QByteArray("") << QStringLiteral("sip:alice@h") << QString() << QString() << QString() << false
            << QStringLiteral("from");
    }
    void callerId()
    {
        QFETCH(QByteArray, display);
        QFETCH(QString, from);
        QFETCH(QString, pai);
        QFETCH(QString, privacy);
        QFETCH(QString, ani);
        QFETCH(bool, withheld);
        QFETCH(QString, source);
        const CallerId c = CallerId::fromHeaders(display.toStdString(), from, pai, privacy);
        QCOMPARE(c.ani, ani);
        QCOMPARE(c.withheld, withheld);
        QCOMPARE(c.source, source);
        if (withheld)
            QVERIFY(c.rawNumber.isEmpty());
    }

    void callerIdDisplayNameFallsBackToPai()
    {
        const CallerId c = CallerId::fromHeaders(std::string(), QStringLiteral("sip:0915@h"),
                                                 QStringLiteral("\"مرکز\" <sip:09151234567@h>"), QString());
        QCOMPARE(c.displayName, QStringLiteral("مرکز"));
    }

    void protocolRoundTrip()
    {
        CallInfo c;
        c.id = QStringLiteral("c1-abc");
        c.state = CallState::Held;
        c.endReason = EndReason::None;
        c.displayName = QStringLiteral("علی");
        c.ani = QStringLiteral("+989151234567");
        c.withheld = false;
        c.offeredAt = QDateTime(QDate(2026, 11, 30), QTime(9, 0, 1, 250), Qt::UTC);
        const QJsonObject msg = Protocol::message(Protocol::kCall, {{QStringLiteral("call"), c.toJson()}});
        Protocol::FrameReader reader;
        const QByteArray frame = Protocol::encode(msg) + Protocol::encode(Protocol::message(Protocol::kPong));
        // Byte by byte: framing must reassemble.
        QList<QJsonObject> got;
        QString error;
        for (char ch : frame) {
            reader.append(QByteArray(1, ch));
            got += reader.takeMessages(&error);
        }
        QVERIFY(error.isEmpty());
        QCOMPARE(got.size(), 2);
        QCOMPARE(Protocol::typeOf(got.at(0)), QStringLiteral("call"));
        QCOMPARE(Protocol::typeOf(got.at(1)), QStringLiteral("pong"));
        const CallInfo back = CallInfo::fromJson(got.at(0).value(QLatin1String("call")).toObject());
        QCOMPARE(back.id, c.id);
        QCOMPARE(back.state, CallState::Held);
        QCOMPARE(back.displayName, c.displayName);
        QCOMPARE(back.ani, c.ani);
        QCOMPARE(back.offeredAt, c.offeredAt);
        QVERIFY(!back.answeredAt.isValid());
    }

    void protocolRejectsOversizedAndGarbage()
    {
        Protocol::FrameReader reader;
        QByteArray big(4, '\0');
        big[0] = char(0x7F); // ~2 GB announced
        reader.append(big);
        QString error;
        QVERIFY(reader.takeMessages(&error).isEmpty());
        QVERIFY(!error.isEmpty());

        Protocol::FrameReader r2;
        QByteArray junk = QByteArray::fromHex("00000003") + "[1]";
        r2.append(junk);
        error.clear();
        QVERIFY(r2.takeMessages(&error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("not a JSON object")));
    }

    void protocolSanitisesEngineStrings()
    {
        QJsonObject o{{QStringLiteral("id"), QStringLiteral("c1")},
                      {QStringLiteral("display_name"), QStringLiteral("\u202Eevil\u0007")},
                      {QStringLiteral("state"), QStringLiteral("no-such-state")}};
        const CallInfo c = CallInfo::fromJson(o);
        QCOMPARE(c.displayName, QStringLiteral("evil"));
        QCOMPARE(c.state, CallState::Offered); // unknown code -> first value
    }

    void codesRoundTrip()
    {
        for (auto s : {CallState::Offered, CallState::Dialling, CallState::Connected, CallState::Held,
                       CallState::HeldByPeer, CallState::Ended})
            QCOMPARE(callStateFromCode(toCode(s)), s);
        for (auto r : {EndReason::None, EndReason::LocalHangUp, EndReason::RemoteHangUp, EndReason::Missed,
                       EndReason::Rejected, EndReason::Busy, EndReason::Transferred, EndReason::Failed,
                       EndReason::EngineCrashed})
            QCOMPARE(endReasonFromCode(toCode(r)), r);
        for (auto s : {RegistrationState::None, RegistrationState::Progress, RegistrationState::Ok,
                       RegistrationState::Failed, RegistrationState::Cleared})
            QCOMPARE(registrationStateFromCode(toCode(s)), s);
    }

    void dtmfAlphabet()
    {
        const QString ok = QStringLiteral("0123456789*#ABCDabcd");
        for (QChar c : ok)
            QVERIFY(isValidDtmf(c));
        for (QChar c : QStringLiteral("EeXx+ ,\u0661"))
            QVERIFY(!isValidDtmf(c));
        QVERIFY(!isValidDtmf(QChar(0xFF)));
    }

    void restartPolicy()
    {
        RestartPolicy p;
        QCOMPARE(p.onCrash(60000), 100); // isolated crash after a long run
        QCOMPARE(p.onCrash(500), 1000);  // quick second crash: loop
        QCOMPARE(p.onCrash(500), 2000);
        QCOMPARE(p.onCrash(500), 4000);
        for (int i = 0; i < 20; ++i)
            p.onCrash(100);
        QCOMPARE(p.onCrash(100), 60000); // capped
        QCOMPARE(p.onCrash(45000), 100); // a stable run resets the loop
        QCOMPARE(p.consecutiveCrashes(), 1);
    }

    void settingsLoadSaveAndProblems()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("pasokh.ini"));
        {
            QSettings s(ini, QSettings::IniFormat);
            s.setValue(QStringLiteral("sip/user"), QStringLiteral("1001"));
            s.setValue(QStringLiteral("sip/password"), QStringLiteral("pw"));
            s.setValue(QStringLiteral("sip/domain"), QStringLiteral("pbx.137.local:5070"));
            s.setValue(QStringLiteral("sip/transport"), QStringLiteral("TLS"));
            s.setValue(QStringLiteral("sip/auto_answer"), true);
        }
        QString firstInstance;
        {
            QSettings s(ini, QSettings::IniFormat);
            const SipSettings c = SipSettings::load(s);
            QCOMPARE(c.transport, QStringLiteral("tls"));
            QVERIFY(c.autoAnswer);
            QVERIFY(c.problems().isEmpty());
            QCOMPARE(c.identityUri(), QStringLiteral("sip:1001@pbx.137.local"));
            QCOMPARE(c.serverUri(), QStringLiteral("sip:pbx.137.local:5070;transport=tls"));
            QVERIFY(!c.instanceId.isEmpty());
            firstInstance = c.instanceId;
            QCOMPARE(SipSettings::fromJson(c.toJson()), c);
        }
        {
            QSettings s(ini, QSettings::IniFormat);
            QCOMPARE(SipSettings::load(s).instanceId, firstInstance); // stable +sip.instance
        }
        SipSettings bad;
        bad.transport = QStringLiteral("sctp");
        bad.rtpPortMin = 5000;
        QCOMPARE(bad.problems().size(), 4); // user, domain, transport, rtp range
    }
};

QTEST_GUILESS_MAIN(TstTelephonyRules)
#include "tst_telephonyrules.moc"
