// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/jsonvalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

#include <cmath>

namespace Pasokh::Hub {

namespace {

ApiError fieldError(const QString &code, const QString &message, const QString &field)
{
    ApiError e = badRequest(code, message);
    e.details.insert(QStringLiteral("field"), field);
    return e;
}

const char *typeName(JsonType t)
{
    switch (t) {
    case JsonType::String:
        return "string";
    case JsonType::Integer:
        return "integer";
    case JsonType::Number:
        return "number";
    case JsonType::Bool:
        return "boolean";
    case JsonType::Object:
        return "object";
    case JsonType::Array:
        return "array";
    }
    return "?";
}

} // namespace

bool JsonValidator::isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

ApiResult<QJsonObject> JsonValidator::parseObject(const std::string &body)
{
    const QByteArray bytes = QByteArray::fromStdString(body);
    if (!isValidUtf8(bytes))
        return badRequest(QStringLiteral("invalid_utf8"), QStringLiteral("The body is not valid UTF-8"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("invalid_json"),
                          QStringLiteral("The body is not valid JSON: %1 at offset %2")
                              .arg(err.errorString())
                              .arg(err.offset));
    if (!doc.isObject())
        return badRequest(QStringLiteral("invalid_json"), QStringLiteral("The body must be a JSON object"));
    return doc.object();
}

std::optional<ApiError> JsonValidator::check(const QJsonObject &object,
                                             std::initializer_list<FieldSpec> specs, const QString &path)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool known = false;
        for (const FieldSpec &s : specs) {
            if (it.key() == QLatin1String(s.name)) {
                known = true;
                break;
            }
        }
        if (!known)
            return fieldError(QStringLiteral("unknown_field"),
                              QStringLiteral("Unknown field %1%2").arg(path, it.key()), path + it.key());
    }
    for (const FieldSpec &s : specs) {
        const QString name = path + QLatin1String(s.name);
        const QJsonValue v = object.value(QLatin1String(s.name));
        if (v.isUndefined() || (v.isNull() && s.nullable)) {
            if (s.required)
                return fieldError(QStringLiteral("missing_field"),
                                  QStringLiteral("Missing field %1").arg(name), name);
            continue;
        }
        bool good = false;
        switch (s.type) {
        case JsonType::String:
            good = v.isString() && v.toString().size() <= (s.maxLength > 0 ? s.maxLength : 100000);
            if (v.isString() && !good)
                return fieldError(QStringLiteral("too_long"),
                                  QStringLiteral("Field %1 is too long").arg(name), name);
            // U+0000 cannot be stored in PostgreSQL text (libpq would cut the value there): refuse it
            // everywhere.
            if (good && v.toString().contains(QChar(0)))
                return fieldError(QStringLiteral("invalid_character"),
                                  QStringLiteral("Field %1 contains a NUL character").arg(name), name);
            break;
        case JsonType::Integer: {
            const double d = v.toDouble();
            good =
                v.isDouble() && std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= 9007199254740992.0;
            break;
        }
        case JsonType::Number:
            good = v.isDouble() && std::isfinite(v.toDouble());
            break;
        case JsonType::Bool:
            good = v.isBool();
            break;
        case JsonType::Object:
            good = v.isObject();
            break;
        case JsonType::Array:
            good = v.isArray() && v.toArray().size() <= (s.maxLength > 0 ? s.maxLength : 10000);
            if (v.isArray() && !good)
                return fieldError(QStringLiteral("too_long"),
                                  QStringLiteral("Field %1 has too many elements").arg(name), name);
            break;
        }
        if (!good)
            return fieldError(
                QStringLiteral("wrong_type"),
                QStringLiteral("Field %1 must be of type %2").arg(name, QLatin1String(typeName(s.type))),
                name);
    }
    return std::nullopt;
}

} // namespace Pasokh::Hub
