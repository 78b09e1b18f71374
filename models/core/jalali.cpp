// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/jalali.h"

#include "models/core/digits.h"

#include <QRegularExpression>

namespace Pasokh::Core::Jalali {

QCalendar calendar()
{
    return QCalendar(QCalendar::System::Jalali);
}

QTimeZone tehran()
{
    static const QTimeZone zone = [] {
        QTimeZone z(QByteArrayLiteral("Asia/Tehran"));
        return z.isValid() ? z : QTimeZone(3 * 3600 + 30 * 60);
    }();
    return zone;
}

QLocale persianLocale()
{
    return QLocale(QLocale::Persian, QLocale::Iran);
}

int year(QDate date)
{
    return calendar().partsFromDate(date).year;
}

QDate tehranDate(const QDateTime &utc)
{
    return utc.toTimeZone(tehran()).date();
}

QString formatDate(QDate date, const QLocale &locale)
{
    if (!date.isValid())
        return {};
    return locale.toString(date, u"yyyy/MM/dd", calendar());
}

QString formatDateTime(const QDateTime &utc, const QLocale &locale)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toTimeZone(tehran());
    return locale.toString(local.date(), u"yyyy/MM/dd", calendar()) + QLatin1Char(' ') +
           locale.toString(local.time(), u"HH:mm");
}

QString formatDateAscii(QDate date)
{
    return formatDate(date, QLocale::c());
}

std::optional<QDate> parseDate(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*(\\d{3,4})\\s*[/\\-.]\\s*(\\d{1,2})\\s*[/\\-.]\\s*(\\d{1,2})\\s*$"));
    const auto m = re.match(Digits::toAscii(text));
    if (!m.hasMatch())
        return std::nullopt;
    const int y = m.captured(1).toInt(), mo = m.captured(2).toInt(), d = m.captured(3).toInt();
    const QCalendar cal = calendar();
    if (!cal.isDateValid(y, mo, d))
        return std::nullopt;
    return cal.dateFromParts(y, mo, d);
}

QDateTime dayStartUtc(QDate date)
{
    return QDateTime(date, QTime(0, 0), tehran()).toUTC();
}

QDateTime dayEndUtc(QDate date)
{
    return dayStartUtc(date.addDays(1));
}

} // namespace Pasokh::Core::Jalali
