// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpanel/audiosettingsdialog.h"

#include <QAudioDevice>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QMediaDevices>
#include <QVBoxLayout>

namespace Pasokh::Ui {

namespace {
void select(QComboBox *box, const QVariant &id)
{
    const int i = box->findData(id);
    box->setCurrentIndex(i >= 0 ? i : 0);
}
} // namespace

AudioSettingsDialog::AudioSettingsDialog(const QList<Telephony::AudioDeviceInfo> &engineDevices,
                                         const Selection &current, QWidget *parent)
    : QDialog(parent), m_alert(new QComboBox(this)), m_input(new QComboBox(this)),
      m_output(new QComboBox(this)), m_note(new QLabel(this))
{
    setWindowTitle(tr("Sound and devices"));
    auto *root = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    root->addLayout(form);
    m_alert->setObjectName(QStringLiteral("alertDevice"));
    m_input->setObjectName(QStringLiteral("callInput"));
    m_output->setObjectName(QStringLiteral("callOutput"));
    for (QComboBox *b : {m_alert, m_input, m_output})
        b->addItem(tr("System default"), QVariant());

    const QList<QAudioDevice> outputs = QMediaDevices::audioOutputs();
    for (const QAudioDevice &d : outputs)
        m_alert->addItem(d.description(), d.id());
    for (const Telephony::AudioDeviceInfo &d : engineDevices) {
        if (d.canCapture)
            m_input->addItem(d.name, d.id);
        if (d.canPlay)
            m_output->addItem(d.name, d.id);
    }
    form->addRow(tr("Ringtone and alerts"), m_alert);
    form->addRow(tr("Microphone in calls"), m_input);
    form->addRow(tr("Speaker in calls"), m_output);
    select(m_alert, current.alertOutput.isEmpty() ? QVariant() : QVariant(current.alertOutput));
    select(m_input, current.callInput.isEmpty() ? QVariant() : QVariant(current.callInput));
    select(m_output, current.callOutput.isEmpty() ? QVariant() : QVariant(current.callOutput));

    QStringList notes;
    if (outputs.isEmpty())
        notes << tr("No sound device was found on this computer: calls ring on screen only.");
    if (m_input->count() == 1 || m_output->count() == 1)
        notes << tr("The phone engine reported no microphone or speaker: calls use the system default.");
    m_note->setText(notes.join(QLatin1Char('\n')));
    m_note->setWordWrap(true);
    m_note->setVisible(!notes.isEmpty());
    root->addWidget(m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    root->addWidget(buttons);
}

AudioSettingsDialog::Selection AudioSettingsDialog::selection() const
{
    return Selection{m_alert->currentData().toByteArray(), m_input->currentData().toString(),
                     m_output->currentData().toString()};
}

QString AudioSettingsDialog::note() const
{
    return m_note->text();
}

} // namespace Pasokh::Ui
