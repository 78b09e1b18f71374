// SPDX-License-Identifier: GPL-3.0-or-later
// pasokh: the operator console of Mashhad municipality's 137 citizen contact centre.
#include "app/pasokh/consolestartup.h"
#include "app/pasokh/terminationsignals.h"
#include "models/storage/storerecovery.h"
#include "ui/appearance.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTimer>

namespace {

/// The store is damaged (notes/sync.md T12): the operator chooses between recovering it (the damaged file is
/// kept in quarantine) and quitting. Returns true when the store was recovered and the console may try again.
bool offerRecovery(const QString &dataDir)
{
    QMessageBox box(QMessageBox::Critical, QCoreApplication::translate("main", "The case store is damaged"),
                    QCoreApplication::translate(
                        "main",
                        "The file where this console keeps its cases is damaged and cannot be used as it "
                        "is. Pasokh can recover what is still readable into a new file; the damaged file "
                        "is kept unchanged in the quarantine folder, and cases not yet sent to the hub are "
                        "queued again. Call IT if you are unsure."));
    QPushButton *recover =
        box.addButton(QCoreApplication::translate("main", "Recover (the damaged file is kept in quarantine)"),
                      QMessageBox::AcceptRole);
    box.addButton(QCoreApplication::translate("main", "Quit"), QMessageBox::RejectRole);
    box.setDefaultButton(recover);
    box.exec();
    if (box.clickedButton() != recover)
        return false;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const auto report = Pasokh::Storage::StoreRecovery::recover(dataDir);
    QApplication::restoreOverrideCursor();
    if (!report) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Recovery failed"),
                              QCoreApplication::translate("main", "The store could not be recovered: %1\nThe "
                                                                  "damaged file was not changed. Call IT.")
                                  .arg(report.error().message));
        return false;
    }
    const Pasokh::Storage::RecoveryReport &r = report.value();
    const QLocale locale;
    QString text =
        QCoreApplication::translate("main", "The store was recovered: %1 cases kept, %2 changes queued again "
                                            "for the hub.\nThe damaged file is kept in %3.")
            .arg(locale.toString(r.recoveredCases), locale.toString(r.requeuedMutations),
                 QStringLiteral("\u2066%1\u2069").arg(QDir::toNativeSeparators(r.quarantineDir)));
    if (r.unrecoverableRows > 0)
        text += QLatin1Char('\n') + QCoreApplication::translate("main", "%1 damaged rows could not be placed "
                                                                        "back; IT can review them.")
                                        .arg(locale.toString(r.unrecoverableRows));
    QMessageBox::information(nullptr, QCoreApplication::translate("main", "Store recovered"), text);
    return true;
}

} // namespace

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
    if (!context && context.error().code == QLatin1String("corrupt")) {
        lock.reset(); // StoreRecovery takes the folder's lock itself
        if (!offerRecovery(options.dataDir))
            return 1;
        context = Pasokh::App::openConsole(options, lock);
    }
    if (!context) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Pasokh cannot start"),
                              context.error().message);
        return 1;
    }
    Pasokh::Ui::MainWindow window(context.value().get());
    // Hub sync only when [hub] url is configured; declared after the window so it stops first.
    const std::unique_ptr<Pasokh::Sync::SyncController> sync =
        Pasokh::App::startSync(options, *context.value());
    // Demos and test rigs only: the password of an unattended hub login comes from PASOKH_HUB_PASSWORD (taken
    // out of the environment before the phone engine is spawned).
    const QString unattendedPassword = Pasokh::App::takeUnattendedHubPassword(options);
    if (sync) {
        window.attachSync(
            sync.get(),
            QSettings(options.configFile, QSettings::IniFormat).value(QStringLiteral("hub/user")).toString());
        window.loginUnattended(unattendedPassword);
    }
    window.resize(1366, 768);
    window.show();
    // SIGTERM/SIGINT/SIGHUP close the window like its close button: the draft is kept, the lock released.
    Pasokh::App::TerminationSignals termination;
    QObject::connect(&termination, &Pasokh::App::TerminationSignals::terminationRequested, &window,
                     [&window](int signalNumber) {
                         qInfo("signal %d: closing the console", signalNumber);
                         window.close();
                     });
    Pasokh::App::startPhone(options, *context.value()); // registers; Ready at once if [agent] ready_at_start
    if (qEnvironmentVariableIsSet("PASOKH_PRINT_STARTUP_MS"))
        QTimer::singleShot(0, &app, [&startup] { fprintf(stderr, "startup_ms %lld\n", startup.elapsed()); });
    return app.exec();
}
