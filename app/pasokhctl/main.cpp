// SPDX-License-Identifier: GPL-3.0-or-later
// pasokhctl: admin CLI of the Pasokh console (issue 2). The commands live in commands.cpp.
#include "app/pasokhctl/commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pasokhctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PASOKH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = Pasokh::Ctl::run(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
