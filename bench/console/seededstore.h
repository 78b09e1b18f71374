// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Bench {

/// A console store filled by `pasokhctl seed-demo`, shared by the console benchmarks.
struct SeededStore
{
    QString dataDir; ///< Data folder holding pasokh.sqlite (pass it to the console as --data-dir).
    QString dbPath;  ///< The store file.
    double seedSeconds =
        0; ///< Wall-clock seconds the seeding took (when it was made, possibly in an earlier run).
    double seedCpuSeconds = 0; ///< CPU seconds (user + system) of the seeding process part.
    bool reused = false;       ///< True when the cached store from an earlier run was returned.
    QString error;             ///< Non-empty when the store could not be made.
};

/// Returns the store seeded with `cases` cases and `seed`, making it on first use: seed-demo runs in a
/// temporary folder next to the cache, which is renamed into place only when seeding succeeded, so an
/// interrupted run never leaves a half-filled cache. Cache folder: $PASOKH_BENCH_CACHE, else <build
/// dir>/bench-cache, one sub-folder per (cases, seed). Takes minutes the first time for a million cases;
/// later runs reuse it. Benchmarks that write to it must remove what they added.
SeededStore seededStore(qint64 cases = 1000000, quint64 seed = 42);

} // namespace Pasokh::Bench
