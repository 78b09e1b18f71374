// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/core/caselimits.h"
#include "models/storage/referencedata.h"

#include <QList>
#include <QString>

namespace Pasokh::Storage {

/// A problem with one intake field. `field` uses CasePayload's names ("service_code", "description", "phone",
/// "national_id", "district", "agency_responsible", ...). A blocking issue prevents saving; a warning does
/// not.
struct FieldIssue
{
    QString field;
    QString message; ///< Translated, shown inline beside the field.
    bool blocking = true;
};

/// The rules a case must meet before it is registered, shared by the intake form (inline messages) and the
/// store (which refuses a case that breaks a blocking rule). Phone and national ID rules: notes/persian.md
/// §3-4.
class CaseValidator
{
public:
    /// Longest description accepted, in UTF-16 units; longer text is refused, never cut.
    static constexpr int kMaxDescription = Core::CaseLimits::kDescription;

    explicit CaseValidator(const ReferenceCatalog &catalog) : m_catalog(catalog) {}

    /// All issues of `c`, blocking ones first. Phone and national ID are expected already normalised (E.164
    /// and 10 digits) when they come from the form's normalise step; raw values are checked with the same
    /// rules.
    QList<FieldIssue> validate(const Core::CaseRecord &c) const;

    /// True when none of `issues` is blocking.
    static bool canSave(const QList<FieldIssue> &issues);

private:
    const ReferenceCatalog &m_catalog;
};

} // namespace Pasokh::Storage
