// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/widgetlookup.h"

#include <QLineEdit>

namespace Pasokh::Testing {

QLineEdit *lineEditWithPlaceholder(const QWidget *root, const QString &placeholder)
{
    for (QLineEdit *e : root->findChildren<QLineEdit *>())
        if (e->placeholderText() == placeholder)
            return e;
    return nullptr;
}

} // namespace Pasokh::Testing
