// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/synccommand.h"

#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/instancelock.h"
#include "models/sync/identityanchor.h"
#include "models/sync/syncengine.h"
#include "models/sync/syncstore.h"
#include "models/sync/tokenstore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSettings>
#include <QTimeZone>
#include <QTimer>

#include <csignal>

namespace Pasokh::Sync {

namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void onStopSignal(int)
{
    g_stopRequested = 1;
}

enum Exit
{
    ExitOk = 0,
    ExitFailed = 1,
    ExitAuth = 2,
};

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

QString isoOrNever(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate) : QStringLiteral("never");
}

int status(const QString &dataDir, QTextStream &out, QTextStream &err)
{
    const QString path = Storage::storePath(dataDir);
    if (!QFile::exists(path)) {
        err << "No store in " << QDir::toNativeSeparators(dataDir) << ".\n";
        return ExitFailed;
    }
    const QString name = QStringLiteral("pasokhctl-sync-status");
    int code = ExitOk;
    {
        auto db = Storage::Database::openReader(path, name);
        if (!db) {
            err << "Cannot open the store: " << db.error().message << "\n";
            return ExitFailed;
        }
        SyncStore store(db.value());
        const auto counts = store.counts();
        if (!counts) {
            err << "Cannot read the outbox: " << counts.error().message << "\n";
            code = ExitFailed;
        } else {
            const auto st = store.state();
            if (st) {
                out << "client_id=" << st.value().clientId << "\n"
                    << "server_epoch=" << (st.value().serverEpoch.isEmpty() ? QStringLiteral("none")
                                                                             : st.value().serverEpoch)
                    << "\n"
                    << "last_acked_mutation_id=" << st.value().lastAckedWireId << "\n"
                    << "last_sync_utc=" << isoOrNever(st.value().lastSyncAt) << "\n";
            } else {
                out << "client_id=none (never synced)\n";
            }
            out << "pending=" << counts.value().pending << " parked=" << counts.value().parked
                << " acked=" << counts.value().acked << "\n";
            if (auto parked = store.parked(50); parked) {
                for (const ParkedItem &p : parked.value())
                    out << "parked mutation " << p.mutationId << " case " << p.trackingCode << " (" << p.op
                        << "): " << p.reason << "\n";
            }
        }
    }
    Storage::Database::closeConnection(name);
    return code;
}

} // namespace

int runSyncCommand(const QStringList &words, const QString &defaultDataDir, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDirOpt(QStringLiteral("data-dir"), QStringLiteral("The console's data folder."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption hubOpt(QStringLiteral("hub"), QStringLiteral("Hub URL (default [hub] url)."),
                                    QStringLiteral("URL"));
    const QCommandLineOption stationOpt(QStringLiteral("station-id"),
                                        QStringLiteral("Station id at the hub (default [hub] station_id)."),
                                        QStringLiteral("ID"));
    const QCommandLineOption userOpt(QStringLiteral("user"), QStringLiteral("Hub user name."), QStringLiteral("NAME"));
    const QCommandLineOption passwordStdinOpt(QStringLiteral("password-stdin"),
                                              QStringLiteral("Read the password from standard input."));
    const QCommandLineOption onceOpt(QStringLiteral("once"), QStringLiteral("Push and pull until done, then exit."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
                                        QStringLiteral("--once: give up after SEC seconds (default 60)."),
                                        QStringLiteral("SEC"), QStringLiteral("60"));
    parser.addOptions({dataDirOpt, hubOpt, stationOpt, userOpt, passwordStdinOpt, onceOpt, timeoutOpt});
    parser.addPositionalArgument(QStringLiteral("sync"), QStringLiteral("sync [status]"));
    if (!parser.parse(QStringList{QStringLiteral("pasokhctl")} + words)) {
        err << parser.errorText() << "\n";
        return ExitAuth; // 2 = bad command line, like every pasokhctl command
    }
    const QStringList positional = parser.positionalArguments();
    const QString dataDir = parser.isSet(dataDirOpt) ? parser.value(dataDirOpt) : defaultDataDir;
    if (dataDir.isEmpty()) {
        err << "sync needs --data-dir DIR.\n";
        return ExitAuth;
    }
    if (positional.size() == 2 && positional.at(1) == QLatin1String("status"))
        return status(dataDir, out, err);
    if (positional.size() != 1) {
        err << "Usage: pasokhctl sync --data-dir DIR --hub URL [--station-id ID] [--user NAME] "
               "[--password-stdin] [--once] [--timeout SEC] | pasokhctl sync status --data-dir DIR\n";
        return ExitAuth;
    }

    const QSettings ini(QDir(dataDir).filePath(QStringLiteral("pasokh.ini")), QSettings::IniFormat);
    const QString hub = parser.isSet(hubOpt) ? parser.value(hubOpt) : ini.value(QStringLiteral("hub/url")).toString();
    const QString station = parser.isSet(stationOpt) ? parser.value(stationOpt)
                                                     : ini.value(QStringLiteral("hub/station_id")).toString();
    const QUrl hubUrl(hub);
    if (hub.isEmpty() || !hubUrl.isValid() ||
        (hubUrl.scheme() != QLatin1String("http") && hubUrl.scheme() != QLatin1String("https"))) {
        err << "sync needs --hub URL (http:// or https://) or [hub] url in pasokh.ini.\n";
        return ExitAuth;
    }
    bool timeoutOk = false;
    const int timeoutSec = parser.value(timeoutOpt).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSec < 1) {
        err << "--timeout needs a positive number of seconds.\n";
        return ExitAuth;
    }
    const bool once = parser.isSet(onceOpt);
    const QString user = parser.value(userOpt);
    QString password;
    if (parser.isSet(passwordStdinOpt)) {
        QTextStream in(stdin);
        password = in.readLine();
    } else {
        password = qEnvironmentVariable("PASOKH_HUB_PASSWORD");
    }
    if (user.isEmpty() || password.isEmpty()) {
        err << "sync needs --user NAME and a password (--password-stdin or PASOKH_HUB_PASSWORD).\n";
        return ExitAuth;
    }
    if (!QFile::exists(Storage::storePath(dataDir))) {
        err << "No store in " << QDir::toNativeSeparators(dataDir) << ".\n";
        return ExitFailed;
    }
    auto lock = Storage::InstanceLock::acquire(dataDir);
    if (!lock) {
        err << "Cannot use " << QDir::toNativeSeparators(dataDir) << ": " << lock.error().message << "\n";
        return ExitFailed;
    }

    SyncOptions options;
    options.hubUrl = hubUrl;
    options.storePath = Storage::storePath(dataDir);
    options.connectionName = QStringLiteral("pasokhctl-sync");
    options.stationId = station;
    options.requestTimeoutMs = envInt("PASOKH_SYNC_REQUEST_TIMEOUT_MS", 30000);
    options.backoffBaseMs = envInt("PASOKH_SYNC_BACKOFF_BASE_MS", 1000);
    // --once has a deadline: a 5-minute cap would waste it; 10 s keeps retrying often enough.
    options.backoffCapMs = envInt("PASOKH_SYNC_BACKOFF_CAP_MS", once ? 10000 : 300000);
    options.watchdogMs = envInt("PASOKH_SYNC_WATCHDOG_MS", 60000);
    options.pollIntervalMs = envInt("PASOKH_SYNC_POLL_MS", 30000);

    int exitCode = ExitOk;
    SyncCounters counters;
    QueueCounts finalCounts;
    {
        QEventLoop loop;
        SyncEngine engine(options, std::make_shared<MemoryTokenStore>(), std::make_shared<SettingsIdentityAnchor>());
        bool done = false;
        bool loggedIn = false;
        auto finish = [&](int code, const QString &message) {
            if (done)
                return;
            done = true;
            exitCode = code;
            if (!message.isEmpty())
                err << message << "\n";
            loop.quit();
        };
        QTimer loginRetry;
        loginRetry.setSingleShot(true);
        int loginFailures = 0;
        QObject::connect(&loginRetry, &QTimer::timeout, &engine, [&] { engine.login(user, password); });
        QObject::connect(&engine, &SyncEngine::loginFinished, &engine,
                         [&](bool ok, const QString &code, const QString &message) {
                             if (ok) {
                                 loggedIn = true;
                                 return;
                             }
                             const bool transient = code == QLatin1String("network") || code.startsWith(QLatin1Char('5')) ||
                                                    code == QLatin1String("storage_unavailable") ||
                                                    code == QLatin1String("429");
                             if (transient) {
                                 loginRetry.start(qMin(10000, 500 << qMin(loginFailures++, 5)));
                                 return;
                             }
                             finish(ExitAuth, QStringLiteral("Hub login refused (%1): %2").arg(code, message));
                         });
        QObject::connect(&engine, &SyncEngine::cycleFinished, &engine, [&](bool clean) {
            const SyncStatus s = engine.status();
            if (loggedIn && s.state == SyncStatus::State::Locked) {
                finish(ExitAuth, QStringLiteral("The hub refused the session (%1).").arg(s.errorCode));
                return;
            }
            if (s.state == SyncStatus::State::Blocked) {
                finish(ExitFailed, QStringLiteral("Sync stopped: %1 %2").arg(s.errorCode, s.detail));
                return;
            }
            if (once && clean)
                finish(ExitOk, {});
        });
        QTimer deadline;
        deadline.setSingleShot(true);
        if (once) {
            QObject::connect(&deadline, &QTimer::timeout, &engine, [&] {
                const SyncStatus s = engine.status();
                finish(s.state == SyncStatus::State::Locked ? ExitAuth : ExitFailed,
                       QStringLiteral("Sync did not finish within %1 s (%2 %3).")
                           .arg(timeoutSec)
                           .arg(s.errorCode, s.detail));
            });
            deadline.start(timeoutSec * 1000);
        }
        g_stopRequested = 0;
        auto previousTerm = std::signal(SIGTERM, onStopSignal);
        auto previousInt = std::signal(SIGINT, onStopSignal);
        QTimer signalPoll;
        QObject::connect(&signalPoll, &QTimer::timeout, &engine, [&] {
            if (g_stopRequested)
                finish(once ? ExitFailed : ExitOk, once ? QStringLiteral("Interrupted.") : QString());
        });
        signalPoll.start(100);

        engine.start();
        if (engine.status().state == SyncStatus::State::Blocked) {
            finish(ExitFailed, QStringLiteral("Cannot start the sync: %1").arg(engine.status().detail));
        } else {
            if (!engine.identityNote().isEmpty() && engine.identityNote() == QLatin1String("rekeyed"))
                err << "This data folder came from another console or a backup: it was given a new client id.\n";
            engine.login(user, password);
            if (!done)
                loop.exec();
        }
        std::signal(SIGTERM, previousTerm);
        std::signal(SIGINT, previousInt);
        counters = engine.counters();
        engine.stop();
    }
    Storage::Database::closeConnection(options.connectionName);
    {
        const QString name = QStringLiteral("pasokhctl-sync-final");
        if (auto db = Storage::Database::openReader(options.storePath, name); db) {
            if (auto c = SyncStore(db.value()).counts(); c)
                finalCounts = c.value();
        }
        Storage::Database::closeConnection(name);
    }
    out << "pushed=" << counters.pushed << " acked=" << counters.acked << " parked=" << finalCounts.parked
        << " pending=" << finalCounts.pending << " pulled=" << counters.pulled << "\n";
    return exitCode;
}

} // namespace Pasokh::Sync
