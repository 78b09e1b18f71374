// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/kb/searchhitdelegate.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

namespace Pasokh::Ui {

namespace {

// Width available to an item: the option's rect when painting, the view's viewport when measuring.
int itemWidth(const QStyleOptionViewItem &option)
{
    if (option.rect.width() > 0)
        return option.rect.width();
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return view->viewport()->width();
    return 300;
}

void setUp(QTextDocument *document, const QStyleOptionViewItem &option, const QString &html)
{
    document->setDefaultFont(option.font);
    QTextOption textOption;
    textOption.setTextDirection(option.direction);
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document->setDefaultTextOption(textOption);
    document->setDocumentMargin(4);
    document->setHtml(html);
    document->setTextWidth(itemWidth(option));
}

} // namespace

void SearchHitDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString html = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QTextDocument document;
    setUp(&document, opt, html);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = opt.palette;
    if (opt.state & QStyle::State_Selected)
        context.palette.setColor(QPalette::Text, opt.palette.color(QPalette::HighlightedText));
    painter->save();
    painter->translate(opt.rect.topLeft());
    painter->setClipRect(opt.rect.translated(-opt.rect.topLeft()));
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize SearchHitDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QTextDocument document;
    setUp(&document, opt, opt.text);
    return QSize(int(document.idealWidth()), int(document.size().height()));
}

} // namespace Pasokh::Ui
