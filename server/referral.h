// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

namespace Pasokh::Hub {

/// Referral on arrival (issue 5; data/README.md, categories.csv `default_unit`):
/// - a unit code → that unit;
/// - `DISTRICT` → the district municipality of the case's location
/// (Storage::ReferenceCatalog::districtUnitCode:
///   1..12 → D01..D12, 13 = Samen → DSA);
///   error `district_required` when the district is unknown (0) or out of range;
/// - `EXTERNAL` → the outside organisation the operator chose (`requestedUnit`, an `EXT-*` code);
///   error `external_unit_required` otherwise;
/// - empty (a category group) → error `not_a_leaf_category`.
class Referral
{
public:
    static Core::Result<QString> unitFor(const QString &defaultUnit, int district,
                                         const QString &requestedUnit);
    /// The district municipality's unit code for district 1..13, empty otherwise.
    static QString districtUnit(int district);
};

} // namespace Pasokh::Hub
