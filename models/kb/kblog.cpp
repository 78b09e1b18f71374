// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kblog.h"

Q_LOGGING_CATEGORY(lcKb, "pasokh.kb")
