/*
 * cmd_import.c - `pmortem import PATH...`: add sources to the database.
 *
 * Each file or archive member is sniffed and imported in its own
 * transaction (walk.c); a source already in the database (same sha256) is
 * a no-op.  The exit code says whether everything went in whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "store.h"
#include "util.h"
#include "walk.h"
#include "cli_opts.h"

static const char usage_text[] =
"usage: pmortem import [OPTIONS] PATH...\n"
"\n"
"Import files, directories (recursively), tarballs (.tar, .tar.gz, .tar.xz,\n"
".tar.zst, .tar.bz2), single compressed files and sosreports (trees and\n"
"tarballs: their host and capture time go to every file) into the\n"
"database.  Each file is recognized by content (see 'pmortem formats'),\n"
"imported in one transaction, and skipped when its bytes were imported\n"
"before.\n"
"\n"
"Options:\n"
"  --db FILE          the database (default $PMORTEM_DB, else ./pmortem.db)\n"
"  --format NAME      read every file as NAME instead of recognizing it\n"
"  --tz ZONE          time zone of local-time inputs (sar text), e.g.\n"
"                     Europe/Berlin (default: the bundle's, else UTC)\n"
"  --date YYYY-MM-DD  the day of inputs that carry no date (sar fragments,\n"
"                     tcpdump without -tttt, strace -tt)\n"
"  --boot-time TIME   when the host booted (ISO date-time or epoch seconds),\n"
"                     to place raw dmesg times on the wall clock\n"
"  --base ADDR        base address of a raw memory dump (hex)\n"
"  --sysroot DIR      where to find the executables and libraries of cores\n"
"                     (used only when their build-ids match the core's)\n"
"  --no-unwind        cores: no backtraces (segments, threads, notes only)\n"
"  -v, --verbose      also list files that were skipped\n"
"  --no-progress      no progress bar even on a terminal\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 all imported, 1 something was partial or rejected,\n"
"2 fatal (the database), 64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_import = {
	.name = "import",
	.summary = "add files, directories and archives to the database",
	.usage = usage_text,
	.run = run,
};

/* Import paths into the database wo->db_path and print the one-line
 * summary; `pmortem run` uses it too.  Returns an exit code. */
int import_paths(struct walk_opts *wo, char **paths, int npaths)
{
	struct walk_stats ws;
	struct store *st = store_open(wo->db_path, 0);
	int code;

	if (!st)
		return EXIT_FATAL;
	code = walk_import(st, paths, npaths, wo, &ws);
	store_close(st);
	fprintf(stderr, "pmortem: %d sources: %d imported, %d partial, %d rejected, "
		"%d already imported, %d skipped; %lld rows\n", ws.sources,
		ws.imported, ws.partial, ws.rejected, ws.already, ws.skipped,
		(long long)ws.rows);
	return code;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		CLI_IMPORT_OPTS,
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-progress", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct walk_opts wo;
	int c, code = EXIT_OK, progress = isatty(STDERR_FILENO);

	memset(&wo, 0, sizeof(wo));
	cli_import_opts_init(&wo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		int r;

		if (c == 'v') {
			wo.verbose = 1;
			continue;
		}
		if (c == 'P') {
			progress = 0;
			continue;
		}
		r = cli_import_opt(&cmd_import, c, optarg, &wo, &code);
		if (r > 0)
			continue;
		if (r < 0)
			return code;
		if (cli_common(&cmd_import, c, optarg, &code) <= 0)
			return code;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_import, "no PATH given");
	wo.progress = progress;
	wo.db_path = cli_db_path();
	return cli_finish_stdout(import_paths(&wo, argv + optind, argc - optind));
}
