// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/tokenstore.h"

namespace Pasokh::Sync {

/// Refresh tokens in the OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS,
/// Credential Store on Windows), service "Pasokh hub", with setInsecureFallback(false) as Nextcloud does
/// (notes/sync.md §6): never a plain file. Where no keychain answers (headless, no Secret Service daemon,
/// keyring locked) every call fails quietly, persistent() turns false, and the console asks the operator
/// for the password again. Each call waits for the keychain job in a local event loop (at most 5 s): use it
/// on the sync thread.
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
