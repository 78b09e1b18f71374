// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace Pasokh::Core {

/// A failure as a value: a stable machine code (e.g. "checksum", "disk_full") and a human-readable message.
/// The message is already translated when it is meant for the operator.
struct Error
{
    QString code;
    QString message;
};

/// Either a value of T or an Error; no exceptions cross layers (DESIGN.md, Conventions).
template <typename T> class Result
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    /// Makes a failed result with the given code and message.
    static Result failure(QString code, QString message)
    {
        return Result(Error{std::move(code), std::move(message)});
    }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    /// The value; only valid when ok().
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    // By value, so that `for (x : f().value())` does not dangle.
    T value() && { return std::get<T>(std::move(m_data)); }
    /// The error; only valid when !ok().
    const Error &error() const { return std::get<Error>(m_data); }
    T valueOr(T fallback) const { return ok() ? value() : fallback; }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that yields nothing but may fail.
class Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status failure(QString code, QString message)
    {
        return Status(Error{std::move(code), std::move(message)});
    }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    /// The error; only valid when !ok().
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace Pasokh::Core
