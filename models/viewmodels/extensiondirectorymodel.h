// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/storage/extensiondirectory.h"

#include <QAbstractTableModel>
#include <memory>

namespace Pasokh::Storage {
class Database;
}

namespace Pasokh::ViewModels {

/// The transfer directory (Storage::ExtensionDirectory) as an editable table for the call panel's transfer
/// dialog: columns name, extension, note; a search filter; edits are saved at once (bad input is refused with
/// a translated message through lastError() and error(), nothing saved). Reads and writes go through the
/// writer connection on the GUI thread: the table holds tens to a few hundred rows.
class ExtensionDirectoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        ExtensionColumn,
        NoteColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole, ///< entry id
        DialRole,              ///< the extension to dial
    };

    explicit ExtensionDirectoryModel(std::shared_ptr<Storage::Database> db, QObject *parent = nullptr);

    /// Reloads with entries matching `query` (empty = all).
    void setFilter(const QString &query);
    QString filter() const { return m_filter; }
    /// Adds an entry; returns false (and emits error()) when it is invalid or cannot be stored.
    bool addEntry(const Storage::ExtensionEntry &entry);
    /// The entry at `row`.
    Storage::ExtensionEntry entry(int row) const { return m_rows.value(row); }
    /// The last refusal (translated), empty after a successful change.
    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;

Q_SIGNALS:
    /// A change was refused; `message` is translated.
    void error(const QString &message);

private:
    void reload();
    void fail(const QString &message);

    std::shared_ptr<Storage::Database> m_db;
    QString m_filter;
    QList<Storage::ExtensionEntry> m_rows;
    QString m_lastError;
};

} // namespace Pasokh::ViewModels
