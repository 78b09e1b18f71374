// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/consoleconfig.h"
#include "models/storage/casestore.h"
#include "models/storage/database.h"
#include "models/storage/readworker.h"
#include "models/storage/referencedata.h"

#include <memory>

namespace Pasokh::Ui {

/// What the console's widgets share, built once by the composition root (app/pasokh): the store, its
/// reference data, the case writer, the read worker thread and the configuration. Owned by the application;
/// widgets hold a pointer.
struct ConsoleContext
{
    Core::ConsoleConfig config;
    std::shared_ptr<Storage::Database> db;
    std::shared_ptr<const Storage::ReferenceCatalog> catalog;
    std::unique_ptr<Storage::CaseStore> cases;
    std::unique_ptr<Storage::ReadWorker> reader;
};

} // namespace Pasokh::Ui
