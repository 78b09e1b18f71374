// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/referencedata.h"

#include "models/kb/kbimporter.h"
#include "models/storage/csvfile.h"
#include "models/storage/referencedata.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <functional>

#include <vector>

namespace Pasokh::Hub {

namespace {

enum class ColKind
{
    Text,
    Int,
    Bool,
    Array
};

struct Column
{
    const char *name;
    ColKind kind;
    bool nullable;
};

struct Kind
{
    const char *entity;
    const char *table;
    const char *key;
    std::vector<Column> columns;
    const char *tombstoneColumn; ///< retired (reference) or deleted (kb)
};

const std::vector<Kind> &kinds()
{
    static const std::vector<Kind> k = {
        {"category",
         "categories",
         "code",
         {{"parent", ColKind::Text, true},
          {"name_fa", ColKind::Text, false},
          {"name_en", ColKind::Text, false},
          {"default_unit", ColKind::Text, true},
          {"sla_days", ColKind::Int, true},
          {"urgent", ColKind::Bool, false},
          {"retired", ColKind::Bool, false}},
         "retired"},
        {"unit",
         "units",
         "code",
         {{"kind", ColKind::Text, false},
          {"name_fa", ColKind::Text, false},
          {"name_en", ColKind::Text, false},
          {"retired", ColKind::Bool, false}},
         "retired"},
        {"district",
         "districts",
         "code",
         {{"name_fa", ColKind::Text, false},
          {"name_en", ColKind::Text, false},
          {"unit_code", ColKind::Text, false},
          {"retired", ColKind::Bool, false}},
         "retired"},
        {"kb_article",
         "kb_articles",
         "id",
         {{"title", ColKind::Text, false},
          {"body", ColKind::Text, false},
          {"keywords", ColKind::Array, false},
          {"categories", ColKind::Array, false},
          {"units", ColKind::Array, false},  // schema 2
          {"reviewed", ColKind::Text, true}, // schema 2: ISO date of the last editorial check
          {"deleted", ColKind::Bool, false}},
         "deleted"},
    };
    return k;
}

const Kind *findKind(const QString &entity)
{
    for (const Kind &k : kinds()) {
        if (entity == QLatin1String(k.entity))
            return &k;
    }
    return nullptr;
}

QJsonValue cellJson(const SqlResult &r, int row, int col, ColKind kind)
{
    if (r.isNull(row, col))
        return QJsonValue();
    switch (kind) {
    case ColKind::Text:
        return r.text(row, col);
    case ColKind::Int:
        return int(r.integer(row, col));
    case ColKind::Bool:
        return r.integer(row, col) != 0;
    case ColKind::Array:
        return QJsonDocument::fromJson(r.text(row, col).toUtf8()).array();
    }
    return QJsonValue();
}

QVariant sqlValue(const QJsonValue &v, ColKind kind)
{
    if (v.isNull() || v.isUndefined()) {
        if (kind == ColKind::Bool)
            return 0;
        if (kind == ColKind::Array)
            return QStringLiteral("[]");
        return QVariant();
    }
    switch (kind) {
    case ColKind::Text:
        return v.toString();
    case ColKind::Int:
        return v.toInteger();
    case ColKind::Bool:
        return v.toBool() ? 1 : 0;
    case ColKind::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    }
    return QVariant();
}

QString selectSql(const Kind &k)
{
    QStringList cols;
    for (const Column &c : k.columns)
        cols << QLatin1String(c.name);
    return QStringLiteral("SELECT %1, version FROM %2 WHERE %3 = $1")
        .arg(cols.join(QLatin1String(", ")), QLatin1String(k.table), QLatin1String(k.key));
}

QJsonObject rowJson(const Kind &k, const QString &key, const SqlResult &r, long long version)
{
    QJsonObject o;
    o.insert(QLatin1String(k.key), key);
    for (int i = 0; i < int(k.columns.size()); ++i)
        o.insert(QLatin1String(k.columns[size_t(i)].name), cellJson(r, 0, i, k.columns[size_t(i)].kind));
    o.insert(QStringLiteral("version"), version);
    return o;
}

} // namespace

QString ReferenceData::entityForKind(const QString &kind)
{
    static const QHash<QString, QString> map = {{QStringLiteral("categories"), QStringLiteral("category")},
                                                {QStringLiteral("units"), QStringLiteral("unit")},
                                                {QStringLiteral("districts"), QStringLiteral("district")},
                                                {QStringLiteral("kb"), QStringLiteral("kb_article")}};
    return map.value(kind);
}

QJsonObject ReferenceData::item(SqlConnection &db, const QString &entity, const QString &key)
{
    const Kind *k = findKind(entity);
    if (!k)
        return {};
    const SqlResult r = db.exec(selectSql(*k), {key});
    if (!r.ok || r.isEmpty())
        return {};
    return rowJson(*k, key, r, r.integer(0, int(k->columns.size())));
}

QString ReferenceData::upsert(SqlConnection &db, const QString &entity, const QString &key,
                              const QJsonObject &values, QList<PendingChange> &changes)
{
    const Kind *k = findKind(entity);
    if (!k)
        return QStringLiteral("unknown reference entity");
    SqlResult r = db.exec(selectSql(*k) + db.forUpdate(), {key});
    if (!r.ok)
        return r.error;
    const bool exists = !r.isEmpty();
    long long version = 1;
    if (exists) {
        bool same = true;
        for (int i = 0; i < int(k->columns.size()) && same; ++i) {
            const Column &c = k->columns[size_t(i)];
            QJsonValue incoming = values.value(QLatin1String(c.name));
            if (incoming.isUndefined())
                incoming = QJsonValue();
            QJsonValue current = cellJson(r, 0, i, c.kind);
            if (c.kind == ColKind::Bool && incoming.isNull())
                incoming = false;
            if (c.kind == ColKind::Array && incoming.isNull())
                incoming = QJsonArray();
            if (c.kind == ColKind::Int && incoming.isDouble())
                incoming = incoming.toInt();
            same = incoming == current;
        }
        if (same)
            return {};
        version = r.integer(0, int(k->columns.size())) + 1;
    }
    QStringList cols;
    QStringList placeholders;
    QStringList sets;
    QVariantList params{key};
    for (const Column &c : k->columns) {
        params << sqlValue(values.value(QLatin1String(c.name)), c.kind);
        cols << QLatin1String(c.name);
        placeholders << QStringLiteral("$%1").arg(params.size());
        sets << QStringLiteral("%1 = $%2").arg(QLatin1String(c.name)).arg(params.size());
    }
    params << version;
    QString sql;
    if (entity == QLatin1String("kb_article")) {
        params << HubStore::nowMs();
        sql = exists
                  ? QStringLiteral("UPDATE kb_articles SET %1, version = $%2, updated_at = $%3 WHERE id = $1")
                        .arg(sets.join(QLatin1String(", ")))
                        .arg(params.size() - 1)
                        .arg(params.size())
                  : QStringLiteral(
                        "INSERT INTO kb_articles (id, %1, version, updated_at) VALUES ($1, %2, $%3, $%4)")
                        .arg(cols.join(QLatin1String(", ")), placeholders.join(QLatin1String(", ")))
                        .arg(params.size() - 1)
                        .arg(params.size());
    } else {
        sql = exists ? QStringLiteral("UPDATE %1 SET %2, version = $%3 WHERE %4 = $1")
                           .arg(QLatin1String(k->table), sets.join(QLatin1String(", ")))
                           .arg(params.size())
                           .arg(QLatin1String(k->key))
                     : QStringLiteral("INSERT INTO %1 (%2, %3, version) VALUES ($1, %4, $%5)")
                           .arg(QLatin1String(k->table), QLatin1String(k->key),
                                cols.join(QLatin1String(", ")), placeholders.join(QLatin1String(", ")))
                           .arg(params.size());
    }
    r = db.exec(sql, params);
    if (!r.ok)
        return r.error;
    const QJsonObject fields = item(db, entity, key);
    changes.append(PendingChange{
        entity, key, version, fields.value(QLatin1String(k->tombstoneColumn)).toBool(), QString(), fields});
    return {};
}

QString ReferenceData::retire(SqlConnection &db, const QString &entity, const QString &key,
                              QList<PendingChange> &changes)
{
    const Kind *k = findKind(entity);
    if (!k)
        return QStringLiteral("unknown reference entity");
    QJsonObject current = item(db, entity, key);
    if (current.isEmpty())
        return QStringLiteral("not_found");
    current.insert(QLatin1String(k->tombstoneColumn), true);
    return upsert(db, entity, key, current, changes);
}

namespace {

/// Reads a CSV file (RFC 4180, libcsv through Storage::Csv) into maps keyed by the header names.
QList<QMap<QString, QString>> readCsv(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return {};
    }
    auto records = Storage::Csv::parseRecords(f.readAll());
    if (!records.ok()) {
        *error = QStringLiteral("%1: %2").arg(path, records.error().message);
        return {};
    }
    for (auto &record : records.value()) {
        for (auto it = record.begin(); it != record.end(); ++it)
            *it = it->trimmed();
    }
    return records.value();
}

// Runs `body` in one transaction and appends the change-log rows it collected; an error message from `body`
// (or from the log) rolls everything back. Returns the error, empty on success.
QString inTransaction(SqlConnection &db, const std::function<QString(QList<PendingChange> &)> &body)
{
    QList<PendingChange> changes;
    SqlResult r = db.begin();
    if (!r.ok)
        return r.error;
    QString error = body(changes);
    if (error.isEmpty() && !HubStore::flushChanges(db, changes))
        error = QStringLiteral("cannot write the change log");
    if (!error.isEmpty()) {
        db.rollback();
        return error;
    }
    r = db.commit();
    return r.ok ? QString() : r.error;
}

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

} // namespace

QString ReferenceData::importDirectory(SqlConnection &db, const QString &directory)
{
    QString error;
    const auto units = readCsv(directory + QStringLiteral("/units.csv"), &error);
    const auto categories = readCsv(directory + QStringLiteral("/categories.csv"), &error);
    const auto districts = readCsv(directory + QStringLiteral("/mashhad-districts.csv"), &error);
    if (!error.isEmpty())
        return error;
    return inTransaction(db, [&](QList<PendingChange> &changes) -> QString {
        for (const auto &u : units) {
            QJsonObject v{{QStringLiteral("kind"), u.value(QStringLiteral("kind"))},
                          {QStringLiteral("name_fa"), u.value(QStringLiteral("name_fa"))},
                          {QStringLiteral("name_en"), u.value(QStringLiteral("name_en"))},
                          {QStringLiteral("retired"), false}};
            const QString e = upsert(db, QStringLiteral("unit"), u.value(QStringLiteral("code")), v, changes);
            if (!e.isEmpty())
                return e;
        }
        for (const auto &c : categories) {
            const QString sla = c.value(QStringLiteral("sla_days"));
            QJsonObject v{
                {QStringLiteral("parent"), textOrNull(c.value(QStringLiteral("parent")))},
                {QStringLiteral("name_fa"), c.value(QStringLiteral("name_fa"))},
                {QStringLiteral("name_en"), c.value(QStringLiteral("name_en"))},
                {QStringLiteral("default_unit"), textOrNull(c.value(QStringLiteral("default_unit")))},
                {QStringLiteral("sla_days"), sla.isEmpty() ? QJsonValue() : QJsonValue(sla.toInt())},
                {QStringLiteral("urgent"), c.value(QStringLiteral("urgent")) == QLatin1String("1")},
                {QStringLiteral("retired"), false}};
            const QString e =
                upsert(db, QStringLiteral("category"), c.value(QStringLiteral("code")), v, changes);
            if (!e.isEmpty())
                return e;
        }
        for (const auto &d : districts) {
            bool numeric = false;
            int no = d.value(QStringLiteral("district_no")).toInt(&numeric);
            if (!numeric)
                no = 13; // ثامن (Samen) has no number in the source; Core::CaseLocation uses 13.
            QJsonObject v{{QStringLiteral("name_fa"), d.value(QStringLiteral("name_fa"))},
                          {QStringLiteral("name_en"), d.value(QStringLiteral("name_en"))},
                          {QStringLiteral("unit_code"), Storage::ReferenceCatalog::districtUnitCode(no)},
                          {QStringLiteral("retired"), false}};
            const QString e = upsert(db, QStringLiteral("district"), QString::number(no), v, changes);
            if (!e.isEmpty())
                return e;
        }
        return {};
    });
}

QString ReferenceData::importKnowledgeBase(SqlConnection &db, const QString &directory,
                                           KbImportReport *report)
{
    const auto folder = Kb::KbImporter::readDirectory(directory);
    if (!folder)
        return folder.error().message;
    *report = KbImportReport{};
    report->problems = folder.value().problems;
    const QString entity = QStringLiteral("kb_article");
    return inTransaction(db, [&](QList<PendingChange> &changes) -> QString {
        QSet<QString> ids;
        for (const Kb::Article &a : folder.value().articles) {
            ids.insert(a.id);
            const QJsonObject v{
                {QStringLiteral("title"), a.title},
                {QStringLiteral("body"), a.body},
                {QStringLiteral("keywords"), QJsonArray::fromStringList(a.keywords)},
                {QStringLiteral("categories"), QJsonArray::fromStringList(a.categories)},
                {QStringLiteral("units"), QJsonArray::fromStringList(a.units)},
                {QStringLiteral("reviewed"),
                 a.reviewedOn.isValid() ? QJsonValue(a.reviewedOn.toString(Qt::ISODate)) : QJsonValue()},
                {QStringLiteral("deleted"), false}};
            const qsizetype before = changes.size();
            const QString e = upsert(db, entity, a.id, v, changes);
            if (!e.isEmpty())
                return QStringLiteral("%1: %2").arg(a.id, e);
            if (changes.size() == before)
                ++report->unchanged;
            else if (changes.constLast().serverVersion == 1)
                ++report->added;
            else
                ++report->updated;
        }
        // The folder is the whole set (as on the console, Kb::KbImporter): articles whose file is gone are
        // retired (tombstones the consoles pull), unless a file was skipped, whose id is then unknown.
        if (report->problems.isEmpty()) {
            const SqlResult r =
                db.exec(QStringLiteral("SELECT id FROM kb_articles WHERE deleted = 0 ORDER BY id"));
            if (!r.ok)
                return r.error;
            for (int row = 0; row < r.rowCount(); ++row) {
                const QString id = r.text(row, 0);
                if (ids.contains(id))
                    continue;
                const QString e = retire(db, entity, id, changes);
                if (!e.isEmpty())
                    return QStringLiteral("%1: %2").arg(id, e);
                report->retired << id;
            }
        } else {
            report->retiringSkipped = true;
        }
        return {};
    });
}

QString ReferenceData::seedIfEmpty(SqlConnection &db)
{
    const SqlResult r = db.exec(QStringLiteral("SELECT COUNT(*) FROM categories"));
    if (!r.ok)
        return r.error;
    if (r.integer(0, 0) > 0)
        return {};
    return importDirectory(db, QStringLiteral(":/pasokh/data"));
}

} // namespace Pasokh::Hub
