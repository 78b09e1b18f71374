// SPDX-License-Identifier: GPL-3.0-or-later
// Sync benchmarks; each prints `name value unit` lines (DESIGN.md, Testing).
#include "bench/console/seededstore.h"
#include "models/sync/identity.h"
#include "models/sync/syncstore.h"
#include "tests/integration/hub/hubfixture.h"
#include "tests/integration/sync/syncharness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace Pasokh;

namespace {
void print(const char *name, double value, const char *unit)
{
    std::printf("%s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}
} // namespace

class BenchSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drainTenThousandAndGuiStall()
    {
        QString backend = qEnvironmentVariable("PASOKH_BENCH_BACKEND", QStringLiteral("postgresql"));
        const int cases = qEnvironmentVariableIntValue("PASOKH_BENCH_SYNC_CASES") > 0
                              ? qEnvironmentVariableIntValue("PASOKH_BENCH_SYNC_CASES")
                              : 10000;
        HubTest::HubFixture f;
        const QString error = f.setUp(backend);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        SyncTest::SyncConsole console(QStringLiteral("bench-drain"), 1);
        QVERIFY(console.ok());
        QElapsedTimer t;
        t.start();
        QCOMPARE(console.registerCases(cases).size(), cases);
        print("sync_register_cases_per_s", cases / (t.elapsed() / 1000.0), "cases/s");

        // The "GUI thread": a 1 ms timer; the longest gap between its ticks is the longest stall.
        qint64 longest = 0;
        QElapsedTimer tick;
        QTimer frame;
        frame.setInterval(1);
        QObject::connect(&frame, &QTimer::timeout, &frame, [&] {
            if (tick.isValid())
                longest = qMax(longest, tick.elapsed());
            tick.restart();
        });
        frame.start();
        t.restart();
        const QString started = console.startEngine(f.hub->baseUrl(), f.station1, QStringLiteral("op1"),
                                                    QString::fromLatin1(HubTest::HubFixture::kPassword));
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(console.waitClean(600000));
        const double seconds = t.elapsed() / 1000.0;
        frame.stop();
        const QByteArray name = "sync_drain_" + QByteArray::number(cases) + "_cases_" + backend.toLatin1();
        print(name.constData(), seconds, "s");
        print((name + "_rate").constData(), cases / seconds, "cases/s");
        print("sync_gui_longest_stall", double(longest), "ms");
        const Sync::SyncCounters c = console.counters();
        print("sync_drain_push_wait", c.pushWaitMs / 1000.0, "s");
        print("sync_drain_push_store", c.pushStoreMs / 1000.0, "s");
        print("sync_drain_pull_wait", c.pullWaitMs / 1000.0, "s");
        print("sync_drain_pull_store", c.pullStoreMs / 1000.0, "s");
        QCOMPARE(console.store().scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'acked'")),
                 qint64(cases));
        console.stopEngine();
    }

    void pullTenThousandIntoMillionStore()
    {
        const Bench::SeededStore seeded = Bench::seededStore();
        QVERIFY2(seeded.error.isEmpty(), qPrintable(seeded.error));
        const int changes = 10000;
        {
            auto db = Storage::Database::open(seeded.dbPath, QStringLiteral("bench-pull"));
            QVERIFY2(db, db ? "" : qPrintable(db.error().message));
            QSqlDatabase w = db.value()->writer();
            QSqlQuery q(w);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM cases")) && q.next());
            const qint64 total = q.value(0).toLongLong();
            q.finish();
            // Remember what we change, to put it back afterwards (the cached store is shared).
            QVERIFY(q.exec(QStringLiteral("DROP TABLE IF EXISTS temp.bench_backup")));
            QVERIFY(q.exec(QStringLiteral("CREATE TEMP TABLE bench_backup AS SELECT id, status, "
                                          "agency_responsible, status_notes, response_type, "
                                          "answer_text, answered_at, expected_at, server_version, updated_at "
                                          "FROM cases WHERE has_pending = 0 "
                                          "ORDER BY rowid DESC LIMIT 10000")));
            QVERIFY(q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM case_events")) && q.next());
            const qint64 lastEvent = q.value(0).toLongLong();
            q.finish();
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sync_state")) && q.next());
            const bool hadState = q.value(0).toInt() > 0;
            q.finish();
            QVERIFY(q.exec(QStringLiteral("SELECT id, server_version FROM temp.bench_backup")));
            QJsonArray all;
            while (q.next()) {
                const QString id = q.value(0).toString();
                const qint64 sv = q.value(1).toLongLong() + 1;
                all.append(QJsonObject{
                    {QStringLiteral("entity"), QStringLiteral("case")},
                    {QStringLiteral("id"), id},
                    {QStringLiteral("server_version"), sv},
                    {QStringLiteral("deleted"), false},
                    {QStringLiteral("fields"),
                     QJsonObject{
                         {QStringLiteral("status"), QStringLiteral("answered")},
                         {QStringLiteral("agency_responsible"), QStringLiteral("D07")},
                         {QStringLiteral("status_notes"), QStringLiteral("پاسخ واحد به درخواست")},
                         {QStringLiteral("response_type"), QStringLiteral("resolved")},
                         {QStringLiteral("updated_datetime"), QStringLiteral("2026-11-30T10:00:00.000Z")},
                         {QStringLiteral("server_version"), sv}}}});
            }
            q.finish();
            QCOMPARE(all.size(), changes);
            if (!hadState) {
                Sync::MemoryIdentityAnchor anchor;
                QVERIFY(Sync::Identity::ensure(w, seeded.dbPath, anchor));
            }
            Sync::SyncStore store(w);
            QElapsedTimer t;
            t.start();
            int applied = 0;
            for (int i = 0; i < all.size(); i += 500) {
                QJsonArray page;
                for (int j = i; j < qMin(i + 500, int(all.size())); ++j)
                    page.append(all.at(j));
                auto out =
                    store.applyPullPage(page, QStringLiteral("bench-cursor"), QStringLiteral("bench-epoch"));
                QVERIFY2(out, out ? "" : qPrintable(out.error().message));
                applied += out.value().applied;
            }
            const double seconds = t.elapsed() / 1000.0;
            QCOMPARE(applied, changes);
            print("sync_pull_apply_10000_changes_into_store_cases", double(total), "cases");
            print("sync_pull_apply_10000_changes", seconds, "s");

            // Put the shared store back as it was.
            QVERIFY(q.exec(QStringLiteral("UPDATE cases SET (status, agency_responsible, status_notes, "
                                          "response_type, answer_text, answered_at, "
                                          "expected_at, server_version, updated_at) = (SELECT b.status, "
                                          "b.agency_responsible, b.status_notes, "
                                          "b.response_type, b.answer_text, b.answered_at, b.expected_at, "
                                          "b.server_version, b.updated_at FROM "
                                          "temp.bench_backup b WHERE b.id = cases.id) WHERE id IN (SELECT id "
                                          "FROM temp.bench_backup)")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM case_events WHERE id > %1").arg(lastEvent)));
            if (!hadState)
                QVERIFY(q.exec(QStringLiteral("DELETE FROM sync_state")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE temp.bench_backup")));
        }
    }
};

QTEST_GUILESS_MAIN(BenchSync)
#include "bench_sync.moc"
