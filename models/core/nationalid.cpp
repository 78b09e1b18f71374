// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/nationalid.h"

#include "models/core/digits.h"

#include <QCoreApplication>

namespace Pasokh::Core {

Result<NationalId> NationalId::validate(const QString &input)
{
    QString d;
    for (QChar c : input) {
        const int v = Digits::digitValue(c);
        if (v >= 0) {
            d.append(QChar(u'0' + v));
            continue;
        }
        const char16_t u = c.unicode();
        if (c.isSpace() || u == u'-' || u == 0x200E || u == 0x200F || u == 0x00A0 || u == 0x2066 ||
            u == 0x2069)
            continue;
        return Result<NationalId>::failure(
            QStringLiteral("invalid_characters"),
            QCoreApplication::translate("NationalId", "A national ID contains digits only."));
    }
    if (d.isEmpty())
        return Result<NationalId>::failure(
            QStringLiteral("empty"), QCoreApplication::translate("NationalId", "Enter the national ID."));
    if (d.size() < 8 || d.size() > 10)
        return Result<NationalId>::failure(
            QStringLiteral("length"),
            QCoreApplication::translate("NationalId", "A national ID has 10 digits."));
    d = d.rightJustified(10, QLatin1Char('0'));

    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += (d.at(i).unicode() - u'0') * (10 - i);
    const int r = sum % 11;
    const int expected = r < 2 ? r : 11 - r;
    if (d.at(9).unicode() - u'0' != expected)
        return Result<NationalId>::failure(
            QStringLiteral("checksum"),
            QCoreApplication::translate("NationalId",
                                        "This national ID is not valid (check digit mismatch)."));

    NationalId id{d, {}};
    if (d.count(d.at(0)) == 10)
        id.warnings << QCoreApplication::translate(
            "NationalId", "All digits are the same; make sure the ID was heard correctly.");
    else if (d.mid(3, 6) == QLatin1String("000000"))
        id.warnings << QCoreApplication::translate(
            "NationalId", "Digits 4 to 9 are all zero; make sure the ID was heard correctly.");
    if (d.startsWith(QLatin1String("000")))
        id.warnings << QCoreApplication::translate("NationalId", 
            "The issuing-office prefix 000 is not in use; make sure the ID was heard correctly.");
    return id;
}

bool NationalId::isMashhadPrefix() const
{
    const int prefix = digits.left(3).toInt();
    return (prefix >= 92 && prefix <= 94) || (prefix >= 96 && prefix <= 98);
}

} // namespace Pasokh::Core
