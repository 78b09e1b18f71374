// SPDX-License-Identifier: GPL-3.0-or-later
// Accounts, tokens and roles of pasokh-hub on both backends: wrong passwords, expired and revoked tokens,
// refresh rotation with family revocation on reuse, disabled accounts and revoked stations refused at once,
// and each role against each endpoint.
#include "tests/integration/hub/hubfixture.h"

#include <QJsonArray>
#include <QTest>
#include <QThread>

using namespace Pasokh::HubTest;

class TestHubAuth : public QObject
{
    Q_OBJECT

private:
    static QJsonObject creds(const QString &user, const QString &password, const QString &station = {})
    {
        QJsonObject o{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}};
        if (!station.isEmpty())
            o.insert(QStringLiteral("station_id"), station);
        return o;
    }

private Q_SLOTS:
    void login_data() { HubFixture::addBackendRows(); }
    void login()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString pw = QString::fromLatin1(HubFixture::kPassword);
        Reply r = f.client.post(QStringLiteral("/v1/auth/token"),
                                creds(QStringLiteral("op1"), QStringLiteral("wrong password"), f.station1));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_credentials"));
        r = f.client.post(QStringLiteral("/v1/auth/token"), creds(QStringLiteral("nobody"), pw, f.station1));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_credentials"));
        r = f.client.post(QStringLiteral("/v1/auth/token"), creds(QStringLiteral("op1"), pw));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), QStringLiteral("station_required"));
        r = f.client.post(QStringLiteral("/v1/auth/token"), creds(QStringLiteral("op1"), pw, newId()));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("station_revoked"));
        r = f.client.post(QStringLiteral("/v1/auth/token"), creds(QStringLiteral("op1"), pw, f.station1));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(r.object().value(QStringLiteral("expires_in")).toInt(), 900);
        QCOMPARE(r.object().value(QStringLiteral("user")).toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("operator"));
        QCOMPARE(r.object()
                     .value(QStringLiteral("station"))
                     .toObject()
                     .value(QStringLiteral("station_no"))
                     .toInt(),
                 1);
        // No token, a garbage token, a malformed header.
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases")).status, 401);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), QStringLiteral("garbage")).status, 401);
        QCOMPARE(
            f.client
                .send("GET", QStringLiteral("/v1/cases"), {}, {}, {}, {{"Authorization", "Basic b3AxOnB3"}})
                .status,
            401);
        // Logout revokes the session.
        const QString tok = r.object().value(QStringLiteral("access_token")).toString();
        QCOMPARE(f.client.post(QStringLiteral("/v1/auth/logout"), {}, tok).status, 200);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), tok).errorCode(), QStringLiteral("token_revoked"));
    }

    void expiryAndRefreshRotation_data() { HubFixture::addBackendRows(); }
    void expiryAndRefreshRotation()
    {
        PASOKH_HUB_FIXTURE(f, {QStringLiteral("--access-token-ttl"), QStringLiteral("1")});
        const QJsonObject first = f.login(QStringLiteral("op1"), f.station1);
        const QString a1 = first.value(QStringLiteral("access_token")).toString();
        const QString r1 = first.value(QStringLiteral("refresh_token")).toString();
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), a1).status, 200);
        QThread::msleep(1300);
        Reply r = f.client.get(QStringLiteral("/v1/cases"), a1);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("token_expired"));

        r = f.client.post(QStringLiteral("/v1/auth/refresh"),
                          QJsonObject{{QStringLiteral("refresh_token"), r1}});
        QCOMPARE(r.status, 200);
        const QString a2 = r.object().value(QStringLiteral("access_token")).toString();
        const QString r2 = r.object().value(QStringLiteral("refresh_token")).toString();
        QVERIFY(r2 != r1);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), a2).status, 200);
        r = f.client.post(QStringLiteral("/v1/auth/refresh"),
                          QJsonObject{{QStringLiteral("refresh_token"), r2}});
        QCOMPARE(r.status, 200);
        const QString a3 = r.object().value(QStringLiteral("access_token")).toString();
        const QString r3 = r.object().value(QStringLiteral("refresh_token")).toString();

        // Reuse of the first (already rotated) refresh token: 401 and the whole family is revoked.
        r = f.client.post(QStringLiteral("/v1/auth/refresh"),
                          QJsonObject{{QStringLiteral("refresh_token"), r1}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("refresh_token_reused"));
        r = f.client.get(QStringLiteral("/v1/cases"), a3);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("token_revoked"));
        r = f.client.post(QStringLiteral("/v1/auth/refresh"),
                          QJsonObject{{QStringLiteral("refresh_token"), r3}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("refresh_token_revoked"));
        // Another login (another family) is unaffected.
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), f.token(QStringLiteral("op1"))).status, 200);
        r = f.client.post(QStringLiteral("/v1/auth/refresh"),
                          QJsonObject{{QStringLiteral("refresh_token"), QStringLiteral("nope")}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_refresh_token"));
    }

    void refusedAtOnce_data() { HubFixture::addBackendRows(); }
    void refusedAtOnce()
    {
        PASOKH_HUB_FIXTURE(f);
        const QJsonObject op1 = f.login(QStringLiteral("op1"), f.station1);
        const QString tok1 = op1.value(QStringLiteral("access_token")).toString();
        const QString op2 = f.token(QStringLiteral("op2"));
        const QString sup = f.token(QStringLiteral("sup1"));
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), tok1).status, 200);
        bool ok = false;
        HubProcess::admin(f.databaseUrl, {QStringLiteral("disable-user"), QStringLiteral("op1")}, &ok);
        QVERIFY(ok);
        Reply r = f.client.get(QStringLiteral("/v1/cases"), tok1);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("account_disabled"));
        QCOMPARE(
            f.client
                .post(QStringLiteral("/v1/auth/token"),
                      creds(QStringLiteral("op1"), QString::fromLatin1(HubFixture::kPassword), f.station1))
                .status,
            401);
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/auth/refresh"),
                           QJsonObject{
                               {QStringLiteral("refresh_token"), op1.value(QStringLiteral("refresh_token"))}})
                     .status,
                 401);

        // Revoking station 2 stops op2's token at once but not the supervisor's (no station).
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), op2).status, 200);
        HubProcess::admin(f.databaseUrl, {QStringLiteral("revoke-station"), QStringLiteral("2")}, &ok);
        QVERIFY(ok);
        r = f.client.get(QStringLiteral("/v1/cases"), op2);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("station_revoked"));
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), sup).status, 200);

        // A password reset revokes the user's sessions.
        HubProcess::admin(f.databaseUrl,
                          {QStringLiteral("reset-password"), QStringLiteral("sup1"),
                           QStringLiteral("--password"), QStringLiteral("new password 137")},
                          &ok);
        QVERIFY(ok);
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), sup).errorCode(), QStringLiteral("token_revoked"));
        QCOMPARE(f.client
                     .post(QStringLiteral("/v1/auth/token"),
                           creds(QStringLiteral("sup1"), QStringLiteral("new password 137")))
                     .status,
                 200);
    }

    void roleMatrix_data() { HubFixture::addBackendRows(); }
    void roleMatrix()
    {
        PASOKH_HUB_FIXTURE(f);
        QHash<QString, QString> tok;
        for (const char *u : {"op1", "sup1", "mgr7", "mgrw", "admin1"})
            tok.insert(QLatin1String(u), f.token(QLatin1String(u)));
        tok.insert(QStringLiteral("none"), QString());
        // Cases referred to D07 (WASTE-COLLECT in district 7), one per answer attempt.
        QStringList cases;
        QJsonArray batch;
        for (int i = 1; i <= 8; ++i) {
            cases << newId();
            batch.append(createMutation(i, cases.last(), trackingCode(1, i)));
        }
        QCOMPARE(
            f.client
                .post(QStringLiteral("/v1/sync/push"), pushBody(newId(), batch), tok[QStringLiteral("op1")])
                .status,
            200);
        const QJsonObject answer{{QStringLiteral("text"), QStringLiteral("رسیدگی شد")},
                                 {QStringLiteral("response_type"), QStringLiteral("resolved")}};
        const QJsonObject unit{{QStringLiteral("kind"), QStringLiteral("organisation")},
                               {QStringLiteral("name_fa"), QStringLiteral("واحد آزمایشی")},
                               {QStringLiteral("name_en"), QStringLiteral("Test unit")}};

        struct Check
        {
            const char *role;
            QByteArray method;
            QString path;
            QJsonObject body;
            int expected;
        };
        const QString push = QStringLiteral("/v1/sync/push");
        auto pushOne = [&](int station, int seq) {
            return pushBody(newId(), {createMutation(1, newId(), trackingCode(station, seq))});
        };
        const QList<Check> checks = {
            {"none", "GET", QStringLiteral("/v1/sync/pull"), {}, 401},
            {"op1", "GET", QStringLiteral("/v1/sync/pull"), {}, 200},
            {"sup1", "GET", QStringLiteral("/v1/sync/pull"), {}, 200},
            {"mgr7", "GET", QStringLiteral("/v1/sync/pull"), {}, 200},
            {"admin1", "GET", QStringLiteral("/v1/sync/pull"), {}, 200},
            {"none", "POST", push, pushOne(1, 100), 401},
            {"op1", "POST", push, pushOne(1, 101), 200},
            {"sup1", "POST", push, pushOne(1, 102), 403},   // no station
            {"mgr7", "POST", push, pushOne(1, 103), 403},   // role
            {"admin1", "POST", push, pushOne(1, 104), 403}, // no station
            {"op1", "POST", QStringLiteral("/v1/cases/%1/answer").arg(cases[0]), answer, 403},
            {"sup1", "POST", QStringLiteral("/v1/cases/%1/answer").arg(cases[0]), answer, 403},
            {"mgrw", "POST", QStringLiteral("/v1/cases/%1/answer").arg(cases[0]), answer, 404}, // other unit
            {"mgr7", "POST", QStringLiteral("/v1/cases/%1/answer").arg(cases[0]), answer, 200},
            {"admin1", "POST", QStringLiteral("/v1/cases/%1/answer").arg(cases[1]), answer, 200},
            {"mgr7", "POST", QStringLiteral("/v1/cases/%1/start").arg(cases[2]), {}, 200},
            {"op1", "POST", QStringLiteral("/v1/cases/%1/start").arg(cases[3]), {}, 403},
            {"op1", "POST", QStringLiteral("/v1/cases/%1/review").arg(cases[0]),
             QJsonObject{{QStringLiteral("verdict"), QStringLiteral("close")}}, 403},
            {"mgr7", "POST", QStringLiteral("/v1/cases/%1/review").arg(cases[0]),
             QJsonObject{{QStringLiteral("verdict"), QStringLiteral("close")}}, 403},
            {"sup1", "POST", QStringLiteral("/v1/cases/%1/review").arg(cases[0]),
             QJsonObject{{QStringLiteral("verdict"), QStringLiteral("close")}}, 200},
            {"admin1", "POST", QStringLiteral("/v1/cases/%1/review").arg(cases[1]),
             QJsonObject{{QStringLiteral("verdict"), QStringLiteral("reopen")}}, 200},
            {"op1", "GET", QStringLiteral("/v1/cases/%1").arg(cases[4]), {}, 200},
            {"mgr7", "GET", QStringLiteral("/v1/cases/%1").arg(cases[4]), {}, 200},
            {"mgrw", "GET", QStringLiteral("/v1/cases/%1").arg(cases[4]), {}, 404},
            {"op1", "POST", QStringLiteral("/v1/agents/heartbeat"),
             QJsonObject{{QStringLiteral("state"), QStringLiteral("ready")}}, 200},
            {"sup1", "POST", QStringLiteral("/v1/agents/heartbeat"),
             QJsonObject{{QStringLiteral("state"), QStringLiteral("ready")}}, 200},
            {"mgr7", "POST", QStringLiteral("/v1/agents/heartbeat"),
             QJsonObject{{QStringLiteral("state"), QStringLiteral("ready")}}, 403},
            {"op1", "GET", QStringLiteral("/v1/agents/floor"), {}, 403},
            {"mgr7", "GET", QStringLiteral("/v1/agents/floor"), {}, 403},
            {"sup1", "GET", QStringLiteral("/v1/agents/floor"), {}, 200},
            {"admin1", "GET", QStringLiteral("/v1/agents/floor"), {}, 200},
            {"op1", "PUT", QStringLiteral("/v1/reference/units/ORG-TEST"), unit, 403},
            {"sup1", "PUT", QStringLiteral("/v1/reference/units/ORG-TEST"), unit, 403},
            {"mgr7", "PUT", QStringLiteral("/v1/reference/units/ORG-TEST"), unit, 403},
            {"admin1", "PUT", QStringLiteral("/v1/reference/units/ORG-TEST"), unit, 200},
            {"op1", "GET", QStringLiteral("/v1/reference/units"), {}, 200},
            {"mgr7", "GET", QStringLiteral("/v1/reference/units/ORG-TEST"), {}, 200},
            {"op1", "POST", QStringLiteral("/v1/devices/register"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("desk 9")}}, 403},
            {"admin1", "POST", QStringLiteral("/v1/devices/register"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("desk 9")}}, 201},
        };
        for (const Check &c : checks) {
            const QByteArray body =
                c.method == "GET" ? QByteArray() : QJsonDocument(c.body).toJson(QJsonDocument::Compact);
            const Reply r = f.client.send(
                c.method, c.path, body,
                body.isEmpty() && c.method == "GET" ? QByteArray() : QByteArrayLiteral("application/json"),
                tok.value(QLatin1String(c.role)));
            const QString what = QStringLiteral("%1 %2 as %3: %4 %5")
                                     .arg(QString::fromLatin1(c.method), c.path, QLatin1String(c.role))
                                     .arg(r.status)
                                     .arg(QString::fromUtf8(r.body.left(200)));
            QVERIFY2(r.status == c.expected, qPrintable(what));
        }
    }
};

QTEST_GUILESS_MAIN(TestHubAuth)
#include "tst_hubauth.moc"
