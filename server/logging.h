// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace Pasokh::Hub {

/// `pasokh.hub`: start-up, storage and handler errors. Never logs a caller's name, number or national ID.
Q_DECLARE_LOGGING_CATEGORY(lcHub)
/// `pasokh.hub.access`: one line per request: method, path (never the query string), status, bytes, µs.
Q_DECLARE_LOGGING_CATEGORY(lcAccess)

} // namespace Pasokh::Hub
