// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <optional>

namespace Pasokh::Sync {

/// Where the console keeps its copy of a store's db_instance_id OUTSIDE the data folder (notes/sync.md §4,
/// "Identity"): a data folder restored or copied from another console carries the other console's
/// sync_state but not this copy, so the two disagree and the store is re-keyed. Keyed by the store's
/// absolute path.
class IdentityAnchor
{
public:
    virtual ~IdentityAnchor() = default;
    /// The recorded db_instance_id for `storePath`, or nullopt when none is recorded.
    virtual std::optional<QString> instanceId(const QString &storePath) const = 0;
    /// Records `instanceId` for `storePath`. Returns false when it could not be written.
    virtual bool setInstanceId(const QString &storePath, const QString &instanceId) = 0;
};

/// The product's anchor: an INI file in the user's config folder (QStandardPaths::AppConfigLocation of
/// "Mashhad Municipality/Pasokh", file "sync-identity.ini"), or the file named by the environment variable
/// PASOKH_SYNC_IDENTITY_FILE. Not in the data folder, so a copied data folder does not bring it along.
class SettingsIdentityAnchor : public IdentityAnchor
{
public:
    /// `file` empty = the default location described above.
    explicit SettingsIdentityAnchor(QString file = {});
    std::optional<QString> instanceId(const QString &storePath) const override;
    bool setInstanceId(const QString &storePath, const QString &instanceId) override;
    /// The INI file used.
    QString file() const { return m_file; }
    /// The default file (environment variable or config folder).
    static QString defaultFile();

private:
    QString m_file;
};

/// An in-memory anchor for tests.
class MemoryIdentityAnchor : public IdentityAnchor
{
public:
    std::optional<QString> instanceId(const QString &storePath) const override;
    bool setInstanceId(const QString &storePath, const QString &instanceId) override;

private:
    QHash<QString, QString> m_ids;
};

} // namespace Pasokh::Sync
