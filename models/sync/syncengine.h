// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/backoff.h"
#include "models/sync/hubclient.h"
#include "models/sync/identityanchor.h"
#include "models/sync/syncstatus.h"
#include "models/sync/syncstore.h"
#include "models/sync/tokenstore.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

namespace Pasokh::Storage {
class Database;
}

namespace Pasokh::Sync {

/// Settings of one sync engine. Times in ms, sizes in bytes.
struct SyncOptions
{
    QUrl hubUrl;                                            ///< e.g. http://127.0.0.1:8137
    QString storePath;                                      ///< the console store (pasokh.sqlite)
    QString connectionName = QStringLiteral("pasokh-sync"); ///< the engine's own writer connection
    QString stationId;                  ///< the hub's station id (login of an operator needs one)
    int maxMutations = 200;             ///< per push (notes/sync.md: ≤ 200)
    qint64 maxBatchBytes = 1024 * 1024; ///< per push body (≤ 1 MiB)
    int pullLimit = 500;                ///< changes per pull page (hub: 1..1000)
    int requestTimeoutMs = 30000;       ///< per request, plus 1 s per 64 KiB of body
    qint64 backoffBaseMs = 1000;        ///< full-jitter backoff base
    qint64 backoffCapMs = 300000;       ///< and cap (5 min)
    int pollIntervalMs = 30000;         ///< a new cycle this long after a clean one (pull news)
    int watchdogMs = 60000;             ///< "online, queue not empty, no attempt for this long" ⇒ kick
};

/// The console's sync engine (client side of notes/sync.md §4; issue 6). One QObject living on its own
/// thread (move it there, then call start() through the event loop), with its own writer connection to the
/// store: the GUI thread never waits for it. A cycle is: GET /v1/health (epoch check) → push the outbox in
/// mutation_id order in batches (≤ maxMutations, ≤ maxBatchBytes, Idempotency-Key
/// "<client_id>:<first>-<last>") → pull with the opaque cursor until has_more is false. Answers are handled
/// by the status-code table (statuspolicy.h): per-mutation rejections are parked and the queue goes on; 401
/// refreshes the token once, a refused refresh makes the engine "locked" (needs login; nothing is lost); 409
/// gap and 410 / a new server epoch re-queue what the hub lost (acked rows are retained for that) and pull
/// from zero; 413 halves the batch; a whole batch refused (400/422) is bisected down to the poison mutation,
/// which is parked and stepped past (re-key); 429/503 wait Retry-After; timeouts, resets and 5xx retry the
/// same rows after a full-jitter backoff. This engine is the only retry layer. A watchdog kicks a cycle when
/// the queue is not empty and nothing was attempted for watchdogMs.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    /// `tokens` keeps the refresh token between runs; `anchor` keeps the store identity copy. Both are used
    /// only on the engine's thread.
    SyncEngine(SyncOptions options, std::shared_ptr<TokenStore> tokens,
               std::shared_ptr<IdentityAnchor> anchor, QObject *parent = nullptr);
    ~SyncEngine() override;

    /// Run counters (read on the engine's thread, or after it stopped).
    SyncCounters counters() const { return m_counters; }
    /// The current status (engine's thread).
    SyncStatus status() const { return m_status; }
    /// What Identity::ensure() did at start (engine's thread).
    QString identityNote() const { return m_identityNote; }

public Q_SLOTS:
    /// Opens the store connection on the calling thread, checks the identity (re-keys a copied store), loads
    /// the refresh token and starts the first cycle (or goes "locked" when there is no token).
    void start();
    /// Aborts requests, stops timers, closes the connection. Safe to call twice.
    void stop();
    /// Logs in to the hub (POST /v1/auth/token with the station id); on success saves the refresh token and
    /// starts a cycle. Emits loginFinished().
    void login(const QString &username, const QString &password);
    /// Forgets the tokens (the queue stays); the engine becomes "locked".
    void logout();
    /// Starts a cycle now if none is running (new outbox rows, operator's "sync now"); cancels a backoff
    /// wait.
    void kick();
    /// Puts parked rows back in the queue (empty = all) and kicks. Emits parkedItems().
    void retryParked(const QList<qint64> &mutationIds);
    /// Emits parkedItems() with the current list.
    void refreshParked();

Q_SIGNALS:
    /// Every change of state or counts.
    void statusChanged(const Pasokh::Sync::SyncStatus &status);
    /// Result of login(): ok, or an error code ("invalid_credentials", "network", "station_required"...) and
    /// the hub's message.
    void loginFinished(bool ok, const QString &errorCode, const QString &message);
    /// A cycle ended: `clean` when the outbox has no pending rows left to push (only parked ones, if any) and
    /// the pull reached has_more = false.
    void cycleFinished(bool clean);
    /// Pulled changes touched cases (refresh the case browser and caller history).
    void casesChanged();
    /// Pulled changes touched categories, units or districts (reload the reference catalog).
    void referenceDataChanged();
    /// Pulled changes added, changed or retired knowledge-base articles (already in the store and its
    /// FTS index when this is emitted: searches see them).
    void knowledgeBaseChanged();
    /// The parked rows (after a change or refreshParked()).
    void parkedItems(const QList<Pasokh::Sync::ParkedItem> &items);

private:
    void runCycle();
    void checkHealth();
    void pushNext();
    void onPushAnswer(const PushBatch &batch, const HubResponse &r);
    void pullNext();
    void onPullAnswer(const HubResponse &r);
    void finishCycle();
    /// sync_state, or nullopt after scheduling a retry for a store error.
    std::optional<SyncStateRow> stateOrFail();
    /// Records a hub epoch; a different one than the stored resets the cursor (full resync). False on a store
    /// error (retry scheduled).
    bool adoptEpoch(const QString &epoch);
    void ensureAccess(std::function<void()> then);
    void refreshToken(std::function<void()> then);
    void scheduleRetry(const HubResponse &r, bool honourRetryAfter);
    void becomeLocked(const QString &code, const QString &detail);
    void becomeBlocked(const QString &code, const QString &detail);
    /// A store error during a cycle: "corrupt" blocks sync (retrying cannot help), anything else is retried.
    void failStorage(const Core::Error &e);
    void updateCounts();
    void setState(SyncStatus::State state);
    void publish();
    void watchdog();
    QString account() const;

    SyncOptions m_options;
    std::shared_ptr<TokenStore> m_tokens;
    std::shared_ptr<IdentityAnchor> m_anchor;
    std::shared_ptr<Storage::Database> m_database;
    std::unique_ptr<SyncStore> m_store;
    QPointer<HubClient> m_client;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_watchdogTimer = nullptr;
    Backoff m_backoff;
    SyncStatus m_status;
    SyncCounters m_counters;
    QString m_identityNote;
    QString m_refreshToken;
    bool m_started = false;
    bool m_busy = false;
    bool m_refreshing = false;
    int m_batchLimit = 200;
    int m_gapRounds = 0;
    int m_resetRounds = 0;
    qint64 m_lastAttemptAt = 0;
};

} // namespace Pasokh::Sync
