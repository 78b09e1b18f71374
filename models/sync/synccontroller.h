// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/syncengine.h"

#include <QObject>
#include <QThread>

namespace Pasokh::Sync {

/// The GUI thread's handle on a SyncEngine running on its own QThread (DESIGN.md: nothing slow on the GUI
/// thread). Every call is posted to the engine's thread and returns at once; the engine's signals arrive here
/// (queued) and are re-emitted. Destroying the controller stops the engine and joins the thread (≤ a few
/// seconds: requests are aborted).
class SyncController : public QObject
{
    Q_OBJECT
public:
    /// Creates the engine with the product's stores: QtKeychain for the refresh token (`tokens`, may be a
    /// MemoryTokenStore where no keychain exists) and `anchor` for the identity copy; starts its thread.
    SyncController(SyncOptions options, std::shared_ptr<TokenStore> tokens,
                   std::shared_ptr<IdentityAnchor> anchor, QObject *parent = nullptr);
    ~SyncController() override;

    /// The last status the engine published.
    SyncStatus status() const { return m_status; }
    /// The last parked list the engine published.
    QList<ParkedItem> parked() const { return m_parked; }

public Q_SLOTS:
    void login(const QString &username, const QString &password);
    void logout();
    /// New outbox rows (a case saved): try now.
    void kick();
    void retryParked(const QList<qint64> &mutationIds);
    void refreshParked();

Q_SIGNALS:
    void statusChanged(const Pasokh::Sync::SyncStatus &status);
    void loginFinished(bool ok, const QString &errorCode, const QString &message);
    void casesChanged();
    /// Pulled categories, units or districts are in the store (GUI thread): reload the reference catalog.
    void referenceDataChanged();
    /// Pulled knowledge-base articles are in the store and its index (GUI thread): search again.
    void knowledgeBaseChanged();
    void parkedItems(const QList<Pasokh::Sync::ParkedItem> &items);

private:
    QThread m_thread;
    SyncEngine *m_engine;
    SyncStatus m_status;
    QList<ParkedItem> m_parked;
};

} // namespace Pasokh::Sync
