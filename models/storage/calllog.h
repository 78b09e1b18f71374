// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/storage/casereader.h"

#include <QSqlDatabase>

namespace Pasokh::Storage {

/// Writes the call log (table calls): one row per offered call, updated as it is answered, ended and wrapped
/// up. `CallSummary::ani` must already be E.164 (or empty for a withheld caller). Use on the writer's thread.
class CallLog
{
public:
    /// Inserts the call, or updates every non-empty field of an existing row with the same id. Errors:
    /// storage errors.
    static Core::Status upsert(const QSqlDatabase &db, const CallSummary &call,
                               const QString &agent = QString(), const QString &displayName = QString(),
                               const QString &dnis = QString());
};

} // namespace Pasokh::Storage
