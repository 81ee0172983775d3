#!/bin/sh
# run-main.sh - `make run`: the main job on the fixture incident bundle
# (fixtures/incident, captured by its gen.sh): import, analyze, print the
# text report, and write the self-contained HTML report.
set -eu
cd "$(dirname "$0")/.."
db=build/run.db
mkdir -p build
rm -f "$db" "$db-wal" "$db-shm"
status=0
./pmortem run --db "$db" fixtures/incident -o build/report.html || status=$?
echo
echo "HTML report: build/report.html   database: $db"
echo "try: ./pmortem query --db $db \"SELECT * FROM v_finding\""
exit "$status"
