// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/searchtext.h"

#include "models/core/persiantext.h"

#include <md4c.h>

namespace Pasokh::Kb::SearchText {

namespace {

struct PlainTextState
{
    QString out;
    int skipDepth = 0; // inside raw HTML blocks
};

void newline(PlainTextState *state)
{
    if (!state->out.isEmpty() && !state->out.endsWith(QLatin1Char('\n')))
        state->out.append(QLatin1Char('\n'));
}

int enterBlock(MD_BLOCKTYPE type, void *, void *userdata)
{
    auto *state = static_cast<PlainTextState *>(userdata);
    if (type == MD_BLOCK_HTML)
        ++state->skipDepth;
    newline(state);
    return 0;
}

int leaveBlock(MD_BLOCKTYPE type, void *, void *userdata)
{
    auto *state = static_cast<PlainTextState *>(userdata);
    if (type == MD_BLOCK_HTML)
        --state->skipDepth;
    newline(state);
    return 0;
}

int enterSpan(MD_SPANTYPE, void *, void *)
{
    return 0;
}
int leaveSpan(MD_SPANTYPE, void *, void *)
{
    return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR *chars, MD_SIZE size, void *userdata)
{
    auto *state = static_cast<PlainTextState *>(userdata);
    if (state->skipDepth > 0)
        return 0;
    switch (type) {
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
        state->out.append(QString::fromUtf8(chars, qsizetype(size)));
        break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
        state->out.append(QLatin1Char(' '));
        break;
    case MD_TEXT_NULLCHAR:
    case MD_TEXT_ENTITY:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
        state->out.append(QLatin1Char(' '));
        break;
    }
    return 0;
}

bool isTokenChar(char32_t c)
{
    if (QChar::isLetterOrNumber(c))
        return true;
    return QChar::category(c) == QChar::Other_PrivateUse;
}

} // namespace

QString plainText(const QString &markdown)
{
    const QByteArray utf8 = markdown.toUtf8();
    PlainTextState state;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = enterBlock;
    parser.leave_block = leaveBlock;
    parser.enter_span = enterSpan;
    parser.leave_span = leaveSpan;
    parser.text = text;
    if (md_parse(utf8.constData(), MD_SIZE(utf8.size()), &parser, &state) != 0)
        return markdown; // md4c only fails on out-of-memory; index the raw text then
    return state.out.trimmed();
}

QStringList tokensOfKey(const QString &key)
{
    QStringList result;
    qsizetype start = -1; // start of the token being read, or -1
    for (qsizetype i = 0; i < key.size(); ++i) {
        char32_t c = key.at(i).unicode();
        qsizetype units = 1;
        if (key.at(i).isHighSurrogate() && i + 1 < key.size() && key.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(key.at(i), key.at(i + 1));
            units = 2;
        }
        if (isTokenChar(c)) {
            if (start < 0)
                start = i;
        } else if (start >= 0) {
            result.append(key.mid(start, i - start));
            start = -1;
        }
        i += units - 1;
    }
    if (start >= 0)
        result.append(key.mid(start));
    return result;
}

QStringList tokens(const QString &text)
{
    return tokensOfKey(Core::PersianText::searchKey(text));
}

QString zwnjParts(const QString &text)
{
    const QChar zwnj(0x200C);
    QStringList parts;
    qsizetype wordEnd = 0; // end of the last word handled, so a word with two ZWNJs is taken once
    for (qsizetype at = text.indexOf(zwnj); at >= 0; at = text.indexOf(zwnj, at + 1)) {
        if (at < wordEnd)
            continue;
        qsizetype start = at;
        while (start > 0 && !text.at(start - 1).isSpace())
            --start;
        qsizetype end = at;
        while (end < text.size() && !text.at(end).isSpace())
            ++end;
        wordEnd = end;
        for (QStringView part : QStringView(text).mid(start, end - start).split(zwnj, Qt::SkipEmptyParts))
            parts.append(tokens(part.toString()));
    }
    return parts.join(QLatin1Char(' '));
}

QString affixJoinsOfTokens(const QStringList &words)
{
    static const QStringList suffixes = {
        QStringLiteral("ها"),   QStringLiteral("های"), QStringLiteral("هایی"), QStringLiteral("تر"),
        QStringLiteral("ترین"), QStringLiteral("ای"),  QStringLiteral("ام"),   QStringLiteral("ات"),
        QStringLiteral("اش"),   QStringLiteral("ایم"), QStringLiteral("اید"),  QStringLiteral("اند"),
        QStringLiteral("گر"),   QStringLiteral("گری")};
    static const QStringList prefixes = {QStringLiteral("می"), QStringLiteral("نمی")};
    QStringList joins;
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        if (suffixes.contains(words.at(i + 1)) || prefixes.contains(words.at(i)))
            joins.append(words.at(i) + words.at(i + 1));
    }
    return joins.join(QLatin1Char(' '));
}

QString affixJoins(const QString &text)
{
    return affixJoinsOfTokens(tokens(text));
}

IndexColumns indexColumns(const QString &title, const QStringList &keywords, const QString &markdownBody)
{
    const QString plain = plainText(markdownBody);
    const QString keywordText = keywords.join(QLatin1Char(' '));
    const QString all = title + QLatin1Char('\n') + keywordText + QLatin1Char('\n') + plain;
    IndexColumns columns;
    columns.title = Core::PersianText::searchKey(title);
    columns.keywords = Core::PersianText::searchKey(keywordText);
    columns.body = Core::PersianText::searchKey(plain);
    columns.alt = zwnjParts(all) + QLatin1Char(' ') +
                  affixJoinsOfTokens(tokensOfKey(columns.title + QLatin1Char('\n') + columns.keywords +
                                                 QLatin1Char('\n') + columns.body));
    return columns;
}

} // namespace Pasokh::Kb::SearchText
