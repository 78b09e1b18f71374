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
/// the folder, is reported and skipped; the others are written in one transaction. Works with resource paths
/// too (":/kb" holds the starter set bundled in pasokh_kb).
class KbImporter
{
public:
    /// What an import did.
    struct Report
    {
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        /// One line per skipped file: "file: reason".
        QStringList problems;
    };

    explicit KbImporter(KbRepository *repository);

    /// Imports every *.md file of `directory`. Fails ("not_found") when the folder does not exist or holds no
    /// .md file, or with the repository's error when the write fails (then nothing was written).
    Core::Result<Report> importDirectory(const QString &directory);

private:
    KbRepository *m_repository;
};

} // namespace Pasokh::Kb
