// SPDX-License-Identifier: GPL-3.0-or-later
// syncfaults_intake: the console's intake path (Storage::CaseStore::registerCase, case + outbox row in one
// BEGIN IMMEDIATE transaction) as a separate process, so the sync fault tests can run it under fiu-run or
// faketime and next to a running `pasokhctl sync`.
//
//   syncfaults_intake --data-dir DIR --station N --cases N [--first K] [--operator NAME]
//                     [--service CODE] [--migrations DIR] [--keep-going]
// Registers N cases with descriptions "sync test case K..K+N-1" (distinct content). Prints one line
//   ok=N failed=M max_ms=T errors=code1,code2
// and exits 0 when every case was saved, 1 otherwise (3 when the store cannot be opened). Without
// --keep-going it stops at the first failure.
#include "models/core/casedata.h"
#include "models/storage/casestore.h"
#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/referencedata.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSet>
#include <QTextStream>

using namespace Pasokh;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("data folder"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption station(QStringLiteral("station"), QStringLiteral("station number"),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption cases(QStringLiteral("cases"), QStringLiteral("how many"), QStringLiteral("N"),
                                   QStringLiteral("1"));
    const QCommandLineOption first(QStringLiteral("first"), QStringLiteral("first index"),
                                   QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption op(QStringLiteral("operator"), QStringLiteral("operator"),
                                QStringLiteral("NAME"), QStringLiteral("op1"));
    const QCommandLineOption service(QStringLiteral("service"), QStringLiteral("category"),
                                     QStringLiteral("CODE"), QStringLiteral("WASTE-COLLECT"));
    const QCommandLineOption migrations(QStringLiteral("migrations"),
                                        QStringLiteral("migration folder (default: the embedded set)"),
                                        QStringLiteral("DIR"), QStringLiteral(":/pasokh/sql"));
    const QCommandLineOption keepGoing(QStringLiteral("keep-going"),
                                       QStringLiteral("continue after a failure"));
    p.addOptions({dataDir, station, cases, first, op, service, migrations, keepGoing});
    p.process(app);
    QTextStream out(stdout);

    auto db = Storage::Database::open(Storage::storePath(p.value(dataDir)), QStringLiteral("intake"),
                                      p.value(migrations));
    if (!db) {
        out << "ok=0 failed=0 max_ms=0 errors=open:" << db.error().code << "\n";
        return 3;
    }
    if (auto s = Storage::ReferenceCatalog::importIfEmpty(db.value()->writer()); !s) {
        out << "ok=0 failed=0 max_ms=0 errors=reference:" << s.error().code << "\n";
        return 3;
    }
    auto catalog = Storage::ReferenceCatalog::load(db.value()->writer());
    if (!catalog) {
        out << "ok=0 failed=0 max_ms=0 errors=catalog:" << catalog.error().code << "\n";
        return 3;
    }
    Storage::CaseStore store(db.value(),
                             std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value()),
                             p.value(station).toInt(), p.value(op));
    const int n = p.value(cases).toInt();
    const int k = p.value(first).toInt();
    int ok = 0;
    int failed = 0;
    qint64 maxMs = 0;
    QStringList errors;
    for (int i = k; i < k + n; ++i) {
        Core::CaseRecord c;
        c.channel = Core::Channel::Phone;
        c.caseType = Core::CaseType::Complaint;
        c.serviceCode = p.value(service);
        c.description =
            QStringLiteral(
                "sync test case %1: زباله‌های کوچه از سه روز پیش جمع‌آوری "
                "نشده "
                "است")
                .arg(i);
        c.caller.name = QStringLiteral("مریم احمدی");
        c.caller.phone = QStringLiteral("0915%1").arg(1000000 + i % 9000000, 7, 10, QLatin1Char('0'));
        c.location.district = 7;
        c.location.address = QStringLiteral("بلوار توس، توس %1").arg(i % 90 + 1);
        c.agencyResponsible = QStringLiteral("D07");
        QElapsedTimer t;
        t.start();
        auto r = store.registerCase(c);
        maxMs = std::max(maxMs, t.elapsed());
        if (r) {
            ++ok;
        } else {
            ++failed;
            if (!errors.contains(r.error().code))
                errors << r.error().code;
            if (!p.isSet(keepGoing))
                break;
        }
    }
    out << "ok=" << ok << " failed=" << failed << " max_ms=" << maxMs
        << " errors=" << errors.join(QLatin1Char(',')) << "\n";
    return failed == 0 ? 0 : 1;
}
