// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Pasokh::Hub {

/// One parsed HTTP/1.1 request as the application sees it. Header names are lower-case; `target` is the raw
/// request-target (path + query, still percent-encoded); `remote` is "ip:port" of the peer (for logs only).
struct HttpRequest
{
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string remote;

    /// Value of the first header named `lowerName`, or an empty string.
    std::string header(const std::string &lowerName) const;
};

/// A response the application returns. `headers` are added verbatim (e.g. Retry-After).
struct HttpResponse
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Limits that protect the hub against hostile or broken clients. Sizes in bytes, times in milliseconds.
struct HttpLimits
{
    std::size_t maxBodyBytes =
        1024 * 1024 + 64 * 1024;            ///< sync.md: a push is at most 1 MiB (+ envelope slack)
    std::size_t maxHeaderBytes = 16 * 1024; ///< whole header block; larger ⇒ 431
    int requestTimeoutMs = 30000;           ///< time to receive one complete request, also the
                                            ///< keep-alive idle limit (slowloris defence)
    int maxConnections = 2000;              ///< beyond this new connections are closed at once
    int ioThreads = 2;                      ///< threads running the Asio I/O loop
    int workerThreads = 8;                  ///< threads running handlers (blocking DB work)
    int shutdownGraceMs = 10000;            ///< SIGTERM: time allowed for in-flight requests
};

/// TLS material; both empty ⇒ plain HTTP.
struct TlsFiles
{
    std::string certificateChainFile;
    std::string privateKeyFile;
};

/// Application callback. Runs on a worker thread, may block (database). Must not throw: an escaping exception
/// is caught and answered with 500 `internal_error` (and logged), the connection stays usable.
using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

/// Access-log callback, called once per answered request with method, path (no query string: queries may
/// carry personal data), status, response bytes and duration in microseconds.
using AccessLogger = std::function<void(const std::string &method, const std::string &path, int status,
                                        std::size_t bytes, long long micros, const std::string &remote)>;

/// HTTP/1.1 server on Boost.Beast: keep-alive, optional TLS (OpenSSL), the limits above, graceful stop.
/// Malformed requests are answered with a JSON 4xx (400, 408, 413, 431) and the connection is closed; a
/// connection beyond `maxConnections` is closed without a response.
class HttpServer
{
public:
    HttpServer(HttpLimits limits, HttpHandler handler, AccessLogger logger = {});
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    /// Loads the TLS certificate chain and key (PEM). Returns an error message, empty on success.
    std::string enableTls(const TlsFiles &files);

    /// Binds and listens on `address:port` (port 0 = pick a free one). Returns an error message, empty on
    /// success.
    std::string listen(const std::string &address, unsigned short port);

    /// The bound port (after listen()).
    unsigned short port() const;

    /// Runs the I/O and worker threads until stop() (or SIGTERM/SIGINT when `handleSignals`), then returns.
    void run(bool handleSignals);

    /// Graceful stop: stops accepting, lets in-flight requests finish (≤ shutdownGraceMs), closes idle
    /// keep-alive connections, then makes run() return. Thread-safe.
    void stop();

    /// Currently open client connections.
    int activeConnections() const;

    /// Implementation details (sessions need them); not part of the interface.
    struct Impl;

private:
    std::unique_ptr<Impl> d;
};

} // namespace Pasokh::Hub
