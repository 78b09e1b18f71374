// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/console/seededstore.h"

#include "app/pasokhctl/commands.h"
#include "models/storage/datalocation.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <sys/resource.h>

namespace Pasokh::Bench {

namespace {

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QString cacheRoot()
{
    const QString env = qEnvironmentVariable("PASOKH_BENCH_CACHE");
    if (!env.isEmpty())
        return env;
    const QString binary = qEnvironmentVariable("PASOKH_BINARY_DIR");
    return (binary.isEmpty() ? QStringLiteral(PASOKH_BENCH_DEFAULT_BUILD_DIR) : binary) +
           QStringLiteral("/bench-cache");
}

} // namespace

SeededStore seededStore(qint64 cases, quint64 seed)
{
    SeededStore s;
    const QDir root(cacheRoot());
    const QString name = QStringLiteral("seed-demo-%1-s%2").arg(cases).arg(seed);
    s.dataDir = root.filePath(name);
    s.dbPath = Storage::storePath(s.dataDir);
    const QString marker = QDir(s.dataDir).filePath(QStringLiteral("seed-time.txt"));
    QFile done(marker);
    if (QFileInfo::exists(s.dbPath) && done.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = done.readAll().trimmed().split(' ');
        s.seedSeconds = parts.value(0).toDouble();
        s.seedCpuSeconds = parts.value(1).toDouble();
        s.reused = true;
        return s;
    }
    if (!QDir().mkpath(root.path())) {
        s.error = QStringLiteral("cannot create %1").arg(root.path());
        return s;
    }
    const QString work = root.filePath(name + QStringLiteral(".partial"));
    QDir(work).removeRecursively();
    QDir(s.dataDir).removeRecursively();

    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    Ctl::SeedDemoArgs args;
    args.dataDir = work;
    args.cases = cases;
    args.seed = seed;
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    const int code = Ctl::seedDemo(args, out, err);
    s.seedSeconds = double(timer.elapsed()) / 1000.0;
    s.seedCpuSeconds = cpuSeconds() - cpuStart;
    out.flush();
    err.flush();
    if (code != 0) {
        s.error = errText.trimmed();
        return s;
    }
    QFile::remove(QDir(work).filePath(QStringLiteral("pasokh.lock")));
    if (!QDir().rename(work, s.dataDir)) {
        s.error = QStringLiteral("cannot move %1 to %2").arg(work, s.dataDir);
        return s;
    }
    QFile m(marker);
    if (m.open(QIODevice::WriteOnly))
        m.write(QByteArray::number(s.seedSeconds, 'f', 2) + ' ' +
                QByteArray::number(s.seedCpuSeconds, 'f', 2) + '\n');
    return s;
}

} // namespace Pasokh::Bench
