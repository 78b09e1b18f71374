// SPDX-License-Identifier: GPL-3.0-or-later
// Pure logic of pasokh-hub: pull cursor, referral rule, strict JSON validation, CSV reading, hashing,
// options.
#include "server/hubconfig.h"
#include "server/jsonvalidator.h"
#include "server/passwordhasher.h"
#include "server/pullcursor.h"
#include "server/ratelimiter.h"
#include "server/referral.h"

#include <QTest>

using namespace Pasokh::Hub;

class TestHubLogic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(PasswordHasher::initialize()); }

    void rateLimiterTokenBucket()
    {
        // 2 tokens per second, bucket of 3: a burst of 3 passes, the 4th waits ceil(1/2) = 1 s.
        RateLimiter limiter(2.0, 3.0);
        const QString key = QStringLiteral("station:a");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.take(key, 1000), 0);
        QCOMPARE(limiter.take(key, 1000), 1);
        // Another key has its own bucket.
        QCOMPARE(limiter.take(QStringLiteral("station:b"), 1000), 0);
        // 499 ms later: 0.998 tokens, still refused; 100 ms later one token is back (1.198).
        QCOMPARE(limiter.take(key, 1499), 1);
        QCOMPARE(limiter.take(key, 1600), 0);
        QCOMPARE(limiter.take(key, 1600), 1);
        // A long pause refills to the bucket size, never beyond it.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.take(key, 100000), 0);
        QCOMPARE(limiter.take(key, 100000), 1);
    }

    void rateLimiterSlowRefillAndDisabled()
    {
        // 30 per minute = 0.5/s: after the burst the wait is 2 s.
        RateLimiter slow(0.5, 1.0);
        QCOMPARE(slow.take(QStringLiteral("addr:127.0.0.1"), 0), 0);
        QCOMPARE(slow.take(QStringLiteral("addr:127.0.0.1"), 0), 2);
        QCOMPARE(slow.take(QStringLiteral("addr:127.0.0.1"), 1000), 1);
        QCOMPARE(slow.take(QStringLiteral("addr:127.0.0.1"), 2000), 0);
        RateLimiter off(0, 0);
        QVERIFY(!off.enabled());
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(off.take(QStringLiteral("x"), 0), 0);
        QCOMPARE(off.size(), 0);
    }

    void cursorRoundTrip_data()
    {
        QTest::addColumn<QString>("epoch");
        QTest::addColumn<qlonglong>("watermark");
        QTest::newRow("start") << QStringLiteral("de10f088-9cec-4d3b-9534-3c4880ab64c1") << 0LL;
        QTest::newRow("large") << QStringLiteral("de10f088-9cec-4d3b-9534-3c4880ab64c1")
                               << 9007199254740991LL;
    }
    void cursorRoundTrip()
    {
        QFETCH(QString, epoch);
        QFETCH(qlonglong, watermark);
        const QString text = PullCursor{epoch, watermark}.encode();
        QVERIFY(!text.contains(QLatin1Char('=')) && !text.contains(QLatin1Char('+')) &&
                !text.contains(QLatin1Char('/')));
        const auto back = PullCursor::decode(text);
        QVERIFY(back.has_value());
        QCOMPARE(back->epoch, epoch);
        QCOMPARE(back->watermark, watermark);
    }

    void cursorRejects_data()
    {
        QTest::addColumn<QString>("text");
        auto b64 = [](const char *raw) {
            return QString::fromLatin1(
                QByteArray(raw).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        QTest::newRow("not base64") << QStringLiteral("***");
        QTest::newRow("other version") << b64("v2|abc|5");
        QTest::newRow("negative") << b64("v1|abc|-5");
        QTest::newRow("not a number") << b64("v1|abc|5x");
        QTest::newRow("missing part") << b64("v1|abc");
        QTest::newRow("empty epoch") << b64("v1||5");
        QTest::newRow("quote in epoch") << b64("v1|a'b|5");
        QTest::newRow("too long") << QString(300, QLatin1Char('A'));
    }
    void cursorRejects()
    {
        QFETCH(QString, text);
        QVERIFY(!PullCursor::decode(text).has_value());
    }

    void cursorEmptyIsStart()
    {
        const auto c = PullCursor::decode(QString());
        QVERIFY(c.has_value());
        QVERIFY(c->epoch.isEmpty());
        QCOMPARE(c->watermark, 0);
    }

    void referral_data()
    {
        QTest::addColumn<QString>("defaultUnit");
        QTest::addColumn<int>("district");
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("error");
        QTest::newRow("fixed unit") << QStringLiteral("ORG-PARKS") << 0 << QString()
                                    << QStringLiteral("ORG-PARKS") << QString();
        QTest::newRow("fixed unit ignores district")
            << QStringLiteral("ORG-PARKS") << 4 << QString() << QStringLiteral("ORG-PARKS") << QString();
        QTest::newRow("district 1") << QStringLiteral("DISTRICT") << 1 << QString() << QStringLiteral("D01")
                                    << QString();
        QTest::newRow("district 12") << QStringLiteral("DISTRICT") << 12 << QString() << QStringLiteral("D12")
                                     << QString();
        QTest::newRow("samen") << QStringLiteral("DISTRICT") << 13 << QString() << QStringLiteral("DSA")
                               << QString();
        QTest::newRow("unknown district") << QStringLiteral("DISTRICT") << 0 << QString() << QString()
                                          << QStringLiteral("district_required");
        QTest::newRow("district 14") << QStringLiteral("DISTRICT") << 14 << QString() << QString()
                                     << QStringLiteral("district_required");
        QTest::newRow("external") << QStringLiteral("EXTERNAL") << 0 << QStringLiteral("EXT-GAS")
                                  << QStringLiteral("EXT-GAS") << QString();
        QTest::newRow("external not EXT") << QStringLiteral("EXTERNAL") << 0 << QStringLiteral("D01")
                                          << QString() << QStringLiteral("external_unit_required");
        QTest::newRow("group") << QString() << 3 << QString() << QString()
                               << QStringLiteral("not_a_leaf_category");
    }
    void referral()
    {
        QFETCH(QString, defaultUnit);
        QFETCH(int, district);
        QFETCH(QString, requested);
        QFETCH(QString, unit);
        QFETCH(QString, error);
        const auto r = Referral::unitFor(defaultUnit, district, requested);
        QCOMPARE(r.ok(), error.isEmpty());
        if (r.ok())
            QCOMPARE(r.value(), unit);
        else
            QCOMPARE(r.error().code, error);
    }

    void jsonValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("ok") << QByteArray("{\"name\":\"x\",\"count\":3,\"flag\":true}") << QString();
        QTest::newRow("ok with null optional")
            << QByteArray("{\"name\":\"x\",\"count\":3,\"note\":null}") << QString();
        QTest::newRow("unknown") << QByteArray("{\"name\":\"x\",\"count\":3,\"evil\":1}")
                                 << QStringLiteral("unknown_field");
        QTest::newRow("missing") << QByteArray("{\"count\":3}") << QStringLiteral("missing_field");
        QTest::newRow("null required")
            << QByteArray("{\"name\":null,\"count\":3}") << QStringLiteral("wrong_type");
        QTest::newRow("string count")
            << QByteArray("{\"name\":\"x\",\"count\":\"3\"}") << QStringLiteral("wrong_type");
        QTest::newRow("fraction") << QByteArray("{\"name\":\"x\",\"count\":3.5}")
                                  << QStringLiteral("wrong_type");
        QTest::newRow("beyond 2^53") << QByteArray("{\"name\":\"x\",\"count\":1e300}")
                                     << QStringLiteral("wrong_type");
        QTest::newRow("bool as number")
            << QByteArray("{\"name\":\"x\",\"count\":3,\"flag\":1}") << QStringLiteral("wrong_type");
        QTest::newRow("too long") << (QByteArray("{\"name\":\"") + QByteArray(11, 'a') + "\",\"count\":1}")
                                  << QStringLiteral("too_long");
        QTest::newRow("not json") << QByteArray("{") << QStringLiteral("invalid_json");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("invalid_json");
        QTest::newRow("invalid utf-8")
            << QByteArray("{\"name\":\"\xed\xa0\x80\",\"count\":1}") << QStringLiteral("invalid_utf8");
    }
    void jsonValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const auto parsed = JsonValidator::parseObject(body.toStdString());
        if (!parsed.ok()) {
            QCOMPARE(parsed.error().code, code);
            QCOMPARE(parsed.error().status, 400);
            return;
        }
        const auto err = JsonValidator::check(parsed.value(), {{"name", JsonType::String, true, false, 10},
                                                               {"count", JsonType::Integer, true},
                                                               {"flag", JsonType::Bool},
                                                               {"note", JsonType::String, false, true}});
        QCOMPARE(err ? err->code : QString(), code);
    }

    void hashing()
    {
        const QString h = PasswordHasher::hashPassword(QStringLiteral("گذرواژه امن ۱۳۷"));
        QVERIFY(h.startsWith(QLatin1String("$argon2id$")));
        QVERIFY(PasswordHasher::verifyPassword(QStringLiteral("گذرواژه امن ۱۳۷"), h));
        QVERIFY(!PasswordHasher::verifyPassword(QStringLiteral("گذرواژه امن 137"), h));
        QVERIFY(!PasswordHasher::verifyPassword(QStringLiteral("x"), QStringLiteral("not a hash")));
        const QString t1 = PasswordHasher::randomToken();
        QCOMPARE(t1.size(), 43);
        QVERIFY(t1 != PasswordHasher::randomToken());
        // FIPS 180-2 test vector.
        QCOMPARE(PasswordHasher::sha256Hex("abc"),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void config()
    {
        QString error;
        auto c = HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--listen"),
                                   QStringLiteral("0.0.0.0:9000"), QStringLiteral("--db"),
                                   QStringLiteral("sqlite:/tmp/x.db"), QStringLiteral("--workers"),
                                   QStringLiteral("4")},
                                  &error);
        QVERIFY2(c.has_value(), qPrintable(error));
        QCOMPARE(c->listenAddress, QStringLiteral("0.0.0.0"));
        QCOMPARE(c->listenPort, 9000);
        QCOMPARE(c->limits.workerThreads, 4);
        QCOMPARE(c->loginPerMinute, 30.0);
        QCOMPARE(c->apiPerSecond, 20.0);
        c = HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--db"),
                              QStringLiteral("sqlite:x"), QStringLiteral("--login-rate"),
                              QStringLiteral("10"), QStringLiteral("--api-rate"), QStringLiteral("0"),
                              QStringLiteral("--api-burst"), QStringLiteral("5")},
                             &error);
        QVERIFY2(c.has_value(), qPrintable(error));
        QCOMPARE(c->loginPerMinute, 10.0);
        QCOMPARE(c->apiPerSecond, 0.0);
        QCOMPARE(c->apiBurst, 5.0);
        QVERIFY(!HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--db"),
                                   QStringLiteral("sqlite:x"), QStringLiteral("--api-rate"),
                                   QStringLiteral("-1")},
                                  &error));
        QVERIFY(!HubConfig::parse(
            {QStringLiteral("pasokh-hub"), QStringLiteral("--listen"), QStringLiteral("nowhere")}, &error));
        QVERIFY(
            !HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--db"),
                               QStringLiteral("sqlite:x"), QStringLiteral("--tls-cert"), QStringLiteral("a")},
                              &error));
        QVERIFY(error.contains(QLatin1String("--tls-key")));
        QVERIFY(
            !HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--db"),
                               QStringLiteral("sqlite:x"), QStringLiteral("--workers"), QStringLiteral("0")},
                              &error));
    }

    void configListenAddress_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QString>("address"); // empty: refused
        QTest::newRow("ipv4") << "127.0.0.1:0"
                              << "127.0.0.1";
        QTest::newRow("any") << "0.0.0.0:8137"
                             << "0.0.0.0";
        QTest::newRow("ipv6 loopback") << "[::1]:0"
                                       << "::1";
        QTest::newRow("localhost") << "localhost:0"
                                   << "127.0.0.1"; // was "invalid address"
        QTest::newRow("not an address") << "not a host!:0"
                                        << "";
        QTest::newRow("no port") << "localhost"
                                 << "";
    }

    void configListenAddress()
    {
        QFETCH(QString, listen);
        QFETCH(QString, address);
        QString error;
        const auto c = HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--listen"), listen,
                                         QStringLiteral("--db"), QStringLiteral("sqlite:x")},
                                        &error);
        if (address.isEmpty()) {
            QVERIFY(!c);
            QVERIFY2(error.startsWith(QLatin1String("--listen")), qPrintable(error));
        } else {
            QVERIFY2(c, qPrintable(error));
            QCOMPARE(c->listenAddress, address);
            QCOMPARE(c->listenPort, listen.endsWith(QLatin1String(":0")) ? 0 : 8137);
        }
    }

    void configMinClientVersion_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("stored"); // empty: refused
        QTest::newRow("three parts") << "1.2.0"
                                     << "1.2.0";
        QTest::newRow("two parts") << "0.3"
                                   << "0.3";
        QTest::newRow("banana") << "banana"
                                << "";
        QTest::newRow("suffix") << "1.2-rc1"
                                << "";
        QTest::newRow("empty") << ""
                               << "";
    }

    void configMinClientVersion()
    {
        QFETCH(QString, given);
        QFETCH(QString, stored);
        QString error;
        const auto c =
            HubConfig::parse({QStringLiteral("pasokh-hub"), QStringLiteral("--db"),
                              QStringLiteral("sqlite:x"), QStringLiteral("--min-client-version"), given},
                             &error);
        if (stored.isEmpty()) {
            QVERIFY(!c);
            QCOMPARE(error,
                     QStringLiteral("--min-client-version must be a version number such as 0.3 or 1.2.0; "
                                    "got \"%1\"")
                         .arg(given));
        } else {
            QVERIFY2(c, qPrintable(error));
            QCOMPARE(c->minClientVersion, stored);
        }
    }
};

QTEST_GUILESS_MAIN(TestHubLogic)
#include "tst_hublogic.moc"
