// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/identityanchor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Pasokh::Sync {

namespace {
QString keyFor(const QString &storePath)
{
    const QString canonical = QFileInfo(storePath).absoluteFilePath();
    return QStringLiteral("stores/") +
           QString::fromLatin1(QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
}
} // namespace

SettingsIdentityAnchor::SettingsIdentityAnchor(QString file) : m_file(file.isEmpty() ? defaultFile() : file) {}

QString SettingsIdentityAnchor::defaultFile()
{
    const QString env = qEnvironmentVariable("PASOKH_SYNC_IDENTITY_FILE");
    if (!env.isEmpty())
        return env;
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/Mashhad Municipality/Pasokh/sync-identity.ini");
}

std::optional<QString> SettingsIdentityAnchor::instanceId(const QString &storePath) const
{
    const QSettings s(m_file, QSettings::IniFormat);
    const QString v = s.value(keyFor(storePath)).toString();
    if (v.isEmpty())
        return std::nullopt;
    return v;
}

bool SettingsIdentityAnchor::setInstanceId(const QString &storePath, const QString &instanceId)
{
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSettings s(m_file, QSettings::IniFormat);
    s.setValue(keyFor(storePath), instanceId);
    s.sync();
    return s.status() == QSettings::NoError;
}

std::optional<QString> MemoryIdentityAnchor::instanceId(const QString &storePath) const
{
    const auto it = m_ids.constFind(QFileInfo(storePath).absoluteFilePath());
    if (it == m_ids.constEnd())
        return std::nullopt;
    return *it;
}

bool MemoryIdentityAnchor::setInstanceId(const QString &storePath, const QString &instanceId)
{
    m_ids.insert(QFileInfo(storePath).absoluteFilePath(), instanceId);
    return true;
}

} // namespace Pasokh::Sync
