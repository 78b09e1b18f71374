// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Pasokh::Storage {

/// One entry of the transfer directory: a unit (or person) and the extension calls are transferred to.
struct ExtensionEntry
{
    QString id;        ///< UUIDv7; empty for a new entry
    QString name;      ///< e.g. "District 7 municipality, complaints desk" (Persian in practice)
    QString extension; ///< what the PBX dials: digits, or a SIP URI
    QString unitCode;  ///< optional unit code (units table)
    QString note;      ///< free text, e.g. opening hours
    bool operator==(const ExtensionEntry &) const = default;
};

/// The directory of unit extensions used by the call panel's transfer dialogs (table unit_extensions,
/// resources/sql/0005_calls.sql). Names and notes are stored as typed (cleaned of controls) with a search key
/// (Core::PersianText::searchKey) so a search matches Arabic/Persian letter variants and either digit form.
/// Every function takes the connection to use. Errors: "invalid" (empty name or extension, or an extension
/// with characters a PBX cannot dial), "not_found", storage errors.
class ExtensionDirectory
{
public:
    /// All entries whose name, note or extension contains `query` (search-key match; empty = all), by name.
    static Core::Result<QList<ExtensionEntry>> search(const QSqlDatabase &db, const QString &query = {});
    /// Inserts (empty id: a new UUIDv7 is made) or updates an entry; returns it as stored.
    static Core::Result<ExtensionEntry> save(const QSqlDatabase &db, ExtensionEntry entry);
    /// Deletes an entry by id.
    static Core::Status remove(const QSqlDatabase &db, const QString &id);
    /// The extension cleaned for dialling (trimmed; Persian/Arabic digits folded to ASCII), or an "invalid"
    /// error: digits, * and # only (an internal extension), or a sip:/sips: URI.
    static Core::Result<QString> cleanExtension(const QString &extension);
};

} // namespace Pasokh::Storage
