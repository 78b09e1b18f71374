// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/migrations.h"

#include "server/referencedata.h"

#include <QDateTime>
#include <QUuid>

namespace Pasokh::Hub {

namespace {

// Portable DDL. {{pk}} = auto-increment 64-bit primary key, {{real}} = double column.
// Booleans are INTEGER 0/1, instants are BIGINT Unix milliseconds (UTC).
const char *const kV1 = R"SQL(
CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (
  code TEXT PRIMARY KEY, kind TEXT NOT NULL, name_fa TEXT NOT NULL, name_en TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE districts (
  code TEXT PRIMARY KEY, name_fa TEXT NOT NULL, name_en TEXT NOT NULL, unit_code TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE categories (
  code TEXT PRIMARY KEY, parent TEXT, name_fa TEXT NOT NULL, name_en TEXT NOT NULL, default_unit TEXT,
  sla_days INTEGER, urgent INTEGER NOT NULL DEFAULT 0, retired INTEGER NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1);
CREATE TABLE kb_articles (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, keywords TEXT NOT NULL, categories TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1, updated_at BIGINT NOT NULL);
CREATE TABLE users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator','supervisor','manager','admin')), unit_code TEXT,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL);
CREATE TABLE stations (
  id TEXT PRIMARY KEY, station_no INTEGER NOT NULL UNIQUE CHECK (station_no BETWEEN 1 AND 99), name TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL);
CREATE TABLE access_tokens (
  token_hash TEXT PRIMARY KEY, family_id TEXT NOT NULL, user_id TEXT NOT NULL, station_id TEXT,
  expires_at BIGINT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX access_tokens_family ON access_tokens(family_id);
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY, family_id TEXT NOT NULL, user_id TEXT NOT NULL, station_id TEXT,
  expires_at BIGINT NOT NULL, used_at BIGINT, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE TABLE api_keys (key_hash TEXT PRIMARY KEY, name TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL);
CREATE TABLE clients (client_id TEXT PRIMARY KEY, station_id TEXT NOT NULL, last_mutation_id BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE TABLE mutations (
  client_id TEXT NOT NULL, mutation_id BIGINT NOT NULL, payload_sha256 TEXT NOT NULL, status TEXT NOT NULL,
  server_version BIGINT, error_code TEXT, entity_id TEXT, received_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, mutation_id));
CREATE TABLE cases (
  id TEXT PRIMARY KEY, tracking_code TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, case_type TEXT NOT NULL,
  service_code TEXT NOT NULL, description TEXT NOT NULL, caller_name TEXT, caller_phone TEXT,
  caller_national_id TEXT, caller_anonymous INTEGER NOT NULL DEFAULT 0, district TEXT, neighbourhood TEXT,
  address TEXT, lat {{real}}, lon {{real}}, urgency TEXT NOT NULL, agency_responsible TEXT, status TEXT NOT NULL,
  status_notes TEXT, response_type TEXT, review TEXT, reopened_count INTEGER NOT NULL DEFAULT 0,
  requested_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expected_at BIGINT, received_at BIGINT NOT NULL,
  operator_id TEXT, station_id TEXT, station_no INTEGER NOT NULL, call_id TEXT, client_id TEXT,
  source TEXT NOT NULL, server_version BIGINT NOT NULL);
CREATE INDEX cases_requested ON cases(requested_at);
CREATE INDEX cases_service_requested ON cases(service_code, requested_at);
CREATE INDEX cases_unit_status ON cases(agency_responsible, status);
CREATE TABLE answers (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, unit_code TEXT NOT NULL, author_id TEXT NOT NULL, text TEXT NOT NULL,
  response_type TEXT NOT NULL, scheduled_for BIGINT, answered_at BIGINT NOT NULL, review TEXT, review_note TEXT,
  reviewed_by TEXT, reviewed_at BIGINT);
CREATE INDEX answers_case ON answers(case_id);
CREATE TABLE change_log (
  seq {{pk}}, entity TEXT NOT NULL, entity_id TEXT NOT NULL, server_version BIGINT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0, unit_code TEXT, fields TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX change_log_entity ON change_log(entity, seq);
CREATE TABLE tracking_sequences (year INTEGER NOT NULL, station_no INTEGER NOT NULL, last_seq INTEGER NOT NULL,
  PRIMARY KEY (year, station_no));
CREATE TABLE agent_states (
  user_id TEXT PRIMARY KEY, station_id TEXT, state TEXT NOT NULL, reason TEXT, call_id TEXT,
  since BIGINT NOT NULL, last_seen BIGINT NOT NULL);
CREATE TABLE agent_state_log (
  id {{pk}}, user_id TEXT NOT NULL, station_id TEXT, state TEXT NOT NULL, reason TEXT,
  started_at BIGINT NOT NULL, ended_at BIGINT);
CREATE INDEX agent_state_log_user ON agent_state_log(user_id, id);
)SQL";

struct Migration
{
    int version;
    const char *sql;
};

// Schema 2: knowledge-base articles carry the units they are about and the date of their last editorial
// check, as the console's articles do (resources/sql/0002_kb.sql), so `admin import-kb` publishes the same
// Markdown files without losing fields.
const char *const kV2 = R"SQL(
ALTER TABLE kb_articles ADD COLUMN units TEXT NOT NULL DEFAULT '[]';
ALTER TABLE kb_articles ADD COLUMN reviewed TEXT;
)SQL";

const Migration kMigrations[] = {{1, kV1}, {2, kV2}};

QString dialectSql(const char *sql, SqlDialect dialect)
{
    QString s = QString::fromUtf8(sql);
    if (dialect == SqlDialect::PostgreSql) {
        s.replace(QLatin1String("{{pk}}"), QLatin1String("BIGSERIAL PRIMARY KEY"));
        s.replace(QLatin1String("{{real}}"), QLatin1String("DOUBLE PRECISION"));
    } else {
        s.replace(QLatin1String("{{pk}}"), QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
        s.replace(QLatin1String("{{real}}"), QLatin1String("REAL"));
    }
    return s;
}

} // namespace

int Migrations::latestVersion()
{
    return kMigrations[std::size(kMigrations) - 1].version;
}

QString Migrations::migrate(SqlConnection &db)
{
    const bool pg = db.dialect() == SqlDialect::PostgreSql;
    if (pg) {
        const SqlResult lock = db.exec(QStringLiteral("SELECT pg_advisory_lock(4987)"));
        if (!lock.ok)
            return lock.error;
    }
    auto unlock = [&] {
        if (pg)
            db.exec(QStringLiteral("SELECT pg_advisory_unlock(4987)"));
    };
    SqlResult r = db.execScript(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT)"));
    if (!r.ok) {
        unlock();
        return r.error;
    }
    r = db.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!r.ok) {
        unlock();
        return r.error;
    }
    const int current = int(r.integer(0, 0));
    if (current > latestVersion()) {
        unlock();
        return QStringLiteral("database schema version %1 is newer than this hub (%2); refusing to run")
            .arg(current)
            .arg(latestVersion());
    }
    for (const Migration &m : kMigrations) {
        if (m.version <= current)
            continue;
        r = db.begin();
        if (r.ok)
            r = db.execScript(dialectSql(m.sql, db.dialect()));
        if (r.ok)
            r = db.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)"),
                        {m.version, QDateTime::currentMSecsSinceEpoch()});
        if (r.ok && m.version == 1) {
            r = db.exec(QStringLiteral("INSERT INTO hub_meta (key, value) VALUES ('server_epoch', $1)"),
                        {QUuid::createUuid().toString(QUuid::WithoutBraces)});
        }
        if (r.ok)
            r = db.commit();
        if (!r.ok) {
            const QString error = QStringLiteral("migration %1 failed: %2").arg(m.version).arg(r.error);
            db.rollback();
            unlock();
            return error;
        }
    }
    // Seed the reference data under the same lock, so two hubs starting together import it once.
    const QString seedError = ReferenceData::seedIfEmpty(db);
    unlock();
    return seedError;
}

} // namespace Pasokh::Hub
