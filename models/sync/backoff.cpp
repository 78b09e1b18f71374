// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/backoff.h"

namespace Pasokh::Sync {

Backoff::Backoff(qint64 baseMs, qint64 capMs, QRandomGenerator *rng)
    : m_baseMs(qMax<qint64>(1, baseMs)), m_capMs(qMax(m_baseMs, capMs)),
      m_rng(rng ? rng : QRandomGenerator::global())
{
}

qint64 Backoff::ceilingMs() const
{
    qint64 ceiling = m_baseMs;
    for (int i = 0; i < m_failures && ceiling < m_capMs; ++i)
        ceiling *= 2;
    return qMin(ceiling, m_capMs);
}

qint64 Backoff::nextDelayMs()
{
    const qint64 ceiling = ceilingMs();
    ++m_failures;
    // bounded(highest) is exclusive; +1 so that the ceiling itself can be drawn.
    return qint64(m_rng->bounded(quint64(ceiling) + 1));
}

} // namespace Pasokh::Sync
