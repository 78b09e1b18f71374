// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark: start of the console process to its main window shown with the event loop running (the console
// prints "startup_ms N" when PASOKH_PRINT_STARTUP_MS is set), cold and warm, and its idle resident memory
// (VmRSS) 3 s later, on a store seeded with PASOKH_BENCH_CASES cases (default 1,000,000) by `pasokhctl
// seed-demo`. The seeded store is cached in <build>/bench-data/ and reused. Targets (issue 2): start ≤ 700
// ms, idle RSS ≤ 150 MB. Prints `name value unit` lines; it asserts nothing about speed.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace {

QString seededStore(int cases)
{
    const QString dir =
        qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/bench-data/console-%1").arg(cases);
    if (QFile::exists(dir + QStringLiteral("/pasokh.sqlite.seeded")))
        return dir;
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    QElapsedTimer t;
    t.start();
    QProcess seed;
    seed.start(qEnvironmentVariable("PASOKHCTL"),
               {QStringLiteral("seed-demo"), QStringLiteral("--cases"), QString::number(cases),
                QStringLiteral("--data-dir"), dir});
    if (!seed.waitForFinished(1800 * 1000) || seed.exitCode() != 0) {
        fprintf(stderr, "seed-demo failed: %s\n", seed.readAllStandardError().constData());
        return {};
    }
    printf("console_seed_time %.1f s\n", t.elapsed() / 1000.0);
    QFile marker(dir + QStringLiteral("/pasokh.sqlite.seeded"));
    marker.open(QIODevice::WriteOnly);
    return dir;
}

long rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

// Starts the console, waits for "startup_ms", returns {wall ms, reported ms, rss KiB after 3 s}.
bool runOnce(const QString &dataDir, qint64 &wallMs, qint64 &reportedMs, long &rss)
{
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PASOKH_PRINT_STARTUP_MS"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    console.setProcessEnvironment(env);
    console.setReadChannel(QProcess::StandardError); // "startup_ms" is printed on stderr
    QElapsedTimer t;
    t.start();
    console.start(qEnvironmentVariable("PASOKH_CONSOLE"), {QStringLiteral("--data-dir"), dataDir});
    QByteArray err;
    while (console.waitForReadyRead(20000) || console.state() == QProcess::Running) {
        err += console.readAllStandardError();
        const int at = err.indexOf("startup_ms ");
        if (at >= 0 && err.indexOf('\n', at) > at) {
            wallMs = t.elapsed();
            reportedMs = err.mid(at + 11, err.indexOf('\n', at) - at - 11).trimmed().toLongLong();
            break;
        }
        if (t.elapsed() > 60000)
            break;
    }
    QThread::sleep(3);
    rss = rssKiB(console.processId());
    console.terminate();
    console.waitForFinished(5000);
    return reportedMs > 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int cases = qEnvironmentVariableIntValue("PASOKH_BENCH_CASES") > 0
                          ? qEnvironmentVariableIntValue("PASOKH_BENCH_CASES")
                          : 1000000;
    const QString dir = seededStore(cases);
    if (dir.isEmpty())
        return 1;
    QList<qint64> walls;
    long rss = 0;
    for (int i = 0; i < 5; ++i) {
        qint64 wall = 0, reported = 0;
        long r = 0;
        if (!runOnce(dir, wall, reported, r)) {
            fprintf(stderr, "the console did not report its start-up\n");
            return 1;
        }
        if (i == 0)
            printf("console_startup_first %lld ms\n", wall);
        walls << wall;
        rss = std::max(rss, r);
    }
    std::sort(walls.begin(), walls.end());
    printf("console_startup_median %lld ms (target <= 700)\n", walls.at(walls.size() / 2));
    printf("console_idle_rss %.1f MB (target <= 150)\n", rss / 1024.0);
    printf("console_bench_cases %d cases\n", cases);
    return 0;
}
