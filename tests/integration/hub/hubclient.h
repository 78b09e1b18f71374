// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QString>

namespace Pasokh::HubTest {

/// One HTTP answer as the test sees it. status 0 = no HTTP response (connection closed/refused/timeout).
struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonDocument json;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    QJsonObject object() const { return json.object(); }
    QJsonArray array() const { return json.array(); }
    /// error.code of a hub JSON error body.
    QString errorCode() const;
    QByteArray header(const QByteArray &name) const;
    /// error.details.<key> of a hub JSON error body.
    QJsonValue errorDetail(const QString &key) const;
    /// results[i] of a push answer.
    QJsonObject result(int i) const;
};

/// A blocking HTTP client over QNetworkAccessManager for tests (each call spins a local event loop, 30 s
/// timeout).
class HubClient
{
public:
    explicit HubClient(QString baseUrl = {});
    void setBaseUrl(const QString &baseUrl) { m_baseUrl = baseUrl; }
    QString baseUrl() const { return m_baseUrl; }

    Reply get(const QString &path, const QString &token = {});
    Reply post(const QString &path, const QJsonObject &body, const QString &token = {});
    Reply put(const QString &path, const QJsonObject &body, const QString &token = {});
    Reply del(const QString &path, const QString &token = {});
    /// Any method with a raw body and content type; extra headers as name/value pairs.
    Reply send(const QByteArray &method, const QString &path, const QByteArray &body,
               const QByteArray &contentType, const QString &token = {},
               const QList<QPair<QByteArray, QByteArray>> &headers = {});

private:
    QString m_baseUrl;
    QNetworkAccessManager m_nam;
};

} // namespace Pasokh::HubTest
