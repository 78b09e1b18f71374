// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/storerecovery.h"

#include "models/storage/casepayload.h"
#include "models/storage/casereader.h"
#include "models/storage/database.h"
#include "models/storage/datalocation.h"
#include "models/storage/instancelock.h"
#include "models/storage/outbox.h"
#include "models/storage/transaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcRecovery, "pasokh.storage.recovery")

namespace Pasokh::Storage {

using Core::Error;
using Core::Result;
using Core::Status;

namespace {

const QStringList kSuffixes = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")};
constexpr int kCliTimeoutMs = 30 * 60 * 1000;
/// Rowids probed past the last row found before the salvage gives up on a table (salvageRows).
constexpr qint64 kProbeGap = 1000;
/// How far past what the readable rows show a maximum read from a damaged page is believed (one probe is a
/// b-tree lookup of about a microsecond, so this bounds a table's probing to about a second).
constexpr qint64 kProbeTrust = 1000000;

Error failure(const QString &code, const QString &message)
{
    return Error{code, message};
}

/// Moves the store's files into `dir`; on failure moves back what already moved.
Status moveFiles(const QString &fromBase, const QString &toBase)
{
    QStringList moved;
    for (const QString &suffix : kSuffixes) {
        if (!QFileInfo::exists(fromBase + suffix))
            continue;
        if (!QFile::rename(fromBase + suffix, toBase + suffix)) {
            for (const QString &back : moved)
                QFile::rename(toBase + back, fromBase + back);
            return Status(failure(QStringLiteral("io"),
                                  QCoreApplication::translate("StoreRecovery", "Could not move %1 to %2.")
                                      .arg(QDir::toNativeSeparators(fromBase + suffix),
                                           QDir::toNativeSeparators(toBase + suffix))));
        }
        moved << suffix;
    }
    return {};
}

/// PRAGMA quick_check through the C API on a scratch copy: true when SQLite finds the file sound.
bool looksSound(const QString &path)
{
    sqlite3 *h = nullptr;
    bool ok = false;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &h, SQLITE_OPEN_READWRITE, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
            ok = text && qstrcmp(text, "ok") == 0 && sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return ok;
}

/// PRAGMA user_version of a file (from its header), or -1 when SQLite cannot read it at all.
int headerUserVersion(const QString &path)
{
    sqlite3 *h = nullptr;
    int version = -1;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &h, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return version;
}

/// Whether the SQL read from the damaged file holds a schema at all (a file whose header is gone yields an
/// empty script that would "recover" an empty store).
bool holdsSchema(const QString &sqlFile)
{
    QFile f(sqlFile);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    while (!f.atEnd())
        if (f.readLine().contains("CREATE TABLE"))
            return true;
    return false;
}

struct CliRun
{
    bool started = false;
    bool finished = false;
    int exitCode = -1;
    QString stderrText;

    /// Why the run failed, for a message: sqlite3's own words, or what is known when it printed none.
    QString reason() const
    {
        if (!stderrText.isEmpty())
            return stderrText;
        if (!finished)
            return QCoreApplication::translate("StoreRecovery", "sqlite3 did not finish and was stopped");
        return QCoreApplication::translate("StoreRecovery", "sqlite3 ended with status %1 and gave no reason")
            .arg(exitCode);
    }
};

CliRun runCli(const QString &cli, const QStringList &args, const QString &stdinFile,
              const QString &stdoutFile)
{
    QProcess p;
    if (!stdinFile.isEmpty())
        p.setStandardInputFile(stdinFile);
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile, QIODevice::Truncate);
    p.start(cli, args);
    CliRun r;
    r.started = p.waitForStarted(30000);
    if (!r.started)
        return r;
    r.finished = p.waitForFinished(kCliTimeoutMs) && p.exitStatus() == QProcess::NormalExit;
    if (!r.finished)
        p.kill();
    p.waitForFinished(5000);
    r.exitCode = p.exitCode();
    r.stderrText = QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
    return r;
}

/// `.dump` of a damaged file ends with "ROLLBACK; -- due to errors": everything readable would be thrown away
/// on replay. The rows it did read are what we want, so the script commits instead.
bool commitPartialDump(const QString &sqlFile)
{
    QFile f(sqlFile);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    const qint64 size = f.size();
    const qint64 tail = qMin<qint64>(size, 256);
    f.seek(size - tail);
    QByteArray end = f.read(tail);
    const QByteArray rollback = "ROLLBACK; -- due to errors";
    const qsizetype at = end.lastIndexOf(rollback);
    if (at < 0)
        return true;
    f.seek(size - tail + at);
    const QByteArray commit = "COMMIT;    -- rows read before errors\n";
    f.write(commit);
    f.resize(size - tail + at + commit.size());
    return true;
}

Result<qint64> scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return failure(QStringLiteral("recover_failed"), q.lastError().text());
    return q.value(0).toLongLong();
}

Status execOrFail(QSqlQuery &q)
{
    if (!q.exec())
        return Status(failure(QStringLiteral("recover_failed"), q.lastError().text()));
    return {};
}

/// Rebuilds every FTS5 index from its content (the index pages may be what was damaged).
Status rebuildFullText(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE "
                               "VIRTUAL TABLE%USING fts5%'")))
        return Status(failure(QStringLiteral("recover_failed"), q.lastError().text()));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    q.finish();
    for (const QString &name : names) {
        QSqlQuery r(db);
        const QString quoted =
            QStringLiteral("\"%1\"").arg(QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")));
        if (!r.exec(QStringLiteral("INSERT INTO %1 (%1) VALUES ('rebuild')").arg(quoted)))
            return Status(failure(QStringLiteral("recover_failed"),
                                  QStringLiteral("rebuilding %1: %2").arg(name, r.lastError().text())));
    }
    return {};
}

QString quoteName(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
}

/// Adds the rows of every ordinary rowid table of `damagedPath` that `db` lacks, by lookups by rowid (class
/// comment, step 2). The damaged copy is read on its own read-only connection (a damaged page met inside the
/// writer's transaction would abort it); lookups that hit a damaged page fail and are skipped. Probing stops
/// kProbeGap rowids past both the highest rowid found and the table's known maximum. The known maximum is
/// what the readable part says (the recovered table's max(rowid) and sqlite_sequence); the damaged file's
/// own max(rowid) and sequence count only within kProbeTrust of it, since a damaged page can claim any
/// rowid (one claimed 19 395 196 528 for a 120-row table: probing to it took hours).
Result<int> salvageRows(const QSqlDatabase &db, const QString &damagedPath)
{
    sqlite3 *src = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(damagedPath).constData(), &src, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(src);
        return failure(QStringLiteral("recover_failed"), QStringLiteral("cannot reopen the damaged copy"));
    }
    // One read transaction for all lookups: outside one, every lookup re-takes the file lock and re-checks
    // the file (an fstat per probe).
    sqlite3_exec(src, "BEGIN", nullptr, nullptr, nullptr);
    auto maxOf = [src](const QString &sql) -> qint64 {
        sqlite3_stmt *st = nullptr;
        qint64 v = 0;
        if (sqlite3_prepare_v2(src, sql.toUtf8().constData(), -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    };
    auto maxIn = [](const QSqlDatabase &d, const QString &sql) -> qint64 {
        QSqlQuery m(d);
        return m.exec(sql) && m.next() ? m.value(0).toLongLong() : 0;
    };
    QSqlQuery q(db);
    QStringList virtualTables, tables;
    q.exec(QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite_%'"));
    while (q.next()) {
        const QString sql = q.value(1).toString();
        if (sql.startsWith(QLatin1String("CREATE VIRTUAL"), Qt::CaseInsensitive))
            virtualTables << q.value(0).toString();
        else if (!sql.contains(QLatin1String("WITHOUT ROWID"), Qt::CaseInsensitive))
            tables << q.value(0).toString();
    }
    q.finish();
    q.exec(QStringLiteral("PRAGMA foreign_keys = OFF")); // rows come back table by table
    WriteTransaction tx(db);
    if (!tx.isActive()) {
        sqlite3_close(src);
        return tx.error();
    }
    int added = 0;
    for (const QString &table : std::as_const(tables)) {
        if (std::any_of(virtualTables.cbegin(), virtualTables.cend(),
                        [&](const QString &v) { return table.startsWith(v + QLatin1Char('_')); }))
            continue; // FTS5 shadow tables are rebuilt from their content
        const QString quoted = quoteName(table);
        QStringList columns;
        int pkColumns = 0;
        bool integerKey = false;
        q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(quoted));
        while (q.next()) {
            columns << quoteName(q.value(1).toString());
            if (q.value(5).toInt() > 0) {
                ++pkColumns;
                integerKey =
                    q.value(2).toString().compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
            }
        }
        q.finish();
        if (columns.isEmpty())
            continue;
        const bool withRowid = !(pkColumns == 1 && integerKey);
        const QString list =
            (withRowid ? QStringLiteral("rowid, ") : QString()) + columns.join(QStringLiteral(", "));
        const int width = int(columns.size()) + (withRowid ? 1 : 0);
        sqlite3_stmt *read = nullptr;
        if (sqlite3_prepare_v2(
                src,
                QStringLiteral("SELECT %2 FROM %1 WHERE rowid = ?").arg(quoted, list).toUtf8().constData(),
                -1, &read, nullptr) != SQLITE_OK) {
            sqlite3_finalize(read);
            continue; // the damaged file's schema differs for this table: nothing to add
        }
        QSqlQuery ins(db);
        QStringList marks;
        for (int c = 0; c < width; ++c)
            marks << QStringLiteral("?");
        ins.prepare(QStringLiteral("INSERT OR IGNORE INTO %1 (%2) VALUES (%3)")
                        .arg(quoted, list, marks.join(QStringLiteral(", "))));
        const QString maxRowid = QStringLiteral("SELECT max(rowid) FROM %1").arg(quoted);
        const QString sequence =
            QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = '%1'").arg(table);
        const qint64 readable = qMax(maxIn(db, maxRowid), maxIn(db, sequence));
        qint64 upper = readable;
        for (const qint64 claimed : {maxOf(maxRowid), maxOf(sequence)})
            if (claimed > upper && claimed <= readable + kProbeTrust)
                upper = claimed;
        qint64 lastHit = 0;
        for (qint64 rowid = 1; rowid <= qMax(upper, lastHit) + kProbeGap; ++rowid) {
            sqlite3_reset(read);
            sqlite3_bind_int64(read, 1, rowid);
            if (sqlite3_step(read) != SQLITE_ROW)
                continue;
            lastHit = rowid;
            for (int c = 0; c < width; ++c) {
                switch (sqlite3_column_type(read, c)) {
                case SQLITE_INTEGER:
                    ins.addBindValue(qint64(sqlite3_column_int64(read, c)));
                    break;
                case SQLITE_FLOAT:
                    ins.addBindValue(sqlite3_column_double(read, c));
                    break;
                case SQLITE_TEXT:
                    ins.addBindValue(
                        QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(read, c)),
                                          sqlite3_column_bytes(read, c)));
                    break;
                case SQLITE_BLOB:
                    ins.addBindValue(QByteArray(static_cast<const char *>(sqlite3_column_blob(read, c)),
                                                sqlite3_column_bytes(read, c)));
                    break;
                default:
                    ins.addBindValue(QVariant());
                }
            }
            if (ins.exec() && ins.numRowsAffected() > 0)
                ++added;
        }
        sqlite3_finalize(read);
    }
    sqlite3_close(src);
    if (Status s = tx.commit(); !s)
        return s.error();
    q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    return added;
}

/// Puts unacknowledged work back in the queue (class comment, step 3). Fills the report's counts.
Status requeue(const QSqlDatabase &db, RecoveryReport &report)
{
    WriteTransaction tx(db);
    if (!tx.isActive())
        return Status(tx.error());
    // The last local mutation id the hub has (or may have) seen.
    auto base = scalar(
        db, QStringLiteral("SELECT max(coalesce((SELECT last_acked_mutation_id + mutation_offset FROM "
                           "sync_state WHERE id = 1), 0), coalesce((SELECT max(mutation_id) FROM outbox "
                           "WHERE state IN ('acked', 'parked')), 0))"));
    if (!base)
        return Status(base.error());

    struct Row
    {
        QVariant entity, entityId, op, payload, sha, createdAt;
    };
    QList<Row> survivors;
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("SELECT entity, entity_id, op, payload, payload_sha256, created_at FROM outbox "
                           "WHERE state IN ('pending', 'inflight') ORDER BY mutation_id")))
        return Status(failure(QStringLiteral("recover_failed"), q.lastError().text()));
    while (q.next())
        survivors.append({q.value(0), q.value(1), q.value(2), q.value(3), q.value(4), q.value(5)});
    q.finish();

    // Cases never acknowledged ('registered' turns 'submitted' on the ack) whose create row was lost.
    QStringList orphans;
    if (!q.exec(QStringLiteral("SELECT id FROM cases c WHERE status = 'registered' AND NOT EXISTS (SELECT 1 "
                               "FROM outbox o WHERE o.entity_id = c.id AND o.op = 'create') ORDER BY "
                               "requested_at, id")))
        return Status(failure(QStringLiteral("recover_failed"), q.lastError().text()));
    while (q.next())
        orphans << q.value(0).toString();
    q.finish();

    // Contiguous ids after `base`: a lost row in the middle of the queue would otherwise be a gap to the hub.
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE state IN ('pending', 'inflight')"));
    if (Status s = execOrFail(q); !s)
        return s;
    q.prepare(QStringLiteral("DELETE FROM sqlite_sequence WHERE name = 'outbox'"));
    if (Status s = execOrFail(q); !s)
        return s;
    q.prepare(QStringLiteral("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)"));
    q.addBindValue(base.value());
    if (Status s = execOrFail(q); !s)
        return s;

    for (const QString &id : orphans) {
        auto c = CaseReader::find(db, id);
        if (!c)
            return Status(c.error());
        if (!c.value())
            continue;
        if (auto m = Outbox::enqueue(db, QStringLiteral("case"), id, QStringLiteral("create"),
                                     CasePayload::toJson(*c.value()));
            !m)
            return Status(m.error());
        ++report.recreatedCreates;
    }
    QSqlQuery ins(db);
    ins.prepare(
        QStringLiteral("INSERT INTO outbox (entity, entity_id, op, payload, payload_sha256, created_at, "
                       "state) VALUES (?, ?, ?, ?, ?, ?, 'pending')"));
    for (const Row &r : survivors) {
        for (const QVariant &v : {r.entity, r.entityId, r.op, r.payload, r.sha, r.createdAt})
            ins.addBindValue(v);
        if (Status s = execOrFail(ins); !s)
            return s;
    }
    q.prepare(
        QStringLiteral("UPDATE cases SET has_pending = 1 WHERE id IN (SELECT entity_id FROM outbox WHERE "
                       "state = 'pending')"));
    if (Status s = execOrFail(q); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    report.requeuedMutations = int(survivors.size()) + report.recreatedCreates;
    return {};
}

} // namespace

Result<RecoveryReport> StoreRecovery::recover(const QString &dataDir, const QString &sqliteCli)
{
    auto lock = InstanceLock::acquire(dataDir);
    if (!lock)
        return lock.error();
    const QString store = QFileInfo(storePath(dataDir)).absoluteFilePath();
    if (!QFileInfo::exists(store))
        return failure(QStringLiteral("no_store"),
                       QCoreApplication::translate("StoreRecovery", "There is no store at %1.")
                           .arg(QDir::toNativeSeparators(store)));

    RecoveryReport report;
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss'Z'"));
    QString qdir = QDir(dataDir).absoluteFilePath(QStringLiteral("quarantine/") + stamp);
    for (int n = 2; QFileInfo::exists(qdir); ++n)
        qdir = QDir(dataDir).absoluteFilePath(QStringLiteral("quarantine/%1-%2").arg(stamp).arg(n));
    if (!QDir().mkpath(qdir))
        return failure(QStringLiteral("io"),
                       QCoreApplication::translate("StoreRecovery", "Could not create the folder %1.")
                           .arg(QDir::toNativeSeparators(qdir)));
    // An emptied quarantine folder (and its parent, when nothing else is in it) is removed again.
    auto removeEmptyQuarantine = [&] {
        QDir().rmdir(qdir);
        QDir(dataDir).rmdir(QStringLiteral("quarantine"));
    };
    const QString quarantined = QDir(qdir).filePath(storeFileName());
    if (Status s = moveFiles(store, quarantined); !s) {
        removeEmptyQuarantine();
        return s.error();
    }
    report.quarantineDir = qdir;
    qCWarning(lcRecovery) << "damaged store moved to" << qdir;

    // From here on every failure puts the damaged files back where they were.
    auto giveBack = [&](const Error &e) -> Result<RecoveryReport> {
        if (Status s = moveFiles(quarantined, store); !s)
            return failure(e.code, e.message + QLatin1Char(' ') + s.error().message);
        removeEmptyQuarantine();
        return e;
    };

    QTemporaryDir work(QDir(dataDir).absoluteFilePath(QStringLiteral("recovery-XXXXXX")));
    if (!work.isValid())
        return giveBack(
            failure(QStringLiteral("io"),
                    QCoreApplication::translate("StoreRecovery", "Could not create a scratch folder in %1.")
                        .arg(QDir::toNativeSeparators(dataDir))));
    const QString damaged = work.filePath(QStringLiteral("damaged.sqlite"));
    for (const QString &suffix : kSuffixes)
        if (QFileInfo::exists(quarantined + suffix) && !QFile::copy(quarantined + suffix, damaged + suffix))
            return giveBack(
                failure(QStringLiteral("io"),
                        QCoreApplication::translate("StoreRecovery", "Could not copy the damaged store.")));
    if (looksSound(damaged))
        return giveBack(failure(
            QStringLiteral("not_corrupt"),
            QCoreApplication::translate("StoreRecovery", "The store is not damaged; nothing was changed.")));

    // Read what SQLite can: .recover first, .dump when the CLI's .recover cannot run. Debian 12's sqlite3
    // 3.40.1 fails .recover on every file, a sound one included ("SQL logic error", measured), so there the
    // .dump path and the rowid salvage are what recovers.
    const QString sql = work.filePath(QStringLiteral("recovered.sql"));
    CliRun read = runCli(sqliteCli, {damaged, QStringLiteral(".recover")}, {}, sql);
    if (!read.started)
        return giveBack(failure(QStringLiteral("cli_missing"),
                                QCoreApplication::translate(
                                    "StoreRecovery",
                                    "The sqlite3 program is needed to recover the store and was not found "
                                    "(install the Debian package sqlite3).")));
    report.method = QStringLiteral("recover");
    if (!read.finished || read.exitCode != 0) {
        qCWarning(lcRecovery) << "sqlite3 .recover failed:" << read.exitCode << read.stderrText
                              << "- falling back to .dump";
        read = runCli(sqliteCli, {damaged, QStringLiteral(".dump")}, {}, sql);
        report.method = QStringLiteral("dump");
        // .dump reports the damage it met with exit status 1 but still writes every row it could read.
        if (!read.finished || (read.exitCode != 0 && read.exitCode != 1) || QFileInfo(sql).size() == 0 ||
            !commitPartialDump(sql))
            return giveBack(failure(
                QStringLiteral("recover_failed"),
                QCoreApplication::translate("StoreRecovery", "sqlite3 could not read the damaged store: %1")
                    .arg(read.reason())));
    }
    if (!holdsSchema(sql))
        return giveBack(failure(
            QStringLiteral("recover_failed"),
            QCoreApplication::translate(
                "StoreRecovery", "sqlite3 could not read anything from the damaged store (its header or "
                                 "schema is destroyed): %1")
                .arg(read.stderrText.isEmpty()
                         ? QCoreApplication::translate("StoreRecovery", "no table could be read")
                         : read.stderrText)));
    if (report.method == QLatin1String("dump")) {
        // .dump does not carry the schema version: without it the migrations would run again.
        const int version = headerUserVersion(damaged);
        QFile f(sql);
        if (version < 0 || !f.open(QIODevice::Append))
            return giveBack(
                failure(QStringLiteral("recover_failed"),
                        QCoreApplication::translate(
                            "StoreRecovery", "The schema version of the damaged store cannot be read.")));
        f.write("\nPRAGMA user_version = " + QByteArray::number(version) + ";\n");
    }
    const QString fresh = work.filePath(QStringLiteral("recovered.sqlite"));
    // .recover's script must replay cleanly (-bail). A .dump of damaged pages can carry garbage rows that
    // break a constraint: the CLI refuses each such statement and goes on; they are counted as unrecoverable.
    const bool dump = report.method == QLatin1String("dump");
    const CliRun replay =
        runCli(sqliteCli, dump ? QStringList{fresh} : QStringList{QStringLiteral("-bail"), fresh}, sql, {});
    const qsizetype refused = replay.stderrText.count(QLatin1String("error near line"));
    if (!replay.finished || (replay.exitCode != 0 && !(dump && replay.exitCode == 1 && refused > 0)))
        return giveBack(
            failure(QStringLiteral("recover_failed"),
                    QCoreApplication::translate("StoreRecovery",
                                                "sqlite3 could not write the recovered store (exit %1): %2")
                        .arg(replay.exitCode)
                        .arg(replay.reason().left(500))));
    if (refused > 0)
        qCWarning(lcRecovery) << refused
                              << "statements of the dump were refused:" << replay.stderrText.left(300);

    {
        const QString connection = QStringLiteral("pasokh-recovery-%1").arg(quintptr(&report));
        auto db = Database::open(fresh, connection);
        if (!db)
            return giveBack(
                failure(QStringLiteral("recover_failed"),
                        QCoreApplication::translate("StoreRecovery", "The recovered store does not open: %1")
                            .arg(db.error().message)));
        const QSqlDatabase w = db.value()->writer();
        if (report.method == QLatin1String("dump")) {
            auto salvaged = salvageRows(w, damaged);
            if (!salvaged)
                return giveBack(salvaged.error());
            report.salvagedRows = salvaged.value();
        }
        if (Status s = rebuildFullText(w); !s)
            return giveBack(s.error());
        if (Status s = requeue(w, report); !s)
            return giveBack(
                failure(QStringLiteral("recover_failed"),
                        QCoreApplication::translate("StoreRecovery", "Re-queueing unsent cases failed: %1")
                            .arg(s.error().message)));
        QSqlQuery check(w);
        QStringList problems;
        if (check.exec(QStringLiteral("PRAGMA integrity_check")))
            while (check.next())
                problems << check.value(0).toString();
        check.finish();
        if (problems != QStringList{QStringLiteral("ok")})
            return giveBack(failure(QStringLiteral("recover_failed"),
                                    QCoreApplication::translate(
                                        "StoreRecovery", "The recovered store fails its integrity check: %1")
                                        .arg(problems.mid(0, 3).join(QStringLiteral("; ")))));
        auto cases = scalar(w, QStringLiteral("SELECT COUNT(*) FROM cases"));
        report.recoveredCases = cases ? int(cases.value()) : 0;
        report.unrecoverableRows = dump ? int(refused) : 0;
        if (report.method == QLatin1String("recover")) {
            auto lost = scalar(w, QStringLiteral("SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                                                 "'lost_and_found'"));
            report.unrecoverableRows = 0;
            if (lost && lost.value() > 0) {
                auto rows = scalar(w, QStringLiteral("SELECT COUNT(*) FROM lost_and_found"));
                report.unrecoverableRows = rows ? int(rows.value()) : 0;
            }
        }
        QSqlQuery(w).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    } // the store closes here (final checkpoint)

    // The SQL that was read is kept with the damaged files; then the recovered store takes the store's place.
    QFile::rename(sql, QDir(qdir).filePath(QStringLiteral("recovered.sql")));
    if (Status s = moveFiles(fresh, store); !s)
        return giveBack(s.error());
    qCWarning(lcRecovery) << "store recovered by" << report.method << ":" << report.recoveredCases << "cases,"
                          << report.requeuedMutations << "mutations re-queued";
    return report;
}

} // namespace Pasokh::Storage
