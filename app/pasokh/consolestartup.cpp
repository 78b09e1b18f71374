// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/pasokh/consolestartup.h"

#include "app/pasokh/storeupgrade.h"

#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "models/storage/datalocation.h"
#include "models/sync/identityanchor.h"
#include "models/sync/keychaintokenstore.h"
#include "telephony/enginetelephony.h"
#include "telephony/sipsettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QLibraryInfo>
#include <QSettings>
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
        o.dataDir = Storage::defaultDataDir();
    o.configFile = parser.value(config);
    o.configRequired = parser.isSet(config);
    if (o.configFile.isEmpty())
        o.configFile = QDir(o.dataDir).filePath(QStringLiteral("pasokh.ini"));
    o.language = parser.value(lang).toLower();
    if (!o.language.isEmpty() && o.language != QLatin1String("fa") && o.language != QLatin1String("en")) {
        fprintf(stderr, "--lang must be fa or en\n");
        ::exit(2);
    }
    return o;
}

Core::Result<std::unique_ptr<Ui::ConsoleContext>> openConsole(const ConsoleOptions &options,
                                                              std::shared_ptr<Storage::InstanceLock> &lock)
{
    // The configuration first: a wrong one is refused before the data folder is created or locked.
    auto config = Core::ConsoleConfig::load(options.configFile, options.configRequired
                                                                    ? Core::ConsoleConfig::File::Required
                                                                    : Core::ConsoleConfig::File::Optional);
    if (!config)
        return config.error();
    if (!QDir().mkpath(options.dataDir))
        return Core::Error{QStringLiteral("read_only"),
                           QCoreApplication::translate("main", "The data folder %1 cannot be created.")
                               .arg(QDir::toNativeSeparators(options.dataDir))};
    auto locked = Storage::InstanceLock::acquire(options.dataDir);
    if (!locked)
        return locked.error();
    lock = locked.value();

    auto ctx = std::make_unique<Ui::ConsoleContext>();
    ctx->config = std::move(config).value();
    ctx->configPath = options.configFile;
    if (!options.language.isEmpty())
        ctx->config.language = options.language;
    const QString dbPath = Storage::storePath(options.dataDir);
    if (Core::Status upgraded = upgradeStoreWithNotice(dbPath); !upgraded)
        return upgraded.error();
    auto db = Storage::Database::open(dbPath, QStringLiteral("pasokh-writer"));
    if (!db)
        return db.error();
    ctx->db = db.value();
    if (auto s = Storage::ReferenceCatalog::importIfEmpty(ctx->db->writer()); !s)
        return s.error();
    {
        // The starter guidance articles (resources/kb) on first start; later the hub publishes updates.
        Kb::KbRepository repository(ctx->db->writer().connectionName());
        const auto ids = repository.activeIds();
        if (ids && ids.value().isEmpty()) {
            const auto report = Kb::KbImporter(&repository).importDirectory(QStringLiteral(":/pasokh/kb"));
            if (!report)
                qWarning("starter knowledge base not imported: %s", qPrintable(report.error().message));
        }
    }
    auto catalog = Storage::ReferenceCatalog::load(ctx->db->writer());
    if (!catalog)
        return catalog.error();
    ctx->catalog = std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value());
    ctx->cases = std::make_unique<Storage::CaseStore>(ctx->db, ctx->catalog, ctx->config.station,
                                                      ctx->config.operatorName);
    ctx->reader = std::make_unique<Storage::ReadWorker>(dbPath);
    ctx->phone = openPhone(options, *ctx);
    return ctx;
}

std::unique_ptr<Ui::ConsolePhone> openPhone(const ConsoleOptions &options, const Ui::ConsoleContext &ctx)
{
    QSettings ini(options.configFile, QSettings::IniFormat);
    if (ini.value(QStringLiteral("sip/user")).toString().trimmed().isEmpty())
        return nullptr; // no account: the console runs without a phone, no engine is spawned
    Telephony::SipSettings sip = Telephony::SipSettings::load(ini);
    if (sip.dataDir.isEmpty())
        sip.dataDir = QDir(options.dataDir).filePath(QStringLiteral("phone"));
    Ui::ConsolePhone::Options o;
    o.agentId = ctx.config.operatorName.isEmpty() ? QStringLiteral("station-%1").arg(ctx.config.station)
                                                  : ctx.config.operatorName;
    o.wrapUpSeconds = qBound(0, ini.value(QStringLiteral("agent/wrap_up_seconds"), 30).toInt(), 3600);
    o.autoAnswer = sip.autoAnswer;
    o.autoAnswerDelayMs = sip.autoAnswerDelayMs;
    return Ui::ConsolePhone::create(std::make_unique<Telephony::EngineTelephony>(sip), ctx.db, o);
}

std::unique_ptr<Sync::SyncController> startSync(const ConsoleOptions &options,
                                                const Ui::ConsoleContext &context)
{
    if (context.config.hubUrl.isEmpty())
        return nullptr;
    const QSettings ini(options.configFile, QSettings::IniFormat);
    Sync::SyncOptions o;
    o.hubUrl = QUrl(context.config.hubUrl);
    o.storePath = context.db->path();
    o.connectionName = QStringLiteral("pasokh-sync");
    o.stationId = ini.value(QStringLiteral("hub/station_id")).toString();
    return std::make_unique<Sync::SyncController>(o, std::make_shared<Sync::KeychainTokenStore>(),
                                                  std::make_shared<Sync::SettingsIdentityAnchor>());
}

bool startPhone(const ConsoleOptions &options, const Ui::ConsoleContext &ctx)
{
    if (!ctx.phone)
        return false;
    ctx.phone->telephony->start();
    const QSettings ini(options.configFile, QSettings::IniFormat);
    if (!ini.value(QStringLiteral("agent/ready_at_start"), false).toBool())
        return false;
    const Core::Status s = ctx.phone->agent->logIn();
    if (!s)
        qWarning("[agent] ready_at_start: the agent could not log in: %s", qPrintable(s.error().message));
    return s.ok();
}

QString takeUnattendedHubPassword(const ConsoleOptions &options)
{
    static const char kVariable[] = "PASOKH_HUB_PASSWORD";
    const QString password = qEnvironmentVariable(kVariable);
    qunsetenv(kVariable);
    const QSettings ini(options.configFile, QSettings::IniFormat);
    if (password.isEmpty() || ini.value(QStringLiteral("hub/url")).toString().trimmed().isEmpty() ||
        ini.value(QStringLiteral("hub/user")).toString().trimmed().isEmpty())
        return {};
    qWarning(
        "unattended hub login from PASOKH_HUB_PASSWORD: for demos and test rigs, not for operators' desks");
    return password;
}

} // namespace Pasokh::App
