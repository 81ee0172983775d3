/*
 * command.h - the subcommand table.
 *
 * Every subcommand is one src/cmd_NAME.c exporting one
 * `const struct command cmd_NAME`, and one line in command_table[] in
 * src/main.c: `grep command_table` shows them all.  To add one:
 *   1. src/cmd_NAME.c with its usage text, getopt_long options and run()
 *   2. its line in command_table[] (src/main.c)
 *   3. tests/e2e/NAME.sh
 *   4. docs/pmortem.1 and the README tour
 * run() gets argv with argv[0] = the subcommand name and returns an exit
 * code: EXIT_OK, EXIT_PARTIAL, EXIT_FATAL or EXIT_USAGE.
 */
#ifndef PMORTEM_COMMAND_H
#define PMORTEM_COMMAND_H

#include <getopt.h>

enum {
	EXIT_OK = 0,         /* done */
	EXIT_PARTIAL = 1,    /* finished, but a source was rejected or partial */
	EXIT_FATAL = 2,      /* could not do the job */
	EXIT_USAGE = 64,     /* bad command line */
};

struct command {
	const char *name;
	const char *summary;     /* one line for `pmortem --help` */
	const char *usage;       /* full --help text */
	int (*run)(int argc, char **argv);
};

extern const struct command *const command_table[];

/* Options every subcommand takes; use CLI_COMMON_OPTS in the long option
 * array and cli_common() in the getopt switch's default branch. */
#define OPT_DB 1000
#define OPT_HELP 'h'
#define CLI_COMMON_OPTS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "help", no_argument, NULL, OPT_HELP }

/* Handle a common option: 1 handled, 0 not common (usage error printed and
 * *exit_code set to EXIT_USAGE), -1 --help printed (*exit_code EXIT_OK). */
int cli_common(const struct command *cmd, int opt, const char *arg, int *exit_code);
/* The database path: --db, else $PMORTEM_DB, else ./pmortem.db. */
const char *cli_db_path(void);
/* Print a usage error for cmd and return EXIT_USAGE. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The steps `pmortem run` composes, each exported by its own command's
 * file (cmd_import.c, cmd_analyze.c, cmd_report.c); exit codes. */
struct walk_opts;
struct analyze_opts;
struct report_opts;
int import_paths(struct walk_opts *wo, char **paths, int npaths);
int analyze_db(const char *db_path, struct analyze_opts *ao, int quiet);
int report_db(const char *db_path, const char *format, const char *out_path,
	      struct report_opts *ro);

/* Flush stdout and check it: a full disk is an error, not a short report. */
int cli_finish_stdout(int code);

#endif
