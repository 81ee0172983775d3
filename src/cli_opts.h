/*
 * cli_opts.h - the import options (--format, --tz, --date, --boot-time,
 * --base, --sysroot, --no-unwind) that `import`, `run`, `smem` and
 * `strings` share.
 */
#ifndef PMORTEM_CLI_OPTS_H
#define PMORTEM_CLI_OPTS_H

#include "command.h"
#include "walk.h"

#define OPT_FORMAT 1100
#define OPT_TZ 1101
#define OPT_DATE 1102
#define OPT_BOOT 1103
#define OPT_BASE 1104
#define OPT_SYSROOT 1105
#define OPT_NO_UNWIND 1106

#define CLI_IMPORT_OPTS \
	{ "format", required_argument, NULL, OPT_FORMAT }, \
	{ "tz", required_argument, NULL, OPT_TZ }, \
	{ "date", required_argument, NULL, OPT_DATE }, \
	{ "boot-time", required_argument, NULL, OPT_BOOT }, \
	{ "base", required_argument, NULL, OPT_BASE }, \
	{ "sysroot", required_argument, NULL, OPT_SYSROOT }, \
	{ "no-unwind", no_argument, NULL, OPT_NO_UNWIND }

void cli_import_opts_init(struct walk_opts *wo);
/* 1 handled, 0 not an import option, -1 bad value (usage printed, *code). */
int cli_import_opt(const struct command *cmd, int opt, const char *arg,
		   struct walk_opts *wo, int *code);

/* "YYYY-MM-DD", "YYYY-MM-DD[ T]HH:MM:SS[.ffffff]" (UTC) or epoch seconds:
 * 0 and *us set, or -1. */
int cli_parse_when(const char *s, int64_t *us);
/* "FROM..TO" with either side optional: 0, or -1. */
int cli_parse_window(const char *s, int64_t *from_us, int64_t *to_us);

#endif
