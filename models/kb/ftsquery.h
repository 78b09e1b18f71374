// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Pasokh::Kb {

/// Turns what an operator typed into an FTS5 MATCH expression. The user's text never reaches FTS5 syntax:
/// it is normalised (PersianText::searchKey), cut into tokens (SearchText::tokens) and every token is written
/// as a quoted string, so `"`, `*`, `:`, `(`, `)`, `NEAR`, `AND`, `OR`, `NOT` and `^` typed by a user are
/// either dropped (punctuation) or searched as plain words. Grammar used: https://www.sqlite.org/fts5.html
/// §3.
class FtsQuery
{
public:
    /// Most tokens used from one query; the rest are ignored (a 5,000-character paste stays cheap).
    static constexpr int MaxTokens = 24;
    /// Up to this many tokens, adjacent tokens are also tried joined ("بازیافت ها" also finds "بازیافتها").
    static constexpr int MaxJoinedTokens = 5;

    /// Distinct query tokens in order, at most MaxTokens.
    static QStringList queryTokens(const QString &userText);

    /// The tokens allTerms() uses: `tokens` without a one-letter last token after other tokens.
    static QStringList usedTokens(const QStringList &tokens);

    /// Every token must match (AND), each as a prefix (type-ahead; Persian suffixes such as ها/های also
    /// match), except one-letter tokens before the last, which must match exactly. A one-letter last token
    /// after other tokens (the first letter of the next word being typed) is left out. Empty when there is no
    /// token. Up to MaxJoinedTokens tokens, each adjacent pair is also tried joined. `joinable`, when given,
    /// says for each adjacent pair (i, i+1) whether its joined form is worth trying (e.g. only those the
    /// index holds: a joined alternative that matches nothing adds nothing to the OR but makes FTS5 evaluate
    /// the rest of the expression twice); missing entries count as true. A token matched as a prefix that
    /// has an entry in `terms` (PrefixTerms::expand) is written as the OR of those whole terms instead.
    static QString allTerms(const QStringList &tokens, const QList<bool> &joinable = {},
                            const QHash<QString, QStringList> &terms = {});

    /// The FTS5 literal of the joined form of tokens i and i+1 that allTerms() would try, as a prefix.
    static QString joinedLiteral(const QStringList &tokens, qsizetype i);

    /// The tokens anyTerm() searches: those of two characters or more that are not stop words, in order.
    static QStringList anyTermTokens(const QStringList &tokens);

    /// Any token may match (OR), for descriptions and for queries whose AND form finds nothing. Tokens
    /// shorter than two characters are left out; tokens of three or more characters match as prefixes. Empty
    /// when no token qualifies. `terms` as for allTerms().
    static QString anyTerm(const QStringList &tokens, const QHash<QString, QStringList> &terms = {});

    /// True for a common Persian function word (از، به، در، که، را، این، است...) in searchKey form.
    static bool isStopWord(const QString &token);

    /// The token as an FTS5 string literal ("..." with '"' doubled), with a trailing '*' when prefix is true.
    static QString literal(const QString &token, bool prefix);
};

} // namespace Pasokh::Kb
