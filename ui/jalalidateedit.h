// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QLineEdit>

namespace Pasokh::Ui {

/// A line edit for a Jalali date "yyyy/mm/dd" that accepts Persian, Arabic-Indic and ASCII digits (Qt's
/// QDateEdit rejects Arabic-Indic digits and silently clamps 1404/12/30; notes/persian.md §6). Empty is
/// allowed; an invalid date is marked and date() returns an invalid QDate.
class JalaliDateEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit JalaliDateEdit(QWidget *parent = nullptr);
    /// The typed date, or an invalid QDate when empty or not a real Jalali date.
    QDate date() const;
    /// Shows `date` in the Jalali calendar with the UI's digits (an invalid date clears the field).
    void setDate(QDate date);
    /// True when the field is empty or holds a valid date.
    bool isAcceptable() const;

Q_SIGNALS:
    /// The text became a valid date, or became empty.
    void dateChanged(QDate date);

private:
    void onEdited();
};

} // namespace Pasokh::Ui
