// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/uuid7.h"

#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>

#include <array>

namespace Pasokh::Core::Uuid7 {

QUuid generate()
{
    static QMutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0;

    qint64 ms = QDateTime::currentMSecsSinceEpoch();
    quint16 seq;
    {
        QMutexLocker lock(&mutex);
        if (ms <= lastMs) {
            ms = lastMs;
            if (++counter > 0x0FFF) { // counter overflow: borrow the next millisecond (RFC 9562 §6.2)
                ++ms;
                counter = 0;
            }
        } else {
            counter = quint16(QRandomGenerator::system()->bounded(0x0400)); // random start, room to count up
        }
        lastMs = ms;
        seq = counter;
    }

    std::array<uchar, 16> b{};
    for (int i = 0; i < 6; ++i)
        b[i] = uchar((quint64(ms) >> (8 * (5 - i))) & 0xFF);
    b[6] = uchar(0x70 | ((seq >> 8) & 0x0F));
    b[7] = uchar(seq & 0xFF);
    quint64 r = QRandomGenerator::system()->generate64();
    for (int i = 8; i < 16; ++i)
        b[i] = uchar((r >> (8 * (i - 8))) & 0xFF);
    b[8] = uchar((b[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b.data()), 16));
}

QString generateString()
{
    return generate().toString(QUuid::WithoutBraces);
}

qint64 timestampMs(const QUuid &id)
{
    const QByteArray b = id.toRfc4122();
    if ((uchar(b[6]) >> 4) != 7)
        return -1;
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | uchar(b[i]);
    return ms;
}

} // namespace Pasokh::Core::Uuid7
