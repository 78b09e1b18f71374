// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/hubconfig.h"

#include "server/restoreguard.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QHostInfo>
#include <QVersionNumber>

namespace Pasokh::Hub {

std::optional<QString> HubConfig::listenIpAddress(const QString &host)
{
    if (!QHostAddress(host).isNull())
        return host;
    // The system resolver (/etc/hosts first); a name with any address that is not loopback is refused.
    const QHostInfo info = QHostInfo::fromName(host);
    const QList<QHostAddress> addresses = info.addresses();
    if (info.error() != QHostInfo::NoError || addresses.isEmpty())
        return std::nullopt;
    for (const QHostAddress &a : addresses)
        if (!a.isLoopback())
            return std::nullopt;
    for (const QHostAddress &a : addresses)
        if (a.protocol() == QAbstractSocket::IPv4Protocol)
            return a.toString();
    return addresses.first().toString();
}

std::optional<HubConfig> HubConfig::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("pasokh-hub: the central hub of the 137 contact centre"));
    p.addHelpOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port, e.g. 0.0.0.0:8137"),
                                    QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8137"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("postgresql://... or sqlite:PATH"),
                                QStringLiteral("URL"));
    const QCommandLineOption cert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate chain"),
                                  QStringLiteral("FILE"));
    const QCommandLineOption key(QStringLiteral("tls-key"), QStringLiteral("PEM private key"),
                                 QStringLiteral("FILE"));
    const QCommandLineOption portFile(QStringLiteral("port-file"),
                                      QStringLiteral("Write the bound port here"), QStringLiteral("FILE"));
    const QCommandLineOption threads(QStringLiteral("io-threads"), QStringLiteral("I/O threads (default 2)"),
                                     QStringLiteral("N"));
    const QCommandLineOption workers(QStringLiteral("workers"),
                                     QStringLiteral("Handler threads = database connections (default 8)"),
                                     QStringLiteral("N"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-bytes"), QStringLiteral("Request body limit"),
                                     QStringLiteral("BYTES"));
    const QCommandLineOption maxHeader(QStringLiteral("max-header-bytes"),
                                       QStringLiteral("Request header limit"), QStringLiteral("BYTES"));
    const QCommandLineOption timeout(QStringLiteral("request-timeout-ms"),
                                     QStringLiteral("Time to receive a whole request (default 30000)"),
                                     QStringLiteral("MS"));
    const QCommandLineOption maxConn(QStringLiteral("max-connections"),
                                     QStringLiteral("Open client connections at most (default 2000)"),
                                     QStringLiteral("N"));
    const QCommandLineOption ttl(QStringLiteral("access-token-ttl"),
                                 QStringLiteral("Access token lifetime in seconds (default 900)"),
                                 QStringLiteral("SECONDS"));
    const QCommandLineOption minVersion(QStringLiteral("min-client-version"),
                                        QStringLiteral("Oldest console version allowed to sync"),
                                        QStringLiteral("VERSION"));
    const QCommandLineOption jurisdiction(QStringLiteral("jurisdiction"),
                                          QStringLiteral("Open311 jurisdiction_id (default mashhad.ir)"),
                                          QStringLiteral("ID"));
    const QCommandLineOption noAccessLog(QStringLiteral("no-access-log"),
                                         QStringLiteral("Do not log each request"));
    const QCommandLineOption loginRate(
        QStringLiteral("login-rate"),
        QStringLiteral("Login attempts per minute per source address (default 30, 0 = no limit)"),
        QStringLiteral("N"));
    const QCommandLineOption loginBurst(QStringLiteral("login-burst"),
                                        QStringLiteral("Login attempts in a burst (default 30)"),
                                        QStringLiteral("N"));
    const QCommandLineOption apiRate(
        QStringLiteral("api-rate"),
        QStringLiteral("Requests per second per station or account (default 20, 0 = no limit)"),
        QStringLiteral("N"));
    const QCommandLineOption apiBurst(
        QStringLiteral("api-burst"),
        QStringLiteral("Requests in a burst per station or account (default 120)"), QStringLiteral("N"));
    const QCommandLineOption witness(
        QStringLiteral("restore-witness"),
        QStringLiteral("File recording the change-log position, to notice a restored database (default: "
                       "next to a SQLite database; none for PostgreSQL)"),
        QStringLiteral("FILE"));
    p.addOptions({witness,      listen,      db,        cert,       key,     portFile, threads,
                  workers,      maxBody,     maxHeader, timeout,    maxConn, ttl,      minVersion,
                  jurisdiction, noAccessLog, loginRate, loginBurst, apiRate, apiBurst});
    if (!p.parse(arguments)) {
        *error = p.errorText() + QLatin1Char('\n') + p.helpText();
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("help"))) {
        *error = p.helpText();
        return std::nullopt;
    }
    HubConfig c;
    const QString l = p.value(listen);
    const qsizetype colon = l.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? l.mid(colon + 1).toUInt(&ok) : 0;
    if (colon <= 0 || !ok || port > 65535) {
        *error = QStringLiteral("--listen must be ADDR:PORT");
        return std::nullopt;
    }
    c.listenAddress = l.left(colon);
    if (c.listenAddress.startsWith(QLatin1Char('[')) && c.listenAddress.endsWith(QLatin1Char(']')))
        c.listenAddress = c.listenAddress.mid(1, c.listenAddress.size() - 2);
    if (const auto address = listenIpAddress(c.listenAddress))
        c.listenAddress = *address;
    else {
        *error = QStringLiteral("--listen needs an IP address or a host name of this machine's loopback "
                                "(e.g. 127.0.0.1:8137, localhost:8137, 0.0.0.0:8137, [::]:8137); \"%1\" is "
                                "neither")
                     .arg(c.listenAddress);
        return std::nullopt;
    }
    c.listenPort = static_cast<unsigned short>(port);
    c.databaseUrl = p.value(db);
    if (c.databaseUrl.isEmpty()) {
        *error = QStringLiteral("--db is required (postgresql://... or sqlite:PATH)");
        return std::nullopt;
    }
    c.tlsCert = p.value(cert);
    c.tlsKey = p.value(key);
    if (c.tlsCert.isEmpty() != c.tlsKey.isEmpty()) {
        *error = QStringLiteral("--tls-cert and --tls-key go together");
        return std::nullopt;
    }
    c.portFile = p.value(portFile);
    c.restoreWitness = p.isSet(witness) ? p.value(witness) : RestoreGuard::defaultWitnessPath(c.databaseUrl);
    auto intOption = [&](const QCommandLineOption &o, int min, int max, int &target) {
        if (!p.isSet(o))
            return true;
        bool good = false;
        const int v = p.value(o).toInt(&good);
        if (!good || v < min || v > max) {
            *error = QStringLiteral("--%1 must be %2..%3").arg(o.names().first()).arg(min).arg(max);
            return false;
        }
        target = v;
        return true;
    };
    int body = int(c.limits.maxBodyBytes), header = int(c.limits.maxHeaderBytes);
    if (!intOption(threads, 1, 64, c.limits.ioThreads) ||
        !intOption(workers, 1, 256, c.limits.workerThreads) ||
        !intOption(maxBody, 1024, 64 * 1024 * 1024, body) ||
        !intOption(maxHeader, 1024, 1024 * 1024, header) ||
        !intOption(timeout, 100, 3600000, c.limits.requestTimeoutMs) ||
        !intOption(maxConn, 1, 1000000, c.limits.maxConnections) ||
        !intOption(ttl, 1, 86400, c.accessTokenTtlSeconds))
        return std::nullopt;
    auto rateOption = [&](const QCommandLineOption &o, double &target) {
        if (!p.isSet(o))
            return true;
        bool good = false;
        const double v = p.value(o).toDouble(&good);
        if (!good || v < 0 || v > 1e9) {
            *error = QStringLiteral("--%1 must be a number ≥ 0").arg(o.names().first());
            return false;
        }
        target = v;
        return true;
    };
    if (!rateOption(loginRate, c.loginPerMinute) || !rateOption(loginBurst, c.loginBurst) ||
        !rateOption(apiRate, c.apiPerSecond) || !rateOption(apiBurst, c.apiBurst))
        return std::nullopt;
    c.limits.maxBodyBytes = std::size_t(body);
    c.limits.maxHeaderBytes = std::size_t(header);
    if (p.isSet(minVersion)) {
        qsizetype end = 0;
        const QString given = p.value(minVersion);
        const QVersionNumber version = QVersionNumber::fromString(given, &end);
        if (version.isNull() || end != given.size()) {
            *error = QStringLiteral("--min-client-version must be a version number such as 0.3 or 1.2.0; got "
                                    "\"%1\"")
                         .arg(given);
            return std::nullopt;
        }
        c.minClientVersion = version.toString();
    }
    if (p.isSet(jurisdiction))
        c.jurisdiction = p.value(jurisdiction);
    c.accessLog = !p.isSet(noAccessLog);
    return c;
}

} // namespace Pasokh::Hub
