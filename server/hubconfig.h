// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/httpserver.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Pasokh::Hub {

/// Command-line configuration of `pasokh-hub` (server mode):
/// `pasokh-hub --listen ADDR:PORT --db URL [--tls-cert F --tls-key F] [limits...]`.
struct HubConfig
{
    QString listenAddress = QStringLiteral("127.0.0.1");
    unsigned short listenPort = 8137;
    QString databaseUrl;
    QString tlsCert;
    QString tlsKey;
    QString portFile;       ///< when set, the bound port is written there (tests use --listen ...:0)
    QString restoreWitness; ///< RestoreGuard witness file (default `<sqlite path>.witness`, none for PG)
    QString minClientVersion = QStringLiteral("0.1.0");
    QString jurisdiction = QStringLiteral("mashhad.ir");
    int accessTokenTtlSeconds = 900;
    bool accessLog = true;
    double loginPerMinute = 30; ///< login attempts per source address: refill per minute (0 = no limit)
    double loginBurst = 30;     ///< … and bucket size
    double apiPerSecond =
        20;                ///< authenticated requests per station/account: refill per second (0 = no limit)
    double apiBurst = 120; ///< … and bucket size
    HttpLimits limits;

    /// Parses the arguments (argv[1..]); on failure returns nullopt and sets `error` (usage text included).
    /// --listen takes an IP address or a host name whose addresses are all loopback ("localhost", which
    /// becomes 127.0.0.1 when it has an IPv4 address); --min-client-version must be a whole version number
    /// ("0.3", "1.2.0"; not "banana" or "1.2-rc").
    static std::optional<HubConfig> parse(const QStringList &arguments, QString *error);

    /// The IP address to bind for --listen's host part: `host` itself when it is an IP address, the (IPv4 if
    /// any) address of a name that resolves to loopback only, nullopt otherwise (a name of another host or
    /// one that does not resolve).
    static std::optional<QString> listenIpAddress(const QString &host);
};

} // namespace Pasokh::Hub
