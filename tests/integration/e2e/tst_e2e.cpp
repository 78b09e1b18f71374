// SPDX-License-Identifier: GPL-3.0-or-later
// The main job end to end (issue 7): a live call becomes a referred, answered case.
// Peers (127.0.0.1, free ports, stopped by PID): Kamailio as the PBX (the telephony tests' config, with the
// proxy guard), pasokh-hub on a throwaway PostgreSQL cluster (the hub tests' fixture), SIPp callers. The
// console: its data folder and INI written here, opened with App::openConsole() and shown in a Ui::MainWindow
// the way app/pasokh does, offscreen, auto-answer off, the phone engine pasokh-phone registered on Kamailio.
// Steps run in order and share the console:
// 1. a caller with two earlier cases phones in (Persian display name, +98 number): the call panel pops with
//    both;
// 2. answer, type a new case in Persian through the widgets, category, district, a suggested article, save:
//    tracking code; the call log links call and case; wrap-up with a disposition returns the agent to ready;
// 3. the case reaches the hub within 2 s, referred to D07; the unit manager answers through the hub API; the
//    answer shows in the case browser and the caller's history;
// 4. the hub is stopped, three calls become cases offline, the hub comes back: all three arrive once, in
//    order.
// Every step writes screenshots to <build>/screenshots/e2e_*.png (1366x768, and _1920 at 1920x1080).
#include "app/pasokh/consolestartup.h"
#include "models/agent/agentstatemachine.h"
#include "models/core/casedata.h"
#include "models/storage/casereader.h"
#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/casetablemodel.h"
#include "models/viewmodels/displayformat.h"
#include "tests/integration/hub/hubfixture.h"
#include "tests/integration/telephony/sipharness.h"
#include "tests/support/typing.h"
#include "tests/support/widgetlookup.h"
#include "ui/appearance.h"
#include "ui/callpanel/callpanel.h"
#include "ui/casebrowser.h"
#include "ui/intakeform.h"
#include "ui/kb/knowledgepanel.h"
#include "ui/mainwindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextEdit>

#include <memory>

using namespace Pasokh;
using HubTest::HubFixture;
using TestSupport::KamailioServer;

namespace {

// The caller of steps 1-2: two earlier cases at this number.
const QString kCallerE164 = QStringLiteral("+989151234567");
const QByteArray kCallerDisplayName = QByteArrayLiteral("مریم رضایی");
const QString kSipUser = QStringLiteral("1001");

template <typename Pred> bool spinUntil(Pred pred, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!pred()) {
        if (deadline.hasExpired())
            return false;
        TestSupport::waitEvents(5);
    }
    return true;
}

} // namespace

class TestEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void step1_callPopsWithHistory();
    void step2_answerRecordSaveWrapUp();
    void step3_caseReachesHubAndAnswerComesBack();
    void step4_offlineCasesArriveOnceInOrder();

private:
    void screenshot(const QString &name);
    QLineEdit *lineEditWithPlaceholder(const QString &placeholder) const;
    /// Types a complete case for `phone` into the intake form (category WASTE-COLLECT by typing, district 7)
    /// and saves it with Ctrl+S; returns the tracking code shown (empty on failure, with a test failure
    /// recorded).
    QString typeAndSaveCase(const QString &description, bool useSuggestedArticle);
    /// Starts a SIPp caller (caller.xml) from `e164` with a Persian display name, hanging up `holdMs` after
    /// the answer.
    std::unique_ptr<TestSupport::SippRun> call(const QString &e164, const QByteArray &displayName,
                                               int holdMs);
    /// All cases on the hub (admin view), keyed by tracking code.
    QHash<QString, QJsonObject> hubCases();
    Telephony::SipSettings sipSettings() const;
    /// A widget of the call panel by object name (null without a phone).
    template <typename T> T *panelChild(const char *name) const;
    /// Phones the console from `e164`, waits for the screen pop (ringing + history loaded for the number; the
    /// time from starting SIPp in `popMs`) and answers with the panel's Answer button. Returns the call id of
    /// the agent's call log (empty on failure, with a test failure recorded).
    QString answerCall(const QString &e164, const QByteArray &displayName, qint64 *popMs = nullptr);
    /// Hangs up with the panel's button, picks the disposition "case registered", finishes wrap-up; true when
    /// the agent is ready again.
    bool hangUpAndWrapUp();
    /// Rows of kb_usage (articles used) for a case in the console's store.
    int kbUsageCount(const QString &caseId) const;

    QTemporaryDir m_work;
    QString m_dataDir;
    QString m_iniPath;
    HubFixture m_hub;
    int m_hubPort = 0;
    KamailioServer m_kamailio;
    std::shared_ptr<Storage::InstanceLock> m_lock;
    std::unique_ptr<Ui::ConsoleContext> m_ctx;
    std::unique_ptr<Ui::MainWindow> m_window;
    std::unique_ptr<Sync::SyncController> m_sync; ///< declared after the window: stops first
    std::unique_ptr<TestSupport::SippRun> m_sipp; ///< the step-1 caller, kept on the line for step 2
    QStringList m_earlierCodes;
    QString m_step2Code;
};

void TestEndToEnd::initTestCase()
{
    QVERIFY(m_work.isValid());
    QString error;
    QVERIFY2(TestSupport::prepareWorkDir(m_work, &error), qPrintable(error));

    // Hub on PostgreSQL, on a port that stays the same across the restart of step 4.
    m_hubPort = HubTest::HubProcess::freePort();
    error = m_hub.setUp(QStringLiteral("postgresql"),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_hubPort)});
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Kamailio as the PBX, with the proxy guard deployers are told to use.
    QVERIFY2(m_kamailio.start(m_work.path(), {QStringLiteral("WITH_GUARD")}, &error), qPrintable(error));

    // The console's data folder and INI, as IT would write them for station 1 (registered at the hub as "desk
    // 1").
    m_dataDir = m_work.filePath(QStringLiteral("console"));
    m_iniPath = m_work.filePath(QStringLiteral("console/pasokh.ini"));
    QVERIFY(QDir().mkpath(m_dataDir));
    {
        QSettings ini(m_iniPath, QSettings::IniFormat);
        ini.setValue(QStringLiteral("station/number"), 1);
        ini.setValue(QStringLiteral("station/name"), QStringLiteral("سالن ۱ - میز ۱"));
        ini.setValue(QStringLiteral("operator/name"), QStringLiteral("op1"));
        ini.setValue(QStringLiteral("hub/url"), m_hub.hub->baseUrl());
        ini.setValue(QStringLiteral("hub/station_id"), m_hub.station1);
        ini.setValue(QStringLiteral("hub/user"), QStringLiteral("op1"));
        ini.setValue(QStringLiteral("ui/language"), QStringLiteral("fa"));
        ini.setValue(QStringLiteral("agent/wrap_up_seconds"), 0); // wrap-up lasts until the operator finishes
        ini.setValue(QStringLiteral("agent/ready_at_start"), true); // as the demo runs it
        sipSettings().save(ini);
        ini.sync();
        QCOMPARE(ini.status(), QSettings::NoError);
    }
    qputenv("PASOKH_HUB_PASSWORD", HubFixture::kPassword);

    App::ConsoleOptions options;
    options.dataDir = m_dataDir;
    options.configFile = m_iniPath;
    options.language = QStringLiteral("fa");
    auto ctx = App::openConsole(options, m_lock);
    QVERIFY2(ctx.ok(), ctx.ok() ? "" : qPrintable(ctx.error().message));
    m_ctx = std::move(ctx).value();
    QCOMPARE(m_ctx->config.station, 1);

    // Two earlier cases of the step-1 caller, registered on this console before today's call.
    for (const auto &[service, text] :
         {std::pair{QStringLiteral("LIGHT-OUT"),
                    QStringLiteral("چراغ‌های کوچهٔ ۱۴ شب‌ها خاموش است")},
          std::pair{QStringLiteral("ROADS-POTHOLE"), QStringLiteral("چالهٔ بزرگ جلوی پلاک ۳۲ خیابان سعدی")}}) {
        Core::CaseRecord c;
        c.channel = Core::Channel::Phone;
        c.caseType = Core::CaseType::Complaint;
        c.serviceCode = service;
        c.description = text;
        c.caller.name = QString::fromUtf8(kCallerDisplayName);
        c.caller.phone = kCallerE164;
        c.location.district = 7;
        c.agencyResponsible = Storage::ReferenceCatalog::districtUnitCode(7);
        const auto saved = m_ctx->cases->registerCase(c);
        QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message));
        m_earlierCodes << saved.value().trackingCode;
    }

    m_window = std::make_unique<Ui::MainWindow>(m_ctx.get());
    // As app/pasokh does in the demo: the sync engine on its own thread when [hub] url is set, attached to
    // the window, and the unattended hub login with the password from PASOKH_HUB_PASSWORD (no dialog).
    m_sync = App::startSync(options, *m_ctx);
    QVERIFY(m_sync);
    const QString password = App::takeUnattendedHubPassword(options);
    QCOMPARE(password, QString::fromLatin1(HubFixture::kPassword));
    QVERIFY(!qEnvironmentVariableIsSet("PASOKH_HUB_PASSWORD")); // the phone engine must not inherit it
    m_window->attachSync(m_sync.get(), QStringLiteral("op1"));
    QSignalSpy loggedIn(m_sync.get(), &Sync::SyncController::loginFinished);
    m_window->loginUnattended(password);
    QVERIFY(loggedIn.wait(15000));
    QVERIFY2(loggedIn.first().at(0).toBool(), qPrintable(loggedIn.first().at(2).toString()));
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!QApplication::activeModalWidget()); // no login dialog
    if (m_ctx->phone) { // as app/pasokh does: start the phone; [agent] ready_at_start logs the agent in
        QVERIFY(App::startPhone(options, *m_ctx));
        QCOMPARE(m_ctx->phone->agent->state(), Agent::AgentState::Ready);
        QVERIFY2(spinUntil(
                     [&] {
                         return m_ctx->phone->telephony->registration().state ==
                                Telephony::RegistrationState::Ok;
                     },
                     10000),
                 "the console did not register with Kamailio");
    }
    screenshot(QStringLiteral("e2e_0_idle"));
}

template <typename T> T *TestEndToEnd::panelChild(const char *name) const
{
    return m_window->callPanel() ? m_window->callPanel()->findChild<T *>(QLatin1String(name)) : nullptr;
}

QString TestEndToEnd::answerCall(const QString &e164, const QByteArray &displayName, qint64 *popMs)
{
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    ViewModels::CallerHistoryModel *history = m_window->callerHistory();
    QElapsedTimer t;
    t.start();
    m_sipp = call(e164, displayName, 120000);
    if (!spinUntil([&] { return agent->state() == Agent::AgentState::Ringing && history->phone() == e164; },
                   8000)) {
        QTest::qFail(qPrintable(QStringLiteral("no call offered: ") + m_sipp->diagnostics()), __FILE__,
                     __LINE__);
        return {};
    }
    if (popMs)
        *popMs = t.elapsed();
    auto *answer = panelChild<QPushButton>("answerButton");
    if (!answer || !answer->isEnabled()) {
        QTest::qFail("the answer button is not enabled while ringing", __FILE__, __LINE__);
        return {};
    }
    answer->click();
    if (!spinUntil([&] { return agent->state() == Agent::AgentState::OnCall; }, 5000)) {
        QTest::qFail("answering did not put the agent on the call", __FILE__, __LINE__);
        return {};
    }
    return agent->currentCall().id;
}

bool TestEndToEnd::hangUpAndWrapUp()
{
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    auto *hangUp = panelChild<QPushButton>("hangUpButton");
    if (!hangUp)
        return false;
    hangUp->click();
    if (!spinUntil([&] { return agent->state() == Agent::AgentState::WrapUp; }, 5000))
        return false;
    auto *disposition = panelChild<QComboBox>("dispositionBox");
    auto *finish = panelChild<QPushButton>("finishWrapUpButton");
    if (!disposition || !finish || finish->isEnabled()) // finishing needs a disposition first
        return false;
    const int idx = disposition->findData(int(Agent::Disposition::CaseRegistered));
    disposition->setCurrentIndex(idx);
    Q_EMIT disposition->activated(idx);
    if (!finish->isEnabled())
        return false;
    finish->click();
    if (m_sipp)
        m_sipp->waitFinished(5000);
    return agent->state() == Agent::AgentState::Ready;
}

void TestEndToEnd::cleanupTestCase()
{
    m_sync.reset();
    m_window.reset();
    m_ctx.reset();
    m_lock.reset();
    m_kamailio.stop();
}

Telephony::SipSettings TestEndToEnd::sipSettings() const
{
    Telephony::SipSettings s =
        TestSupport::engineSettings(kSipUser, QStringLiteral("secret"), m_kamailio.domain(), m_work.path());
    s.autoAnswer = false;
    s.dataDir = m_work.filePath(QStringLiteral("console/phone/"));
    return s;
}

int TestEndToEnd::kbUsageCount(const QString &caseId) const
{
    QSqlQuery q(m_ctx->db->writer());
    q.prepare(QStringLiteral("SELECT count(*) FROM kb_usage WHERE case_id = ?"));
    q.addBindValue(caseId);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

void TestEndToEnd::screenshot(const QString &name)
{
    // The two screen sizes of the centre's desks: <name>.png at 1366x768 and <name>_1920.png at 1920x1080.
    const QString dir = qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    m_window->resize(1920, 1080);
    QTest::qWait(150); // relayout, and let queued results paint
    QVERIFY(m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral("_1920.png")));
    m_window->resize(1366, 768);
    QTest::qWait(150);
    QVERIFY(m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

QLineEdit *TestEndToEnd::lineEditWithPlaceholder(const QString &placeholder) const
{
    return Testing::lineEditWithPlaceholder(m_window.get(), placeholder);
}

std::unique_ptr<TestSupport::SippRun> TestEndToEnd::call(const QString &e164, const QByteArray &displayName,
                                                         int holdMs)
{
    return TestSupport::startSipp(
        m_work.path(), QStringLiteral("caller.xml"), m_kamailio.port(),
        {{QStringLiteral("callee"), kSipUser},
         {QStringLiteral("caller"), e164},
         {QStringLiteral("from_uri"), QStringLiteral("sip:%1@127.0.0.1").arg(e164)},
         {QStringLiteral("hdr1"), QStringLiteral("P-Asserted-Identity: <tel:%1>").arg(e164)}},
        {{QByteArrayLiteral("@DISPLAY@"), displayName}}, {QStringLiteral("-d"), QString::number(holdMs)});
}

QHash<QString, QJsonObject> TestEndToEnd::hubCases()
{
    QHash<QString, QJsonObject> out;
    const HubTest::Reply r =
        m_hub.client.get(QStringLiteral("/v1/cases?limit=500"), m_hub.token(QStringLiteral("admin1")));
    for (const QJsonValue &v : r.object().value(QStringLiteral("cases")).toArray())
        out.insert(v.toObject().value(QStringLiteral("tracking_code")).toString(), v.toObject());
    return out;
}

QString TestEndToEnd::typeAndSaveCase(const QString &description, bool useSuggestedArticle)
{
    // The offscreen platform can leave a closed popup or dialog as the active window: make the console
    // active.
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window.get())) {
        QTest::qFail("the console window could not be activated", __FILE__, __LINE__);
        return {};
    }
    QLineEdit *category = lineEditWithPlaceholder(QStringLiteral("برای جستجوی موضوع تایپ کنید"));
    auto *text = m_window->intakeForm()->findChild<QTextEdit *>(QStringLiteral("description"));
    if (!category || !text) {
        QTest::qFail("intake form fields not found", __FILE__, __LINE__);
        return {};
    }
    category->setFocus();
    Testing::typeText(category, QStringLiteral("جمع‌آوری زباله"));
    QAbstractItemView *popup = category->completer()->popup();
    if (!spinUntil([&] { return popup->isVisible() && popup->model()->rowCount() > 0; }, 5000)) {
        QTest::qFail("the category completer did not open", __FILE__, __LINE__);
        return {};
    }
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTest::keyClick(category, Qt::Key_Tab);
    text->setFocus();
    Testing::typeText(text, description);
    QTest::keyClick(text, Qt::Key_Tab);
    auto *district = qobject_cast<QComboBox *>(QApplication::focusWidget());
    if (!district) {
        const QWidget *modal = QApplication::activeModalWidget();
        const QWidget *focus = QApplication::focusWidget();
        screenshot(QStringLiteral("e2e_failure_tab"));
        QTest::qFail(
            qPrintable(QStringLiteral("Tab from the description did not reach the district (focus: %1, "
                                      "modal: %2)")
                           .arg(focus ? QString::fromLatin1(focus->metaObject()->className()) : QString(),
                                modal ? modal->windowTitle() : QString())),
            __FILE__, __LINE__);
        return {};
    }
    const int d7 = district->findData(7);
    for (int i = district->currentIndex(); i < d7; ++i)
        QTest::keyClick(district, Qt::Key_Down);

    if (useSuggestedArticle) {
        auto *suggested = m_window->knowledgePanel()->findChild<QListWidget *>(QStringLiteral("kbSuggested"));
        auto *used = m_window->knowledgePanel()->findChild<QPushButton *>(QStringLiteral("kbUsed"));
        if (!suggested || !used || !spinUntil([&] { return suggested->count() > 0; }, 5000)) {
            QTest::qFail("no knowledge-base suggestion for the waste category", __FILE__, __LINE__);
            return {};
        }
        m_window->sidePanel()->setCurrentWidget(m_window->knowledgePanel());
        suggested->setCurrentRow(0);
        QTest::keyClick(suggested, Qt::Key_Return); // opens the article in the viewer
        spinUntil([&] { return used->isEnabled(); }, 3000);
        screenshot(QStringLiteral("e2e_2_knowledge_panel"));
        if (used->isEnabled())
            QTest::mouseClick(used, Qt::LeftButton);
    }
    if (useSuggestedArticle) // step 2's case (step 4 types three more the same way)
        screenshot(QStringLiteral("e2e_2_intake_filled"));
    QTest::keySequence(m_window.get(), QKeySequence::Save);
    if (!spinUntil([&] { return !m_window->intakeForm()->shownTrackingCode().isEmpty(); }, 5000)) {
        QTest::qFail("saving showed no tracking code", __FILE__, __LINE__);
        return {};
    }
    return m_window->intakeForm()->shownTrackingCode();
}

void TestEndToEnd::step1_callPopsWithHistory()
{
    Ui::CallPanel *panel = m_window->callPanel();
    ViewModels::CallerHistoryModel *history = m_window->callerHistory();
    QVERIFY2(panel, "the main window has no call panel: the console found no [sip] account");
    // Telephony is part of the window (registered in initTestCase): the caller phones in. The pop is stamped
    // (wall clock, ms) the moment the history model has loaded the caller's cases while the call rings.
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    auto popped = [&] {
        return agent->state() == Agent::AgentState::Ringing && history->phone() == kCallerE164 &&
               history->caseCount() == 2;
    };
    qint64 poppedAt = 0;
    QString sipCallId;
    QObject pop;
    connect(m_ctx->phone->telephony.get(), &Telephony::ITelephony::incomingCall, &pop,
            [&](const Telephony::CallInfo &c) { sipCallId = c.sipCallId; });
    auto stamp = [&] {
        if (poppedAt == 0 && popped())
            poppedAt = QDateTime::currentMSecsSinceEpoch();
    };
    connect(history, &ViewModels::CallerHistoryModel::loaded, &pop, stamp);
    connect(agent, &Agent::AgentStateMachine::stateChanged, &pop, stamp);
    m_sipp = call(kCallerE164, kCallerDisplayName, 120000);
    QVERIFY2(spinUntil([&] { return poppedAt != 0; }, 8000), qPrintable(m_sipp->diagnostics()));
    QVERIFY(popped());
    // Measured from the moment SIPp sent the INVITE (its message log), so SIPp's own start-up is not counted.
    QHash<QString, qint64> sent;
    QVERIFY2(
        spinUntil(
            [&] {
                sent = TestSupport::inviteSendTimes(m_sipp->messageFile());
                return sent.contains(sipCallId);
            },
            5000),
        qPrintable(QStringLiteral("no INVITE with Call-ID %1 in %2").arg(sipCallId, m_sipp->messageFile())));
    const qint64 popMs = poppedAt - sent.value(sipCallId);
    qInfo("e2e_invite_to_screen_pop_with_history_ms %lld", popMs);
    // Target (issue 3): INVITE -> call panel with the caller's history <= 100 ms at p99 over 100 calls, with
    // a store of one million cases; bench/telephony/bench_screenpop measures it (ctest -L bench). Speed
    // targets live in benchmarks: this one sample on a shared CI machine only gets a generous bound, so it
    // cannot flake, yet still catches a pop that waits on something slow (a synchronous query, a lost
    // wake-up).
    QVERIFY2(popMs >= 0 && popMs < 1000,
             qPrintable(
                 QStringLiteral("the call panel popped with the history %1 ms after the INVITE").arg(popMs)));
    QCOMPARE(panel->currentCall().ani, kCallerE164);
    QCOMPARE(panel->currentCall().displayName, QString::fromUtf8(kCallerDisplayName));
    QCOMPARE(panelChild<QLabel>("callerName")->text(), QString::fromUtf8(kCallerDisplayName));
    // The earlier cases are the two of initTestCase.
    QStringList shownCases;
    for (int row = 0; row < history->rowCount(); ++row)
        if (history->index(row, 0).data(ViewModels::CallerHistoryModel::KindRole).toString() ==
            QLatin1String("case"))
            shownCases << history->index(row, 0).data(ViewModels::CallerHistoryModel::CaseIdRole).toString();
    QCOMPARE(shownCases.size(), 2);
    // A fresh intake form linked to the call, with the caller's number.
    QCOMPARE(m_window->intake()->normalizedPhone(), kCallerE164);
    QCOMPARE(m_window->intake()->currentCase().callId, agent->currentCall().id);
    screenshot(QStringLiteral("e2e_1_ringing_with_history"));
}

void TestEndToEnd::step2_answerRecordSaveWrapUp()
{
    QVERIFY(m_window->callPanel());
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    QCOMPARE(agent->state(), Agent::AgentState::Ringing); // the step-1 call
    auto *answer = panelChild<QPushButton>("answerButton");
    QVERIFY(answer && answer->isEnabled());
    answer->click();
    QVERIFY(spinUntil([&] { return agent->state() == Agent::AgentState::OnCall; }, 5000));
    const QString callId = agent->currentCall().id;
    QVERIFY(!callId.isEmpty());
    screenshot(QStringLiteral("e2e_2_on_call"));

    m_step2Code = typeAndSaveCase(
        QStringLiteral(
            "زباله‌های کوچهٔ ۱۲ از سه روز پیش جمع‌آوری نشده است"),
        true);
    QVERIFY(!m_step2Code.isEmpty());
    screenshot(QStringLiteral("e2e_2_saved"));
    const auto stored = Storage::CaseReader::findByTrackingCode(m_ctx->db->writer(), m_step2Code);
    QVERIFY(stored.ok() && stored.value().has_value());
    const Core::CaseRecord &c = *stored.value();
    QCOMPARE(c.caller.phone, kCallerE164);
    QCOMPARE(c.serviceCode, QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(c.location.district, 7);
    QCOMPARE(c.agencyResponsible, QStringLiteral("D07"));
    QCOMPARE(c.callId, callId);
    QCOMPARE(kbUsageCount(c.id), 1); // the suggested article, recorded with the case
    // The call log links call and case.
    QCOMPARE(agent->currentCall().caseId, c.id);
    {
        QSqlQuery q(m_ctx->db->writer());
        QVERIFY(q.exec(QStringLiteral("SELECT case_id FROM calls WHERE id = '%1'").arg(callId)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), c.id);
    }
    // Hang up, wrap up with a disposition: ready again; the call row has outcome and disposition.
    QVERIFY(hangUpAndWrapUp());
    QSqlQuery q(m_ctx->db->writer());
    QVERIFY(
        q.exec(QStringLiteral("SELECT outcome, disposition, answered_at, ended_at FROM calls WHERE id = '%1'")
                   .arg(callId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("answered"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("case_registered"));
    QVERIFY(q.value(3).toLongLong() >= q.value(2).toLongLong());
    screenshot(QStringLiteral("e2e_2_ready_again"));
}

void TestEndToEnd::step3_caseReachesHubAndAnswerComesBack()
{
    QVERIFY(!m_step2Code.isEmpty());
    QElapsedTimer t;
    t.start();
    QJsonObject onHub;
    QVERIFY2(spinUntil(
                 [&] {
                     onHub = hubCases().value(m_step2Code);
                     return !onHub.isEmpty();
                 },
                 2000),
             "the case did not reach the hub within 2 s");
    qInfo("e2e_save_to_hub_ms %lld", t.elapsed());
    QCOMPARE(onHub.value(QStringLiteral("status")).toString(), QStringLiteral("referred"));
    QCOMPARE(onHub.value(QStringLiteral("agency_responsible")).toString(), QStringLiteral("D07"));

    const QString answer = QStringLiteral(
        "ماشین حمل زباله فردا صبح به کوچهٔ ۱۲ اعزام می‌شود");
    const HubTest::Reply r = m_hub.client.post(
        QStringLiteral("/v1/cases/%1/answer").arg(onHub.value(QStringLiteral("id")).toString()),
        QJsonObject{{QStringLiteral("text"), answer},
                    {QStringLiteral("response_type"), QStringLiteral("resolved")}},
        m_hub.token(QStringLiteral("mgr7")));
    QCOMPARE(r.status, 200);

    // The console pulls the answer: stored, then shown in the case browser and the caller's history.
    QVERIFY2(spinUntil(
                 [&] {
                     const auto c = Storage::CaseReader::findByTrackingCode(m_ctx->db->writer(), m_step2Code);
                     return c.ok() && c.value().has_value() && c.value()->answerText == answer;
                 },
                 30000),
             "the answer did not reach the console within 30 s");
    m_window->caseBrowser()->refresh();
    m_window->tabs()->setCurrentWidget(m_window->caseBrowser());
    auto *table = m_window->caseBrowser()->findChild<QTableView *>();
    QVERIFY(table);
    QTRY_COMPARE(table->model()->rowCount(), 3);
    int answeredRow = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        if (table->model()
                ->index(row, ViewModels::CaseTableModel::TrackingCode)
                .data(Qt::DisplayRole)
                .toString()
                .contains(ViewModels::DisplayFormat::digits(m_step2Code.mid(4, 5))))
            answeredRow = row;
    QVERIFY(answeredRow >= 0);
    table->setCurrentIndex(table->model()->index(answeredRow, 0)); // the details show the unit's answer
    QTRY_VERIFY(m_window->caseBrowser()->findChild<QTextBrowser *>()->toPlainText().contains(answer));
    screenshot(QStringLiteral("e2e_3_case_browser_answered"));
    auto *history = m_window->findChild<ViewModels::CallerHistoryModel *>();
    history->setPhone(QString());
    history->setPhone(kCallerE164);
    QTRY_COMPARE_WITH_TIMEOUT(history->caseCount(), 3, 5000);
    bool answeredShown = false;
    for (int row = 0; row < history->rowCount(); ++row)
        answeredShown |= history->index(row, 0).data(ViewModels::CallerHistoryModel::StatusRole).toString() ==
                         QLatin1String("answered");
    QVERIFY(answeredShown);
    m_window->tabs()->setCurrentIndex(0);
    screenshot(QStringLiteral("e2e_3_history_answered"));
}

void TestEndToEnd::step4_offlineCasesArriveOnceInOrder()
{
    QCOMPARE(m_hub.hub->stop(), 0);
    QStringList codes;
    const QStringList numbers = {QStringLiteral("+989151110001"), QStringLiteral("+989151110002"),
                                 QStringLiteral("+989151110003")};
    for (int i = 0; i < numbers.size(); ++i) {
        QVERIFY(!answerCall(numbers.at(i), QByteArrayLiteral("شهروند")).isEmpty());
        const QString code =
            typeAndSaveCase(QStringLiteral("سطل زبالهٔ شمارهٔ %1 کوچه پر شده است").arg(i + 1), false);
        QVERIFY(!code.isEmpty());
        codes << code;
        QVERIFY(hangUpAndWrapUp());
    }
    screenshot(QStringLiteral("e2e_4_offline_pending"));
    QVERIFY2(m_hub.hub->start().isEmpty(), "the hub did not come back");
    QVERIFY2(spinUntil(
                 [&] {
                     const auto all = hubCases();
                     return std::all_of(codes.cbegin(), codes.cend(),
                                        [&](const QString &c) { return all.contains(c); });
                 },
                 60000),
             "the offline cases did not all reach the hub");
    // Once each, in the order they were saved (received_datetime follows the console's mutation order).
    const auto all = hubCases();
    QStringList received;
    for (const QString &c : codes)
        received << all.value(c).value(QStringLiteral("received_datetime")).toString();
    QVERIFY2(received.at(0) <= received.at(1) && received.at(1) <= received.at(2),
             qPrintable(received.join(u' ')));
    const QString listing = QString::fromUtf8(
        m_hub.client.get(QStringLiteral("/v1/cases?limit=500"), m_hub.token(QStringLiteral("admin1"))).body);
    for (const QString &c : codes)
        QCOMPARE(listing.count(c), 1);
    screenshot(QStringLiteral("e2e_4_synced"));
}

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Mashhad Municipality"));
    QCoreApplication::setApplicationName(QStringLiteral("Pasokh"));
    Ui::applyLanguage(app, QStringLiteral("fa"));
    Ui::applyFont(app);
    TestEndToEnd t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_e2e.moc"
