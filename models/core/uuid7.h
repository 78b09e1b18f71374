// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUuid>

namespace Pasokh::Core::Uuid7 {

/// A new UUID version 7 (RFC 9562 §5.7): 48-bit Unix time in ms, version 7, 12-bit rand_a used as a
/// sub-millisecond counter (RFC 9562 §6.2 method 1) so that ids made by one process are strictly increasing,
/// variant 0b10, 62 random bits from the system CSPRNG. Thread-safe.
QUuid generate();

/// generate() as the lowercase 36-character text form without braces, the form every table stores.
QString generateString();

/// The Unix time in ms encoded in a version 7 UUID, or -1 when `id` is not version 7.
qint64 timestampMs(const QUuid &id);

} // namespace Pasokh::Core::Uuid7
