#!/bin/bash
# memrules.sh - the memory rules on their real captures: shared_memory
# (fixtures/sharedmem: RSS summed over 17 processes sharing a 2 GiB memfd
# far above RAM; the leaker named by USS, the decoy by RSS) and oom_kill's
# slab story (fixtures/slaboom/oom: an epoll watch leak fills a 256 MiB
# cgroup with slab and the killer takes the bystander), each beside the
# captures where they must stay quiet.  Expected values come from the
# captures' own files (pids.txt, smem's totals, meminfo.log, slabinfo.log,
# dmesg.txt), read here with awk, not from pmortem.
. "$(dirname "$0")/lib.inc"
S=fixtures/sharedmem
O=fixtures/slaboom/oom
Q=fixtures/slaboom/quiet

epoch_us() { echo $(( $(date -u -d "$1" +%s) * 1000000 )); }

# ---- shared_memory fires on the shared segment ---------------------------
expect_rc "import sharedmem" 0 "$PMORTEM" import --db "$DB" $S/snap-*
expect_rc "analyze sharedmem" 0 "$PMORTEM" analyze --db "$DB"
leaker=$(awk '$2 == "leaker" { print $1 }' $S/pids.txt)
decoy=$(awk '$2 == "decoy" { print $1 }' $S/pids.txt)
snaps=($(cd $S && ls -d snap-*))
t1=$(echo "${snaps[0]}" | sed -E 's/snap-(....)(..)(..)T(..)(..)(..)Z/\1-\2-\3 \4:\5:\6/')
t2=$(echo "${snaps[1]}" | sed -E 's/snap-(....)(..)(..)T(..)(..)(..)Z/\1-\2-\3 \4:\5:\6/')
expect_eq "one shared_memory finding, medium, from t1 to t2" \
	"1,medium,$(epoch_us "$t1"),$(epoch_us "$t2")" \
	"$(q "SELECT count(*), severity, start_us, end_us FROM finding WHERE rule = 'shared_memory'")"
# the sums are smem's (its -t line: uss pss rss in KiB)
for k in t1 t2; do
	i=0; [ $k = t2 ] && i=1
	want=$(tail -1 $S/smem/$k-t.expected | awk '{ printf "%.0f,%.0f,%.0f\n", $2 * 1024, $3 * 1024, $4 * 1024 }')
	expect_eq "$k sums = smem -t" "17,$want" "$(q "SELECT processes, uss, pss, rss
		FROM v_smem_total WHERE capture = '$S/${snaps[$i]}/proc'")"
done
# RSS above RAM (MemTotal of the capture's own meminfo), PSS far below
memtotal=$(awk '/^MemTotal:/ { print $2 * 1024 }' $S/${snaps[0]}/proc/meminfo)
expect_eq "rss > MemTotal > pss at t1" "1" "$(q "SELECT rss > $memtotal AND pss < $memtotal / 4
	FROM v_smem_total WHERE capture = '$S/${snaps[0]}/proc'")"
# the grower is the leaker (USS), not the decoy (RSS)
expect_eq "grower evidence is the leaker" "$leaker" "$(q "SELECT p.pid FROM finding_evidence e
	JOIN finding f USING (finding_id) JOIN process p ON p.process_id = e.ref_id
	WHERE f.rule = 'shared_memory' AND e.role = 'cause' AND e.ref_table = 'process'")"
q "SELECT summary FROM finding WHERE rule = 'shared_memory'" > "$T/shm.txt"
expect_grep "summary names the leaker" "the real grower is pm-worker (pid $leaker): USS +256 MiB" "$T/shm.txt"
expect_grep "summary names the decoy" "pid $decoy's RSS grew most (+1024 MiB) but its USS only +12 KiB" "$T/shm.txt"
expect_grep "summary names the segment" "/memfd:pm-shared-seg (deleted) is mapped by 17 processes" "$T/shm.txt"
expect_rc "report sharedmem" 0 "$PMORTEM" report --db "$DB" --format text
expect_grep "report: RSS against PSS per capture" \
	"${snaps[0]}/proc *17 *33.0 GiB *2.02 GiB *16.8 MiB *23.5 GiB" "$T/out"
expect_rc "explain shared_memory" 0 "$PMORTEM" analyze --db "$DB" --explain shared_memory
cp "$T/out" "$T/explain.txt"
expect_grep "explain: header" "rule shared_memory (medium)" "$T/explain.txt"
expect_eq "explain: both captures fire" "2" "$(grep -c "fixtures/sharedmem/snap-.* 1$" "$T/explain.txt")"

# ---- shared_memory, below RAM but far above the memory in use -----------
# fixtures/sharedmem/inuse: 9 processes on a 512 MiB segment; the capture's
# own meminfo and smem's sums say RSS < MemTotal and RSS > 1.5 x in use
I=$S/inuse
rm -f "$DB"
expect_rc "import sharedmem/inuse" 0 "$PMORTEM" import --db "$DB" $I/snap-*
expect_rc "analyze sharedmem/inuse" 0 "$PMORTEM" analyze --db "$DB"
for k in t1 t2; do
	snap=$(cd $I && ls -d snap-* | sed -n "$([ $k = t1 ] && echo 1 || echo 2)p")
	expect_eq "inuse $k: below RAM, above 1.5 x in use" "1" "$(awk '
		FNR == 1 { f++ } f == 1 && /^MemTotal:/ { tot = $2 } f == 1 && /^MemAvailable:/ { av = $2 }
		f == 2 { last = $4 } END { print (last < tot && last > 1.5 * (tot - av)) ? 1 : 0 }' \
		$I/$snap/proc/meminfo $I/smem/$k-t.expected)"
done
leaker=$(awk '$2 == "leaker" { print $1 }' $I/pids.txt)
used=$(awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { print (t - a) * 1024 }' \
	$I/$(cd $I && ls -d snap-* | tail -1)/proc/meminfo)
expect_eq "inuse: one finding, over the memory in use of t2, the leaker" "1,$used,$leaker" \
	"$(q "SELECT count(*) AS n, (SELECT mem_total - mem_available FROM v_smem_total
	      ORDER BY ts_us DESC LIMIT 1) AS used, (SELECT p.pid FROM finding_evidence e
	      JOIN process p ON p.process_id = e.ref_id WHERE e.role = 'cause') AS pid
	      FROM finding WHERE rule = 'shared_memory' AND summary LIKE '%above the memory in use%'")"

# ---- shared_memory stays quiet -------------------------------------------
# fixtures/smaps shares a 4 MiB segment among 23 processes (RSS 4.6x PSS)
# but its RSS sum is far below what the host uses; the incident has little
# sharing at all
for f in smaps:3 incident:2; do
	n=${f#*:} f=${f%:*}
	rm -f "$DB"
	# (fixtures/smaps/bad/ holds broken files on purpose: the captures only)
	expect_rc "import $f" 0 "$PMORTEM" import --db "$DB" $(ls -d fixtures/$f/* | grep -v /bad$)
	"$PMORTEM" analyze --db "$DB" >/dev/null 2>&1
	expect_eq "$f: no shared_memory finding" "0" \
		"$(q "SELECT count(*) FROM finding WHERE rule = 'shared_memory'")"
	"$PMORTEM" analyze --db "$DB" --explain shared_memory > "$T/explain.txt" 2>&1
	expect_eq "$f: explain shows its $n captures, none firing" "$n,0" \
		"$(grep -c "fixtures/$f/.* 0$" "$T/explain.txt"),$(grep -c "fixtures/$f/.* 1$" "$T/explain.txt")"
done

# ---- oom_kill: slab growth -> the bystander is killed --------------------
rm -f "$DB"
expect_rc "import slaboom/oom" 0 "$PMORTEM" import --db "$DB" $O
expect_rc "analyze slaboom/oom" 0 "$PMORTEM" analyze --db "$DB"
cache=$(awk '$2 == "pm-cache" { print $1 }' $O/pids.txt)
leak=$(awk '$2 == "pm-epoll" { print $1 }' $O/pids.txt)
kill_ts=$(awk '/invoked oom-killer/ { print $1; exit }' $O/dmesg.txt)   # 2026-...T..:..:..,uuuuuu+00:00
kill_us=$(( $(date -u -d "${kill_ts%%,*}" +%s) * 1000000 + 10#$(echo "$kill_ts" | sed -E 's/.*,([0-9]{6}).*/\1/') ))
expect_eq "one oom_kill finding, high, at the kill; victim pm-cache" \
	"1,high,$kill_us,$cache,pm-cache" \
	"$(q "SELECT count(*), f.severity, f.start_us, o.killed_pid, o.killed_comm FROM finding f
	      JOIN oom_kill o ON f.key = 'oom:' || o.oom_id WHERE f.rule = 'oom_kill'")"
kill_line=$(awk '/Killed process/ { print $1; exit }' $O/dmesg.txt)
kill_line_us=$(( $(date -u -d "${kill_line%%,*}" +%s) * 1000000 + 10#$(echo "$kill_line" | sed -E 's/.*,([0-9]{6}).*/\1/') ))
kmem=$(awk '/kmem: usage/ { sub(/kB,/, "", $4); print $4 * 1024; exit }' $O/dmesg.txt)
expect_eq "cgroup's kernel memory at the kill" "$kmem" "$(q "SELECT memcg_kmem_bytes FROM oom_kill")"
# SUnreclaim's onset, from meminfo.log: the first sample after pm-epoll
# started that is above every sample before it
start=$(awk '/pm-epoll .* adds/ { print $1 " " $2 }' $O/CAPTURE)
onset=$(awk -v s="$start" '$3 == "SUnreclaim:" {
	t = $1 " " $2; if (substr(t, 1, 19) < s) { if ($4 > base) base = $4; next }
	if ($4 > base) { print t; exit } }' $O/meminfo.log)
onset_us=$(( $(date -u -d "${onset%.*}" +%s) * 1000000 + 10#$(echo "$onset" | sed -E 's/.*\.([0-9]{6}).*/\1/') ))
expect_eq "onset within one sample of the leak's start" "1" \
	"$(( onset_us - $(epoch_us "$start") < 1200000 && onset_us >= $(epoch_us "$start") ))"
expect_eq "SUnreclaim -> kill, lag from the onset" "meminfo.SUnreclaim,ramp,$onset_us,$(( kill_line_us - onset_us )),0.8" \
	"$(q "SELECT c.metric, c.kind, c.start_us, round(l.lag_s * 1e6), l.strength FROM causal_link l
	      JOIN event c ON c.event_id = l.cause_event_id WHERE c.metric = 'meminfo.SUnreclaim'")"
# a cgroup OOM whose usage was mostly kernel memory: only slab is linked
# (the host's anonymous memory belongs to processes outside the cgroup)
expect_eq "links: SUnreclaim, Slab and two caches" \
	"meminfo.SUnreclaim|meminfo.Slab|slabinfo.bytes anon_vma_chain|slabinfo.bytes eventpoll_epi" \
	"$(q "SELECT group_concat(m, '|') FROM (SELECT trim(cause_metric || ' ' || cause_instance) AS m
	      FROM v_causal_link ORDER BY m)")"
# the caches that grew most, from slabinfo.log (num_objs * objsize, last
# sample before the onset to the last at or before the kill)
zcat $O/slabinfo.log.gz | awk -v on="$onset" -v k="${kill_ts%%+*}" '
	BEGIN { gsub(/T/, " ", k); sub(/,/, ".", k) }
	$3 !~ /^#|^slabinfo$/ { t = $1 " " $2; b = $5 * $6
		if (t < on) before[$3] = b; if (t <= k) at[$3] = b }
	END { for (c in at) if (at[c] - before[c] > 0) print at[c] - before[c], c }' |
	sort -rn | head -2 | awk '{ printf "%s%s %.0f", (NR > 1 ? ";" : ""), $2, $1 }' > "$T/caches"
expect_eq "top slab caches and their growth" "$(cat "$T/caches")" \
	"$(q "SELECT group_concat(replace(replace(note, 'slab cache ', ''), ' grew by ', ' '), ';')
	      FROM (SELECT note FROM finding_evidence WHERE note LIKE 'slab cache %' ORDER BY rowid)" |
	sed 's/ bytes before the kill//g')"
q "SELECT summary FROM finding WHERE rule = 'oom_kill'" > "$T/oom.txt"
expect_grep "victim named" "pm-cache (pid $cache) was killed in cgroup /pmortem-slab" "$T/oom.txt"
expect_grep "invoker named" "the allocation that failed was by pm-epoll (pid $leak, order 0)" "$T/oom.txt"
expect_grep "slab told" "SUnreclaim rose from 36.7 MiB to 137 MiB in the 28.3 s before the kill (from ${onset:0:26}), most in eventpoll_epi" "$T/oom.txt"
expect_grep "the victim did not grow" "no process's USS grew by more than 0 B (the victim's +0 B): the memory that grew was kernel slab" "$T/oom.txt"
expect_rc "report slaboom/oom" 0 "$PMORTEM" report --db "$DB" --format text
expect_grep "report: the kill with the cgroup's kernel memory" \
	"pm-cache *$cache *pm-epoll *memcg */pmortem-slab *150 MiB *1.18 MiB *106 MiB" "$T/out"
expect_rc "explain oom_kill" 0 "$PMORTEM" analyze --db "$DB" --explain oom_kill
cp "$T/out" "$T/explain.txt"
expect_grep "explain: the kill" "pm-cache *$cache *pm-epoll *$leak" "$T/explain.txt"
expect_grep "explain: the ramp" "ramp *meminfo.SUnreclaim" "$T/explain.txt"
expect_grep "explain: the top cache" "ramp *eventpoll_epi" "$T/explain.txt"

# ---- quiet: the same cgroup, a bounded epoll user, no OOM ----------------
rm -f "$DB"
expect_rc "import slaboom/quiet" 0 "$PMORTEM" import --db "$DB" $Q
expect_rc "analyze slaboom/quiet" 0 "$PMORTEM" analyze --db "$DB"
expect_eq "quiet: no high finding, no OOM" "0,0" \
	"$(q "SELECT (SELECT count(*) FROM finding WHERE severity IN ('high', 'critical')),
	             (SELECT count(*) FROM oom_kill)")"
expect_eq "quiet: SUnreclaim did not ramp" "0" \
	"$(q "SELECT count(*) FROM event WHERE metric = 'meminfo.SUnreclaim'")"
finish
