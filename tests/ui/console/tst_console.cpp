// SPDX-License-Identifier: GPL-3.0-or-later
// The console driven as an operator would, offscreen, in Persian: typing with QTest::keyClicks, saving with
// Ctrl+S, checking the stored row, the RTL layout, the inline Persian messages, and rendering the main
// screens to PNG (written to <build>/screenshots/ for review).
#include "models/storage/casereader.h"
#include "models/viewmodels/displayformat.h"
#include "tests/support/testconsole.h"
#include "tests/support/teststore.h"
#include "tests/support/typing.h"
#include "tests/support/widgetlookup.h"
#include "ui/appearance.h"
#include "ui/callerhistoryview.h"
#include "ui/casebrowser.h"
#include "ui/intakeform.h"
#include "ui/mainwindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextEdit>

using namespace Pasokh;
using Testing::TestStore;

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void layoutIsRightToLeft();
    void operatorRecordsACaseWithTheKeyboard();
    void invalidInputShowsPersianMessagesAndKeepsText();
    void tenThousandCharactersAndControlCharacters();
    void draftIsOfferedAfterACrash();
    void caseBrowserShowsAndFilters();
    void earlierCaseOpensFromCallerHistory();

private:
    template <typename T> T *field(const QString &accessible) const;
    void save(const QString &name);
    QLineEdit *lineEditWithPlaceholder(const QString &placeholder) const;

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<Ui::ConsoleContext> m_ctx;
    std::unique_ptr<Ui::MainWindow> m_window;
};

void TestConsole::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    m_ctx = Testing::consoleContext(*m_store, 7, QStringLiteral("زهرا کاظمی"));
    m_window = std::make_unique<Ui::MainWindow>(m_ctx.get());
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestConsole::cleanup()
{
    m_window.reset();
    m_ctx.reset();
    m_store.reset();
}

void TestConsole::save(const QString &name)
{
    QTest::qWait(150); // let queued results paint
    const QString dir = qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    QVERIFY(m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

QLineEdit *TestConsole::lineEditWithPlaceholder(const QString &placeholder) const
{
    return Testing::lineEditWithPlaceholder(m_window.get(), placeholder);
}

void TestConsole::layoutIsRightToLeft()
{
    QCOMPARE(QApplication::layoutDirection(), Qt::RightToLeft);
    QCOMPARE(m_window->layoutDirection(), Qt::RightToLeft);
    QLineEdit *phone = lineEditWithPlaceholder(QStringLiteral("0915 123 4567"));
    QVERIFY(phone);
    QCOMPARE(phone->layoutDirection(), Qt::LeftToRight); // numbers are LTR islands
    QCOMPARE(m_window->tabs()->tabText(0), QStringLiteral("پروندهٔ جدید"));
    // The form's first field sits on the right edge in RTL.
    QLineEdit *category = lineEditWithPlaceholder(QStringLiteral("برای جستجوی موضوع تایپ کنید"));
    QVERIFY(category);
    save(QStringLiteral("01-idle"));
}

void TestConsole::operatorRecordsACaseWithTheKeyboard()
{
    QLineEdit *phone = lineEditWithPlaceholder(QStringLiteral("0915 123 4567"));
    QLineEdit *category = lineEditWithPlaceholder(QStringLiteral("برای جستجوی موضوع تایپ کنید"));
    auto *description = m_window->findChild<QTextEdit *>(QStringLiteral("description"));
    QVERIFY(phone && category && description);

    phone->setFocus();
    Testing::typeText(phone, QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷"));
    QTest::keyClick(phone, Qt::Key_Tab);                       // → anonymous
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // → caller name
    Testing::typeText(QApplication::focusWidget(), QStringLiteral("مریم احمدی"));
    QCOMPARE(phone->text(), QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷"));

    category->setFocus();
    Testing::typeText(category, QStringLiteral("جمع‌آوری زباله"));
    QAbstractItemView *popup = category->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(popup->model()->rowCount() >= 1);
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(category->text().contains(QStringLiteral("عدم جمع‌آوری زباله")));
    QTest::keyClick(category, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), description);
    Testing::typeText(
        description,
        QStringLiteral(
            "زباله‌های کوچهٔ ۱۲ از سه روز پیش جمع‌آوری نشده است"));
    {
        // The Persian paragraph is right-aligned: its first character sits at the box's right edge (a fresh
        // tester saw it left-aligned when the box was a QPlainTextEdit).
        QTextCursor start(description->document());
        start.movePosition(QTextCursor::Start);
        const QRect at = description->cursorRect(start);
        QVERIFY2(at.right() > description->viewport()->width() - 20,
                 qPrintable(QStringLiteral("first character at x=%1 of %2")
                                .arg(at.right())
                                .arg(description->viewport()->width())));
    }
    QTest::keyClick(description, Qt::Key_Tab);

    auto *district = qobject_cast<QComboBox *>(QApplication::focusWidget());
    QVERIFY(district);
    const int d7 = district->findData(7);
    QVERIFY(d7 > 0);
    for (int i = 0; i < d7; ++i)
        QTest::keyClick(district, Qt::Key_Down);
    QCOMPARE(district->currentData().toInt(), 7);
    save(QStringLiteral("02-intake-filled"));

    // The referral unit was pre-filled from the category (DISTRICT) and the district.
    QCOMPARE(m_window->intake()->value(ViewModels::IntakeViewModel::Field::Unit).toString(),
             QStringLiteral("D07"));
    QTest::keySequence(m_window.get(), QKeySequence::Save);
    QTRY_VERIFY(!m_window->intakeForm()->shownTrackingCode().isEmpty());
    save(QStringLiteral("03-saved-tracking-code"));

    const QString code = m_window->intakeForm()->shownTrackingCode();
    const auto stored = Storage::CaseReader::findByTrackingCode(m_store->db()->writer(), code);
    QVERIFY(stored.ok() && stored.value().has_value());
    const Core::CaseRecord &c = *stored.value();
    QCOMPARE(c.caller.phone, QStringLiteral("+989151234567"));
    QCOMPARE(c.caller.name, QStringLiteral("مریم احمدی"));
    QCOMPARE(c.serviceCode, QStringLiteral("WASTE-COLLECT"));
    QCOMPARE(
        c.description,
        QStringLiteral(
            "زباله‌های کوچهٔ ۱۲ از سه روز پیش جمع‌آوری نشده است"));
    QCOMPARE(c.location.district, 7);
    QCOMPARE(c.agencyResponsible, QStringLiteral("D07"));
    QCOMPARE(c.operatorName, QStringLiteral("زهرا کاظمی"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM outbox")), 1);
    // The form is fresh and the status bar counts the case waiting to be sent.
    QCOMPARE(description->toPlainText(), QString());
    QTRY_COMPARE(m_window->pendingCount(), 1);
    // Ctrl+N clears the banner and puts the cursor in the phone field.
    QTest::keySequence(m_window.get(), QKeySequence::New);
    QVERIFY(m_window->intakeForm()->shownTrackingCode().isEmpty());
    // The offscreen platform leaves the closed completer popup as the "active window", so ask the main
    // window.
    QCOMPARE(m_window->focusWidget(), phone);
}

void TestConsole::invalidInputShowsPersianMessagesAndKeepsText()
{
    QLineEdit *phone = lineEditWithPlaceholder(QStringLiteral("0915 123 4567"));
    phone->setFocus();
    Testing::typeText(phone, QStringLiteral("۰۹۱۵۱۲"));
    QLineEdit *nationalId = nullptr;
    for (QLineEdit *e : m_window->findChildren<QLineEdit *>())
        if (e->toolTip() == QStringLiteral("اختیاری؛ ۱۰ رقم"))
            nationalId = e;
    QVERIFY(nationalId);
    nationalId->setFocus();
    Testing::typeText(nationalId, QStringLiteral("٠٠٧٧٦١١٦١٧")); // Arabic-Indic digits, wrong check digit
    QTest::keySequence(m_window.get(), QKeySequence::Save);
    QStringList shown;
    for (QLabel *l : m_window->findChildren<QLabel *>())
        if (l->isVisible())
            shown << l->text();
    QVERIFY2(shown.contains(QStringLiteral("این کد ملی معتبر نیست (رقم کنترل نادرست است).")),
             qPrintable(shown.join(QLatin1Char('|'))));
    QVERIFY(shown.contains(QStringLiteral("شماره تلفن رقم کم دارد.")));
    QVERIFY(shown.contains(QStringLiteral("موضوع را انتخاب کنید.")));
    QVERIFY(shown.contains(QStringLiteral("مشکل را شرح دهید.")));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases")), 0);
    QCOMPARE(nationalId->text(), QStringLiteral("٠٠٧٧٦١١٦١٧")); // nothing typed is lost
    save(QStringLiteral("04-validation-messages"));
}

void TestConsole::tenThousandCharactersAndControlCharacters()
{
    auto *description = m_window->findChild<QTextEdit *>(QStringLiteral("description"));
    description->setPlainText(
        QStringLiteral("چاله\u202E\u0007 ").repeated(2000)); // pasted, 10,000 characters
    m_window->intake()->setValue(ViewModels::IntakeViewModel::Field::Category,
                                 QStringLiteral("ROADS-POTHOLE"));
    m_window->intake()->setValue(ViewModels::IntakeViewModel::Field::District, 5);
    QTest::keySequence(m_window.get(), QKeySequence::Save);
    QTRY_VERIFY(!m_window->intakeForm()->shownTrackingCode().isEmpty());
    const auto c = Storage::CaseReader::findByTrackingCode(m_store->db()->writer(),
                                                           m_window->intakeForm()->shownTrackingCode());
    QVERIFY(c.ok() && c.value());
    QVERIFY(!c.value()->description.contains(QChar(0x202E)));
    QVERIFY(!c.value()->description.contains(QChar(0x0007)));
    QCOMPARE(c.value()->description.count(QStringLiteral("چاله")), 2000);
}

void TestConsole::draftIsOfferedAfterACrash()
{
    m_window->intake()->setValue(ViewModels::IntakeViewModel::Field::Description,
                                 QStringLiteral("پیش‌نویس تماس قطع‌شده"));
    QVERIFY(m_window->intake()->autosaveNow());
    m_window.reset(); // as if the power went: the next start finds the draft
    m_window = std::make_unique<Ui::MainWindow>(m_ctx.get());
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QPushButton *restore = nullptr;
    for (QPushButton *b : m_window->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("بازگردانی"))
            restore = b;
    QVERIFY(restore && restore->isVisible());
    save(QStringLiteral("05-draft-recovered"));
    QTest::mouseClick(restore, Qt::LeftButton);
    QCOMPARE(m_window->findChild<QTextEdit *>(QStringLiteral("description"))->toPlainText(),
             QStringLiteral("پیش‌نویس تماس قطع‌شده"));
}

void TestConsole::caseBrowserShowsAndFilters()
{
    for (int i = 0; i < 30; ++i) {
        Core::CaseRecord c = TestStore::sampleCase();
        c.location.district = 1 + i % 12;
        c.agencyResponsible = Storage::ReferenceCatalog::districtUnitCode(c.location.district);
        if (i % 3 == 0) {
            c.serviceCode = QStringLiteral("LIGHT-OUT");
            c.description = QStringLiteral("چراغ‌های بلوار خاموش است");
        }
        QVERIFY(m_ctx->cases->registerCase(c).ok());
    }
    m_window->caseBrowser()->refresh();
    QTest::keySequence(m_window.get(), QKeySequence::Find);
    QCOMPARE(m_window->tabs()->currentIndex(), 1);
    auto *table = m_window->caseBrowser()->findChild<QTableView *>();
    QTRY_COMPARE(table->model()->rowCount(), 30);
    table->selectRow(0);
    Testing::typeText(QApplication::focusWidget(), QStringLiteral("چراغ"));
    QTRY_COMPARE(table->model()->rowCount(), 10);
    QTRY_COMPARE(m_window->caseBrowser()->model()->totalCount(), 10);
    table->setFocus();
    table->selectRow(0);
    save(QStringLiteral("06-case-browser"));
    // English (LTR) is selectable too: the same screen renders left-to-right.
}

void TestConsole::earlierCaseOpensFromCallerHistory()
{
    const auto c = m_ctx->cases->registerCase(TestStore::sampleCase());
    QVERIFY(c.ok());
    auto *history = m_window->findChild<Ui::CallerHistoryView *>();
    QVERIFY(history);
    Q_EMIT history->caseActivated(c.value().id);
    QCOMPARE(m_window->tabs()->currentIndex(), 1);
    auto *details = m_window->caseBrowser()->findChild<QTextBrowser *>();
    QVERIFY(details);
    QTRY_VERIFY(
        details->toPlainText().contains(ViewModels::DisplayFormat::digits(c.value().trackingCode.mid(4, 5))));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Ui::applyLanguage(app, QStringLiteral("fa"));
    Ui::applyFont(app);
    TestConsole t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_console.moc"
