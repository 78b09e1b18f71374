// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/casestore.h"

#include "models/core/jalali.h"
#include "models/core/nationalid.h"
#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"
#include "models/core/uuid7.h"
#include "models/storage/casepayload.h"
#include "models/storage/casereader.h"
#include "models/storage/casevalidator.h"
#include "models/storage/outbox.h"
#include "models/storage/storageerror.h"
#include "models/storage/transaction.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVariant>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Pasokh::Storage {

using namespace Pasokh::Core;

namespace {

QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant ms(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

Status exec(QSqlQuery &q)
{
    if (!q.exec())
        return Status(storageError(q.lastError()));
    return {};
}

Status insertEvent(const QSqlDatabase &db, const QString &caseId, const QString &actor, const QString &kind,
                   const QString &status, const QJsonObject &changes)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO case_events (case_id, at, actor, kind, status, changes) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(caseId);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(actor);
    q.addBindValue(kind);
    q.addBindValue(status);
    q.addBindValue(changes.isEmpty()
                       ? QVariant()
                       : QVariant(QString::fromUtf8(QJsonDocument(changes).toJson(QJsonDocument::Compact))));
    return exec(q);
}

Status upsertCaller(const QSqlDatabase &db, const CallerInfo &caller, qint64 now)
{
    if (caller.phone.isEmpty())
        return {};
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO callers (phone, name, national_id, first_seen_at, last_seen_at) "
                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (phone) DO UPDATE SET "
                             "name = coalesce(excluded.name, name), "
                             "national_id = coalesce(excluded.national_id, national_id), "
                             "last_seen_at = excluded.last_seen_at"));
    q.addBindValue(caller.phone);
    q.addBindValue(nullable(caller.name));
    q.addBindValue(nullable(caller.nationalId));
    q.addBindValue(now);
    q.addBindValue(now);
    return exec(q);
}

// Records the knowledge-base articles used on the case (table kb_usage of schema 0002); already recorded ones
// stay. An id that is not in kb_articles (e.g. retired and purged meanwhile) is skipped, so it never blocks
// the save.
Status insertUsage(const QSqlDatabase &db, const CaseRecord &c, const QString &actor, qint64 now)
{
    if (c.usedArticles.isEmpty())
        return {};
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO kb_usage (case_id, article_id, used_at_utc, operator) "
                             "SELECT ?, id, ?, ? FROM kb_articles WHERE id = ?"));
    for (const QString &article : c.usedArticles) {
        q.addBindValue(c.id);
        q.addBindValue(now);
        q.addBindValue(actor);
        q.addBindValue(article);
        if (Status s = exec(q); !s)
            return s;
    }
    return {};
}

// Binds the intake columns in the order of kIntakeColumns.
const QStringList kIntakeColumns = {QStringLiteral("channel"),         QStringLiteral("case_type"),
                                    QStringLiteral("service_code"),    QStringLiteral("description"),
                                    QStringLiteral("description_key"), QStringLiteral("caller_name"),
                                    QStringLiteral("caller_phone"),    QStringLiteral("caller_national_id"),
                                    QStringLiteral("anonymous"),       QStringLiteral("district"),
                                    QStringLiteral("neighbourhood"),   QStringLiteral("address"),
                                    QStringLiteral("latitude"),        QStringLiteral("longitude"),
                                    QStringLiteral("urgency"),         QStringLiteral("agency_responsible"),
                                    QStringLiteral("expected_at")};

void bindIntake(QSqlQuery &q, const CaseRecord &c)
{
    q.addBindValue(ChannelText::code(c.channel));
    q.addBindValue(CaseTypeText::code(c.caseType));
    q.addBindValue(c.serviceCode);
    q.addBindValue(c.description);
    q.addBindValue(PersianText::searchKey(c.description));
    q.addBindValue(nullable(c.caller.name));
    q.addBindValue(nullable(c.caller.phone));
    q.addBindValue(nullable(c.caller.nationalId));
    q.addBindValue(c.caller.anonymous ? 1 : 0);
    q.addBindValue(c.location.district > 0 ? QVariant(c.location.district) : QVariant());
    q.addBindValue(nullable(c.location.neighbourhood));
    q.addBindValue(nullable(c.location.address));
    q.addBindValue(c.location.latitude ? QVariant(*c.location.latitude) : QVariant());
    q.addBindValue(c.location.longitude ? QVariant(*c.location.longitude) : QVariant());
    q.addBindValue(UrgencyText::code(c.urgency));
    q.addBindValue(nullable(c.agencyResponsible));
    q.addBindValue(ms(c.expectedAt));
}

} // namespace

CaseStore::CaseStore(std::shared_ptr<Database> db, std::shared_ptr<const ReferenceCatalog> catalog,
                     int station, QString operatorName)
    : m_db(std::move(db)), m_catalog(std::move(catalog)), m_station(station),
      m_operator(std::move(operatorName))
{
}

CaseRecord CaseStore::cleaned(CaseRecord c) const
{
    c.description = PersianText::sanitized(c.description, CaseValidator::kMaxDescription + 1, true).trimmed();
    c.caller.name = PersianText::sanitized(c.caller.name, Core::CaseLimits::kCallerName).trimmed();
    c.location.address =
        PersianText::sanitized(c.location.address, Core::CaseLimits::kAddress, true).trimmed();
    c.location.neighbourhood =
        PersianText::sanitized(c.location.neighbourhood, Core::CaseLimits::kNeighbourhood).trimmed();
    if (const auto p = PhoneNumber::normalize(c.caller.phone))
        c.caller.phone = p.value().e164;
    if (const auto id = NationalId::validate(c.caller.nationalId))
        c.caller.nationalId = id.value().digits;
    return c;
}

Result<CaseRecord> CaseStore::registerCase(CaseRecord c)
{
    c = cleaned(std::move(c));
    const QList<FieldIssue> issues = CaseValidator(*m_catalog).validate(c);
    if (!CaseValidator::canSave(issues))
        return Error{QStringLiteral("invalid"), issues.first().message};

    const QSqlDatabase db = m_db->writer();
    WriteTransaction tx(db);
    if (!tx.isActive())
        return tx.error();

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int jalaliYear = Jalali::year(Jalali::tehranDate(now));
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO tracking_sequences (jalali_year, station, last_sequence) VALUES (?, ?, 1) "
        "ON CONFLICT (jalali_year, station) DO UPDATE SET last_sequence = last_sequence + 1 "
        "RETURNING last_sequence"));
    q.addBindValue(jalaliYear);
    q.addBindValue(m_station);
    if (!q.exec() || !q.next())
        return storageError(q.lastError());
    const int sequence = q.value(0).toInt();
    q.finish();
    const QString tracking = TrackingCode{jalaliYear, m_station, sequence}.toString();
    if (tracking.isEmpty())
        return Error{QStringLiteral("sequence_exhausted"),
                     QCoreApplication::translate("CaseStore",
                                                 "This station has used all tracking codes of the year "
                                                 "(station %1). Call IT.")
                         .arg(m_station)};

    if (c.id.isEmpty())
        c.id = Uuid7::generateString();
    c.trackingCode = tracking;
    c.status = CaseStatus::Registered;
    c.requestedAt = now;
    c.updatedAt = now;
    const Category *category = m_catalog->category(c.serviceCode);
    c.expectedAt = category && category->slaDays > 0 ? now.addDays(category->slaDays) : QDateTime();
    c.operatorName = m_operator;
    c.station = m_station;

    q.prepare(
        QStringLiteral("INSERT INTO cases (id, tracking_code, status, requested_at, updated_at, operator, "
                       "station, call_id, has_pending, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, %2)")
            .arg(kIntakeColumns.join(QStringLiteral(", ")),
                 QStringList(kIntakeColumns.size(), QStringLiteral("?")).join(QStringLiteral(", "))));
    q.addBindValue(c.id);
    q.addBindValue(c.trackingCode);
    q.addBindValue(CaseStatusText::code(c.status));
    q.addBindValue(now.toMSecsSinceEpoch());
    q.addBindValue(now.toMSecsSinceEpoch());
    q.addBindValue(c.operatorName);
    q.addBindValue(c.station);
    q.addBindValue(nullable(c.callId));
    bindIntake(q, c);
    if (Status s = exec(q); !s)
        return s.error();
    if (Status s = upsertCaller(db, c.caller, now.toMSecsSinceEpoch()); !s)
        return s.error();
    if (Status s = insertUsage(db, c, m_operator, now.toMSecsSinceEpoch()); !s)
        return s.error();
    if (!c.callId.isEmpty()) {
        q.prepare(QStringLiteral("UPDATE calls SET case_id = ? WHERE id = ?"));
        q.addBindValue(c.id);
        q.addBindValue(c.callId);
        if (Status s = exec(q); !s)
            return s.error();
    }
    if (Status s =
            insertEvent(db, c.id, m_operator, QStringLiteral("created"), CaseStatusText::code(c.status), {});
        !s)
        return s.error();
    if (auto m = Outbox::enqueue(db, QStringLiteral("case"), c.id, QStringLiteral("create"),
                                 CasePayload::toJson(c));
        !m)
        return m.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    qCInfo(lcStorage) << "case registered" << c.trackingCode;
    return c;
}

Result<CaseRecord> CaseStore::amendCase(const CaseRecord &updatedIn)
{
    const QSqlDatabase db = m_db->writer();
    WriteTransaction tx(db);
    if (!tx.isActive())
        return tx.error();
    auto existing = CaseReader::find(db, updatedIn.id);
    if (!existing)
        return existing.error();
    if (!existing.value())
        return Error{QStringLiteral("not_found"),
                     QCoreApplication::translate("CaseStore", "The case was not found.")};
    const CaseRecord before = *existing.value();
    if (before.status != CaseStatus::Registered)
        return Error{QStringLiteral("not_editable"),
                     QCoreApplication::translate("CaseStore",
                                                 "The case has already been sent to the hub and cannot "
                                                 "be amended here.")};

    // Only intake fields change; identity, status and hub-owned fields stay as stored.
    CaseRecord after = cleaned(updatedIn);
    after.trackingCode = before.trackingCode;
    after.status = before.status;
    after.requestedAt = before.requestedAt;
    after.operatorName = before.operatorName;
    after.station = before.station;
    after.callId = before.callId;
    const Category *category = m_catalog->category(after.serviceCode);
    after.expectedAt =
        category && category->slaDays > 0 ? before.requestedAt.addDays(category->slaDays) : QDateTime();
    const QList<FieldIssue> issues = CaseValidator(*m_catalog).validate(after);
    if (!CaseValidator::canSave(issues))
        return Error{QStringLiteral("invalid"), issues.first().message};

    QStringList used = before.usedArticles;
    for (const QString &a : updatedIn.usedArticles)
        if (!used.contains(a))
            used << a;
    after.usedArticles = used;
    const QJsonObject changes = CasePayload::diff(before, after);
    if (changes.isEmpty())
        return before;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    after.updatedAt = now;

    QStringList sets;
    for (const QString &col : kIntakeColumns)
        sets << col + QStringLiteral(" = ?");
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE cases SET %1, updated_at = ?, has_pending = 1 WHERE id = ?")
                  .arg(sets.join(QStringLiteral(", "))));
    bindIntake(q, after);
    q.addBindValue(now.toMSecsSinceEpoch());
    q.addBindValue(after.id);
    if (Status s = exec(q); !s)
        return s.error();
    if (Status s = upsertCaller(db, after.caller, now.toMSecsSinceEpoch()); !s)
        return s.error();
    if (Status s = insertUsage(db, after, m_operator, now.toMSecsSinceEpoch()); !s)
        return s.error();
    if (Status s = insertEvent(db, after.id, m_operator, QStringLiteral("amended"),
                               CaseStatusText::code(after.status), changes);
        !s)
        return s.error();
    if (auto m = Outbox::enqueue(db, QStringLiteral("case"), after.id, QStringLiteral("amend"),
                                 CasePayload::toJson(after));
        !m)
        return m.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return after;
}

} // namespace Pasokh::Storage
