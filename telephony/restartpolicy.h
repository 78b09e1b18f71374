// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Pasokh::Telephony {

/// When to restart a crashed engine process. A crash after a long stable run restarts almost at once (so the
/// operator is registered again in about a second); crashes in quick succession (a crash loop, e.g. a hostile
/// INVITE that the proxy keeps retransmitting) back off exponentially up to a cap instead of spinning.
class RestartPolicy
{
public:
    struct Params
    {
        int firstDelayMs = 100;     ///< delay after an isolated crash
        int loopDelayMs = 1000;     ///< delay after the second quick crash; doubles with each further one
        int maxDelayMs = 60000;     ///< cap
        qint64 stableRunMs = 30000; ///< a run at least this long resets the crash count
    };

    RestartPolicy() = default;
    explicit RestartPolicy(Params p) : m_params(p) {}

    /// Records a crash of a run that lasted `runMs` and returns the delay before the restart, in ms.
    int onCrash(qint64 runMs);
    /// Crashes counted in the current loop (1 after an isolated crash).
    int consecutiveCrashes() const { return m_consecutive; }
    /// Forgets the loop (after a deliberate stop/start).
    void reset() { m_consecutive = 0; }
    const Params &params() const { return m_params; }

private:
    Params m_params;
    int m_consecutive = 0;
};

} // namespace Pasokh::Telephony
