/*
 * cmd_rules.c - `pmortem rules`: the rules analyze runs, with their
 * severity, title, meaning and advice.
 */
#include <stdio.h>

#include "command.h"
#include "engine.h"
#include "tabout.h"

static const char usage_text[] =
"usage: pmortem rules [--rules DIR] [--format table|csv|json]\n"
"\n"
"List the rules 'pmortem analyze' runs: the shipped ones and, with\n"
"--rules DIR, the user's (DIR/NAME.sql).  docs/RULES.md explains how to\n"
"write one.\n";

static int run(int argc, char **argv);

const struct command cmd_rules = {
	.name = "rules",
	.summary = "list the analysis rules",
	.usage = usage_text,
	.run = run,
};

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "rules", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { "name", "severity", "title", "origin",
					     "means", "advice" };
	enum tab_format fmt = tab_format_default();
	const char *dir = NULL;
	struct rule_set rs;
	struct tabout t;
	int c, code = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'r') {
			dir = optarg;
		} else if (c == 'f') {
			if (tab_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_rules, "unknown format '%s'", optarg);
		} else if (cli_common(&cmd_rules, c, optarg, &code) <= 0) {
			return code;
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_rules, "no arguments expected");
	if (rules_load(&rs, dir) < 0)
		code = EXIT_PARTIAL;
	tab_init(&t, stdout, fmt, fmt == TAB_TABLE ? 4 : 6, names);
	for (size_t i = 0; i < rs.n; i++) {
		const struct rule *r = &rs.rules[i];
		struct tab_cell cells[6] = { tab_text(r->name), tab_text(r->severity),
					     tab_text(r->title), tab_text(r->origin),
					     tab_text(r->means), tab_text(r->advice) };

		tab_row(&t, cells);
	}
	tab_finish(&t);
	rules_release(&rs);
	return cli_finish_stdout(code);
}
