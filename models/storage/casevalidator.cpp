// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/casevalidator.h"

#include "models/core/nationalid.h"
#include "models/core/phonenumber.h"

#include <QCoreApplication>

#include <algorithm>

namespace Pasokh::Storage {

QList<FieldIssue> CaseValidator::validate(const Core::CaseRecord &c) const
{
    QList<FieldIssue> issues;
    const Category *category = m_catalog.category(c.serviceCode);
    if (c.serviceCode.isEmpty())
        issues.append({QStringLiteral("service_code"),
                       QCoreApplication::translate("CaseValidator", "Choose a category.")});
    else if (!category || category->parent.isEmpty())
        issues.append(
            {QStringLiteral("service_code"),
             QCoreApplication::translate("CaseValidator", "Choose a category from the list (not a group).")});

    if (c.description.trimmed().isEmpty())
        issues.append({QStringLiteral("description"),
                       QCoreApplication::translate("CaseValidator", "Describe the problem.")});
    else if (c.description.size() > kMaxDescription)
        issues.append({QStringLiteral("description"),
                       QCoreApplication::translate(
                           "CaseValidator",
                           "The description is too long (%1 characters; at most %2). Shorten it; nothing was "
                           "removed.")
                           .arg(c.description.size())
                           .arg(kMaxDescription)});

    if (!c.caller.phone.isEmpty()) {
        const auto phone = Core::PhoneNumber::normalize(c.caller.phone);
        if (!phone)
            issues.append({QStringLiteral("phone"), phone.error().message});
    } else if (!c.caller.anonymous && c.channel == Core::Channel::Phone) {
        issues.append({QStringLiteral("phone"),
                       QCoreApplication::translate("CaseValidator",
                                                   "No phone number: the unit cannot call the citizen back."),
                       false});
    }
    if (!c.caller.nationalId.isEmpty()) {
        const auto id = Core::NationalId::validate(c.caller.nationalId);
        if (!id)
            issues.append({QStringLiteral("national_id"), id.error().message});
        else
            for (const QString &w : id.value().warnings)
                issues.append({QStringLiteral("national_id"), w, false});
    }

    const bool needsDistrict = category && category->defaultUnit == QLatin1String("DISTRICT");
    if (c.location.district != 0 && !m_catalog.district(c.location.district))
        issues.append(
            {QStringLiteral("district"), QCoreApplication::translate("CaseValidator", "Unknown district.")});
    else if (needsDistrict && c.location.district == 0)
        issues.append({QStringLiteral("district"),
                       QCoreApplication::translate("CaseValidator",
                                                   "Choose the district: this category is referred to the "
                                                   "district municipality.")});

    const bool answeredOnCall = category && category->slaDays == 0;
    if (!c.agencyResponsible.isEmpty() && !m_catalog.unit(c.agencyResponsible))
        issues.append({QStringLiteral("agency_responsible"),
                       QCoreApplication::translate("CaseValidator", "Unknown referral unit.")});
    else if (c.agencyResponsible.isEmpty() && category && !answeredOnCall)
        issues.append(
            {QStringLiteral("agency_responsible"),
             QCoreApplication::translate("CaseValidator", "Choose the unit the case is referred to.")});

    std::stable_sort(issues.begin(), issues.end(),
                     [](const FieldIssue &a, const FieldIssue &b) { return a.blocking && !b.blocking; });
    return issues;
}

bool CaseValidator::canSave(const QList<FieldIssue> &issues)
{
    return std::none_of(issues.cbegin(), issues.cend(), [](const FieldIssue &i) { return i.blocking; });
}

} // namespace Pasokh::Storage
