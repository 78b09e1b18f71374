// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/nationalid.h"

#include "models/core/digits.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <utility>

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
    if (!id.hasKnownPrefix())
        id.warnings << QCoreApplication::translate(
                           "NationalId", "The issuing-office prefix %1 is not a known civil-registry "
                                         "office; make sure the ID was heard correctly.")
                           .arg(d.left(3));
    return id;
}

bool NationalId::hasKnownPrefix() const
{
    // Three-digit civil-registry office codes, as closed ranges. Source: the city whitelist of persian-tools
    // (src/modules/nationalId, MIT; notes/persian.md §3), plus 017 and 773, which it lacks although IDs with
    // them were issued (notes/persian.md §3, "Conflicts").
    static constexpr std::array<std::pair<int, int>, 50> kRanges{{
        {1, 8},     {11, 11},   {15, 15},   {17, 17},   {20, 20},   {25, 25},   {31, 32},   {37, 38},
        {41, 45},   {48, 49},   {51, 53},   {55, 65},   {67, 70},   {72, 79},   {81, 94},   {96, 98},
        {105, 106}, {108, 129}, {136, 138}, {145, 146}, {149, 150}, {152, 155}, {157, 175}, {181, 200},
        {202, 203}, {205, 206}, {208, 209}, {211, 230}, {236, 259}, {261, 275}, {279, 280}, {282, 299},
        {302, 325}, {330, 339}, {341, 359}, {361, 362}, {364, 367}, {369, 373}, {375, 387}, {392, 407},
        {412, 413}, {416, 428}, {431, 432}, {436, 462}, {464, 472}, {481, 732}, {773, 773}, {775, 775},
        {778, 778}, {986, 986},
    }};
    const int prefix = digits.left(3).toInt();
    return std::any_of(kRanges.begin(), kRanges.end(),
                       [prefix](const auto &r) { return prefix >= r.first && prefix <= r.second; });
}

bool NationalId::isMashhadPrefix() const
{
    const int prefix = digits.left(3).toInt();
    return (prefix >= 92 && prefix <= 94) || (prefix >= 96 && prefix <= 98);
}

} // namespace Pasokh::Core
