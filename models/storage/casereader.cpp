// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/casereader.h"

#include "models/core/digits.h"
#include "models/core/jalali.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/storage/storageerror.h"

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
};

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
        w.clauses << QStringLiteral(
            "(c.service_code = ? OR c.service_code IN (SELECT code FROM categories WHERE parent = ?))");
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
    const QString key = PersianText::searchKey(f.text);
    if (!key.isEmpty()) {
        // Each word must occur; words of 3+ characters use the trigram index, shorter ones a LIKE scan.
        for (const QString &word : key.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (word.size() >= 3) {
                w.clauses << QStringLiteral(
                    "c.rowid IN (SELECT rowid FROM cases_text WHERE cases_text MATCH ?)");
                QString phrase = word;
                phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
                w.values << QLatin1Char('"') + phrase + QLatin1Char('"');
            } else {
                w.clauses << QStringLiteral("c.description_key LIKE ? ESCAPE '\\'");
                w.values << QLatin1Char('%') + likeEscaped(word) + QLatin1Char('%');
            }
        }
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
    const Where w = buildWhere(filter);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM cases c%2%3 LIMIT ? OFFSET ?")
                  .arg(kColumns, whereSql(w), orderBy(filter)));
    for (const QVariant &v : w.values)
        q.addBindValue(v);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return storageError(q.lastError());
    QList<CaseRecord> out;
    while (q.next())
        out.append(readCase(q));
    return out;
}

Result<int> CaseReader::count(const QSqlDatabase &db, const CaseFilter &filter)
{
    const Where w = buildWhere(filter);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*) FROM cases c%1").arg(whereSql(w)));
    for (const QVariant &v : w.values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return storageError(q.lastError());
    return q.value(0).toInt();
}

} // namespace Pasokh::Storage
