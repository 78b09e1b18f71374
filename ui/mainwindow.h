// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/intakeviewmodel.h"
#include "ui/consolecontext.h"

#include <QMainWindow>
#include <QTimer>

class QDockWidget;
class QLabel;
class QTabWidget;
class QSplitter;

namespace Pasokh::Kb {
class AsyncSearcher;
}
namespace Pasokh::Sync {
class SyncController;
struct SyncStatus;
} // namespace Pasokh::Sync

namespace Pasokh::ViewModels {
class CallIntakeLink;
}

namespace Pasokh::Ui {

class CallPanel;
class CallSounds;
class CallerHistoryView;
class CaseBrowser;
class KnowledgePanel;
class IntakeForm;

/// The console's main window: the intake tab (form beside the caller's history), the case browser tab, and a
/// status bar with station, operator, connection state and the number of cases waiting to be sent to the hub.
/// When the context has a phone (a `[sip]` account), the call panel and the caller's history sit in a dock
/// beside the form, the status bar shows the registration state (with the reason on failure), and an offered
/// call pops the caller's history and a fresh intake form linked to the call (ViewModels::CallIntakeLink).
/// Shortcuts: Ctrl+N new case (linked to the live call, if any), Ctrl+S save, Ctrl+F search cases.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ConsoleContext *context, QWidget *parent = nullptr);

    IntakeForm *intakeForm() const { return m_form; }
    CaseBrowser *caseBrowser() const { return m_browser; }
    ViewModels::IntakeViewModel *intake() const { return m_intake; }
    QTabWidget *tabs() const { return m_tabs; }
    /// The side panel beside the intake form (history first); later features add tabs here.
    QTabWidget *sidePanel() const { return m_side; }
    /// The guidance knowledge base beside the intake form.
    KnowledgePanel *knowledgePanel() const { return m_knowledge; }
    /// The pending-sync count shown in the status bar (-1 until first read).
    int pendingCount() const { return m_pending; }
    /// The call panel (null without a phone).
    CallPanel *callPanel() const { return m_callPanel; }
    /// The caller's history shown under the call panel (null without a phone).
    CallerHistoryView *callHistoryView() const { return m_callHistory; }
    /// The dock holding the call panel (null without a phone).
    QDockWidget *phoneDock() const { return m_phoneDock; }
    /// Screen pop and case-to-call linking (null without a phone).
    ViewModels::CallIntakeLink *callLink() const { return m_callLink; }
    /// The caller-history model shared by the side panel and the call panel.
    ViewModels::CallerHistoryModel *callerHistory() const { return m_history; }
    /// The registration text in the status bar (empty without a phone).
    QString phoneStatusText() const;
    /// Ringtone and alerts (null without a phone).
    CallSounds *callSounds() const { return m_sounds; }
    /// Click-to-call: dials `phone` (E.164 or as typed) through the agent binding; the reason is shown in the
    /// status bar when the call cannot be placed. Returns true when the call was placed.
    bool callBack(const QString &phone);
    /// Opens the sound and device settings and applies and saves what the operator chose.
    void openAudioSettings();
    /// Connects the hub sync (only when [hub] url is configured): the status bar shows online/offline,
    /// pending and parked counts and the last sync; a "Hub" menu offers login, "sync now" and the parked
    /// list; saved cases kick a sync; pulled changes refresh the case browser and caller history, pulled
    /// reference data and articles reach the open form, browser and knowledge panel (a ReferenceRefresher
    /// child named "referenceRefresher"). The login
    /// dialog opens by itself when the hub needs a login at start. `userName` pre-fills it.
    void attachSync(Sync::SyncController *controller, const QString &userName);
    /// Logs in to the hub as the `userName` given to attachSync() with `password`, without the dialog: the
    /// unattended start of demos and test rigs (App::takeUnattendedHubPassword). The login dialog does not
    /// open by itself while this login runs; when the hub refuses it or cannot be reached, the status bar
    /// says why and the dialog opens as at a normal start. Does nothing without attachSync(), a user or a
    /// password.
    void loginUnattended(const QString &password);
    /// The connection text of the status bar (tests).
    QString connectionText() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildActions();
    void refreshPending();
    void showCaseInHistory(const QString &caseId);
    void buildPhone();
    void showSyncStatus(const Sync::SyncStatus &status);
    void openHubLogin();
    /// Fits the phone dock between the menu bar and the status bar: the call panel keeps its full height
    /// (every button visible); the caller's history under it gets what is left, down to
    /// kDockHistoryMinHeight, and is hidden below that (the side panel's "Caller history" tab shows the same
    /// list). Run after a resize and whenever the call panel's height changes (the keypad appears during a
    /// call).
    void fitPhoneDock();
    void scheduleFitPhoneDock();

    ConsoleContext *m_ctx;
    ViewModels::IntakeViewModel *m_intake;
    ViewModels::CallerHistoryModel *m_history;
    QTabWidget *m_tabs;
    QTabWidget *m_side;
    IntakeForm *m_form;
    Kb::AsyncSearcher *m_kbSearcher;
    KnowledgePanel *m_knowledge;
    CaseBrowser *m_browser;
    QLabel *m_stationLabel;
    QLabel *m_operatorLabel;
    QLabel *m_connectionLabel;
    QLabel *m_pendingLabel;
    QLabel *m_phoneLabel = nullptr;
    CallPanel *m_callPanel = nullptr;
    CallerHistoryView *m_callHistory = nullptr;
    QDockWidget *m_phoneDock = nullptr;
    ViewModels::CallIntakeLink *m_callLink = nullptr;
    CallSounds *m_sounds = nullptr;
    QTimer m_pendingTimer;
    int m_pending = -1;
    Sync::SyncController *m_sync = nullptr;
    QString m_hubUser;
    bool m_loginOffered = false;
    bool m_fitScheduled = false;
};

} // namespace Pasokh::Ui
