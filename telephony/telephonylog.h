// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace Pasokh::Telephony {
/// Console-side telephony log category `pasokh.telephony`.
Q_DECLARE_LOGGING_CATEGORY(lcTelephony)
/// Engine-process log category `pasokh.telephony.engine` (pasokh-phone, incl. routed liblinphone logs).
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
} // namespace Pasokh::Telephony
