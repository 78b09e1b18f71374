// SPDX-License-Identifier: GPL-3.0-or-later
// The console process (offscreen) ends cleanly on SIGTERM, SIGINT and SIGHUP: it closes its window the way
// the close button does, exits 0 and releases the data folder's lock (a fresh tester found pasokh.lock left
// behind after `kill`), so the next start needs no stale-lock handling.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestConsoleProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void terminationSignalClosesCleanly_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }

    void terminationSignalClosesCleanly()
    {
        QFETCH(int, signalNumber);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("PASOKH_PRINT_STARTUP_MS"), QStringLiteral("1"));
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::MergedChannels);
        console.start(
            qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/app/pasokh/pasokh"),
            {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--lang"), QStringLiteral("en")});
        QVERIFY(console.waitForStarted(10000));
        QByteArray output;
        QDeadlineTimer started(60000);
        while (!output.contains("startup_ms") && !started.hasExpired() &&
               console.state() == QProcess::Running) {
            console.waitForReadyRead(200);
            output += console.readAll();
        }
        QVERIFY2(output.contains("startup_ms"), output.constData());
        const QString lock = QDir(dir.path()).filePath(QStringLiteral("pasokh.lock"));
        QVERIFY(QFile::exists(lock));

        QCOMPARE(::kill(pid_t(console.processId()), signalNumber), 0);
        QVERIFY(console.waitForFinished(20000));
        output += console.readAll();
        QCOMPARE(console.exitStatus(), QProcess::NormalExit);
        QCOMPARE(console.exitCode(), 0);
        QVERIFY2(output.contains(QByteArray("signal ") + QByteArray::number(signalNumber) + ": closing"),
                 output.constData());
        QVERIFY2(!QFile::exists(lock), "the data folder's lock was left behind");
    }
};

QTEST_GUILESS_MAIN(TestConsoleProcess)
#include "tst_consoleprocess.moc"
