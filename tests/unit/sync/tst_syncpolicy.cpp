// SPDX-License-Identifier: GPL-3.0-or-later
// Backoff (full jitter, cap), Retry-After parsing and the status-code table of notes/sync.md §4.
#include "models/sync/backoff.h"
#include "models/sync/retryafter.h"
#include "models/sync/statuspolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace Pasokh::Sync;

class TestSyncPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoffCeilingDoublesUpToCap()
    {
        QRandomGenerator rng(7);
        Backoff b(1000, 300000, &rng);
        const QList<qint64> expected{1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000};
        for (qint64 ceiling : expected) {
            QCOMPARE(b.ceilingMs(), ceiling);
            b.nextDelayMs();
        }
        for (int i = 0; i < 100; ++i)
            b.nextDelayMs(); // no overflow after many failures
        QCOMPARE(b.ceilingMs(), qint64(300000));
        b.reset();
        QCOMPARE(b.ceilingMs(), qint64(1000));
        QCOMPARE(b.failures(), 0);
    }

    void backoffFullJitterStaysInBoundsAndSpreads()
    {
        QRandomGenerator rng(42);
        for (int attempt = 0; attempt < 12; ++attempt) {
            Backoff b(1000, 300000, &rng);
            for (int i = 0; i < attempt; ++i)
                b.nextDelayMs();
            const qint64 ceiling = b.ceilingMs();
            qint64 lo = ceiling;
            qint64 hi = 0;
            for (int n = 0; n < 400; ++n) {
                Backoff copy = b;
                const qint64 d = copy.nextDelayMs();
                QVERIFY2(d >= 0 && d <= ceiling, qPrintable(QString::number(d)));
                lo = qMin(lo, d);
                hi = qMax(hi, d);
            }
            // Full jitter: draws cover the whole range [0, ceiling], not just its top (no synchronised retries).
            QVERIFY(lo < ceiling / 10);
            QVERIFY(hi > ceiling * 9 / 10);
        }
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expectedMs"); // -1 = not parsable
        QTest::newRow("seconds") << QByteArray("7") << qint64(7000);
        QTest::newRow("seconds spaces") << QByteArray(" 120 ") << qint64(120000);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("imf-fixdate") << QByteArray("Mon, 30 Nov 2026 12:00:10 GMT") << qint64(10000);
        QTest::newRow("rfc850") << QByteArray("Monday, 30-Nov-26 12:00:20 GMT") << qint64(20000);
        QTest::newRow("asctime") << QByteArray("Mon Nov 30 12:00:30 2026") << qint64(30000);
        QTest::newRow("date in the past") << QByteArray("Mon, 30 Nov 2026 11:00:00 GMT") << qint64(0);
        QTest::newRow("huge seconds capped") << QByteArray("99999999999") << kMaxRetryAfterMs;
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon, please") << qint64(-1);
        QTest::newRow("bad date") << QByteArray("Mon, 32 Nov 2026 12:00:00 GMT") << qint64(-1);
    }

    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expectedMs);
        const QDateTime now(QDate(2026, 11, 30), QTime(12, 0, 0), QTimeZone::utc());
        const auto ms = parseRetryAfter(header, now);
        if (expectedMs < 0) {
            QVERIFY(!ms.has_value());
        } else {
            QVERIFY(ms.has_value());
            QCOMPARE(*ms, expectedMs);
        }
    }

    void statusTable_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("action");
        QTest::newRow("200") << 200 << QString() << QStringLiteral("success");
        QTest::newRow("400") << 400 << QStringLiteral("invalid_json") << QStringLiteral("park_batch");
        QTest::newRow("401") << 401 << QStringLiteral("token_expired") << QStringLiteral("refresh");
        QTest::newRow("403") << 403 << QStringLiteral("station_revoked") << QStringLiteral("forbidden");
        QTest::newRow("409 gap") << 409 << QStringLiteral("gap") << QStringLiteral("gap");
        QTest::newRow("409 in_progress") << 409 << QStringLiteral("in_progress") << QStringLiteral("retry_backoff");
        QTest::newRow("410") << 410 << QStringLiteral("cursor_reset") << QStringLiteral("full_resync");
        QTest::newRow("413") << 413 << QStringLiteral("batch_too_large") << QStringLiteral("halve_batch");
        QTest::newRow("422 reuse") << 422 << QStringLiteral("mutation_id_reused") << QStringLiteral("rekey");
        QTest::newRow("422 other") << 422 << QStringLiteral("invalid") << QStringLiteral("park_batch");
        QTest::newRow("426") << 426 << QStringLiteral("unsupported_schema_version") << QStringLiteral("upgrade");
        QTest::newRow("429") << 429 << QString() << QStringLiteral("retry_after");
        QTest::newRow("503") << 503 << QStringLiteral("storage_unavailable") << QStringLiteral("retry_after");
        QTest::newRow("500") << 500 << QString() << QStringLiteral("retry_backoff");
        QTest::newRow("502") << 502 << QString() << QStringLiteral("retry_backoff");
        QTest::newRow("504") << 504 << QString() << QStringLiteral("retry_backoff");
        QTest::newRow("no answer") << 0 << QStringLiteral("timeout") << QStringLiteral("retry_backoff");
        QTest::newRow("404") << 404 << QString() << QStringLiteral("park_batch");
    }

    void statusTable()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, action);
        QCOMPARE(actionName(classifyResponse(status, code)), action);
    }
};

QTEST_GUILESS_MAIN(TestSyncPolicy)
#include "tst_syncpolicy.moc"
