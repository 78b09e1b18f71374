// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/passwordhasher.h"

#include <QCryptographicHash>

#include <sodium.h>

#include <semaphore>

namespace Pasokh::Hub {

namespace {

/// At most this many Argon2id computations at once: each takes 64 MiB, so a burst of logins cannot exhaust
/// memory.
std::counting_semaphore<4> g_argonSlots(4);

/// Holds one Argon2 slot for its lifetime.
struct ArgonSlot
{
    ArgonSlot() { g_argonSlots.acquire(); }
    ~ArgonSlot() { g_argonSlots.release(); }
    ArgonSlot(const ArgonSlot &) = delete;
    ArgonSlot &operator=(const ArgonSlot &) = delete;
};

} // namespace

bool PasswordHasher::initialize()
{
    return sodium_init() >= 0;
}

QString PasswordHasher::hashPassword(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    const ArgonSlot slot;
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return QString::fromLatin1(out);
}

bool PasswordHasher::verifyPassword(const QString &password, const QString &encodedHash)
{
    const QByteArray utf8 = password.toUtf8();
    const QByteArray hash = encodedHash.toLatin1();
    if (hash.isEmpty() || hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    const ArgonSlot slot;
    return crypto_pwhash_str_verify(hash.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

QString PasswordHasher::randomToken()
{
    unsigned char buf[32];
    randombytes_buf(buf, sizeof buf);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(buf), sizeof buf)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString PasswordHasher::sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace Pasokh::Hub
