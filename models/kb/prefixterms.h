// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Pasokh::Kb {

/// The terms of the knowledge base's full-text index (kb_fts) that a typed prefix stands for, so that a
/// prefix query can be written as an OR of whole terms.
///
/// Why: FTS5 answers a prefix query without a prefix index of its length ("ساعت"*; kb_fts has 3-letter ones
/// only) by merging the doclists of every term it expands to into one, whole, before the first row: with
/// 20,000 generated articles 3 ms for "ساعت"*, whose terms hold 23,000 rows. Written as ("ساعت" OR "ساعتها"
/// OR ...), the same rows come lazily, and a search that keeps 300 of them reads ~300 (0.4 ms). The same
/// rows match, in the same rowid order (sqlite.org/fts5.html §3.3, §3.7); bm25 then weighs each term by its
/// own document count, where it weighed the prefix as one phrase: a body holding a rare longer form of the
/// word gains a little over one holding the common form.
///
/// The terms come from an fts5vocab table over kb_fts (sqlite.org/fts5.html §9), which counts each term's
/// rows as it lists them (~0.8 ms for a four-letter prefix of a common word), so they are cached per thread
/// and connection until the store changes (PRAGMA data_version, or a write on this connection:
/// total_changes()). As a word is typed on, its terms are filtered from those of the shorter prefix. Not
/// seen: a transaction of this same connection rolled back after a search inside it (total_changes() does not
/// go back); the knowledge base's writers never search inside their transactions.
class PrefixTerms
{
public:
    /// Prefixes shorter than this are left to FTS5 (kb_fts has a 3-letter prefix index).
    static constexpr int MinLength = 4;
    /// A prefix of more terms than this stays a prefix query (an OR of many terms is dearer than the merge).
    static constexpr int MaxTerms = 24;

    /// For each token of `tokens` at least MinLength long whose terms number 1..MaxTerms: token -> its
    /// terms, ascending. Tokens left out are to be matched as FTS5 prefixes. `db` is open on a store of
    /// schema >= 2 and is used on the calling thread. Errors: "sql" (the vocabulary table could not be made
    /// or read).
    static Core::Result<QHash<QString, QStringList>> expand(const QSqlDatabase &db,
                                                            const QStringList &tokens);
};

} // namespace Pasokh::Kb
