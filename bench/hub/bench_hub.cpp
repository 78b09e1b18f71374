// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmarks of pasokh-hub on SQLite and PostgreSQL. Prints `name value unit` lines:
//  - ingest: 50 simulated consoles (one station each) push batches of 50 "create case" mutations at once;
//    throughput in mutations/s and per-push latency p50/p99 (ms);
//  - pull of 10,000 changes (pages of 500) in ms and changes/s;
//  - Open311 GET requests.json with 1,000,000 cases in the table (bulk SQL insert): default query (last 90
//  days,
//    1000 rows), a service_code filter, page 50; median of 15 runs, ms;
//  - hub resident memory after the load and its peak (VmRSS, VmHWM from /proc, KiB).
// Set PASOKH_BENCH_BATCHES (default 10 per console) and PASOKH_BENCH_BULK_CASES (default 1000000) to scale.
#include "tests/integration/hub/hubfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTextStream>
#include <QTimer>

#include <QDir>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

using namespace Pasokh::HubTest;

namespace {

void print(const QString &backend, const char *name, double value, const char *unit)
{
    std::printf("hub_%s_%s %.2f %s\n", qPrintable(backend), name, value, unit);
    std::fflush(stdout);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

long procStatusKiB(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').first().toLong();
    }
    return -1;
}

/// CPU time (user + system) of one process from /proc/PID/stat, in ms; 0 when it is gone.
double processCpuMs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray s = f.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    // After the command: state(0) ppid(1) ... utime(11) stime(12), in clock ticks.
    return double(fields[11].toLongLong() + fields[12].toLongLong()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

/// CPU time in ms of a process and all its direct children (the postmaster and its server processes).
double treeCpuMs(qint64 parent)
{
    double total = processCpuMs(parent);
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &p : pids) {
        bool ok = false;
        const qint64 pid = p.toLongLong(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = f.readAll();
        const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields[1].toLongLong() == parent)
            total += processCpuMs(pid);
    }
    return total;
}

/// CPU time of this process (the simulated consoles), ms.
double selfCpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

/// The 1-minute load average (/proc/loadavg), for reading figures taken on a shared machine.
double loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').value(0).toDouble() : -1;
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

/// The bulk INSERT of `n` synthetic cases spread over the last 365 days (dialect-specific row generator).
QString bulkInsertSql(const QString &backend, int n, qint64 nowMs)
{
    const QString columns = QStringLiteral("id, tracking_code, channel, case_type, service_code, "
                                           "description, caller_anonymous, district, urgency, "
                                           "agency_responsible, status, reopened_count, requested_at, "
                                           "updated_at, received_at, station_no, source, "
                                           "server_version");
    const QString service =
        QStringLiteral("CASE i % 5 WHEN 0 THEN 'WASTE-COLLECT' WHEN 1 THEN 'ROADS-POTHOLE' WHEN 2 "
                       "THEN 'GREEN-TREE' WHEN 3 THEN 'LIGHT-OUT' ELSE 'TRAFFIC-BUS' END");
    const QString status = QStringLiteral("CASE WHEN i % 3 = 0 THEN 'answered' ELSE 'referred' END");
    const QString when = QStringLiteral("%1 - i * 31536").arg(nowMs);
    if (backend == QLatin1String("postgresql"))
        return QStringLiteral(
                   "INSERT INTO cases (%1) SELECT md5(i::text)::uuid::text, (9000000000 + i)::text, 'phone', "
                   "'complaint', %2, 'bulk case ' || i, 0, 1 + i % 12, 'normal', 'D01', %3, 0, %4, %4, %4, "
                   "99, 'bench', 1 FROM generate_series(1::bigint, %5) AS g(i); ANALYZE cases;")
            .arg(columns, service, status, when)
            .arg(n);
    // printf formats are inserted as arguments so QString::arg does not read "%08x" as a marker.
    return QStringLiteral(
               "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < %5) "
               "INSERT INTO cases (%1) SELECT printf('%6', i, i), "
               "CAST(9000000000 + i AS TEXT), 'phone', 'complaint', %2, 'bulk case ' || i, 0, 1 + i % 12, "
               "'normal', 'D01', %3, 0, %4, %4, %4, 99, 'bench', 1 FROM g; ANALYZE;")
        .arg(columns, service, status, when)
        .arg(n)
        .arg(QStringLiteral("%08x-0000-4000-8000-%012x"));
}

bool runBackend(const QString &backend)
{
    HubFixture f;
    const QString error = f.setUp(backend, {QStringLiteral("--workers"), QStringLiteral("8")});
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(backend), qPrintable(error));
        return false;
    }
    const QString admin = f.token(QStringLiteral("admin1"));
    constexpr int kConsoles = 50, kPerBatch = 50;
    const int batches = envInt("PASOKH_BENCH_BATCHES", 10);
    QStringList stations{f.station1, f.station2};
    for (int i = 3; i <= kConsoles; ++i)
        stations << f.client
                        .post(QStringLiteral("/v1/devices/register"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("bench %1").arg(i)}}, admin)
                        .object()
                        .value(QStringLiteral("station_id"))
                        .toString();
    QStringList tokens;
    for (int i = 0; i < kConsoles; ++i)
        tokens
            << f.login(QStringLiteral("op1"), stations[i]).value(QStringLiteral("access_token")).toString();
    QString cursor;
    {
        // Position a reader after the reference data.
        const QString sup = f.token(QStringLiteral("sup1"));
        for (;;) {
            const Reply r = f.client.get(QStringLiteral("/v1/sync/pull?limit=1000&cursor=") + cursor, sup);
            cursor = r.object().value(QStringLiteral("next_cursor")).toString();
            if (!r.object().value(QStringLiteral("has_more")).toBool())
                break;
        }
    }

    // --- ingest ---
    std::vector<double> latencies;
    QList<QNetworkAccessManager *> nams;
    int sent[kConsoles] = {};
    QString clients[kConsoles];
    int done = 0, failures = 0;
    QEventLoop loop;
    std::function<void(int)> next = [&](int c) {
        if (sent[c] >= batches)
            return;
        const int b = sent[c]++;
        QJsonArray batch;
        for (int i = 0; i < kPerBatch; ++i) {
            const int mid = b * kPerBatch + i + 1;
            batch.append(createMutation(mid, newId(), trackingCode(c + 1, mid)));
        }
        QNetworkRequest req(QUrl(f.hub->baseUrl() + QStringLiteral("/v1/sync/push")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        req.setRawHeader("Authorization", "Bearer " + tokens[c].toUtf8());
        auto *timer = new QElapsedTimer;
        timer->start();
        QNetworkReply *reply =
            nams[c]->post(req, QJsonDocument(pushBody(clients[c], batch)).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, c, reply, timer] {
            latencies.push_back(double(timer->nsecsElapsed()) / 1e6);
            delete timer;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                ++failures;
            reply->deleteLater();
            if (++done == kConsoles * batches)
                loop.quit();
            next(c);
        });
    };
    for (int c = 0; c < kConsoles; ++c) {
        nams << new QNetworkAccessManager;
        clients[c] = newId();
    }
    const qint64 postmaster = backend == QLatin1String("postgresql") ? f.cluster(nullptr)->pid() : 0;
    const double hubCpu0 = processCpuMs(f.hub->pid());
    const double dbCpu0 = postmaster > 0 ? treeCpuMs(postmaster) : 0;
    const double selfCpu0 = selfCpuMs();
    const double load0 = loadAverage();
    QElapsedTimer wall;
    wall.start();
    for (int c = 0; c < kConsoles; ++c)
        next(c);
    QTimer::singleShot(1800000, &loop, &QEventLoop::quit);
    loop.exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double hubCpu = processCpuMs(f.hub->pid()) - hubCpu0;
    const double dbCpu = postmaster > 0 ? treeCpuMs(postmaster) - dbCpu0 : 0;
    const double selfCpu = selfCpuMs() - selfCpu0;
    const double load1 = loadAverage();
    qDeleteAll(nams);
    if (failures > 0 || done != kConsoles * batches) {
        std::fprintf(stderr, "%s: %d failed pushes, %d done\n", qPrintable(backend), failures, done);
        return false;
    }
    const int mutations = kConsoles * batches * kPerBatch;
    print(backend, "ingest_mutations", mutations, "mutations");
    print(backend, "ingest_throughput", mutations / seconds, "mutations/s");
    print(backend, "push_latency_p50", percentile(latencies, 0.50), "ms");
    print(backend, "push_latency_p99", percentile(latencies, 0.99), "ms");
    // CPU per mutation is what a shared, noisy machine cannot blur: hub + database CPU decide the capacity.
    const double serverCpuPerMutation = (hubCpu + dbCpu) / mutations;
    print(backend, "ingest_hub_cpu_per_mutation", 1000.0 * hubCpu / mutations, "us");
    print(backend, "ingest_db_cpu_per_mutation", 1000.0 * dbCpu / mutations, "us");
    print(backend, "ingest_client_cpu_per_mutation", 1000.0 * selfCpu / mutations, "us");
    print(backend, "ingest_capacity_per_server_core", 1000.0 / serverCpuPerMutation, "mutations/s");
    print(backend, "ingest_load_average_before", load0, "load");
    print(backend, "ingest_load_average_after", load1, "load");
    print(backend, "rss_after_ingest", double(procStatusKiB(f.hub->pid(), "VmRSS:")), "KiB");

    // --- pull 10,000 changes ---
    const QString sup = f.token(QStringLiteral("sup1"));
    QElapsedTimer pullTimer;
    pullTimer.start();
    int pulled = 0;
    while (pulled < 10000) {
        const Reply r = f.client.get(QStringLiteral("/v1/sync/pull?limit=500&cursor=") + cursor, sup);
        const int n = int(r.object().value(QStringLiteral("changes")).toArray().size());
        if (r.status != 200 || n == 0)
            break;
        pulled += n;
        cursor = r.object().value(QStringLiteral("next_cursor")).toString();
    }
    const double pullMs = double(pullTimer.nsecsElapsed()) / 1e6;
    print(backend, "pull_changes", pulled, "changes");
    print(backend, "pull_10k_time", pullMs, "ms");
    print(backend, "pull_throughput", pulled / (pullMs / 1000.0), "changes/s");

    // --- Open311 over 1M cases ---
    const int bulk = envInt("PASOKH_BENCH_BULK_CASES", 1000000);
    const QString sql = bulkInsertSql(backend, bulk, QDateTime::currentMSecsSinceEpoch());
    QElapsedTimer bulkTimer;
    bulkTimer.start();
    bool ok = false;
    if (backend == QLatin1String("postgresql")) {
        const QString out = f.cluster(nullptr)->psql(f.databaseUrl.section(QLatin1Char('/'), -1), sql, &ok);
        if (!ok)
            std::fprintf(stderr, "psql: %s\n", qPrintable(out.left(2000)));
    } else {
        QProcess p;
        p.start(QStringLiteral("sqlite3"),
                {QStringLiteral("-cmd"), QStringLiteral(".timeout 60000"), f.databaseUrl.mid(7), sql});
        ok = p.waitForFinished(1800000) && p.exitCode() == 0;
        if (!ok)
            std::fprintf(stderr, "sqlite3: %s\n", p.readAllStandardError().constData());
    }
    if (!ok) {
        std::fprintf(stderr, "%s: bulk insert failed\n", qPrintable(backend));
        return false;
    }
    print(backend, "bulk_cases", bulk + mutations, "cases");
    print(backend, "bulk_insert_time", double(bulkTimer.elapsed()), "ms");
    struct Q
    {
        const char *name;
        QString query;
    };
    const QList<Q> queries = {
        {"open311_requests_default_p50", QString()},
        {"open311_requests_service_p50", QStringLiteral("?service_code=GREEN-TREE")},
        {"open311_requests_closed_page50_p50", QStringLiteral("?status=closed&page_size=100&page=50")}};
    for (const Q &q : queries) {
        std::vector<double> times;
        int rows = 0;
        for (int i = 0; i < 15; ++i) {
            QElapsedTimer t;
            t.start();
            const Reply r = f.client.get(QStringLiteral("/open311/v2/requests.json") + q.query);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
            rows = int(r.array().size());
            if (r.status != 200) {
                std::fprintf(stderr, "%s: %s answered %d\n", qPrintable(backend), q.name, r.status);
                return false;
            }
        }
        print(backend, q.name, percentile(times, 0.5), "ms");
        if (q.query.isEmpty())
            print(backend, "open311_requests_default_rows", rows, "rows");
    }
    print(backend, "rss_final", double(procStatusKiB(f.hub->pid(), "VmRSS:")), "KiB");
    print(backend, "rss_peak", double(procStatusKiB(f.hub->pid(), "VmHWM:")), "KiB");
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bool ok = true;
    const QString only = qEnvironmentVariable("PASOKH_BENCH_BACKEND");
    for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgresql")}) {
        if (!only.isEmpty() && only != backend)
            continue;
        ok = runBackend(backend) && ok;
    }
    return ok ? 0 : 1;
}
