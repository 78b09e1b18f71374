// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/authservice.h"

#include "server/passwordhasher.h"

#include "models/core/uuid7.h"

namespace Pasokh::Hub {

namespace {

constexpr long long kRefreshTtlMs = 30LL * 24 * 3600 * 1000;

/// C0/C1 controls (Unicode category Cc: ESC, newline, DEL...) and the bidi embedding/override/isolate marks
/// (U+202A..U+202E, U+2066..U+2069, Unicode TR9), which would let a name drive a terminal or disguise itself
/// in a list. ZWNJ (U+200C), which Persian names need, is allowed.
bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (c.category() == QChar::Other_Control || (u >= 0x202A && u <= 0x202E) ||
            (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

ApiError unauthorized(const QString &code, const QString &message)
{
    return ApiError{401, code, message, {}};
}

ApiError forbidden(const QString &code, const QString &message)
{
    return ApiError{403, code, message, {}};
}

QString tokenHash(const QString &token)
{
    return PasswordHasher::sha256Hex(token.toUtf8());
}

QJsonObject userJson(const SqlResult &r, int row)
{
    return QJsonObject{
        {QStringLiteral("id"), r.text(row, 0)},
        {QStringLiteral("username"), r.text(row, 1)},
        {QStringLiteral("display_name"), r.text(row, 2)},
        {QStringLiteral("role"), r.text(row, 3)},
        {QStringLiteral("unit_code"), r.isNull(row, 4) ? QJsonValue() : QJsonValue(r.text(row, 4))}};
}

} // namespace

AuthService::AuthService(int accessTtlSeconds) : m_accessTtlSeconds(accessTtlSeconds) {}

bool AuthService::isValidRole(const QString &role)
{
    return role == QLatin1String("operator") || role == QLatin1String("supervisor") ||
           role == QLatin1String("manager") || role == QLatin1String("admin");
}

ApiResult<QJsonObject> AuthService::issueTokens(SqlConnection &db, const QString &familyId,
                                                const QString &userId, const QString &stationId)
{
    const QString access = PasswordHasher::randomToken();
    const QString refresh = PasswordHasher::randomToken();
    const long long now = HubStore::nowMs();
    const QVariant station = stationId.isEmpty() ? QVariant() : QVariant(stationId);
    SqlResult r =
        db.exec(QStringLiteral("INSERT INTO access_tokens (token_hash, family_id, user_id, station_id, "
                               "expires_at) VALUES ($1, $2, $3, $4, $5)"),
                {tokenHash(access), familyId, userId, station, now + m_accessTtlSeconds * 1000LL});
    if (r.ok)
        r = db.exec(QStringLiteral("INSERT INTO refresh_tokens (token_hash, family_id, user_id, station_id, "
                                   "expires_at) VALUES ($1, $2, $3, $4, $5)"),
                    {tokenHash(refresh), familyId, userId, station, now + kRefreshTtlMs});
    if (!r.ok)
        return serverError(r.error);
    return QJsonObject{{QStringLiteral("access_token"), access},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), m_accessTtlSeconds},
                       {QStringLiteral("refresh_token"), refresh},
                       {QStringLiteral("refresh_expires_in"), int(kRefreshTtlMs / 1000)}};
}

ApiResult<QJsonObject> AuthService::login(SqlConnection &db, const QString &username, const QString &password,
                                          const QString &stationId)
{
    SqlResult r =
        db.exec(QStringLiteral("SELECT id, username, display_name, role, unit_code, password_hash, disabled "
                               "FROM users WHERE username = $1"),
                {username});
    if (!r.ok)
        return serverError(r.error);
    // Same work for unknown users as for known ones, so response time does not reveal accounts.
    static const QString dummy = PasswordHasher::hashPassword(QStringLiteral("pasokh-dummy-password"));
    const bool known = !r.isEmpty();
    const bool passwordOk = PasswordHasher::verifyPassword(password, known ? r.text(0, 5) : dummy);
    if (!known || !passwordOk || r.integer(0, 6) != 0)
        return unauthorized(QStringLiteral("invalid_credentials"),
                            QStringLiteral("Wrong username or password"));
    const QJsonObject user = userJson(r, 0);
    QJsonObject station;
    if (!stationId.isEmpty()) {
        const SqlResult s = db.exec(
            QStringLiteral("SELECT id, station_no, name, revoked FROM stations WHERE id = $1"), {stationId});
        if (!s.ok)
            return serverError(s.error);
        if (s.isEmpty() || s.integer(0, 3) != 0)
            return forbidden(QStringLiteral("station_revoked"),
                             QStringLiteral("This station is not registered or has been revoked"));
        station = QJsonObject{{QStringLiteral("id"), s.text(0, 0)},
                              {QStringLiteral("station_no"), int(s.integer(0, 1))},
                              {QStringLiteral("name"), s.text(0, 2)}};
    } else if (user.value(QStringLiteral("role")).toString() == QLatin1String("operator")) {
        return badRequest(QStringLiteral("station_required"),
                          QStringLiteral("Operators log in on a registered station"));
    }
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    auto tokens = issueTokens(db, Core::Uuid7::generateString(), user.value(QStringLiteral("id")).toString(),
                              stationId);
    if (!tokens.ok() || !db.commit().ok) {
        db.rollback();
        return tokens.ok() ? serverError(QStringLiteral("commit failed")) : tokens.error();
    }
    QJsonObject out = tokens.value();
    out.insert(QStringLiteral("user"), user);
    out.insert(QStringLiteral("station"), station.isEmpty() ? QJsonValue() : QJsonValue(station));
    return out;
}

ApiResult<QJsonObject> AuthService::refresh(SqlConnection &db, const QString &refreshToken)
{
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    auto fail = [&](ApiError e) -> ApiResult<QJsonObject> {
        db.rollback();
        return e;
    };
    SqlResult r =
        db.exec(QStringLiteral("SELECT family_id, user_id, station_id, expires_at, used_at, revoked FROM "
                               "refresh_tokens WHERE token_hash = $1") +
                    db.forUpdate(),
                {tokenHash(refreshToken)});
    if (!r.ok)
        return fail(serverError(r.error));
    if (r.isEmpty())
        return fail(
            unauthorized(QStringLiteral("invalid_refresh_token"), QStringLiteral("Unknown refresh token")));
    const QString family = r.text(0, 0);
    const QString userId = r.text(0, 1);
    const QString stationId = r.text(0, 2);
    const long long now = HubStore::nowMs();
    if (r.integer(0, 5) != 0)
        return fail(
            unauthorized(QStringLiteral("refresh_token_revoked"), QStringLiteral("The session was revoked")));
    if (!r.isNull(0, 4)) {
        // Replay of a rotated refresh token: someone else may hold the family; revoke it all.
        SqlResult u =
            db.exec(QStringLiteral("UPDATE refresh_tokens SET revoked = 1 WHERE family_id = $1"), {family});
        if (u.ok)
            u = db.exec(QStringLiteral("UPDATE access_tokens SET revoked = 1 WHERE family_id = $1"),
                        {family});
        if (!u.ok || !db.commit().ok)
            return fail(serverError(QStringLiteral("cannot revoke the token family")));
        return ApiError{401,
                        QStringLiteral("refresh_token_reused"),
                        QStringLiteral("This refresh token was already used; the session has been revoked"),
                        {}};
    }
    if (r.integer(0, 3) < now)
        return fail(unauthorized(QStringLiteral("refresh_token_expired"),
                                 QStringLiteral("The refresh token expired")));
    const SqlResult u = db.exec(QStringLiteral("SELECT disabled FROM users WHERE id = $1"), {userId});
    if (!u.ok)
        return fail(serverError(u.error));
    if (u.isEmpty() || u.integer(0, 0) != 0)
        return fail(forbidden(QStringLiteral("account_disabled"), QStringLiteral("The account is disabled")));
    if (!stationId.isEmpty()) {
        const SqlResult s =
            db.exec(QStringLiteral("SELECT revoked FROM stations WHERE id = $1"), {stationId});
        if (!s.ok)
            return fail(serverError(s.error));
        if (s.isEmpty() || s.integer(0, 0) != 0)
            return fail(
                forbidden(QStringLiteral("station_revoked"), QStringLiteral("The station has been revoked")));
    }
    const SqlResult m =
        db.exec(QStringLiteral("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1"),
                {tokenHash(refreshToken), now});
    if (!m.ok)
        return fail(serverError(m.error));
    auto tokens = issueTokens(db, family, userId, stationId);
    if (!tokens.ok())
        return fail(tokens.error());
    if (!db.commit().ok)
        return fail(serverError(QStringLiteral("commit failed")));
    return tokens;
}

ApiResult<QJsonObject> AuthService::logout(SqlConnection &db, const Principal &who)
{
    SqlResult r =
        db.exec(QStringLiteral("UPDATE refresh_tokens SET revoked = 1 WHERE family_id = $1"), {who.familyId});
    if (r.ok)
        r = db.exec(QStringLiteral("UPDATE access_tokens SET revoked = 1 WHERE family_id = $1"),
                    {who.familyId});
    if (!r.ok)
        return serverError(r.error);
    return QJsonObject{{QStringLiteral("revoked"), true}};
}

ApiResult<Principal> AuthService::authenticate(SqlConnection &db, const QString &accessToken)
{
    if (accessToken.isEmpty() || accessToken.size() > 200)
        return unauthorized(QStringLiteral("unauthenticated"),
                            QStringLiteral("A bearer access token is required"));
    const SqlResult r =
        db.exec(QStringLiteral(
                    "SELECT u.id, u.username, u.display_name, u.role, u.unit_code, u.disabled, t.station_id, "
                    "s.station_no, s.revoked, t.expires_at, t.revoked, t.family_id FROM access_tokens t "
                    "JOIN users u ON u.id = t.user_id LEFT JOIN stations s ON s.id = t.station_id "
                    "WHERE t.token_hash = $1"),
                {tokenHash(accessToken)});
    if (!r.ok)
        return serverError(r.error);
    if (r.isEmpty())
        return unauthorized(QStringLiteral("unauthenticated"), QStringLiteral("Unknown access token"));
    if (r.integer(0, 10) != 0)
        return unauthorized(QStringLiteral("token_revoked"), QStringLiteral("The access token was revoked"));
    if (r.integer(0, 9) < HubStore::nowMs())
        return unauthorized(QStringLiteral("token_expired"), QStringLiteral("The access token expired"));
    if (r.integer(0, 5) != 0)
        return forbidden(QStringLiteral("account_disabled"), QStringLiteral("The account is disabled"));
    if (!r.isNull(0, 6) && r.integer(0, 8, 1) != 0)
        return forbidden(QStringLiteral("station_revoked"), QStringLiteral("The station has been revoked"));
    Principal p;
    p.userId = r.text(0, 0);
    p.username = r.text(0, 1);
    p.displayName = r.text(0, 2);
    p.role = r.text(0, 3);
    p.unitCode = r.text(0, 4);
    p.stationId = r.text(0, 6);
    p.stationNo = int(r.integer(0, 7));
    p.familyId = r.text(0, 11);
    return p;
}

QString AuthService::addUser(SqlConnection &db, const QString &username, const QString &displayName,
                             const QString &role, const QString &unitCode, const QString &password)
{
    if (username.isEmpty() || username.size() > 64)
        return QStringLiteral("username must be 1-64 characters");
    if (hasControlCharacter(username))
        return QStringLiteral("username must not contain control characters (escape, newline, bidi "
                              "overrides...)");
    if (hasControlCharacter(displayName))
        return QStringLiteral("display name must not contain control characters (escape, newline, bidi "
                              "overrides...)");
    if (!isValidRole(role))
        return QStringLiteral("role must be operator, supervisor, manager or admin");
    if (password.size() < 8)
        return QStringLiteral("password must have at least 8 characters");
    if (role == QLatin1String("manager")) {
        const SqlResult u = db.exec(QStringLiteral("SELECT code FROM units WHERE code = $1"), {unitCode});
        if (!u.ok || u.isEmpty())
            return QStringLiteral("a manager needs an existing unit (--unit CODE)");
    } else if (!unitCode.isEmpty()) {
        return QStringLiteral("only managers are bound to a unit");
    }
    const QString hash = PasswordHasher::hashPassword(password);
    if (hash.isEmpty())
        return QStringLiteral("password hashing failed");
    const SqlResult r = db.exec(
        QStringLiteral(
            "INSERT INTO users (id, username, display_name, role, unit_code, password_hash, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)"),
        {Core::Uuid7::generateString(), username, displayName.isEmpty() ? username : displayName, role,
         unitCode.isEmpty() ? QVariant() : QVariant(unitCode), hash, HubStore::nowMs()});
    if (!r.ok)
        return r.errorKind == SqlErrorKind::UniqueViolation ? QStringLiteral("username already exists")
                                                            : r.error;
    return {};
}

QString AuthService::resetPassword(SqlConnection &db, const QString &username, const QString &password)
{
    if (password.size() < 8)
        return QStringLiteral("password must have at least 8 characters");
    const QString hash = PasswordHasher::hashPassword(password);
    SqlResult r =
        db.exec(QStringLiteral("UPDATE users SET password_hash = $2 WHERE username = $1"), {username, hash});
    if (!r.ok)
        return r.error;
    if (r.affectedRows == 0)
        return QStringLiteral("no such user");
    r = db.exec(
        QStringLiteral("UPDATE access_tokens SET revoked = 1 WHERE user_id = (SELECT id FROM users WHERE "
                       "username = $1)"),
        {username});
    if (r.ok)
        r = db.exec(QStringLiteral(
                        "UPDATE refresh_tokens SET revoked = 1 WHERE user_id = (SELECT id FROM users WHERE "
                        "username = $1)"),
                    {username});
    return r.ok ? QString() : r.error;
}

QString AuthService::setUserDisabled(SqlConnection &db, const QString &username, bool disabled)
{
    SqlResult r = db.exec(QStringLiteral("UPDATE users SET disabled = $2 WHERE username = $1"),
                          {username, disabled ? 1 : 0});
    if (!r.ok)
        return r.error;
    if (r.affectedRows == 0)
        return QStringLiteral("no such user");
    if (disabled)
        r = db.exec(
            QStringLiteral("UPDATE refresh_tokens SET revoked = 1 WHERE user_id = (SELECT id FROM users "
                           "WHERE username = $1)"),
            {username});
    return r.ok ? QString() : r.error;
}

ApiResult<QJsonObject> AuthService::addStation(SqlConnection &db, const QString &name, int stationNo)
{
    if (stationNo < 0 || stationNo > 99)
        return badRequest(QStringLiteral("invalid_station_no"), QStringLiteral("Station numbers are 1-99"));
    if (stationNo == 0) {
        const SqlResult r = db.exec(QStringLiteral("SELECT station_no FROM stations ORDER BY station_no"));
        if (!r.ok)
            return serverError(r.error);
        int next = 1;
        for (int i = 0; i < r.rowCount() && r.integer(i, 0) == next; ++i)
            ++next;
        if (next > 99)
            return ApiError{409,
                            QStringLiteral("no_station_numbers"),
                            QStringLiteral("All 99 station numbers are used"),
                            {}};
        stationNo = next;
    }
    const QString id = Core::Uuid7::generateString();
    const SqlResult r = db.exec(
        QStringLiteral("INSERT INTO stations (id, station_no, name, created_at) VALUES ($1, $2, $3, $4)"),
        {id, stationNo, name.isEmpty() ? QStringLiteral("station %1").arg(stationNo) : name,
         HubStore::nowMs()});
    if (!r.ok) {
        if (r.errorKind == SqlErrorKind::UniqueViolation)
            return ApiError{
                409, QStringLiteral("station_no_taken"), QStringLiteral("That station number is taken"), {}};
        return serverError(r.error);
    }
    return QJsonObject{{QStringLiteral("station_id"), id}, {QStringLiteral("station_no"), stationNo}};
}

QString AuthService::revokeStation(SqlConnection &db, const QString &idOrNumber)
{
    bool numeric = false;
    const int no = idOrNumber.toInt(&numeric);
    const SqlResult r =
        numeric ? db.exec(QStringLiteral("UPDATE stations SET revoked = 1 WHERE station_no = $1"), {no})
                : db.exec(QStringLiteral("UPDATE stations SET revoked = 1 WHERE id = $1"), {idOrNumber});
    if (!r.ok)
        return r.error;
    return r.affectedRows == 0 ? QStringLiteral("no such station") : QString();
}

ApiResult<QString> AuthService::addApiKey(SqlConnection &db, const QString &name)
{
    const QString key = PasswordHasher::randomToken();
    const SqlResult r =
        db.exec(QStringLiteral("INSERT INTO api_keys (key_hash, name, created_at) VALUES ($1, $2, $3)"),
                {tokenHash(key), name, HubStore::nowMs()});
    if (!r.ok)
        return serverError(r.error);
    return key;
}

bool AuthService::checkApiKey(SqlConnection &db, const QString &key)
{
    if (key.isEmpty() || key.size() > 200)
        return false;
    const SqlResult r =
        db.exec(QStringLiteral("SELECT revoked FROM api_keys WHERE key_hash = $1"), {tokenHash(key)});
    return r.ok && !r.isEmpty() && r.integer(0, 0) == 0;
}

QJsonObject AuthService::list(SqlConnection &db)
{
    QJsonArray users;
    SqlResult r = db.exec(QStringLiteral(
        "SELECT id, username, display_name, role, unit_code, disabled FROM users ORDER BY username"));
    for (int i = 0; i < r.rowCount(); ++i) {
        QJsonObject u = userJson(r, i);
        u.insert(QStringLiteral("disabled"), r.integer(i, 5) != 0);
        users.append(u);
    }
    QJsonArray stations;
    r = db.exec(QStringLiteral("SELECT id, station_no, name, revoked FROM stations ORDER BY station_no"));
    for (int i = 0; i < r.rowCount(); ++i)
        stations.append(QJsonObject{{QStringLiteral("id"), r.text(i, 0)},
                                    {QStringLiteral("station_no"), int(r.integer(i, 1))},
                                    {QStringLiteral("name"), r.text(i, 2)},
                                    {QStringLiteral("revoked"), r.integer(i, 3) != 0}});
    return QJsonObject{{QStringLiteral("users"), users}, {QStringLiteral("stations"), stations}};
}

} // namespace Pasokh::Hub
