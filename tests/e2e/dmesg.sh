#!/bin/sh
# dmesg.sh - kernel logs through the CLI: the OOM report structured and
# tied to the killed process, raw monotonic times placed with --boot-time,
# a kern.log whose lines pair both clocks, and the segfault.
. "$(dirname "$0")/lib.inc"
F=fixtures/dmesg
BT=1795354572   # oom-proc-stat.txt

expect_rc "import raw" 0 "$PMORTEM" import --db "$DB" --boot-time "$BT" \
	"$F/oom-raw.txt"
expect_eq "format" "dmesg|--boot-time" \
	"$(q "SELECT format || '|' || time_origin FROM source")"
expect_eq "oom victim" "12135,pmortem-hog,33423360,1044480,36220928,1" \
	"$(q "SELECT killed_pid, killed_comm, anon_rss_bytes, file_rss_bytes,
	      total_vm_bytes, memcg FROM oom_kill")"
expect_eq "task row in bytes" "12135,36220928,34467840,33423360" \
	"$(q "SELECT pid, total_vm_bytes, rss_bytes, rss_anon_bytes FROM oom_task")"
expect_eq "tied to the victim" "pmortem-hog,33423360,34467840" \
	"$(q "SELECT killed_comm, anon_rss_bytes, table_rss_bytes FROM v_oom_kill")"
expect_eq "kill event" "oom_kill,12135,2026-11-22 13:47:47.393" \
	"$(q "SELECT kind, pid, substr(ts, 1, 23) FROM v_kernel_event WHERE line = 81")"
expect_eq "oom time" "$((BT * 1000000 + 695392650))" \
	"$(q "SELECT ts_us FROM oom_kill")"
expect_eq "segfault" "segfault,12143,pmortem-segv,6" \
	"$(q "SELECT kind, pid, comm, json_extract(attrs, '$.error')
	      FROM v_kernel_event WHERE kind = 'segfault'")"

# kern.log: the boot time comes from lines carrying both clocks
expect_rc "import kern.log" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 \
	"$F/oom-kernlog.txt"
expect_eq "paired origin" "boot time from syslog lines with both clocks" \
	"$(q "SELECT time_origin FROM source WHERE path LIKE '%kernlog%'")"
expect_eq "paired kill time" "$(( $(date -u -d '2026-11-22 13:47:47' +%s) * 1000000 - 695272174 + 695392962 ))" \
	"$(q "SELECT e.ts_us FROM kernel_event e JOIN source s USING (source_id)
	      WHERE s.path LIKE '%kernlog%' AND e.kind = 'oom_kill'")"
expect_eq "host from syslog" "vm" \
	"$(q "SELECT DISTINCT h.name FROM kernel_event e JOIN host h USING (host_id)
	      JOIN source s USING (source_id) WHERE s.path LIKE '%kernlog%'")"

# dmesg -T in the same database: the same kill, within a second
expect_rc "import -T" 0 "$PMORTEM" import --db "$DB" "$F/oom-ctime.txt"
expect_eq "-T agrees" "1" \
	"$(q "SELECT abs(max(ts_us) - min(ts_us)) <= 1000000 FROM oom_kill")"
expect_eq "three reports" "3" "$(q "SELECT count(*) FROM oom_kill")"

expect_rc "bad input" 1 "$PMORTEM" import --db "$DB" --format dmesg \
	--boot-time "$BT" "$F/bad/backwards.txt"
expect_eq "bad message" "monotonic time goes back from 12.000000 to 3.000000" \
	"$(q "SELECT message FROM diagnostic WHERE line = 2")"
finish
