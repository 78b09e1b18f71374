// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/viewmodels/casetablemodel.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Pasokh::Ui {

class CaseDetailView;
class JalaliDateEdit;

/// The case browser: filters (Jalali date range, status, category, district, unit, tracking code, phone,
/// text), a sortable table over CaseTableModel that fetches as it scrolls, and the selected case's details
/// and timeline.
class CaseBrowser : public QWidget
{
    Q_OBJECT
public:
    CaseBrowser(Storage::ReadWorker *worker, std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                QWidget *parent = nullptr);

    /// Puts the cursor in the text search (Ctrl+F).
    void focusSearch();
    /// Reloads the list (after a save).
    void refresh();
    /// Shows one case's details and timeline (loaded on the read worker), e.g. opened from the caller
    /// history.
    void openCase(const QString &caseId);
    ViewModels::CaseTableModel *model() const { return m_model; }
    /// Offers "Call the caller" in the case details (the console has a phone).
    void setCallEnabled(bool enabled);
    /// Uses a newer reference catalog (a hub pull): the category, district and unit filters are rebuilt
    /// keeping what is chosen, the table and the details show the new names. Ignores null.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);

Q_SIGNALS:
    void amendRequested(const Pasokh::Core::CaseRecord &c);
    /// Click-to-call from a case: `phone` E.164.
    void callRequested(const QString &phone, const QString &caseId);

private:
    void fillReferenceFilters();
    void applyFilter();
    void updateCount();

    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    Storage::ReadWorker *m_worker;
    ViewModels::CaseTableModel *m_model;
    QTimer m_debounce;
    JalaliDateEdit *m_from;
    JalaliDateEdit *m_to;
    QComboBox *m_status;
    QComboBox *m_category;
    QComboBox *m_district;
    QComboBox *m_unit;
    QLineEdit *m_tracking;
    QLineEdit *m_phone;
    QLineEdit *m_text;
    QLabel *m_count;
    QTableView *m_table;
    CaseDetailView *m_detail;
};

} // namespace Pasokh::Ui
