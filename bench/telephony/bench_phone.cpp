// SPDX-License-Identifier: GPL-3.0-or-later
// Telephony benchmarks (issue 3, "Benchmarks"): prints `name value unit` lines.
//   phone_invite_to_signal_p50/p99  ms   SIPp sends INVITE -> ITelephony::incomingCall in the console process
//   phone_engine_cpu_idle/in_call   %    of one core, engine process, from /proc/<pid>/stat
//   phone_console_cpu_idle/in_call  %    of one core, this (console-side) process
//   phone_engine_rss_in_call        MiB
//   phone_console_rss_in_call       MiB
//   phone_crash_to_registered_p50/max ms SIGKILL of the engine -> registration Ok again
// Real Kamailio + SIPp + pasokh-phone on 127.0.0.1, like the integration tests.
#include "tests/integration/telephony/phonefixture.h"
#include "tests/integration/telephony/sipharness.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <csignal>
#include <cstdio>

using namespace Pasokh;
using namespace Pasokh::Telephony;
using namespace Pasokh::TestSupport;

namespace {

void spin(int ms)
{
    waitEvents(ms);
}

template <typename P> bool spinUntil(P pred, int ms)
{
    const QDeadlineTimer d(ms);
    while (!pred()) {
        if (d.hasExpired())
            return false;
        waitEvents(2);
    }
    return true;
}

void print(const char *name, double value, const char *unit)
{
    std::printf("%s %.2f %s\n", name, value, unit);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    QString error;
    if (!makeMedia(dir.path(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    KamailioServer kamailio;
    if (!kamailio.start(dir.path(), {}, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    RestartPolicy::Params restart;
    restart.stableRunMs = 500; // every SIGKILL below is an isolated crash
    PhoneFixture phone(
        engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), kamailio.domain(), dir.path()),
        restart);
    if (!phone.startAndRegister()) {
        std::fprintf(stderr, "engine did not register\n");
        return 1;
    }
    const qint64 selfPid = QCoreApplication::applicationPid();

    // 1. Idle CPU over 5 s.
    spin(1000);
    qint64 e0 = cpuMs(phone.tel().enginePid()), c0 = cpuMs(selfPid);
    spin(5000);
    print("phone_engine_cpu_idle", double(cpuMs(phone.tel().enginePid()) - e0) / 5000.0 * 100.0, "%");
    print("phone_console_cpu_idle", double(cpuMs(selfPid) - c0) / 5000.0 * 100.0, "%");

    // 2. One 6 s call: CPU and RSS in a call.
    {
        SippRun sipp;
        sipp.start(dir.path(), QStringLiteral("caller.xml"), kamailio.port(), {}, {},
                   {QStringLiteral("-d"), QStringLiteral("6000")}, &error);
        const CallInfo in = phone.waitIncoming();
        phone.tel().answer(in.id);
        phone.waitState(in.id, CallState::Connected);
        spin(500);
        e0 = cpuMs(phone.tel().enginePid());
        c0 = cpuMs(selfPid);
        spin(4000);
        print("phone_engine_cpu_in_call", double(cpuMs(phone.tel().enginePid()) - e0) / 4000.0 * 100.0, "%");
        print("phone_console_cpu_in_call", double(cpuMs(selfPid) - c0) / 4000.0 * 100.0, "%");
        print("phone_engine_rss_in_call", double(rssKb(phone.tel().enginePid())) / 1024.0, "MiB");
        print("phone_console_rss_in_call", double(rssKb(selfPid)) / 1024.0, "MiB");
        sipp.waitFinished(15000);
        phone.reset();
    }

    // 3. INVITE -> incomingCall over 100 calls (auto-answer, 100 ms calls, one at a time).
    {
        QHash<QString, qint64> signalled;
        auto conn = QObject::connect(&phone.tel(), &ITelephony::incomingCall, &app, [&](const CallInfo &c) {
            signalled.insert(c.sipCallId, QDateTime::currentMSecsSinceEpoch());
        });
        auto wrap = QObject::connect(&phone.agent(), &Agent::AgentStateMachine::stateChanged, &app,
                                     [&](Agent::AgentState s) {
                                         if (s == Agent::AgentState::WrapUp) {
                                             phone.agent().setDisposition(Agent::Disposition::GuidanceGiven);
                                             phone.agent().setReady();
                                         }
                                     });
        phone.binding().setAutoAnswer(true, 0);
        SippRun sipp;
        sipp.start(dir.path(), QStringLiteral("caller.xml"), kamailio.port(), {}, {},
                   {QStringLiteral("-d"), QStringLiteral("100"), QStringLiteral("-m"), QStringLiteral("100"),
                    QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-r"), QStringLiteral("10")},
                   &error);
        sipp.waitFinished(120000);
        QObject::disconnect(conn);
        QObject::disconnect(wrap);
        phone.binding().setAutoAnswer(false, 0);
        const auto sent =
            inviteSendTimes(dir.path() + QStringLiteral("/caller-%1.msg").arg(sipp.localPort()));
        QList<double> lat;
        for (auto it = signalled.cbegin(); it != signalled.cend(); ++it) {
            if (sent.contains(it.key()))
                lat.append(double(it.value() - sent.value(it.key())));
        }
        print("phone_invite_to_signal_calls", double(lat.size()), "calls");
        print("phone_invite_to_signal_p50", percentile(lat, 50), "ms");
        print("phone_invite_to_signal_p99", percentile(lat, 99), "ms");
        phone.reset();
    }

    // 4. Engine crash (SIGKILL) -> registered again, 10 times.
    {
        QList<double> times;
        for (int i = 0; i < 10; ++i) {
            spin(700);
            const qint64 pid = phone.tel().enginePid();
            const qsizetype crashes = phone.crashDelays.size();
            QElapsedTimer t;
            t.start();
            ::kill(pid_t(pid), SIGKILL);
            spinUntil([&] { return phone.crashDelays.size() > crashes; }, 5000);
            if (phone.waitReRegistered(8000) >= 0)
                times.append(double(t.elapsed()));
        }
        print("phone_crash_to_registered_p50", percentile(times, 50), "ms");
        print("phone_crash_to_registered_max", percentile(times, 100), "ms");
    }
    return 0;
}
