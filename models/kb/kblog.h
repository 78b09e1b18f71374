// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

/// Logging category of the knowledge base: "pasokh.kb".
Q_DECLARE_LOGGING_CATEGORY(lcKb)
