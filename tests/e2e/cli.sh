#!/bin/sh
# cli.sh - the command line's promises: help on every subcommand, usage
# errors exit 64, a query can't write, SQL errors exit 1 with SQLite's
# message, output forms, and import's handling of unknown files.
. "$(dirname "$0")/lib.inc"

expect_rc "help" 0 "$PMORTEM" --help
expect_grep "help lists import" "import" "$T/out"
for c in $("$PMORTEM" --help | awk '/^Commands:/{f=1;next} f&&!NF{exit} f{print $1}'); do
	expect_rc "$c --help" 0 "$PMORTEM" "$c" --help
	expect_grep "$c --help usage" "usage: pmortem $c" "$T/out"
done
expect_rc "no command" 64 "$PMORTEM"
expect_rc "unknown command" 64 "$PMORTEM" frobnicate
expect_rc "unknown option" 64 "$PMORTEM" query --frob "select 1"
expect_rc "import without path" 64 "$PMORTEM" import --db "$DB"
expect_rc "bad --date" 64 "$PMORTEM" import --db "$DB" --date 2026-02-30 /dev/null
expect_grep "bad --date message" "cannot parse date '2026-02-30'" "$T/err"
expect_rc "unknown --format" 64 "$PMORTEM" import --db "$DB" --format nosuch /dev/null
expect_rc "query without database" 2 "$PMORTEM" query --db "$T/none.db" "select 1"
expect_grep "no database message" "cannot open database" "$T/err"

# a file nobody reads is skipped, not an error, and recorded
printf 'hello\nworld\n' > "$T/notes.txt"
expect_rc "import unknown file" 0 "$PMORTEM" import --db "$DB" "$T/notes.txt"
expect_eq "skipped row" "$T/notes.txt,not recognized" \
	"$(q "SELECT path, reason FROM skipped")"

# read-only: a write through query fails and changes nothing
expect_rc "query cannot write" 1 "$PMORTEM" query --db "$DB" "DELETE FROM skipped"
expect_grep "readonly message" "readonly" "$T/err"
expect_eq "still there" "1" "$(q "SELECT count(*) FROM skipped")"
expect_rc "sql error" 1 "$PMORTEM" query --db "$DB" "SELEC 1"
expect_grep "sqlite message" 'near "SELEC": syntax error' "$T/err"

# output forms
expect_eq "csv quoting" 'a,b
"x,y","say ""hi"""' "$("$PMORTEM" query --db "$DB" --format csv "SELECT 'x,y' AS a, 'say \"hi\"' AS b")"
expect_eq "json" '[
{"n":1,"s":"\u003cscript\u003e","z":null}
]' "$("$PMORTEM" query --db "$DB" --format json "SELECT 1 AS n, '<script>' AS s, NULL AS z")"
expect_eq "table escapes control bytes" 'x
a\x1b[31mb' "$("$PMORTEM" query --db "$DB" --format table "SELECT 'a' || char(27) || '[31mb' AS x")"
expect_eq "PMORTEM_DB" "1" "$(PMORTEM_DB=$DB "$PMORTEM" query --format csv "SELECT count(*) FROM skipped" | tail -1)"
expect_eq "pm_ts" "2026-11-22 08:33:21" "$(q "SELECT pm_ts(1795336401000000)")"

# a full disk is an error, not a short report
if [ -w /dev/full ]; then
	expect_rc "stdout full" 2 sh -c "'$PMORTEM' query --db '$DB' 'SELECT 1' > /dev/full"
fi
finish
