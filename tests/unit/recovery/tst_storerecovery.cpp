// SPDX-License-Identifier: GPL-3.0-or-later
// StoreRecovery (notes/sync.md §5 "Corruption recovery", §7 T12): a store with damaged outbox or case pages
// is moved to quarantine byte for byte, what sqlite3 can read becomes the new store (integrity_check ok), and
// every case the hub has not acknowledged is queued again under contiguous mutation ids.
#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/storerecovery.h"
#include "tests/support/teststore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh;
using Pasokh::Storage::StoreRecovery;
using Pasokh::Testing::TestStore;

namespace {

constexpr int kCases = 120;
constexpr int kAcked = 40;

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// Results of a query on a store, opened for this call only.
QList<QVariantList> query(const QString &path, const QString &sql)
{
    QList<QVariantList> rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql)) {
                while (q.next()) {
                    QVariantList row;
                    for (int i = 0; i < q.record().count(); ++i)
                        row << q.value(i);
                    rows << row;
                }
            } else {
                qWarning() << sql << q.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return rows;
}

qint64 scalar(const QString &path, const QString &sql)
{
    const auto rows = query(path, sql);
    return rows.isEmpty() || rows.first().isEmpty() ? -1 : rows.first().first().toLongLong();
}

} // namespace

class TestStoreRecovery : public QObject
{
    Q_OBJECT

private:
    /// A data folder whose store holds kCases cases, the first kAcked acknowledged by the hub (status
    /// submitted, outbox rows acked, sync_state at kAcked) and the rest pending. The store is closed.
    bool makeStore(const QString &dataDir)
    {
        TestStore store(QStringLiteral("recovery-source"));
        if (!store.ok())
            return false;
        for (int i = 0; i < kCases; ++i) {
            Core::CaseRecord c = TestStore::sampleCase();
            c.description += QStringLiteral(" شماره %1").arg(i);
            if (!store.cases().registerCase(c).ok())
                return false;
        }
        const bool ok =
            store.exec(QStringLiteral("INSERT OR REPLACE INTO sync_state (id, client_id, db_instance_id, "
                                      "last_acked_mutation_id) VALUES (1, 'client-a', 'instance-a', %1)")
                           .arg(kAcked)) &&
            store.exec(
                QStringLiteral("UPDATE outbox SET state = 'acked', acked_at = 1 WHERE mutation_id <= %1")
                    .arg(kAcked)) &&
            store.exec(QStringLiteral("UPDATE cases SET status = 'submitted', has_pending = 0 WHERE id IN "
                                      "(SELECT entity_id FROM outbox WHERE state = 'acked')")) &&
            store.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        // After the TRUNCATE checkpoint the main file holds everything: a copy of it is the whole store.
        return ok && QFile::copy(store.dbPath(), Storage::storePath(dataDir));
    }

    /// Overwrites the cell pointers of every other leaf page of `table` (as tests/integration T12 does).
    static int damage(const QString &path, const QString &table)
    {
        const auto leaves =
            query(path, QStringLiteral("SELECT pageno FROM dbstat WHERE name = '%1' AND pagetype = 'leaf' "
                                       "ORDER BY pageno")
                            .arg(table));
        const qint64 pageSize = scalar(path, QStringLiteral("PRAGMA page_size"));
        QFile f(path);
        if (leaves.size() < 4 || !f.open(QIODevice::ReadWrite))
            return 0;
        int damaged = 0;
        for (int i = 1; i < leaves.size(); i += 2) {
            f.seek((leaves[i].first().toLongLong() - 1) * pageSize + 8);
            f.write(QByteArray(64, '\xff'));
            ++damaged;
        }
        return damaged;
    }

    /// Points the last cell of the rightmost leaf page of `table` at a forged cell, in the page's free gap,
    /// whose rowid is 2^40: the damaged file then answers max(rowid) with a number no real row reaches.
    /// Returns the forged rowid, or 0 when the page has no free gap to forge in.
    static qint64 forgeHugeRowid(const QString &path, const QString &table)
    {
        const auto leaf = query(path, QStringLiteral("SELECT pageno FROM dbstat WHERE name = '%1' AND "
                                                     "pagetype = 'leaf' ORDER BY path DESC LIMIT 1")
                                          .arg(table));
        const qint64 pageSize = scalar(path, QStringLiteral("PRAGMA page_size"));
        QFile f(path);
        if (leaf.isEmpty() || !f.open(QIODevice::ReadWrite))
            return 0;
        const qint64 page = (leaf.first().first().toLongLong() - 1) * pageSize;
        f.seek(page);
        const QByteArray head = f.read(8); // table leaf b-tree page header (sqlite.org/fileformat2.html 1.6)
        const int cells = (quint8(head[3]) << 8) | quint8(head[4]);
        const int contentStart = (quint8(head[5]) << 8) | quint8(head[6]);
        const int gapStart = 8 + 2 * cells;
        if (cells == 0 || contentStart - gapStart < 16)
            return 0;
        // Payload length 1, then the rowid 2^40 as a 6-byte varint, then a one-byte payload.
        const qint64 forged = qint64(1) << 40;
        QByteArray cell("\x01", 1);
        QByteArray varint;
        for (qint64 v = forged; v > 0; v >>= 7)
            varint.prepend(char(v & 0x7f));
        for (int i = 0; i + 1 < varint.size(); ++i)
            varint[i] = char(varint[i] | 0x80);
        cell += varint + QByteArray(1, '\0');
        const int at = contentStart - int(cell.size());
        f.seek(page + at);
        f.write(cell);
        // The cell content area now starts at the forged cell, which the last cell pointer names.
        QByteArray offset(2, '\0');
        offset[0] = char(at >> 8);
        offset[1] = char(at & 0xff);
        f.seek(page + 5);
        f.write(offset);
        f.seek(page + 8 + 2 * (cells - 1));
        f.write(offset);
        return forged;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLoggingCategory::setFilterRules(QStringLiteral("pasokh.storage.info=false"));
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 program (Debian package sqlite3) is not installed");
    }

    void damagedPagesAreRecoveredAndRequeued_data()
    {
        QTest::addColumn<QString>("table");
        QTest::newRow("outbox pages") << QStringLiteral("outbox");
        QTest::newRow("case pages") << QStringLiteral("cases");
    }
    void damagedPagesAreRecoveredAndRequeued()
    {
        QFETCH(QString, table);
        QTemporaryDir dir;
        QVERIFY(makeStore(dir.path()));
        const QString store = Storage::storePath(dir.path());
        QVERIFY(damage(store, table) > 0);
        QVERIFY(query(store, QStringLiteral("PRAGMA quick_check")).value(0).value(0).toString() !=
                QLatin1String("ok"));
        const QByteArray damagedHash = fileHash(store);

        const auto report = StoreRecovery::recover(dir.path());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        const Storage::RecoveryReport &r = report.value();
        qInfo("%s: method %s, %d cases, %d re-queued (%d re-created creates), %d salvaged, unrecoverable %d",
              qPrintable(table), qPrintable(r.method), r.recoveredCases, r.requeuedMutations,
              r.recreatedCreates, r.salvagedRows, r.unrecoverableRows);

        // The damaged file is in quarantine, byte for byte; nothing of it was deleted.
        QVERIFY(r.quarantineDir.startsWith(QDir(dir.path()).absoluteFilePath(QStringLiteral("quarantine/"))));
        QCOMPARE(fileHash(QDir(r.quarantineDir).filePath(Storage::storeFileName())), damagedHash);
        // The recovered store is sound and opens through the normal path.
        QCOMPARE(query(store, QStringLiteral("PRAGMA integrity_check")).value(0).value(0).toString(),
                 QStringLiteral("ok"));
        {
            auto db = Storage::Database::open(store, QStringLiteral("recovered-open"));
            QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        }
        const qint64 cases = scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases"));
        QCOMPARE(qint64(r.recoveredCases), cases);
        const qint64 pending =
            scalar(store, QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
        QCOMPARE(qint64(r.requeuedMutations), pending);
        // Pending ids follow the last acknowledged one without a gap.
        QCOMPARE(scalar(store, QStringLiteral("SELECT min(mutation_id) FROM outbox WHERE state = 'pending'")),
                 qint64(kAcked + 1));
        QCOMPARE(scalar(store, QStringLiteral("SELECT max(mutation_id) FROM outbox WHERE state = 'pending'")),
                 qint64(kAcked + pending));
        // Every case the hub has not acknowledged has its create row pending again; acknowledged ones none.
        QCOMPARE(
            scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases c WHERE status = 'registered' AND NOT "
                                         "EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = c.id AND "
                                         "o.op = 'create' AND o.state = 'pending')")),
            qint64(0));
        QCOMPARE(scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases c WHERE status = 'submitted' AND "
                                              "EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = c.id AND "
                                              "o.state = 'pending')")),
                 qint64(0));
        QCOMPARE(scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases WHERE status = 'registered' AND "
                                              "has_pending = 0")),
                 qint64(0));
        if (table == QLatin1String("outbox")) {
            // The case table is whole: all cases kept, all kCases - kAcked unacknowledged ones queued, part
            // of them from re-created create rows.
            QCOMPARE(cases, qint64(kCases));
            QCOMPARE(r.requeuedMutations, kCases - kAcked);
            QVERIFY(r.recreatedCreates > 0);
        } else {
            // The outbox is whole: every pending row survives (payloads are self-contained), nothing re-made.
            QVERIFY(cases < kCases);
            QCOMPARE(r.requeuedMutations, kCases - kAcked);
            QCOMPARE(r.recreatedCreates, 0);
        }
        const qint64 acked =
            scalar(store, QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'acked'"));
        if (table == QLatin1String("outbox"))
            QVERIFY(acked <= kAcked);
        else
            QCOMPARE(acked, qint64(kAcked));
        // Full-text search works on the recovered store.
        QVERIFY(scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases_text WHERE cases_text MATCH "
                                             "'\"شماره\"'")) >= 0);
    }

    void forgedHugeRowidDoesNotStallTheSalvage()
    {
        // A damaged page can make the file claim a rowid far past every real row (CI saw 19 395 196 528):
        // the salvage probes rowids one by one and must not walk to such a number.
        QTemporaryDir dir;
        QVERIFY(makeStore(dir.path()));
        const QString store = Storage::storePath(dir.path());
        const qint64 forged = forgeHugeRowid(store, QStringLiteral("outbox"));
        QVERIFY(forged > 0);
        QCOMPARE(scalar(store, QStringLiteral("SELECT max(rowid) FROM outbox")), forged);
        QVERIFY(query(store, QStringLiteral("PRAGMA quick_check")).value(0).value(0).toString() !=
                QLatin1String("ok"));

        const auto report = StoreRecovery::recover(dir.path());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(query(store, QStringLiteral("PRAGMA integrity_check")).value(0).value(0).toString(),
                 QStringLiteral("ok"));
        // Every case survives (their pages are whole) and every unacknowledged one is queued again.
        QCOMPARE(scalar(store, QStringLiteral("SELECT COUNT(*) FROM cases")), qint64(kCases));
        QCOMPARE(report.value().requeuedMutations, kCases - kAcked);
        QCOMPARE(scalar(store, QStringLiteral("SELECT max(mutation_id) FROM outbox")),
                 qint64(kAcked + kCases - kAcked));
    }

    void soundStoreIsLeftAlone()
    {
        QTemporaryDir dir;
        QVERIFY(makeStore(dir.path()));
        const QString store = Storage::storePath(dir.path());
        const QByteArray before = fileHash(store);
        const auto report = StoreRecovery::recover(dir.path());
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, QStringLiteral("not_corrupt"));
        QCOMPARE(fileHash(store), before);
        QVERIFY(QDir(dir.path()).entryList({QStringLiteral("quarantine")}, QDir::Dirs).size() <= 1);
        QVERIFY(QDir(dir.filePath(QStringLiteral("quarantine")))
                    .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                    .isEmpty());
    }

    void destroyedHeaderFailsAndNothingMoves()
    {
        QTemporaryDir dir;
        QVERIFY(makeStore(dir.path()));
        const QString store = Storage::storePath(dir.path());
        {
            QFile f(store);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.write(QByteArray(16, '\x5a')); // "SQLite format 3\0" gone
        }
        const QByteArray before = fileHash(store);
        const auto report = StoreRecovery::recover(dir.path());
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, QStringLiteral("recover_failed"));
        QCOMPARE(fileHash(store), before);
        QVERIFY(QDir(dir.filePath(QStringLiteral("quarantine")))
                    .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                    .isEmpty());
    }

    void missingCliIsReportedAndNothingMoves()
    {
        QTemporaryDir dir;
        QVERIFY(makeStore(dir.path()));
        const QString store = Storage::storePath(dir.path());
        QVERIFY(damage(store, QStringLiteral("outbox")) > 0);
        const QByteArray before = fileHash(store);
        const auto report =
            StoreRecovery::recover(dir.path(), dir.filePath(QStringLiteral("no-such-sqlite3")));
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, QStringLiteral("cli_missing"));
        QVERIFY(report.error().message.contains(QLatin1String("sqlite3")));
        QCOMPARE(fileHash(store), before);
    }
};

QTEST_GUILESS_MAIN(TestStoreRecovery)
#include "tst_storerecovery.moc"
