// SPDX-License-Identifier: GPL-3.0-or-later
// The store's settings, migrations (backup first, newer schema refused, failed step rolled back), damaged and
// unwritable files, the single-instance lock, and the reference-data import.
#include "models/storage/csvfile.h"
#include "models/storage/database.h"
#include "models/storage/instancelock.h"
#include "models/storage/referencedata.h"
#include "tests/support/teststore.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh;
using Pasokh::Storage::Database;

namespace {
QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QVariant pragma(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return {};
    return q.value(0);
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}
} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freshStoreHasTheSettings();
    void newerSchemaIsRefusedAndFileUntouched();
    void corruptFileIsReportedAndKept();
    void unwritableLocationIsReported();
    void backupBeforeMigration();
    void storedSchemaVersionReadsWithoutChanging();
    void failedMigrationRollsBack();
    void readerIsQueryOnly();
    void walIsCheckpointedOffTheCommitPath();
    void instanceLock();
    void referenceDataImported();
    void referralRules_data();
    void referralRules();
    void categorySearchIgnoresLetterVariants();
    void csvRoundTrip();
    void csvRejectsMalformed();
};

// 40 MiB in 400 commits, at least 2 s apart in all: the background checkpoint runs while the writer goes on,
// so the WAL file never holds all 40 MiB (how far below that depends on how soon a loaded machine schedules
// the thread: the bound only proves that checkpoints happened off the commit path), every commit stays
// readable, and close leaves no WAL behind.
void TestDatabase::walIsCheckpointedOffTheCommitPath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wal.sqlite"));
    {
        auto db = Database::open(path, QStringLiteral("wal-test"));
        QVERIFY(db.ok());
        QSqlDatabase w = db.value()->writer();
        QCOMPARE(pragma(w, QStringLiteral("journal_size_limit")).toLongLong(), 67108864LL);
        // SQLite's own checkpoint-in-COMMIT is replaced by the hook (the pragma reads 0 under a custom hook).
        QCOMPARE(pragma(w, QStringLiteral("wal_autocheckpoint")).toInt(), 0);
        QSqlQuery q(w);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")));
        for (int i = 0; i < 400; ++i) {
            QVERIFY(q.exec(QStringLiteral("INSERT INTO blobs (data) VALUES (randomblob(102400))")));
            QTest::qWait(5); // saves come seconds apart; this lets the thread run on a loaded machine too
        }
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(length(data)) FROM blobs")) && q.next());
        QCOMPARE(q.value(0).toInt(), 400);
        QCOMPARE(q.value(1).toLongLong(), 400LL * 102400);
        const qint64 wal = QFileInfo(path + QStringLiteral("-wal")).size();
        QVERIFY2(wal < 36 * 1024 * 1024, qPrintable(QString::number(wal)));
        q.finish();
    }
    QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    auto reopened = Database::open(path, QStringLiteral("wal-test-2"));
    QVERIFY(reopened.ok());
    QCOMPARE(pragma(reopened.value()->writer(), QStringLiteral("integrity_check")).toString(),
             QStringLiteral("ok"));
}

void TestDatabase::freshStoreHasTheSettings()
{
    Testing::TestStore store;
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const QSqlDatabase db = store.db()->writer();
    QCOMPARE(pragma(db, QStringLiteral("journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(pragma(db, QStringLiteral("synchronous")).toInt(), 2); // FULL
    QCOMPARE(pragma(db, QStringLiteral("foreign_keys")).toInt(), 1);
    QCOMPARE(pragma(db, QStringLiteral("busy_timeout")).toInt(), 5000);
    QCOMPARE(pragma(db, QStringLiteral("user_version")).toInt(), Database::latestSchemaVersion());
    QVERIFY(Database::latestSchemaVersion() >= 1);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'")), 1);
}

void TestDatabase::newerSchemaIsRefusedAndFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sqlite"));
    {
        auto db = Database::open(path, QStringLiteral("n1"));
        QVERIFY(db.ok());
        QSqlQuery q(db.value()->writer());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
    }
    const QByteArray before = fileHash(path);
    auto again = Database::open(path, QStringLiteral("n2"));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, QStringLiteral("newer_schema"));
    QVERIFY(again.error().message.contains(QStringLiteral("999")));
    QCOMPARE(fileHash(path), before);
}

void TestDatabase::corruptFileIsReportedAndKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.sqlite"));
    const QByteArray garbage = QByteArray("this is not an sqlite database ").repeated(200);
    writeFile(path, garbage);
    auto db = Database::open(path, QStringLiteral("corrupt"));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("corrupt"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), garbage); // never deleted or rewritten
}

void TestDatabase::unwritableLocationIsReported()
{
    // Root ignores folder permissions, so use a path that cannot exist for anyone.
    auto db = Database::open(QStringLiteral("/proc/pasokh-no-such-dir/s.sqlite"), QStringLiteral("ro"));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("read_only"));
    QVERIFY(!db.error().message.isEmpty());
}

void TestDatabase::backupBeforeMigration()
{
    QTemporaryDir dir;
    const QString migrations = dir.filePath(QStringLiteral("sql"));
    QVERIFY(QDir().mkpath(migrations));
    writeFile(migrations + QStringLiteral("/0001_a.sql"),
              "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (42);");
    const QString path = dir.filePath(QStringLiteral("m.sqlite"));
    {
        auto db = Database::open(path, QStringLiteral("m1"), migrations);
        QVERIFY(db.ok());
        QCOMPARE(db.value()->schemaVersion(), 1);
    }
    writeFile(
        migrations + QStringLiteral("/0002_b.sql"),
        "CREATE TABLE b (y TEXT);\nCREATE TRIGGER t AFTER INSERT ON b BEGIN UPDATE a SET x = x + 1; END;");
    {
        auto db = Database::open(path, QStringLiteral("m2"), migrations);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        QCOMPARE(db.value()->schemaVersion(), 2);
    }
    const QStringList backups = QDir(dir.path()).entryList({QStringLiteral("m.sqlite.v1-*.bak")});
    QCOMPARE(backups.size(), 1);
    {
        auto backup = Database::openReader(dir.filePath(backups.first()), QStringLiteral("bak"));
        QVERIFY(backup.ok());
        QCOMPARE(pragma(backup.value(), QStringLiteral("user_version")).toInt(), 1);
        QSqlQuery q(backup.value());
        QVERIFY(q.exec(QStringLiteral("SELECT x FROM a")) && q.next());
        QCOMPARE(q.value(0).toInt(), 42);
    }
    Database::closeConnection(QStringLiteral("bak"));
}

// The console asks before opening whether an upgrade is coming (to tell the operator): the probe reads the
// version of an old store without migrating or writing it, says 0 for a store not made yet, and reports a
// damaged file as "corrupt".
void TestDatabase::storedSchemaVersionReadsWithoutChanging()
{
    QTemporaryDir dir;
    const QString migrations = dir.filePath(QStringLiteral("sql"));
    QVERIFY(QDir().mkpath(migrations));
    writeFile(migrations + QStringLiteral("/0001_a.sql"), "CREATE TABLE a (x INTEGER);");
    writeFile(migrations + QStringLiteral("/0002_b.sql"), "CREATE TABLE b (y INTEGER);");
    const QString path = dir.filePath(QStringLiteral("v.sqlite"));
    auto missing = Database::storedSchemaVersion(path);
    QVERIFY(missing.ok());
    QCOMPARE(missing.value(), 0);
    QVERIFY(!QFileInfo::exists(path)); // probing does not create the store
    {
        auto db = Database::open(path, QStringLiteral("p1"), migrations);
        QVERIFY(db.ok());
        QSqlQuery q(db.value()->writer());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1"))); // as if made by an older build
    }
    const QByteArray before = fileHash(path);
    auto old = Database::storedSchemaVersion(path);
    QVERIFY2(old.ok(), qPrintable(old.ok() ? QString() : old.error().message));
    QCOMPARE(old.value(), 1);
    QCOMPARE(fileHash(path), before);

    const QString bad = dir.filePath(QStringLiteral("bad.sqlite"));
    writeFile(bad, QByteArray("not a database at all ").repeated(300));
    auto corrupt = Database::storedSchemaVersion(bad);
    QVERIFY(!corrupt.ok());
    QCOMPARE(corrupt.error().code, QStringLiteral("corrupt"));
}

void TestDatabase::failedMigrationRollsBack()
{
    QTemporaryDir dir;
    const QString migrations = dir.filePath(QStringLiteral("sql"));
    QVERIFY(QDir().mkpath(migrations));
    writeFile(migrations + QStringLiteral("/0001_a.sql"), "CREATE TABLE a (x INTEGER);");
    const QString path = dir.filePath(QStringLiteral("f.sqlite"));
    QVERIFY(Database::open(path, QStringLiteral("f1"), migrations).ok());
    writeFile(migrations + QStringLiteral("/0002_bad.sql"), "CREATE TABLE c (z INTEGER); THIS IS NOT SQL;");
    auto db = Database::open(path, QStringLiteral("f2"), migrations);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("migration"));
    {
        auto reader = Database::openReader(path, QStringLiteral("f3"));
        QVERIFY(reader.ok());
        QCOMPARE(pragma(reader.value(), QStringLiteral("user_version")).toInt(), 1);
        QSqlQuery q(reader.value());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'c'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0); // the half-applied step left nothing behind
    }
    Database::closeConnection(QStringLiteral("f3"));
}

void TestDatabase::readerIsQueryOnly()
{
    Testing::TestStore store;
    QVERIFY(store.ok());
    {
        auto reader = Database::openReader(store.dbPath(), QStringLiteral("reader"));
        QVERIFY(reader.ok());
        QSqlQuery q(reader.value());
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM units")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM units")) && q.next());
        QVERIFY(q.value(0).toInt() > 0);
    }
    Database::closeConnection(QStringLiteral("reader"));
}

void TestDatabase::instanceLock()
{
    QTemporaryDir dir;
    auto first = Storage::InstanceLock::acquire(dir.path());
    QVERIFY(first.ok());
    auto second = Storage::InstanceLock::acquire(dir.path());
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, QStringLiteral("already_running"));
    QVERIFY(second.error().message.contains(QString::number(QCoreApplication::applicationPid())));
    first = Core::Result<std::shared_ptr<Storage::InstanceLock>>(Core::Error{});
    QVERIFY(Storage::InstanceLock::acquire(dir.path()).ok()); // released with its owner
}

void TestDatabase::referenceDataImported()
{
    Testing::TestStore store;
    QVERIFY(store.ok());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM districts")), 13);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM units")), 34);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM categories")), 59);
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM categories WHERE parent IS NULL")), 14);
    QVERIFY(store.scalar(QStringLiteral("SELECT count(*) FROM neighbourhoods")) > 150);
    QCOMPARE(store.scalar(QStringLiteral("SELECT number FROM districts WHERE name_en LIKE 'Samen%'")), 13);
    const auto &catalog = *store.catalog();
    QCOMPARE(catalog.category(QStringLiteral("WASTE-COLLECT"))->slaDays, 1);
    QVERIFY(catalog.category(QStringLiteral("ROADS-MANHOLE"))->urgent);
    QCOMPARE(catalog.children(QStringLiteral("WASTE")).size(), 5);
    QVERIFY(!catalog.neighbourhoodsOf(3).isEmpty());
    // A second import is a no-op.
    QVERIFY(Storage::ReferenceCatalog::importIfEmpty(store.db()->writer()).ok());
    QCOMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM categories")), 59);
}

void TestDatabase::referralRules_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<int>("district");
    QTest::addColumn<QString>("unit");
    QTest::newRow("district default") << "WASTE-COLLECT" << 7 << "D07";
    QTest::newRow("district 12") << "ROADS-POTHOLE" << 12 << "D12";
    QTest::newRow("samen") << "LIGHT-OUT" << 13 << "DSA";
    QTest::newRow("district unknown") << "LIGHT-OUT" << 0 << "";
    QTest::newRow("organisation") << "GREEN-TREE" << 4 << "ORG-PARKS";
    QTest::newRow("fixed samen") << "PILGRIM-SERVICES" << 2 << "DSA";
    QTest::newRow("external: operator picks") << "OTHER-EXTERNAL" << 5 << "";
    QTest::newRow("group has none") << "WASTE" << 5 << "";
}

void TestDatabase::referralRules()
{
    Testing::TestStore store;
    QVERIFY(store.ok());
    QFETCH(QString, category);
    QFETCH(int, district);
    QFETCH(QString, unit);
    QCOMPARE(store.catalog()->referralUnitFor(category, district), unit);
}

void TestDatabase::categorySearchIgnoresLetterVariants()
{
    Testing::TestStore store;
    QVERIFY(store.ok());
    auto codes = [&](const QString &q) {
        QStringList out;
        for (const auto *c : store.catalog()->searchCategories(q))
            out << c->code;
        return out;
    };
    QVERIFY(codes(QStringLiteral("زباله")).contains(QStringLiteral("WASTE-COLLECT")));
    QVERIFY(codes(QStringLiteral("جمع‌آوری زباله")).contains(QStringLiteral("WASTE-COLLECT")));
    QCOMPARE(codes(QStringLiteral("چراغ")), codes(QStringLiteral("چراغ")));
    // Arabic yeh and kaf typed by the operator find the Persian spelling.
    QCOMPARE(codes(QStringLiteral("تابلوي")), codes(QStringLiteral("تابلوی")));
    QVERIFY(codes(QStringLiteral("pothole")).contains(QStringLiteral("ROADS-POTHOLE")));
    QVERIFY(!codes(QStringLiteral("WASTE")).contains(QStringLiteral("WASTE"))); // groups are not offered
    QVERIFY(codes(QStringLiteral("xyzzy")).isEmpty());
}

void TestDatabase::csvRoundTrip()
{
    QBuffer buf;
    QVERIFY(buf.open(QIODevice::WriteOnly));
    QVERIFY(Storage::Csv::writeRow(
        buf, {QStringLiteral("a,b"), QStringLiteral("say \"hi\""), QStringLiteral("خط\nدوم")}));
    QVERIFY(Storage::Csv::writeRow(buf, {QStringLiteral("1"), QString(), QStringLiteral("۳")}));
    const auto rows = Storage::Csv::parse(buf.data());
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), 2);
    QCOMPARE(rows.value().at(0).at(0), QStringLiteral("a,b"));
    QCOMPARE(rows.value().at(0).at(1), QStringLiteral("say \"hi\""));
    QCOMPARE(rows.value().at(0).at(2), QStringLiteral("خط\nدوم"));
    QCOMPARE(rows.value().at(1).at(2), QStringLiteral("۳"));
}

void TestDatabase::csvRejectsMalformed()
{
    const auto rows = Storage::Csv::parse("a,b\n\"unterminated,c\n");
    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().code, QStringLiteral("csv"));
    const auto records = Storage::Csv::parseRecords("a,b\n1,2,3\n");
    QVERIFY(!records.ok());
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
