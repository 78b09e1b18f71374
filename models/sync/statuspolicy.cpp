// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/statuspolicy.h"

namespace Pasokh::Sync {

SyncAction classifyResponse(int httpStatus, const QString &errorCode)
{
    if (httpStatus <= 0)
        return SyncAction::RetryBackoff;
    if (httpStatus >= 200 && httpStatus < 300)
        return SyncAction::Success;
    switch (httpStatus) {
    case 401:
        return SyncAction::Refresh;
    case 403:
        return SyncAction::Forbidden;
    case 408:
        return SyncAction::RetryBackoff;
    case 409:
        return errorCode == QLatin1String("gap") ? SyncAction::Gap : SyncAction::RetryBackoff;
    case 410:
        return SyncAction::FullResync;
    case 413:
        return SyncAction::HalveBatch;
    case 422:
        return errorCode == QLatin1String("mutation_id_reused") ? SyncAction::Rekey : SyncAction::ParkBatch;
    case 426:
        return SyncAction::Upgrade;
    case 429:
    case 503:
        return SyncAction::RetryAfter;
    default:
        break;
    }
    if (httpStatus >= 500)
        return SyncAction::RetryBackoff; // 500, 502, 504...: unknown outcome, dedup makes a retry safe
    return SyncAction::ParkBatch;        // 400 and any other client error: a bug; never loop on it
}

QString actionName(SyncAction action)
{
    switch (action) {
    case SyncAction::Success:
        return QStringLiteral("success");
    case SyncAction::ParkBatch:
        return QStringLiteral("park_batch");
    case SyncAction::Refresh:
        return QStringLiteral("refresh");
    case SyncAction::Forbidden:
        return QStringLiteral("forbidden");
    case SyncAction::Gap:
        return QStringLiteral("gap");
    case SyncAction::RetryBackoff:
        return QStringLiteral("retry_backoff");
    case SyncAction::RetryAfter:
        return QStringLiteral("retry_after");
    case SyncAction::FullResync:
        return QStringLiteral("full_resync");
    case SyncAction::HalveBatch:
        return QStringLiteral("halve_batch");
    case SyncAction::Rekey:
        return QStringLiteral("rekey");
    case SyncAction::Upgrade:
        return QStringLiteral("upgrade");
    }
    return QStringLiteral("unknown");
}

} // namespace Pasokh::Sync
