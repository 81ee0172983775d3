/*
 * cmd_report.c - `pmortem report`: the analysis of the database as text,
 * HTML, JSON or Markdown, on stdout or into a file.  Reads through a
 * read-only connection; the same database gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_opts.h"
#include "command.h"
#include "report.h"
#include "store.h"

static const char usage_text[] =
"usage: pmortem report [--format text|html|json|md] [-o FILE] [--window FROM..TO]\n"
"\n"
"Write the report of the database: the cause -> effect chains, the\n"
"findings with their advice and evidence SQL, the timeline, the sources\n"
"and per-source summaries.  html is one self-contained file (charts\n"
"included, opens offline); json is the same content for tooling\n"
"(docs/REPORT-JSON.md).  Run 'pmortem analyze' first, or use 'pmortem run'.\n"
"\n"
"Options:\n"
"  --db FILE             the database (default $PMORTEM_DB, else ./pmortem.db)\n"
"  --format F            text (default), html, json or md\n"
"  -o, --output FILE     write to FILE instead of standard output\n"
"  --window FROM..TO     only this time range (UTC)\n"
"  --dygraphs DIR        where dygraph.min.js is\n"
"                        (default /usr/share/javascript/dygraphs)\n"
"  -h, --help            this text\n";

static int run(int argc, char **argv);

const struct command cmd_report = {
	.name = "report",
	.summary = "write the report: text, html, json or md",
	.usage = usage_text,
	.run = run,
};

int report_db(const char *db_path, const char *format, const char *out_path,
	      struct report_opts *ro)
{
	struct store *st = store_open(db_path, 1);
	FILE *f = stdout;
	int rc;

	if (!st)
		return EXIT_FATAL;
	if (out_path) {
		f = fopen(out_path, "w");
		if (!f) {
			perror(out_path);
			store_close(st);
			return EXIT_FATAL;
		}
	}
	if (f == stdout)
		ro->color = ro->color && isatty(STDOUT_FILENO);
	else
		ro->color = 0;
	rc = report_write(store_db(st), format, ro, f);
	store_close(st);
	if (f != stdout && (fclose(f) != 0 || rc < 0)) {
		fprintf(stderr, "pmortem: %s: cannot write the report\n", out_path);
		return EXIT_FATAL;
	}
	return rc < 0 ? EXIT_FATAL : EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "window", required_argument, NULL, 'w' },
		{ "dygraphs", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts ro = { INT64_MIN, INT64_MAX, 0, NULL };
	const char *format = "text", *out = NULL;
	int c, code = EXIT_OK;

	ro.color = !getenv("NO_COLOR");
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!report_find(optarg))
				return cli_usage_error(&cmd_report, "unknown format '%s' "
						       "(text, html, json or md)", optarg);
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'w':
			if (cli_parse_window(optarg, &ro.from_us, &ro.to_us) < 0)
				return cli_usage_error(&cmd_report, "cannot parse window "
						       "'%s' (want FROM..TO)", optarg);
			break;
		case 'g':
			ro.dygraphs_dir = optarg;
			break;
		default:
			if (cli_common(&cmd_report, c, optarg, &code) <= 0)
				return code;
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_report, "no arguments expected");
	return cli_finish_stdout(report_db(cli_db_path(), format, out, &ro));
}
