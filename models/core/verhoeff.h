// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Core::Verhoeff {

/// The Verhoeff check digit (0-9) of a string of ASCII digits, or -1 when it holds a non-digit or is empty.
/// Source: J. Verhoeff, "Error Detecting Decimal Codes", Mathematical Centre Tract 29, Amsterdam 1969
/// (dihedral group D5 multiplication table, permutation table and inverse table). Detects every single-digit
/// error and every transposition of adjacent digits.
int checkDigit(const QString &digits);

/// True when the last digit of `digitsWithCheck` is the Verhoeff check digit of the rest.
bool isValid(const QString &digitsWithCheck);

} // namespace Pasokh::Core::Verhoeff
