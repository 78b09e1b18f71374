#!/usr/bin/env bash
# README's demo command: a complete local 137 centre on 127.0.0.1, for newcomers and for screenshots.
#   Kamailio (registrar + proxy, the config and proxy guard the telephony tests use), pasokh-hub on its embedded
#   SQLite with demo accounts and the reference data, one console (station 7, SIP account 1001 registered, logged
#   in to the hub as operator `demo` unattended and Ready at start: README "Configuration", PASOKH_HUB_PASSWORD
#   and [agent] ready_at_start), and a SIPp caller that phones in every few seconds from a small set of numbers,
#   some of which already have cases in the console's store.
# Usage: scripts/demo.sh [--headless] [--size WxH] [--every SECONDS] [--dir DIR] [--no-build] [--lang fa|en]
#   --headless     run the console on a virtual X server (Xvfb); also chosen when DISPLAY is not set
#   --size WxH     screen size of the virtual X server and of the console window (default 1366x768)
#   --every S      seconds between two calls (default 20); 0 = no caller loop
#   --dir DIR      demo folder (default build/demo; wiped at start, only if empty or made by this script)
#   --no-build     do not run setup and build (use what is in $PASOKH_BUILD_DIR, default build/)
#   --lang fa|en   the console's language (default fa)
# Ctrl+C (or SIGTERM) stops everything the script started, by PID. Nothing is sent off this computer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

HEADLESS=0
SIZE=1366x768
EVERY=20
DEMO_DIR=""
BUILD=1
LANG_UI=fa
value_of() { # an option's value, or a clear error when it has none
  [ $# -ge 2 ] && [ -n "$2" ] || { echo "demo: $1 needs a value (see --help)" >&2; exit 2; }
  printf '%s' "$2"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) HEADLESS=1 ;;
    --size) SIZE=$(value_of "$@"); shift ;;
    --every) EVERY=$(value_of "$@"); shift ;;
    --dir) DEMO_DIR=$(value_of "$@"); shift ;;
    --no-build) BUILD=0 ;;
    --lang) LANG_UI=$(value_of "$@"); shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -z "${DISPLAY:-}" ] && HEADLESS=1
[[ "$SIZE" =~ ^[0-9]+x[0-9]+$ ]] || { echo "demo: --size must look like 1366x768" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  scripts/setup.sh
  scripts/build.sh
fi
BUILD_DIR=$(cd "${PASOKH_BUILD_DIR:-build}" && pwd)
PASOKH=$BUILD_DIR/app/pasokh/pasokh
PASOKHCTL=$BUILD_DIR/app/pasokhctl/pasokhctl
HUB=$BUILD_DIR/server/pasokh-hub
for b in "$PASOKH" "$PASOKHCTL" "$HUB"; do
  [ -x "$b" ] || { echo "demo: $b is missing; build first (scripts/build.sh)" >&2; exit 1; }
done
# The shared telephony fixtures: one Kamailio config (with the proxy guard) and the SIPp caller scenario.
SIP_FIXTURES=$ROOT/tests/integration/telephony

DEMO_DIR=${DEMO_DIR:-$BUILD_DIR/demo}
# Wipe only a folder this script made (marker file) or an empty one: --dir must never delete someone's files.
if [ -d "$DEMO_DIR" ] && [ -n "$(ls -A "$DEMO_DIR")" ] && [ ! -f "$DEMO_DIR/.pasokh-demo" ]; then
  echo "demo: $DEMO_DIR is not empty and was not made by this script; choose another --dir" >&2
  exit 2
fi
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"/{console,hub,sip,logs}
touch "$DEMO_DIR/.pasokh-demo"
DEMO_DIR=$(cd "$DEMO_DIR" && pwd)
LOGS=$DEMO_DIR/logs

# ---- process bookkeeping: every child's PID, stopped in reverse order on exit -----------------------------
PIDS=()
NAMES=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping"
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    local pid=${PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "demo: ${NAMES[$i]} ($pid) did not stop, killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    wait "$pid" 2>/dev/null || true
  done
  echo "demo: everything stopped; files and logs are in $DEMO_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started() { PIDS+=("$1"); NAMES+=("$2"); }

# A port that is free for TCP and UDP on 127.0.0.1 (never a fixed one: other programs may be running).
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Hltun "( sport = :$p )" 2>/dev/null)" ]; then echo "$p"; return 0; fi
  done
  echo "demo: no free port found" >&2; return 1
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  for _ in $(seq $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "demo: $what did not come up within ${secs} s; see $LOGS" >&2; exit 1
}

# ---- Kamailio -----------------------------------------------------------------------------------------------
SIP_PORT=$(free_port)
sed -e "s|@SIP_PORT@|$SIP_PORT|g" -e "s|@TLS_PORT@|0|g" -e "s|@WORK_DIR@|$DEMO_DIR/sip|g" \
  "$SIP_FIXTURES/kamailio.cfg" > "$DEMO_DIR/sip/kamailio.cfg"
kamailio -f "$DEMO_DIR/sip/kamailio.cfg" -DD -E -m 32 -M 8 -P "$DEMO_DIR/sip/kamailio.pid" -w "$DEMO_DIR/sip" \
  -A WITH_GUARD > "$LOGS/kamailio.log" 2>&1 &
started $! kamailio
wait_for 5 "Kamailio" bash -c "exec 3<>/dev/tcp/127.0.0.1/$SIP_PORT"

# ---- the hub on embedded SQLite, with demo accounts ---------------------------------------------------------
HUB_DB="sqlite:$DEMO_DIR/hub/hub.db"
DEMO_PASSWORD=${PASOKH_DEMO_PASSWORD:-demo-137-pass}
STATION_NO=7
station_json=$("$HUB" admin --db "$HUB_DB" add-station --name "Demo station 7" --number $STATION_NO)
STATION_ID=$(sed -n 's/.*"station_id" *: *"\([^"]*\)".*/\1/p' <<<"$station_json")
[ -n "$STATION_ID" ] || { echo "demo: add-station said: $station_json" >&2; exit 1; }
add_user() { # add_user NAME ROLE DISPLAY [--unit CODE]
  local name=$1 role=$2 display=$3; shift 3
  printf '%s\n' "$DEMO_PASSWORD" | "$HUB" admin --db "$HUB_DB" add-user "$name" --role "$role" \
    --name "$display" "$@" --password-stdin >/dev/null
}
add_user demo operator "Zahra Kazemi (demo operator)"
add_user supervisor supervisor "Demo supervisor"
add_user mgr7 manager "Manager of district 7" --unit D07
add_user mgrwaste manager "Manager of waste services" --unit ORG-WASTE
add_user admin admin "Demo admin"
"$HUB" --listen 127.0.0.1:0 --port-file "$DEMO_DIR/hub/port" --db "$HUB_DB" --workers 2 \
  > "$LOGS/hub.log" 2>&1 &
started $! pasokh-hub
wait_for 20 "pasokh-hub" test -s "$DEMO_DIR/hub/port"
HUB_URL="http://127.0.0.1:$(cat "$DEMO_DIR/hub/port")"

# ---- the console's store: three years of invented history; pick callers who already have cases ----------------
"$PASOKHCTL" --data-dir "$DEMO_DIR/console" seed-demo --cases 2000 --seed 137 > "$LOGS/seed-demo.log" 2>&1
mapfile -t KNOWN < <(sqlite3 "$DEMO_DIR/console/pasokh.sqlite" \
  "SELECT caller_phone FROM cases WHERE caller_phone LIKE '+989%' GROUP BY caller_phone
   HAVING count(*) >= 2 ORDER BY count(*) DESC, caller_phone LIMIT 3")
# Callers: three with history, two new ones; display names are quoted UTF-8 (a gateway must quote them).
CALLERS=("${KNOWN[@]}" "+989151112233" "+985138001234")
NAMES_FA=("مریم رضایی" "علی محمدی" "فاطمه حسینی" "حسن کریمی" "")

cat > "$DEMO_DIR/console/pasokh.ini" <<EOF
[station]
number=$STATION_NO
name=سالن ۱ - میز ۷
[operator]
name=زهرا کاظمی
[hub]
url=$HUB_URL
station_id=$STATION_ID
user=demo
[ui]
language=$LANG_UI
[agent]
ready_at_start=true
[sip]
user=1001
password=secret
domain=127.0.0.1:$SIP_PORT
transport=udp
auto_answer=false
headless_audio=true
play_file=$DEMO_DIR/sip/agent1k.wav
record_file=
bind_address=127.0.0.1
data_dir=$DEMO_DIR/console/phone/
EOF

# Media for SIPp (6 s of 440 Hz A-law) and the console's "microphone" (1 kHz WAV): no sound card needed.
sox -n -r 8000 -c 1 -e a-law -t al "$DEMO_DIR/sip/tone440.alaw" synth 6 sine 440
sox -n -r 8000 -c 1 -b 16 "$DEMO_DIR/sip/agent1k.wav" synth 5 sine 1000 vol 0.5

# ---- display ----------------------------------------------------------------------------------------------
if [ "$HEADLESS" = 1 ]; then
  Xvfb -displayfd 1 -screen 0 "${SIZE}x24" -nolisten tcp -noreset > "$DEMO_DIR/xvfb.display" 2> "$LOGS/xvfb.log" &
  started $! Xvfb
  wait_for 10 "Xvfb" test -s "$DEMO_DIR/xvfb.display"
  export DISPLAY=":$(head -1 "$DEMO_DIR/xvfb.display")"
fi

# ---- the console --------------------------------------------------------------------------------------------
W=${SIZE%x*}; H=${SIZE#*x}
# Unattended hub login (demos and test rigs only): the console reads the password from the environment, never
# from a file, and removes it before it starts its phone engine.
PASOKH_HUB_PASSWORD=$DEMO_PASSWORD "$PASOKH" --data-dir "$DEMO_DIR/console" --config "$DEMO_DIR/console/pasokh.ini" \
  --lang "$LANG_UI" -qwindowgeometry "${W}x${H}+0+0" > "$LOGS/console.log" 2>&1 &
CONSOLE_PID=$!
started $CONSOLE_PID console

# ---- the caller loop ----------------------------------------------------------------------------------------
caller_loop() {
  local n=0
  # Stopping the loop stops what it waits for too (the running SIPp call or the pause between calls).
  trap 'kill -TERM $(jobs -p) 2>/dev/null; exit 0' TERM INT
  sleep 8 & wait $! # let the console start and register
  while :; do
    local i=$((n % ${#CALLERS[@]})) number=${CALLERS[$((n % ${#CALLERS[@]}))]} name
    name=${NAMES_FA[$i]:-} # a caller with no display name: the form gets the number only
    n=$((n + 1))
    sed -e "s|@DISPLAY@|$name|" "$SIP_FIXTURES/sipp/caller.xml" > "$DEMO_DIR/sip/caller.xml"
    local port media
    port=$(free_port); media=$(free_port)
    echo "$(date -u +%H:%M:%S) call $n from ${number:0:6}*** (${name:-no name})" >> "$LOGS/callers.log"
    (cd "$DEMO_DIR/sip" && exec sipp "127.0.0.1:$SIP_PORT" -sf caller.xml -i 127.0.0.1 -p "$port" \
      -mi 127.0.0.1 -mp "$media" -m 1 -nostdin -timeout 300s -recv_timeout 30000 -d 120000 \
      -key callee 1001 -key caller "$number" -key from_uri "sip:$number@127.0.0.1" \
      -key hdr1 "P-Asserted-Identity: <tel:$number>" -key hdr2 "X-Pasokh-Demo: $n" \
      -key sdp_port "$media" -trace_err -error_file "$LOGS/sipp-errors.log" > /dev/null 2>&1) &
    local rc=0
    wait $! || rc=$?
    echo "$(date -u +%H:%M:%S) call $n ended: $([ $rc = 0 ] && echo answered and hung up || echo "not answered (sipp exit $rc)")" \
      >> "$LOGS/callers.log"
    sleep "$EVERY" & wait $!
  done
}
if [ "$EVERY" != 0 ]; then
  caller_loop &
  started $! "caller loop"
fi

cat <<EOF

Pasokh demo is running (folder $DEMO_DIR)
  console      station $STATION_NO, SIP 1001 on Kamailio 127.0.0.1:$SIP_PORT, hub $HUB_URL as operator "demo"
  display      $DISPLAY$( [ "$HEADLESS" = 1 ] && echo " (virtual; screenshot: DISPLAY=$DISPLAY import -window root shot.png)")
  hub accounts demo (operator), supervisor, mgr7 (manager of D07), mgrwaste (manager of ORG-WASTE), admin
               password: $DEMO_PASSWORD
  callers      ${#CALLERS[@]} numbers, one call every ${EVERY} s (the first three already have cases)
  logs         $LOGS
Press Ctrl+C to stop everything.
EOF
# Runs until the console is closed or Ctrl+C.
while kill -0 "$CONSOLE_PID" 2>/dev/null; do sleep 1; done
echo "demo: the console has exited"
