// SPDX-License-Identifier: GPL-3.0-or-later
// Rate limits of pasokh-hub on both backends: login attempts per source address and authenticated requests
// per station/account get 429 with a Retry-After, and succeed again once that time has passed.
#include "tests/integration/hub/hubfixture.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace Pasokh::HubTest;

namespace {

/// Retry-After as whole seconds (delay-seconds form), −1 when missing or not a number.
int retryAfter(const Reply &r)
{
    bool ok = false;
    const int v = r.header("Retry-After").toInt(&ok);
    return ok ? v : -1;
}

} // namespace

class TestHubRateLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loginAttemptsPerAddress_data() { HubFixture::addBackendRows(); }
    void loginAttemptsPerAddress()
    {
        // 30 per minute (one every 2 s), burst of 3. The fixture makes its accounts with admin commands, so
        // the bucket is full here.
        PASOKH_HUB_FIXTURE(f, {QStringLiteral("--login-rate"), QStringLiteral("30"),
                               QStringLiteral("--login-burst"), QStringLiteral("3")});
        const QJsonObject wrong{{QStringLiteral("username"), QStringLiteral("sup1")},
                                {QStringLiteral("password"), QStringLiteral("guess")}};
        Reply r;
        int refusedWith401 = 0;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 20; ++i) {
            r = f.client.post(QStringLiteral("/v1/auth/token"), wrong);
            if (r.status != 401)
                break;
            ++refusedWith401;
        }
        // The burst went through to the password check, plus what refilled meanwhile (0.5 per second: a
        // slow machine, e.g. under sanitizers, spends seconds on each Argon2id check).
        const int refilled = int(std::ceil(double(elapsed.elapsed()) / 2000.0));
        QVERIFY2(refusedWith401 >= 3 && refusedWith401 <= 3 + refilled,
                 qPrintable(QStringLiteral("%1 in %2 ms").arg(refusedWith401).arg(elapsed.elapsed())));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
        const int wait = retryAfter(r);
        QVERIFY2(wait >= 1 && wait <= 2, r.header("Retry-After").constData());
        QCOMPARE(r.errorDetail(QStringLiteral("retry_after_seconds")).toInt(), wait);
        // The right password is refused too while the bucket is empty (no guessing around the limit).
        const QJsonObject right{{QStringLiteral("username"), QStringLiteral("sup1")},
                                {QStringLiteral("password"), QString::fromLatin1(HubFixture::kPassword)}};
        QCOMPARE(f.client.post(QStringLiteral("/v1/auth/token"), right).status, 429);
        // Other endpoints are not affected.
        QCOMPARE(f.client.get(QStringLiteral("/v1/health")).status, 200);
        // After Retry-After a login goes through.
        QThread::msleep(quint64(wait) * 1000 + 100);
        r = f.client.post(QStringLiteral("/v1/auth/token"), right);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.object().value(QStringLiteral("access_token")).toString().isEmpty());
    }

    void requestsPerStation_data() { HubFixture::addBackendRows(); }
    void requestsPerStation()
    {
        // One request per second, burst of 5, per station (or account when not bound to one).
        PASOKH_HUB_FIXTURE(f, {QStringLiteral("--api-rate"), QStringLiteral("1"),
                               QStringLiteral("--api-burst"), QStringLiteral("5")});
        const QString op1 = f.token(QStringLiteral("op1"));
        const QString op2 = f.token(QStringLiteral("op2"));
        const QString client = newId();
        Reply r;
        int passed = 0;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 40; ++i) {
            r = f.client.post(
                QStringLiteral("/v1/sync/push"),
                pushBody(client, {createMutation(passed + 1, newId(), trackingCode(1, passed + 1))}), op1);
            if (r.status != 200)
                break;
            ++passed;
        }
        // The burst passes, plus the tokens refilled meanwhile (one per second), then 429.
        const int refilled = int(std::ceil(double(elapsed.elapsed()) / 1000.0));
        QVERIFY2(passed >= 5 && passed <= 5 + refilled,
                 qPrintable(QStringLiteral("%1 in %2 ms").arg(passed).arg(elapsed.elapsed())));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
        const int wait = retryAfter(r);
        QCOMPARE(wait, 1);
        // The throttled push changed nothing: the hub has exactly `passed` mutations of this client.
        // Station 2 has its own bucket.
        Reply other = f.client.get(QStringLiteral("/v1/sync/pull?limit=1&client_id=") + client, op2);
        QCOMPARE(other.status, 200);
        QThread::msleep(quint64(wait) * 1000 + 100);
        r = f.client.get(QStringLiteral("/v1/sync/pull?limit=1&client_id=") + client, op1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("last_mutation_id")).toInteger(), passed);
        // The refused mutation goes through after the wait.
        QThread::msleep(1100);
        r = f.client.post(
            QStringLiteral("/v1/sync/push"),
            pushBody(client, {createMutation(passed + 1, newId(), trackingCode(1, passed + 1))}), op1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.result(0).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
    }
};

QTEST_GUILESS_MAIN(TestHubRateLimit)
#include "tst_hubratelimit.moc"
