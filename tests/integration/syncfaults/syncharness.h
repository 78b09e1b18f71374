// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/integration/hub/hubfixture.h"
#include "tests/support/faultproxy.h"
#include "tests/support/synccheck.h"

#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariantList>

#include <memory>

namespace Pasokh::SyncTest {

/// The outcome of one `pasokhctl sync` run.
struct SyncRun
{
    int exitCode = -1;               ///< process exit code; -1 = killed, crashed or did not finish
    bool finished = false;           ///< exited on its own within the time limit
    QString out;                     ///< stdout
    QString err;                     ///< stderr
    qint64 ms = 0;                   ///< wall time
    QHash<QString, qint64> counters; ///< pushed, acked, parked, pending, pulled from the summary line
    qint64 count(const QString &name) const { return counters.value(name, -1); }
    /// "exit N; stdout ...; stderr ..." for failure messages.
    QString describe() const;
};

/// The outcome of one syncfaults_intake run (cases registered through Storage::CaseStore).
struct IntakeRun
{
    int exitCode = -1;
    int ok = 0;
    int failed = 0;
    qint64 maxMs = 0;
    QString errors;
    QString output;
};

/// One console: a data folder (its store pasokh.sqlite) bound to a hub station.
struct Console
{
    QString dataDir;
    int stationNo = 1;
    QString stationId;
    QString storePath() const;
};

/// A hub (HubFixture: accounts, stations 1 and 2) behind a FaultProxy, and a console data folder for
/// station 1. Runs the product's binaries: `pasokhctl sync` (PASOKHCTL_BINARY) and the intake helper
/// (SYNCFAULTS_INTAKE_BINARY), optionally under a wrapper command (fiu-run, faketime).
class SyncHarness
{
public:
    SyncHarness();
    ~SyncHarness();

    /// Starts the hub on `backend` ("sqlite", "postgresql") and the proxy. Returns an error message.
    QString setUp(const QString &backend, const QStringList &hubArgs = {});

    /// Registers `n` cases (indices first..first+n-1) in `console`'s store. `wrapper` is prepended to the
    /// command line (e.g. {"faketime", "-f", "+2d"}).
    IntakeRun addCases(const Console &console, int n, int first = 0, const QStringList &extra = {},
                       const QStringList &wrapper = {}, const QStringList &env = {});
    IntakeRun addCases(int n, int first = 0) { return addCases(console, n, first); }

    /// Arguments of `pasokhctl sync` for `console` through the proxy, plus `extra`.
    QStringList syncArguments(const Console &console, const QStringList &extra) const;
    /// Runs `pasokhctl sync` to its end (or kills it after `timeoutMs`), password on stdin.
    SyncRun sync(const Console &console, const QStringList &extra = {QStringLiteral("--once")},
                 int timeoutMs = 120000, const QStringList &wrapper = {}, const QStringList &env = {});
    SyncRun sync(const QStringList &extra = {QStringLiteral("--once")}, int timeoutMs = 120000)
    {
        return sync(console, extra, timeoutMs);
    }
    /// Starts `pasokhctl sync` without waiting (the caller owns and stops the process).
    std::unique_ptr<QProcess> startSync(const Console &console, const QStringList &extra,
                                        const QStringList &wrapper = {}, const QStringList &env = {});
    /// Reads a finished process started by startSync() into a SyncRun.
    static SyncRun collect(QProcess &process, qint64 ms);

    /// The invariant checker on `console` and the hub.
    QList<Testing::SyncViolation> check(const Console &console,
                                        const Testing::SyncCheckOptions &options = {}) const;
    QList<Testing::SyncViolation> check(const Testing::SyncCheckOptions &options = {}) const
    {
        return check(console, options);
    }
    /// First column of the first row of a query on the hub (-1 on error).
    qint64 hubScalar(const QString &sql) const;
    /// First column of the first row of a query on a console store (-1 on error).
    static qint64 consoleScalar(const Console &console, const QString &sql);
    qint64 consoleScalar(const QString &sql) const { return consoleScalar(console, sql); }
    /// The console's current client_id (sync_state), empty when it has none.
    static QString clientId(const Console &console);
    /// Number of hub cases from `console`'s current client id.
    qint64 hubCasesOf(const Console &console) const;
    /// Runs one writing statement on a console store (no sync process may run). Returns an error message.
    static QString consoleExec(const Console &console, const QString &sql, const QVariantList &binds = {});
    /// Replaces the payload of outbox row `mutationId` by `payload` (compact JSON, payload_sha256 updated as
    /// Storage::Outbox computes it). Returns an error message.
    static QString rewriteOutboxPayload(const Console &console, qint64 mutationId,
                                        const QJsonObject &payload);
    /// The payload of outbox row `mutationId`.
    static QJsonObject outboxPayload(const Console &console, qint64 mutationId);

    /// SIGKILLs the hub (or stops it gracefully) and starts a new hub process on the same database; the
    /// proxy then forwards to it. Returns an error message.
    QString restartHub(bool kill);
    /// Registers a station with number `number` on the hub; returns a Console for it in a new folder.
    Console addConsole(int number, QString *error);

    HubTest::HubFixture hub;
    std::unique_ptr<Testing::FaultProxy> proxy;
    Console console; ///< station 1, in a temporary folder

private:
    QTemporaryDir m_dir;
    int m_folders = 0;
};

/// Points TMPDIR at /dev/shm (when it exists and TMPDIR is unset) before anything makes a temporary folder:
/// the stores, the hub's SQLite file and the PostgreSQL cluster then live in RAM, so fsync costs nothing and
/// the suite stays within its time budget (durability across power loss is not what these tests check).
void useRamTempDir();

/// A positive integer from the environment (test scaling knobs), else `fallback`.
int envInt(const char *name, int fallback);

/// Path of the pasokhctl binary under test.
QString pasokhctlBinary();
/// True when `program` is on PATH.
bool haveProgram(const QString &program);

} // namespace Pasokh::SyncTest
