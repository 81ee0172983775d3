/*
 * cmd_analyze.c - `pmortem analyze`: run the detectors over every series
 * and then every rule, replacing the previous analysis; or, with
 * --explain RULE, show what a rule looks at and why it fired or not.
 */
#include <stdio.h>
#include <string.h>

#include "cli_opts.h"
#include "command.h"
#include "engine.h"
#include "store.h"

static const char usage_text[] =
"usage: pmortem analyze [OPTIONS]\n"
"\n"
"Scan every time series for spikes, steps, drops, saturation, steady\n"
"growth, ramps and counter resets (table event), then run every rule (the\n"
"shipped ones and --rules DIR) to write findings, their evidence and\n"
"cause -> effect links.  Re-running replaces the previous analysis.\n"
"\n"
"Options:\n"
"  --db FILE             the database (default $PMORTEM_DB, else ./pmortem.db)\n"
"  --rules DIR           also run DIR/NAME.sql (a rule with a shipped rule's\n"
"                        name replaces it); see docs/RULES.md\n"
"  --detect-config FILE  detector thresholds per metric pattern (detect.h)\n"
"  --window FROM..TO     only look at this time range (UTC, e.g.\n"
"                        '2026-11-22 08:00..2026-11-22 09:30'; either side\n"
"                        may be empty)\n"
"  --explain RULE        show what RULE looks at and why it fired or not\n"
"                        (runs the rule's explain queries on the current\n"
"                        analysis; nothing is changed)\n"
"  -h, --help            this text\n"
"\n"
"Exit status: 0 ok, 1 a rule failed (the others ran), 2 fatal, 64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_analyze = {
	.name = "analyze",
	.summary = "run the detectors and rules: events, findings, causes",
	.usage = usage_text,
	.run = run,
};

static int explain(const char *name, struct analyze_opts *ao)
{
	struct rule_set rs;
	struct store *st;
	int code = EXIT_USAGE;

	if (rules_load(&rs, ao->rules_dir) < 0) {
		rules_release(&rs);
		return EXIT_FATAL;
	}
	for (size_t i = 0; i < rs.n; i++) {
		if (strcmp(rs.rules[i].name, name))
			continue;
		st = store_open(cli_db_path(), 1);
		if (!st) {
			code = EXIT_FATAL;
			break;
		}
		code = rule_explain(store_db(st), &rs.rules[i], ao, stdout) < 0
			       ? EXIT_PARTIAL : EXIT_OK;
		store_close(st);
		break;
	}
	if (code == EXIT_USAGE)
		fprintf(stderr, "pmortem analyze: no rule '%s' (see 'pmortem rules')\n",
			name);
	rules_release(&rs);
	return cli_finish_stdout(code);
}

int analyze_db(const char *db_path, struct analyze_opts *ao, int quiet)
{
	struct analyze_stats as;
	struct store *st = store_open(db_path, 0);
	int rc;

	if (!st || store_map_reads(st) < 0) {
		store_close(st);
		return EXIT_FATAL;
	}
	rc = analyze_run(store_db(st), ao, &as);
	store_close(st);
	if (rc < 0)
		return EXIT_FATAL;
	if (!quiet)
		fprintf(stderr, "pmortem: analyzed %lld series (%lld samples): %lld "
			"events; %d rules: %lld findings, %lld cause -> effect links\n",
			(long long)as.series, (long long)as.samples,
			(long long)as.events, as.rules, (long long)as.findings,
			(long long)as.links);
	return rc ? EXIT_PARTIAL : EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "rules", required_argument, NULL, 'r' },
		{ "detect-config", required_argument, NULL, 'c' },
		{ "window", required_argument, NULL, 'w' },
		{ "explain", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct analyze_opts ao = { NULL, NULL, INT64_MIN, INT64_MAX };
	const char *explain_rule = NULL;
	int c, code = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ao.rules_dir = optarg;
			break;
		case 'c':
			ao.detect_config = optarg;
			break;
		case 'w':
			if (cli_parse_window(optarg, &ao.from_us, &ao.to_us) < 0)
				return cli_usage_error(&cmd_analyze, "cannot parse "
						       "window '%s' (want FROM..TO)", optarg);
			break;
		case 'e':
			explain_rule = optarg;
			break;
		default:
			if (cli_common(&cmd_analyze, c, optarg, &code) <= 0)
				return code;
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_analyze, "no arguments expected");
	if (explain_rule)
		return explain(explain_rule, &ao);
	return cli_finish_stdout(analyze_db(cli_db_path(), &ao, 0));
}
