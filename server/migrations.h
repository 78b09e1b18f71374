// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

namespace Pasokh::Hub {

/// Schema migrations of the hub database, the same tables on PostgreSQL and SQLite. Applied in order on
/// start, each in its own transaction; several hub processes starting together on one PostgreSQL database
/// serialise on an advisory lock. A database whose schema is newer than this binary is refused. After
/// migrating, an empty database gets the reference data compiled into the hub (ReferenceData::seedIfEmpty).
class Migrations
{
public:
    /// Schema version this binary writes.
    static int latestVersion();
    /// Brings the database to latestVersion(); creates the server epoch on a fresh database.
    /// Returns an error message, empty on success.
    static QString migrate(SqlConnection &db);
};

} // namespace Pasokh::Hub
