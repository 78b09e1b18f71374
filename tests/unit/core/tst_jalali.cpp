// SPDX-License-Identifier: GPL-3.0-or-later
// Qt's Jalali calendar checked against an independent table (jalaali-js, Borkowski's break table),
// 1300..1436, and the formatting/parsing helpers of models/core/jalali.h.
#include "models/core/jalali.h"

#include <QFile>
#include <QTest>

using namespace Pasokh::Core;

class TestJalali : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void monthStartsMatchIndependentTable();
    void knownDates();
    void format();
    void parse_data();
    void parse();
    void tehranDayBounds();
};

void TestJalali::monthStartsMatchIndependentTable()
{
    QFile f(qEnvironmentVariable("PASOKH_JALALI_TABLE"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    int rows = 0;
    const QCalendar cal = Jalali::calendar();
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> parts = line.split(',');
        QCOMPARE(parts.size(), 3);
        const QDate expected = QDate::fromString(QString::fromLatin1(parts[2]), Qt::ISODate);
        const QDate got = cal.dateFromParts(parts[0].toInt(), parts[1].toInt(), 1);
        QVERIFY2(got == expected, line.constData());
        ++rows;
    }
    QCOMPARE(rows, (1436 - 1300 + 1) * 12);
}

void TestJalali::knownDates()
{
    // 1 Farvardin 1404 = 2025-03-21; Esfand 1403 had 30 days (notes/persian.md §2).
    QCOMPARE(Jalali::calendar().dateFromParts(1404, 1, 1), QDate(2025, 3, 21));
    QVERIFY(Jalali::calendar().isDateValid(1403, 12, 30));
    QVERIFY(!Jalali::calendar().isDateValid(1404, 12, 30));
    QCOMPARE(Jalali::year(QDate(2026, 11, 30)), 1405);
}

void TestJalali::format()
{
    const QDate d(2026, 11, 30); // 1405/09/09
    QCOMPARE(Jalali::formatDate(d, Jalali::persianLocale()), QStringLiteral("۱۴۰۵/۰۹/۰۹"));
    QCOMPARE(Jalali::formatDateAscii(d), QStringLiteral("1405/09/09"));
    const QDateTime utc(QDate(2026, 11, 30), QTime(21, 0), Qt::UTC); // 00:30 next day in Tehran
    QCOMPARE(Jalali::formatDateTime(utc, QLocale::c()), QStringLiteral("1405/09/10 00:30"));
    QCOMPARE(Jalali::formatDateTime(utc, Jalali::persianLocale()), QStringLiteral("۱۴۰۵/۰۹/۱۰ ۰۰:۳۰"));
}

void TestJalali::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("expected");
    QTest::newRow("ascii") << "1405/09/09" << QDate(2026, 11, 30);
    QTest::newRow("persian short") << "۱۴۰۵/۹/۹" << QDate(2026, 11, 30);
    QTest::newRow("arabic-indic dashes") << "١٤٠٥-٩-٩" << QDate(2026, 11, 30);
    QTest::newRow("leap esfand 30") << "1403/12/30" << QDate(2025, 3, 20);
    QTest::newRow("no esfand 30 in 1404") << "1404/12/30" << QDate();
    QTest::newRow("month 13") << "1404/13/01" << QDate();
    QTest::newRow("garbage") << "hello" << QDate();
}

void TestJalali::parse()
{
    QFETCH(QString, text);
    QFETCH(QDate, expected);
    const auto d = Jalali::parseDate(text);
    if (!expected.isValid())
        QVERIFY(!d.has_value());
    else
        QCOMPARE(*d, expected);
}

void TestJalali::tehranDayBounds()
{
    const QDate d(2026, 11, 30);
    QCOMPARE(Jalali::dayStartUtc(d), QDateTime(QDate(2026, 11, 29), QTime(20, 30), Qt::UTC));
    QCOMPARE(Jalali::dayEndUtc(d), QDateTime(QDate(2026, 11, 30), QTime(20, 30), Qt::UTC));
}

QTEST_GUILESS_MAIN(TestJalali)
#include "tst_jalali.moc"
