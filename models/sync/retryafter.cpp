// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/retryafter.h"

#include <QLocale>
#include <QTimeZone>

namespace Pasokh::Sync {

namespace {
std::optional<QDateTime> parseHttpDate(const QString &text)
{
    const QLocale c = QLocale::c();
    const QString simplified = text.simplified();
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (Qt 6.4's RFC 2822 parser wants a numeric zone).
    QDateTime t;
    if (simplified.endsWith(QLatin1String(" GMT"))) {
        t = c.toDateTime(simplified.chopped(4), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
        if (t.isValid()) {
            t.setTimeZone(QTimeZone::utc());
            return t;
        }
    }
    t = QDateTime::fromString(simplified, Qt::RFC2822Date); // "... +0000" forms
    if (t.isValid())
        return t.toUTC();
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" (two-digit year: RFC 9110 says interpret within 50 years).
    if (simplified.endsWith(QLatin1String(" GMT"))) {
        const QString body = simplified.chopped(4);
        const qsizetype comma = body.indexOf(QLatin1Char(','));
        if (comma > 0) {
            t = c.toDateTime(body.mid(comma + 2), QStringLiteral("dd-MMM-yy HH:mm:ss"));
            if (t.isValid()) {
                t.setTimeZone(QTimeZone::utc());
                if (t.date().year() < 1970)
                    t = t.addYears(100);
                return t;
            }
        }
    }
    // asctime: "Sun Nov  6 08:49:37 1994".
    t = c.toDateTime(simplified, QStringLiteral("ddd MMM d HH:mm:ss yyyy"));
    if (t.isValid()) {
        t.setTimeZone(QTimeZone::utc());
        return t;
    }
    return std::nullopt;
}
} // namespace

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &nowUtc)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool allDigits = true;
    for (char ch : trimmed)
        allDigits = allDigits && ch >= '0' && ch <= '9';
    if (allDigits) {
        if (trimmed.size() > 9) // more than ~31 years: clamp
            return kMaxRetryAfterMs;
        return qMin(trimmed.toLongLong() * 1000, kMaxRetryAfterMs);
    }
    const auto date = parseHttpDate(QString::fromLatin1(trimmed));
    if (!date)
        return std::nullopt;
    const qint64 ms = nowUtc.msecsTo(*date);
    return qBound<qint64>(0, ms, kMaxRetryAfterMs);
}

} // namespace Pasokh::Sync
