// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <optional>

namespace Pasokh::Storage {

/// An autosaved intake form: the form's fields as JSON and when they were saved (UTC).
struct Draft
{
    QJsonObject fields;
    QDateTime savedAt;
};

/// Keeps the intake form's unsaved work in the store (table drafts, one row per slot) so that a crash or
/// power cut loses at most the last autosave interval. Writes are durable (synchronous=FULL). Use on the
/// writer's thread.
class DraftStore
{
public:
    /// Replaces the draft in `slot`. Errors: storage errors ("disk_full", ...).
    static Core::Status save(const QSqlDatabase &db, const QString &slot, const QJsonObject &fields);
    /// The draft in `slot`, or nullopt. Errors: storage errors.
    static Core::Result<std::optional<Draft>> load(const QSqlDatabase &db, const QString &slot);
    /// Deletes the draft in `slot` (after the case was registered, or the operator discarded it).
    static Core::Status clear(const QSqlDatabase &db, const QString &slot);
};

} // namespace Pasokh::Storage
