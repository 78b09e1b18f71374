// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>
#include <QStringList>

namespace Pasokh::Core {

/// An Iranian national ID (کد ملی) that passed the checksum, with the soft warnings that do not block saving.
/// Rule (notes/persian.md §3): left-pad 8-9 digits to 10; r = sum(d[i] * (10 - i), i = 0..8) mod 11;
/// d[9] == r when r < 2, else 11 - r. Hard failures are length and checksum only.
struct NationalId
{
    QString digits;       ///< Always 10 ASCII digits.
    QStringList warnings; ///< Translated, for the operator: all digits the same, digits 4-9 zero, an unknown
                          ///< issuing-office prefix (hasKnownPrefix()).

    /// Validates what was typed: Persian/Arabic-Indic/ASCII digits, spaces, dashes and LRM/RLM are accepted.
    /// Errors (codes): "empty", "invalid_characters", "length", "checksum".
    static Result<NationalId> validate(const QString &input);

    /// True when the first three digits are a Mashhad civil-registry prefix (092-094, 096-098;
    /// notes/persian.md §3).
    bool isMashhadPrefix() const;
    /// True when the first three digits are a known civil-registry office code (persian-tools' list plus
    /// 017 and 773; notes/persian.md §3). An unknown prefix is only a warning: the list is not authoritative.
    bool hasKnownPrefix() const;
};

} // namespace Pasokh::Core
