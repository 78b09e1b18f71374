// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/hubclient.h"

#include "models/sync/synclog.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QUuid>

namespace Pasokh::Sync {

HubClient::HubClient(const QUrl &baseUrl, QObject *parent)
    : QObject(parent), m_base(baseUrl), m_nam(new QNetworkAccessManager(this))
{
    // No redirects to elsewhere, no hidden caches; HTTP/2 off so one stuck stream never blocks the others.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HubClient::~HubClient()
{
    abortAll();
}

QNetworkRequest HubClient::request(const QString &path, bool withToken, qint64 bodyBytes) const
{
    QUrl url = m_base;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(basePath + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1), QUrl::StrictMode);
    QNetworkRequest r(url);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("X-Request-Id", QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1());
    const QString version = QCoreApplication::applicationVersion();
    if (!version.isEmpty())
        r.setRawHeader("X-Client-Version", version.toLatin1());
    if (withToken && !m_accessToken.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + m_accessToken.toLatin1());
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setTransferTimeout(m_timeoutMs + int(bodyBytes / 65536) * 1000);
    return r;
}

void HubClient::send(QNetworkReply *reply, qint64 bodyBytes, Callback done)
{
    m_replies.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, bodyBytes, done = std::move(done)] {
        m_replies.removeOne(reply);
        reply->deleteLater();
        HubResponse r;
        r.requestBytes = bodyBytes;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (r.status == 0) {
            r.timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                         reply->error() == QNetworkReply::TimeoutError;
            r.errorMessage = reply->errorString();
            r.errorCode = r.timedOut ? QStringLiteral("timeout") : QStringLiteral("network");
            // A half-open or reset connection must not be reused: the next attempt opens a new one.
            m_nam->clearConnectionCache();
            qCInfo(lcSync) << "hub request failed:" << reply->url().path() << r.errorMessage;
            done(r);
            return;
        }
        r.retryAfter = reply->rawHeader("Retry-After");
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        r.body = doc.object();
        if (r.status >= 400) {
            const QJsonObject e = r.body.value(QStringLiteral("error")).toObject();
            r.errorCode = e.value(QStringLiteral("code")).toString();
            r.errorMessage = e.value(QStringLiteral("message")).toString();
            r.errorDetails = e.value(QStringLiteral("details")).toObject();
        }
        done(r);
    });
}

void HubClient::login(const QString &username, const QString &password, const QString &stationId,
                      Callback done)
{
    QJsonObject body{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    if (!stationId.isEmpty())
        body.insert(QStringLiteral("station_id"), stationId);
    const QString version = QCoreApplication::applicationVersion();
    if (!version.isEmpty())
        body.insert(QStringLiteral("client_version"), version);
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    send(m_nam->post(request(QStringLiteral("/v1/auth/token"), false, bytes.size()), bytes), bytes.size(),
         std::move(done));
}

void HubClient::refresh(const QString &refreshToken, Callback done)
{
    const QByteArray bytes =
        QJsonDocument(QJsonObject{{QStringLiteral("refresh_token"), refreshToken}}).toJson(QJsonDocument::Compact);
    send(m_nam->post(request(QStringLiteral("/v1/auth/refresh"), false, bytes.size()), bytes), bytes.size(),
         std::move(done));
}

void HubClient::health(Callback done)
{
    send(m_nam->get(request(QStringLiteral("/v1/health"), false, 0)), 0, std::move(done));
}

void HubClient::push(const QJsonObject &body, const QString &idempotencyKey, Callback done)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkRequest r = request(QStringLiteral("/v1/sync/push"), true, bytes.size());
    if (!idempotencyKey.isEmpty())
        r.setRawHeader("Idempotency-Key", idempotencyKey.toLatin1());
    send(m_nam->post(r, bytes), bytes.size(), std::move(done));
}

void HubClient::pull(const QString &cursor, int limit, const QString &clientId, Callback done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!clientId.isEmpty())
        q.addQueryItem(QStringLiteral("client_id"), clientId);
    send(m_nam->get(request(QStringLiteral("/v1/sync/pull?") + q.toString(QUrl::FullyEncoded), true, 0)), 0,
         std::move(done));
}

void HubClient::abortAll()
{
    const QList<QNetworkReply *> replies = m_replies;
    for (QNetworkReply *r : replies)
        r->abort();
}

} // namespace Pasokh::Sync
