// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/connectionpool.h"

#include <chrono>

namespace Pasokh::Hub {

PooledConnection::PooledConnection(ConnectionPool *pool, std::unique_ptr<SqlConnection> conn)
    : m_pool(pool), m_conn(std::move(conn))
{
}

PooledConnection::PooledConnection(PooledConnection &&other) noexcept
    : m_pool(other.m_pool), m_conn(std::move(other.m_conn))
{
}

PooledConnection::~PooledConnection()
{
    if (m_pool && m_conn)
        m_pool->release(std::move(m_conn));
}

ConnectionPool::ConnectionPool(QString url, int size, int waitMs)
    : m_url(std::move(url)), m_size(std::max(1, size)), m_waitMs(waitMs)
{
}

PooledConnection ConnectionPool::acquire(QString *error)
{
    std::unique_lock lock(m_mutex);
    const bool ready = m_cv.wait_for(lock, std::chrono::milliseconds(m_waitMs),
                                     [this] { return !m_idle.empty() || m_opened < m_size; });
    if (!ready) {
        if (error)
            *error = QStringLiteral("no database connection free");
        return PooledConnection(this, nullptr);
    }
    if (!m_idle.empty()) {
        auto conn = std::move(m_idle.back());
        m_idle.pop_back();
        lock.unlock();
        if (!conn->ensureConnected())
            return giveUpSlot(error, QStringLiteral("database connection lost"));
        return PooledConnection(this, std::move(conn));
    }
    ++m_opened;
    lock.unlock();
    QString openError;
    auto conn = openSqlConnection(m_url, &openError);
    if (!conn)
        return giveUpSlot(error, openError);
    return PooledConnection(this, std::move(conn));
}

PooledConnection ConnectionPool::giveUpSlot(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    std::lock_guard lock(m_mutex);
    --m_opened;
    m_cv.notify_one();
    return PooledConnection(this, nullptr);
}

void ConnectionPool::release(std::unique_ptr<SqlConnection> conn)
{
    if (conn->inTransaction())
        conn->rollback(); // never hand out a connection in the middle of someone else's transaction
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(conn));
    m_cv.notify_one();
}

} // namespace Pasokh::Hub
