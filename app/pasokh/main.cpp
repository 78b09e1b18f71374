// SPDX-License-Identifier: GPL-3.0-or-later
// pasokh: the operator console of Mashhad municipality's 137 citizen contact centre.
#include "app/pasokh/consolestartup.h"
#include "ui/appearance.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

int main(int argc, char *argv[])
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Mashhad Municipality"));
    QCoreApplication::setApplicationName(QStringLiteral("Pasokh"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PASOKH_VERSION));

    const Pasokh::App::ConsoleOptions options = Pasokh::App::parseOptions(app);
    // The language comes from --lang, else the config file; it must be set before any window exists.
    QString language = options.language;
    if (language.isEmpty())
        language = QSettings(options.configFile, QSettings::IniFormat)
                       .value(QStringLiteral("ui/language"), QStringLiteral("fa"))
                       .toString();
    Pasokh::Ui::applyLanguage(app, language == QLatin1String("en") ? language : QStringLiteral("fa"));
    Pasokh::Ui::applyFont(app);

    std::shared_ptr<Pasokh::Storage::InstanceLock> lock;
    auto context = Pasokh::App::openConsole(options, lock);
    if (!context) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Pasokh cannot start"),
                              context.error().message);
        return 1;
    }
    Pasokh::Ui::MainWindow window(context.value().get());
    // Hub sync only when [hub] url is configured; declared after the window so it stops first.
    const std::unique_ptr<Pasokh::Sync::SyncController> sync = Pasokh::App::startSync(options, *context.value());
    if (sync)
        window.attachSync(sync.get(), QSettings(options.configFile, QSettings::IniFormat)
                                          .value(QStringLiteral("hub/user"))
                                          .toString());
    window.resize(1366, 768);
    window.show();
    if (qEnvironmentVariableIsSet("PASOKH_PRINT_STARTUP_MS"))
        QTimer::singleShot(0, &app, [&startup] { fprintf(stderr, "startup_ms %lld\n", startup.elapsed()); });
    return app.exec();
}
