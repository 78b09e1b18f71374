// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/syncengine.h"

#include "models/storage/database.h"
#include "models/sync/identity.h"
#include "models/sync/retryafter.h"
#include "models/sync/statuspolicy.h"
#include "models/sync/synclog.h"

#include <QDateTime>

namespace Pasokh::Sync {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

SyncEngine::SyncEngine(SyncOptions options, std::shared_ptr<TokenStore> tokens,
                       std::shared_ptr<IdentityAnchor> anchor, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_tokens(std::move(tokens)),
      m_anchor(std::move(anchor)), m_backoff(m_options.backoffBaseMs, m_options.backoffCapMs),
      m_batchLimit(m_options.maxMutations)
{
    qRegisterMetaType<Pasokh::Sync::SyncStatus>();
    qRegisterMetaType<QList<Pasokh::Sync::ParkedItem>>();
    qRegisterMetaType<QList<qint64>>();
}

SyncEngine::~SyncEngine()
{
    stop();
}

QString SyncEngine::account() const
{
    return m_options.hubUrl.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash) + QLatin1Char('|') +
           m_options.stationId;
}

void SyncEngine::start()
{
    if (m_started)
        return;
    auto db = Storage::Database::open(m_options.storePath, m_options.connectionName);
    if (!db) {
        m_status.detail = db.error().message;
        m_status.errorCode = db.error().code;
        becomeBlocked(db.error().code, db.error().message);
        return;
    }
    m_database = db.value();
    m_store = std::make_unique<SyncStore>(m_database->writer());
    auto identity = Identity::ensure(m_database->writer(), m_database->path(), *m_anchor);
    if (!identity) {
        becomeBlocked(identity.error().code, identity.error().message);
        return;
    }
    switch (identity.value()) {
    case IdentityOutcome::Created:
        m_identityNote = QStringLiteral("created");
        break;
    case IdentityOutcome::Same:
        m_identityNote = QStringLiteral("same");
        break;
    case IdentityOutcome::Adopted:
        m_identityNote = QStringLiteral("adopted");
        break;
    case IdentityOutcome::Rekeyed:
        m_identityNote = QStringLiteral("rekeyed");
        break;
    }
    m_client = new HubClient(m_options.hubUrl, this);
    m_client->setTimeoutMs(m_options.requestTimeoutMs);
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    // A coarse timer may fire up to 5 % early; Retry-After is a floor the hub sets (RFC 9110 §10.2.3).
    m_retryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_retryTimer, &QTimer::timeout, this, &SyncEngine::runCycle);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &SyncEngine::runCycle);
    m_watchdogTimer = new QTimer(this);
    connect(m_watchdogTimer, &QTimer::timeout, this, &SyncEngine::watchdog);
    m_watchdogTimer->start(qMax(250, m_options.watchdogMs / 4));
    m_started = true;
    if (auto st = m_store->state(); st)
        m_status.lastSyncAt = st.value().lastSyncAt;
    updateCounts();
    if (auto token = m_tokens->load(account()))
        m_refreshToken = *token;
    if (m_refreshToken.isEmpty()) {
        becomeLocked(QStringLiteral("login_required"), QStringLiteral("No hub login yet"));
        return;
    }
    setState(SyncStatus::State::Syncing);
    runCycle();
}

void SyncEngine::stop()
{
    if (!m_started)
        return;
    m_started = false;
    if (m_client)
        m_client->abortAll();
    for (QTimer *t : {m_retryTimer, m_pollTimer, m_watchdogTimer})
        if (t)
            t->stop();
    m_busy = false;
    m_store.reset();
    m_database.reset();
    m_status.state = SyncStatus::State::Stopped;
    publish();
}

void SyncEngine::login(const QString &username, const QString &password)
{
    if (!m_started || !m_client) {
        Q_EMIT loginFinished(false, QStringLiteral("not_started"),
                             QStringLiteral("The sync engine is not running"));
        return;
    }
    m_client->login(username, password, m_options.stationId,
                    [this, guard = QPointer<SyncEngine>(this)](const HubResponse &r) {
                        if (!guard || !m_started)
                            return;
                        if (r.status == 200) {
                            m_client->setAccessToken(r.body.value(QStringLiteral("access_token")).toString());
                            m_refreshToken = r.body.value(QStringLiteral("refresh_token")).toString();
                            m_tokens->save(account(), m_refreshToken);
                            qCInfo(lcSync) << "logged in to the hub";
                            Q_EMIT loginFinished(true, {}, {});
                            if (m_status.state == SyncStatus::State::Locked)
                                setState(SyncStatus::State::Idle);
                            m_retryTimer->stop();
                            runCycle();
                            return;
                        }
                        const QString code =
                            r.status == 0 ? QStringLiteral("network")
                                          : (r.errorCode.isEmpty() ? QString::number(r.status) : r.errorCode);
                        const QString message = r.errorMessage;
                        if (r.status == 426)
                            becomeBlocked(QStringLiteral("upgrade"), message);
                        Q_EMIT loginFinished(false, code, message);
                    });
}

void SyncEngine::logout()
{
    if (m_tokens)
        m_tokens->clear(account());
    m_refreshToken.clear();
    if (m_client)
        m_client->setAccessToken({});
    becomeLocked(QStringLiteral("logged_out"), QStringLiteral("Logged out"));
}

void SyncEngine::kick()
{
    if (!m_started)
        return;
    if (m_retryTimer->isActive()) {
        // An operator's "sync now" or new rows during a backoff: try at once.
        m_retryTimer->stop();
    }
    updateCounts();
    publish();
    runCycle();
}

void SyncEngine::retryParked(const QList<qint64> &mutationIds)
{
    if (!m_started)
        return;
    if (auto n = m_store->retryParked(mutationIds); !n) {
        failStorage(n.error());
        return;
    }
    refreshParked();
    kick();
}

void SyncEngine::refreshParked()
{
    if (!m_started)
        return;
    if (auto items = m_store->parked(); items)
        Q_EMIT parkedItems(items.value());
}

void SyncEngine::runCycle()
{
    if (!m_started || m_busy)
        return;
    if (m_status.state == SyncStatus::State::Locked || m_status.state == SyncStatus::State::Blocked)
        return;
    m_busy = true;
    m_pollTimer->stop();
    m_gapRounds = 0;
    m_resetRounds = 0;
    if (m_status.state != SyncStatus::State::Offline)
        setState(SyncStatus::State::Syncing);
    checkHealth();
}

void SyncEngine::checkHealth()
{
    m_lastAttemptAt = nowMs();
    m_client->health([this, guard = QPointer<SyncEngine>(this)](const HubResponse &r) {
        if (!guard || !m_started)
            return;
        if (r.status != 200) {
            scheduleRetry(r, true);
            return;
        }
        const QString epoch = r.body.value(QStringLiteral("server_epoch")).toString();
        if (!adoptEpoch(epoch))
            return;
        setState(SyncStatus::State::Syncing);
        ensureAccess([this] { pushNext(); });
    });
}

std::optional<SyncStateRow> SyncEngine::stateOrFail()
{
    auto st = m_store->state();
    if (!st) {
        failStorage(st.error());
        return std::nullopt;
    }
    return st.value();
}

bool SyncEngine::adoptEpoch(const QString &epoch)
{
    const auto st = stateOrFail();
    if (!st)
        return false;
    if (epoch.isEmpty() || st->serverEpoch.isEmpty() || st->serverEpoch == epoch)
        return true;
    // The hub was restored (admin rotate-epoch): pull everything again; the pull's last_mutation_id tells
    // what the hub lost and requeueAfter() re-sends it.
    qCWarning(lcSync) << "the hub's epoch changed: full resync";
    if (Core::Status s = m_store->resetCursor(epoch); !s) {
        failStorage(s.error());
        return false;
    }
    return true;
}

void SyncEngine::ensureAccess(std::function<void()> then)
{
    if (!m_client->accessToken().isEmpty()) {
        then();
        return;
    }
    if (m_refreshToken.isEmpty()) {
        becomeLocked(QStringLiteral("login_required"), QStringLiteral("No hub login"));
        return;
    }
    refreshToken(std::move(then));
}

void SyncEngine::refreshToken(std::function<void()> then)
{
    m_lastAttemptAt = nowMs();
    m_client->refresh(m_refreshToken, [this, then = std::move(then),
                                       guard = QPointer<SyncEngine>(this)](const HubResponse &r) {
        if (!guard || !m_started)
            return;
        if (r.status == 200) {
            m_client->setAccessToken(r.body.value(QStringLiteral("access_token")).toString());
            m_refreshToken = r.body.value(QStringLiteral("refresh_token")).toString();
            m_tokens->save(account(), m_refreshToken);
            then();
            return;
        }
        const SyncAction a = classifyResponse(r.status, r.errorCode);
        if (a == SyncAction::RetryBackoff || a == SyncAction::RetryAfter) {
            scheduleRetry(r, a == SyncAction::RetryAfter);
            return;
        }
        // The refresh token is spent, expired or revoked: the operator must log in again. Nothing is lost.
        m_tokens->clear(account());
        m_refreshToken.clear();
        m_client->setAccessToken({});
        becomeLocked(r.errorCode.isEmpty() ? QStringLiteral("refresh_refused") : r.errorCode, r.errorMessage);
    });
}

void SyncEngine::pushNext()
{
    if (!m_started)
        return;
    const auto st = stateOrFail();
    if (!st)
        return;
    auto batch = m_store->nextBatch(*st, m_batchLimit, m_options.maxBatchBytes);
    if (!batch) {
        failStorage(batch.error());
        return;
    }
    if (batch.value().isEmpty()) {
        pullNext();
        return;
    }
    const PushBatch b = batch.value();
    m_lastAttemptAt = nowMs();
    const qint64 sentAt = m_lastAttemptAt;
    m_client->push(b.body, b.idempotencyKey,
                   [this, b, sentAt, guard = QPointer<SyncEngine>(this)](const HubResponse &r) {
                       if (!guard || !m_started)
                           return;
                       const qint64 answeredAt = nowMs();
                       m_counters.pushWaitMs += answeredAt - sentAt;
                       onPushAnswer(b, r);
                       m_counters.pushStoreMs += nowMs() - answeredAt;
                   });
}

void SyncEngine::onPushAnswer(const PushBatch &batch, const HubResponse &r)
{
    const SyncAction action = classifyResponse(r.status, r.errorCode);
    switch (action) {
    case SyncAction::Success: {
        auto out = m_store->applyPushAnswer(batch, r.body);
        if (!out) {
            failStorage(out.error());
            return;
        }
        m_counters.pushed += batch.rows.size();
        m_counters.acked += out.value().acked;
        m_counters.parked += out.value().parked;
        m_backoff.reset();
        m_gapRounds = 0;
        m_batchLimit = qMin(m_options.maxMutations, m_batchLimit * 2);
        const QString epoch = r.body.value(QStringLiteral("server_epoch")).toString();
        if (!adoptEpoch(epoch))
            return;
        updateCounts();
        if (out.value().parked > 0)
            refreshParked();
        publish();
        if (out.value().unknown == batch.rows.size()) {
            // The hub answered but acknowledged none of them: do not spin.
            scheduleRetry(r, false);
            return;
        }
        pushNext();
        return;
    }
    case SyncAction::Refresh:
        m_client->setAccessToken({});
        refreshToken([this] { pushNext(); });
        return;
    case SyncAction::HalveBatch:
        if (batch.rows.size() > 1) {
            m_batchLimit = qMax(1, int(batch.rows.size()) / 2);
            pushNext();
            return;
        }
        [[fallthrough]];
    case SyncAction::ParkBatch: {
        if (batch.rows.size() > 1) {
            // Find the poison mutation: bisect; the good half goes through.
            m_batchLimit = qMax(1, int(batch.rows.size()) / 2);
            pushNext();
            return;
        }
        const qint64 id = batch.rows.first().mutationId;
        const QString reason = QStringLiteral("%1 %2: %3").arg(r.status).arg(r.errorCode, r.errorMessage);
        qCWarning(lcSync) << "hub refused mutation" << id << "as a whole:" << r.status << r.errorCode;
        if (Core::Status s = m_store->park({id}, reason); !s) {
            failStorage(s.error());
            return;
        }
        ++m_counters.parked;
        // The hub never recorded this id: the mutations behind it would be a gap. Step past it under a new
        // client_id so the queue keeps moving; the parked row stays visible for the operator.
        if (Core::Status s = Identity::rekey(m_database->writer(), m_database->path(), *m_anchor, id); !s) {
            failStorage(s.error());
            return;
        }
        m_batchLimit = m_options.maxMutations;
        updateCounts();
        refreshParked();
        publish();
        pushNext();
        return;
    }
    case SyncAction::Gap: {
        if (++m_gapRounds > 3) {
            becomeBlocked(QStringLiteral("gap"), QStringLiteral("The hub keeps reporting a mutation gap"));
            return;
        }
        const qint64 hubLast = r.errorDetails.value(QStringLiteral("last_mutation_id")).toInteger(-1);
        if (hubLast < 0) {
            scheduleRetry(r, false);
            return;
        }
        if (auto n = m_store->requeueAfter(hubLast); !n) {
            failStorage(n.error());
            return;
        }
        updateCounts();
        publish();
        pushNext();
        return;
    }
    case SyncAction::Rekey:
        qCWarning(lcSync) << "the hub saw our mutation ids with other data: re-keying the client";
        if (Core::Status s = Identity::rekey(m_database->writer(), m_database->path(), *m_anchor); !s) {
            failStorage(s.error());
            return;
        }
        pushNext();
        return;
    case SyncAction::Forbidden:
        becomeBlocked(QStringLiteral("forbidden"), r.errorMessage);
        return;
    case SyncAction::Upgrade:
        becomeBlocked(QStringLiteral("upgrade"), r.errorMessage);
        return;
    case SyncAction::RetryAfter:
        scheduleRetry(r, true);
        return;
    case SyncAction::RetryBackoff:
    case SyncAction::FullResync:
        scheduleRetry(r, false);
        return;
    }
}

void SyncEngine::pullNext()
{
    if (!m_started)
        return;
    const auto st = stateOrFail();
    if (!st)
        return;
    m_lastAttemptAt = nowMs();
    const qint64 sentAt = m_lastAttemptAt;
    m_client->pull(st->pullCursor, m_options.pullLimit, st->clientId,
                   [this, sentAt, guard = QPointer<SyncEngine>(this)](const HubResponse &r) {
                       if (!guard || !m_started)
                           return;
                       const qint64 answeredAt = nowMs();
                       m_counters.pullWaitMs += answeredAt - sentAt;
                       onPullAnswer(r);
                       m_counters.pullStoreMs += nowMs() - answeredAt;
                   });
}

void SyncEngine::onPullAnswer(const HubResponse &r)
{
    const SyncAction action = classifyResponse(r.status, r.errorCode);
    if (action == SyncAction::Refresh) {
        m_client->setAccessToken({});
        refreshToken([this] { pullNext(); });
        return;
    }
    if (action == SyncAction::FullResync) {
        if (++m_resetRounds > 3) {
            scheduleRetry(r, false);
            return;
        }
        qCWarning(lcSync) << "pull cursor reset by the hub: full resync";
        const QString epoch = r.errorDetails.value(QStringLiteral("server_epoch")).toString();
        if (Core::Status s = m_store->resetCursor(epoch); !s) {
            failStorage(s.error());
            return;
        }
        pullNext();
        return;
    }
    if (action == SyncAction::Forbidden || action == SyncAction::Upgrade) {
        becomeBlocked(action == SyncAction::Forbidden ? QStringLiteral("forbidden")
                                                      : QStringLiteral("upgrade"),
                      r.errorMessage);
        return;
    }
    if (action != SyncAction::Success) {
        scheduleRetry(r, action == SyncAction::RetryAfter);
        return;
    }
    const QJsonArray changes = r.body.value(QStringLiteral("changes")).toArray();
    auto out = m_store->applyPullPage(changes, r.body.value(QStringLiteral("next_cursor")).toString(),
                                      r.body.value(QStringLiteral("server_epoch")).toString());
    if (!out) {
        failStorage(out.error());
        return;
    }
    m_counters.pulled += changes.size();
    if (out.value().applied > 0 || out.value().deferred > 0)
        Q_EMIT casesChanged();
    if (out.value().referenceChanged)
        Q_EMIT referenceDataChanged();
    if (out.value().kbChanged)
        Q_EMIT knowledgeBaseChanged();
    // Reconcile: a hub that lost mutations we saw acknowledged (restored from a backup) gets them again.
    const QJsonValue hubLast = r.body.value(QStringLiteral("last_mutation_id"));
    if (hubLast.isDouble()) {
        auto st = m_store->state();
        if (st && hubLast.toInteger() < st.value().lastAckedWireId) {
            if (auto n = m_store->requeueAfter(hubLast.toInteger()); !n) {
                failStorage(n.error());
                return;
            }
            updateCounts();
        }
    }
    if (r.body.value(QStringLiteral("has_more")).toBool()) {
        pullNext();
        return;
    }
    finishCycle();
}

void SyncEngine::finishCycle()
{
    m_busy = false;
    m_backoff.reset();
    const qint64 now = nowMs();
    if (Core::Status s = m_store->markSynced(now); !s)
        qCWarning(lcSync) << "cannot stamp the sync time:" << s.error().message;
    m_status.lastSyncAt = now;
    m_status.nextRetryAt = 0;
    m_status.detail.clear();
    m_status.errorCode.clear();
    updateCounts();
    setState(SyncStatus::State::Idle);
    const bool clean = m_status.pending == 0;
    Q_EMIT cycleFinished(clean);
    if (!clean && m_started) {
        QTimer::singleShot(0, this, &SyncEngine::runCycle); // re-queued rows (hub restore): push them now
        return;
    }
    if (m_started)
        m_pollTimer->start(m_options.pollIntervalMs);
}

void SyncEngine::scheduleRetry(const HubResponse &r, bool honourRetryAfter)
{
    m_busy = false;
    qint64 delay = m_backoff.nextDelayMs();
    if (honourRetryAfter) {
        if (const auto wait = parseRetryAfter(r.retryAfter, QDateTime::currentDateTimeUtc()))
            delay += *wait; // never before the hub's deadline, then jittered
    }
    m_status.errorCode = r.status == 0 ? r.errorCode : QString::number(r.status);
    m_status.detail = r.errorMessage;
    m_status.nextRetryAt = nowMs() + delay;
    qCInfo(lcSync) << "sync attempt failed (" << m_status.errorCode << ") - next try in" << delay << "ms";
    updateCounts();
    setState(SyncStatus::State::Offline);
    Q_EMIT cycleFinished(false);
    if (m_started)
        m_retryTimer->start(int(qMin<qint64>(delay, std::numeric_limits<int>::max())));
}

void SyncEngine::becomeLocked(const QString &code, const QString &detail)
{
    m_busy = false;
    m_status.errorCode = code;
    m_status.detail = detail;
    qCWarning(lcSync) << "sync locked, login needed:" << code;
    if (m_retryTimer)
        m_retryTimer->stop();
    updateCounts();
    setState(SyncStatus::State::Locked);
    Q_EMIT cycleFinished(false);
}

void SyncEngine::becomeBlocked(const QString &code, const QString &detail)
{
    m_busy = false;
    m_status.errorCode = code;
    m_status.detail = detail;
    qCCritical(lcSync) << "sync stopped:" << code << detail;
    if (m_retryTimer)
        m_retryTimer->stop();
    updateCounts();
    setState(SyncStatus::State::Blocked);
    Q_EMIT cycleFinished(false);
}

void SyncEngine::failStorage(const Core::Error &e)
{
    qCWarning(lcSync) << "store error during sync:" << e.code << e.message;
    if (e.code == QLatin1String("corrupt")) {
        // Retrying cannot mend damaged pages; the store needs IT staff (README: backups), so say so at once.
        becomeBlocked(QStringLiteral("store_corrupt"), e.message);
        return;
    }
    HubResponse r;
    r.errorCode = QStringLiteral("store_") + e.code;
    r.errorMessage = e.message;
    scheduleRetry(r, false);
}

void SyncEngine::updateCounts()
{
    if (!m_store)
        return;
    if (auto c = m_store->counts(); c) {
        m_status.pending = c.value().pending;
        m_status.parked = c.value().parked;
    }
}

void SyncEngine::setState(SyncStatus::State state)
{
    m_status.state = state;
    publish();
}

void SyncEngine::publish()
{
    Q_EMIT statusChanged(m_status);
}

void SyncEngine::watchdog()
{
    if (!m_started)
        return;
    const qint64 now = nowMs();
    if (m_busy) {
        // A request that never ends (should be caught by its timeout): abort so the cycle fails and retries.
        if (m_lastAttemptAt > 0 &&
            now - m_lastAttemptAt > m_options.watchdogMs + 2LL * m_options.requestTimeoutMs) {
            qCWarning(lcSync) << "watchdog: a sync request hangs; aborting it";
            m_client->abortAll();
        }
        return;
    }
    if (m_status.state == SyncStatus::State::Locked || m_status.state == SyncStatus::State::Blocked)
        return;
    if (m_retryTimer->isActive())
        return;
    updateCounts();
    if (m_status.pending > 0 && now - m_lastAttemptAt > m_options.watchdogMs) {
        qCWarning(lcSync) << "watchdog: queue not empty and no attempt for" << (now - m_lastAttemptAt)
                          << "ms";
        runCycle();
    }
}

} // namespace Pasokh::Sync
