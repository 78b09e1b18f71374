// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

namespace Pasokh::Sync {

/// Keeps the hub's refresh token between runs (notes/sync.md §6 "Credentials"). The access token (≤ 15 min)
/// is never stored. Implementations: KeychainTokenStore (the OS keychain through QtKeychain) and
/// MemoryTokenStore (tests, `pasokhctl sync`, and a console without a keychain: the operator logs in again).
/// Calls may block briefly (a keychain round-trip); call them from the sync thread, never the GUI thread.
class TokenStore
{
public:
    virtual ~TokenStore() = default;
    /// The refresh token saved for `account` (e.g. "<hub url>|<station id>"), or nullopt.
    virtual std::optional<QString> load(const QString &account) = 0;
    /// Saves (replaces) the refresh token. Returns false when it could not be stored (the token then lives only
    /// in memory for this run).
    virtual bool save(const QString &account, const QString &refreshToken) = 0;
    /// Forgets the token (logout, refresh refused).
    virtual void clear(const QString &account) = 0;
    /// Whether tokens survive a restart (false for the memory store or when no keychain answers).
    virtual bool persistent() const = 0;
};

/// Tokens in memory only.
class MemoryTokenStore : public TokenStore
{
public:
    std::optional<QString> load(const QString &account) override;
    bool save(const QString &account, const QString &refreshToken) override;
    void clear(const QString &account) override;
    bool persistent() const override { return false; }

private:
    QString m_account;
    QString m_token;
};

} // namespace Pasokh::Sync
