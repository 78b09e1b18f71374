// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/apierror.h"

#include <QJsonObject>

#include <initializer_list>
#include <optional>
#include <string>

namespace Pasokh::Hub {

/// JSON type expected of a field. Integer = a JSON number with no fraction within ±2^53.
enum class JsonType
{
    String,
    Integer,
    Number,
    Bool,
    Object,
    Array
};

/// One allowed field of a JSON object.
struct FieldSpec
{
    const char *name;
    JsonType type;
    bool required = false;
    bool nullable = false; ///< JSON null accepted (treated as absent)
    int maxLength = 0;     ///< String: max UTF-16 length (0 = 100 000); Array: max elements (0 = 10 000)
};

/// Strict request-body validation: UTF-8 checked, top level must be an object, unknown fields are refused,
/// every field has the declared type. Errors are 400 `invalid_json`, `invalid_utf8`, `unknown_field`,
/// `missing_field`, `wrong_type`, `too_long` or `invalid_character` (U+0000 in a string), with the field's
/// path in the message and `details.field`.
class JsonValidator
{
public:
    /// Parses `body` as one JSON object.
    static ApiResult<QJsonObject> parseObject(const std::string &body);
    /// Checks `object` against `specs`; `path` prefixes field names in messages (e.g. "mutations[3].").
    static std::optional<ApiError> check(const QJsonObject &object, std::initializer_list<FieldSpec> specs,
                                         const QString &path = {});
    /// True if `bytes` is well-formed UTF-8.
    static bool isValidUtf8(const QByteArray &bytes);
};

} // namespace Pasokh::Hub
