// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/pasokh/consolestartup.h"

#include "models/core/jalali.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QLibraryInfo>
#include <QStandardPaths>
#include <QTranslator>

namespace Pasokh::App {

ConsoleOptions parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Pasokh: 137 operator console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QCoreApplication::translate("main", "Folder of the local store."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QCoreApplication::translate("main", "INI configuration file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("main", "UI language: fa or en."),
                                  QStringLiteral("fa|en"));
    parser.addOptions({dataDir, config, lang});
    parser.process(app);
    ConsoleOptions o;
    o.dataDir = parser.value(dataDir);
    if (o.dataDir.isEmpty())
        o.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    o.configFile = parser.value(config);
    if (o.configFile.isEmpty())
        o.configFile = QDir(o.dataDir).filePath(QStringLiteral("pasokh.ini"));
    o.language = parser.value(lang).toLower();
    if (!o.language.isEmpty() && o.language != QLatin1String("fa") && o.language != QLatin1String("en")) {
        fprintf(stderr, "--lang must be fa or en\n");
        ::exit(2);
    }
    return o;
}

void applyLanguage(QApplication &app, const QString &language)
{
    if (language == QLatin1String("en")) {
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
        const int id = QFontDatabase::addApplicationFont(path);
        const QStringList families = QFontDatabase::applicationFontFamilies(id);
        if (!families.isEmpty()) {
            family = families.first();
            QFontDatabase::addApplicationFont(
                QString(path).replace(QLatin1String("Regular"), QLatin1String("Bold")));
            break;
        }
    }
    if (family.isEmpty() && QFontDatabase::families().contains(QStringLiteral("Vazirmatn")))
        family = QStringLiteral("Vazirmatn");
    if (family.isEmpty())
        family = QStringLiteral("Noto Sans Arabic");
    QFont font(family);
    font.setPointSizeF(10.5);
    app.setFont(font);
    return family;
}

Core::Result<std::unique_ptr<Ui::ConsoleContext>> openConsole(const ConsoleOptions &options,
                                                              std::shared_ptr<Storage::InstanceLock> &lock)
{
    if (!QDir().mkpath(options.dataDir))
        return Core::Error{QStringLiteral("read_only"),
                           QCoreApplication::translate("main", "The data folder %1 cannot be created.")
                               .arg(QDir::toNativeSeparators(options.dataDir))};
    auto locked = Storage::InstanceLock::acquire(options.dataDir);
    if (!locked)
        return locked.error();
    lock = locked.value();

    auto ctx = std::make_unique<Ui::ConsoleContext>();
    ctx->config = Core::ConsoleConfig::load(options.configFile);
    if (!options.language.isEmpty())
        ctx->config.language = options.language;
    const QString dbPath = QDir(options.dataDir).filePath(QStringLiteral("pasokh.sqlite"));
    auto db = Storage::Database::open(dbPath, QStringLiteral("pasokh-writer"));
    if (!db)
        return db.error();
    ctx->db = db.value();
    if (auto s = Storage::ReferenceCatalog::importIfEmpty(ctx->db->writer()); !s)
        return s.error();
    auto catalog = Storage::ReferenceCatalog::load(ctx->db->writer());
    if (!catalog)
        return catalog.error();
    ctx->catalog = std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value());
    ctx->cases = std::make_unique<Storage::CaseStore>(ctx->db, ctx->catalog, ctx->config.station,
                                                      ctx->config.operatorName);
    ctx->reader = std::make_unique<Storage::ReadWorker>(dbPath);
    return ctx;
}

} // namespace Pasokh::App
