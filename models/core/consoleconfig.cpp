// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/consoleconfig.h"

#include "models/core/digits.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

namespace Pasokh::Core {

namespace {

/// A whole number of at most `digits` digits (any digit script) in [min, max], else nullopt.
std::optional<int> parseBounded(const QString &text, int digits, int min, int max)
{
    const QString ascii = Digits::toAscii(text.trimmed());
    static const QRegularExpression whole(QStringLiteral("^[0-9]+$"));
    if (ascii.isEmpty() || ascii.size() > digits || !whole.match(ascii).hasMatch())
        return std::nullopt;
    const int value = ascii.toInt();
    if (value < min || value > max)
        return std::nullopt;
    return value;
}

Error invalidKey(const QString &path, const QString &section, const QString &key, const QString &value,
                 int min, int max)
{
    return Error{QStringLiteral("config_invalid"),
                 QCoreApplication::translate("ConsoleConfig",
                                             "In %1, [%2] %3 is \"%4\"; it must be a whole number from %5 to "
                                             "%6. Correct the file and start again.")
                     .arg(QDir::toNativeSeparators(path), section, key, value)
                     .arg(min)
                     .arg(max)};
}

} // namespace

std::optional<int> ConsoleConfig::parseStationNumber(const QString &text)
{
    return parseBounded(text, 2, 1, 99);
}

Result<ConsoleConfig> ConsoleConfig::load(const QString &path, File file)
{
    ConsoleConfig c;
    if (path.isEmpty())
        return c;
    const QFileInfo info(path);
    if (!info.exists()) {
        if (file == File::Optional)
            return c;
        return Error{QStringLiteral("config_missing"),
                     QCoreApplication::translate("ConsoleConfig",
                                                 "The configuration file %1 given with --config does not "
                                                 "exist.")
                         .arg(QDir::toNativeSeparators(info.absoluteFilePath()))};
    }
    const QSettings s(path, QSettings::IniFormat);
    if (!info.isFile() || !info.isReadable() || s.status() != QSettings::NoError)
        return Error{QStringLiteral("config_unreadable"),
                     QCoreApplication::translate("ConsoleConfig",
                                                 "The configuration file %1 cannot be read (not a readable "
                                                 "INI file).")
                         .arg(QDir::toNativeSeparators(info.absoluteFilePath()))};
    if (s.contains(QStringLiteral("station/number"))) {
        const QString given = s.value(QStringLiteral("station/number")).toString();
        const auto number = parseStationNumber(given);
        if (!number)
            return invalidKey(path, QStringLiteral("station"), QStringLiteral("number"), given, 1, 99);
        c.station = *number;
    }
    if (s.contains(QStringLiteral("intake/autosave_seconds"))) {
        const QString given = s.value(QStringLiteral("intake/autosave_seconds")).toString();
        const auto seconds = parseBounded(given, 2, 1, 60);
        if (!seconds)
            return invalidKey(path, QStringLiteral("intake"), QStringLiteral("autosave_seconds"), given, 1,
                              60);
        c.autosaveSeconds = *seconds;
    }
    c.stationName = s.value(QStringLiteral("station/name")).toString();
    c.operatorName = s.value(QStringLiteral("operator/name")).toString().trimmed();
    if (c.operatorName.isEmpty())
        c.operatorName = defaultOperatorName();
    c.hubUrl = s.value(QStringLiteral("hub/url")).toString();
    const QString lang = s.value(QStringLiteral("ui/language"), c.language).toString().toLower();
    c.language = lang == QLatin1String("en") ? lang : QStringLiteral("fa");
    c.sipUser = s.value(QStringLiteral("sip/user")).toString();
    c.sipDomain = s.value(QStringLiteral("sip/domain")).toString();
    c.sipProxy = s.value(QStringLiteral("sip/proxy")).toString();
    c.sipTransport = s.value(QStringLiteral("sip/transport"), c.sipTransport).toString().toLower();
    return c;
}

QString ConsoleConfig::defaultOperatorName()
{
    for (const char *variable : {"USER", "USERNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("operator");
}

} // namespace Pasokh::Core
