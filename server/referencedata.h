// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/hubstore.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Pasokh::Hub {

/// Reference data of the hub: categories, units, districts and knowledge-base articles. Every change bumps
/// the item's version and appends a change-log row (a retired/deleted item is a tombstone: `deleted: true`),
/// so the consoles pull it with the same cursor scheme as cases.
class ReferenceData
{
public:
    /// The reference kinds served by GET /v1/reference/{kind}: "categories", "units", "districts", "kb".
    /// Returns the change-log entity name for a kind, empty if unknown.
    static QString entityForKind(const QString &kind);

    /// Inserts or updates one item of `entity` (category | unit | district | kb_article) keyed by `key` with
    /// `values` (JSON field names as published: see the column tables in referencedata.cpp). Unchanged values
    /// write nothing. Appends the change to `changes`. Returns an error message, empty on success.
    static QString upsert(SqlConnection &db, const QString &entity, const QString &key,
                          const QJsonObject &values, QList<PendingChange> &changes);

    /// Marks an item retired (tombstone). Error "not_found" if it does not exist.
    static QString retire(SqlConnection &db, const QString &entity, const QString &key,
                          QList<PendingChange> &changes);

    /// The current JSON of one item, empty object when absent.
    static QJsonObject item(SqlConnection &db, const QString &entity, const QString &key);

    /// Imports categories.csv, units.csv and mashhad-districts.csv from `directory` (a file path or ":/..."
    /// resource folder) in one transaction. Returns an error message, empty on success.
    static QString importDirectory(SqlConnection &db, const QString &directory);

    /// What importKnowledgeBase() did.
    struct KbImportReport
    {
        int added = 0;
        int updated = 0;              ///< content changed: version + 1, a change-log row
        int unchanged = 0;            ///< same content: nothing written
        QStringList retired;          ///< active articles whose file is gone (tombstones), sorted
        QStringList problems;         ///< one line per skipped file
        bool retiringSkipped = false; ///< nothing retired because a file was skipped
    };

    /// Publishes a folder of Markdown articles (Kb::ArticleParser format, the same files and ids as the
    /// console's `pasokhctl kb import` and its starter set) in one transaction: new ids are added, changed
    /// ones get version + 1, unchanged ones write nothing, and active articles missing from the folder are
    /// retired, unless some file was skipped. Every write appends a change-log row, so consoles pull the
    /// articles with their next sync. Returns an error message (nothing written), empty on success.
    static QString importKnowledgeBase(SqlConnection &db, const QString &directory, KbImportReport *report);

    /// On a database without categories, imports the seed data compiled in (resources/data, through
    /// pasokh_storage's resources at :/pasokh/data).
    static QString seedIfEmpty(SqlConnection &db);
};

} // namespace Pasokh::Hub
