// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/storage/referencedata.h"

#include <QString>

namespace Pasokh::ViewModels::DisplayFormat {

/// True when the UI shows Persian (the default QLocale's language is Persian): digits are then shown as ۰-۹.
bool persianDigits();
/// Digits of `text` in the UI's digits (Persian or ASCII).
QString digits(const QString &text);
/// A tracking code grouped for reading out ("۰۵-۰۷-۰۰۰۱۲-۸"), inside an LTR isolate so it never reorders in
/// RTL text.
QString trackingCode(const QString &code);
/// An E.164 number in national format ("۰۹۱۵ ۱۲۳ ۴۵۶۷") inside an LTR isolate; a withheld caller's label when
/// empty.
QString phone(const QString &e164);
/// A UTC instant as Tehran-time Jalali "yyyy/MM/dd HH:mm" with the UI's digits.
QString dateTime(const QDateTime &utc);
/// A category's name in the UI language, "group › category" when `withGroup`.
QString categoryName(const Storage::ReferenceCatalog &catalog, const QString &code, bool withGroup = false);
/// A unit's name in the UI language (the code when unknown).
QString unitName(const Storage::ReferenceCatalog &catalog, const QString &code);
/// A district's name in the UI language ("" for 0).
QString districtName(const Storage::ReferenceCatalog &catalog, int district);

} // namespace Pasokh::ViewModels::DisplayFormat
