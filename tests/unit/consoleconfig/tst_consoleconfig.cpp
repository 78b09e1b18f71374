// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleConfig::load: [station] number and [intake] autosave_seconds out of range or not numbers are refused
// with the file, key and range in the message (they were clamped: 100 became 99, abc became 1); a file named
// with --config must exist; the default file may be missing.
#include "models/core/consoleconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Pasokh::Core::ConsoleConfig;

class TestConsoleConfig : public QObject
{
    Q_OBJECT

private:
    QString writeIni(const QByteArray &text)
    {
        // A new file each time: QSettings caches a file by path and re-reads it only when its size or
        // modification time (1 s resolution) changed, so rewriting one path gave the previous row's values.
        const QString path = m_dir.filePath(QStringLiteral("pasokh-%1.ini").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text);
        return path;
    }

    QTemporaryDir m_dir;
    int m_files = 0;

private Q_SLOTS:
    void stationNumber_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("station"); // 0: refused
        QTest::newRow("7") << QByteArray("7") << 7;
        QTest::newRow("07") << QByteArray("07") << 7;
        QTest::newRow("99") << QByteArray("99") << 99;
        QTest::newRow("persian 12") << QStringLiteral("۱۲").toUtf8() << 12;
        QTest::newRow("100") << QByteArray("100") << 0;
        QTest::newRow("0") << QByteArray("0") << 0;
        QTest::newRow("abc") << QByteArray("abc") << 0;
        QTest::newRow("07x") << QByteArray("07x") << 0;
        QTest::newRow("-5") << QByteArray("-5") << 0;
        QTest::newRow("empty") << QByteArray("") << 0;
    }

    void stationNumber()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, station);
        const QString path = writeIni("[station]\nnumber=" + value + "\n");
        const auto c = ConsoleConfig::load(path);
        if (station == 0) {
            QVERIFY(!c);
            QCOMPARE(c.error().code, QStringLiteral("config_invalid"));
            QCOMPARE(
                c.error().message,
                QStringLiteral("In %1, [station] number is \"%2\"; it must be a whole number from 1 to 99. "
                               "Correct the file and start again.")
                    .arg(QDir::toNativeSeparators(path), QString::fromUtf8(value)));
        } else {
            QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
            QCOMPARE(c.value().station, station);
        }
    }

    void autosaveSeconds()
    {
        auto c = ConsoleConfig::load(writeIni("[intake]\nautosave_seconds=30\n"));
        QVERIFY(c);
        QCOMPARE(c.value().autosaveSeconds, 30);
        c = ConsoleConfig::load(writeIni("[intake]\nautosave_seconds=0\n"));
        QVERIFY(!c);
        QVERIFY2(
            c.error().message.contains(QLatin1String("[intake] autosave_seconds is \"0\"; it must be a whole "
                                                     "number from 1 to 60")),
            qPrintable(c.error().message));
    }

    void missingKeysAndFiles()
    {
        // Keys left out take their defaults.
        auto c = ConsoleConfig::load(writeIni("[station]\nname=Hall 1\n"));
        QVERIFY(c);
        QCOMPARE(c.value().station, 1);
        QCOMPARE(c.value().autosaveSeconds, 5);
        QCOMPARE(c.value().stationName, QStringLiteral("Hall 1"));
        // The default file may be missing; one named with --config may not.
        const QString missing = m_dir.filePath(QStringLiteral("nonexistent.ini"));
        c = ConsoleConfig::load(missing, ConsoleConfig::File::Optional);
        QVERIFY(c);
        QCOMPARE(c.value().station, 1);
        c = ConsoleConfig::load(missing, ConsoleConfig::File::Required);
        QVERIFY(!c);
        QCOMPARE(c.error().code, QStringLiteral("config_missing"));
        QCOMPARE(c.error().message,
                 QStringLiteral("The configuration file %1 given with --config does not exist.")
                     .arg(QDir::toNativeSeparators(missing)));
        // A folder is not a configuration file.
        c = ConsoleConfig::load(m_dir.path(), ConsoleConfig::File::Required);
        QVERIFY(!c);
        QCOMPARE(c.error().code, QStringLiteral("config_unreadable"));
    }

    void parseStationNumber()
    {
        QCOMPARE(ConsoleConfig::parseStationNumber(QStringLiteral(" 7 ")), std::optional<int>(7));
        QCOMPARE(ConsoleConfig::parseStationNumber(QStringLiteral("٠٩")),
                 std::optional<int>(9)); // Arabic-Indic
        QCOMPARE(ConsoleConfig::parseStationNumber(QStringLiteral("007")), std::nullopt);
        QCOMPARE(ConsoleConfig::parseStationNumber(QStringLiteral("+7")), std::nullopt);
        QCOMPARE(ConsoleConfig::parseStationNumber(QStringLiteral("1e1")), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestConsoleConfig)
#include "tst_consoleconfig.moc"
