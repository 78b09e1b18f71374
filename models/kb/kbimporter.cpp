// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbimporter.h"

#include "models/kb/articleparser.h"
#include "models/kb/kblog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace Pasokh::Kb {

KbImporter::KbImporter(KbRepository *repository) : m_repository(repository) {}

namespace {

// The folder's readable *.md files in name order, or why the folder cannot be imported.
Core::Result<QStringList> articleFiles(const QString &directory)
{
    const QFileInfo info(directory);
    if (!info.exists())
        return Core::Error{QStringLiteral("not_found"),
                           QStringLiteral("folder %1 does not exist").arg(directory)};
    if (!info.isDir())
        return Core::Error{QStringLiteral("not_a_folder"),
                           QStringLiteral("%1 is not a folder (give the folder that holds the .md articles)")
                               .arg(directory)};
    const QStringList files =
        QDir(directory).entryList({QStringLiteral("*.md")}, QDir::Files | QDir::Readable, QDir::Name);
    if (files.isEmpty())
        return Core::Error{QStringLiteral("not_found"),
                           QStringLiteral("folder %1 holds no .md file").arg(directory)};
    return files;
}

} // namespace

Core::Status KbImporter::checkDirectory(const QString &directory)
{
    const Core::Result<QStringList> files = articleFiles(directory);
    if (!files)
        return files.error();
    return {};
}

Core::Result<KbImporter::Folder> KbImporter::readDirectory(const QString &directory)
{
    const Core::Result<QStringList> listed = articleFiles(directory);
    if (!listed)
        return listed.error();
    const QStringList &files = listed.value();
    const QDir dir(directory);

    Folder folder;
    QSet<QString> ids;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            folder.problems.append(name + QStringLiteral(": cannot read: ") + file.errorString());
            continue;
        }
        if (file.size() > 4 * 1024 * 1024) {
            folder.problems.append(name + QStringLiteral(": larger than 4 MiB"));
            continue;
        }
        Core::Result<Article> parsed = ArticleParser::parse(file.readAll(), name);
        if (!parsed) {
            folder.problems.append(parsed.error().message);
            continue;
        }
        if (ids.contains(parsed.value().id)) {
            folder.problems.append(name +
                                   QStringLiteral(": id %1 is used by another file").arg(parsed.value().id));
            continue;
        }
        ids.insert(parsed.value().id);
        folder.articles.append(std::move(parsed).value());
    }
    return folder;
}

Core::Result<KbImporter::Report> KbImporter::importDirectory(const QString &directory)
{
    Core::Result<Folder> read = readDirectory(directory);
    if (!read)
        return read.error();
    Report report;
    report.problems = read.value().problems;
    const QList<Article> &articles = read.value().articles;
    QList<KbRepository::Outcome> outcomes;
    if (report.problems.isEmpty()) {
        Core::Result<KbRepository::Replaced> replaced = m_repository->replaceAll(articles);
        if (!replaced)
            return replaced.error();
        outcomes = replaced.value().outcomes;
        report.retired = replaced.value().retired;
    } else {
        Core::Result<QList<KbRepository::Outcome>> upserted = m_repository->upsertAll(articles);
        if (!upserted)
            return upserted.error();
        outcomes = upserted.value();
        report.retiringSkipped = true;
    }
    for (KbRepository::Outcome outcome : std::as_const(outcomes)) {
        switch (outcome) {
        case KbRepository::Outcome::Added:
            ++report.added;
            break;
        case KbRepository::Outcome::Updated:
            ++report.updated;
            break;
        case KbRepository::Outcome::Unchanged:
            ++report.unchanged;
            break;
        }
    }
    qCInfo(lcKb) << "imported" << directory << "added" << report.added << "updated" << report.updated
                 << "unchanged" << report.unchanged << "retired" << report.retired.size() << "skipped"
                 << report.problems.size();
    return report;
}

} // namespace Pasokh::Kb
