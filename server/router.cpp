// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/router.h"

#include "server/caseservice.h"
#include "server/jsonvalidator.h"
#include "server/logging.h"
#include "server/referencedata.h"
#include "server/syncservice.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <QVersionNumber>

#include <initializer_list>

namespace Pasokh::Hub {

namespace {

HttpResponse jsonResponse(int status, const QJsonObject &body)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString();
    return r;
}

HttpResponse errorResponse(const ApiError &e)
{
    QJsonObject err{{QStringLiteral("status"), e.status},
                    {QStringLiteral("code"), e.code},
                    {QStringLiteral("message"), e.message}};
    if (!e.details.isEmpty())
        err.insert(QStringLiteral("details"), e.details);
    HttpResponse r = jsonResponse(e.status, QJsonObject{{QStringLiteral("error"), err}});
    if (e.status == 503)
        r.headers.emplace_back("Retry-After", "1");
    if (e.status == 401)
        r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"pasokh-hub\"");
    return r;
}

template <typename T> HttpResponse reply(const ApiResult<T> &result, int okStatus = 200)
{
    if (!result.ok())
        return errorResponse(result.error());
    return jsonResponse(okStatus, result.value());
}

/// 429 with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3 delay-seconds).
HttpResponse tooManyRequests(int retryAfterSeconds)
{
    ApiError e{429,
               QStringLiteral("rate_limited"),
               QStringLiteral("Too many requests; try again in %1 s").arg(retryAfterSeconds),
               {}};
    e.details.insert(QStringLiteral("retry_after_seconds"), retryAfterSeconds);
    HttpResponse r = errorResponse(e);
    r.headers.emplace_back("Retry-After", std::to_string(retryAfterSeconds));
    return r;
}

/// The peer's address without the port ("ip:port" → "ip"; IPv6 keeps its colons).
QString sourceAddress(const std::string &remote)
{
    const auto colon = remote.rfind(':');
    return QString::fromStdString(colon == std::string::npos ? remote : remote.substr(0, colon));
}

ApiError err(int status, const char *code, const QString &message)
{
    return ApiError{status, QLatin1String(code), message, {}};
}

bool roleIn(const Principal &p, std::initializer_list<const char *> roles)
{
    for (const char *r : roles) {
        if (p.is(r))
            return true;
    }
    return false;
}

/// Validates and applies an admin's publication of one reference item.
ApiResult<QJsonObject> publish(SqlConnection &db, const QString &entity, const QString &key,
                               const QJsonObject &body)
{
    std::optional<ApiError> shape;
    if (entity == QLatin1String("category"))
        shape = JsonValidator::check(body, {{"parent", JsonType::String, false, true, 60},
                                            {"name_fa", JsonType::String, true, false, 200},
                                            {"name_en", JsonType::String, true, false, 200},
                                            {"default_unit", JsonType::String, false, true, 40},
                                            {"sla_days", JsonType::Integer, false, true},
                                            {"urgent", JsonType::Bool},
                                            {"retired", JsonType::Bool}});
    else if (entity == QLatin1String("unit"))
        shape = JsonValidator::check(body, {{"kind", JsonType::String, true, false, 40},
                                            {"name_fa", JsonType::String, true, false, 200},
                                            {"name_en", JsonType::String, true, false, 200},
                                            {"retired", JsonType::Bool}});
    else if (entity == QLatin1String("district"))
        shape = JsonValidator::check(body, {{"name_fa", JsonType::String, true, false, 200},
                                            {"name_en", JsonType::String, true, false, 200},
                                            {"unit_code", JsonType::String, true, false, 40},
                                            {"retired", JsonType::Bool}});
    else
        shape = JsonValidator::check(body, {{"title", JsonType::String, true, false, 500},
                                            {"body", JsonType::String, true, false, 200000},
                                            {"keywords", JsonType::Array, false, false, 200},
                                            {"categories", JsonType::Array, false, false, 200},
                                            {"units", JsonType::Array, false, false, 200},
                                            {"reviewed", JsonType::String, false, true, 10}});
    if (shape)
        return *shape;
    static const QRegularExpression codeRe(QStringLiteral("^[A-Z0-9][A-Z0-9-]{0,59}$"));
    if (entity == QLatin1String("kb_article")) {
        // The console's article id rule (Kb::ArticleParser): front-matter ids such as "waste-collection";
        // a UUID fits it too.
        static const QRegularExpression articleIdRe(QStringLiteral("^[A-Za-z0-9._-]{1,80}$"));
        if (!articleIdRe.match(key).hasMatch())
            return err(400, "invalid_id",
                       QStringLiteral("An article id is 1-80 ASCII letters, digits, '.', '_' or '-'"));
        const QJsonValue reviewed = body.value(QStringLiteral("reviewed"));
        if (reviewed.isString() && !QDate::fromString(reviewed.toString(), Qt::ISODate).isValid())
            return err(400, "invalid_date", QStringLiteral("reviewed is an ISO date (YYYY-MM-DD)"));
        for (const char *f : {"keywords", "categories", "units"}) {
            for (const QJsonValue &v : body.value(QLatin1String(f)).toArray()) {
                if (!v.isString())
                    return err(400, "wrong_type",
                               QStringLiteral("%1 must be a list of strings").arg(QLatin1String(f)));
            }
        }
    } else if (entity == QLatin1String("district")) {
        bool ok = false;
        const int no = key.toInt(&ok);
        if (!ok || no < 1 || no > 99)
            return err(400, "invalid_code", QStringLiteral("A district code is a number"));
    } else if (!codeRe.match(key).hasMatch()) {
        return err(400, "invalid_code", QStringLiteral("Codes are upper-case letters, digits and dashes"));
    }
    auto unitExists = [&](const QString &code) {
        const SqlResult r =
            db.exec(QStringLiteral("SELECT 1 FROM units WHERE code = $1 AND retired = 0"), {code});
        return r.ok && !r.isEmpty();
    };
    if (entity == QLatin1String("category")) {
        const QString parent = body.value(QStringLiteral("parent")).toString();
        const QString unit = body.value(QStringLiteral("default_unit")).toString();
        if (!parent.isEmpty()) {
            const SqlResult r = db.exec(
                QStringLiteral("SELECT 1 FROM categories WHERE code = $1 AND parent IS NULL"), {parent});
            if (!r.ok || r.isEmpty())
                return err(422, "unknown_parent",
                           QStringLiteral("parent must be an existing category group"));
            if (unit.isEmpty())
                return err(422, "default_unit_required", QStringLiteral("A sub-category needs default_unit"));
        }
        if (!unit.isEmpty() && unit != QLatin1String("DISTRICT") && unit != QLatin1String("EXTERNAL") &&
            !unitExists(unit))
            return err(422, "unknown_unit",
                       QStringLiteral("default_unit must be DISTRICT, EXTERNAL or a unit code"));
        if (body.value(QStringLiteral("sla_days")).toInt() < 0)
            return err(422, "invalid_sla", QStringLiteral("sla_days must be ≥ 0"));
    } else if (entity == QLatin1String("unit")) {
        static const QStringList kinds = {QStringLiteral("district"), QStringLiteral("organisation"),
                                          QStringLiteral("deputy"), QStringLiteral("external")};
        if (!kinds.contains(body.value(QStringLiteral("kind")).toString()))
            return err(422, "invalid_kind",
                       QStringLiteral("kind must be district, organisation, deputy or external"));
    } else if (entity == QLatin1String("district")) {
        if (!unitExists(body.value(QStringLiteral("unit_code")).toString()))
            return err(422, "unknown_unit", QStringLiteral("unit_code must be an existing unit"));
    }
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    QList<PendingChange> changes;
    const QString e = ReferenceData::upsert(db, entity, key, body, changes);
    if (!e.isEmpty() || !HubStore::flushChanges(db, changes) || !db.commit().ok) {
        db.rollback();
        return serverError(e.isEmpty() ? QStringLiteral("commit failed") : e);
    }
    return ReferenceData::item(db, entity, key);
}

ApiResult<QJsonObject> retireItem(SqlConnection &db, const QString &entity, const QString &key)
{
    if (!db.begin().ok)
        return serverError(QStringLiteral("cannot start a transaction"));
    QList<PendingChange> changes;
    const QString e = ReferenceData::retire(db, entity, key, changes);
    if (e == QLatin1String("not_found")) {
        db.rollback();
        return err(404, "not_found", QStringLiteral("No such item"));
    }
    if (!e.isEmpty() || !HubStore::flushChanges(db, changes) || !db.commit().ok) {
        db.rollback();
        return serverError(e.isEmpty() ? QStringLiteral("commit failed") : e);
    }
    return ReferenceData::item(db, entity, key);
}

} // namespace

Router::Router(ConnectionPool &pool, RouterOptions options)
    : m_pool(pool), m_options(std::move(options)), m_auth(m_options.accessTokenTtlSeconds),
      m_open311(m_options.jurisdiction),
      m_loginLimiter(m_options.loginPerMinute / 60.0, m_options.loginBurst),
      m_apiLimiter(m_options.apiPerSecond, m_options.apiBurst)
{
}

bool Router::clientVersionAllowed(const QString &version) const
{
    const QVersionNumber v = QVersionNumber::fromString(version);
    return !v.isNull() && v >= QVersionNumber::fromString(m_options.minClientVersion);
}

HttpResponse Router::handle(const HttpRequest &request)
{
    const QByteArray target = QByteArray::fromStdString(request.target);
    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    const QByteArray rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    const QByteArray decodedPath = QByteArray::fromPercentEncoding(rawPath);
    const QByteArray decodedQuery = QByteArray::fromPercentEncoding(rawQuery);
    if (!JsonValidator::isValidUtf8(decodedPath) || !JsonValidator::isValidUtf8(decodedQuery) ||
        !rawPath.startsWith('/') || decodedPath.contains('\0') || decodedQuery.contains('\0'))
        return errorResponse(err(400, "invalid_target", QStringLiteral("The request target is not valid")));
    const QString path = QString::fromUtf8(decodedPath);
    const QUrlQuery query(QString::fromUtf8(rawQuery));
    const QString method = QString::fromStdString(request.method);
    const QStringList seg = path.mid(1).split(QLatin1Char('/'));

    // Login attempts are limited per source address before any database work (password guessing).
    if (seg.size() == 3 && seg[0] == QLatin1String("v1") && seg[1] == QLatin1String("auth") &&
        (seg[2] == QLatin1String("token") || seg[2] == QLatin1String("refresh"))) {
        if (const int wait = m_loginLimiter.take(QStringLiteral("addr:") + sourceAddress(request.remote)))
            return tooManyRequests(wait);
    }

    QString poolError;
    PooledConnection conn = m_pool.acquire(&poolError);
    if (!conn) {
        qCWarning(lcHub) << "no database connection:" << poolError;
        return errorResponse(serverError(QStringLiteral("The database is not reachable")));
    }
    SqlConnection &db = *conn.get();

    // Open311 (public reads; POST checks its api_key).
    if (seg.size() >= 3 && seg[0] == QLatin1String("open311") && seg[1] == QLatin1String("v2")) {
        const Open311Reply r = m_open311.handle(db, method, seg.mid(2).join(QLatin1Char('/')), query,
                                                QByteArray::fromStdString(request.body),
                                                QString::fromStdString(request.header("content-type")));
        HttpResponse resp;
        resp.status = r.status;
        resp.body = r.document.toJson(QJsonDocument::Compact).toStdString();
        if (r.status == 503)
            resp.headers.emplace_back("Retry-After", "1");
        return resp;
    }
    if (seg.isEmpty() || seg[0] != QLatin1String("v1"))
        return errorResponse(err(404, "not_found", QStringLiteral("No such endpoint")));

    auto methodNotAllowed = [&] {
        return errorResponse(err(405, "method_not_allowed", QStringLiteral("Method not allowed here")));
    };
    auto forbidden = [&] {
        return errorResponse(err(403, "forbidden", QStringLiteral("Your role may not do this")));
    };
    // Body parsing for POST/PUT: JSON object only.
    auto body = [&]() -> ApiResult<QJsonObject> {
        const std::string ct = request.header("content-type");
        if (!ct.empty() && ct.rfind("application/json", 0) != 0)
            return err(415, "unsupported_media_type", QStringLiteral("Send application/json"));
        return JsonValidator::parseObject(request.body);
    };
    const QString sub = seg.size() > 1 ? seg[1] : QString();

    if (sub == QLatin1String("health") && seg.size() == 2) {
        if (method != QLatin1String("GET"))
            return methodNotAllowed();
        return reply(SyncService::health(db, m_options.minClientVersion));
    }
    if (sub == QLatin1String("auth") && seg.size() == 3 && seg[2] != QLatin1String("logout")) {
        if (method != QLatin1String("POST"))
            return methodNotAllowed();
        const auto b = body();
        if (!b.ok())
            return errorResponse(b.error());
        if (seg[2] == QLatin1String("token")) {
            if (auto e =
                    JsonValidator::check(b.value(), {{"username", JsonType::String, true, false, 64},
                                                     {"password", JsonType::String, true, false, 1024},
                                                     {"station_id", JsonType::String, false, true, 64},
                                                     {"client_version", JsonType::String, false, true, 40}}))
                return errorResponse(*e);
            const QString clientVersion = b.value().value(QStringLiteral("client_version")).toString();
            if (!clientVersion.isEmpty() && !clientVersionAllowed(clientVersion))
                return errorResponse(
                    ApiError{426,
                             QStringLiteral("client_too_old"),
                             QStringLiteral("This console is too old; version %1 or newer is required")
                                 .arg(m_options.minClientVersion),
                             {}});
            return reply(m_auth.login(db, b.value().value(QStringLiteral("username")).toString(),
                                      b.value().value(QStringLiteral("password")).toString(),
                                      b.value().value(QStringLiteral("station_id")).toString()));
        }
        if (seg[2] == QLatin1String("refresh")) {
            if (auto e =
                    JsonValidator::check(b.value(), {{"refresh_token", JsonType::String, true, false, 200}}))
                return errorResponse(*e);
            return reply(m_auth.refresh(db, b.value().value(QStringLiteral("refresh_token")).toString()));
        }
        return errorResponse(err(404, "not_found", QStringLiteral("No such endpoint")));
    }

    // A console that says its version (X-Client-Version) must not be older than the minimum (sync.md: 426).
    if (const std::string v = request.header("x-client-version");
        !v.empty() && !clientVersionAllowed(QString::fromStdString(v)))
        return errorResponse(
            ApiError{426,
                     QStringLiteral("client_too_old"),
                     QStringLiteral("This console is too old; version %1 or newer is required")
                         .arg(m_options.minClientVersion),
                     {}});

    // Everything below needs a valid access token.
    const std::string authz = request.header("authorization");
    const std::string prefix = "Bearer ";
    const QString token = authz.rfind(prefix, 0) == 0
                              ? QString::fromStdString(authz.substr(prefix.size())).trimmed()
                              : QString();
    const auto who = m_auth.authenticate(db, token);
    if (!who.ok())
        return errorResponse(who.error());
    const Principal &p = who.value();
    if (const int wait = m_apiLimiter.take(p.stationId.isEmpty() ? QStringLiteral("user:") + p.userId
                                                                 : QStringLiteral("station:") + p.stationId))
        return tooManyRequests(wait);

    if (sub == QLatin1String("auth") && seg.size() == 3 && seg[2] == QLatin1String("logout")) {
        if (method != QLatin1String("POST"))
            return methodNotAllowed();
        return reply(m_auth.logout(db, p));
    }
    if (sub == QLatin1String("sync") && seg.size() == 3) {
        if (seg[2] == QLatin1String("push")) {
            if (method != QLatin1String("POST"))
                return methodNotAllowed();
            if (!roleIn(p, {"operator", "supervisor", "admin"}))
                return forbidden();
            const auto b = body();
            if (!b.ok())
                return errorResponse(b.error());
            return reply(SyncService::push(db, p, b.value(),
                                           QString::fromStdString(request.header("idempotency-key"))));
        }
        if (seg[2] == QLatin1String("pull")) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            return reply(SyncService::pull(db, p, query));
        }
    }
    if (sub == QLatin1String("reference") ||
        (sub == QLatin1String("kb") && seg.size() >= 3 && seg[2] == QLatin1String("articles"))) {
        const bool kb = sub == QLatin1String("kb");
        const QString entity = kb ? QStringLiteral("kb_article") : ReferenceData::entityForKind(seg.value(2));
        if (entity.isEmpty())
            return errorResponse(err(404, "not_found", QStringLiteral("Unknown reference kind")));
        const int keyIndex = kb ? 3 : 3;
        if (seg.size() == keyIndex) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            return reply(SyncService::pull(db, p, query, entity));
        }
        if (seg.size() == keyIndex + 1 && !seg[keyIndex].isEmpty()) {
            const QString key = seg[keyIndex];
            if (method == QLatin1String("GET")) {
                const QJsonObject item = ReferenceData::item(db, entity, key);
                if (item.isEmpty())
                    return errorResponse(err(404, "not_found", QStringLiteral("No such item")));
                return jsonResponse(200, item);
            }
            if (!p.is("admin"))
                return forbidden();
            if (method == QLatin1String("PUT")) {
                const auto b = body();
                if (!b.ok())
                    return errorResponse(b.error());
                return reply(publish(db, entity, key, b.value()));
            }
            if (method == QLatin1String("DELETE"))
                return reply(retireItem(db, entity, key));
            return methodNotAllowed();
        }
        return errorResponse(err(404, "not_found", QStringLiteral("No such endpoint")));
    }
    if (sub == QLatin1String("devices") && seg.size() == 3 && seg[2] == QLatin1String("register")) {
        if (method != QLatin1String("POST"))
            return methodNotAllowed();
        if (!p.is("admin"))
            return forbidden();
        const auto b = body();
        if (!b.ok())
            return errorResponse(b.error());
        if (auto e = JsonValidator::check(b.value(), {{"name", JsonType::String, true, false, 200},
                                                      {"station_no", JsonType::Integer, false, true},
                                                      {"public_key", JsonType::String, false, true, 4000}}))
            return errorResponse(*e);
        return reply(AuthService::addStation(db, b.value().value(QStringLiteral("name")).toString(),
                                             b.value().value(QStringLiteral("station_no")).toInt()),
                     201);
    }
    if (sub == QLatin1String("cases")) {
        if (seg.size() == 2) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            return reply(CaseService::list(db, p, query));
        }
        const QString id = seg[2];
        if (seg.size() == 3) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            return reply(CaseService::get(db, p, id));
        }
        if (seg.size() == 4) {
            const QString action = seg[3];
            if (method != QLatin1String("POST"))
                return methodNotAllowed();
            if (action == QLatin1String("answer") || action == QLatin1String("start")) {
                if (!roleIn(p, {"manager", "admin"}))
                    return forbidden();
                if (action == QLatin1String("start"))
                    return reply(CaseService::start(db, p, id));
                const auto b = body();
                if (!b.ok())
                    return errorResponse(b.error());
                return reply(CaseService::answer(db, p, id, b.value()));
            }
            if (action == QLatin1String("review")) {
                if (!roleIn(p, {"supervisor", "admin"}))
                    return forbidden();
                const auto b = body();
                if (!b.ok())
                    return errorResponse(b.error());
                return reply(CaseService::review(db, p, id, b.value()));
            }
        }
        return errorResponse(err(404, "not_found", QStringLiteral("No such endpoint")));
    }
    if (sub == QLatin1String("agents") && seg.size() == 3) {
        if (seg[2] == QLatin1String("heartbeat")) {
            if (method != QLatin1String("POST"))
                return methodNotAllowed();
            if (!roleIn(p, {"operator", "supervisor"}))
                return forbidden();
            const auto b = body();
            if (!b.ok())
                return errorResponse(b.error());
            return reply(CaseService::heartbeat(db, p, b.value()));
        }
        if (seg[2] == QLatin1String("log")) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            if (!roleIn(p, {"supervisor", "admin"}))
                return forbidden();
            return reply(CaseService::agentLog(db, query));
        }
        if (seg[2] == QLatin1String("floor")) {
            if (method != QLatin1String("GET"))
                return methodNotAllowed();
            if (!roleIn(p, {"supervisor", "admin"}))
                return forbidden();
            return reply(CaseService::floor(db));
        }
    }
    return errorResponse(err(404, "not_found", QStringLiteral("No such endpoint")));
}

} // namespace Pasokh::Hub
