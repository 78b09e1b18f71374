// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/intakeviewmodel.h"

#include "models/core/nationalid.h"
#include "models/core/phonenumber.h"
#include "models/storage/casereader.h"
#include "models/viewmodels/displayformat.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcIntake, "pasokh.intake")

namespace Pasokh::ViewModels {

using namespace Pasokh::Core;

namespace {
// The phone field shows a stored or signalled E.164 number as the operator reads it (national form, UI
// digits); the field accepts that form back, so the number normalises to the same E.164 on save.
QString phoneFieldText(const QString &e164)
{
    const auto p = PhoneNumber::normalize(e164);
    return p ? DisplayFormat::digits(p.value().nationalFormat()) : e164;
}
} // namespace

IntakeViewModel::IntakeViewModel(Storage::CaseStore *store, std::shared_ptr<Storage::Database> db,
                                 std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                                 int autosaveSeconds, QObject *parent)
    : QObject(parent), m_store(store), m_db(std::move(db)), m_catalog(std::move(catalog))
{
    m_autosave.setInterval(qBound(1, autosaveSeconds, 60) * 1000);
    connect(&m_autosave, &QTimer::timeout, this, [this] {
        if (hasUnwrittenDraftChanges())
            autosaveNow();
    });
    m_autosave.start();
    revalidate();
}

void IntakeViewModel::setValue(Field field, const QVariant &v)
{
    switch (field) {
    case Field::Channel:
        m_case.channel = Channel(v.toInt());
        break;
    case Field::CaseType:
        m_case.caseType = CaseType(v.toInt());
        break;
    case Field::Category: {
        const QString code = v.toString();
        if (code == m_case.serviceCode)
            return;
        m_case.serviceCode = code;
        if (const Storage::Category *c = m_catalog->category(code);
            c && c->urgent && m_case.urgency == Urgency::Normal) {
            m_case.urgency = Urgency::Urgent;
            Q_EMIT valueChanged(Field::Urgency);
        }
        break;
    }
    case Field::Description:
        m_case.description = v.toString();
        break;
    case Field::CallerName:
        m_case.caller.name = v.toString();
        break;
    case Field::Phone:
        m_phoneText = v.toString();
        break;
    case Field::NationalId:
        m_nationalIdText = v.toString();
        break;
    case Field::Anonymous:
        m_case.caller.anonymous = v.toBool();
        break;
    case Field::District: {
        const int d = v.toInt();
        if (d == m_case.location.district)
            return;
        m_case.location.district = d;
        m_case.location.neighbourhood.clear();
        Q_EMIT valueChanged(Field::Neighbourhood);
        break;
    }
    case Field::Neighbourhood:
        m_case.location.neighbourhood = v.toString();
        break;
    case Field::Address:
        m_case.location.address = v.toString();
        break;
    case Field::Urgency:
        m_case.urgency = Urgency(v.toInt());
        break;
    case Field::Unit:
        m_case.agencyResponsible = v.toString();
        m_unitChosen = !m_case.agencyResponsible.isEmpty();
        break;
    }
    changed(field);
}

QVariant IntakeViewModel::value(Field field) const
{
    switch (field) {
    case Field::Channel:
        return int(m_case.channel);
    case Field::CaseType:
        return int(m_case.caseType);
    case Field::Category:
        return m_case.serviceCode;
    case Field::Description:
        return m_case.description;
    case Field::CallerName:
        return m_case.caller.name;
    case Field::Phone:
        return m_phoneText;
    case Field::NationalId:
        return m_nationalIdText;
    case Field::Anonymous:
        return m_case.caller.anonymous;
    case Field::District:
        return m_case.location.district;
    case Field::Neighbourhood:
        return m_case.location.neighbourhood;
    case Field::Address:
        return m_case.location.address;
    case Field::Urgency:
        return int(m_case.urgency);
    case Field::Unit:
        return m_case.agencyResponsible;
    }
    return {};
}

void IntakeViewModel::changed(Field field)
{
    m_dirty = true;
    m_draftStale = true;
    if (field == Field::Category || field == Field::District)
        prefillUnit();
    Q_EMIT valueChanged(field);
    if (field == Field::Phone) {
        const QString e164 = normalizedPhone();
        if (e164 != m_lastPhone) {
            m_lastPhone = e164;
            Q_EMIT phoneNormalized(e164);
        }
    }
    revalidate();
}

void IntakeViewModel::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    m_catalog = std::move(catalog);
    revalidate();
}

void IntakeViewModel::prefillUnit()
{
    if (m_unitChosen)
        return;
    const QString unit = m_catalog->referralUnitFor(m_case.serviceCode, m_case.location.district);
    if (unit != m_case.agencyResponsible) {
        m_case.agencyResponsible = unit;
        Q_EMIT valueChanged(Field::Unit);
    }
}

void IntakeViewModel::markArticleUsed(const QString &articleId)
{
    if (articleId.isEmpty() || m_case.usedArticles.contains(articleId))
        return;
    m_case.usedArticles << articleId;
    m_dirty = true;
    m_draftStale = true;
}

QString IntakeViewModel::normalizedPhone() const
{
    const auto p = PhoneNumber::normalize(m_phoneText);
    return p ? p.value().e164 : QString();
}

CaseRecord IntakeViewModel::currentCase() const
{
    CaseRecord c = m_case;
    c.caller.phone = m_phoneText.trimmed();
    c.caller.nationalId = m_nationalIdText.trimmed();
    return c;
}

void IntakeViewModel::revalidate()
{
    m_issues = Storage::CaseValidator(*m_catalog).validate(currentCase());
    Q_EMIT issuesChanged();
}

QString IntakeViewModel::issueFor(const QString &field, bool *blocking) const
{
    for (const Storage::FieldIssue &i : m_issues) {
        if (i.field == field) {
            if (blocking)
                *blocking = i.blocking;
            return i.message;
        }
    }
    return {};
}

Result<CaseRecord> IntakeViewModel::save()
{
    revalidate();
    const CaseRecord c = currentCase();
    Result<CaseRecord> r = isAmending() ? m_store->amendCase(c) : m_store->registerCase(c);
    if (!r) {
        qCWarning(lcIntake) << "save failed:" << r.error().code;
        Q_EMIT saveFailed(r.error().message);
        return r;
    }
    if (auto s = Storage::DraftStore::clear(m_db->writer(), kDraftSlot); !s)
        qCWarning(lcIntake) << "draft not cleared:" << s.error().code;
    Q_EMIT saved(r.value());
    startNew();
    return r;
}

void IntakeViewModel::startNew(const QString &callId, const QString &ani, const QString &callerName)
{
    m_case = CaseRecord{};
    m_case.callId = callId;
    m_case.caller.name = callerName;
    m_phoneText = phoneFieldText(ani);
    m_nationalIdText.clear();
    m_unitChosen = false;
    m_dirty = false;
    m_draftStale = false;
    m_lastPhone = normalizedPhone();
    Q_EMIT reset();
    Q_EMIT phoneNormalized(m_lastPhone);
    revalidate();
}

void IntakeViewModel::editCase(const CaseRecord &c)
{
    m_case = c;
    m_phoneText = phoneFieldText(c.caller.phone);
    m_nationalIdText = c.caller.nationalId;
    m_unitChosen = true;
    m_dirty = false;
    m_draftStale = false;
    m_lastPhone = normalizedPhone();
    Q_EMIT reset();
    Q_EMIT phoneNormalized(m_lastPhone);
    revalidate();
}

QJsonObject IntakeViewModel::toJson() const
{
    return QJsonObject{
        {QStringLiteral("case_id"), m_case.id},
        {QStringLiteral("call_id"), m_case.callId},
        {QStringLiteral("channel"), ChannelText::code(m_case.channel)},
        {QStringLiteral("case_type"), CaseTypeText::code(m_case.caseType)},
        {QStringLiteral("service_code"), m_case.serviceCode},
        {QStringLiteral("description"), m_case.description},
        {QStringLiteral("caller_name"), m_case.caller.name},
        {QStringLiteral("phone"), m_phoneText},
        {QStringLiteral("national_id"), m_nationalIdText},
        {QStringLiteral("anonymous"), m_case.caller.anonymous},
        {QStringLiteral("district"), m_case.location.district},
        {QStringLiteral("neighbourhood"), m_case.location.neighbourhood},
        {QStringLiteral("address"), m_case.location.address},
        {QStringLiteral("urgency"), UrgencyText::code(m_case.urgency)},
        {QStringLiteral("agency_responsible"), m_case.agencyResponsible},
        {QStringLiteral("unit_chosen"), m_unitChosen},
        {QStringLiteral("kb_articles"), QJsonArray::fromStringList(m_case.usedArticles)},
    };
}

void IntakeViewModel::fromJson(const QJsonObject &o)
{
    auto s = [&o](const char *k) {
        return o.value(QLatin1String(k)).toString();
    };
    m_case = CaseRecord{};
    m_case.id = s("case_id");
    m_case.callId = s("call_id");
    m_case.channel = ChannelText::fromCode(s("channel")).value_or(Channel::Phone);
    m_case.caseType = CaseTypeText::fromCode(s("case_type")).value_or(CaseType::Complaint);
    m_case.serviceCode = s("service_code");
    m_case.description = s("description");
    m_case.caller.name = s("caller_name");
    m_phoneText = s("phone");
    m_nationalIdText = s("national_id");
    m_case.caller.anonymous = o.value(QLatin1String("anonymous")).toBool();
    m_case.location.district = o.value(QLatin1String("district")).toInt();
    m_case.location.neighbourhood = s("neighbourhood");
    m_case.location.address = s("address");
    m_case.urgency = UrgencyText::fromCode(s("urgency")).value_or(Urgency::Normal);
    m_case.agencyResponsible = s("agency_responsible");
    m_unitChosen = o.value(QLatin1String("unit_chosen")).toBool();
    for (const QJsonValue &v : o.value(QLatin1String("kb_articles")).toArray())
        m_case.usedArticles << v.toString();
    if (!m_case.id.isEmpty()) {
        // An amendment in progress: keep the stored identity fields.
        if (const auto stored = Storage::CaseReader::find(m_db->writer(), m_case.id);
            stored && stored.value()) {
            const CaseRecord &base = *stored.value();
            m_case.trackingCode = base.trackingCode;
            m_case.status = base.status;
            m_case.requestedAt = base.requestedAt;
        } else {
            m_case.id.clear();
        }
    }
    m_dirty = true;
    m_draftStale = true;
    m_lastPhone = normalizedPhone();
    Q_EMIT reset();
    Q_EMIT phoneNormalized(m_lastPhone);
    revalidate();
}

std::optional<Storage::Draft> IntakeViewModel::pendingDraft() const
{
    const auto d = Storage::DraftStore::load(m_db->writer(), kDraftSlot);
    return d ? d.value() : std::nullopt;
}

bool IntakeViewModel::restoreDraft()
{
    const auto d = pendingDraft();
    if (!d)
        return false;
    fromJson(d->fields);
    return true;
}

void IntakeViewModel::discardDraft()
{
    Storage::DraftStore::clear(m_db->writer(), kDraftSlot);
}

bool IntakeViewModel::autosaveNow()
{
    const auto s = Storage::DraftStore::save(m_db->writer(), kDraftSlot, toJson());
    if (!s) {
        Q_EMIT autosaveFailed(s.error().message);
        return false;
    }
    m_draftStale = false; // the form stays dirty: a draft is not a saved case
    return true;
}

} // namespace Pasokh::ViewModels
