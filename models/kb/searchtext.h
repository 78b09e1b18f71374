// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// Text preparation shared by indexing and querying. Normalisation itself is
/// Pasokh::Core::PersianText::searchKey (notes/persian.md §5); these functions only cut text into the tokens
/// that SQLite FTS5's unicode61 tokenizer sees, so the index and the queries agree.
namespace Pasokh::Kb::SearchText {

/// The text of a Markdown document without markup (headings, emphasis, list markers, link targets and HTML
/// dropped; blocks separated by newlines), parsed with md4c (the parser Qt's setMarkdown uses).
QString plainText(const QString &markdown);

/// Tokens of searchKey(text) as FTS5 unicode61 cuts them: maximal runs of letters, digits and private-use
/// characters (code points, so characters beyond the BMP count too). Order kept, duplicates kept.
QStringList tokens(const QString &text);

/// tokens() of text that is already a search key (skips the normalisation).
QStringList tokensOfKey(const QString &key);

/// For every word of `text` (white-space separated) that contains a ZWNJ, its parts as separate search
/// keys, joined by spaces. Example:
///   "بازیافت‌ها در آب‌رسانی" -> "بازیافت ها آب رسانی"
/// Indexed in kb_fts.alt so that a query written with a space meets an article written with a ZWNJ.
QString zwnjParts(const QString &text);

/// Joined forms of word pairs that Persian writes with a space, a ZWNJ or nothing between them: a word
/// followed by one of the suffixes ها های هایی تر ترین ای ام ات اش ایم اید اند گر گری, or می/نمی followed by
/// a word (the affixes hazm's Normalizer.correct_spacing joins; notes/persian.md §5). "بازیافت ها" ->
/// "بازیافتها". Search keys, space separated. Indexed in kb_fts.alt so that a query written joined meets an
/// article written with a space.
QString affixJoins(const QString &text);

/// affixJoins() of tokens already cut by tokens() or tokensOfKey().
QString affixJoinsOfTokens(const QStringList &tokens);

/// The four kb_fts columns of an article: searchKey() of the title, of the keywords and of the body's plain
/// text, and `alt` = zwnjParts() + affixJoins() of all three.
struct IndexColumns
{
    QString title;
    QString keywords;
    QString body;
    QString alt;
};

/// Builds the kb_fts columns of an article from its title, keywords and Markdown body.
IndexColumns indexColumns(const QString &title, const QStringList &keywords, const QString &markdownBody);

} // namespace Pasokh::Kb::SearchText
