// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/phonenumber.h"

#include "models/core/digits.h"

#include <QCoreApplication>

namespace Pasokh::Core {

namespace {

// `message` must be marked with QT_TRANSLATE_NOOP("PhoneNumber", ...).
Result<PhoneNumber> fail(const char *code, const char *message)
{
    return Result<PhoneNumber>::failure(QString::fromLatin1(code),
                                        QCoreApplication::translate("PhoneNumber", message));
}

// Classifies the 10 national significant digits after the country code 98.
Result<PhoneNumber> fromNational(const QString &nsn)
{
    if (nsn.size() < 10)
        return fail("too_short", QT_TRANSLATE_NOOP("PhoneNumber", "The phone number has too few digits."));
    if (nsn.size() > 10)
        return fail("too_long", QT_TRANSLATE_NOOP("PhoneNumber", "The phone number has too many digits."));
    if (nsn.at(0) == QLatin1Char('9'))
        return PhoneNumber{QStringLiteral("+98") + nsn, PhoneNumber::Kind::Mobile};
    if (nsn.at(0) == QLatin1Char('0'))
        return fail("invalid_number",
                    QT_TRANSLATE_NOOP("PhoneNumber", "This is not a valid Iranian phone number."));
    // Landline: 2-digit area code + 8-digit subscriber number whose first digit is 2-9.
    if (nsn.startsWith(QLatin1String("51")) && nsn.at(2) == QLatin1Char('1'))
        return fail("old_mashhad_format",
                    QT_TRANSLATE_NOOP("PhoneNumber",
                                      "This looks like an old Mashhad number (0511 and 7 digits); ask "
                                      "the caller for the current 8-digit number."));
    if (nsn.at(2) < QLatin1Char('2'))
        return fail("invalid_number",
                    QT_TRANSLATE_NOOP("PhoneNumber", "This is not a valid Iranian phone number."));
    return PhoneNumber{QStringLiteral("+98") + nsn, PhoneNumber::Kind::Landline};
}

} // namespace

bool PhoneNumber::isWithheldToken(const QString &input)
{
    static const QStringList tokens = {QStringLiteral("anonymous"),  QStringLiteral("withheld"),
                                       QStringLiteral("restricted"), QStringLiteral("private"),
                                       QStringLiteral("unknown"),    QStringLiteral("unavailable")};
    const QString t = input.trimmed().toLower();
    return t.isEmpty() || tokens.contains(t);
}

Result<PhoneNumber> PhoneNumber::normalize(const QString &input)
{
    QString digits;
    bool plus = false;
    for (QChar c : input) {
        const int v = Digits::digitValue(c);
        if (v >= 0) {
            digits.append(QChar(u'0' + v));
            continue;
        }
        const char16_t u = c.unicode();
        if (u == u'+' && digits.isEmpty() && !plus) {
            plus = true;
            continue;
        }
        if (c.isSpace() || u == u'-' || u == u'.' || u == u'(' || u == u')' || u == u'/' || u == 0x00A0 ||
            u == 0x200E || u == 0x200F || u == 0x200C || u == 0x202A || u == 0x202B || u == 0x202C ||
            u == 0x2066 || u == 0x2067 || u == 0x2068 || u == 0x2069 || u == 0x2010 || u == 0x2011 ||
            u == 0x2012 || u == 0x2013 || u == 0x2212)
            continue;
        return fail(
            "invalid_characters",
            QT_TRANSLATE_NOOP("PhoneNumber",
                              "The phone number may contain only digits, spaces, dashes and a leading +."));
    }
    if (digits.isEmpty())
        return fail("empty", QT_TRANSLATE_NOOP("PhoneNumber", "Enter a phone number."));

    if (plus || digits.startsWith(QLatin1String("00"))) {
        const QString intl = plus ? digits : digits.mid(2);
        if (intl.startsWith(QLatin1String("98"))) {
            QString nsn = intl.mid(2);
            if (nsn.startsWith(QLatin1Char('0'))) // "+98 (0)915..." and "0098 0915..."
                nsn.remove(0, 1);
            return fromNational(nsn);
        }
        if (intl.size() < 8)
            return fail("too_short",
                        QT_TRANSLATE_NOOP("PhoneNumber", "The phone number has too few digits."));
        if (intl.size() > 15)
            return fail("too_long",
                        QT_TRANSLATE_NOOP("PhoneNumber", "The phone number has too many digits."));
        if (intl.startsWith(QLatin1Char('0')))
            return fail("invalid_number",
                        QT_TRANSLATE_NOOP("PhoneNumber", "This is not a valid Iranian phone number."));
        return PhoneNumber{QLatin1Char('+') + intl, Kind::International};
    }
    if (digits.startsWith(QLatin1Char('0')))
        return fromNational(digits.mid(1));
    if (digits.size() == 12 && digits.startsWith(QLatin1String("98")))
        return fromNational(digits.mid(2));
    if (digits.size() == 10 && digits.startsWith(QLatin1Char('9')))
        return fromNational(digits);
    if (digits.size() == 8) {
        if (digits.at(0) < QLatin1Char('2'))
            return fail("invalid_number",
                        QT_TRANSLATE_NOOP("PhoneNumber",
                                          "A local Mashhad number has 8 digits and starts with 2 to 9."));
        return PhoneNumber{QStringLiteral("+9851") + digits, Kind::Landline};
    }
    if (digits.size() < 8)
        return fail("too_short", QT_TRANSLATE_NOOP("PhoneNumber", "The phone number has too few digits."));
    return fail("invalid_number",
                QT_TRANSLATE_NOOP("PhoneNumber", "This is not a valid Iranian phone number."));
}

QString PhoneNumber::nationalFormat() const
{
    if (kind == Kind::International || !e164.startsWith(QLatin1String("+98")))
        return e164;
    const QString nsn = e164.mid(3);
    if (kind == Kind::Mobile)
        return QLatin1Char('0') + nsn.left(3) + QLatin1Char(' ') + nsn.mid(3, 3) + QLatin1Char(' ') +
               nsn.mid(6);
    return QLatin1Char('0') + nsn.left(2) + QLatin1Char(' ') + nsn.mid(2, 4) + QLatin1Char(' ') + nsn.mid(6);
}

} // namespace Pasokh::Core
