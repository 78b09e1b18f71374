// SPDX-License-Identifier: GPL-3.0-or-later
// Sync protocol of notes/sync.md §4 against a real pasokh-hub on both backends: idempotent push, ordering,
// reused ids, concurrent same key, pull cursor (also with two hub processes on one database), epoch after a
// restore, manager visibility, reference tombstones, amend conflicts.
#include "tests/integration/hub/hubfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Pasokh::HubTest;

namespace {

QJsonArray results(const Reply &r)
{
    return r.object().value(QStringLiteral("results")).toArray();
}

QString statusOf(const Reply &r, int i)
{
    return results(r).at(i).toObject().value(QStringLiteral("status")).toString();
}

/// Pulls everything from `cursor` on; returns the changes and updates `cursor`.
QJsonArray pullAll(HubClient &client, const QString &token, QString &cursor,
                   const QString &path = QStringLiteral("/v1/sync/pull"), int limit = 500)
{
    QJsonArray all;
    for (int guard = 0; guard < 10000; ++guard) {
        const Reply r =
            client.get(QStringLiteral("%1?limit=%2&cursor=%3").arg(path).arg(limit).arg(cursor), token);
        if (r.status == 429) {
            // Throttled (a reader polling in a tight loop): wait as a console does, then the same page again.
            QTest::qWait(std::max(1, r.header("Retry-After").toInt()) * 1000);
            continue;
        }
        if (r.status != 200)
            return all;
        for (const QJsonValue &c : r.object().value(QStringLiteral("changes")).toArray())
            all.append(c);
        cursor = r.object().value(QStringLiteral("next_cursor")).toString();
        if (!r.object().value(QStringLiteral("has_more")).toBool())
            break;
    }
    return all;
}

QStringList caseIds(const QJsonArray &changes)
{
    QStringList ids;
    for (const QJsonValue &v : changes) {
        if (v.toObject().value(QStringLiteral("entity")).toString() == QLatin1String("case"))
            ids << v.toObject().value(QStringLiteral("id")).toString();
    }
    return ids;
}

} // namespace

class TestHubSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void health_data() { HubFixture::addBackendRows(); }
    void health()
    {
        PASOKH_HUB_FIXTURE(f);
        const Reply r = f.client.get(QStringLiteral("/v1/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(r.object().value(QStringLiteral("server_epoch")).toString().size(), 36);
        QVERIFY(r.object().value(QStringLiteral("server_time_utc")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(r.object().value(QStringLiteral("min_client_version")).toString(), QStringLiteral("0.1.0"));
    }

    void pushIdempotencyAndOrder_data() { HubFixture::addBackendRows(); }
    void pushIdempotencyAndOrder()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        QVERIFY(!tok.isEmpty());
        const QString client = newId();
        const QJsonObject m1 = createMutation(1, newId(), trackingCode(1, 1));
        const QJsonObject m2 = createMutation(2, newId(), trackingCode(1, 2));

        Reply r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {m1, m2}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("last_mutation_id")).toInteger(), 2);
        QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
        QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("server_version")).toInteger(), 1);

        // Replay of the same batch: duplicates, nothing applied twice.
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {m1, m2}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(statusOf(r, 0), QStringLiteral("duplicate"));
        QCOMPARE(statusOf(r, 1), QStringLiteral("duplicate"));
        QCOMPARE(results(r).at(1).toObject().value(QStringLiteral("original_status")).toString(),
                 QStringLiteral("applied"));

        // Same id, other payload: 422 mutation_id_reused.
        QJsonObject m2other = m2;
        QJsonObject payload = m2other.value(QStringLiteral("payload")).toObject();
        payload.insert(QStringLiteral("description"), QStringLiteral("another text"));
        m2other.insert(QStringLiteral("payload"), payload);
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {m2other}), tok);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), QStringLiteral("mutation_id_reused"));

        // A gap: 409 with where to resume.
        r = f.client.post(QStringLiteral("/v1/sync/push"),
                          pushBody(client, {createMutation(4, newId(), trackingCode(1, 4))}), tok);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorCode(), QStringLiteral("gap"));
        QCOMPARE(r.errorDetail(QStringLiteral("last_mutation_id")).toInteger(), 2);

        // Overlapping batch: the seen one is a duplicate, the new one applies.
        const QJsonObject m3 = createMutation(3, newId(), trackingCode(1, 3));
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {m2, m3}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(statusOf(r, 0), QStringLiteral("duplicate"));
        QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));

        // A business rejection still advances last_mutation_id; the next mutation applies.
        const QJsonObject bad =
            createMutation(4, newId(), trackingCode(1, 5), QStringLiteral("NO-SUCH-CATEGORY"));
        const QJsonObject m5 = createMutation(5, newId(), trackingCode(1, 6));
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {bad, m5}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(statusOf(r, 0), QStringLiteral("rejected"));
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("unknown_service_code"));
        QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));
        QCOMPARE(r.object().value(QStringLiteral("last_mutation_id")).toInteger(), 5);
        // Replaying the rejected one is a duplicate that remembers the rejection.
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {bad}), tok);
        QCOMPARE(statusOf(r, 0), QStringLiteral("duplicate"));
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("original_status")).toString(),
                 QStringLiteral("rejected"));

        // Exactly four cases on the hub, each once.
        r = f.client.get(QStringLiteral("/v1/cases?limit=500"), f.token(QStringLiteral("sup1")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("cases")).toArray().size(), 4);

        // A tracking code from another station is refused; a case id seen before is refused.
        r = f.client.post(
            QStringLiteral("/v1/sync/push"),
            pushBody(client, {createMutation(6, newId(), trackingCode(2, 7)),
                              createMutation(7, m1.value(QStringLiteral("entity_id")).toString(),
                                             trackingCode(1, 8))}),
            tok);
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("tracking_code_station_mismatch"));
        QCOMPARE(results(r).at(1).toObject().value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("case_exists"));
    }

    void pushDuplicatesInsideOneBatch_data() { HubFixture::addBackendRows(); }
    void pushDuplicatesInsideOneBatch()
    {
        // A batch's creates go in with one multi-row INSERT: the outcome must be the same as one by one
        // (the first row wins, later rows with its id or tracking code are rejected), and an amend sees a
        // case created earlier in the same batch.
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        const QString client = newId();
        const QString a = newId();
        QJsonObject amend{{QStringLiteral("mutation_id"), 5},
                          {QStringLiteral("entity"), QStringLiteral("case")},
                          {QStringLiteral("entity_id"), a},
                          {QStringLiteral("op"), QStringLiteral("amend")},
                          {QStringLiteral("base_server_version"), 1},
                          {QStringLiteral("payload"),
                           QJsonObject{{QStringLiteral("description"), QStringLiteral("amended")}}}};
        const Reply r = f.client.post(QStringLiteral("/v1/sync/push"),
                                      pushBody(client, {createMutation(1, a, trackingCode(1, 1)),
                                                        createMutation(2, a, trackingCode(1, 2)),
                                                        createMutation(3, newId(), trackingCode(1, 1)),
                                                        createMutation(4, newId(), trackingCode(1, 4)), amend,
                                                        createMutation(6, newId(), trackingCode(1, 4))}),
                                      tok);
        QCOMPARE(r.status, 200);
        const QJsonArray res = r.object().value(QStringLiteral("results")).toArray();
        QCOMPARE(res.size(), 6);
        const QStringList expected{
            QStringLiteral("applied"), QStringLiteral("case_exists"), QStringLiteral("tracking_code_taken"),
            QStringLiteral("applied"), QStringLiteral("applied"),     QStringLiteral("tracking_code_taken")};
        for (int i = 0; i < 6; ++i) {
            const QJsonObject o = res.at(i).toObject();
            QCOMPARE(o.value(QStringLiteral("mutation_id")).toInt(), i + 1);
            const QString got = o.value(QStringLiteral("status")).toString() == QLatin1String("applied")
                                    ? QStringLiteral("applied")
                                    : o.value(QStringLiteral("error_code")).toString();
            QCOMPARE(got, expected.at(i));
        }
        QCOMPARE(res.at(4).toObject().value(QStringLiteral("server_version")).toInt(), 2);
        QCOMPARE(r.object().value(QStringLiteral("last_mutation_id")).toInteger(), 6);
        const Reply c = f.client.get(QStringLiteral("/v1/cases/") + a, f.token(QStringLiteral("sup1")));
        QCOMPARE(c.object().value(QStringLiteral("description")).toString(), QStringLiteral("amended"));
    }

    void pushConcurrentSameKey_data() { HubFixture::addBackendRows(); }
    void pushConcurrentSameKey()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        const QString client = newId();
        QJsonArray batch;
        for (int i = 1; i <= 20; ++i)
            batch.append(createMutation(i, newId(), trackingCode(1, i)));
        const QByteArray body = QJsonDocument(pushBody(client, batch)).toJson(QJsonDocument::Compact);
        constexpr int kParallel = 8;
        QNetworkAccessManager nams[kParallel];
        QList<QNetworkReply *> replies;
        for (auto &nam : nams) {
            QNetworkRequest req(QUrl(f.hub->baseUrl() + QStringLiteral("/v1/sync/push")));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + tok.toUtf8());
            req.setRawHeader("Idempotency-Key", client.toUtf8() + ":1-20");
            replies << nam.post(req, body);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
            60000);
        int applied = 0, duplicate = 0;
        for (QNetworkReply *r : replies) {
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            const QJsonArray res =
                QJsonDocument::fromJson(r->readAll()).object().value(QStringLiteral("results")).toArray();
            QCOMPARE(res.size(), 20);
            for (const QJsonValue &v : res) {
                const QString s = v.toObject().value(QStringLiteral("status")).toString();
                applied += s == QLatin1String("applied");
                duplicate += s == QLatin1String("duplicate");
            }
            r->deleteLater();
        }
        QCOMPARE(applied, 20);
        QCOMPARE(duplicate, 20 * (kParallel - 1));
        const Reply cases =
            f.client.get(QStringLiteral("/v1/cases?limit=500"), f.token(QStringLiteral("sup1")));
        QCOMPARE(cases.object().value(QStringLiteral("cases")).toArray().size(), 20);
    }

    void clientBoundToStation_data() { HubFixture::addBackendRows(); }
    void clientBoundToStation()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString client = newId();
        Reply r = f.client.post(QStringLiteral("/v1/sync/push"),
                                pushBody(client, {createMutation(1, newId(), trackingCode(1, 1))}),
                                f.token(QStringLiteral("op1")));
        QCOMPARE(r.status, 200);
        r = f.client.post(QStringLiteral("/v1/sync/push"),
                          pushBody(client, {createMutation(2, newId(), trackingCode(2, 1))}),
                          f.token(QStringLiteral("op2")));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("client_station_mismatch"));
    }

    void pullCursorPaging_data() { HubFixture::addBackendRows(); }
    void pullCursorPaging()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        // From zero the reference data comes first.
        QString cursor;
        const QJsonArray initial = pullAll(f.client, tok, cursor, QStringLiteral("/v1/sync/pull"), 7);
        QVERIFY(initial.size() >= 59 + 34 + 13); // categories + units + districts of the seed
        QCOMPARE(caseIds(initial).size(), 0);
        const QString client = newId();
        QStringList created;
        QJsonArray batch;
        for (int i = 1; i <= 25; ++i) {
            created << newId();
            batch.append(createMutation(i, created.last(), trackingCode(1, i)));
        }
        QCOMPARE(f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, batch), tok).status, 200);
        const QJsonArray changes = pullAll(f.client, tok, cursor, QStringLiteral("/v1/sync/pull"), 4);
        QCOMPARE(caseIds(changes), created); // all, once, in push order
        const QJsonObject first = changes.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("server_version")).toInteger(), 1);
        QCOMPARE(first.value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("referred"));
        QCOMPARE(first.value(QStringLiteral("fields"))
                     .toObject()
                     .value(QStringLiteral("agency_responsible"))
                     .toString(),
                 QStringLiteral("D07"));
        QCOMPARE(first.value(QStringLiteral("fields"))
                     .toObject()
                     .value(QStringLiteral("caller"))
                     .toObject()
                     .value(QStringLiteral("phone"))
                     .toString(),
                 QStringLiteral("+989151234567"));
        // Nothing new: an empty page with the same position.
        Reply r = f.client.get(
            QStringLiteral("/v1/sync/pull?cursor=") + cursor + QStringLiteral("&client_id=") + client, tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("changes")).toArray().size(), 0);
        QCOMPARE(r.object().value(QStringLiteral("next_cursor")).toString(), cursor);
        QCOMPARE(r.object().value(QStringLiteral("last_mutation_id")).toInteger(), 25);
        // Not our cursor: 400; bad limit: 400.
        QCOMPARE(f.client.get(QStringLiteral("/v1/sync/pull?cursor=bm90LWEtY3Vyc29y"), tok).status, 400);
        QCOMPARE(f.client.get(QStringLiteral("/v1/sync/pull?limit=0"), tok).status, 400);
        // A cursor of another epoch: 410 cursor_reset.
        const QByteArray foreign =
            QByteArray("v1|00000000-0000-4000-8000-000000000000|5")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        r = f.client.get(QStringLiteral("/v1/sync/pull?cursor=") + QString::fromLatin1(foreign), tok);
        QCOMPARE(r.status, 410);
        QCOMPARE(r.errorCode(), QStringLiteral("cursor_reset"));
    }

    void epochAfterRestore_data() { HubFixture::addBackendRows(); }
    void epochAfterRestore()
    {
        PASOKH_HUB_FIXTURE(f);
        QString tok = f.token(QStringLiteral("op1"));
        const QString client = newId();
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(1, newId(), trackingCode(1, 1))}), tok)
                     .status,
                 200);
        const QString epochBefore = f.client.get(QStringLiteral("/v1/health"))
                                        .object()
                                        .value(QStringLiteral("server_epoch"))
                                        .toString();

        // Back up the database (hub stopped), then write more.
        QCOMPARE(f.hub->stop(), 0);
        QString backupError;
        const QString backupUrl = f.backUpDatabase(&backupError);
        QVERIFY2(!backupUrl.isEmpty(), qPrintable(backupError));
        QVERIFY(f.hub->start().isEmpty());
        f.client.setBaseUrl(f.hub->baseUrl());
        QString cursor;
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(2, newId(), trackingCode(1, 2))}), tok)
                     .status,
                 200);
        pullAll(f.client, tok, cursor);
        QVERIFY(!cursor.isEmpty());

        // "Restore": run a hub on the backup without rotating the epoch. The cursor points past the end: 410.
        HubProcess restored(backupUrl);
        QVERIFY(restored.start().isEmpty());
        HubClient rc(restored.baseUrl());
        tok = rc.post(QStringLiteral("/v1/auth/token"),
                      QJsonObject{{QStringLiteral("username"), QStringLiteral("op1")},
                                  {QStringLiteral("password"), QString::fromLatin1(HubFixture::kPassword)},
                                  {QStringLiteral("station_id"), f.station1}})
                  .object()
                  .value(QStringLiteral("access_token"))
                  .toString();
        Reply r = rc.get(QStringLiteral("/v1/sync/pull?cursor=") + cursor, tok);
        QCOMPARE(r.status, 410);
        // The restored hub lost mutation 2: a push of 3 is a gap that says where to resume.
        r = rc.post(QStringLiteral("/v1/sync/push"),
                    pushBody(client, {createMutation(3, newId(), trackingCode(1, 3))}), tok);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorDetail(QStringLiteral("last_mutation_id")).toInteger(), 1);
        QCOMPARE(restored.stop(), 0);

        // The documented restore procedure rotates the epoch: every old cursor gets 410 with the new epoch.
        bool ok = false;
        const QString newEpoch = HubProcess::admin(backupUrl, {QStringLiteral("rotate-epoch")}, &ok);
        QVERIFY(ok);
        QVERIFY(newEpoch != epochBefore);
        QVERIFY(restored.start().isEmpty());
        rc.setBaseUrl(restored.baseUrl());
        r = rc.get(QStringLiteral("/v1/sync/pull?cursor=") + cursor, tok);
        QCOMPARE(r.status, 410);
        QCOMPARE(r.errorDetail(QStringLiteral("server_epoch")).toString(), newEpoch);
        QCOMPARE(
            rc.get(QStringLiteral("/v1/health")).object().value(QStringLiteral("server_epoch")).toString(),
            newEpoch);
        // A pull from zero works again and sees the case that survived.
        QString fresh;
        QCOMPARE(caseIds(pullAll(rc, tok, fresh)).size(), 1);
    }

    void restoreNoticedWithoutAdmin_data() { HubFixture::addBackendRows(); }
    void restoreNoticedWithoutAdmin()
    {
        // Back up, add changes, restore the backup in place, start the hub: it notices the restore by itself
        // (PostgreSQL: the database identity; SQLite: the witness file) and gives old cursors 410.
        PASOKH_HUB_FIXTURE(f);
        const QString client = newId();
        QString tok = f.token(QStringLiteral("op1"));
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(1, newId(), trackingCode(1, 1))}), tok)
                     .status,
                 200);
        auto epochNow = [&] {
            return f.client.get(QStringLiteral("/v1/health"))
                .object()
                .value(QStringLiteral("server_epoch"))
                .toString();
        };
        const QString epochBefore = epochNow();
        QCOMPARE(f.hub->stop(), 0);
        const QString path = f.databaseUrl.mid(7);
        const QString db = f.databaseUrl.section(QLatin1Char('/'), -1);
        bool ok = false;
        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) ||
                    QFile::copy(path + QStringLiteral("-wal"), path + QStringLiteral(".bak-wal")));
            QVERIFY(QFile::copy(path, path + QStringLiteral(".bak")));
        } else {
            f.cluster(nullptr)->psql(QStringLiteral("postgres"),
                                     QStringLiteral("CREATE DATABASE %1_bak TEMPLATE %1").arg(db), &ok);
            QVERIFY(ok);
        }

        // More changes after the backup; a console pulls them.
        QVERIFY(f.hub->start().isEmpty());
        f.client.setBaseUrl(f.hub->baseUrl());
        QCOMPARE(epochNow(), epochBefore); // a plain restart is no restore
        tok = f.token(QStringLiteral("op1"));
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(2, newId(), trackingCode(1, 2)),
                                             createMutation(3, newId(), trackingCode(1, 3))}),
                           tok)
                     .status,
                 200);
        QString cursor;
        pullAll(f.client, tok, cursor);
        QCOMPARE(f.hub->stop(), 0);

        // Restore the backup in place, exactly where the hub expects its database.
        if (backend == QLatin1String("sqlite")) {
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(path + QLatin1String(suffix));
            QVERIFY(QFile::copy(path + QStringLiteral(".bak"), path));
            if (QFile::exists(path + QStringLiteral(".bak-wal")))
                QVERIFY(QFile::copy(path + QStringLiteral(".bak-wal"), path + QStringLiteral("-wal")));
        } else {
            f.cluster(nullptr)->psql(QStringLiteral("postgres"), QStringLiteral("DROP DATABASE %1").arg(db),
                                     &ok);
            QVERIFY(ok);
            f.cluster(nullptr)->psql(QStringLiteral("postgres"),
                                     QStringLiteral("CREATE DATABASE %1 TEMPLATE %1_bak").arg(db), &ok);
            QVERIFY(ok);
        }
        QVERIFY(f.hub->start().isEmpty());
        f.client.setBaseUrl(f.hub->baseUrl());
        const QString epochAfter = epochNow();
        QVERIFY(!epochAfter.isEmpty());
        QVERIFY(epochAfter != epochBefore);
        tok = f.token(QStringLiteral("op1"));
        const Reply r = f.client.get(QStringLiteral("/v1/sync/pull?cursor=") + cursor, tok);
        QCOMPARE(r.status, 410);
        QCOMPARE(r.errorCode(), QStringLiteral("cursor_reset"));
        QCOMPARE(r.errorDetail(QStringLiteral("server_epoch")).toString(), epochAfter);
        // The restored hub lost mutations 2 and 3: the console learns where to resume.
        const Reply gap =
            f.client.post(QStringLiteral("/v1/sync/push"),
                          pushBody(client, {createMutation(4, newId(), trackingCode(1, 4))}), tok);
        QCOMPARE(gap.status, 409);
        QCOMPARE(gap.errorDetail(QStringLiteral("last_mutation_id")).toInteger(), 1);

        // The next start keeps the new epoch (the restore is noticed once).
        QCOMPARE(f.hub->stop(), 0);
        QVERIFY(f.hub->start().isEmpty());
        f.client.setBaseUrl(f.hub->baseUrl());
        QCOMPARE(epochNow(), epochAfter);
    }

    void twoHubsOneDatabase_data() { HubFixture::addBackendRows(); }
    void twoHubsOneDatabase()
    {
        // Writers push through hub A and hub B at the same time while a reader pulls through hub B; every
        // case must arrive exactly once (the cursor may not skip a late commit).
        PASOKH_HUB_FIXTURE(f);
        QString error;
        auto hubB = f.startAnotherHub(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString tok1 = f.token(QStringLiteral("op1"));
        const QString tok2 = f.token(QStringLiteral("op2"));
        HubClient reader(hubB->baseUrl());
        const QString readTok = f.token(QStringLiteral("sup1"));
        QString cursor;
        pullAll(reader, readTok, cursor); // skip reference data

        constexpr int kClients = 6, kBatches = 10, kPerBatch = 5;
        QSet<QString> created;
        QList<QNetworkAccessManager *> nams;
        QList<QNetworkReply *> pending;
        int batchNo[kClients] = {};
        QString clientIds[kClients];
        int finishedBatches = 0;
        std::function<void(int)> sendNext = [&](int c) {
            if (batchNo[c] >= kBatches)
                return;
            const int b = batchNo[c]++;
            QJsonArray batch;
            for (int i = 0; i < kPerBatch; ++i) {
                const int mid = b * kPerBatch + i + 1;
                const QString id = newId();
                created.insert(id);
                batch.append(createMutation(mid, id, trackingCode(c % 2 == 0 ? 1 : 2, (c / 2) * 1000 + mid)));
            }
            const bool viaA = (c + b) % 2 == 0;
            QNetworkRequest req(
                QUrl((viaA ? f.hub->baseUrl() : hubB->baseUrl()) + QStringLiteral("/v1/sync/push")));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + (c % 2 == 0 ? tok1 : tok2).toUtf8());
            QNetworkReply *reply = nams[c]->post(
                req, QJsonDocument(pushBody(clientIds[c], batch)).toJson(QJsonDocument::Compact));
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, c, reply] {
                QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
                ++finishedBatches;
                reply->deleteLater();
                sendNext(c);
            });
        };
        for (int c = 0; c < kClients; ++c) {
            nams << new QNetworkAccessManager(this);
            clientIds[c] = newId();
        }
        for (int c = 0; c < kClients; ++c)
            sendNext(c);
        QSet<QString> seen;
        int duplicatesSeen = 0;
        QElapsedTimer t;
        t.start();
        while (finishedBatches < kClients * kBatches && t.elapsed() < 120000) {
            for (const QString &id :
                 caseIds(pullAll(reader, readTok, cursor, QStringLiteral("/v1/sync/pull"), 7))) {
                duplicatesSeen += seen.contains(id);
                seen.insert(id);
            }
        }
        QCOMPARE(finishedBatches, kClients * kBatches);
        for (const QString &id : caseIds(pullAll(reader, readTok, cursor))) {
            duplicatesSeen += seen.contains(id);
            seen.insert(id);
        }
        QCOMPARE(duplicatesSeen, 0);
        QCOMPARE(seen.size(), kClients * kBatches * kPerBatch);
        QCOMPARE(seen, created);
        qDeleteAll(nams);
    }

    void managerSeesOwnUnit_data() { HubFixture::addBackendRows(); }
    void managerSeesOwnUnit()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        const QString in7 = newId(), in3 = newId(), anon7 = newId();
        QJsonObject anon = createMutation(3, anon7, trackingCode(1, 3));
        QJsonObject payload = anon.value(QStringLiteral("payload")).toObject();
        QJsonObject caller = payload.value(QStringLiteral("caller")).toObject();
        caller.insert(QStringLiteral("anonymous"), true);
        payload.insert(QStringLiteral("caller"), caller);
        anon.insert(QStringLiteral("payload"), payload);
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(newId(), {createMutation(1, in7, trackingCode(1, 1)),
                                              createMutation(2, in3, trackingCode(1, 2),
                                                             QStringLiteral("WASTE-COLLECT"), 3),
                                              anon}),
                           tok)
                     .status,
                 200);
        const QString mtok = f.token(QStringLiteral("mgr7"));
        QString cursor;
        const QJsonArray changes = pullAll(f.client, mtok, cursor);
        QCOMPARE(caseIds(changes), (QStringList{in7, anon7}));
        for (const QJsonValue &v : changes) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("id")).toString() == anon7) {
                const QJsonObject who =
                    c.value(QStringLiteral("fields")).toObject().value(QStringLiteral("caller")).toObject();
                QVERIFY(who.value(QStringLiteral("name")).isNull());
                QVERIFY(who.value(QStringLiteral("phone")).isNull());
            }
        }
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases/") + in3, mtok).status, 404);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases/") + in7, mtok).status, 200);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), mtok)
                     .object()
                     .value(QStringLiteral("cases"))
                     .toArray()
                     .size(),
                 2);
    }

    void referencePublishingAndTombstones_data() { HubFixture::addBackendRows(); }
    void referencePublishingAndTombstones()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString admin = f.token(QStringLiteral("admin1"));
        const QString op = f.token(QStringLiteral("op1"));
        QString cursor;
        const QJsonArray all = pullAll(f.client, op, cursor, QStringLiteral("/v1/reference/categories"));
        QCOMPARE(all.size(), 59);
        // Publishing is admin-only.
        QCOMPARE(f.client.del(QStringLiteral("/v1/reference/categories/WASTE-BIN"), op).status, 403);
        Reply r = f.client.del(QStringLiteral("/v1/reference/categories/WASTE-BIN"), admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("retired")).toBool(), true);
        r = f.client.put(
            QStringLiteral("/v1/reference/categories/WASTE-NIGHT"),
            QJsonObject{{QStringLiteral("parent"), QStringLiteral("WASTE")},
                        {QStringLiteral("name_fa"), QStringLiteral("جمع‌آوری شبانه")},
                        {QStringLiteral("name_en"), QStringLiteral("Night collection")},
                        {QStringLiteral("default_unit"), QStringLiteral("ORG-WASTE")},
                        {QStringLiteral("sla_days"), 2}},
            admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("version")).toInteger(), 1);
        QCOMPARE(f.client
                     .put(QStringLiteral("/v1/reference/categories/BAD"),
                          QJsonObject{{QStringLiteral("parent"), QStringLiteral("WASTE")},
                                      {QStringLiteral("name_fa"), QStringLiteral("x")},
                                      {QStringLiteral("name_en"), QStringLiteral("x")},
                                      {QStringLiteral("default_unit"), QStringLiteral("NO-UNIT")}},
                          admin)
                     .status,
                 422);
        const QString article = newId();
        QCOMPARE(
            f.client
                .put(QStringLiteral("/v1/kb/articles/") + article,
                     QJsonObject{
                         {QStringLiteral("title"), QStringLiteral("ساعت جمع‌آوری زباله")},
                         {QStringLiteral("body"), QStringLiteral("از ساعت ۲۱ تا ۲۴")},
                         {QStringLiteral("keywords"), QJsonArray{QStringLiteral("زباله")}},
                         {QStringLiteral("categories"), QJsonArray{QStringLiteral("WASTE-COLLECT")}}},
                     admin)
                .status,
            200);
        QCOMPARE(f.client.del(QStringLiteral("/v1/kb/articles/") + article, admin).status, 200);

        const QJsonArray delta = pullAll(f.client, op, cursor, QStringLiteral("/v1/reference/categories"));
        QCOMPARE(delta.size(), 2);
        QCOMPARE(delta.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("WASTE-BIN"));
        QCOMPARE(delta.at(0).toObject().value(QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(delta.at(0).toObject().value(QStringLiteral("server_version")).toInteger(), 2);
        QCOMPARE(delta.at(1).toObject().value(QStringLiteral("id")).toString(),
                 QStringLiteral("WASTE-NIGHT"));
        QString kbCursor;
        const QJsonArray kb = pullAll(f.client, op, kbCursor, QStringLiteral("/v1/reference/kb"));
        QCOMPARE(kb.size(), 2);
        QCOMPARE(kb.at(1).toObject().value(QStringLiteral("deleted")).toBool(), true);

        // A case in the retired category is rejected (parked by the console), the new one is referred.
        r = f.client.post(
            QStringLiteral("/v1/sync/push"),
            pushBody(newId(),
                     {createMutation(1, newId(), trackingCode(1, 1), QStringLiteral("WASTE-BIN")),
                      createMutation(2, newId(), trackingCode(1, 2), QStringLiteral("WASTE-NIGHT"))}),
            op);
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("category_retired"));
        QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));
    }

    void databaseOutage()
    {
        // PostgreSQL restarts under a running hub: requests meanwhile get 503 + Retry-After (never 500, never
        // a hang); afterwards the hub reconnects by itself and nothing acknowledged was lost.
        HubFixture f;
        const QString setup = f.setUp(QStringLiteral("postgresql"));
        QVERIFY2(setup.isEmpty(), qPrintable(setup));
        const QString tok = f.token(QStringLiteral("op1"));
        const QString client = newId();
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(1, newId(), trackingCode(1, 1))}), tok)
                     .status,
                 200);
        PgCluster *pg = HubFixture::cluster(nullptr);
        pg->stop();
        QElapsedTimer t;
        t.start();
        Reply r = f.client.post(QStringLiteral("/v1/sync/push"),
                                pushBody(client, {createMutation(2, newId(), trackingCode(1, 2))}), tok);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("1"));
        QCOMPARE(r.errorCode(), QStringLiteral("storage_unavailable"));
        QCOMPARE(f.client.get(QStringLiteral("/v1/health")).status, 503);
        QVERIFY(t.elapsed() < 15000);
        const QString restartError = pg->restart();
        QVERIFY2(restartError.isEmpty(), qPrintable(restartError));
        QTRY_COMPARE_WITH_TIMEOUT(f.client.get(QStringLiteral("/v1/health")).status, 200, 20000);
        // The same mutation 2 is retried (unknown outcome ⇒ same ids) and applies exactly once.
        const QJsonObject m2 = createMutation(2, newId(), trackingCode(1, 2));
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {m2}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
        for (int i = 0; i < 10; ++i)
            QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), tok)
                         .object()
                         .value(QStringLiteral("cases"))
                         .toArray()
                         .size(),
                     2);
        QVERIFY(f.hub->isRunning());
    }

    void amendConflict_data() { HubFixture::addBackendRows(); }
    void amendConflict()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        const QString client = newId(), id = newId();
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(client, {createMutation(1, id, trackingCode(1, 1))}), tok)
                     .status,
                 200);
        auto amend = [&](qint64 mid, qint64 base, const QString &text) {
            return QJsonObject{
                {QStringLiteral("mutation_id"), mid},
                {QStringLiteral("entity"), QStringLiteral("case")},
                {QStringLiteral("entity_id"), id},
                {QStringLiteral("op"), QStringLiteral("amend")},
                {QStringLiteral("base_server_version"), base},
                {QStringLiteral("payload"), QJsonObject{{QStringLiteral("description"), text}}}};
        };
        Reply r = f.client.post(QStringLiteral("/v1/sync/push"),
                                pushBody(client, {amend(2, 1, QStringLiteral("more detail"))}), tok);
        QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("server_version")).toInteger(), 2);
        r = f.client.post(QStringLiteral("/v1/sync/push"),
                          pushBody(client, {amend(3, 1, QStringLiteral("stale edit"))}), tok);
        QCOMPARE(statusOf(r, 0), QStringLiteral("rejected"));
        QCOMPARE(results(r).at(0).toObject().value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("conflict"));
        const QJsonObject copy = results(r).at(0).toObject().value(QStringLiteral("server_copy")).toObject();
        QCOMPARE(copy.value(QStringLiteral("server_version")).toInteger(), 2);
        QCOMPARE(copy.value(QStringLiteral("description")).toString(), QStringLiteral("more detail"));
    }
};

QTEST_GUILESS_MAIN(TestHubSync)
#include "tst_hubsync.moc"
