// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/kb/snippet.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Pasokh::Kb {

/// One guidance article of the knowledge base (راهنمای پاسخگویی), as imported from a Markdown file with front
/// matter and stored in kb_articles (resources/sql/0002_kb.sql).
struct Article
{
    /// Stable id from the front matter: ASCII letters, digits, '-', '_' and '.', 1..80 characters. Re-imports
    /// update the article with the same id.
    QString id;
    QString title;
    /// Markdown (CommonMark subset rendered by QTextDocument::setMarkdown), shown right-to-left.
    QString body;
    QStringList keywords;
    /// categories.code values (groups or leaves) the article answers.
    QStringList categories;
    /// units.code values the article is about (e.g. EXT-WATER for "call the water company instead").
    QStringList units;
    /// Starts at 1; the repository adds 1 each time the content changes on import.
    int version = 1;
    /// When the stored version was written (UTC).
    QDateTime updatedAtUtc;
    /// The day an editor last checked the content (Gregorian date; shown in Jalali). Invalid when unknown.
    QDate reviewedOn;
    /// Lowercase hex SHA-256 of the content fields; computed by contentHash().
    QString contentSha256;

    /// Hex SHA-256 over id, title, body, keywords, categories, units and reviewedOn, used to skip re-imports
    /// of unchanged files.
    QString contentHash() const;
};

/// One search result: the article id, its title, a highlighted snippet and the rank (lower is better: FTS5
/// bm25 values are negative; hits of the short-query fallback and of category suggestions have rank 0).
struct SearchHit
{
    QString id;
    QString title;
    /// The best passage of the body with the matched words marked.
    Snippet snippet;
    double rank = 0.0;
};

} // namespace Pasokh::Kb
