// SPDX-License-Identifier: GPL-3.0-or-later
// Search relevance over the starter articles (resources/kb) and hostile queries (issue 4, "Tests").
#include "kbtestdb.h"

#include "models/core/persiantext.h"

#include "models/kb/asyncsearcher.h"
#include "models/kb/ftsquery.h"
#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "models/kb/kbsearch.h"
#include "models/kb/prefixterms.h"
#include "models/storage/database.h"

#include <QTest>

using namespace Pasokh::Kb;

class TestKbSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void relevance_data();
    void relevance();
    void spellingVariantsMeet_data();
    void spellingVariantsMeet();
    void snippetMarksMatchesInOriginalSpelling();
    void shortQueries_data();
    void shortQueries();
    void hostileQueries_data();
    void hostileQueries();
    void invalidUtf8Query();
    void longQueryStillFinds();
    void limitIsHonoured();
    void suggestions();
    void retiredArticlesAreNotFound();
    void bodyOnlyMatchesRankedAmongNewest();
    void joinedFormFoundOnlyWhenIndexed();
    void prefixTermsFollowTheStore();
    void prefixOfManyTermsStaysAPrefix();
    void searchWithoutPrefixTerms();

private:
    KbTestDb *m_db = nullptr;
};

void TestKbSearch::initTestCase()
{
    m_db = new KbTestDb(QStringLiteral("kb-search"));
    KbRepository repository(m_db->name());
    KbImporter importer(&repository);
    const auto report = importer.importDirectory(kbArticlesDir());
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QVERIFY2(report.value().problems.isEmpty(), qPrintable(report.value().problems.join(QLatin1Char('\n'))));
    QVERIFY(report.value().added >= 40);
}

void TestKbSearch::cleanupTestCase()
{
    delete m_db;
}

void TestKbSearch::relevance_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    // Plain words and type-ahead prefixes
    QTest::newRow("zobaleh") << "زباله جمع نشده"
                             << "waste-collection";
    QTest::newRow("prefix zobal") << "جمع‌آوری زبال"
                                  << "waste-collection";
    QTest::newRow("nokhaleh") << "نخاله"
                              << "waste-debris";
    QTest::newRow("prefix nokha") << "نخا"
                                  << "waste-debris";
    QTest::newRow("stray dogs") << "سگ ولگرد"
                                << "stray-dogs";
    QTest::newRow("manhole") << "منهول"
                             << "open-manhole";
    QTest::newRow("pothole") << "چاله آسفالت"
                             << "pothole";
    QTest::newRow("prefix chaleh") << "چال"
                                   << "pothole";
    QTest::newRow("building permit") << "پروانه ساختمانی"
                                     << "building-permit";
    QTest::newRow("gas smell") << "بوی گاز"
                               << "ext-gas";
    QTest::newRow("water cut") << "قطعی آب"
                               << "ext-water";
    QTest::newRow("power cut") << "قطعی برق"
                               << "ext-power";
    QTest::newRow("telecom") << "اینترنت تلفن ثابت"
                             << "ext-telecom";
    QTest::newRow("taxi fare") << "کرایه تاکسی"
                               << "taxi-service";
    QTest::newRow("metro") << "مترو"
                           << "urban-railway";
    QTest::newRow("noise") << "سر و صدای کارگاه"
                           << "noise-pollution";
    QTest::newRow("graffiti") << "دیوارنویسی"
                              << "graffiti-posters";
    QTest::newRow("homeless") << "کارتن خواب"
                              << "homelessness";
    QTest::newRow("pilgrim lodging") << "مسافرخانه"
                                     << "pilgrim-lodging";
    // ZWNJ, space or nothing between word parts
    QTest::newRow("recycling zwnj") << "بازیافت‌ها"
                                    << "recycling";
    QTest::newRow("recycling space") << "بازیافت ها"
                                     << "recycling";
    QTest::newRow("recycling joined") << "بازیافتها"
                                      << "recycling";
    QTest::newRow("sidewalk joined") << "پیادهرو خراب"
                                     << "damaged-sidewalk";
    QTest::newRow("sidewalk space") << "پیاده رو خراب"
                                    << "damaged-sidewalk";
    QTest::newRow("flood zwnj") << "آب‌گرفتگی"
                                << "street-flooding";
    QTest::newRow("flood space") << "آب گرفتگی خیابان"
                                 << "street-flooding";
    // Arabic letter forms
    QTest::newRow("arabic yeh kaf") << "كارتن خوابي"
                                    << "homelessness";
    QTest::newRow("arabic kaf") << "تاكسي"
                                << "taxi-service";
    QTest::newRow("arabic yeh") << "سگ ولگرد بي صاحب"
                                << "stray-dogs";
    QTest::newRow("teh marbuta") << "آرامستان و قبر متوفي"
                                 << "cemetery";
    // Diacritics and tatweel
    QTest::newRow("harakat") << "مُنْهُول"
                             << "open-manhole";
    QTest::newRow("tatweel") << "نخـــاله"
                             << "waste-debris";
    QTest::newRow("harakat 2") << "درَخت"
                               << "tree-risk";
    // Alef forms (notes/persian.md §5: أ إ ٱ fold to ا; آ stays آ, and a madda typed as ا + U+0653 is آ after
    // NFKC), the same on the article side and the query side
    QTest::newRow("alef hamza above") << "أورژانس ۱۱۵"
                                      << "emergency-numbers";
    QTest::newRow("alef hamza below") << "إینترنت تلفن ثابت"
                                      << "ext-telecom";
    QTest::newRow("alef wasla") << "ٱینترنت تلفن ثابت"
                                << "ext-telecom";
    QTest::newRow("madda as alef + U+0653") << "چاله آسفالت"
                                            << "pothole";
    QTest::newRow("prefix madda as alef + U+0653") << "آسفال"
                                                   << "pothole";
    // Digits in any script
    QTest::newRow("persian digits") << "۱۲۲"
                                    << "ext-water";
    QTest::newRow("ascii digits") << "194"
                                  << "ext-gas";
    QTest::newRow("arabic-indic digits") << "١٢١ برق"
                                         << "ext-power";
    QTest::newRow("emergency 125") << "۱۲۵ اورژانس"
                                   << "emergency-numbers";
    QTest::newRow("tracking code") << "کد رهگیری"
                                   << "tracking-code";
}

void TestKbSearch::relevance()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const auto hits = KbSearch(m_db->name()).search(query, 5);
    QVERIFY2(hits.ok(), hits.ok() ? "" : qPrintable(hits.error().message));
    QStringList ids;
    for (const SearchHit &hit : hits.value())
        ids.append(hit.id);
    QVERIFY2(!ids.isEmpty(), "no hit");
    QVERIFY2(ids.first() == expected, qPrintable(ids.join(QLatin1Char(' '))));
}

void TestKbSearch::spellingVariantsMeet_data()
{
    QTest::addColumn<QString>("articleText");
    QTest::addColumn<QString>("query");
    const QString zwnj = QStringLiteral("بازیافت\u200Cها");
    const QString space = QStringLiteral("بازیافت ها");
    const QString joined = QStringLiteral("بازیافتها");
    const QList<QPair<const char *, QString>> forms = {{"zwnj", zwnj}, {"space", space}, {"joined", joined}};
    for (const auto &text : forms) {
        for (const auto &query : forms) {
            if (query.second != space)
                QTest::addRow("%s text, %s query", text.first, query.first) << text.second << query.second;
        }
    }
    // Alef forms written into the article and typed in the query (notes/persian.md §5)
    QTest::newRow("hamza-above text, plain query") << QStringLiteral("مسأله") << QStringLiteral("مساله");
    QTest::newRow("plain text, hamza-below query") << QStringLiteral("اداره") << QStringLiteral("إداره");
    QTest::newRow("wasla text, plain query") << QStringLiteral("ٱداره") << QStringLiteral("اداره");
    QTest::newRow("decomposed madda text, madda query")
        << QStringLiteral("\u0627\u0653بگیر") << QStringLiteral("آبگیر");
    QTest::newRow("madda text, decomposed madda query")
        << QStringLiteral("آبگیر") << QStringLiteral("\u0627\u0653بگیر");
    QTest::newRow("space query meets zwnj text") << zwnj << space;
    QTest::newRow("space query meets joined text") << joined << space;
    QTest::newRow("space query meets space text") << space << space;
}

void TestKbSearch::spellingVariantsMeet()
{
    QFETCH(QString, articleText);
    QFETCH(QString, query);
    KbTestDb db(QStringLiteral("kb-variants"));
    KbRepository repository(db.name());
    Article article;
    article.id = QStringLiteral("variant");
    article.title = QStringLiteral("مقاله آزمایشی");
    article.body = QStringLiteral("درباره ") + articleText + QStringLiteral(" شهری");
    const auto added = repository.upsert(article);
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().message));
    Article other;
    other.id = QStringLiteral("other");
    other.title = QStringLiteral("مقاله دیگر");
    other.body = QStringLiteral("درباره چیز دیگری");
    QVERIFY(repository.upsert(other).ok());
    const auto hits = KbSearch(db.name()).search(query, 5);
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
    QCOMPARE(hits.value().first().id, QStringLiteral("variant"));
}

void TestKbSearch::snippetMarksMatchesInOriginalSpelling()
{
    const auto hits = KbSearch(m_db->name()).search(QStringLiteral("بازيافت"), 3); // Arabic yeh in the query
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
    const Snippet &snippet = hits.value().first().snippet;
    QVERIFY(!snippet.marks.isEmpty());
    const QString marked = snippet.text.mid(snippet.marks.first().start, snippet.marks.first().length);
    QVERIFY2(marked.startsWith(QStringLiteral("بازیافت")), qPrintable(marked)); // the article's Persian yeh
    QVERIFY(snippet.toHtml().contains(QStringLiteral("<b>")));
}

void TestKbSearch::shortQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expectedTitleContains");
    QTest::newRow("one letter") << "ت"
                                << "ت";
    QTest::newRow("two letters") << "سگ"
                                 << "سگ";
    QTest::newRow("two letters arabic kaf") << "تا"
                                            << "تا";
    QTest::newRow("two digits") << "۱۱"
                                << "۱۱";
}

void TestKbSearch::shortQueries()
{
    QFETCH(QString, query);
    QFETCH(QString, expectedTitleContains);
    const auto hits = KbSearch(m_db->name()).search(query, 10);
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
    QVERIFY2(hits.value().first().title.contains(expectedTitleContains),
             qPrintable(hits.value().first().title));
}

void TestKbSearch::hostileQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("expectHits");
    QTest::newRow("empty") << "" << false;
    QTest::newRow("spaces") << "   \t " << false;
    QTest::newRow("quote") << "\"" << false;
    QTest::newRow("unbalanced quote") << "\"زباله" << true;
    QTest::newRow("star") << "*" << false;
    QTest::newRow("star word") << "زباله*" << true;
    QTest::newRow("NEAR") << "NEAR(زباله مخزن)" << true;
    QTest::newRow("near word") << "زباله NEAR مخزن" << true;
    QTest::newRow("column filter") << "title:زباله" << true;
    QTest::newRow("parentheses") << "((زباله" << true;
    QTest::newRow("closing parentheses") << "))" << false;
    QTest::newRow("boolean words") << "AND OR NOT" << false;
    QTest::newRow("caret") << "^زباله" << true;
    QTest::newRow("minus and plus") << "-زباله +مخزن" << true;
    QTest::newRow("sql") << "'; DROP TABLE kb_articles; --" << false;
    QTest::newRow("control characters") << QString::fromUtf16(u"\u0001\u0002زباله\u200F") << true;
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + QStringLiteral("زباله") << true;
}

void TestKbSearch::hostileQueries()
{
    QFETCH(QString, query);
    QFETCH(bool, expectHits);
    const auto hits = KbSearch(m_db->name()).search(query, 10);
    QVERIFY2(hits.ok(), hits.ok() ? "" : qPrintable(hits.error().message));
    QCOMPARE(!hits.value().isEmpty(), expectHits);
    if (expectHits && query.contains(QStringLiteral("زباله")))
        QVERIFY(hits.value().first().title.contains(QStringLiteral("زباله")) ||
                hits.value().first().snippet.text.contains(QStringLiteral("زباله")));
    // The store is intact afterwards.
    QVERIFY(KbSearch(m_db->name()).search(QStringLiteral("نخاله"), 1).value().size() == 1);
}

void TestKbSearch::invalidUtf8Query()
{
    const QByteArray bytes("\xff\xfe\xd8\xb2\xd8\xa8\xd8\xa7\xd9\x84\xd9\x87\xc3\x28\x80",
                           15); // bad bytes around "زباله"
    const QString query = QString::fromUtf8(bytes);
    const auto hits = KbSearch(m_db->name()).search(query, 10);
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
}

void TestKbSearch::longQueryStillFinds()
{
    QString query;
    while (query.size() < 5000)
        query += QStringLiteral(
            "سگ ولگرد در کوچه ما هر شب پارس می‌کند و بچه‌ها "
            "می‌ترسند ");
    query.truncate(5000);
    const auto hits = KbSearch(m_db->name()).search(query, 5);
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
    QCOMPARE(hits.value().first().id, QStringLiteral("stray-dogs"));
    const QString junk(5000, QChar(u'ض'));
    const auto none = KbSearch(m_db->name()).search(junk, 5);
    QVERIFY(none.ok());
    QVERIFY(none.value().isEmpty());
}

void TestKbSearch::limitIsHonoured()
{
    const auto hits = KbSearch(m_db->name()).search(QStringLiteral("شهرداری"), 3);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 3);
    const auto one = KbSearch(m_db->name()).search(QStringLiteral("شهرداری"), 0); // clamped to 1
    QCOMPARE(one.value().size(), 1);
}

void TestKbSearch::suggestions()
{
    const KbSearch search(m_db->name());
    // Category alone: the article of that leaf first.
    auto hits = search.suggest(QStringLiteral("WASTE-DEBRIS"), QString(), 5);
    QVERIFY2(hits.ok(), hits.ok() ? "" : qPrintable(hits.error().message));
    QVERIFY(!hits.value().isEmpty());
    QCOMPARE(hits.value().first().id, QStringLiteral("waste-debris"));
    // Group articles follow the leaf ones.
    QStringList ids;
    for (const SearchHit &hit : hits.value())
        ids.append(hit.id);
    QVERIFY2(ids.contains(QStringLiteral("waste-collection")), qPrintable(ids.join(QLatin1Char(' '))));
    // Description alone.
    hits = search.suggest(
        QString(),
        QStringLiteral("همسایه می‌گوید بوی گاز در راه‌پله پیچیده"), 3);
    QVERIFY(hits.ok());
    QVERIFY(!hits.value().isEmpty());
    QCOMPARE(hits.value().first().id, QStringLiteral("ext-gas"));
    // Both: an article of the category that matches the description wins over the plain leaf article.
    hits = search.suggest(QStringLiteral("OTHER-EXTERNAL"),
                          QStringLiteral("از دیروز آب قطع است و فشار آب کم"), 3);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().first().id, QStringLiteral("ext-water"));
    // Its snippet marks the words searched for, never the description's function words.
    const Snippet &snippet = hits.value().first().snippet;
    QStringList marked;
    for (const Snippet::Mark &mark : snippet.marks)
        marked.append(Pasokh::Core::PersianText::searchKey(snippet.text.mid(mark.start, mark.length)));
    QVERIFY2(!marked.isEmpty(), qPrintable(snippet.text));
    for (const QString &word : std::as_const(marked)) {
        QVERIFY2(!FtsQuery::isStopWord(word) && word != QStringLiteral("و"),
                 qPrintable(marked.join(QLatin1Char(' '))));
    }
    // Nothing known.
    hits = search.suggest(QStringLiteral("NO-SUCH"), QString(), 3);
    QVERIFY(hits.ok());
    QVERIFY(hits.value().isEmpty());
}

void TestKbSearch::retiredArticlesAreNotFound()
{
    KbTestDb db(QStringLiteral("kb-retire"));
    KbRepository repository(db.name());
    Article article = kbArticle(QStringLiteral("old"), QStringLiteral("راهنمای قدیمی تعطیلات"),
                                QStringLiteral("متن قدیمی"));
    QVERIFY(repository.upsert(article).ok());
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("تعطیلات")).value().size(), 1);
    QVERIFY(repository.retire(QStringLiteral("old")).ok());
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("تعطیلات")).value().size(), 0);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("را")).value().size(), 0); // short-query path too
    // Re-importing revives it.
    article.body = QStringLiteral("متن تازه");
    QCOMPARE(repository.upsert(article).value(), KbRepository::Outcome::Updated);
    QCOMPARE(KbSearch(db.name()).search(QStringLiteral("تعطیلات")).value().size(), 1);
}

void TestKbSearch::bodyOnlyMatchesRankedAmongNewest()
{
    // KbSearch::BodyCandidates: with more body-only matches than that, bm25 ranks the newest (highest seq)
    // ones; title and keyword matches are ranked in full and come first whatever their age.
    KbTestDb db(QStringLiteral("kb-cap"));
    KbRepository repository(db.name());
    const int extra = 40;
    QList<Article> articles;
    for (int i = 0; i < KbSearch::BodyCandidates + extra; ++i) {
        Article article;
        article.id = QStringLiteral("a%1").arg(i, 4, 10, QLatin1Char('0'));
        article.title = QStringLiteral("راهنمای شماره %1").arg(i);
        // The oldest article holds the word most often: bm25 over every match would put it first.
        article.body = i == 0 ? QStringLiteral("سرمازدگی سرمازدگی سرمازدگی سرمازدگی لوله")
                              : QStringLiteral("درباره سرمازدگی لوله و کنتور آب در زمستان");
        articles.append(article);
    }
    // Old too, but the word is in its title.
    articles.prepend(
        kbArticle(QStringLiteral("b-title"), QStringLiteral("سرمازدگی کنتور"), QStringLiteral("متن")));
    QVERIFY(repository.upsertAll(articles).ok());

    const auto hits = KbSearch(db.name()).search(QStringLiteral("سرمازدگی"), 10);
    QVERIFY2(hits.ok(), hits.ok() ? "" : qPrintable(hits.error().message));
    QCOMPARE(hits.value().size(), 10);
    QCOMPARE(hits.value().first().id, QStringLiteral("b-title"));
    for (qsizetype i = 1; i < hits.value().size(); ++i) {
        const int number = QStringView(hits.value().at(i).id).mid(1).toInt();
        QVERIFY2(number >= extra, qPrintable(hits.value().at(i).id)); // among the newest BodyCandidates
    }
    // Below the cap the ranking is complete again: the next word leaves two body matches, best first.
    Article twoWords = articles.at(1);
    twoWords.body = QStringLiteral("سرمازدگی سرمازدگی شیرفلکه شیرفلکه شیرفلکه");
    Article another = articles.at(2);
    another.body = QStringLiteral("سرمازدگی شیرفلکه و چیزهای دیگر که در متن هست");
    QVERIFY(repository.upsertAll({twoWords, another}).ok());
    const auto narrowed = KbSearch(db.name()).search(QStringLiteral("سرمازدگی شیرفلک"), 10);
    QVERIFY(narrowed.ok());
    QCOMPARE(narrowed.value().size(), 2);
    QCOMPARE(narrowed.value().first().id, QStringLiteral("a0000"));
}

void TestKbSearch::joinedFormFoundOnlyWhenIndexed()
{
    // The joined alternative of a pair is tried only when the index holds a word starting with it: the spaced
    // query still meets the article written joined, and a pair nobody wrote joined is searched as two words.
    KbTestDb db(QStringLiteral("kb-joined"));
    KbRepository repository(db.name());
    const Article joined =
        kbArticle(QStringLiteral("joined"), QStringLiteral("راهنما"), QStringLiteral("آبگرفتگی خیابان اصلی"));
    const Article split = kbArticle(QStringLiteral("split"), QStringLiteral("راهنمای دیگر"),
                                    QStringLiteral("آب شرب و گرفتگی لوله اتوبوس"));
    QVERIFY(repository.upsertAll({joined, split}).ok());
    const KbSearch search(db.name());
    auto hits = search.search(QStringLiteral("آب گرفتگی"), 5);
    QVERIFY(hits.ok());
    QStringList ids;
    for (const SearchHit &hit : hits.value())
        ids.append(hit.id);
    ids.sort();
    QCOMPARE(ids, (QStringList{QStringLiteral("joined"), QStringLiteral("split")}));
    hits = search.search(QStringLiteral("لوله اتوبوس"), 5);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 1);
    QCOMPARE(hits.value().first().id, QStringLiteral("split"));
}

namespace {

QStringList sortedIds(const KbSearch &search, const QString &query)
{
    const auto hits = search.search(query, 50);
    if (!hits.ok())
        return {QStringLiteral("error: ") + hits.error().message};
    QStringList ids;
    for (const SearchHit &hit : hits.value())
        ids.append(hit.id);
    ids.sort();
    return ids;
}

} // namespace

void TestKbSearch::prefixTermsFollowTheStore()
{
    // A prefix of four letters or more is asked as the OR of its terms, cached per connection (PrefixTerms):
    // a term written afterwards, by another connection or by the searching one, must still be found.
    KbTestDb db(QStringLiteral("kb-prefix-terms"));
    KbRepository repository(db.name());
    QVERIFY(repository
                .upsert(kbArticle(QStringLiteral("first"), QStringLiteral("مقاله یکم"),
                                  QStringLiteral("درباره کارگاه شهری")))
                .ok());
    const auto reader = AsyncSearcher::storeReader(db.path())();
    QVERIFY(reader.ok());
    const KbSearch onReader(reader.value());
    const KbSearch onWriter(db.name());
    const QString typed = QStringLiteral("کارگ");
    QCOMPARE(sortedIds(onReader, typed), QStringList{QStringLiteral("first")});
    QCOMPARE(sortedIds(onWriter, typed), QStringList{QStringLiteral("first")});
    const auto terms = PrefixTerms::expand(QSqlDatabase::database(reader.value()),
                                           {typed, QStringLiteral("کار"), QStringLiteral("کارخانه")});
    QVERIFY(terms.ok());
    QCOMPARE(terms.value().value(typed), QStringList{QStringLiteral("کارگاه")});
    QVERIFY(!terms.value().contains(QStringLiteral("کار")));     // 3 letters: FTS5's prefix index
    QVERIFY(!terms.value().contains(QStringLiteral("کارخانه"))); // no term: stays a prefix (matches nothing)

    QVERIFY(repository
                .upsert(kbArticle(QStringLiteral("second"), QStringLiteral("مقاله دوم"),
                                  QStringLiteral("درباره کارگزار شهری")))
                .ok());
    const QStringList both = {QStringLiteral("first"), QStringLiteral("second")};
    QCOMPARE(sortedIds(onReader, typed), both); // the writer committed: data_version moved
    QCOMPARE(sortedIds(onWriter, typed), both); // this connection wrote: total_changes() moved
    // Typed on: the longer prefix's terms are filtered from the cached ones.
    QCOMPARE(sortedIds(onReader, QStringLiteral("کارگز")), QStringList{QStringLiteral("second")});
    QCOMPARE(sortedIds(onReader, QStringLiteral("کارگا")), QStringList{QStringLiteral("first")});
    Pasokh::Storage::Database::closeConnection(reader.value());

    // A connection opened again under the same name (as the knowledge panel's read worker does after a
    // failure), here on another store with the same version counters, does not reuse the cache.
    KbTestDb other(QStringLiteral("kb-prefix-terms-2"));
    KbRepository otherRepository(other.name());
    QVERIFY(otherRepository
                .upsert(kbArticle(QStringLiteral("third"), QStringLiteral("مقاله سوم"),
                                  QStringLiteral("درباره کارگران شهری")))
                .ok());
    const QString sameName = QStringLiteral("kb-prefix-terms-reader");
    for (const auto &[path, expected] : {std::pair{db.path(), QStringLiteral("first,second")},
                                         std::pair{other.path(), QStringLiteral("third")}}) {
        QVERIFY(Pasokh::Storage::Database::openReader(path, sameName).ok());
        QCOMPARE(sortedIds(KbSearch(sameName), typed).join(QLatin1Char(',')), expected);
        Pasokh::Storage::Database::closeConnection(sameName);
    }
}

void TestKbSearch::searchWithoutPrefixTerms()
{
    // The terms of a prefix only save time: when they cannot be listed (here a temp view takes the
    // vocabulary table's name and has no term column), the prefix is asked as it is and still finds.
    KbTestDb db(QStringLiteral("kb-prefix-fallback"));
    KbRepository repository(db.name());
    QVERIFY(repository
                .upsert(kbArticle(QStringLiteral("first"), QStringLiteral("مقاله یکم"),
                                  QStringLiteral("درباره کارگاه شهری")))
                .ok());
    db.exec(QStringLiteral("CREATE TEMP VIEW kb_fts_terms AS SELECT 1 AS x"));
    QVERIFY(!PrefixTerms::expand(QSqlDatabase::database(db.name()), {QStringLiteral("کارگ")}).ok());
    QCOMPARE(sortedIds(KbSearch(db.name()), QStringLiteral("کارگ")), QStringList{QStringLiteral("first")});
}

void TestKbSearch::prefixOfManyTermsStaysAPrefix()
{
    // More than PrefixTerms::MaxTerms terms: the prefix is left to FTS5, and every article is still found.
    KbTestDb db(QStringLiteral("kb-prefix-many"));
    KbRepository repository(db.name());
    const QString letters = QStringLiteral("ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهی");
    QList<Article> articles;
    QStringList expected;
    for (int i = 0; i < PrefixTerms::MaxTerms + 6; ++i) {
        const QString word =
            QStringLiteral("کارگ") + letters.at(i % letters.size()) + letters.at(i / letters.size() + 1);
        const QString id = QStringLiteral("a%1").arg(i, 2, 10, QLatin1Char('0'));
        articles.append(kbArticle(id, QStringLiteral("مقاله"), QStringLiteral("درباره ") + word));
        expected.append(id);
    }
    QVERIFY(repository.upsertAll(articles).ok());
    const auto terms = PrefixTerms::expand(QSqlDatabase::database(db.name()), {QStringLiteral("کارگ")});
    QVERIFY(terms.ok());
    QVERIFY(terms.value().isEmpty());
    QCOMPARE(sortedIds(KbSearch(db.name()), QStringLiteral("کارگ")), expected);
}

QTEST_GUILESS_MAIN(TestKbSearch)
#include "tst_kbsearch.moc"
