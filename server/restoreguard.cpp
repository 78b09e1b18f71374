// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/restoreguard.h"

#include "server/hubstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Pasokh::Hub {

namespace {

struct Witness
{
    QString epoch;
    long long seq = -1;
};

Witness readWitness(const QString &path)
{
    Witness w;
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return w;
    const QJsonObject o = QJsonDocument::fromJson(f.read(4096)).object();
    w.epoch = o.value(QStringLiteral("server_epoch")).toString();
    w.seq = o.value(QStringLiteral("change_log_seq")).toInteger(-1);
    return w;
}

bool saveWitness(const QString &path, const QString &epoch, long long seq)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("server_epoch"), epoch},
                                      {QStringLiteral("change_log_seq"), seq},
                                      {QStringLiteral("written_at"), HubStore::isoUtc(HubStore::nowMs())}})
                .toJson(QJsonDocument::Compact));
    return f.commit();
}

} // namespace

QString RestoreGuard::fingerprint(SqlConnection &db)
{
    if (db.dialect() != SqlDialect::PostgreSql)
        return QStringLiteral("sqlite");
    // pg_control_system() may be reserved to superusers: ask first, so a plain role gets the other parts.
    const SqlResult r =
        db.exec(QStringLiteral("SELECT CASE WHEN has_function_privilege('pg_control_system()', 'EXECUTE') "
                               "THEN (SELECT system_identifier::text FROM pg_control_system()) END, "
                               "CASE WHEN has_function_privilege('pg_walfile_name(pg_lsn)', 'EXECUTE') "
                               "THEN substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END, "
                               "(SELECT oid::text FROM pg_database WHERE datname = current_database())"));
    if (!r.ok || r.isEmpty())
        return {};
    return QStringLiteral("pg:%1:%2:%3").arg(r.text(0, 0), r.text(0, 1), r.text(0, 2));
}

QString RestoreGuard::defaultWitnessPath(const QString &databaseUrl)
{
    if (databaseUrl.startsWith(QLatin1String("sqlite:")))
        return databaseUrl.mid(7) + QStringLiteral(".witness");
    return {};
}

RestoreGuard::Outcome RestoreGuard::check(SqlConnection &db, const QString &witnessPath)
{
    Outcome out;
    const QString current = fingerprint(db);
    if (current.isEmpty()) {
        out.error = QStringLiteral("cannot read the database identity");
        return out;
    }
    if (!db.begin().ok) {
        out.error = QStringLiteral("cannot start a transaction");
        return out;
    }
    auto fail = [&](const QString &error) {
        db.rollback();
        out.error = error.isEmpty() ? QStringLiteral("storage error") : error;
        return out;
    };
    // The epoch row, locked: a second hub starting at the same time waits and then sees the new identity.
    SqlResult r =
        db.exec(QStringLiteral("SELECT value FROM hub_meta WHERE key = 'server_epoch'") + db.forUpdate());
    if (!r.ok || r.isEmpty())
        return fail(r.error);
    out.epoch = r.text(0, 0);
    r = db.exec(QStringLiteral("SELECT value FROM hub_meta WHERE key = 'instance_fingerprint'"));
    if (!r.ok)
        return fail(r.error);
    const QString stored = r.isEmpty() ? QString() : r.text(0, 0);
    r = db.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM change_log"));
    if (!r.ok)
        return fail(r.error);
    const long long maxSeq = r.integer(0, 0);
    const Witness witness = readWitness(witnessPath);

    if (!stored.isEmpty() && stored != current) {
        out.reason =
            QStringLiteral("the database identity changed (%1 → %2): restored, copied or failed over")
                .arg(stored, current);
    } else if (!witness.epoch.isEmpty() && witness.epoch == out.epoch && maxSeq < witness.seq) {
        out.reason = QStringLiteral("the change log ends at %1 but this hub saw %2: restored from a backup")
                         .arg(maxSeq)
                         .arg(witness.seq);
    }
    if (!out.reason.isEmpty()) {
        const QString epoch = HubStore::rotateEpoch(db);
        if (epoch.isEmpty())
            return fail(QStringLiteral("cannot rotate the server epoch"));
        out.epoch = epoch;
        out.rotated = true;
    }
    if (stored != current) {
        r = db.exec(QStringLiteral("INSERT INTO hub_meta (key, value) VALUES ('instance_fingerprint', $1) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                    {current});
        if (!r.ok)
            return fail(r.error);
    }
    if (!db.commit().ok)
        return fail(QStringLiteral("commit failed"));
    if (!witnessPath.isEmpty() && !saveWitness(witnessPath, out.epoch, maxSeq))
        out.error = QStringLiteral("cannot write the restore witness %1").arg(witnessPath);
    return out;
}

bool RestoreGuard::writeWitness(SqlConnection &db, const QString &witnessPath)
{
    if (witnessPath.isEmpty())
        return true;
    // Epoch and high-water mark from one snapshot (one statement).
    const SqlResult r =
        db.exec(QStringLiteral("SELECT (SELECT value FROM hub_meta WHERE key = 'server_epoch'), "
                               "(SELECT COALESCE(MAX(seq), 0) FROM change_log)"));
    if (!r.ok || r.isEmpty())
        return false;
    const Witness old = readWitness(witnessPath);
    // Never move the mark back within an epoch (a lagging reader must not hide a restore).
    if (old.epoch == r.text(0, 0) && old.seq > r.integer(0, 1))
        return true;
    return saveWitness(witnessPath, r.text(0, 0), r.integer(0, 1));
}

} // namespace Pasokh::Hub
