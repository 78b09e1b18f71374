// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/kb/article.h"
#include "tests/support/teststore.h"

#include <QDir>
#include <QString>
#include <QTest>

/// A throwaway console store for the knowledge-base tests: Pasokh::Testing::TestStore (a temporary folder,
/// Storage::Database with every migration, 0002_kb included, and the reference data) with its writer
/// connection named `name`.
class KbTestDb
{
public:
    explicit KbTestDb(const QString &name) : m_store(name), m_name(name)
    {
        if (!m_store.ok())
            qFatal("cannot open the test store: %s", qPrintable(m_store.error()));
    }

    QString name() const { return m_name; }
    QString path() const { return m_store.dbPath(); }
    QString dir() const { return m_store.dir(); }
    Pasokh::Testing::TestStore &store() { return m_store; }

    /// Runs SQL on the writer; aborts the test program on error.
    void exec(const QString &sql)
    {
        if (!m_store.exec(sql))
            qFatal("test SQL failed: %s", qPrintable(sql));
    }

private:
    Pasokh::Testing::TestStore m_store;
    QString m_name;
};

/// The folder of the starter articles in the source tree.
inline QString kbArticlesDir()
{
    return QDir(QString::fromLocal8Bit(qgetenv("PASOKH_SOURCE_DIR")))
        .filePath(QStringLiteral("resources/kb"));
}

/// An article with just an id, a title and a Markdown body (the fields search reads).
inline Pasokh::Kb::Article kbArticle(const QString &id, const QString &title, const QString &body)
{
    Pasokh::Kb::Article article;
    article.id = id;
    article.title = title;
    article.body = body;
    return article;
}
