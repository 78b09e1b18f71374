// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QLineEdit;
class QWidget;

namespace Pasokh::Testing {

/// The first QLineEdit under `root` (any depth) whose placeholder text is `placeholder` (compared exactly, so
/// in the UI's language), or null. UI tests find form fields this way, as an operator recognises them.
QLineEdit *lineEditWithPlaceholder(const QWidget *root, const QString &placeholder);

} // namespace Pasokh::Testing
