// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/consoleconfig.h"

#include <QSettings>

namespace Pasokh::Core {

ConsoleConfig ConsoleConfig::load(const QString &path)
{
    ConsoleConfig c;
    if (path.isEmpty())
        return c;
    const QSettings s(path, QSettings::IniFormat);
    c.station = qBound(1, s.value(QStringLiteral("station/number"), c.station).toInt(), 99);
    c.stationName = s.value(QStringLiteral("station/name")).toString();
    c.operatorName = s.value(QStringLiteral("operator/name")).toString().trimmed();
    if (c.operatorName.isEmpty())
        c.operatorName = defaultOperatorName();
    c.hubUrl = s.value(QStringLiteral("hub/url")).toString();
    const QString lang = s.value(QStringLiteral("ui/language"), c.language).toString().toLower();
    c.language = lang == QLatin1String("en") ? lang : QStringLiteral("fa");
    c.autosaveSeconds =
        qBound(1, s.value(QStringLiteral("intake/autosave_seconds"), c.autosaveSeconds).toInt(), 60);
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
