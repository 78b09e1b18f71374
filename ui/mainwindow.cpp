// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/sync/synccontroller.h"
#include "ui/sync/hublogindialog.h"
#include "ui/sync/parkeddialog.h"
#include "ui/sync/syncstatustext.h"

#include "models/kb/asyncsearcher.h"
#include "models/storage/outbox.h"
#include "models/viewmodels/callintakelink.h"
#include "models/viewmodels/displayformat.h"
#include "models/viewmodels/extensiondirectorymodel.h"
#include "ui/callerhistoryview.h"
#include "ui/callpanel/audiosettingsdialog.h"
#include "ui/callpanel/callpanel.h"
#include "ui/callpanel/callsounds.h"
#include "ui/casebrowser.h"
#include "ui/intakeform.h"
#include "ui/kb/knowledgepanel.h"
#include "ui/referencerefresher.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>

#include <memory>

namespace Pasokh::Ui {

namespace Fmt = ViewModels::DisplayFormat;

MainWindow::MainWindow(ConsoleContext *context, QWidget *parent)
    : QMainWindow(parent), m_ctx(context),
      m_intake(new ViewModels::IntakeViewModel(context->cases.get(), context->db, context->catalog,
                                               context->config.autosaveSeconds, this)),
      m_history(new ViewModels::CallerHistoryModel(context->reader.get(), context->catalog, this)),
      m_tabs(new QTabWidget(this)), m_side(new QTabWidget(this)),
      m_form(new IntakeForm(m_intake, context->catalog, this)),
      m_kbSearcher(new Kb::AsyncSearcher(Kb::AsyncSearcher::storeReader(context->db->path()), this)),
      m_knowledge(new KnowledgePanel(m_kbSearcher, this)),
      m_browser(new CaseBrowser(context->reader.get(), context->catalog, this)),
      m_stationLabel(new QLabel(this)), m_operatorLabel(new QLabel(this)),
      m_connectionLabel(new QLabel(this)), m_pendingLabel(new QLabel(this))
{
    setWindowTitle(tr("Pasokh: 137 operator console"));
    setMinimumSize(1024, 640);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *historyView = new CallerHistoryView(m_history, this);
    m_side->addTab(historyView, tr("Caller history"));
    m_side->addTab(m_knowledge, tr("Guidance"));
    m_knowledge->setCaseOpen(true);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(m_side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    m_tabs->addTab(split, tr("New case"));
    m_tabs->addTab(m_browser, tr("Cases"));
    setCentralWidget(m_tabs);

    const Core::ConsoleConfig &cfg = context->config;
    m_stationLabel->setText(
        tr("Station %1%2")
            .arg(Fmt::digits(QString::number(cfg.station)),
                 cfg.stationName.isEmpty() ? QString() : QStringLiteral(" · ") + cfg.stationName));
    m_operatorLabel->setText(
        tr("Operator: %1").arg(cfg.operatorName.isEmpty() ? tr("not set") : cfg.operatorName));
    m_connectionLabel->setText(cfg.hubUrl.isEmpty()
                                   ? tr("Offline: cases are kept on this computer")
                                   : tr("Offline: hub sync is not available in this version"));
    m_connectionLabel->setStyleSheet(QStringLiteral("QLabel { color: #8d6e00; }"));
    // Station and operator yield to a temporary message (showMessage); the hub connection, the queue and the
    // phone are permanent: Qt draws a message only in the space left of them (right of them in Persian).
    statusBar()->addWidget(m_stationLabel);
    statusBar()->addWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_pendingLabel);
    // Qt hides the yielding labels only if they are visible when the message arrives: a message set before
    // the window is shown (the "no sound card" notice at start) was drawn over them. Hide and show them
    // explicitly.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &message) {
        m_stationLabel->setVisible(message.isEmpty());
        m_operatorLabel->setVisible(message.isEmpty());
    });

    connect(m_intake, &ViewModels::IntakeViewModel::phoneNormalized, m_history,
            &ViewModels::CallerHistoryModel::setPhone);
    // The knowledge panel suggests articles for the category and description being typed; "used on this call"
    // is recorded with the case when it is saved.
    connect(m_intake, &ViewModels::IntakeViewModel::valueChanged, this,
            [this](ViewModels::IntakeViewModel::Field f) {
                using Field = ViewModels::IntakeViewModel::Field;
                if (f == Field::Category)
                    m_knowledge->setCategory(m_intake->value(Field::Category).toString());
                else if (f == Field::Description)
                    m_knowledge->setDescription(m_intake->value(Field::Description).toString());
            });
    connect(m_intake, &ViewModels::IntakeViewModel::reset, m_knowledge, &KnowledgePanel::reset);
    connect(m_knowledge, &KnowledgePanel::articleUsed, m_intake,
            &ViewModels::IntakeViewModel::markArticleUsed);
    connect(m_intake, &ViewModels::IntakeViewModel::saved, this, [this] {
        m_browser->refresh();
        m_history->setPhone(m_history->phone());
        refreshPending();
    });
    connect(m_browser, &CaseBrowser::amendRequested, this, [this](const Core::CaseRecord &c) {
        m_intake->editCase(c);
        m_tabs->setCurrentIndex(0);
    });
    connect(historyView, &CallerHistoryView::caseActivated, this, &MainWindow::showCaseInHistory);

    buildPhone();
    buildActions();
    m_pendingTimer.setInterval(10000);
    connect(&m_pendingTimer, &QTimer::timeout, this, &MainWindow::refreshPending);
    m_pendingTimer.start();
    refreshPending();
    m_form->offerDraftIfAny();
}

void MainWindow::attachSync(Sync::SyncController *controller, const QString &userName)
{
    m_sync = controller;
    m_hubUser = userName;
    m_pendingTimer.stop(); // the engine publishes the counts now
    connect(controller, &Sync::SyncController::statusChanged, this, &MainWindow::showSyncStatus);
    connect(controller, &Sync::SyncController::casesChanged, this, [this] {
        m_browser->refresh();
        m_history->setPhone(m_history->phone());
    });
    connect(m_intake, &ViewModels::IntakeViewModel::saved, controller, &Sync::SyncController::kick);
    // Pulled categories, units, districts and articles reach the open console without a restart.
    auto *refresher = new ReferenceRefresher(m_ctx, m_form, m_browser, m_history, m_knowledge, this);
    refresher->setObjectName(QStringLiteral("referenceRefresher"));
    connect(controller, &Sync::SyncController::referenceDataChanged, refresher,
            &ReferenceRefresher::reloadCatalog);
    connect(controller, &Sync::SyncController::knowledgeBaseChanged, refresher,
            &ReferenceRefresher::refreshKnowledgeBase);

    QMenu *hub = menuBar()->addMenu(tr("H&ub"));
    QAction *login = hub->addAction(tr("&Log in to the hub..."));
    connect(login, &QAction::triggered, this, &MainWindow::openHubLogin);
    QAction *now = hub->addAction(tr("&Sync now"));
    now->setShortcut(QKeySequence(Qt::Key_F9)); // F5 answers a call (call panel)
    connect(now, &QAction::triggered, controller, &Sync::SyncController::kick);
    QAction *parked = hub->addAction(tr("Cases &refused by the hub..."));
    connect(parked, &QAction::triggered, this, [this] {
        ParkedDialog dialog(m_sync, this);
        dialog.exec();
    });
    hub->addSeparator();
    QAction *logout = hub->addAction(tr("Log &out of the hub"));
    connect(logout, &QAction::triggered, controller, &Sync::SyncController::logout);
    m_connectionLabel->setText(tr("Connecting to the hub..."));
}

void MainWindow::loginUnattended(const QString &password)
{
    if (!m_sync || m_hubUser.isEmpty() || password.isEmpty())
        return;
    m_loginOffered = true; // no dialog while this login runs
    auto once = std::make_shared<QMetaObject::Connection>();
    *once =
        connect(m_sync, &Sync::SyncController::loginFinished, this,
                [this, once](bool ok, const QString &code, const QString &message) {
                    QObject::disconnect(*once);
                    if (ok)
                        return;
                    statusBar()->showMessage(
                        tr("Automatic hub login failed: %1").arg(message.isEmpty() ? code : message), 15000);
                    QTimer::singleShot(0, this, &MainWindow::openHubLogin);
                });
    m_sync->login(m_hubUser, password);
}

QString MainWindow::connectionText() const
{
    return m_connectionLabel->text();
}

void MainWindow::showSyncStatus(const Sync::SyncStatus &status)
{
    m_connectionLabel->setText(SyncStatusText::connection(status));
    m_connectionLabel->setToolTip(status.detail);
    m_connectionLabel->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(SyncStatusText::colour(status)));
    m_pending = status.pending;
    m_pendingLabel->setText(SyncStatusText::queue(status));
    if (status.state == Sync::SyncStatus::State::Locked && !m_loginOffered) {
        m_loginOffered = true;
        QTimer::singleShot(0, this, &MainWindow::openHubLogin);
    }
}

void MainWindow::openHubLogin()
{
    if (!m_sync)
        return;
    HubLoginDialog dialog(m_sync, m_hubUser, this);
    dialog.exec();
}

void MainWindow::buildActions()
{
    QMenu *caseMenu = menuBar()->addMenu(tr("&Case"));
    QAction *newCase = caseMenu->addAction(tr("&New case"));
    newCase->setShortcut(QKeySequence::New);
    connect(newCase, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_form->newCase(); // asks first when the form holds unsaved text
    });
    QAction *save = caseMenu->addAction(tr("&Save case"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_form->trySave();
    });
    QAction *search = caseMenu->addAction(tr("&Find cases"));
    search->setShortcut(QKeySequence::Find);
    connect(search, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(1);
        m_browser->focusSearch();
    });
    caseMenu->addSeparator();
    QAction *quit = caseMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    for (QAction *a : {newCase, save, search, quit})
        a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text().remove(QLatin1Char('&')),
                                                    a->shortcut().toString(QKeySequence::NativeText)));

    if (m_ctx->phone) {
        QMenu *phoneMenu = menuBar()->addMenu(tr("&Phone"));
        QAction *audio = phoneMenu->addAction(tr("&Sound and devices…"));
        connect(audio, &QAction::triggered, this, &MainWindow::openAudioSettings);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Pasokh"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About Pasokh"),
            tr("Pasokh %1: the operator console of Mashhad municipality's 137 contact centre.\n"
               "Licensed under the GNU GPL, version 3 or later.")
                .arg(QStringLiteral(PASOKH_VERSION)));
    });
}

void MainWindow::refreshPending()
{
    if (m_sync)
        return; // the sync engine publishes the counts
    m_ctx->reader->run<Core::Result<Storage::OutboxCounts>>(
        this, [](const QSqlDatabase &db) { return Storage::Outbox::counts(db); },
        [this](Core::Result<Storage::OutboxCounts> counts) {
            if (!counts) {
                m_pendingLabel->setText(tr("Pending sync: unknown"));
                return;
            }
            m_pending = counts.value().pending;
            QString text = tr("Waiting to send: %1").arg(Fmt::digits(QString::number(m_pending)));
            if (counts.value().parked > 0)
                text += QStringLiteral(" · ") +
                        tr("refused by hub: %1").arg(Fmt::digits(QString::number(counts.value().parked)));
            m_pendingLabel->setText(text);
        });
}

void MainWindow::showCaseInHistory(const QString &caseId)
{
    m_tabs->setCurrentIndex(1);
    m_browser->openCase(caseId);
}

void MainWindow::buildPhone()
{
    ConsolePhone *phone = m_ctx->phone.get();
    if (!phone)
        return;
    m_callPanel =
        new CallPanel(phone->telephony.get(), phone->agent.get(), phone->binding.get(), nullptr, this);
    m_callHistory = new CallerHistoryView(m_history, this);
    m_callLink = new ViewModels::CallIntakeLink(phone->agent.get(), m_intake, m_history, this);
    // "New case" (Ctrl+N or the form's button) during a call starts the case linked to that call.
    m_form->setNewCaseStarter([this] { m_callLink->startCaseForCall(); });
    m_callPanel->setDirectory(new ViewModels::ExtensionDirectoryModel(m_ctx->db, this));

    auto *column = new QSplitter(Qt::Vertical, this);
    column->addWidget(m_callPanel);
    column->addWidget(m_callHistory);
    column->setStretchFactor(0, 0);
    column->setStretchFactor(1, 1);
    column->setChildrenCollapsible(false);
    m_callPanel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_callPanel->installEventFilter(this); // its height changes with the call (keypad): refit the dock
    // The history view has no margins of its own; in the dock its title would touch the window's edge.
    const int margin = style()->pixelMetric(QStyle::PM_LayoutLeftMargin);
    m_callHistory->setContentsMargins(margin, 0, margin, margin);
    m_phoneDock = new QDockWidget(tr("Phone"), this);
    m_phoneDock->setObjectName(QStringLiteral("phoneDock"));
    m_phoneDock->setFeatures(QDockWidget::DockWidgetMovable);
    m_phoneDock->setWidget(column);
    // The dock sits at the reading start of the window: the right edge in Persian, beside the form.
    addDockWidget(layoutDirection() == Qt::RightToLeft ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea,
                  m_phoneDock);
    connect(m_phoneDock, &QDockWidget::dockLocationChanged, this, &MainWindow::scheduleFitPhoneDock);
    fitPhoneDock();

    m_phoneLabel = new QLabel(this);
    m_phoneLabel->setObjectName(QStringLiteral("phoneStatus"));
    statusBar()->addPermanentWidget(m_phoneLabel);
    auto showRegistration = [this](const Telephony::RegistrationInfo &info) {
        m_phoneLabel->setText(CallPanel::registrationText(info));
        m_phoneLabel->setStyleSheet(info.state == Telephony::RegistrationState::Ok
                                        ? QString()
                                        : QStringLiteral("QLabel { color: #b00020; }"));
    };
    connect(phone->telephony.get(), &Telephony::ITelephony::registrationChanged, this, showRegistration);
    showRegistration(phone->telephony->registration());
    connect(phone->telephony.get(), &Telephony::ITelephony::engineCrashed, this, [this] {
        statusBar()->showMessage(
            tr("The phone engine stopped and is restarting; the case you are typing is kept."), 10000);
    });
    connect(m_callLink, &ViewModels::CallIntakeLink::popped, this,
            [this](const Agent::CallRecord &, bool kept) {
                m_tabs->setCurrentIndex(0);
                if (kept && m_callLink->isDeferred())
                    statusBar()->showMessage(
                        tr("A call is ringing. The case you were typing was kept: save it, then "
                           "press Ctrl+N to start a case for this call."),
                        15000);
            });
    connect(m_intake, &ViewModels::IntakeViewModel::saved, this, [this] {
        if (m_callLink->isDeferred()) // the earlier case is safe now; the call still has no form
            statusBar()->showMessage(tr("Case saved. Press Ctrl+N to start a case for the call in progress."),
                                     15000);
    });
    connect(m_callHistory, &CallerHistoryView::caseActivated, this, &MainWindow::showCaseInHistory);

    // Ringtone and alerts through Qt Multimedia; a machine without sound says so once and rings on screen.
    m_sounds = new CallSounds(phone->telephony.get(), phone->agent.get(), phone->binding.get(), this);
    if (!m_ctx->configPath.isEmpty()) {
        QSettings ini(m_ctx->configPath, QSettings::IniFormat);
        m_sounds->setOutputDevice(ini.value(QStringLiteral("sound/alert_device")).toByteArray());
        m_sounds->setVolume(qBound(0, ini.value(QStringLiteral("sound/volume"), 80).toInt(), 100) / 100.0);
    }
    if (!m_sounds->available())
        statusBar()->showMessage(m_sounds->unavailableReason(), 15000);
    connect(m_sounds, &CallSounds::unavailable, this,
            [this](const QString &reason) { statusBar()->showMessage(reason, 15000); });

    // Click-to-call from a case's caller.
    m_browser->setCallEnabled(true);
    connect(m_browser, &CaseBrowser::callRequested, this, [this](const QString &phone) { callBack(phone); });
}

bool MainWindow::callBack(const QString &phone)
{
    ConsolePhone *p = m_ctx->phone.get();
    if (!p)
        return false;
    // The PBX dials national numbers: +98 915... goes out as 0915...
    QString target = phone;
    if (const auto n = Core::PhoneNumber::normalize(phone); n.ok())
        target = n.value().nationalFormat().remove(QLatin1Char(' '));
    const auto r = p->binding->dial(target);
    if (r.ok()) {
        statusBar()->showMessage(tr("Calling %1…").arg(Core::PersianText::ltrIsolate(target)), 5000);
        return true;
    }
    const QString code = r.error().code;
    QString why;
    if (code == QLatin1String("busy"))
        why = tr("a call is already in progress");
    else if (code == QLatin1String("disposition_required"))
        why = tr("choose how the last call ended first");
    else if (code == QLatin1String("invalid_transition"))
        why = tr("log in to the phone first");
    else
        why = tr("this number cannot be dialled");
    statusBar()->showMessage(tr("Cannot call: %1").arg(why), 10000);
    return false;
}

void MainWindow::openAudioSettings()
{
    ConsolePhone *p = m_ctx->phone.get();
    if (!p || !m_sounds)
        return;
    AudioSettingsDialog::Selection current;
    current.alertOutput = m_sounds->outputDevice();
    if (!m_ctx->configPath.isEmpty()) {
        QSettings ini(m_ctx->configPath, QSettings::IniFormat);
        current.callInput = ini.value(QStringLiteral("sip/input_device")).toString();
        current.callOutput = ini.value(QStringLiteral("sip/output_device")).toString();
    }
    AudioSettingsDialog dialog(p->telephony->audioDevices(), current, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AudioSettingsDialog::Selection chosen = dialog.selection();
    m_sounds->setOutputDevice(chosen.alertOutput);
    p->telephony->setAudioDevices(chosen.callInput, chosen.callOutput);
    if (!m_ctx->configPath.isEmpty()) {
        QSettings ini(m_ctx->configPath, QSettings::IniFormat);
        ini.setValue(QStringLiteral("sound/alert_device"), chosen.alertOutput);
        ini.setValue(QStringLiteral("sip/input_device"), chosen.callInput);
        ini.setValue(QStringLiteral("sip/output_device"), chosen.callOutput);
    }
}

namespace {
/// Below this height the dock's caller history is not worth showing (its title and about two rows).
constexpr int kDockHistoryMinHeight = 110;
/// The height the dock's caller history asks for when there is room.
constexpr int kDockHistoryPreferredHeight = 160;
} // namespace

void MainWindow::scheduleFitPhoneDock()
{
    if (m_fitScheduled || !m_phoneDock)
        return;
    m_fitScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_fitScheduled = false;
        fitPhoneDock();
    });
}

void MainWindow::fitPhoneDock()
{
    if (!m_phoneDock || !m_callHistory)
        return;
    // The dock spans the window between the menu bar and the status bar (no tool bars, no top/bottom docks).
    int band = height();
    if (menuWidget())
        band -= menuWidget()->sizeHint().height();
    if (statusBar()->isVisibleTo(this))
        band -= statusBar()->sizeHint().height();
    // The dock's own title bar and frame around the column.
    QWidget *column = m_phoneDock->widget();
    const int frame = m_phoneDock->minimumSizeHint().height() - column->minimumSizeHint().height();
    int handle = 0;
    if (auto *split = qobject_cast<QSplitter *>(column))
        handle = split->handleWidth();
    const int room = band - frame - m_callPanel->minimumSizeHint().height() - handle;
    const bool show = room >= kDockHistoryMinHeight;
    m_callHistory->setMinimumHeight(show ? qMin(room, kDockHistoryPreferredHeight) : 0);
    if (m_callHistory->isVisibleTo(column) != show)
        m_callHistory->setVisible(show);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    scheduleFitPhoneDock();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_callPanel && event->type() == QEvent::LayoutRequest)
        scheduleFitPhoneDock();
    return QMainWindow::eventFilter(watched, event);
}

QString MainWindow::phoneStatusText() const
{
    return m_phoneLabel ? m_phoneLabel->text() : QString();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_intake->isDirty())
        m_intake->autosaveNow(); // keep what was typed; it is offered back at the next start
    if (ConsolePhone *phone = m_ctx->phone.get()) {
        // Close the agent's open interval with a final logged_out one, in every state (a live call is hung
        // up by the engine's stop and closed in the call log now).
        phone->agent->shutDown();
        phone->telephony->stop();
    }
    event->accept();
}

} // namespace Pasokh::Ui
