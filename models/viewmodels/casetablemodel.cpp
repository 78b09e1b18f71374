// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/casetablemodel.h"

#include "models/storage/casereader.h"
#include "models/viewmodels/displayformat.h"

namespace Pasokh::ViewModels {

using namespace Pasokh::Core;
using Storage::CaseFilter;
using Storage::CaseReader;

CaseTableModel::CaseTableModel(Storage::ReadWorker *worker,
                               std::shared_ptr<const Storage::ReferenceCatalog> catalog, QObject *parent)
    : QAbstractTableModel(parent), m_worker(worker), m_catalog(std::move(catalog))
{
}

void CaseTableModel::setFilter(const CaseFilter &filter)
{
    CaseFilter f = filter;
    f.sortColumn = m_filter.sortColumn;
    f.ascending = m_filter.ascending;
    m_filter = f;
    reload();
}

void CaseTableModel::refresh()
{
    reload();
}

void CaseTableModel::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    m_catalog = std::move(catalog);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void CaseTableModel::reload()
{
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_total = -1;
    m_exhausted = false;
    m_pendingPage = false;
    endResetModel();
    // The first page is queued before the count: the read worker runs jobs in order, so the rows appear
    // without waiting for the count (which shows as unknown until it arrives).
    requestPage();
    const quint64 generation = m_generation;
    m_worker->run<Result<int>>(
        this, [f = m_filter](const QSqlDatabase &db) { return CaseReader::count(db, f); },
        [this, generation](Result<int> n) {
            if (generation != m_generation)
                return;
            if (!n) {
                Q_EMIT errorOccurred(n.error().message);
                return;
            }
            m_total = n.value();
            Q_EMIT totalCountChanged(m_total);
        });
}

void CaseTableModel::requestPage()
{
    if (m_pendingPage || m_exhausted)
        return;
    m_pendingPage = true;
    Q_EMIT loadingChanged(true);
    const quint64 generation = m_generation;
    const int offset = int(m_rows.size());
    m_worker->run<Result<QList<CaseRecord>>>(
        this,
        [f = m_filter, offset](const QSqlDatabase &db) { return CaseReader::list(db, f, offset, kPageSize); },
        [this, generation](Result<QList<CaseRecord>> page) {
            if (generation != m_generation)
                return; // a newer filter replaced this request
            if (!page) {
                m_pendingPage = false;
                m_exhausted = true;
                Q_EMIT loadingChanged(false);
                Q_EMIT errorOccurred(page.error().message);
                return;
            }
            const QList<CaseRecord> &rows = page.value();
            if (rows.size() < kPageSize)
                m_exhausted = true;
            if (!rows.isEmpty()) {
                // Still "pending" while inserting, so a view that asks for more during the insert gets
                // nothing twice.
                beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
                m_rows.append(rows);
                endInsertRows();
            }
            m_pendingPage = false;
            Q_EMIT loadingChanged(false);
        });
}

const CaseRecord *CaseTableModel::caseAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int CaseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CaseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool CaseTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted && !m_pendingPage;
}

void CaseTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestPage();
}

void CaseTableModel::sort(int column, Qt::SortOrder order)
{
    static const CaseFilter::SortColumn map[ColumnCount] = {
        CaseFilter::SortColumn::TrackingCode, CaseFilter::SortColumn::RequestedAt,
        CaseFilter::SortColumn::Status,       CaseFilter::SortColumn::ServiceCode,
        CaseFilter::SortColumn::District,     CaseFilter::SortColumn::Unit,
        CaseFilter::SortColumn::RequestedAt,  CaseFilter::SortColumn::RequestedAt};
    if (column < 0 || column >= ColumnCount)
        return;
    const CaseFilter::SortColumn sortColumn = map[column];
    const bool ascending = order == Qt::AscendingOrder;
    if (sortColumn == m_filter.sortColumn && ascending == m_filter.ascending)
        return;
    m_filter.sortColumn = sortColumn;
    m_filter.ascending = ascending;
    reload();
}

QVariant CaseTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const CaseRecord &c = m_rows.at(index.row());
    if (role == CaseIdRole)
        return c.id;
    if (role == RawValueRole) {
        switch (index.column()) {
        case TrackingCode:
            return c.trackingCode;
        case RequestedAt:
            return c.requestedAt;
        case Status:
            return CaseStatusText::code(c.status);
        case Category:
            return c.serviceCode;
        case District:
            return c.location.district;
        case Unit:
            return c.agencyResponsible;
        case Caller:
            return c.caller.phone;
        case Description:
            return c.description;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Description)
        return c.description.left(1000);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TrackingCode:
        return DisplayFormat::trackingCode(c.trackingCode);
    case RequestedAt:
        return DisplayFormat::dateTime(c.requestedAt);
    case Status:
        return CaseStatusText::label(c.status);
    case Category:
        return DisplayFormat::categoryName(*m_catalog, c.serviceCode);
    case District:
        return DisplayFormat::districtName(*m_catalog, c.location.district);
    case Unit:
        return DisplayFormat::unitName(*m_catalog, c.agencyResponsible);
    case Caller:
        return c.caller.anonymous ? tr("Anonymous") : DisplayFormat::phone(c.caller.phone);
    case Description:
        return c.description.section(QLatin1Char('\n'), 0, 0).left(120);
    }
    return {};
}

QVariant CaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TrackingCode:
        return tr("Tracking code");
    case RequestedAt:
        return tr("Registered");
    case Status:
        return tr("Status");
    case Category:
        return tr("Category");
    case District:
        return tr("District");
    case Unit:
        return tr("Referred to");
    case Caller:
        return tr("Caller");
    case Description:
        return tr("Description");
    }
    return {};
}

} // namespace Pasokh::ViewModels
