// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Pasokh::Hub {

/// `pasokh-hub admin --db URL COMMAND ...` for centre IT. Commands:
///   add-user USERNAME --role operator|supervisor|manager|admin [--unit CODE] [--name TEXT]
///            (--password TEXT | --password-stdin)
///   reset-password USERNAME (--password TEXT | --password-stdin)
///   disable-user USERNAME | enable-user USERNAME
///   add-station [--name TEXT] [--number 1..99]      prints the station id and number
///   revoke-station ID|NUMBER
///   add-api-key NAME                                 prints the Open311 api_key (shown once)
///   list                                             users and stations as JSON
///   rotate-epoch                                     after restoring a backup: consoles resync (410)
///   import-reference DIR                             categories.csv, units.csv, mashhad-districts.csv
///   import-kb DIR                                    publish the Markdown articles of DIR (the console's
///                                                    `pasokhctl kb import` format and ids); the folder is
///                                                    the whole set: missing articles are retired; exit 3
///                                                    when some file was skipped (the others are published)
///   migrate                                          create/upgrade the schema only
/// Migrations run first for every command. Output goes to stdout, errors to stderr. User names and display
/// names with control characters are refused (AuthService::addUser).
class AdminCli
{
public:
    /// Exit codes of `pasokh-hub admin` (also in README.md, "Registering stations and operators").
    enum ExitCode
    {
        ExitOk = 0,      ///< Done.
        ExitFailed = 1,  ///< Refused or failed: bad value for the database (weak password, duplicate), I/O.
        ExitUsage = 2,   ///< Bad command line: unknown command or option, missing --db, --number not 1..99.
        ExitSkipped = 3, ///< import-kb: some files were skipped (the others were published).
    };

    /// Runs with `arguments` = everything after "admin". Returns an ExitCode.
    static int run(const QStringList &arguments);
};

} // namespace Pasokh::Hub
