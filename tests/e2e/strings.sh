#!/bin/sh
# strings.sh - `pmortem strings` through the CLI: two raw heap dumps of a
# leaking C program (and of a leaking Python) put the leaked strings at the
# top of the growth table with the exact counts the programs reported; the
# same from the imported dumps and v_heap_growth; the cores' [heap] region;
# one dump's top lists; a dump bigger than the walker reads whole, imported
# in bounded memory; escaping of hostile strings in every output form;
# errors and usage.
. "$(dirname "$0")/lib.inc"

F=fixtures/rawheap
C1=$(ls $F/leakc-*.bin | sort | sed -n 1p)
C2=$(ls $F/leakc-*.bin | sort | sed -n 2p)
P1=$(ls $F/leakpy-*.bin | sort | sed -n 1p)
P2=$(ls $F/leakpy-*.bin | sort | sed -n 2p)
# the leaker's own count: expect_count FILE STRING
exp() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1.expected"; }

# files, given out of order: their names' times put them in order
expect_rc "growth of two files" 0 "$PMORTEM" strings --format csv --top 3 "$C2" "$C1"
expect_eq "growth table" "count_1,count_2,growth,growth_pct,bytes,bytes_growth,length,string
$(exp $C1 Unknown:Unknown),$(exp $C2 Unknown:Unknown),$(($(exp $C2 Unknown:Unknown) - $(exp $C1 Unknown:Unknown))),500.2,$((15 * $(exp $C2 Unknown:Unknown))),$((15 * ($(exp $C2 Unknown:Unknown) - $(exp $C1 Unknown:Unknown)))),15,Unknown:Unknown
$(exp $C1 couchbase.context_info),$(exp $C2 couchbase.context_info),$(($(exp $C2 couchbase.context_info) - $(exp $C1 couchbase.context_info))),500,$((22 * $(exp $C2 couchbase.context_info))),$((22 * ($(exp $C2 couchbase.context_info) - $(exp $C1 couchbase.context_info)))),22,couchbase.context_info
300,300,0,0,5700,0,19,steady.config_entry" "$(cat "$T/out")"

expect_rc "python growth" 0 "$PMORTEM" strings --format csv --top 2 "$P1" "$P2"
expect_eq "python leaked strings" \
	"$(exp $P1 Unknown:Unknown),$(exp $P2 Unknown:Unknown),Unknown:Unknown|$(exp $P1 couchbase.context_info),$(exp $P2 couchbase.context_info),couchbase.context_info" \
	"$(tail -n +2 "$T/out" | cut -d, -f1,2,8 | paste -sd'|')"

# one dump: top by count and by bytes
expect_rc "one dump" 0 "$PMORTEM" strings --format csv --top 2 "$C2"
expect_eq "top lists" "list,rank,count,bytes,length,string
count,1,$(exp $C2 Unknown:Unknown),$((15 * $(exp $C2 Unknown:Unknown))),15,Unknown:Unknown
count,2,$(exp $C2 couchbase.context_info),$((22 * $(exp $C2 couchbase.context_info))),22,couchbase.context_info
bytes,1,$(exp $C2 couchbase.context_info),$((22 * $(exp $C2 couchbase.context_info))),22,couchbase.context_info
bytes,2,$(exp $C2 Unknown:Unknown),$((15 * $(exp $C2 Unknown:Unknown))),15,Unknown:Unknown" "$(cat "$T/out")"
expect_rc "table form" 0 "$PMORTEM" strings --format table --top 2 "$C2"
expect_grep "table says exact" "distinct; counts exact" "$T/out"
expect_grep "table pid" "pid $(exp $C2 pid)" "$T/out"
# 200000 distinct strings in 1 MiB of tables: the sketch, exact at the top
{ seq -f 'id-%08g' 1 200000; yes leaked.marker.string | head -n 5000; } |
	tr '\n' '\0' > "$T/many.bin"
expect_rc "sketch" 0 "$PMORTEM" strings --format table --top 2 --mem 1 --threads 2 "$T/many.bin"
expect_grep "sketch says so" "not listed: strings occurring <=" "$T/out"
expect_grep "sketch exact top" " 5000 .*leaked.marker.string" "$T/out"
expect_grep "sketch total" "region all: 205000 strings" "$T/out"

# imported: the same from the database, and v_heap_growth
expect_rc "import dumps" 0 "$PMORTEM" import --db "$DB" "$C1" "$C2"
expect_rc "growth from the database" 0 "$PMORTEM" strings --db "$DB" --format csv --top 2 1 2
expect_eq "database growth" \
	"$(exp $C1 Unknown:Unknown),$(exp $C2 Unknown:Unknown),Unknown:Unknown|$(exp $C1 couchbase.context_info),$(exp $C2 couchbase.context_info),couchbase.context_info" \
	"$(tail -n +2 "$T/out" | cut -d, -f1,2,8 | paste -sd'|')"
expect_rc "by source path" 0 "$PMORTEM" strings --db "$DB" --format csv --top 1 "$(basename "$C2")"
expect_grep "by source path count" "count,1,$(exp $C2 Unknown:Unknown)," "$T/out"
expect_eq "v_heap_growth" "Unknown:Unknown,$(exp $C1 Unknown:Unknown),$(exp $C2 Unknown:Unknown),$(($(exp $C2 Unknown:Unknown) - $(exp $C1 Unknown:Unknown)))" \
	"$(q "SELECT text, count_before, count_after, growth FROM v_heap_growth
	      WHERE region = 'heap' ORDER BY growth DESC LIMIT 1" | tr -d '"')"
expect_eq "rest row bounds the cut" "1" \
	"$(q "SELECT count(*) FROM dump_string WHERE dump_id = 2 AND region = 'heap' AND text IS NULL AND err_bound >= 1")"

# cores: the [heap] region, against the leaker's counts
K=fixtures/elfcore
if [ -f "$K/leaker-gcore-1.core" ]; then
	expect_rc "cores" 0 "$PMORTEM" strings --region heap --format csv --top 2 \
		"$K/leaker-gcore-1.core" "$K/leaker-gcore-2.core"
	expect_eq "core heap growth" \
		"$(awk '$1 == "Unknown:Unknown" {print $2}' $K/leaker-gcore-1.counts),$(awk '$1 == "Unknown:Unknown" {print $2}' $K/leaker-gcore-2.counts),Unknown:Unknown|$(awk '$1 == "couchbase.context_info" {print $2}' $K/leaker-gcore-1.counts),$(awk '$1 == "couchbase.context_info" {print $2}' $K/leaker-gcore-2.counts),couchbase.context_info" \
		"$(tail -n +2 "$T/out" | cut -d, -f1,2,8 | paste -sd'|')"
fi

# hostile strings: quoted in csv, escaped in json, \xNN in a table
printf '\0<script>alert(1)</script>\0say "hi", ok\0tab\there!\0' > "$T/heap-0x1000-0x1030.bin"
dd if=/dev/zero bs=1 count=$((0x30 - $(wc -c < "$T/heap-0x1000-0x1030.bin"))) \
	>> "$T/heap-0x1000-0x1030.bin" 2>/dev/null
expect_rc "hostile csv" 0 "$PMORTEM" strings --format csv "$T/heap-0x1000-0x1030.bin"
expect_grep "csv quotes" '"say ""hi"", ok"' "$T/out"
expect_rc "hostile json" 0 "$PMORTEM" strings --format json "$T/heap-0x1000-0x1030.bin"
expect_grep "json escapes" '"string":"say \\"hi\\", ok"' "$T/out"
expect_grep "json tab" '"string":"tab\\there!"' "$T/out"
expect_rc "hostile table" 0 "$PMORTEM" strings --format table "$T/heap-0x1000-0x1030.bin"
expect_grep "table tab" 'tab\\x09here!' "$T/out"

# a dump bigger than the walker reads whole (64 MiB): mapped, but hashed
# and counted through bounded buffers, so the import's peak RSS stays below
# the dump's size (hashing through the mapping kept it all resident); the
# hash is the file's sha256 all the same, and the counts those of 120 copies
n=120
copy=$(wc -c < "$C2")
big=$T/big-heap-0x10000000-$(printf '0x%x' $((0x10000000 + n * copy))).bin
for i in $(seq $n); do cat "$C2"; done > "$big"
expect_rc "import big dump" 0 /usr/bin/time -f %M -o "$T/rss" "$PMORTEM" import \
	--db "$T/big.db" "$big"
expect_eq "big dump sha256" "$(sha256sum "$big" | cut -d' ' -f1)" \
	"$("$PMORTEM" query --db "$T/big.db" --format csv 'SELECT sha256 FROM source' | tail -n +2)"
expect_eq "big dump count" "$((n * $(exp "$C2" Unknown:Unknown)))" \
	"$("$PMORTEM" query --db "$T/big.db" --format csv "SELECT count FROM dump_string
	   WHERE region = 'all' AND text = 'Unknown:Unknown'" | tail -n +2)"
rss=$(tail -n 1 "$T/rss")
[ "$rss" -lt $((n * copy / 1024)) ] ||
	fail "import of a $((n * copy >> 20)) MiB dump: peak RSS $((rss >> 10)) MiB"
expect_rc "big dump again" 0 "$PMORTEM" import --db "$T/big.db" "$big"
expect_grep "big dump already imported" "already imported" "$T/err"
rm -f "$big"

# errors and usage
expect_rc "missing dump" 2 "$PMORTEM" strings --db "$T/none.db" "$T/nosuch.bin"
expect_grep "missing message" "nosuch.bin" "$T/err"
: > "$T/empty.bin"
expect_rc "empty dump" 2 "$PMORTEM" strings "$T/empty.bin"
expect_grep "empty message" "is empty" "$T/err"
expect_rc "no dump" 64 "$PMORTEM" strings
expect_rc "bad region" 64 "$PMORTEM" strings --region brk "$C1"
expect_rc "bad top" 64 "$PMORTEM" strings --top 0 "$C1"
expect_rc "bad min-len" 64 "$PMORTEM" strings --min-len x "$C1"
finish
