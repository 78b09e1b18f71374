// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jalalidateedit.h"

#include "models/core/jalali.h"

namespace Pasokh::Ui {

JalaliDateEdit::JalaliDateEdit(QWidget *parent) : QLineEdit(parent)
{
    setLayoutDirection(Qt::LeftToRight);
    setAlignment(Qt::AlignCenter);
    setPlaceholderText(Core::Jalali::formatDate(QDate::currentDate(), QLocale()));
    setToolTip(tr("Jalali date, year/month/day; any digits"));
    setMaxLength(12);
    // Never narrower than a whole date: in a crowded filter row (e.g. beside the phone dock at 1366x768) the
    // layout would otherwise squeeze it to "۱..." .
    const QFontMetrics fm = fontMetrics();
    setMinimumWidth(fm.horizontalAdvance(placeholderText()) + 3 * fm.horizontalAdvance(QLatin1Char('M')));
    connect(this, &QLineEdit::textEdited, this, &JalaliDateEdit::onEdited);
}

QDate JalaliDateEdit::date() const
{
    const auto d = Core::Jalali::parseDate(text());
    return d ? *d : QDate();
}

void JalaliDateEdit::setDate(QDate date)
{
    setText(date.isValid() ? Core::Jalali::formatDate(date, QLocale()) : QString());
    onEdited();
}

bool JalaliDateEdit::isAcceptable() const
{
    return text().trimmed().isEmpty() || date().isValid();
}

void JalaliDateEdit::onEdited()
{
    const bool ok = isAcceptable();
    setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
    if (ok)
        Q_EMIT dateChanged(date());
}

} // namespace Pasokh::Ui
