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

    /// Most articles that bm25 ranks in search()'s body phase (matches anywhere, after the title/keyword
    /// phase) and in its any-word fallback: the BodyCandidates matching articles added last (highest seq).
    /// Why this is right for an operator: the title/keyword hits, the ones that name the topic, are ranked in
    /// full and always come first; body-only matches beyond a few hundred mean the typed words are still
    /// common ones, and their bm25 scores are then nearly tied (20,000 generated articles, "خانگی درخواس":
    /// 2,121 body matches, the top ten within 1% of each other), so scoring them all bought no order worth
    /// its cost (12 ms of a 20 ms keystroke). The next word or letter narrows the set below the cap, where
    /// ranking is complete again. Newest first because a recently added article is the likelier to be about
    /// a current matter.
    static constexpr int BodyCandidates = 300;

    /// Most articles that bm25 ranks in search()'s title/keyword phase: the TitleCandidates matching articles
    /// added last, as for BodyCandidates. Only a short prefix of a common word in a very large base matches
    /// more titles (20,000 generated articles, "کار": 1,781, whose ranking cost 3.8 ms of CPU: bm25 reads
    /// each row's column sizes); a base of fewer articles than this is always ranked in full.
    static constexpr int TitleCandidates = 500;

    explicit KbSearch(QString connectionName);

    /// Best hits first, at most `limit` (clamped to 1..200), each with a snippet in the article's own
    /// spelling. Every token is matched as a prefix (type-ahead; in kb_fts one of four letters or more as the
    /// OR of its terms, PrefixTerms). Title and keyword matches come first, ranked by bm25 among at most
    /// TitleCandidates of them; then matches in the body, bm25-ranked among at most BodyCandidates of them.
    /// When all tokens together match nothing, any token may match (ranked the same capped way). Queries of
    /// one or two letters search titles and keywords by substring first (titles starting with the letters,
    /// then title words starting with them, then keywords, then any substring; FTS5 tokens cannot do infix
    /// matches) and fill up from the index. While the last word of a longer query has one or two letters,
    /// bodies are ranked only when no title or keywords matched (the body ranking of such a prefix reads
    /// thousands of rows in a large base). An empty or punctuation-only query gives an empty list, not an
    /// error.
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
