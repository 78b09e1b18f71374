// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

namespace Pasokh::Sync {

/// What the sync engine is doing, for the status bar and `pasokhctl sync`.
struct SyncStatus
{
    enum class State
    {
        Stopped, ///< not started, or stopped
        Offline, ///< the hub cannot be reached; retrying with backoff; everything is queued
        Idle,    ///< online, nothing in flight
        Syncing, ///< a push/pull cycle is running
        Locked,  ///< needs the operator's login (no token, refresh refused); queueing goes on
        Blocked, ///< the hub refuses this console (403 revoked, 426 upgrade): needs IT; data kept
    };
    State state = State::Stopped;
    int pending = 0;        ///< outbox rows not yet acknowledged
    int parked = 0;         ///< outbox rows the hub refused (shown to the operator)
    qint64 lastSyncAt = 0;  ///< last complete push + pull, Unix ms UTC (0 = never)
    qint64 nextRetryAt = 0; ///< when the next attempt is due while Offline, Unix ms UTC (0 = none)
    QString detail;         ///< English detail of the last problem (hub error code/message), for logs/tooltips
    QString errorCode;      ///< the last problem's code ("timeout", "network", "forbidden", "upgrade"...)

    bool online() const { return state == State::Idle || state == State::Syncing; }
};

/// Run counters of one engine (since it started).
struct SyncCounters
{
    qint64 pushed = 0; ///< mutations sent in push requests the hub answered with 200
    qint64 acked = 0;  ///< outbox rows acknowledged (applied or duplicate)
    qint64 parked = 0; ///< outbox rows parked by this engine
    qint64 pulled = 0; ///< pulled changes received (cases, reference data, articles)
};

} // namespace Pasokh::Sync

Q_DECLARE_METATYPE(Pasokh::Sync::SyncStatus)
