// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Pasokh::Hub {

/// The opaque pull cursor of notes/sync.md §4: base64url of "v1|<server_epoch>|<change_log watermark>".
/// The watermark is the last change-log sequence number the client has seen; the epoch tells a restored or
/// replaced database apart (then the client must resync: 410).
struct PullCursor
{
    QString epoch;
    long long watermark = 0;

    /// Opaque text form sent to clients.
    QString encode() const;
    /// Parses a cursor; nullopt if it is not one of ours (→ 400 `bad_cursor`). An empty string is the start.
    static std::optional<PullCursor> decode(const QString &text);
};

} // namespace Pasokh::Hub
