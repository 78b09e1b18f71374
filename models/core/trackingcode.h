// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

namespace Pasokh::Core {

/// The citizen's tracking code (کد رهگیری), unique even when made offline (DESIGN.md, Data model):
/// 2-digit Jalali year (year mod 100), 2-digit station number (00 = made by the hub), 5-digit per-station
/// yearly sequence, 1 Verhoeff check digit: 10 ASCII digits, e.g. "0507000128". Read out in groups
/// "05-07-00012-8".
struct TrackingCode
{
    int jalaliYear = 0; ///< Full Jalali year, e.g. 1405 (only year mod 100 is encoded).
    int station = 0;    ///< 0..99.
    int sequence = 0;   ///< 1..99999, per station and Jalali year.

    /// The 10-digit code; empty when a field is out of range.
    QString toString() const;

    /// Grouped for reading out over the phone: "05-07-00012-8".
    static QString grouped(const QString &code);

    /// Parses a typed code (any digits, spaces and dashes allowed). Errors: "length", "checksum",
    /// "invalid_characters". The year comes back as year mod 100 (the century is not encoded).
    static Result<TrackingCode> parse(const QString &input);
};

} // namespace Pasokh::Core
