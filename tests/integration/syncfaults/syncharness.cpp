// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/integration/syncfaults/syncharness.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace Pasokh::SyncTest {

QString pasokhctlBinary()
{
    return QStringLiteral(PASOKHCTL_BINARY);
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

bool haveProgram(const QString &program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

QString Console::storePath() const
{
    return dataDir + QStringLiteral("/pasokh.sqlite");
}

QString SyncRun::describe() const
{
    return QStringLiteral("exit %1 after %2 ms; stdout: %3; stderr: %4")
        .arg(exitCode)
        .arg(ms)
        .arg(out.trimmed(), err.trimmed().right(3000));
}

SyncHarness::SyncHarness() = default;

SyncHarness::~SyncHarness()
{
    if (proxy)
        proxy->stop();
}

namespace {

/// A hub database prepared once per backend and process by HubFixture (accounts, stations 1 and 2, reference
/// data): each test then starts from a copy (file copy for SQLite, CREATE DATABASE ... TEMPLATE for
/// PostgreSQL), which saves the nine `pasokh-hub admin` runs (password hashing) of every set-up.
struct HubTemplate
{
    std::unique_ptr<HubTest::HubFixture> fixture;
    QString error;
};

HubTemplate &hubTemplate(const QString &backend)
{
    static QHash<QString, HubTemplate *> templates;
    HubTemplate *&t = templates[backend];
    if (!t) {
        t = new HubTemplate; // lives until exit: its folder holds the SQLite template
        t->fixture = std::make_unique<HubTest::HubFixture>();
        t->error = t->fixture->setUp(backend);
        if (t->error.isEmpty()) {
            // One request first: a SIGTERM in the hub's first milliseconds can land before its handler.
            t->fixture->client.get(QStringLiteral("/v1/health"));
            if (t->fixture->hub->stop() != 0)
                qWarning() << "the template hub did not stop cleanly:" << t->fixture->hub->output();
        }
    }
    return *t;
}

int g_databases = 0;

} // namespace

QString SyncHarness::setUp(const QString &backend, const QStringList &hubArgs)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary folder");
    HubTemplate &t = hubTemplate(backend);
    if (!t.error.isEmpty())
        return t.error;
    const HubTest::HubFixture &tmpl = *t.fixture;
    hub.backend = backend;
    hub.station1 = tmpl.station1;
    hub.station2 = tmpl.station2;
    hub.apiKey = tmpl.apiKey;
    if (backend == QLatin1String("sqlite")) {
        const QString from = tmpl.databaseUrl.mid(7);
        const QString to = m_dir.filePath(QStringLiteral("hub.db"));
        for (const QString &suffix : {QString(), QStringLiteral("-wal")})
            if (QFile::exists(from + suffix) && !QFile::copy(from + suffix, to + suffix))
                return QStringLiteral("cannot copy the template hub database");
        hub.databaseUrl = QStringLiteral("sqlite:") + to;
    } else {
        QString error;
        HubTest::PgCluster *pg = HubTest::HubFixture::cluster(&error);
        if (!pg)
            return error;
        const QString templateName = tmpl.databaseUrl.section(QLatin1Char('/'), -1);
        const QString name =
            QStringLiteral("syncfaults_%1_%2").arg(QCoreApplication::applicationPid()).arg(++g_databases);
        bool ok = false;
        const QString out =
            pg->psql(QStringLiteral("postgres"),
                     QStringLiteral("CREATE DATABASE %1 TEMPLATE %2").arg(name, templateName), &ok);
        if (!ok)
            return QStringLiteral("CREATE DATABASE from the template failed: ") + out;
        hub.databaseUrl = tmpl.databaseUrl.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + name;
    }
    hub.hub = std::make_unique<HubTest::HubProcess>(hub.databaseUrl, hubArgs);
    const QString error = hub.hub->start();
    if (!error.isEmpty())
        return error;
    hub.client.setBaseUrl(hub.hub->baseUrl());
    proxy = std::make_unique<Testing::FaultProxy>(hub.hub->port());
    const std::string perr = proxy->start();
    if (!perr.empty())
        return QString::fromStdString(perr);
    console.dataDir = m_dir.filePath(QStringLiteral("console-1"));
    console.stationNo = 1;
    console.stationId = hub.station1;
    QDir().mkpath(console.dataDir);
    return {};
}

void useRamTempDir()
{
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    if (qEnvironmentVariableIsEmpty("TMPDIR") && shm.isDir() && shm.isWritable())
        qputenv("TMPDIR", "/dev/shm");
}

Console SyncHarness::addConsole(int number, QString *error)
{
    Console c;
    bool ok = false;
    const QString out = HubTest::HubProcess::admin(hub.databaseUrl,
                                                   {QStringLiteral("add-station"), QStringLiteral("--name"),
                                                    QStringLiteral("desk %1").arg(number),
                                                    QStringLiteral("--number"), QString::number(number)},
                                                   &ok);
    if (!ok) {
        *error = QStringLiteral("add-station %1: %2").arg(number).arg(out);
        return c;
    }
    c.stationNo = number;
    c.stationId =
        QJsonDocument::fromJson(out.toUtf8()).object().value(QStringLiteral("station_id")).toString();
    c.dataDir = m_dir.filePath(QStringLiteral("console-%1-%2").arg(number).arg(++m_folders));
    QDir().mkpath(c.dataDir);
    return c;
}

IntakeRun SyncHarness::addCases(const Console &c, int n, int first, const QStringList &extra,
                                const QStringList &wrapper, const QStringList &env)
{
    QStringList args = {QStringLiteral("--data-dir"), c.dataDir,
                        QStringLiteral("--station"),  QString::number(c.stationNo),
                        QStringLiteral("--cases"),    QString::number(n),
                        QStringLiteral("--first"),    QString::number(first)};
    args += extra;
    QString program = QStringLiteral(SYNCFAULTS_INTAKE_BINARY);
    if (!wrapper.isEmpty()) {
        args.prepend(program);
        args = wrapper.mid(1) + args;
        program = wrapper.first();
    }
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : env)
        e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(e);
    p.start(program, args);
    IntakeRun r;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        r.output = QStringLiteral("intake timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
    static const QRegularExpression line(
        QStringLiteral("ok=(\\d+) failed=(\\d+) max_ms=(\\d+) errors=(\\S*)"));
    const auto m = line.match(r.output);
    if (m.hasMatch()) {
        r.ok = m.captured(1).toInt();
        r.failed = m.captured(2).toInt();
        r.maxMs = m.captured(3).toLongLong();
        r.errors = m.captured(4);
    }
    return r;
}

QStringList SyncHarness::syncArguments(const Console &c, const QStringList &extra) const
{
    return QStringList{QStringLiteral("sync"),
                       QStringLiteral("--data-dir"),
                       c.dataDir,
                       QStringLiteral("--hub"),
                       QString::fromStdString(proxy->baseUrl()),
                       QStringLiteral("--station-id"),
                       c.stationId,
                       QStringLiteral("--user"),
                       QStringLiteral("op1"),
                       QStringLiteral("--password-stdin")} +
           extra;
}

std::unique_ptr<QProcess> SyncHarness::startSync(const Console &c, const QStringList &extra,
                                                 const QStringList &wrapper, const QStringList &env)
{
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("pasokh.*.debug=false"));
    // The console's record of its store identity lives outside the data folder: keep it in this test's
    // folder.
    e.insert(QStringLiteral("PASOKH_SYNC_IDENTITY_FILE"),
             m_dir.filePath(QStringLiteral("sync-identity.ini")));
    // Retries after a cut connection start at 200 ms instead of 1 s (same code path, shorter suite); tests of
    // the backoff itself (T7, T8) set their own values.
    e.insert(QStringLiteral("PASOKH_SYNC_BACKOFF_BASE_MS"), QStringLiteral("200"));
    for (const QString &kv : env)
        e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p->setProcessEnvironment(e);
    QStringList args = syncArguments(c, extra);
    QString program = pasokhctlBinary();
    if (!wrapper.isEmpty()) {
        args.prepend(program);
        args = wrapper.mid(1) + args;
        program = wrapper.first();
    }
    p->start(program, args);
    if (p->waitForStarted(10000)) {
        p->write(QByteArray(HubTest::HubFixture::kPassword) + '\n');
        p->waitForBytesWritten(5000); // callers may not spin an event loop before the child reads it
        p->closeWriteChannel();
    }
    return p;
}

SyncRun SyncHarness::collect(QProcess &p, qint64 ms)
{
    SyncRun r;
    r.finished = p.state() == QProcess::NotRunning;
    r.exitCode = r.finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.ms = ms;
    static const QRegularExpression pair(QStringLiteral("\\b(pushed|acked|parked|pending|pulled)=(\\d+)"));
    auto it = pair.globalMatch(r.out);
    while (it.hasNext()) {
        const auto m = it.next();
        r.counters.insert(m.captured(1), m.captured(2).toLongLong());
    }
    return r;
}

SyncRun SyncHarness::sync(const Console &c, const QStringList &extra, int timeoutMs,
                          const QStringList &wrapper, const QStringList &env)
{
    QElapsedTimer t;
    t.start();
    auto p = startSync(c, extra, wrapper, env);
    if (!p->waitForFinished(timeoutMs)) {
        p->kill();
        p->waitForFinished(5000);
        SyncRun r = collect(*p, t.elapsed());
        r.finished = false;
        r.exitCode = -1;
        return r;
    }
    return collect(*p, t.elapsed());
}

QList<Testing::SyncViolation> SyncHarness::check(const Console &c,
                                                 const Testing::SyncCheckOptions &options) const
{
    return Testing::SyncCheck::check(c.storePath(), hub.databaseUrl, options);
}

qint64 SyncHarness::hubScalar(const QString &sql) const
{
    QString error;
    const auto rows = Testing::SyncCheck::hubQuery(hub.databaseUrl, sql, &error);
    if (!error.isEmpty() || rows.isEmpty()) {
        qWarning() << "hub query failed:" << sql << error;
        return -1;
    }
    return rows.first().value(0).toLongLong();
}

qint64 SyncHarness::consoleScalar(const Console &c, const QString &sql)
{
    QString error;
    const auto rows = Testing::SyncCheck::consoleQuery(c.storePath(), sql, &error);
    if (!error.isEmpty() || rows.isEmpty()) {
        qWarning() << "console query failed:" << sql << error;
        return -1;
    }
    return rows.first().value(0).toLongLong();
}

QString SyncHarness::clientId(const Console &c)
{
    QString error;
    const auto rows = Testing::SyncCheck::consoleQuery(
        c.storePath(), QStringLiteral("SELECT client_id FROM sync_state"), &error);
    return rows.isEmpty() ? QString() : rows.first().value(0);
}

qint64 SyncHarness::hubCasesOf(const Console &c) const
{
    return hubScalar(QStringLiteral("SELECT COUNT(*) FROM cases WHERE client_id = '%1'").arg(clientId(c)));
}

QString SyncHarness::consoleExec(const Console &c, const QString &sql, const QVariantList &binds)
{
    static int counter = 0;
    const QString name = QStringLiteral("syncharness-exec-%1").arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(c.storePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            q.prepare(sql);
            for (const QVariant &b : binds)
                q.addBindValue(b);
            if (!q.exec())
                error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

QJsonObject SyncHarness::outboxPayload(const Console &c, qint64 mutationId)
{
    QString error;
    const auto rows = Testing::SyncCheck::consoleQuery(
        c.storePath(), QStringLiteral("SELECT payload FROM outbox WHERE mutation_id = %1").arg(mutationId),
        &error);
    if (rows.isEmpty())
        return {};
    return QJsonDocument::fromJson(rows.first().value(0).toUtf8()).object();
}

QString SyncHarness::rewriteOutboxPayload(const Console &c, qint64 mutationId, const QJsonObject &payload)
{
    const QByteArray bytes = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    return consoleExec(
        c, QStringLiteral("UPDATE outbox SET payload = ?, payload_sha256 = ? WHERE mutation_id = ?"),
        {QString::fromUtf8(bytes),
         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()),
         mutationId});
}

QString SyncHarness::restartHub(bool kill)
{
    if (kill)
        hub.hub->kill();
    else
        hub.hub->stop();
    const QString error = hub.hub->start();
    if (error.isEmpty())
        proxy->setUpstreamPort(hub.hub->port());
    return error;
}

} // namespace Pasokh::SyncTest
