// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/trackingcode.h"

#include "models/core/digits.h"
#include "models/core/verhoeff.h"

#include <QCoreApplication>

namespace Pasokh::Core {

QString TrackingCode::toString() const
{
    if (jalaliYear < 0 || station < 0 || station > 99 || sequence < 1 || sequence > 99999)
        return {};
    const QString body = QStringLiteral("%1%2%3")
                             .arg(jalaliYear % 100, 2, 10, QLatin1Char('0'))
                             .arg(station, 2, 10, QLatin1Char('0'))
                             .arg(sequence, 5, 10, QLatin1Char('0'));
    return body + QString::number(Verhoeff::checkDigit(body));
}

QString TrackingCode::grouped(const QString &code)
{
    if (code.size() != 10)
        return code;
    return code.left(2) + QLatin1Char('-') + code.mid(2, 2) + QLatin1Char('-') + code.mid(4, 5) +
           QLatin1Char('-') + code.right(1);
}

Result<TrackingCode> TrackingCode::parse(const QString &input)
{
    QString d;
    for (QChar c : input) {
        const int v = Digits::digitValue(c);
        if (v >= 0)
            d.append(QChar(u'0' + v));
        else if (!c.isSpace() && c != QLatin1Char('-'))
            return Result<TrackingCode>::failure(
                QStringLiteral("invalid_characters"),
                QCoreApplication::translate("TrackingCode", "A tracking code contains digits only."));
    }
    if (d.size() != 10)
        return Result<TrackingCode>::failure(
            QStringLiteral("length"),
            QCoreApplication::translate("TrackingCode", "A tracking code has 10 digits."));
    if (!Verhoeff::isValid(d))
        return Result<TrackingCode>::failure(
            QStringLiteral("checksum"),
            QCoreApplication::translate("TrackingCode",
                                        "This tracking code is not valid; check the digits."));
    return TrackingCode{d.left(2).toInt(), d.mid(2, 2).toInt(), d.mid(4, 5).toInt()};
}

} // namespace Pasokh::Core
