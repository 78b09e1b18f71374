// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Pasokh::Testing {

/// What the fault proxy does to one HTTP request (request faults) or one TCP connection (connection faults).
enum class Fault
{
    Pass,               ///< forward the request, return the hub's reply
    DropRequest,        ///< read the whole request from the client, close both sides without forwarding
    DropRequestMidBody, ///< forward the head and half of the body to the hub, then close both sides
    DropReply,          ///< forward, read the hub's whole reply (the hub committed), close without sending it
    Delay,              ///< wait FaultSpec::delayMs before forwarding, then pass
    Duplicate,          ///< send the request to the hub twice (one after the other, or concurrently on two
                        ///< connections), return one of the two replies (FaultSpec::returnSecondReply)
    TruncateReply,      ///< forward, send only the first FaultSpec::truncateBytes bytes of the reply, close
    InjectStatus,       ///< answer FaultSpec::status with FaultSpec::retryAfter itself, never forward
    // Connection faults (decided when a connection is accepted):
    HalfOpen, ///< as a connection fault: accept, then neither read nor write nor close until reset()/stop()
              ///< (no RST, no FIN); as a request fault: read the request, then stall the same way
    Refuse,   ///< accept and reset at once (SO_LINGER 0 close)
};

/// A fault and its parameters.
struct FaultSpec
{
    Fault kind = Fault::Pass;
    int delayMs = 0;               ///< Delay: milliseconds before forwarding
    bool concurrent = false;       ///< Duplicate: both copies at once on two hub connections
    bool returnSecondReply = true; ///< Duplicate: return the second reply (else the first)
    std::size_t truncateBytes = 0; ///< TruncateReply: bytes sent; 0 = half of the serialised reply
    int status = 503;              ///< InjectStatus: HTTP status (429, 503...)
    std::string retryAfter; ///< InjectStatus: Retry-After value (delay-seconds or HTTP-date); empty = none
    std::string errorCode = "injected"; ///< InjectStatus: error.code of the JSON body
    /// Request faults only: applies only to requests whose target starts with this (e.g. "/v1/sync/push");
    /// other requests pass this queued entry by (it waits for a matching one). Empty = every request.
    std::string only;

    static FaultSpec pass() { return {}; }
    static FaultSpec of(Fault kind)
    {
        FaultSpec s;
        s.kind = kind;
        return s;
    }
    static FaultSpec delay(int ms)
    {
        FaultSpec s;
        s.kind = Fault::Delay;
        s.delayMs = ms;
        return s;
    }
    static FaultSpec inject(int status, std::string retryAfter)
    {
        FaultSpec s;
        s.kind = Fault::InjectStatus;
        s.status = status;
        s.retryAfter = std::move(retryAfter);
        return s;
    }
    /// The same fault restricted to targets starting with `prefix`.
    FaultSpec on(std::string prefix) const
    {
        FaultSpec s = *this;
        s.only = std::move(prefix);
        return s;
    }
};

/// One request as the proxy saw it (times on the steady clock and the system clock, UTC).
struct ProxiedRequest
{
    int connection = 0; ///< 1-based accept counter
    std::string method; ///< "POST"
    std::string target; ///< "/v1/sync/push"
    std::size_t bodyBytes = 0;
    Fault fault = Fault::Pass;
    int status = 0;         ///< status sent to the client in full (hub's or injected); 0 = none/truncated
    int upstreamStatus = 0; ///< status of the hub's reply (0 = not forwarded or no reply)
    std::chrono::steady_clock::time_point receivedAt;     ///< the whole request was read
    std::chrono::system_clock::time_point receivedAtWall; ///< same instant, wall clock
    std::chrono::steady_clock::time_point repliedAt;      ///< reply sent (or dropped); epoch if never
};

/// Name of a fault for messages ("drop_reply").
const char *faultName(Fault f);
/// An IMF-fixdate (RFC 9110 §5.6.7) for a wall-clock instant, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string httpDate(std::chrono::system_clock::time_point t);

/// A fault-injecting HTTP/1.1 TCP proxy for sync tests (notes/sync.md §7): listens on 127.0.0.1:0, forwards
/// to one upstream (the hub) on 127.0.0.1, and applies faults switchable at run time: a sticky default for
/// every request, a queue "for the next N requests", and a queue "for the next N connections" (HalfOpen,
/// Refuse, or any request fault applied to every request of that connection). Requests and replies are
/// framed with Boost.Beast's HTTP parser (Content-Length and chunked), so requests are counted exactly.
/// Threads: an acceptor thread plus one thread per client connection (blocking Boost.Asio/Beast I/O; test
/// loads are a few hundred connections at most). All public functions are thread-safe. stop() (or the
/// destructor) closes every socket, including half-open ones, and joins the threads.
class FaultProxy
{
public:
    /// `upstreamPort`: the hub's port on 127.0.0.1.
    explicit FaultProxy(int upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    /// Binds 127.0.0.1:0 and starts the acceptor. Returns an error message, empty on success.
    std::string start();
    /// Closes the listener and every connection, joins all threads. Safe to call twice.
    void stop();
    /// The bound port (after start()).
    int port() const { return m_port; }
    /// "http://127.0.0.1:PORT".
    std::string baseUrl() const;
    /// Points later upstream connections at another port (a hub restarted on a new port).
    void setUpstreamPort(int port);

    /// The fault for every request that no queued fault claims (default Pass); with FaultSpec::only set,
    /// other requests pass.
    void setDefault(const FaultSpec &spec);
    /// The fault for every accepted connection that no queued connection fault claims (default none:
    /// requests decide). Used for "the hub is down" (Refuse) and black holes (HalfOpen).
    void setConnectionDefault(const FaultSpec &spec);
    /// Applies `spec` to the next `count` requests (after those queued before).
    void failNextRequests(const FaultSpec &spec, int count = 1);
    /// Applies `spec` to the next `count` accepted connections: HalfOpen/Refuse act on the connection, a
    /// request fault applies to every request on it.
    void failNextConnections(const FaultSpec &spec, int count = 1);
    /// Drops queued faults and resets both defaults to Pass; releases (closes) half-open connections.
    void reset();

    /// Every request seen so far, in arrival order.
    std::vector<ProxiedRequest> requests() const;
    /// Requests whose target starts with `prefix` (e.g. "/v1/sync/push").
    std::vector<ProxiedRequest> requests(const std::string &prefix) const;
    /// Number of accepted connections.
    int connections() const;
    /// When each connection was accepted (steady clock), in order.
    std::vector<std::chrono::steady_clock::time_point> connectionTimes() const;
    /// Number of requests sent to the hub (duplicates count twice), all or those whose target starts with
    /// `prefix`. Counted when the bytes are written, before the hub answers.
    int forwarded(const std::string &prefix = {}) const;
    /// Clears the request log.
    void clearLog();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    int m_port = 0;
};

} // namespace Pasokh::Testing
