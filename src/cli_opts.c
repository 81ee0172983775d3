/*
 * cli_opts.c - parse the shared import options; see cli_opts.h.
 */
#include <string.h>

#include "cli_opts.h"
#include "util.h"

void cli_import_opts_init(struct walk_opts *wo)
{
	wo->iopts.date_us = TS_UNKNOWN;
	wo->iopts.boot_time_us = TS_UNKNOWN;
}

int cli_parse_when(const char *s, int64_t *us)
{
	int y, m, d, h, mi, sec;
	int64_t frac;
	size_t n = strlen(s);

	if (n >= 10 && parse_date(s, 10, 0, &y, &m, &d) == 0) {
		if (n == 10) {
			*us = utc_us(y, m, d, 0, 0, 0, 0);
			return 0;
		}
		if ((s[10] == ' ' || s[10] == 'T') &&
		    parse_hms(s + 11, n - 11, &h, &mi, &sec, &frac) == n - 11) {
			*us = utc_us(y, m, d, h, mi, sec, frac);
			return 0;
		}
		return -1;
	}
	double v;
	if (num_parse(s, n, 0, &v) == 0 && v >= 0 && v < 1e11) {
		*us = (int64_t)(v * 1e6);
		return 0;
	}
	return -1;
}

int cli_import_opt(const struct command *cmd, int opt, const char *arg,
		   struct walk_opts *wo, int *code)
{
	int y, m, d;
	uint64_t base;

	switch (opt) {
	case OPT_FORMAT:
		if (!importer_find(arg)) {
			*code = cli_usage_error(cmd, "unknown format '%s' (see "
						"'pmortem formats')", arg);
			return -1;
		}
		wo->format = arg;
		return 1;
	case OPT_TZ:
		wo->iopts.tz = arg;
		return 1;
	case OPT_DATE:
		if (parse_date(arg, strlen(arg), 0, &y, &m, &d) < 0) {
			*code = cli_usage_error(cmd, "cannot parse date '%s' "
						"(want YYYY-MM-DD)", arg);
			return -1;
		}
		wo->iopts.date_us = utc_us(y, m, d, 0, 0, 0, 0);
		return 1;
	case OPT_BOOT:
		if (cli_parse_when(arg, &wo->iopts.boot_time_us) < 0) {
			*code = cli_usage_error(cmd, "cannot parse boot time '%s' "
						"(want YYYY-MM-DDTHH:MM:SS or epoch "
						"seconds)", arg);
			return -1;
		}
		return 1;
	case OPT_BASE:
		if (num_parse_hex(arg, strlen(arg), &base) < 0) {
			*code = cli_usage_error(cmd, "cannot parse address '%s'", arg);
			return -1;
		}
		wo->iopts.base_addr = base;
		wo->iopts.has_base = 1;
		return 1;
	case OPT_SYSROOT:
		wo->iopts.sysroot = arg;
		return 1;
	case OPT_NO_UNWIND:
		wo->iopts.no_unwind = 1;
		return 1;
	}
	return 0;
}

int cli_parse_window(const char *s, int64_t *from_us, int64_t *to_us)
{
	const char *dots = strstr(s, "..");
	char buf[64];

	*from_us = INT64_MIN;
	*to_us = INT64_MAX;
	if (!dots || (size_t)(dots - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(dots - s));
	buf[dots - s] = '\0';
	if (buf[0] && cli_parse_when(buf, from_us) < 0)
		return -1;
	if (dots[2] && cli_parse_when(dots + 2, to_us) < 0)
		return -1;
	return *from_us <= *to_us ? 0 : -1;
}
