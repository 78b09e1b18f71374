// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/ratelimiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace Pasokh::Hub {

RateLimiter::RateLimiter(double perSecond, double burst) : m_perSecond(perSecond), m_burst(burst) {}

long long RateLimiter::monotonicMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int RateLimiter::take(const QString &key)
{
    return take(key, monotonicMs());
}

int RateLimiter::take(const QString &key, long long nowMs)
{
    if (!enabled())
        return 0;
    const std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= kMaxIdleKeys)
            dropFullBuckets(nowMs);
        it = m_buckets.insert(key, Bucket{m_burst, nowMs});
    } else {
        const double elapsed = double(std::max(0LL, nowMs - it->updatedMs)) / 1000.0;
        it->tokens = std::min(m_burst, it->tokens + elapsed * m_perSecond);
        it->updatedMs = nowMs;
    }
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return 0;
    }
    // Time until the bucket holds one whole token again.
    return std::max(1, int(std::ceil((1.0 - it->tokens) / m_perSecond)));
}

int RateLimiter::size() const
{
    const std::lock_guard lock(m_mutex);
    return int(m_buckets.size());
}

void RateLimiter::dropFullBuckets(long long nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double elapsed = double(std::max(0LL, nowMs - it->updatedMs)) / 1000.0;
        if (it->tokens + elapsed * m_perSecond >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace Pasokh::Hub
