// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

namespace Pasokh::Core {

/// A phone number normalised to E.164 (ITU-T E.164), with its kind. Rules: notes/persian.md §4.
struct PhoneNumber
{
    enum class Kind
    {
        Mobile,
        Landline,
        International
    };

    QString e164; ///< "+989151234567"; always '+' then 8..15 ASCII digits.
    Kind kind = Kind::Mobile;

    /// Iranian national format for display, grouped: "0915 123 4567", "051 3800 1234"; E.164 for foreign
    /// numbers.
    QString nationalFormat() const;

    /// Normalises what a person typed or a peer sent. Accepts Persian, Arabic-Indic and ASCII digits, spaces,
    /// dashes, dots, brackets, NBSP and bidi marks, and the prefixes +98, 0098, 98, 0, "+98 (0)", or none for
    /// a mobile (9XXXXXXXXX). An 8-digit number whose first digit is 2-9 is a local Mashhad landline and gets
    /// the area code 51. Errors (codes): "empty", "invalid_characters", "too_short", "too_long",
    /// "invalid_number", "old_mashhad_format" (the pre-renumbering "0511 8001234" form, which is now another
    /// subscriber).
    static Result<PhoneNumber> normalize(const QString &input);

    /// True for the tokens a PBX or a person uses for a withheld caller ("anonymous", "withheld",
    /// "restricted", "private", "unknown", "unavailable", empty), case-insensitive.
    static bool isWithheldToken(const QString &input);
};

} // namespace Pasokh::Core
