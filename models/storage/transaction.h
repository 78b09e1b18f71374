// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QSqlDatabase>

namespace Pasokh::Storage {

/// A write transaction started with BEGIN IMMEDIATE (takes the write lock at once, so a busy store fails at
/// the start, not half-way). Rolls back in the destructor unless commit() succeeded.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    /// Whether BEGIN IMMEDIATE succeeded; when false, error() says why ("locked", "read_only",
    /// "disk_full"...).
    bool isActive() const { return m_active; }
    const Core::Error &error() const { return m_error; }
    /// Commits; on failure the transaction is rolled back and the error returned.
    Core::Status commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    Core::Error m_error;
};

} // namespace Pasokh::Storage
