// SPDX-License-Identifier: GPL-3.0-or-later
// pasokh-phone: the SIP/media engine process. Launched and supervised by the console (EngineTelephony); talks
// to it over the local socket named by --socket with the protocol of telephony/protocol.h. Runs liblinphone
// on its main thread. Exits when the console says `shutdown`, when the connection drops, or on SIGTERM/SIGINT
// (all three stop the core cleanly, which unregisters).
#include "telephony/engine/linphoneengine.h"
#include "telephony/protocol.h"
#include "telephony/telephonylog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLocalSocket>
#include <QSocketNotifier>

#include <csignal>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

} // namespace

int main(int argc, char **argv)
{
    using namespace Pasokh::Telephony;
    // If the console dies without closing the socket (SIGKILL), do not linger as an orphan.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pasokh-phone"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PASOKH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pasokh SIP engine (liblinphone), run by the console"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption socketOpt(QStringLiteral("socket"), QStringLiteral("Local socket of the console."),
                                 QStringLiteral("name"));
    parser.addOption(socketOpt);
    parser.process(app);
    if (!parser.isSet(socketOpt)) {
        qCCritical(lcEngine) << "--socket is required";
        return 2;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &sa, nullptr);
        ::sigaction(SIGINT, &sa, nullptr);
    }
    ::signal(SIGPIPE, SIG_IGN);

    LinphoneEngine engine;
    QLocalSocket socket;
    Protocol::FrameReader reader;
    int exitCode = 0;

    QObject::connect(&engine, &LinphoneEngine::outgoing, &socket, [&socket](const QJsonObject &msg) {
        if (socket.state() == QLocalSocket::ConnectedState)
            socket.write(Protocol::encode(msg));
    });
    QObject::connect(&engine, &LinphoneEngine::stopped, &app, [&socket, &exitCode] {
        socket.flush();
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&socket, &QLocalSocket::readyRead, &engine, [&] {
        reader.append(socket.readAll());
        QString error;
        for (const QJsonObject &m : reader.takeMessages(&error))
            engine.handle(m);
        if (!error.isEmpty()) {
            qCCritical(lcEngine) << "protocol error from console:" << error;
            exitCode = 3;
            engine.shutdown();
        }
    });
    QObject::connect(&socket, &QLocalSocket::disconnected, &engine, [&] {
        qCInfo(lcEngine) << "console connection closed; stopping";
        engine.shutdown();
    });
    QSocketNotifier sigNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&sigNotifier, &QSocketNotifier::activated, &engine, [&] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
        qCInfo(lcEngine) << "signal received; stopping";
        engine.shutdown();
    });

    socket.connectToServer(parser.value(socketOpt));
    if (!socket.waitForConnected(3000)) {
        qCCritical(lcEngine) << "cannot connect to the console:" << socket.errorString();
        return 4;
    }
    socket.write(Protocol::encode(Protocol::message(
        Protocol::kHello, {{QStringLiteral("v"), Protocol::kVersion},
                           {QStringLiteral("token"), qEnvironmentVariable(Protocol::kTokenEnv)},
                           {QStringLiteral("pid"), QCoreApplication::applicationPid()}})));
    return app.exec();
}
