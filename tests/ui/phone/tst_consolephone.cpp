// SPDX-License-Identifier: GPL-3.0-or-later
// The console's phone wired into the main window, offscreen, in Persian, with FakeTelephony playing the PBX:
// an offered call pops the caller's earlier cases and calls beside a fresh intake form linked to the call;
// saving links the case to the call; wrap-up with a disposition returns the agent to ready; the call log row
// gets the case id, the disposition and the offered/answered/ended times; a missed call is logged; a form
// with unsaved text is never replaced by a call, not even after its draft was autosaved; "new case" asks
// before dropping typed text; a wrap-up ended by its timer leaves no stale outcome in the box; the next
// call's form shows no earlier tracking code; a placeholder display name ("caller") is not taken for a name;
// an engine crash mid-call keeps the form. Screenshot of the ringing call:
// <build>/screenshots/phone-ringing.png.
#include "models/storage/calllog.h"
#include "models/viewmodels/callintakelink.h"
#include "telephony/faketelephony.h"
#include "tests/support/testconsole.h"
#include "tests/support/teststore.h"
#include "tests/support/typing.h"
#include "ui/appearance.h"
#include "ui/callerhistoryview.h"
#include "ui/callpanel/audiosettingsdialog.h"
#include "ui/callpanel/callpanel.h"
#include "ui/callpanel/callsounds.h"
#include "ui/intakeform.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTest>
#include <QTextEdit>
#include <QTimer>

using namespace Pasokh;
using Agent::AgentState;
using Field = ViewModels::IntakeViewModel::Field;
using Testing::TestStore;

namespace {
const QString kAni = QStringLiteral("+989151234567");

/// Watches for the next modal dialog (up to 10 s) and clicks its button named `buttonName`; `seen()` tells
/// whether a dialog appeared. Destroying the watcher stops it.
class DialogAnswerer
{
public:
    explicit DialogAnswerer(const QString &buttonName)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this, buttonName] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                m_seen = true;
                m_text = modal->findChild<QLabel *>(QStringLiteral("qt_msgbox_label"))
                             ? modal->findChild<QLabel *>(QStringLiteral("qt_msgbox_label"))->text()
                             : QString();
                if (auto *button = modal->findChild<QPushButton *>(buttonName))
                    button->click();
                m_timer.stop();
            } else if (++m_ticks > 500) {
                m_timer.stop();
            }
        });
        m_timer.start();
    }
    bool seen() const { return m_seen; }
    QString text() const { return m_text; }

private:
    QTimer m_timer;
    int m_ticks = 0;
    bool m_seen = false;
    QString m_text;
};
} // namespace

class TestConsolePhone : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void withoutSipThereIsNoPhone();
    void registrationIsShownInTheStatusBar();
    void incomingCallPopsHistoryAndLinkedForm();
    void missedCallIsLogged();
    void closingInWrapUpLogsOut();
    void unsavedFormIsKeptWhenACallRings();
    void autosavedHalfTypedCaseIsNotReplacedByACall();
    void newCaseAsksBeforeDroppingTypedText();
    void timerEndedWrapUpLeavesNoStaleOutcome();
    void nextCallFormShowsNoOldTrackingCode();
    void placeholderDisplayNameIsNotPrefilled();
    void engineCrashMidCallKeepsTheForm();
    void soundsWorkOrSayWhyNot();
    void audioSettingsListDevices();
    void clickToCallFromACase();
    void transferDirectoryIsOffered();

private:
    void openWindow(bool withPhone, int autosaveSeconds = 5);
    QAction *newCaseAction() const;
    QString descriptionOnScreen() const
    {
        return m_window->intakeForm()->findChild<QTextEdit *>(QStringLiteral("description"))->toPlainText();
    }
    QString draftDescription() const
    {
        const auto d = m_window->intake()->pendingDraft();
        return d ? d->fields.value(QStringLiteral("description")).toString() : QString();
    }
    void finishWrapUp(Agent::Disposition d);
    QString ring(const QString &name = QStringLiteral("علی رضایی"));
    Telephony::FakeTelephony *fake() const
    {
        return static_cast<Telephony::FakeTelephony *>(m_ctx->phone->telephony.get());
    }
    template <typename T> T *panelChild(const char *name) const
    {
        return m_window->callPanel()->findChild<T *>(QLatin1String(name));
    }
    void fillForm();

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<Ui::ConsoleContext> m_ctx;
    std::unique_ptr<Ui::MainWindow> m_window;
};

void TestConsolePhone::initTestCase()
{
    Ui::applyLanguage(*qApp, QStringLiteral("fa"));
    Ui::applyFont(*qApp);
}

void TestConsolePhone::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    // Two earlier cases and one earlier call of the caller.
    for (int i = 0; i < 2; ++i)
        QVERIFY(m_store->cases().registerCase(TestStore::sampleCase()).ok());
    Storage::CallSummary old;
    old.id = QStringLiteral("old-call");
    old.ani = kAni;
    old.offeredAt = QDateTime::currentDateTimeUtc().addDays(-3);
    old.answeredAt = old.offeredAt.addSecs(5);
    old.endedAt = old.offeredAt.addSecs(120);
    old.outcome = QStringLiteral("answered");
    old.disposition = QStringLiteral("guidance_given");
    QVERIFY(Storage::CallLog::upsert(m_store->db()->writer(), old, QStringLiteral("op-1")).ok());
}

void TestConsolePhone::openWindow(bool withPhone, int autosaveSeconds)
{
    m_ctx = Testing::consoleContext(*m_store, 7, QStringLiteral("زهرا کاظمی"));
    m_ctx->config.autosaveSeconds = autosaveSeconds;
    if (withPhone) {
        Ui::ConsolePhone::Options o;
        o.agentId = QStringLiteral("op-7");
        o.wrapUpSeconds = 0; // until the operator finishes wrap-up
        m_ctx->phone = Ui::ConsolePhone::create(std::make_unique<Telephony::FakeTelephony>(), m_ctx->db, o);
    }
    m_window = std::make_unique<Ui::MainWindow>(m_ctx.get());
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    if (withPhone) {
        m_ctx->phone->telephony->start();
        panelChild<QPushButton>("readyButton")->click(); // log in
        QCOMPARE(m_ctx->phone->agent->state(), AgentState::Ready);
    }
}

void TestConsolePhone::cleanup()
{
    m_window.reset();
    m_ctx.reset();
    m_store.reset();
}

QString TestConsolePhone::ring(const QString &name)
{
    Telephony::CallInfo c;
    c.displayName = name;
    c.rawNumber = QStringLiteral("09151234567");
    c.ani = kAni;
    c.numberSource = QStringLiteral("pai");
    c.dnis = QStringLiteral("137");
    return fake()->simulateIncoming(c);
}

void TestConsolePhone::fillForm()
{
    ViewModels::IntakeViewModel *vm = m_window->intake();
    const Core::CaseRecord c = TestStore::sampleCase();
    vm->setValue(Field::Category, c.serviceCode);
    vm->setValue(Field::Description, c.description);
    vm->setValue(Field::CallerName, QStringLiteral("علی رضایی"));
    vm->setValue(Field::District, c.location.district);
    vm->setValue(Field::Address, c.location.address);
}

void TestConsolePhone::withoutSipThereIsNoPhone()
{
    openWindow(false);
    QVERIFY(!m_window->callPanel());
    QVERIFY(!m_window->phoneDock());
    QVERIFY(m_window->phoneStatusText().isEmpty());
}

void TestConsolePhone::registrationIsShownInTheStatusBar()
{
    openWindow(true);
    QCOMPARE(m_window->phoneStatusText(), Ui::CallPanel::tr("Phone: connected"));
    fake()->simulateRegistration(Telephony::RegistrationState::Failed, QStringLiteral("Unauthorized"), 401);
    const QString text = m_window->phoneStatusText();
    QVERIFY2(text.contains(Ui::CallPanel::tr("the PBX refused the user name or password")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("401")));
    QVERIFY(text != QStringLiteral("Phone: connected")); // translated, not the English source
    // The dock sits on the right, beside the form (RTL), and is visible.
    QVERIFY(m_window->phoneDock()->isVisible());
    QCOMPARE(m_window->dockWidgetArea(m_window->phoneDock()), Qt::RightDockWidgetArea);
    QVERIFY(m_window->phoneDock()->mapTo(m_window.get(), QPoint(0, 0)).x() > m_window->width() / 2);
}

void TestConsolePhone::incomingCallPopsHistoryAndLinkedForm()
{
    openWindow(true);
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    const QString telId = ring();
    QCOMPARE(agent->state(), AgentState::Ringing);
    const QString callId = agent->currentCall().id;
    QVERIFY(!callId.isEmpty());

    // Screen pop: the caller's history (2 cases, 1 earlier call, plus this one) and a form linked to the
    // call.
    ViewModels::CallerHistoryModel *history = m_window->callerHistory();
    QTRY_COMPARE(history->phone(), kAni);
    QTRY_COMPARE(history->caseCount(), 2);
    QVERIFY(history->callCount() >= 1);
    auto *list = m_window->callHistoryView()->findChild<QListView *>();
    QVERIFY(list && list->isVisible());
    QCOMPARE(list->model()->rowCount(), history->rowCount());
    QCOMPARE(m_window->intake()->currentCase().callId, callId);
    QCOMPARE(m_window->intake()->normalizedPhone(), kAni);
    QCOMPARE(panelChild<QLabel>("callerName")->text(), QStringLiteral("علی رضایی"));
    // As the operator reads it: national form, Persian digits; the form is pre-filled the same way.
    QVERIFY(panelChild<QLabel>("callerNumber")->text().contains(QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷")));
    QCOMPARE(m_window->intake()->value(ViewModels::IntakeViewModel::Field::Phone).toString(),
             QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷"));
    QCOMPARE(m_window->intake()->value(ViewModels::IntakeViewModel::Field::CallerName).toString(),
             QStringLiteral("علی رضایی"));
    QVERIFY(panelChild<QPushButton>("answerButton")->isEnabled());

    const QString dir = qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    QVERIFY(m_window->grab().save(dir + QStringLiteral("/phone-ringing.png")));

    // Answer, type the case, save: the case carries the call id, the call row gets the case id.
    panelChild<QPushButton>("answerButton")->click();
    QCOMPARE(agent->state(), AgentState::OnCall);
    fillForm();
    const auto saved = m_window->intake()->save();
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(saved.value().callId, callId);
    QCOMPARE(agent->currentCall().caseId, saved.value().id);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE id = '%1' AND case_id = '%2'")
                                 .arg(callId, saved.value().id)),
             1);

    // The caller hangs up: wrap-up until a disposition is chosen and the operator finishes.
    fake()->simulateRemoteHangUp(telId);
    QCOMPARE(agent->state(), AgentState::WrapUp);
    auto *finish = panelChild<QPushButton>("finishWrapUpButton");
    QVERIFY(!finish->isEnabled());
    auto *disposition = panelChild<QComboBox>("dispositionBox");
    const int idx = disposition->findData(int(Agent::Disposition::CaseRegistered));
    QVERIFY(idx > 0);
    disposition->setCurrentIndex(idx);
    Q_EMIT disposition->activated(idx);
    QVERIFY(finish->isEnabled());
    finish->click();
    QCOMPARE(agent->state(), AgentState::Ready);

    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(
        QStringLiteral("SELECT outcome, disposition, case_id, offered_at, answered_at, ended_at, agent "
                       "FROM calls WHERE id = '%1'")
            .arg(callId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("answered"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("case_registered"));
    QCOMPARE(q.value(2).toString(), saved.value().id);
    QVERIFY(q.value(3).toLongLong() > 0);
    QVERIFY(q.value(4).toLongLong() >= q.value(3).toLongLong());
    QVERIFY(q.value(5).toLongLong() >= q.value(4).toLongLong());
    QCOMPARE(q.value(6).toString(), QStringLiteral("op-7"));
    QVERIFY(q.exec(QStringLiteral("SELECT state FROM agent_state_log WHERE agent = 'op-7' ORDER BY id")));
    QStringList states;
    while (q.next())
        states << q.value(0).toString();
    QCOMPARE(states,
             (QStringList{QStringLiteral("ready"), QStringLiteral("ringing"), QStringLiteral("on_call"),
                          QStringLiteral("wrap_up"), QStringLiteral("ready")}));
}

void TestConsolePhone::missedCallIsLogged()
{
    openWindow(true);
    const QString telId = ring();
    const QString callId = m_ctx->phone->agent->currentCall().id;
    fake()->simulateRemoteHangUp(telId); // the caller gives up while it rings
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::Ready);
    QVERIFY(m_window->intake()->currentCase().callId.isEmpty()); // the untouched form is no longer tied to it
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE id = '%1' AND outcome = 'missed' "
                                       "AND answered_at IS NULL AND ended_at IS NOT NULL")
                            .arg(callId)),
        1);
}

/// Closing the console in wrap-up without a disposition (the case the old close path skipped): the wrap_up
/// interval is closed and a final logged_out one is written, so supervisor views see no open interval.
void TestConsolePhone::closingInWrapUpLogsOut()
{
    openWindow(true);
    const QString telId = ring();
    panelChild<QPushButton>("answerButton")->click();
    fake()->simulateRemoteHangUp(telId);
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::WrapUp);
    QVERIFY(m_window->close());
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::LoggedOut);
    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT state, started_at, coalesce(ended_at, -1) FROM agent_state_log "
                                  "WHERE agent = 'op-7' ORDER BY id")));
    QStringList states;
    QList<qint64> starts, ends;
    while (q.next()) {
        states << q.value(0).toString();
        starts << q.value(1).toLongLong();
        ends << q.value(2).toLongLong();
    }
    QCOMPARE(states,
             (QStringList{QStringLiteral("ready"), QStringLiteral("ringing"), QStringLiteral("on_call"),
                          QStringLiteral("wrap_up"), QStringLiteral("logged_out")}));
    QCOMPARE(ends.at(3), starts.at(4));
    QCOMPARE(ends.at(4), -1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM agent_state_log WHERE agent = 'op-7' AND "
                                            "ended_at IS NULL")),
             1);
}

void TestConsolePhone::unsavedFormIsKeptWhenACallRings()
{
    openWindow(true);
    m_window->intake()->setValue(Field::Description, QStringLiteral("متنی که نباید گم شود"));
    QVERIFY(m_window->intake()->isDirty());
    ring();
    const QString callId = m_ctx->phone->agent->currentCall().id;
    QTRY_COMPARE(m_window->callerHistory()->phone(), kAni); // history still pops
    QCOMPARE(m_window->intake()->value(Field::Description).toString(),
             QStringLiteral("متنی که نباید گم شود"));
    QVERIFY(m_window->intake()->currentCase().callId.isEmpty());
    QVERIFY(m_window->callLink()->isDeferred());
    QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
    // Ctrl+N starts the case for the ringing call.
    m_window->intake()->discardDraft();
    m_window->callLink()->startCaseForCall();
    QCOMPARE(m_window->intake()->currentCase().callId, callId);
    QVERIFY(!m_window->callLink()->isDeferred());
}

void TestConsolePhone::engineCrashMidCallKeepsTheForm()
{
    openWindow(true);
    const QString telId = ring();
    panelChild<QPushButton>("answerButton")->click();
    m_window->intake()->setValue(Field::Description, QStringLiteral("شرح نیمه‌کاره"));
    fake()->simulateEngineCrash(); // the fake restarts and re-registers at once, which hides the panel banner
    QVERIFY(m_window->statusBar()->currentMessage().contains(
        Ui::MainWindow::tr("The phone engine stopped and is restarting; the case you are typing is kept.")));
    QCOMPARE(m_window->intake()->value(Field::Description).toString(),
             QStringLiteral("شرح نیمه‌کاره"));
    QCOMPARE(m_window->intake()->currentCase().callId, m_ctx->phone->agent->currentCall().id);
    // The call is over (engine_crashed) and the operator is in wrap-up, form intact.
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::WrapUp);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM calls WHERE outcome = 'engine_crashed'")),
             1);
    Q_UNUSED(telId);
}

void TestConsolePhone::soundsWorkOrSayWhyNot()
{
    openWindow(true);
    Ui::CallSounds *sounds = m_window->callSounds();
    QVERIFY(sounds);
    qInfo("audio output available: %s", sounds->available() ? "yes" : "no");
    if (!sounds->available()) // headless CI machine: a clear message, and nothing else changes
        QVERIFY(!sounds->unavailableReason().isEmpty());
    const QString telId = ring();
    QCOMPARE(sounds->lastSound(), QStringLiteral("ring"));
    QCOMPARE(sounds->isRinging(), sounds->available());
    panelChild<QPushButton>("answerButton")->click();
    QVERIFY(!sounds->isRinging());
    fake()->simulateEngineCrash();
    QCOMPARE(sounds->lastSound(), QStringLiteral("alert"));
    Q_UNUSED(telId);
}

void TestConsolePhone::audioSettingsListDevices()
{
    Telephony::AudioDeviceInfo mic{QStringLiteral("ALSA: USB headset"), QStringLiteral("USB headset"), true,
                                   false};
    Telephony::AudioDeviceInfo spk{QStringLiteral("ALSA: USB headset out"), QStringLiteral("USB headset"),
                                   false, true};
    Ui::AudioSettingsDialog dialog({mic, spk}, {QByteArray(), mic.id, QString()});
    const Ui::AudioSettingsDialog::Selection sel = dialog.selection();
    QCOMPARE(sel.callInput, mic.id);
    QVERIFY(sel.callOutput.isEmpty()); // system default
    auto *out = dialog.findChild<QComboBox *>(QStringLiteral("callOutput"));
    QCOMPARE(out->count(), 2);
    out->setCurrentIndex(1);
    QCOMPARE(dialog.selection().callOutput, spk.id);
    Ui::AudioSettingsDialog none({}, {});
    QVERIFY(!none.note().isEmpty()); // no engine devices (and maybe no Qt output) is said plainly
}

void TestConsolePhone::clickToCallFromACase()
{
    openWindow(true);
    fake()->clearCommands();
    QVERIFY(m_window->callBack(kAni));
    QVERIFY2(fake()->commands().join(QLatin1Char('|')).contains(QStringLiteral("09151234567")),
             qPrintable(fake()->commands().join(QLatin1Char('|'))));
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::OnCall);
    QVERIFY(!m_window->callBack(kAni)); // busy: refused with a message
    QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
}

void TestConsolePhone::transferDirectoryIsOffered()
{
    openWindow(true);
    auto *button = panelChild<QPushButton>("directoryButton");
    QVERIFY(button);
    QVERIFY(button->isVisible());
}

QAction *TestConsolePhone::newCaseAction() const
{
    for (QAction *a : m_window->findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::New))
            return a;
    return nullptr;
}

void TestConsolePhone::finishWrapUp(Agent::Disposition d)
{
    auto *box = panelChild<QComboBox>("dispositionBox");
    const int idx = box->findData(int(d));
    QVERIFY(idx > 0);
    box->setCurrentIndex(idx);
    Q_EMIT box->activated(idx);
    if (m_ctx->phone->agent->state() == AgentState::WrapUp)
        panelChild<QPushButton>("finishWrapUpButton")->click();
    QCOMPARE(m_ctx->phone->agent->state(), AgentState::Ready);
}

void TestConsolePhone::autosavedHalfTypedCaseIsNotReplacedByACall()
{
    // The tester's steps: ready, Ctrl+N, type a description, wait past the autosave, a call arrives.
    openWindow(true, 1);
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    ViewModels::IntakeViewModel *vm = m_window->intake();
    QVERIFY(newCaseAction());
    newCaseAction()->trigger();
    auto *desc = m_window->intakeForm()->findChild<QTextEdit *>(QStringLiteral("description"));
    QVERIFY(desc);
    desc->setFocus();
    const QString typed = QStringLiteral("دریچه فاضلاب سر کوچه باز مانده");
    Testing::typeText(desc, typed);
    QCOMPARE(vm->value(Field::Description).toString(), typed);
    QTRY_COMPARE_WITH_TIMEOUT(draftDescription(), typed, 5000); // the autosave ran
    QTRY_VERIFY(!vm->hasUnwrittenDraftChanges());
    QVERIFY(vm->isDirty()); // a draft is not a saved case

    ring();
    QCOMPARE(agent->state(), AgentState::Ringing);
    const QString callId = agent->currentCall().id;
    QTRY_COMPARE(m_window->callerHistory()->phone(), kAni); // the history still pops
    QCOMPARE(descriptionOnScreen(), typed);                 // the typed case stays on screen...
    QCOMPARE(draftDescription(), typed);                    // ...and in the store
    QVERIFY(vm->currentCase().callId.isEmpty());
    QVERIFY(m_window->callLink()->isDeferred());
    QCOMPARE(m_window->statusBar()->currentMessage(),
             Ui::MainWindow::tr("A call is ringing. The case you were typing was kept: save it, then "
                                "press Ctrl+N to start a case for this call."));

    // Typing on goes into the same case and its draft (nothing overwrites it with an empty form).
    const QString more = QStringLiteral(" از دیروز");
    Testing::typeText(desc, more);
    QTRY_COMPARE_WITH_TIMEOUT(draftDescription(), typed + more, 5000);
    panelChild<QPushButton>("answerButton")->click();
    QCOMPARE(agent->state(), AgentState::OnCall);

    // Ctrl+N asks; "keep typing" changes nothing.
    {
        DialogAnswerer keep(QStringLiteral("keepTypingButton"));
        newCaseAction()->trigger();
        QVERIFY(keep.seen());
    }
    QCOMPARE(descriptionOnScreen(), typed + more);
    QVERIFY(m_window->callLink()->isDeferred());

    // The operator saves the half-typed case, then starts the call's case without being asked.
    const Core::CaseRecord sample = TestStore::sampleCase();
    vm->setValue(Field::Category, sample.serviceCode);
    vm->setValue(Field::District, sample.location.district);
    QVERIFY(m_window->intakeForm()->trySave());
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT count(*) FROM cases WHERE description = '%1'").arg(typed + more)),
             1);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             Ui::MainWindow::tr("Case saved. Press Ctrl+N to start a case for the call in progress."));
    {
        DialogAnswerer none(QStringLiteral("keepTypingButton"));
        newCaseAction()->trigger();
        QVERIFY(!none.seen());
    }
    QCOMPARE(vm->currentCase().callId, callId);
    QVERIFY(!m_window->callLink()->isDeferred());
}

void TestConsolePhone::newCaseAsksBeforeDroppingTypedText()
{
    openWindow(false);
    Ui::IntakeForm *form = m_window->intakeForm();
    auto *desc = form->findChild<QTextEdit *>(QStringLiteral("description"));
    auto *newButton = form->findChild<QPushButton *>(QStringLiteral("newCaseButton"));
    QVERIFY(desc && newButton);
    const QString typed = QStringLiteral("درخت شکسته روی پیاده‌رو");
    desc->setFocus();
    Testing::typeText(desc, typed);

    // The button: "keep typing" keeps the text.
    {
        DialogAnswerer keep(QStringLiteral("keepTypingButton"));
        newButton->click();
        QVERIFY(keep.seen());
        QCOMPARE(keep.text(), Ui::IntakeForm::tr("The case you are typing has not been saved. Keep typing "
                                                 "it, or discard it and start a new case?"));
    }
    QCOMPARE(descriptionOnScreen(), typed);
    QVERIFY(m_window->intake()->isDirty());

    // Ctrl+N after an autosave still asks; "discard" clears the form and drops the draft.
    QVERIFY(m_window->intake()->autosaveNow());
    QCOMPARE(draftDescription(), typed);
    {
        DialogAnswerer discard(QStringLiteral("discardButton"));
        newCaseAction()->trigger();
        QVERIFY(discard.seen());
    }
    QCOMPARE(descriptionOnScreen(), QString());
    QVERIFY(!m_window->intake()->isDirty());
    QVERIFY(!m_window->intake()->pendingDraft().has_value());

    // A form with nothing typed starts anew without a question.
    {
        DialogAnswerer none(QStringLiteral("keepTypingButton"));
        newButton->click();
        QVERIFY(!none.seen());
    }
}

void TestConsolePhone::timerEndedWrapUpLeavesNoStaleOutcome()
{
    openWindow(true);
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    agent->setWrapUpMs(200);
    auto *box = panelChild<QComboBox>("dispositionBox");
    auto *finish = panelChild<QPushButton>("finishWrapUpButton");

    // First call: the outcome is chosen during the call; the wrap-up timer (not the button) ends wrap-up.
    QString telId = ring();
    panelChild<QPushButton>("answerButton")->click();
    const int registered = box->findData(int(Agent::Disposition::CaseRegistered));
    box->setCurrentIndex(registered);
    Q_EMIT box->activated(registered);
    QCOMPARE(agent->currentCall().disposition, Agent::Disposition::CaseRegistered);
    fake()->simulateRemoteHangUp(telId);
    QCOMPARE(agent->state(), AgentState::WrapUp);
    QTRY_COMPARE(agent->state(), AgentState::Ready);
    QCOMPARE(box->currentData().toInt(), int(Agent::Disposition::None));

    // Second call: the box shows what the model has (nothing), never the last call's choice.
    telId = ring();
    QCOMPARE(box->currentData().toInt(), int(Agent::Disposition::None));
    panelChild<QPushButton>("answerButton")->click();
    fake()->simulateRemoteHangUp(telId);
    QCOMPARE(agent->state(), AgentState::WrapUp);
    QCOMPARE(agent->currentCall().disposition, Agent::Disposition::None);
    QCOMPARE(box->currentData().toInt(), int(Agent::Disposition::None));
    QVERIFY(!finish->isEnabled());
    QTRY_VERIFY(agent->dispositionOverdue());
    QCOMPARE(box->currentData().toInt(), int(Agent::Disposition::None));
    // Choosing an outcome ends the overdue wrap-up; the next call rings normally.
    const int guidance = box->findData(int(Agent::Disposition::GuidanceGiven));
    box->setCurrentIndex(guidance);
    Q_EMIT box->activated(guidance);
    QCOMPARE(agent->state(), AgentState::Ready);
    QCOMPARE(box->currentData().toInt(), int(Agent::Disposition::None));
    ring();
    QCOMPARE(agent->state(), AgentState::Ringing);
}

void TestConsolePhone::nextCallFormShowsNoOldTrackingCode()
{
    openWindow(true);
    Agent::AgentStateMachine *agent = m_ctx->phone->agent.get();
    Ui::IntakeForm *form = m_window->intakeForm();
    auto *banner = form->findChild<QFrame *>(QStringLiteral("savedBanner"));
    QVERIFY(banner);
    const QString telId = ring();
    panelChild<QPushButton>("answerButton")->click();
    fillForm();
    QVERIFY(form->trySave());
    QVERIFY(!form->shownTrackingCode().isEmpty()); // read out to this caller
    QVERIFY(banner->isVisible());
    fake()->simulateRemoteHangUp(telId);
    finishWrapUp(Agent::Disposition::CaseRegistered);

    ring(QStringLiteral("مهدی نوری"));
    QCOMPARE(m_window->intake()->currentCase().callId, agent->currentCall().id); // the fresh form popped
    QCOMPARE(form->shownTrackingCode(), QString());
    QVERIFY(!banner->isVisible());
}

void TestConsolePhone::placeholderDisplayNameIsNotPrefilled()
{
    openWindow(true);
    ring(QStringLiteral("caller")); // SIPp's default From display name
    QCOMPARE(m_window->intake()->currentCase().callId, m_ctx->phone->agent->currentCall().id);
    QCOMPARE(m_window->intake()->normalizedPhone(), kAni); // the number is still pre-filled
    QCOMPARE(m_window->intake()->value(Field::CallerName).toString(), QString());
    QCOMPARE(m_window->intakeForm()->findChild<QLineEdit *>(QStringLiteral("callerNameEdit"))->text(),
             QString());
}

QTEST_MAIN(TestConsolePhone)
#include "tst_consolephone.moc"
