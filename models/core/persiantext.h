// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Core::PersianText {

/// The search key of notes/persian.md §5, applied at index time and at query time alike:
/// NFKC; Arabic letter forms folded to Persian (ي ى ئ→ی, ك→ک, ة ۀ ھ ہ ە→ه, أ إ ٱ آ stay/fold to ا except آ,
/// ؤ→و); harakat (U+064B..U+065F, U+0670), tatweel, ZWNJ/ZWJ and bidi marks dropped; all digits to ASCII;
/// Latin lowercased; runs of white space collapsed to one space and trimmed. Idempotent:
/// searchKey(searchKey(x)) == searchKey(x).
QString searchKey(const QString &text);

/// searchKey() with the spaces removed too, so that "بازیافت ها" and "بازیافتها" meet (notes/persian.md §5,
/// last line).
QString compactKey(const QString &text);

/// Cleans text that a user pasted or a peer sent before it reaches the store, the UI or the logs:
/// unpaired UTF-16 surrogates and U+FFFD removed, C0/C1 control characters removed (keeps '\n' and '\t' when
/// multiLine, otherwise turns them into spaces), bidi embedding/override/isolate controls (U+202A..U+202E,
/// U+2066..U+2069) removed, ZWNJ kept (it is spelling in Persian), and the result cut to at most maxLength
/// UTF-16 units without splitting a surrogate pair.
QString sanitized(const QString &text, qsizetype maxLength, bool multiLine = false);

/// Wraps text in a left-to-right isolate (U+2066 ... U+2069) for phone numbers, IDs and URIs inside RTL
/// sentences (notes/persian.md §6).
QString ltrIsolate(const QString &text);

/// Masks personal data for logs (DESIGN.md: never log a number, name or national ID in clear): keeps the last
/// `keep` characters and replaces the rest with '*'. Empty stays empty.
QString masked(const QString &text, int keep = 2);

} // namespace Pasokh::Core::PersianText
