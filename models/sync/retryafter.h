// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <optional>

namespace Pasokh::Sync {

/// Parses an HTTP `Retry-After` header value (RFC 9110 §10.2.3): either delay-seconds (non-negative
/// decimal integer) or an HTTP-date (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete RFC 850
/// "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994" forms). Returns the wait in ms
/// from `nowUtc` (a date in the past gives 0), or nullopt for an empty or malformed value (the caller then
/// uses its own backoff). Delays are capped at 24 h so a hostile header cannot park the queue for ever.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &nowUtc);

/// The largest wait parseRetryAfter() returns, in ms (24 h).
inline constexpr qint64 kMaxRetryAfterMs = 24LL * 3600 * 1000;

} // namespace Pasokh::Sync
