#!/bin/sh
# strace.sh - strace captures through the CLI: recognized without
# --format, split calls joined, the -ff directory with pids from file
# names, and the views a user reads first (slowest calls, time per
# syscall, DNS traffic with its timing).
. "$(dirname "$0")/lib.inc"
F=fixtures/strace

expect_rc "import strace" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 \
	"$F/f-tt-T.txt" "$F/threads-f-tt-T.txt" "$F/ff"
expect_eq "formats" "strace|5" \
	"$(q "SELECT format || '|' || count(*) FROM source GROUP BY format")"
expect_eq "time origin" "--date" \
	"$(q "SELECT DISTINCT time_origin FROM source")"
# wait4 split over lines 79 and 308 of f-tt-T.txt
expect_eq "joined wait4" "22871,79,308,22875,0.032466" \
	"$(q "SELECT pid, line, end_line, retval, duration_s FROM syscall
	      JOIN source USING (source_id)
	      WHERE path LIKE '%f-tt-T.txt' AND name = 'wait4' AND line = 79")"
expect_eq "errno" "ENOENT,No such file or directory" \
	"$(q "SELECT DISTINCT errno, err_text FROM syscall WHERE name = 'access'")"
# the -ff files: every row carries the pid of its file name
expect_eq "ff pids" "22959|22960|22961" \
	"$(q "SELECT group_concat(pid, '|') FROM (SELECT DISTINCT pid FROM syscall
	      JOIN source USING (source_id) WHERE path LIKE '%/ff/%' ORDER BY pid)")"
# DNS: the dropped query's poll times out after the 1 s of resolv.conf
expect_eq "dns timeout" "22948,poll,0 (Timeout),1.002032" \
	"$(q "SELECT pid, name, ret, duration_s FROM v_strace_dns
	      WHERE ret LIKE '%Timeout%'")"
expect_eq "dns slowest answer" "0.251119" \
	"$(q "SELECT max(duration_s) FROM v_strace_dns d JOIN source s USING (source_id)
	      WHERE s.path LIKE '%threads%' AND d.pid = 22947")"
# recvfrom at 13:50:22.254300, its connect at 13:50:22.001313
expect_eq "since connect" "0.252987" \
	"$(q "SELECT printf('%.6f', since_connect_s) FROM v_strace_dns d
	      JOIN source s USING (source_id)
	      WHERE s.path LIKE '%threads%' AND d.line = 193")"
expect_eq "slowest" "poll,1.002032" \
	"$(q "SELECT name, duration_s FROM v_strace_slowest LIMIT 1")"
expect_eq "most time in" "poll" "$(q "SELECT name FROM v_strace_summary LIMIT 1")"
# re-import is a no-op
expect_rc "re-import" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 "$F/ff"
expect_eq "no duplicates" "5" "$(q "SELECT count(*) FROM source")"
# a bad file imports partially with its warnings kept
expect_rc "bad input" 1 "$PMORTEM" import --db "$DB" --format strace \
	--date 2026-11-22 "$F/bad/interleaved.txt"
expect_eq "bad warnings" "5|partial" \
	"$(q "SELECT warnings || '|' || status FROM source WHERE path LIKE '%interleaved%'")"
expect_eq "bad line 3" "'poll' of pid 101 resumed without its start" \
	"$(q "SELECT message FROM diagnostic WHERE line = 3")"
finish
