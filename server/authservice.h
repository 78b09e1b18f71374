// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/apierror.h"
#include "server/hubstore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Pasokh::Hub {

/// Accounts, stations, API keys and tokens (issue 5, notes/sync.md §6).
/// Access tokens live `accessTtlSeconds` (default 900 s = 15 min); refresh tokens 30 days and rotate on every
/// use: a refresh token used a second time revokes its whole family (every access and refresh token of that
/// login), the OAuth 2.0 Security BCP rule for refresh-token replay (RFC 9700 §4.14.2). Tokens and API keys
/// are stored as SHA-256 hashes only; passwords as Argon2id strings.
class AuthService
{
public:
    explicit AuthService(int accessTtlSeconds = 900);

    /// POST /v1/auth/token. 401 `invalid_credentials` (unknown user, wrong password, disabled account: one
    /// answer so accounts cannot be probed), 403 `station_revoked`, 400 `station_required` (operators log in
    /// on a station).
    ApiResult<QJsonObject> login(SqlConnection &db, const QString &username, const QString &password,
                                 const QString &stationId);
    /// POST /v1/auth/refresh: rotates. 401 `invalid_refresh_token`, `refresh_token_expired`,
    /// `refresh_token_reused` (family revoked), 403 `account_disabled` / `station_revoked`.
    ApiResult<QJsonObject> refresh(SqlConnection &db, const QString &refreshToken);
    /// POST /v1/auth/logout: revokes the caller's token family.
    ApiResult<QJsonObject> logout(SqlConnection &db, const Principal &who);
    /// Checks a bearer access token. 401 `unauthenticated` / `token_expired` / `token_revoked`,
    /// 403 `account_disabled` / `station_revoked`.
    ApiResult<Principal> authenticate(SqlConnection &db, const QString &accessToken);

    // --- administration (CLI and admin API) ---
    /// Creates a user. `role` operator|supervisor|manager|admin; managers need an existing `unitCode`. A user
    /// name or display name with a control character (C0/C1, bidi overrides) is refused.
    static QString addUser(SqlConnection &db, const QString &username, const QString &displayName,
                           const QString &role, const QString &unitCode, const QString &password);
    /// Sets a new password and revokes every token of the user.
    static QString resetPassword(SqlConnection &db, const QString &username, const QString &password);
    /// Disables or enables an account; disabling revokes its tokens at once.
    static QString setUserDisabled(SqlConnection &db, const QString &username, bool disabled);
    /// Registers a station; `stationNo` 1..99 or 0 for the lowest free number. Returns {id, station_no}.
    static ApiResult<QJsonObject> addStation(SqlConnection &db, const QString &name, int stationNo);
    /// Revokes a station (by id or number); its tokens stop working at once.
    static QString revokeStation(SqlConnection &db, const QString &idOrNumber);
    /// Creates an Open311 API key for a partner system; returns the key (shown once).
    static ApiResult<QString> addApiKey(SqlConnection &db, const QString &name);
    /// True when `key` is a known, unrevoked API key.
    static bool checkApiKey(SqlConnection &db, const QString &key);
    /// Users and stations for `admin list` (no secrets).
    static QJsonObject list(SqlConnection &db);
    /// True if `role` is one of the four roles.
    static bool isValidRole(const QString &role);

private:
    ApiResult<QJsonObject> issueTokens(SqlConnection &db, const QString &familyId, const QString &userId,
                                       const QString &stationId);
    int m_accessTtlSeconds;
};

} // namespace Pasokh::Hub
