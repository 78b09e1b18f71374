// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpserver.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace Pasokh::Hub {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

std::string HttpRequest::header(const std::string &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

namespace {

std::string jsonError(int status, const char *code, const char *message)
{
    return std::string("{\"error\":{\"status\":") + std::to_string(status) + ",\"code\":\"" + code +
           "\",\"message\":\"" + message + "\"}}";
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string pathOnly(const std::string &target)
{
    const auto q = target.find('?');
    return q == std::string::npos ? target : target.substr(0, q);
}

} // namespace

struct HttpServer::Impl
{
    HttpLimits limits;
    HttpHandler handler;
    AccessLogger logger;
    net::io_context ioc;
    std::unique_ptr<net::thread_pool> workers;
    std::unique_ptr<ssl::context> tls;
    tcp::acceptor acceptor{ioc};
    std::atomic<int> active{0};
    std::atomic<int> inFlight{0};
    std::atomic<bool> stopping{false};
    std::mutex closersMutex;
    std::unordered_map<const void *, std::function<void()>> closers;
    std::optional<net::signal_set> signals;
    std::unique_ptr<net::steady_timer> drainTimer;
    std::chrono::steady_clock::time_point drainDeadline;

    void doAccept();
    void beginStop();
    void checkDrained();
};

namespace {

/// One client connection. `Stream` is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream> class Session : public std::enable_shared_from_this<Session<Stream>>
{
public:
    template <class... Args>
    Session(HttpServer::Impl &server, tcp::socket &&socket, Args &&...args)
        : m_server(server), m_stream(std::move(socket), std::forward<Args>(args)...)
    {
        beast::error_code ec;
        const auto ep = beast::get_lowest_layer(m_stream).socket().remote_endpoint(ec);
        if (!ec)
            m_remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    }

    ~Session()
    {
        {
            std::lock_guard lock(m_server.closersMutex);
            m_server.closers.erase(this);
        }
        m_server.active.fetch_sub(1);
    }

    void start()
    {
        auto self = this->shared_from_this();
        {
            std::weak_ptr<Session> weak = self;
            std::lock_guard lock(m_server.closersMutex);
            m_server.closers[this] = [weak] {
                if (auto s = weak.lock())
                    net::post(s->m_stream.get_executor(), [s] { s->closeIfIdle(); });
            };
        }
        net::dispatch(m_stream.get_executor(), [self] {
            if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
                self->doRead();
            } else {
                beast::get_lowest_layer(self->m_stream)
                    .expires_after(std::chrono::milliseconds(self->m_server.limits.requestTimeoutMs));
                self->m_stream.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
                    if (ec)
                        return self->closeSocket();
                    self->doRead();
                });
            }
        });
    }

private:
    void closeIfIdle()
    {
        if (!m_busy)
            closeSocket();
    }

    void closeSocket()
    {
        beast::error_code ec;
        beast::get_lowest_layer(m_stream).socket().shutdown(tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(m_stream).socket().close(ec);
    }

    void doRead()
    {
        if (m_server.stopping.load())
            return gracefulClose();
        m_parser.emplace();
        m_parser->body_limit(m_server.limits.maxBodyBytes);
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.limits.maxHeaderBytes));
        beast::get_lowest_layer(m_stream).expires_after(
            std::chrono::milliseconds(m_server.limits.requestTimeoutMs));
        m_busy = false;
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    /// Header complete: refuse a declared oversized body at once; answer `Expect: 100-continue`; read the
    /// body.
    void onHeader(beast::error_code ec)
    {
        if (ec)
            return onRead(ec);
        auto &msg = m_parser->get();
        const auto length = m_parser->content_length();
        if (length && *length > m_server.limits.maxBodyBytes)
            return onRead(http::error::body_limit);
        auto readBody = [self = this->shared_from_this()] {
            http::async_read(self->m_stream, self->m_buffer, *self->m_parser,
                             [self](beast::error_code e, std::size_t) { self->onRead(e); });
        };
        if (beast::iequals(msg[http::field::expect], "100-continue")) {
            auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
            http::async_write(
                m_stream, *cont,
                [self = this->shared_from_this(), cont, readBody](beast::error_code e, std::size_t) {
                    if (e)
                        return self->closeSocket();
                    readBody();
                });
            return;
        }
        readBody();
    }

    void onRead(beast::error_code ec)
    {
        if (ec == http::error::end_of_stream || ec == net::error::eof ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset ||
            ec == beast::error::timeout || ec == net::error::bad_descriptor)
            return closeSocket();
        m_busy = true;
        if (ec) {
            int status = 400;
            const char *code = "malformed_request";
            const char *message = "The HTTP request could not be parsed";
            if (ec == http::error::body_limit) {
                status = 413;
                code = "body_too_large";
                message = "The request body exceeds the limit";
            } else if (ec == http::error::header_limit) {
                status = 431;
                code = "headers_too_large";
                message = "The request headers exceed the limit";
            }
            HttpResponse r;
            r.status = status;
            r.body = jsonError(status, code, message);
            return write(std::move(r), false, "-", "-", std::chrono::steady_clock::now());
        }

        auto &msg = m_parser->get();
        HttpRequest request;
        request.method = std::string(msg.method_string());
        request.target = std::string(msg.target());
        request.body = std::move(msg.body());
        request.remote = m_remote;
        for (const auto &field : msg)
            request.headers.emplace_back(lower(std::string(field.name_string())), std::string(field.value()));
        const bool keepAlive = msg.keep_alive();
        const auto started = std::chrono::steady_clock::now();
        m_server.inFlight.fetch_add(1);
        auto self = this->shared_from_this();
        net::post(*m_server.workers, [self, request = std::move(request), keepAlive, started]() mutable {
            HttpResponse response;
            try {
                response = self->m_server.handler(request);
            } catch (const std::exception &) {
                response.status = 500;
                response.body = jsonError(500, "internal_error", "Internal error");
            } catch (...) {
                response.status = 500;
                response.body = jsonError(500, "internal_error", "Internal error");
            }
            net::post(self->m_stream.get_executor(),
                      [self, response = std::move(response), keepAlive, method = std::move(request.method),
                       path = pathOnly(request.target), started]() mutable {
                          self->m_server.inFlight.fetch_sub(1);
                          self->write(std::move(response), keepAlive, method, path, started);
                      });
        });
    }

    void write(HttpResponse &&r, bool keepAlive, const std::string &method, const std::string &path,
               std::chrono::steady_clock::time_point started)
    {
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(11);
        res->result(static_cast<unsigned>(r.status));
        res->set(http::field::server, "pasokh-hub");
        res->set(http::field::content_type, r.contentType);
        res->set(http::field::cache_control, "no-store");
        for (const auto &[name, value] : r.headers)
            res->set(name, value);
        res->body() = std::move(r.body);
        const bool keep = keepAlive && !m_server.stopping.load();
        res->keep_alive(keep);
        res->prepare_payload();
        if (m_server.logger) {
            const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count();
            m_server.logger(method, path, r.status, res->body().size(), micros, m_remote);
        }
        beast::get_lowest_layer(m_stream).expires_after(
            std::chrono::milliseconds(m_server.limits.requestTimeoutMs));
        http::async_write(m_stream, *res,
                          [self = this->shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
                              if (ec || !keep)
                                  return self->gracefulClose();
                              self->doRead();
                          });
    }

    void gracefulClose()
    {
        m_busy = false;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            closeSocket();
        } else {
            beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(2));
            m_stream.async_shutdown(
                [self = this->shared_from_this()](beast::error_code) { self->closeSocket(); });
        }
    }

    HttpServer::Impl &m_server;
    Stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::string m_remote;
    bool m_busy = false;
};

} // namespace

void HttpServer::Impl::doAccept()
{
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor.is_open())
            return;
        if (!ec) {
            if (stopping.load() || active.load() >= limits.maxConnections) {
                beast::error_code ignored;
                socket.close(ignored);
            } else {
                active.fetch_add(1);
                if (tls) {
                    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket),
                                                                                    *tls)
                        ->start();
                } else {
                    std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket))->start();
                }
            }
        } else if (ec == net::error::no_descriptors) {
            // Out of file descriptors: back off briefly instead of spinning.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        doAccept();
    });
}

void HttpServer::Impl::beginStop()
{
    if (stopping.exchange(true))
        return;
    beast::error_code ec;
    acceptor.close(ec);
    if (signals)
        signals->cancel(ec);
    std::vector<std::function<void()>> toClose;
    {
        std::lock_guard lock(closersMutex);
        for (auto &[key, fn] : closers)
            toClose.push_back(fn);
    }
    for (auto &fn : toClose)
        fn();
    drainDeadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.shutdownGraceMs);
    drainTimer = std::make_unique<net::steady_timer>(ioc);
    checkDrained();
}

void HttpServer::Impl::checkDrained()
{
    if ((active.load() == 0 && inFlight.load() == 0) || std::chrono::steady_clock::now() >= drainDeadline) {
        ioc.stop();
        return;
    }
    drainTimer->expires_after(std::chrono::milliseconds(20));
    drainTimer->async_wait([this](beast::error_code) { checkDrained(); });
}

HttpServer::HttpServer(HttpLimits limits, HttpHandler handler, AccessLogger logger)
    : d(std::make_unique<Impl>())
{
    d->limits = limits;
    d->handler = std::move(handler);
    d->logger = std::move(logger);
    d->workers = std::make_unique<net::thread_pool>(std::max(1, limits.workerThreads));
}

HttpServer::~HttpServer()
{
    d->workers->stop();
    d->workers->join();
}

std::string HttpServer::enableTls(const TlsFiles &files)
{
    try {
        auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
        ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
        ctx->use_certificate_chain_file(files.certificateChainFile);
        ctx->use_private_key_file(files.privateKeyFile, ssl::context::pem);
        d->tls = std::move(ctx);
    } catch (const std::exception &e) {
        return std::string("TLS set-up failed: ") + e.what();
    }
    return {};
}

std::string HttpServer::listen(const std::string &address, unsigned short port)
{
    beast::error_code ec;
    const auto addr = net::ip::make_address(address, ec);
    if (ec)
        return "invalid listen address: " + address;
    const tcp::endpoint endpoint(addr, port);
    d->acceptor.open(endpoint.protocol(), ec);
    if (ec)
        return "open: " + ec.message();
    d->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    d->acceptor.bind(endpoint, ec);
    if (ec)
        return "bind " + address + ":" + std::to_string(port) + ": " + ec.message();
    d->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return "listen: " + ec.message();
    return {};
}

unsigned short HttpServer::port() const
{
    beast::error_code ec;
    const auto ep = d->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void HttpServer::run(bool handleSignals)
{
    if (handleSignals) {
        d->signals.emplace(d->ioc, SIGINT, SIGTERM);
        d->signals->async_wait([this](beast::error_code ec, int) {
            if (!ec)
                d->beginStop();
        });
    }
    d->doAccept();
    std::vector<std::thread> threads;
    const int n = std::max(1, d->limits.ioThreads);
    for (int i = 1; i < n; ++i)
        threads.emplace_back([this] { d->ioc.run(); });
    d->ioc.run();
    for (auto &t : threads)
        t.join();
    d->workers->join();
}

void HttpServer::stop()
{
    net::post(d->ioc, [this] { d->beginStop(); });
}

int HttpServer::activeConnections() const
{
    return d->active.load();
}

} // namespace Pasokh::Hub
