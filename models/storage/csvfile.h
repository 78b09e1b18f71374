// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QStringList>

namespace Pasokh::Storage::Csv {

/// Parses RFC 4180 CSV (UTF-8, optional BOM) with libcsv in strict mode. Returns the rows, header first.
/// Errors: "csv" with libcsv's reason (e.g. a malformed quote).
Core::Result<QList<QStringList>> parse(const QByteArray &utf8);

/// Parses and returns each row after the header as a field-name → value map. Errors as parse(), and "csv"
/// when a row has a different number of fields than the header.
Core::Result<QList<QMap<QString, QString>>> parseRecords(const QByteArray &utf8);

/// Writes one RFC 4180 row (CRLF line end, fields quoted by libcsv's csv_write) as UTF-8 to `out`.
/// Returns false when the device refused the bytes (e.g. a full disk).
bool writeRow(QIODevice &out, const QStringList &fields);

} // namespace Pasokh::Storage::Csv
