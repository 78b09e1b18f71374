// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/ftsquery.h"

#include "models/kb/searchtext.h"

namespace Pasokh::Kb {

namespace {

// A token matched as a prefix: the OR of its whole terms when `terms` has them, else the FTS5 prefix.
QString prefixTerm(const QString &token, const QHash<QString, QStringList> &terms)
{
    const auto it = terms.constFind(token);
    if (it == terms.cend())
        return FtsQuery::literal(token, true);
    if (it->size() == 1)
        return FtsQuery::literal(it->constFirst(), false);
    QStringList literals;
    for (const QString &term : *it)
        literals.append(FtsQuery::literal(term, false));
    return QLatin1Char('(') + literals.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

// E(i) = t_i AND E(i+1)  [OR  t_i+t_{i+1} AND E(i+2)  when joins are allowed]
QString allFrom(const QStringList &tokens, qsizetype i, bool joins, const QList<bool> &joinable,
                const QHash<QString, QStringList> &terms)
{
    const qsizetype n = tokens.size();
    const auto term = [&](qsizetype k) {
        const bool last = k == n - 1;
        return last || tokens.at(k).size() > 1 ? prefixTerm(tokens.at(k), terms)
                                               : FtsQuery::literal(tokens.at(k), false);
    };
    if (i == n - 1)
        return term(i);
    QString split = term(i) + QStringLiteral(" AND ") + allFrom(tokens, i + 1, joins, joinable, terms);
    if (!joins || (i < joinable.size() && !joinable.at(i)))
        return split;
    const bool pairIsLast = i + 1 == n - 1;
    QString joined = FtsQuery::joinedLiteral(tokens, i);
    if (!pairIsLast)
        joined += QStringLiteral(" AND ") + allFrom(tokens, i + 2, joins, joinable, terms);
    return QStringLiteral("((") + split + QStringLiteral(") OR (") + joined + QStringLiteral("))");
}

} // namespace

QStringList FtsQuery::queryTokens(const QString &userText)
{
    QStringList result;
    for (const QString &token : SearchText::tokens(userText)) {
        if (!result.contains(token))
            result.append(token);
        if (result.size() == MaxTokens)
            break;
    }
    return result;
}

QString FtsQuery::joinedLiteral(const QStringList &tokens, qsizetype i)
{
    return literal(tokens.at(i) + tokens.at(i + 1), true);
}

QStringList FtsQuery::usedTokens(const QStringList &tokens)
{
    QStringList used = tokens;
    if (used.size() > 1 && used.constLast().size() == 1)
        used.removeLast(); // the first letter of the next word adds nothing yet (and matches nearly
                           // everything)
    return used;
}

QString FtsQuery::allTerms(const QStringList &tokens, const QList<bool> &joinable,
                           const QHash<QString, QStringList> &terms)
{
    const QStringList used = usedTokens(tokens);
    if (used.isEmpty())
        return {};
    return allFrom(used, 0, used.size() <= MaxJoinedTokens, joinable, terms);
}

bool FtsQuery::isStopWord(const QString &token)
{
    // Persian function words (searchKey form) that nearly every article contains: they add cost to an OR
    // query and nothing to its ranking.
    static const QStringList words = {
        QStringLiteral("از"),   QStringLiteral("به"),   QStringLiteral("با"),   QStringLiteral("در"),
        QStringLiteral("که"),   QStringLiteral("را"),   QStringLiteral("این"),  QStringLiteral("آن"),
        QStringLiteral("است"),  QStringLiteral("هست"),  QStringLiteral("بود"),  QStringLiteral("شد"),
        QStringLiteral("تا"),   QStringLiteral("برای"), QStringLiteral("یا"),   QStringLiteral("هم"),
        QStringLiteral("ما"),   QStringLiteral("من"),   QStringLiteral("او"),   QStringLiteral("هر"),
        QStringLiteral("اگر"),  QStringLiteral("چه"),   QStringLiteral("کنید"), QStringLiteral("میشود"),
        QStringLiteral("شده"),  QStringLiteral("دارد"), QStringLiteral("کرد"),  QStringLiteral("میکند"),
        QStringLiteral("نیست"), QStringLiteral("باید")};
    return words.contains(token);
}

QStringList FtsQuery::anyTermTokens(const QStringList &tokens)
{
    QStringList used;
    for (const QString &token : tokens) {
        if (token.size() >= 2 && !isStopWord(token))
            used.append(token);
    }
    return used;
}

QString FtsQuery::anyTerm(const QStringList &tokens, const QHash<QString, QStringList> &terms)
{
    QStringList alternatives;
    for (const QString &token : anyTermTokens(tokens))
        alternatives.append(token.size() >= 3 ? prefixTerm(token, terms) : literal(token, false));
    return alternatives.join(QStringLiteral(" OR "));
}

QString FtsQuery::literal(const QString &token, bool prefix)
{
    QString quoted = token;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"') + (prefix ? QStringLiteral("*") : QString());
}

} // namespace Pasokh::Kb
