// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/snippet.h"

#include "models/core/persiantext.h"
#include "models/kb/searchtext.h"

#include <QVarLengthArray>

#include <algorithm>
#include <utility>

namespace Pasokh::Kb {

namespace {

// The further keys of a word (Source::extraKeys); wordKey is its search key. Empty when the key is one token
// and the word has no ZWNJ (letters and digits only: a run SearchText::tokensOfKey leaves whole), the usual
// case, so that preparing a text allocates little.
QStringList extraKeysOf(QStringView word, QStringView wordKey)
{
    const bool zwnj = word.contains(QChar(0x200C));
    if (!zwnj && !wordKey.isEmpty() &&
        std::all_of(wordKey.cbegin(), wordKey.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
        return {};
    QStringList keys = SearchText::tokensOfKey(wordKey.toString());
    if (zwnj) // searchKey drops the ZWNJ: "آب‌رسانی" has the key آبرسانی, and the parts آب
              // and رسانی
        keys.append(SearchText::zwnjParts(word.toString()).split(QLatin1Char(' '), Qt::SkipEmptyParts));
    return keys;
}

// Index of the first query token that starts one of the word's keys, or -1.
int matchingToken(const Snippet::Source &source, qsizetype w, const QStringList &queryTokens)
{
    const Snippet::Source::Word &word = source.words.at(w);
    const QStringView key = QStringView(source.keyText).mid(word.keyStart, word.keyLength);
    for (qsizetype t = 0; t < queryTokens.size(); ++t) {
        const QString &token = queryTokens.at(t);
        // The key itself: a key starting with a token starts with its first token too (tokens hold no
        // separators), so this adds no false mark.
        if (key.startsWith(token))
            return int(t);
        for (qsizetype k = word.firstExtra; k < word.firstExtra + word.extraCount; ++k) {
            if (source.extraKeys.at(k).startsWith(token))
                return int(t);
        }
    }
    return -1;
}

// The ranges of the space-separated words of `key`, in order.
QList<std::pair<qsizetype, qsizetype>> keyRanges(const QString &key)
{
    QList<std::pair<qsizetype, qsizetype>> ranges;
    qsizetype i = 0;
    while (i < key.size()) {
        while (i < key.size() && key.at(i) == QLatin1Char(' '))
            ++i;
        const qsizetype start = i;
        while (i < key.size() && key.at(i) != QLatin1Char(' '))
            ++i;
        if (i > start)
            ranges.append({start, i - start});
    }
    return ranges;
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
    source.keyText = searchKey.isEmpty() ? Core::PersianText::searchKey(plainText) : searchKey;
    QList<std::pair<qsizetype, qsizetype>> ranges = keyRanges(source.keyText);
    if (ranges.size() != source.words.size()) {
        QStringList keys;
        keys.reserve(source.words.size());
        for (const Source::Word &word : std::as_const(source.words))
            keys.append(Core::PersianText::searchKey(plainText.mid(word.start, word.length)));
        source.keyText = keys.join(QLatin1Char(' '));
        ranges.clear();
        qsizetype at = 0;
        for (const QString &key : std::as_const(keys)) {
            ranges.append({at, key.size()});
            at += key.size() + 1;
        }
    }
    for (qsizetype w = 0; w < source.words.size(); ++w) {
        Source::Word &word = source.words[w];
        word.keyStart = ranges.at(w).first;
        word.keyLength = ranges.at(w).second;
        const QStringList extra = extraKeysOf(QStringView(plainText).mid(word.start, word.length),
                                              QStringView(source.keyText).mid(word.keyStart, word.keyLength));
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
    // first. The counts follow the window as it slides (one word in, one out).
    qsizetype bestFirst = 0;
    int bestDistinct = -1;
    int bestMarks = -1;
    QVarLengthArray<int, 32> perToken(queryTokens.size(), 0);
    int distinct = 0;
    int marks = 0;
    const auto count = [&](qsizetype w, int delta) {
        const int t = words.at(w).token;
        if (t < 0)
            return;
        marks += delta;
        perToken[t] += delta;
        if (perToken[t] == (delta > 0 ? 1 : 0))
            distinct += delta;
    };
    for (qsizetype w = 0; w < std::min<qsizetype>(words.size(), maxWords); ++w)
        count(w, 1);
    const qsizetype windowCount = std::max<qsizetype>(1, words.size() - maxWords + 1);
    for (qsizetype first = 0; first < windowCount; ++first) {
        if (first > 0) {
            count(first - 1, -1);
            count(first + maxWords - 1, 1);
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
