// SPDX-License-Identifier: GPL-3.0-or-later
// ArticleParser, SearchText, FtsQuery and Snippet: the pure text parts of the knowledge base.
#include "models/core/persiantext.h"
#include "models/kb/articleparser.h"
#include "models/kb/ftsquery.h"
#include "models/kb/searchtext.h"
#include "models/kb/snippet.h"

#include <QTest>

using namespace Pasokh::Kb;
namespace PersianText = Pasokh::Core::PersianText;

class TestArticleParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesFullFrontMatter();
    void listsAsText();
    void crlfAndBom();
    void rejects_data();
    void rejects();
    void hashChangesWithContent();
    void plainTextDropsMarkup();
    void tokensFollowUnicode61();
    void zwnjPartsAndAffixJoins();
    void queryNeverLeaksSyntax_data();
    void queryNeverLeaksSyntax();
    void joinAlternatives();
    void snippetWindowAndMarks();
    void snippetPicksTheWindowOfMostTokens();
    void snippetMatchesWordParts();
};

void TestArticleParser::parsesFullFrontMatter()
{
    const QByteArray file = "---\n"
                            "id: waste-collection\n"
                            "title: عدم جمع‌آوری زباله\n"
                            "keywords: [زباله, پسماند]\n"
                            "categories: [WASTE-COLLECT, WASTE]\n"
                            "units: [ORG-WASTE]\n"
                            "reviewed: 2026-11-30\n"
                            "---\n"
                            "# عنوان\n\nمتن **مهم**.\n";
    const auto article = ArticleParser::parse(file, QStringLiteral("a.md"));
    QVERIFY2(article.ok(), article.ok() ? "" : qPrintable(article.error().message));
    QCOMPARE(article.value().id, QStringLiteral("waste-collection"));
    QCOMPARE(article.value().title, QStringLiteral("عدم جمع\u200Cآوری زباله"));
    QCOMPARE(article.value().keywords, QStringList({QStringLiteral("زباله"), QStringLiteral("پسماند")}));
    QCOMPARE(article.value().categories,
             QStringList({QStringLiteral("WASTE-COLLECT"), QStringLiteral("WASTE")}));
    QCOMPARE(article.value().units, QStringList({QStringLiteral("ORG-WASTE")}));
    QCOMPARE(article.value().reviewedOn, QDate(2026, 11, 30));
    QCOMPARE(article.value().body, QStringLiteral("# عنوان\n\nمتن **مهم**."));
    QCOMPARE(article.value().contentSha256.size(), 64);
}

void TestArticleParser::listsAsText()
{
    const QByteArray file = "---\nid: x\ntitle: t\nkeywords: آب، برق , گاز,,آب\n---\nbody\n";
    const auto article = ArticleParser::parse(file, QStringLiteral("b.md"));
    QVERIFY(article.ok());
    QCOMPARE(article.value().keywords,
             QStringList({QStringLiteral("آب"), QStringLiteral("برق"), QStringLiteral("گاز")}));
    QVERIFY(!article.value().reviewedOn.isValid());
}

void TestArticleParser::crlfAndBom()
{
    const QByteArray file = "\xEF\xBB\xBF---\r\nid: x\r\ntitle: t\r\n---\r\nline one\r\nline two\r\n";
    const auto article = ArticleParser::parse(file, QStringLiteral("c.md"));
    QVERIFY(article.ok());
    QCOMPARE(article.value().body, QStringLiteral("line one\nline two"));
}

void TestArticleParser::rejects_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("code");
    QTest::newRow("no front matter") << QByteArray("# title\nbody") << "front_matter";
    QTest::newRow("unclosed") << QByteArray("---\nid: x\ntitle: t\nbody") << "front_matter";
    QTest::newRow("yaml syntax") << QByteArray("---\nid: [x\ntitle: t\n---\nbody") << "front_matter";
    QTest::newRow("not a map") << QByteArray("---\n- a\n- b\n---\nbody") << "front_matter";
    QTest::newRow("unknown key") << QByteArray("---\nid: x\ntitle: t\nauthor: me\n---\nbody")
                                 << "front_matter";
    QTest::newRow("keywords map") << QByteArray("---\nid: x\ntitle: t\nkeywords: {a: b}\n---\nbody")
                                  << "front_matter";
    QTest::newRow("missing id") << QByteArray("---\ntitle: t\n---\nbody") << "id";
    QTest::newRow("bad id") << QByteArray("---\nid: a b/c\ntitle: t\n---\nbody") << "id";
    QTest::newRow("persian id") << QByteArray("---\nid: زباله\ntitle: t\n---\nbody") << "id";
    QTest::newRow("missing title") << QByteArray("---\nid: x\n---\nbody") << "title";
    QTest::newRow("empty body") << QByteArray("---\nid: x\ntitle: t\n---\n  \n") << "body";
    QTest::newRow("bad date") << QByteArray("---\nid: x\ntitle: t\nreviewed: 1403/09/10\n---\nbody")
                              << "reviewed";
    QTest::newRow("invalid utf-8") << QByteArray("---\nid: x\ntitle: \xff\xfe\n---\nbody") << "encoding";
    QTest::newRow("closing line junk") << QByteArray("---\nid: x\ntitle: t\n---x\nbody") << "front_matter";
}

void TestArticleParser::rejects()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, code);
    const auto article = ArticleParser::parse(file, QStringLiteral("bad.md"));
    QVERIFY(!article.ok());
    QCOMPARE(article.error().code, code);
    QVERIFY(article.error().message.startsWith(QStringLiteral("bad.md: ")));
}

void TestArticleParser::hashChangesWithContent()
{
    Article a;
    a.id = QStringLiteral("x");
    a.title = QStringLiteral("t");
    a.body = QStringLiteral("b");
    Article b = a;
    QCOMPARE(a.contentHash(), b.contentHash());
    b.categories = {QStringLiteral("WASTE")};
    QVERIFY(a.contentHash() != b.contentHash());
    // Field boundaries count: moving text between fields changes the hash.
    Article c = a;
    c.title = QStringLiteral("tb");
    c.body = QString();
    Article d = a;
    d.title = QStringLiteral("t");
    d.body = QStringLiteral("b");
    QVERIFY(c.contentHash() != d.contentHash());
}

void TestArticleParser::plainTextDropsMarkup()
{
    const QString md =
        QStringLiteral("# سرتیتر\n\nمتن **پررنگ** و [پیوند](https://example.org).\n\n- مورد یک\n- مورد دو\n\n"
                       "| ستون | مقدار |\n|---|---|\n| آب | ۱۲۲ |\n");
    const QString plain = SearchText::plainText(md);
    QVERIFY2(!plain.contains(QLatin1Char('*')) && !plain.contains(QLatin1Char('#')) &&
                 !plain.contains(QStringLiteral("https")) && !plain.contains(QLatin1Char('|')),
             qPrintable(plain));
    QVERIFY(plain.contains(QStringLiteral("پررنگ")));
    QVERIFY(plain.contains(QStringLiteral("پیوند")));
    QVERIFY(plain.contains(QStringLiteral("مورد دو")));
    QVERIFY(plain.contains(QStringLiteral("۱۲۲")));
}

void TestArticleParser::tokensFollowUnicode61()
{
    QCOMPARE(SearchText::tokens(QStringLiteral("  كارتن‌خوابي، (۱۲۳) \"NEAR\" title:x  ")),
             QStringList({QStringLiteral("کارتنخوابی"), QStringLiteral("123"), QStringLiteral("near"),
                          QStringLiteral("title"), QStringLiteral("x")}));
    QCOMPARE(SearchText::tokens(QStringLiteral("مُنْهُول")), QStringList({QStringLiteral("منهول")}));
    QVERIFY(SearchText::tokens(QStringLiteral("*:()\"^-+")).isEmpty());
    // Characters beyond the BMP stay whole.
    QCOMPARE(SearchText::tokens(QStringLiteral("a\U0001D400b")).size(), 1);
}

void TestArticleParser::zwnjPartsAndAffixJoins()
{
    QCOMPARE(SearchText::zwnjParts(QStringLiteral("بازیافت\u200Cها در آب\u200Cرسانی")),
             QStringLiteral("بازیافت ها اب رسانی").replace(QStringLiteral("اب"), QStringLiteral("آب")));
    QCOMPARE(SearchText::affixJoins(QStringLiteral("بازیافت ها و می روم، بزرگ ترین")),
             QStringLiteral("بازیافتها میروم بزرگترین"));
    QVERIFY(SearchText::affixJoins(QStringLiteral("ها")).isEmpty());
}

void TestArticleParser::queryNeverLeaksSyntax_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "زباله"
                           << "\"زباله\"*";
    QTest::newRow("quote star") << "\"زباله*\""
                                << "\"زباله\"*";
    QTest::newRow("near")
        << "NEAR(ab cd)"
        << "((\"near\"* AND ((\"ab\"* AND \"cd\"*) OR (\"abcd\"*))) OR (\"nearab\"* AND \"cd\"*))";
    QTest::newRow("column") << "title:xy"
                            << "((\"title\"* AND \"xy\"*) OR (\"titlexy\"*))";
    QTest::newRow("only syntax") << "\"*:()^"
                                 << "";
}

void TestArticleParser::queryNeverLeaksSyntax()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(FtsQuery::allTerms(FtsQuery::queryTokens(input)), expected);
}

void TestArticleParser::joinAlternatives()
{
    const QStringList tokens = FtsQuery::queryTokens(QStringLiteral("بازیافت ها"));
    QCOMPARE(FtsQuery::allTerms(tokens), QStringLiteral("((\"بازیافت\"* AND \"ها\"*) OR (\"بازیافتها\"*))"));
    QCOMPARE(FtsQuery::anyTerm(tokens), QStringLiteral("\"بازیافت\"* OR \"ها\""));
    // Long queries: capped, no join alternatives.
    QString many;
    for (int i = 0; i < 40; ++i)
        many += QStringLiteral("w%1 ").arg(i);
    const QStringList capped = FtsQuery::queryTokens(many);
    QCOMPARE(capped.size(), FtsQuery::MaxTokens);
    QVERIFY(!FtsQuery::allTerms(capped).contains(QStringLiteral(" OR ")));
    // A one-letter token before the last must match exactly, the last one is a prefix.
    QCOMPARE(FtsQuery::allTerms({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                 QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("fg")}),
             QStringLiteral("\"a\" AND \"b\" AND \"c\" AND \"d\" AND \"e\" AND \"fg\"*"));
    // A trailing one-letter token (the next word just begun) is left out; alone it stays.
    QCOMPARE(FtsQuery::allTerms({QStringLiteral("سگ"), QStringLiteral("و")}), QStringLiteral("\"سگ\"*"));
    QCOMPARE(FtsQuery::allTerms({QStringLiteral("و")}), QStringLiteral("\"و\"*"));
    // Joined alternatives only for the pairs marked joinable; the pair index follows usedTokens().
    const QStringList three = {QStringLiteral("منبع"), QStringLiteral("غرفه"), QStringLiteral("زمان")};
    QCOMPARE(FtsQuery::allTerms(three, {false, false}),
             QStringLiteral("\"منبع\"* AND \"غرفه\"* AND \"زمان\"*"));
    QCOMPARE(FtsQuery::allTerms(three, {false, true}),
             QStringLiteral("\"منبع\"* AND ((\"غرفه\"* AND \"زمان\"*) OR (\"غرفهزمان\"*))"));
    QCOMPARE(FtsQuery::allTerms(three, {true, true}), FtsQuery::allTerms(three));
    QCOMPARE(FtsQuery::joinedLiteral(three, 0), QStringLiteral("\"منبعغرفه\"*"));
    QCOMPARE(FtsQuery::usedTokens({QStringLiteral("سگ"), QStringLiteral("و")}),
             QStringList{QStringLiteral("سگ")});
    // A prefix with its terms (PrefixTerms) is written as their OR; one term alone as that term.
    const QHash<QString, QStringList> terms = {
        {QStringLiteral("غرفه"), {QStringLiteral("غرفه"), QStringLiteral("غرفهها")}},
        {QStringLiteral("زمان"), {QStringLiteral("زمانی")}}};
    QCOMPARE(FtsQuery::allTerms(three, {false, false}, terms),
             QStringLiteral("\"منبع\"* AND (\"غرفه\" OR \"غرفهها\") AND \"زمانی\""));
    QCOMPARE(FtsQuery::anyTerm(three, terms),
             QStringLiteral("\"منبع\"* OR (\"غرفه\" OR \"غرفهها\") OR \"زمانی\""));
}

void TestArticleParser::snippetWindowAndMarks()
{
    QString text;
    for (int i = 0; i < 40; ++i)
        text += QStringLiteral("واژه%1 ").arg(i);
    text += QStringLiteral("سگ‌های ولگرد در کوچه");
    const Snippet snippet = Snippet::make(text, {QStringLiteral("سگ"), QStringLiteral("ولگرد")}, 8);
    QVERIFY(snippet.text.startsWith(QStringLiteral("… ")));
    QCOMPARE(snippet.marks.size(), 2);
    QCOMPARE(snippet.text.mid(snippet.marks.at(0).start, snippet.marks.at(0).length),
             QStringLiteral("سگ‌های"));
    QCOMPARE(snippet.text.mid(snippet.marks.at(1).start, snippet.marks.at(1).length),
             QStringLiteral("ولگرد"));
    QVERIFY(snippet.toHtml().contains(QStringLiteral("<b>ولگرد</b>")));
    // No match: the beginning, unmarked, with a trailing ellipsis.
    const Snippet none = Snippet::make(text, {QStringLiteral("هیچ")}, 5);
    QVERIFY(none.marks.isEmpty());
    QVERIFY(none.text.startsWith(QStringLiteral("واژه0")));
    QVERIFY(none.text.endsWith(QStringLiteral("…")));
    // HTML in the text is escaped.
    QCOMPARE(Snippet::make(QStringLiteral("<i>آب</i>"), {}, 5).toHtml(),
             QStringLiteral("&lt;i&gt;آب&lt;/i&gt;"));
    QVERIFY(Snippet::make(QString(), {QStringLiteral("x")}).text.isEmpty());
}

namespace {

QStringList markedWords(const Snippet &snippet)
{
    QStringList words;
    for (const Snippet::Mark &mark : snippet.marks)
        words.append(snippet.text.mid(mark.start, mark.length));
    return words;
}

} // namespace

void TestArticleParser::snippetPicksTheWindowOfMostTokens()
{
    // Three marks of one token lose to a window holding both tokens; of equal windows the earliest wins.
    const QString text = QStringLiteral("سگ سگ سگ یک دو سه چهار پنج شش هفت سگ ولگرد هشت نه ده سگ ولگرد");
    const QStringList tokens = {QStringLiteral("سگ"), QStringLiteral("ولگرد")};
    const Snippet snippet = Snippet::make(text, tokens, 4);
    QCOMPARE(snippet.text, QStringLiteral("… شش هفت سگ ولگرد …"));
    QCOMPARE(markedWords(snippet), tokens);
    // The same text prepared once gives the same snippet for any query.
    const Snippet::Source source = Snippet::prepare(text, PersianText::searchKey(text));
    QCOMPARE(Snippet::make(source, tokens, 4).text, snippet.text);
    QCOMPARE(markedWords(Snippet::make(source, {QStringLiteral("ولگ")}, 3)),
             (QStringList{QStringLiteral("ولگرد")}));
}

void TestArticleParser::snippetMatchesWordParts()
{
    // A word written with a ZWNJ matches its joined key and each part; Arabic letters and harakat in the
    // text are matched by their search key and shown as written.
    const QString text = QStringLiteral("لوله آب‌رسانی شكسته است");
    QCOMPARE(markedWords(Snippet::make(text, {QStringLiteral("رسانی")})),
             QStringList{QStringLiteral("آب‌رسانی")});
    QCOMPARE(markedWords(Snippet::make(text, {QStringLiteral("آبرس")})),
             QStringList{QStringLiteral("آب‌رسانی")});
    QCOMPARE(markedWords(Snippet::make(text, {QStringLiteral("شکسته")})),
             QStringList{QStringLiteral("شكسته")});
    // A word the search key drops entirely (a lone tatweel) puts the keys out of line with the words: each
    // word is then keyed on its own, and the marks stay on the right words.
    const QString dropped = QStringLiteral("ـ لوله شکسته");
    const Snippet::Source source = Snippet::prepare(dropped, PersianText::searchKey(dropped));
    QCOMPARE(source.words.size(), 3);
    QCOMPARE(markedWords(Snippet::make(source, {QStringLiteral("شکس")})),
             QStringList{QStringLiteral("شکسته")});
    // A word with punctuation attached is matched by the token inside it.
    QCOMPARE(markedWords(Snippet::make(QStringLiteral("زباله(خشک) جمع"), {QStringLiteral("خشک")})),
             QStringList{QStringLiteral("زباله(خشک)")});
}

QTEST_GUILESS_MAIN(TestArticleParser)
#include "tst_articleparser.moc"
