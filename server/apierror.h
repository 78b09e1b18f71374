// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace Pasokh::Hub {

/// An error answered to an API client: HTTP status, a stable machine code (snake_case) and an English
/// message. Body: `{"error":{"status":..,"code":..,"message":..[,"details":{..}]}}`.
struct ApiError
{
    int status = 400;
    QString code;
    QString message;
    QJsonObject details;
};

/// Either a value or an ApiError; the hub's handlers return these instead of throwing.
template <typename T> class ApiResult
{
public:
    ApiResult(T value) : m_value(std::move(value)), m_ok(true) {}
    ApiResult(ApiError error) : m_error(std::move(error)), m_ok(false) {}
    bool ok() const { return m_ok; }
    const T &value() const { return m_value; }
    T &value() { return m_value; }
    const ApiError &error() const { return m_error; }

private:
    T m_value{};
    ApiError m_error;
    bool m_ok;
};

/// Shorthand constructors for common errors.
inline ApiError badRequest(const QString &code, const QString &message)
{
    return ApiError{400, code, message, {}};
}
inline ApiError serverError(const QString &message)
{
    return ApiError{503, QStringLiteral("storage_unavailable"), message, {}};
}

} // namespace Pasokh::Hub
