#!/bin/sh
# tcpdump.sh - tcpdump text through the CLI: every timestamp mode of the
# same capture lands on the same instants (the default mode dated by
# --date, the relative ones by the mtime), sources are recognized without
# --format, broken lines are kept as raw rows with `path:line` warnings,
# and DNS queries are paired with their responses.
. "$(dirname "$0")/lib.inc"
F=fixtures/tcpdump

# the relative modes are anchored on the mtime, taken as the last packet
last=$(tail -1 $F/nagle-tt.txt | cut -d' ' -f1)
for m in ttt ttttt; do
	cp $F/nagle-$m.txt "$T/nagle-$m.txt"
	touch -d "@$last" "$T/nagle-$m.txt"
done
expect_rc "import every mode" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 \
	$F/nagle-tt.txt $F/nagle.txt $F/nagle-tttt.txt $F/nagle-v.txt \
	"$T/nagle-ttt.txt" "$T/nagle-ttttt.txt"
expect_eq "formats" "tcpdump 6" "$(q "SELECT format, count(*) FROM source GROUP BY format" | tr , ' ')"
expect_eq "modes" "datetime delta epoch hms since_first" \
	"$(q "SELECT group_concat(ts_mode, ' ') FROM (SELECT DISTINCT ts_mode FROM packet_capture ORDER BY ts_mode)")"
# every source has the same 107 instants as the -tt one, packet by packet
expect_eq "same instants" "0" "$(q "WITH n AS (SELECT source_id, ts_us,
	row_number() OVER (PARTITION BY source_id ORDER BY packet_id) AS k FROM packet)
	SELECT count(*) FROM n a JOIN n b ON a.k = b.k
	WHERE b.source_id = (SELECT source_id FROM source WHERE path LIKE '%nagle-tt.txt')
	AND a.ts_us <> b.ts_us")"
expect_eq "107 packets each" "107" "$(q "SELECT DISTINCT count(*) FROM packet GROUP BY source_id")"
expect_eq "first packet" "1795355818162990" \
	"$(q "SELECT DISTINCT min(ts_us) FROM packet GROUP BY source_id")"
expect_eq "ttttt origin" "offsets since the first packet (-ttttt) anchored on the file's mtime as the last packet" \
	"$(q "SELECT time_origin FROM source WHERE path LIKE '%nagle-ttttt.txt'")"
expect_eq "absolute seq" "3178906158" \
	"$(q "SELECT seq_abs FROM packet JOIN source USING (source_id)
	WHERE path LIKE '%nagle.txt' AND line = 4")"

# broken input: imported, partial, every line a row
expect_rc "bad input" 1 "$PMORTEM" import --db "$DB" --date 2026-11-22 $F/bad/rotated.txt
expect_grep "path:line warning" "$F/bad/rotated.txt:4: warning: tcp line cut short" "$T/err"
expect_eq "rotated rows" "partial 4 2" "$(q "SELECT s.status, count(*), sum(p.raw IS NOT NULL)
	FROM source s JOIN packet p USING (source_id) WHERE s.path LIKE '%rotated.txt'" | tr , ' ')"

# DNS: queries paired with responses, the dead resolver's queries unanswered
expect_rc "dns" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 $F/dns.txt
expect_eq "unanswered" "db.internal A 127.0.0.3
db.internal AAAA 127.0.0.3
lost.internal A 127.0.0.2
lost.internal A 127.0.0.2" "$(q "SELECT name, qtype, server FROM dns_query WHERE rcode IS NULL ORDER BY ts_us" | tr , ' ')"
expect_eq "slow answer" "slow.internal 300" \
	"$(q "SELECT name, rtt_us / 1000 / 100 * 100 FROM dns_query WHERE rtt_us > 100000" | tr , ' ')"

# analyze: the Nagle capture stalls once per request the client saw slow,
# the TCP_NODELAY one never; the search-list walk is one lookup
expect_rc "import nodelay" 0 "$PMORTEM" import --db "$DB" --date 2026-11-22 $F/nodelay.txt
expect_rc "analyze" 0 "$PMORTEM" analyze --db "$DB"
slow=$(awk '$4 > 20 { n++ } END { print n }' $F/latency-nagle.txt)
expect_eq "stalls = slow requests" "$slow" "$(q "SELECT count(*) FROM v_tcp_stall s
	JOIN source USING (source_id) WHERE path = '$F/nagle.txt'")"
expect_eq "no stall with TCP_NODELAY" "0" "$(q "SELECT stalls FROM tcp_flow_stats
	JOIN flow USING (flow_id) JOIN source USING (source_id) WHERE path = '$F/nodelay.txt'")"
expect_eq "stall delays" "1" "$(q "SELECT min(delay_ms) >= 38 AND max(delay_ms) < 80 FROM v_tcp_stall")"
expect_eq "search walk" "api.internal 2 6" "$(q "SELECT name, search_expansions, queries
	FROM dns_lookup WHERE names_tried LIKE 'api.internal.search.example %'" | tr , ' ')"
# the rules: one Nagle finding, on the Nagle capture's flow, none on the
# TCP_NODELAY one; the lookup that waited out a resolver's timeout is a
# medium dns_search_timeouts finding, the search-list walk a low one
expect_eq "tcp_nagle_stall: on the Nagle capture, not on TCP_NODELAY" "1|0" \
	"$(q "SELECT sum(s.path = '$F/nagle.txt') || '|' || sum(s.path LIKE '%nodelay%') AS n
	      FROM finding f JOIN flow w ON f.key = 'flow:' || w.flow_id
	      JOIN source s USING (source_id) WHERE f.rule = 'tcp_nagle_stall'" | tr -d '"')"
expect_eq "dns_search_timeouts: timeouts medium, the walk low" "medium db.internal|medium lost.internal|low api.internal" \
	"$(q "SELECT group_concat(severity || ' ' || name, '|') FROM (SELECT f.severity, l.name FROM finding f
	      JOIN dns_lookup l ON f.key = 'dns:' || l.lookup_id JOIN source s ON s.source_id = l.source_id
	      WHERE f.rule = 'dns_search_timeouts' AND s.path = '$F/dns.txt'
	      AND (f.severity = 'medium' OR l.name = 'api.internal') ORDER BY f.severity DESC, l.name)" | tr -d '"')"
finish
