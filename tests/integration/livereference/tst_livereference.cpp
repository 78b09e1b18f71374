// SPDX-License-Identifier: GPL-3.0-or-later
// Reference data and knowledge-base articles update live in an open console (issue 6): the hub (real binary,
// SQLite and PostgreSQL) publishes a new category and unit through its admin API and a changed folder of
// articles through `pasokh-hub admin import-kb`; one sync pull later the open window's intake form offers the
// new category in its type-ahead while the text the operator was typing stays as it was, the case browser
// filters by it, the case writer accepts it (and the hub takes the case), and the knowledge panel finds the
// new article, drops the retired one and shows the new version of the article being read.
#include "models/core/casedata.h"
#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "models/storage/casestore.h"
#include "models/storage/database.h"
#include "models/storage/readworker.h"
#include "models/sync/identityanchor.h"
#include "models/sync/synccontroller.h"
#include "models/sync/tokenstore.h"
#include "tests/integration/hub/hubfixture.h"
#include "tests/support/typing.h"
#include "tests/support/widgetlookup.h"
#include "ui/casebrowser.h"
#include "ui/consolecontext.h"
#include "ui/intakeform.h"
#include "ui/kb/knowledgepanel.h"
#include "ui/mainwindow.h"
#include "ui/referencerefresher.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextEdit>

using namespace Pasokh;
using HubTest::HubFixture;

namespace {

const QString kNewCategory = QStringLiteral("WASTE-LIVE");
const QString kNewCategoryFa = QStringLiteral("جمع‌آوری کبوترخانه");
const QString kNewUnit = QStringLiteral("ORG-LIVE");
const QString kChangedArticle = QStringLiteral("stray-dogs"); // resources/kb/90-animal-dogs.md
const QString kRetiredArticle = QStringLiteral("pests");      // resources/kb/91-animal-pests.md
const QString kNewArticle = QStringLiteral("live-pigeons");
const QString kMarker = QStringLiteral("کبوترخانه");

QStringList listTexts(const QListWidget *list)
{
    QStringList texts;
    for (int i = 0; i < list->count(); ++i)
        texts << list->item(i)->data(Qt::UserRole).toString();
    return texts;
}

/// The id in the front matter of a resources/kb file.
QString frontMatterId(const QString &text)
{
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("id:")))
            return line.mid(3).trimmed();
    }
    return {};
}

} // namespace

class TestLiveReference : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void pulledReferenceReachesOpenConsole_data() { HubFixture::addBackendRows(); }
    void pulledReferenceReachesOpenConsole();
};

void TestLiveReference::pulledReferenceReachesOpenConsole()
{
    PASOKH_HUB_FIXTURE(hub);
    QTemporaryDir work;
    QVERIFY(work.isValid());

    // The articles the hub publishes first: the starter set, as shipped (the console imported the same files
    // at its first start, so the ids match and nothing changes on the console).
    const QString kbDir = work.filePath(QStringLiteral("kb"));
    QVERIFY(QDir().mkpath(kbDir));
    QDirIterator files(qEnvironmentVariable("PASOKH_SOURCE_DIR") + QStringLiteral("/resources/kb"),
                       {QStringLiteral("*.md")});
    QHash<QString, QString> fileOfId;
    while (files.hasNext()) {
        const QString path = files.next();
        QFile in(path);
        QVERIFY(in.open(QIODevice::ReadOnly));
        fileOfId.insert(frontMatterId(QString::fromUtf8(in.readAll())), QFileInfo(path).fileName());
        QVERIFY(QFile::copy(path, kbDir + QLatin1Char('/') + QFileInfo(path).fileName()));
    }
    QVERIFY(fileOfId.contains(kChangedArticle));
    QVERIFY(fileOfId.contains(kRetiredArticle));
    bool ok = false;
    QString out = HubTest::HubProcess::admin(hub.databaseUrl, {QStringLiteral("import-kb"), kbDir}, &ok);
    QVERIFY2(ok, qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("added %1,").arg(fileOfId.size())), qPrintable(out));

    // The console, as app/pasokh opens it: store with reference data and starter articles, main window,
    // sync engine on its thread, logged in.
    const QString dataDir = work.filePath(QStringLiteral("console"));
    QVERIFY(QDir().mkpath(dataDir));
    Ui::ConsoleContext ctx;
    ctx.config.station = 1;
    ctx.config.operatorName = QStringLiteral("op1");
    ctx.config.hubUrl = hub.hub->baseUrl();
    auto db =
        Storage::Database::open(dataDir + QStringLiteral("/pasokh.sqlite"), QStringLiteral("live-writer"));
    QVERIFY2(db, db ? "" : qPrintable(db.error().message));
    ctx.db = db.value();
    QVERIFY(Storage::ReferenceCatalog::importIfEmpty(ctx.db->writer()));
    {
        Kb::KbRepository repository(ctx.db->writer().connectionName());
        QVERIFY(Kb::KbImporter(&repository).importDirectory(QStringLiteral(":/pasokh/kb")));
    }
    auto catalog = Storage::ReferenceCatalog::load(ctx.db->writer());
    QVERIFY(catalog);
    ctx.catalog = std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value());
    ctx.cases = std::make_unique<Storage::CaseStore>(ctx.db, ctx.catalog, 1, QStringLiteral("op1"));
    ctx.reader = std::make_unique<Storage::ReadWorker>(ctx.db->path());
    QVERIFY(!ctx.catalog->category(kNewCategory));

    auto window = std::make_unique<Ui::MainWindow>(&ctx);
    Sync::SyncOptions options;
    options.hubUrl = QUrl(hub.hub->baseUrl());
    options.storePath = ctx.db->path();
    options.connectionName = QStringLiteral("live-sync");
    options.stationId = hub.station1;
    auto sync = std::make_unique<Sync::SyncController>(options, std::make_shared<Sync::MemoryTokenStore>(),
                                                       std::make_shared<Sync::MemoryIdentityAnchor>());
    window->attachSync(sync.get(), QStringLiteral("op1"));
    auto *refresher = window->findChild<Ui::ReferenceRefresher *>(QStringLiteral("referenceRefresher"));
    QVERIFY(refresher);
    QSignalSpy reloaded(refresher, &Ui::ReferenceRefresher::catalogReloaded);
    QSignalSpy kbChanged(sync.get(), &Sync::SyncController::knowledgeBaseChanged);
    QSignalSpy loggedIn(sync.get(), &Sync::SyncController::loginFinished);
    sync->login(QStringLiteral("op1"), QString::fromLatin1(HubFixture::kPassword));
    QVERIFY(loggedIn.wait(15000));
    QVERIFY2(loggedIn.first().at(0).toBool(), qPrintable(loggedIn.first().at(2).toString()));
    window->resize(1366, 768);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    // The first pull brings the hub's whole reference set (the same rows) and its articles (same content).
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(sync->status().state, Sync::SyncStatus::State::Idle, 20000);
    QCOMPARE(kbChanged.count(), 0); // the hub's copies equal the starter set: nothing re-indexed
    const int reloadsBefore = int(reloaded.count());

    // The operator is typing a case: a category search that matches nothing yet, and a description.
    Ui::IntakeForm *form = window->intakeForm();
    window->tabs()->setCurrentIndex(0);
    QLineEdit *category = Testing::lineEditWithPlaceholder(form, QStringLiteral("Type to search categories"));
    QVERIFY(category);
    auto *description = form->findChild<QTextEdit *>(QStringLiteral("description"));
    QVERIFY(description);
    const QString typedDescription =
        QStringLiteral("کبوترها بام ساختمان را پر کرده‌اند");
    description->setFocus();
    Testing::typeText(description, typedDescription);
    category->setFocus();
    const QString typedCategory = QStringLiteral("کبوتر");
    Testing::typeText(category, typedCategory);
    QAbstractItemModel *completions = category->completer()->model();
    QCOMPARE(completions->rowCount(), 0);

    // The reader has the dogs article open and searched for the marker word (nothing yet).
    Ui::KnowledgePanel *panel = window->knowledgePanel();
    auto *viewer = panel->findChild<QTextBrowser *>(QStringLiteral("kbViewer"));
    auto *results = panel->findChild<QListWidget *>(QStringLiteral("kbResults"));
    auto *search = panel->findChild<QLineEdit *>(QStringLiteral("kbSearch"));
    QVERIFY(viewer && results && search);
    panel->openArticle(kChangedArticle);
    QTRY_COMPARE(panel->currentArticleId(), kChangedArticle);
    QVERIFY(!viewer->toPlainText().contains(kMarker));
    search->setText(kMarker);
    QTest::qWait(400); // debounce + search
    QCOMPARE(results->count(), 0);
    category->setFocus(); // back to the form, as the operator would be

    // The hub publishes: a new category and unit (admin API), a changed, a new and a retired article
    // (admin import-kb of the edited folder).
    const QString admin = hub.token(QStringLiteral("admin1"));
    HubTest::Reply r =
        hub.client.put(QStringLiteral("/v1/reference/units/") + kNewUnit,
                       QJsonObject{{QStringLiteral("kind"), QStringLiteral("organisation")},
                                   {QStringLiteral("name_fa"), QStringLiteral("واحد آزمون زنده")},
                                   {QStringLiteral("name_en"), QStringLiteral("Live test unit")}},
                       admin);
    QCOMPARE(r.status, 200);
    r = hub.client.put(QStringLiteral("/v1/reference/categories/") + kNewCategory,
                       QJsonObject{{QStringLiteral("parent"), QStringLiteral("WASTE")},
                                   {QStringLiteral("name_fa"), kNewCategoryFa},
                                   {QStringLiteral("name_en"), QStringLiteral("Pigeon loft cleaning")},
                                   {QStringLiteral("default_unit"), kNewUnit},
                                   {QStringLiteral("sla_days"), 3}},
                       admin);
    QCOMPARE(r.status, 200);
    {
        const QString path = kbDir + QLatin1Char('/') + fileOfId.value(kChangedArticle);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite | QIODevice::Append));
        f.write(QStringLiteral(
                    "\n\nکبوترخانه‌های متروک را هم به ۱۳۷ گزارش دهید.\n")
                    .toUtf8());
    }
    QVERIFY(QFile::remove(kbDir + QLatin1Char('/') + fileOfId.value(kRetiredArticle)));
    {
        QFile f(kbDir + QStringLiteral("/99-live-pigeons.md"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QStringLiteral(
                "---\nid: %1\ntitle: پاکسازی کبوترخانه\nkeywords: [کبوتر, کبوترخانه]\n"
                "categories: [%2]\nunits: [%3]\nreviewed: 2026-11-30\n---\n"
                "کبوترخانه‌های روی بام را واحد %3 پاکسازی می‌کند.\n")
                .arg(kNewArticle, kNewCategory, kNewUnit)
                .toUtf8());
    }
    out = HubTest::HubProcess::admin(hub.databaseUrl, {QStringLiteral("import-kb"), kbDir}, &ok);
    QVERIFY2(ok, qPrintable(out));
    QVERIFY2(
        out.contains(QStringLiteral("added 1, updated 1, unchanged %1, retired 1").arg(fileOfId.size() - 2)),
        qPrintable(out));
    r = hub.client.get(QStringLiteral("/v1/kb/articles/") + kChangedArticle, admin);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value(QStringLiteral("version")).toInteger(), 2);

    // One sync.
    sync->kick();
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() > reloadsBefore, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(kbChanged.count() >= 1, 20000);

    // The form: the typed texts are intact, the open type-ahead offers the new category.
    QCOMPARE(category->text(), typedCategory);
    QCOMPARE(description->toPlainText(), typedDescription);
    QVERIFY(category->hasFocus());
    QTRY_COMPARE(completions->rowCount(), 1);
    QCOMPARE(completions->index(0, 0).data(Qt::UserRole).toString(), kNewCategory);
    // The unit list has the new unit; the browser's category filter has the new category.
    bool unitListed = false;
    for (QComboBox *box : form->findChildren<QComboBox *>())
        unitListed = unitListed || box->findData(kNewUnit) >= 0;
    QVERIFY(unitListed);
    bool filterListed = false;
    for (QComboBox *box : window->caseBrowser()->findChildren<QComboBox *>())
        filterListed = filterListed || box->findData(kNewCategory) >= 0;
    QVERIFY(filterListed);
    QVERIFY(ctx.catalog->category(kNewCategory));

    // The knowledge panel: the open article shows version 2 with the new paragraph; the search finds the new
    // article and the changed one, not the retired one.
    QTRY_VERIFY_WITH_TIMEOUT(viewer->toPlainText().contains(kMarker), 10000);
    QCOMPARE(panel->currentArticleId(), kChangedArticle);
    QTRY_VERIFY_WITH_TIMEOUT(listTexts(results).contains(kNewArticle), 10000);
    QVERIFY(listTexts(results).contains(kChangedArticle));
    QCOMPARE(search->text(), kMarker);
    // Picking it and saving works (a saved case starts a new one: the knowledge panel is reset, so it was
    // checked above) (the case writer validates with the new catalog: SLA 3 days, unit), and
    // the hub takes the case.
    QList<Core::CaseRecord> saved;
    connect(window->intake(), &ViewModels::IntakeViewModel::saved, this,
            [&saved](const Core::CaseRecord &c) { saved << c; });
    category->completer()->popup()->hide();
    QTest::keyClick(category, Qt::Key_Return); // Enter with exactly one match picks it
    QTRY_COMPARE(window->intake()->value(ViewModels::IntakeViewModel::Field::Category).toString(),
                 kNewCategory);
    QCOMPARE(description->toPlainText(), typedDescription);
    window->intake()->setValue(ViewModels::IntakeViewModel::Field::Phone, QStringLiteral("09151234567"));
    QVERIFY(form->trySave());
    QCOMPARE(saved.size(), 1);
    const Core::CaseRecord savedCase = saved.first();
    QCOMPARE(savedCase.serviceCode, kNewCategory);
    QCOMPARE(savedCase.agencyResponsible, kNewUnit);
    QTRY_VERIFY_WITH_TIMEOUT(hub.client.get(QStringLiteral("/v1/cases/") + savedCase.id, admin).status == 200,
                             20000);
    QCOMPARE(hub.client.get(QStringLiteral("/v1/cases/") + savedCase.id, admin)
                 .object()
                 .value(QStringLiteral("service_code"))
                 .toString(),
             kNewCategory);

    QSqlQuery q(ctx.db->writer());
    QVERIFY(
        q.exec(QStringLiteral("SELECT id, version, retired FROM kb_articles WHERE id IN ('%1', '%2', '%3') "
                              "ORDER BY id")
                   .arg(kChangedArticle, kNewArticle, kRetiredArticle)));
    QHash<QString, std::pair<int, int>> rows;
    while (q.next())
        rows.insert(q.value(0).toString(), {q.value(1).toInt(), q.value(2).toInt()});
    QCOMPARE(rows.value(kChangedArticle), std::make_pair(2, 0)); // the hub's version
    QCOMPARE(rows.value(kNewArticle), std::make_pair(1, 0));
    QCOMPARE(rows.value(kRetiredArticle).second, 1);
    search->setText(QStringLiteral("سوسک")); // a word of the retired pests article
    QTest::qWait(400);
    QVERIFY(!listTexts(results).contains(kRetiredArticle));

    window.reset(); // before the engine, as app/pasokh does
    sync.reset();
}

QTEST_MAIN(TestLiveReference)
#include "tst_livereference.moc"
