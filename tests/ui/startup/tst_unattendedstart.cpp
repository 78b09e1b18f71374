// SPDX-License-Identifier: GPL-3.0-or-later
// The unattended start (demos, kiosk test rigs): which configurations take the hub password from the
// environment, that the variable is gone afterwards, that [agent] ready_at_start logs the agent in, and that
// a refused or unreachable hub leaves a message and opens the normal login dialog.
#include "app/pasokh/consolestartup.h"
#include "models/sync/identityanchor.h"
#include "models/sync/synccontroller.h"
#include "models/sync/tokenstore.h"
#include "telephony/faketelephony.h"
#include "tests/support/teststore.h"
#include "ui/mainwindow.h"
#include "ui/sync/hublogindialog.h"

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Pasokh;

class TestUnattendedStart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void password_data();
    void password();
    void readyAtStart_data();
    void readyAtStart();
    void refusedLoginOpensTheDialog();

private:
    std::unique_ptr<Ui::ConsoleContext> context(Testing::TestStore &store) const;
};

std::unique_ptr<Ui::ConsoleContext> TestUnattendedStart::context(Testing::TestStore &store) const
{
    auto ctx = std::make_unique<Ui::ConsoleContext>();
    ctx->config.station = 7;
    ctx->db = store.db();
    ctx->catalog = store.catalog();
    ctx->cases = std::make_unique<Storage::CaseStore>(ctx->db, ctx->catalog, 7, QStringLiteral("op-7"));
    ctx->reader = std::make_unique<Storage::ReadWorker>(store.dbPath());
    return ctx;
}

void TestUnattendedStart::password_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("env"); // "-" = unset
    QTest::addColumn<QString>("expected");
    const QString url = QStringLiteral("http://127.0.0.1:1");
    QTest::newRow("all set") << url << QStringLiteral("demo") << QByteArray("s3cret pass") << "s3cret pass";
    QTest::newRow("variable unset") << url << QStringLiteral("demo") << QByteArray("-") << QString();
    QTest::newRow("variable empty") << url << QStringLiteral("demo") << QByteArray("") << QString();
    QTest::newRow("no hub user") << url << QString() << QByteArray("s3cret") << QString();
    QTest::newRow("no hub url") << QString() << QStringLiteral("demo") << QByteArray("s3cret") << QString();
}

void TestUnattendedStart::password()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QByteArray, env);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    App::ConsoleOptions options;
    options.dataDir = dir.path();
    options.configFile = dir.filePath(QStringLiteral("pasokh.ini"));
    {
        QSettings ini(options.configFile, QSettings::IniFormat);
        ini.setValue(QStringLiteral("hub/url"), url);
        ini.setValue(QStringLiteral("hub/user"), user);
    }
    if (env == "-")
        qunsetenv("PASOKH_HUB_PASSWORD");
    else
        qputenv("PASOKH_HUB_PASSWORD", env);
    QCOMPARE(App::takeUnattendedHubPassword(options), expected);
    // Gone from the environment in every case: the phone engine (a child process) never inherits it.
    QVERIFY(!qEnvironmentVariableIsSet("PASOKH_HUB_PASSWORD"));
    QVERIFY(!QFile::exists(options.configFile) || !QSettings(options.configFile, QSettings::IniFormat)
                                                       .allKeys()
                                                       .join(QLatin1Char(' '))
                                                       .contains(QStringLiteral("password")));
}

void TestUnattendedStart::readyAtStart_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("ready");
    QTest::newRow("unset: logged out") << QVariant() << false;
    QTest::newRow("false") << QVariant(false) << false;
    QTest::newRow("true") << QVariant(true) << true;
}

void TestUnattendedStart::readyAtStart()
{
    QFETCH(QVariant, value);
    QFETCH(bool, ready);
    Testing::TestStore store;
    QVERIFY(store.ok());
    QTemporaryDir dir;
    App::ConsoleOptions options;
    options.dataDir = dir.path();
    options.configFile = dir.filePath(QStringLiteral("pasokh.ini"));
    if (value.isValid())
        QSettings(options.configFile, QSettings::IniFormat)
            .setValue(QStringLiteral("agent/ready_at_start"), value);
    auto ctx = context(store);
    QVERIFY(!App::startPhone(options, *ctx)); // no phone: nothing to start
    Ui::ConsolePhone::Options o;
    o.agentId = QStringLiteral("op-7");
    ctx->phone = Ui::ConsolePhone::create(std::make_unique<Telephony::FakeTelephony>(), ctx->db, o);
    QCOMPARE(App::startPhone(options, *ctx), ready);
    QCOMPARE(ctx->phone->agent->state(), ready ? Agent::AgentState::Ready : Agent::AgentState::LoggedOut);
}

void TestUnattendedStart::refusedLoginOpensTheDialog()
{
    Testing::TestStore store;
    QVERIFY(store.ok());
    auto ctx = context(store);
    Ui::MainWindow window(ctx.get());
    // A port with nothing listening: the hub "cannot be reached".
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    Sync::SyncOptions o;
    o.hubUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    o.storePath = store.dbPath();
    o.connectionName = QStringLiteral("unattended-sync");
    Sync::SyncController controller(o, std::make_shared<Sync::MemoryTokenStore>(),
                                    std::make_shared<Sync::MemoryIdentityAnchor>());
    window.attachSync(&controller, QStringLiteral("demo"));
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(&controller, &Sync::SyncController::loginFinished);
    // The dialog runs its own event loop: a timer notes when it appears and closes it.
    bool dialogBeforeResult = false;
    bool dialogAfterResult = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (auto *d = qobject_cast<Ui::HubLoginDialog *>(QApplication::activeModalWidget())) {
            (finished.isEmpty() ? dialogBeforeResult : dialogAfterResult) = true;
            d->reject();
        }
    });
    poll.start();
    window.loginUnattended(QStringLiteral("s3cret"));
    QVERIFY(finished.wait(20000));
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY2(window.statusBar()->currentMessage().startsWith(
                 Ui::MainWindow::tr("Automatic hub login failed: %1").arg(QString())),
             qPrintable(window.statusBar()->currentMessage()));
    // The normal login dialog opens after the failure, never while the unattended login runs.
    QTRY_VERIFY(dialogAfterResult);
    QVERIFY(!dialogBeforeResult);
}

QTEST_MAIN(TestUnattendedStart)
#include "tst_unattendedstart.moc"
