// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/admincli.h"

#include "server/authservice.h"
#include "server/migrations.h"
#include "server/passwordhasher.h"
#include "server/referencedata.h"

#include "models/core/consoleconfig.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <string>

namespace Pasokh::Hub {

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "pasokh-hub admin: " << message << '\n';
    return AdminCli::ExitFailed;
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "pasokh-hub admin: " << message << '\n';
    return AdminCli::ExitUsage;
}

void out(const QString &text)
{
    QTextStream(stdout) << text << '\n';
}

void err(const QString &text)
{
    QTextStream(stderr) << text << '\n';
}

} // namespace

int AdminCli::run(const QStringList &arguments)
{
    QCommandLineParser p;
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Database URL"), QStringLiteral("URL"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("Role"), QStringLiteral("ROLE"));
    const QCommandLineOption unit(QStringLiteral("unit"), QStringLiteral("Unit code (managers)"),
                                  QStringLiteral("CODE"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Display name"),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption password(QStringLiteral("password"), QStringLiteral("Password"),
                                      QStringLiteral("TEXT"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"),
                                           QStringLiteral("Read the password"));
    const QCommandLineOption number(QStringLiteral("number"), QStringLiteral("Station number"),
                                    QStringLiteral("N"));
    p.addOptions({db, role, unit, name, password, passwordStdin, number});
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("See the documentation of AdminCli"));
    if (!p.parse(QStringList{QStringLiteral("pasokh-hub-admin")} + arguments))
        return usageError(p.errorText());
    const QStringList args = p.positionalArguments();
    if (args.isEmpty())
        return usageError(
            QStringLiteral("missing command (add-user, reset-password, disable-user, enable-user, "
                           "add-station, revoke-station, add-api-key, list, rotate-epoch, import-reference, "
                           "import-kb, migrate)"));
    if (!p.isSet(db))
        return usageError(QStringLiteral("--db URL is required"));
    // Checked before the database is opened: a station number goes into every tracking code (DESIGN.md).
    int stationNo = 0; // 0: the hub picks the lowest free number
    if (p.isSet(number)) {
        const auto parsed = Core::ConsoleConfig::parseStationNumber(p.value(number));
        if (!parsed)
            return usageError(
                QStringLiteral("--number must be a whole number from 1 to 99 (00 is the hub's); "
                               "got \"%1\"")
                    .arg(p.value(number)));
        stationNo = *parsed;
    }
    if (!PasswordHasher::initialize())
        return fail(QStringLiteral("libsodium failed to initialise"));
    QString error;
    auto conn = openSqlConnection(p.value(db), &error);
    if (!conn)
        return fail(error);
    error = Migrations::migrate(*conn);
    if (!error.isEmpty())
        return fail(error);
    const QString command = args.first();
    auto readPassword = [&]() -> QString {
        if (p.isSet(password))
            return p.value(password);
        if (p.isSet(passwordStdin)) {
            std::string line;
            std::getline(std::cin, line);
            return QString::fromStdString(line);
        }
        return {};
    };
    if (command == QLatin1String("migrate"))
        return 0;
    if (command == QLatin1String("add-user") && args.size() == 2) {
        const QString pw = readPassword();
        error = AuthService::addUser(*conn, args[1], p.value(name), p.value(role), p.value(unit), pw);
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("user %1 added").arg(args[1]));
        return 0;
    }
    if (command == QLatin1String("reset-password") && args.size() == 2) {
        error = AuthService::resetPassword(*conn, args[1], readPassword());
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("password of %1 reset; its sessions were revoked").arg(args[1]));
        return 0;
    }
    if ((command == QLatin1String("disable-user") || command == QLatin1String("enable-user")) &&
        args.size() == 2) {
        error = AuthService::setUserDisabled(*conn, args[1], command == QLatin1String("disable-user"));
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("%1 %2").arg(args[1], command == QLatin1String("disable-user")
                                                     ? QStringLiteral("disabled")
                                                     : QStringLiteral("enabled")));
        return 0;
    }
    if (command == QLatin1String("add-station") && args.size() == 1) {
        const auto r = AuthService::addStation(*conn, p.value(name), stationNo);
        if (!r.ok())
            return fail(r.error().message);
        out(QString::fromUtf8(QJsonDocument(r.value()).toJson(QJsonDocument::Compact)));
        return 0;
    }
    if (command == QLatin1String("revoke-station") && args.size() == 2) {
        error = AuthService::revokeStation(*conn, args[1]);
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("station %1 revoked").arg(args[1]));
        return 0;
    }
    if (command == QLatin1String("add-api-key") && args.size() == 2) {
        const auto r = AuthService::addApiKey(*conn, args[1]);
        if (!r.ok())
            return fail(r.error().message);
        out(r.value());
        return 0;
    }
    if (command == QLatin1String("list") && args.size() == 1) {
        out(QString::fromUtf8(QJsonDocument(AuthService::list(*conn)).toJson(QJsonDocument::Indented)));
        return 0;
    }
    if (command == QLatin1String("rotate-epoch") && args.size() == 1) {
        const QString epoch = HubStore::rotateEpoch(*conn);
        if (epoch.isEmpty())
            return fail(QStringLiteral("could not write the new epoch"));
        out(epoch);
        return 0;
    }
    if (command == QLatin1String("import-reference") && args.size() == 2) {
        error = ReferenceData::importDirectory(*conn, args[1]);
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("reference data imported"));
        return 0;
    }
    if (command == QLatin1String("import-kb") && args.size() == 2) {
        ReferenceData::KbImportReport report;
        error = ReferenceData::importKnowledgeBase(*conn, args[1], &report);
        if (!error.isEmpty())
            return fail(error);
        out(QStringLiteral("knowledge base: added %1, updated %2, unchanged %3, retired %4")
                .arg(report.added)
                .arg(report.updated)
                .arg(report.unchanged)
                .arg(report.retired.size()));
        for (const QString &problem : std::as_const(report.problems))
            err(QStringLiteral("skipped %1").arg(problem));
        if (report.retiringSkipped)
            err(QStringLiteral("articles whose file is gone were kept, because some files were skipped"));
        return report.problems.isEmpty() ? AdminCli::ExitOk : AdminCli::ExitSkipped;
    }
    return usageError(
        QStringLiteral("unknown command or wrong arguments: %1").arg(args.join(QLatin1Char(' '))));
}

} // namespace Pasokh::Hub
