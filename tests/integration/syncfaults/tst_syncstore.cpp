// SPDX-License-Identifier: GPL-3.0-or-later
// notes/sync.md §7, console-side scenarios: T11 write failures during intake (fiu-run), T12 damaged store at
// start, T13 schema migration with pending mutations and a store from a newer app, T14 a second sync process
// on the same data folder, T15 a category retired on the hub while offline cases use it, T16 the sync process
// SIGSTOPped while the operator saves cases, T18 clock skew and time-zone change on the console (faketime).
// Hub on SQLite (T15 and T18 also on PostgreSQL).
#include "tests/integration/syncfaults/syncfaultsmacros.h"

#include "models/storage/database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <csignal>

using Pasokh::SyncTest::Console;
using Pasokh::SyncTest::SyncHarness;
using Pasokh::SyncTest::SyncRun;
using Pasokh::Testing::SyncCheck;
using Pasokh::Testing::SyncCheckOptions;

namespace {

const std::string kPush = "/v1/sync/push";

void sqliteRow()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
}

// True when some connection holds the store's write lock: BEGIN IMMEDIATE with no busy wait fails.
bool writeLockHeld(const QString &storePath)
{
    const QString name = QStringLiteral("t16-probe");
    bool held = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(storePath);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("PRAGMA busy_timeout = 0"));
            held = !q.exec(QStringLiteral("BEGIN IMMEDIATE"));
            if (!held)
                q.exec(QStringLiteral("ROLLBACK"));
        }
    }
    QSqlDatabase::removeDatabase(name);
    return held;
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QString integrity(const Console &c)
{
    QString error;
    const auto rows =
        SyncCheck::consoleQuery(c.storePath(), QStringLiteral("PRAGMA integrity_check"), &error);
    return error.isEmpty() ? (rows.isEmpty() ? QString() : rows.first().value(0)) : error;
}

/// Cases without their create row and outbox rows without their case (the "partial case" of T11).
qint64 orphans(const Console &c)
{
    return SyncHarness::consoleScalar(
               c,
               QStringLiteral("SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE "
                              "o.entity_id = c.id AND o.op = 'create')")) +
           SyncHarness::consoleScalar(
               c,
               QStringLiteral("SELECT COUNT(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE "
                              "c.id = o.entity_id)"));
}

} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // T11: pwrite fails at random (ENOSPC, libfiu's POSIX preload) while the operator saves cases: each
    // failed save reports an error and leaves nothing behind; the saved ones are whole and sync.
    void t11_writeFailuresDuringIntake_data() { sqliteRow(); }
    void t11_writeFailuresDuringIntake()
    {
        if (!Pasokh::SyncTest::haveProgram(QStringLiteral("fiu-run")))
            QSKIP("fiu-run (Debian fiu-utils) is not installed");
        SYNC_HARNESS(h);
        SYNC_ADD_CASES(h, 5); // the store exists before faults start
        // A failure can also hit the store's opening (the helper then reports "open:io" and saves nothing):
        // such a run is counted and the next one tried.
        Pasokh::SyncTest::IntakeRun faulty;
        QStringList outputs;
        for (int attempt = 0; attempt < 5 && (faulty.ok == 0 || faulty.failed == 0); ++attempt) {
            const auto r = h.addCases(
                h.console, 150, 5 + attempt * 150, {QStringLiteral("--keep-going")},
                {QStringLiteral("fiu-run"), QStringLiteral("-x"), QStringLiteral("-f"), QString(),
                 QStringLiteral("-c"),
                 QStringLiteral("enable_random name=posix/io/rw/pwrite,probability=0.01,failinfo=28")});
            faulty.ok += r.ok;
            faulty.failed += r.failed;
            if (!r.errors.isEmpty())
                faulty.errors += r.errors + QLatin1Char(' ');
            outputs << r.output.trimmed().right(200);
        }
        QVERIFY2(faulty.failed > 0 && faulty.ok > 0, qPrintable(outputs.join(QLatin1Char('\n'))));
        QVERIFY2(faulty.errors.contains(QLatin1String("disk_full")),
                 qPrintable(outputs.join(QLatin1Char('\n'))));
        qInfo("T11: %d saved, %d refused (%s)", faulty.ok, faulty.failed, qPrintable(faulty.errors));
        QCOMPARE(integrity(h.console), QStringLiteral("ok"));
        QCOMPARE(orphans(h.console), qint64(0));
        QCOMPARE(h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM cases")), qint64(5 + faulty.ok));
        const SyncRun run = h.sync();
        SYNC_VERIFY_OK(run);
        QCOMPARE(run.count(QStringLiteral("acked")), qint64(5 + faulty.ok));
        SYNC_CHECK(h);
    }

    // T12: a store with a damaged header or damaged outbox pages is never synced from or deleted, and the
    // reason is told. Then `pasokhctl db recover` (Storage::StoreRecovery): the damaged file goes to
    // quarantine byte for byte; with damaged outbox pages the readable rows become the new store,
    // unacknowledged cases are queued again, and a sync leaves the checker's invariants true (nothing the
    // console has lost on the hub, no duplicate). A destroyed header cannot be recovered: the command fails
    // and the store stays put.
    void t12_damagedStore_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("where");
        QTest::newRow("header") << QStringLiteral("sqlite") << QStringLiteral("header");
        QTest::newRow("outbox pages") << QStringLiteral("sqlite") << QStringLiteral("outbox");
    }
    void t12_damagedStore()
    {
        QFETCH(QString, where);
        SYNC_HARNESS(h);
        SYNC_ADD_CASES(h, 150);
        const SyncRun first = h.sync(); // half the cases acknowledged by the hub before the damage
        SYNC_VERIFY_OK(first);
        const auto more = h.addCases(h.console, 150, 150);
        QVERIFY2(more.exitCode == 0 && more.ok == 150, qPrintable(more.output));
        const int pushesBefore = h.proxy->forwarded(kPush);
        QVERIFY(
            SyncHarness::consoleExec(h.console, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).isEmpty());
        // The outbox table's leaf pages, from SQLite's dbstat table (Debian builds it in).
        QString error;
        const auto leaves = SyncCheck::consoleQuery(
            h.console.storePath(),
            QStringLiteral(
                "SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno"),
            &error);
        QVERIFY2(error.isEmpty() && leaves.size() > 4, qPrintable(error));
        const qint64 pageSize = SyncHarness::consoleScalar(h.console, QStringLiteral("PRAGMA page_size"));
        QFile f(h.console.storePath());
        QVERIFY(f.open(QIODevice::ReadWrite));
        if (where == QLatin1String("header")) {
            f.seek(0);
            f.write(QByteArray(16, '\x5a')); // "SQLite format 3\0" gone
        } else {
            for (int i = 1; i < leaves.size(); i += 2) { // every other leaf: cell pointers overwritten
                f.seek((leaves[i].value(0).toLongLong() - 1) * pageSize + 8);
                f.write(QByteArray(64, '\xff'));
            }
        }
        f.close();
        const QByteArray before = fileHash(h.console.storePath());
        // A damaged store is not a passing fault: sync stops at once instead of retrying until --timeout.
        const SyncRun run =
            h.sync({QStringLiteral("--once"), QStringLiteral("--timeout"), QStringLiteral("30")}, 60000);
        QVERIFY2(run.finished && run.exitCode != 0, qPrintable(run.describe()));
        QVERIFY2(run.ms < 5000, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(QLatin1String("corrupt"), Qt::CaseInsensitive) ||
                     run.err.contains(QLatin1String("damaged"), Qt::CaseInsensitive) ||
                     run.err.contains(QLatin1String("malformed"), Qt::CaseInsensitive),
                 qPrintable(run.describe()));
        QVERIFY(QFile::exists(h.console.storePath()));
        qInfo("T12 %s: exit %d after %lld ms: %s", qPrintable(where), run.exitCode, run.ms,
              qPrintable(run.err.trimmed().right(300)));
        if (where == QLatin1String("header")) // not even opened: not a byte written
            QVERIFY2(fileHash(h.console.storePath()) == before,
                     qPrintable(QStringLiteral("store changed; ") + run.describe()));
        QCOMPARE(h.proxy->forwarded(kPush), pushesBefore); // nothing pushed from the damaged store

        // Step 3: recovery by IT staff, then sync.
        QProcess ctl;
        ctl.start(QStringLiteral(PASOKHCTL_BINARY), {QStringLiteral("db"), QStringLiteral("recover"),
                                                     QStringLiteral("--data-dir"), h.console.dataDir});
        QVERIFY(ctl.waitForFinished(120000));
        const QString report = QString::fromUtf8(ctl.readAllStandardOutput());
        const QString recoverErr = QString::fromUtf8(ctl.readAllStandardError());
        qInfo("T12 %s: db recover exit %d: %s %s", qPrintable(where), ctl.exitCode(), qPrintable(report),
              qPrintable(recoverErr.right(300)));
        const QStringList quarantines = QDir(h.console.dataDir + QStringLiteral("/quarantine"))
                                            .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        if (where == QLatin1String("header")) {
            QCOMPARE(ctl.exitCode(), 1);
            QVERIFY2(fileHash(h.console.storePath()) == before,
                     "a failed recovery must leave the store as it was");
            QVERIFY(quarantines.isEmpty());
            return;
        }
        QVERIFY2(ctl.exitCode() == 0, qPrintable(report + recoverErr));
        QCOMPARE(quarantines.size(), 1);
        QCOMPARE(fileHash(h.console.dataDir + QStringLiteral("/quarantine/") + quarantines.first() +
                          QStringLiteral("/") + QFileInfo(h.console.storePath()).fileName()),
                 before);
        QCOMPARE(integrity(h.console), QStringLiteral("ok"));
        QCOMPARE(h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM cases")), qint64(300));
        // Every case the hub did not acknowledge is queued again.
        QCOMPARE(h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")),
                 qint64(150));
        const SyncRun after = h.sync();
        SYNC_VERIFY_OK(after);
        QCOMPARE(h.hubScalar(QStringLiteral("SELECT COUNT(*) FROM cases")), qint64(300)); // no duplicate
        SyncCheckOptions recovered;
        recovered.lostOutboxRows = true; // acked rows lost with their pages: the hub has them
        SYNC_CHECK(h, recovered);
    }

    // T13: a store of the previous schema version with 200 pending mutations is migrated by the sync (backup
    // first) and its mutations sync; a store from a newer app is refused and left byte for byte as it was.
    void t13_migration_data() { sqliteRow(); }
    void t13_migration()
    {
        SYNC_HARNESS(h);
        const int latest = Pasokh::Storage::Database::latestSchemaVersion();
        QTemporaryDir older;
        const QDir sql(QStringLiteral(PASOKH_SQL_DIR));
        for (const QString &name : sql.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
            if (name.left(4).toInt() < latest)
                QVERIFY(QFile::copy(sql.filePath(name), older.filePath(name)));
        const auto intake = h.addCases(h.console, 200, 0, {QStringLiteral("--migrations"), older.path()});
        QVERIFY2(intake.exitCode == 0 && intake.ok == 200, qPrintable(intake.output));
        QCOMPARE(h.consoleScalar(QStringLiteral("PRAGMA user_version")), qint64(latest - 1));
        const SyncRun run = h.sync();
        SYNC_VERIFY_OK(run);
        QCOMPARE(h.consoleScalar(QStringLiteral("PRAGMA user_version")), qint64(latest));
        QCOMPARE(run.count(QStringLiteral("acked")), qint64(200));
        QVERIFY2(!QDir(h.console.dataDir).entryList({QStringLiteral("*.bak")}).isEmpty(),
                 qPrintable(QDir(h.console.dataDir).entryList().join(QLatin1Char(' '))));
        SYNC_CHECK(h);

        // A store from a newer app.
        Pasokh::SyncTest::Console newer = h.console;
        newer.dataDir = h.console.dataDir + QStringLiteral("-newer");
        QDir().mkpath(newer.dataDir);
        QVERIFY(h.addCases(newer, 20).exitCode == 0);
        QVERIFY(SyncHarness::consoleExec(newer, QStringLiteral("PRAGMA user_version = %1").arg(latest + 1))
                    .isEmpty());
        QVERIFY(SyncHarness::consoleExec(newer, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).isEmpty());
        const QByteArray before = fileHash(newer.storePath());
        h.proxy->clearLog();
        const int pushesBefore = h.proxy->forwarded(kPush);
        const SyncRun refused = h.sync(
            newer, {QStringLiteral("--once"), QStringLiteral("--timeout"), QStringLiteral("20")}, 40000);
        QVERIFY2(refused.finished && refused.exitCode == 1, qPrintable(refused.describe()));
        QVERIFY2(refused.err.contains(QLatin1String("newer"), Qt::CaseInsensitive),
                 qPrintable(refused.describe()));
        QCOMPARE(fileHash(newer.storePath()), before);
        QCOMPARE(h.proxy->forwarded(kPush), pushesBefore);
    }

    // T14: a second `pasokhctl sync` on a data folder in use is refused by the single-instance lock, and the
    // first one carries on.
    void t14_secondProcess_data() { sqliteRow(); }
    void t14_secondProcess()
    {
        SYNC_HARNESS(h);
        SYNC_ADD_CASES(h, 100);
        auto first = h.startSync(h.console, {}, {}, {QStringLiteral("PASOKH_SYNC_POLL_MS=500")});
        QElapsedTimer t;
        t.start();
        while (h.proxy->forwarded(kPush) < 1 && t.elapsed() < 30000)
            QThread::msleep(20);
        QVERIFY2(h.proxy->forwarded(kPush) >= 1,
                 qPrintable(QString::fromUtf8(first->readAllStandardError())));
        const SyncRun second =
            h.sync({QStringLiteral("--once"), QStringLiteral("--timeout"), QStringLiteral("20")}, 30000);
        QVERIFY2(second.finished && second.exitCode == 1, qPrintable(second.describe()));
        QVERIFY2(second.err.contains(QLatin1String("already using"), Qt::CaseInsensitive) ||
                     second.err.contains(QLatin1String("running"), Qt::CaseInsensitive),
                 qPrintable(second.describe()));
        QVERIFY(second.ms < 10000);
        QVERIFY(first->state() == QProcess::Running);
        // The first one drains the outbox, then stops on SIGTERM with exit 0.
        QTRY_COMPARE_WITH_TIMEOUT(
            h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state <> 'acked'")), qint64(0),
            30000);
        ::kill(pid_t(first->processId()), SIGTERM);
        QVERIFY(first->waitForFinished(15000));
        QCOMPARE(first->exitCode(), 0);
        const SyncRun settle = h.sync(); // quiescence: one last push/pull round
        SYNC_VERIFY_OK(settle);
        SYNC_CHECK(h);
    }

    // T15: the hub retires the category of offline cases before they sync: each such case is either applied
    // or parked with a reason; nothing is silently dropped, the others sync.
    void t15_retiredCategory_data() { Pasokh::HubTest::HubFixture::addBackendRows(); }
    void t15_retiredCategory()
    {
        SYNC_HARNESS(h);
        const auto retiredCases =
            h.addCases(h.console, 30, 0, {QStringLiteral("--service"), QStringLiteral("WASTE-COLLECT")});
        QVERIFY2(retiredCases.ok == 30, qPrintable(retiredCases.output));
        const auto others =
            h.addCases(h.console, 30, 30, {QStringLiteral("--service"), QStringLiteral("LIGHT-OUT")});
        QVERIFY2(others.ok == 30, qPrintable(others.output));
        const auto del = h.hub.client.del(QStringLiteral("/v1/reference/categories/WASTE-COLLECT"),
                                          h.hub.token(QStringLiteral("admin1")));
        QVERIFY2(del.status == 200 || del.status == 204, del.body.constData());
        const SyncRun run = h.sync();
        SYNC_VERIFY_OK(run);
        const qint64 parked =
            h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'parked'"));
        const qint64 onHub = h.hubScalar(QStringLiteral(
            "SELECT COUNT(*) FROM cases WHERE service_code = 'LIGHT-OUT' OR service_code = 'WASTE-COLLECT'"));
        QCOMPARE(parked + onHub, qint64(60));
        QCOMPARE(h.hubScalar(QStringLiteral("SELECT COUNT(*) FROM cases WHERE service_code = 'LIGHT-OUT'")),
                 qint64(30));
        qInfo("T15 %s: %lld parked, %lld applied", qPrintable(backend), parked, onHub);
        SYNC_CHECK(h);
    }

    // T16: the running sync process is SIGSTOPped at random moments (3 s each) while the operator keeps
    // saving cases: no save waits longer than the 5 s busy timeout or fails with "locked".
    void t16_stoppedWorker_data() { sqliteRow(); }
    void t16_stoppedWorker()
    {
        SYNC_HARNESS(h);
        SYNC_ADD_CASES(h, 1000);
        h.proxy->setDefault(Pasokh::Testing::FaultSpec::delay(150).on("/v1/sync/"));
        auto worker = h.startSync(h.console, {}, {}, {QStringLiteral("PASOKH_SYNC_POLL_MS=300")});
        QVERIFY(worker->waitForStarted());
        qint64 worst = 0;
        for (int round = 0; round < 6; ++round) {
            QThread::msleep(QRandomGenerator::global()->bounded(50, 600));
            ::kill(pid_t(worker->processId()), SIGSTOP);
            // A worker frozen inside its own write transaction blocks every save for as long as it is frozen
            // (SQLite has one writer); that case is not what T16 can promise (see the closing note of issue
            // 6), so the stop is moved to a moment between the worker's transactions.
            for (int tries = 0; tries < 50 && writeLockHeld(h.console.storePath()); ++tries) {
                ::kill(pid_t(worker->processId()), SIGCONT);
                QThread::msleep(QRandomGenerator::global()->bounded(5, 40));
                ::kill(pid_t(worker->processId()), SIGSTOP);
            }
            QVERIFY2(!writeLockHeld(h.console.storePath()),
                     "the sync worker never paused between transactions");
            QElapsedTimer stopped;
            stopped.start();
            const auto intake = h.addCases(h.console, 5, 1000 + round * 5);
            ::kill(pid_t(worker->processId()), SIGCONT);
            QVERIFY2(intake.exitCode == 0 && intake.ok == 5, qPrintable(intake.output));
            QVERIFY2(intake.maxMs < 5000, qPrintable(intake.output));
            worst = std::max(worst, intake.maxMs);
            Q_UNUSED(stopped);
        }
        h.proxy->reset();
        QTRY_COMPARE_WITH_TIMEOUT(
            h.consoleScalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state <> 'acked'")), qint64(0),
            60000);
        ::kill(pid_t(worker->processId()), SIGTERM);
        QVERIFY(worker->waitForFinished(15000));
        QCOMPARE(worker->exitCode(), 0);
        const SyncRun settle = h.sync(); // quiescence: one last push/pull round
        SYNC_VERIFY_OK(settle);
        SYNC_CHECK(h);
        qInfo("T16: slowest save while the sync process was stopped: %lld ms", worst);
    }

    // T18: cases saved and synced with the console's clock two days ahead or behind, and with its time zone
    // changed between intake and sync: order and convergence unaffected, the token's expiry judged by the
    // hub (no refresh storm).
    void t18_clockSkew_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("skew");
        QTest::addColumn<QString>("zone");
        for (const char *backend : {"sqlite", "postgresql"}) {
            QTest::addRow("%s +2d", backend) << QString::fromLatin1(backend) << QStringLiteral("+2d")
                                             << QStringLiteral("Pacific/Kiritimati");
            QTest::addRow("%s -2d", backend) << QString::fromLatin1(backend) << QStringLiteral("-2d")
                                             << QStringLiteral("America/Los_Angeles");
        }
    }
    void t18_clockSkew()
    {
        if (!Pasokh::SyncTest::haveProgram(QStringLiteral("faketime")))
            QSKIP("faketime (Debian faketime) is not installed");
        QFETCH(QString, skew);
        QFETCH(QString, zone);
        SYNC_HARNESS(h);
        const QStringList fake = {QStringLiteral("faketime"), QStringLiteral("-f"), skew};
        const auto intake = h.addCases(h.console, 120, 0, {}, fake, {QStringLiteral("TZ=Asia/Tehran")});
        QVERIFY2(intake.exitCode == 0 && intake.ok == 120, qPrintable(intake.output));
        const auto later = h.addCases(h.console, 80, 120, {}, {}, {QStringLiteral("TZ=Asia/Tehran")});
        QVERIFY2(later.exitCode == 0 && later.ok == 80, qPrintable(later.output));
        const SyncRun run =
            h.sync(h.console, {QStringLiteral("--once")}, 120000, fake, {QStringLiteral("TZ=") + zone});
        SYNC_VERIFY_OK(run);
        QCOMPARE(run.count(QStringLiteral("acked")), qint64(200));
        const auto auth = h.proxy->requests("/v1/auth/");
        QVERIFY2(auth.size() <= 2, qPrintable(QStringLiteral("%1 auth requests").arg(auth.size())));
        SYNC_CHECK(h);
    }
};

SYNCFAULTS_TEST_MAIN(TestSyncStore)
#include "tst_syncstore.moc"
