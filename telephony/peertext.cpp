// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/peertext.h"

namespace Pasokh::Telephony::PeerText {

namespace {

constexpr qsizetype kMaxInputBytes = 16 * 1024;

bool isDropped(char32_t u)
{
    if (u < 0x20 || u == 0x7F || (u >= 0x80 && u <= 0x9F))
        return true; // C0, DEL, C1 (white space among them is handled by the caller first)
    if (u == 0x061C || u == 0x200E || u == 0x200F || (u >= 0x202A && u <= 0x202E) ||
        (u >= 0x2066 && u <= 0x2069))
        return true; // bidi marks, embeddings, overrides, isolates
    if (u == 0x2028 || u == 0x2029 || u == 0xFEFF || u == 0x00AD)
        return true; // line/paragraph separators, BOM/ZWNBSP, soft hyphen
    if ((u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE)
        return true; // non-characters
    if (u >= 0xE0000 && u <= 0xE007F)
        return true; // tag characters
    return false;
}

bool isSpace(char32_t u)
{
    return u == u' ' || u == u'\t' || u == u'\n' || u == u'\r' || u == 0x0B || u == 0x0C || u == 0xA0 ||
           u == 0x3000 || (u >= 0x2000 && u <= 0x200A) || u == 0x202F || u == 0x205F;
}

} // namespace

QString sanitize(const QString &text, int maxChars)
{
    QString out;
    out.reserve(qMin<qsizetype>(text.size(), qsizetype(maxChars) * 2 + 2));
    int count = 0;
    bool pendingSpace = false;
    const qsizetype n = qMin<qsizetype>(text.size(), kMaxInputBytes);
    for (qsizetype i = 0; i < n && count < maxChars; ++i) {
        const QChar c = text.at(i);
        char32_t u = c.unicode();
        if (c.isHighSurrogate()) {
            if (i + 1 < n && text.at(i + 1).isLowSurrogate()) {
                u = QChar::surrogateToUcs4(c, text.at(i + 1));
                ++i;
            } else {
                continue; // lone high surrogate
            }
        } else if (c.isLowSurrogate()) {
            continue; // lone low surrogate
        }
        if (isSpace(u)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (isDropped(u))
            continue;
        if (pendingSpace) {
            if (count + 1 >= maxChars)
                break;
            out.append(QLatin1Char(' '));
            ++count;
            pendingSpace = false;
        }
        if (QChar::requiresSurrogates(u)) {
            out.append(QChar(QChar::highSurrogate(u)));
            out.append(QChar(QChar::lowSurrogate(u)));
        } else {
            out.append(QChar(char16_t(u)));
        }
        ++count;
    }
    return out;
}

QString sanitizeUtf8(const std::string &bytes, int maxChars)
{
    const qsizetype n = qMin<qsizetype>(qsizetype(bytes.size()), kMaxInputBytes);
    return sanitize(QString::fromUtf8(bytes.data(), n), maxChars);
}

bool isClean(const QString &text, int maxChars)
{
    return sanitize(text, maxChars) == text;
}

QString mask(const QString &text)
{
    if (text.size() <= 4)
        return QStringLiteral("****");
    return text.left(2) + QString(text.size() - 4, QLatin1Char('*')) + text.right(2);
}

} // namespace Pasokh::Telephony::PeerText
