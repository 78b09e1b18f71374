// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"
#include "models/storage/database.h"
#include "models/storage/referencedata.h"

#include <QDateTime>
#include <functional>

namespace Pasokh::Storage {

/// What DemoSeeder::seed() should make.
struct DemoSeedOptions
{
    qint64 cases = 1000; ///< How many cases (1 .. 20,000,000).
    quint64 seed = 1;    ///< Same seed + same `now` + same reference data → the same rows, byte for byte.
    QDateTime now; ///< Reference "now" (UTC); invalid → the current UTC day's midnight, so runs of one
                   ///< day agree. Cases fall in the three years (1096 days) before it.
    qint64 batchSize =
        50000; ///< Progress interval: cases between progress() calls (the data do not depend on it).
    /// Called every `batchSize` cases and at the end with (cases written so far, total); may be empty.
    /// Nothing is committed before the end.
    std::function<void(qint64, qint64)> progress;
};

/// Figures of a finished seeding run.
struct DemoSeedReport
{
    qint64 cases = 0;
    qint64 callers =
        0; ///< New callers made (about 70% of cases with a number; a few random numbers coincide).
    qint64 events = 0; ///< case_events rows.
    qint64 calls = 0;  ///< calls rows (one per phone-channel case).
    QDateTime first;   ///< requested_at of the oldest and newest case (UTC).
    QDateTime last;
    qint64 elapsedMs = 0;
};

/// Fills a store with realistic, invented history for demos and benchmarks (issue 2, pasokhctl seed-demo).
/// Every leaf category and district is used; descriptions come from per-category Persian templates
/// (resources/demo/demo-texts.json) with varied streets, places, times and counts; callers get plausible
/// Persian names, mobile or 051 numbers (E.164), valid-checksum national IDs for about a quarter, and about
/// 30% of cases come from an earlier caller. Dates follow a weekly rhythm (fewer on Thursday, far fewer on
/// Friday), a Jalali-month seasonal rhythm per category (floods in winter and spring, irrigation in
/// summer...), office-hour peaks and a slight growth trend. Older cases are referred, answered (with a
/// response type) or closed, as if the hub had synced them: no outbox rows, has_pending = 0. Tracking codes
/// use stations 1..S with per-station yearly sequences that continue tracking_sequences, which is updated in
/// the same transactions.
///
/// Fast path: rows go straight through prepared sqlite3 statements on the writer connection, all in one BEGIN
/// IMMEDIATE transaction; the secondary indexes of cases/case_events/calls/callers and the full-text trigger
/// are dropped at its start and re-created at its end (a sorted build instead of a million random inserts),
/// foreign-key checks are off while it runs (every reference comes from the store's own reference data).
/// About 100 s of CPU for 1,000,000 cases on this project's CI machine class, single-threaded (bench/console
/// prints the figure). All or nothing: on failure the transaction is rolled back and the store, schema
/// included, is as it was. Errors: "invalid" (bad options), "no_reference_data", "too_many" (more cases than
/// the tracking-code space of 99 stations allows), storage errors ("disk_full", "locked", ...).
class DemoSeeder
{
public:
    static Core::Result<DemoSeedReport> seed(Database &db, const ReferenceCatalog &catalog,
                                             const DemoSeedOptions &options);
};

} // namespace Pasokh::Storage
