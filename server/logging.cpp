// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/logging.h"

namespace Pasokh::Hub {

Q_LOGGING_CATEGORY(lcHub, "pasokh.hub")
Q_LOGGING_CATEGORY(lcAccess, "pasokh.hub.access")

} // namespace Pasokh::Hub
