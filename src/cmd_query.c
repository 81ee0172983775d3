/*
 * cmd_query.c - `pmortem query SQL`: read-only SQL over the database,
 * printed as a table, CSV or JSON.  The connection is opened with
 * SQLITE_OPEN_READONLY, so a query can never change the evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "store.h"
#include "tabout.h"
#include "util.h"

static const char usage_text[] =
"usage: pmortem query [OPTIONS] SQL\n"
"       pmortem query [OPTIONS] -        (SQL from standard input)\n"
"\n"
"Run SQL on a read-only connection to the database and print the rows of\n"
"every statement that returns some.  Tables and views are documented in\n"
"docs/SCHEMA.md; e.g.\n"
"  pmortem query \"SELECT ts, iowait_pct FROM v_sar_cpu WHERE cpu='all'\"\n"
"The function pm_ts(ts_us) prints a timestamp as UTC text.\n"
"\n"
"Options:\n"
"  --db FILE                 the database (default $PMORTEM_DB, else ./pmortem.db)\n"
"  --format table|csv|json   output form (default: table on a terminal, else csv)\n"
"  -h, --help                this text\n"
"\n"
"Exit status: 0 ok, 1 SQL error (SQLite's message on stderr), 2 no database,\n"
"64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_query = {
	.name = "query",
	.summary = "run read-only SQL and print table, csv or json",
	.usage = usage_text,
	.run = run,
};

static char *read_stdin(void)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	do {
		buf = xgrow(buf, &cap, len + 65536, 1);
		n = fread(buf + len, 1, cap - len - 1, stdin);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	return buf;
}

/* Print one statement's rows; returns 0 or -1 on an SQL error. */
static int print_stmt(sqlite3 *db, sqlite3_stmt *s, enum tab_format fmt)
{
	int ncol = sqlite3_column_count(s);
	const char **names;
	struct tab_cell *cells;
	struct tabout t;
	int rc;

	if (ncol == 0) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			;
		return rc == SQLITE_DONE ? 0 : -1;
	}
	names = xcalloc((size_t)ncol, sizeof(*names));
	cells = xcalloc((size_t)ncol, sizeof(*cells));
	for (int i = 0; i < ncol; i++)
		names[i] = sqlite3_column_name(s, i);
	tab_init(&t, stdout, fmt, (size_t)ncol, names);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++) {
			switch (sqlite3_column_type(s, i)) {
			case SQLITE_NULL:
				cells[i] = tab_null();
				break;
			case SQLITE_INTEGER:
				cells[i] = tab_int(sqlite3_column_int64(s, i));
				break;
			case SQLITE_FLOAT:
				cells[i] = tab_real(sqlite3_column_double(s, i), 6);
				break;
			default:
				cells[i] = tab_textn((const char *)sqlite3_column_text(s, i),
						     (size_t)sqlite3_column_bytes(s, i));
			}
		}
		tab_row(&t, cells);
	}
	tab_finish(&t);
	free(names);
	free(cells);
	(void)db;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum tab_format fmt = tab_format_default();
	struct store *st;
	char *sql, *owned = NULL;
	const char *tail;
	int c, code = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'f') {
			if (tab_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_query, "unknown format '%s' "
						       "(table, csv or json)", optarg);
			continue;
		}
		if (cli_common(&cmd_query, c, optarg, &code) <= 0)
			return code;
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_query, "give one SQL argument (or -)");
	sql = argv[optind];
	if (!strcmp(sql, "-"))
		sql = owned = read_stdin();
	st = store_open(cli_db_path(), 1);
	if (!st) {
		free(owned);
		return EXIT_FATAL;
	}
	tail = sql;
	while (tail && *tail) {
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(store_db(st), tail, -1, &s, &tail) != SQLITE_OK) {
			fprintf(stderr, "pmortem: query: %s\n", sqlite3_errmsg(store_db(st)));
			code = EXIT_PARTIAL;
			break;
		}
		if (!s)
			break;      /* only whitespace or comments left */
		if (print_stmt(store_db(st), s, fmt) < 0) {
			fprintf(stderr, "pmortem: query: %s\n", sqlite3_errmsg(store_db(st)));
			code = EXIT_PARTIAL;
			sqlite3_finalize(s);
			break;
		}
		sqlite3_finalize(s);
	}
	store_close(st);
	free(owned);
	return cli_finish_stdout(code);
}
