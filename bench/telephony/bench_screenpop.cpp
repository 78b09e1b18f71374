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
#include <QFile>
#include <QListView>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>

using namespace Pasokh;
using namespace Pasokh::TestSupport;

namespace {
void print(const char *name, double value, const char *unit)
{
    std::printf("%s %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
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
    ctx->phone = Ui::ConsolePhone::create(
        std::make_unique<Telephony::EngineTelephony>(
            engineSettings(QStringLiteral("1001"), QStringLiteral("secret"), kamailio.domain(), dir.path())),
        ctx->db, opts);
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
    QHash<QString, qint64> signalled, shown;
    QObject::connect(tel, &Telephony::ITelephony::incomingCall, &app, [&](const Telephony::CallInfo &c) {
        signalled.insert(c.sipCallId, QDateTime::currentMSecsSinceEpoch());
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
                     qlonglong(sent.size()), qlonglong(signalled.size()), qlonglong(shown.size()), sipp.exitCode(),
                     qPrintable(sipp.diagnostics().left(4000)));
    print("screenpop_calls", double(toHistory.size()), "calls");
    print("screenpop_invite_to_signal_p50", percentile(toSignal, 50), "ms");
    print("screenpop_invite_to_signal_p99", percentile(toSignal, 99), "ms");
    print("screenpop_invite_to_history_p50", percentile(toHistory, 50), "ms");
    print("screenpop_invite_to_history_p99", percentile(toHistory, 99), "ms");
    std::FILE *load = std::fopen("/proc/loadavg", "r");
    char buf[128] = {};
    if (load && std::fgets(buf, sizeof buf, load))
        std::printf("# load average at the end: %s", buf);
    if (load)
        std::fclose(load);

    tel->stop();
    waitEvents(500);
    window.close();
    QSqlQuery q(ctx->db->writer());
    q.exec(QStringLiteral("DELETE FROM agent_state_log WHERE agent = 'bench-agent'"));
    q.exec(QStringLiteral("DELETE FROM calls WHERE agent = 'bench-agent'"));
    q.exec(QStringLiteral("DELETE FROM drafts"));
    return toHistory.size() == calls ? 0 : 1;
}
