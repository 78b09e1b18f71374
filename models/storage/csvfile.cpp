// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/csvfile.h"

#include <QMap>

#include <csv.h>

namespace Pasokh::Storage::Csv {

namespace {
struct ParseState
{
    QList<QStringList> rows;
    QStringList current;
};

void onField(void *data, size_t len, void *state)
{
    auto *s = static_cast<ParseState *>(state);
    s->current.append(QString::fromUtf8(static_cast<const char *>(data), qsizetype(len)));
}

void onRow(int, void *state)
{
    auto *s = static_cast<ParseState *>(state);
    s->rows.append(s->current);
    s->current.clear();
}
} // namespace

Core::Result<QList<QStringList>> parse(const QByteArray &utf8)
{
    QByteArray bytes = utf8;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return Core::Error{QStringLiteral("csv"), QStringLiteral("csv_init failed")};
    ParseState state;
    const size_t n = csv_parse(&parser, bytes.constData(), size_t(bytes.size()), onField, onRow, &state);
    if (n != size_t(bytes.size()) || csv_fini(&parser, onField, onRow, &state) != 0) {
        const QString reason = QString::fromUtf8(csv_strerror(csv_error(&parser)));
        csv_free(&parser);
        return Core::Error{
            QStringLiteral("csv"),
            QStringLiteral("CSV error near row %1: %2").arg(state.rows.size() + 1).arg(reason)};
    }
    csv_free(&parser);
    return state.rows;
}

Core::Result<QList<QMap<QString, QString>>> parseRecords(const QByteArray &utf8)
{
    auto rows = parse(utf8);
    if (!rows)
        return rows.error();
    QList<QMap<QString, QString>> records;
    const QList<QStringList> &all = rows.value();
    if (all.isEmpty())
        return records;
    const QStringList header = all.first();
    for (qsizetype i = 1; i < all.size(); ++i) {
        const QStringList &row = all.at(i);
        if (row.size() == 1 && row.first().isEmpty())
            continue;
        if (row.size() != header.size())
            return Core::Error{QStringLiteral("csv"),
                               QStringLiteral("row %1 has %2 fields, the header has %3")
                                   .arg(i + 1)
                                   .arg(row.size())
                                   .arg(header.size())};
        QMap<QString, QString> record;
        for (qsizetype c = 0; c < header.size(); ++c)
            record.insert(header.at(c), row.at(c));
        records.append(record);
    }
    return records;
}

bool writeRow(QIODevice &out, const QStringList &fields)
{
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line.append(',');
        const QByteArray src = fields.at(i).toUtf8();
        QByteArray dest(qsizetype(src.size() * 2 + 2), Qt::Uninitialized);
        const size_t written =
            csv_write(dest.data(), size_t(dest.size()), src.constData(), size_t(src.size()));
        line.append(dest.constData(), qsizetype(written));
    }
    line.append("\r\n");
    return out.write(line) == line.size();
}

} // namespace Pasokh::Storage::Csv
