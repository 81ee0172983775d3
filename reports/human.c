/*
 * human.c - human units; see human.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "human.h"

static void num3(double v, char *buf, size_t cap)
{
	double a = fabs(v);

	if (a == floor(a) && a < 1e15)
		snprintf(buf, cap, "%.0f", v);
	else if (a >= 100)
		snprintf(buf, cap, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, cap, "%.1f", v);
	else
		snprintf(buf, cap, "%.2f", v);
}

static void scaled(double v, const char *const *units, double step, const char *suffix,
		   char *buf, size_t cap)
{
	int i = 0;
	char n[32];

	while (fabs(v) >= step && units[i + 1]) {
		v /= step;
		i++;
	}
	num3(v, n, sizeof(n));
	snprintf(buf, cap, "%s %s%s", n, units[i], suffix);
}

void human_duration(double s, char *buf, size_t cap)
{
	double a = fabs(s);
	char n[32];

	if (a == 0) {
		snprintf(buf, cap, "0 s");
	} else if (a < 1e-3) {
		num3(s * 1e6, n, sizeof(n));
		snprintf(buf, cap, "%s us", n);
	} else if (a < 1) {
		num3(s * 1e3, n, sizeof(n));
		snprintf(buf, cap, "%s ms", n);
	} else if (a < 60) {
		num3(s, n, sizeof(n));
		snprintf(buf, cap, "%s s", n);
	} else if (a < 3600) {
		snprintf(buf, cap, "%d min %d s", (int)(a / 60), (int)fmod(a, 60));
	} else {
		snprintf(buf, cap, "%d h %d min", (int)(a / 3600), (int)fmod(a / 60, 60));
	}
}

void human_value(double v, const char *unit, char *buf, size_t cap)
{
	static const char *const bin[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", NULL };
	static const char *const dec[] = { "", "k", "M", "G", "T", NULL };
	char n[32];

	if (!isfinite(v)) {
		snprintf(buf, cap, "?");
	} else if (!strcmp(unit, "bytes")) {
		scaled(v, bin, 1024, "", buf, cap);
	} else if (!strcmp(unit, "bytes_per_s")) {
		scaled(v, bin, 1024, "/s", buf, cap);
	} else if (!strcmp(unit, "pct")) {
		num3(v, n, sizeof(n));
		snprintf(buf, cap, "%s%%", n);
	} else if (!strcmp(unit, "per_s")) {
		/* "634/s", "5.09k/s": a rate reads as one word */
		scaled(v, dec, 1000, "/s", buf, cap);
		char *sp = strchr(buf, ' ');
		if (sp)
			memmove(sp, sp + 1, strlen(sp));
	} else if (!strcmp(unit, "s")) {
		human_duration(v, buf, cap);
	} else {
		scaled(v, dec, 1000, "", buf, cap);
		size_t l = strlen(buf);
		if (l && buf[l - 1] == ' ')
			buf[l - 1] = '\0';
	}
}
