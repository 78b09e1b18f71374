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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void refreshPending();
    void showCaseInHistory(const QString &caseId);

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
};

} // namespace Pasokh::Ui
