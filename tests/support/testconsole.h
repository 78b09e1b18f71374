// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/teststore.h"
#include "ui/consolecontext.h"

#include <memory>

namespace Pasokh::Testing {

/// A console context over `store` as app/pasokh builds one, without a phone: station `station`, operator
/// `operatorName` (stamped on saved cases), the store's catalog, a case writer and a read worker. Header-only
/// so that the UI tests share it without giving the widget-free test-support library a UI dependency.
inline std::unique_ptr<Ui::ConsoleContext> consoleContext(const TestStore &store, int station,
                                                          const QString &operatorName)
{
    auto ctx = std::make_unique<Ui::ConsoleContext>();
    ctx->config.station = station;
    ctx->config.operatorName = operatorName;
    ctx->db = store.db();
    ctx->catalog = store.catalog();
    ctx->cases = std::make_unique<Storage::CaseStore>(ctx->db, ctx->catalog, station, operatorName);
    ctx->reader = std::make_unique<Storage::ReadWorker>(store.dbPath());
    return ctx;
}

} // namespace Pasokh::Testing
