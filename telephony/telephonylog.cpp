// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/telephonylog.h"

namespace Pasokh::Telephony {
Q_LOGGING_CATEGORY(lcTelephony, "pasokh.telephony", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "pasokh.telephony.engine", QtInfoMsg)
} // namespace Pasokh::Telephony
