// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/referencerefresher.h"

#include "models/viewmodels/callerhistorymodel.h"
#include "ui/casebrowser.h"
#include "ui/consolecontext.h"
#include "ui/intakeform.h"
#include "ui/kb/knowledgepanel.h"

#include <QLoggingCategory>

namespace Pasokh::Ui {

namespace {
Q_LOGGING_CATEGORY(lcReference, "pasokh.ui.reference")
}

ReferenceRefresher::ReferenceRefresher(ConsoleContext *context, IntakeForm *form, CaseBrowser *browser,
                                       ViewModels::CallerHistoryModel *history, KnowledgePanel *knowledge,
                                       QObject *parent)
    : QObject(parent), m_context(context), m_form(form), m_browser(browser), m_history(history),
      m_knowledge(knowledge)
{
}

void ReferenceRefresher::reloadCatalog()
{
    using Loaded = Core::Result<Storage::ReferenceCatalog>;
    // The read worker runs jobs in order, so of several quick reloads the last one applied is the newest.
    m_context->reader->run<Loaded>(
        this,
        [](const QSqlDatabase &db) -> Loaded {
            if (!db.isValid() || !db.isOpen())
                return Core::Error{QStringLiteral("unavailable"), QStringLiteral("the store is not open")};
            return Storage::ReferenceCatalog::load(db);
        },
        [this](Loaded loaded) {
            if (!loaded) {
                qCWarning(lcReference) << "cannot reload the reference data:" << loaded.error().message;
                return;
            }
            apply(std::make_shared<const Storage::ReferenceCatalog>(std::move(loaded).value()));
        });
}

void ReferenceRefresher::apply(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (catalog->categories().isEmpty()) {
        // A store without categories is a failed read, never a real catalog: keep the old one.
        qCWarning(lcReference) << "reloaded reference data holds no category; keeping the old data";
        return;
    }
    m_context->catalog = catalog;
    if (m_context->cases)
        m_context->cases->setCatalog(catalog);
    m_form->setCatalog(catalog); // also the intake view model
    m_browser->setCatalog(catalog);
    m_history->setCatalog(catalog);
    qCInfo(lcReference) << "reference data reloaded:" << catalog->categories().size() << "categories,"
                        << catalog->units().size() << "units," << catalog->districts().size() << "districts";
    Q_EMIT catalogReloaded(catalog);
}

void ReferenceRefresher::refreshKnowledgeBase()
{
    m_knowledge->refresh();
}

} // namespace Pasokh::Ui
