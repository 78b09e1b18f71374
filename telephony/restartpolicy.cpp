// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/restartpolicy.h"

#include <algorithm>

namespace Pasokh::Telephony {

int RestartPolicy::onCrash(qint64 runMs)
{
    if (runMs >= m_params.stableRunMs)
        m_consecutive = 0;
    ++m_consecutive;
    if (m_consecutive == 1)
        return m_params.firstDelayMs;
    qint64 delay = m_params.loopDelayMs;
    for (int i = 2; i < m_consecutive && delay < m_params.maxDelayMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, m_params.maxDelayMs));
}

} // namespace Pasokh::Telephony
