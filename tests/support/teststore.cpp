// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/teststore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace Pasokh::Testing {

TestStore::TestStore(const QString &connectionName)
{
    auto db = Storage::Database::open(dbPath(), connectionName);
    if (!db) {
        m_error = db.error().code + QLatin1String(": ") + db.error().message;
        return;
    }
    m_db = db.value();
    if (auto s = Storage::ReferenceCatalog::importIfEmpty(m_db->writer()); !s) {
        m_error = s.error().message;
        return;
    }
    auto catalog = Storage::ReferenceCatalog::load(m_db->writer());
    if (!catalog) {
        m_error = catalog.error().message;
        return;
    }
    m_catalog = std::make_shared<const Storage::ReferenceCatalog>(std::move(catalog).value());
    m_cases = std::make_unique<Storage::CaseStore>(m_db, m_catalog, 7, QStringLiteral("op-test"));
}

TestStore::~TestStore()
{
    m_cases.reset();
    m_db.reset();
}

QString TestStore::dbPath() const
{
    return m_dir.filePath(QStringLiteral("pasokh.sqlite"));
}

bool TestStore::exec(const QString &sql) const
{
    QSqlQuery q(m_db->writer());
    if (!q.exec(sql)) {
        qWarning() << "SQL failed:" << sql << q.lastError().text();
        return false;
    }
    return true;
}

qint64 TestStore::scalar(const QString &sql) const
{
    QSqlQuery q(m_db->writer());
    if (!q.exec(sql) || !q.next()) {
        qWarning() << "SQL failed:" << sql << q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

Core::CaseRecord TestStore::sampleCase()
{
    Core::CaseRecord c;
    c.channel = Core::Channel::Phone;
    c.caseType = Core::CaseType::Complaint;
    c.serviceCode = QStringLiteral("WASTE-COLLECT");
    c.description = QStringLiteral(
        "زباله‌های کوچه از سه روز پیش جمع‌آوری نشده است");
    c.caller.name = QStringLiteral("مریم احمدی");
    c.caller.phone = QStringLiteral("09151234567");
    c.location.district = 7;
    c.location.address = QStringLiteral("بلوار توس، توس ۶۴");
    c.agencyResponsible = QStringLiteral("D07");
    return c;
}

} // namespace Pasokh::Testing
