// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/consoleconfig.h"
#include "models/storage/casestore.h"
#include "models/storage/database.h"
#include "models/storage/readworker.h"
#include "models/storage/referencedata.h"
#include "ui/consolephone.h"

#include <memory>

namespace Pasokh::Ui {

/// What the console's widgets share, built once by the composition root (app/pasokh): the store, its
/// reference data, the case writer, the read worker thread, the configuration and, when a SIP account is
/// configured, the phone. Owned by the application; widgets hold a pointer.
struct ConsoleContext
{
    Core::ConsoleConfig config;
    QString
        configPath; ///< the INI file the config came from; settings dialogs write back to it (may be empty)
    std::shared_ptr<Storage::Database> db;
    std::shared_ptr<const Storage::ReferenceCatalog> catalog;
    std::unique_ptr<Storage::CaseStore> cases;
    std::unique_ptr<Storage::ReadWorker> reader;
    std::unique_ptr<ConsolePhone> phone; ///< null without a [sip] account: the console runs without a phone
};

} // namespace Pasokh::Ui
