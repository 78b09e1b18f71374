// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Sync {

/// What the sync worker does with a hub answer: the status-code table of notes/sync.md §4
/// ("Status codes → client action") with the hub's error codes (server/README.md).
enum class SyncAction
{
    Success,      ///< 2xx: apply the body (per-mutation results may still park single items)
    ParkBatch,    ///< 400 or 422 (validation) or another 4xx: park the rows, alert, no automatic retry
    Refresh,      ///< 401: refresh the access token once, then resume; refresh fails ⇒ "locked"
    Forbidden,    ///< 403: operator/station not allowed or revoked: stop syncing, keep the data
    Gap,          ///< 409 gap: the hub has fewer mutations than we think (restored): re-push from its last id
    RetryBackoff, ///< 409 in_progress, 500, 502, 504, timeout, reset, refused: retry the same rows later
    RetryAfter,   ///< 429, 503: wait Retry-After (when given), then jittered backoff
    FullResync,   ///< 410 cursor_reset: drop the cursor, pull from zero, re-push what the hub lacks
    HalveBatch,   ///< 413: send half as many mutations
    Rekey,        ///< 422 mutation_id_reused: the client_id was used with other data: new client_id, re-send
    Upgrade,      ///< 426: protocol too old: stop, ask for an upgrade, keep the queue
};

/// Maps an HTTP status (0 = no response: timeout, reset, refused, DNS) and the hub's error code
/// (`error.code` of the JSON error body, may be empty) to the action.
SyncAction classifyResponse(int httpStatus, const QString &errorCode);

/// Short English name of an action for logs and tests ("retry_backoff", ...).
QString actionName(SyncAction action);

} // namespace Pasokh::Sync
