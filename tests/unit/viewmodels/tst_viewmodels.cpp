// SPDX-License-Identifier: GPL-3.0-or-later
// View models: the case table (lazy, async, filter/sort), caller history, category completion, and the intake
// rules (referral pre-fill, urgency default, drafts, save). Every item model runs under
// QAbstractItemModelTester.
#include "models/storage/casereader.h"
#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/callintakelink.h"
#include "models/viewmodels/casetablemodel.h"
#include "models/viewmodels/categorycompletionmodel.h"
#include "models/viewmodels/intakeviewmodel.h"
#include "tests/support/teststore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Pasokh;
using Field = ViewModels::IntakeViewModel::Field;
using Testing::TestStore;

class TestViewModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QLocale::setDefault(QLocale::c()); }
    void caseTableFetchesLazily();
    void caseTableFilterAndSort();
    void callerHistory();
    void categoryCompletion();
    void intakeReferralPrefill();
    void intakeUrgencyFromCategory();
    void intakeSaveAndIssues();
    void intakeDraftAutosaveAndRestore();
    void intakeAmend();
    void intakeStartedFromCall();
    void callerNameToPrefill_data();
    void callerNameToPrefill();
};

namespace {
void seed(TestStore &store, int n)
{
    for (int i = 0; i < n; ++i) {
        Core::CaseRecord c = TestStore::sampleCase();
        c.location.district = 1 + i % 12;
        c.agencyResponsible = Storage::ReferenceCatalog::districtUnitCode(c.location.district);
        c.caller.phone = QStringLiteral("0915%1").arg(1000000 + i % 7);
        QVERIFY(store.cases().registerCase(c).ok());
    }
}
} // namespace

void TestViewModels::caseTableFetchesLazily()
{
    TestStore store;
    QVERIFY(store.ok());
    seed(store, 450);
    Storage::ReadWorker worker(store.dbPath());
    ViewModels::CaseTableModel model(&worker, store.catalog());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy total(&model, &ViewModels::CaseTableModel::totalCountChanged);
    model.setFilter({});
    QTRY_VERIFY(model.rowCount() >= ViewModels::CaseTableModel::kPageSize);
    QTRY_COMPARE(model.totalCount(), 450);
    while (model.canFetchMore({}) || model.isLoading()) {
        if (model.canFetchMore({}))
            model.fetchMore({});
        QTest::qWait(5);
    }
    QCOMPARE(model.rowCount(), 450);
    QSet<QString> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids.insert(model.index(r, 0).data(ViewModels::CaseTableModel::CaseIdRole).toString());
    QCOMPARE(ids.size(), 450); // pages never overlap
    // Newest first by default.
    QVERIFY(model.index(0, 1).data(ViewModels::CaseTableModel::RawValueRole).toDateTime() >=
            model.index(449, 1).data(ViewModels::CaseTableModel::RawValueRole).toDateTime());
    QVERIFY(!model.index(0, 0).data().toString().isEmpty());
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Tracking code"));
}

void TestViewModels::caseTableFilterAndSort()
{
    TestStore store;
    QVERIFY(store.ok());
    seed(store, 60);
    Storage::ReadWorker worker(store.dbPath());
    ViewModels::CaseTableModel model(&worker, store.catalog());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Storage::CaseFilter f;
    f.district = 3;
    model.setFilter(f);
    QTRY_COMPARE(model.totalCount(), 5);
    QTRY_COMPARE(model.rowCount(), 5);
    for (int r = 0; r < 5; ++r)
        QCOMPARE(model.index(r, ViewModels::CaseTableModel::District)
                     .data(ViewModels::CaseTableModel::RawValueRole)
                     .toInt(),
                 3);
    // A quick second filter replaces the first: stale results never show.
    f.district = 4;
    model.setFilter(f);
    f.district = 5;
    model.setFilter(f);
    QTRY_COMPARE(model.totalCount(), 5);
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, ViewModels::CaseTableModel::District)
                 .data(ViewModels::CaseTableModel::RawValueRole)
                 .toInt(),
             5);
    model.setFilter({});
    model.sort(ViewModels::CaseTableModel::TrackingCode, Qt::AscendingOrder);
    QTRY_COMPARE(model.rowCount(), 60);
    QStringList codes;
    for (int r = 0; r < 60; ++r)
        codes << model.index(r, 0).data(ViewModels::CaseTableModel::RawValueRole).toString();
    QStringList sorted = codes;
    sorted.sort();
    QCOMPARE(codes, sorted);
}

void TestViewModels::callerHistory()
{
    TestStore store;
    QVERIFY(store.ok());
    seed(store, 14); // 7 numbers, 2 cases each
    Storage::ReadWorker worker(store.dbPath());
    ViewModels::CallerHistoryModel model(&worker, store.catalog());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &ViewModels::CallerHistoryModel::loaded);
    model.setPhone(QStringLiteral("+989151000003"));
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(model.caseCount(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data(ViewModels::CallerHistoryModel::KindRole).toString(),
             QStringLiteral("case"));
    QVERIFY(model.index(0).data().toString().contains(QStringLiteral("Uncollected waste")));
    model.setPhone(QString());
    QTRY_COMPARE(loaded.count(), 2);
    QCOMPARE(model.rowCount(), 0);
}

void TestViewModels::categoryCompletion()
{
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::CategoryCompletionModel model(store.catalog());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 59 - 14); // every leaf
    model.setQuery(QStringLiteral("زباله"));
    QVERIFY(model.rowCount() >= 1);
    bool found = false;
    for (int r = 0; r < model.rowCount(); ++r)
        found |= model.codeAt(r) == QLatin1String("WASTE-COLLECT");
    QVERIFY(found);
    QVERIFY(model.index(0).data().toString().contains(QStringLiteral(" › ")));
    model.setQuery(QStringLiteral("no such thing"));
    QCOMPARE(model.rowCount(), 0);
}

void TestViewModels::intakeReferralPrefill()
{
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 60);
    vm.setValue(Field::Category, QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(vm.value(Field::Unit).toString(), QString()); // no district yet
    vm.setValue(Field::District, 7);
    QCOMPARE(vm.value(Field::Unit).toString(), QStringLiteral("D07"));
    vm.setValue(Field::District, 13);
    QCOMPARE(vm.value(Field::Unit).toString(), QStringLiteral("DSA"));
    vm.setValue(Field::Category, QStringLiteral("GREEN-TREE"));
    QCOMPARE(vm.value(Field::Unit).toString(), QStringLiteral("ORG-PARKS"));
    vm.setValue(Field::Unit, QStringLiteral("D02")); // the operator's choice wins from now on
    vm.setValue(Field::Category, QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(vm.value(Field::Unit).toString(), QStringLiteral("D02"));
}

void TestViewModels::intakeUrgencyFromCategory()
{
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 60);
    vm.setValue(Field::Category, QStringLiteral("ROADS-MANHOLE")); // urgent = 1 in categories.csv
    QCOMPARE(Core::Urgency(vm.value(Field::Urgency).toInt()), Core::Urgency::Urgent);
}

void TestViewModels::intakeSaveAndIssues()
{
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 60);
    QSignalSpy phone(&vm, &ViewModels::IntakeViewModel::phoneNormalized);
    QSignalSpy saved(&vm, &ViewModels::IntakeViewModel::saved);
    QSignalSpy failed(&vm, &ViewModels::IntakeViewModel::saveFailed);
    QVERIFY(!vm.issueFor(QStringLiteral("service_code")).isEmpty());
    vm.setValue(Field::Phone, QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷"));
    QCOMPARE(phone.count(), 1);
    QCOMPARE(phone.first().first().toString(), QStringLiteral("+989151234567"));
    vm.setValue(Field::NationalId, QStringLiteral("0077611617"));
    QVERIFY(!vm.issueFor(QStringLiteral("national_id")).isEmpty());
    QVERIFY(!vm.save().ok());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 0);
    QCOMPARE(vm.value(Field::Phone).toString(), QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷")); // nothing typed is lost
    vm.setValue(Field::NationalId, QStringLiteral("0077611616"));
    vm.setValue(Field::Category, QStringLiteral("LIGHT-OUT"));
    vm.setValue(Field::Description, QStringLiteral("چراغ کوچه سوخته"));
    vm.setValue(Field::District, 9);
    QVERIFY(Storage::CaseValidator::canSave(vm.issues()));
    const auto r = vm.save();
    QVERIFY(r.ok());
    QCOMPARE(saved.count(), 1);
    QCOMPARE(r.value().agencyResponsible, QStringLiteral("D09"));
    QCOMPARE(r.value().caller.nationalId, QStringLiteral("0077611616"));
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 1);
    QCOMPARE(vm.value(Field::Description).toString(), QString()); // fresh form after save
}

void TestViewModels::intakeDraftAutosaveAndRestore()
{
    TestStore store;
    QVERIFY(store.ok());
    {
        ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 1);
        vm.setValue(Field::Description,
                    QStringLiteral("نیمه‌کاره: آب گرفتگی زیرگذر"));
        vm.setValue(Field::Phone, QStringLiteral("09351112233"));
        vm.setValue(Field::District, 4);
        QTRY_VERIFY_WITH_TIMEOUT(!vm.hasUnwrittenDraftChanges(), 3000); // the 1 s autosave ran
        QVERIFY(vm.pendingDraft().has_value());
        // A draft is a safety copy, not a saved case: the form still holds unsaved text (a call or "new
        // case" must not treat it as safe to replace).
        QVERIFY(vm.isDirty());
        vm.setValue(Field::Address, QStringLiteral("زیرگذر"));
        QVERIFY(vm.hasUnwrittenDraftChanges());
        QTRY_VERIFY_WITH_TIMEOUT(!vm.hasUnwrittenDraftChanges(), 3000);
        QVERIFY(vm.isDirty());
    } // the console "crashes" here: nothing else is written
    ViewModels::IntakeViewModel again(&store.cases(), store.db(), store.catalog(), 60);
    QVERIFY(again.pendingDraft().has_value());
    QVERIFY(again.restoreDraft());
    QCOMPARE(again.value(Field::Description).toString(),
             QStringLiteral("نیمه‌کاره: آب گرفتگی زیرگذر"));
    QCOMPARE(again.value(Field::Phone).toString(), QStringLiteral("09351112233"));
    QCOMPARE(again.value(Field::District).toInt(), 4);
    again.discardDraft();
    QVERIFY(!again.pendingDraft().has_value());
}

void TestViewModels::intakeAmend()
{
    TestStore store;
    QVERIFY(store.ok());
    const auto c = store.cases().registerCase(TestStore::sampleCase());
    QVERIFY(c.ok());
    ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 60);
    vm.editCase(c.value());
    QVERIFY(vm.isAmending());
    vm.setValue(Field::Address, QStringLiteral("بلوار وکیل‌آباد"));
    QVERIFY(vm.save().ok());
    const auto stored = Storage::CaseReader::find(store.db()->writer(), c.value().id).value();
    QCOMPARE(stored->location.address, QStringLiteral("بلوار وکیل‌آباد"));
    QCOMPARE(stored->trackingCode, c.value().trackingCode);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases")), 1);
}

void TestViewModels::intakeStartedFromCall()
{
    // A screen pop shows the caller's number as an operator reads it, not the raw E.164 of the SIP layer, and
    // offers the caller's display name; the saved case still carries E.164 and the call id.
    QLocale::setDefault(QLocale(QLocale::Persian, QLocale::Iran));
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::IntakeViewModel vm(&store.cases(), store.db(), store.catalog(), 60);
    QSignalSpy phone(&vm, &ViewModels::IntakeViewModel::phoneNormalized);
    vm.startNew(QStringLiteral("call-1"), QStringLiteral("+989151234567"), QStringLiteral("مریم احمدی"));
    QCOMPARE(vm.value(Field::Phone).toString(), QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷"));
    QCOMPARE(vm.value(Field::CallerName).toString(), QStringLiteral("مریم احمدی"));
    QCOMPARE(phone.last().first().toString(), QStringLiteral("+989151234567"));
    QCOMPARE(vm.currentCase().callId, QStringLiteral("call-1"));
    QVERIFY(!vm.isDirty());
    vm.setValue(Field::Category, QStringLiteral("LIGHT-OUT"));
    vm.setValue(Field::Description, QStringLiteral("چراغ کوچه سوخته"));
    vm.setValue(Field::District, 9);
    QVERIFY(vm.save().ok());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM cases WHERE caller_phone = '+989151234567' "
                                         "AND call_id = 'call-1'")),
             1);
    // A withheld caller: no number, nothing pre-filled.
    vm.startNew(QStringLiteral("call-2"), QString(), QString());
    QCOMPARE(vm.value(Field::Phone).toString(), QString());
    QCOMPARE(vm.value(Field::CallerName).toString(), QString());
}

void TestViewModels::callerNameToPrefill_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<bool>("withheld");
    QTest::addColumn<QString>("expected");
    const QString name = QStringLiteral("مریم احمدی");
    QTest::newRow("persian name") << name << false << name;
    QTest::newRow("latin name") << QStringLiteral("Reza Karimi") << false << QStringLiteral("Reza Karimi");
    QTest::newRow("extra spaces") << QStringLiteral("  Reza   Karimi ") << false
                                  << QStringLiteral("Reza Karimi");
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("blank") << QStringLiteral("   ") << false << QString();
    QTest::newRow("sipp default") << QStringLiteral("caller") << false << QString();
    QTest::newRow("sipp default, capitalised") << QStringLiteral("Caller") << false << QString();
    QTest::newRow("sipp") << QStringLiteral("sipp") << false << QString();
    QTest::newRow("anonymous") << QStringLiteral("Anonymous") << false << QString();
    QTest::newRow("unknown") << QStringLiteral("UNKNOWN") << false << QString();
    QTest::newRow("unavailable") << QStringLiteral("unavailable") << false << QString();
    QTest::newRow("number as user part") << QStringLiteral("09151234567") << false << QString();
    QTest::newRow("e164 number") << QStringLiteral("+98 915 123 4567") << false << QString();
    QTest::newRow("persian digits") << QStringLiteral("۰۹۱۵۱۲۳۴۵۶۷") << false << QString();
    QTest::newRow("sip uri") << QStringLiteral("sip:alice@pbx.local") << false << QString();
    QTest::newRow("address") << QStringLiteral("alice@pbx.local") << false << QString();
    QTest::newRow("withheld caller") << name << true << QString();
}

void TestViewModels::callerNameToPrefill()
{
    QFETCH(QString, displayName);
    QFETCH(bool, withheld);
    QFETCH(QString, expected);
    Agent::CallRecord call;
    call.id = QStringLiteral("call-1");
    call.ani = QStringLiteral("+989151234567");
    call.displayName = displayName;
    call.withheld = withheld;
    QCOMPARE(ViewModels::CallIntakeLink::nameToPrefill(call), expected);
}

QTEST_GUILESS_MAIN(TestViewModels)
#include "tst_viewmodels.moc"
