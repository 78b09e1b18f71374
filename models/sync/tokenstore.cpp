// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/sync/tokenstore.h"

namespace Pasokh::Sync {

std::optional<QString> MemoryTokenStore::load(const QString &account)
{
    if (account != m_account || m_token.isEmpty())
        return std::nullopt;
    return m_token;
}

bool MemoryTokenStore::save(const QString &account, const QString &refreshToken)
{
    m_account = account;
    m_token = refreshToken;
    return true;
}

void MemoryTokenStore::clear(const QString &account)
{
    if (account == m_account)
        m_token.clear();
}

} // namespace Pasokh::Sync
