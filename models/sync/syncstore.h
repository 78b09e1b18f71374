// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <map>
#include <memory>
#include <string>

namespace Pasokh::Kb {
struct Article;
}

namespace Pasokh::Sync {

/// The row of sync_state (resources/sql/0001_core.sql + 0004_sync.sql).
struct SyncStateRow
{
    QString clientId;           ///< UUIDv4 text; the hub's per-console mutation-id namespace
    QString dbInstanceId;       ///< UUIDv4 text; compared with the copy kept outside the data folder
    qint64 lastAckedWireId = 0; ///< highest wire mutation id the hub acknowledged
    qint64 mutationOffset = 0;  ///< wire id = outbox.mutation_id - mutationOffset
    QString pullCursor;         ///< opaque hub cursor; empty = from the start
    QString serverEpoch;        ///< the hub epoch the cursor belongs to
    qint64 lastSyncAt = 0;      ///< last complete push+pull cycle, Unix ms UTC (0 = never)
    qint64 lastPullAt = 0;      ///< last pull page applied, Unix ms UTC (0 = never)
};

/// One outbox row on its way to the hub.
struct OutboxRow
{
    qint64 mutationId = 0; ///< local id (outbox.mutation_id)
    QString entity;
    QString entityId;
    QString op;
    QJsonObject payload; ///< flat CasePayload shape as stored
    QString state;
};

/// A push request built from the outbox.
struct PushBatch
{
    QList<OutboxRow> rows;
    QJsonObject body;       ///< {client_id, schema_version, mutations}
    QString idempotencyKey; ///< "<client_id>:<first wire id>-<last wire id>"
    qint64 firstWire = 0;
    qint64 lastWire = 0;
    qint64 bytes = 0; ///< compact JSON size of `body`
    bool isEmpty() const { return rows.isEmpty(); }
};

/// What applying one push answer did.
struct PushOutcome
{
    int acked = 0;   ///< rows now acked (applied or duplicate)
    int parked = 0;  ///< rows now parked (rejected)
    int unknown = 0; ///< rows the answer did not mention (left pending)
};

/// What applying one pull page did.
struct PullOutcome
{
    int applied = 0;               ///< changes written (case fields, reference rows, kb articles)
    int deferred = 0;              ///< case changes kept back because the case has unacknowledged mutations
    int unchanged = 0;             ///< nothing new (same version and fields)
    int skipped = 0;               ///< changes that could not be stored (e.g. unknown category) — logged
    bool referenceChanged = false; ///< categories, units or districts changed (reload the catalog)
    bool kbChanged = false;        ///< knowledge-base articles added, changed or retired
};

/// Outbox counts for the status bar and `pasokhctl sync status`.
struct QueueCounts
{
    int pending = 0; ///< pending + inflight
    int parked = 0;
    int acked = 0;
};

/// A parked mutation as shown to the operator.
struct ParkedItem
{
    qint64 mutationId = 0;
    QString entityId;
    QString trackingCode; ///< of the case, when known
    QString op;
    QString reason; ///< "error_code: message" from the hub, or the engine's reason
    qint64 createdAt = 0;
};

/// The sync engine's reads and writes of the console store, on one connection (the engine's own writer
/// connection on the sync thread). Every write is one BEGIN IMMEDIATE transaction
/// (Storage::WriteTransaction). Rules (notes/sync.md §4): outbox rows leave in mutation_id order; acked rows
/// are kept (never deleted here: they are re-pushed after a hub restore); a pull never overwrites a case that
/// still has pending or in-flight outbox rows — the change waits in sync_deferred until they are
/// acknowledged.
class SyncStore
{
public:
    explicit SyncStore(QSqlDatabase db);
    ~SyncStore();
    SyncStore(const SyncStore &) = delete;
    SyncStore &operator=(const SyncStore &) = delete;

    /// The sync_state row; "no_state" when none exists yet (see Identity::ensure).
    Core::Result<SyncStateRow> state() const;

    /// The next push batch: pending/inflight rows in mutation_id order, at most `maxMutations` rows and
    /// `maxBytes` bytes of body (a single row larger than that is still sent alone). A batch ends before an
    /// "amend" of an entity already in the batch, so its base_server_version is read after the earlier
    /// mutation's answer. Empty batch = nothing to push.
    Core::Result<PushBatch> nextBatch(const SyncStateRow &s, int maxMutations, qint64 maxBytes) const;

    /// Applies a 200 push answer {last_mutation_id, server_epoch, results[]}: applied/duplicate ⇒ acked
    /// (the case's server_version and status "submitted" for a create), rejected ⇒ parked with
    /// "error_code: message" (a `server_copy` of a conflict is kept as a deferred hub change); has_pending is
    /// cleared for cases without pending rows and their deferred hub changes applied; last_acked advances.
    Core::Result<PushOutcome> applyPushAnswer(const PushBatch &batch, const QJsonObject &answer);

    /// Parks the given rows with `reason` (400, 422, or a batch the hub refuses as a whole).
    Core::Status park(const QList<qint64> &mutationIds, const QString &reason);

    /// Puts parked rows back in the queue (the operator's retry); empty list = all parked rows. Returns how
    /// many were re-queued.
    Core::Result<int> retryParked(const QList<qint64> &mutationIds = {});

    /// After a hub restore (409 gap / 410 with a lower last_mutation_id): rows whose wire id is above
    /// `hubLastWire` become pending again (acked and parked ones too: the hub lost them) and their cases get
    /// has_pending = 1; last_acked = hubLastWire. Returns the number of rows re-queued.
    Core::Result<int> requeueAfter(qint64 hubLastWire);

    /// Applies one pull page (`changes` of GET /v1/sync/pull) and stores `nextCursor`/`epoch` in the same
    /// transaction. Case changes update server-owned fields (status, agency_responsible, status_notes,
    /// response_type, answer_text, answered_at, expected_at, server_version) and add a case_events row
    /// (actor "hub"); cases unknown here are inserted; categories, units and districts are upserted;
    /// knowledge-base articles go through Kb::KbRepository after the commit (`connectionName` = this
    /// connection's name).
    Core::Result<PullOutcome> applyPullPage(const QJsonArray &changes, const QString &nextCursor,
                                            const QString &epoch);

    /// Forgets the pull cursor and records `epoch` (410 cursor_reset or a new epoch seen).
    Core::Status resetCursor(const QString &epoch);
    /// Stamps last_sync_at = `atMs`.
    Core::Status markSynced(qint64 atMs);

    /// Outbox counts.
    Core::Result<QueueCounts> counts() const;
    /// Parked rows, oldest first (at most `limit`).
    Core::Result<QList<ParkedItem>> parked(int limit = 500) const;

private:
    Core::Status applyCaseChange(const QJsonObject &change, PullOutcome &out);
    Core::Status applyCaseFields(const QString &caseId, qint64 serverVersion, const QJsonObject &fields,
                                 bool &changed);
    Core::Status applyReferenceChange(const QString &entity, const QJsonObject &change, PullOutcome &out);
    /// A pulled kb_article change (not a tombstone) as an Article with the hub's version, units and review
    /// date. Errors: "invalid" (no id, title or body).
    static Core::Result<Kb::Article> publishedArticle(const QJsonObject &change);
    Core::Status settleCases(const QStringList &caseIds);
    bool casePending(const QString &caseId, bool *exists) const;
    /// A statement prepared once per store object (pull pages run thousands of them).
    QSqlQuery &prepared(const char *key, const QString &sql) const;

    QSqlDatabase m_db;
    mutable std::map<std::string, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace Pasokh::Sync
