// SPDX-License-Identifier: GPL-3.0-or-later
// The console's sync widgets: status-bar text for each engine state, and the parked list with its retry
// action driven through a real SyncController (engine on its thread, no hub reachable).
#include "models/sync/identityanchor.h"
#include "models/sync/synccontroller.h"
#include "models/sync/syncstore.h"
#include "models/sync/tokenstore.h"
#include "tests/support/teststore.h"
#include "ui/sync/parkeddialog.h"
#include "ui/sync/syncstatustext.h"

#include <QTableWidget>
#include <QTest>

using namespace Pasokh;
using State = Sync::SyncStatus::State;

class TestUiSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statusText_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("idle") << int(State::Idle) << QString() << QStringLiteral("Online");
        QTest::newRow("locked") << int(State::Locked) << QStringLiteral("login_required")
                                << QStringLiteral("Hub login needed (cases are kept)");
        QTest::newRow("offline") << int(State::Offline) << QStringLiteral("network")
                                 << QStringLiteral("Offline");
        QTest::newRow("revoked") << int(State::Blocked) << QStringLiteral("forbidden")
                                 << QStringLiteral("Hub sync stopped: this station is not allowed; call IT");
    }
    void statusText()
    {
        QFETCH(int, state);
        QFETCH(QString, code);
        QFETCH(QString, expected);
        Sync::SyncStatus s;
        s.state = State(state);
        s.errorCode = code;
        QCOMPARE(Ui::SyncStatusText::connection(s), expected);
        s.pending = 3;
        s.parked = 2;
        const QString queue = Ui::SyncStatusText::queue(s);
        QVERIFY2(queue.contains(QStringLiteral("Waiting to send: 3")), qPrintable(queue));
        QVERIFY2(queue.contains(QStringLiteral("Refused by the hub: 2")), qPrintable(queue));
        QVERIFY2(queue.contains(QStringLiteral("Last sync: never")), qPrintable(queue));
    }

    void parkedListAndRetry()
    {
        Testing::TestStore store(QStringLiteral("ui-sync-writer"));
        QVERIFY(store.ok());
        auto saved = store.cases().registerCase(Testing::TestStore::sampleCase());
        QVERIFY(saved);
        Sync::MemoryIdentityAnchor anchor;
        Sync::SyncStore syncStore(store.db()->writer());
        QVERIFY(syncStore.park({1}, QStringLiteral("category_retired: retired")));

        Sync::SyncOptions o;
        o.hubUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // nothing listens; the engine stays "locked"
        o.storePath = store.dbPath();
        o.connectionName = QStringLiteral("ui-sync-engine");
        Sync::SyncController controller(o, std::make_shared<Sync::MemoryTokenStore>(),
                                        std::make_shared<Sync::MemoryIdentityAnchor>());
        QTRY_COMPARE(controller.status().state, State::Locked);
        QCOMPARE(controller.status().parked, 1);

        Ui::ParkedDialog dialog(&controller);
        QTRY_COMPARE(dialog.table()->rowCount(), 1);
        QCOMPARE(dialog.table()->item(0, 2)->text().mid(1).chopped(1),
                 QStringLiteral("category_retired: retired"));
        QCOMPARE(dialog.table()->item(0, 1)->text(), QStringLiteral("New case"));
        controller.retryParked({});
        QTRY_COMPARE(dialog.table()->rowCount(), 0);
        QTRY_COMPARE(store.scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'pending'")),
                     qint64(1));
    }
};

QTEST_MAIN(TestUiSync)
#include "tst_uisync.moc"
