// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/kbcli.h"

#include "models/kb/kbimporter.h"
#include "models/kb/kbrepository.h"
#include "models/kb/kbsearch.h"

namespace Pasokh::Kb {

namespace {

int usageError(QTextStream &err, const QString &message)
{
    err << "pasokhctl kb: " << message << '\n' << kbUsage();
    err.flush();
    return 2;
}

int import(const QStringList &args, const QString &connectionName, QTextStream &out, QTextStream &err)
{
    if (args.size() != 1)
        return usageError(err, QStringLiteral("import takes one folder"));
    KbRepository repository(connectionName);
    KbImporter importer(&repository);
    const Core::Result<KbImporter::Report> report = importer.importDirectory(args.first());
    if (!report) {
        err << "pasokhctl kb import: " << report.error().message << '\n';
        err.flush();
        return 1;
    }
    out << "added " << report.value().added << ", updated " << report.value().updated << ", unchanged "
        << report.value().unchanged << '\n';
    for (const QString &id : report.value().retired)
        out << "retired " << id << " (its file is gone)\n";
    out.flush();
    for (const QString &problem : report.value().problems)
        err << "skipped " << problem << '\n';
    if (report.value().retiringSkipped)
        err << "articles whose file is gone were kept, because some files were skipped\n";
    err.flush();
    return report.value().problems.isEmpty() ? 0 : 3;
}

int search(const QStringList &args, const QString &connectionName, QTextStream &out, QTextStream &err)
{
    QStringList words;
    int limit = 10;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--limit")) {
            if (i + 1 >= args.size())
                return usageError(err, QStringLiteral("--limit needs a number"));
            bool ok = false;
            limit = args.at(++i).toInt(&ok);
            if (!ok || limit < 1 || limit > 200)
                return usageError(err, QStringLiteral("--limit must be a number from 1 to 200"));
        } else {
            words.append(args.at(i));
        }
    }
    if (words.isEmpty())
        return usageError(err, QStringLiteral("search needs a query"));
    const Core::Result<QList<SearchHit>> hits =
        KbSearch(connectionName).search(words.join(QLatin1Char(' ')), limit);
    if (!hits) {
        err << "pasokhctl kb search: " << hits.error().message << '\n';
        err.flush();
        return 1;
    }
    for (const SearchHit &hit : hits.value())
        out << hit.id << '\t' << hit.title << '\n';
    out.flush();
    return 0;
}

} // namespace

QString kbUsage()
{
    return QStringLiteral("usage: pasokhctl kb import DIR\n"
                          "       pasokhctl kb search QUERY [--limit N]\n");
}

int runKbCli(const QStringList &args, const QString &connectionName, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    if (!rest.isEmpty() && rest.first() == QLatin1String("kb"))
        rest.removeFirst();
    if (rest.isEmpty())
        return usageError(err, QStringLiteral("missing subcommand"));
    const QString command = rest.takeFirst();
    if (command == QLatin1String("import"))
        return import(rest, connectionName, out, err);
    if (command == QLatin1String("search"))
        return search(rest, connectionName, out, err);
    return usageError(err, QStringLiteral("unknown subcommand ") + command);
}

} // namespace Pasokh::Kb
