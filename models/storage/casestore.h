// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/core/result.h"
#include "models/storage/database.h"
#include "models/storage/referencedata.h"

#include <memory>

namespace Pasokh::Storage {

/// Writes cases on the store's writer connection. Each write is one BEGIN IMMEDIATE transaction holding the
/// case row, its case_events row, the caller row, the call link and the outbox row: all commit or none does
/// (DESIGN.md). Use on the thread that opened the Database.
class CaseStore
{
public:
    /// `station` (1..99) and `operatorName` stamp every case; `catalog` gives SLA days and validation rules.
    CaseStore(std::shared_ptr<Database> db, std::shared_ptr<const ReferenceCatalog> catalog, int station,
              QString operatorName);

    /// Registers a new case from the intake form: validates it (CaseValidator; blocking issues → "invalid"
    /// with the first message), gives it an id (UUIDv7, unless set), a tracking code (this station's next
    /// sequence of the current Jalali year), requested_at = now (UTC), expected_at = now + the category's SLA
    /// days, status registered. Text fields are sanitised (PersianText::sanitized). Returns the saved case.
    /// Errors: "invalid", "sequence_exhausted", storage errors ("disk_full", "read_only", "locked", ...). On
    /// error nothing is written and the caller keeps its data.
    Core::Result<Core::CaseRecord> registerCase(Core::CaseRecord draft);

    /// Amends a case that the hub has not acknowledged yet (status registered): writes the changed intake
    /// fields, a case_events row {field: [old, new]} and an outbox row (op "amend"). No change → returns the
    /// stored case. Errors: "not_found", "not_editable" (already submitted), "invalid", storage errors.
    Core::Result<Core::CaseRecord> amendCase(const Core::CaseRecord &updated);

    /// Uses a newer reference catalog for the next writes (a hub pull changed categories, units or
    /// districts). Ignores null.
    void setCatalog(std::shared_ptr<const ReferenceCatalog> catalog)
    {
        if (catalog)
            m_catalog = std::move(catalog);
    }

    int station() const { return m_station; }
    QString operatorName() const { return m_operator; }
    void setOperatorName(const QString &name) { m_operator = name; }

private:
    Core::CaseRecord cleaned(Core::CaseRecord c) const;

    std::shared_ptr<Database> m_db;
    std::shared_ptr<const ReferenceCatalog> m_catalog;
    int m_station;
    QString m_operator;
};

} // namespace Pasokh::Storage
