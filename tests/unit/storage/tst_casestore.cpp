// SPDX-License-Identifier: GPL-3.0-or-later
// Registering and amending cases: one transaction with event and outbox rows, tracking codes, validation,
// storage faults (disk full, locked) that lose nothing, caller history, the browser's filters, drafts and the
// call log.
#include "models/core/consoleconfig.h"
#include "models/core/jalali.h"
#include "models/core/trackingcode.h"
#include "models/core/verhoeff.h"
#include "models/storage/calllog.h"
#include "models/storage/casereader.h"
#include "models/storage/casestore.h"
#include "models/storage/casevalidator.h"
#include "models/storage/draftstore.h"
#include "models/storage/outbox.h"
#include "tests/support/teststore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh;
using Pasokh::Storage::CaseReader;
using Pasokh::Testing::TestStore;

class TestCaseStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registerWritesCaseEventCallerAndOutboxTogether();
    void trackingCodesFollowTheStationSequence();
    void invalidCaseWritesNothing_data();
    void invalidCaseWritesNothing();
    void failureMidTransactionWritesNothing();
    void diskFullIsReportedAndNothingLost();
    void lockedStoreIsReported();
    void hostileTextIsCleaned();
    void tenThousandCharacterDescriptionIsKept();
    void amendRecordsChangesAndOutbox();
    void amendRefusedAfterSubmit();
    void callerHistoryByNormalisedNumber();
    void filters_data();
    void filters();
    void sortAndPaging();
    void commonWordPagesAreNewestFirst();
    void drafts();
    void callLogLinksCase();
    void registerRecordsUsedArticles();
    void consoleWithoutOperatorNameCanSave();
};

void TestCaseStore::registerRecordsUsedArticles()
{
    TestStore store;
    QVERIFY2(store.ok(), qPrintable(store.error()));
    QVERIFY(store.exec(
        QStringLiteral("INSERT INTO kb_articles (id, title, title_key, body, content_sha256, updated_at_utc) "
                       "VALUES ('waste-collection', 't', 't', 'b', 'x', 0)")));
    Core::CaseRecord in = TestStore::sampleCase();
    in.usedArticles = {QStringLiteral("waste-collection"), QStringLiteral("no-such-article")};
    const auto saved = store.cases().registerCase(in);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    // The known article is recorded with the new case; an unknown id is skipped and never blocks the save.
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM kb_usage WHERE case_id = '%1' AND "
                                         "article_id = 'waste-collection' AND operator = 'op-test'")
                              .arg(saved.value().id)),
             1);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM kb_usage")), 1);
}

void TestCaseStore::registerWritesCaseEventCallerAndOutboxTogether()
{
    TestStore store;
    QVERIFY2(store.ok(), qPrintable(store.error()));
    Core::CaseRecord in = TestStore::sampleCase();
    const auto saved = store.cases().registerCase(in);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    const Core::CaseRecord c = saved.value();
    QCOMPARE(c.status, Core::CaseStatus::Registered);
    QCOMPARE(c.caller.phone, QStringLiteral("+989151234567"));
    QCOMPARE(c.station, 7);
    QCOMPARE(c.operatorName, QStringLiteral("op-test"));
    QVERIFY(Core::Verhoeff::isValid(c.trackingCode));
    QCOMPARE(c.expectedAt, c.requestedAt.addDays(1)); // WASTE-COLLECT: SLA 1 day

    const auto found = CaseReader::find(store.db()->writer(), c.id);
    QVERIFY(found.ok() && found.value().has_value());
    QCOMPARE(found.value()->description, in.description);
    QCOMPARE(found.value()->trackingCode, c.trackingCode);
    QCOMPARE(found.value()->location.district, 7);
    QCOMPARE(found.value()->agencyResponsible, QStringLiteral("D07"));

    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM case_events WHERE kind = 'created'")), 1);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM callers WHERE phone = '+989151234567'")), 1);
    QCOMPARE(
        store.scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE op = 'create' AND state = 'pending'")),
        1);
    QSqlQuery q(store.db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT payload FROM outbox")) && q.next());
    const QJsonObject payload = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    QCOMPARE(payload.value(QStringLiteral("tracking_code")).toString(), c.trackingCode);
    QCOMPARE(payload.value(QStringLiteral("service_code")).toString(), QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(payload.value(QStringLiteral("phone")).toString(), QStringLiteral("+989151234567"));
    const auto counts = Storage::Outbox::counts(store.db()->writer());
    QVERIFY(counts.ok());
    QCOMPARE(counts.value().pending, 1);
}

void TestCaseStore::trackingCodesFollowTheStationSequence()
{
    TestStore store;
    QVERIFY(store.ok());
    QStringList codes;
    for (int i = 0; i < 3; ++i)
        codes << store.cases().registerCase(TestStore::sampleCase()).value().trackingCode;
    for (int i = 0; i < 3; ++i) {
        const auto parsed = Core::TrackingCode::parse(codes.at(i));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().station, 7);
        QCOMPARE(parsed.value().sequence, i + 1);
    }
    QCOMPARE(store.scalar(QStringLiteral("SELECT last_sequence FROM tracking_sequences WHERE station = 7")),
             3);
}

void TestCaseStore::invalidCaseWritesNothing_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::newRow("no category") << "service_code"
                                 << "";
    QTest::newRow("group as category") << "service_code"
                                       << "WASTE";
    QTest::newRow("no description") << "description"
                                    << "   ";
    QTest::newRow("bad phone") << "phone"
                               << "0915";
    QTest::newRow("bad national id") << "national_id"
                                     << "0077611617";
    QTest::newRow("no district") << "district"
                                 << "0";
    QTest::newRow("no unit") << "agency_responsible"
                             << "";
    QTest::newRow("unknown unit") << "agency_responsible"
                                  << "NOPE";
}

void TestCaseStore::invalidCaseWritesNothing()
{
    TestStore store;
    QVERIFY(store.ok());
    QFETCH(QString, field);
    QFETCH(QString, value);
    Core::CaseRecord c = TestStore::sampleCase();
    if (field == QLatin1String("service_code"))
        c.serviceCode = value;
    else if (field == QLatin1String("description"))
        c.description = value;
    else if (field == QLatin1String("phone"))
        c.caller.phone = value;
    else if (field == QLatin1String("national_id"))
        c.caller.nationalId = value;
    else if (field == QLatin1String("district"))
        c.location.district = value.toInt();
    else if (field == QLatin1String("agency_responsible"))
        c.agencyResponsible = value;
    const auto r = store.cases().registerCase(c);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("invalid"));
    QVERIFY(!r.error().message.isEmpty());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 0);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM outbox")), 0);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM tracking_sequences")), 0);
}

void TestCaseStore::failureMidTransactionWritesNothing()
{
    TestStore store;
    QVERIFY(store.ok());
    // Make the last write of the transaction (the outbox row) fail.
    QVERIFY(store.exec(QStringLiteral("CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
                                      "BEGIN SELECT RAISE(ABORT, 'injected'); END")));
    const auto r = store.cases().registerCase(TestStore::sampleCase());
    QVERIFY(!r.ok());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 0);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM case_events")), 0);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM callers")), 0);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM tracking_sequences")), 0);
    QVERIFY(store.exec(QStringLiteral("DROP TRIGGER fail_outbox")));
    QVERIFY(store.cases().registerCase(TestStore::sampleCase()).ok()); // and the store still works
}

void TestCaseStore::diskFullIsReportedAndNothingLost()
{
    TestStore store;
    QVERIFY(store.ok());
    const auto first = store.cases().registerCase(TestStore::sampleCase());
    QVERIFY(first.ok());
    // SQLite reports SQLITE_FULL once the file may not grow: the same code path as a full disk.
    const qint64 pages = store.scalar(QStringLiteral("PRAGMA page_count"));
    QVERIFY(store.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
    Core::CaseRecord big = TestStore::sampleCase();
    big.description = QString(15000, QChar(0x0633));
    const auto r = store.cases().registerCase(big);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("disk_full"));
    QVERIFY(!r.error().message.isEmpty());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 1);
    QVERIFY(CaseReader::find(store.db()->writer(), first.value().id).value().has_value());
}

void TestCaseStore::lockedStoreIsReported()
{
    TestStore store;
    QVERIFY(store.ok());
    QVERIFY(store.exec(QStringLiteral("PRAGMA busy_timeout = 200")));
    {
        auto other = Storage::Database::openReader(store.dbPath(), QStringLiteral("other-writer"));
        QVERIFY(other.ok());
        QSqlQuery q(other.value());
        QVERIFY(q.exec(QStringLiteral("PRAGMA query_only = OFF")));
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        const auto r = store.cases().registerCase(TestStore::sampleCase());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("locked"));
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
    }
    Storage::Database::closeConnection(QStringLiteral("other-writer"));
    QVERIFY(store.cases().registerCase(TestStore::sampleCase()).ok());
}

void TestCaseStore::hostileTextIsCleaned()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord c = TestStore::sampleCase();
    c.description = QStringLiteral("چاله\u202E در \u0007خیابان");
    c.caller.name = QStringLiteral("علی\u2066\nرضایی");
    const auto r = store.cases().registerCase(c);
    QVERIFY(r.ok());
    QCOMPARE(r.value().description, QStringLiteral("چاله در خیابان"));
    QCOMPARE(r.value().caller.name, QStringLiteral("علی رضایی"));
}

void TestCaseStore::tenThousandCharacterDescriptionIsKept()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord c = TestStore::sampleCase();
    c.description = QStringLiteral("گزارش ").repeated(2000); // 10,000 characters
    const auto r = store.cases().registerCase(c);
    QVERIFY(r.ok());
    QCOMPARE(CaseReader::find(store.db()->writer(), r.value().id).value()->description,
             c.description.trimmed());
    c.description = QString(Storage::CaseValidator::kMaxDescription + 10, QChar(0x0628));
    const auto tooLong = store.cases().registerCase(c);
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().code, QStringLiteral("invalid"));
}

// Regression (fresh-user trial): a console started with no INI, or one without [operator] name, failed every
// save with "NOT NULL constraint failed: case_events.actor". The config now always names an operator.
void TestCaseStore::consoleWithoutOperatorNameCanSave()
{
    TestStore store;
    QVERIFY(store.ok());
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("pasokh.ini"));
    QFile f(ini);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[station]\nnumber=7\n[operator]\nname=\n");
    f.close();
    qputenv("USER", "zkazemi");
    const Core::ConsoleConfig noFile = Core::ConsoleConfig::load(QString()).value();
    const Core::ConsoleConfig emptyName = Core::ConsoleConfig::load(ini).value();
    QCOMPARE(noFile.operatorName, QStringLiteral("zkazemi"));
    QCOMPARE(emptyName.operatorName, QStringLiteral("zkazemi"));
    qunsetenv("USER");
    qunsetenv("USERNAME");
    QCOMPARE(Core::ConsoleConfig::defaultOperatorName(), QStringLiteral("operator"));

    Storage::CaseStore cases(store.db(), store.catalog(), emptyName.station, emptyName.operatorName);
    const auto saved = cases.registerCase(TestStore::sampleCase());
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QSqlQuery q(store.db()->writer());
    QVERIFY(
        q.exec(QStringLiteral("SELECT actor FROM case_events WHERE case_id = '%1'").arg(saved.value().id)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("zkazemi"));
}

void TestCaseStore::amendRecordsChangesAndOutbox()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord c = store.cases().registerCase(TestStore::sampleCase()).value();
    c.description = QStringLiteral("زباله‌ها هنوز جمع نشده و بوی بد می‌دهد");
    c.location.district = 9;
    c.agencyResponsible = QStringLiteral("D09");
    const auto amended = store.cases().amendCase(c);
    QVERIFY2(amended.ok(), qPrintable(amended.ok() ? QString() : amended.error().message));
    QCOMPARE(amended.value().location.district, 9);
    const auto events = CaseReader::events(store.db()->writer(), c.id);
    QVERIFY(events.ok());
    QCOMPARE(events.value().size(), 2);
    QCOMPARE(events.value().at(1).kind, QStringLiteral("amended"));
    QCOMPARE(events.value().at(1).actor, QStringLiteral("op-test"));
    const QJsonObject changes = QJsonDocument::fromJson(events.value().at(1).changes.toUtf8()).object();
    QCOMPARE(changes.value(QStringLiteral("district")).toArray().at(0).toInt(), 7);
    QCOMPARE(changes.value(QStringLiteral("district")).toArray().at(1).toInt(), 9);
    QVERIFY(changes.contains(QStringLiteral("description")));
    QVERIFY(!changes.contains(QStringLiteral("tracking_code")));
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE op = 'amend'")), 1);
    // No change → no event, no outbox row.
    QVERIFY(store.cases().amendCase(amended.value()).ok());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM case_events")), 2);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM outbox")), 2);
}

void TestCaseStore::amendRefusedAfterSubmit()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord c = store.cases().registerCase(TestStore::sampleCase()).value();
    QVERIFY(store.exec(QStringLiteral("UPDATE cases SET status = 'submitted'")));
    c.description = QStringLiteral("تغییر");
    const auto r = store.cases().amendCase(c);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("not_editable"));
    Core::CaseRecord missing = c;
    missing.id = QStringLiteral("nope");
    QCOMPARE(store.cases().amendCase(missing).error().code, QStringLiteral("not_found"));
}

void TestCaseStore::callerHistoryByNormalisedNumber()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord a = TestStore::sampleCase();
    a.caller.phone = QStringLiteral("0915 123 4567");
    Core::CaseRecord b = TestStore::sampleCase();
    b.caller.phone = QStringLiteral("+98 915 123 4567");
    b.serviceCode = QStringLiteral("LIGHT-OUT");
    Core::CaseRecord other = TestStore::sampleCase();
    other.caller.phone = QStringLiteral("09351112233");
    QVERIFY(store.cases().registerCase(a).ok());
    QTest::qWait(2);
    QVERIFY(store.cases().registerCase(b).ok());
    QVERIFY(store.cases().registerCase(other).ok());
    const auto h = CaseReader::callerHistory(store.db()->writer(), QStringLiteral("+989151234567"));
    QVERIFY(h.ok());
    QCOMPARE(h.value().cases.size(), 2);
    QCOMPARE(h.value().cases.at(0).serviceCode, QStringLiteral("LIGHT-OUT")); // newest first
    QVERIFY(CaseReader::callerHistory(store.db()->writer(), QString()).value().cases.isEmpty());
}

void TestCaseStore::filters_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("none") << ""
                          << "" << 4;
    QTest::newRow("district 7") << "district"
                                << "7" << 2;
    QTest::newRow("group") << "service"
                           << "WASTE" << 2;
    QTest::newRow("leaf") << "service"
                          << "LIGHT-OUT" << 1;
    QTest::newRow("unit") << "unit"
                          << "ORG-PARKS" << 1;
    QTest::newRow("phone any form") << "phone"
                                    << "۰۹۱۵ ۱۲۳ ۴۵۶۷" << 3;
    QTest::newRow("phone digits") << "phone"
                                  << "4567" << 3;
    QTest::newRow("text persian") << "text"
                                  << "چراغ" << 1;
    QTest::newRow("text arabic letters") << "text"
                                         << "درخت خشك" << 1;
    QTest::newRow("text zwnj-insensitive words") << "text"
                                                 << "زباله ها" << 1;
    QTest::newRow("text short word") << "text"
                                     << "بو" << 1;
    QTest::newRow("text no match") << "text"
                                   << "قطار" << 0;
    QTest::newRow("fts syntax is literal") << "text"
                                           << "\"NEAR( *:" << 0;
    QTest::newRow("status") << "status"
                            << "registered" << 4;
    QTest::newRow("status none") << "status"
                                 << "answered" << 0;
    QTest::newRow("today") << "today"
                           << "" << 4;
    QTest::newRow("tomorrow") << "tomorrow"
                              << "" << 0;
}

void TestCaseStore::filters()
{
    TestStore store;
    QVERIFY(store.ok());
    Core::CaseRecord a = TestStore::sampleCase(); // waste, D7
    a.description = QStringLiteral("زباله‌ها جمع نشده و بوی بد می‌آید");
    Core::CaseRecord b = TestStore::sampleCase();
    b.serviceCode = QStringLiteral("LIGHT-OUT");
    b.description = QStringLiteral("چراغ‌های کوچه خاموش است");
    Core::CaseRecord c = TestStore::sampleCase();
    c.serviceCode = QStringLiteral("GREEN-TREE");
    c.agencyResponsible = QStringLiteral("ORG-PARKS");
    c.location.district = 3;
    c.description = QStringLiteral("درخت خشک در حال افتادن است");
    Core::CaseRecord d = TestStore::sampleCase();
    d.serviceCode = QStringLiteral("WASTE-BIN");
    d.caller.phone = QStringLiteral("09351112233");
    d.location.district = 2;
    d.agencyResponsible = QStringLiteral("D02");
    d.description = QStringLiteral("مخزن شکسته");
    b.location.district = 1;
    b.agencyResponsible = QStringLiteral("D01");
    for (const auto &x : {a, b, c, d})
        QVERIFY(store.cases().registerCase(x).ok());
    QVERIFY(store.exec(QStringLiteral("UPDATE cases SET district = 7 WHERE service_code = 'LIGHT-OUT'")));

    QFETCH(QString, what);
    QFETCH(QString, value);
    QFETCH(int, expected);
    Storage::CaseFilter f;
    if (what == QLatin1String("district"))
        f.district = value.toInt();
    else if (what == QLatin1String("service"))
        f.serviceCode = value;
    else if (what == QLatin1String("unit"))
        f.unit = value;
    else if (what == QLatin1String("phone"))
        f.phone = value;
    else if (what == QLatin1String("text"))
        f.text = value;
    else if (what == QLatin1String("status"))
        f.status = Core::CaseStatusText::fromCode(value);
    else if (what == QLatin1String("today"))
        f.from = f.to = Core::Jalali::tehranDate(QDateTime::currentDateTimeUtc());
    else if (what == QLatin1String("tomorrow"))
        f.from = Core::Jalali::tehranDate(QDateTime::currentDateTimeUtc()).addDays(1);
    const auto n = CaseReader::count(store.db()->writer(), f);
    QVERIFY2(n.ok(), qPrintable(n.ok() ? QString() : n.error().message));
    QCOMPARE(n.value(), expected);
    const auto rows = CaseReader::list(store.db()->writer(), f, 0, 100);
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), expected);
}

// A word in more than 2,000 descriptions takes list()'s other plan (walk the time index, test membership):
// its pages must be the same rows in the same order as a plain scan gives, with the short-word filter too.
void TestCaseStore::commonWordPagesAreNewestFirst()
{
    TestStore store;
    QVERIFY(store.ok());
    // 4,400 cases, every other one with the word, times shuffled against insertion order (i * 7919 mod 4400).
    QVERIFY(store.exec(QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4399) "
        "INSERT INTO cases (id, channel, case_type, description, description_key, urgency, status, "
        "requested_at, updated_at) SELECT 'case-' || i, 'phone', 'complaint', 'x', "
        "CASE WHEN i % 2 = 0 THEN 'خیابان آسفالت ' || (i % 3) ELSE 'چاله در کوچه' END, 'normal', "
        "'registered', 1700000000000 + (i * 7919) % 4400, 1700000000000 FROM n")));
    QSqlQuery q(store.db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM cases WHERE description_key LIKE '%آسفالت%' "
                                  "ORDER BY requested_at DESC")));
    QStringList expected;
    while (q.next())
        expected << q.value(0).toString();
    QCOMPARE(expected.size(), 2200);
    Storage::CaseFilter f;
    f.text = QStringLiteral("آسفالت");
    QCOMPARE(CaseReader::count(store.db()->writer(), f).value(), 2200);
    QStringList paged;
    for (int offset = 0; offset < 2300; offset += 100)
        for (const auto &c : CaseReader::list(store.db()->writer(), f, offset, 100).value())
            paged << c.id;
    QCOMPARE(paged, expected);

    f.text = QStringLiteral("آسفالت 1"); // a short word too: a LIKE next to the full-text clause
    QCOMPARE(CaseReader::count(store.db()->writer(), f).value(), 733);
    const auto page = CaseReader::list(store.db()->writer(), f, 0, 10).value();
    QCOMPARE(page.size(), 10);
    for (qsizetype i = 1; i < page.size(); ++i)
        QVERIFY(page.at(i - 1).requestedAt >= page.at(i).requestedAt);
}

void TestCaseStore::sortAndPaging()
{
    TestStore store;
    QVERIFY(store.ok());
    QStringList codes;
    for (int i = 0; i < 25; ++i) {
        Core::CaseRecord c = TestStore::sampleCase();
        c.location.district = 1 + i % 12;
        c.agencyResponsible = Storage::ReferenceCatalog::districtUnitCode(c.location.district);
        codes << store.cases().registerCase(c).value().trackingCode;
    }
    Storage::CaseFilter f;
    f.sortColumn = Storage::CaseFilter::SortColumn::TrackingCode;
    f.ascending = true;
    QStringList paged;
    for (int offset = 0; offset < 25; offset += 10)
        for (const auto &c : CaseReader::list(store.db()->writer(), f, offset, 10).value())
            paged << c.trackingCode;
    QCOMPARE(paged, codes);
    f.sortColumn = Storage::CaseFilter::SortColumn::District;
    f.ascending = false;
    const auto rows = CaseReader::list(store.db()->writer(), f, 0, 3).value();
    QCOMPARE(rows.first().location.district, 12);
    const auto code = Core::TrackingCode::parse(codes.at(4)).value();
    Storage::CaseFilter byCode;
    byCode.trackingCode = Core::TrackingCode::grouped(codes.at(4));
    QCOMPARE(CaseReader::count(store.db()->writer(), byCode).value(), 1);
    byCode.trackingCode = codes.at(4).left(4); // year + station prefix
    QCOMPARE(CaseReader::count(store.db()->writer(), byCode).value(), 25);
    QCOMPARE(code.sequence, 5);
}

void TestCaseStore::drafts()
{
    TestStore store;
    QVERIFY(store.ok());
    const QSqlDatabase db = store.db()->writer();
    QVERIFY(!Storage::DraftStore::load(db, QStringLiteral("intake")).value().has_value());
    QJsonObject fields{{QStringLiteral("description"), QStringLiteral("نیمه‌کاره")}};
    QVERIFY(Storage::DraftStore::save(db, QStringLiteral("intake"), fields).ok());
    fields.insert(QStringLiteral("phone"), QStringLiteral("0915"));
    QVERIFY(Storage::DraftStore::save(db, QStringLiteral("intake"), fields).ok());
    const auto d = Storage::DraftStore::load(db, QStringLiteral("intake"));
    QVERIFY(d.ok() && d.value().has_value());
    QCOMPARE(d.value()->fields, fields);
    QVERIFY(d.value()->savedAt.secsTo(QDateTime::currentDateTimeUtc()) < 5);
    QVERIFY(Storage::DraftStore::clear(db, QStringLiteral("intake")).ok());
    QVERIFY(!Storage::DraftStore::load(db, QStringLiteral("intake")).value().has_value());
}

void TestCaseStore::callLogLinksCase()
{
    TestStore store;
    QVERIFY(store.ok());
    const QSqlDatabase db = store.db()->writer();
    Storage::CallSummary call;
    call.id = QStringLiteral("call-1");
    call.ani = QStringLiteral("+989151234567");
    call.offeredAt = QDateTime::currentDateTimeUtc();
    call.outcome = QStringLiteral("answered");
    QVERIFY(Storage::CallLog::upsert(db, call, QStringLiteral("op-test")).ok());
    Core::CaseRecord c = TestStore::sampleCase();
    c.callId = call.id;
    const auto saved = store.cases().registerCase(c);
    QVERIFY(saved.ok());
    Storage::CallSummary wrap;
    wrap.id = call.id;
    wrap.disposition = QStringLiteral("case_registered");
    wrap.endedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(Storage::CallLog::upsert(db, wrap).ok());
    const auto h = CaseReader::callerHistory(db, call.ani).value();
    QCOMPARE(h.calls.size(), 1);
    QCOMPARE(h.calls.first().caseId, saved.value().id);
    QCOMPARE(h.calls.first().disposition, QStringLiteral("case_registered"));
    QCOMPARE(h.calls.first().outcome, QStringLiteral("answered"));
    QVERIFY(h.calls.first().endedAt.isValid());
}

QTEST_GUILESS_MAIN(TestCaseStore)
#include "tst_casestore.moc"
