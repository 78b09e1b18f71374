// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/persiantext.h"

#include "models/core/digits.h"

namespace Pasokh::Core::PersianText {

namespace {

// Returns the folded letter, 0 to drop the character, or the character itself.
char16_t fold(char16_t u)
{
    switch (u) {
    case 0x064A: // ARABIC LETTER YEH
    case 0x0649: // ALEF MAKSURA
    case 0x0626: // YEH WITH HAMZA ABOVE
    case 0x06CC: // FARSI YEH (already Persian)
        return 0x06CC;
    case 0x0643: // ARABIC KAF
        return 0x06A9;
    case 0x0629: // TEH MARBUTA
    case 0x06C0: // HEH WITH YEH ABOVE
    case 0x06BE: // HEH DOACHASHMEE
    case 0x06C1: // HEH GOAL
    case 0x06D5: // AE
        return 0x0647;
    case 0x0623: // ALEF WITH HAMZA ABOVE
    case 0x0625: // ALEF WITH HAMZA BELOW
    case 0x0671: // ALEF WASLA
        return 0x0627;
    case 0x0624: // WAW WITH HAMZA ABOVE
        return 0x0648;
    case 0x0640: // TATWEEL
    case 0x200C: // ZWNJ
    case 0x200D: // ZWJ
    case 0x200E: // LRM
    case 0x200F: // RLM
    case 0x061C: // ARABIC LETTER MARK
    case 0x0670: // SUPERSCRIPT ALEF
    case 0xFEFF: // BOM
        return 0;
    default:
        break;
    }
    if (u >= 0x064B && u <= 0x065F) // harakat, including U+0654 hamza above left by NFD-like forms
        return 0;
    if ((u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
        return 0;
    return u;
}

bool isBidiControl(char16_t u)
{
    return (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069);
}

// True when NFKC leaves `text` unchanged as far as searchKey's output goes: every character is printable
// ASCII, tab/newline/CR, ZWNJ/ZWJ/LRM/RLM, or an Arabic-block letter, digit or sign that has no compatibility
// decomposition and cannot compose with a neighbour. Excluded: U+0610..U+061A and U+06D6..U+06ED (combining
// marks NFKC may reorder among themselves; searchKey keeps them), U+0653..U+0655 (madda and hamza, which
// compose with a preceding alef, waw, yeh or heh) and U+0675..U+0678 (compatibility forms). Harakat
// U+064B..U+0652 may be reordered by NFKC but searchKey drops them all, so their order never shows.
// QString::normalized() is by far the slowest step on Persian text, and article bodies are nearly always in
// this set.
bool nfkcStable(const QString &text)
{
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0x20 && u < 0x7F) || u == u'\n' || u == u'\t' || u == u'\r' || (u >= 0x200C && u <= 0x200F))
            continue;
        if (u >= 0x0600 && u <= 0x06FF && !(u >= 0x0610 && u <= 0x061A) && !(u >= 0x0653 && u <= 0x0655) &&
            !(u >= 0x0675 && u <= 0x0678) && !(u >= 0x06D6 && u <= 0x06ED))
            continue;
        return false;
    }
    return true;
}

} // namespace

QString searchKey(const QString &text)
{
    const QString nfkc = nfkcStable(text) ? text : text.normalized(QString::NormalizationForm_KC);
    QString out;
    out.reserve(nfkc.size());
    bool pendingSpace = false;
    for (QChar c : nfkc) {
        const char16_t in = c.unicode();
        char16_t u = 0;
        // Fast paths for the two ranges nearly all text is in (QChar::isSpace() and toLower() are table
        // look-ups behind a call, per character): the Arabic block (0x0600..0x06FF) has no white space and
        // no case; in ASCII the white space is \t..\r and ' ', and the upper case is A..Z.
        if (in >= 0x0600 && in <= 0x06FF) {
            const int digit = Digits::digitValue(c);
            u = digit >= 0 ? char16_t(u'0' + digit) : fold(in);
        } else if (in < 0x80) {
            if (in == u' ' || (in >= u'\t' && in <= u'\r')) {
                pendingSpace = !out.isEmpty();
                continue;
            }
            u = (in >= u'A' && in <= u'Z') ? char16_t(in + (u'a' - u'A')) : in;
        } else {
            if (c.isSpace()) {
                pendingSpace = !out.isEmpty();
                continue;
            }
            const int digit = Digits::digitValue(c);
            u = digit >= 0 ? char16_t(u'0' + digit) : fold(in);
            if (u != 0)
                u = QChar(u).toLower().unicode();
        }
        if (u == 0)
            continue;
        if (pendingSpace) {
            out.append(QLatin1Char(' '));
            pendingSpace = false;
        }
        out.append(QChar(u));
    }
    return out;
}

QString compactKey(const QString &text)
{
    QString key = searchKey(text);
    key.remove(QLatin1Char(' '));
    return key;
}

QString sanitized(const QString &text, qsizetype maxLength, bool multiLine)
{
    QString out;
    out.reserve(qMin(text.size(), maxLength));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
                if (out.size() + 2 > maxLength)
                    break;
                out.append(c);
                out.append(text.at(++i));
            }
            continue;
        }
        if (c.isLowSurrogate() || u == 0xFFFD || u == 0xFEFF || isBidiControl(u))
            continue;
        QChar put = c;
        if (u == u'\n' || u == u'\t') {
            if (!multiLine)
                put = QLatin1Char(' ');
        } else if (u == u'\r') {
            continue;
        } else if (u < 0x20 || (u >= 0x7F && u < 0xA0)) {
            continue;
        }
        if (out.size() + 1 > maxLength)
            break;
        out.append(put);
    }
    return out;
}

QString ltrIsolate(const QString &text)
{
    return QChar(0x2066) + text + QChar(0x2069);
}

QString masked(const QString &text, int keep)
{
    if (text.isEmpty())
        return text;
    const qsizetype shown = qMin<qsizetype>(keep, text.size() / 2);
    return QString(text.size() - shown, QLatin1Char('*')) + text.right(shown);
}

} // namespace Pasokh::Core::PersianText
