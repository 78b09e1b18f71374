// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/viewmodels/callerhistorymodel.h"

#include <QWidget>

class QLabel;
class QListView;

namespace Pasokh::Ui {

/// The caller's earlier cases and calls (screen pop and the intake form's side pane), over
/// CallerHistoryModel.
class CallerHistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit CallerHistoryView(ViewModels::CallerHistoryModel *model, QWidget *parent = nullptr);

Q_SIGNALS:
    /// The operator opened an earlier case (double click or Enter).
    void caseActivated(const QString &caseId);

private:
    void updateTitle();

    ViewModels::CallerHistoryModel *m_model;
    QLabel *m_title;
    QListView *m_list;
};

} // namespace Pasokh::Ui
