// SPDX-License-Identifier: GPL-3.0-or-later
// Referral on arrival, a unit's answer with its response type, the reviewer's verdicts and agent-state
// heartbeats of pasokh-hub on both backends.
#include "models/core/caselimits.h"
#include "tests/integration/hub/hubfixture.h"

#include <QJsonArray>
#include <QTest>

using namespace Pasokh::HubTest;

class TestHubCases : public QObject
{
    Q_OBJECT

    QHash<QString, std::shared_ptr<HubFixture>> m_fixtures; ///< one hub per backend for table-driven tests

private Q_SLOTS:
    void cleanupTestCase() { m_fixtures.clear(); }

    void referralOnArrival_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("service");
        QTest::addColumn<int>("district");
        QTest::addColumn<QString>("requestedUnit");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("unitOrError");
        QTest::addColumn<QString>("urgency");
        for (const char *b : {"sqlite", "postgresql"}) {
            const QString be = QLatin1String(b);
            auto row = [&](const char *name) -> QTestData & {
                return QTest::addRow("%s/%s", b, name) << be;
            };
            row("district 7") << QStringLiteral("WASTE-COLLECT") << 7 << QString()
                              << QStringLiteral("applied") << QStringLiteral("D07")
                              << QStringLiteral("normal");
            row("samen") << QStringLiteral("ROADS-POTHOLE") << 13 << QString() << QStringLiteral("applied")
                         << QStringLiteral("DSA") << QStringLiteral("normal");
            row("fixed unit") << QStringLiteral("GREEN-TREE") << 0 << QString() << QStringLiteral("applied")
                              << QStringLiteral("ORG-PARKS") << QStringLiteral("urgent");
            row("no district") << QStringLiteral("WASTE-COLLECT") << 0 << QString()
                               << QStringLiteral("rejected") << QStringLiteral("district_required")
                               << QString();
            row("bad district") << QStringLiteral("WASTE-COLLECT") << 14 << QString()
                                << QStringLiteral("rejected") << QStringLiteral("invalid_district")
                                << QString();
            row("external chosen") << QStringLiteral("OTHER-EXTERNAL") << 0 << QStringLiteral("EXT-WATER")
                                   << QStringLiteral("applied") << QStringLiteral("EXT-WATER")
                                   << QStringLiteral("normal");
            row("external missing") << QStringLiteral("OTHER-EXTERNAL") << 0 << QString()
                                    << QStringLiteral("rejected") << QStringLiteral("external_unit_required")
                                    << QString();
            row("group category") << QStringLiteral("WASTE") << 7 << QString() << QStringLiteral("rejected")
                                  << QStringLiteral("not_a_leaf_category") << QString();
        }
    }
    void referralOnArrival()
    {
        QFETCH(QString, backend);
        QFETCH(QString, service);
        QFETCH(int, district);
        QFETCH(QString, requestedUnit);
        QFETCH(QString, status);
        QFETCH(QString, unitOrError);
        QFETCH(QString, urgency);
        auto &f = m_fixtures[backend];
        if (!f) {
            f = std::make_shared<HubFixture>();
            const QString setup = f->setUp(backend);
            QVERIFY2(setup.isEmpty(), qPrintable(setup));
        }
        static int seq = 0;
        ++seq;
        const QString id = newId();
        QJsonObject m = createMutation(1, id, trackingCode(1, seq), service, district);
        if (!requestedUnit.isEmpty()) {
            QJsonObject p = m.value(QStringLiteral("payload")).toObject();
            p.insert(QStringLiteral("agency_responsible"), requestedUnit);
            m.insert(QStringLiteral("payload"), p);
        }
        const Reply r = f->client.post(QStringLiteral("/v1/sync/push"), pushBody(newId(), {m}),
                                       f->token(QStringLiteral("op1")));
        QCOMPARE(r.status, 200);
        const QJsonObject res = r.result(0);
        QCOMPARE(res.value(QStringLiteral("status")).toString(), status);
        if (status == QLatin1String("rejected")) {
            QCOMPARE(res.value(QStringLiteral("error_code")).toString(), unitOrError);
            return;
        }
        const Reply c = f->client.get(QStringLiteral("/v1/cases/") + id, f->token(QStringLiteral("sup1")));
        QCOMPARE(c.status, 200);
        QCOMPARE(c.object().value(QStringLiteral("agency_responsible")).toString(), unitOrError);
        QCOMPARE(c.object().value(QStringLiteral("status")).toString(), QStringLiteral("referred"));
        QCOMPARE(c.object().value(QStringLiteral("urgency")).toString(), urgency);
        QCOMPARE(c.object().value(QStringLiteral("station")).toInt(), 1);
        // expected = requested + SLA days (WASTE-COLLECT 1 day, ROADS-POTHOLE 7, GREEN-TREE 2, OTHER-EXTERNAL
        // 0 ⇒ none).
        const QDateTime requested = QDateTime::fromString(
            c.object().value(QStringLiteral("requested_datetime")).toString(), Qt::ISODateWithMs);
        const QJsonValue expected = c.object().value(QStringLiteral("expected_datetime"));
        const QHash<QString, int> sla = {{QStringLiteral("WASTE-COLLECT"), 1},
                                         {QStringLiteral("ROADS-POTHOLE"), 7},
                                         {QStringLiteral("GREEN-TREE"), 2},
                                         {QStringLiteral("OTHER-EXTERNAL"), 0}};
        if (sla.value(service) == 0)
            QVERIFY(expected.isNull());
        else
            QCOMPARE(QDateTime::fromString(expected.toString(), Qt::ISODateWithMs),
                     requested.addDays(sla.value(service)));
    }

    /// The hub accepts the longest case the console accepts (Core::CaseLimits); before, a console case with a
    /// 10,000-character description got a tracking code and was then parked by the hub's 8,000 limit. One
    /// more character than the console allows is refused per mutation, never the whole batch.
    void longestConsoleCaseIsApplied_data() { HubFixture::addBackendRows(); }
    void longestConsoleCaseIsApplied()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString tok = f.token(QStringLiteral("op1"));
        const QString id = newId();
        QJsonObject m = createMutation(1, id, trackingCode(1, 901), QStringLiteral("WASTE-COLLECT"), 7,
                                       QString(Pasokh::Core::CaseLimits::kDescription, QChar(0x0628)));
        QJsonObject p = m.value(QStringLiteral("payload")).toObject();
        p.insert(QStringLiteral("caller"),
                 QJsonObject{
                     {QStringLiteral("name"), QString(Pasokh::Core::CaseLimits::kCallerName, QChar(0x0631))},
                     {QStringLiteral("phone"), QStringLiteral("09151234567")},
                     {QStringLiteral("anonymous"), false}});
        p.insert(QStringLiteral("location"),
                 QJsonObject{{QStringLiteral("district"), 7},
                             {QStringLiteral("neighbourhood"),
                              QString(Pasokh::Core::CaseLimits::kNeighbourhood, QChar(0x0646))},
                             {QStringLiteral("address"),
                              QString(Pasokh::Core::CaseLimits::kAddress, QChar(0x0633))}});
        m.insert(QStringLiteral("payload"), p);
        QJsonObject tooLong =
            createMutation(2, newId(), trackingCode(1, 902), QStringLiteral("WASTE-COLLECT"), 7,
                           QString(Pasokh::Core::CaseLimits::kDescription + 1, QChar(0x0628)));
        const Reply r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(newId(), {m, tooLong}), tok);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.result(0).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
        QCOMPARE(r.result(1).value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(r.result(1).value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("invalid_payload"));
        const Reply c = f.client.get(QStringLiteral("/v1/cases/") + id, f.token(QStringLiteral("sup1")));
        QCOMPARE(c.status, 200);
        QCOMPARE(c.object().value(QStringLiteral("description")).toString().size(),
                 qsizetype(Pasokh::Core::CaseLimits::kDescription));
    }

    void answerAndReview_data() { HubFixture::addBackendRows(); }
    void answerAndReview()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString op = f.token(QStringLiteral("op1"));
        const QString mgr = f.token(QStringLiteral("mgr7"));
        const QString sup = f.token(QStringLiteral("sup1"));
        const QString id = newId();
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/sync/push"),
                           pushBody(newId(), {createMutation(1, id, trackingCode(1, 1))}), op)
                     .status,
                 200);
        QString cursor;
        {
            Reply r = f.client.get(QStringLiteral("/v1/sync/pull?limit=1000"), op);
            cursor = r.object().value(QStringLiteral("next_cursor")).toString();
        }
        const QString base = QStringLiteral("/v1/cases/%1/").arg(id);
        // Review before an answer: not allowed.
        QCOMPARE(f.client
                     .post(base + QStringLiteral("review"),
                           QJsonObject{{QStringLiteral("verdict"), QStringLiteral("close")}}, sup)
                     .status,
                 409);
        QCOMPARE(f.client.post(base + QStringLiteral("start"), {}, mgr)
                     .object()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("in_progress"));
        // Validation of the answer.
        Reply r =
            f.client.post(base + QStringLiteral("answer"),
                          QJsonObject{{QStringLiteral("text"), QStringLiteral("x")},
                                      {QStringLiteral("response_type"), QStringLiteral("no_logical_answer")}},
                          mgr);
        QCOMPARE(r.status, 422);
        r = f.client.post(base + QStringLiteral("answer"),
                          QJsonObject{{QStringLiteral("text"), QStringLiteral("x")},
                                      {QStringLiteral("response_type"), QStringLiteral("scheduled")}},
                          mgr);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), QStringLiteral("scheduled_for_required"));
        r = f.client.post(
            base + QStringLiteral("answer"),
            QJsonObject{
                {QStringLiteral("text"),
                 QStringLiteral("ماشین حمل زباله فردا صبح اعزام می‌شود")},
                {QStringLiteral("response_type"), QStringLiteral("scheduled")},
                {QStringLiteral("scheduled_for"), QStringLiteral("2030-01-02T05:30:00Z")}},
            mgr);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(), QStringLiteral("answered"));
        QCOMPARE(r.object().value(QStringLiteral("response_type")).toString(), QStringLiteral("scheduled"));
        QCOMPARE(r.object().value(QStringLiteral("server_version")).toInteger(), 3);
        // Answering twice is refused.
        QCOMPARE(f.client
                     .post(base + QStringLiteral("answer"),
                           QJsonObject{{QStringLiteral("text"), QStringLiteral("x")},
                                       {QStringLiteral("response_type"), QStringLiteral("resolved")}},
                           mgr)
                     .status,
                 409);

        // The reviewer marks "no logical answer", then reopens; the unit answers again; the reviewer closes.
        r = f.client.post(base + QStringLiteral("review"),
                          QJsonObject{{QStringLiteral("verdict"), QStringLiteral("no_logical_answer")},
                                      {QStringLiteral("note"),
                                       QStringLiteral("پاسخ به مشکل نمی‌پردازد")}},
                          sup);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("response_type")).toString(),
                 QStringLiteral("no_logical_answer"));
        QCOMPARE(r.object().value(QStringLiteral("review")).toString(), QStringLiteral("no_logical_answer"));
        r = f.client.post(base + QStringLiteral("review"),
                          QJsonObject{{QStringLiteral("verdict"), QStringLiteral("reopen")}}, sup);
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(), QStringLiteral("referred"));
        QCOMPARE(r.object().value(QStringLiteral("reopened_count")).toInt(), 1);
        r = f.client.post(
            base + QStringLiteral("answer"),
            QJsonObject{{QStringLiteral("text"), QStringLiteral("جمع‌آوری انجام شد")},
                        {QStringLiteral("response_type"), QStringLiteral("resolved")}},
            mgr);
        QCOMPARE(r.status, 200);
        r = f.client.post(base + QStringLiteral("review"),
                          QJsonObject{{QStringLiteral("verdict"), QStringLiteral("close")}}, sup);
        QCOMPARE(r.object().value(QStringLiteral("status")).toString(), QStringLiteral("closed"));
        QCOMPARE(f.client
                     .post(base + QStringLiteral("review"),
                           QJsonObject{{QStringLiteral("verdict"), QStringLiteral("maybe")}}, sup)
                     .status,
                 422);

        // History: two answers, the first marked.
        r = f.client.get(QStringLiteral("/v1/cases/") + id, sup);
        const QJsonArray answers = r.object().value(QStringLiteral("answers")).toArray();
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers.at(0).toObject().value(QStringLiteral("review")).toString(),
                 QStringLiteral("no_logical_answer"));
        QCOMPARE(answers.at(0).toObject().value(QStringLiteral("response_type")).toString(),
                 QStringLiteral("scheduled"));
        QCOMPARE(answers.at(1).toObject().value(QStringLiteral("response_type")).toString(),
                 QStringLiteral("resolved"));

        // The console sees every server-owned change through pull, in order.
        r = f.client.get(QStringLiteral("/v1/sync/pull?cursor=") + cursor, op);
        QStringList statuses;
        for (const QJsonValue &v : r.object().value(QStringLiteral("changes")).toArray())
            statuses << v.toObject()
                            .value(QStringLiteral("fields"))
                            .toObject()
                            .value(QStringLiteral("status"))
                            .toString();
        QCOMPARE(statuses, (QStringList{QStringLiteral("in_progress"), QStringLiteral("answered"),
                                        QStringLiteral("answered"), QStringLiteral("referred"),
                                        QStringLiteral("answered"), QStringLiteral("closed")}));
        // An amend after closure is rejected.
        QJsonObject amend{{QStringLiteral("mutation_id"), 1},
                          {QStringLiteral("entity"), QStringLiteral("case")},
                          {QStringLiteral("entity_id"), id},
                          {QStringLiteral("op"), QStringLiteral("amend")},
                          {QStringLiteral("base_server_version"), 7},
                          {QStringLiteral("payload"),
                           QJsonObject{{QStringLiteral("description"), QStringLiteral("late")}}}};
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(newId(), {amend}), op);
        QCOMPARE(r.result(0).value(QStringLiteral("error_code")).toString(), QStringLiteral("case_closed"));
    }

    void heartbeatsFloor_data() { HubFixture::addBackendRows(); }
    void heartbeatsFloor()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString op1 = f.token(QStringLiteral("op1"));
        const QString op2 = f.token(QStringLiteral("op2"));
        const QString sup = f.token(QStringLiteral("sup1"));
        Reply r = f.client.post(QStringLiteral("/v1/agents/heartbeat"),
                                QJsonObject{{QStringLiteral("state"), QStringLiteral("ready")}}, op1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("changed")).toBool(), true);
        r = f.client.post(QStringLiteral("/v1/agents/heartbeat"),
                          QJsonObject{{QStringLiteral("state"), QStringLiteral("ready")}}, op1);
        QCOMPARE(r.object().value(QStringLiteral("changed")).toBool(), false);
        r = f.client.post(QStringLiteral("/v1/agents/heartbeat"),
                          QJsonObject{{QStringLiteral("state"), QStringLiteral("on_call")},
                                      {QStringLiteral("call_id"), QStringLiteral("c-1")}},
                          op1);
        QCOMPARE(r.object().value(QStringLiteral("changed")).toBool(), true);
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/agents/heartbeat"),
                           QJsonObject{{QStringLiteral("state"), QStringLiteral("not_ready")},
                                       {QStringLiteral("reason"), QStringLiteral("break")}},
                           op2)
                     .status,
                 200);
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/agents/heartbeat"),
                           QJsonObject{{QStringLiteral("state"), QStringLiteral("sleeping")}}, op2)
                     .status,
                 422);
        r = f.client.get(QStringLiteral("/v1/agents/floor"), sup);
        QCOMPARE(r.status, 200);
        const QJsonArray agents = r.object().value(QStringLiteral("agents")).toArray();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("username")).toString(), QStringLiteral("op1"));
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("on_call"));
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("call_id")).toString(), QStringLiteral("c-1"));
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("station_no")).toInt(), 1);
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("stale")).toBool(), false);
        QCOMPARE(agents.at(1).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("not_ready"));
        QCOMPARE(agents.at(1).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("break"));
        QCOMPARE(
            r.object().value(QStringLiteral("counts")).toObject().value(QStringLiteral("on_call")).toInt(),
            1);
        // The state log keeps the intervals: op1 was ready, then on a call (still open).
        r = f.client.get(QStringLiteral("/v1/agents/log?username=op1"), sup);
        QCOMPARE(r.status, 200);
        const QJsonArray log = r.object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("on_call"));
        QVERIFY(log.at(0).toObject().value(QStringLiteral("ended_at")).isNull());
        QCOMPARE(log.at(1).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
        QCOMPARE(log.at(1).toObject().value(QStringLiteral("ended_at")).toString(),
                 log.at(0).toObject().value(QStringLiteral("started_at")).toString());
        QCOMPARE(f.client.get(QStringLiteral("/v1/agents/log"), op1).status, 403);
        QCOMPARE(f.client.get(QStringLiteral("/v1/agents/log?since=yesterday"), sup).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestHubCases)
#include "tst_hubcases.moc"
