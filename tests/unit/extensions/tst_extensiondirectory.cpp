// SPDX-License-Identifier: GPL-3.0-or-later
// The transfer directory of unit extensions: storage rules (Storage::ExtensionDirectory) and the editable,
// searchable table model (ViewModels::ExtensionDirectoryModel).
#include "models/storage/extensiondirectory.h"
#include "models/viewmodels/extensiondirectorymodel.h"
#include "tests/support/teststore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Pasokh;
using Storage::ExtensionDirectory;
using Storage::ExtensionEntry;
using Testing::TestStore;

class TestExtensionDirectory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanExtension_data();
    void cleanExtension();
    void saveSearchUpdateRemove();
    void modelEditsAndRefusals();
};

void TestExtensionDirectory::cleanExtension_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty = invalid
    QTest::newRow("digits") << "2710"
                            << "2710";
    QTest::newRow("persian digits, spaces") << "  ۲۷۱۰ "
                                            << "2710";
    QTest::newRow("star hash") << "*72#"
                               << "*72#";
    QTest::newRow("sip uri") << "sip:water@pbx.137.local"
                             << "sip:water@pbx.137.local";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("letters") << "27a0"
                             << "";
    QTest::newRow("dash") << "27-10"
                          << "";
    QTest::newRow("too long") << QString(40, QLatin1Char('1')) << "";
}

void TestExtensionDirectory::cleanExtension()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto r = ExtensionDirectory::cleanExtension(input);
    QCOMPARE(r.ok(), !expected.isEmpty());
    if (r.ok())
        QCOMPARE(r.value(), expected);
    else
        QCOMPARE(r.error().code, QStringLiteral("invalid"));
}

void TestExtensionDirectory::saveSearchUpdateRemove()
{
    TestStore store;
    QVERIFY(store.ok());
    const QSqlDatabase db = store.db()->writer();
    QCOMPARE(ExtensionDirectory::search(db).value().size(), 0); // starts empty
    ExtensionEntry water{QString(), QStringLiteral("آبفای مشهد، امور مشترکین"), QStringLiteral("۲۷۱۰"),
                         QString(), QStringLiteral("شنبه تا چهارشنبه")};
    const auto saved = ExtensionDirectory::save(db, water);
    QVERIFY(saved.ok());
    QVERIFY(!saved.value().id.isEmpty());
    QCOMPARE(saved.value().extension, QStringLiteral("2710"));
    const auto d7 = ExtensionDirectory::save(db, {QString(), QStringLiteral("شهرداری منطقه ۷"),
                                                  QStringLiteral("2307"), QStringLiteral("D07"), QString()});
    QVERIFY2(d7.ok(), qPrintable(d7.ok() ? QString() : d7.error().message));
    // Arabic yeh/kaf and Latin digits find the Persian name; the extension and the note are searched too.
    QCOMPARE(ExtensionDirectory::search(db, QStringLiteral("مشتركين")).value().size(), 1);
    QCOMPARE(ExtensionDirectory::search(db, QStringLiteral("منطقه 7")).value().value(0).extension,
             QStringLiteral("2307"));
    QCOMPARE(ExtensionDirectory::search(db, QStringLiteral("271")).value().size(), 1);
    QCOMPARE(ExtensionDirectory::search(db, QStringLiteral("چهارشنبه")).value().size(), 1);
    QCOMPARE(ExtensionDirectory::search(db).value().size(), 2);

    ExtensionEntry changed = saved.value();
    changed.extension = QStringLiteral("2711");
    QVERIFY(ExtensionDirectory::save(db, changed).ok());
    QCOMPARE(ExtensionDirectory::search(db, QStringLiteral("آبفا")).value().value(0).extension,
             QStringLiteral("2711"));
    // Bad input is refused and nothing changes.
    changed.name = QStringLiteral("   ");
    QCOMPARE(ExtensionDirectory::save(db, changed).error().code, QStringLiteral("invalid"));
    ExtensionEntry badUnit{QString(), QStringLiteral("x"), QStringLiteral("1"), QStringLiteral("NOPE"),
                           QString()};
    QCOMPARE(ExtensionDirectory::save(db, badUnit).error().code, QStringLiteral("constraint"));
    QCOMPARE(ExtensionDirectory::search(db).value().size(), 2);

    QVERIFY(ExtensionDirectory::remove(db, saved.value().id).ok());
    QCOMPARE(ExtensionDirectory::remove(db, saved.value().id).error().code, QStringLiteral("not_found"));
    QCOMPARE(ExtensionDirectory::search(db).value().size(), 1);
}

void TestExtensionDirectory::modelEditsAndRefusals()
{
    TestStore store;
    QVERIFY(store.ok());
    ViewModels::ExtensionDirectoryModel model(store.db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.addEntry(
        {QString(), QStringLiteral("اداره برق"), QStringLiteral("121"), QString(), QString()}));
    QVERIFY(model.addEntry(
        {QString(), QStringLiteral("آتش‌نشانی"), QStringLiteral("125"), QString(), QString()}));
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy errors(&model, &ViewModels::ExtensionDirectoryModel::error);
    QVERIFY(!model.addEntry(
        {QString(), QStringLiteral("بی‌شماره"), QStringLiteral("abc"), QString(), QString()}));
    QCOMPARE(errors.size(), 1);
    QVERIFY(!model.lastError().isEmpty());
    QCOMPARE(model.rowCount(), 2);

    model.setFilter(QStringLiteral("برق"));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex ext = model.index(0, ViewModels::ExtensionDirectoryModel::ExtensionColumn);
    QVERIFY(!model.setData(ext, QStringLiteral("12 1")));
    QCOMPARE(ext.data().toString(), QStringLiteral("121")); // refused edit keeps the stored value
    QVERIFY(model.setData(ext, QStringLiteral("۱۲۲")));
    QCOMPARE(model.data(ext, ViewModels::ExtensionDirectoryModel::DialRole).toString(),
             QStringLiteral("122"));
    QVERIFY(model.removeRows(0, 1));
    model.setFilter(QString());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).extension, QStringLiteral("125"));
}

QTEST_GUILESS_MAIN(TestExtensionDirectory)
#include "tst_extensiondirectory.moc"
