// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/kb/article.h"

#include <QList>
#include <QString>

namespace Pasokh::Kb {

/// Read-only search over the knowledge base (resources/sql/0002_kb.sql) on one QSqlDatabase connection given
/// by name; use it on the thread that opened the connection (AsyncSearcher runs it on a worker thread).
///
/// Query handling: the text is normalised with PersianText::searchKey and cut into tokens (FtsQuery), so
/// spelling variants (Arabic ي/ك, harakat, tatweel, ZWNJ or space or nothing between word parts, Persian,
/// Arabic-Indic or ASCII digits) meet the same article, and FTS5 syntax typed by a user is never interpreted.
/// Ranking is FTS5 bm25 with weights title 10, keywords 4, body 1, ZWNJ parts 0.5. Errors: "no_connection",
/// "sql".
class KbSearch
{
public:
    /// Queries whose compact key (no spaces) is this short use the short-query fallback.
    static constexpr int ShortQueryLength = 2;

    /// suggest() uses at most this many words of a description (the longest ones).
    static constexpr int MaxSuggestWords = 8;

    explicit KbSearch(QString connectionName);

    /// Best hits first, at most `limit` (clamped to 1..200), each with a snippet in the article's own
    /// spelling. Every token is matched as a prefix (type-ahead). When all tokens together match nothing, any
    /// token may match (still bm25-ranked). Queries of one or two letters search titles and keywords by
    /// substring first (titles starting with the letters, then title words starting with them, then keywords,
    /// then any substring; FTS5 tokens cannot do infix matches) and fill up from the index. While the last
    /// word of a longer query has one or two letters, bodies are ranked only when no title or keywords
    /// matched (the body ranking of such a prefix reads thousands of rows in a large base). An empty or
    /// punctuation-only query gives an empty list, not an error.
    Core::Result<QList<SearchHit>> search(const QString &query, int limit = 10) const;

    /// Suggested articles for a case being typed: articles that both belong to `categoryCode` (or to its
    /// group, the part before the first '-', e.g. WASTE for WASTE-COLLECT) and match words of `description`
    /// come first, then articles of the category, then those matching the description, then those of the
    /// group. Either argument may be empty.
    Core::Result<QList<SearchHit>> suggest(const QString &categoryCode, const QString &description,
                                           int limit = 5) const;

private:
    QString m_connectionName;
};

} // namespace Pasokh::Kb
