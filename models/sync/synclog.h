// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace Pasokh::Sync {
/// Logging category of the sync engine: "pasokh.sync". Never logs a caller's name, number or national ID.
Q_DECLARE_LOGGING_CATEGORY(lcSync)
} // namespace Pasokh::Sync
