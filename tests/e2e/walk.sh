#!/bin/sh
# walk.sh - one bundle, many wrappings: a sar file imported plain, inside
# tar.gz / tar.xz / tar.zst archives, gzipped on its own, and in a
# directory gives the same samples; the same bytes again are a no-op
# whatever they are called; a rejected file costs exit 1 but the rest of
# the bundle imports; files nobody reads are skipped, not errors.
. "$(dirname "$0")/lib.inc"

src=fixtures/sar/sar-A.C.txt
count() { "$PMORTEM" query --db "$1" --format csv "SELECT count(*) FROM sample" | tail -1; }

expect_rc "plain" 0 "$PMORTEM" import --no-progress --db "$T/plain.db" "$src"
nsamp=$(count "$T/plain.db")
[ "$nsamp" -gt 10000 ] || fail "plain import gave only $nsamp samples"

mkdir -p "$T/b/sub"
cp "$src" "$T/b/sub/sar-A.txt"
printf 'notes about the incident\n' > "$T/b/README.txt"
tar -C "$T/b" -czf "$T/b.tar.gz" sub README.txt
tar -C "$T/b" -cJf "$T/b.tar.xz" sub README.txt
tar -C "$T/b" --zstd -cf "$T/b.tar.zst" sub README.txt
gzip -c "$src" > "$T/sar-A.txt.gz"
for f in b.tar.gz b.tar.xz b.tar.zst sar-A.txt.gz b; do
	rm -f "$T/w.db"*
	expect_rc "import $f" 0 "$PMORTEM" import --no-progress --db "$T/w.db" "$T/$f"
	expect_eq "samples from $f" "$nsamp" "$(count "$T/w.db")"
done
rm -f "$T/z.db"*
"$PMORTEM" import --no-progress --db "$T/z.db" "$T/b.tar.zst" 2>/dev/null
expect_eq "archive members are named archive!member" "$T/b.tar.zst!sub/sar-A.txt" \
	"$("$PMORTEM" query --db "$T/z.db" --format csv "SELECT path FROM source" | tail -1)"

# the same bytes under other names and wrappings: nothing changes
expect_rc "again" 0 "$PMORTEM" import --no-progress --db "$T/plain.db" "$T/b.tar.gz" "$T/sar-A.txt.gz"
expect_grep "already imported" "already imported (sha256" "$T/err"
expect_eq "no new samples" "$nsamp" "$(count "$T/plain.db")"
expect_eq "one source" "1" "$("$PMORTEM" query --db "$T/plain.db" --format csv \
	"SELECT count(*) FROM source" | tail -1)"
expect_eq "README skipped" "1" "$("$PMORTEM" query --db "$T/plain.db" --format csv \
	"SELECT count(*) FROM skipped WHERE path LIKE '%README.txt' AND reason LIKE 'not recognized%'" | tail -1)"

# a file that is rejected does not stop the bundle, and says why
mkdir -p "$T/mixed"
cp fixtures/sar/bad/date.txt "$T/mixed/a-bad.txt"
cp "$src" "$T/mixed/b-good.txt"
expect_rc "mixed bundle" 1 "$PMORTEM" import --no-progress --db "$T/mixed.db" "$T/mixed"
expect_eq "the good one imported" "$nsamp" "$(count "$T/mixed.db")"
expect_eq "the bad one recorded" "rejected" "$("$PMORTEM" query --db "$T/mixed.db" --format csv \
	"SELECT status FROM source WHERE path LIKE '%a-bad.txt'" | tail -1)"
expect_grep "path:line on stderr" "a-bad.txt:1:" "$T/err"
finish
