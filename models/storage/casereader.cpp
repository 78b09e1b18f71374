// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/casereader.h"

#include "models/core/digits.h"
#include "models/core/jalali.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/storage/storageerror.h"

#include <QHash>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace Pasokh::Storage {

using namespace Pasokh::Core;

namespace {

const QString kColumns =
    QStringLiteral("c.id, c.tracking_code, c.channel, c.case_type, c.service_code, c.description, "
                   "c.caller_name, c.caller_phone, "
                   "c.caller_national_id, c.anonymous, c.district, c.neighbourhood, c.address, c.latitude, "
                   "c.longitude, c.urgency, "
                   "c.agency_responsible, c.status, c.status_notes, c.requested_at, c.updated_at, "
                   "c.expected_at, c.operator, "
                   "c.station, c.call_id, c.answer_text, c.response_type, c.answered_at");

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

CaseRecord readCase(const QSqlQuery &q)
{
    CaseRecord c;
    c.id = q.value(0).toString();
    c.trackingCode = q.value(1).toString();
    c.channel = ChannelText::fromCode(q.value(2).toString()).value_or(Channel::Phone);
    c.caseType = CaseTypeText::fromCode(q.value(3).toString()).value_or(CaseType::Complaint);
    c.serviceCode = q.value(4).toString();
    c.description = q.value(5).toString();
    c.caller.name = q.value(6).toString();
    c.caller.phone = q.value(7).toString();
    c.caller.nationalId = q.value(8).toString();
    c.caller.anonymous = q.value(9).toInt() != 0;
    c.location.district = q.value(10).toInt();
    c.location.neighbourhood = q.value(11).toString();
    c.location.address = q.value(12).toString();
    if (!q.value(13).isNull() && !q.value(14).isNull()) {
        c.location.latitude = q.value(13).toDouble();
        c.location.longitude = q.value(14).toDouble();
    }
    c.urgency = UrgencyText::fromCode(q.value(15).toString()).value_or(Urgency::Normal);
    c.agencyResponsible = q.value(16).toString();
    c.status = CaseStatusText::fromCode(q.value(17).toString()).value_or(CaseStatus::Registered);
    c.statusNotes = q.value(18).toString();
    c.requestedAt = fromMs(q.value(19));
    c.updatedAt = fromMs(q.value(20));
    c.expectedAt = fromMs(q.value(21));
    c.operatorName = q.value(22).toString();
    c.station = q.value(23).toInt();
    c.callId = q.value(24).toString();
    c.answerText = q.value(25).toString();
    c.responseType = ResponseTypeText::fromCode(q.value(26).toString());
    c.answeredAt = fromMs(q.value(27));
    return c;
}

Result<std::optional<CaseRecord>> findOne(const QSqlDatabase &db, const QString &where, const QVariant &value)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM cases c WHERE %2").arg(kColumns, where));
    q.addBindValue(value);
    if (!q.exec())
        return storageError(q.lastError());
    if (!q.next())
        return std::optional<CaseRecord>();
    return std::optional<CaseRecord>(readCase(q));
}

// Escapes LIKE wildcards; the query uses ESCAPE '\'.
QString likeEscaped(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('%'), QLatin1String("\\%"));
    s.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return s;
}

struct Where
{
    QStringList clauses;
    QVariantList values;
    int textClause = -1; ///< index of the full-text clause in `clauses`, or -1
    int textValue = -1;  ///< index of its MATCH expression in `values`
};

// The full-text clause. With many matches (a common word) list() rewrites it to "+c.rowid IN": the unary plus
// keeps the planner from looking every match up by rowid and sorting them all; it walks the sort index
// instead and stops at the page's last row.
const QString kTextClause =
    QStringLiteral("c.rowid IN (SELECT rowid FROM cases_text WHERE cases_text MATCH ?)");

// FTS5 trigram query for the words of 3+ characters of `text` (searchKey form), all required; empty if none.
QString textMatch(const QString &text)
{
    QStringList phrases;
    for (const QString &word : PersianText::searchKey(text).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.size() < 3)
            continue;
        QString phrase = word;
        phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
        phrases << QLatin1Char('"') + phrase + QLatin1Char('"');
    }
    return phrases.join(QStringLiteral(" AND "));
}

// Words of 1-2 characters of `text` (searchKey form): trigrams cannot serve them, so they are a LIKE scan.
QStringList shortWords(const QString &text)
{
    QStringList words;
    for (const QString &word : PersianText::searchKey(text).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.size() < 3)
            words << word;
    }
    return words;
}

// Above this many full-text matches, walking the sort index beats fetching every match (measured on the
// 1M-case demo store: 17,844 matches took 54 ms CPU by rowid lookups and sorting, 7.5 ms by index walk).
constexpr int kManyTextMatches = 2000;

Where buildWhere(const CaseFilter &f)
{
    Where w;
    if (f.from.isValid()) {
        w.clauses << QStringLiteral("c.requested_at >= ?");
        w.values << Jalali::dayStartUtc(f.from).toMSecsSinceEpoch();
    }
    if (f.to.isValid()) {
        w.clauses << QStringLiteral("c.requested_at < ?");
        w.values << Jalali::dayEndUtc(f.to).toMSecsSinceEpoch();
    }
    if (f.status) {
        w.clauses << QStringLiteral("c.status = ?");
        w.values << CaseStatusText::code(*f.status);
    }
    if (!f.serviceCode.isEmpty()) {
        // One IN-list over the code and its leaves, so a (district, service_code, ...) index serves it as a
        // set of equality ranges (an OR of the two made a slower multi-index plan).
        w.clauses << QStringLiteral(
            "c.service_code IN (SELECT code FROM categories WHERE code = ? OR parent = ?)");
        w.values << f.serviceCode << f.serviceCode;
    }
    if (f.district > 0) {
        w.clauses << QStringLiteral("c.district = ?");
        w.values << f.district;
    }
    if (!f.unit.isEmpty()) {
        w.clauses << QStringLiteral("c.agency_responsible = ?");
        w.values << f.unit;
    }
    const QString code = Digits::toAscii(f.trackingCode).remove(QRegularExpression(QStringLiteral("[^0-9]")));
    if (!code.isEmpty()) {
        if (code.size() == 10) {
            w.clauses << QStringLiteral("c.tracking_code = ?");
            w.values << code;
        } else {
            // A prefix as a range, so the unique index on tracking_code serves it (LIKE cannot).
            w.clauses << QStringLiteral("c.tracking_code >= ? AND c.tracking_code < ?");
            w.values << code << code + QLatin1Char(':'); // ':' sorts right after '9'
        }
    }
    if (!f.phone.trimmed().isEmpty()) {
        const auto phone = PhoneNumber::normalize(f.phone);
        if (phone) {
            w.clauses << QStringLiteral("c.caller_phone = ?");
            w.values << phone.value().e164;
        } else {
            const QString digits =
                Digits::toAscii(f.phone).remove(QRegularExpression(QStringLiteral("[^0-9]")));
            if (!digits.isEmpty()) {
                w.clauses << QStringLiteral("c.caller_phone LIKE ? ESCAPE '\\'");
                w.values << QLatin1Char('%') + likeEscaped(digits) + QLatin1Char('%');
            }
        }
    }
    const QString match = textMatch(f.text);
    if (!match.isEmpty()) {
        // All words of 3+ characters in one trigram query (one doclist intersection instead of one IN-list
        // per word). Which operand form is used is decided by the caller (see kTextClause).
        w.clauses << kTextClause;
        w.values << match;
        w.textClause = int(w.clauses.size() - 1);
        w.textValue = int(w.values.size() - 1);
    }
    for (const QString &word : shortWords(f.text)) {
        w.clauses << QStringLiteral("c.description_key LIKE ? ESCAPE '\\'");
        w.values << QLatin1Char('%') + likeEscaped(word) + QLatin1Char('%');
    }
    return w;
}

QString orderBy(const CaseFilter &f)
{
    QString column;
    switch (f.sortColumn) {
    case CaseFilter::SortColumn::RequestedAt:
        column = QStringLiteral("c.requested_at");
        break;
    case CaseFilter::SortColumn::TrackingCode:
        column = QStringLiteral("c.tracking_code");
        break;
    case CaseFilter::SortColumn::Status:
        column = QStringLiteral("c.status");
        break;
    case CaseFilter::SortColumn::ServiceCode:
        column = QStringLiteral("c.service_code");
        break;
    case CaseFilter::SortColumn::District:
        column = QStringLiteral("c.district");
        break;
    case CaseFilter::SortColumn::Unit:
        column = QStringLiteral("c.agency_responsible");
        break;
    }
    const QString dir = f.ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    if (f.sortColumn == CaseFilter::SortColumn::RequestedAt)
        return QStringLiteral(" ORDER BY c.requested_at %1").arg(dir);
    return QStringLiteral(" ORDER BY %1 %2, c.requested_at DESC").arg(column, dir);
}

QString whereSql(const Where &w)
{
    return w.clauses.isEmpty() ? QString()
                               : QStringLiteral(" WHERE ") + w.clauses.join(QStringLiteral(" AND "));
}

} // namespace

Result<std::optional<CaseRecord>> CaseReader::find(const QSqlDatabase &db, const QString &id)
{
    return findOne(db, QStringLiteral("c.id = ?"), id);
}

Result<std::optional<CaseRecord>> CaseReader::findByTrackingCode(const QSqlDatabase &db, const QString &code)
{
    return findOne(db, QStringLiteral("c.tracking_code = ?"), Digits::toAscii(code));
}

Result<QList<CaseEvent>> CaseReader::events(const QSqlDatabase &db, const QString &caseId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, at, actor, kind, status, changes, note FROM case_events WHERE case_id = ? "
                       "ORDER BY id"));
    q.addBindValue(caseId);
    if (!q.exec())
        return storageError(q.lastError());
    QList<CaseEvent> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), fromMs(q.value(1)), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toString(), q.value(5).toString(), q.value(6).toString()});
    return out;
}

Result<CallerHistory> CaseReader::callerHistory(const QSqlDatabase &db, const QString &e164, int limit)
{
    CallerHistory h;
    if (e164.isEmpty())
        return h;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM cases c WHERE c.caller_phone = ? ORDER BY c.requested_at DESC LIMIT ?")
            .arg(kColumns));
    q.addBindValue(e164);
    q.addBindValue(limit);
    if (!q.exec())
        return storageError(q.lastError());
    while (q.next())
        h.cases.append(readCase(q));
    q.prepare(
        QStringLiteral("SELECT id, direction, ani, offered_at, answered_at, ended_at, outcome, disposition, "
                       "case_id FROM calls WHERE ani = ? ORDER BY offered_at DESC LIMIT ?"));
    q.addBindValue(e164);
    q.addBindValue(limit);
    if (!q.exec())
        return storageError(q.lastError());
    while (q.next())
        h.calls.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        fromMs(q.value(3)), fromMs(q.value(4)), fromMs(q.value(5)), q.value(6).toString(),
                        q.value(7).toString(), q.value(8).toString(), false, QString()});
    return h;
}

Result<QList<CaseRecord>> CaseReader::list(const QSqlDatabase &db, const CaseFilter &filter, int offset,
                                           int limit)
{
    Where w = buildWhere(filter);
    if (w.textClause >= 0 && filter.sortColumn == CaseFilter::SortColumn::RequestedAt) {
        QSqlQuery n(db);
        n.setForwardOnly(true);
        n.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM cases_text WHERE cases_text MATCH ? "
                                 "LIMIT %1)")
                      .arg(kManyTextMatches + 1));
        n.addBindValue(w.values.at(w.textValue));
        if (!n.exec() || !n.next())
            return storageError(n.lastError());
        if (n.value(0).toInt() > kManyTextMatches)
            w.clauses[w.textClause] = QLatin1Char('+') + w.clauses.at(w.textClause);
    }

    // Phase 1: the page's rowids, in order. Only the filter and sort columns are read, so covering indexes
    // serve it and a sort holds small keys rather than whole rows with their descriptions.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT c.rowid FROM cases c%1%2 LIMIT ? OFFSET ?").arg(whereSql(w), orderBy(filter)));
    for (const QVariant &v : w.values)
        q.addBindValue(v);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return storageError(q.lastError());
    QList<qint64> rowids;
    QHash<qint64, qsizetype> position;
    while (q.next()) {
        position.insert(q.value(0).toLongLong(), rowids.size());
        rowids << q.value(0).toLongLong();
    }
    q.finish();
    if (rowids.isEmpty())
        return QList<CaseRecord>();

    // Phase 2: the full rows of the page, put back in phase 1's order.
    QStringList ids;
    ids.reserve(rowids.size());
    for (qint64 r : std::as_const(rowids))
        ids << QString::number(r); // integers read from the database: safe to inline
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT %1, c.rowid FROM cases c WHERE c.rowid IN (%2)")
                       .arg(kColumns, ids.join(QLatin1Char(',')))))
        return storageError(rows.lastError());
    QList<CaseRecord> out(rowids.size());
    const int rowidColumn = rows.record().count() - 1;
    while (rows.next())
        out[position.value(rows.value(rowidColumn).toLongLong())] = readCase(rows);
    return out;
}

Result<int> CaseReader::count(const QSqlDatabase &db, const CaseFilter &filter)
{
    const Where w = buildWhere(filter);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (w.textClause >= 0 && w.clauses.size() == 1) {
        // Only words: the full-text index counts its own matches without touching the cases table.
        q.prepare(QStringLiteral("SELECT count(*) FROM cases_text WHERE cases_text MATCH ?"));
    } else {
        q.prepare(QStringLiteral("SELECT count(*) FROM cases c%1").arg(whereSql(w)));
    }
    for (const QVariant &v : w.values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return storageError(q.lastError());
    return q.value(0).toInt();
}

} // namespace Pasokh::Storage
