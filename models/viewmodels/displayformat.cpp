// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/displayformat.h"

#include "models/core/digits.h"
#include "models/core/jalali.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"

#include <QCoreApplication>
#include <QLocale>

namespace Pasokh::ViewModels::DisplayFormat {

using namespace Pasokh::Core;

bool persianDigits()
{
    return QLocale().language() == QLocale::Persian;
}

QString digits(const QString &text)
{
    return persianDigits() ? Digits::toPersian(text) : Digits::toAscii(text);
}

QString trackingCode(const QString &code)
{
    return code.isEmpty() ? QString() : PersianText::ltrIsolate(digits(TrackingCode::grouped(code)));
}

QString phone(const QString &e164)
{
    if (e164.isEmpty())
        return QCoreApplication::translate("DisplayFormat", "Withheld number");
    const auto p = PhoneNumber::normalize(e164);
    return PersianText::ltrIsolate(digits(p ? p.value().nationalFormat() : e164));
}

QString dateTime(const QDateTime &utc)
{
    return Jalali::formatDateTime(utc, QLocale());
}

QString categoryName(const Storage::ReferenceCatalog &catalog, const QString &code, bool withGroup)
{
    const Storage::Category *c = catalog.category(code);
    if (!c)
        return code;
    const bool fa = QLocale().language() == QLocale::Persian;
    QString name = fa ? c->nameFa : c->nameEn;
    if (withGroup && !c->parent.isEmpty()) {
        if (const Storage::Category *g = catalog.category(c->parent))
            name = (fa ? g->nameFa : g->nameEn) + QStringLiteral(" › ") + name;
    }
    return name;
}

QString unitName(const Storage::ReferenceCatalog &catalog, const QString &code)
{
    const Storage::Unit *u = catalog.unit(code);
    if (!u)
        return code;
    return QLocale().language() == QLocale::Persian ? u->nameFa : u->nameEn;
}

QString districtName(const Storage::ReferenceCatalog &catalog, int district)
{
    const Storage::District *d = catalog.district(district);
    if (!d)
        return {};
    return QLocale().language() == QLocale::Persian ? d->nameFa : d->nameEn;
}

} // namespace Pasokh::ViewModels::DisplayFormat
