// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/telephonytypes.h"

#include <QDialog>

class QComboBox;
class QLabel;

namespace Pasokh::Ui {

/// Sound and device settings of the phone: the output for the ringtone and alerts (Qt Multimedia outputs,
/// QMediaDevices::audioOutputs()), and the microphone and speaker the engine uses in calls (the devices the
/// engine reported, ITelephony::audioDevices()). "System default" is always offered; on a machine without
/// audio devices the lists hold only that and a note says so. Saved by the caller (MainWindow) to the INI
/// keys `[sound] alert_device`, `[sip] input_device`, `[sip] output_device`.
class AudioSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// What the operator chose; empty ids mean the system default.
    struct Selection
    {
        QByteArray alertOutput; ///< QAudioDevice::id() for the ringtone and alerts
        QString callInput;      ///< engine device id of the microphone
        QString callOutput;     ///< engine device id of the speaker
    };

    AudioSettingsDialog(const QList<Telephony::AudioDeviceInfo> &engineDevices, const Selection &current,
                        QWidget *parent = nullptr);

    Selection selection() const;
    /// The note shown when a list has no real device (empty when all lists have devices), for tests.
    QString note() const;

private:
    QComboBox *m_alert;
    QComboBox *m_input;
    QComboBox *m_output;
    QLabel *m_note;
};

} // namespace Pasokh::Ui
