// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QSqlError>

namespace Pasokh::Storage {

/// Maps an SQLite error (QSqlError whose nativeErrorCode() is the SQLite result code) to a Core::Error with a
/// stable code and a translated message the operator can act on: "disk_full" (SQLITE_FULL 13), "read_only"
/// (SQLITE_READONLY 8, SQLITE_CANTOPEN 14, SQLITE_PERM 3), "locked" (SQLITE_BUSY 5, SQLITE_LOCKED 6),
/// "corrupt" (SQLITE_CORRUPT 11, SQLITE_NOTADB 26), "constraint" (SQLITE_CONSTRAINT 19), "io" (SQLITE_IOERR
/// 10), otherwise "database".
Core::Error storageError(const QSqlError &error);

/// The same mapping from an SQLite result code and message (extended codes are reduced to their primary
/// code).
Core::Error storageError(int sqliteCode, const QString &detail);

} // namespace Pasokh::Storage
