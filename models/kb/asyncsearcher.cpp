// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/asyncsearcher.h"

#include "models/kb/kblog.h"
#include "models/kb/kbrepository.h"
#include "models/kb/kbsearch.h"
#include "models/storage/database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <optional>

namespace Pasokh::Kb {

struct AsyncSearcher::Worker
{
    ConnectionOpener opener;
    std::atomic<quint64> latestSearch{0};
    std::atomic<quint64> latestSuggest{0};
    // Below: used on the worker thread only.
    QString connectionName;
    std::optional<Core::Error> openError;
    bool opened = false;

    // Opens the connection on first use; returns false with openError set when that failed.
    bool ensureOpen()
    {
        if (!opened) {
            opened = true;
            Core::Result<QString> name = opener();
            if (name)
                connectionName = name.value();
            else
                openError = name.error();
        }
        return !openError.has_value();
    }

    void close()
    {
        if (!connectionName.isEmpty()) {
            Storage::Database::closeConnection(connectionName);
            connectionName.clear();
        }
    }
};

AsyncSearcher::AsyncSearcher(ConnectionOpener opener, QObject *parent)
    : QObject(parent), m_worker(std::make_shared<Worker>())
{
    m_worker->opener = std::move(opener);
    m_thread.setObjectName(QStringLiteral("pasokh-kb-search"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    const std::shared_ptr<Worker> worker = m_worker;
    connect(
        &m_thread, &QThread::finished, m_context, [worker] { worker->close(); }, Qt::DirectConnection);
    m_thread.start();

    for (QTimer *timer : {&m_searchTimer, &m_suggestTimer}) {
        timer->setSingleShot(true);
        timer->setInterval(DefaultDebounceMs);
    }
    connect(&m_searchTimer, &QTimer::timeout, this, &AsyncSearcher::sendSearch);
    connect(&m_suggestTimer, &QTimer::timeout, this, &AsyncSearcher::sendSuggest);
}

AsyncSearcher::~AsyncSearcher()
{
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

AsyncSearcher::ConnectionOpener AsyncSearcher::storeReader(const QString &path)
{
    return [path]() -> Core::Result<QString> {
        static std::atomic<int> counter{0};
        const QString name = QStringLiteral("pasokh-kb-read-%1").arg(++counter);
        const Core::Result<QSqlDatabase> db = Storage::Database::openReader(path, name);
        if (!db)
            return Core::Error{db.error().code,
                               QStringLiteral("cannot open the knowledge base: ") + db.error().message};
        // The search reads the index through a memory map instead of a read() per page past SQLite's 2 MiB
        // page cache: type-ahead spent ~14 % of its CPU copying pages out of the kernel (20,000 articles, a
        // 264 MB store). Only touched pages are mapped in; where SQLite cannot map it reads as before
        // (sqlite.org/mmap.html), so a failure here costs speed only.
        QSqlQuery mmap(db.value());
        if (!mmap.exec(QStringLiteral("PRAGMA mmap_size = 268435456")))
            qCWarning(lcKb) << "knowledge base reader without a memory map:" << mmap.lastError().text();
        return name;
    };
}

void AsyncSearcher::setDebounceInterval(int ms)
{
    m_searchTimer.setInterval(std::max(0, ms));
    m_suggestTimer.setInterval(std::max(0, ms));
}

int AsyncSearcher::debounceInterval() const
{
    return m_searchTimer.interval();
}

void AsyncSearcher::setLimits(int searchLimit, int suggestLimit)
{
    m_searchLimit = std::max(1, searchLimit);
    m_suggestLimit = std::max(1, suggestLimit);
}

void AsyncSearcher::search(const QString &query)
{
    m_pendingQuery = query;
    ++m_searchSerial; // anything in flight is stale from now on
    m_worker->latestSearch.store(m_searchSerial);
    if (query.trimmed().isEmpty()) {
        m_searchTimer.stop();
        Q_EMIT resultsReady(query, {});
        return;
    }
    if (m_searchTimer.interval() == 0)
        sendSearch();
    else
        m_searchTimer.start();
}

void AsyncSearcher::sendSearch()
{
    const quint64 serial = ++m_searchSerial;
    m_worker->latestSearch.store(serial);
    const QString query = m_pendingQuery;
    const int limit = m_searchLimit;
    const std::shared_ptr<Worker> worker = m_worker;
    QMetaObject::invokeMethod(
        m_context,
        [this, worker, serial, query, limit] {
            if (worker->latestSearch.load() != serial)
                return; // superseded before it started
            Core::Result<QList<SearchHit>> hits = worker->ensureOpen()
                                                      ? KbSearch(worker->connectionName).search(query, limit)
                                                      : Core::Result<QList<SearchHit>>(*worker->openError);
            // `this` outlives the worker thread (the destructor waits for it), so the call is safe.
            QMetaObject::invokeMethod(
                this,
                [this, serial, query, hits = std::move(hits)] {
                    if (serial != m_searchSerial) {
                        ++m_dropped;
                        return;
                    }
                    if (hits)
                        Q_EMIT resultsReady(query, hits.value());
                    else
                        Q_EMIT failed(hits.error().message);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void AsyncSearcher::suggest(const QString &categoryCode, const QString &description)
{
    m_pendingCategory = categoryCode;
    m_pendingDescription = description;
    ++m_suggestSerial;
    m_worker->latestSuggest.store(m_suggestSerial);
    if (m_suggestTimer.interval() == 0)
        sendSuggest();
    else
        m_suggestTimer.start();
}

void AsyncSearcher::sendSuggest()
{
    const quint64 serial = ++m_suggestSerial;
    m_worker->latestSuggest.store(serial);
    const QString category = m_pendingCategory;
    const QString description = m_pendingDescription;
    const int limit = m_suggestLimit;
    const std::shared_ptr<Worker> worker = m_worker;
    QMetaObject::invokeMethod(
        m_context,
        [this, worker, serial, category, description, limit] {
            if (worker->latestSuggest.load() != serial)
                return;
            Core::Result<QList<SearchHit>> hits =
                worker->ensureOpen() ? KbSearch(worker->connectionName).suggest(category, description, limit)
                                     : Core::Result<QList<SearchHit>>(*worker->openError);
            QMetaObject::invokeMethod(
                this,
                [this, serial, hits = std::move(hits)] {
                    if (serial != m_suggestSerial) {
                        ++m_dropped;
                        return;
                    }
                    if (hits)
                        Q_EMIT suggestionsReady(hits.value());
                    else
                        Q_EMIT failed(hits.error().message);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void AsyncSearcher::fetchArticle(const QString &articleId)
{
    const quint64 serial = ++m_articleSerial;
    const std::shared_ptr<Worker> worker = m_worker;
    QMetaObject::invokeMethod(
        m_context,
        [this, worker, serial, articleId] {
            Core::Result<std::optional<Article>> article =
                worker->ensureOpen() ? KbRepository(worker->connectionName).article(articleId)
                                     : Core::Result<std::optional<Article>>(*worker->openError);
            QMetaObject::invokeMethod(
                this,
                [this, serial, articleId, article = std::move(article)] {
                    if (serial != m_articleSerial) {
                        ++m_dropped;
                        return;
                    }
                    if (!article)
                        Q_EMIT failed(article.error().message);
                    else if (!article.value().has_value())
                        Q_EMIT failed(QStringLiteral("no article with id %1").arg(articleId));
                    else
                        Q_EMIT articleReady(*article.value());
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace Pasokh::Kb
