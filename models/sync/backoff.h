// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>
#include <QtGlobal>

namespace Pasokh::Sync {

/// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter";
/// notes/sync.md §4 "Retry policy"): the n-th consecutive failure (n = 0, 1, ...) waits
/// random(0, min(cap, base · 2^n)) milliseconds. Defaults: base 1 000 ms, cap 300 000 ms (5 min).
class Backoff
{
public:
    /// `rng` may be null (then QRandomGenerator::global()); tests pass a seeded generator.
    explicit Backoff(qint64 baseMs = 1000, qint64 capMs = 300000, QRandomGenerator *rng = nullptr);

    /// The upper bound of the next delay: min(cap, base · 2^failures()), in ms (no overflow for any count).
    qint64 ceilingMs() const;
    /// Records one more failure and returns the delay to wait before the next attempt, uniformly drawn from
    /// [0, ceilingMs()] as it was before this call.
    qint64 nextDelayMs();
    /// A success: the next failure starts again from `base`.
    void reset() { m_failures = 0; }
    /// Consecutive failures recorded since the last reset().
    int failures() const { return m_failures; }

    qint64 baseMs() const { return m_baseMs; }
    qint64 capMs() const { return m_capMs; }

private:
    qint64 m_baseMs;
    qint64 m_capMs;
    QRandomGenerator *m_rng;
    int m_failures = 0;
};

} // namespace Pasokh::Sync
