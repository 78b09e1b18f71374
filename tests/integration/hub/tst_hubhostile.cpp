// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input against pasokh-hub on both backends: unknown fields, wrong types, invalid UTF-8, SQL
// metacharacters, oversized bodies and headers, garbage HTTP, slow clients holding connections, a flood of
// connections; TLS and graceful shutdown. Every answer must be a 4xx JSON error or a closed connection, never
// a 500, never a crash, never a stalled hub.
#include "tests/integration/hub/hubfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace Pasokh::HubTest;

namespace {

/// A 4xx answer with a JSON error body (hub format), or a 4xx Open311 error list.
bool isClientError(const Reply &r)
{
    if (r.status < 400 || r.status >= 500)
        return false;
    if (r.json.isArray())
        return r.array().at(0).toObject().value(QStringLiteral("code")).toInt() == r.status;
    return r.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("status")).toInt() ==
               r.status &&
           !r.errorCode().isEmpty();
}

/// Sends raw bytes on a new connection and returns what came back before the server closed it or `waitMs`
/// passed.
QByteArray rawExchange(int port, const QByteArray &bytes, int waitMs = 5000)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!s.waitForConnected(5000))
        return "connect failed";
    s.write(bytes);
    s.waitForBytesWritten(5000);
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(100))
            out += s.readAll();
        if (out.contains("\r\n\r\n") && out.contains("Content-Length: ")) {
            const qsizetype headerEnd = out.indexOf("\r\n\r\n") + 4;
            const qsizetype cl =
                out.mid(out.indexOf("Content-Length: ") + 16).split('\r').first().toLongLong();
            if (out.size() >= headerEnd + cl)
                break;
        }
    }
    out += s.readAll();
    return out;
}

int statusOfRaw(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return 0;
    return response.mid(9, 3).toInt();
}

void raiseFileLimit()
{
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int fileLimit()
{
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    return int(std::min<rlim_t>(rl.rlim_cur, 1 << 20));
}

} // namespace

class TestHubHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { raiseFileLimit(); }

    void malformedJson_data() { HubFixture::addBackendRows(); }
    void malformedJson()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString op = f.token(QStringLiteral("op1"));
        const QString client = newId();
        const QJsonObject good = createMutation(1, newId(), trackingCode(1, 1));
        struct Case
        {
            const char *name;
            QByteArray path;
            QByteArray body;
            QString expectedCode;
        };
        QJsonObject extraTop = pushBody(client, {good});
        extraTop.insert(QStringLiteral("operator_id"), QStringLiteral("someone-else"));
        QJsonObject wrongId = good;
        wrongId.insert(QStringLiteral("mutation_id"), QStringLiteral("1"));
        QJsonObject extraMutation = good;
        extraMutation.insert(QStringLiteral("priority"), 9);
        QJsonObject fraction = good;
        fraction.insert(QStringLiteral("mutation_id"), 1.5);
        auto doc = [](const QJsonObject &o) {
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        const QList<Case> cases = {
            {"unknown top-level field", "/v1/sync/push", doc(extraTop), QStringLiteral("unknown_field")},
            {"string mutation id", "/v1/sync/push", doc(pushBody(client, {wrongId})),
             QStringLiteral("wrong_type")},
            {"fractional mutation id", "/v1/sync/push", doc(pushBody(client, {fraction})),
             QStringLiteral("wrong_type")},
            {"unknown mutation field", "/v1/sync/push", doc(pushBody(client, {extraMutation})),
             QStringLiteral("unknown_field")},
            {"mutations not an array", "/v1/sync/push",
             R"({"client_id":"x","schema_version":1,"mutations":{}})", QStringLiteral("wrong_type")},
            {"mutation not an object", "/v1/sync/push",
             R"({"client_id":"0b7d7d2e-8f52-4c8e-9b0e-3f1f0f5d6a11","schema_version":1,"mutations":[7]})",
             QStringLiteral("wrong_type")},
            {"bad client id", "/v1/sync/push",
             doc(pushBody(QStringLiteral("'; DROP TABLE clients; --"), {good})),
             QStringLiteral("invalid_client_id")},
            {"array body", "/v1/sync/push", "[1,2,3]", QStringLiteral("invalid_json")},
            {"not json", "/v1/sync/push", "{\"client_id\": ", QStringLiteral("invalid_json")},
            {"empty body", "/v1/sync/push", "", QStringLiteral("invalid_json")},
            {"deep nesting", "/v1/sync/push", QByteArray(5000, '[') + QByteArray(5000, ']'),
             QStringLiteral("invalid_json")},
            {"invalid utf-8", "/v1/sync/push",
             "{\"client_id\":\"\xff\xfe\",\"schema_version\":1,\"mutations\":[]}",
             QStringLiteral("invalid_utf8")},
            {"overlong utf-8", "/v1/agents/heartbeat", "{\"state\":\"\xc0\xafready\"}",
             QStringLiteral("invalid_utf8")},
            {"heartbeat wrong type", "/v1/agents/heartbeat", R"({"state":1})", QStringLiteral("wrong_type")},
            {"heartbeat unknown field", "/v1/agents/heartbeat", R"({"state":"ready","admin":true})",
             QStringLiteral("unknown_field")},
            {"login password number", "/v1/auth/token", R"({"username":"op1","password":12345678})",
             QStringLiteral("wrong_type")},
            {"login unknown field", "/v1/auth/token", R"({"username":"op1","password":"x","role":"admin"})",
             QStringLiteral("unknown_field")},
            {"NUL in a string", "/v1/agents/heartbeat", R"({"state":"ready","reason":"a\u0000b"})",
             QStringLiteral("invalid_character")},
        };
        for (const Case &c : cases) {
            const Reply r =
                f.client.send("POST", QString::fromLatin1(c.path), c.body, "application/json", op);
            QVERIFY2(isClientError(r), qPrintable(QStringLiteral("%1: %2 %3")
                                                      .arg(QLatin1String(c.name))
                                                      .arg(r.status)
                                                      .arg(QString::fromUtf8(r.body))));
            QVERIFY2(r.errorCode() == c.expectedCode,
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), r.errorCode())));
        }
        // A rejected payload (unknown field inside) is a per-item rejection, and the queue goes on.
        QJsonObject badPayload = good;
        QJsonObject p = badPayload.value(QStringLiteral("payload")).toObject();
        p.insert(QStringLiteral("status"), QStringLiteral("closed"));
        badPayload.insert(QStringLiteral("payload"), p);
        Reply r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(client, {badPayload}), op);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.result(0).value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("invalid_payload"));
        // An Idempotency-Key that does not describe the batch.
        const QString client2 = newId();
        r = f.client.send("POST", QStringLiteral("/v1/sync/push"),
                          QJsonDocument(pushBody(client2, {good})).toJson(), "application/json", op,
                          {{"Idempotency-Key", client2.toUtf8() + ":5-9"}});
        QCOMPARE(r.errorCode(), QStringLiteral("idempotency_key_mismatch"));
        r = f.client.send("POST", QStringLiteral("/v1/sync/push"),
                          QJsonDocument(pushBody(client2, {good})).toJson(), "application/json", op,
                          {{"Idempotency-Key", client2.toUtf8() + ":1-1"}});
        QCOMPARE(r.status, 200);
        // A console older than the minimum version: 426.
        r = f.client.send("GET", QStringLiteral("/v1/sync/pull"), {}, {}, op,
                          {{"X-Client-Version", "0.0.1"}});
        QCOMPARE(r.status, 426);
        QCOMPARE(r.errorCode(), QStringLiteral("client_too_old"));
        QCOMPARE(
            f.client.send("GET", QStringLiteral("/v1/sync/pull"), {}, {}, op, {{"X-Client-Version", "0.1.0"}})
                .status,
            200);
        // NUL bytes in the query, in an Open311 form.
        QVERIFY(isClientError(f.client.get(QStringLiteral("/v1/cases?unit=D07%00x"), op)));
        QVERIFY(
            isClientError(f.client.send("POST", QStringLiteral("/open311/v2/requests.json"),
                                        "api_key=x%00&service_code=A", "application/x-www-form-urlencoded")));
        // Wrong media type, too many mutations, unknown endpoints and methods.
        QCOMPARE(
            f.client
                .send("POST", QStringLiteral("/v1/sync/push"), "a=b", "application/x-www-form-urlencoded", op)
                .status,
            415);
        QJsonArray many;
        for (int i = 1; i <= 201; ++i)
            many.append(createMutation(i, newId(), trackingCode(1, i)));
        r = f.client.post(QStringLiteral("/v1/sync/push"), pushBody(newId(), many), op);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.errorCode(), QStringLiteral("batch_too_large"));
        QVERIFY(isClientError(f.client.get(QStringLiteral("/v1/nothing"), op)));
        QVERIFY(isClientError(f.client.send("DELETE", QStringLiteral("/v1/sync/push"), {}, {}, op)));
        QVERIFY(isClientError(f.client.get(QStringLiteral("/v1/cases/not-a-uuid"), op)));
        QCOMPARE(f.client.get(QStringLiteral("/v1/health")).status, 200);
    }

    void sqlMetacharacters_data() { HubFixture::addBackendRows(); }
    void sqlMetacharacters()
    {
        PASOKH_HUB_FIXTURE(f);
        const QString evil =
            QStringLiteral("x'); DROP TABLE cases; -- \" ; SELECT * FROM users WHERE '1'='1");
        Reply r = f.client.post(QStringLiteral("/v1/auth/token"),
                                QJsonObject{{QStringLiteral("username"), QStringLiteral("' OR '1'='1' --")},
                                            {QStringLiteral("password"), QStringLiteral("' OR '1'='1")}});
        QCOMPARE(r.status, 401);
        const QString op = f.token(QStringLiteral("op1"));
        const QString id = newId();
        r = f.client.post(QStringLiteral("/v1/sync/push"),
                          pushBody(newId(), {createMutation(1, id, trackingCode(1, 1),
                                                            QStringLiteral("WASTE-COLLECT"), 7, evil)}),
                          op);
        QCOMPARE(r.result(0).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
        r = f.client.get(QStringLiteral("/v1/cases/") + id, op);
        QCOMPARE(r.object().value(QStringLiteral("description")).toString(), evil);
        QVERIFY(
            isClientError(f.client.get(QStringLiteral("/v1/cases?status=%27%20OR%20%271%27%3D%271"), op)));
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases?unit=%27%20OR%201%3D1%20--"), op)
                     .object()
                     .value(QStringLiteral("cases"))
                     .toArray()
                     .size(),
                 0);
        QCOMPARE(f.client
                     .get(QStringLiteral(
                         "/open311/v2/requests.json?service_code=x%27%29%3B%20DROP%20TABLE%20cases%3B--"))
                     .array()
                     .size(),
                 0);
        QVERIFY(isClientError(f.client.get(QStringLiteral("/open311/v2/requests/1%27%20OR%201%3D1.json"))));
        QVERIFY(isClientError(f.client.get(
            QStringLiteral("/v1/reference/categories/%27%3B%20DELETE%20FROM%20categories"), op)));
        QCOMPARE(f.client.get(QStringLiteral("/v1/cases"), op)
                     .object()
                     .value(QStringLiteral("cases"))
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(f.client.get(QStringLiteral("/open311/v2/services.json")).array().size(), 45);
    }

    void oversizedAndGarbage_data() { HubFixture::addBackendRows(); }
    void oversizedAndGarbage()
    {
        PASOKH_HUB_FIXTURE(f, {QStringLiteral("--max-body-bytes"), QStringLiteral("65536")});
        const int port = f.hub->port();
        // Body over the limit: 413 JSON (or the connection is closed while we are still sending).
        const QByteArray big(200 * 1024, 'a');
        const QByteArray bigResponse = rawExchange(
            port,
            "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                QByteArray::number(big.size()) + "\r\n\r\n" + big);
        QVERIFY2(statusOfRaw(bigResponse) == 413 || bigResponse.isEmpty(), bigResponse.left(300).constData());
        if (!bigResponse.isEmpty())
            QVERIFY(bigResponse.contains("\"body_too_large\""));
        // Headers over the limit: 431.
        const QByteArray hugeHeader =
            "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Junk: " + QByteArray(40 * 1024, 'b') + "\r\n\r\n";
        const QByteArray headerResponse = rawExchange(port, hugeHeader);
        QVERIFY2(statusOfRaw(headerResponse) == 431 || headerResponse.isEmpty(),
                 headerResponse.left(300).constData());
        // Many small headers over the limit too.
        QByteArray manyHeaders = "GET /v1/health HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 3000; ++i)
            manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
        manyHeaders += "\r\n";
        const int manyStatus = statusOfRaw(rawExchange(port, manyHeaders));
        QVERIFY(manyStatus == 431 || manyStatus == 0);
        // A declared oversized body is refused before it is sent; Expect: 100-continue is honoured.
        QCOMPARE(statusOfRaw(rawExchange(
                     port, "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 99999999\r\n\r\n")),
                 413);
        {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, quint16(port));
            QVERIFY(s.waitForConnected(5000));
            const QByteArray body = R"({"username":"op1","password":"wrong"})";
            s.write("POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: "
                    "100-continue\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n");
            QVERIFY(s.waitForReadyRead(5000));
            QVERIFY(s.readAll().startsWith("HTTP/1.1 100 Continue"));
            s.write(body);
            QByteArray answer;
            while (!answer.contains("invalid_credentials") && s.waitForReadyRead(5000))
                answer += s.readAll();
            QCOMPARE(statusOfRaw(answer), 401);
        }
        // Garbage instead of HTTP, a bad method line, a lying Content-Length, a NUL in the target.
        for (const QByteArray &garbage :
             {QByteArray("HELLO\r\n\r\n"), QByteArray("GET\r\n\r\n"),
              QByteArray("POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
              QByteArray("GET /v1/health\0x HTTP/1.1\r\nHost: x\r\n\r\n", 38),
              QByteArray("GET /v1/%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n"),
              QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
            const QByteArray resp = rawExchange(port, garbage, 3000);
            const int s = statusOfRaw(resp);
            QVERIFY2(resp.isEmpty() || (s >= 400 && s < 500 && resp.contains("\"error\"")),
                     resp.left(300).constData());
        }
        // The hub is alive and well.
        QVERIFY(f.hub->isRunning());
        QCOMPARE(f.client.get(QStringLiteral("/v1/health")).status, 200);
    }

    void slowClientsAndConnectionFlood_data() { HubFixture::addBackendRows(); }
    void slowClientsAndConnectionFlood()
    {
        PASOKH_HUB_FIXTURE(f, {QStringLiteral("--request-timeout-ms"), QStringLiteral("1500"),
                               QStringLiteral("--max-connections"), QStringLiteral("500")});
        const int flood = std::min(2000, (fileLimit() - 200) / 2);
        QVERIFY2(flood >= 600, "file descriptor limit too low for this test");
        // Slowloris: connections that send half a request and then nothing; plus idle ones.
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        sockets.reserve(size_t(flood));
        for (int i = 0; i < flood; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, quint16(f.hub->port()));
            sockets.push_back(std::move(s));
        }
        int connected = 0;
        for (auto &s : sockets) {
            if (s->waitForConnected(2000)) {
                ++connected;
                if (connected % 2 == 0)
                    s->write("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            }
        }
        QVERIFY(connected > 0);
        // While flooded, the hub stays alive and, once the slow ones time out, answers again.
        QElapsedTimer t;
        t.start();
        int status = 0;
        while (t.elapsed() < 15000 && status != 200) {
            QCoreApplication::processEvents();
            HubClient c(f.hub->baseUrl());
            status = c.get(QStringLiteral("/v1/health")).status;
        }
        QCOMPARE(status, 200);
        QVERIFY(f.hub->isRunning());
        // Every flooding connection was closed by the hub (timeout or over the limit), none was answered 5xx.
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.begin(), sockets.end(),
                                             [](const auto &s) {
                                                 s->waitForReadyRead(0);
                                                 return s->state() == QAbstractSocket::UnconnectedState;
                                             }),
                                 20000);
        for (auto &s : sockets) {
            const QByteArray got = s->readAll();
            QVERIFY2(!got.startsWith("HTTP/1.1 5"), got.left(100).constData());
        }
        sockets.clear();
        // Many parallel well-behaved clients after the flood all get answers.
        QList<QNetworkAccessManager *> nams;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 200; ++i) {
            nams << new QNetworkAccessManager(this);
            replies << nams.last()->get(
                QNetworkRequest(QUrl(f.hub->baseUrl() + QStringLiteral("/v1/health"))));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
            30000);
        for (QNetworkReply *r : replies)
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        qDeleteAll(nams);
    }

    void tlsAndGracefulShutdown_data() { HubFixture::addBackendRows(); }
    void tlsAndGracefulShutdown()
    {
        QFETCH(QString, backend);
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("hub.crt"));
        const QString key = dir.filePath(QStringLiteral("hub.key"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                       QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        HubFixture f;
        const QString setup =
            f.setUp(backend, {QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key});
        QVERIFY2(setup.isEmpty(), qPrintable(setup));
        // HTTPS with the hub's certificate pinned as the only CA.
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("https://127.0.0.1:%1/v1/health").arg(f.hub->port())));
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(cert));
        req.setSslConfiguration(ssl);
        QNetworkReply *reply = nam.get(req);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().contains(QStringLiteral("server_epoch")));
        delete reply;
        // Plain HTTP on the TLS port gets no answer.
        QVERIFY(statusOfRaw(rawExchange(f.hub->port(), "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 2000)) ==
                0);

        // Graceful stop with an idle keep-alive connection open: exits 0 promptly.
        QSslSocket idle;
        idle.setSslConfiguration(ssl);
        idle.connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(f.hub->port()));
        QVERIFY(idle.waitForEncrypted(5000));
        QElapsedTimer t;
        t.start();
        QCOMPARE(f.hub->stop(), 0);
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestHubHostile)
#include "tst_hubhostile.moc"
