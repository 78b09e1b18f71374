// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/referral.h"

#include "models/storage/referencedata.h"

namespace Pasokh::Hub {

Core::Result<QString> Referral::unitFor(const QString &defaultUnit, int district,
                                        const QString &requestedUnit)
{
    if (defaultUnit.isEmpty())
        return Core::Result<QString>::failure(
            QStringLiteral("not_a_leaf_category"),
            QStringLiteral("The category is a group; choose a sub-category"));
    if (defaultUnit == QLatin1String("DISTRICT")) {
        const QString unit = Storage::ReferenceCatalog::districtUnitCode(district);
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
