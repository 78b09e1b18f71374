// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace Pasokh::Ui {

/// Paints a knowledge-base hit as two lines: the title in bold and the snippet with the matched words in
/// bold, from the rich text in Qt::DisplayRole (HTML made by KnowledgePanel from Kb::Snippet::toHtml()), laid
/// out in the widget's direction (right-to-left in the Persian UI).
class SearchHitDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Pasokh::Ui
