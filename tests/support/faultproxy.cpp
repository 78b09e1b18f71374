// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/faultproxy.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <sys/socket.h>

namespace Pasokh::Testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint64_t kBodyLimit = 64ull * 1024 * 1024;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

template <class Message> std::string serialize(const Message &m)
{
    std::ostringstream os;
    os << m;
    return os.str();
}

} // namespace

const char *faultName(Fault f)
{
    switch (f) {
    case Fault::Pass:
        return "pass";
    case Fault::DropRequest:
        return "drop_request";
    case Fault::DropRequestMidBody:
        return "drop_request_mid_body";
    case Fault::DropReply:
        return "drop_reply";
    case Fault::Delay:
        return "delay";
    case Fault::Duplicate:
        return "duplicate";
    case Fault::TruncateReply:
        return "truncate_reply";
    case Fault::InjectStatus:
        return "inject_status";
    case Fault::HalfOpen:
        return "half_open";
    case Fault::Refuse:
        return "refuse";
    }
    return "?";
}

std::string httpDate(std::chrono::system_clock::time_point t)
{
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

struct FaultProxy::Impl
{
    asio::io_context io; // sockets only: all I/O is blocking on the session threads
    std::unique_ptr<tcp::acceptor> acceptor;
    std::thread acceptThread;

    mutable std::mutex mu;
    std::condition_variable cv;
    bool stopping = false;
    int upstreamPort = 0;
    FaultSpec byDefault;
    std::optional<FaultSpec> connectionDefault;
    std::vector<std::chrono::steady_clock::time_point> acceptTimes;
    std::deque<FaultSpec> nextRequests;
    std::deque<FaultSpec> nextConnections;
    int halfOpenGeneration = 0;
    std::vector<ProxiedRequest> log;
    int connectionCount = 0;
    std::vector<std::string> forwardedTargets;
    int liveSessions = 0;
    std::set<int> openFds; // every live socket, shut down by stop()

    void track(tcp::socket &s)
    {
        std::lock_guard lock(mu);
        openFds.insert(s.native_handle());
        if (stopping)
            ::shutdown(s.native_handle(), SHUT_RDWR);
    }
    void closeSocket(tcp::socket &s, bool reset = false)
    {
        if (!s.is_open())
            return;
        {
            std::lock_guard lock(mu);
            openFds.erase(s.native_handle());
        }
        boost::system::error_code ec;
        if (reset)
            s.set_option(asio::socket_base::linger(true, 0), ec);
        else
            s.shutdown(tcp::socket::shutdown_both, ec);
        s.close(ec);
    }

    /// Waits `ms` unless the proxy stops first; false when stopping.
    bool sleepFor(int ms)
    {
        std::unique_lock lock(mu);
        return !cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
    }

    static bool matches(const FaultSpec &s, const std::string &target)
    {
        return s.only.empty() || target.compare(0, s.only.size(), s.only) == 0;
    }

    FaultSpec nextRequestFault(const std::string &target)
    {
        std::lock_guard lock(mu);
        for (auto it = nextRequests.begin(); it != nextRequests.end(); ++it) {
            if (matches(*it, target)) {
                FaultSpec s = *it;
                nextRequests.erase(it);
                return s;
            }
        }
        return matches(byDefault, target) ? byDefault : FaultSpec{};
    }

    std::optional<tcp::socket> connectUpstream()
    {
        int port;
        {
            std::lock_guard lock(mu);
            port = upstreamPort;
        }
        tcp::socket s(io);
        boost::system::error_code ec;
        s.connect(tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<unsigned short>(port)), ec);
        if (ec)
            return std::nullopt;
        track(s);
        return s;
    }

    /// Sends raw request bytes on `up` (counted as forwarded).
    bool sendRaw(tcp::socket &up, const std::string &raw, const std::string &target)
    {
        {
            std::lock_guard lock(mu);
            forwardedTargets.push_back(target);
        }
        boost::system::error_code ec;
        asio::write(up, asio::buffer(raw), ec);
        return !ec;
    }

    static std::optional<Response> readReply(tcp::socket &up)
    {
        beast::flat_buffer buf;
        http::response_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        boost::system::error_code ec;
        http::read(up, buf, parser, ec);
        if (ec)
            return std::nullopt;
        return parser.release();
    }

    /// One request/reply exchange with the hub on a fresh connection.
    std::optional<Response> exchange(const std::string &raw, const std::string &target)
    {
        auto up = connectUpstream();
        if (!up)
            return std::nullopt;
        std::optional<Response> res;
        if (sendRaw(*up, raw, target))
            res = readReply(*up);
        closeSocket(*up);
        return res;
    }

    /// Half-open: neither reads, writes nor closes `s` until reset() or stop(), then closes it.
    void stallUntilReleased(tcp::socket &s)
    {
        std::unique_lock lock(mu);
        const int generation = halfOpenGeneration;
        cv.wait(lock, [&] { return stopping || halfOpenGeneration != generation; });
        lock.unlock();
        closeSocket(s);
    }

    void record(ProxiedRequest r)
    {
        std::lock_guard lock(mu);
        log.push_back(std::move(r));
    }

    void session(tcp::socket client, std::optional<FaultSpec> connectionFault, int connection);
    void acceptLoop();
};

void FaultProxy::Impl::acceptLoop()
{
    for (;;) {
        tcp::socket s(io);
        boost::system::error_code ec;
        acceptor->accept(s, ec);
        std::optional<FaultSpec> connFault;
        int id = 0;
        {
            std::lock_guard lock(mu);
            if (stopping) {
                if (!ec)
                    s.close(ec);
                return;
            }
            if (ec)
                continue;
            id = ++connectionCount;
            acceptTimes.push_back(std::chrono::steady_clock::now());
            if (!nextConnections.empty()) {
                connFault = nextConnections.front();
                nextConnections.pop_front();
            } else {
                connFault = connectionDefault;
            }
            ++liveSessions;
        }
        track(s);
        std::thread([this, sock = std::move(s), connFault, id]() mutable {
            session(std::move(sock), connFault, id);
            std::lock_guard lock(mu);
            --liveSessions;
            cv.notify_all();
        }).detach();
    }
}

void FaultProxy::Impl::session(tcp::socket client, std::optional<FaultSpec> connectionFault, int connection)
{
    if (connectionFault && connectionFault->kind == Fault::Refuse) {
        closeSocket(client, true);
        return;
    }
    if (connectionFault && connectionFault->kind == Fault::HalfOpen) {
        stallUntilReleased(client);
        return;
    }
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        boost::system::error_code ec;
        http::read(client, buffer, parser, ec);
        if (ec)
            break;
        Request req = parser.release();
        ProxiedRequest rec;
        rec.connection = connection;
        rec.method = std::string(req.method_string());
        rec.target = std::string(req.target());
        rec.bodyBytes = req.body().size();
        rec.receivedAt = std::chrono::steady_clock::now();
        rec.receivedAtWall = std::chrono::system_clock::now();
        const FaultSpec f = connectionFault ? *connectionFault : nextRequestFault(rec.target);
        rec.fault = f.kind;
        const std::string raw = serialize(req);
        bool keepOpen = req.keep_alive();

        std::optional<Response> reply;
        std::string toSend;
        switch (f.kind) {
        case Fault::DropRequest:
            keepOpen = false;
            break;
        case Fault::DropRequestMidBody: {
            if (auto up = connectUpstream()) {
                const std::size_t head = raw.size() - req.body().size();
                sendRaw(*up, raw.substr(0, head + req.body().size() / 2), rec.target);
                sleepFor(50); // let the hub read the partial body before the connection closes
                closeSocket(*up);
            }
            keepOpen = false;
            break;
        }
        case Fault::HalfOpen: {
            record(rec); // logged now: the stall lasts until reset() or stop()
            stallUntilReleased(client);
            return;
        }
        case Fault::Refuse:
            closeSocket(client, true);
            record(rec);
            return;
        case Fault::Delay:
            if (!sleepFor(f.delayMs)) {
                keepOpen = false;
                break;
            }
            [[fallthrough]];
        case Fault::Pass:
            reply = exchange(raw, rec.target);
            if (reply)
                toSend = serialize(*reply);
            break;
        case Fault::DropReply:
            reply = exchange(raw, rec.target);
            keepOpen = false;
            break;
        case Fault::TruncateReply:
            reply = exchange(raw, rec.target);
            if (reply) {
                toSend = serialize(*reply);
                const std::size_t n = f.truncateBytes ? f.truncateBytes : toSend.size() / 2;
                toSend.resize(std::min(n, toSend.size()));
            }
            keepOpen = false;
            break;
        case Fault::Duplicate: {
            std::optional<Response> first;
            std::optional<Response> second;
            if (f.concurrent) {
                auto a = connectUpstream();
                auto b = connectUpstream();
                if (a && b && sendRaw(*a, raw, rec.target) && sendRaw(*b, raw, rec.target)) {
                    first = readReply(*a);
                    second = readReply(*b);
                }
                if (a)
                    closeSocket(*a);
                if (b)
                    closeSocket(*b);
            } else {
                first = exchange(raw, rec.target);
                second = exchange(raw, rec.target);
            }
            reply = f.returnSecondReply ? (second ? second : first) : (first ? first : second);
            if (reply)
                toSend = serialize(*reply);
            break;
        }
        case Fault::InjectStatus: {
            Response res{static_cast<http::status>(f.status), req.version()};
            res.set(http::field::content_type, "application/json");
            if (!f.retryAfter.empty())
                res.set(http::field::retry_after, f.retryAfter);
            res.body() = "{\"error\":{\"status\":" + std::to_string(f.status) + ",\"code\":\"" + f.errorCode +
                         "\",\"message\":\"fault proxy\"}}";
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            reply = std::move(res);
            toSend = serialize(*reply);
            break;
        }
        }
        if (reply)
            rec.upstreamStatus = f.kind == Fault::InjectStatus ? 0 : static_cast<int>(reply->result_int());
        // Logged before the client gets the reply, so that a client that saw the reply also sees the entry.
        if (!toSend.empty()) {
            if (f.kind != Fault::TruncateReply)
                rec.status = static_cast<int>(reply->result_int());
            if (!reply->keep_alive())
                keepOpen = false;
        } else if (f.kind != Fault::DropRequest && f.kind != Fault::DropRequestMidBody &&
                   f.kind != Fault::DropReply) {
            keepOpen = false; // the hub did not answer: the client sees a closed connection
        }
        rec.repliedAt = std::chrono::steady_clock::now();
        record(std::move(rec));
        if (!toSend.empty()) {
            asio::write(client, asio::buffer(toSend), ec);
            if (ec)
                keepOpen = false;
        }
        if (!keepOpen)
            break;
    }
    closeSocket(client);
}

FaultProxy::FaultProxy(int upstreamPort) : d(std::make_unique<Impl>())
{
    d->upstreamPort = upstreamPort;
}

FaultProxy::~FaultProxy()
{
    stop();
}

std::string FaultProxy::start()
{
    try {
        d->acceptor = std::make_unique<tcp::acceptor>(d->io);
        const tcp::endpoint ep(asio::ip::address_v4::loopback(), 0);
        d->acceptor->open(ep.protocol());
        d->acceptor->set_option(asio::socket_base::reuse_address(true));
        d->acceptor->bind(ep);
        d->acceptor->listen(asio::socket_base::max_listen_connections);
        m_port = d->acceptor->local_endpoint().port();
    } catch (const boost::system::system_error &e) {
        return std::string("fault proxy: cannot listen: ") + e.what();
    }
    d->acceptThread = std::thread([this] { d->acceptLoop(); });
    return {};
}

void FaultProxy::stop()
{
    if (!d->acceptor)
        return;
    {
        std::lock_guard lock(d->mu);
        if (d->stopping)
            return;
        d->stopping = true;
        ::shutdown(d->acceptor->native_handle(), SHUT_RDWR); // wakes the blocking accept()
        for (int fd : d->openFds)
            ::shutdown(fd, SHUT_RDWR);
    }
    d->cv.notify_all();
    if (d->acceptThread.joinable())
        d->acceptThread.join();
    std::unique_lock lock(d->mu);
    d->cv.wait(lock, [this] { return d->liveSessions == 0; });
    lock.unlock();
    boost::system::error_code ec;
    d->acceptor->close(ec);
}

std::string FaultProxy::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port);
}

void FaultProxy::setUpstreamPort(int port)
{
    std::lock_guard lock(d->mu);
    d->upstreamPort = port;
}

void FaultProxy::setDefault(const FaultSpec &spec)
{
    std::lock_guard lock(d->mu);
    d->byDefault = spec;
}

void FaultProxy::setConnectionDefault(const FaultSpec &spec)
{
    std::lock_guard lock(d->mu);
    d->connectionDefault = spec;
}

void FaultProxy::failNextRequests(const FaultSpec &spec, int count)
{
    std::lock_guard lock(d->mu);
    for (int i = 0; i < count; ++i)
        d->nextRequests.push_back(spec);
}

void FaultProxy::failNextConnections(const FaultSpec &spec, int count)
{
    std::lock_guard lock(d->mu);
    for (int i = 0; i < count; ++i)
        d->nextConnections.push_back(spec);
}

void FaultProxy::reset()
{
    {
        std::lock_guard lock(d->mu);
        d->nextRequests.clear();
        d->nextConnections.clear();
        d->byDefault = FaultSpec{};
        d->connectionDefault.reset();
        ++d->halfOpenGeneration;
    }
    d->cv.notify_all();
}

std::vector<ProxiedRequest> FaultProxy::requests() const
{
    std::vector<ProxiedRequest> out;
    {
        std::lock_guard lock(d->mu);
        out = d->log;
    }
    std::stable_sort(out.begin(), out.end(), [](const ProxiedRequest &a, const ProxiedRequest &b) {
        return a.receivedAt < b.receivedAt;
    });
    return out;
}

std::vector<ProxiedRequest> FaultProxy::requests(const std::string &prefix) const
{
    std::vector<ProxiedRequest> out;
    for (auto &r : requests())
        if (r.target.compare(0, prefix.size(), prefix) == 0)
            out.push_back(std::move(r));
    return out;
}

int FaultProxy::connections() const
{
    std::lock_guard lock(d->mu);
    return d->connectionCount;
}

int FaultProxy::forwarded(const std::string &prefix) const
{
    std::lock_guard lock(d->mu);
    return int(std::count_if(d->forwardedTargets.begin(), d->forwardedTargets.end(),
                             [&](const std::string &t) { return t.compare(0, prefix.size(), prefix) == 0; }));
}

std::vector<std::chrono::steady_clock::time_point> FaultProxy::connectionTimes() const
{
    std::lock_guard lock(d->mu);
    return d->acceptTimes;
}

void FaultProxy::clearLog()
{
    std::lock_guard lock(d->mu);
    d->log.clear();
}

} // namespace Pasokh::Testing
