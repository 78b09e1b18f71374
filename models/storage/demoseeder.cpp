// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/storage/demoseeder.h"

#include "models/core/casetypes.h"
#include "models/core/digits.h"
#include "models/core/jalali.h"
#include "models/core/persiantext.h"
#include "models/core/trackingcode.h"
#include "models/storage/storageerror.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QUuid>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace Pasokh::Storage {

using namespace Pasokh::Core;

namespace {

constexpr int kDays = 1096;            // three years
constexpr int kMaxSequence = 99999;    // TrackingCode: 5-digit per-station yearly sequence
constexpr qint64 kMaxCases = 20000000; // 99 stations x 99,999 x 3 years, with head-room for the peaks
constexpr qint64 kDayMs = 86400000;

// Deterministic random numbers: mt19937_64's output is fixed by the standard, and the helpers below avoid the
// library-specific std distributions, so a seed gives the same data with any standard library.
class Rng
{
public:
    explicit Rng(quint64 seed) : m_engine(seed) {}
    quint64 next() { return m_engine(); }
    /// Uniform in [0, 1).
    double unit() { return double(m_engine() >> 11) * 0x1.0p-53; }
    /// Uniform in [0, n).
    int below(int n) { return n <= 1 ? 0 : int(m_engine() % quint64(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(double p) { return unit() < p; }

private:
    std::mt19937_64 m_engine;
};

/// Picks an index with probability proportional to its weight.
class Weighted
{
public:
    Weighted() = default;
    explicit Weighted(const std::vector<double> &weights)
    {
        double total = 0;
        for (double w : weights) {
            total += std::max(0.0, w);
            m_cumulative.push_back(total);
        }
    }
    int pick(Rng &rng) const
    {
        const double x = rng.unit() * m_cumulative.back();
        return int(std::upper_bound(m_cumulative.begin(), m_cumulative.end(), x) - m_cumulative.begin());
    }

private:
    std::vector<double> m_cumulative;
};

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out << e.toString();
    return out;
}

template <typename T> const T &pickFrom(Rng &rng, const QList<T> &list)
{
    return list.at(rng.below(int(list.size())));
}

// A caller kept in compact form (a million of them fit in ~40 MB).
struct PoolCaller
{
    quint64 phoneDigits = 0; // E.164 without '+'
    quint64 nationalId = 0;  // 10 digits as a number; 0 = none
    bool hasNationalId = false;
    quint8 first = 0;
    quint8 last = 0;
    bool female = false;
    bool dirty = false;
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
};

struct Leaf
{
    const Category *category = nullptr;
    QStringList templates;
    double weight = 2;
    double seasonal[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    int defaultDistrict = 0; // PILGRIM-*: mostly Samen
};

// A version 7 UUID (RFC 9562 §5.7) for a given instant, with the random bits from the seeded generator so
// that seeded data is reproducible (Uuid7::generate() uses the system CSPRNG and the current time).
QString uuid7At(qint64 unixMs, Rng &rng)
{
    QByteArray b(16, Qt::Uninitialized);
    for (int i = 0; i < 6; ++i)
        b[i] = char((unixMs >> (8 * (5 - i))) & 0xff);
    const quint64 r1 = rng.next();
    const quint64 r2 = rng.next();
    for (int i = 6; i < 16; ++i)
        b[i] = char(((i < 8 ? r1 : r2) >> (8 * (i % 8))) & 0xff);
    b[6] = char((b[6] & 0x0f) | 0x70);
    b[8] = char((b[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(b).toString(QUuid::WithoutBraces);
}

QString nationalIdText(quint64 id)
{
    return QStringLiteral("%1").arg(id, 10, 10, QLatin1Char('0'));
}

// A random 10-digit national ID that passes the checksum of notes/persian.md §3; mostly Mashhad prefixes.
quint64 makeNationalId(Rng &rng)
{
    static const int kMashhad[] = {92, 93, 94, 96, 97, 98};
    int digits[10];
    const int prefix = rng.chance(0.8) ? kMashhad[rng.below(6)] : rng.between(1, 999);
    digits[0] = prefix / 100;
    digits[1] = (prefix / 10) % 10;
    digits[2] = prefix % 10;
    for (int i = 3; i < 9; ++i)
        digits[i] = rng.below(10);
    if (digits[3] + digits[4] + digits[5] + digits[6] + digits[7] + digits[8] == 0)
        digits[5] = 1;
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += digits[i] * (10 - i);
    const int r = sum % 11;
    digits[9] = r < 2 ? r : 11 - r;
    quint64 v = 0;
    for (int d : digits)
        v = v * 10 + quint64(d);
    return v;
}

// A mobile number (operator prefixes of notes/persian.md §4, Khorasan-heavy) or a Mashhad 051 landline.
quint64 makePhone(Rng &rng)
{
    static const int kPrefixes[] = {915, 915, 915, 915, 915, 915, 915, 935, 936, 937, 938, 939, 930, 933, 901,
                                    902, 903, 905, 912, 911, 913, 914, 917, 918, 919, 921, 922, 990, 991};
    if (rng.chance(0.22)) // 051 3XXX XXXX
        return 98ULL * 10000000000ULL + 5130000000ULL + quint64(rng.below(10000000));
    const int prefix = kPrefixes[rng.below(int(std::size(kPrefixes)))];
    return 98ULL * 10000000000ULL + quint64(prefix) * 10000000ULL + quint64(rng.below(10000000));
}

class Statement
{
public:
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { sqlite3_finalize(m_stmt); }

    int prepare(sqlite3 *db, const char *sql)
    {
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    void text(int i, const QString &s)
    {
        if (s.isEmpty()) {
            sqlite3_bind_null(m_stmt, i);
            return;
        }
        const QByteArray u = s.toUtf8();
        sqlite3_bind_text(m_stmt, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    void real(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    void null(int i) { sqlite3_bind_null(m_stmt, i); }
    void optionalTime(int i, qint64 ms)
    {
        if (ms > 0)
            integer(i, ms);
        else
            null(i);
    }
    /// Runs the statement once; SQLITE_DONE on success.
    int step()
    {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return rc;
    }
    sqlite3_stmt *get() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.data());
}

class Seeder
{
public:
    Seeder(sqlite3 *db, const ReferenceCatalog &catalog, const DemoSeedOptions &options)
        : m_db(db), m_catalog(catalog), m_options(options), m_rng(options.seed)
    {
    }

    Result<DemoSeedReport> run();

private:
    Status loadTexts();
    Status prepareStatements();
    Status loadSequences();
    Status fail(int rc) const { return Status(storageError(rc, QString::fromUtf8(sqlite3_errmsg(m_db)))); }
    Status execSql(const char *sql) const
    {
        const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
        return rc == SQLITE_OK ? Status() : fail(rc);
    }
    Status writeCase(QDate day, int jalaliMonth, int jalaliYear, qint64 requestedMs);
    Status beginBulk();
    Status flushCallers();
    Status finishBulk();
    QString description(const Leaf &leaf);
    int pickStation(int jalaliYear);

    sqlite3 *m_db;
    const ReferenceCatalog &m_catalog;
    DemoSeedOptions m_options;
    Rng m_rng;
    DemoSeedReport m_report;

    QStringList m_male, m_female, m_last, m_streets, m_places, m_times, m_extras;
    QHash<QString, QStringList> m_answers, m_statusNotes;
    std::vector<Leaf> m_leaves;
    Weighted m_leafByMonth[12];
    Weighted m_districts;
    QList<QString> m_externalUnits;
    QHash<int, QStringList> m_neighbourhoods; // district → names (ReferenceCatalog sorts on every call)
    QHash<QString, double> m_unitNoAnswerRate;

    std::vector<PoolCaller> m_pool;
    std::vector<quint32> m_dirty;
    QHash<quint64, int> m_sequences; // (jalaliYear * 100 + station) → last sequence
    QHash<quint64, int> m_sequencesAtStart;
    int m_stations = 8;
    QByteArray m_ftsTriggerSql;   // CREATE TRIGGER cases_text_ai ..., dropped while seeding and re-created
    QList<QByteArray> m_indexSql; // CREATE INDEX ... of the seeded tables, likewise
    qint64 m_firstRowid = 0;
    qint64 m_nowMs = 0;

    Statement m_insertCase, m_insertEvent, m_insertCall, m_upsertCaller, m_upsertSequence;
};

Status Seeder::loadTexts()
{
    QFile f(QStringLiteral(":/pasokh/demo/demo-texts.json"));
    if (!f.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("invalid"),
                               QStringLiteral("demo texts are missing from the build"));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    m_male = strings(o.value(QLatin1String("firstNamesMale")));
    m_female = strings(o.value(QLatin1String("firstNamesFemale")));
    m_last = strings(o.value(QLatin1String("lastNames")));
    m_streets = strings(o.value(QLatin1String("streets")));
    m_places = strings(o.value(QLatin1String("places")));
    m_times = strings(o.value(QLatin1String("times")));
    m_extras = strings(o.value(QLatin1String("extras")));
    const QJsonObject answers = o.value(QLatin1String("answers")).toObject();
    for (auto it = answers.begin(); it != answers.end(); ++it)
        m_answers.insert(it.key(), strings(it.value()));
    const QJsonObject notes = o.value(QLatin1String("statusNotes")).toObject();
    for (auto it = notes.begin(); it != notes.end(); ++it)
        m_statusNotes.insert(it.key(), strings(it.value()));
    if (m_male.isEmpty() || m_female.isEmpty() || m_last.isEmpty() || m_streets.isEmpty() ||
        m_places.isEmpty() || m_times.isEmpty() || m_extras.isEmpty())
        return Status::failure(QStringLiteral("invalid"), QStringLiteral("demo texts are incomplete"));

    const QJsonObject templates = o.value(QLatin1String("templates")).toObject();
    const QJsonObject weights = o.value(QLatin1String("categoryWeights")).toObject();
    const QJsonObject seasonal = o.value(QLatin1String("seasonal")).toObject();
    for (const Category &c : m_catalog.categories()) {
        if (c.parent.isEmpty())
            continue;
        Leaf leaf;
        leaf.category = &c;
        leaf.templates = strings(templates.value(c.code));
        if (leaf.templates.isEmpty()) // a category added to the reference data later: generic text
            leaf.templates << c.nameFa + QStringLiteral(" در {street} نزدیک {place}");
        leaf.weight = weights.value(c.code).toDouble(2.0);
        const QJsonArray months = seasonal.value(c.code).toArray();
        for (int m = 0; m < 12 && m < months.size(); ++m)
            leaf.seasonal[m] = months.at(m).toDouble(1.0);
        if (c.parent == QLatin1String("PILGRIM"))
            leaf.defaultDistrict = 13;
        m_leaves.push_back(leaf);
    }
    if (m_leaves.empty() || m_catalog.districts().isEmpty())
        return Status::failure(
            QStringLiteral("no_reference_data"),
            QStringLiteral("the store has no categories or districts; import the reference "
                           "data first"));
    for (int m = 0; m < 12; ++m) {
        std::vector<double> w;
        for (const Leaf &leaf : m_leaves)
            w.push_back(leaf.weight * leaf.seasonal[m]);
        m_leafByMonth[m] = Weighted(w);
    }
    for (const District &d : m_catalog.districts())
        for (const Neighbourhood *n : m_catalog.neighbourhoodsOf(d.number))
            m_neighbourhoods[d.number] << n->nameFa;
    const QJsonArray districtWeights = o.value(QLatin1String("districtWeights")).toArray();
    std::vector<double> dw;
    for (const District &d : m_catalog.districts())
        dw.push_back(d.number - 1 < districtWeights.size() ? districtWeights.at(d.number - 1).toDouble(100)
                                                           : 100.0);
    m_districts = Weighted(dw);
    for (const Unit &u : m_catalog.units()) {
        if (u.kind == QLatin1String("external"))
            m_externalUnits << u.code;
        // Units differ in how often a reviewer marks their answer as no logical answer (3%..18%): the manager
        // scorecard has something to show.
        m_unitNoAnswerRate.insert(u.code, 0.03 + 0.15 * double(qHash(u.code, 7) % 1000) / 1000.0);
    }
    return {};
}

Status Seeder::prepareStatements()
{
    int rc = m_insertCase.prepare(
        m_db,
        "INSERT INTO cases (id, tracking_code, channel, case_type, service_code, description, "
        "description_key, caller_name, caller_phone, caller_national_id, anonymous, district, neighbourhood, "
        "address, latitude, longitude, urgency, agency_responsible, status, status_notes, requested_at, "
        "updated_at, expected_at, operator, station, call_id, answer_text, response_type, answered_at, "
        "server_version, has_pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, 1, 0)");
    if (rc == SQLITE_OK)
        rc = m_insertEvent.prepare(m_db, "INSERT INTO case_events (case_id, at, actor, kind, status, note) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (rc == SQLITE_OK)
        rc = m_insertCall.prepare(
            m_db,
            "INSERT INTO calls (id, direction, ani, display_name, dnis, offered_at, answered_at, ended_at, "
            "agent, outcome, disposition, case_id) VALUES (?1, 'inbound', ?2, NULL, '137', ?3, ?4, ?5, ?6, "
            "'answered', 'case_registered', ?7)");
    if (rc == SQLITE_OK)
        rc = m_upsertCaller.prepare(
            m_db, "INSERT INTO callers (phone, name, national_id, first_seen_at, last_seen_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (phone) DO UPDATE SET "
                  "name = coalesce(excluded.name, name), national_id = coalesce(excluded.national_id, "
                  "national_id), "
                  "first_seen_at = min(first_seen_at, excluded.first_seen_at), "
                  "last_seen_at = max(last_seen_at, excluded.last_seen_at)");
    if (rc == SQLITE_OK)
        rc = m_upsertSequence.prepare(
            m_db, "INSERT INTO tracking_sequences (jalali_year, station, last_sequence) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (jalali_year, station) DO UPDATE SET "
                  "last_sequence = max(last_sequence, excluded.last_sequence)");
    return rc == SQLITE_OK ? Status() : fail(rc);
}

Status Seeder::loadSequences()
{
    Statement q;
    int rc = q.prepare(m_db, "SELECT jalali_year, station, last_sequence FROM tracking_sequences");
    if (rc != SQLITE_OK)
        return fail(rc);
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
        m_sequences.insert(quint64(sqlite3_column_int64(q.get(), 0)) * 100 +
                               quint64(sqlite3_column_int(q.get(), 1)),
                           sqlite3_column_int(q.get(), 2));
    m_sequencesAtStart = m_sequences;
    if (rc != SQLITE_DONE)
        return fail(rc);
    Statement trigger;
    rc = trigger.prepare(m_db,
                         "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'cases_text_ai'");
    if (rc != SQLITE_OK)
        return fail(rc);
    if (sqlite3_step(trigger.get()) == SQLITE_ROW)
        m_ftsTriggerSql = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(trigger.get(), 0)));
    return {};
}

int Seeder::pickStation(int jalaliYear)
{
    const int first = 1 + m_rng.below(m_stations);
    for (int i = 0; i < 99; ++i) {
        const int station = 1 + (first - 1 + i) % 99;
        if (m_sequences.value(quint64(jalaliYear) * 100 + quint64(station)) < kMaxSequence)
            return station;
    }
    return 0;
}

QString Seeder::description(const Leaf &leaf)
{
    QString text = pickFrom(m_rng, leaf.templates);
    text.replace(QLatin1String("{street}"), pickFrom(m_rng, m_streets));
    text.replace(QLatin1String("{place}"), pickFrom(m_rng, m_places));
    text.replace(QLatin1String("{time}"), pickFrom(m_rng, m_times));
    text.replace(QLatin1String("{days}"), Digits::toPersian(QString::number(m_rng.between(2, 12))));
    text.replace(QLatin1String("{count}"), Digits::toPersian(QString::number(m_rng.between(2, 40))));
    text.replace(QLatin1String("{line}"), Digits::toPersian(QString::number(m_rng.between(10, 99) * 10 + 1)));
    const QString extra = pickFrom(m_rng, m_extras);
    if (!extra.isEmpty())
        text += QLatin1Char(' ') + extra;
    return text;
}

// Bulk load, the way SQLite loads fastest: one transaction; the secondary indexes of the seeded tables and
// the full-text trigger are dropped at its start and re-created (sorted in one pass) at its end, and the new
// rows are added to the trigram index with one INSERT ... SELECT. Row by row, those indexes cost random
// b-tree inserts and the trigger a statement journal per row. Everything happens inside the one transaction,
// so a failure or a crash at any point leaves the store exactly as it was, schema included.
Status Seeder::beginBulk()
{
    if (Status s = execSql("BEGIN IMMEDIATE"); !s)
        return s;
    Statement q;
    int rc = q.prepare(m_db, "SELECT coalesce(max(rowid), 0) FROM cases");
    if (rc != SQLITE_OK || (rc = sqlite3_step(q.get())) != SQLITE_ROW)
        return fail(rc);
    m_firstRowid = sqlite3_column_int64(q.get(), 0) + 1;
    sqlite3_reset(q.get()); // an unfinished read would lock the schema against DROP
    Statement indexes;
    rc = indexes.prepare(m_db,
                         "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND "
                         "tbl_name IN ('cases', 'case_events', 'calls', 'callers')");
    if (rc != SQLITE_OK)
        return fail(rc);
    QList<QByteArray> names;
    while ((rc = sqlite3_step(indexes.get())) == SQLITE_ROW) {
        names << QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(indexes.get(), 0)));
        m_indexSql << QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(indexes.get(), 1)));
    }
    if (rc != SQLITE_DONE)
        return fail(rc);
    sqlite3_reset(indexes.get());
    for (const QByteArray &name : names) {
        if (Status s = execSql(("DROP INDEX \"" + name + "\"").constData()); !s)
            return s;
    }
    if (!m_ftsTriggerSql.isEmpty())
        return execSql("DROP TRIGGER cases_text_ai");
    return {};
}

Status Seeder::finishBulk()
{
    if (Status s = flushCallers(); !s)
        return s;
    if (!m_ftsTriggerSql.isEmpty()) {
        Statement index;
        int rc = index.prepare(m_db, "INSERT INTO cases_text (rowid, description_key) "
                                     "SELECT rowid, description_key FROM cases WHERE rowid >= ?1");
        if (rc == SQLITE_OK) {
            index.integer(1, m_firstRowid);
            rc = index.step();
        }
        if (rc != SQLITE_DONE)
            return fail(rc);
        if (Status s = execSql(m_ftsTriggerSql.constData()); !s)
            return s;
    }
    for (const QByteArray &sql : m_indexSql) {
        if (Status s = execSql(sql.constData()); !s)
            return s;
    }
    return execSql("COMMIT");
}

/// Writes the callers touched and the tracking sequences advanced since the last call.
Status Seeder::flushCallers()
{
    for (quint32 index : m_dirty) {
        PoolCaller &c = m_pool[index];
        c.dirty = false;
        m_upsertCaller.text(1, QLatin1Char('+') + QString::number(c.phoneDigits));
        m_upsertCaller.text(2, (c.female ? m_female : m_male).at(c.first) + QLatin1Char(' ') +
                                   m_last.at(c.last));
        if (c.hasNationalId)
            m_upsertCaller.text(3, nationalIdText(c.nationalId));
        m_upsertCaller.integer(4, c.firstSeen);
        m_upsertCaller.integer(5, c.lastSeen);
        if (const int rc = m_upsertCaller.step(); rc != SQLITE_DONE)
            return fail(rc);
    }
    m_dirty.clear();
    for (auto it = m_sequences.cbegin(); it != m_sequences.cend(); ++it) {
        if (m_sequencesAtStart.value(it.key(), -1) == it.value())
            continue;
        m_upsertSequence.integer(1, qint64(it.key() / 100));
        m_upsertSequence.integer(2, qint64(it.key() % 100));
        m_upsertSequence.integer(3, it.value());
        if (const int rc = m_upsertSequence.step(); rc != SQLITE_DONE)
            return fail(rc);
    }
    m_sequencesAtStart = m_sequences;
    return {};
}

Status Seeder::writeCase(QDate day, int jalaliMonth, int jalaliYear, qint64 requestedMs)
{
    Rng &rng = m_rng;
    const Leaf &leaf = m_leaves[size_t(m_leafByMonth[jalaliMonth - 1].pick(rng))];
    const Category &category = *leaf.category;
    Q_UNUSED(day);

    const int station = pickStation(jalaliYear);
    if (station == 0)
        return Status::failure(
            QStringLiteral("too_many"),
            QStringLiteral("all tracking codes of Jalali year %1 are used").arg(jalaliYear));
    const quint64 sequenceKey = quint64(jalaliYear) * 100 + quint64(station);
    const int sequence = m_sequences.value(sequenceKey) + 1;
    m_sequences.insert(sequenceKey, sequence);
    const QString tracking = TrackingCode{jalaliYear, station, sequence}.toString();
    const QString id = uuid7At(requestedMs, rng);

    // Channel and caller.
    const double channelDraw = rng.unit();
    const Channel channel = channelDraw < 0.80   ? Channel::Phone
                            : channelDraw < 0.88 ? Channel::Web
                            : channelDraw < 0.93 ? Channel::Sms
                            : channelDraw < 0.97 ? Channel::WalkIn
                                                 : Channel::Email;
    const bool withheld = channel == Channel::Phone && rng.chance(0.02);
    const bool noNumber = channel == Channel::Email || (channel == Channel::Web && rng.chance(0.3)) ||
                          (channel == Channel::WalkIn && rng.chance(0.5));
    QString callerName, callerPhone, callerNationalId;
    if (!withheld && !noNumber) {
        quint32 index = 0;
        if (!m_pool.empty() && rng.chance(0.30)) {
            // Earlier callers come back; a cube skews towards the first few thousand ("regulars").
            const double u = rng.unit();
            index = quint32(double(m_pool.size()) * u * u * u);
        } else {
            PoolCaller c;
            c.phoneDigits = makePhone(rng);
            c.female = rng.chance(0.45);
            c.first = quint8(rng.below(int((c.female ? m_female : m_male).size())));
            c.last = quint8(rng.below(int(m_last.size())));
            c.hasNationalId = rng.chance(0.25);
            if (c.hasNationalId)
                c.nationalId = makeNationalId(rng);
            c.firstSeen = requestedMs;
            index = quint32(m_pool.size());
            m_pool.push_back(c);
        }
        PoolCaller &c = m_pool[index];
        c.lastSeen = std::max(c.lastSeen, requestedMs);
        if (!c.dirty) {
            c.dirty = true;
            m_dirty.push_back(index);
        }
        callerPhone = QLatin1Char('+') + QString::number(c.phoneDigits);
        callerName = (c.female ? m_female : m_male).at(c.first) + QLatin1Char(' ') + m_last.at(c.last);
        if (c.hasNationalId)
            callerNationalId = nationalIdText(c.nationalId);
    } else if (noNumber && rng.chance(0.7)) {
        callerName = pickFrom(rng, m_male) + QLatin1Char(' ') + pickFrom(rng, m_last);
    }
    const bool anonymous = rng.chance(0.05);

    // Type, place, unit.
    CaseType type = CaseType::Complaint;
    if (category.code == QLatin1String("OTHER-SUGGEST"))
        type = CaseType::Suggestion;
    else if (category.code == QLatin1String("OTHER-THANKS"))
        type = CaseType::Appreciation;
    else {
        const double t = rng.unit();
        type = t < 0.62   ? CaseType::Complaint
               : t < 0.87 ? CaseType::Request
               : t < 0.95 ? CaseType::Report
                          : CaseType::Inquiry;
    }
    int district = leaf.defaultDistrict != 0 && rng.chance(0.8)
                       ? leaf.defaultDistrict
                       : m_catalog.districts().at(m_districts.pick(rng)).number;
    QString neighbourhood;
    const QStringList hoods = m_neighbourhoods.value(district);
    if (!hoods.isEmpty() && rng.chance(0.7))
        neighbourhood = pickFrom(rng, hoods);
    QString address = pickFrom(rng, m_streets) + QStringLiteral("، کوچه ") +
                      Digits::toPersian(QString::number(rng.between(1, 80)));
    if (rng.chance(0.5))
        address += QStringLiteral("، پلاک ") + Digits::toPersian(QString::number(rng.between(1, 250)));
    const bool located = rng.chance(0.35);
    const double latitude = std::round((36.22 + 0.16 * rng.unit()) * 1e6) / 1e6;
    const double longitude = std::round((59.45 + 0.27 * rng.unit()) * 1e6) / 1e6;
    Urgency urgency = Urgency::Normal;
    if (category.urgent)
        urgency = rng.chance(0.25) ? Urgency::Urgent : rng.chance(0.6) ? Urgency::High : Urgency::Normal;
    else if (rng.chance(0.08))
        urgency = Urgency::High;
    QString unit = m_catalog.referralUnitFor(category.code, district);
    if (unit.isEmpty() && !m_externalUnits.isEmpty())
        unit = pickFrom(rng, m_externalUnits);
    const QString operatorName = QStringLiteral("op%1").arg(rng.between(1, 40), 2, 10, QLatin1Char('0'));

    // Life cycle so far, as the hub would have synced it.
    const qint64 slaMs = qint64(category.slaDays) * kDayMs;
    const qint64 expectedMs = category.slaDays > 0 ? requestedMs + slaMs : 0;
    const qint64 ageMs = m_nowMs - requestedMs;
    CaseStatus status = CaseStatus::Submitted;
    qint64 answeredMs = 0;
    qint64 updatedMs = requestedMs + rng.between(5, 120) * 1000;
    std::optional<ResponseType> response;
    if (category.slaDays == 0) {
        // Answered by the operator on the call.
        status = CaseStatus::Closed;
        response = rng.chance(0.7) ? ResponseType::OutsideJurisdiction : ResponseType::Explained;
        answeredMs = requestedMs + rng.between(60, 600) * 1000;
    } else {
        const qint64 answerDelay =
            std::max<qint64>(3600000, qint64(double(slaMs) * (0.15 + 1.6 * rng.unit() * rng.unit())));
        if (ageMs < 2 * 3600000) {
            status = rng.chance(0.6) ? CaseStatus::Submitted : CaseStatus::Referred;
        } else if (requestedMs + answerDelay > m_nowMs) {
            status = rng.chance(0.5) ? CaseStatus::Referred : CaseStatus::InProgress;
        } else {
            const double s = rng.unit();
            status = s < 0.05   ? CaseStatus::Rejected
                     : s < 0.08 ? CaseStatus::InProgress
                     : s < 0.55 ? CaseStatus::Answered
                                : CaseStatus::Closed;
            if (status == CaseStatus::Answered || status == CaseStatus::Closed) {
                answeredMs = requestedMs + answerDelay;
                const double r = rng.unit();
                if (rng.chance(m_unitNoAnswerRate.value(unit, 0.1)))
                    response = ResponseType::NoLogicalAnswer;
                else
                    response = r < 0.62   ? ResponseType::Resolved
                               : r < 0.82 ? ResponseType::Explained
                               : r < 0.95 ? ResponseType::Scheduled
                                          : ResponseType::OutsideJurisdiction;
            }
        }
    }
    if (answeredMs > 0)
        updatedMs = answeredMs;
    if (status == CaseStatus::Closed && category.slaDays > 0)
        updatedMs = std::min(m_nowMs, answeredMs + qint64(rng.between(1, 72)) * 3600000);
    if (status == CaseStatus::InProgress || status == CaseStatus::Referred || status == CaseStatus::Rejected)
        updatedMs = std::min(m_nowMs, requestedMs + qint64(rng.between(10, 600)) * 60000);
    updatedMs = std::min(updatedMs, m_nowMs);
    QString statusNotes;
    if (const auto notes = m_statusNotes.value(CaseStatusText::code(status)); !notes.isEmpty())
        statusNotes = pickFrom(rng, notes);
    QString answer;
    if (response)
        if (const auto answers = m_answers.value(ResponseTypeText::code(*response)); !answers.isEmpty())
            answer = pickFrom(rng, answers);

    // The call it came from (its row is written after the case row, which it references).
    QString callId;
    qint64 offeredMs = 0;
    if (channel == Channel::Phone) {
        offeredMs = requestedMs - rng.between(40, 400) * 1000;
        callId = uuid7At(offeredMs, rng);
    }

    const QString text = description(leaf);
    Statement &c = m_insertCase;
    c.text(1, id);
    c.text(2, tracking);
    c.text(3, ChannelText::code(channel));
    c.text(4, CaseTypeText::code(type));
    c.text(5, category.code);
    c.text(6, text);
    c.text(7, PersianText::searchKey(text));
    c.text(8, callerName);
    c.text(9, callerPhone);
    c.text(10, callerNationalId);
    c.integer(11, anonymous ? 1 : 0);
    c.integer(12, district);
    c.text(13, neighbourhood);
    c.text(14, address);
    if (located) {
        c.real(15, latitude);
        c.real(16, longitude);
    }
    c.text(17, UrgencyText::code(urgency));
    c.text(18, unit);
    c.text(19, CaseStatusText::code(status));
    c.text(20, statusNotes);
    c.integer(21, requestedMs);
    c.integer(22, updatedMs);
    c.optionalTime(23, expectedMs);
    c.text(24, operatorName);
    c.integer(25, station);
    c.text(26, callId);
    c.text(27, answer);
    if (response)
        c.text(28, ResponseTypeText::code(*response));
    c.optionalTime(29, answeredMs);
    if (const int rc = c.step(); rc != SQLITE_DONE)
        return fail(rc);
    if (!callId.isEmpty()) {
        m_insertCall.text(1, callId);
        m_insertCall.text(2, callerPhone);
        m_insertCall.integer(3, offeredMs);
        m_insertCall.integer(4, offeredMs + rng.between(2, 45) * 1000);
        m_insertCall.integer(5, requestedMs + rng.between(20, 240) * 1000);
        m_insertCall.text(6, operatorName);
        m_insertCall.text(7, id);
        if (const int rc = m_insertCall.step(); rc != SQLITE_DONE)
            return fail(rc);
        ++m_report.calls;
    }
    if (!m_report.first.isValid())
        m_report.first = QDateTime::fromMSecsSinceEpoch(requestedMs, Qt::UTC);
    m_report.last = QDateTime::fromMSecsSinceEpoch(requestedMs, Qt::UTC);

    // Timeline.
    auto event = [&](qint64 at, const QString &actor, const char *kind, CaseStatus st, const QString &note) {
        m_insertEvent.text(1, id);
        m_insertEvent.integer(2, at);
        m_insertEvent.text(3, actor);
        m_insertEvent.text(4, QString::fromLatin1(kind));
        m_insertEvent.text(5, CaseStatusText::code(st));
        m_insertEvent.text(6, note);
        ++m_report.events;
        return m_insertEvent.step();
    };
    int rc = event(requestedMs, operatorName, "created", CaseStatus::Registered, QString());
    const QString hub = QStringLiteral("hub");
    if (rc == SQLITE_DONE && status != CaseStatus::Submitted && category.slaDays > 0)
        rc = event(requestedMs + 60000, hub, "status", CaseStatus::Referred, unit);
    if (rc == SQLITE_DONE && answeredMs > 0)
        rc = event(answeredMs, unit, "answer", CaseStatus::Answered, answer);
    if (rc == SQLITE_DONE &&
        (status == CaseStatus::Closed || status == CaseStatus::Rejected || status == CaseStatus::InProgress))
        rc = event(updatedMs, hub, "status", status, statusNotes);
    if (rc != SQLITE_DONE)
        return fail(rc);
    ++m_report.cases;
    return {};
}

Result<DemoSeedReport> Seeder::run()
{
    QElapsedTimer timer;
    timer.start();
    if (m_options.cases < 1 || m_options.cases > kMaxCases)
        return Error{QStringLiteral("invalid"),
                     QStringLiteral("the number of cases must be between 1 and %1").arg(kMaxCases)};
    if (m_options.batchSize < 1)
        return Error{QStringLiteral("invalid"), QStringLiteral("the batch size must be positive")};
    const QDateTime now = m_options.now.isValid()
                              ? m_options.now.toUTC()
                              : QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC);
    m_nowMs = now.toMSecsSinceEpoch();
    if (Status s = loadTexts(); !s)
        return s.error();
    if (Status s = prepareStatements(); !s)
        return s.error();
    if (Status s = loadSequences(); !s)
        return s.error();
    // Enough stations that no (year, station) sequence passes 99,999 in the busiest year.
    m_stations = std::clamp(int(std::ceil(double(m_options.cases) * 0.45 / 80000.0)), 8, 99);

    // Days, oldest first, in Tehran time, each with a weight: weekday, Nowruz holidays, growth.
    const QDate today = Jalali::tehranDate(now);
    const QCalendar jalali = Jalali::calendar();
    std::vector<QDate> days;
    std::vector<double> weights;
    double totalWeight = 0;
    for (int i = kDays; i >= 1; --i) {
        const QDate d = today.addDays(-i);
        const QCalendar::YearMonthDay ymd = jalali.partsFromDate(d);
        double w = 1.0;
        if (d.dayOfWeek() == Qt::Friday)
            w = 0.35;
        else if (d.dayOfWeek() == Qt::Thursday)
            w = 0.75;
        if (ymd.month == 1 && ymd.day <= 4)
            w *= 0.5; // Nowruz
        w *= 0.9 + 0.2 * double(kDays - i) / kDays;
        days.push_back(d);
        weights.push_back(w);
        totalWeight += w;
    }
    // Office hours: the contact centre is busiest late morning and early evening.
    static const double kHours[24] = {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3.0, 4.5, 5.0, 5.0,
                                      4.0, 3.5, 3.5, 3.8, 4.0, 4.2, 4.0, 3.5, 3.0, 2.2, 1.4, 0.7};
    const Weighted hours(std::vector<double>(std::begin(kHours), std::end(kHours)));

    // A big page cache, and statement journals (every insert here fires the full-text trigger) in memory
    // rather than in a temporary file: together they cut the seeding time several-fold. Both are restored at
    // the end. Foreign keys are not checked while seeding: every reference comes from the store's own
    // reference data and the rows written just before, and the checks would force a statement journal on
    // every insert.
    sqlite3_exec(m_db, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF",
                 nullptr, nullptr, nullptr);
    double carry = 0;
    qint64 planned = 0;
    qint64 sinceProgress = 0;
    Status status = beginBulk();
    std::vector<qint64> times;
    for (size_t i = 0; i < days.size() && status; ++i) {
        // Cases of the day: the expected share, rounded with a carried remainder so the total is exact.
        carry += double(m_options.cases) * weights[i] / totalWeight;
        qint64 count = qint64(std::floor(carry + 1e-9));
        if (i + 1 == days.size())
            count = m_options.cases - planned;
        count = std::min(count, m_options.cases - planned);
        carry -= double(count);
        planned += count;
        if (count <= 0)
            continue;
        const QDate day = days[i];
        const QCalendar::YearMonthDay ymd = jalali.partsFromDate(day);
        const qint64 dayStart = Jalali::dayStartUtc(day).toMSecsSinceEpoch();
        times.clear();
        for (qint64 k = 0; k < count; ++k)
            times.push_back(dayStart + qint64(hours.pick(m_rng)) * 3600000 + qint64(m_rng.below(3600000)));
        std::sort(times.begin(), times.end());
        for (qint64 t : times) {
            status = writeCase(day, ymd.month, ymd.year, t);
            if (!status)
                break;
            if (++sinceProgress >= m_options.batchSize) {
                sinceProgress = 0;
                status = flushCallers();
                if (!status)
                    break;
                if (m_options.progress)
                    m_options.progress(m_report.cases, m_options.cases);
            }
        }
    }
    if (status)
        status = finishBulk();
    if (!status)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_exec(m_db, "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON",
                 nullptr, nullptr, nullptr);
    if (!status)
        return Error{status.error().code,
                     QStringLiteral("%1 (nothing was written)").arg(status.error().message)};
    if (m_options.progress && sinceProgress > 0)
        m_options.progress(m_report.cases, m_options.cases);
    // Let the planner know the new row counts (the browser's queries choose indexes by them).
    sqlite3_exec(m_db, "PRAGMA optimize", nullptr, nullptr, nullptr);
    m_report.callers = qint64(m_pool.size());
    m_report.elapsedMs = timer.elapsed();
    return m_report;
}

} // namespace

Result<DemoSeedReport> DemoSeeder::seed(Database &db, const ReferenceCatalog &catalog,
                                        const DemoSeedOptions &options)
{
    sqlite3 *handle = handleOf(db.writer());
    if (!handle)
        return Error{QStringLiteral("database"), QStringLiteral("the store has no SQLite connection")};
    return Seeder(handle, catalog, options).run();
}

} // namespace Pasokh::Storage
