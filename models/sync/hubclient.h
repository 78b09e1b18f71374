// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Pasokh::Sync {

/// One answer of the hub, or the lack of one.
struct HubResponse
{
    int status = 0;         ///< HTTP status; 0 = no response (timeout, reset, refused, DNS, TLS)
    QJsonObject body;       ///< the JSON object of the body (empty when the body is not a JSON object)
    QString errorCode;      ///< `error.code` of the hub's error body (server/README.md), else empty
    QString errorMessage;   ///< `error.message`, or the transport error text when status is 0
    QJsonObject errorDetails; ///< `error.details` (e.g. last_mutation_id of a 409 gap)
    QByteArray retryAfter;  ///< raw `Retry-After` header, empty when absent
    bool timedOut = false;  ///< no complete answer within the request timeout
    qint64 requestBytes = 0; ///< size of the request body sent
};

/// HTTP/JSON client of pasokh-hub (server/README.md, notes/sync.md §4) on QNetworkAccessManager. Lives on
/// the thread that creates it (the sync thread); every call is asynchronous and calls `done` exactly once on
/// that thread. It never retries by itself: the sync engine is the one retry layer (notes/sync.md "Retry
/// policy"). Each request gets a timeout (default 30 s, plus 1 s per 64 KiB of body: size-scaled as
/// Nextcloud does); a request that times out (e.g. a half-open TCP connection) is aborted and the connection
/// cache cleared, so the next attempt opens a new connection.
class HubClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const HubResponse &)>;

    /// `baseUrl` like "http://127.0.0.1:8137" (a path prefix is kept).
    explicit HubClient(const QUrl &baseUrl, QObject *parent = nullptr);
    ~HubClient() override;

    QUrl baseUrl() const { return m_base; }
    /// Bearer token sent with every request but login/refresh/health; empty = none.
    void setAccessToken(const QString &token) { m_accessToken = token; }
    QString accessToken() const { return m_accessToken; }
    /// Base request timeout in ms (default 30 000).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    /// POST /v1/auth/token {username, password, station_id?, client_version}.
    void login(const QString &username, const QString &password, const QString &stationId, Callback done);
    /// POST /v1/auth/refresh {refresh_token}: returns a new pair (the old refresh token is spent).
    void refresh(const QString &refreshToken, Callback done);
    /// GET /v1/health: {status, server_epoch, server_time_utc, min_client_version, ...}.
    void health(Callback done);
    /// POST /v1/sync/push with `Idempotency-Key` (empty = not sent) and a fresh `X-Request-Id`.
    void push(const QJsonObject &body, const QString &idempotencyKey, Callback done);
    /// GET /v1/sync/pull?cursor=&limit=&client_id=.
    void pull(const QString &cursor, int limit, const QString &clientId, Callback done);
    /// Aborts every request in flight (their callbacks run with status 0).
    void abortAll();
    /// Number of requests in flight.
    int inFlight() const { return int(m_replies.size()); }

private:
    QNetworkRequest request(const QString &path, bool withToken, qint64 bodyBytes) const;
    void send(QNetworkReply *reply, qint64 bodyBytes, Callback done);

    QUrl m_base;
    QString m_accessToken;
    int m_timeoutMs = 30000;
    QNetworkAccessManager *m_nam;
    QList<QNetworkReply *> m_replies;
};

} // namespace Pasokh::Sync
