// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/prefixterms.h"

#include "models/kb/kblog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <optional>

namespace Pasokh::Kb {

namespace {

using Core::Error;
using Core::Result;

// The terms of the prefixes looked up on one connection, valid while the store is unchanged. nullopt: more
// than PrefixTerms::MaxTerms terms.
struct ConnectionTerms
{
    qint64 dataVersion = -1;
    qint64 changes = -1;
    QHash<QString, std::optional<QStringList>> byPrefix;
};

// A typing session looks up a few prefixes per word; this bounds the cache of a long-running console
// (~100 bytes a term).
constexpr int MaxCachedPrefixes = 4096;

// Per thread (the knowledge panel searches on its worker thread), by connection name: no lock. A thread
// searches on one or two connections; a reader opened again gets a new name, so beyond MaxConnections the
// caches of the others (closed ones among them) are dropped.
thread_local QHash<QString, ConnectionTerms> cachesByConnection;
constexpr int MaxConnections = 4;

Error sqlError(const QSqlQuery &query, const QString &what)
{
    return Error{QStringLiteral("sql"), what + QStringLiteral(": ") + query.lastError().text()};
}

// Empties the cache when the store changed since it was filled, or when the connection is not the one that
// filled it (a connection opened again under the same name has no temp schema yet), and makes the vocabulary
// table (temp schema: nothing is written to the store, and a reader may make it).
Core::Status prepare(const QSqlDatabase &db, ConnectionTerms *cache)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // data_version moves when another connection commits, total_changes() when this one writes.
    if (!query.exec(
            QStringLiteral("SELECT data_version, total_changes(), EXISTS (SELECT 1 FROM "
                           "temp.sqlite_schema WHERE name = 'kb_fts_terms') FROM pragma_data_version")) ||
        !query.next())
        return sqlError(query, QStringLiteral("store version"));
    const qint64 dataVersion = query.value(0).toLongLong();
    const qint64 changes = query.value(1).toLongLong();
    const bool vocabularyMade = query.value(2).toBool();
    query.finish();
    if (!vocabularyMade || dataVersion != cache->dataVersion || changes != cache->changes ||
        cache->byPrefix.size() > MaxCachedPrefixes) {
        cache->byPrefix.clear();
        cache->dataVersion = dataVersion;
        cache->changes = changes;
    }
    if (vocabularyMade)
        return {};
    // A reader has query_only on (Storage::Database::openReader), which refuses the temp schema too: it is
    // lifted for this one statement, which writes nothing to the store, and put back whatever happens.
    if (!query.exec(QStringLiteral("PRAGMA query_only")) || !query.next())
        return sqlError(query, QStringLiteral("index vocabulary"));
    const bool queryOnly = query.value(0).toBool();
    query.finish();
    if (queryOnly && !query.exec(QStringLiteral("PRAGMA query_only = OFF")))
        return sqlError(query, QStringLiteral("index vocabulary"));
    const bool made = query.exec(
        QStringLiteral("CREATE VIRTUAL TABLE temp.kb_fts_terms USING fts5vocab(main, kb_fts, row)"));
    const Error error = made ? Error{} : sqlError(query, QStringLiteral("index vocabulary"));
    if (queryOnly && !query.exec(QStringLiteral("PRAGMA query_only = ON"))) {
        // Not expected (the pragma only sets a flag); the connection would accept writes, so say so loudly.
        qCCritical(lcKb) << "knowledge base reader left writable: PRAGMA query_only = ON failed:"
                         << query.lastError().text();
        return made ? sqlError(query, QStringLiteral("index vocabulary")) : error;
    }
    if (!made)
        return error;
    return {};
}

// The terms of `prefix` from the cache: its own entry, or those of the longest shorter prefix it holds in
// full, filtered. nullopt when neither is cached.
std::optional<std::optional<QStringList>> cachedTerms(const ConnectionTerms &cache, const QString &prefix)
{
    for (qsizetype length = prefix.size(); length >= PrefixTerms::MinLength; --length) {
        const auto it = cache.byPrefix.constFind(prefix.left(length));
        if (it == cache.byPrefix.cend())
            continue;
        if (!it->has_value()) {
            if (length == prefix.size())
                return std::optional<QStringList>(); // known to have too many
            return std::nullopt;                     // a longer prefix may have few: ask the index
        }
        QStringList terms;
        for (const QString &term : it->value()) {
            if (term.startsWith(prefix))
                terms.append(term);
        }
        return std::optional<QStringList>(terms);
    }
    return std::nullopt;
}

} // namespace

Result<QHash<QString, QStringList>> PrefixTerms::expand(const QSqlDatabase &db, const QStringList &tokens)
{
    QHash<QString, QStringList> expansions;
    if (std::none_of(tokens.cbegin(), tokens.cend(),
                     [](const QString &token) { return token.size() >= MinLength; }))
        return expansions;
    if (!cachesByConnection.contains(db.connectionName()) && cachesByConnection.size() >= MaxConnections)
        cachesByConnection.clear();
    ConnectionTerms &cache = cachesByConnection[db.connectionName()];
    if (Core::Status s = prepare(db, &cache); !s)
        return s.error();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool prepared = false;
    for (const QString &token : tokens) {
        if (token.size() < MinLength)
            continue;
        std::optional<std::optional<QStringList>> terms = cachedTerms(cache, token);
        if (!terms) {
            if (!prepared &&
                !query.prepare(
                    QStringLiteral("SELECT term FROM temp.kb_fts_terms WHERE term >= :p AND term < "
                                   ":p || char(1114111) ORDER BY term LIMIT %1")
                        .arg(MaxTerms + 1)))
                return sqlError(query, QStringLiteral("index vocabulary"));
            prepared = true;
            query.bindValue(QStringLiteral(":p"), token);
            if (!query.exec())
                return sqlError(query, QStringLiteral("index vocabulary"));
            QStringList found;
            while (query.next())
                found.append(query.value(0).toString());
            query.finish();
            terms =
                found.size() > MaxTerms ? std::optional<QStringList>() : std::optional<QStringList>(found);
            cache.byPrefix.insert(token, *terms);
        }
        if (terms->has_value() && !terms->value().isEmpty())
            expansions.insert(token, terms->value());
    }
    return expansions;
}

} // namespace Pasokh::Kb
