// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Pasokh::Storage {

/// A referral unit from units.csv. kind: "district", "organisation", "deputy", "external".
struct Unit
{
    QString code;
    QString kind;
    QString nameFa;
    QString nameEn;
};

/// A category from categories.csv: a group when `parent` is empty. `defaultUnit` is a unit code, "DISTRICT"
/// (the district municipality of the case's location), "EXTERNAL" (the operator picks the outside
/// organisation) or empty for a group. `slaDays` 0 = answered by the operator on the call.
struct Category
{
    QString code;
    QString parent;
    QString nameFa;
    QString nameEn;
    QString defaultUnit;
    int slaDays = 0;
    bool urgent = false;
    QString searchKey; ///< PersianText::searchKey of both names and the code.
};

/// A municipal district: 1..12, and 13 for Samen (ثامن).
struct District
{
    int number = 0;
    QString nameFa;
    QString nameEn;
};

/// A neighbourhood (محله) of a district; the list is partial (data/README.md).
struct Neighbourhood
{
    int district = 0;
    QString nameFa;
    QString searchKey;
};

/// The reference data in memory (a few hundred rows), loaded once from the store; read-only afterwards, so it
/// may be shared between threads.
class ReferenceCatalog
{
public:
    /// Loads every non-retired row from the store. Errors: storage errors.
    static Core::Result<ReferenceCatalog> load(const QSqlDatabase &db);

    /// Imports resources/data/*.csv (embedded at :/pasokh/data/, or from `sourceDir` when given) into empty
    /// reference tables, in one transaction; does nothing when categories already exist. Errors: "csv",
    /// storage errors.
    static Core::Status importIfEmpty(const QSqlDatabase &db, const QString &sourceDir = QString());

    const QList<Category> &categories() const { return m_categories; }
    const QList<Unit> &units() const { return m_units; }
    const QList<District> &districts() const { return m_districts; }
    const QList<Neighbourhood> &neighbourhoods() const { return m_neighbourhoods; }

    /// Lookups; nullptr when unknown.
    const Category *category(const QString &code) const;
    const Unit *unit(const QString &code) const;
    const District *district(int number) const;
    /// Sub-categories of a group, in file order.
    QList<const Category *> children(const QString &groupCode) const;
    /// Neighbourhoods of a district, sorted by Persian collation.
    QList<const Neighbourhood *> neighbourhoodsOf(int district) const;
    /// Leaf categories whose search key contains every word of the query's search key (type-ahead that
    /// ignores Arabic/Persian letter variants), in file order.
    QList<const Category *> searchCategories(const QString &query) const;

    /// The unit a case is referred to: the category's default unit, the district municipality (D01..D12, DSA)
    /// when the default is DISTRICT, or empty when it is EXTERNAL or the district is unknown.
    QString referralUnitFor(const QString &categoryCode, int district) const;
    /// The district municipality's unit code for a district number ("D07", "DSA"), empty when out of range.
    static QString districtUnitCode(int district);

private:
    QList<Category> m_categories;
    QList<Unit> m_units;
    QList<District> m_districts;
    QList<Neighbourhood> m_neighbourhoods;
    QHash<QString, qsizetype> m_categoryIndex;
    QHash<QString, qsizetype> m_unitIndex;
};

} // namespace Pasokh::Storage
