// SPDX-License-Identifier: GPL-3.0-or-later
// Rules of models/core: phone numbers, national IDs, Verhoeff, tracking codes, search keys, sanitising,
// UUIDv7.
#include "models/core/casetypes.h"
#include "models/core/digits.h"
#include "models/core/nationalid.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"
#include "models/core/uuid7.h"
#include "models/core/verhoeff.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Pasokh::Core;

class TestCoreRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void digits();
    void phone_data();
    void phone();
    void phoneRejects_data();
    void phoneRejects();
    void phoneNationalFormat();
    void withheld();
    void nationalId_data();
    void nationalId();
    void nationalIdWarnings();
    void verhoeffKnownVectors();
    void verhoeffDetectsSingleErrorsAndTranspositions();
    void trackingCode();
    void trackingCodeParse_data();
    void trackingCodeParse();
    void searchKey_data();
    void searchKey();
    void searchKeyIsIdempotent();
    void searchKeyFastPathEqualsNfkc();
    void sanitized();
    void masked();
    void uuid7();
    void enumCodesRoundTrip();
};

void TestCoreRules::digits()
{
    QCOMPARE(Digits::toAscii(QStringLiteral("۰۹۱۵ ١٢٣ 45")), QStringLiteral("0915 123 45"));
    QCOMPARE(Digits::toPersian(QStringLiteral("1405/09/09")), QStringLiteral("۱۴۰۵/۰۹/۰۹"));
    QCOMPARE(Digits::toPersian(QStringLiteral("٣")), QStringLiteral("۳"));
}

void TestCoreRules::phone_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("e164");
    QTest::addColumn<int>("kind");
    const int mobile = int(PhoneNumber::Kind::Mobile), land = int(PhoneNumber::Kind::Landline);
    QTest::newRow("09 national") << "09151234567"
                                 << "+989151234567" << mobile;
    QTest::newRow("+98") << "+989151234567"
                         << "+989151234567" << mobile;
    QTest::newRow("+98 spaced") << "+98 915 123 4567"
                                << "+989151234567" << mobile;
    QTest::newRow("+98 (0)") << "+98 (0) 915 123 4567"
                             << "+989151234567" << mobile;
    QTest::newRow("0098") << "00989151234567"
                          << "+989151234567" << mobile;
    QTest::newRow("98 bare") << "989151234567"
                             << "+989151234567" << mobile;
    QTest::newRow("9 bare") << "9151234567"
                            << "+989151234567" << mobile;
    QTest::newRow("dashes") << "0915-123-4567"
                            << "+989151234567" << mobile;
    QTest::newRow("persian digits") << "۰۹۱۵۱۲۳۴۵۶۷"
                                    << "+989151234567" << mobile;
    QTest::newRow("arabic-indic digits") << "٠٩١٥١٢٣٤٥٦٧"
                                         << "+989151234567" << mobile;
    QTest::newRow("LRM and NBSP") << QString(QChar(0x200E)) + "0915\u00A0123 4567"
                                  << "+989151234567" << mobile;
    QTest::newRow("051 landline") << "051 3800 1234"
                                  << "+985138001234" << land;
    QTest::newRow("051 landline dashes") << "051-38001234"
                                         << "+985138001234" << land;
    QTest::newRow("+98 51 landline") << "+98 51 3800 1234"
                                     << "+985138001234" << land;
    QTest::newRow("8 digit local") << "38001234"
                                   << "+985138001234" << land;
    QTest::newRow("8 digit local persian") << "۳۸۰۰ ۱۲۳۴"
                                           << "+985138001234" << land;
    QTest::newRow("tehran landline") << "021 8888 1234"
                                     << "+982188881234" << land;
    QTest::newRow("foreign") << "+44 20 7946 0958"
                             << "+442079460958" << int(PhoneNumber::Kind::International);
}

void TestCoreRules::phone()
{
    QFETCH(QString, input);
    QFETCH(QString, e164);
    QFETCH(int, kind);
    const auto r = PhoneNumber::normalize(input);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().code));
    QCOMPARE(r.value().e164, e164);
    QCOMPARE(int(r.value().kind), kind);
}

void TestCoreRules::phoneRejects_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("spaces") << "   "
                            << "empty";
    QTest::newRow("letters") << "0915abc4567"
                             << "invalid_characters";
    QTest::newRow("zwnj inside is fine but letters not") << "0915x"
                                                         << "invalid_characters";
    QTest::newRow("short") << "0915123"
                           << "too_short";
    QTest::newRow("long") << "091512345678"
                          << "too_long";
    QTest::newRow("old mashhad") << "0511 8001234"
                                 << "old_mashhad_format";
    QTest::newRow("8 digit starting 1") << "18001234"
                                        << "invalid_number";
    QTest::newRow("bare 00") << "00"
                             << "too_short";
    QTest::newRow("two pluses") << "++989151234567"
                                << "invalid_characters";
}

void TestCoreRules::phoneRejects()
{
    QFETCH(QString, input);
    QFETCH(QString, code);
    const auto r = PhoneNumber::normalize(input);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QVERIFY(!r.error().message.isEmpty());
}

void TestCoreRules::phoneNationalFormat()
{
    QCOMPARE(PhoneNumber::normalize(QStringLiteral("+989151234567")).value().nationalFormat(),
             QStringLiteral("0915 123 4567"));
    QCOMPARE(PhoneNumber::normalize(QStringLiteral("38001234")).value().nationalFormat(),
             QStringLiteral("051 3800 1234"));
}

void TestCoreRules::withheld()
{
    QVERIFY(PhoneNumber::isWithheldToken(QStringLiteral("Anonymous")));
    QVERIFY(PhoneNumber::isWithheldToken(QString()));
    QVERIFY(!PhoneNumber::isWithheldToken(QStringLiteral("09151234567")));
}

void TestCoreRules::nationalId_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // 10 digits, or "!" + error code
    QTest::newRow("valid") << "0077611616"
                           << "0077611616";
    QTest::newRow("valid mashhad") << "0920085398"
                                   << "!checksum";
    QTest::newRow("persian digits") << "۰۰۷۷۶۱۱۶۱۶"
                                    << "0077611616";
    QTest::newRow("spaces and dashes") << " 007-761161-6  "
                                       << "0077611616";
    QTest::newRow("8 digits padded") << "77611616"
                                     << "0077611616";
    QTest::newRow("9 digits") << "172942284"
                              << "0172942284";
    QTest::newRow("prefix 773 accepted") << "7731689956"
                                         << "7731689956";
    QTest::newRow("1111111111 accepted") << "1111111111"
                                         << "1111111111";
    QTest::newRow("bad checksum") << "0077611617"
                                  << "!checksum";
    QTest::newRow("too short") << "1234567"
                               << "!length";
    QTest::newRow("too long") << "12345678901"
                              << "!length";
    QTest::newRow("letters") << "00776a1616"
                             << "!invalid_characters";
    QTest::newRow("empty") << ""
                           << "!empty";
}

void TestCoreRules::nationalId()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto r = NationalId::validate(input);
    if (expected.startsWith(QLatin1Char('!'))) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, expected.mid(1));
    } else {
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().code));
        QCOMPARE(r.value().digits, expected);
    }
}

void TestCoreRules::nationalIdWarnings()
{
    QCOMPARE(NationalId::validate(QStringLiteral("1111111111")).value().warnings.size(), 1);
    QVERIFY(NationalId::validate(QStringLiteral("0077611616")).value().warnings.isEmpty());
    QVERIFY(!NationalId::validate(QStringLiteral("0077611616")).value().isMashhadPrefix());
    // 092123456 → weighted sum 174, 174 mod 11 = 9, check digit 11 - 9 = 2.
    const auto r = NationalId::validate(QStringLiteral("0921234562"));
    QVERIFY(r.ok());
    QVERIFY(r.value().isMashhadPrefix());
    QVERIFY(r.value().warnings.isEmpty());

    // Prefixes not on the list of civil-registry offices warn (notes/persian.md §3) but never block:
    // 260123456 → sum 151, 151 mod 11 = 8, check 3; 999123456 → sum 320, mod 11 = 1, check 1.
    for (const char *unknown : {"2601234563", "9991234561"}) {
        const auto u = NationalId::validate(QString::fromLatin1(unknown));
        QVERIFY2(u.ok(), unknown);
        QCOMPARE(u.value().warnings.size(), 1);
        QVERIFY(u.value().warnings.first().contains(QString::fromLatin1(unknown).left(3)));
    }
    // Issued IDs whose prefixes persian-tools' list lacks (notes/persian.md §3, "Conflicts") do not warn.
    QVERIFY(NationalId::validate(QStringLiteral("7731689956")).value().warnings.isEmpty());
    QVERIFY(NationalId::validate(QStringLiteral("172942284")).value().warnings.isEmpty());
}

void TestCoreRules::verhoeffKnownVectors()
{
    // Published examples: 236 → 3 (check 2363), 12345 → 1, 142857 → 0.
    QCOMPARE(Verhoeff::checkDigit(QStringLiteral("236")), 3);
    QCOMPARE(Verhoeff::checkDigit(QStringLiteral("12345")), 1);
    QCOMPARE(Verhoeff::checkDigit(QStringLiteral("142857")), 0);
    QVERIFY(Verhoeff::isValid(QStringLiteral("2363")));
    QVERIFY(!Verhoeff::isValid(QStringLiteral("2364")));
    QCOMPARE(Verhoeff::checkDigit(QStringLiteral("12a")), -1);
    QCOMPARE(Verhoeff::checkDigit(QString()), -1);
}

void TestCoreRules::verhoeffDetectsSingleErrorsAndTranspositions()
{
    const QString code = TrackingCode{1405, 7, 12}.toString();
    QVERIFY(Verhoeff::isValid(code));
    for (int i = 0; i < code.size(); ++i) {
        for (int d = 0; d < 10; ++d) {
            QString t = code;
            if (t.at(i) == QChar(u'0' + d))
                continue;
            t[i] = QChar(u'0' + d);
            QVERIFY2(!Verhoeff::isValid(t), qPrintable(t));
        }
        if (i + 1 < code.size() && code.at(i) != code.at(i + 1)) {
            QString t = code;
            std::swap(t[i], t[i + 1]);
            QVERIFY2(!Verhoeff::isValid(t), qPrintable(t));
        }
    }
}

void TestCoreRules::trackingCode()
{
    const QString code = TrackingCode{1405, 7, 12}.toString();
    QCOMPARE(code.size(), 10);
    QCOMPARE(code.left(9), QStringLiteral("050700012"));
    QCOMPARE(TrackingCode::grouped(code), QStringLiteral("05-07-00012-") + code.right(1));
    QVERIFY((TrackingCode{1405, 100, 1}.toString().isEmpty()));
    QVERIFY((TrackingCode{1405, 1, 0}.toString().isEmpty()));
    QVERIFY((TrackingCode{1405, 1, 100000}.toString().isEmpty()));
    QCOMPARE((TrackingCode{1405, 0, 99999}.toString().left(9)), QStringLiteral("050099999"));
}

void TestCoreRules::trackingCodeParse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("error");
    const QString good = TrackingCode{1405, 7, 12}.toString();
    QTest::newRow("plain") << good << "";
    QTest::newRow("grouped") << TrackingCode::grouped(good) << "";
    QTest::newRow("persian digits") << Digits::toPersian(good) << "";
    QTest::newRow("wrong check") << good.left(9) + QString::number((good.right(1).toInt() + 1) % 10)
                                 << "checksum";
    QTest::newRow("short") << "12345"
                           << "length";
    QTest::newRow("letters") << "05a7000128"
                             << "invalid_characters";
}

void TestCoreRules::trackingCodeParse()
{
    QFETCH(QString, input);
    QFETCH(QString, error);
    const auto r = TrackingCode::parse(input);
    if (error.isEmpty()) {
        QVERIFY(r.ok());
        QCOMPARE(r.value().station, 7);
        QCOMPARE(r.value().sequence, 12);
        QCOMPARE(r.value().jalaliYear, 5);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, error);
    }
}

void TestCoreRules::searchKey_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("arabic yeh/kaf") << "كيسه زباله"
                                    << "کیسه زباله";
    QTest::newRow("alef maksura") << "مصطفى"
                                  << "مصطفی";
    QTest::newRow("teh marbuta") << "بلدية"
                                 << "بلدیه";
    QTest::newRow("heh with yeh") << "خانۀ ما"
                                  << "خانه ما";
    QTest::newRow("hamza alef") << "أمور"
                                << "امور";
    QTest::newRow("waw hamza") << "مؤسسه"
                               << "موسسه";
    QTest::newRow("yeh hamza") << "مسئول"
                               << "مسیول";
    QTest::newRow("harakat") << "شَهرداری"
                             << "شهرداری";
    QTest::newRow("tatweel") << "شهـــرداری"
                             << "شهرداری";
    QTest::newRow("zwnj") << "بازیافت‌ها"
                          << "بازیافتها";
    QTest::newRow("digits") << "منطقه ۱۲"
                            << "منطقه 12";
    QTest::newRow("arabic-indic digits") << "منطقه ١٢"
                                         << "منطقه 12";
    QTest::newRow("spaces") << "  چراغ    برق  "
                            << "چراغ برق";
    QTest::newRow("presentation forms") << QString(QChar(0xFEFB)) << "لا";
    QTest::newRow("latin case") << "SMS"
                                << "sms";
}

void TestCoreRules::searchKey()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(PersianText::searchKey(a), PersianText::searchKey(b));
    QCOMPARE(PersianText::searchKey(b), PersianText::searchKey(PersianText::searchKey(b)));
}

// searchKey skips NFKC for text in a known-stable subset (pasokh_kb's index build spends most of its time
// there otherwise). A leading U+FEFB (lam-alef presentation form, "لا" after NFKC) forces the NFKC path, so
// the two paths must agree on every random string of Arabic-block characters, marks, ASCII and joiners.
void TestCoreRules::searchKeyFastPathEqualsNfkc()
{
    QRandomGenerator rng(4);
    QList<char16_t> alphabet;
    for (char16_t u = 0x0600; u <= 0x06FF; ++u)
        alphabet.append(u);
    for (char16_t u :
         {u' ', u'a', u'Z', u'7', u'\n', u'-', char16_t(0x200C), char16_t(0x200D), char16_t(0x200F)})
        alphabet.append(u);
    for (int round = 0; round < 20000; ++round) {
        QString text(QLatin1Char('x'));
        const int length = 1 + rng.bounded(12);
        for (int i = 0; i < length; ++i)
            text.append(QChar(alphabet.at(rng.bounded(int(alphabet.size())))));
        const QString fast = PersianText::searchKey(text);
        const QString viaNfkc = PersianText::searchKey(QChar(0xFEFB) + text).mid(2);
        QVERIFY2(fast == viaNfkc,
                 qPrintable(QStringLiteral("U+") + QString::number(text.at(1).unicode(), 16) +
                            QLatin1Char(' ') + text));
    }
}

void TestCoreRules::searchKeyIsIdempotent()
{
    QCOMPARE(PersianText::compactKey(QStringLiteral("بازیافت ها")),
             PersianText::compactKey(QStringLiteral("بازیافت‌ها")));
    QCOMPARE(PersianText::searchKey(QStringLiteral("كيسه")), QStringLiteral("کیسه"));
}

void TestCoreRules::sanitized()
{
    const QString evil = QStringLiteral("a\u202Eb\u0007c\u2066d\r\ne\u200Cf");
    QCOMPARE(PersianText::sanitized(evil, 100), QStringLiteral("abcd e\u200Cf"));
    QCOMPARE(PersianText::sanitized(evil, 100, true), QStringLiteral("abcd\ne\u200Cf"));
    QString lone;
    lone.append(QChar(0xD800));
    lone.append(QLatin1Char('x'));
    QCOMPARE(PersianText::sanitized(lone, 10), QStringLiteral("x"));
    const QString emoji = QStringLiteral("ab") + QString::fromUcs4(U"\U0001F600");
    QCOMPARE(PersianText::sanitized(emoji, 3), QStringLiteral("ab")); // a pair is never split
    QCOMPARE(PersianText::sanitized(QString(10000, QLatin1Char('x')), 4000).size(), 4000);
}

void TestCoreRules::masked()
{
    QCOMPARE(PersianText::masked(QStringLiteral("+989151234567")), QStringLiteral("***********67"));
    QCOMPARE(PersianText::masked(QString()), QString());
    QCOMPARE(PersianText::masked(QStringLiteral("ab")), QStringLiteral("*b"));
}

void TestCoreRules::uuid7()
{
    QSet<QString> seen;
    QString previous;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 5000; ++i) {
        const QUuid id = Uuid7::generate();
        QCOMPARE(uchar(id.toRfc4122().at(6)) >> 4, 7); // Qt 6.4's QUuid::version() predates v7
        QCOMPARE(id.variant(), QUuid::DCE);
        const QString s = id.toString(QUuid::WithoutBraces);
        QVERIFY(s > previous); // strictly increasing within a process
        previous = s;
        seen.insert(s);
        const qint64 ts = Uuid7::timestampMs(id);
        QVERIFY(ts >= before && ts <= QDateTime::currentMSecsSinceEpoch() + 5);
    }
    QCOMPARE(seen.size(), 5000);
    QCOMPARE(Uuid7::timestampMs(QUuid::createUuid()), qint64(-1));
}

void TestCoreRules::enumCodesRoundTrip()
{
    for (CaseStatus s : CaseStatusText::all())
        QCOMPARE(CaseStatusText::fromCode(CaseStatusText::code(s)), s);
    QCOMPARE(CaseStatusText::code(CaseStatus::InProgress), QStringLiteral("in_progress"));
    QCOMPARE(ResponseTypeText::code(ResponseType::NoLogicalAnswer), QStringLiteral("no_logical_answer"));
    QCOMPARE(ChannelText::code(Channel::WalkIn), QStringLiteral("walk_in"));
    QVERIFY(!ChannelText::fromCode(QStringLiteral("fax")).has_value());
    QCOMPARE(CaseTypeText::all().size(), 6);
}

QTEST_GUILESS_MAIN(TestCoreRules)
#include "tst_corerules.moc"
