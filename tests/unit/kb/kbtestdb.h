// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

/// A throwaway SQLite store with the knowledge-base schema for tests: a temporary file, a writer connection
/// named `name`, a minimal `cases` table (schema 1 owns the real one) and resources/sql/0002_kb.sql applied.
class KbTestDb
{
public:
    explicit KbTestDb(const QString &name) : m_name(name)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path());
        if (!db.open())
            qFatal("cannot open test store: %s", qPrintable(db.lastError().text()));
        exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        exec(QStringLiteral("CREATE TABLE cases (id TEXT PRIMARY KEY)"));
        QFile sql(QDir(QString::fromLocal8Bit(qgetenv("PASOKH_SOURCE_DIR")))
                      .filePath(QStringLiteral("resources/sql/0002_kb.sql")));
        if (!sql.open(QIODevice::ReadOnly))
            qFatal("cannot read 0002_kb.sql (PASOKH_SOURCE_DIR set?)");
        // Statements end with ';' at the end of a line; comments start with "--".
        QString statement;
        for (const QString &line : QString::fromUtf8(sql.readAll()).split(QLatin1Char('\n'))) {
            const QString code = line.section(QStringLiteral("--"), 0, 0);
            statement += code + QLatin1Char('\n');
            if (code.trimmed().endsWith(QLatin1Char(';'))) {
                exec(statement);
                statement.clear();
            }
        }
    }
    ~KbTestDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    KbTestDb(const KbTestDb &) = delete;
    KbTestDb &operator=(const KbTestDb &) = delete;

    QString name() const { return m_name; }
    QString path() const { return m_dir.filePath(QStringLiteral("pasokh.db")); }
    QString dir() const { return m_dir.path(); }

    void exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        if (!query.exec(sql))
            qFatal("test SQL failed: %s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    }

private:
    QTemporaryDir m_dir;
    QString m_name;
};

/// The folder of the starter articles in the source tree.
inline QString kbArticlesDir()
{
    return QDir(QString::fromLocal8Bit(qgetenv("PASOKH_SOURCE_DIR")))
        .filePath(QStringLiteral("resources/kb"));
}
