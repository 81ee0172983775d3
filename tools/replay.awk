# replay.awk - the benchmarks' long /proc logs: a timestamp-prefixed
# snapshot log of a fixture (meminfo-ts.log, vmstat-ts.log, ...), its
# snapshots cycled for n seconds at 1 Hz from t0; with counters set, event
# counters keep growing from cycle to cycle (no resets), as on a real host.
#   awk -f tools/replay.awk -v n=SECONDS -v t0=EPOCH -v pf=PREFIX_FIELDS \
#       -v stamp=iso|epoch [-v counters=1] FIXTURE > OUT
{
	key = $1; for (i = 2; i <= pf; i++) key = key " " $i
	body = $0; sub(/^[^ ]+ /, "", body)
	if (pf == 2) sub(/^[^ ]+ /, "", body)
	if (key != last) { ns++; last = key }
	nl[ns]++; line[ns, nl[ns]] = body
}
END {
	# per-cycle growth of each counter line (first snapshot -> last)
	for (j = 1; counters != "" && j <= nl[1]; j++) {
		split(line[1, j], a, " "); split(line[ns, j], b, " ")
		gauge = a[1] ~ /^nr_/ && a[1] !~ /^nr_(dirtied|written|vmscan_write|vmscan_immediate_reclaim|throttled_written|foll_pin_|tlb_)/
		if (a[1] == b[1] && !gauge && a[1] != "workingset_nodes" &&
		    b[2] >= a[2] && a[2] ~ /^[0-9]+$/)
			grow[j] = b[2] - a[2] + (b[2] - a[2]) / (ns - 1)
	}
	for (s = 0; s < n; s++) {
		k = s % ns + 1; c = int(s / ns)
		if (stamp == "iso")
			p = strftime("%Y-%m-%d %H:%M:%S", t0 + s, 1) ".000123"
		else
			p = (t0 + s) ".000123"
		for (j = 1; j <= nl[k]; j++) {
			if (c && (j in grow)) {
				split(line[k, j], a, " ")
				printf "%s %s %.0f\n", p, a[1], a[2] + c * grow[j]
			} else
				print p " " line[k, j]
		}
	}
}
