// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/article.h"

#include <QCryptographicHash>

namespace Pasokh::Kb {

QString Article::contentHash() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const QString &field) {
        const QByteArray bytes = field.toUtf8();
        const qint64 size = bytes.size();
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(&size), sizeof size));
        hash.addData(bytes);
    };
    add(id);
    add(title);
    add(body);
    add(keywords.join(QLatin1Char('\n')));
    add(categories.join(QLatin1Char('\n')));
    add(units.join(QLatin1Char('\n')));
    add(reviewedOn.isValid() ? reviewedOn.toString(Qt::ISODate) : QString());
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace Pasokh::Kb
