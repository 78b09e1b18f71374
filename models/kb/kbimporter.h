// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/kb/kbrepository.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Pasokh::Kb {

/// Imports a folder of Markdown articles (ArticleParser format, files ending in .md, not recursive, in name
/// order) into the store through KbRepository. A file that does not parse, or repeats an id already seen in
/// the folder, is reported and skipped; the others are written in one transaction. The folder is the whole
/// set: an active article whose file is gone is retired in the same transaction (KbRepository::replaceAll;
/// its id and row stay, so the id comes back if the file does). When any file was skipped nothing is retired,
/// because the skipped file's id is unknown and its article must not vanish from search over a typo. Works
/// with resource paths too (":/kb" holds the starter set bundled in pasokh_kb).
class KbImporter
{
public:
    /// What an import did.
    struct Report
    {
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        /// Ids retired because their file is gone, sorted.
        QStringList retired;
        /// True when retiring was skipped because some file was skipped (see the class comment).
        bool retiringSkipped = false;
        /// One line per skipped file: "file: reason".
        QStringList problems;
    };

    /// The articles of a folder, read and parsed but not stored.
    struct Folder
    {
        QList<Article> articles; ///< in file-name order, each id once
        QStringList problems;    ///< one line per skipped file: "file: reason"
    };

    /// Whether `directory` can be imported: fails ("not_found") when it does not exist or holds no .md file,
    /// ("not_a_folder") when it is a file. Reads no article; `pasokhctl kb import` asks it before it opens
    /// (or creates) the store.
    static Core::Status checkDirectory(const QString &directory);

    /// Reads and parses every *.md file of `directory` (the same rules as importDirectory(): 4 MiB per file,
    /// an id repeated in the folder is skipped). Also used by the hub's `admin import-kb`, so a folder gives
    /// the same articles and ids on the hub and on a console. Fails ("not_found") when the folder does not
    /// exist or holds no .md file.
    static Core::Result<Folder> readDirectory(const QString &directory);

    explicit KbImporter(KbRepository *repository);

    /// Imports every *.md file of `directory`. Fails ("not_found") when the folder does not exist or holds no
    /// .md file, ("not_a_folder") when the path is a file, or with the repository's error when the write
    /// fails (then nothing was written).
    Core::Result<Report> importDirectory(const QString &directory);

private:
    KbRepository *m_repository;
};

} // namespace Pasokh::Kb
