// SPDX-License-Identifier: GPL-3.0-or-later
// The sync engine against the real hub (SQLite and PostgreSQL): offline cases drained once and in order, an
// answer from a unit manager reaching the console store, and re-push after a hub restore with a new epoch.
#include "tests/integration/hub/hubfixture.h"
#include "tests/integration/sync/syncharness.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh;
using namespace Pasokh::HubTest;
using Pasokh::SyncTest::SyncConsole;

namespace {

/// Case ids in the order of their first appearance in the hub's change log (pull from zero as `token`).
QStringList hubCaseOrder(HubClient &client, const QString &token)
{
    QStringList ids;
    QString cursor;
    for (int guard = 0; guard < 200; ++guard) {
        const Reply r = client.get(QStringLiteral("/v1/sync/pull?limit=1000&cursor=") + cursor, token);
        if (r.status != 200)
            return {QStringLiteral("pull failed %1").arg(r.status)};
        for (const QJsonValue &v : r.object().value(QStringLiteral("changes")).toArray()) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("entity")).toString() == QLatin1String("case") &&
                !ids.contains(c.value(QStringLiteral("id")).toString()))
                ids << c.value(QStringLiteral("id")).toString();
        }
        cursor = r.object().value(QStringLiteral("next_cursor")).toString();
        if (!r.object().value(QStringLiteral("has_more")).toBool())
            break;
    }
    return ids;
}

/// Runs `pasokhctl sync ...`; returns the exit code, stdout in `out`.
int runCtl(const QStringList &args, const QByteArray &stdinData, QString *out, const QString &identityFile)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PASOKH_SYNC_IDENTITY_FILE"), identityFile);
    env.insert(QStringLiteral("PASOKH_SYNC_BACKOFF_BASE_MS"), QStringLiteral("200"));
    env.remove(QStringLiteral("PASOKH_HUB_PASSWORD"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PASOKHCTL_BINARY), QStringList{QStringLiteral("sync")} + args);
    if (!p.waitForStarted(10000))
        return -1;
    p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        return -2;
    }
    *out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (!err.isEmpty())
        qInfo().noquote() << "pasokhctl stderr:" << err.right(2000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drainOfflineCasesThenPullAnswer_data() { HubFixture::addBackendRows(); }
    void drainOfflineCasesThenPullAnswer()
    {
        PASOKH_HUB_FIXTURE(f);
        SyncConsole console(QStringLiteral("drain-") + backend, 1);
        QVERIFY(console.ok());
        const QStringList ids = console.registerCases(100);
        QCOMPARE(ids.size(), 100);
        QCOMPARE(
            console.store().scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'pending'")),
            qint64(100));

        QString error = console.startEngine(f.hub->baseUrl(), f.station1, QStringLiteral("op1"),
                                            QString::fromLatin1(HubFixture::kPassword));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(console.waitClean(120000));

        // Every case on the hub exactly once, in the console's order.
        const QString sup = f.token(QStringLiteral("sup1"));
        const QStringList order = hubCaseOrder(f.client, sup);
        QCOMPARE(order.size(), 100);
        QCOMPARE(order, ids);
        QCOMPARE(console.store().scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'acked'")),
                 qint64(100));
        QCOMPARE(console.store().scalar(QStringLiteral("SELECT count(*) FROM cases WHERE has_pending = 1")),
                 qint64(0));
        // The hub's referral came back with the pull (WASTE-COLLECT in district 7 → D07).
        QCOMPARE(console.store().scalar(QStringLiteral(
                     "SELECT count(*) FROM cases WHERE agency_responsible = 'D07' AND status = 'referred'")),
                 qint64(100));

        // The unit manager answers one case through the hub; the console pulls it.
        const QString mgr = f.token(QStringLiteral("mgr7"));
        const Reply answer = f.client.post(
            QStringLiteral("/v1/cases/%1/answer").arg(ids.at(5)),
            QJsonObject{{QStringLiteral("text"), QStringLiteral("زباله‌ها جمع شد")},
                        {QStringLiteral("response_type"), QStringLiteral("resolved")}},
            mgr);
        QVERIFY2(answer.status == 200, qPrintable(QString::number(answer.status) + answer.errorCode()));
        console.kick();
        QVERIFY(console.waitClean(60000));
        QSqlQuery q(console.store().db()->writer());
        QVERIFY(
            q.exec(QStringLiteral(
                       "SELECT status, answer_text, response_type, answered_at FROM cases WHERE id = '%1'")
                       .arg(ids.at(5))));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("answered"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("زباله‌ها جمع شد"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("resolved"));
        QVERIFY(q.value(3).toLongLong() > 0);
        q.finish();
        QCOMPARE(console.store().scalar(
                     QStringLiteral(
                         "SELECT count(*) FROM case_events WHERE case_id = '%1' AND actor = 'hub' AND kind = "
                         "'answer'")
                         .arg(ids.at(5))),
                 qint64(1));
        console.stopEngine();
    }

    void cliOnce_data() { HubFixture::addBackendRows(); }
    void cliOnce()
    {
        PASOKH_HUB_FIXTURE(f);
        QTemporaryDir identity;
        const QString identityFile = identity.filePath(QStringLiteral("identity.ini"));
        auto store = std::make_unique<SyncConsole>(QStringLiteral("cli2-") + backend, 1);
        QVERIFY(store->ok());
        QCOMPARE(store->registerCases(30).size(), 30);
        const QString dir = store->store().dir();
        const QByteArray password = QByteArray(HubFixture::kPassword) + '\n';
        QString out;
        const QStringList common{QStringLiteral("--data-dir"),
                                 dir,
                                 QStringLiteral("--hub"),
                                 f.hub->baseUrl(),
                                 QStringLiteral("--station-id"),
                                 f.station1,
                                 QStringLiteral("--user"),
                                 QStringLiteral("op1"),
                                 QStringLiteral("--password-stdin"),
                                 QStringLiteral("--once")};
        QCOMPARE(runCtl(common, password, &out, identityFile), 0);
        QVERIFY2(out.contains(QStringLiteral("pushed=30 acked=30 parked=0 pending=0 pulled=")),
                 qPrintable(out));
        QCOMPARE(store->store().scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'acked'")),
                 qint64(30));
        // Again: nothing to push, the cursor is kept.
        QCOMPARE(runCtl(common, password, &out, identityFile), 0);
        QVERIFY2(out.startsWith(QStringLiteral("pushed=0 acked=0 parked=0 pending=0 pulled=0")),
                 qPrintable(out));
        // Wrong password: exit 2.
        QCOMPARE(runCtl(common, "wrong password\n", &out, identityFile), 2);
        // Hub unreachable: exit 1 after --timeout.
        const QStringList unreachable{QStringLiteral("--data-dir"),
                                      dir,
                                      QStringLiteral("--hub"),
                                      QStringLiteral("http://127.0.0.1:%1").arg(HubProcess::freePort()),
                                      QStringLiteral("--station-id"),
                                      f.station1,
                                      QStringLiteral("--user"),
                                      QStringLiteral("op1"),
                                      QStringLiteral("--password-stdin"),
                                      QStringLiteral("--once"),
                                      QStringLiteral("--timeout"),
                                      QStringLiteral("3")};
        QCOMPARE(runCtl(unreachable, password, &out, identityFile), 1);
        // status
        QCOMPARE(
            runCtl({QStringLiteral("status"), QStringLiteral("--data-dir"), dir}, {}, &out, identityFile), 0);
        QVERIFY2(out.contains(QStringLiteral("pending=0 parked=0 acked=30")), qPrintable(out));
    }

    void epochRotationRepushesLostCases_data() { HubFixture::addBackendRows(); }
    void epochRotationRepushesLostCases()
    {
        PASOKH_HUB_FIXTURE(f);
        SyncConsole console(QStringLiteral("epoch-") + backend, 1);
        QVERIFY(console.ok());
        const QStringList first = console.registerCases(10);
        QString error = console.startEngine(f.hub->baseUrl(), f.station1, QStringLiteral("op1"),
                                            QString::fromLatin1(HubFixture::kPassword));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(console.waitClean(60000));
        console.stopEngine();

        // Back up the hub's database (hub stopped).
        QCOMPARE(f.hub->stop(), 0);
        QString backupError;
        const QString backupUrl = f.backUpDatabase(&backupError);
        QVERIFY2(!backupUrl.isEmpty(), qPrintable(backupError));
        QVERIFY(f.hub->start().isEmpty());

        // Five more cases reach the live hub...
        const QStringList second = console.registerCases(5);
        error = console.startEngine(f.hub->baseUrl(), f.station1, QStringLiteral("op1"),
                                    QString::fromLatin1(HubFixture::kPassword));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(console.waitClean(60000));
        console.stopEngine();
        QCOMPARE(f.hub->stop(), 0);

        // ... then the hub is restored from the backup (which lacks them) and the epoch rotated.
        bool ok = false;
        HubProcess::admin(backupUrl, {QStringLiteral("rotate-epoch")}, &ok);
        QVERIFY(ok);
        HubProcess restored(backupUrl);
        QVERIFY(restored.start().isEmpty());
        HubClient rc(restored.baseUrl());
        const QString sup =
            rc.post(QStringLiteral("/v1/auth/token"),
                    QJsonObject{{QStringLiteral("username"), QStringLiteral("sup1")},
                                {QStringLiteral("password"), QString::fromLatin1(HubFixture::kPassword)}})
                .object()
                .value(QStringLiteral("access_token"))
                .toString();
        QCOMPARE(hubCaseOrder(rc, sup).size(), 10);

        // The console notices the new epoch, pulls from zero, and re-pushes the five the hub lost.
        error = console.startEngine(restored.baseUrl(), f.station1, QStringLiteral("op1"),
                                    QString::fromLatin1(HubFixture::kPassword));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(hubCaseOrder(rc, sup).size() == 15, 60000);
        QCOMPARE(hubCaseOrder(rc, sup), first + second);
        QTRY_COMPARE_WITH_TIMEOUT(
            console.store().scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state <> 'acked'")),
            qint64(0), 30000);
        console.stopEngine();
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
