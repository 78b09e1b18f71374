// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCalendar>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace Pasokh::Core::Jalali {

/// The Jalali (Solar Hijri) calendar of Qt (QCalendar::System::Jalali). Matches the official calendar for
/// every date from 1921-03-01 to 2058-03-19 (notes/persian.md §2); later dates may be one day off.
QCalendar calendar();

/// Asia/Tehran from the system's time-zone database, or a fixed UTC+03:30 when the database lacks it.
QTimeZone tehran();

/// fa_IR: Persian digits, Saturday-first week, Iranian month names (notes/persian.md §6).
QLocale persianLocale();

/// The Jalali year of a calendar date, e.g. 2026-11-30 → 1405.
int year(QDate date);

/// The Tehran-local calendar date of a UTC instant.
QDate tehranDate(const QDateTime &utc);

/// A date as "yyyy/MM/dd" in the Jalali calendar, digits of `locale` (Persian for fa, ASCII for C/en).
QString formatDate(QDate date, const QLocale &locale = QLocale());

/// A UTC instant shown in Tehran time: "yyyy/MM/dd HH:mm", Jalali, digits of `locale`.
QString formatDateTime(const QDateTime &utc, const QLocale &locale = QLocale());

/// "yyyy/MM/dd" in the Jalali calendar with ASCII digits (for CSV exports).
QString formatDateAscii(QDate date);

/// Parses a Jalali date "yyyy/m/d" (also '-' or '.' separators; Persian, Arabic-Indic or ASCII digits).
/// nullopt when the text is not a date or the day does not exist (e.g. 1404/12/30: 1404 is not a leap year).
std::optional<QDate> parseDate(const QString &text);

/// Start of a Tehran-local Jalali day as a UTC instant (for "from" filters), and the start of the next day
/// (exclusive "to" bound).
QDateTime dayStartUtc(QDate date);
QDateTime dayEndUtc(QDate date);

} // namespace Pasokh::Core::Jalali
