/*
 * cmd_formats.c - `pmortem formats`: every importer, one line each, in
 * importer_table order.
 */
#include <stdio.h>

#include "command.h"
#include "importer.h"
#include "tabout.h"

static const char usage_text[] =
"usage: pmortem formats [--format table|csv|json]\n"
"\n"
"List the input formats pmortem recognizes: the name (the value of\n"
"'import --format' and of source.format in the database), the importer's\n"
"version and what it reads.\n";

static int run(int argc, char **argv);

const struct command cmd_formats = {
	.name = "formats",
	.summary = "list the input formats pmortem reads",
	.usage = usage_text,
	.run = run,
};

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { "name", "version", "summary" };
	enum tab_format fmt = tab_format_default();
	struct tabout t;
	int c, code = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'f') {
			if (tab_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_formats, "unknown format '%s'",
						       optarg);
			continue;
		}
		if (cli_common(&cmd_formats, c, optarg, &code) <= 0)
			return code;
	}
	if (optind != argc)
		return cli_usage_error(&cmd_formats, "no arguments expected");
	tab_init(&t, stdout, fmt, 3, names);
	for (size_t i = 0; importer_table[i]; i++) {
		const struct importer *imp = importer_table[i];
		struct tab_cell cells[3] = { tab_text(imp->name), tab_int(imp->version),
					     tab_text(imp->summary) };

		tab_row(&t, cells);
	}
	tab_finish(&t);
	return cli_finish_stdout(code);
}
