// SPDX-License-Identifier: GPL-3.0-or-later
// KbRepository and KbImporter: stable ids on re-import, versions, retire, index rebuild, article use on
// cases.
#include "kbtestdb.h"

#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "models/kb/kbsearch.h"
#include "models/kb/searchtext.h"

#include <QSqlQuery>

#include <QTest>

using namespace Pasokh::Kb;

namespace {

Article makeArticle(const QString &id, const QString &title, const QString &body)
{
    Article article = kbArticle(id, title, body);
    article.keywords = {QStringLiteral("کلیدواژه")};
    article.categories = {QStringLiteral("WASTE-COLLECT"), QStringLiteral("WASTE")};
    article.units = {QStringLiteral("ORG-WASTE")};
    article.reviewedOn = QDate(2026, 11, 30);
    return article;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestKbRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upsertAddsUpdatesAndSkipsUnchanged();
    void readBackEveryField();
    void importKeepsIdsAndReportsProblems();
    void importRetiresArticlesWhoseFileIsGone();
    void bulkBatchIsSearchableAndRestoresMergeSettings();
    void importOfMissingFolderFails();
    void importFromResources();
    void failedBatchWritesNothing();
    void largeBatchPreparedInParallelAsInOrder();
    void failedLargeBatchWritesNothing();
    void rebuildIndex();
    void rebuildKeepsTheIndexDefinitions();
    void failedRebuildChangesNothing();
    void titleIndexFollowsEveryWrite();
    void recordUse();
    void closedConnectionIsAnError();
};

void TestKbRepository::upsertAddsUpdatesAndSkipsUnchanged()
{
    KbTestDb db(QStringLiteral("repo-upsert"));
    KbRepository repository(db.name());
    Article article = makeArticle(QStringLiteral("a1"), QStringLiteral("عنوان"), QStringLiteral("متن اول"));
    QCOMPARE(repository.upsert(article).value(), KbRepository::Outcome::Added);
    QCOMPARE(repository.upsert(article).value(), KbRepository::Outcome::Unchanged);
    QCOMPARE(repository.article(QStringLiteral("a1")).value()->version, 1);
    article.body = QStringLiteral("متن دوم");
    article.contentSha256.clear();
    QCOMPARE(repository.upsert(article).value(), KbRepository::Outcome::Updated);
    QCOMPARE(repository.article(QStringLiteral("a1")).value()->version, 2);
    // The index follows the content: the old words are gone, the new ones found.
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("اول")).value().size(), 0);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("دوم")).value().size(), 1);
    QCOMPARE(repository.activeIds().value(), QStringList({QStringLiteral("a1")}));
    // Categories are replaced, not added to.
    article.categories = {QStringLiteral("ROADS")};
    article.contentSha256.clear();
    QVERIFY(repository.upsert(article).ok());
    QCOMPARE(repository.article(QStringLiteral("a1")).value()->categories,
             QStringList({QStringLiteral("ROADS")}));
    QVERIFY(!repository.upsert(Article{}).ok());
}

void TestKbRepository::readBackEveryField()
{
    KbTestDb db(QStringLiteral("repo-read"));
    KbRepository repository(db.name());
    const Article article =
        makeArticle(QStringLiteral("a2"), QStringLiteral("عنوان"), QStringLiteral("## متن\n\nبدنه"));
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(repository.upsert(article).ok());
    const auto read = repository.article(QStringLiteral("a2"));
    QVERIFY(read.ok() && read.value().has_value());
    const Article &back = *read.value();
    QCOMPARE(back.id, article.id);
    QCOMPARE(back.title, article.title);
    QCOMPARE(back.body, article.body);
    QCOMPARE(back.keywords, article.keywords);
    QCOMPARE(back.categories, QStringList({QStringLiteral("WASTE"), QStringLiteral("WASTE-COLLECT")}));
    QCOMPARE(back.units, article.units);
    QCOMPARE(back.reviewedOn, article.reviewedOn);
    QCOMPARE(back.contentSha256, article.contentHash());
    QVERIFY(back.updatedAtUtc >= before && back.updatedAtUtc.timeSpec() == Qt::UTC);
    QVERIFY(!repository.article(QStringLiteral("missing")).value().has_value());
}

void TestKbRepository::importKeepsIdsAndReportsProblems()
{
    KbTestDb db(QStringLiteral("repo-import"));
    KbRepository repository(db.name());
    KbImporter importer(&repository);
    const QString dir = db.dir() + QStringLiteral("/articles");
    QVERIFY(QDir().mkpath(dir));
    writeFile(dir + QStringLiteral("/a.md"), "---\nid: one\ntitle: یک\n---\nمتن یک\n");
    writeFile(dir + QStringLiteral("/b.md"), "---\nid: two\ntitle: دو\n---\nمتن دو\n");
    writeFile(dir + QStringLiteral("/c.md"), "---\nid: one\ntitle: تکراری\n---\nمتن\n");
    writeFile(dir + QStringLiteral("/d.md"), "no front matter\n");
    writeFile(dir + QStringLiteral("/notes.txt"), "ignored\n");
    auto report = importer.importDirectory(dir);
    QVERIFY(report.ok());
    QCOMPARE(report.value().added, 2);
    QCOMPARE(report.value().problems.size(), 2);
    QVERIFY(report.value().problems.at(0).startsWith(QStringLiteral("c.md: id one")));
    QVERIFY(report.value().problems.at(1).startsWith(QStringLiteral("d.md: ")));

    writeFile(dir + QStringLiteral("/b.md"), "---\nid: two\ntitle: دو\n---\nمتن تازه دو\n");
    QFile::remove(dir + QStringLiteral("/c.md"));
    QFile::remove(dir + QStringLiteral("/d.md"));
    report = importer.importDirectory(dir);
    QVERIFY(report.ok());
    QCOMPARE(report.value().added, 0);
    QCOMPARE(report.value().updated, 1);
    QCOMPARE(report.value().unchanged, 1);
    QVERIFY(report.value().problems.isEmpty());
    QCOMPARE(repository.activeIds().value(), QStringList({QStringLiteral("one"), QStringLiteral("two")}));
    QCOMPARE(repository.article(QStringLiteral("two")).value()->version, 2);
    QCOMPARE(repository.article(QStringLiteral("one")).value()->version, 1);
    QVERIFY(report.value().retired.isEmpty());
}

// A re-import without a file retires its article (gone from search, row and id kept); with a skipped file
// nothing is retired; the file coming back revives the same id and row.
void TestKbRepository::importRetiresArticlesWhoseFileIsGone()
{
    KbTestDb db(QStringLiteral("repo-retire"));
    KbRepository repository(db.name());
    KbImporter importer(&repository);
    KbSearch search(db.name());
    const QString dir = db.dir() + QStringLiteral("/articles");
    QVERIFY(QDir().mkpath(dir));
    const QByteArray dogs =
        "---\nid: dogs\ntitle: سگ‌های ولگرد\n---\nتماس با واحد حیوانات "
        "شهری\n";
    writeFile(dir + QStringLiteral("/dogs.md"), dogs);
    writeFile(dir + QStringLiteral("/bins.md"), "---\nid: bins\ntitle: مخزن زباله\n---\nمخزن شکسته\n");
    QVERIFY(importer.importDirectory(dir).ok());
    const auto seqOf = [&](const QString &id) {
        QSqlQuery q(QSqlDatabase::database(db.name()));
        q.prepare(QStringLiteral("SELECT seq FROM kb_articles WHERE id = ?"));
        q.addBindValue(id);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    };
    const qint64 dogsSeq = seqOf(QStringLiteral("dogs"));
    QCOMPARE(search.search(QStringLiteral("ولگرد"), 5).value().size(), 1);

    // A broken file next to the missing one: nothing is retired.
    QFile::remove(dir + QStringLiteral("/dogs.md"));
    writeFile(dir + QStringLiteral("/broken.md"), "no front matter\n");
    auto report = importer.importDirectory(dir);
    QVERIFY(report.ok());
    QVERIFY(report.value().retiringSkipped);
    QVERIFY(report.value().retired.isEmpty());
    QCOMPARE(repository.activeIds().value(), QStringList({QStringLiteral("bins"), QStringLiteral("dogs")}));

    QFile::remove(dir + QStringLiteral("/broken.md"));
    report = importer.importDirectory(dir);
    QVERIFY(report.ok());
    QVERIFY(!report.value().retiringSkipped);
    QCOMPARE(report.value().retired, QStringList{QStringLiteral("dogs")});
    QCOMPARE(report.value().unchanged, 1);
    QCOMPARE(repository.activeIds().value(), QStringList{QStringLiteral("bins")});
    QVERIFY(search.search(QStringLiteral("ولگرد"), 5).value().isEmpty());
    QVERIFY(search.search(QStringLiteral("سگ"), 5).value().isEmpty());       // the short-query path too
    QVERIFY(repository.article(QStringLiteral("dogs")).value().has_value()); // kept for kb_usage

    // Importing again retires nothing more; the file coming back revives the same row and id.
    QVERIFY(importer.importDirectory(dir).value().retired.isEmpty());
    writeFile(dir + QStringLiteral("/dogs.md"), dogs);
    report = importer.importDirectory(dir);
    QVERIFY(report.ok());
    QCOMPARE(report.value().updated, 1);
    QCOMPARE(seqOf(QStringLiteral("dogs")), dogsSeq);
    QCOMPARE(search.search(QStringLiteral("ولگرد"), 5).value().constFirst().id, QStringLiteral("dogs"));
}

// A batch of BulkArticles or more indexes without FTS5 merges and merges once: afterwards every article is
// found, and FTS5's merge and term-table settings are its defaults again (so later single upserts merge, and
// a console's own writes hold no more than FTS5's 1 MiB of pending terms).
void TestKbRepository::bulkBatchIsSearchableAndRestoresMergeSettings()
{
    KbTestDb db(QStringLiteral("repo-bulk"));
    KbRepository repository(db.name());
    QList<Article> articles;
    for (int i = 0; i < KbRepository::BulkArticles + 5; ++i) {
        Article a;
        a.id = QStringLiteral("bulk-%1").arg(i);
        a.title = QStringLiteral("راهنما %1").arg(i);
        a.body = QStringLiteral("متن شماره w%1x").arg(i);
        articles.append(a);
    }
    QVERIFY(repository.upsertAll(articles).ok());
    KbSearch search(db.name());
    for (int i : {0, 77, int(KbRepository::BulkArticles) + 4}) {
        const auto hits = search.search(QStringLiteral("w%1x").arg(i), 3);
        QVERIFY(hits.ok());
        QCOMPARE(hits.value().size(), 1);
        QCOMPARE(hits.value().constFirst().id, QStringLiteral("bulk-%1").arg(i));
    }
    QSqlQuery q(QSqlDatabase::database(db.name()));
    for (const QString &table : {QStringLiteral("kb_fts"), QStringLiteral("kb_title_fts")}) {
        QVERIFY(q.exec(QStringLiteral("SELECT k, v FROM %1_config WHERE k IN ('automerge', 'crisismerge', "
                                      "'hashsize') ORDER BY k")
                           .arg(table)));
        QVERIFY2(q.next(), qPrintable(table));
        QCOMPARE(q.value(1).toInt(), 4);
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 16);
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 1024 * 1024);
    }
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM kb_title_fts")) && q.next());
    QCOMPARE(q.value(0).toInt(), int(articles.size()));
    QVERIFY(q.exec(QStringLiteral("PRAGMA cache_size")) && q.next());
    QCOMPARE(q.value(0).toInt(), -2000);
}

void TestKbRepository::importOfMissingFolderFails()
{
    KbTestDb db(QStringLiteral("repo-missing"));
    KbRepository repository(db.name());
    KbImporter importer(&repository);
    auto report = importer.importDirectory(db.dir() + QStringLiteral("/nope"));
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("not_found"));
    report = importer.importDirectory(db.dir()); // exists, holds no .md
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("not_found"));
}

void TestKbRepository::importFromResources()
{
    KbTestDb db(QStringLiteral("repo-qrc"));
    KbRepository repository(db.name());
    KbImporter importer(&repository);
    const auto report = importer.importDirectory(QStringLiteral(":/pasokh/kb"));
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QVERIFY(report.value().added >= 40);
    QVERIFY(report.value().problems.isEmpty());
}

void TestKbRepository::failedBatchWritesNothing()
{
    KbTestDb db(QStringLiteral("repo-batch"));
    KbRepository repository(db.name());
    const QList<Article> batch = {
        makeArticle(QStringLiteral("ok1"), QStringLiteral("یک"), QStringLiteral("متن")), Article{}};
    QVERIFY(!repository.upsertAll(batch).ok());
    QVERIFY(repository.activeIds().value().isEmpty());
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("متن")).value().size(), 0);
}

// A large batch prepares its text on a thread pool while the writer inserts: the outcomes, the stored text
// and the index are those of upserts one after another, also when an id comes twice in the batch.
void TestKbRepository::largeBatchPreparedInParallelAsInOrder()
{
    KbTestDb db(QStringLiteral("repo-parallel"));
    KbRepository repository(db.name());
    const Article original = makeArticle(QStringLiteral("twice-b"), QStringLiteral("اصلی"),
                                         QStringLiteral("متن نخستین qoriginalq"));
    QVERIFY(repository.upsert(original).ok());

    QList<Article> batch;
    for (int i = 0; i < 300; ++i) {
        batch.append(makeArticle(
            QStringLiteral("p-%1").arg(i), QStringLiteral("راهنمای بازیافت‌ها %1").arg(i),
            QStringLiteral("## بخش\n\nمتن شماره w%1x با آب‌رسانی").arg(i)));
    }
    // twice-a: added at 10, changed at 250. twice-b: stored; changed at 30, back to the stored text at 290
    // (the first pass found that one unchanged, so it had no prepared text).
    batch[10] = makeArticle(QStringLiteral("twice-a"), QStringLiteral("الف"), QStringLiteral("qfirstq"));
    batch[250] = makeArticle(QStringLiteral("twice-a"), QStringLiteral("الف"), QStringLiteral("qsecondq"));
    batch[30] = makeArticle(QStringLiteral("twice-b"), QStringLiteral("اصلی"), QStringLiteral("qchangedq"));
    batch[290] = original;
    const auto outcomes = repository.upsertAll(batch);
    QVERIFY2(outcomes.ok(), outcomes.ok() ? "" : qPrintable(outcomes.error().message));
    QCOMPARE(outcomes.value().size(), batch.size());
    QCOMPARE(outcomes.value().at(0), KbRepository::Outcome::Added);
    QCOMPARE(outcomes.value().at(10), KbRepository::Outcome::Added);
    QCOMPARE(outcomes.value().at(250), KbRepository::Outcome::Updated);
    QCOMPARE(outcomes.value().at(30), KbRepository::Outcome::Updated);
    QCOMPARE(outcomes.value().at(290), KbRepository::Outcome::Updated);
    QCOMPARE(repository.article(QStringLiteral("twice-b")).value()->version, 3);

    KbSearch search(db.name());
    const auto idsOf = [&search](const QString &query) {
        QStringList ids;
        for (const SearchHit &hit : search.search(query, 5).value())
            ids.append(hit.id);
        return ids;
    };
    QCOMPARE(idsOf(QStringLiteral("qsecondq")), QStringList{QStringLiteral("twice-a")});
    QCOMPARE(idsOf(QStringLiteral("qfirstq")), QStringList());
    QCOMPARE(idsOf(QStringLiteral("qoriginalq")), QStringList{QStringLiteral("twice-b")});
    QCOMPARE(idsOf(QStringLiteral("qchangedq")), QStringList());
    QCOMPARE(idsOf(QStringLiteral("w299x")), QStringList{QStringLiteral("p-299")});

    // Every index row holds what SearchText makes of its article, in the row of that article.
    QSqlQuery q(QSqlDatabase::database(db.name()));
    QVERIFY(q.exec(QStringLiteral("SELECT a.id, f.title, f.keywords, f.body, f.alt, a.keywords_key FROM "
                                  "kb_articles a JOIN kb_fts f ON f.rowid = a.seq WHERE a.id LIKE 'p-%'")));
    int rows = 0;
    while (q.next()) {
        const Article &article = batch.at(q.value(0).toString().mid(2).toInt());
        const SearchText::IndexColumns expected =
            SearchText::indexColumns(article.title, article.keywords, article.body);
        QCOMPARE(q.value(1).toString(), expected.title);
        QCOMPARE(q.value(2).toString(), expected.keywords);
        QCOMPARE(q.value(3).toString(), expected.body);
        QCOMPARE(q.value(4).toString(), expected.alt);
        QCOMPARE(q.value(5).toString(), QStringLiteral("کلیدواژه"));
        ++rows;
    }
    QCOMPARE(rows, 296);

    // The same batch again: nothing left to write but the two articles that come twice.
    const auto again = repository.upsertAll(batch);
    QVERIFY(again.ok());
    for (int i = 0; i < batch.size(); ++i) {
        const bool twice = i == 10 || i == 250 || i == 30 || i == 290;
        QCOMPARE(again.value().at(i),
                 twice ? KbRepository::Outcome::Updated : KbRepository::Outcome::Unchanged);
    }
}

// A bad article late in a large batch rolls back the whole batch, although the text of the articles after
// it was being prepared on other threads.
void TestKbRepository::failedLargeBatchWritesNothing()
{
    KbTestDb db(QStringLiteral("repo-parallel-fail"));
    KbRepository repository(db.name());
    QList<Article> batch;
    for (int i = 0; i < 500; ++i)
        batch.append(makeArticle(QStringLiteral("p-%1").arg(i), QStringLiteral("عنوان %1").arg(i),
                                 QStringLiteral("متن w%1x").arg(i)));
    batch[400] = Article{};
    const auto outcomes = repository.upsertAll(batch);
    QVERIFY(!outcomes.ok());
    QCOMPARE(outcomes.error().code, QStringLiteral("invalid"));
    QVERIFY(repository.activeIds().value().isEmpty());
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("w3x")).value().size(), 0);
}

void TestKbRepository::rebuildIndex()
{
    KbTestDb db(QStringLiteral("repo-rebuild"));
    KbRepository repository(db.name());
    QVERIFY(
        repository.upsert(makeArticle(QStringLiteral("r1"), QStringLiteral("درخت"), QStringLiteral("شاخه")))
            .ok());
    QVERIFY(
        repository.upsert(makeArticle(QStringLiteral("r2"), QStringLiteral("چاله"), QStringLiteral("آسفالت")))
            .ok());
    QVERIFY(repository.retire(QStringLiteral("r2")).ok());
    db.exec(QStringLiteral("DELETE FROM kb_fts"));
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("شاخه")).value().size(), 0);
    QCOMPARE(repository.rebuildIndex().value(), 1);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("شاخه")).value().size(), 1);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("آسفالت")).value().size(), 0);
    QCOMPARE(repository.retire(QStringLiteral("nope")).error().code, QStringLiteral("not_found"));
}

namespace {

// The definitions of the two full-text indexes: each one's CREATE statement and its settings ("kb_fts
// rank=bm25(...):text"), but the merge settings a bulk write sets back to FTS5's defaults (checked by
// bulkBatchIsSearchableAndRestoresMergeSettings()).
QStringList ftsDefinitions(const QString &connection)
{
    QStringList rows;
    QSqlQuery q(QSqlDatabase::database(connection));
    for (const QString &table : {QStringLiteral("kb_fts"), QStringLiteral("kb_title_fts")}) {
        q.prepare(QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = ?"));
        q.addBindValue(table);
        if (q.exec() && q.next())
            rows.append(q.value(0).toString());
        if (q.exec(QStringLiteral("SELECT k, v, typeof(v) FROM %1_config WHERE k NOT IN ('automerge', "
                                  "'crisismerge', 'hashsize') ORDER BY k")
                       .arg(table))) {
            while (q.next())
                rows.append(table + QLatin1Char(' ') + q.value(0).toString() + QLatin1Char('=') +
                            q.value(1).toString() + QLatin1Char(':') + q.value(2).toString());
        }
    }
    return rows;
}

// Ids of the kb_fts matches of `match`, ordered by the SQL expression `orderBy`.
QStringList ftsOrder(const QString &connection, const QString &match, const QString &orderBy)
{
    QStringList ids;
    QSqlQuery q(QSqlDatabase::database(connection));
    q.prepare(
        QStringLiteral("SELECT a.id FROM kb_fts JOIN kb_articles a ON a.seq = kb_fts.rowid WHERE kb_fts "
                       "MATCH ? ORDER BY %1")
            .arg(orderBy));
    q.addBindValue(match);
    if (q.exec()) {
        while (q.next())
            ids.append(q.value(0).toString());
    }
    return ids;
}

} // namespace

// rebuildIndex() creates the two indexes again: each comes back with its own definition (tokenizer, prefix
// indexes), its settings (the bm25 column weights in 'rank') and so the same ranking as before.
void TestKbRepository::rebuildKeepsTheIndexDefinitions()
{
    KbTestDb db(QStringLiteral("repo-rebuild-definitions"));
    KbRepository repository(db.name());
    // "درخت" three times in one body and once in the other's title: kb_fts's rank (title weight 10, body 1)
    // puts the title first, bm25 with equal weights the body.
    QVERIFY(repository
                .upsert(makeArticle(QStringLiteral("d1"), QStringLiteral("هرس"),
                                    QStringLiteral("درخت درخت درخت کنار خیابان")))
                .ok());
    QVERIFY(
        repository
            .upsert(makeArticle(QStringLiteral("d2"), QStringLiteral("درخت افتاده"), QStringLiteral("شاخه")))
            .ok());
    const QString tree = QStringLiteral("درخت");
    const QStringList before = ftsDefinitions(db.name());
    QVERIFY(before.contains(QStringLiteral("kb_fts rank=bm25(10.0, 4.0, 1.0, 0.5):text")));
    QVERIFY(before.contains(QStringLiteral("kb_title_fts rank=bm25(10.0, 4.0):text")));
    QCOMPARE(ftsOrder(db.name(), tree, QStringLiteral("bm25(kb_fts)")),
             QStringList({QStringLiteral("d1"), QStringLiteral("d2")}));
    QCOMPARE(ftsOrder(db.name(), tree, QStringLiteral("kb_fts.rank")),
             QStringList({QStringLiteral("d2"), QStringLiteral("d1")}));

    QCOMPARE(repository.rebuildIndex().value(), 2);
    QCOMPARE(ftsDefinitions(db.name()), before);
    QCOMPARE(ftsOrder(db.name(), tree, QStringLiteral("kb_fts.rank")),
             QStringList({QStringLiteral("d2"), QStringLiteral("d1")}));
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("کنار خیا")).value().value(0).id,
             QStringLiteral("d1"));
    // The shadow tables are the new tables' own: no other table is left behind or missing.
    QSqlQuery q(QSqlDatabase::database(db.name()));
    QVERIFY(
        q.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE name LIKE 'kb\\_%fts%' ESCAPE '\\'")));
    QStringList tables;
    while (q.next())
        tables.append(q.value(0).toString());
    tables.sort();
    QCOMPARE(tables.join(QLatin1Char(' ')),
             QStringLiteral("kb_fts kb_fts_config kb_fts_content kb_fts_data kb_fts_docsize kb_fts_idx "
                            "kb_title_fts kb_title_fts_config kb_title_fts_content kb_title_fts_data "
                            "kb_title_fts_docsize kb_title_fts_idx"));
}

// A rebuild that fails part-way leaves the indexes as they were: here the DROP is refused because a
// statement of the same connection is still reading (SQLITE_LOCKED), after the articles were read.
void TestKbRepository::failedRebuildChangesNothing()
{
    KbTestDb db(QStringLiteral("repo-rebuild-failed"));
    KbRepository repository(db.name());
    QVERIFY(repository
                .upsert(makeArticle(QStringLiteral("f1"), QStringLiteral("چراغ"), QStringLiteral("روشنایی")))
                .ok());
    const QStringList before = ftsDefinitions(db.name());
    {
        QSqlQuery reading(QSqlDatabase::database(db.name()));
        reading.setForwardOnly(true);
        QVERIFY(reading.exec(QStringLiteral("SELECT id FROM kb_articles")) && reading.next());
        const auto rebuilt = repository.rebuildIndex();
        QVERIFY(!rebuilt.ok());
        QVERIFY2(rebuilt.error().message.contains(QStringLiteral("create index again")),
                 qPrintable(rebuilt.error().message));
    }
    QCOMPARE(ftsDefinitions(db.name()), before);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("روشنایی")).value().value(0).id, QStringLiteral("f1"));
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("چرا")).value().value(0).id, QStringLiteral("f1"));
    QCOMPARE(repository.rebuildIndex().value(), 1);
}

// kb_title_fts (the title phase's index) holds exactly the active articles' current titles and keywords
// after every kind of write: add, update, retire, revive, rebuild.
void TestKbRepository::titleIndexFollowsEveryWrite()
{
    KbTestDb db(QStringLiteral("repo-title-index"));
    KbRepository repository(db.name());
    const auto titleHits = [&](const QString &match) {
        QSqlQuery q(QSqlDatabase::database(db.name()));
        q.prepare(QStringLiteral("SELECT group_concat(a.id) FROM kb_title_fts JOIN kb_articles a ON a.seq = "
                                 "kb_title_fts.rowid WHERE kb_title_fts MATCH ?"));
        q.addBindValue(match);
        return q.exec() && q.next() ? q.value(0).toString() : QStringLiteral("error");
    };
    Article article = makeArticle(QStringLiteral("t1"), QStringLiteral("درخت"), QStringLiteral("شاخه"));
    QVERIFY(repository.upsert(article).ok());
    QCOMPARE(titleHits(QStringLiteral("درخت")), QStringLiteral("t1"));
    QCOMPARE(titleHits(QStringLiteral("کلیدواژه")), QStringLiteral("t1")); // keywords too
    QCOMPARE(titleHits(QStringLiteral("شاخه")), QString());                // never the body

    article.title = QStringLiteral("چاله");
    article.contentSha256.clear();
    QVERIFY(repository.upsert(article).ok());
    QCOMPARE(titleHits(QStringLiteral("درخت")), QString());
    QCOMPARE(titleHits(QStringLiteral("چاله")), QStringLiteral("t1"));

    QVERIFY(repository.retire(QStringLiteral("t1")).ok());
    QCOMPARE(titleHits(QStringLiteral("چاله")), QString());
    article.contentSha256.clear();
    QVERIFY(repository.upsert(article).ok()); // revived
    QCOMPARE(titleHits(QStringLiteral("چاله")), QStringLiteral("t1"));

    db.exec(QStringLiteral("DELETE FROM kb_title_fts"));
    QCOMPARE(repository.rebuildIndex().value(), 1);
    QCOMPARE(titleHits(QStringLiteral("چاله")), QStringLiteral("t1"));
    // The search's title phase reads this index: a title word is found before any body word.
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("چال")).value().value(0).id, QStringLiteral("t1"));
}

void TestKbRepository::recordUse()
{
    KbTestDb db(QStringLiteral("repo-use"));
    const auto registered = db.store().cases().registerCase(Pasokh::Testing::TestStore::sampleCase());
    QVERIFY2(registered.ok(), registered.ok() ? "" : qPrintable(registered.error().message));
    const QString caseId = registered.value().id;
    KbRepository repository(db.name());
    QVERIFY(repository.upsert(makeArticle(QStringLiteral("u1"), QStringLiteral("یک"), QStringLiteral("متن")))
                .ok());
    QVERIFY(repository.upsert(makeArticle(QStringLiteral("u2"), QStringLiteral("دو"), QStringLiteral("متن")))
                .ok());
    const QDateTime t1 = QDateTime::fromMSecsSinceEpoch(1'780'000'000'000, Qt::UTC);
    QVERIFY(repository.recordUse(caseId, QStringLiteral("u2"), QStringLiteral("op7"), t1).ok());
    QVERIFY(repository.recordUse(caseId, QStringLiteral("u1"), QStringLiteral("op7"), t1.addSecs(5)).ok());
    // Marking twice keeps the first record.
    QVERIFY(repository.recordUse(caseId, QStringLiteral("u2"), QStringLiteral("op9"), t1.addSecs(60)).ok());
    const auto uses = repository.usesOfCase(caseId);
    QVERIFY(uses.ok());
    QCOMPARE(uses.value().size(), 2);
    QCOMPARE(uses.value().at(0).articleId, QStringLiteral("u2"));
    QCOMPARE(uses.value().at(0).operatorId, QStringLiteral("op7"));
    QCOMPARE(uses.value().at(0).usedAtUtc, t1);
    QCOMPARE(uses.value().at(1).articleId, QStringLiteral("u1"));
    // Unknown case or article.
    QCOMPARE(repository.recordUse(QStringLiteral("case-x"), QStringLiteral("u1"), QStringLiteral("op7"), t1)
                 .error()
                 .code,
             QStringLiteral("not_found"));
    QCOMPARE(repository.recordUse(caseId, QStringLiteral("zz"), QStringLiteral("op7"), t1).error().code,
             QStringLiteral("not_found"));
    // A retired article stays recorded.
    QVERIFY(repository.retire(QStringLiteral("u1")).ok());
    QCOMPARE(repository.usesOfCase(caseId).value().size(), 2);
}

void TestKbRepository::closedConnectionIsAnError()
{
    KbRepository repository(QStringLiteral("no-such-connection"));
    QCOMPARE(repository.upsert(makeArticle(QStringLiteral("x"), QStringLiteral("t"), QStringLiteral("b")))
                 .error()
                 .code,
             QStringLiteral("no_connection"));
    QCOMPARE(KbSearch(QStringLiteral("no-such-connection")).search(QStringLiteral("x")).error().code,
             QStringLiteral("no_connection"));
}

QTEST_GUILESS_MAIN(TestKbRepository)
#include "tst_kbrepository.moc"
