// SPDX-License-Identifier: GPL-3.0-or-later
// Open311 GeoReport v2 (JSON) of pasokh-hub on both backends: service list and definitions, POST with
// api_key, GET requests with filters, the 90-day window and paging, single requests, the spec's error format.
#include "tests/integration/hub/hubfixture.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace Pasokh::HubTest;

namespace {

const QStringList kRequestFields = {QStringLiteral("service_request_id"),
                                    QStringLiteral("status"),
                                    QStringLiteral("status_notes"),
                                    QStringLiteral("service_name"),
                                    QStringLiteral("service_code"),
                                    QStringLiteral("description"),
                                    QStringLiteral("agency_responsible"),
                                    QStringLiteral("service_notice"),
                                    QStringLiteral("requested_datetime"),
                                    QStringLiteral("updated_datetime"),
                                    QStringLiteral("expected_datetime"),
                                    QStringLiteral("address"),
                                    QStringLiteral("address_id"),
                                    QStringLiteral("zipcode"),
                                    QStringLiteral("lat"),
                                    QStringLiteral("long"),
                                    QStringLiteral("media_url")};

/// True if `r` is a GeoReport error list [{code, description}] with `code` = HTTP status.
bool isSpecError(const Reply &r, int status)
{
    if (r.status != status || !r.json.isArray() || r.array().size() != 1)
        return false;
    const QJsonObject e = r.array().at(0).toObject();
    return e.value(QStringLiteral("code")).toInt() == status &&
           !e.value(QStringLiteral("description")).toString().isEmpty();
}

Reply postForm(HubClient &c, const QList<QPair<QString, QString>> &items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    return c.send("POST", QStringLiteral("/open311/v2/requests.json"), q.query(QUrl::FullyEncoded).toUtf8(),
                  "application/x-www-form-urlencoded");
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace

class TestHubOpen311 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void services_data() { HubFixture::addBackendRows(); }
    void services()
    {
        PASOKH_HUB_FIXTURE(f);
        Reply r = f.client.get(QStringLiteral("/open311/v2/services.json"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 45); // 59 categories − 14 groups
        for (const QJsonValue &v : r.array()) {
            const QJsonObject s = v.toObject();
            for (const char *k :
                 {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"})
                QVERIFY2(s.contains(QLatin1String(k)), k);
            QCOMPARE(s.value(QStringLiteral("type")).toString(), QStringLiteral("realtime"));
            if (s.value(QStringLiteral("service_code")).toString() == QLatin1String("WASTE-COLLECT")) {
                QCOMPARE(s.value(QStringLiteral("metadata")).toBool(), true);
                QCOMPARE(s.value(QStringLiteral("group")).toString(), QStringLiteral("پسماند و نظافت شهری"));
            }
            if (s.value(QStringLiteral("service_code")).toString() == QLatin1String("GREEN-TREE"))
                QCOMPARE(s.value(QStringLiteral("metadata")).toBool(), false);
        }
        r = f.client.get(QStringLiteral("/open311/v2/services/WASTE-COLLECT.json"));
        QCOMPARE(r.status, 200);
        const QJsonObject attr = r.object().value(QStringLiteral("attributes")).toArray().at(0).toObject();
        QCOMPARE(attr.value(QStringLiteral("code")).toString(), QStringLiteral("district"));
        QCOMPARE(attr.value(QStringLiteral("datatype")).toString(), QStringLiteral("singlevaluelist"));
        QCOMPARE(attr.value(QStringLiteral("required")).toBool(), true);
        QCOMPARE(attr.value(QStringLiteral("variable")).toBool(), true);
        QCOMPARE(attr.value(QStringLiteral("values")).toArray().size(), 13);
        QCOMPARE(attr.value(QStringLiteral("values"))
                     .toArray()
                     .at(12)
                     .toObject()
                     .value(QStringLiteral("key"))
                     .toString(),
                 QStringLiteral("13"));
        r = f.client.get(QStringLiteral("/open311/v2/services/GREEN-TREE.json"));
        QCOMPARE(r.object().value(QStringLiteral("attributes")).toArray().size(), 0);
        r = f.client.get(QStringLiteral("/open311/v2/services/OTHER-EXTERNAL.json"));
        QCOMPARE(r.object()
                     .value(QStringLiteral("attributes"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("values"))
                     .toArray()
                     .size(),
                 5);
        QVERIFY(isSpecError(f.client.get(QStringLiteral("/open311/v2/services/NOPE.json")), 404));
        QVERIFY(isSpecError(
            f.client.get(QStringLiteral("/open311/v2/services.json?jurisdiction_id=tehran.ir")), 404));
        QCOMPARE(f.client.get(QStringLiteral("/open311/v2/services.json?jurisdiction_id=mashhad.ir")).status,
                 200);
        QVERIFY(isSpecError(f.client.get(QStringLiteral("/open311/v2/services.xml")), 400));
        // A retired category leaves the list.
        QCOMPARE(
            f.client
                .del(QStringLiteral("/v1/reference/categories/WASTE-BIN"), f.token(QStringLiteral("admin1")))
                .status,
            200);
        QCOMPARE(f.client.get(QStringLiteral("/open311/v2/services.json")).array().size(), 44);
        QVERIFY(isSpecError(f.client.get(QStringLiteral("/open311/v2/services/WASTE-BIN.json")), 404));
    }

    void postRequest_data() { HubFixture::addBackendRows(); }
    void postRequest()
    {
        PASOKH_HUB_FIXTURE(f);
        using Items = QList<QPair<QString, QString>>;
        const Items good = {
            {QStringLiteral("api_key"), f.apiKey},
            {QStringLiteral("service_code"), QStringLiteral("ROADS-POTHOLE")},
            {QStringLiteral("lat"), QStringLiteral("36.2972")},
            {QStringLiteral("long"), QStringLiteral("59.6067")},
            {QStringLiteral("address_string"), QStringLiteral("خیابان امام رضا، نبش کوچه ۱۲")},
            {QStringLiteral("first_name"), QStringLiteral("Sara")},
            {QStringLiteral("last_name"), QStringLiteral("Ahmadi")},
            {QStringLiteral("phone"), QStringLiteral("09151112233")},
            {QStringLiteral("description"), QStringLiteral("چاله بزرگ وسط خیابان + خطرناک")},
            {QStringLiteral("attribute[district]"), QStringLiteral("5")}};
        auto without = [&](const QString &key) {
            Items out;
            for (const auto &kv : good) {
                if (kv.first != key)
                    out << kv;
            }
            return out;
        };
        Reply r = postForm(f.client, without(QStringLiteral("api_key")));
        QVERIFY(isSpecError(r, 403));
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("description")).toString(),
                 QStringLiteral("Invalid api_key"));
        Items wrongKey = without(QStringLiteral("api_key"));
        wrongKey << qMakePair(QStringLiteral("api_key"), QStringLiteral("not-a-key"));
        QVERIFY(isSpecError(postForm(f.client, wrongKey), 403));
        QVERIFY(isSpecError(postForm(f.client, without(QStringLiteral("service_code"))), 400));
        Items unknownService = without(QStringLiteral("service_code"));
        unknownService << qMakePair(QStringLiteral("service_code"), QStringLiteral("NOPE"));
        QVERIFY(isSpecError(postForm(f.client, unknownService), 404));
        Items noLocation = without(QStringLiteral("lat"));
        noLocation.removeIf([](const auto &kv) {
            return kv.first == QLatin1String("long") || kv.first == QLatin1String("address_string");
        });
        QVERIFY(isSpecError(postForm(f.client, noLocation), 400));
        QVERIFY(isSpecError(postForm(f.client, without(QStringLiteral("attribute[district]"))), 400));
        Items unknownParam = good;
        unknownParam << qMakePair(QStringLiteral("color"), QStringLiteral("red"));
        QVERIFY(isSpecError(postForm(f.client, unknownParam), 400));
        QVERIFY(isSpecError(
            f.client.send("POST", QStringLiteral("/open311/v2/requests.json"), "{}", "application/json"),
            400));

        r = postForm(f.client, good);
        QCOMPARE(r.status, 200);
        const QJsonObject created = r.array().at(0).toObject();
        const QString id = created.value(QStringLiteral("service_request_id")).toString();
        QCOMPARE(id.size(), 10);
        QCOMPARE(id.mid(2, 2), QStringLiteral("00")); // made by the hub
        QVERIFY(created.contains(QStringLiteral("service_notice")));
        QVERIFY(created.contains(QStringLiteral("account_id")));
        // The next one gets the next hub sequence number.
        const QString next = postForm(f.client, good)
                                 .array()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("service_request_id"))
                                 .toString();
        QCOMPARE(next.mid(4, 5).toInt(), id.mid(4, 5).toInt() + 1);
        r = f.client.get(QStringLiteral("/open311/v2/requests/%1.json").arg(id));
        QCOMPARE(r.status, 200);
        const QJsonObject got = r.array().at(0).toObject();
        QCOMPARE(got.value(QStringLiteral("service_code")).toString(), QStringLiteral("ROADS-POTHOLE"));
        QCOMPARE(got.value(QStringLiteral("agency_responsible")).toString(), QStringLiteral("D05"));
        QCOMPARE(got.value(QStringLiteral("description")).toString(),
                 QStringLiteral("چاله بزرگ وسط خیابان + خطرناک"));
        QCOMPARE(got.value(QStringLiteral("address")).toString(),
                 QStringLiteral("خیابان امام رضا، نبش کوچه ۱۲"));
        QCOMPARE(got.value(QStringLiteral("lat")).toDouble(), 36.2972);
        QCOMPARE(got.value(QStringLiteral("long")).toDouble(), 59.6067);
        QCOMPARE(got.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QVERIFY(!got.value(QStringLiteral("expected_datetime")).isNull());
    }

    void getRequests_data() { HubFixture::addBackendRows(); }
    void getRequests()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString op = f.token(QStringLiteral("op1"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        struct C
        {
            int daysAgo;
            const char *service;
            int district;
        };
        const QList<C> cs = {{100, "WASTE-COLLECT", 7},
                             {30, "ROADS-POTHOLE", 3},
                             {1, "WASTE-COLLECT", 7},
                             {0, "GREEN-TREE", 0}};
        QJsonArray batch;
        QStringList ids;
        for (int i = 0; i < cs.size(); ++i) {
            ids << newId();
            QJsonObject m = createMutation(i + 1, ids.last(), trackingCode(1, i + 1),
                                           QLatin1String(cs[i].service), cs[i].district);
            QJsonObject p = m.value(QStringLiteral("payload")).toObject();
            p.insert(QStringLiteral("requested_datetime"), iso(now.addDays(-cs[i].daysAgo).addSecs(-60)));
            m.insert(QStringLiteral("payload"), p);
            batch.append(m);
        }
        QCOMPARE(f.client.post(QStringLiteral("/v1/sync/push"), pushBody(newId(), batch), op).status, 200);

        // Default: the last 90 days, newest first, every GeoReport field present, no personal data.
        Reply r = f.client.get(QStringLiteral("/open311/v2/requests.json"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 3);
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("service_code")).toString(),
                 QStringLiteral("GREEN-TREE"));
        for (const QJsonValue &v : r.array()) {
            const QJsonObject o = v.toObject();
            for (const QString &k : kRequestFields)
                QVERIFY2(o.contains(k), qPrintable(k));
            QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
            QVERIFY(!QString::fromUtf8(r.body).contains(QStringLiteral("رضا محمدی")));
            QVERIFY(!QString::fromUtf8(r.body).contains(QStringLiteral("9151234567")));
        }
        const QJsonObject tree = r.array().at(0).toObject();
        QCOMPARE(tree.value(QStringLiteral("agency_responsible")).toString(), QStringLiteral("ORG-PARKS"));
        QCOMPARE(tree.value(QStringLiteral("service_request_id")).toString(), trackingCode(1, 4));
        QVERIFY(tree.value(QStringLiteral("requested_datetime")).toString().endsWith(QLatin1Char('Z')));

        auto q = [&](const QString &query) {
            return f.client.get(QStringLiteral("/open311/v2/requests.json?") + query);
        };
        auto enc = [](const QDateTime &t) {
            return QString::fromLatin1(QUrl::toPercentEncoding(iso(t)));
        };
        // An explicit window in the past.
        r = q(QStringLiteral("start_date=%1&end_date=%2").arg(enc(now.addDays(-120)), enc(now.addDays(-80))));
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("service_request_id")).toString(),
                 trackingCode(1, 1));
        // Only a start date: 90 days from it.
        QCOMPARE(q(QStringLiteral("start_date=%1").arg(enc(now.addDays(-101)))).array().size(), 2);
        // Wider than 90 days, reversed, malformed: errors in the spec's format.
        QVERIFY(isSpecError(
            q(QStringLiteral("start_date=%1&end_date=%2").arg(enc(now.addDays(-120)), enc(now))), 400));
        QVERIFY(isSpecError(
            q(QStringLiteral("start_date=%1&end_date=%2").arg(enc(now), enc(now.addDays(-2)))), 400));
        QVERIFY(isSpecError(q(QStringLiteral("start_date=yesterday")), 400));
        QVERIFY(isSpecError(q(QStringLiteral("status=pending")), 400));
        QVERIFY(isSpecError(q(QStringLiteral("page_size=5000")), 400));
        // Filters.
        QCOMPARE(q(QStringLiteral("service_code=WASTE-COLLECT")).array().size(), 1);
        QCOMPARE(q(QStringLiteral("service_code=WASTE-COLLECT,GREEN-TREE")).array().size(), 2);
        // service_request_id ignores the other filters (also outside the window).
        r = q(QStringLiteral("service_request_id=%1,%2&service_code=GREEN-TREE")
                  .arg(trackingCode(1, 1), trackingCode(1, 2)));
        QCOMPARE(r.array().size(), 2);
        // Status: answer one → closed.
        const QString mgr = f.token(QStringLiteral("mgr7"));
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/cases/%1/answer").arg(ids[2]),
                           QJsonObject{{QStringLiteral("text"), QStringLiteral("انجام شد")},
                                       {QStringLiteral("response_type"), QStringLiteral("resolved")}},
                           mgr)
                     .status,
                 200);
        r = q(QStringLiteral("status=closed"));
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("status_notes")).toString(),
                 QStringLiteral("انجام شد"));
        QCOMPARE(q(QStringLiteral("status=open")).array().size(), 2);
        QCOMPARE(q(QStringLiteral("status=open,closed")).array().size(), 3);
        // Paging extension.
        r = q(QStringLiteral("page_size=1&page=2"));
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("service_request_id")).toString(),
                 trackingCode(1, 3));
        QCOMPARE(q(QStringLiteral("page_size=2&page=2")).array().size(), 1);
        // One request.
        r = f.client.get(QStringLiteral("/open311/v2/requests/%1.json").arg(trackingCode(1, 2)));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("agency_responsible")).toString(),
                 QStringLiteral("D03"));
        QVERIFY(isSpecError(f.client.get(QStringLiteral("/open311/v2/requests/0000000000.json")), 404));

        // A request filed through Open311 flows like any case: referred, listed, pulled by the console.
        r = postForm(f.client, {{QStringLiteral("api_key"), f.apiKey},
                                {QStringLiteral("service_code"), QStringLiteral("WASTE-COLLECT")},
                                {QStringLiteral("address_string"), QStringLiteral("Ahmadabad")},
                                {QStringLiteral("attribute[district]"), QStringLiteral("7")}});
        QCOMPARE(r.status, 200);
        const QString sr = r.array().at(0).toObject().value(QStringLiteral("service_request_id")).toString();
        r = f.client.get(QStringLiteral("/open311/v2/requests/%1.json").arg(sr));
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("agency_responsible")).toString(),
                 QStringLiteral("D07"));
        QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("description")).toString(),
                 QStringLiteral("Uncollected waste"));
        const Reply list = f.client.get(QStringLiteral("/v1/cases?unit=D07&status=referred"),
                                        f.token(QStringLiteral("sup1")));
        bool found = false;
        for (const QJsonValue &v : list.object().value(QStringLiteral("cases")).toArray()) {
            if (v.toObject().value(QStringLiteral("tracking_code")).toString() == sr) {
                found = true;
                QCOMPARE(v.toObject().value(QStringLiteral("source")).toString(), QStringLiteral("open311"));
                QCOMPARE(v.toObject().value(QStringLiteral("channel")).toString(), QStringLiteral("web"));
                QCOMPARE(v.toObject().value(QStringLiteral("station")).toInt(), 0);
            }
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestHubOpen311)
#include "tst_hubopen311.moc"
