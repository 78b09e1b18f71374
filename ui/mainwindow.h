// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/intakeviewmodel.h"
#include "ui/consolecontext.h"

#include <QMainWindow>
#include <QTimer>

class QLabel;
class QTabWidget;
class QSplitter;

namespace Pasokh::Kb {
class AsyncSearcher;
}
namespace Pasokh::Sync {
class SyncController;
struct SyncStatus;
}

namespace Pasokh::Ui {

class CaseBrowser;
class KnowledgePanel;
class IntakeForm;

/// The console's main window: the intake tab (form beside the caller's history), the case browser tab, and a
/// status bar with station, operator, connection state and the number of cases waiting to be sent to the hub.
/// Shortcuts: Ctrl+N new case, Ctrl+S save, Ctrl+F search cases.
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
    /// Connects the hub sync (only when [hub] url is configured): the status bar shows online/offline,
    /// pending and parked counts and the last sync; a "Hub" menu offers login, "sync now" and the parked
    /// list; saved cases kick a sync; pulled changes refresh the case browser and caller history. The login
    /// dialog opens by itself when the hub needs a login at start. `userName` pre-fills it.
    void attachSync(Sync::SyncController *controller, const QString &userName);
    /// The connection text of the status bar (tests).
    QString connectionText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void refreshPending();
    void showCaseInHistory(const QString &caseId);
    void showSyncStatus(const Sync::SyncStatus &status);
    void openHubLogin();

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
    QTimer m_pendingTimer;
    int m_pending = -1;
    Sync::SyncController *m_sync = nullptr;
    QString m_hubUser;
    bool m_loginOffered = false;
};

} // namespace Pasokh::Ui
