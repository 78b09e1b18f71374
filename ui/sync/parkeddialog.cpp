// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sync/parkeddialog.h"

#include "models/sync/synccontroller.h"
#include "models/viewmodels/displayformat.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace Pasokh::Ui {

namespace Fmt = ViewModels::DisplayFormat;

ParkedDialog::ParkedDialog(Sync::SyncController *controller, QWidget *parent)
    : QDialog(parent), m_controller(controller), m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Cases refused by the hub"));
    resize(800, 400);
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Tracking code"), tr("Change"), tr("Reason"), tr("Saved at")});
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *retrySelected = buttons->addButton(tr("Retry selected"), QDialogButtonBox::ActionRole);
    QPushButton *retryAll = buttons->addButton(tr("Retry all"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(retrySelected, &QPushButton::clicked, this, [this] {
        QList<qint64> ids;
        for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
            if (i.row() < m_items.size())
                ids << m_items.at(i.row()).mutationId;
        if (!ids.isEmpty())
            m_controller->retryParked(ids);
    });
    connect(retryAll, &QPushButton::clicked, this, [this] {
        if (!m_items.isEmpty())
            m_controller->retryParked({});
    });
    connect(m_controller, &Sync::SyncController::parkedItems, this, &ParkedDialog::setItems);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    setItems(m_controller->parked());
    m_controller->refreshParked();
}

void ParkedDialog::setItems(const QList<Sync::ParkedItem> &items)
{
    m_items = items;
    m_table->setRowCount(int(items.size()));
    for (int row = 0; row < items.size(); ++row) {
        const Sync::ParkedItem &p = items.at(row);
        auto *code = new QTableWidgetItem(Fmt::trackingCode(p.trackingCode));
        code->setTextAlignment(Qt::AlignLeading | Qt::AlignVCenter);
        m_table->setItem(row, 0, code);
        m_table->setItem(row, 1,
                         new QTableWidgetItem(p.op == QLatin1String("create") ? tr("New case") : tr("Amendment")));
        // The hub's reason is its own (English) error code and message: shown as given, left to right.
        auto *reason = new QTableWidgetItem(QChar(0x2066) + p.reason + QChar(0x2069));
        m_table->setItem(row, 2, reason);
        m_table->setItem(row, 3,
                         new QTableWidgetItem(Fmt::dateTime(QDateTime::fromMSecsSinceEpoch(p.createdAt, QTimeZone::utc()))));
    }
}

} // namespace Pasokh::Ui
