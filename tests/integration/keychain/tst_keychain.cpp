// SPDX-License-Identifier: GPL-3.0-or-later
// The hub refresh token in the OS keychain (issue 6: "tokens kept in the OS keychain through QtKeychain where
// a keychain exists (never in plain files), otherwise re-entered"), against the real pasokh-hub on SQLite.
// tst_keychain: the test starts a private D-Bus session bus (dbus-daemon) and the Secret Service
// (gnome-keyring-daemon --unlock --components=secrets on a throwaway keyring in a temporary home), both
// stopped by PID. The operator logs in once: the refresh token is in the keychain, in no file of the data
// folder and not in clear in the keyring file; a console started again over the same data folder syncs
// without asking (the token is read back from the keychain).
// tst_nokeychain (same source, PASOKH_KEYCHAIN_TEST_MODE=none, no bus reachable): the console asks for the
// login, works after it, writes the token to no file, and asks again after a restart.
#include "models/sync/identityanchor.h"
#include "models/sync/keychaintokenstore.h"
#include "models/sync/synccontroller.h"
#include "tests/integration/hub/hubfixture.h"
#include "tests/support/teststore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Pasokh;
using HubTest::HubFixture;
using State = Sync::SyncStatus::State;

namespace {

/// The product's KeychainTokenStore, recording the tokens it was asked to save (so the test can look for
/// them in files). Called on the sync thread.
class RecordingTokenStore : public Sync::TokenStore
{
public:
    std::optional<QString> load(const QString &account) override { return m_keychain.load(account); }
    bool save(const QString &account, const QString &refreshToken) override
    {
        {
            QMutexLocker lock(&m_mutex);
            m_saved << refreshToken;
        }
        return m_keychain.save(account, refreshToken);
    }
    void clear(const QString &account) override { m_keychain.clear(account); }
    bool persistent() const override { return m_keychain.persistent(); }
    QStringList saved() const
    {
        QMutexLocker lock(&m_mutex);
        return m_saved;
    }

private:
    Sync::KeychainTokenStore m_keychain;
    mutable QMutex m_mutex;
    QStringList m_saved;
};

/// Files under `dir` (any depth) whose bytes contain `needle`.
QStringList filesContaining(const QString &dir, const QString &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle.toUtf8()))
            hits << f.fileName();
    }
    return hits;
}

bool noKeychainMode()
{
    return qEnvironmentVariable("PASOKH_KEYCHAIN_TEST_MODE") == QLatin1String("none");
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tokenLivesInKeychainOnly();

private:
    /// Starts dbus-daemon and gnome-keyring-daemon; returns an error message.
    QString startSecretService();
    /// A console's sync engine over `store` with the product's keychain token store.
    std::unique_ptr<Sync::SyncController> startConsole(const Testing::TestStore &store,
                                                       std::shared_ptr<RecordingTokenStore> tokens,
                                                       std::shared_ptr<Sync::IdentityAnchor> anchor);

    HubFixture m_hub;
    QTemporaryDir m_home;
    QProcess *m_bus = new QProcess; ///< deliberately never deleted: see cleanupTestCase()
    QProcess m_keyring;
};

void TestKeychain::initTestCase()
{
    QVERIFY(m_home.isValid());
    const QString error = m_hub.setUp(QStringLiteral("sqlite"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (!noKeychainMode()) {
        const QString e = startSecretService();
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }
}

void TestKeychain::cleanupTestCase()
{
    // The keyring daemon is stopped by PID. The bus stays until this process ends: GLib's session-bus
    // connection (libsecret, inside QtKeychain) raises SIGTERM in its own process when the bus goes away,
    // so the bus gets SIGTERM from the kernel when the test exits (PR_SET_PDEATHSIG, set at its start).
    if (m_keyring.state() != QProcess::NotRunning && m_keyring.processId() > 0) {
        ::kill(pid_t(m_keyring.processId()), SIGTERM); // by PID, never 0 (the process group)
        if (!m_keyring.waitForFinished(5000))
            m_keyring.kill();
        m_keyring.waitForFinished(2000);
    }
}

QString TestKeychain::startSecretService()
{
    // A session bus of our own (never the user's): its address goes into this process's environment
    // before anything here talks D-Bus.
    // No service activation on this bus: the Secret Service is the daemon started below, never one the
    // bus would auto-start (locked, without our keyring) when the first client asks before ours registered.
    const QString busConfig = m_home.filePath(QStringLiteral("bus.conf"));
    {
        QFile conf(busConfig);
        if (!conf.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(busConfig);
        conf.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                   " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>"
                   "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                   "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    }
    // Both daemons in their own session: signals meant for them never reach the test's process group.
    m_bus->setChildProcessModifier([] {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    m_keyring.setChildProcessModifier([] { ::setsid(); });
    m_bus->setProgram(QStringLiteral("dbus-daemon"));
    m_bus->setArguments({QStringLiteral("--config-file=") + busConfig, QStringLiteral("--nofork"),
                         QStringLiteral("--print-address=1")});
    m_bus->start();
    if (!m_bus->waitForStarted(5000))
        return QStringLiteral("dbus-daemon did not start (scripts/setup.sh installs dbus-daemon): %1")
            .arg(m_bus->errorString());
    QByteArray address;
    for (int i = 0; i < 50 && !address.contains('\n'); ++i) {
        m_bus->waitForReadyRead(100);
        address += m_bus->readAllStandardOutput();
    }
    address = address.trimmed();
    if (address.isEmpty())
        return QStringLiteral("dbus-daemon printed no address");
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);

    // gnome-keyring's Secret Service on a fresh "login" keyring under a temporary home, unlocked with a
    // password read from stdin (as pam_gnome_keyring does at a desktop login).
    const QString data = m_home.filePath(QStringLiteral("data"));
    const QString runtime = m_home.filePath(QStringLiteral("run"));
    QDir().mkpath(data);
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), data);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString::fromUtf8(address));
    m_keyring.setProcessEnvironment(env);
    m_keyring.setProgram(QStringLiteral("gnome-keyring-daemon"));
    m_keyring.setArguments(
        {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    m_keyring.start();
    if (!m_keyring.waitForStarted(5000))
        return QStringLiteral(
                   "gnome-keyring-daemon did not start (scripts/setup.sh installs gnome-keyring): %1")
            .arg(m_keyring.errorString());
    m_keyring.write("pasokh-test-keyring");
    m_keyring.closeWriteChannel();

    // Ready when a secret can be written and read back through QtKeychain (the product's path).
    for (int attempt = 0; attempt < 40; ++attempt) {
        Sync::KeychainTokenStore probe;
        if (probe.save(QStringLiteral("probe"), QStringLiteral("probe-secret")) &&
            probe.load(QStringLiteral("probe")) == QStringLiteral("probe-secret")) {
            probe.clear(QStringLiteral("probe"));
            return {};
        }
        if (m_keyring.state() == QProcess::NotRunning)
            return QStringLiteral("gnome-keyring-daemon exited: %1")
                .arg(QString::fromUtf8(m_keyring.readAllStandardError()));
        QTest::qWait(250);
    }
    return QStringLiteral("the Secret Service did not answer through QtKeychain: %1")
        .arg(QString::fromUtf8(m_keyring.readAllStandardError()));
}

std::unique_ptr<Sync::SyncController> TestKeychain::startConsole(const Testing::TestStore &store,
                                                                 std::shared_ptr<RecordingTokenStore> tokens,
                                                                 std::shared_ptr<Sync::IdentityAnchor> anchor)
{
    Sync::SyncOptions o;
    o.hubUrl = QUrl(m_hub.hub->baseUrl());
    o.storePath = store.dbPath();
    o.connectionName = QStringLiteral("keychain-sync");
    o.stationId = m_hub.station1;
    return std::make_unique<Sync::SyncController>(o, std::move(tokens), std::move(anchor));
}

void TestKeychain::tokenLivesInKeychainOnly()
{
    const bool keychain = !noKeychainMode();
    Testing::TestStore store(QStringLiteral("keychain-writer"));
    QVERIFY(store.ok());
    auto anchor = std::make_shared<Sync::MemoryIdentityAnchor>();

    // First start: no token anywhere, so the console asks for the login.
    auto tokens = std::make_shared<RecordingTokenStore>();
    auto console = startConsole(store, tokens, anchor);
    QTRY_COMPARE_WITH_TIMEOUT(console->status().state, State::Locked, 20000);
    QSignalSpy loggedIn(console.get(), &Sync::SyncController::loginFinished);
    console->login(QStringLiteral("op1"), QString::fromLatin1(HubFixture::kPassword));
    QVERIFY(loggedIn.wait(20000));
    QVERIFY2(loggedIn.first().at(0).toBool(), qPrintable(loggedIn.first().at(2).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(console->status().state, State::Idle, 20000);
    QCOMPARE(tokens->saved().size(), 1);
    const QString token = tokens->saved().constFirst();
    QVERIFY(token.size() >= 20);
    QCOMPARE(tokens->persistent(), keychain);

    // Never in a plain file: not in the data folder (store, WAL, lock...), not in this test's home.
    console.reset();
    QCOMPARE(filesContaining(store.dir(), token), QStringList());
    QCOMPARE(filesContaining(QDir::homePath(), token), QStringList());
    if (keychain) {
        // In the keychain, read back through QtKeychain by a fresh store object; the keyring file on disk
        // holds it encrypted only.
        Sync::KeychainTokenStore reader;
        const QString account =
            QUrl(m_hub.hub->baseUrl()).toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash) +
            QLatin1Char('|') + m_hub.station1;
        QCOMPARE(reader.load(account), std::optional<QString>(token));
        QCOMPARE(filesContaining(m_home.path(), token), QStringList());
        QVERIFY2(!QDir(m_home.filePath(QStringLiteral("data/keyrings"))).isEmpty(),
                 "no keyring file was written");
    }

    // The console starts again over the same data folder.
    auto again = std::make_shared<RecordingTokenStore>();
    console = startConsole(store, again, anchor);
    if (keychain) {
        // The token comes back from the keychain: online without asking; the hub rotated it and the new one
        // went to the keychain again.
        QTRY_COMPARE_WITH_TIMEOUT(console->status().state, State::Idle, 20000);
        QTest::qWait(500);
        QCOMPARE(console->status().state, State::Idle);
        QVERIFY(!again->saved().isEmpty());
        QVERIFY(again->saved().constLast() != token);
    } else {
        // Nothing was kept: it asks again, and intake keeps working meanwhile (the outbox takes cases).
        QTRY_COMPARE_WITH_TIMEOUT(console->status().state, State::Locked, 20000);
        QVERIFY(again->saved().isEmpty());
        QVERIFY(store.cases().registerCase(Testing::TestStore::sampleCase()));
    }
    console.reset();
    for (const QString &t : again->saved())
        QCOMPARE(filesContaining(store.dir(), t), QStringList());
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
