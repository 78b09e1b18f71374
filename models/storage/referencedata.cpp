// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/referencedata.h"

#include "models/core/persiantext.h"
#include "models/storage/csvfile.h"
#include "models/storage/storageerror.h"
#include "models/storage/transaction.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Pasokh::Storage {

namespace {

Core::Result<QList<QMap<QString, QString>>> readCsv(const QString &dir, const QString &name)
{
    QFile f(QDir(dir).filePath(name));
    if (!f.open(QIODevice::ReadOnly))
        return Core::Error{QStringLiteral("csv"), QStringLiteral("cannot read %1").arg(f.fileName())};
    return Csv::parseRecords(f.readAll());
}

// "ثامن" (Samen) is district 13 in our numbering; other rows carry 1..12.
int districtNumber(const QString &text)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    if (ok)
        return n;
    return text.trimmed() == QStringLiteral("\u062B\u0627\u0645\u0646") ? 13 : 0;
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace

Core::Status ReferenceCatalog::importIfEmpty(const QSqlDatabase &db, const QString &sourceDir)
{
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM categories")) || !q.next())
            return Core::Status(storageError(q.lastError()));
        if (q.value(0).toInt() > 0)
            return {};
    }
    const QString dir = sourceDir.isEmpty() ? QStringLiteral(":/pasokh/data") : sourceDir;
    auto districts = readCsv(dir, QStringLiteral("mashhad-districts.csv"));
    auto neighbourhoods = readCsv(dir, QStringLiteral("mashhad-neighbourhoods.csv"));
    auto units = readCsv(dir, QStringLiteral("units.csv"));
    auto categories = readCsv(dir, QStringLiteral("categories.csv"));
    for (const auto *r : {&districts, &neighbourhoods, &units, &categories}) {
        if (!r->ok())
            return Core::Status(r->error());
    }

    WriteTransaction tx(db);
    if (!tx.isActive())
        return Core::Status(tx.error());
    QSqlQuery q(db);
    auto run = [&q]() -> bool {
        return q.exec();
    };

    q.prepare(QStringLiteral("INSERT INTO districts (number, name_fa, name_en) VALUES (?, ?, ?)"));
    for (const auto &r : districts.value()) {
        q.addBindValue(districtNumber(r.value(QStringLiteral("district_no"))));
        q.addBindValue(r.value(QStringLiteral("name_fa")));
        q.addBindValue(r.value(QStringLiteral("name_en")));
        if (!run())
            return Core::Status(storageError(q.lastError()));
    }
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO neighbourhoods (district, name_fa, search_key, note) "
                             "VALUES (?, ?, ?, ?)"));
    for (const auto &r : neighbourhoods.value()) {
        const QString name = r.value(QStringLiteral("neighbourhood_fa")).trimmed();
        const int district = districtNumber(r.value(QStringLiteral("district_no")));
        if (district < 1 || district > 13)
            continue; // e.g. "outside (Golbahar new town)": not one of Mashhad's 13 districts
        q.addBindValue(district);
        q.addBindValue(name);
        q.addBindValue(Core::PersianText::searchKey(name));
        q.addBindValue(nullIfEmpty(r.value(QStringLiteral("note"))));
        if (!run())
            return Core::Status(storageError(q.lastError()));
    }
    q.prepare(QStringLiteral("INSERT INTO units (code, kind, name_fa, name_en) VALUES (?, ?, ?, ?)"));
    for (const auto &r : units.value()) {
        q.addBindValue(r.value(QStringLiteral("code")));
        q.addBindValue(r.value(QStringLiteral("kind")));
        q.addBindValue(r.value(QStringLiteral("name_fa")));
        q.addBindValue(r.value(QStringLiteral("name_en")));
        if (!run())
            return Core::Status(storageError(q.lastError()));
    }
    q.prepare(QStringLiteral(
        "INSERT INTO categories (code, parent, name_fa, name_en, default_unit, sla_days, urgent, "
        "search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &r : categories.value()) {
        const QString code = r.value(QStringLiteral("code"));
        const QString fa = r.value(QStringLiteral("name_fa"));
        const QString en = r.value(QStringLiteral("name_en"));
        q.addBindValue(code);
        q.addBindValue(nullIfEmpty(r.value(QStringLiteral("parent"))));
        q.addBindValue(fa);
        q.addBindValue(en);
        q.addBindValue(nullIfEmpty(r.value(QStringLiteral("default_unit"))));
        const QString sla = r.value(QStringLiteral("sla_days"));
        q.addBindValue(sla.isEmpty() ? QVariant() : QVariant(sla.toInt()));
        q.addBindValue(r.value(QStringLiteral("urgent")) == QLatin1String("1") ? 1 : 0);
        q.addBindValue(Core::PersianText::searchKey(fa + QLatin1Char(' ') + en + QLatin1Char(' ') + code));
        if (!run())
            return Core::Status(storageError(q.lastError()));
    }
    return tx.commit();
}

Core::Result<ReferenceCatalog> ReferenceCatalog::load(const QSqlDatabase &db)
{
    ReferenceCatalog c;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT code, kind, name_fa, name_en FROM units WHERE retired = 0 ORDER BY rowid")))
        return storageError(q.lastError());
    while (q.next()) {
        c.m_unitIndex.insert(q.value(0).toString(), c.m_units.size());
        c.m_units.append(
            {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    }
    if (!q.exec(
            QStringLiteral("SELECT code, coalesce(parent, ''), name_fa, name_en, coalesce(default_unit, ''), "
                           "coalesce(sla_days, 0), urgent, search_key FROM categories WHERE retired = 0 "
                           "ORDER BY rowid")))
        return storageError(q.lastError());
    while (q.next()) {
        c.m_categoryIndex.insert(q.value(0).toString(), c.m_categories.size());
        c.m_categories.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                               q.value(3).toString(), q.value(4).toString(), q.value(5).toInt(),
                               q.value(6).toInt() != 0, q.value(7).toString()});
    }
    if (!q.exec(QStringLiteral(
            "SELECT number, name_fa, name_en FROM districts WHERE retired = 0 ORDER BY number")))
        return storageError(q.lastError());
    while (q.next())
        c.m_districts.append({q.value(0).toInt(), q.value(1).toString(), q.value(2).toString()});
    if (!q.exec(
            QStringLiteral("SELECT district, name_fa, search_key FROM neighbourhoods ORDER BY district, id")))
        return storageError(q.lastError());
    while (q.next())
        c.m_neighbourhoods.append({q.value(0).toInt(), q.value(1).toString(), q.value(2).toString()});
    return c;
}

const Category *ReferenceCatalog::category(const QString &code) const
{
    const auto it = m_categoryIndex.constFind(code);
    return it == m_categoryIndex.cend() ? nullptr : &m_categories.at(*it);
}

const Unit *ReferenceCatalog::unit(const QString &code) const
{
    const auto it = m_unitIndex.constFind(code);
    return it == m_unitIndex.cend() ? nullptr : &m_units.at(*it);
}

const District *ReferenceCatalog::district(int number) const
{
    for (const District &d : m_districts) {
        if (d.number == number)
            return &d;
    }
    return nullptr;
}

QList<const Category *> ReferenceCatalog::children(const QString &groupCode) const
{
    QList<const Category *> out;
    for (const Category &c : m_categories) {
        if (c.parent == groupCode)
            out.append(&c);
    }
    return out;
}

QList<const Neighbourhood *> ReferenceCatalog::neighbourhoodsOf(int district) const
{
    QList<const Neighbourhood *> out;
    for (const Neighbourhood &n : m_neighbourhoods) {
        if (n.district == district)
            out.append(&n);
    }
    QCollator collator(QLocale(QLocale::Persian, QLocale::Iran));
    std::sort(out.begin(), out.end(), [&collator](const Neighbourhood *a, const Neighbourhood *b) {
        return collator(a->nameFa, b->nameFa);
    });
    return out;
}

QList<const Category *> ReferenceCatalog::searchCategories(const QString &query) const
{
    const QStringList words = Core::PersianText::searchKey(query).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QList<const Category *> out;
    for (const Category &c : m_categories) {
        if (c.parent.isEmpty())
            continue;
        const QString key =
            c.searchKey + QLatin1Char(' ') +
            Core::PersianText::searchKey(category(c.parent) ? category(c.parent)->nameFa : QString());
        const QString compact = QString(key).remove(QLatin1Char(' '));
        const bool all = std::all_of(words.cbegin(), words.cend(), [&](const QString &w) {
            return key.contains(w) || compact.contains(w);
        });
        if (all)
            out.append(&c);
    }
    return out;
}

QString ReferenceCatalog::districtUnitCode(int district)
{
    if (district >= 1 && district <= 12)
        return QStringLiteral("D%1").arg(district, 2, 10, QLatin1Char('0'));
    if (district == 13)
        return QStringLiteral("DSA");
    return {};
}

QString ReferenceCatalog::referralUnitFor(const QString &categoryCode, int district) const
{
    const Category *c = category(categoryCode);
    if (!c || c->defaultUnit.isEmpty() || c->defaultUnit == QLatin1String("EXTERNAL"))
        return {};
    if (c->defaultUnit == QLatin1String("DISTRICT"))
        return districtUnitCode(district);
    return c->defaultUnit;
}

} // namespace Pasokh::Storage
