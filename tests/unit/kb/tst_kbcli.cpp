// SPDX-License-Identifier: GPL-3.0-or-later
// `pasokhctl kb import|search` (runKbCli): output format, exit codes, usage errors.
#include "kbtestdb.h"

#include "models/kb/kbcli.h"
#include "models/kb/kbcommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Pasokh::Kb;

class TestKbCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importThenSearch();
    void usageErrors_data();
    void usageErrors();
    void importProblems();
    void commandOnADataFolder();
    void importOfABadFolderLeavesTheDataFolderAlone();

private:
    int run(const KbTestDb &db, const QStringList &args, QString *out, QString *err)
    {
        QTextStream outStream(out);
        QTextStream errStream(err);
        return runKbCli(args, db.name(), outStream, errStream);
    }
};

void TestKbCli::importThenSearch()
{
    KbTestDb db(QStringLiteral("cli"));
    QString out;
    QString err;
    QCOMPARE(run(db, {QStringLiteral("kb"), QStringLiteral("import"), kbArticlesDir()}, &out, &err), 0);
    QVERIFY2(out.startsWith(QStringLiteral("added ")), qPrintable(out));
    QVERIFY(err.isEmpty());
    out.clear();
    QCOMPARE(run(db, {QStringLiteral("import"), kbArticlesDir()}, &out, &err), 0);
    QVERIFY2(out.startsWith(QStringLiteral("added 0, updated 0, unchanged ")), qPrintable(out));

    out.clear();
    QCOMPARE(run(db,
                 {QStringLiteral("search"), QStringLiteral("بوی"), QStringLiteral("گاز"),
                  QStringLiteral("--limit"), QStringLiteral("2")},
                 &out, &err),
             0);
    const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.first(), QStringLiteral("ext-gas\tبوی گاز و نشت گاز؛ شرکت گاز"));
    out.clear();
    QCOMPARE(run(db, {QStringLiteral("search"), QStringLiteral("ضضضضض")}, &out, &err), 0);
    QVERIFY(out.isEmpty());
}

void TestKbCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("nothing") << QStringList();
    QTest::newRow("only kb") << QStringList{QStringLiteral("kb")};
    QTest::newRow("unknown") << QStringList{QStringLiteral("kb"), QStringLiteral("export")};
    QTest::newRow("import without dir") << QStringList{QStringLiteral("import")};
    QTest::newRow("import two dirs") << QStringList{QStringLiteral("import"), QStringLiteral("a"),
                                                    QStringLiteral("b")};
    QTest::newRow("search without query") << QStringList{QStringLiteral("search")};
    QTest::newRow("limit missing") << QStringList{QStringLiteral("search"), QStringLiteral("x"),
                                                  QStringLiteral("--limit")};
    QTest::newRow("limit not a number") << QStringList{QStringLiteral("search"), QStringLiteral("x"),
                                                       QStringLiteral("--limit"), QStringLiteral("ten")};
    QTest::newRow("limit zero") << QStringList{QStringLiteral("search"), QStringLiteral("x"),
                                               QStringLiteral("--limit"), QStringLiteral("0")};
}

void TestKbCli::usageErrors()
{
    QFETCH(QStringList, args);
    KbTestDb db(QStringLiteral("cli-usage"));
    QString out;
    QString err;
    QCOMPARE(run(db, args, &out, &err), 2);
    QVERIFY(out.isEmpty());
    QVERIFY(err.contains(QStringLiteral("usage: pasokhctl kb import DIR")));
}

void TestKbCli::importProblems()
{
    KbTestDb db(QStringLiteral("cli-problems"));
    QString out;
    QString err;
    QCOMPARE(run(db, {QStringLiteral("import"), db.dir() + QStringLiteral("/missing")}, &out, &err), 1);
    QVERIFY(err.contains(QStringLiteral("does not exist")));
    const QString dir = db.dir() + QStringLiteral("/in");
    QVERIFY(QDir().mkpath(dir));
    QFile good(dir + QStringLiteral("/good.md"));
    QVERIFY(good.open(QIODevice::WriteOnly));
    good.write("---\nid: good\ntitle: خوب\n---\nمتن\n");
    good.close();
    QFile bad(dir + QStringLiteral("/bad.md"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("---\nid: bad\n---\nno title\n");
    bad.close();
    err.clear();
    QCOMPARE(run(db, {QStringLiteral("import"), dir}, &out, &err), 3);
    QCOMPARE(out, QStringLiteral("added 1, updated 0, unchanged 0\n"));
    QVERIFY(err.startsWith(QStringLiteral("skipped bad.md: title is missing")));
}

void TestKbCli::commandOnADataFolder()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    QString out;
    QString err;
    {
        QTextStream o(&out);
        QTextStream e(&err);
        QCOMPARE(runKbCommand({QStringLiteral("kb"), QStringLiteral("import"), kbArticlesDir()}, data, o, e),
                 0);
    }
    QVERIFY(QFile::exists(data + QStringLiteral("/pasokh.sqlite")));
    out.clear();
    {
        QTextStream o(&out);
        QTextStream e(&err);
        QCOMPARE(runKbCommand({QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("تاكسي")}, data,
                              o, e),
                 0);
    }
    QVERIFY2(out.startsWith(QStringLiteral("taxi-service\t")), qPrintable(out));
    {
        QTextStream o(&out);
        QTextStream e(&err);
        QCOMPARE(runKbCommand({QStringLiteral("search"), QStringLiteral("x")},
                              QStringLiteral("/proc/pasokh-no-such-dir"), o, e),
                 1);
    }
}

QTEST_GUILESS_MAIN(TestKbCli)
// A wrong folder is reported before the store is opened: the data folder is neither created nor given a new,
// empty store (it was, and the console then started on an empty knowledge base).
void TestKbCli::importOfABadFolderLeavesTheDataFolderAlone()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    const QString notAFolder = dir.filePath(QStringLiteral("article.md"));
    QFile file(notAFolder);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString empty = dir.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    const QList<std::pair<QString, QString>> cases = {
        {dir.filePath(QStringLiteral("missing")), QStringLiteral("does not exist")},
        {notAFolder, QStringLiteral("is not a folder")},
        {empty, QStringLiteral("holds no .md file")},
    };
    for (const auto &[path, message] : cases) {
        QString out;
        QString err;
        {
            QTextStream o(&out);
            QTextStream e(&err);
            QCOMPARE(runKbCommand({QStringLiteral("kb"), QStringLiteral("import"), path}, data, o, e), 1);
        }
        QVERIFY2(err.startsWith(QStringLiteral("pasokhctl kb import: ")) && err.contains(message),
                 qPrintable(err));
        QVERIFY(out.isEmpty());
        QVERIFY2(!QFileInfo::exists(data), qPrintable(path));
    }
}

#include "tst_kbcli.moc"
