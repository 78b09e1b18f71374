// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/authservice.h"
#include "server/connectionpool.h"
#include "server/httpserver.h"
#include "server/open311service.h"
#include "server/ratelimiter.h"

namespace Pasokh::Hub {

/// Options the router needs from the configuration.
struct RouterOptions
{
    QString minClientVersion = QStringLiteral("0.1.0");
    QString jurisdiction = QStringLiteral("mashhad.ir");
    int accessTokenTtlSeconds = 900;
    /// Login attempts (POST /v1/auth/token and /refresh) per source address: refill per minute and bucket
    /// size; 0 disables.
    double loginPerMinute = 30;
    double loginBurst = 30;
    /// Authenticated requests per station (station-bound token) or else per account: refill per second and
    /// bucket size; 0 disables.
    double apiPerSecond = 20;
    double apiBurst = 120;
};

/// Maps HTTP requests to the hub's services, checks the bearer token and the role matrix, and turns results
/// into JSON responses. Every error is JSON `{"error":{status, code, message[, details]}}` (Open311 uses its
/// own list format); storage failures are 503 with Retry-After, never 500. Thread-safe (state lives in the
/// database).
///
/// Role matrix (issue 5): push — operator, supervisor, admin (station-bound token); pull, reference reads,
/// case reads — every role (managers: their unit's cases only); answer/start — manager of the case's unit,
/// admin; review — supervisor, admin; heartbeat — operator, supervisor; floor view and state log —
/// supervisor, admin; publishing and station registration — admin.
///
/// Rate limits (token buckets, RateLimiter): login attempts per source address, everything authenticated per
/// station or account. Over the limit ⇒ 429 `rate_limited` with `Retry-After` (seconds) and
/// `details.retry_after_seconds`.
class Router
{
public:
    Router(ConnectionPool &pool, RouterOptions options);
    /// Handles one request (called on a worker thread).
    HttpResponse handle(const HttpRequest &request);

private:
    /// True when `version` (dotted, e.g. "0.3.1") is at least RouterOptions::minClientVersion.
    bool clientVersionAllowed(const QString &version) const;

    ConnectionPool &m_pool;
    RouterOptions m_options;
    AuthService m_auth;
    Open311Service m_open311;
    RateLimiter m_loginLimiter;
    RateLimiter m_apiLimiter;
};

} // namespace Pasokh::Hub
