// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/categorycompletionmodel.h"

#include "models/viewmodels/displayformat.h"

namespace Pasokh::ViewModels {

CategoryCompletionModel::CategoryCompletionModel(std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                                                 QObject *parent)
    : QAbstractListModel(parent), m_catalog(std::move(catalog))
{
    setQuery(QString());
}

void CategoryCompletionModel::setQuery(const QString &query)
{
    beginResetModel();
    m_query = query;
    m_rows = m_catalog->searchCategories(query);
    endResetModel();
}

void CategoryCompletionModel::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    beginResetModel();
    m_catalog = std::move(catalog); // m_rows pointed into the old catalog: rebuilt before the reset ends
    m_rows = m_catalog->searchCategories(m_query);
    endResetModel();
}

QString CategoryCompletionModel::codeAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row)->code : QString();
}

int CategoryCompletionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CategoryCompletionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Storage::Category *c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return DisplayFormat::categoryName(*m_catalog, c->code, true);
    case CodeRole:
        return c->code;
    }
    return {};
}

} // namespace Pasokh::ViewModels
