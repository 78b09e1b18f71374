// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbsearch.h"

#include "models/kb/ftsquery.h"
#include "models/kb/kblog.h"
#include "models/kb/prefixterms.h"
#include "models/kb/searchtext.h"

#include <QCache>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Pasokh::Kb {

namespace {

using Core::Error;
using Core::Result;

// A candidate hit; the body (for the snippet) is read only for the rows finally shown (toHits()).
struct Row
{
    QString id;
    QString title;
    double rank = 0.0;
    QString version; // content_sha256:version, the key of the article's prepared snippet text
};

Error sqlError(const QSqlQuery &query, const QString &what)
{
    return Error{QStringLiteral("sql"), what + QStringLiteral(": ") + query.lastError().text()};
}

// Appends rows of a query returning (id, title, rank or NULL, content_sha256 || ':' || version) that are not
// in `seen`, up to `limit` rows.
Core::Status collect(QSqlQuery &query, const QString &what, int limit, QSet<QString> *seen, QList<Row> *rows)
{
    if (!query.exec())
        return sqlError(query, what);
    while (rows->size() < limit && query.next()) {
        const QString id = query.value(0).toString();
        if (seen->contains(id))
            continue;
        seen->insert(id);
        const QVariant rank = query.value(2);
        rows->append(Row{id, query.value(1).toString(), rank.isNull() ? 0.0 : rank.toDouble(),
                         query.value(3).toString()});
    }
    return {};
}

// The full-text index a phase asks: titles and keywords only (kb_title_fts, schema 9: doclists a twentieth of
// kb_fts's, where a column filter would still walk the body positions), or every column (kb_fts).
enum class Index
{
    Titles,
    Everything
};

// Best-ranked rows of an FTS5 MATCH. With `partial` (a last word of one or two letters, left out of `match`:
// a one-letter "x"* merges the doclists of every word starting with x, and as an AND term either length would
// drop the titles that do not hold it yet, which still fill the page), those whose title or keywords hold a
// word starting with `partial` come first, among the best PartialCandidates rows (or among the `candidates`
// when capped). With `candidates`
// above 0, bm25 ranks only that many matching articles, those added last (highest seq), instead of every
// match (see KbSearch::BodyCandidates).
Core::Status ftsRows(const QSqlDatabase &db, Index index, const QString &match, int limit,
                     QSet<QString> *seen, QList<Row> *rows, const QString &partial = QString(),
                     int candidates = 0)
{
    if (match.isEmpty() || rows->size() >= limit)
        return {};
    constexpr int PartialCandidates = 200;
    const bool capped = candidates > 0;
    // Capped: FTS5 walks the matches in rowid order and stops after `candidates` rows, so bm25 runs for
    // those rows only; ORDER BY rank would score every match before sorting.
    const QString table = index == Index::Titles ? QStringLiteral("kb_title_fts") : QStringLiteral("kb_fts");
    const QString inner =
        capped
            ? QStringLiteral("SELECT rowid, rank FROM %1 WHERE %1 MATCH ? ORDER BY rowid DESC LIMIT %2")
                  .arg(table)
                  .arg(candidates)
            : QStringLiteral("SELECT rowid, rank FROM %1 WHERE %1 MATCH ? ORDER BY rank LIMIT ?").arg(table);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT a.id, a.title, f.rank, a.content_sha256 || ':' || a.version FROM (%1) AS f "
                       "JOIN kb_articles AS a ON a.seq = f.rowid ORDER BY %2 f.rank%3")
            .arg(inner,
                 partial.isEmpty() ? QString()
                                   : QStringLiteral("instr(' ' || a.title_key || ' ' || "
                                                    "a.keywords_key, ' ' || ?) = 0,"),
                 capped ? QStringLiteral(" LIMIT ?") : QString()));
    query.addBindValue(match);
    if (!capped)
        query.addBindValue(partial.isEmpty() ? limit + int(seen->size()) : PartialCandidates);
    if (!partial.isEmpty())
        query.addBindValue(partial);
    if (capped)
        query.addBindValue(limit + int(seen->size()));
    return collect(query, QStringLiteral("full-text search"), limit, seen, rows);
}

// For each adjacent pair of `tokens`, whether the index holds a word starting with the pair written joined
// (FtsQuery::joinedLiteral): a lookup of one rare prefix costs ~0.04 ms, while a joined alternative left in
// the expression makes FTS5 evaluate the rest of it twice (3 words: 8.5 ms instead of 2.9 ms).
Result<QList<bool>> joinablePairs(const QSqlDatabase &db, const QStringList &tokens)
{
    QList<bool> joinable;
    if (tokens.size() < 2 || tokens.size() > FtsQuery::MaxJoinedTokens)
        return joinable;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT 1 FROM kb_fts WHERE kb_fts MATCH ? LIMIT 1")))
        return sqlError(query, QStringLiteral("joined words"));
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
        query.addBindValue(FtsQuery::joinedLiteral(tokens, i));
        if (!query.exec())
            return sqlError(query, QStringLiteral("joined words"));
        joinable.append(query.next());
        query.finish();
    }
    return joinable;
}

// One- and two-letter queries: substring search on the stored title and keyword keys.
Core::Status shortRows(const QSqlDatabase &db, const QString &key, int limit, QSet<QString> *seen,
                       QList<Row> *rows)
{
    static const char *const phases[] = {
        // titles starting with the letters (index range scan on title_key; U+10FFFF sorts after any text)
        "SELECT id, title, NULL, content_sha256 || ':' || version FROM kb_articles WHERE retired = 0 AND "
        "title_key >= :k "
        "AND title_key < :k || char(1114111) ORDER BY title_key LIMIT :n",
        // a later title word starting with them
        "SELECT id, title, NULL, content_sha256 || ':' || version FROM kb_articles WHERE retired = 0 AND "
        "instr(title_key, ' ' || :k) > 0 LIMIT "
        ":n",
        // a keyword starting with them
        "SELECT id, title, NULL, content_sha256 || ':' || version FROM kb_articles WHERE retired = 0 AND "
        "instr(' ' || keywords_key, ' ' || :k) "
        "> 0 "
        "LIMIT :n",
        // anywhere in the title
        "SELECT id, title, NULL, content_sha256 || ':' || version FROM kb_articles WHERE retired = 0 AND "
        "instr(title_key, :k) > 0 LIMIT :n",
    };
    for (const char *sql : phases) {
        if (rows->size() >= limit)
            break;
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(QString::fromLatin1(sql));
        query.bindValue(QStringLiteral(":k"), key);
        query.bindValue(QStringLiteral(":n"), limit + int(seen->size()));
        if (Core::Status s = collect(query, QStringLiteral("short query"), limit, seen, rows); !s)
            return s;
    }
    return {};
}

// The prepared snippet text of the articles shown lately, by content hash and version: as the operator types,
// keystroke after keystroke shows mostly the same articles, and preparing one (Markdown to plain text, a
// search key per word) costs ~0.2 ms, two to three milliseconds of a ten-hit search. Per thread (searches run
// on the knowledge panel's worker), so no lock; at most SnippetCacheArticles of ~10 KB each.
constexpr int SnippetCacheArticles = 256;
thread_local QCache<QString, Snippet::Source> snippetSources(SnippetCacheArticles);

// The hits shown, with snippets: the bodies of just these rows are read (reading them with every candidate
// converted hundreds of Markdown bodies per suggestion that were never shown), and only when their prepared
// text is not cached.
Result<QList<SearchHit>> toHits(const QSqlDatabase &db, const QList<Row> &rows, const QStringList &tokens)
{
    QList<SearchHit> hits;
    hits.reserve(rows.size());
    if (rows.isEmpty())
        return hits;
    QSqlQuery body(db);
    body.setForwardOnly(true);
    // kb_fts.body is the searchKey() of the plain body text (SearchText::indexColumns): the snippet's word
    // keys, already computed at import.
    if (!body.prepare(QStringLiteral("SELECT a.body, f.body FROM kb_articles AS a LEFT JOIN kb_fts AS f ON "
                                     "f.rowid = a.seq WHERE a.id = ?")))
        return sqlError(body, QStringLiteral("read article body"));
    for (const Row &row : rows) {
        const QString &key = row.version;
        const Snippet::Source *source = key.isEmpty() ? nullptr : snippetSources.object(key);
        Snippet::Source uncached;
        if (!source) {
            body.addBindValue(row.id);
            if (!body.exec())
                return sqlError(body, QStringLiteral("read article body"));
            const bool found = body.next();
            const QString markdown = found ? body.value(0).toString() : QString();
            const QString storedKey = found ? body.value(1).toString() : QString();
            body.finish();
            uncached = Snippet::prepare(SearchText::plainText(markdown), storedKey);
            source = &uncached;
            // Cost 1 of SnippetCacheArticles: the insert always takes it (and evicts the least recent).
            if (!key.isEmpty() && snippetSources.insert(key, new Snippet::Source(uncached)))
                source = snippetSources.object(key);
        }
        hits.append(SearchHit{row.id, row.title, Snippet::make(*source, tokens), row.rank});
    }
    return hits;
}

Core::Status categoryRows(const QSqlDatabase &db, const QString &code, bool wholeGroup, int limit,
                          QSet<QString> *seen, QList<Row> *rows)
{
    if (code.isEmpty() || rows->size() >= limit)
        return {};
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT DISTINCT a.id, a.title, NULL, a.content_sha256 || ':' || a.version, a.title_key "
            "FROM kb_article_categories AS c "
            "JOIN kb_articles AS a ON a.id = c.article_id WHERE a.retired = 0 AND "
            "(c.category_code = :code %1) "
            "ORDER BY a.title_key LIMIT :n")
            .arg(wholeGroup
                     ? QStringLiteral("OR substr(c.category_code, 1, length(:code) + 1) = :code || '-'")
                     : QString()));
    query.bindValue(QStringLiteral(":code"), code);
    query.bindValue(QStringLiteral(":n"), limit + int(seen->size()));
    return collect(query, QStringLiteral("category articles"), limit, seen, rows);
}

} // namespace

KbSearch::KbSearch(QString connectionName) : m_connectionName(std::move(connectionName)) {}

Result<QList<SearchHit>> KbSearch::search(const QString &query, int limit) const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return Error{QStringLiteral("no_connection"),
                     QStringLiteral("knowledge base: connection is not open")};
    limit = std::clamp(limit, 1, 200);
    const QStringList tokens = FtsQuery::queryTokens(query);
    if (tokens.isEmpty())
        return QList<SearchHit>();

    QList<Row> rows;
    QSet<QString> seen;
    const bool shortQuery = tokens.join(QString()).size() <= ShortQueryLength;
    if (shortQuery) {
        if (Core::Status s = shortRows(db, tokens.join(QLatin1Char(' ')), limit, &seen, &rows); !s)
            return s.error();
        // One letter: FTS5 has no 1-letter prefix index, so "x*" would merge the doclists of every term
        // starting with it and rank nearly every article; the fallback above is the answer.
        if (tokens.size() == 1 && tokens.constFirst().size() == 1)
            return toHits(db, rows, tokens);
    }
    // Title and keywords first: few rows to rank however common the words are, and what an operator typing a
    // topic wants on top (bm25 weights them 10 and 4 against the body's 1 anyway). Then everything, to fill
    // up.
    // A last word of one or two letters being typed ("زباله ج", "زباله جم") is left out of the index query;
    // titles and keywords holding a word that starts with it are put first.
    const bool partialLast = tokens.size() > 1 && tokens.constLast().size() <= ShortQueryLength;
    const QString partial = partialLast ? tokens.constLast() : QString();
    const QStringList indexed = partialLast ? tokens.first(tokens.size() - 1) : tokens;
    const Result<QList<bool>> joinable = joinablePairs(db, FtsQuery::usedTokens(indexed));
    if (!joinable)
        return joinable.error();
    const QString all = FtsQuery::allTerms(indexed, joinable.value());
    if (!all.isEmpty()) {
        if (Core::Status s = ftsRows(db, Index::Titles, all, limit, &seen, &rows, partial, TitleCandidates);
            !s)
            return s.error();
    }
    // Two letters, or a last word of one or two letters being typed: the fallback and the title/keyword match
    // above answer; ranking every body that holds the other words (thousands in a large base: 26 ms CPU for
    // 3,182 bodies of 20,000) runs only when they found nothing. The next letter brings the bodies back.
    const bool bodies = (!shortQuery && !partialLast) || rows.isEmpty();
    const bool anyWord = tokens.size() > 1;
    if (bodies || (rows.isEmpty() && anyWord)) {
        // In kb_fts, prefixes of four letters and more are asked as the OR of their terms (PrefixTerms). That
        // only saves time: when the terms cannot be listed, the prefixes are asked as they are.
        Result<QHash<QString, QStringList>> terms = PrefixTerms::expand(db, tokens);
        if (!terms) {
            qCWarning(lcKb) << "knowledge base search without prefix terms:" << terms.error().message;
            terms = QHash<QString, QStringList>();
        }
        if (bodies) {
            if (Core::Status s = ftsRows(db, Index::Everything,
                                         FtsQuery::allTerms(indexed, joinable.value(), terms.value()), limit,
                                         &seen, &rows, QString(), BodyCandidates);
                !s)
                return s.error();
        }
        if (rows.isEmpty() && anyWord) {
            if (Core::Status s = ftsRows(db, Index::Everything, FtsQuery::anyTerm(tokens, terms.value()),
                                         limit, &seen, &rows, QString(), BodyCandidates);
                !s)
                return s.error();
        }
    }
    return toHits(db, rows, tokens);
}

Result<QList<SearchHit>> KbSearch::suggest(const QString &categoryCode, const QString &description,
                                           int limit) const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return Error{QStringLiteral("no_connection"),
                     QStringLiteral("knowledge base: connection is not open")};
    limit = std::clamp(limit, 1, 50);
    const QString code = categoryCode.trimmed();
    const QString group = code.section(QLatin1Char('-'), 0, 0);
    const QStringList tokens = FtsQuery::queryTokens(description);

    // Candidates from the description (bm25 over any of its words) and from the category and its group.
    QList<Row> described;
    QSet<QString> describedSeen;
    // Titles and keywords only: a description is many everyday words, and ranking every body that holds one
    // of them costs far more than the few percent of relevance it adds.
    // At most the eight longest words: long words are the specific ones, and each word costs a doclist scan.
    QStringList specific = tokens;
    std::stable_sort(specific.begin(), specific.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
    if (specific.size() > MaxSuggestWords)
        specific.resize(MaxSuggestWords);
    const QString any = FtsQuery::anyTerm(specific);
    if (!any.isEmpty()) {
        if (Core::Status s = ftsRows(db, Index::Titles, any, 50, &describedSeen, &described); !s)
            return s.error();
    }
    QList<Row> category;
    QSet<QString> categorySeen;
    if (Core::Status s = categoryRows(db, code, false, 200, &categorySeen, &category); !s)
        return s.error();
    QList<Row> grouped;
    QSet<QString> groupSeen = categorySeen;
    if (group != code) {
        if (Core::Status s = categoryRows(db, group, true, 200, &groupSeen, &grouped); !s)
            return s.error();
    }

    QList<Row> rows;
    QSet<QString> taken;
    const auto take = [&](const Row &row) {
        if (rows.size() < limit && !taken.contains(row.id)) {
            taken.insert(row.id);
            rows.append(row);
        }
    };
    for (const Row &row : described) { // both: category (or group) and description
        if (categorySeen.contains(row.id) || groupSeen.contains(row.id))
            take(row);
    }
    for (const Row &row : category)
        take(row);
    for (const Row &row : described)
        take(row);
    for (const Row &row : grouped)
        take(row);
    // The snippets mark the words the description was searched by, not its function words (از، است، و...).
    return toHits(db, rows, FtsQuery::anyTermTokens(specific));
}

} // namespace Pasokh::Kb
