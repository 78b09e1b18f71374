// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Pasokh::Hub {

/// Password and secret hashing with libsodium.
/// Passwords: Argon2id (`crypto_pwhash_str`, libsodium's default algorithm ARGON2ID13, RFC 9106) with the
/// "interactive" limits (2 passes, 64 MiB); at most 4 run at once (the rest wait), bounding memory under a
/// login burst. Tokens and API keys are 256-bit random values, so a fast SHA-256 of the secret is enough for
/// storage (the database never holds a usable token).
class PasswordHasher
{
public:
    /// Initialises libsodium once; false if it cannot (then nothing else here may be used).
    static bool initialize();
    /// Encoded Argon2id string (`$argon2id$v=19$m=...`), empty on failure (out of memory).
    static QString hashPassword(const QString &password);
    /// Constant-time verification of `password` against an encoded hash.
    static bool verifyPassword(const QString &password, const QString &encodedHash);
    /// A new random secret: 32 bytes, base64url without padding (43 characters).
    static QString randomToken();
    /// Lower-case hex SHA-256 of `data`.
    static QString sha256Hex(const QByteArray &data);
};

} // namespace Pasokh::Hub
