// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/tokenstore.h"

namespace Pasokh::Sync {

/// Refresh tokens in the OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS,
/// Credential Store on Windows), service "Pasokh hub", with setInsecureFallback(false) as Nextcloud does
/// (notes/sync.md §6): never a plain file. Where no keychain answers (headless, no Secret Service daemon,
/// keyring locked) every call fails quietly, persistent() turns false, and the console asks the operator
/// for the password again. Every QtKeychain job of the process runs on one internal thread (QtKeychain's job
/// queue is tied to the thread of its first job); each call blocks its caller until the job answers, at most
/// 5 s: call it on the sync thread, never the GUI thread. Thread-safe.
class KeychainTokenStore : public TokenStore
{
public:
    std::optional<QString> load(const QString &account) override;
    bool save(const QString &account, const QString &refreshToken) override;
    void clear(const QString &account) override;
    bool persistent() const override { return m_available; }

private:
    bool m_available = true;
};

} // namespace Pasokh::Sync
