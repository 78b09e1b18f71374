// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/kb/article.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

namespace Pasokh::Kb {

/// Runs knowledge-base searches, suggestions and article reads off the GUI thread, on a worker thread with
/// its own read connection (a QSqlDatabase connection may only be used on the thread that opened it).
/// Requests are debounced (search and suggest), a request superseded before it started is skipped, and
/// results of any request older than the latest are dropped, so the panel never shows stale hits. Signals are
/// emitted on the thread that owns this object. Failures arrive as failed(), never as exceptions or dialogs.
class AsyncSearcher : public QObject
{
    Q_OBJECT

public:
    /// Opens a connection on the calling (worker) thread and returns its name; called once, lazily, on the
    /// worker. The connection is closed and removed (Storage::Database::closeConnection) when the worker
    /// stops.
    using ConnectionOpener = std::function<Core::Result<QString>()>;

    /// Default debounce delay between the last keystroke and the search, in ms.
    static constexpr int DefaultDebounceMs = 120;

    explicit AsyncSearcher(ConnectionOpener opener, QObject *parent = nullptr);
    ~AsyncSearcher() override;

    /// An opener for a read connection of the console's store at `path` (Storage::Database::openReader: same
    /// settings as the writer, query_only), closed with Storage::Database::closeConnection.
    static ConnectionOpener storeReader(const QString &path);

    /// Delay in ms between the last search()/suggest() call and the request; 0 sends at once.
    void setDebounceInterval(int ms);
    int debounceInterval() const;

    /// Number of hits asked for per search (default 20) and per suggestion (default 5).
    void setLimits(int searchLimit, int suggestLimit);

    /// Results that arrived after a newer request was made and were therefore not emitted (for tests and
    /// logs).
    int droppedResults() const { return m_dropped; }

public Q_SLOTS:
    /// Searches for `query` after the debounce delay; an empty query emits an empty result at once.
    void search(const QString &query);
    /// Proposes articles for the chosen category code and the description typed so far (debounced).
    void suggest(const QString &categoryCode, const QString &description);
    /// Reads one article; answered by articleReady() or failed().
    void fetchArticle(const QString &articleId);

Q_SIGNALS:
    /// The hits for `query`, best first; only for the latest search.
    void resultsReady(const QString &query, const QList<Pasokh::Kb::SearchHit> &hits);
    /// The suggestions for the latest suggest() call.
    void suggestionsReady(const QList<Pasokh::Kb::SearchHit> &hits);
    /// The article asked for by the latest fetchArticle().
    void articleReady(const Pasokh::Kb::Article &article);
    /// A search, suggestion or read failed; message is meant for the log and a status line.
    void failed(const QString &message);

private:
    struct Worker;

    void sendSearch();
    void sendSuggest();

    std::shared_ptr<Worker> m_worker;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    QTimer m_searchTimer;
    QTimer m_suggestTimer;
    QString m_pendingQuery;
    QString m_pendingCategory;
    QString m_pendingDescription;
    quint64 m_searchSerial = 0;
    quint64 m_suggestSerial = 0;
    quint64 m_articleSerial = 0;
    int m_searchLimit = 20;
    int m_suggestLimit = 5;
    int m_dropped = 0;
};

} // namespace Pasokh::Kb
