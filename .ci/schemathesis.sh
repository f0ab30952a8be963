#!/usr/bin/env bash
# Schemathesis against the JSON API: every operation of /api/openapi.json is called with
# generated valid and invalid requests, and the run fails on any 5xx, any answer that breaks the
# document (status, content type, body schema, headers) or any accepted invalid request.
# The server runs from a fresh SQLite database in a temporary folder, with a small fixture
# (manage.py api_test_fixture) whose API client holds a token made here.
#   API_CHECK_PORT     port of the server (default 8765)
#   SCHEMATHESIS_SEED  seed of the generated requests (default fixed, so that runs repeat)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${API_CHECK_PORT:-8765}"
SEED="${SCHEMATHESIS_SEED:-2025}"
BIN="$PWD/.venv/bin"
WORK="$(mktemp -d)"
SERVER_PID=""

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap stop_server EXIT

export DATABASE_URL="sqlite:///$WORK/db.sqlite3" VAR_DIR="$WORK" MEDIA_ROOT="$WORK/media"
export DEBUG=false JOBS_BACKEND=inline
SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
TOKEN="dti_ci_$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')"

"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py api_test_fixture --token "$TOKEN" | tee "$WORK/fixture.txt"
CAMPAIGN_ID="$(sed -n 's/^OPEN_CAMPAIGN_ID=//p' "$WORK/fixture.txt")"

# The measurement operation is also called at the fixture's real address, so that generated
# bodies reach the checks of the values. There, a body that fits the document may still be
# refused with 422: which inputs an indicator has, and their bounds, are not in the document.
# Error feedback (schemathesis guessing constraints from the wording of 4xx messages) is off:
# it reads our sentences as type rules that the document does not state, then reports bodies
# that fit the document as "schema-violating".
cat >"$WORK/schemathesis.toml" <<TOML
[phases.fuzzing.error-feedback]
enabled = false

[[operations]]
include-operation-id = "put_indicator_measurement"
parameters = { "path.campaign_id" = $CAMPAIGN_ID, "path.agency_code" = "SYT", "path.indicator_code" = "1.2" }
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
TOML
if ! "$BIN/python" -c "import socket, sys; socket.create_server(('127.0.0.1', int(sys.argv[1])))" \
    "$PORT" 2>/dev/null; then
    echo "Port $PORT is in use: stop what listens there or set API_CHECK_PORT." >&2
    exit 1
fi
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 60); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "The server did not start:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    if "$BIN/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
        "http://127.0.0.1:$PORT/api/openapi.json" 2>/dev/null; then
        break
    fi
    sleep 0.5
done

# Run from the temporary folder: schemathesis keeps a cache in its working directory.
status=0
(cd "$WORK" && "$BIN/schemathesis" --config-file "$WORK/schemathesis.toml" run \
    "http://127.0.0.1:$PORT/api/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $TOKEN" \
    --seed "$SEED" \
    --wait-for-schema 30 \
    --request-timeout 20) \
    || status=$?
if [ "$status" -ne 0 ]; then
    echo "schemathesis failed; the server's log follows." >&2
    tail -n 100 "$WORK/server.log" >&2
fi
exit "$status"
