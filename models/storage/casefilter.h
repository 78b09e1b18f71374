// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casetypes.h"

#include <QDate>
#include <QString>
#include <optional>

namespace Pasokh::Storage {

/// Filters of the case browser; empty members do not filter. Dates are Tehran-local Jalali days, both
/// inclusive.
struct CaseFilter
{
    enum class SortColumn
    {
        RequestedAt,
        TrackingCode,
        Status,
        ServiceCode,
        District,
        Unit
    };

    QDate from;
    QDate to;
    std::optional<Core::CaseStatus> status;
    QString serviceCode; ///< A leaf code, or a group code (matches all its leaves).
    int district = 0;
    QString unit;
    QString trackingCode; ///< Any digits; a full valid code matches exactly, fewer digits match as a prefix.
    QString phone;        ///< Normalised to E.164 when possible, else matched as a digit substring.
    QString text;         ///< Words in the description, compared by PersianText::searchKey.
    SortColumn sortColumn = SortColumn::RequestedAt;
    bool ascending = false;

    bool operator==(const CaseFilter &) const = default;
};

} // namespace Pasokh::Storage
