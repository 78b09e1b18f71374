// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

#include <QString>

namespace Pasokh::Hub {

/// Notices at start-up that the database was restored from a backup (or copied), and then rotates the server
/// epoch by itself, so every console cursor gets 410 `cursor_reset` (notes/sync.md §4) without an admin step.
/// Two independent signals, either one rotates:
///  1. **Identity** (`hub_meta.instance_fingerprint`): on PostgreSQL the cluster's system identifier, the
///     current WAL timeline and the database OID. pg_restore into a new database, `CREATE DATABASE …
///     TEMPLATE`, a point-in-time recovery or a promoted replica (new timeline) and a new cluster change it.
///     SQLite has no such identity (a copied file is byte-identical).
///  2. **Witness file** (`<sqlite path>.witness` by default, `--restore-witness FILE` on either backend):
///     the epoch and the highest change-log sequence this hub has seen, rewritten every few seconds and at
///     shutdown. Same epoch but a database whose change log is *behind* the witness ⇒ the data went back in
///     time (a file copied back, a base backup restored without a new timeline) ⇒ rotate.
/// Not caught: restoring the database *and* its witness file together from one file-system snapshot with
/// the same identity — run `pasokh-hub admin rotate-epoch` then (kept as the manual override).
class RestoreGuard
{
public:
    /// What check() found.
    struct Outcome
    {
        QString error;        ///< storage error; empty when fine
        bool rotated = false; ///< a restore was noticed and the epoch replaced
        QString reason;       ///< why, for the log
        QString epoch;        ///< the server epoch now
    };

    /// The identity of the database behind `db` ("pg:<system id>:<timeline>:<db oid>", parts the role may
    /// not read are left empty; "sqlite" for SQLite).
    static QString fingerprint(SqlConnection &db);
    /// Default witness file for a `--db` URL: `PATH.witness` for `sqlite:PATH`, empty (none) for PostgreSQL.
    static QString defaultWitnessPath(const QString &databaseUrl);

    /// Compares identity and witness with the database in one transaction (several hubs starting together
    /// serialise on the hub_meta row), rotates the epoch on a mismatch, stores the identity and rewrites the
    /// witness (when `witnessPath` is not empty).
    static Outcome check(SqlConnection &db, const QString &witnessPath);

    /// Rewrites the witness with the current epoch and change-log high-water mark (atomically: temporary
    /// file + rename). False on a storage or file error.
    static bool writeWitness(SqlConnection &db, const QString &witnessPath);
};

} // namespace Pasokh::Hub
