// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QApplication;

namespace Pasokh::Ui {

/// Installs the UI language: "fa" = Persian (right-to-left layout, fa_IR locale with Persian digits, our
/// translation from :/i18n/pasokh_fa.qm and Qt's own qtbase_fa.qm); anything else = English, left-to-right.
void applyLanguage(QApplication &app, const QString &language);

/// Loads Vazirmatn (scripts/setup.sh installs it from the npm package `vazirmatn`) or falls back to Noto Sans
/// Arabic (Debian's fonts-noto-core), and makes it the application font. Returns the family in use.
QString applyFont(QApplication &app);

} // namespace Pasokh::Ui
