// SPDX-License-Identifier: GPL-3.0-or-later
// The knowledge panel offscreen: Persian typed into the search box, results, the RTL article viewer,
// suggestions, the "used on this call" signal, and a screenshot for review (build dir, screenshots/).
#include "tests/unit/kb/kbtestdb.h"

#include "models/kb/asyncsearcher.h"
#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "ui/kb/knowledgepanel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

using namespace Pasokh;

namespace {

// QTest::keyClicks() in Qt 6.4 converts each character to Latin-1 and aborts on Persian ("qasciikey.cpp"), so
// Persian typing sends one key event per character with the character as the event text, as a keyboard would.
void typeText(QWidget *widget, const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

} // namespace

class TestKnowledgePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void typingPersianFindsAndOpensAnArticle();
    void suggestionsFollowCategoryAndDescription();
    void hostileInputShowsNoError();

private:
    QString screenshotPath(const QString &name) const;

    KbTestDb *m_db = nullptr;
    Kb::AsyncSearcher *m_searcher = nullptr;
    Ui::KnowledgePanel *m_panel = nullptr;
};

QString TestKnowledgePanel::screenshotPath(const QString &name) const
{
    QDir dir(QString::fromLocal8Bit(qgetenv("PASOKH_BINARY_DIR")));
    dir.mkpath(QStringLiteral("screenshots"));
    return dir.filePath(QStringLiteral("screenshots/") + name);
}

void TestKnowledgePanel::initTestCase()
{
    QApplication::setLayoutDirection(Qt::RightToLeft);
    QLocale::setDefault(QLocale(QLocale::Persian, QLocale::Iran));
    for (const QString &family : {QStringLiteral("Vazirmatn"), QStringLiteral("Noto Sans Arabic")}) {
        if (QFontDatabase::families().contains(family)) {
            QApplication::setFont(QFont(family, 10));
            break;
        }
    }
    m_db = new KbTestDb(QStringLiteral("ui-kb"));
    Kb::KbRepository repository(m_db->name());
    Kb::KbImporter importer(&repository);
    QVERIFY(importer.importDirectory(kbArticlesDir()).ok());
    m_searcher = new Kb::AsyncSearcher(Kb::AsyncSearcher::storeReader(m_db->path()));
    m_searcher->setDebounceInterval(30);
    m_panel = new Ui::KnowledgePanel(m_searcher);
    m_panel->resize(520, 900);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestKnowledgePanel::cleanupTestCase()
{
    delete m_panel;
    delete m_searcher;
    delete m_db;
}

void TestKnowledgePanel::typingPersianFindsAndOpensAnArticle()
{
    auto *search = m_panel->findChild<QLineEdit *>(QStringLiteral("kbSearch"));
    auto *results = m_panel->findChild<QListWidget *>(QStringLiteral("kbResults"));
    auto *viewer = m_panel->findChild<QTextBrowser *>(QStringLiteral("kbViewer"));
    auto *used = m_panel->findChild<QPushButton *>(QStringLiteral("kbUsed"));
    QVERIFY(search && results && viewer && used);
    search->setFocus();
    typeText(search, QStringLiteral("سگ ولگرد"));
    QCOMPARE(search->text(), QStringLiteral("سگ ولگرد"));
    QTRY_VERIFY(results->count() > 0);
    QTRY_COMPARE(results->item(0)->data(Qt::UserRole).toString(), QStringLiteral("stray-dogs"));
    QVERIFY(results->item(0)->text().contains(QStringLiteral("<b>")));

    QTest::keyClick(search, Qt::Key_Down);
    QVERIFY(results->hasFocus());
    QTest::keyClick(results, Qt::Key_Return);
    QTRY_COMPARE(m_panel->currentArticleId(), QStringLiteral("stray-dogs"));
    QVERIFY(viewer->toPlainText().contains(QStringLiteral("سازمان مدیریت پسماند")));
    QCOMPARE(viewer->document()->firstBlock().blockFormat().layoutDirection(), Qt::RightToLeft);
    QVERIFY(m_panel->isRightToLeft());

    QVERIFY(!used->isEnabled()); // no call open yet
    m_panel->setCaseOpen(true);
    QVERIFY(used->isEnabled());
    QSignalSpy spy(m_panel, &Ui::KnowledgePanel::articleUsed);
    QTest::mouseClick(used, Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("stray-dogs"));
    QVERIFY(!used->isEnabled()); // recorded once

    m_panel->setCategory(QStringLiteral("ANIMAL-DOGS"));
    auto *suggested = m_panel->findChild<QListWidget *>(QStringLiteral("kbSuggested"));
    QTRY_VERIFY(suggested->count() > 0);
    QApplication::processEvents();
    const QImage shot = m_panel->grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.save(screenshotPath(QStringLiteral("knowledgepanel.png"))));
}

void TestKnowledgePanel::suggestionsFollowCategoryAndDescription()
{
    auto *suggested = m_panel->findChild<QListWidget *>(QStringLiteral("kbSuggested"));
    m_panel->setCategory(QStringLiteral("OTHER-EXTERNAL"));
    m_panel->setDescription(QStringLiteral("از صبح بوی گاز در کوچه می‌آید"));
    QTRY_COMPARE(suggested->item(0) ? suggested->item(0)->data(Qt::UserRole).toString() : QString(),
                 QStringLiteral("ext-gas"));
    m_panel->reset();
    QCOMPARE(m_panel->currentArticleId(), QString());
    QCOMPARE(suggested->count(), 0);
}

void TestKnowledgePanel::hostileInputShowsNoError()
{
    auto *search = m_panel->findChild<QLineEdit *>(QStringLiteral("kbSearch"));
    auto *status = m_panel->findChild<QLabel *>(QStringLiteral("kbStatus"));
    auto *results = m_panel->findChild<QListWidget *>(QStringLiteral("kbResults"));
    search->clear();
    typeText(search, QStringLiteral("\"NEAR(* :)"));
    QTRY_COMPARE(status->text(),
                 QCoreApplication::translate("Pasokh::Ui::KnowledgePanel", "No article matches."));
    search->setText(QString(5000, QChar(u'ز')));
    QTRY_VERIFY(!status->text().contains(QStringLiteral("…")));
    QCOMPARE(results->count(), 0);
    search->clear();
    typeText(search, QStringLiteral("تا"));
    QTRY_VERIFY(results->count() > 0);
}

QTEST_MAIN(TestKnowledgePanel)
#include "tst_knowledgepanel.moc"
