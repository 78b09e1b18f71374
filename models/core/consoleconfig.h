// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QString>

#include <optional>

namespace Pasokh::Core {

/// The console's settings from its INI file (QSettings, IniFormat). Every key, its default and meaning is
/// documented in README.md, "Configuration". Missing keys take the defaults below.
struct ConsoleConfig
{
    int station = 1;     ///< [station] number: 1..99, given by IT when the station is registered at the hub
    QString stationName; ///< [station] name: shown in the status bar
    QString operatorName = defaultOperatorName(); ///< [operator] name: stamped on the cases and events this
                                                  ///< console writes; never empty
    QString hubUrl;                               ///< [hub] url: empty = work offline on the local store only
    QString language = QStringLiteral("fa");      ///< [ui] language: fa (right-to-left) or en
    int autosaveSeconds = 5; ///< [intake] autosave_seconds: 1..60, how often the intake form's draft is saved
    QString sipUser;         ///< [sip] user
    QString sipDomain;       ///< [sip] domain
    QString sipProxy;        ///< [sip] proxy
    QString sipTransport = QStringLiteral("udp"); ///< [sip] transport: udp, tcp or tls

    /// Whether the INI file must exist: one named with --config must; the default <data-dir>/pasokh.ini may
    /// be missing (then every key has its default).
    enum class File
    {
        Optional,
        Required,
    };

    /// Reads `path` (empty: the defaults). Fails, with a translated message naming the file and the key,
    /// when a Required file is missing ("config_missing"), the file cannot be read or parsed
    /// ("config_unreadable"), or [station] number is not a whole number 1..99 or [intake] autosave_seconds
    /// not one of 1..60 ("config_invalid"): a wrong station number would go into every tracking code
    /// (DESIGN.md), so it is never guessed. An unknown language is "fa"; an empty `[operator] name` is
    /// defaultOperatorName().
    static Result<ConsoleConfig> load(const QString &path, File file = File::Optional);

    /// A station number as given by IT ("7", "07", Persian or Arabic-Indic digits, surrounding spaces):
    /// the number when it is a whole number 1..99 (00 is the hub's, DESIGN.md "tracking code"), otherwise
    /// nullopt ("0", "100", "07x", "7.0", "-3", "").
    static std::optional<int> parseStationNumber(const QString &text);

    /// The operator name when the INI gives none: the OS account's login name ($USER, else $USERNAME), else
    /// "operator". Every case event records who did it (case_events.actor is NOT NULL), so a console set up
    /// without an `[operator]` section must still be able to save.
    static QString defaultOperatorName();
};

} // namespace Pasokh::Core
