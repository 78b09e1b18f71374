// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/kb/article.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace Pasokh::Kb {

/// Writes and reads knowledge-base articles and their usage in the console's SQLite store (tables of
/// resources/sql/0002_kb.sql). Works on an existing QSqlDatabase connection given by name, which must be used
/// only on the thread that opened it (Qt SQL rule); the writer connection of the store in the console. Every
/// write is one `BEGIN IMMEDIATE` transaction (Storage::WriteTransaction, notes/sync.md §5). Errors come back
/// as values with codes "no_connection", "sql", "not_found", "invalid".
class KbRepository
{
public:
    /// What an upsert did to one article.
    enum class Outcome
    {
        Added,
        Updated,
        Unchanged
    };

    /// One use of an article on a case.
    struct Use
    {
        QString caseId;
        QString articleId;
        QDateTime usedAtUtc;
        QString operatorId;
    };

    /// Batches of at least this many articles are indexed in bulk mode (FTS5 merges once at the end).
    static constexpr qsizetype BulkArticles = 200;

    explicit KbRepository(QString connectionName);

    /// Adds the article or, when an article with the same id exists, updates it if its content hash differs
    /// (version + 1, updated time = now) and revives it if it was retired. Categories, units and the FTS5 row
    /// are replaced together with the article.
    Core::Result<Outcome> upsert(const Article &article);

    /// upsert() of many articles in one transaction (all or nothing); returns one outcome per article, in
    /// order. A batch of 64 or more prepares the text of its new and changed articles (normalisation, index
    /// columns) on a private thread pool of one thread per core while this thread inserts in input order, so
    /// the result is the same as upserting them one after another.
    Core::Result<QList<Outcome>> upsertAll(const QList<Article> &articles);

    /// Articles published by the hub (a sync pull), written inside the write transaction the caller already
    /// holds on this connection (so they commit together with the pull cursor): like upsertAll(), except
    /// that the hub's `version` of each article is stored as it is (the hub numbers versions, the console
    /// does not renumber them; the hub's copy wins over a local import, whatever the local number was). The
    /// pull feed is in change order, so the last copy of an id in a page is the newest. Ids stay stable: the
    /// same id updates the same article and FTS5 row.
    Core::Result<QList<Outcome>> applyPublishedInTransaction(const QList<Article> &articles);

    /// retire() inside the write transaction the caller holds. An unknown id is not an error (returns false:
    /// nothing to retire); true when an active article was retired.
    Core::Result<bool> retireInTransaction(const QString &articleId);

    /// What replaceAll() did: one outcome per article, in order, and the ids it retired (sorted).
    struct Replaced
    {
        QList<Outcome> outcomes;
        QStringList retired;
    };

    /// Makes `articles` the whole active set, in one transaction (all or nothing): upsert() of each, then
    /// every active article whose id is not among them is retired as retire() does (its row, seq and id stay,
    /// so a later import of the same id revives it under the same id; kb_usage keeps referring to it).
    Core::Result<Replaced> replaceAll(const QList<Article> &articles);

    /// Marks the article retired and removes it from the search index; kb_usage rows keep referring to it.
    Core::Status retire(const QString &articleId);

    /// The stored article (retired ones too), or std::nullopt when there is no such id.
    Core::Result<std::optional<Article>> article(const QString &articleId) const;

    /// Ids of all articles that are not retired, sorted.
    Core::Result<QStringList> activeIds() const;

    /// Creates kb_fts and kb_title_fts again, empty (same definitions and settings), and indexes every
    /// article that is not retired, in one transaction; for a change of the normalisation rules (text
    /// prepared on all cores, as in upsertAll()). Returns the number of articles indexed; on an error
    /// ("sql", "no_connection", the store's) nothing is changed. The tables are dropped, so no other
    /// statement may still be reading on this connection (SQLite refuses the DROP: "sql" error).
    Core::Result<int> rebuildIndex();

    /// Records that the operator used the article on the case, at the given instant (UTC). Marking the same
    /// article twice on a case keeps the first record. Fails with "not_found" when the case or the article
    /// does not exist (foreign keys).
    Core::Status recordUse(const QString &caseId, const QString &articleId, const QString &operatorId,
                           const QDateTime &usedAtUtc);

    /// The articles used on a case, oldest first.
    Core::Result<QList<Use>> usesOfCase(const QString &caseId) const;

private:
    struct Statements;
    struct PreparedText;
    /// How upsertOne() numbers a changed article: the local +1 of an import, or the version the source gave.
    enum class Versioning
    {
        Local,
        FromSource
    };
    /// What kb_articles holds for an id.
    struct Stored
    {
        qint64 seq = 0;
        QString hash;
        int version = 0;
        bool retired = false;
    };
    static Core::Result<std::optional<Stored>> findStored(Statements &statements, const QString &articleId);
    /// Upserts one article whose content hash is `hash`; `prepared` is its text when already prepared
    /// (nullptr: prepared here if it is written). `versioning`: the local +1 of an import, or the version the
    /// source (the hub) gave.
    Core::Result<Outcome> upsertOne(Statements &statements, const Article &article, const QString &hash,
                                    const PreparedText *prepared, qint64 nowMs, Versioning versioning);
    /// upsertOne() of a large batch, in order, appending to `outcomes`; text prepared on all cores.
    Core::Status upsertPrepared(Statements &statements, const QList<Article> &articles, qint64 nowMs,
                                Versioning versioning, QList<Outcome> &outcomes);
    Core::Result<QList<Outcome>> upsertInTransaction(const QSqlDatabase &db, const QList<Article> &articles,
                                                     qint64 nowMs, Versioning versioning = Versioning::Local);

    QString m_connectionName;
};

} // namespace Pasokh::Kb
