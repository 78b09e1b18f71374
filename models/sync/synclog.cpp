// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/synclog.h"

namespace Pasokh::Sync {
Q_LOGGING_CATEGORY(lcSync, "pasokh.sync")
} // namespace Pasokh::Sync
