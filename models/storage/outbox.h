// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace Pasokh::Storage {

/// Counts of outbox rows by state (notes/sync.md §4).
struct OutboxCounts
{
    int pending = 0; ///< pending + inflight: not yet acknowledged by the hub
    int parked = 0;  ///< refused by the hub; shown to the operator, never dropped
    int acked = 0;
};

/// The transactional outbox: rows describing a change for the hub, written in the caller's open transaction
/// so that a change and its outbox row commit together (DESIGN.md, Data model). mutation_id (AUTOINCREMENT)
/// is the per-console strictly increasing mutation id.
class Outbox
{
public:
    /// Appends a row; call inside a WriteTransaction on `db`. payload_sha256 = SHA-256 of the compact JSON
    /// bytes. Returns the new mutation id. Errors: storage errors.
    static Core::Result<qint64> enqueue(const QSqlDatabase &db, const QString &entity,
                                        const QString &entityId, const QString &op,
                                        const QJsonObject &payload);

    /// Row counts by state. Errors: storage errors.
    static Core::Result<OutboxCounts> counts(const QSqlDatabase &db);
};

} // namespace Pasokh::Storage
