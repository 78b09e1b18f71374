// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/apierror.h"
#include "server/hubstore.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace Pasokh::Hub {

/// The sync endpoints of notes/sync.md §4: push (idempotent, per-client ordered), pull and reference reads
/// (opaque cursor + server epoch), health.
class SyncService
{
public:
    /// Protocol schema version this hub speaks in push bodies.
    static constexpr int kSchemaVersion = 1;
    /// Largest batch accepted (notes/sync.md: ≤ 200 mutations); more ⇒ 413 `batch_too_large`.
    static constexpr int kMaxMutations = 200;

    /// POST /v1/sync/push for a station-bound principal. One transaction per batch:
    /// id ≤ last ⇒ `duplicate` when the payload hash matches, else 422 `mutation_id_reused` (batch rolled
    /// back); id > last+1 ⇒ 409 `gap` (batch rolled back; `details.last_mutation_id` tells where to resume);
    /// id = last+1 ⇒ applied or rejected (a business rejection still advances last_mutation_id).
    /// 403 `client_station_mismatch` if the client_id belongs to another station. An `Idempotency-Key`
    /// header, when sent, must read `<client_id>:<first mutation id>-<last mutation id>` of the body (400
    /// `idempotency_key_mismatch`), so a key is never reused for another batch
    /// (draft-ietf-httpapi-idempotency-key).
    static ApiResult<QJsonObject> push(SqlConnection &db, const Principal &who, const QJsonObject &body,
                                       const QString &idempotencyKey = {});

    /// GET /v1/sync/pull?cursor=&limit=&client_id=. 400 `bad_cursor`, 410 `cursor_reset` when the cursor's
    /// epoch is not the server's or it points past the end of the change log (restored database). Managers
    /// see cases of their unit only (anonymous callers' identity left out) and all reference data.
    static ApiResult<QJsonObject> pull(SqlConnection &db, const Principal &who, const QUrlQuery &query,
                                       const QString &onlyEntity = {});

    /// GET /v1/health: status, server_epoch, server_time_utc, min_client_version, schema_version.
    static ApiResult<QJsonObject> health(SqlConnection &db, const QString &minClientVersion);
};

} // namespace Pasokh::Hub
