// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/syncstore.h"

#include <QDialog>

class QTableWidget;

namespace Pasokh::Sync {
class SyncController;
}

namespace Pasokh::Ui {

/// The mutations the hub refused ("parked": never dropped): tracking code, change (new case / amendment), the
/// hub's reason and when it was saved (Jalali, Tehran). "Retry selected" / "Retry all" put them back in the
/// queue (e.g. after IT fixed a category on the hub).
class ParkedDialog : public QDialog
{
    Q_OBJECT
public:
    ParkedDialog(Sync::SyncController *controller, QWidget *parent = nullptr);

    /// Fills the table.
    void setItems(const QList<Sync::ParkedItem> &items);
    /// The table (tests).
    QTableWidget *table() const { return m_table; }

private:
    Sync::SyncController *m_controller;
    QTableWidget *m_table;
    QList<Sync::ParkedItem> m_items;
};

} // namespace Pasokh::Ui
