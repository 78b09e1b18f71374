// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/protocol.h"

#include <QJsonDocument>
#include <QtEndian>

namespace Pasokh::Telephony::Protocol {

QJsonObject message(const char *type, QJsonObject members)
{
    members.insert(QStringLiteral("t"), QString::fromLatin1(type));
    return members;
}

QString typeOf(const QJsonObject &msg)
{
    return msg.value(QLatin1String("t")).toString();
}

QByteArray encode(const QJsonObject &msg)
{
    const QByteArray body = QJsonDocument(msg).toJson(QJsonDocument::Compact);
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(body.size()), frame.data());
    frame.append(body);
    return frame;
}

QList<QJsonObject> FrameReader::takeMessages(QString *error)
{
    QList<QJsonObject> out;
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= 4) {
        const quint32 len = qFromBigEndian<quint32>(m_buffer.constData() + pos);
        if (len > quint32(kMaxFrameBytes)) {
            if (error)
                *error = QStringLiteral("frame of %1 bytes exceeds the %2-byte limit")
                             .arg(len)
                             .arg(kMaxFrameBytes);
            m_buffer.clear();
            return out;
        }
        if (m_buffer.size() - pos - 4 < qsizetype(len))
            break;
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(m_buffer.mid(pos + 4, len), &pe);
        pos += 4 + qsizetype(len);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            if (error)
                *error = QStringLiteral("frame is not a JSON object: %1").arg(pe.errorString());
            m_buffer.clear();
            return out;
        }
        out.append(doc.object());
    }
    m_buffer.remove(0, pos);
    return out;
}

} // namespace Pasokh::Telephony::Protocol
