// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/storage/casefilter.h"
#include "models/storage/readworker.h"
#include "models/storage/referencedata.h"

#include <QAbstractTableModel>
#include <memory>

namespace Pasokh::ViewModels {

/// The case browser's table: filtered and sorted in SQL on a worker thread, fetched lazily in pages of 200
/// rows as the view scrolls (canFetchMore/fetchMore), so a store of a million cases opens at once. A new
/// filter or sort drops results still in flight for the old one.
class CaseTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TrackingCode,
        RequestedAt,
        Status,
        Category,
        District,
        Unit,
        Caller,
        Description,
        ColumnCount
    };
    enum Role
    {
        RawValueRole = Qt::UserRole, ///< the stored value of the cell, for sorting and tests
        CaseIdRole,                  ///< the case id (QString)
    };
    static constexpr int kPageSize = 200;

    CaseTableModel(Storage::ReadWorker *worker, std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                   QObject *parent = nullptr);

    /// Replaces the filter (keeps the current sort) and reloads from the first page.
    void setFilter(const Storage::CaseFilter &filter);
    Storage::CaseFilter filter() const { return m_filter; }
    /// Reloads with the same filter (after a save or a sync).
    void refresh();
    /// Uses a newer reference catalog (category, district and unit names); the fetched rows are redrawn.
    /// Ignores null.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);
    /// The case in a row; nullptr outside the fetched rows.
    const Core::CaseRecord *caseAt(int row) const;
    /// How many cases match the filter (-1 until counted).
    int totalCount() const { return m_total; }
    bool isLoading() const { return m_pendingPage; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void totalCountChanged(int total);
    void loadingChanged(bool loading);
    /// A query failed; `message` is translated.
    void errorOccurred(const QString &message);

private:
    void reload();
    void requestPage();

    Storage::ReadWorker *m_worker;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    Storage::CaseFilter m_filter;
    QList<Core::CaseRecord> m_rows;
    int m_total = -1;
    bool m_pendingPage = false;
    bool m_exhausted = false;
    quint64 m_generation = 0;
};

} // namespace Pasokh::ViewModels
