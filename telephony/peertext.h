// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <string>

namespace Pasokh::Telephony::PeerText {

/// Default bound for a display name or reason text, in Unicode code points.
inline constexpr int kDefaultMaxChars = 128;
/// Bound for a phone number or user part.
inline constexpr int kNumberMaxChars = 40;
/// Bound for a SIP URI shown to the operator.
inline constexpr int kUriMaxChars = 256;

/// Makes a string that came from a SIP peer safe for the UI, the store and the logs (notes/telephony.md,
/// hostile input 2): removes C0/C1 controls and DEL, bidi embedding/override/isolate marks (U+202A-U+202E,
/// U+2066-U+2069, U+200E/F, U+061C) that could show a number reversed, line/paragraph separators, BOM, lone
/// surrogates and non-characters; folds runs of white space to one space; trims; keeps ZWNJ/ZWJ (needed in
/// Persian); and cuts the result to at most `maxChars` code points (never inside a surrogate pair). Never
/// fails.
QString sanitize(const QString &text, int maxChars = kDefaultMaxChars);

/// As sanitize(), for raw bytes from the SDK: invalid UTF-8 sequences become U+FFFD before cleaning. At most
/// 16 KiB of input is looked at, so a hostile 1 MB header costs nothing.
QString sanitizeUtf8(const std::string &bytes, int maxChars = kDefaultMaxChars);

/// True when `text` needs no change by sanitize() with the same bound.
bool isClean(const QString &text, int maxChars = kDefaultMaxChars);

/// For logs: keeps the first 2 and last 2 characters of a number or name and replaces the rest with '*'
/// (DESIGN.md: never log a caller's number or name in clear). Strings of 4 or fewer characters become "****".
QString mask(const QString &text);

} // namespace Pasokh::Telephony::PeerText
