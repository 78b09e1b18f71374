// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbrepository.h"

#include "models/core/persiantext.h"
#include "models/kb/kblog.h"
#include "models/kb/searchtext.h"
#include "models/storage/transaction.h"

#include <QFuture>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadPool>
#include <QVariant>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace Pasokh::Kb {

namespace {

using Core::Error;
using Core::Result;
using Core::Status;

Error sqlError(const QSqlQuery &query, const QString &what)
{
    return Error{QStringLiteral("sql"), what + QStringLiteral(": ") + query.lastError().text()};
}

Error noConnection(const QString &name)
{
    return Error{QStringLiteral("no_connection"),
                 QStringLiteral("knowledge base: connection '%1' is not open").arg(name)};
}

// The stored content hash of an article, or the one computed from its fields.
QString contentHash(const Article &article)
{
    return article.contentSha256.isEmpty() ? article.contentHash() : article.contentSha256;
}

/// The article's rows in the two full-text indexes, kept in step: kb_fts (every column) and kb_title_fts
/// (title and keywords only, for the title phase of a search: schema 9). Rowid = kb_articles.seq.
class FtsRows
{
public:
    explicit FtsRows(const QSqlDatabase &db)
        : m_insert(db), m_insertTitle(db), m_remove(db), m_removeTitle(db)
    {
        m_ok = m_insert.prepare(QStringLiteral(
                   "INSERT INTO kb_fts(rowid, title, keywords, body, alt) VALUES (?, ?, ?, ?, ?)")) &&
               m_insertTitle.prepare(
                   QStringLiteral("INSERT INTO kb_title_fts(rowid, title, keywords) VALUES (?, ?, ?)")) &&
               m_remove.prepare(QStringLiteral("DELETE FROM kb_fts WHERE rowid = ?")) &&
               m_removeTitle.prepare(QStringLiteral("DELETE FROM kb_title_fts WHERE rowid = ?"));
    }

    /// Whether every statement prepared; when not, error() says why.
    bool ok() const { return m_ok; }
    Error error() const
    {
        for (const QSqlQuery *q : {&m_insert, &m_insertTitle, &m_remove, &m_removeTitle})
            if (q->lastError().isValid())
                return sqlError(*q, QStringLiteral("prepare index statements"));
        return sqlError(m_insert, QStringLiteral("prepare index statements"));
    }

    /// Indexes the article with this seq (not indexed yet).
    Status add(qint64 seq, const SearchText::IndexColumns &columns)
    {
        for (const QVariant &v : {QVariant(seq), QVariant(columns.title), QVariant(columns.keywords),
                                  QVariant(columns.body), QVariant(columns.alt)})
            m_insert.addBindValue(v);
        if (!m_insert.exec())
            return sqlError(m_insert, QStringLiteral("index article"));
        for (const QVariant &v : {QVariant(seq), QVariant(columns.title), QVariant(columns.keywords)})
            m_insertTitle.addBindValue(v);
        if (!m_insertTitle.exec())
            return sqlError(m_insertTitle, QStringLiteral("index article title"));
        return {};
    }

    /// Takes the article with this seq out of both indexes (no error when it was not in them).
    Status remove(qint64 seq)
    {
        for (QSqlQuery *q : {&m_remove, &m_removeTitle}) {
            q->addBindValue(seq);
            if (!q->exec())
                return sqlError(*q, QStringLiteral("unindex article"));
        }
        return {};
    }

private:
    QSqlQuery m_insert;
    QSqlQuery m_insertTitle;
    QSqlQuery m_remove;
    QSqlQuery m_removeTitle;
    bool m_ok = false;
};

/// The full-text indexes FtsRows writes, for statements on each of them.
const QStringList kFtsTables = {QStringLiteral("kb_fts"), QStringLiteral("kb_title_fts")};

Status unindexArticle(const QSqlDatabase &db, qint64 seq)
{
    FtsRows fts(db);
    if (!fts.ok())
        return fts.error();
    return fts.remove(seq);
}

// Replaces the article's rows of a link table with prepared "DELETE ... WHERE article_id = ?" and
// "INSERT OR IGNORE ...(article_id, code) VALUES (?, ?)".
Status replaceLinks(QSqlQuery &remove, QSqlQuery &insert, const QString &articleId, const QStringList &codes)
{
    remove.addBindValue(articleId);
    if (!remove.exec())
        return sqlError(remove, QStringLiteral("links"));
    for (const QString &code : codes) {
        insert.addBindValue(articleId);
        insert.addBindValue(code);
        if (!insert.exec())
            return sqlError(insert, QStringLiteral("links"));
    }
    return {};
}

QStringList links(const QSqlDatabase &db, const QString &table, const QString &column,
                  const QString &articleId)
{
    QStringList codes;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT %2 FROM %1 WHERE article_id = ? ORDER BY %2").arg(table, column));
    query.addBindValue(articleId);
    if (query.exec()) {
        while (query.next())
            codes.append(query.value(0).toString());
    }
    return codes;
}

// Bulk indexing (a first import, a rebuild): FTS5 indexes without its merges along the way and merges once
// at the end ('optimize'), instead of the running merges rewriting the growing index again and again; its
// in-memory term table may grow to BulkHashBytes before it is written out as a segment (FTS5's 'hashsize',
// 1 MiB by default: 20,000 articles made ~100 segments for 'optimize' to merge again; it counts the bytes
// of terms and positions held, per table, and kb_title_fts holds a twentieth of kb_fts's); the page cache is
// raised meanwhile so the transaction does not spill half-built pages to the WAL. Inside the caller's
// transaction, so a failure rolls the settings back too.
constexpr int BulkHashBytes = 64 * 1024 * 1024;
Status beginBulkIndexing(const QSqlDatabase &db)
{
    QSqlQuery tune(db);
    for (const QString &table : kFtsTables) {
        if (!(tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('automerge', 0)").arg(table)) &&
              tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('crisismerge', 1000)").arg(table)) &&
              tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('hashsize', %2)")
                            .arg(table)
                            .arg(BulkHashBytes))))
            return sqlError(tune, QStringLiteral("bulk index settings"));
    }
    if (!tune.exec(QStringLiteral("PRAGMA cache_size = -65536")))
        return sqlError(tune, QStringLiteral("bulk index settings"));
    return {};
}

// FTS5's defaults back (automerge 4, crisismerge 16, hashsize 1 MiB: sqlite.org/fts5.html, "Configuration
// Options", and fts5_config.c), then one full merge, and the default page cache (2000 KiB).
Status endBulkIndexing(const QSqlDatabase &db)
{
    QSqlQuery tune(db);
    for (const QString &table : kFtsTables) {
        if (!(tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('automerge', 4)").arg(table)) &&
              tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('crisismerge', 16)").arg(table)) &&
              tune.exec(QStringLiteral("INSERT INTO %1(%1, rank) VALUES ('hashsize', 1048576)").arg(table)) &&
              tune.exec(QStringLiteral("INSERT INTO %1(%1) VALUES ('optimize')").arg(table))))
            return sqlError(tune, QStringLiteral("bulk index merge"));
    }
    if (!tune.exec(QStringLiteral("PRAGMA cache_size = -2000")))
        return sqlError(tune, QStringLiteral("bulk index merge"));
    return {};
}

// Drops the FTS5 table and creates it again, empty, from its own CREATE statement (sqlite_schema), with
// the settings it had (its %_config rows but 'version', which FTS5 writes itself: the bm25 weights in
// 'rank'). Emptying it with DELETE re-tokenised every stored row to take its terms out (20,000 articles:
// 4.4 s; the drop takes 0.5 s) and left those deletions in the index for the merge. Inside the caller's
// transaction, so a failure leaves the old table as it was.
Status recreateEmpty(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery read(db);
    read.setForwardOnly(true);
    read.prepare(QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?"));
    read.addBindValue(table);
    if (!read.exec())
        return sqlError(read, QStringLiteral("read index definition"));
    if (!read.next())
        return Error{QStringLiteral("sql"), QStringLiteral("no table %1 in the store").arg(table)};
    const QString create = read.value(0).toString();
    read.finish();
    QList<std::pair<QVariant, QVariant>> settings;
    if (!read.exec(QStringLiteral("SELECT k, v FROM %1_config WHERE k <> 'version'").arg(table)))
        return sqlError(read, QStringLiteral("read index settings"));
    while (read.next())
        settings.append({read.value(0), read.value(1)});
    read.finish();

    QSqlQuery write(db);
    if (!write.exec(QStringLiteral("DROP TABLE %1").arg(table)) || !write.exec(create))
        return sqlError(write, QStringLiteral("create index again"));
    write.prepare(QStringLiteral("INSERT INTO %1(%1, rank) VALUES (?, ?)").arg(table));
    for (const auto &[key, value] : std::as_const(settings)) {
        write.addBindValue(key);
        write.addBindValue(value);
        if (!write.exec())
            return sqlError(write, QStringLiteral("index settings"));
    }
    return {};
}

// Marks the article with this seq retired (updated at `nowMs`) and removes its row from kb_fts.
Status retireSeq(const QSqlDatabase &db, qint64 seq, qint64 nowMs)
{
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE kb_articles SET retired = 1, updated_at_utc = ? WHERE seq = ?"));
    update.addBindValue(nowMs);
    update.addBindValue(seq);
    if (!update.exec())
        return sqlError(update, QStringLiteral("retire article"));
    return unindexArticle(db, seq);
}

// A bindable text that is never NULL (QSQLITE binds a null QString as NULL).
QVariant bindable(const QString &value)
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QString keywordsKeyOf(const Article &article)
{
    QStringList keys;
    for (const QString &keyword : article.keywords)
        keys.append(Core::PersianText::searchKey(keyword));
    return keys.join(QLatin1Char(' '));
}

// Batches of at least this many articles prepare their text on a thread pool; smaller ones on the caller's
// thread (starting threads costs more than it saves).
constexpr qsizetype ParallelArticles = 64;
// Articles per task of the pool: large enough that a task outweighs its scheduling, small enough that the
// writer gets its first chunk early and the cores share the tail evenly.
constexpr qsizetype ChunkArticles = 128;

// Calls `prepare(i)` for i in [0, count) on a private thread pool with one thread per core, in chunks of
// ChunkArticles, while the calling thread hands each result to `write(i, result)` in order (i = 0, 1, ...)
// as soon as its chunk is ready: the text of the next articles is prepared while SQLite, which has a single
// writer, inserts the previous ones. The order of the writes, and so the outcome, is the same as a serial
// loop's. Stops at the first failed write (chunks not yet started are dropped) and returns its error.
// `prepare` must be safe to run on several threads at once.
template <typename Prepare, typename Write>
Status prepareInParallel(qsizetype count, const Prepare &prepare, const Write &write)
{
    using Value = std::invoke_result_t<Prepare, qsizetype>;
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    const auto dropQueued = qScopeGuard([&pool] { pool.clear(); });
    QList<QFuture<QList<Value>>> chunks;
    for (qsizetype first = 0; first < count; first += ChunkArticles) {
        const qsizetype end = std::min(count, first + ChunkArticles);
        chunks.append(QtConcurrent::run(&pool, [&prepare, first, end] {
            QList<Value> values;
            values.reserve(end - first);
            for (qsizetype i = first; i < end; ++i)
                values.append(prepare(i));
            return values;
        }));
    }
    for (qsizetype chunk = 0; chunk < chunks.size(); ++chunk) {
        const QList<Value> values = chunks[chunk].result();
        chunks[chunk] = QFuture<QList<Value>>(); // frees the chunk's text once written
        for (qsizetype j = 0; j < values.size(); ++j) {
            if (Status s = write(chunk * ChunkArticles + j, values.at(j)); !s)
                return s;
        }
    }
    return {};
}

// The write transaction started, or why not ("no_connection" or the store's error).
Status begun(const QSqlDatabase &db, const Storage::WriteTransaction &transaction,
             const QString &connectionName)
{
    if (!db.isOpen())
        return noConnection(connectionName);
    if (!transaction.isActive())
        return transaction.error();
    return {};
}

} // namespace

KbRepository::KbRepository(QString connectionName) : m_connectionName(std::move(connectionName)) {}

Result<KbRepository::Outcome> KbRepository::upsert(const Article &article)
{
    Result<QList<Outcome>> all = upsertAll({article});
    if (!all)
        return all.error();
    return all.value().constFirst();
}

/// The statements of an upsert, prepared once per batch (a 20,000-article import ran ~180,000 prepares).
struct KbRepository::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : find(db), update(db), insert(db), fts(db), removeCategories(db), insertCategory(db),
          removeUnits(db), insertUnit(db)
    {
        ok = find.prepare(QStringLiteral(
                 "SELECT seq, content_sha256, version, retired FROM kb_articles WHERE id = ?")) &&
             update.prepare(QStringLiteral(
                 "UPDATE kb_articles SET title = ?, title_key = ?, keywords_key = ?, body = ?, keywords = ?, "
                 "version = ?, content_sha256 = ?, updated_at_utc = ?, reviewed_on = ?, retired = 0 WHERE "
                 "seq = "
                 "?")) &&
             insert.prepare(QStringLiteral(
                 "INSERT INTO kb_articles(id, title, title_key, keywords_key, body, keywords, version, "
                 "content_sha256, updated_at_utc, reviewed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) &&
             fts.ok() &&
             removeCategories.prepare(
                 QStringLiteral("DELETE FROM kb_article_categories WHERE article_id = ?")) &&
             insertCategory.prepare(QStringLiteral(
                 "INSERT OR IGNORE INTO kb_article_categories(article_id, category_code) VALUES (?, ?)")) &&
             removeUnits.prepare(QStringLiteral("DELETE FROM kb_article_units WHERE article_id = ?")) &&
             insertUnit.prepare(QStringLiteral(
                 "INSERT OR IGNORE INTO kb_article_units(article_id, unit_code) VALUES (?, ?)"));
        find.setForwardOnly(true);
    }

    bool ok = false;
    QSqlQuery find;
    QSqlQuery update;
    QSqlQuery insert;
    FtsRows fts;
    QSqlQuery removeCategories;
    QSqlQuery insertCategory;
    QSqlQuery removeUnits;
    QSqlQuery insertUnit;
};

/// The normalised text an upsert writes for one article: its kb_fts columns and kb_articles.keywords_key.
struct KbRepository::PreparedText
{
    SearchText::IndexColumns columns;
    QString keywordsKey;

    static PreparedText of(const Article &article)
    {
        return PreparedText{SearchText::indexColumns(article.title, article.keywords, article.body),
                            keywordsKeyOf(article)};
    }
};

Result<QList<KbRepository::Outcome>> KbRepository::upsertAll(const QList<Article> &articles)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    Result<QList<Outcome>> outcomes = upsertInTransaction(db, articles, QDateTime::currentMSecsSinceEpoch());
    if (!outcomes)
        return outcomes;
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return outcomes;
}

Result<QList<KbRepository::Outcome>> KbRepository::upsertInTransaction(const QSqlDatabase &db,
                                                                       const QList<Article> &articles,
                                                                       qint64 nowMs, Versioning versioning)
{
    Statements statements(db);
    if (!statements.ok)
        return Error{QStringLiteral("sql"),
                     QStringLiteral("prepare article statements: ") + db.lastError().text()};
    // A large batch (a first import, a rebuild from the hub) indexes without FTS5's merges along the way and
    // merges once at the end ('optimize'): the running merges rewrote the growing index again and again. The
    // page cache is raised meanwhile so the transaction does not spill half-built pages to the WAL.
    const bool bulk = articles.size() >= BulkArticles;
    if (bulk) {
        if (Status s = beginBulkIndexing(db); !s)
            return s.error();
    }
    QList<Outcome> outcomes;
    outcomes.reserve(articles.size());
    if (articles.size() < ParallelArticles) {
        for (const Article &article : articles) {
            Result<Outcome> outcome =
                upsertOne(statements, article, contentHash(article), nullptr, nowMs, versioning);
            if (!outcome)
                return outcome.error();
            outcomes.append(outcome.value());
        }
    } else if (Status s = upsertPrepared(statements, articles, nowMs, versioning, outcomes); !s) {
        return s.error();
    }
    if (bulk) {
        if (Status s = endBulkIndexing(db); !s)
            return s.error();
    }
    return outcomes;
}

Status KbRepository::upsertPrepared(Statements &statements, const QList<Article> &articles, qint64 nowMs,
                                    Versioning versioning, QList<Outcome> &outcomes)
{
    // Which articles will be written (new, changed or retired), so that unchanged ones of a re-import cost
    // no text preparation. The hashes are computed on all cores.
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    const QList<QString> hashes = QtConcurrent::blockingMapped<QList<QString>>(&pool, articles, contentHash);
    QList<bool> written(articles.size(), true);
    for (qsizetype i = 0; i < articles.size(); ++i) {
        Result<std::optional<Stored>> stored = findStored(statements, articles.at(i).id);
        if (!stored)
            return stored.error();
        const std::optional<Stored> &found = stored.value();
        written[i] = !found || found->hash != hashes.at(i) || found->retired;
    }
    // The text of the written ones is prepared on the other cores while this thread inserts (single writer).
    // An article the first pass found unchanged gets no prepared text; upsertOne() prepares it after all if
    // an earlier article of the batch with the same id changed the stored row.
    return prepareInParallel(
        articles.size(),
        [&articles, &written](qsizetype i) {
            return written.at(i) ? std::optional<PreparedText>(PreparedText::of(articles.at(i)))
                                 : std::optional<PreparedText>();
        },
        [&](qsizetype i, const std::optional<PreparedText> &text) -> Status {
            Result<Outcome> outcome = upsertOne(statements, articles.at(i), hashes.at(i),
                                                text ? &*text : nullptr, nowMs, versioning);
            if (!outcome)
                return outcome.error();
            outcomes.append(outcome.value());
            return {};
        });
}

Result<std::optional<KbRepository::Stored>> KbRepository::findStored(Statements &statements,
                                                                     const QString &articleId)
{
    QSqlQuery &find = statements.find;
    find.addBindValue(articleId);
    if (!find.exec())
        return sqlError(find, QStringLiteral("find article"));
    if (!find.next()) {
        find.finish();
        return std::optional<Stored>();
    }
    const Stored stored{find.value(0).toLongLong(), find.value(1).toString(), find.value(2).toInt(),
                        find.value(3).toInt() != 0};
    find.finish();
    return std::optional<Stored>(stored);
}

Result<KbRepository::Outcome> KbRepository::upsertOne(Statements &statements, const Article &article,
                                                      const QString &hash, const PreparedText *prepared,
                                                      qint64 nowMs, Versioning versioning)
{
    if (article.id.isEmpty() || article.title.isEmpty())
        return Error{QStringLiteral("invalid"), QStringLiteral("article without id or title")};

    Result<std::optional<Stored>> stored = findStored(statements, article.id);
    if (!stored)
        return stored.error();
    const bool exists = stored.value().has_value();
    const qint64 existingSeq = exists ? stored.value()->seq : 0;
    const QString existingHash = exists ? stored.value()->hash : QString();
    const int existingVersion = exists ? stored.value()->version : 0;
    const bool retired = exists && stored.value()->retired;
    const bool fromSource = versioning == Versioning::FromSource;
    if (exists && existingHash == hash && !retired && (!fromSource || existingVersion == article.version))
        return Outcome::Unchanged;

    // Normalised once: the title's key is also the index's title column.
    const PreparedText text = prepared ? *prepared : PreparedText::of(article);
    const SearchText::IndexColumns &columns = text.columns;
    const QString reviewed =
        article.reviewedOn.isValid() ? article.reviewedOn.toString(Qt::ISODate) : QString();
    qint64 seq = existingSeq;
    if (exists) {
        QSqlQuery &write = statements.update;
        write.addBindValue(article.title);
        write.addBindValue(columns.title);
        write.addBindValue(bindable(text.keywordsKey));
        write.addBindValue(bindable(article.body));
        write.addBindValue(bindable(article.keywords.join(QLatin1Char('\n'))));
        write.addBindValue(fromSource ? std::max(1, article.version)
                                      : existingVersion + (existingHash == hash ? 0 : 1));
        write.addBindValue(hash);
        write.addBindValue(nowMs);
        write.addBindValue(reviewed.isEmpty() ? QVariant() : QVariant(reviewed));
        write.addBindValue(seq);
        if (!write.exec())
            return sqlError(write, QStringLiteral("update article"));
        if (Status s = statements.fts.remove(seq); !s)
            return s.error();
    } else {
        QSqlQuery &write = statements.insert;
        write.addBindValue(article.id);
        write.addBindValue(article.title);
        write.addBindValue(columns.title);
        write.addBindValue(bindable(text.keywordsKey));
        write.addBindValue(bindable(article.body));
        write.addBindValue(bindable(article.keywords.join(QLatin1Char('\n'))));
        write.addBindValue(std::max(1, article.version));
        write.addBindValue(hash);
        write.addBindValue(nowMs);
        write.addBindValue(reviewed.isEmpty() ? QVariant() : QVariant(reviewed));
        if (!write.exec())
            return sqlError(write, QStringLiteral("insert article"));
        seq = write.lastInsertId().toLongLong();
    }
    if (Status s = replaceLinks(statements.removeCategories, statements.insertCategory, article.id,
                                article.categories);
        !s)
        return s.error();
    if (Status s = replaceLinks(statements.removeUnits, statements.insertUnit, article.id, article.units); !s)
        return s.error();
    if (Status s = statements.fts.add(seq, columns); !s)
        return s.error();
    return exists ? Outcome::Updated : Outcome::Added;
}

Result<QList<KbRepository::Outcome>> KbRepository::applyPublishedInTransaction(const QList<Article> &articles)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return noConnection(m_connectionName);
    return upsertInTransaction(db, articles, QDateTime::currentMSecsSinceEpoch(), Versioning::FromSource);
}

Result<bool> KbRepository::retireInTransaction(const QString &articleId)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return noConnection(m_connectionName);
    QSqlQuery find(db);
    find.prepare(QStringLiteral("SELECT seq FROM kb_articles WHERE id = ? AND retired = 0"));
    find.addBindValue(articleId);
    if (!find.exec())
        return sqlError(find, QStringLiteral("find article"));
    if (!find.next())
        return false;
    const qint64 seq = find.value(0).toLongLong();
    find.finish();
    if (Status s = retireSeq(db, seq, QDateTime::currentMSecsSinceEpoch()); !s)
        return s.error();
    return true;
}

Result<KbRepository::Replaced> KbRepository::replaceAll(const QList<Article> &articles)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Replaced replaced;
    Result<QList<Outcome>> outcomes = upsertInTransaction(db, articles, nowMs);
    if (!outcomes)
        return outcomes.error();
    replaced.outcomes = outcomes.value();
    QSet<QString> keep;
    for (const Article &article : articles)
        keep.insert(article.id);
    QSqlQuery active(db);
    active.setForwardOnly(true);
    if (!active.exec(QStringLiteral("SELECT seq, id FROM kb_articles WHERE retired = 0 ORDER BY id")))
        return sqlError(active, QStringLiteral("list articles"));
    QList<qint64> gone;
    while (active.next()) {
        if (!keep.contains(active.value(1).toString())) {
            gone.append(active.value(0).toLongLong());
            replaced.retired.append(active.value(1).toString());
        }
    }
    active.finish();
    for (qint64 seq : std::as_const(gone)) {
        if (Status s = retireSeq(db, seq, nowMs); !s)
            return s.error();
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return replaced;
}

Status KbRepository::retire(const QString &articleId)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    QSqlQuery find(db);
    find.prepare(QStringLiteral("SELECT seq FROM kb_articles WHERE id = ?"));
    find.addBindValue(articleId);
    if (!find.exec())
        return sqlError(find, QStringLiteral("find article"));
    if (!find.next())
        return Error{QStringLiteral("not_found"), QStringLiteral("no article with id %1").arg(articleId)};
    if (Status s = retireSeq(db, find.value(0).toLongLong(), QDateTime::currentMSecsSinceEpoch()); !s)
        return s;
    return transaction.commit();
}

Result<std::optional<Article>> KbRepository::article(const QString &articleId) const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return noConnection(m_connectionName);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT id, title, body, keywords, version, content_sha256, updated_at_utc, "
                                 "reviewed_on FROM kb_articles WHERE id = ?"));
    query.addBindValue(articleId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("read article"));
    if (!query.next())
        return std::optional<Article>();
    Article article;
    article.id = query.value(0).toString();
    article.title = query.value(1).toString();
    article.body = query.value(2).toString();
    article.keywords = query.value(3).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    article.version = query.value(4).toInt();
    article.contentSha256 = query.value(5).toString();
    article.updatedAtUtc = QDateTime::fromMSecsSinceEpoch(query.value(6).toLongLong(), Qt::UTC);
    article.reviewedOn = QDate::fromString(query.value(7).toString(), Qt::ISODate);
    article.categories =
        links(db, QStringLiteral("kb_article_categories"), QStringLiteral("category_code"), article.id);
    article.units = links(db, QStringLiteral("kb_article_units"), QStringLiteral("unit_code"), article.id);
    return std::optional<Article>(article);
}

Result<QStringList> KbRepository::activeIds() const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return noConnection(m_connectionName);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT id FROM kb_articles WHERE retired = 0 ORDER BY id")))
        return sqlError(query, QStringLiteral("list articles"));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<int> KbRepository::rebuildIndex()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    for (const QString &table : kFtsTables) {
        if (Status s = recreateEmpty(db, table); !s)
            return s.error();
    }
    if (Status s = beginBulkIndexing(db); !s)
        return s.error();
    QSqlQuery all(db);
    all.setForwardOnly(true);
    // In rowid order: FTS5 writes its pending terms out as a segment whenever a rowid is not above the last
    // one (fts5_index.c, fts5IndexBeginWrite). Read through kb_articles_short_keys (title order), the rebuild
    // of 20,000 articles wrote thousands of small segments (14,600 kb_fts_data rows before the merge, not 2)
    // and took 11 s of CPU instead of 5.
    if (!all.exec(QStringLiteral(
            "SELECT seq, title, body, keywords FROM kb_articles WHERE retired = 0 ORDER BY seq")))
        return sqlError(all, QStringLiteral("read articles"));
    FtsRows fts(db);
    if (!fts.ok())
        return fts.error();
    struct Row
    {
        qint64 seq;
        QString title;
        QStringList keywords;
        QString body;
    };
    QList<Row> rows;
    while (all.next()) {
        rows.append(Row{all.value(0).toLongLong(), all.value(1).toString(),
                        all.value(3).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts),
                        all.value(2).toString()});
    }
    all.finish();
    // Normalised on all cores while this thread inserts, as a large upsert does.
    if (Status s = prepareInParallel(
            rows.size(),
            [&rows](qsizetype i) {
                const Row &row = rows.at(i);
                return SearchText::indexColumns(row.title, row.keywords, row.body);
            },
            [&](qsizetype i, const SearchText::IndexColumns &columns) {
                return fts.add(rows.at(i).seq, columns);
            });
        !s)
        return s.error();
    const int count = int(rows.size());
    if (Status s = endBulkIndexing(db); !s)
        return s.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return count;
}

Status KbRepository::recordUse(const QString &caseId, const QString &articleId, const QString &operatorId,
                               const QDateTime &usedAtUtc)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    QSqlQuery check(db);
    check.prepare(QStringLiteral("SELECT (SELECT count(*) FROM cases WHERE id = ?), "
                                 "(SELECT count(*) FROM kb_articles WHERE id = ?)"));
    check.addBindValue(caseId);
    check.addBindValue(articleId);
    if (!check.exec() || !check.next())
        return sqlError(check, QStringLiteral("check case and article"));
    if (check.value(0).toInt() == 0)
        return Error{QStringLiteral("not_found"), QStringLiteral("no case with id %1").arg(caseId)};
    if (check.value(1).toInt() == 0)
        return Error{QStringLiteral("not_found"), QStringLiteral("no article with id %1").arg(articleId)};
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO kb_usage(case_id, article_id, used_at_utc, operator) VALUES (?, ?, ?, ?)"));
    insert.addBindValue(caseId);
    insert.addBindValue(articleId);
    insert.addBindValue(usedAtUtc.toMSecsSinceEpoch());
    insert.addBindValue(operatorId);
    if (!insert.exec())
        return sqlError(insert, QStringLiteral("record article use"));
    return transaction.commit();
}

Result<QList<KbRepository::Use>> KbRepository::usesOfCase(const QString &caseId) const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return noConnection(m_connectionName);
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("SELECT case_id, article_id, used_at_utc, operator FROM kb_usage WHERE case_id = ? "
                       "ORDER BY used_at_utc, article_id"));
    query.addBindValue(caseId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("read article uses"));
    QList<Use> uses;
    while (query.next()) {
        uses.append(Use{query.value(0).toString(), query.value(1).toString(),
                        QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC),
                        query.value(3).toString()});
    }
    return uses;
}

} // namespace Pasokh::Kb
