// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/storage/casestore.h"
#include "models/storage/database.h"
#include "models/storage/referencedata.h"

#include <QTemporaryDir>
#include <memory>

namespace Pasokh::Testing {

/// A console store in a fresh temporary folder: migrated, reference data imported, a CaseStore for station 7
/// and operator "op-test". Everything is removed when the object is destroyed.
class TestStore
{
public:
    /// `connectionName` must be unique among live stores.
    explicit TestStore(const QString &connectionName = QStringLiteral("test-writer"));
    ~TestStore();

    bool ok() const { return m_db != nullptr && m_catalog != nullptr; }
    QString error() const { return m_error; }
    QString dir() const { return m_dir.path(); }
    QString dbPath() const;
    std::shared_ptr<Storage::Database> db() const { return m_db; }
    std::shared_ptr<const Storage::ReferenceCatalog> catalog() const { return m_catalog; }
    Storage::CaseStore &cases() { return *m_cases; }
    /// Runs SQL on the writer, failing the current test on error.
    bool exec(const QString &sql) const;
    /// A single integer from a query on the writer (e.g. "SELECT count(*) FROM cases").
    qint64 scalar(const QString &sql) const;

    /// A valid intake: WASTE-COLLECT in district 7, a mobile caller, Persian description.
    static Core::CaseRecord sampleCase();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    std::unique_ptr<Storage::CaseStore> m_cases;
    QString m_error;
};

} // namespace Pasokh::Testing
