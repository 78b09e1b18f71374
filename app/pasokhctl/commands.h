// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <QTextStream>

/// pasokhctl, the admin CLI (issue 2): one function per command, each writing its result to `out` and
/// plain-English errors to `err`, returning the process exit code. main() only parses the command line
/// (run()); tests call these directly.
namespace Pasokh::Ctl {

/// Exit codes of every command (also listed in `pasokhctl --help` and README.md, "pasokhctl").
enum ExitCode
{
    ExitOk = 0,      ///< Done; for validate/normalize: the value is valid.
    ExitFailed = 1,  ///< Invalid value, failed integrity check, or an error (storage, I/O).
    ExitUsage = 2,   ///< Bad command line: unknown command, missing or malformed argument. `sync`: also when
                     ///< the hub refuses the login (models/sync/synccommand.h).
    ExitPartial = 3, ///< `kb import` finished but skipped some files (each named on stderr).
    ExitNoStore = 4, ///< The data folder holds no store (db check, db backup, export, kb search).
    ExitNoArticles = 5, ///< `kb search`: the knowledge base holds no article yet (run `kb import DIR`).
};

/// The exit-code table printed by `--help` (one line per code of ExitCode).
QString exitCodeHelp();

/// Neutralises a CSV cell against spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, TAB or CR gets a leading single quote, unless it is a plain number
/// ("-36.5", "+989151234567"), which a spreadsheet reads as a number and never as a formula.
QString neutraliseFormula(const QString &cell);

/// `kb import DIR` and `kb search QUERY [--limit N]` (issue 4) around Kb::runKbCommand: import takes the
/// data folder's instance lock (refused while a console has it open, like seed-demo); search on a data
/// folder without a store exits ExitNoStore and on a store without articles ExitNoArticles, each with a
/// message on `err`. `words` are the words after "kb"; `limit` is the --limit value or empty.
int kbCommand(const QStringList &words, const QString &limit, const QString &dataDir, QTextStream &out,
              QTextStream &err);

/// `validate national-id VALUE`: prints the normalised 10 digits (exit 0) or the reason (stderr, exit 1);
/// soft warnings (notes/persian.md §3) go to stderr.
int validateNationalId(const QString &value, QTextStream &out, QTextStream &err);

/// `normalize phone VALUE`: prints E.164 (exit 0) or the reason (stderr, exit 1).
int normalizePhone(const QString &value, QTextStream &out, QTextStream &err);

/// `normalize text VALUE`: prints PersianText::searchKey(VALUE) (notes/persian.md §5) without C0/C1 control
/// characters (a terminal escape sequence in VALUE is never passed to the terminal); always exit 0.
int normalizeText(const QString &value, QTextStream &out, QTextStream &err);

/// Arguments of `seed-demo`.
struct SeedDemoArgs
{
    QString dataDir;
    qint64 cases = 0;
    quint64 seed = 1;
};

/// `seed-demo --cases N [--seed S]`: opens (creating and migrating if needed) the store in `dataDir` under
/// the instance lock, imports the reference data if the store has none, and adds N invented cases
/// (DemoSeeder). Prints a summary with the time taken.
int seedDemo(const SeedDemoArgs &args, QTextStream &out, QTextStream &err);

/// Arguments of `export cases`.
struct ExportArgs
{
    QString dataDir;
    QString from; ///< Jalali ("1403/01/15", any digits) or ISO ("2024-04-03"); Tehran days, inclusive.
    QString to;
    QString format = QStringLiteral("csv");
    QString output; ///< File to write; empty = `out`.
    bool includePersonal = false;
};

/// The exported column names, in order: Open311 GeoReport v2 request fields, then Pasokh's, then (only with
/// includePersonal) caller_name, caller_phone, caller_national_id.
QStringList exportColumns(bool includePersonal);

/// `export cases --from DATE --to DATE --format csv [--output FILE] [--include-personal]`: streams the cases
/// requested in that Tehran-day range, oldest first, as RFC 4180 CSV (UTF-8, CRLF) through Csv::writeRow.
/// Personal data is left out unless asked for, and left out of anonymous cases even then. Every cell goes
/// through neutraliseFormula() (a description "=HYPERLINK(...)" is written as "'=HYPERLINK(...)"). Opens the
/// store read-only and never migrates it. Prints the row count to `err` when writing to a file.
int exportCases(const ExportArgs &args, QTextStream &out, QTextStream &err);

/// `db check`: PRAGMA integrity_check, schema version, row counts, outbox pending/parked. Exit 1 when the
/// integrity check fails or the file cannot be read, ExitNoStore (only that message) when there is no
/// store. Read-only; never migrates.
int dbCheck(const QString &dataDir, QTextStream &out, QTextStream &err);

/// `db backup FILE`: a consistent copy of the store with VACUUM INTO; refuses to overwrite FILE and names
/// FILE's folder when it does not exist or cannot be written. ExitNoStore when there is no store.
int dbBackup(const QString &dataDir, const QString &file, QTextStream &out, QTextStream &err);

/// `db recover`: Storage::StoreRecovery on a damaged store (notes/sync.md T12): the damaged files go to
/// <data-dir>/quarantine/<UTC time>/, what sqlite3 can read becomes the new store, unacknowledged cases are
/// re-queued. Prints the report (quarantine folder, method, counts). Exit 0 recovered, 1 failed or not
/// damaged.
int dbRecover(const QString &dataDir, QTextStream &out, QTextStream &err);

/// Parses a --from/--to date: ISO yyyy-MM-dd when the year is 1700 or later, otherwise a Jalali date
/// (Jalali::parseDate: "/", "-" or "." separators, any digits). Invalid QDate when it is neither.
QDate parseDateArgument(const QString &text);

/// The whole command line (arguments as QCoreApplication::arguments(), program name first): parses it with
/// QCommandLineParser and dispatches to the functions above. `--help` prints the usage to `out`. The
/// global option `--data-dir DIR` may come before the command or after it, for every command (`sync`
/// included; given twice with different folders is a usage error).
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace Pasokh::Ctl
