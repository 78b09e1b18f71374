// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Core {

/// The console's settings from its INI file (QSettings, IniFormat). Every key, its default and meaning is
/// documented in README.md, "Configuration". Missing or malformed values fall back to the defaults below.
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

    /// Reads `path` (a missing file gives the defaults). Out-of-range numbers are clamped; an unknown
    /// language is "fa"; an empty `[operator] name` is defaultOperatorName().
    static ConsoleConfig load(const QString &path);

    /// The operator name when the INI gives none: the OS account's login name ($USER, else $USERNAME), else
    /// "operator". Every case event records who did it (case_events.actor is NOT NULL), so a console set up
    /// without an `[operator]` section must still be able to save.
    static QString defaultOperatorName();
};

} // namespace Pasokh::Core
