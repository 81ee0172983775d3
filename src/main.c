/*
 * main.c - pmortem's entry point and its subcommand table.
 *
 * `pmortem NAME ARGS...` runs command_table's NAME (one src/cmd_NAME.c
 * each, see command.h); `pmortem --help` lists them.  Exit codes: 0 ok,
 * 1 finished but partial, 2 fatal, 64 usage (docs/pmortem.1).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "command.h"

extern const struct command cmd_run, cmd_import, cmd_analyze, cmd_report,
	cmd_query, cmd_strings, cmd_rules, cmd_smem, cmd_formats;

const struct command *const command_table[] = {
	&cmd_run,
	&cmd_import,
	&cmd_analyze,
	&cmd_report,
	&cmd_query,
	&cmd_strings,
	&cmd_rules,
	&cmd_smem,
	&cmd_formats,
	NULL
};

static void usage(FILE *f)
{
	fputs("usage: pmortem COMMAND [OPTIONS] [ARGS]\n\n"
	      "pmortem turns an incident bundle (sar logs, /proc snapshots,\n"
	      "smaps, cores, heap dumps, tcpdump/strace/dmesg text) into one\n"
	      "SQLite database, correlates it, and reports cause and effect.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; command_table[i]; i++)
		fprintf(f, "  %-10s %s\n", command_table[i]->name,
			command_table[i]->summary);
	fputs("\nThe database is --db FILE, else $PMORTEM_DB, else ./pmortem.db;\n"
	      "its schema is documented in docs/SCHEMA.md (src/schema.sql).\n"
	      "'pmortem COMMAND --help' describes a command.  Exit codes: 0 ok,\n"
	      "1 finished but partial, 2 fatal error, 64 usage error.\n", f);
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[1], "--version")) {
		puts("pmortem 0.1");
		return cli_finish_stdout(EXIT_OK);
	}
	for (size_t i = 0; command_table[i]; i++)
		if (!strcmp(argv[1], command_table[i]->name))
			return command_table[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "pmortem: '%s' is not a command; see 'pmortem --help'\n",
		argv[1]);
	return EXIT_USAGE;
}
