// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/transaction.h"

#include "models/storage/storageerror.h"

#include <QSqlQuery>

namespace Pasokh::Storage {

WriteTransaction::WriteTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    QSqlQuery q(m_db);
    m_active = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_active)
        m_error = storageError(q.lastError());
}

WriteTransaction::~WriteTransaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

Core::Status WriteTransaction::commit()
{
    if (!m_active)
        return Core::Status(m_error);
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const Core::Error e = storageError(q.lastError());
        QSqlQuery rollback(m_db);
        rollback.exec(QStringLiteral("ROLLBACK"));
        m_active = false;
        return Core::Status(e);
    }
    m_active = false;
    return {};
}

} // namespace Pasokh::Storage
