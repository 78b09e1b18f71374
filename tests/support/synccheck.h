// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Pasokh::Testing {

/// One broken sync invariant, as a value tests can print.
struct SyncViolation
{
    QString invariant; ///< "acked_lost", "duplicate", "phantom", "order", "unfinished", "parked_invisible",
                       ///< "acked_rejected", "parked_applied", "diverged", "read_error"
    QString detail;    ///< what was seen, with ids
};

/// What SyncCheck::check() demands.
struct SyncCheckOptions
{
    /// Every outbox row must be acked or parked (no pending/inflight), the console's cases must have no
    /// pending flag, and server-owned fields must equal the hub's: use after healing + quiescence.
    bool quiescent = true;
    /// Compare status, agency_responsible and server_version of synced cases with the hub's (quiescent only).
    bool compareServerFields = true;
    /// The console store was rebuilt from a damaged file (Storage::StoreRecovery, notes/sync.md T12): a hub
    /// mutation whose outbox row was lost with a damaged page is allowed when the console still has its case
    /// (the hub already had it; nothing the console has is lost).
    bool lostOutboxRows = false;
};

/// The Jepsen-style checker of notes/sync.md §7 over the final state of one console store (SQLite file) and
/// the hub's database (`sqlite:PATH` or a libpq `postgresql://` URL, read-only):
/// - acked_lost: an acked outbox row whose case (create) or mutation is not on the hub;
/// - acked_rejected / parked_applied: the console's verdict disagrees with the hub's mutation status;
/// - duplicate: two hub cases with the same content (requested_at, description, caller phone), or a case id
///   applied by more than one hub mutation; phantom: a hub case of this console's client ids that the console
///   does not have;
/// - order: the hub's per-client order of case creation (change_log seq) or its mutation ids differ from the
///   console's outbox order (mutation_id);
/// - unfinished (quiescent only): an outbox row still pending/inflight, a case still has_pending, or the
///   hub's last_mutation_id behind the console's last finished row; parked_invisible: a parked row without
///   last_error (the operator would not see why);
/// - diverged (quiescent only): status, agency_responsible or server_version of a synced case differ.
/// Cases with a parked mutation are exempt from the has_pending and diverged checks (they wait for the
/// operator). Hub mutation ids are the console's mutation_id - sync_state.mutation_offset (models/sync
/// re-keys a copied store under a new client_id); rows sent under an earlier client id are checked by case
/// id.
class SyncCheck
{
public:
    /// Runs every check; an empty list means all invariants hold. Read failures come back as "read_error".
    static QList<SyncViolation> check(const QString &consoleDbPath, const QString &hubDatabaseUrl,
                                      const SyncCheckOptions &options = {});
    /// One line per violation ("invariant: detail"), at most `limit` lines plus a count of the rest.
    static QString format(const QList<SyncViolation> &violations, int limit = 20);
    /// Rows of a query on the hub database (text values, NULL as a null QString); `error` set on failure.
    static QList<QStringList> hubQuery(const QString &hubDatabaseUrl, const QString &sql, QString *error);
    /// Rows of a query on a console store, opened read-only; `error` set on failure.
    static QList<QStringList> consoleQuery(const QString &consoleDbPath, const QString &sql, QString *error);
};

} // namespace Pasokh::Testing
