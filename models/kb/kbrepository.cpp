// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbrepository.h"

#include "models/core/persiantext.h"
#include "models/kb/kblog.h"
#include "models/kb/searchtext.h"
#include "models/storage/transaction.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

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

Status indexArticle(const QSqlDatabase &db, qint64 seq, const Article &article)
{
    const SearchText::IndexColumns columns =
        SearchText::indexColumns(article.title, article.keywords, article.body);
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO kb_fts(rowid, title, keywords, body, alt) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(seq);
    insert.addBindValue(columns.title);
    insert.addBindValue(columns.keywords);
    insert.addBindValue(columns.body);
    insert.addBindValue(columns.alt);
    if (!insert.exec())
        return sqlError(insert, QStringLiteral("index article"));
    return {};
}

Status unindexArticle(const QSqlDatabase &db, qint64 seq)
{
    QSqlQuery remove(db);
    remove.prepare(QStringLiteral("DELETE FROM kb_fts WHERE rowid = ?"));
    remove.addBindValue(seq);
    if (!remove.exec())
        return sqlError(remove, QStringLiteral("unindex article"));
    return {};
}

Status replaceLinks(const QSqlDatabase &db, const QString &table, const QString &column,
                    const QString &articleId, const QStringList &codes)
{
    QSqlQuery remove(db);
    remove.prepare(QStringLiteral("DELETE FROM %1 WHERE article_id = ?").arg(table));
    remove.addBindValue(articleId);
    if (!remove.exec())
        return sqlError(remove, table);
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT OR IGNORE INTO %1(article_id, %2) VALUES (?, ?)").arg(table, column));
    for (const QString &code : codes) {
        insert.addBindValue(articleId);
        insert.addBindValue(code);
        if (!insert.exec())
            return sqlError(insert, table);
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
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QString keywordsKey(const Article &article)
{
    QStringList keys;
    for (const QString &keyword : article.keywords)
        keys.append(Core::PersianText::searchKey(keyword));
    return keys.join(QLatin1Char(' '));
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

Result<QList<KbRepository::Outcome>> KbRepository::upsertAll(const QList<Article> &articles)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QList<Outcome> outcomes;
    outcomes.reserve(articles.size());
    for (const Article &article : articles) {
        Result<Outcome> outcome = upsertOne(article, nowMs);
        if (!outcome)
            return outcome.error();
        outcomes.append(outcome.value());
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return outcomes;
}

Result<KbRepository::Outcome> KbRepository::upsertOne(const Article &article, qint64 nowMs)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (article.id.isEmpty() || article.title.isEmpty())
        return Error{QStringLiteral("invalid"), QStringLiteral("article without id or title")};
    const QString hash = article.contentSha256.isEmpty() ? article.contentHash() : article.contentSha256;

    QSqlQuery find(db);
    find.prepare(
        QStringLiteral("SELECT seq, content_sha256, version, retired FROM kb_articles WHERE id = ?"));
    find.addBindValue(article.id);
    if (!find.exec())
        return sqlError(find, QStringLiteral("find article"));
    const bool exists = find.next();
    if (exists && find.value(1).toString() == hash && find.value(3).toInt() == 0)
        return Outcome::Unchanged;

    const QString reviewed =
        article.reviewedOn.isValid() ? article.reviewedOn.toString(Qt::ISODate) : QString();
    QSqlQuery write(db);
    qint64 seq = 0;
    if (exists) {
        seq = find.value(0).toLongLong();
        const int version = find.value(2).toInt() + (find.value(1).toString() == hash ? 0 : 1);
        write.prepare(QStringLiteral(
            "UPDATE kb_articles SET title = ?, title_key = ?, keywords_key = ?, body = ?, keywords = ?, "
            "version = ?, "
            "content_sha256 = ?, updated_at_utc = ?, reviewed_on = ?, retired = 0 WHERE seq = ?"));
        write.addBindValue(article.title);
        write.addBindValue(Core::PersianText::searchKey(article.title));
        write.addBindValue(text(keywordsKey(article)));
        write.addBindValue(text(article.body));
        write.addBindValue(text(article.keywords.join(QLatin1Char('\n'))));
        write.addBindValue(version);
        write.addBindValue(hash);
        write.addBindValue(nowMs);
        write.addBindValue(reviewed.isEmpty() ? QVariant() : QVariant(reviewed));
        write.addBindValue(seq);
        if (!write.exec())
            return sqlError(write, QStringLiteral("update article"));
        if (Status s = unindexArticle(db, seq); !s)
            return s.error();
    } else {
        write.prepare(QStringLiteral("INSERT INTO kb_articles(id, title, title_key, keywords_key, body, "
                                     "keywords, version, content_sha256, "
                                     "updated_at_utc, reviewed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        write.addBindValue(article.id);
        write.addBindValue(article.title);
        write.addBindValue(Core::PersianText::searchKey(article.title));
        write.addBindValue(text(keywordsKey(article)));
        write.addBindValue(text(article.body));
        write.addBindValue(text(article.keywords.join(QLatin1Char('\n'))));
        write.addBindValue(std::max(1, article.version));
        write.addBindValue(hash);
        write.addBindValue(nowMs);
        write.addBindValue(reviewed.isEmpty() ? QVariant() : QVariant(reviewed));
        if (!write.exec())
            return sqlError(write, QStringLiteral("insert article"));
        seq = write.lastInsertId().toLongLong();
    }
    if (Status s = replaceLinks(db, QStringLiteral("kb_article_categories"), QStringLiteral("category_code"),
                                article.id, article.categories);
        !s)
        return s.error();
    if (Status s = replaceLinks(db, QStringLiteral("kb_article_units"), QStringLiteral("unit_code"),
                                article.id, article.units);
        !s)
        return s.error();
    if (Status s = indexArticle(db, seq, article); !s)
        return s.error();
    return exists ? Outcome::Updated : Outcome::Added;
}

Result<KbRepository::Replaced> KbRepository::replaceAll(const QList<Article> &articles)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Storage::WriteTransaction transaction(db);
    if (Status began = begun(db, transaction, m_connectionName); !began)
        return began.error();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Replaced replaced;
    replaced.outcomes.reserve(articles.size());
    QSet<QString> keep;
    for (const Article &article : articles) {
        Result<Outcome> outcome = upsertOne(article, nowMs);
        if (!outcome)
            return outcome.error();
        replaced.outcomes.append(outcome.value());
        keep.insert(article.id);
    }
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
    QSqlQuery clear(db);
    if (!clear.exec(QStringLiteral("DELETE FROM kb_fts")))
        return sqlError(clear, QStringLiteral("clear index"));
    QSqlQuery all(db);
    all.setForwardOnly(true);
    if (!all.exec(QStringLiteral("SELECT seq, title, body, keywords FROM kb_articles WHERE retired = 0")))
        return sqlError(all, QStringLiteral("read articles"));
    int count = 0;
    while (all.next()) {
        Article article;
        article.title = all.value(1).toString();
        article.body = all.value(2).toString();
        article.keywords = all.value(3).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (Status s = indexArticle(db, all.value(0).toLongLong(), article); !s)
            return s.error();
        ++count;
    }
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
