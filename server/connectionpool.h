// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sqlconnection.h"

#include <condition_variable>
#include <functional>
#include <mutex>

namespace Pasokh::Hub {

class ConnectionPool;

/// A connection borrowed from the pool; returned when this object dies. `get()` is nullptr when the pool
/// could not supply a connection in time (the caller answers 503).
class PooledConnection
{
public:
    PooledConnection(ConnectionPool *pool, std::unique_ptr<SqlConnection> conn);
    PooledConnection(PooledConnection &&other) noexcept;
    PooledConnection &operator=(PooledConnection &&) = delete;
    ~PooledConnection();
    SqlConnection *get() const { return m_conn.get(); }
    SqlConnection *operator->() const { return m_conn.get(); }
    explicit operator bool() const { return m_conn != nullptr; }

private:
    ConnectionPool *m_pool;
    std::unique_ptr<SqlConnection> m_conn;
};

/// A fixed-size pool of database connections opened lazily from one `--db` URL. Thread-safe.
class ConnectionPool
{
public:
    /// `size` connections at most; acquire() waits up to `waitMs` milliseconds for a free one.
    ConnectionPool(QString url, int size, int waitMs = 10000);
    /// Borrows a connection (opening one if below `size`); an empty PooledConnection on timeout or open
    /// failure
    /// (`error` gets the reason).
    PooledConnection acquire(QString *error = nullptr);
    /// The URL given at construction.
    QString url() const { return m_url; }

private:
    friend class PooledConnection;
    void release(std::unique_ptr<SqlConnection> conn);
    /// A connection slot that could not be filled: frees it and returns an empty PooledConnection.
    PooledConnection giveUpSlot(QString *error, const QString &reason);

    QString m_url;
    int m_size;
    int m_waitMs;
    int m_opened = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::unique_ptr<SqlConnection>> m_idle;
};

} // namespace Pasokh::Hub
