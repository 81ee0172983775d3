/*
 * util_time.c - civil time without libc's global state.
 *
 * Inputs write local wall-clock times (sar text, dmesg -T, tcpdump) and the
 * store keeps UTC microseconds.  UTC conversions are pure arithmetic
 * (Howard Hinnant's days_from_civil); a named zone goes through mktime()
 * with TZ set, cached per hour so a day of 1-second samples costs 24 calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "importer.h"
#include "util.h"

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

int date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int64_t utc_us(int y, int mo, int d, int h, int mi, int s, int64_t us)
{
	int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);

	return ((days * 86400 + h * 3600 + mi * 60 + s) * 1000000) + us;
}

void tzconv_init(struct tzconv *tc, const char *name)
{
	memset(tc, 0, sizeof(*tc));
	if (name && strcmp(name, "UTC") && strcmp(name, "GMT") &&
	    strcmp(name, "UTC0") && strcmp(name, ":UTC") && strcmp(name, "Etc/UTC"))
		snprintf(tc->name, sizeof(tc->name), "%s", name);
	for (int i = 0; i < 8; i++)
		tc->cache_key[i] = INT64_MIN;
}

/* Offset (local - UTC, seconds) in force at local y-m-d h:00 in tc's zone. */
static int64_t zone_offset(const struct tzconv *tc, int y, int mo, int d, int h)
{
	char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	struct tm tm = { 0 };
	time_t t;

	setenv("TZ", tc->name, 1);
	tzset();
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
	if (t == (time_t)-1)
		return 0;
	/* local wall time as if UTC, minus the real instant */
	return (days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600) -
	       (int64_t)t;
}

int64_t tzconv_local_us(struct tzconv *tc, int y, int mo, int d, int h, int mi,
			int s, int64_t us)
{
	int64_t key, off = 0;
	int i;

	if (!date_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    s < 0 || s > 60)
		return TS_UNKNOWN;
	if (tc->name[0]) {
		key = days_from_civil(y, (unsigned)mo, (unsigned)d) * 24 + h;
		for (i = 0; i < 8; i++)
			if (tc->cache_key[i] == key)
				break;
		if (i == 8) {
			i = (int)(tc->next++ % 8);
			tc->cache_key[i] = key;
			tc->cache_off[i] = zone_offset(tc, y, mo, d, h);
		}
		off = tc->cache_off[i];
	}
	return utc_us(y, mo, d, h, mi, s, us) - off * 1000000;
}

static int digits(const char *t, size_t n, size_t at, size_t cnt, int *out)
{
	int v = 0;

	if (at + cnt > n)
		return -1;
	for (size_t i = at; i < at + cnt; i++) {
		if (t[i] < '0' || t[i] > '9')
			return -1;
		v = v * 10 + (t[i] - '0');
	}
	*out = v;
	return 0;
}

size_t parse_hms(const char *t, size_t n, int *h, int *mi, int *s, int64_t *us)
{
	size_t i;

	if (n < 8 || t[2] != ':' || t[5] != ':' || digits(t, n, 0, 2, h) ||
	    digits(t, n, 3, 2, mi) || digits(t, n, 6, 2, s))
		return 0;
	if (*h > 23 || *mi > 59 || *s > 60)
		return 0;
	*us = 0;
	i = 8;
	if (i < n && (t[i] == '.' || t[i] == ',')) {
		int64_t frac = 0, scale = 1000000;
		size_t j = i + 1;

		for (; j < n && t[j] >= '0' && t[j] <= '9'; j++) {
			if (scale > 1) {
				scale /= 10;
				frac += (t[j] - '0') * scale;
			}
		}
		if (j == i + 1)
			return i;
		*us = frac;
		i = j;
	}
	return i;
}

int parse_date(const char *t, size_t n, int dmy_slash, int *y, int *m, int *d)
{
	int a, b, c;

	/* YYYY-MM-DD or YYYY/MM/DD */
	if (n == 10 && (t[4] == '-' || t[4] == '/') && t[7] == t[4] &&
	    !digits(t, n, 0, 4, &a) && !digits(t, n, 5, 2, &b) &&
	    !digits(t, n, 8, 2, &c)) {
		*y = a, *m = b, *d = c;
		return date_valid(a, b, c) ? 0 : -1;
	}
	/* DD.MM.YYYY (de), also DD.MM.YY */
	if ((n == 10 || n == 8) && t[2] == '.' && t[5] == '.' &&
	    !digits(t, n, 0, 2, &a) && !digits(t, n, 3, 2, &b) &&
	    !digits(t, n, 6, n - 6, &c)) {
		*y = n == 8 ? 2000 + c : c, *m = b, *d = a;
		return date_valid(*y, *m, *d) ? 0 : -1;
	}
	/* MM/DD/YY, MM/DD/YYYY, DD/MM/YYYY */
	if ((n == 10 || n == 8) && t[2] == '/' && t[5] == '/' &&
	    !digits(t, n, 0, 2, &a) && !digits(t, n, 3, 2, &b) &&
	    !digits(t, n, 6, n - 6, &c)) {
		int yy = n == 8 ? (c < 70 ? 2000 + c : 1900 + c) : c;
		int mdy = date_valid(yy, a, b), dmy = date_valid(yy, b, a);

		if (mdy && (!dmy || !dmy_slash)) {
			*y = yy, *m = a, *d = b;
			return 0;
		}
		if (dmy) {
			*y = yy, *m = b, *d = a;
			return 0;
		}
		return -1;
	}
	return -1;
}

void fmt_ts(int64_t ts_us, char *buf, size_t cap)
{
	int64_t sec = ts_us >= 0 ? ts_us / 1000000 : -((-ts_us + 999999) / 1000000);
	int64_t us = ts_us - sec * 1000000;
	int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
	int64_t rem = sec - days * 86400;
	int y;
	unsigned m, d;

	if (ts_us == TS_UNKNOWN) {
		snprintf(buf, cap, "?");
		return;
	}
	civil_from_days(days, &y, &m, &d);
	if (us)
		snprintf(buf, cap, "%04d-%02u-%02u %02d:%02d:%02d.%06d", y, m, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
			 (int)us);
	else
		snprintf(buf, cap, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}
