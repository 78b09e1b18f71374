// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/integration/syncfaults/syncharness.h"

#include <QTest>

/// In a data-driven test function with a `backend` column: declares `SyncHarness name` and starts its hub
/// (optional hub arguments) and proxy, failing the test with the reason when that does not work.
#define SYNC_HARNESS(name, ...)                                                                              \
    QFETCH(QString, backend);                                                                                \
    Pasokh::SyncTest::SyncHarness name;                                                                      \
    do {                                                                                                     \
        const QString setupError_ = name.setUp(backend __VA_OPT__(, ) __VA_ARGS__);                          \
        QVERIFY2(setupError_.isEmpty(), qPrintable(setupError_));                                            \
    } while (false)

/// Registers `n` cases in the harness's console store, failing the test when any is not saved.
#define SYNC_ADD_CASES(harness, n)                                                                           \
    do {                                                                                                     \
        const auto intake_ = (harness).addCases(n);                                                          \
        QVERIFY2(intake_.exitCode == 0 && intake_.ok == (n), qPrintable(intake_.output));                    \
    } while (false)

/// Runs the invariant checker; fails the test listing every violation.
#define SYNC_CHECK(harness, ...)                                                                             \
    do {                                                                                                     \
        const auto violations_ = (harness).check(__VA_ARGS__);                                               \
        QVERIFY2(violations_.isEmpty(), qPrintable(Pasokh::Testing::SyncCheck::format(violations_)));        \
    } while (false)

/// A finished `pasokhctl sync --once` run with exit code 0.
#define SYNC_VERIFY_OK(run) QVERIFY2((run).finished && (run).exitCode == 0, qPrintable((run).describe()))

/// main() of a sync fault test: temporary folders in RAM (useRamTempDir), then Qt Test as usual.
#define SYNCFAULTS_TEST_MAIN(TestObject)                                                                     \
    int main(int argc, char **argv)                                                                          \
    {                                                                                                        \
        Pasokh::SyncTest::useRamTempDir();                                                                   \
        QCoreApplication app(argc, argv);                                                                    \
        TestObject tc;                                                                                       \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&tc, argc, argv);                                                                \
    }
