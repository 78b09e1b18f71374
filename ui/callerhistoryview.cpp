// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callerhistoryview.h"

#include "models/viewmodels/displayformat.h"

#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace Pasokh::Ui {

CallerHistoryView::CallerHistoryView(ViewModels::CallerHistoryModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_title(new QLabel(this)), m_list(new QListView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    m_list->setModel(model);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Caller history"));
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    connect(model, &ViewModels::CallerHistoryModel::loaded, this, &CallerHistoryView::updateTitle);
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(ViewModels::CallerHistoryModel::CaseIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT caseActivated(id);
    });
    updateTitle();
}

void CallerHistoryView::updateTitle()
{
    if (m_model->phone().isEmpty()) {
        m_title->setText(tr("Caller history: enter the caller's number"));
        return;
    }
    m_title->setText(tr("History of %1: %2 cases, %3 calls")
                         .arg(ViewModels::DisplayFormat::phone(m_model->phone()),
                              ViewModels::DisplayFormat::digits(QString::number(m_model->caseCount())),
                              ViewModels::DisplayFormat::digits(QString::number(m_model->callCount()))));
}

} // namespace Pasokh::Ui
