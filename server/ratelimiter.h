// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <mutex>

namespace Pasokh::Hub {

/// Token-bucket rate limiter keyed by a string (a station, an account, a source address). Each key has a
/// bucket of `burst` tokens that refills at `perSecond` tokens per second; a request takes one token or is
/// refused with the whole seconds to wait until one is there (the HTTP `Retry-After` delay-seconds, RFC 9110
/// §10.2.3). Buckets live in this process: with several hubs behind a balancer each one limits its own share.
/// Thread-safe. `perSecond <= 0` or `burst <= 0` disables the limiter (every request allowed).
class RateLimiter
{
public:
    RateLimiter(double perSecond, double burst);

    /// Takes a token for `key` at monotonic time `nowMs` (milliseconds). Returns 0 when allowed, otherwise
    /// the seconds (≥ 1, rounded up) after which a token will be available.
    int take(const QString &key, long long nowMs);
    /// The same with the process's monotonic clock.
    int take(const QString &key);

    bool enabled() const { return m_perSecond > 0 && m_burst > 0; }
    /// Buckets held now (idle full buckets are dropped once more than kMaxIdleKeys exist).
    int size() const;

    /// Monotonic milliseconds (steady clock).
    static long long monotonicMs();

private:
    static constexpr int kMaxIdleKeys = 10000;
    struct Bucket
    {
        double tokens = 0;
        long long updatedMs = 0;
    };
    void dropFullBuckets(long long nowMs);

    double m_perSecond;
    double m_burst;
    mutable std::mutex m_mutex;
    QHash<QString, Bucket> m_buckets;
};

} // namespace Pasokh::Hub
