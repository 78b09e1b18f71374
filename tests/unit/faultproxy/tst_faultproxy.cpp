// SPDX-License-Identifier: GPL-3.0-or-later
// The fault proxy against a small Boost.Beast echo server on 127.0.0.1: each fault does exactly what it says,
// seen from the client (a raw QTcpSocket) and from the server (requests completed / cut short).
#include "tests/support/faultproxy.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

#include <sys/socket.h>

using Pasokh::Testing::Fault;
using Pasokh::Testing::FaultProxy;
using Pasokh::Testing::FaultSpec;

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

/// Answers every request with 200 and body "n=<count>:<request body>"; counts complete requests and
/// requests cut short (a body that ended early).
class EchoServer
{
public:
    EchoServer() : m_acceptor(m_io, tcp::endpoint(asio::ip::address_v4::loopback(), 0))
    {
        m_thread = std::thread([this] { run(); });
    }
    ~EchoServer()
    {
        m_stopping = true;
        ::shutdown(m_acceptor.native_handle(), SHUT_RDWR);
        m_thread.join();
        std::lock_guard lock(m_mu);
        for (int fd : m_fds)
            ::shutdown(fd, SHUT_RDWR);
        for (auto &t : m_sessions)
            t.join();
    }
    int port() const { return m_acceptor.local_endpoint().port(); }
    int complete() const { return m_complete; }
    int partial() const { return m_partial; }

private:
    void run()
    {
        while (!m_stopping) {
            auto s = std::make_shared<tcp::socket>(m_io);
            boost::system::error_code ec;
            m_acceptor.accept(*s, ec);
            if (ec)
                continue;
            std::lock_guard lock(m_mu);
            m_fds.push_back(s->native_handle());
            m_sessions.emplace_back([this, s] { session(*s); });
        }
    }
    void session(tcp::socket &s)
    {
        boost::beast::flat_buffer buf;
        for (;;) {
            http::request_parser<http::string_body> p;
            boost::system::error_code ec;
            http::read(s, buf, p, ec);
            if (ec) {
                if (p.is_header_done())
                    ++m_partial;
                return;
            }
            const int n = ++m_complete;
            http::response<http::string_body> res{http::status::ok, 11};
            res.body() = "n=" + std::to_string(n) + ":" + p.get().body();
            res.keep_alive(p.get().keep_alive());
            res.prepare_payload();
            http::write(s, res, ec);
            if (ec || !res.keep_alive())
                return;
        }
    }

    asio::io_context m_io;
    tcp::acceptor m_acceptor;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_complete{0};
    std::atomic<int> m_partial{0};
    std::mutex m_mu;
    std::vector<int> m_fds;
    std::list<std::thread> m_sessions;
};

QByteArray request(const QByteArray &body, const QByteArray &path = "/v1/sync/push")
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/// What a client saw for one request: bytes received, and whether the connection was closed.
struct Seen
{
    QByteArray bytes;
    bool closed = false;
    qint64 ms = 0;
};

/// Sends `raw` on `sock` (connecting it first when needed) and reads until `expectBytes` arrived (when
/// given), the connection closes, or `waitMs` passes.
Seen exchange(QTcpSocket &sock, int port, const QByteArray &raw, int waitMs = 3000,
              const QByteArray &until = {})
{
    if (sock.state() != QAbstractSocket::ConnectedState) {
        sock.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
        if (!sock.waitForConnected(3000))
            return {{}, true, 0};
    }
    QElapsedTimer t;
    t.start();
    sock.write(raw);
    sock.waitForBytesWritten(3000);
    Seen s;
    while (t.elapsed() < waitMs) {
        if (!until.isEmpty() && s.bytes.contains(until))
            break;
        if (sock.bytesAvailable() == 0 &&
            !sock.waitForReadyRead(int(std::max<qint64>(1, waitMs - t.elapsed())))) {
            if (sock.state() != QAbstractSocket::ConnectedState)
                break;
            continue;
        }
        s.bytes += sock.readAll();
    }
    s.bytes += sock.readAll();
    s.closed = sock.state() != QAbstractSocket::ConnectedState;
    s.ms = t.elapsed();
    return s;
}

Seen once(int port, const QByteArray &raw, int waitMs = 3000, const QByteArray &until = {})
{
    QTcpSocket sock;
    return exchange(sock, port, raw, waitMs, until);
}

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<EchoServer>();
        m_proxy = std::make_unique<FaultProxy>(m_server->port());
        const std::string err = m_proxy->start();
        QVERIFY2(err.empty(), err.c_str());
    }
    void cleanup()
    {
        m_proxy.reset();
        m_server.reset();
    }

    void passForwardsAndKeepsTheConnection()
    {
        QTcpSocket sock;
        const Seen a = exchange(sock, m_proxy->port(), request("hello"), 3000, "n=1:hello");
        QVERIFY2(a.bytes.startsWith("HTTP/1.1 200"), a.bytes.constData());
        QVERIFY(a.bytes.endsWith("n=1:hello"));
        QVERIFY(!a.closed);
        const Seen b = exchange(sock, m_proxy->port(), request("again"), 3000, "n=2:again");
        QVERIFY(b.bytes.endsWith("n=2:again"));
        QCOMPARE(m_server->complete(), 2);
        const auto log = m_proxy->requests("/v1/sync/push");
        QCOMPARE(log.size(), std::size_t(2));
        QCOMPARE(log[0].connection, log[1].connection);
        QCOMPARE(log[0].status, 200);
        QCOMPARE(log[0].bodyBytes, std::size_t(5));
        QCOMPARE(log[0].method, std::string("POST"));
    }

    void dropRequestNeverReachesTheServer()
    {
        m_proxy->failNextRequests(FaultSpec::of(Fault::DropRequest));
        const Seen s = once(m_proxy->port(), request("lost"));
        QVERIFY(s.bytes.isEmpty());
        QVERIFY(s.closed);
        QCOMPARE(m_server->complete(), 0);
        QCOMPARE(m_proxy->forwarded(), 0);
        QCOMPARE(m_proxy->requests().at(0).fault, Fault::DropRequest);
    }

    void dropRequestMidBodyCutsTheBody()
    {
        m_proxy->failNextRequests(FaultSpec::of(Fault::DropRequestMidBody));
        const Seen s = once(m_proxy->port(), request(QByteArray(4000, 'x')));
        QVERIFY(s.bytes.isEmpty());
        QVERIFY(s.closed);
        QTRY_COMPARE(m_server->partial(), 1);
        QCOMPARE(m_server->complete(), 0);
    }

    void dropReplyAfterTheServerAnswered()
    {
        m_proxy->failNextRequests(FaultSpec::of(Fault::DropReply));
        const Seen s = once(m_proxy->port(), request("done"));
        QVERIFY(s.bytes.isEmpty());
        QVERIFY(s.closed);
        QCOMPARE(m_server->complete(), 1);
        const auto log = m_proxy->requests();
        QCOMPARE(log.at(0).upstreamStatus, 200);
        QCOMPARE(log.at(0).status, 0);
    }

    void delayHoldsTheRequest()
    {
        m_proxy->failNextRequests(FaultSpec::delay(400));
        const Seen s = once(m_proxy->port(), request("slow"), 3000, "n=1:slow");
        QVERIFY(s.bytes.endsWith("n=1:slow"));
        QVERIFY2(s.ms >= 400, qPrintable(QString::number(s.ms)));
        const auto log = m_proxy->requests();
        QVERIFY(log.at(0).repliedAt - log.at(0).receivedAt >= std::chrono::milliseconds(400));
    }

    void duplicateSendsTwiceReturnsOne_data()
    {
        QTest::addColumn<bool>("concurrent");
        QTest::newRow("sequential") << false;
        QTest::newRow("concurrent") << true;
    }
    void duplicateSendsTwiceReturnsOne()
    {
        QFETCH(bool, concurrent);
        FaultSpec f = FaultSpec::of(Fault::Duplicate);
        f.concurrent = concurrent;
        m_proxy->failNextRequests(f);
        QTcpSocket sock;
        const Seen s = exchange(sock, m_proxy->port(), request("twice"), 3000, ":twice");
        QVERIFY2(s.bytes.startsWith("HTTP/1.1 200"), s.bytes.constData());
        QCOMPARE(s.bytes.count("HTTP/1.1"), 1);
        QCOMPARE(m_server->complete(), 2);
        QCOMPARE(m_proxy->forwarded(), 2);
        if (!concurrent)
            QVERIFY(s.bytes.endsWith("n=2:twice")); // the second reply
        const Seen next = exchange(sock, m_proxy->port(), request("then"), 3000, "n=3:then");
        QVERIFY(next.bytes.endsWith("n=3:then"));
    }

    void truncateSendsPartOfTheReply()
    {
        FaultSpec f = FaultSpec::of(Fault::TruncateReply);
        f.truncateBytes = 12;
        m_proxy->failNextRequests(f);
        const Seen s = once(m_proxy->port(), request("cut"));
        QCOMPARE(s.bytes, QByteArray("HTTP/1.1 200"));
        QVERIFY(s.closed);
        QCOMPARE(m_server->complete(), 1);
    }

    void halfOpenNeitherAnswersNorCloses()
    {
        m_proxy->failNextConnections(FaultSpec::of(Fault::HalfOpen));
        QTcpSocket sock;
        const Seen s = exchange(sock, m_proxy->port(), request("anyone?"), 1500);
        QVERIFY(s.bytes.isEmpty());
        QVERIFY(!s.closed); // no FIN, no RST
        QCOMPARE(m_server->complete(), 0);
        QVERIFY(m_proxy->requests().empty());
        m_proxy->reset(); // releases it
        QVERIFY(sock.waitForDisconnected(3000) || sock.state() != QAbstractSocket::ConnectedState);
        // The next connection is served normally.
        QVERIFY(once(m_proxy->port(), request("ok"), 3000, "n=1:ok").bytes.endsWith("n=1:ok"));
    }

    void refuseResetsAtOnce()
    {
        m_proxy->failNextConnections(FaultSpec::of(Fault::Refuse));
        QTcpSocket sock;
        const Seen s = exchange(sock, m_proxy->port(), request("x"), 2000);
        QVERIFY2(s.bytes.isEmpty(), qPrintable(QStringLiteral("%1 connection(s), %2 request(s), got: %3")
                                                   .arg(m_proxy->connections())
                                                   .arg(m_proxy->requests().size())
                                                   .arg(QString::fromLatin1(s.bytes.left(200)))));
        QVERIFY(s.closed);
        QVERIFY(s.ms < 1500);
        QCOMPARE(m_server->complete(), 0);
        QCOMPARE(m_proxy->connections(), 1);
    }

    void injectStatusAnswersWithoutForwarding_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::newRow("429 seconds") << 429 << QByteArray("7");
        QTest::newRow("503 http-date") << 503
                                       << QByteArray::fromStdString(Pasokh::Testing::httpDate(
                                              std::chrono::system_clock::now() + std::chrono::seconds(7)));
    }
    void injectStatusAnswersWithoutForwarding()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        m_proxy->failNextRequests(FaultSpec::inject(status, retryAfter.toStdString()));
        QTcpSocket sock;
        const Seen s = exchange(sock, m_proxy->port(), request("x"), 3000, "}}");
        QVERIFY2(s.bytes.startsWith("HTTP/1.1 " + QByteArray::number(status)), s.bytes.constData());
        QVERIFY2(s.bytes.contains("Retry-After: " + retryAfter + "\r\n"), s.bytes.constData());
        QVERIFY(!s.closed);
        QCOMPARE(m_server->complete(), 0);
        QCOMPARE(m_proxy->requests().at(0).status, status);
    }

    void nextNRequestsThenDefault()
    {
        m_proxy->failNextRequests(FaultSpec::inject(429, "1"), 2);
        QList<QByteArray> got;
        for (int i = 0; i < 3; ++i)
            got << once(m_proxy->port(), request("r"), 3000, "\r\n\r\n").bytes.left(12);
        QCOMPARE(got, (QList<QByteArray>{"HTTP/1.1 429", "HTTP/1.1 429", "HTTP/1.1 200"}));
        m_proxy->setDefault(FaultSpec::of(Fault::DropRequest));
        QVERIFY(once(m_proxy->port(), request("r")).bytes.isEmpty());
        QVERIFY(once(m_proxy->port(), request("r")).bytes.isEmpty());
        m_proxy->reset();
        QVERIFY(once(m_proxy->port(), request("r"), 3000, "n=2").bytes.startsWith("HTTP/1.1 200"));
    }

    void connectionFaultCoversEveryRequestOnIt()
    {
        m_proxy->failNextConnections(FaultSpec::inject(503, "2"));
        QTcpSocket first;
        QVERIFY(exchange(first, m_proxy->port(), request("a"), 3000, "}}").bytes.startsWith("HTTP/1.1 503"));
        QVERIFY(exchange(first, m_proxy->port(), request("b"), 3000, "}}").bytes.startsWith("HTTP/1.1 503"));
        QVERIFY(once(m_proxy->port(), request("c"), 3000, "n=1:c").bytes.endsWith("n=1:c"));
    }

    void chunkedRequestIsOneRequest()
    {
        const QByteArray raw = "POST /v1/sync/push HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";
        QTcpSocket sock;
        const Seen s = exchange(sock, m_proxy->port(), raw, 3000, "n=1:abcdefg");
        QVERIFY2(s.bytes.endsWith("n=1:abcdefg"), s.bytes.constData());
        QCOMPARE(m_proxy->requests().size(), std::size_t(1));
        QCOMPARE(m_proxy->requests().at(0).bodyBytes, std::size_t(7));
    }

    void upstreamDownClosesTheClient()
    {
        EchoServer other;
        const int otherPort = other.port();
        m_proxy->setUpstreamPort(otherPort);
        QVERIFY(once(m_proxy->port(), request("o"), 3000, "n=1:o").bytes.endsWith("n=1:o"));
        QCOMPARE(other.complete(), 1);
        QCOMPARE(m_server->complete(), 0);
        m_proxy->setUpstreamPort(1); // nothing listens on port 1 of 127.0.0.1 for us
        const Seen s = once(m_proxy->port(), request("o"));
        QVERIFY(s.bytes.isEmpty());
        QVERIFY(s.closed);
    }

    void stopReleasesHalfOpenConnections()
    {
        m_proxy->failNextConnections(FaultSpec::of(Fault::HalfOpen), 3);
        std::vector<std::unique_ptr<QTcpSocket>> socks;
        for (int i = 0; i < 3; ++i) {
            socks.push_back(std::make_unique<QTcpSocket>());
            socks.back()->connectToHost(QStringLiteral("127.0.0.1"), quint16(m_proxy->port()));
            QVERIFY(socks.back()->waitForConnected(3000));
        }
        QTRY_COMPARE(m_proxy->connections(), 3);
        QElapsedTimer t;
        t.start();
        m_proxy->stop();
        QVERIFY(t.elapsed() < 3000);
    }

private:
    std::unique_ptr<EchoServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
