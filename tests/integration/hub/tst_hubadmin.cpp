// SPDX-License-Identifier: GPL-3.0-or-later
// `pasokh-hub admin` (the real binary on a fresh SQLite database): station numbers must be whole numbers
// 1..99 (they go into every tracking code, DESIGN.md), user names must not carry control characters, and
// the exit codes (0 done, 1 refused, 2 bad command line) with their messages.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct AdminRun
{
    int code = -1;
    QString out;
    QString err;
};

AdminRun admin(const QString &databaseUrl, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(PASOKH_HUB_BINARY),
            QStringList{QStringLiteral("admin"), QStringLiteral("--db"), databaseUrl} + args);
    AdminRun r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestHubAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("hub.sqlite"));
    }

    void stationNumberIsRefused_data()
    {
        QTest::addColumn<QString>("number");
        QTest::newRow("zero (the hub's)") << "0";
        QTest::newRow("double zero") << "00";
        QTest::newRow("trailing letter") << "07x";
        QTest::newRow("three digits") << "100";
        QTest::newRow("negative") << "-1";
        QTest::newRow("word") << "abc";
        QTest::newRow("decimal") << "7.0";
        QTest::newRow("empty") << "";
    }

    void stationNumberIsRefused()
    {
        QFETCH(QString, number);
        const AdminRun r = admin(m_db, {QStringLiteral("add-station"), QStringLiteral("--number"), number});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err,
                 QStringLiteral("pasokh-hub admin: --number must be a whole number from 1 to 99 (00 is "
                                "the hub's); got \"%1\"\n")
                     .arg(number));
        QVERIFY(r.out.isEmpty());
        // Nothing was registered.
        const AdminRun list = admin(m_db, {QStringLiteral("list")});
        QCOMPARE(list.code, 0);
        QVERIFY2(!list.out.contains(QLatin1String("station_no\": ")), qPrintable(list.out));
    }

    void stationNumberIsTaken_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<int>("stationNo");
        QTest::newRow("one") << "1" << 1;
        QTest::newRow("leading zero") << "07" << 7;
        QTest::newRow("persian digits") << QStringLiteral("۴۲") << 42;
        QTest::newRow("ninety-nine") << "99" << 99;
    }

    void stationNumberIsTaken()
    {
        QFETCH(QString, number);
        QFETCH(int, stationNo);
        const AdminRun r = admin(m_db, {QStringLiteral("add-station"), QStringLiteral("--number"), number});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("station_no")).toInt(), stationNo);
    }

    void stationNumberOmittedIsTheLowestFree()
    {
        QCOMPARE(admin(m_db, {QStringLiteral("add-station"), QStringLiteral("--number"), QStringLiteral("1")})
                     .code,
                 0);
        const AdminRun r = admin(m_db, {QStringLiteral("add-station")});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("station_no")).toInt(),
                 2);
    }

    void userNameWithControlCharacterIsRefused_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("message");
        QTest::newRow("escape in user name") << QStringLiteral("op\x1b[2Jx") << QString() << "username";
        QTest::newRow("newline in user name") << QStringLiteral("op\nroot") << QString() << "username";
        QTest::newRow("C1 in user name") << QStringLiteral("op") + QChar(0x9b) << QString() << "username";
        QTest::newRow("bidi override")
            << QStringLiteral("op") + QChar(0x202e) + QStringLiteral("nimda") << QString() << "username";
        QTest::newRow("escape in display name")
            << QStringLiteral("op7") << QStringLiteral("Ali\x1b]0;x\x07") << "display name";
    }

    void userNameWithControlCharacterIsRefused()
    {
        QFETCH(QString, user);
        QFETCH(QString, display);
        QFETCH(QString, message);
        QStringList args = {QStringLiteral("add-user"),   user,
                            QStringLiteral("--role"),     QStringLiteral("operator"),
                            QStringLiteral("--password"), QStringLiteral("long-enough-pw")};
        if (!display.isEmpty())
            args << QStringLiteral("--name") << display;
        const AdminRun r = admin(m_db, args);
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("pasokh-hub admin: %1 must not contain control characters (escape, "
                                       "newline, bidi overrides...)\n")
                            .arg(message));
        // A Persian name with ZWNJ is fine.
        const AdminRun ok =
            admin(m_db, {QStringLiteral("add-user"), QStringLiteral("op8"), QStringLiteral("--role"),
                         QStringLiteral("operator"), QStringLiteral("--name"), QStringLiteral("می‌نا"),
                         QStringLiteral("--password"), QStringLiteral("long-enough-pw")});
        QCOMPARE(ok.code, 0);
    }

    void badCommandLineIsExitTwo()
    {
        QCOMPARE(admin(m_db, {QStringLiteral("frobnicate")}).code, 2);
        QCOMPARE(admin(m_db, {QStringLiteral("list"), QStringLiteral("--bogus")}).code, 2);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

QTEST_GUILESS_MAIN(TestHubAdmin)
#include "tst_hubadmin.moc"
