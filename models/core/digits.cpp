// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/digits.h"

namespace Pasokh::Core::Digits {

int digitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= 0x06F0 && u <= 0x06F9)
        return u - 0x06F0;
    if (u >= 0x0660 && u <= 0x0669)
        return u - 0x0660;
    return -1;
}

bool isAnyDigit(QChar c)
{
    return digitValue(c) >= 0;
}

QString toAscii(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const int v = digitValue(c);
        if (v >= 0)
            c = QChar(u'0' + v);
    }
    return out;
}

QString toPersian(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const int v = digitValue(c);
        if (v >= 0)
            c = QChar(char16_t(0x06F0 + v));
    }
    return out;
}

} // namespace Pasokh::Core::Digits
