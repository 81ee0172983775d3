#!/bin/sh
# browser-test.sh - open the HTML report of the fixture incident in headless
# Chromium (Debian's package) and check what a person would see: the page
# ran without a script error or a blocked request, the charts were drawn
# (non-empty canvases), the findings are there, and strings planted in the
# database (a `<script>`, an `<img onerror>`, quotes, control bytes,
# invalid UTF-8) show up as text and do nothing.  Saves a screenshot as
# build/browser/report.png.  Ends with one "browser: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
out=build/browser
mkdir -p "$out"
db=$out/report.db
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	echo "browser: chromium is not installed (make deps installs it)"
	echo "browser: 0 passed, 1 failed"
	exit 1
fi
bundle=fixtures/incident
[ -d "$bundle" ] || bundle=fixtures/meminfo
rm -f "$db" "$db-wal" "$db-shm"
./pmortem import --no-progress --db "$db" "$bundle" >/dev/null 2>"$out/import.log"
./pmortem analyze --db "$db" 2>"$out/analyze.log" || true
# hostile strings, as if they had come from inputs
sqlite3 "$db" <<'SQL'
INSERT INTO host(name, kernel) VALUES ('<img id=pwned1 src=x onerror="document.title=''PWNED''">', '"quoted"');
INSERT INTO finding(rule, key, severity, title, summary, advice, start_us, end_us, evidence_sql)
VALUES ('planted', 'x', 'info', '<script>document.title="PWNED"</script>',
        'bytes: ' || char(1) || char(27) || '[31m ' || CAST(X'C328FF' AS TEXT) || ' </script><b id=pwned2>',
        'it''s "fine" & <ok>', (SELECT coalesce(min(first_us), 0) FROM source),
        (SELECT coalesce(max(last_us), 0) FROM source), 'SELECT ''</script>''');
SQL
if ./pmortem report --db "$db" --format html -o "$out/report.html" 2>"$out/report.log"; then ok; else
	bad "report --format html failed: $(cat "$out/report.log")"; fi
flags="--headless --no-sandbox --disable-gpu --disable-background-networking
--disable-component-update --disable-sync --no-first-run --disable-quic
--disable-default-apps --enable-logging=stderr --v=0 --user-data-dir=$out/profile"
# shellcheck disable=SC2086
timeout 120 "$chrome" $flags --virtual-time-budget=15000 --dump-dom \
	"file://$PWD/$out/report.html" >"$out/dom.html" 2>"$out/chrome.log"
# shellcheck disable=SC2086
timeout 120 "$chrome" $flags --virtual-time-budget=15000 --window-size=1280,2400 \
	--screenshot="$PWD/$out/report.png" "file://$PWD/$out/report.html" \
	>/dev/null 2>>"$out/chrome.log"

attr() { sed -n "s/.*<body[^>]* $1=\"\\([^\"]*\\)\".*/\\1/p" "$out/dom.html" | head -1; }
errors=$(attr data-js-errors); blocked=$(attr data-blocked)
charts=$(attr data-charts-ready); pixels=$(attr data-canvas-pixels)
[ "$errors" = 0 ] && ok || bad "script errors: '$errors' (see $out/chrome.log)"
[ "$blocked" = 0 ] && ok || bad "blocked requests: '$blocked'"
[ "${charts:-0}" -gt 0 ] && ok || bad "no chart was drawn (charts: '$charts')"
[ "${pixels:-0}" -gt 1000 ] && ok || bad "canvases are empty (pixels: '$pixels')"
grep -q 'class="finding' "$out/dom.html" && ok || bad "no finding in the page"
grep -q '&lt;script&gt;document.title="PWNED"&lt;/script&gt;' "$out/dom.html" && ok ||
	bad "the planted <script> title is not shown as text"
grep -q '<title>pmortem report</title>' "$out/dom.html" && ok || bad "the title changed: a planted script ran"
grep -qi '<img id="\?pwned1\|<b id="\?pwned2' "$out/dom.html" && bad "planted markup became elements" || ok
[ -s "$out/report.png" ] && ok || bad "no screenshot"
echo "browser: $pass passed, $fail failed (screenshot: $out/report.png)"
[ "$fail" -eq 0 ]
