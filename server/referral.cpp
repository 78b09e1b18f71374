// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/referral.h"

namespace Pasokh::Hub {

QString Referral::districtUnit(int district)
{
    if (district >= 1 && district <= 12)
        return QStringLiteral("D%1").arg(district, 2, 10, QLatin1Char('0'));
    if (district == 13)
        return QStringLiteral("DSA");
    return {};
}

Core::Result<QString> Referral::unitFor(const QString &defaultUnit, int district,
                                        const QString &requestedUnit)
{
    if (defaultUnit.isEmpty())
        return Core::Result<QString>::failure(
            QStringLiteral("not_a_leaf_category"),
            QStringLiteral("The category is a group; choose a sub-category"));
    if (defaultUnit == QLatin1String("DISTRICT")) {
        const QString unit = districtUnit(district);
        if (unit.isEmpty())
            return Core::Result<QString>::failure(
                QStringLiteral("district_required"),
                QStringLiteral(
                    "The category is referred to the district municipality; the case needs a district"));
        return unit;
    }
    if (defaultUnit == QLatin1String("EXTERNAL")) {
        if (!requestedUnit.startsWith(QLatin1String("EXT-")))
            return Core::Result<QString>::failure(
                QStringLiteral("external_unit_required"),
                QStringLiteral(
                    "The category needs the outside organisation (an EXT-* unit) in agency_responsible"));
        return requestedUnit;
    }
    return defaultUnit;
}

} // namespace Pasokh::Hub
