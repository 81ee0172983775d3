#!/bin/sh
# run-main.sh - `make run`: the main job on the fixture incident bundle.
# Imports the bundle into build/run.db and prints what came in and a
# first look at it through `pmortem query`, as a user would.
set -eu
cd "$(dirname "$0")/.."
db=build/run.db
bundle=fixtures/incident
[ -d "$bundle" ] || bundle=fixtures/sar
mkdir -p build
rm -f "$db" "$db-wal" "$db-shm"
status=0
./pmortem import --db "$db" "$bundle" || status=$?
echo
echo "== sources"
./pmortem query --db "$db" --format table \
	"SELECT source_id, format, status, rows, host, first_ts, last_ts, path FROM v_source"
echo
echo "== series per metric family"
./pmortem query --db "$db" --format table \
	"SELECT substr(metric, 1, instr(metric, '.') - 1) AS family,
	        count(DISTINCT metric) AS metrics, count(*) AS series
	 FROM series GROUP BY family ORDER BY family"
if ./pmortem query --db "$db" --format csv "SELECT 1 FROM v_sar_cpu LIMIT 1" >/dev/null 2>&1; then
	echo
	echo "== CPU (all), busiest seconds by iowait"
	./pmortem query --db "$db" --format table \
		"SELECT ts, user_pct, system_pct, iowait_pct, idle_pct FROM v_sar_cpu
		 WHERE cpu = 'all' ORDER BY iowait_pct DESC LIMIT 5"
fi
echo
echo "database: $db (try: ./pmortem query --db $db \"SELECT * FROM v_source\")"
exit "$status"
