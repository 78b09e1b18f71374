// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/storage/instancelock.h"
#include "models/sync/synccontroller.h"
#include "ui/consolecontext.h"

#include <QString>
#include <memory>

class QApplication;

namespace Pasokh::App {

/// Command-line options of the console (README.md, "Running the console").
struct ConsoleOptions
{
    QString dataDir;             ///< --data-dir: where pasokh.sqlite lives; default the user's data folder
    QString configFile;          ///< --config: INI file; default <data-dir>/pasokh.ini
    bool configRequired = false; ///< --config was given: its file must exist (the default one may be missing)
    QString language;            ///< --lang fa|en: overrides [ui] language
};

/// Parses the console's arguments (exits with usage on --help or a bad value).
ConsoleOptions parseOptions(const QApplication &app);

/// Installs the UI language: Persian (right-to-left, fa_IR locale, our and Qt's translations) or English.
void applyLanguage(QApplication &app, const QString &language);

/// Loads Vazirmatn (setup installs it from the npm package `vazirmatn`) or falls back to Noto Sans Arabic,
/// and makes it the application font. Returns the family in use.
QString applyFont(QApplication &app);

/// Opens everything the console needs: the data folder (created if missing), the single-instance lock, the
/// store (migrated), the reference data (imported on first start), the case writer and the read worker, and,
/// when the config file has a `[sip]` group with a user, the phone (EngineTelephony supervising pasokh-phone,
/// the agent state machine logging to the store, the binding); the phone is not started here.
/// Errors: "config_missing", "config_unreadable", "config_invalid" (Core::ConsoleConfig::load, checked
/// before anything is created), "already_running", "read_only", "newer_schema", "corrupt", "disk_full",
/// "locked", ... (translated).
Core::Result<std::unique_ptr<Ui::ConsoleContext>> openConsole(const ConsoleOptions &options,
                                                              std::shared_ptr<Storage::InstanceLock> &lock);

/// The phone for the `[sip]` account of `options.configFile`, or null when there is none. `[agent]
/// wrap_up_seconds` (0..3600, default 30) sets the wrap-up timer; the engine keeps its data in
/// `<data-dir>/phone` unless `[sip] data_dir` says otherwise.
std::unique_ptr<Ui::ConsolePhone> openPhone(const ConsoleOptions &options, const Ui::ConsoleContext &ctx);
/// Starts the phone of `ctx` (when there is one; the registration state shows in the status bar) and, when
/// `[agent] ready_at_start` is true (demos and test rigs, README "Configuration"), logs the agent in as Ready
/// at once instead of waiting for the operator's "Ready". Returns true when the agent was logged in.
bool startPhone(const ConsoleOptions &options, const Ui::ConsoleContext &ctx);

/// The password of an unattended hub login, for demos and kiosk test rigs only (README "Configuration"): the
/// value of the environment variable PASOKH_HUB_PASSWORD (the one `pasokhctl sync` accepts), used with the
/// `[hub] user` of the INI. Returns an empty string when the variable is unset or empty, or when `[hub] url`
/// or
/// `[hub] user` is empty. The variable is removed from this process's environment either way, so that the
/// phone engine (a child process) never inherits it; the password is never written anywhere.
QString takeUnattendedHubPassword(const ConsoleOptions &options);

/// Starts the hub sync engine on its own thread when [hub] url is set (else returns null: the console stays
/// offline-only). Station id from [hub] station_id; the refresh token in the OS keychain (QtKeychain; where
/// none answers, the operator logs in again each start); the identity copy in the user's config folder.
std::unique_ptr<Sync::SyncController> startSync(const ConsoleOptions &options,
                                                const Ui::ConsoleContext &context);

} // namespace Pasokh::App
