// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/storage/referencedata.h"

#include <QObject>
#include <memory>

namespace Pasokh::ViewModels {
class CallerHistoryModel;
}

namespace Pasokh::Ui {

struct ConsoleContext;
class CaseBrowser;
class IntakeForm;
class KnowledgePanel;

/// Brings reference data that a hub pull wrote to the store into the open console without a restart
/// (issue 6: "reference data and knowledge-base articles update live"). reloadCatalog() reads a fresh
/// Storage::ReferenceCatalog on the read worker (off the GUI thread) and hands it, on the GUI thread, to
/// everything that held the old one: the context (for widgets made later), the case writer (validation, SLA
/// days), the intake form and its view model (type-ahead, district, neighbourhood and unit lists; what the
/// operator is typing stays), the case browser (filters, names) and the caller history. The old catalog
/// lives on while anything still holds it (shared_ptr), so a reader on another thread is never left with a
/// dangling one. refreshKnowledgeBase() makes the knowledge panel search again and reload the open article.
class ReferenceRefresher : public QObject
{
    Q_OBJECT
public:
    /// The pointers must outlive this object (they are the main window's children and the application's
    /// context).
    ReferenceRefresher(ConsoleContext *context, IntakeForm *form, CaseBrowser *browser,
                       ViewModels::CallerHistoryModel *history, KnowledgePanel *knowledge,
                       QObject *parent = nullptr);

public Q_SLOTS:
    /// Reloads the catalog from the store (asynchronously); catalogReloaded() follows, or a warning in the
    /// log (`pasokh.ui.reference`) when the store cannot be read, and the old catalog stays in use.
    void reloadCatalog();
    /// The knowledge panel searches again and reloads the open article.
    void refreshKnowledgeBase();

Q_SIGNALS:
    /// Every part of the console now uses `catalog`.
    void catalogReloaded(std::shared_ptr<const Pasokh::Storage::ReferenceCatalog> catalog);

private:
    void apply(std::shared_ptr<const Storage::ReferenceCatalog> catalog);

    ConsoleContext *m_context;
    IntakeForm *m_form;
    CaseBrowser *m_browser;
    ViewModels::CallerHistoryModel *m_history;
    KnowledgePanel *m_knowledge;
};

} // namespace Pasokh::Ui
