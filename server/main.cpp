// SPDX-License-Identifier: GPL-3.0-or-later
// pasokh-hub: the central hub of the 137 contact centre (issue 5). Composition root: configuration, storage,
// migrations, router, HTTP server.
#include "server/admincli.h"
#include "server/connectionpool.h"
#include "server/httpserver.h"
#include "server/hubconfig.h"
#include "server/logging.h"
#include "server/migrations.h"
#include "server/passwordhasher.h"
#include "server/restoreguard.h"
#include "server/router.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pasokh-hub"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PASOKH_VERSION));
    std::signal(SIGPIPE, SIG_IGN);
    using namespace Pasokh::Hub;

    const QStringList args = QCoreApplication::arguments();
    if (args.size() >= 2 && args.at(1) == QLatin1String("admin"))
        return AdminCli::run(args.mid(2));

    QString error;
    const auto config = HubConfig::parse(args, &error);
    if (!config) {
        QTextStream(stderr) << error << '\n';
        return 2;
    }
    if (!PasswordHasher::initialize()) {
        qCCritical(lcHub) << "libsodium failed to initialise";
        return 1;
    }
    {
        auto conn = openSqlConnection(config->databaseUrl, &error);
        if (!conn) {
            qCCritical(lcHub).noquote() << "cannot open the database:" << error;
            return 1;
        }
        error = Migrations::migrate(*conn);
        if (!error.isEmpty()) {
            qCCritical(lcHub).noquote() << error;
            return 1;
        }
        // A restored database gets a new epoch before the first request (consoles then get 410).
        const RestoreGuard::Outcome restore = RestoreGuard::check(*conn, config->restoreWitness);
        if (restore.rotated)
            qCWarning(lcHub).noquote()
                << QStringLiteral("%1; new server epoch %2").arg(restore.reason, restore.epoch);
        if (!restore.error.isEmpty()) {
            qCCritical(lcHub).noquote() << restore.error;
            return 1;
        }
    }
    ConnectionPool pool(config->databaseUrl, config->limits.workerThreads);
    Router router(pool, RouterOptions{config->minClientVersion, config->jurisdiction,
                                      config->accessTokenTtlSeconds, config->loginPerMinute,
                                      config->loginBurst, config->apiPerSecond, config->apiBurst});
    AccessLogger logger;
    if (config->accessLog) {
        logger = [](const std::string &method, const std::string &path, int status, std::size_t bytes,
                    long long micros, const std::string &) {
            qCInfo(lcAccess).noquote() << QString::fromStdString(method) << QString::fromStdString(path)
                                       << status << bytes << QStringLiteral("%1us").arg(micros);
        };
    }
    HttpServer server(
        config->limits, [&router](const HttpRequest &r) { return router.handle(r); }, logger);
    if (!config->tlsCert.isEmpty()) {
        const std::string tlsError =
            server.enableTls(TlsFiles{config->tlsCert.toStdString(), config->tlsKey.toStdString()});
        if (!tlsError.empty()) {
            qCCritical(lcHub).noquote() << QString::fromStdString(tlsError);
            return 1;
        }
    }
    const std::string listenError = server.listen(config->listenAddress.toStdString(), config->listenPort);
    if (!listenError.empty()) {
        qCCritical(lcHub).noquote() << QString::fromStdString(listenError);
        return 1;
    }
    if (!config->portFile.isEmpty()) {
        QFile f(config->portFile + QStringLiteral(".tmp"));
        if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::number(server.port())) < 0) {
            qCCritical(lcHub) << "cannot write the port file";
            return 1;
        }
        f.close();
        QFile::remove(config->portFile);
        f.rename(config->portFile);
    }
    qCInfo(lcHub).noquote() << QStringLiteral("listening on %1:%2 (%3)")
                                   .arg(config->listenAddress)
                                   .arg(server.port())
                                   .arg(config->tlsCert.isEmpty() ? QStringLiteral("http")
                                                                  : QStringLiteral("https"));
    // The restore witness follows the change log every 5 s and once more after the last request.
    std::mutex witnessMutex;
    std::condition_variable witnessWake;
    bool stopping = false;
    auto updateWitness = [&] {
        QString poolError;
        PooledConnection c = pool.acquire(&poolError);
        if (!c || !RestoreGuard::writeWitness(*c.get(), config->restoreWitness))
            qCWarning(lcHub).noquote() << "cannot update the restore witness" << config->restoreWitness;
    };
    std::thread witnessThread;
    if (!config->restoreWitness.isEmpty()) {
        witnessThread = std::thread([&] {
            std::unique_lock lock(witnessMutex);
            while (!witnessWake.wait_for(lock, std::chrono::seconds(5), [&] { return stopping; })) {
                lock.unlock();
                updateWitness();
                lock.lock();
            }
        });
    }
    server.run(true);
    if (witnessThread.joinable()) {
        {
            const std::lock_guard lock(witnessMutex);
            stopping = true;
        }
        witnessWake.notify_all();
        witnessThread.join();
        updateWitness();
    }
    qCInfo(lcHub) << "stopped";
    return 0;
}
