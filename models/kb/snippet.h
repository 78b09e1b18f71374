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

    QString text;
    QList<Mark> marks;

    /// Picks the window of at most maxWords words that matches the most distinct query tokens (earliest wins
    /// a tie), adds "…" where text was cut, and marks every word whose search key (or the key of a ZWNJ part
    /// of it) starts with a query token. queryTokens are SearchText::tokens of the query. With no match,
    /// returns the first maxWords words unmarked.
    static Snippet make(const QString &plainText, const QStringList &queryTokens, int maxWords = 18);

    /// The text HTML-escaped with marks wrapped in <b>…</b>, for rich-text views.
    QString toHtml() const;
};

} // namespace Pasokh::Kb
