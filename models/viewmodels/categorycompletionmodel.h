// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/storage/referencedata.h"

#include <QAbstractListModel>
#include <memory>

namespace Pasokh::ViewModels {

/// Leaf categories matching what the operator types, as "group › category" (two levels), for the intake
/// form's type-ahead. Matching ignores Arabic/Persian letter variants, ZWNJ and digits forms
/// (ReferenceCatalog:: searchCategories). An empty query lists every leaf category.
class CategoryCompletionModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        CodeRole = Qt::UserRole
    };

    explicit CategoryCompletionModel(std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                                     QObject *parent = nullptr);

    /// Filters to the categories matching `query`.
    void setQuery(const QString &query);
    /// Uses a newer reference catalog (a hub pull changed categories) and filters it again with the last
    /// query, so an open type-ahead offers the new categories at once.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);
    /// The category code in `row`.
    QString codeAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    QList<const Storage::Category *> m_rows; ///< point into *m_catalog
    QString m_query;
};

} // namespace Pasokh::ViewModels
