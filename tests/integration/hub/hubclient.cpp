// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/hub/hubclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace Pasokh::HubTest {

QString Reply::errorCode() const
{
    return json.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QJsonValue Reply::errorDetail(const QString &key) const
{
    return json.object()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("details"))
        .toObject()
        .value(key);
}

QJsonObject Reply::result(int i) const
{
    return json.object().value(QStringLiteral("results")).toArray().at(i).toObject();
}

QByteArray Reply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HubClient::HubClient(QString baseUrl) : m_baseUrl(std::move(baseUrl)) {}

Reply HubClient::get(const QString &path, const QString &token)
{
    return send("GET", path, {}, {}, token);
}

Reply HubClient::post(const QString &path, const QJsonObject &body, const QString &token)
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

Reply HubClient::put(const QString &path, const QJsonObject &body, const QString &token)
{
    return send("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
}

Reply HubClient::del(const QString &path, const QString &token)
{
    return send("DELETE", path, {}, {}, token);
}

Reply HubClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                      const QByteArray &contentType, const QString &token,
                      const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(QUrl(m_baseUrl + path, QUrl::TolerantMode));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QBuffer *buffer = new QBuffer;
    buffer->setData(body);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, buffer);
    buffer->setParent(reply);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [reply] { reply->abort(); });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(30000);
    loop.exec();
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body);
    r.headers = reply->rawHeaderPairs();
    r.networkError = reply->error();
    reply->deleteLater();
    return r;
}

} // namespace Pasokh::HubTest
