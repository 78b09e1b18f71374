// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace Pasokh::Testing {

/// Types `text` into `widget` as key press/release events carrying each character as the event's text, the
/// way a Persian keyboard layout delivers it. QTest::keyClicks converts every character with toLatin1() and
/// aborts on Persian letters and digits (Qt 6.4 qasciikey.cpp), so Persian input needs this; ASCII still goes
/// through keyClicks.
void typeText(QWidget *widget, const QString &text);

} // namespace Pasokh::Testing
