// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/hub/hubfixture.h"

#include "models/core/jalali.h"
#include "models/core/trackingcode.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTest>
#include <QUuid>

namespace Pasokh::HubTest {

namespace {

QAtomicInt g_dbCounter;

QString adminOrError(const QString &url, const QStringList &args, QString *error)
{
    bool ok = false;
    const QString out = HubProcess::admin(url, args, &ok);
    if (!ok && error->isEmpty())
        *error = QStringLiteral("admin %1 failed: %2").arg(args.join(QLatin1Char(' ')), out);
    return out;
}

} // namespace

HubFixture::HubFixture() = default;
HubFixture::~HubFixture() = default;

void HubFixture::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

PgCluster *HubFixture::cluster(QString *error)
{
    static std::unique_ptr<PgCluster> instance;
    static QString startError;
    if (!instance && startError.isEmpty()) {
        instance = std::make_unique<PgCluster>();
        startError = instance->start();
        if (!startError.isEmpty())
            instance.reset();
    }
    if (error)
        *error = startError;
    return instance.get();
}

QString HubFixture::backUpDatabase(QString *error)
{
    if (backend == QLatin1String("sqlite")) {
        const QString path = databaseUrl.mid(7);
        if (!QFile::copy(path, path + QStringLiteral(".bak"))) {
            *error = QStringLiteral("cannot copy %1").arg(path);
            return {};
        }
        return QStringLiteral("sqlite:") + path + QStringLiteral(".bak");
    }
    const QString db = databaseUrl.section(QLatin1Char('/'), -1);
    PgCluster *pg = cluster(error);
    if (!pg)
        return {};
    bool ok = false;
    pg->psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1_bak TEMPLATE %1").arg(db), &ok);
    if (!ok) {
        *error = QStringLiteral("cannot copy database %1").arg(db);
        return {};
    }
    return databaseUrl + QStringLiteral("_bak");
}

QString HubFixture::setUp(const QString &backendName, const QStringList &hubArgs)
{
    backend = backendName;
    QString error;
    if (backend == QLatin1String("sqlite")) {
        m_sqliteDir = std::make_unique<QTemporaryDir>();
        databaseUrl = QStringLiteral("sqlite:") + m_sqliteDir->filePath(QStringLiteral("hub.db"));
    } else {
        PgCluster *pg = cluster(&error);
        if (!pg)
            return error;
        databaseUrl = pg->createDatabase(QStringLiteral("hubtest_%1_%2")
                                             .arg(QCoreApplication::applicationPid())
                                             .arg(g_dbCounter.fetchAndAddRelaxed(1)),
                                         &error);
        if (databaseUrl.isEmpty())
            return QStringLiteral("CREATE DATABASE failed: ") + error;
    }
    const QString pw = QString::fromLatin1(kPassword);
    const QString s1 =
        adminOrError(databaseUrl,
                     {QStringLiteral("add-station"), QStringLiteral("--name"), QStringLiteral("desk 1"),
                      QStringLiteral("--number"), QStringLiteral("1")},
                     &error);
    const QString s2 =
        adminOrError(databaseUrl,
                     {QStringLiteral("add-station"), QStringLiteral("--name"), QStringLiteral("desk 2"),
                      QStringLiteral("--number"), QStringLiteral("2")},
                     &error);
    station1 = QJsonDocument::fromJson(s1.toUtf8()).object().value(QStringLiteral("station_id")).toString();
    station2 = QJsonDocument::fromJson(s2.toUtf8()).object().value(QStringLiteral("station_id")).toString();
    struct U
    {
        const char *name;
        const char *role;
        const char *unit;
    };
    for (const U &u :
         {U{"op1", "operator", ""}, U{"op2", "operator", ""}, U{"sup1", "supervisor", ""},
          U{"mgr7", "manager", "D07"}, U{"mgrw", "manager", "ORG-WASTE"}, U{"admin1", "admin", ""}}) {
        QStringList args = {QStringLiteral("add-user"),   QLatin1String(u.name),
                            QStringLiteral("--role"),     QLatin1String(u.role),
                            QStringLiteral("--password"), pw};
        if (*u.unit)
            args << QStringLiteral("--unit") << QLatin1String(u.unit);
        adminOrError(databaseUrl, args, &error);
    }
    apiKey = adminOrError(databaseUrl, {QStringLiteral("add-api-key"), QStringLiteral("partner")}, &error);
    if (!error.isEmpty())
        return error;
    if (station1.isEmpty() || station2.isEmpty())
        return QStringLiteral("stations were not created");
    hub = std::make_unique<HubProcess>(databaseUrl, hubArgs);
    error = hub->start();
    client.setBaseUrl(hub->baseUrl());
    return error;
}

std::unique_ptr<HubProcess> HubFixture::startAnotherHub(QString *error, const QStringList &hubArgs)
{
    auto other = std::make_unique<HubProcess>(databaseUrl, hubArgs);
    *error = other->start();
    return other;
}

QJsonObject HubFixture::login(const QString &username, const QString &stationId)
{
    QJsonObject body{{QStringLiteral("username"), username},
                     {QStringLiteral("password"), QString::fromLatin1(kPassword)}};
    if (!stationId.isEmpty())
        body.insert(QStringLiteral("station_id"), stationId);
    return client.post(QStringLiteral("/v1/auth/token"), body).object();
}

QString HubFixture::token(const QString &username)
{
    QString station;
    if (username == QLatin1String("op1"))
        station = station1;
    else if (username == QLatin1String("op2"))
        station = station2;
    return login(username, station).value(QStringLiteral("access_token")).toString();
}

QString trackingCode(int station, int sequence)
{
    Core::TrackingCode c;
    c.jalaliYear = Core::Jalali::year(Core::Jalali::tehranDate(QDateTime::currentDateTimeUtc()));
    c.station = station;
    c.sequence = sequence;
    return c.toString();
}

QJsonObject createMutation(qint64 mutationId, const QString &caseId, const QString &code,
                           const QString &serviceCode, int district, const QString &description)
{
    QJsonObject payload{
        {QStringLiteral("tracking_code"), code},
        {QStringLiteral("channel"), QStringLiteral("phone")},
        {QStringLiteral("case_type"), QStringLiteral("complaint")},
        {QStringLiteral("service_code"), serviceCode},
        {QStringLiteral("description"), description},
        {QStringLiteral("caller"), QJsonObject{{QStringLiteral("name"), QStringLiteral("رضا محمدی")},
                                               {QStringLiteral("phone"), QStringLiteral("۰۹۱۵ ۱۲۳ ۴۵۶۷")},
                                               {QStringLiteral("anonymous"), false}}},
        {QStringLiteral("location"),
         QJsonObject{{QStringLiteral("district"), district},
                     {QStringLiteral("address"), QStringLiteral("بلوار وکیل‌آباد")}}},
        {QStringLiteral("requested_datetime"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    return QJsonObject{{QStringLiteral("mutation_id"), mutationId},
                       {QStringLiteral("entity"), QStringLiteral("case")},
                       {QStringLiteral("entity_id"), caseId},
                       {QStringLiteral("op"), QStringLiteral("create")},
                       {QStringLiteral("payload"), payload}};
}

QJsonObject pushBody(const QString &clientId, const QJsonArray &mutations)
{
    return QJsonObject{{QStringLiteral("client_id"), clientId},
                       {QStringLiteral("schema_version"), 1},
                       {QStringLiteral("mutations"), mutations}};
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Pasokh::HubTest
