// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/integration/hub/hubclient.h"
#include "tests/integration/hub/hubprocess.h"
#include "tests/integration/hub/pgcluster.h"

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Pasokh::HubTest {

/// One hub under test on a fresh database of the chosen backend ("sqlite" or "postgresql"), with accounts:
/// op1 (operator, station 1), op2 (operator, station 2), sup1 (supervisor), mgr7 (manager of D07),
/// mgrw (manager of ORG-WASTE), admin1 (admin); all with password kPassword. Also an Open311 api key.
class HubFixture
{
public:
    static constexpr const char *kPassword = "correct horse 137";

    HubFixture();
    ~HubFixture();

    /// Adds the data rows "sqlite" and "postgresql" (column `backend`) to the current Qt Test _data function.
    static void addBackendRows();
    /// The shared PostgreSQL cluster of this test process (started on first use).
    static PgCluster *cluster(QString *error);

    /// Creates the database and accounts and starts one hub with `hubArgs`. Returns an error message.
    QString setUp(const QString &backend, const QStringList &hubArgs = {});
    /// Starts one more hub process on the same database (multi-process tests).
    std::unique_ptr<HubProcess> startAnotherHub(QString *error, const QStringList &hubArgs = {});

    /// Copies the database of the stopped hub to a backup ("<file>.bak" for SQLite, database "<name>_bak"
    /// made from it as a template on PostgreSQL) and returns the backup's --db URL, or "" with `error` set.
    QString backUpDatabase(QString *error);

    /// Logs in; returns the full token response (access_token, refresh_token...).
    QJsonObject login(const QString &username, const QString &stationId = {});
    /// Access token of a user; operators log in on their station.
    QString token(const QString &username);

    QString backend;
    QString databaseUrl;
    QString station1;
    QString station2;
    QString apiKey;
    std::unique_ptr<HubProcess> hub;
    HubClient client;

private:
    std::unique_ptr<QTemporaryDir> m_sqliteDir;
};

/// In a data-driven test function: fetches the `backend` column, declares `HubFixture name` on it and starts
/// it with the optional hub arguments; fails the test with the reason when that does not work.
#define PASOKH_HUB_FIXTURE(name, ...)                                                                        \
    QFETCH(QString, backend);                                                                                \
    Pasokh::HubTest::HubFixture name;                                                                        \
    do {                                                                                                     \
        const QString setupError_ = name.setUp(backend __VA_OPT__(, ) __VA_ARGS__);                          \
        QVERIFY2(setupError_.isEmpty(), qPrintable(setupError_));                                            \
    } while (false)

/// A valid 10-digit tracking code (Core::TrackingCode) for the current Jalali year.
QString trackingCode(int station, int sequence);
/// A "create case" mutation as a console sends it.
QJsonObject createMutation(
    qint64 mutationId, const QString &caseId, const QString &trackingCode,
    const QString &serviceCode = QStringLiteral("WASTE-COLLECT"), int district = 7,
    const QString &description = QStringLiteral("زباله‌ها سه روز است جمع نشده"));
/// A push body.
QJsonObject pushBody(const QString &clientId, const QJsonArray &mutations);
/// A new random UUID text (v4, lower case, no braces).
QString newId();

} // namespace Pasokh::HubTest
