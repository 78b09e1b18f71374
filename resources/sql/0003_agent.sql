-- Agent model (issue 3, models/agent): lets the storage implement Agent::IAgentStateSink.
-- stateStarted() inserts a row with the console-born UUIDv7 entry_id (ended_at NULL); stateEnded() sets ended_at by
-- entry_id. Ringing/on-call/wrap-up intervals point at their call. Times are Unix ms UTC like the rest of the schema.
-- Codes: state = logged_out|ready|ringing|on_call|wrap_up|not_ready; reason = break|prayer|meal|training|meeting.
ALTER TABLE agent_state_log ADD COLUMN entry_id TEXT;
ALTER TABLE agent_state_log ADD COLUMN call_id TEXT REFERENCES calls(id);
CREATE UNIQUE INDEX agent_state_log_by_entry ON agent_state_log (entry_id);
CREATE INDEX agent_state_log_by_agent ON agent_state_log (agent, started_at);

-- Call records from Agent::CallRecord: outcome = pending|answered|missed|refused_busy|refused_not_ready|
-- refused_logged_out|rejected|failed|engine_crashed; end_detail = short English failure detail (no caller data);
-- withheld = the caller hid the number (ani NULL).
ALTER TABLE calls ADD COLUMN end_detail TEXT;
ALTER TABLE calls ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;
CREATE INDEX calls_by_agent ON calls (agent, offered_at DESC);
