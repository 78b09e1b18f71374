// SPDX-License-Identifier: GPL-3.0-or-later
// Registration against a real Kamailio (issue 3): OK, wrong password, registrar down then up, TLS with a test
// CA.
#include "phonefixture.h"
#include "sipharness.h"

#include <QTest>

using namespace Pasokh;
using namespace Pasokh::Telephony;
using namespace Pasokh::TestSupport;

class TstPhoneRegistration : public QObject
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

    void registrationOk_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("udp") << QStringLiteral("udp");
        QTest::newRow("tcp") << QStringLiteral("tcp");
    }
    void registrationOk()
    {
        QFETCH(QString, transport);
        KamailioServer k;
        QString error;
        QVERIFY2(k.start(dir(), {}, &error), qPrintable(error));
        PhoneFixture phone(
            engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), k.domain(), dir(), transport));
        QElapsedTimer t;
        t.start();
        QVERIFY(phone.startAndRegister());
        qInfo("%s: start() to registered in %lld ms", qPrintable(transport), t.elapsed());
        QCOMPARE(phone.tel().registration().state, RegistrationState::Ok);
        QCOMPARE(phone.tel().engineStatus(), EngineStatus::Running);
        // stop() unregisters and the engine exits cleanly.
        phone.tel().stop();
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().engineStatus(), EngineStatus::Stopped, 5000);
        QCOMPARE(phone.tel().enginePid(), 0);
    }

    /// Wrong password: Failed with the SIP status and reason, and the console keeps running.
    void wrongPassword()
    {
        KamailioServer k;
        QString error;
        QVERIFY2(k.start(dir(), {}, &error), qPrintable(error));
        PhoneFixture phone(
            engineSettings(QStringLiteral("1001"), QStringLiteral("wrong"), k.domain(), dir()));
        QVERIFY(!phone.startAndRegister(3000));
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Failed, 5000);
        const RegistrationInfo r = phone.tel().registration();
        qInfo("wrong password: status %d, reason \"%s\"", r.sipStatus, qPrintable(r.reason));
        QVERIFY(r.sipStatus == 401 || r.sipStatus == 403);
        QVERIFY(!r.reason.isEmpty());
        QCOMPARE(phone.tel().engineStatus(), EngineStatus::Running);
        QVERIFY(phone.crashDelays.isEmpty());
    }

    /// Invalid settings never reach the PBX: Failed with the list of problems.
    void invalidSettings()
    {
        SipSettings s = engineSettings(QString(), QStringLiteral("x"), QStringLiteral("127.0.0.1:9"), dir());
        PhoneFixture phone(s);
        QVERIFY(!phone.startAndRegister(1500));
        QCOMPARE(phone.tel().registration().state, RegistrationState::Failed);
        QVERIFY(phone.tel().registration().reason.contains(QStringLiteral("sip/user")));
    }

    /// Registrar down at start: Failed with a reason; when it comes up on the same port the engine registers
    /// by itself (retry with backoff), without a restart.
    void registrarDownThenUp()
    {
        const int port = freePort();
        PhoneFixture phone(engineSettings(QStringLiteral("1002"), QStringLiteral("secret"),
                                          QStringLiteral("127.0.0.1:%1").arg(port), dir(),
                                          QStringLiteral("tcp")));
        QVERIFY(!phone.startAndRegister(2000));
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Failed, 8000);
        qInfo("registrar down: reason \"%s\"", qPrintable(phone.tel().registration().reason));
        const qint64 pid = phone.tel().enginePid();
        KamailioServer k;
        QString error;
        QVERIFY2(k.start(dir(), {}, &error, port), qPrintable(error));
        QElapsedTimer t;
        t.start();
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Ok, 20000);
        qInfo("registrar back: registered after %lld ms", t.elapsed());
        QCOMPARE(phone.tel().enginePid(), pid);
        // Registrar goes away and comes back again (network loss): reRegister() brings us back at once.
        k.stop();
        QVERIFY2(k.start(dir(), {}, &error, port), qPrintable(error));
        phone.tel().reRegister();
        QTRY_COMPARE_WITH_TIMEOUT(phone.tel().registration().state, RegistrationState::Ok, 10000);
    }

    /// TLS to Kamailio's tls module with a CA made by the test; the server certificate is verified.
    void tlsWithTestCa()
    {
        QString error;
        QVERIFY2(makeTestCa(dir(), &error), qPrintable(error));
        KamailioServer k;
        QVERIFY2(k.start(dir(), {QStringLiteral("WITH_TLS")}, &error), qPrintable(error));
        SipSettings s =
            engineSettings(QStringLiteral("1003"), QStringLiteral("secret"),
                           QStringLiteral("127.0.0.1:%1").arg(k.tlsPort()), dir(), QStringLiteral("tls"));
        s.caFile = dir() + QStringLiteral("/ca.pem");
        s.verifyServer = true;
        PhoneFixture phone(s);
        QVERIFY2(phone.startAndRegister(10000), qPrintable(phone.tel().registration().reason));

        // The same server with an untrusted CA must fail.
        SipSettings bad = s;
        bad.user = QStringLiteral("1004");
        bad.instanceId = QStringLiteral("6f1c2a5e-0000-4000-8000-000000001004");
        bad.dataDir = dir() + QStringLiteral("/engine-1004");
        bad.caFile = dir() + QStringLiteral("/server.pem"); // not a CA for itself... use an unrelated cert
        QString err2;
        QTemporaryDir other;
        QVERIFY(makeTestCa(other.path(), &err2));
        bad.caFile = other.path() + QStringLiteral("/ca.pem");
        PhoneFixture untrusted(bad);
        QVERIFY(!untrusted.startAndRegister(4000));
        QVERIFY(untrusted.tel().registration().state != RegistrationState::Ok);
    }
};

QTEST_GUILESS_MAIN(TstPhoneRegistration)
#include "tst_phoneregistration.moc"
