// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sync/syncstatus.h"

#include <QCoreApplication>
#include <QString>

namespace Pasokh::Ui {

/// Status-bar text of the hub sync: state (online / offline, retrying / login needed / stopped), pending and
/// parked counts with Persian digits in the Persian UI, and the last successful sync as a Jalali date and time
/// in Tehran (ViewModels::DisplayFormat::dateTime).
class SyncStatusText
{
    Q_DECLARE_TR_FUNCTIONS(SyncStatusText)
public:
    /// The connection part ("Online", "Offline: retrying at ...", "Hub login needed"...).
    static QString connection(const Sync::SyncStatus &s);
    /// The queue part ("Waiting to send: N · Parked: M · Last sync: ...").
    static QString queue(const Sync::SyncStatus &s);
    /// Text colour for the connection part (green online, amber offline/login, red stopped).
    static QString colour(const Sync::SyncStatus &s);
};

} // namespace Pasokh::Ui
