// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbcommand.h"

#include "models/kb/kbcli.h"
#include "models/storage/database.h"

#include <QDir>

namespace Pasokh::Kb {

int runKbCommand(const QStringList &args, const QString &dataDir, QTextStream &out, QTextStream &err)
{
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
