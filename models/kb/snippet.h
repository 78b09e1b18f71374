// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Pasokh::Kb {

/// A passage of an article's plain text around the words a query matched, in the article's own spelling
/// (ZWNJ, letters and digits as written), with the matched words marked.
struct Snippet
{
    /// A marked range of `text`, in UTF-16 units.
    struct Mark
    {
        qsizetype start = 0;
        qsizetype length = 0;
    };

    /// A plain text split into words, with the keys a query token is matched against for each word (a word
    /// is marked when one of its keys starts with a query token), ready for
    /// any number of snippets (preparing a 1,400-character body costs several times the snippet itself, so a
    /// search that shows the same article keystroke after keystroke prepares it once; see KbSearch).
    struct Source
    {
        /// A word of `text`: its range in UTF-16 units, the range of its search key in `keyText`, and its
        /// further keys: extraKeys[firstExtra, firstExtra + extraCount).
        struct Word
        {
            qsizetype start = 0;
            qsizetype length = 0;
            qsizetype keyStart = 0;
            qsizetype keyLength = 0;
            qsizetype firstExtra = 0;
            qsizetype extraCount = 0;
        };
        QString text;
        QList<Word> words;
        /// Core::PersianText::searchKey of each word, space separated (one string: an article's few hundred
        /// words cost no allocation each, to make or to free).
        QString keyText;
        /// Keys of the words whose search key is not one token as SearchText cuts it, or that are written
        /// with a ZWNJ: the tokens of the key, and for a ZWNJ also the keys of the ZWNJ parts
        /// (SearchText::zwnjParts). Most words have none.
        QStringList extraKeys;
    };

    QString text;
    QList<Mark> marks;

    /// Splits plainText into words at white space and takes their search keys from `searchKey`, the
    /// Core::PersianText::searchKey of the whole text when the caller has it stored (the knowledge base's
    /// kb_fts.body), or computes them when it is empty or its words do not line up with the text's.
    static Source prepare(const QString &plainText, const QString &searchKey = QString());

    /// Picks the window of at most maxWords words that matches the most distinct query tokens (earliest wins
    /// a tie), adds "…" where text was cut, and marks every word whose search key (or the key of a ZWNJ part
    /// of it) starts with a query token. queryTokens are SearchText::tokens of the query. With no match,
    /// returns the first maxWords words unmarked.
    static Snippet make(const QString &plainText, const QStringList &queryTokens, int maxWords = 18);

    /// The same as make() on a prepared text.
    static Snippet make(const Source &source, const QStringList &queryTokens, int maxWords = 18);

    /// The text HTML-escaped with marks wrapped in <b>…</b>, for rich-text views.
    QString toHtml() const;
};

} // namespace Pasokh::Kb
