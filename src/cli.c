/*
 * cli.c - what every subcommand shares: --db and --help, usage errors,
 * and the final check of stdout (git's run_builtin: a full disk is an
 * error, not a silently short report).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"

static const char *db_option;

const char *cli_db_path(void)
{
	const char *env = getenv("PMORTEM_DB");

	if (db_option)
		return db_option;
	if (env && *env)
		return env;
	return "pmortem.db";
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pmortem %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'pmortem %s --help'.\n", cmd->name);
	return EXIT_USAGE;
}

int cli_common(const struct command *cmd, int opt, const char *arg, int *exit_code)
{
	switch (opt) {
	case OPT_DB:
		db_option = arg;
		return 1;
	case OPT_HELP:
		fputs(cmd->usage, stdout);
		*exit_code = cli_finish_stdout(EXIT_OK);
		return -1;
	default:
		/* getopt_long already said what was wrong */
		fprintf(stderr, "Try 'pmortem %s --help'.\n", cmd->name);
		*exit_code = EXIT_USAGE;
		return 0;
	}
}

int cli_finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "pmortem: cannot write output: %s\n",
				strerror(errno));
		return EXIT_FATAL;
	}
	return code;
}
