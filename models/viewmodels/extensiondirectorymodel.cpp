// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/extensiondirectorymodel.h"

#include "models/storage/database.h"

namespace Pasokh::ViewModels {

ExtensionDirectoryModel::ExtensionDirectoryModel(std::shared_ptr<Storage::Database> db, QObject *parent)
    : QAbstractTableModel(parent), m_db(std::move(db))
{
    reload();
}

void ExtensionDirectoryModel::setFilter(const QString &query)
{
    m_filter = query;
    reload();
}

void ExtensionDirectoryModel::reload()
{
    const auto rows = Storage::ExtensionDirectory::search(m_db->writer(), m_filter);
    beginResetModel();
    m_rows = rows ? rows.value() : QList<Storage::ExtensionEntry>{};
    endResetModel();
    if (!rows)
        fail(rows.error().message);
}

void ExtensionDirectoryModel::fail(const QString &message)
{
    m_lastError = message;
    Q_EMIT error(message);
}

bool ExtensionDirectoryModel::addEntry(const Storage::ExtensionEntry &entry)
{
    Storage::ExtensionEntry e = entry;
    e.id.clear();
    const auto saved = Storage::ExtensionDirectory::save(m_db->writer(), e);
    if (!saved) {
        fail(saved.error().message);
        return false;
    }
    m_lastError.clear();
    reload();
    return true;
}

int ExtensionDirectoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExtensionDirectoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExtensionDirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Storage::ExtensionEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return e.name;
        case ExtensionColumn:
            return e.extension;
        case NoteColumn:
            return e.note;
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == ExtensionColumn ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                                                 : QVariant();
    case IdRole:
        return e.id;
    case DialRole:
        return e.extension;
    default:
        return {};
    }
}

QVariant ExtensionDirectoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Unit");
    case ExtensionColumn:
        return tr("Extension");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

Qt::ItemFlags ExtensionDirectoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

bool ExtensionDirectoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= m_rows.size())
        return false;
    Storage::ExtensionEntry e = m_rows.at(index.row());
    switch (index.column()) {
    case NameColumn:
        e.name = value.toString();
        break;
    case ExtensionColumn:
        e.extension = value.toString();
        break;
    case NoteColumn:
        e.note = value.toString();
        break;
    default:
        return false;
    }
    const auto saved = Storage::ExtensionDirectory::save(m_db->writer(), e);
    if (!saved) {
        fail(saved.error().message);
        return false;
    }
    m_lastError.clear();
    m_rows[index.row()] = saved.value();
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    return true;
}

bool ExtensionDirectoryModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    for (int i = row; i < row + count; ++i) {
        if (const auto s = Storage::ExtensionDirectory::remove(m_db->writer(), m_rows.at(i).id); !s) {
            fail(s.error().message);
            reload();
            return false;
        }
    }
    beginRemoveRows(QModelIndex(), row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    m_lastError.clear();
    return true;
}

} // namespace Pasokh::ViewModels
