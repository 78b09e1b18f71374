// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/kb/article.h"

#include <QByteArray>

namespace Pasokh::Kb {

/// Reads one knowledge-base article from a Markdown file that starts with a YAML front matter block
/// (parsed with yaml-cpp):
///
///     ---
///     id: waste-collection            # required: [A-Za-z0-9._-]{1,80}
///     title: جمع‌آوری زباله           # required
///     keywords: [زباله, پسماند]       # optional: a list or a comma-separated string (، also separates)
///     categories: [WASTE-COLLECT]     # optional: categories.code values
///     units: [EXT-WATER]              # optional: units.code values
///     reviewed: 2026-11-20            # optional: ISO date of the last editorial check
///     ---
///     Markdown body (required, non-empty)
///
/// Errors (Result codes): "encoding" (not UTF-8), "front_matter" (missing or unclosed block, YAML syntax,
/// unknown key, wrong type), "id", "title", "body", "reviewed". Text fields are cleaned with
/// PersianText::sanitized (control and bidi characters dropped, ZWNJ kept).
class ArticleParser
{
public:
    /// Longest accepted body in UTF-16 units; longer files are refused rather than cut.
    static constexpr qsizetype MaxBodyLength = 200000;

    /// Parses the bytes of one file. sourceName (e.g. the file name) only appears in error messages.
    static Core::Result<Article> parse(const QByteArray &bytes, const QString &sourceName);
};

} // namespace Pasokh::Kb
