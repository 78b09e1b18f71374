// SPDX-License-Identifier: GPL-3.0-or-later
// DemoSeeder (pasokhctl seed-demo): coverage of districts and categories, date range and rhythms, repeat
// callers, valid numbers and IDs, hub-synced statuses without outbox rows, tracking-code consistency, the
// full-text index, and determinism for a seed.
#include "models/core/jalali.h"
#include "models/core/nationalid.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"
#include "models/storage/casereader.h"
#include "models/storage/demoseeder.h"
#include "models/storage/outbox.h"
#include "tests/support/teststore.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Pasokh;
using Pasokh::Testing::TestStore;

namespace {

const QDateTime kNow(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
constexpr qint64 kCases = 6000;

Core::Result<Storage::DemoSeedReport> seed(TestStore &store, qint64 cases, quint64 seedValue,
                                           qint64 batch = 2500)
{
    Storage::DemoSeedOptions o;
    o.cases = cases;
    o.seed = seedValue;
    o.now = kNow;
    o.batchSize = batch;
    return Storage::DemoSeeder::seed(*store.db(), *store.catalog(), o);
}

QByteArray contentHash(const TestStore &store)
{
    QSqlQuery q(store.db()->writer());
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const char *sql : {"SELECT * FROM cases ORDER BY rowid", "SELECT * FROM case_events ORDER BY id",
                            "SELECT * FROM calls ORDER BY rowid", "SELECT * FROM callers ORDER BY phone",
                            "SELECT * FROM tracking_sequences ORDER BY 1, 2"}) {
        if (!q.exec(QString::fromLatin1(sql)))
            return {};
        while (q.next())
            for (int i = 0; i < q.record().count(); ++i)
                h.addData(q.value(i).toString().toUtf8() + '\x1f');
    }
    return h.result();
}

} // namespace

class TestSeedDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void countsAndReport();
    void everyDistrictAndLeafCategoryUsed();
    void datesWithinThreeYearsWithWeeklyAndSeasonalRhythm();
    void repeatCallersAndValidIdentifiers();
    void statusesLookSyncedAndNothingPending();
    void trackingCodesStayConsistent();
    void fullTextIndexFollows();
    void deterministicForASeed();
    void refusesBadOptions_data();
    void refusesBadOptions();

private:
    std::unique_ptr<TestStore> m_store;
    Storage::DemoSeedReport m_report;
};

void TestSeedDemo::initTestCase()
{
    m_store = std::make_unique<TestStore>(QStringLiteral("tst-seed-main"));
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    const auto r = seed(*m_store, kCases, 42);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    m_report = r.value();
}

void TestSeedDemo::countsAndReport()
{
    QCOMPARE(m_report.cases, kCases);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases")), kCases);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM case_events")), m_report.events);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM calls")), m_report.calls);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE channel = 'phone'")),
             m_report.calls);
    // Every case has its "created" event; every phone case points at its call and back.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM case_events WHERE kind = 'created'")),
             kCases);
    QCOMPARE(m_store->scalar(QStringLiteral(
                 "SELECT count(*) FROM cases c JOIN calls k ON k.id = c.call_id AND k.case_id = c.id")),
             m_report.calls);
    QVERIFY(m_store->exec(QStringLiteral("PRAGMA foreign_keys = ON")));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")), 0);
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'")),
             0);
}

void TestSeedDemo::everyDistrictAndLeafCategoryUsed()
{
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT district) FROM cases")), 13);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT min(district) FROM cases")), 1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT max(district) FROM cases")), 13);
    const qint64 leaves =
        m_store->scalar(QStringLiteral("SELECT count(*) FROM categories WHERE parent IS NOT NULL"));
    QVERIFY(leaves >= 40);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT service_code) FROM cases")), leaves);
    QCOMPARE(
        m_store->scalar(QStringLiteral(
            "SELECT count(*) FROM cases WHERE service_code NOT IN (SELECT code FROM categories WHERE parent "
            "IS NOT NULL)")),
        0);
    // Every channel, case type and urgency appears; referral units are real units.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT channel) FROM cases")), 5);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT case_type) FROM cases")), 6);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT urgency) FROM cases")), 3);
    QCOMPARE(m_store->scalar(QStringLiteral(
                 "SELECT count(*) FROM cases WHERE agency_responsible IS NULL OR agency_responsible NOT IN "
                 "(SELECT code FROM units)")),
             0);
    // District municipalities receive their own district's cases.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE agency_responsible GLOB "
                                            "'D[0-9][0-9]' AND agency_responsible <> "
                                            "printf('D%02d', district)")),
             0);
    // Persian descriptions, varied.
    QVERIFY(m_store->scalar(QStringLiteral("SELECT count(DISTINCT description) FROM cases")) > kCases / 2);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE description LIKE '%{%'")), 0);
}

void TestSeedDemo::datesWithinThreeYearsWithWeeklyAndSeasonalRhythm()
{
    const qint64 now = kNow.toMSecsSinceEpoch();
    const qint64 threeYearsAgo = kNow.addDays(-1097).toMSecsSinceEpoch();
    QVERIFY(m_store->scalar(QStringLiteral("SELECT max(requested_at) FROM cases")) < now);
    QVERIFY(m_store->scalar(QStringLiteral("SELECT min(requested_at) FROM cases")) >= threeYearsAgo);
    QVERIFY(m_store->scalar(QStringLiteral("SELECT max(updated_at) FROM cases")) <= now);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE updated_at < requested_at")),
             0);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE answered_at < requested_at")),
             0);
    // Spread over all three years.
    QVERIFY(m_store->scalar(QStringLiteral("SELECT min(requested_at) FROM cases")) <
            kNow.addDays(-1090).toMSecsSinceEpoch());

    // Weekly rhythm in Tehran time: Fridays well below the other days.
    QHash<int, int> byWeekday;
    QHash<int, int> floodsByMonth;
    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT requested_at, service_code FROM cases")));
    while (q.next()) {
        const QDate d =
            Core::Jalali::tehranDate(QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC));
        ++byWeekday[d.dayOfWeek()];
        if (q.value(1).toString() == QLatin1String("ROADS-FLOOD"))
            ++floodsByMonth[Core::Jalali::calendar().partsFromDate(d).month];
    }
    const double friday = byWeekday.value(Qt::Friday);
    const double saturday = byWeekday.value(Qt::Saturday);
    QVERIFY2(friday < 0.6 * saturday,
             qPrintable(QStringLiteral("friday %1 saturday %2").arg(friday).arg(saturday)));
    for (int day : {Qt::Saturday, Qt::Sunday, Qt::Monday, Qt::Tuesday, Qt::Wednesday})
        QVERIFY(byWeekday.value(day) > friday);
    // Seasonal rhythm: flooded streets in Esfand-Ordibehesht far above Tir-Shahrivar.
    const int wet = floodsByMonth.value(12) + floodsByMonth.value(1) + floodsByMonth.value(2);
    const int dry = floodsByMonth.value(4) + floodsByMonth.value(5) + floodsByMonth.value(6);
    QVERIFY2(wet > 4 * std::max(dry, 1), qPrintable(QStringLiteral("wet %1 dry %2").arg(wet).arg(dry)));
}

void TestSeedDemo::repeatCallersAndValidIdentifiers()
{
    const qint64 withPhone =
        m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE caller_phone IS NOT NULL"));
    const qint64 distinctPhones =
        m_store->scalar(QStringLiteral("SELECT count(DISTINCT caller_phone) FROM cases"));
    const double repeatShare = 1.0 - double(distinctPhones) / double(withPhone);
    QVERIFY2(repeatShare > 0.2 && repeatShare < 0.4, qPrintable(QString::number(repeatShare)));
    QVERIFY(m_store->scalar(QStringLiteral(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM cases WHERE caller_phone IS NOT NULL GROUP BY "
                "caller_phone)")) >= 5);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM callers")), distinctPhones);
    // A repeat caller keeps the same name and national ID on every case.
    QCOMPARE(
        m_store->scalar(QStringLiteral(
            "SELECT count(*) FROM (SELECT caller_phone FROM cases WHERE caller_phone IS NOT NULL GROUP BY "
            "caller_phone HAVING count(DISTINCT caller_name) > 1 OR count(DISTINCT "
            "coalesce(caller_national_id, '')) > 1)")),
        0);

    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT caller_phone FROM cases WHERE caller_phone IS NOT NULL")));
    int mobiles = 0;
    int landlines = 0;
    while (q.next()) {
        const QString phone = q.value(0).toString();
        const auto p = Core::PhoneNumber::normalize(phone);
        QVERIFY2(p.ok(), qPrintable(phone));
        QCOMPARE(p.value().e164, phone);
        (p.value().kind == Core::PhoneNumber::Kind::Mobile ? mobiles : landlines)++;
        if (p.value().kind == Core::PhoneNumber::Kind::Landline)
            QVERIFY2(phone.startsWith(QLatin1String("+9851")), qPrintable(phone));
    }
    QVERIFY(mobiles > 3 * landlines / 2 && landlines > 0);
    QVERIFY(q.exec(QStringLiteral(
        "SELECT DISTINCT caller_national_id FROM cases WHERE caller_national_id IS NOT NULL")));
    int ids = 0;
    int mashhad = 0;
    while (q.next()) {
        const auto id = Core::NationalId::validate(q.value(0).toString());
        QVERIFY2(id.ok(), qPrintable(q.value(0).toString()));
        ++ids;
        mashhad += id.value().isMashhadPrefix() ? 1 : 0;
    }
    QVERIFY(ids > distinctPhones / 6 && ids < distinctPhones / 3);
    QVERIFY(mashhad > ids / 2);
    // Persian names of two words.
    QCOMPARE(m_store->scalar(QStringLiteral(
                 "SELECT count(*) FROM cases WHERE caller_phone IS NOT NULL AND caller_name NOT LIKE '% %'")),
             0);
}

void TestSeedDemo::statusesLookSyncedAndNothingPending()
{
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM outbox")), 0);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE has_pending <> 0")), 0);
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE status IN ('draft', 'registered')")),
        0);
    const auto counts = Storage::Outbox::counts(m_store->db()->writer());
    QVERIFY(counts.ok());
    QCOMPARE(counts.value().pending, 0);
    // Older cases mostly answered or closed, each with a response type and an answer time; every response
    // type used.
    const qint64 old = kNow.addDays(-60).toMSecsSinceEpoch();
    const double oldCases =
        m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE requested_at < %1").arg(old));
    const double oldDone = m_store->scalar(
        QStringLiteral(
            "SELECT count(*) FROM cases WHERE requested_at < %1 AND status IN ('answered', 'closed')")
            .arg(old));
    QVERIFY(oldDone / oldCases > 0.8);
    QCOMPARE(
        m_store->scalar(QStringLiteral(
            "SELECT count(*) FROM cases WHERE status IN ('answered', 'closed') AND (response_type IS NULL OR "
            "answered_at IS NULL)")),
        0);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE status NOT IN ('answered', "
                                            "'closed') AND response_type IS NOT NULL")),
             0);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT response_type) FROM cases")), 5);
    // referred, in_progress, answered, closed, rejected (+ submitted for the last hours before `now`).
    QVERIFY(m_store->scalar(QStringLiteral("SELECT count(DISTINCT status) FROM cases")) >= 5);
    // Open cases only among the recent ones.
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT count(*) FROM cases WHERE status = 'submitted' AND requested_at < %1")
                     .arg(kNow.addDays(-1).toMSecsSinceEpoch())),
             0);
    // The timeline of an answered case reads created → referred → answer.
    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM cases WHERE status = 'answered' LIMIT 1")) && q.next());
    const auto events = Storage::CaseReader::events(m_store->db()->writer(), q.value(0).toString());
    QVERIFY(events.ok());
    QCOMPARE(events.value().size(), 3);
    QCOMPARE(events.value().at(0).kind, QStringLiteral("created"));
    QCOMPARE(events.value().at(1).status, QStringLiteral("referred"));
    QCOMPARE(events.value().at(2).kind, QStringLiteral("answer"));
}

void TestSeedDemo::trackingCodesStayConsistent()
{
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(DISTINCT tracking_code) FROM cases")), kCases);
    QHash<QString, int> maxSequence; // "yy-station"
    QSqlQuery q(m_store->db()->writer());
    QVERIFY(q.exec(QStringLiteral("SELECT tracking_code, station, requested_at FROM cases")));
    while (q.next()) {
        const auto code = Core::TrackingCode::parse(q.value(0).toString());
        QVERIFY2(code.ok(), qPrintable(q.value(0).toString()));
        QCOMPARE(code.value().station, q.value(1).toInt());
        const int year = Core::Jalali::year(
            Core::Jalali::tehranDate(QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC)));
        QCOMPARE(code.value().jalaliYear, year % 100);
        const QString key = QStringLiteral("%1-%2").arg(year).arg(code.value().station);
        maxSequence[key] = std::max(maxSequence.value(key), code.value().sequence);
    }
    QVERIFY(q.exec(QStringLiteral("SELECT jalali_year, station, last_sequence FROM tracking_sequences")));
    int rows = 0;
    while (q.next()) {
        ++rows;
        QCOMPARE(q.value(2).toInt(),
                 maxSequence.value(QStringLiteral("%1-%2").arg(q.value(0).toInt()).arg(q.value(1).toInt())));
    }
    QCOMPARE(rows, maxSequence.size());
    // The console keeps registering after seeding: no tracking code is reused.
    const auto saved = m_store->cases().registerCase(TestStore::sampleCase());
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM outbox")), 1);
    QVERIFY(m_store->exec(QStringLiteral("DELETE FROM outbox")));
    QVERIFY(
        m_store->exec(QStringLiteral("DELETE FROM case_events WHERE case_id = '%1'").arg(saved.value().id)));
    QVERIFY(m_store->exec(QStringLiteral("DELETE FROM cases WHERE id = '%1'").arg(saved.value().id)));
}

void TestSeedDemo::fullTextIndexFollows()
{
    // The trigger is back and the index holds every seeded description.
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'cases_text_ai'")),
        1);
    QVERIFY(m_store->exec(QStringLiteral("INSERT INTO cases_text (cases_text) VALUES ('integrity-check')")));
    Storage::CaseFilter f;
    f.text = QStringLiteral("زباله");
    const auto viaIndex = Storage::CaseReader::count(m_store->db()->writer(), f);
    QVERIFY(viaIndex.ok());
    QCOMPARE(
        qint64(viaIndex.value()),
        m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE description_key LIKE '%زباله%'")));
    QVERIFY(viaIndex.value() > 100);
}

void TestSeedDemo::deterministicForASeed()
{
    TestStore a(QStringLiteral("tst-seed-a"));
    TestStore b(QStringLiteral("tst-seed-b"));
    TestStore c(QStringLiteral("tst-seed-c"));
    QVERIFY(a.ok() && b.ok() && c.ok());
    QVERIFY(seed(a, 800, 7).ok());
    QVERIFY(seed(b, 800, 7, 100).ok()); // batch size does not change the data
    QVERIFY(seed(c, 800, 8).ok());
    const QByteArray ha = contentHash(a);
    QVERIFY(!ha.isEmpty());
    QCOMPARE(contentHash(b), ha);
    QVERIFY(contentHash(c) != ha);
}

void TestSeedDemo::refusesBadOptions_data()
{
    QTest::addColumn<qint64>("cases");
    QTest::addColumn<qint64>("batch");
    QTest::addColumn<QString>("code");
    QTest::newRow("zero") << qint64(0) << qint64(10) << "invalid";
    QTest::newRow("too many") << qint64(50000000) << qint64(10) << "invalid";
    QTest::newRow("zero batch") << qint64(10) << qint64(0) << "invalid";
}

void TestSeedDemo::refusesBadOptions()
{
    QFETCH(qint64, cases);
    QFETCH(qint64, batch);
    QFETCH(QString, code);
    TestStore store(QStringLiteral("tst-seed-bad"));
    QVERIFY(store.ok());
    const auto r = seed(store, cases, 1, batch);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 0);
}

QTEST_GUILESS_MAIN(TestSeedDemo)
#include "tst_seeddemo.moc"
