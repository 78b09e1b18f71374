// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QTableView;

namespace Pasokh::ViewModels {
class ExtensionDirectoryModel;
}

namespace Pasokh::Ui {

/// The directory of unit extensions for transfers: type to search (Persian letter variants and digits fold),
/// pick an entry and press "Use" (or Enter / double click); the list is edited in place (cells), with "Add"
/// and "Delete". Refused edits show the reason under the list.
class TransferDirectoryDialog : public QDialog
{
    Q_OBJECT
public:
    /// `model` is not owned and must outlive the dialog.
    explicit TransferDirectoryDialog(ViewModels::ExtensionDirectoryModel *model, QWidget *parent = nullptr);

    /// The extension of the chosen entry (empty when none).
    QString selectedExtension() const;
    /// The search box, for tests.
    QLineEdit *searchBox() const { return m_search; }
    QTableView *table() const { return m_table; }

private:
    void addEntry();

    ViewModels::ExtensionDirectoryModel *m_model;
    QLineEdit *m_search;
    QTableView *m_table;
    QLineEdit *m_newName;
    QLineEdit *m_newExtension;
    QLabel *m_error;
};

} // namespace Pasokh::Ui
