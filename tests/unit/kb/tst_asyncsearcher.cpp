// SPDX-License-Identifier: GPL-3.0-or-later
// AsyncSearcher: searches on a worker thread with its own connection, stale results dropped, failures as
// signals.
#include "kbtestdb.h"

#include "models/kb/asyncsearcher.h"
#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Pasokh::Kb;

class TestAsyncSearcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void searchesOffTheCallingThread();
    void onlyTheLatestResultIsEmitted();
    void debounceCoalescesKeystrokes();
    void emptyQueryAnswersAtOnce();
    void suggestionsAndArticles();
    void openFailureIsReported();

private:
    KbTestDb *m_db = nullptr;
};

void TestAsyncSearcher::initTestCase()
{
    m_db = new KbTestDb(QStringLiteral("async-writer"));
    KbRepository repository(m_db->name());
    KbImporter importer(&repository);
    QVERIFY(importer.importDirectory(kbArticlesDir()).ok());
}

void TestAsyncSearcher::cleanupTestCase()
{
    delete m_db;
}

void TestAsyncSearcher::searchesOffTheCallingThread()
{
    QThread *openedOn = nullptr;
    const AsyncSearcher::ConnectionOpener file = AsyncSearcher::storeReader(m_db->path());
    AsyncSearcher searcher([&openedOn, file] {
        openedOn = QThread::currentThread();
        return file();
    });
    searcher.setDebounceInterval(0);
    QSignalSpy results(&searcher, &AsyncSearcher::resultsReady);
    searcher.search(QStringLiteral("نخاله"));
    QTRY_COMPARE(results.size(), 1);
    QVERIFY(openedOn != nullptr && openedOn != QThread::currentThread());
    QCOMPARE(results.at(0).at(0).toString(), QStringLiteral("نخاله"));
    const auto hits = results.at(0).at(1).value<QList<SearchHit>>();
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.first().id, QStringLiteral("waste-debris"));
}

void TestAsyncSearcher::onlyTheLatestResultIsEmitted()
{
    AsyncSearcher searcher(AsyncSearcher::storeReader(m_db->path()));
    searcher.setDebounceInterval(0);
    QSignalSpy results(&searcher, &AsyncSearcher::resultsReady);
    const QStringList typed = {QStringLiteral("س"), QStringLiteral("سگ"), QStringLiteral("سگ و"),
                               QStringLiteral("سگ ول"), QStringLiteral("سگ ولگرد")};
    for (const QString &query : typed)
        searcher.search(query); // each request makes the earlier ones stale
    QTRY_COMPARE(results.size(), 1);
    QTest::qWait(200); // nothing older arrives later
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).at(0).toString(), QStringLiteral("سگ ولگرد"));
    QCOMPARE(results.at(0).at(1).value<QList<SearchHit>>().first().id, QStringLiteral("stray-dogs"));
}

void TestAsyncSearcher::debounceCoalescesKeystrokes()
{
    AsyncSearcher searcher(AsyncSearcher::storeReader(m_db->path()));
    searcher.setDebounceInterval(50);
    QCOMPARE(searcher.debounceInterval(), 50);
    QSignalSpy results(&searcher, &AsyncSearcher::resultsReady);
    searcher.search(QStringLiteral("چ"));
    searcher.search(QStringLiteral("چا"));
    searcher.search(QStringLiteral("چاله"));
    QTRY_COMPARE(results.size(), 1);
    QTest::qWait(150);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).at(0).toString(), QStringLiteral("چاله"));
    QCOMPARE(searcher.droppedResults(), 0); // coalesced before reaching the worker
}

void TestAsyncSearcher::emptyQueryAnswersAtOnce()
{
    AsyncSearcher searcher(AsyncSearcher::storeReader(m_db->path()));
    searcher.setDebounceInterval(0);
    QSignalSpy results(&searcher, &AsyncSearcher::resultsReady);
    searcher.search(QStringLiteral("زباله"));
    searcher.search(QStringLiteral("  ")); // the operator cleared the box
    QCOMPARE(results.size(), 1);
    QVERIFY(results.at(0).at(1).value<QList<SearchHit>>().isEmpty());
    QTest::qWait(200);
    QCOMPARE(results.size(), 1); // the "زباله" result was stale
}

void TestAsyncSearcher::suggestionsAndArticles()
{
    AsyncSearcher searcher(AsyncSearcher::storeReader(m_db->path()));
    searcher.setDebounceInterval(0);
    searcher.setLimits(10, 3);
    QSignalSpy suggestions(&searcher, &AsyncSearcher::suggestionsReady);
    searcher.suggest(QStringLiteral("ANIMAL-DOGS"),
                     QStringLiteral("سگ‌ها شب پارس می‌کنند"));
    QTRY_COMPARE(suggestions.size(), 1);
    const auto hits = suggestions.at(0).at(0).value<QList<SearchHit>>();
    QVERIFY(!hits.isEmpty() && hits.size() <= 3);
    QCOMPARE(hits.first().id, QStringLiteral("stray-dogs"));

    QSignalSpy articles(&searcher, &AsyncSearcher::articleReady);
    QSignalSpy failures(&searcher, &AsyncSearcher::failed);
    searcher.fetchArticle(QStringLiteral("stray-dogs"));
    QTRY_COMPARE(articles.size(), 1);
    QCOMPARE(articles.at(0).at(0).value<Article>().title,
             QStringLiteral("سگ‌های بلاصاحب و ولگرد"));
    searcher.fetchArticle(QStringLiteral("no-such-article"));
    QTRY_COMPARE(failures.size(), 1);
}

void TestAsyncSearcher::openFailureIsReported()
{
    AsyncSearcher searcher([] {
        return Pasokh::Core::Result<QString>::failure(QStringLiteral("sql"), QStringLiteral("disk on fire"));
    });
    searcher.setDebounceInterval(0);
    QSignalSpy failures(&searcher, &AsyncSearcher::failed);
    searcher.search(QStringLiteral("زباله"));
    QTRY_COMPARE(failures.size(), 1);
    QCOMPARE(failures.at(0).at(0).toString(), QStringLiteral("disk on fire"));
}

QTEST_GUILESS_MAIN(TestAsyncSearcher)
#include "tst_asyncsearcher.moc"
