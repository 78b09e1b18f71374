// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/snippet.h"

#include "models/core/persiantext.h"
#include "models/kb/searchtext.h"

#include <algorithm>

namespace Pasokh::Kb {

namespace {

// The further keys of a word (Source::extraKeys); wordKey is its search key. Empty when the key is one token
// and the word has no ZWNJ (letters and digits only: a run SearchText::tokensOfKey leaves whole), the usual
// case, so that preparing a text allocates little.
QStringList extraKeysOf(QStringView word, const QString &wordKey)
{
    const bool zwnj = word.contains(QChar(0x200C));
    if (!zwnj && !wordKey.isEmpty() &&
        std::all_of(wordKey.cbegin(), wordKey.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
        return {};
    QStringList keys = SearchText::tokensOfKey(wordKey);
    if (zwnj) {
        keys.append(keys.join(QString()));
        keys.append(SearchText::tokens(SearchText::zwnjParts(word.toString())));
    }
    return keys;
}

// Index of the first query token that starts one of the word's keys, or -1.
int matchingToken(const Snippet::Source &source, qsizetype w, const QStringList &queryTokens)
{
    const Snippet::Source::Word &word = source.words.at(w);
    for (qsizetype t = 0; t < queryTokens.size(); ++t) {
        const QString &token = queryTokens.at(t);
        // The key itself: a key starting with a token starts with its first token too (tokens hold no
        // separators), so this adds no false mark.
        if (source.keys.at(w).startsWith(token))
            return int(t);
        for (qsizetype k = word.firstExtra; k < word.firstExtra + word.extraCount; ++k) {
            if (source.extraKeys.at(k).startsWith(token))
                return int(t);
        }
    }
    return -1;
}

} // namespace

Snippet::Source Snippet::prepare(const QString &plainText, const QString &searchKey)
{
    Source source;
    source.text = plainText;
    qsizetype i = 0;
    const qsizetype n = plainText.size();
    while (i < n) {
        while (i < n && plainText.at(i).isSpace())
            ++i;
        const qsizetype start = i;
        while (i < n && !plainText.at(i).isSpace())
            ++i;
        if (i > start)
            source.words.append(Source::Word{start, i - start});
    }
    // One normalisation of the whole text; its words line up with ours unless a word vanished (made only of
    // characters searchKey drops) or NFKC made new spaces: then each word is normalised on its own.
    source.keys = (searchKey.isEmpty() ? Core::PersianText::searchKey(plainText) : searchKey)
                      .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (source.keys.size() != source.words.size()) {
        source.keys.clear();
        source.keys.reserve(source.words.size());
        for (const Source::Word &word : std::as_const(source.words))
            source.keys.append(Core::PersianText::searchKey(plainText.mid(word.start, word.length)));
    }
    for (qsizetype w = 0; w < source.words.size(); ++w) {
        Source::Word &word = source.words[w];
        const QStringList extra =
            extraKeysOf(QStringView(plainText).mid(word.start, word.length), source.keys.at(w));
        word.firstExtra = source.extraKeys.size();
        word.extraCount = extra.size();
        source.extraKeys.append(extra);
    }
    return source;
}

Snippet Snippet::make(const QString &plainText, const QStringList &queryTokens, int maxWords)
{
    return make(prepare(plainText), queryTokens, maxWords);
}

Snippet Snippet::make(const Source &source, const QStringList &queryTokens, int maxWords)
{
    const QString &plainText = source.text;
    struct Word
    {
        qsizetype start;
        qsizetype length;
        int token = -1; // index of the query token it matches, or -1
    };
    QList<Word> words;
    words.reserve(source.words.size());
    for (const Source::Word &w : source.words)
        words.append(Word{w.start, w.length});
    Snippet snippet;
    if (words.isEmpty())
        return snippet;
    maxWords = std::max(1, maxWords);
    if (!queryTokens.isEmpty()) {
        for (qsizetype w = 0; w < words.size(); ++w)
            words[w].token = matchingToken(source, w, queryTokens);
    }

    // Sliding window over words: count distinct tokens, best = most distinct, then most marks, earliest
    // first.
    qsizetype bestFirst = 0;
    int bestDistinct = -1;
    int bestMarks = -1;
    const qsizetype windowCount = std::max<qsizetype>(1, words.size() - maxWords + 1);
    for (qsizetype first = 0; first < windowCount; ++first) {
        QList<bool> seen(queryTokens.size(), false);
        int distinct = 0;
        int marks = 0;
        const qsizetype last = std::min<qsizetype>(words.size(), first + maxWords);
        for (qsizetype w = first; w < last; ++w) {
            const int t = words.at(w).token;
            if (t < 0)
                continue;
            ++marks;
            if (!seen.at(t)) {
                seen[t] = true;
                ++distinct;
            }
        }
        if (distinct > bestDistinct || (distinct == bestDistinct && marks > bestMarks)) {
            bestDistinct = distinct;
            bestMarks = marks;
            bestFirst = first;
        }
        if (bestDistinct == queryTokens.size() && words.at(first).token >= 0)
            break; // cannot do better than all tokens starting at a match
    }
    // Start the window two words before its first match, for context; the later matches stay inside.
    qsizetype first = bestFirst;
    for (qsizetype w = bestFirst; w < std::min<qsizetype>(words.size(), bestFirst + maxWords); ++w) {
        if (words.at(w).token >= 0) {
            first = std::max(bestFirst, w - 2);
            break;
        }
    }

    const QString ellipsis = QStringLiteral("…");
    if (first > 0)
        snippet.text = ellipsis + QLatin1Char(' ');
    for (qsizetype w = first; w < std::min<qsizetype>(words.size(), first + maxWords); ++w) {
        if (w > first)
            snippet.text += QLatin1Char(' ');
        const Word &word = words.at(w);
        if (word.token >= 0)
            snippet.marks.append(Mark{snippet.text.size(), word.length});
        snippet.text += plainText.mid(word.start, word.length);
    }
    if (first + maxWords < words.size())
        snippet.text += QLatin1Char(' ') + ellipsis;
    return snippet;
}

QString Snippet::toHtml() const
{
    QString html;
    qsizetype pos = 0;
    for (const Mark &mark : marks) {
        html += text.mid(pos, mark.start - pos).toHtmlEscaped();
        html += QStringLiteral("<b>") + text.mid(mark.start, mark.length).toHtmlEscaped() +
                QStringLiteral("</b>");
        pos = mark.start + mark.length;
    }
    html += text.mid(pos).toHtmlEscaped();
    return html;
}

} // namespace Pasokh::Kb
