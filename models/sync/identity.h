// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/sync/identityanchor.h"

#include <QSqlDatabase>

namespace Pasokh::Sync {

/// What Identity::ensure() found.
enum class IdentityOutcome
{
    Created,  ///< first sync of this store: client_id and db_instance_id made and recorded
    Same,     ///< the store is the one this console knows
    Adopted,  ///< no copy recorded, but the store never talked to the hub: recorded, nothing changed
    Rekeyed,  ///< the store came from elsewhere (copy/backup of another console): new client_id
};

/// The console's sync identity (notes/sync.md §4 "Identity"): `client_id` (UUIDv4, the hub's per-console
/// mutation-id namespace) and `db_instance_id` (UUIDv4) in sync_state, and a copy of db_instance_id in an
/// IdentityAnchor outside the data folder.
class Identity
{
public:
    /// Makes sure sync_state has a row and that the store is this console's own. A mismatch between the
    /// stored db_instance_id and the anchor's copy, or a store that already pushed to the hub while the anchor
    /// has no copy, means the data folder was copied or restored: the store is re-keyed (rekey()), never
    /// silently treated as the same console. Errors: storage errors; "anchor" when the copy cannot be written.
    static Core::Result<IdentityOutcome> ensure(const QSqlDatabase &db, const QString &storePath,
                                                IdentityAnchor &anchor);

    /// Gives the store a new client_id and db_instance_id; the hub will see the unacknowledged outbox rows
    /// (pending, in-flight and parked) again under the new client, with wire ids starting at 1
    /// (mutation_offset = first unacknowledged mutation_id - 1); acked rows stay acked (they belong to the
    /// old client on the hub); the pull cursor is kept. Also used after 422 mutation_id_reused.
    /// `skipThrough` ≥ 0: the wire ids of the new client start after that local mutation id instead (used to
    /// step past a parked poison mutation the hub refused as a whole batch, so the queue behind it moves on);
    /// parked rows up to it stay parked.
    static Core::Status rekey(const QSqlDatabase &db, const QString &storePath, IdentityAnchor &anchor,
                              qint64 skipThrough = -1);
};

} // namespace Pasokh::Sync
