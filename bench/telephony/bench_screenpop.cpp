// SPDX-License-Identifier: GPL-3.0-or-later
// Screen-pop benchmark (issue 3, "Benchmarks"): the real console window (offscreen) with the real engine,
// over a store of one million cases (bench/console seededStore, cached). SIPp places 100 calls one after
// another, each from a different caller who has cases in the store; the console auto-answers and wraps up.
// Prints:
//   screenpop_invite_to_signal_p50/p99   ms  SIPp sends INVITE -> ITelephony::incomingCall
//   screenpop_invite_to_history_p50/p99  ms  SIPp sends INVITE -> the call panel's history list shows the
//   caller's
//                                             earlier cases (model loaded, view repainted)
//   screenpop_calls                      calls measured
// Calls and agent-state rows it adds to the cached store are deleted at the end.
#include "bench/console/seededstore.h"
#include "models/storage/database.h"
#include "models/viewmodels/callerhistorymodel.h"
#include "telephony/enginetelephony.h"
#include "tests/integration/telephony/sipharness.h"
#include "ui/appearance.h"
#include "ui/callerhistoryview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Pasokh;
using namespace Pasokh::TestSupport;

namespace {
void print(const char *name, double value, const char *unit)
{
    std::printf("%s %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

void printLoad(const char *when)
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (f.open(QIODevice::ReadOnly))
        std::printf("# load average at the %s: %s", when, f.readLine().constData());
}

/// CPU time of the calling thread, ms.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

/// One event dispatch on the GUI thread that took long (the evidence for a late screen pop).
struct SlowEvent
{
    qint64 startMs = 0; ///< wall clock, ms since the epoch (same clock as SIPp's message log)
    qint64 durationMs = 0;
    double cpuMs = 0; ///< CPU time of the GUI thread in it: far below durationMs = waiting (load, disk)
    QByteArray what;  ///< event type, receiver class and its parent's class
};

/// QApplication that times every top-level event dispatch and keeps those of at least kSlowMs: which
/// receiver kept the GUI thread busy, and when.
class TimedApplication : public QApplication
{
public:
    static constexpr qint64 kSlowMs = 4;
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        const qint64 start = QDateTime::currentMSecsSinceEpoch();
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        const int type = int(event->type());
        const QByteArray cls = receiver->metaObject()->className();
        const QByteArray parent =
            receiver->parent() ? QByteArray(receiver->parent()->metaObject()->className()) : QByteArray("-");
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 d = t.elapsed();
        const QByteArray key = QByteArray::number(type) + ' ' + cls;
        auto &[count, cpu] = cpuByEvent[key];
        ++count;
        cpu += threadCpuMs() - cpu0;
        if (d >= kSlowMs)
            slow.append({start, d, threadCpuMs() - cpu0,
                         QByteArray::number(type) + ' ' + cls + " (in " + parent + ')'});
        return r;
    }

    QList<SlowEvent> slow;
    /// Every top-level dispatch: "type receiver class" -> (count, GUI-thread CPU ms).
    QHash<QByteArray, QPair<int, double>> cpuByEvent;

private:
    int m_depth = 0;
};
} // namespace

int main(int argc, char **argv)
{
    TimedApplication app(argc, argv);
    Ui::applyLanguage(app, QStringLiteral("fa"));
    Ui::applyFont(app);
    const int calls = qEnvironmentVariableIntValue("PASOKH_BENCH_CALLS") > 0
                          ? qEnvironmentVariableIntValue("PASOKH_BENCH_CALLS")
                          : 100;
    const Bench::SeededStore seeded = Bench::seededStore(1000000, 42);
    if (!seeded.error.isEmpty()) {
        std::fprintf(stderr, "store: %s\n", qPrintable(seeded.error));
        return 1;
    }
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

    auto ctx = std::make_unique<Ui::ConsoleContext>();
    ctx->config.station = 7;
    ctx->config.operatorName = QStringLiteral("bench");
    auto db = Storage::Database::open(seeded.dbPath, QStringLiteral("bench-writer"));
    if (!db) {
        std::fprintf(stderr, "open: %s\n", qPrintable(db.error().message));
        return 1;
    }
    ctx->db = db.value();
    auto catalog = Storage::ReferenceCatalog::load(ctx->db->writer());
    if (!catalog) {
        std::fprintf(stderr, "catalog: %s\n", qPrintable(catalog.error().message));
        return 1;
    }
    ctx->catalog = std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value());
    ctx->cases = std::make_unique<Storage::CaseStore>(ctx->db, ctx->catalog, 7, QStringLiteral("bench"));
    ctx->reader = std::make_unique<Storage::ReadWorker>(seeded.dbPath);

    // Callers with cases in the store (E.164 mobiles), dialled in national form as a PBX would send them.
    QStringList callers;
    {
        QSqlQuery q(ctx->db->writer());
        q.exec(
            QStringLiteral("SELECT DISTINCT caller_phone FROM cases WHERE caller_phone LIKE '+989%' LIMIT %1")
                .arg(calls));
        while (q.next())
            callers << q.value(0).toString();
    }
    if (callers.size() < calls) {
        std::fprintf(stderr, "only %lld callers with cases in the store\n", qlonglong(callers.size()));
        return 1;
    }
    QFile inf(dir.filePath(QStringLiteral("callers.csv")));
    inf.open(QIODevice::WriteOnly);
    inf.write("SEQUENTIAL\n");
    for (const QString &c : callers)
        inf.write(QStringLiteral("0%1;\n").arg(c.mid(3)).toUtf8());
    inf.close();

    Ui::ConsolePhone::Options opts;
    opts.agentId = QStringLiteral("bench-agent");
    opts.wrapUpSeconds = 0;
    opts.autoAnswer = true;
    opts.autoAnswerDelayMs = 0;
    auto engine = std::make_unique<Telephony::EngineTelephony>(
        engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), kamailio.domain(), dir.path()));
    Telephony::EngineTelephony *engineTel = engine.get();
    ctx->phone = Ui::ConsolePhone::create(std::move(engine), ctx->db, opts);
    Ui::MainWindow window(ctx.get());
    window.resize(1366, 768);
    window.show();
    Telephony::ITelephony *tel = ctx->phone->telephony.get();
    Agent::AgentStateMachine *agent = ctx->phone->agent.get();
    tel->start();
    const QDeadlineTimer regDeadline(15000);
    while (tel->registration().state != Telephony::RegistrationState::Ok && !regDeadline.hasExpired())
        waitEvents(10);
    if (tel->registration().state != Telephony::RegistrationState::Ok) {
        std::fprintf(stderr, "engine did not register\n");
        return 1;
    }
    agent->logIn();

    QHash<QString, QString> sipIdOf; // telephony call id -> SIP Call-ID
    QHash<QString, qint64> signalled, shown, engineSeen;
    QObject::connect(tel, &Telephony::ITelephony::incomingCall, &app, [&](const Telephony::CallInfo &c) {
        signalled.insert(c.sipCallId, QDateTime::currentMSecsSinceEpoch());
        engineSeen.insert(c.sipCallId, c.offeredAt.toMSecsSinceEpoch());
        sipIdOf.insert(c.id, c.sipCallId);
    });
    ViewModels::CallerHistoryModel *history = window.callerHistory();
    QListView *list = window.callHistoryView()->findChild<QListView *>();
    QObject::connect(history, &ViewModels::CallerHistoryModel::loaded, &app, [&] {
        const Agent::CallRecord call = agent->currentCall();
        const QString sip = sipIdOf.value(call.telephonyCallId);
        if (sip.isEmpty() || shown.contains(sip) || history->phone() != call.ani || history->caseCount() == 0)
            return;
        list->viewport()->repaint(); // the rows are on screen now
        shown.insert(sip, QDateTime::currentMSecsSinceEpoch());
    });
    QObject::connect(agent, &Agent::AgentStateMachine::stateChanged, &app, [&](Agent::AgentState s) {
        if (s == Agent::AgentState::WrapUp) {
            agent->setDisposition(Agent::Disposition::GuidanceGiven);
            agent->setReady();
        }
    });

    printLoad("start");
    const qint64 consoleCpu0 = cpuMs(QCoreApplication::applicationPid());
    const qint64 engineCpu0 = cpuMs(engineTel->enginePid());
    QElapsedTimer wall;
    wall.start();
    SippRun sipp;
    if (!sipp.start(dir.path(), QStringLiteral("caller.xml"), kamailio.port(), {},
                    {{"<[from_uri]>", "<sip:[field0]@127.0.0.1>"}},
                    {QStringLiteral("-inf"), dir.filePath(QStringLiteral("callers.csv")),
                     QStringLiteral("-d"), QStringLiteral("200"), QStringLiteral("-m"),
                     QString::number(calls), QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-r"),
                     QStringLiteral("3"), QStringLiteral("-timeout"), QStringLiteral("600s")},
                    &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    sipp.waitFinished(calls * 3000 + 30000);
    const auto sent = inviteSendTimes(dir.filePath(QStringLiteral("caller-%1.msg").arg(sipp.localPort())));
    QList<double> toSignal, toHistory;
    for (auto it = sent.cbegin(); it != sent.cend(); ++it) {
        if (signalled.contains(it.key()))
            toSignal.append(double(signalled.value(it.key()) - it.value()));
        if (shown.contains(it.key()))
            toHistory.append(double(shown.value(it.key()) - it.value()));
    }
    if (toHistory.size() < calls)
        std::fprintf(stderr, "INVITEs sent %lld, signalled %lld, history shown %lld; SIPp exit %d\n%s\n",
                     qlonglong(sent.size()), qlonglong(signalled.size()), qlonglong(shown.size()),
                     sipp.exitCode(), qPrintable(sipp.diagnostics().left(4000)));
    // Evidence for the slowest calls: where the time went (SIPp -> engine's IncomingReceived -> console's
    // signal -> history shown) and what the GUI thread was busy with in between.
    QList<QPair<qint64, QString>> byLatency;
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        if (shown.contains(it.key()))
            byLatency.append({shown.value(it.key()) - it.value(), it.key()});
    QList<QPair<qint64, QString>> bySend;
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        bySend.append({it.value(), it.key()});
    std::sort(bySend.begin(), bySend.end());
    QHash<QString, qsizetype> seqOf;
    for (qsizetype i = 0; i < bySend.size(); ++i)
        seqOf.insert(bySend.at(i).second, i + 1);
    std::sort(byLatency.begin(), byLatency.end(),
              [](const auto &a, const auto &b) { return a.first > b.first; });
    std::printf("# invite->history by call order (ms):");
    for (const auto &[t, id] : std::as_const(bySend))
        std::printf(" %lld", shown.contains(id) ? qlonglong(shown.value(id) - t) : -1LL);
    std::printf("\n");
    for (qsizetype i = 0; i < std::min<qsizetype>(5, byLatency.size()); ++i) {
        const QString &id = byLatency.at(i).second;
        const qint64 t0 = sent.value(id);
        std::printf(
            "# slow call %lld (call #%lld of the run): invite->engine %lld ms, engine->signal %lld ms, "
            "signal->history %lld ms\n",
            qlonglong(i + 1), qlonglong(seqOf.value(id)), qlonglong(engineSeen.value(id) - t0),
            qlonglong(signalled.value(id) - engineSeen.value(id)),
            qlonglong(shown.value(id) - signalled.value(id)));
        for (const SlowEvent &e : std::as_const(app.slow))
            if (e.startMs + e.durationMs >= t0 - 50 && e.startMs <= shown.value(id))
                std::printf("#   gui busy at invite%+lld ms for %lld ms (cpu %.0f ms): %s\n",
                            qlonglong(e.startMs - t0), qlonglong(e.durationMs), e.cpuMs, e.what.constData());
    }
    // Heavy GUI-thread work anywhere in the run (CPU, not wall: wall time also counts other processes' load).
    for (const SlowEvent &e : std::as_const(app.slow))
        if (e.cpuMs >= 20) {
            std::printf("# heavy gui event at +%lld ms of the run: %lld ms (cpu %.0f ms): %s\n",
                        qlonglong(e.startMs - bySend.value(0).first), qlonglong(e.durationMs), e.cpuMs,
                        e.what.constData());
        }
    // Where the GUI thread's CPU went over the whole run, by event type and receiver (top 8).
    QList<QPair<double, QByteArray>> cpuRank;
    for (auto it = app.cpuByEvent.cbegin(); it != app.cpuByEvent.cend(); ++it)
        cpuRank.append({it.value().second, it.key() + " x" + QByteArray::number(it.value().first)});
    std::sort(cpuRank.begin(), cpuRank.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (qsizetype i = 0; i < std::min<qsizetype>(8, cpuRank.size()); ++i)
        std::printf("# gui cpu %.0f ms in events %s\n", cpuRank.at(i).first,
                    cpuRank.at(i).second.constData());
    print("screenpop_calls", double(toHistory.size()), "calls");
    print("screenpop_invite_to_signal_p50", percentile(toSignal, 50), "ms");
    print("screenpop_invite_to_signal_p99", percentile(toSignal, 99), "ms");
    print("screenpop_invite_to_history_p50", percentile(toHistory, 50), "ms");
    print("screenpop_invite_to_history_p99", percentile(toHistory, 99), "ms");
    printLoad("end");
    std::printf("# CPU during the calls: console %lld ms, engine %lld ms, wall %lld ms\n",
                qlonglong(cpuMs(QCoreApplication::applicationPid()) - consoleCpu0),
                qlonglong(cpuMs(engineTel->enginePid()) - engineCpu0), qlonglong(wall.elapsed()));

    tel->stop();
    waitEvents(500);
    window.close();
    QSqlQuery q(ctx->db->writer());
    q.exec(QStringLiteral("DELETE FROM agent_state_log WHERE agent = 'bench-agent'"));
    q.exec(QStringLiteral("DELETE FROM calls WHERE agent = 'bench-agent'"));
    q.exec(QStringLiteral("DELETE FROM drafts"));
    return toHistory.size() == calls ? 0 : 1;
}
