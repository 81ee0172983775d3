/*
 * cmd_run.c - `pmortem run BUNDLE...`: the main job.  Import every path,
 * analyze, print the text report on stdout and, with -o, write the HTML
 * report too.  Progress goes to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_opts.h"
#include "command.h"
#include "engine.h"
#include "report.h"
#include "store.h"
#include "walk.h"

static const char usage_text[] =
"usage: pmortem run [OPTIONS] BUNDLE... [-o report.html]\n"
"\n"
"Import the bundle (files, directories, tarballs, sosreports), run the\n"
"detectors and rules, print the text report and, with -o, write the\n"
"self-contained HTML report.  Same as import + analyze + report.\n"
"\n"
"Options:\n"
"  --db FILE          the database (default $PMORTEM_DB, else ./pmortem.db)\n"
"  -o, --output FILE  also write the HTML report to FILE\n"
"  --rules DIR        also run the user's rules in DIR\n"
"  --format NAME, --tz ZONE, --date YYYY-MM-DD, --boot-time T, --base ADDR,\n"
"  --sysroot DIR      as for 'pmortem import'\n"
"  --no-progress      no progress bar\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 ok, 1 something was partial or rejected (the report is\n"
"still written), 2 fatal, 64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_run = {
	.name = "run",
	.summary = "import, analyze and report in one go (the main job)",
	.usage = usage_text,
	.run = run,
};


static int worst(int a, int b)
{
	if (a == EXIT_FATAL || b == EXIT_FATAL)
		return EXIT_FATAL;
	return a > b ? a : b;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		CLI_IMPORT_OPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "rules", required_argument, NULL, 'r' },
		{ "no-progress", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct walk_opts wo;
	struct analyze_opts ao = { NULL, NULL, INT64_MIN, INT64_MAX };
	struct report_opts ro = { INT64_MIN, INT64_MAX, 0, NULL };
	const char *html = NULL;
	int c, code = EXIT_OK, progress = isatty(STDERR_FILENO);

	memset(&wo, 0, sizeof(wo));
	cli_import_opts_init(&wo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		int r;

		if (c == 'o') {
			html = optarg;
			continue;
		}
		if (c == 'r') {
			ao.rules_dir = optarg;
			continue;
		}
		if (c == 'P') {
			progress = 0;
			continue;
		}
		r = cli_import_opt(&cmd_run, c, optarg, &wo, &code);
		if (r > 0)
			continue;
		if (r < 0)
			return code;
		if (cli_common(&cmd_run, c, optarg, &code) <= 0)
			return code;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_run, "no BUNDLE given");
	wo.progress = progress;
	wo.db_path = cli_db_path();
	code = import_paths(&wo, argv + optind, argc - optind);
	if (code == EXIT_FATAL)
		return EXIT_FATAL;
	code = worst(code, analyze_db(wo.db_path, &ao, 0));
	if (code == EXIT_FATAL)
		return EXIT_FATAL;
	ro.color = !getenv("NO_COLOR");
	code = worst(code, report_db(wo.db_path, "text", NULL, &ro));
	if (html) {
		code = worst(code, report_db(wo.db_path, "html", html, &ro));
		if (code != EXIT_FATAL)
			fprintf(stderr, "pmortem: wrote %s\n", html);
	}
	return cli_finish_stdout(code);
}
