// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Core::Digits {

/// Maps Persian (U+06F0..U+06F9) and Arabic-Indic (U+0660..U+0669) digits to ASCII 0-9; other characters
/// unchanged. Qt 6.4's fa locale rejects Arabic-Indic digits on its own (notes/persian.md §6), so every input
/// goes through this.
QString toAscii(const QString &text);

/// Maps ASCII and Arabic-Indic digits to Persian digits (U+06F0..U+06F9) for display; other characters
/// unchanged.
QString toPersian(const QString &text);

/// True when c is an ASCII, Persian or Arabic-Indic decimal digit.
bool isAnyDigit(QChar c);

/// The value 0-9 of an ASCII, Persian or Arabic-Indic digit, or -1.
int digitValue(QChar c);

} // namespace Pasokh::Core::Digits
