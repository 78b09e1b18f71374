// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpanel/transferdirectorydialog.h"

#include "models/viewmodels/extensiondirectorymodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Pasokh::Ui {

using ViewModels::ExtensionDirectoryModel;

TransferDirectoryDialog::TransferDirectoryDialog(ExtensionDirectoryModel *model, QWidget *parent)
    : QDialog(parent), m_model(model), m_search(new QLineEdit(this)), m_table(new QTableView(this)),
      m_newName(new QLineEdit(this)), m_newExtension(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Transfer directory"));
    resize(640, 420);
    auto *root = new QVBoxLayout(this);
    m_search->setPlaceholderText(tr("Search units and extensions"));
    m_search->setClearButtonEnabled(true);
    root->addWidget(m_search);
    m_model->setFilter(QString());
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_table->horizontalHeader()->setSectionResizeMode(ExtensionDirectoryModel::NameColumn,
                                                      QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    root->addWidget(m_table, 1);

    auto *addRow = new QHBoxLayout;
    m_newName->setPlaceholderText(tr("Unit name"));
    m_newExtension->setPlaceholderText(tr("Extension"));
    m_newExtension->setLayoutDirection(Qt::LeftToRight);
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Delete"), this);
    addRow->addWidget(m_newName, 2);
    addRow->addWidget(m_newExtension, 1);
    addRow->addWidget(add);
    addRow->addWidget(remove);
    root->addLayout(addRow);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_error->setWordWrap(true);
    m_error->hide();
    root->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *use = buttons->addButton(tr("Use this extension"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    root->addWidget(buttons);

    connect(m_search, &QLineEdit::textChanged, m_model, &ExtensionDirectoryModel::setFilter);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_model->rowCount() == 1)
            m_table->selectRow(0);
        if (!selectedExtension().isEmpty())
            accept();
    });
    connect(add, &QPushButton::clicked, this, &TransferDirectoryDialog::addEntry);
    connect(m_newExtension, &QLineEdit::returnPressed, this, &TransferDirectoryDialog::addEntry);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_table->currentIndex();
        if (i.isValid())
            m_model->removeRow(i.row());
    });
    connect(m_model, &ExtensionDirectoryModel::error, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    });
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (!selectedExtension().isEmpty())
            accept();
    });
    connect(use, &QPushButton::clicked, this, [this] {
        if (!selectedExtension().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_search->setFocus();
}

QString TransferDirectoryDialog::selectedExtension() const
{
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() ? i.data(ExtensionDirectoryModel::DialRole).toString() : QString();
}

void TransferDirectoryDialog::addEntry()
{
    Storage::ExtensionEntry e;
    e.name = m_newName->text();
    e.extension = m_newExtension->text();
    if (m_model->addEntry(e)) {
        m_newName->clear();
        m_newExtension->clear();
        m_error->hide();
    }
}

} // namespace Pasokh::Ui
