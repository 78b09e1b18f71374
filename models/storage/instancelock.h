// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QLockFile>
#include <QString>
#include <memory>

namespace Pasokh::Storage {

/// Guards a data folder so that only one console (or pasokhctl command that writes) uses it at a time.
/// A lock file "pasokh.lock" holds the owner's PID and host; a lock left by a crashed process is detected as
/// stale (QLockFile's rules) and taken over.
class InstanceLock
{
public:
    /// Takes the lock for `dataDir` without waiting. Errors: "already_running" (with the other process's
    /// PID), "read_only" (the folder cannot be written).
    static Core::Result<std::shared_ptr<InstanceLock>> acquire(const QString &dataDir);

private:
    explicit InstanceLock(std::unique_ptr<QLockFile> file) : m_file(std::move(file)) {}
    std::unique_ptr<QLockFile> m_file;
};

} // namespace Pasokh::Storage
