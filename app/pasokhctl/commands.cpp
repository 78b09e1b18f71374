// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/pasokhctl/commands.h"

#include "models/kb/kbcommand.h"
#include "models/kb/kbrepository.h"
#include "models/sync/synccommand.h"

#include "models/core/casetypes.h"
#include "models/core/digits.h"
#include "models/core/jalali.h"
#include "models/core/nationalid.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/storage/csvfile.h"
#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/demoseeder.h"
#include "models/storage/instancelock.h"
#include "models/storage/outbox.h"
#include "models/storage/referencedata.h"
#include "models/storage/storageerror.h"
#include "models/storage/storerecovery.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <optional>

namespace Pasokh::Ctl {

using namespace Pasokh::Core;
using namespace Pasokh::Storage;

namespace {

const QString kReaderConnection = QStringLiteral("pasokhctl-reader");
const QString kWriterConnection = QStringLiteral("pasokhctl-writer");

/// A read-only connection to a data folder's store, closed when it goes out of scope.
class ReadOnlyStore
{
public:
    ReadOnlyStore() = default;
    ReadOnlyStore(const ReadOnlyStore &) = delete;
    ReadOnlyStore &operator=(const ReadOnlyStore &) = delete;
    ~ReadOnlyStore()
    {
        if (m_open) {
            m_db = QSqlDatabase();
            Database::closeConnection(kReaderConnection);
        }
    }

    /// Opens the store without creating or migrating it. Returns ExitOk, or ExitNoStore / ExitFailed with
    /// the reason written to `err`.
    int open(const QString &dataDir, QTextStream &err)
    {
        m_path = storePath(dataDir);
        if (!QFileInfo::exists(m_path)) {
            err << "No Pasokh store at " << QDir::toNativeSeparators(m_path)
                << " (give the data folder with --data-dir).\n";
            return ExitNoStore;
        }
        auto db = Database::openReader(m_path, kReaderConnection);
        if (!db) {
            err << "Cannot open " << QDir::toNativeSeparators(m_path) << ": " << describe(db.error()) << "\n";
            return ExitFailed;
        }
        m_db = db.value();
        m_open = true;
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            err << "Cannot read " << QDir::toNativeSeparators(m_path) << ": "
                << describe(storageError(q.lastError())) << "\n";
            return ExitFailed;
        }
        m_version = q.value(0).toInt();
        return ExitOk;
    }

    /// Plain-English description of a storage error, with a hint for the common cases.
    static QString describe(const Error &e)
    {
        if (e.code == QLatin1String("corrupt"))
            return QStringLiteral(
                       "the file is damaged or is not a Pasokh database (%1). Restore a backup; the "
                       "file was not changed.")
                .arg(e.message);
        if (e.code == QLatin1String("locked"))
            return QStringLiteral("the database is locked by another program (%1). Try again when it is "
                                  "idle.")
                .arg(e.message);
        return e.message;
    }

    /// Writes an error and returns false when the store's schema is not the one this build knows.
    bool requireCurrentSchema(QTextStream &err) const
    {
        const int latest = Database::latestSchemaVersion();
        if (m_version > latest) {
            err << "The store was written by a newer version of Pasokh (schema " << m_version
                << "; this pasokhctl knows " << latest
                << "). Use a newer pasokhctl; the file was not changed.\n";
            return false;
        }
        if (m_version < latest) {
            err << "The store has an older schema (" << m_version << "; this pasokhctl knows " << latest
                << "). Start the console once to upgrade it, then try again.\n";
            return false;
        }
        return true;
    }

    QSqlDatabase db() const { return m_db; }
    QString path() const { return m_path; }
    int version() const { return m_version; }

private:
    QSqlDatabase m_db;
    QString m_path;
    int m_version = 0;
    bool m_open = false;
};

QString isoUtc(const QVariant &ms)
{
    if (ms.isNull())
        return QString();
    return QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC).toString(Qt::ISODate);
}

QString coordinate(const QVariant &v)
{
    return v.isNull() ? QString() : QString::number(v.toDouble(), 'f', 6);
}

/// Open311 GeoReport v2 knows two states; Pasokh's own status goes to case_status.
QString open311Status(const QString &pasokhStatus)
{
    static const QStringList closed = {QStringLiteral("answered"), QStringLiteral("closed"),
                                       QStringLiteral("rejected")};
    return closed.contains(pasokhStatus) ? QStringLiteral("closed") : QStringLiteral("open");
}

} // namespace

QString exitCodeHelp()
{
    return QStringLiteral(
        "Exit codes:\n"
        "  0  done; validate/normalize: the value is valid\n"
        "  1  invalid value, failed integrity check, or an error (storage, files, hub unreachable)\n"
        "  2  bad command line; sync: also when the hub refuses the login\n"
        "  3  kb import finished but skipped some files (each named on stderr)\n"
        "  4  no store in the data folder (db check, db backup, export, kb search)\n"
        "  5  kb search: the knowledge base has no articles yet (run kb import DIR)\n");
}

QString neutraliseFormula(const QString &cell)
{
    if (cell.isEmpty())
        return cell;
    const QChar first = cell.front();
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (!triggers.contains(first))
        return cell;
    static const QRegularExpression number(QStringLiteral("^[+-]?[0-9]+(\\.[0-9]+)?$"));
    if (number.match(cell).hasMatch())
        return cell;
    return QLatin1Char('\'') + cell;
}

int kbCommand(const QStringList &words, const QString &limit, const QString &dataDir, QTextStream &out,
              QTextStream &err)
{
    const QString sub = words.value(0);
    QStringList args = QStringList{QStringLiteral("kb")} + words;
    if (!limit.isNull()) {
        if (sub != QLatin1String("search")) {
            err << "--limit is only for kb search.\nRun pasokhctl --help for the commands.\n";
            return ExitUsage;
        }
        // Told before any store is opened (the knowledge base's own check, kbcli.cpp, says the same).
        bool ok = false;
        const int n = Digits::toAscii(limit).toInt(&ok);
        if (!ok || n < 1 || n > 200) {
            err << "--limit must be a number from 1 to 200.\nRun pasokhctl --help for the commands.\n";
            return ExitUsage;
        }
        args << QStringLiteral("--limit") << QString::number(n);
    }
    if (sub == QLatin1String("import") && words.size() == 2) {
        // Like seed-demo and db recover: never write a store that a console has open.
        if (!QDir().mkpath(dataDir)) {
            err << "Cannot create the data folder " << QDir::toNativeSeparators(dataDir) << ".\n";
            return ExitFailed;
        }
        auto lock = InstanceLock::acquire(dataDir);
        if (!lock) {
            err << "Cannot use " << QDir::toNativeSeparators(dataDir) << ": " << lock.error().message << "\n";
            return ExitFailed;
        }
        return Pasokh::Kb::runKbCommand(args, dataDir, out, err);
    }
    if (sub == QLatin1String("search") && words.size() >= 2) {
        ReadOnlyStore store;
        if (const int opened = store.open(dataDir, err); opened != ExitOk) {
            if (opened == ExitNoStore)
                err << "There are no articles to search; import them with: pasokhctl kb import DIR\n";
            return opened;
        }
        // A store older than the knowledge base's schema has no article table: runKbCommand migrates it.
        const auto ids = Pasokh::Kb::KbRepository(kReaderConnection).activeIds();
        if (ids && ids.value().isEmpty()) {
            err << "The knowledge base has no articles; import them with: pasokhctl kb import DIR\n";
            return ExitNoArticles;
        }
    }
    return Pasokh::Kb::runKbCommand(args, dataDir, out, err);
}

int validateNationalId(const QString &value, QTextStream &out, QTextStream &err)
{
    const auto id = NationalId::validate(value);
    if (!id) {
        err << "Invalid national ID: " << id.error().message << " (" << id.error().code << ")\n";
        return ExitFailed;
    }
    for (const QString &warning : id.value().warnings)
        err << "warning: " << warning << "\n";
    out << id.value().digits << "\n";
    return ExitOk;
}

int normalizePhone(const QString &value, QTextStream &out, QTextStream &err)
{
    const auto phone = PhoneNumber::normalize(value);
    if (!phone) {
        err << "Cannot normalise the phone number: " << phone.error().message << " (" << phone.error().code
            << ")\n";
        return ExitFailed;
    }
    out << phone.value().e164 << "\n";
    return ExitOk;
}

int normalizeText(const QString &value, QTextStream &out, QTextStream &)
{
    QString key = PersianText::searchKey(value);
    // C0 (U+0000..U+001F, DEL) and C1 (U+0080..U+009F) controls: ESC, CSI and the like drive the terminal.
    key.removeIf([](QChar c) { return c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f); });
    out << key << "\n";
    return ExitOk;
}

int seedDemo(const SeedDemoArgs &args, QTextStream &out, QTextStream &err)
{
    if (args.cases < 1) {
        err << "seed-demo needs --cases N with N of at least 1.\n";
        return ExitUsage;
    }
    if (!QDir().mkpath(args.dataDir)) {
        err << "Cannot create the data folder " << QDir::toNativeSeparators(args.dataDir) << ".\n";
        return ExitFailed;
    }
    auto lock = InstanceLock::acquire(args.dataDir);
    if (!lock) {
        err << "Cannot use " << QDir::toNativeSeparators(args.dataDir) << ": " << lock.error().message
            << "\n";
        return ExitFailed;
    }
    std::optional<DemoSeedReport> report;
    Error failure;
    {
        auto db = Database::open(storePath(args.dataDir), kWriterConnection);
        if (!db) {
            err << "Cannot open the store in " << QDir::toNativeSeparators(args.dataDir) << ": "
                << ReadOnlyStore::describe(db.error()) << "\n";
            return ExitFailed;
        }
        if (Status s = ReferenceCatalog::importIfEmpty(db.value()->writer()); !s) {
            err << "Cannot import the reference data: " << s.error().message << "\n";
            return ExitFailed;
        }
        auto catalog = ReferenceCatalog::load(db.value()->writer());
        if (!catalog) {
            err << "Cannot read the reference data: " << catalog.error().message << "\n";
            return ExitFailed;
        }
        DemoSeedOptions options;
        options.cases = args.cases;
        options.seed = args.seed;
        options.progress = [&err](qint64 done, qint64 total) {
            err << "seed-demo: " << done << " / " << total << " cases\n";
            err.flush();
        };
        auto result = DemoSeeder::seed(*db.value(), catalog.value(), options);
        if (result)
            report = result.value();
        else
            failure = result.error();
    }
    if (!report) {
        err << "seed-demo failed: " << ReadOnlyStore::describe(failure) << "\n";
        return ExitFailed;
    }
    const QLocale c = QLocale::c();
    out << "Seeded " << report->cases << " cases (" << report->callers << " new callers, " << report->calls
        << " calls, " << report->events << " events), requested from "
        << Jalali::formatDateAscii(Jalali::tehranDate(report->first)) << " to "
        << Jalali::formatDateAscii(Jalali::tehranDate(report->last)) << " (Jalali), in "
        << c.toString(double(report->elapsedMs) / 1000.0, 'f', 1) << " s.\n";
    return ExitOk;
}

QDate parseDateArgument(const QString &text)
{
    const QString ascii = Digits::toAscii(text.trimmed());
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$"));
    const auto m = iso.match(ascii);
    if (m.hasMatch() && m.captured(1).toInt() >= 1700)
        return QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (const auto jalali = Jalali::parseDate(ascii))
        return *jalali;
    return QDate();
}

QStringList exportColumns(bool includePersonal)
{
    QStringList columns = {
        // Open311 GeoReport v2, GET requests.
        QStringLiteral("service_request_id"), QStringLiteral("status"), QStringLiteral("status_notes"),
        QStringLiteral("service_name"), QStringLiteral("service_code"), QStringLiteral("description"),
        QStringLiteral("agency_responsible"), QStringLiteral("service_notice"),
        QStringLiteral("requested_datetime"), QStringLiteral("updated_datetime"),
        QStringLiteral("expected_datetime"), QStringLiteral("address"), QStringLiteral("zipcode"),
        QStringLiteral("lat"), QStringLiteral("long"), QStringLiteral("media_url"),
        // Pasokh's.
        QStringLiteral("case_status"), QStringLiteral("channel"), QStringLiteral("case_type"),
        QStringLiteral("district"), QStringLiteral("neighbourhood"), QStringLiteral("urgency"),
        QStringLiteral("response_type"), QStringLiteral("answered_datetime"),
        QStringLiteral("requested_date_jalali")};
    if (includePersonal)
        columns << QStringLiteral("caller_name") << QStringLiteral("caller_phone")
                << QStringLiteral("caller_national_id");
    return columns;
}

int exportCases(const ExportArgs &args, QTextStream &out, QTextStream &err)
{
    if (args.format != QLatin1String("csv")) {
        err << "Unknown export format \"" << args.format << "\"; only csv is supported.\n";
        return ExitUsage;
    }
    const QDate from = parseDateArgument(args.from);
    const QDate to = parseDateArgument(args.to);
    if (!from.isValid() || !to.isValid()) {
        err << "export cases needs --from and --to as Jalali (1403/01/15) or ISO (2024-04-03) dates; got \""
            << args.from << "\" and \"" << args.to << "\".\n";
        return ExitUsage;
    }
    if (to < from) {
        err << "--to is before --from.\n";
        return ExitUsage;
    }
    ReadOnlyStore store;
    if (const int opened = store.open(args.dataDir, err); opened != ExitOk)
        return opened;
    if (!store.requireCurrentSchema(err))
        return ExitFailed;

    QSqlQuery q(store.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT c.tracking_code, c.status, c.status_notes, cat.name_fa, c.service_code, c.description, "
        "c.agency_responsible, c.answer_text, c.requested_at, c.updated_at, c.expected_at, c.address, "
        "c.latitude, c.longitude, c.channel, c.case_type, c.district, c.neighbourhood, c.urgency, "
        "c.response_type, c.answered_at, c.caller_name, c.caller_phone, c.caller_national_id, c.anonymous "
        "FROM cases c LEFT JOIN categories cat ON cat.code = c.service_code "
        "WHERE c.requested_at >= ? AND c.requested_at < ? AND c.status <> 'draft' ORDER BY c.requested_at"));
    q.addBindValue(Jalali::dayStartUtc(from).toMSecsSinceEpoch());
    q.addBindValue(Jalali::dayEndUtc(to).toMSecsSinceEpoch());
    if (!q.exec()) {
        err << "Cannot read the cases: " << ReadOnlyStore::describe(storageError(q.lastError())) << "\n";
        return ExitFailed;
    }

    QSaveFile file(args.output);
    QBuffer buffer;
    QIODevice *device = &buffer;
    if (!args.output.isEmpty()) {
        if (!file.open(QIODevice::WriteOnly)) {
            err << "Cannot write " << QDir::toNativeSeparators(args.output) << ": " << file.errorString()
                << "\n";
            return ExitFailed;
        }
        device = &file;
    } else {
        buffer.open(QIODevice::WriteOnly);
    }
    // Rows go to the file as they are read; for `out` they pass through a small buffer, flushed every row.
    auto emitRow = [&](QStringList fields) {
        for (QString &field : fields)
            field = neutraliseFormula(field);
        if (!Csv::writeRow(*device, fields))
            return false;
        if (device == &buffer) {
            out << QString::fromUtf8(buffer.data());
            buffer.buffer().clear();
            buffer.seek(0);
        }
        return true;
    };
    if (!emitRow(exportColumns(args.includePersonal))) {
        err << "Cannot write the export: " << device->errorString() << "\n";
        return ExitFailed;
    }
    qint64 rows = 0;
    while (q.next()) {
        const QString status = q.value(1).toString();
        const QDateTime requested = QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC);
        QStringList fields = {q.value(0).toString(),
                              open311Status(status),
                              q.value(2).toString(),
                              q.value(3).toString(),
                              q.value(4).toString(),
                              q.value(5).toString(),
                              q.value(6).toString(),
                              q.value(7).toString(),
                              isoUtc(q.value(8)),
                              isoUtc(q.value(9)),
                              isoUtc(q.value(10)),
                              q.value(11).toString(),
                              QString(), // zipcode: not collected
                              coordinate(q.value(12)),
                              coordinate(q.value(13)),
                              QString(), // media_url: not collected yet
                              status,
                              q.value(14).toString(),
                              q.value(15).toString(),
                              q.value(16).isNull() ? QString() : QString::number(q.value(16).toInt()),
                              q.value(17).toString(),
                              q.value(18).toString(),
                              q.value(19).toString(),
                              isoUtc(q.value(20)),
                              Jalali::formatDateAscii(Jalali::tehranDate(requested))};
        if (args.includePersonal) {
            const bool anonymous = q.value(24).toInt() != 0;
            fields << (anonymous ? QString() : q.value(21).toString()) << q.value(22).toString()
                   << (anonymous ? QString() : q.value(23).toString());
        }
        if (!emitRow(fields)) {
            err << "Cannot write the export: " << device->errorString() << "\n";
            return ExitFailed;
        }
        ++rows;
    }
    if (q.lastError().isValid()) {
        err << "Reading the cases failed: " << ReadOnlyStore::describe(storageError(q.lastError())) << "\n";
        return ExitFailed;
    }
    if (device == &file) {
        if (!file.commit()) {
            err << "Cannot write " << QDir::toNativeSeparators(args.output) << ": " << file.errorString()
                << "\n";
            return ExitFailed;
        }
        err << "Exported " << rows << " cases to " << QDir::toNativeSeparators(args.output) << ".\n";
    }
    out.flush();
    return ExitOk;
}

int dbCheck(const QString &dataDir, QTextStream &out, QTextStream &err)
{
    ReadOnlyStore store;
    if (const int opened = store.open(dataDir, err); opened != ExitOk) {
        if (opened != ExitNoStore) // a file that cannot be read fails the check; a missing one is only told
            out << "integrity: FAILED\n";
        return opened;
    }
    out << "store: " << QDir::toNativeSeparators(store.path()) << "\n";
    out << "schema version: " << store.version() << " (this pasokhctl knows "
        << Database::latestSchemaVersion() << ")\n";
    QSqlQuery q(store.db());
    q.setForwardOnly(true);
    QStringList problems;
    if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) {
        problems << ReadOnlyStore::describe(storageError(q.lastError()));
    } else {
        while (q.next()) {
            const QString line = q.value(0).toString();
            if (line != QLatin1String("ok"))
                problems << line;
        }
        if (q.lastError().isValid())
            problems << ReadOnlyStore::describe(storageError(q.lastError()));
    }
    q.finish();
    if (!problems.isEmpty()) {
        out << "integrity: FAILED\n";
        const qsizetype shown = std::min<qsizetype>(problems.size(), 20);
        for (qsizetype i = 0; i < shown; ++i)
            err << "integrity: " << problems.at(i) << "\n";
        if (problems.size() > shown)
            err << "integrity: ... and " << problems.size() - shown << " more problems\n";
        err << "The store is damaged. Restore the latest backup (pasokhctl db backup makes one) and call "
               "IT.\n";
        return ExitFailed;
    }
    out << "integrity: ok\n";
    if (store.version() > Database::latestSchemaVersion()) {
        err << "The store was written by a newer version of Pasokh; row counts are not shown.\n";
        return ExitOk;
    }
    const QList<std::pair<const char *, const char *>> tables = {
        {"cases", "cases"}, {"calls", "calls"}, {"case events", "case_events"}, {"callers", "callers"}};
    for (const auto &[label, table] : tables) {
        if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) || !q.next()) {
            err << "Cannot count " << label << ": " << ReadOnlyStore::describe(storageError(q.lastError()))
                << "\n";
            return ExitFailed;
        }
        out << label << ": " << q.value(0).toLongLong() << "\n";
        q.finish();
    }
    const auto outbox = Outbox::counts(store.db());
    if (!outbox) {
        err << "Cannot count the outbox: " << ReadOnlyStore::describe(outbox.error()) << "\n";
        return ExitFailed;
    }
    out << "outbox pending: " << outbox.value().pending << "\n";
    out << "outbox parked: " << outbox.value().parked << "\n";
    return ExitOk;
}

int dbRecover(const QString &dataDir, QTextStream &out, QTextStream &err)
{
    auto report = StoreRecovery::recover(dataDir);
    if (!report) {
        err << "db recover failed (" << report.error().code << "): " << report.error().message << "\n";
        return ExitFailed;
    }
    const RecoveryReport &r = report.value();
    out << "quarantine: " << QDir::toNativeSeparators(r.quarantineDir) << "\n"
        << "method: " << r.method << "\n"
        << "recovered cases: " << r.recoveredCases << "\n"
        << "re-queued mutations: " << r.requeuedMutations << "\n"
        << "re-created create mutations: " << r.recreatedCreates << "\n"
        << "rows found behind damaged pages: " << r.salvagedRows << "\n"
        << "unrecoverable rows (read but refused): " << r.unrecoverableRows << "\n";
    out.flush();
    return ExitOk;
}

int dbBackup(const QString &dataDir, const QString &file, QTextStream &out, QTextStream &err)
{
    if (file.isEmpty()) {
        err << "db backup needs the file to write: pasokhctl db backup FILE\n";
        return ExitUsage;
    }
    const QString target = QFileInfo(file).absoluteFilePath();
    if (QFileInfo::exists(target)) {
        err << QDir::toNativeSeparators(target) << " already exists; choose a new file name.\n";
        return ExitFailed;
    }
    const QFileInfo folder(QFileInfo(target).absolutePath());
    if (!folder.isDir()) {
        err << "Cannot write the backup: the destination folder "
            << QDir::toNativeSeparators(folder.filePath()) << " does not exist.\n";
        return ExitFailed;
    }
    if (!folder.isWritable()) {
        err << "Cannot write the backup: the destination folder "
            << QDir::toNativeSeparators(folder.filePath()) << " cannot be written.\n";
        return ExitFailed;
    }
    ReadOnlyStore store;
    if (const int opened = store.open(dataDir, err); opened != ExitOk)
        return opened;
    QSqlQuery q(store.db());
    // The reader is query_only; VACUUM INTO only reads the store, but SQLite counts it as a write.
    q.exec(QStringLiteral("PRAGMA query_only = OFF"));
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(target);
    if (!q.exec()) {
        // The store was opened and read above: a failure here is most likely the destination's (full disk).
        err << "Backup to " << QDir::toNativeSeparators(target) << " failed: " << q.lastError().databaseText()
            << " (the store was not changed).\n";
        QFile::remove(target);
        return ExitFailed;
    }
    out << "Backup written to " << QDir::toNativeSeparators(target) << " (" << QFileInfo(target).size()
        << " bytes).\n";
    return ExitOk;
}

namespace {

/// The global options before the command word: `--data-dir DIR` / `--data-dir=DIR` (null when absent) and
/// the index of the first other argument (the command, or an option the main parser will judge).
struct GlobalPrefix
{
    QString dataDir;
    qsizetype next = 1;
};

GlobalPrefix globalPrefix(const QStringList &arguments)
{
    GlobalPrefix g;
    static const QString name = QStringLiteral("--data-dir");
    while (g.next < arguments.size()) {
        const QString &a = arguments.at(g.next);
        if (a == name && g.next + 1 < arguments.size()) {
            g.dataDir = arguments.at(g.next + 1);
            g.next += 2;
        } else if (a.startsWith(name + QLatin1Char('='))) {
            g.dataDir = a.mid(name.size() + 1);
            g.next += 1;
        } else {
            break;
        }
    }
    return g;
}

/// `pasokhctl [--data-dir DIR] sync ...`: sync has its own options (models/sync/synccommand.h), which also
/// take --data-dir; one given before the command becomes its default.
int runSync(const QStringList &arguments, const GlobalPrefix &global, QTextStream &out, QTextStream &err)
{
    const QStringList words = arguments.mid(global.next);
    if (!global.dataDir.isNull()) {
        for (qsizetype i = 1; i < words.size(); ++i) {
            const QString &w = words.at(i);
            const QString given = w == QLatin1String("--data-dir")             ? words.value(i + 1)
                                  : w.startsWith(QLatin1String("--data-dir=")) ? w.mid(11)
                                                                               : QString();
            if (!given.isNull() && QDir::cleanPath(given) != QDir::cleanPath(global.dataDir)) {
                err << "--data-dir is given twice with different folders (" << global.dataDir << ", " << given
                    << ").\nRun pasokhctl --help for the commands.\n";
                return ExitUsage;
            }
        }
    }
    return Pasokh::Sync::runSyncCommand(words, global.dataDir.isNull() ? defaultDataDir() : global.dataDir,
                                        out, err);
}

} // namespace

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const GlobalPrefix global = globalPrefix(arguments);
    if (arguments.value(global.next) == QLatin1String("sync"))
        return runSync(arguments, global, out, err);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "Admin tool of Pasokh, the 137 contact-centre console.\n\n"
            "Commands:\n"
            "  validate national-id VALUE      check an Iranian national ID (exit 1 when invalid)\n"
            "  normalize phone VALUE           print the number in E.164 (exit 1 when it is not one)\n"
            "  normalize text VALUE            print the Persian search key of VALUE\n"
            "  seed-demo --cases N [--seed S]  add N invented, realistic cases for demos and benchmarks\n"
            "  export cases --from DATE --to DATE --format csv [--output FILE] [--include-personal]\n"
            "                                  cases as Open311-style CSV (dates Jalali or ISO, Tehran "
            "days)\n"
            "  db check                        integrity check, schema version, counts, pending outbox\n"
            "  db backup FILE                  consistent copy of the store (VACUUM INTO)\n"
            "  db recover                      damaged store: quarantine it, recover what sqlite3 can read,\n"
            "                                  re-queue unsent cases (needs the sqlite3 program)\n"
            "  kb import DIR                   import the knowledge-base articles DIR/*.md (refused while\n"
            "                                  a console has the data folder open)\n"
            "  kb search QUERY [--limit N]     best matching articles, id and title (N: 1..200, default 10)\n"
            "  sync --hub URL --user NAME [--password-stdin] [--station-id ID] [--once] [--timeout SEC]\n"
            "                                  push the outbox to the hub and pull its changes\n"
            "  sync status                     client id, pending and parked mutations, last sync\n\n"
            "Every command takes --data-dir DIR, before or after the command.\n"
            "export writes a cell that starts with = + - @ TAB or CR (and is not a plain number) with a\n"
            "leading ' so that a spreadsheet never runs it as a formula (OWASP \"CSV Injection\").\n\n") +
        exitCodeHelp());
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("The console's data folder (default: %1).")
                                         .arg(QDir::toNativeSeparators(defaultDataDir())),
                                     QStringLiteral("DIR"));
    const QCommandLineOption cases(QStringLiteral("cases"), QStringLiteral("seed-demo: number of cases."),
                                   QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("seed-demo: random seed (default 1)."), QStringLiteral("S"),
                                  QStringLiteral("1"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("export: first day (inclusive)."),
                                  QStringLiteral("DATE"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("export: last day (inclusive)."),
                                QStringLiteral("DATE"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("export: csv."),
                                    QStringLiteral("FORMAT"), QStringLiteral("csv"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("export: write to FILE instead of standard output."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption personal(QStringLiteral("include-personal"),
                                      QStringLiteral("export: add caller name, phone and national ID."));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QStringLiteral("kb search: number of articles, 1..200 (default 10)."),
                                   QStringLiteral("N"));
    parser.addOptions({help, dataDir, cases, seed, from, to, format, output, personal, limit});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("See the commands above."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);

    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return ExitOk;
    }
    const QStringList words = parser.positionalArguments();
    const QString dir = parser.isSet(dataDir) ? parser.value(dataDir) : defaultDataDir();
    const QString command = words.value(0);
    const QString sub = words.value(1);
    auto usage = [&](const QString &message) {
        err << message << "\nRun pasokhctl --help for the commands.\n";
        return int(ExitUsage);
    };

    if (parser.isSet(limit) && command != QLatin1String("kb"))
        return usage(QStringLiteral("--limit is only for kb search."));
    if (command == QLatin1String("validate") && sub == QLatin1String("national-id") && words.size() == 3)
        return validateNationalId(words.at(2), out, err);
    if (command == QLatin1String("normalize") && words.size() == 3) {
        if (sub == QLatin1String("phone"))
            return normalizePhone(words.at(2), out, err);
        if (sub == QLatin1String("text"))
            return normalizeText(words.at(2), out, err);
    }
    if (command == QLatin1String("seed-demo") && words.size() == 1) {
        bool okCases = false;
        bool okSeed = false;
        SeedDemoArgs a;
        a.dataDir = dir;
        a.cases = Digits::toAscii(parser.value(cases)).toLongLong(&okCases);
        a.seed = Digits::toAscii(parser.value(seed)).toULongLong(&okSeed);
        if (!okCases || !okSeed || a.cases < 1)
            return usage(
                QStringLiteral("seed-demo needs --cases N (a positive number) and an optional --seed S."));
        return seedDemo(a, out, err);
    }
    if (command == QLatin1String("export") && sub == QLatin1String("cases") && words.size() == 2) {
        if (!parser.isSet(from) || !parser.isSet(to))
            return usage(QStringLiteral("export cases needs --from DATE and --to DATE."));
        ExportArgs a;
        a.dataDir = dir;
        a.from = parser.value(from);
        a.to = parser.value(to);
        a.format = parser.value(format);
        a.output = parser.value(output);
        a.includePersonal = parser.isSet(personal);
        return exportCases(a, out, err);
    }
    if (command == QLatin1String("db") && sub == QLatin1String("check") && words.size() == 2)
        return dbCheck(dir, out, err);
    if (command == QLatin1String("db") && sub == QLatin1String("backup") && words.size() == 3)
        return dbBackup(dir, words.at(2), out, err);
    if (command == QLatin1String("db") && sub == QLatin1String("recover") && words.size() == 2)
        return dbRecover(dir, out, err);
    if (command == QLatin1String("kb"))
        return kbCommand(words.mid(1), parser.isSet(limit) ? parser.value(limit) : QString(), dir, out, err);
    if (command.isEmpty())
        return usage(QStringLiteral("No command given."));
    return usage(QStringLiteral("Unknown or incomplete command: %1").arg(words.join(QLatin1Char(' '))));
}

} // namespace Pasokh::Ctl
