// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/storage/casestore.h"
#include "models/sync/syncengine.h"
#include "tests/support/teststore.h"

#include <QThread>

#include <memory>

namespace Pasokh::SyncTest {

/// A console for sync tests: a TestStore with a CaseStore for the hub's station `stationNo`, and a SyncEngine
/// on its own QThread (as in the console) talking to `hubUrl`. Tokens and the identity copy live in memory.
class SyncConsole
{
public:
    SyncConsole(const QString &name, int stationNo);
    ~SyncConsole();

    bool ok() const { return m_store.ok(); }
    Testing::TestStore &store() { return m_store; }
    Storage::CaseStore &cases() { return *m_cases; }

    /// Registers `n` sample cases (offline); returns their ids in order.
    QStringList registerCases(int n);

    /// Starts an engine for `hubUrl` / `stationId` on a new thread and logs in as `user`. Returns an error.
    QString startEngine(const QString &hubUrl, const QString &stationId, const QString &user,
                        const QString &password);
    /// Waits (≤ timeoutMs) for a cycle that ends clean (nothing pending, pull complete). Returns false on timeout.
    bool waitClean(int timeoutMs = 60000);
    /// Asks the engine for a new cycle (thread-safe).
    void kick();
    /// Stops the engine and its thread.
    void stopEngine();
    /// The last status the engine published.
    Sync::SyncStatus lastStatus() const;

private:
    Testing::TestStore m_store;
    std::unique_ptr<Storage::CaseStore> m_cases;
    std::shared_ptr<Sync::IdentityAnchor> m_anchor;
    QThread m_thread;
    Sync::SyncEngine *m_engine = nullptr;
    QObject m_receiver;
    int m_cleanCycles = 0;
    Sync::SyncStatus m_status;
    QString m_name;
};

} // namespace Pasokh::SyncTest
