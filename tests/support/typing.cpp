// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/typing.h"

#include <QTest>
#include <QWidget>

namespace Pasokh::Testing {

void typeText(QWidget *widget, const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() < 0x80 && c.unicode() >= 0x20) {
            QTest::keyClick(widget, c.toLatin1());
            continue;
        }
        QTest::sendKeyEvent(QTest::Press, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
        QTest::sendKeyEvent(QTest::Release, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

} // namespace Pasokh::Testing
