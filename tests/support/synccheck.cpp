// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/synccheck.h"

#include <QAtomicInt>
#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <libpq-fe.h>

namespace Pasokh::Testing {

namespace {

QAtomicInt g_connectionCounter;

QList<QStringList> sqliteQuery(const QString &path, const QString &sql, QString *error)
{
    QList<QStringList> rows;
    const QString name = QStringLiteral("synccheck-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                *error = q.lastError().text() + QStringLiteral(" in: ") + sql;
            } else {
                while (q.next()) {
                    QStringList row;
                    for (int i = 0; i < q.record().count(); ++i)
                        row << (q.isNull(i) ? QString() : q.value(i).toString());
                    rows << row;
                }
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

QList<QStringList> postgresQuery(const QString &url, const QString &sql, QString *error)
{
    QList<QStringList> rows;
    PGconn *conn = PQconnectdb(url.toUtf8().constData());
    if (PQstatus(conn) != CONNECTION_OK) {
        *error = QString::fromUtf8(PQerrorMessage(conn));
        PQfinish(conn);
        return rows;
    }
    PGresult *res = PQexec(conn, sql.toUtf8().constData());
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *error = QString::fromUtf8(PQresultErrorMessage(res)) + QStringLiteral(" in: ") + sql;
    } else {
        for (int r = 0; r < PQntuples(res); ++r) {
            QStringList row;
            for (int c = 0; c < PQnfields(res); ++c)
                row << (PQgetisnull(res, r, c) ? QString() : QString::fromUtf8(PQgetvalue(res, r, c)));
            rows << row;
        }
    }
    PQclear(res);
    PQfinish(conn);
    return rows;
}

struct OutboxRow
{
    qint64 mutationId = 0;
    QString entityId;
    QString op;
    QString state;
    QString lastError;
};

struct HubMutation
{
    QString status;
    QString entityId;
};

} // namespace

QList<QStringList> SyncCheck::hubQuery(const QString &url, const QString &sql, QString *error)
{
    if (url.startsWith(QLatin1String("sqlite:")))
        return sqliteQuery(url.mid(7), sql, error);
    return postgresQuery(url, sql, error);
}

QList<QStringList> SyncCheck::consoleQuery(const QString &path, const QString &sql, QString *error)
{
    return sqliteQuery(path, sql, error);
}

QList<SyncViolation> SyncCheck::check(const QString &consolePath, const QString &hubUrl,
                                      const SyncCheckOptions &options)
{
    QList<SyncViolation> v;
    auto add = [&v](const char *invariant, const QString &detail) {
        v.append(SyncViolation{QLatin1String(invariant), detail});
    };
    QString error;
    auto console = [&](const char *sql) {
        auto rows = consoleQuery(consolePath, QLatin1String(sql), &error);
        if (!error.isEmpty())
            add("read_error", QStringLiteral("console: ") + error);
        error.clear();
        return rows;
    };
    auto hub = [&](const QString &sql) {
        auto rows = hubQuery(hubUrl, sql, &error);
        if (!error.isEmpty())
            add("read_error", QStringLiteral("hub: ") + error);
        error.clear();
        return rows;
    };

    const auto syncState = console("SELECT client_id FROM sync_state");
    if (syncState.isEmpty()) {
        add("read_error", QStringLiteral("console has no sync_state row"));
        return v;
    }
    const QString clientId = syncState.first().value(0);
    // After a re-key (models/sync: copied data folder, 422 mutation_id_reused) the hub sees
    // mutation_id - mutation_offset under the new client_id; rows at or below the offset went out under an
    // earlier client id and are checked by case id only.
    qint64 offset = 0;
    {
        QString ignored;
        const auto rows =
            consoleQuery(consolePath, QStringLiteral("SELECT mutation_offset FROM sync_state"), &ignored);
        if (ignored.isEmpty() && !rows.isEmpty())
            offset = rows.first().value(0).toLongLong();
    }
    QList<OutboxRow> outbox;
    QList<OutboxRow> earlier; // sent under an earlier client id
    for (const QStringList &r : console("SELECT mutation_id, entity_id, op, state, last_error FROM outbox "
                                        "WHERE entity = 'case' ORDER BY mutation_id")) {
        OutboxRow o{r[0].toLongLong() - offset, r[1], r[2], r[3], r[4]};
        (o.mutationId >= 1 ? outbox : earlier).append(o);
    }
    QHash<QString, QStringList> consoleCases; // id -> status, agency, server_version, has_pending
    for (const QStringList &r :
         console("SELECT id, status, agency_responsible, server_version, has_pending FROM cases"))
        consoleCases.insert(r[0], r.mid(1));
    if (!v.isEmpty())
        return v;

    const QString quotedClient = QLatin1Char('\'') +
                                 QString(clientId).replace(QLatin1Char('\''), QLatin1String("''")) +
                                 QLatin1Char('\'');
    QHash<qint64, HubMutation> hubMutations;
    QList<qint64> hubMutationOrder;
    for (const QStringList &r :
         hub(QStringLiteral("SELECT mutation_id, status, entity_id FROM mutations WHERE client_id = %1 "
                            "ORDER BY mutation_id")
                 .arg(quotedClient))) {
        hubMutations.insert(r[0].toLongLong(), HubMutation{r[1], r[2]});
        hubMutationOrder.append(r[0].toLongLong());
    }
    const auto lastRows =
        hub(QStringLiteral("SELECT last_mutation_id FROM clients WHERE client_id = %1").arg(quotedClient));
    const qint64 hubLast = lastRows.isEmpty() ? 0 : lastRows.first().value(0).toLongLong();
    // Every hub case that came from one of this console's client ids or has a console case id.
    QHash<QString, QStringList> hubCases; // id -> status, agency, server_version
    QStringList hubCreationOrder;         // ids of this client's cases in change_log order
    for (const QStringList &r :
         hub(QStringLiteral(
                 "SELECT c.id, c.status, c.agency_responsible, c.server_version, c.client_id, "
                 "(SELECT MIN(l.seq) FROM change_log l WHERE l.entity = 'case' AND l.entity_id = c.id) "
                 "AS first_seq FROM cases c WHERE c.client_id = %1 ORDER BY first_seq, c.id")
                 .arg(quotedClient))) {
        hubCases.insert(r[0], r.mid(1, 3));
        hubCreationOrder << r[0];
    }
    for (const QStringList &r :
         hub(QStringLiteral("SELECT requested_at, description, COALESCE(caller_phone, ''), COUNT(*), MIN(id) "
                            "FROM cases WHERE client_id = %1 GROUP BY requested_at, description, "
                            "COALESCE(caller_phone, '') HAVING COUNT(*) > 1")
                 .arg(quotedClient)))
        add("duplicate", QStringLiteral("%1 hub cases with the same content as %2").arg(r[3], r[4]));
    if (!v.isEmpty())
        return v;

    for (const OutboxRow &o : std::as_const(earlier)) {
        if (o.state == QLatin1String("acked") && o.op == QLatin1String("create") &&
            hub(QStringLiteral("SELECT id FROM cases WHERE id = '%1'").arg(o.entityId)).isEmpty())
            add("acked_lost",
                QStringLiteral("case %1 (acked under an earlier client id) not on the hub").arg(o.entityId));
        else if (options.quiescent && o.state != QLatin1String("acked") && o.state != QLatin1String("parked"))
            add("unfinished",
                QStringLiteral("earlier mutation of case %1 still %2").arg(o.entityId, o.state));
    }

    // Hub mutations against the console's outbox (wire ids).
    QHash<QString, int> appliedCreates;
    QHash<qint64, const OutboxRow *> byId;
    for (const OutboxRow &o : outbox)
        byId.insert(o.mutationId, &o);
    for (qint64 id : std::as_const(hubMutationOrder)) {
        const HubMutation &m = hubMutations[id];
        const OutboxRow *o = byId.value(id);
        if (!o) {
            if (options.lostOutboxRows && consoleCases.contains(m.entityId))
                continue;
            add("order", QStringLiteral("hub has mutation %1 (%2) that the console's outbox does not have")
                             .arg(id)
                             .arg(m.entityId));
            continue;
        }
        if (!m.entityId.isEmpty() && m.entityId != o->entityId)
            add("order", QStringLiteral("mutation %1 is case %2 on the hub but %3 on the console")
                             .arg(id)
                             .arg(m.entityId, o->entityId));
        if (o->op == QLatin1String("create") && m.status == QLatin1String("applied"))
            appliedCreates[o->entityId] += 1;
    }
    for (auto it = appliedCreates.cbegin(); it != appliedCreates.cend(); ++it)
        if (it.value() > 1)
            add("duplicate",
                QStringLiteral("case %1 created by %2 hub mutations").arg(it.key()).arg(it.value()));

    qint64 lastFinished = 0;
    QStringList consoleCreationOrder;
    QSet<QString> parkedEntities; // cases with a parked mutation: shown to the operator, not compared
    for (const OutboxRow &o : outbox) {
        const bool hubHas = hubMutations.contains(o.mutationId);
        const QString hubStatus = hubMutations.value(o.mutationId).status;
        if (o.state == QLatin1String("acked")) {
            lastFinished = o.mutationId;
            if (!hubHas)
                add("acked_lost", QStringLiteral("mutation %1 (%2 %3) acked but unknown to the hub")
                                      .arg(o.mutationId)
                                      .arg(o.op, o.entityId));
            else if (hubStatus == QLatin1String("rejected"))
                add("acked_rejected",
                    QStringLiteral("mutation %1 acked but rejected by the hub").arg(o.mutationId));
            if (o.op == QLatin1String("create")) {
                if (!hubCases.contains(o.entityId))
                    add("acked_lost", QStringLiteral("case %1 (mutation %2) acked but not on the hub")
                                          .arg(o.entityId)
                                          .arg(o.mutationId));
                else
                    consoleCreationOrder << o.entityId;
            }
        } else if (o.state == QLatin1String("parked")) {
            lastFinished = o.mutationId;
            parkedEntities.insert(o.entityId);
            if (o.lastError.trimmed().isEmpty())
                add("parked_invisible",
                    QStringLiteral("mutation %1 parked without last_error").arg(o.mutationId));
            if (hubStatus == QLatin1String("applied"))
                add("parked_applied",
                    QStringLiteral("mutation %1 parked but applied on the hub").arg(o.mutationId));
            if (o.op == QLatin1String("create") && hubCases.contains(o.entityId))
                consoleCreationOrder << o.entityId;
        } else if (options.quiescent) {
            add("unfinished", QStringLiteral("mutation %1 still %2").arg(o.mutationId).arg(o.state));
        }
    }
    // Acked creations of this client, in outbox order, must be the hub's creation order for this client.
    QStringList hubOrderOfKnown;
    const QSet<QString> known(consoleCreationOrder.cbegin(), consoleCreationOrder.cend());
    for (const QString &id : std::as_const(hubCreationOrder)) {
        if (!consoleCases.contains(id))
            add("phantom", QStringLiteral("hub case %1 of this client is not in the console store").arg(id));
        if (known.contains(id))
            hubOrderOfKnown << id;
    }
    if (hubOrderOfKnown != consoleCreationOrder) {
        int i = 0;
        while (i < hubOrderOfKnown.size() && i < consoleCreationOrder.size() &&
               hubOrderOfKnown[i] == consoleCreationOrder[i])
            ++i;
        add("order",
            QStringLiteral("hub creation order differs from the outbox at position %1 (hub %2, console %3; "
                           "%4 vs %5 cases)")
                .arg(i)
                .arg(hubOrderOfKnown.value(i), consoleCreationOrder.value(i))
                .arg(hubOrderOfKnown.size())
                .arg(consoleCreationOrder.size()));
    }

    if (options.quiescent) {
        if (hubLast < lastFinished)
            add("unfinished", QStringLiteral("hub last_mutation_id %1 < console's last finished row %2")
                                  .arg(hubLast)
                                  .arg(lastFinished));
        int shown = 0;
        for (auto it = consoleCases.cbegin(); it != consoleCases.cend(); ++it) {
            const QStringList &c = it.value();
            if (parkedEntities.contains(it.key()))
                continue;
            if (c.value(3) != QLatin1String("0")) {
                add("unfinished", QStringLiteral("case %1 still has_pending").arg(it.key()));
                continue;
            }
            if (!options.compareServerFields || !hubCases.contains(it.key()))
                continue;
            const QStringList &h = hubCases[it.key()];
            if (c.value(0) != h.value(0) || c.value(1) != h.value(1) || c.value(2) != h.value(2)) {
                if (++shown <= 20)
                    add("diverged", QStringLiteral("case %1: console (%2, %3, v%4) hub (%5, %6, v%7)")
                                        .arg(it.key(), c.value(0), c.value(1), c.value(2), h.value(0),
                                             h.value(1), h.value(2)));
            }
        }
        if (shown > 20)
            add("diverged", QStringLiteral("%1 more diverged cases").arg(shown - 20));
    }
    return v;
}

QString SyncCheck::format(const QList<SyncViolation> &violations, int limit)
{
    QStringList lines;
    for (int i = 0; i < violations.size() && i < limit; ++i)
        lines << violations[i].invariant + QStringLiteral(": ") + violations[i].detail;
    if (violations.size() > limit)
        lines << QStringLiteral("... and %1 more").arg(violations.size() - limit);
    return lines.join(QLatin1Char('\n'));
}

} // namespace Pasokh::Testing
