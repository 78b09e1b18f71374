// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/appearance.h"

#include "models/core/jalali.h"

#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QLibraryInfo>
#include <QTranslator>

namespace Pasokh::Ui {

void applyLanguage(QApplication &app, const QString &language)
{
    if (language != QLatin1String("fa")) {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        app.setLayoutDirection(Qt::LeftToRight);
        return;
    }
    QLocale::setDefault(Core::Jalali::persianLocale());
    auto *ours = new QTranslator(&app);
    if (ours->load(QStringLiteral(":/i18n/pasokh_fa.qm")))
        app.installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(QLocale::Persian), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    app.setLayoutDirection(Qt::RightToLeft);
}

QString applyFont(QApplication &app)
{
    QString family;
    const QStringList candidates = {
        QStringLiteral("/usr/local/share/fonts/vazirmatn/Vazirmatn-Regular.ttf"),
        QStringLiteral("/usr/share/fonts/truetype/vazirmatn/Vazirmatn-Regular.ttf")};
    for (const QString &path : candidates) {
        if (!QFile::exists(path))
            continue;
        const QStringList families =
            QFontDatabase::applicationFontFamilies(QFontDatabase::addApplicationFont(path));
        if (!families.isEmpty()) {
            family = families.first();
            QFontDatabase::addApplicationFont(
                QString(path).replace(QLatin1String("Regular"), QLatin1String("Bold")));
            break;
        }
    }
    if (family.isEmpty())
        family = QFontDatabase::families().contains(QStringLiteral("Vazirmatn"))
                     ? QStringLiteral("Vazirmatn")
                     : QStringLiteral("Noto Sans Arabic");
    QFont font(family);
    font.setPointSizeF(10.5);
    app.setFont(font);
    return family;
}

} // namespace Pasokh::Ui
