// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/pullcursor.h"

#include <QByteArray>
#include <QList>

#include <cctype>

namespace Pasokh::Hub {

QString PullCursor::encode() const
{
    const QByteArray raw = "v1|" + epoch.toLatin1() + '|' + QByteArray::number(watermark);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<PullCursor> PullCursor::decode(const QString &text)
{
    if (text.isEmpty())
        return PullCursor{};
    if (text.size() > 200)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split('|');
    if (parts.size() != 3 || parts.at(0) != "v1" || parts.at(1).isEmpty())
        return std::nullopt;
    for (char c : parts.at(1)) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
            return std::nullopt;
    }
    bool ok = false;
    const long long w = parts.at(2).toLongLong(&ok);
    if (!ok || w < 0)
        return std::nullopt;
    return PullCursor{QString::fromLatin1(parts.at(1)), w};
}

} // namespace Pasokh::Hub
