// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbcommand.h"

#include "models/kb/kbcli.h"
#include "models/kb/kbimporter.h"
#include "models/storage/database.h"

#include <QDir>

namespace Pasokh::Kb {

int runKbCommand(const QStringList &args, const QString &dataDir, QTextStream &out, QTextStream &err)
{
    // A usage error is told before the store is opened, created or migrated: a mistyped command never touches
    // the data folder (and cannot fail on it instead).
    const qsizetype subAt = args.value(0) == QLatin1String("kb") ? 1 : 0;
    const QString sub = args.value(subAt);
    if (sub != QLatin1String("import") && sub != QLatin1String("search"))
        return runKbCli(args, QString(), out, err);
    // A folder that cannot be imported is told before too: the data folder would get an empty store.
    if (sub == QLatin1String("import") && args.size() == subAt + 2) {
        if (const Core::Status folder = KbImporter::checkDirectory(args.at(subAt + 1)); !folder) {
            err << "pasokhctl kb import: " << folder.error().message << '\n';
            err.flush();
            return 1;
        }
    }
    if (!QDir().mkpath(dataDir)) {
        err << "pasokhctl kb: cannot create the data folder " << dataDir << '\n';
        err.flush();
        return 1;
    }
    const QString connectionName = QStringLiteral("pasokhctl-kb");
    int code = 1;
    {
        const auto store =
            Storage::Database::open(QDir(dataDir).filePath(QStringLiteral("pasokh.sqlite")), connectionName);
        if (!store) {
            err << "pasokhctl kb: " << store.error().message << '\n';
            err.flush();
            return 1;
        }
        code = runKbCli(args, connectionName, out, err);
    } // the store closes its connection here
    return code;
}

} // namespace Pasokh::Kb
