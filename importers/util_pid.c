/*
 * util_pid.c - pid, snapshot key and time of a per-process /proc file
 * (see util_pid.h for the rules and why).
 */
#include <stdio.h>
#include <string.h>

#include "util_pid.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* cnt digits at s[at..]: the value, or -1 */
static int digits_at(const char *s, size_t n, size_t at, size_t cnt)
{
	int v = 0;

	if (at + cnt > n)
		return -1;
	for (size_t i = 0; i < cnt; i++) {
		if (!is_digit(s[at + i]))
			return -1;
		v = v * 10 + (s[at + i] - '0');
	}
	return v;
}

/* Combine a civil time with a zone: off_s is the zone's offset east of UTC
 * when has_zone, else the time is local in tz. */
static int64_t civil_us(struct tzconv *tz, int y, int mo, int d, int h, int mi,
			int sec, int64_t us, int has_zone, int off_s)
{
	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 60)
		return TS_UNKNOWN;
	if (has_zone)
		return utc_us(y, mo, d, h, mi, sec, us) - (int64_t)off_s * 1000000;
	return tzconv_local_us(tz, y, mo, d, h, mi, sec, us);
}

/* A zone at s[*at]: Z, +hh:mm, +hhmm, +hh.  Returns 1 and *off_s, else 0. */
static int zone_at(const char *s, size_t n, size_t *at, int *off_s)
{
	size_t i = *at;
	int hh, mm = 0, sign;

	if (i < n && s[i] == 'Z') {
		*off_s = 0;
		*at = i + 1;
		return 1;
	}
	if (i >= n || (s[i] != '+' && s[i] != '-'))
		return 0;
	sign = s[i] == '-' ? -1 : 1;
	if ((hh = digits_at(s, n, i + 1, 2)) < 0)
		return 0;
	i += 3;
	if (i < n && s[i] == ':' && digits_at(s, n, i + 1, 2) >= 0) {
		mm = digits_at(s, n, i + 1, 2);
		i += 3;
	} else if (digits_at(s, n, i, 2) >= 0) {
		mm = digits_at(s, n, i, 2);
		i += 2;
	}
	if (hh > 14 || mm > 59)
		return 0;
	*off_s = sign * (hh * 3600 + mm * 60);
	*at = i;
	return 1;
}

/* Fraction ".ffffff" at s[*at] into microseconds (more digits dropped). */
static int64_t frac_at(const char *s, size_t n, size_t *at)
{
	int64_t us = 0, scale = 100000;
	size_t i = *at;

	if (i + 1 >= n || (s[i] != '.' && s[i] != ',') || !is_digit(s[i + 1]))
		return 0;
	for (i++; i < n && is_digit(s[i]); i++) {
		us += scale * (s[i] - '0');
		scale /= 10;
	}
	*at = i;
	return us;
}

/* ISO-like date and time at s[at]: YYYY-MM-DD[T _]HH:MM:SS[.f][zone] or,
 * in names, YYYY-MM-DD_HH-MM-SS and YYYYMMDD[T-_]HHMMSS[Z].  Returns the
 * end offset (0 when none) and the time. */
static size_t iso_at(const char *s, size_t n, size_t at, struct tzconv *tz,
		     int64_t *ts_us)
{
	int y, mo, d, h, mi, sec, off = 0, zoned;
	size_t i;
	int64_t us = 0;

	if ((y = digits_at(s, n, at, 4)) < 0)
		return 0;
	if (at + 4 < n && s[at + 4] == '-') {
		if ((mo = digits_at(s, n, at + 5, 2)) < 0 || at + 7 >= n ||
		    s[at + 7] != '-' || (d = digits_at(s, n, at + 8, 2)) < 0)
			return 0;
		i = at + 10;
		if (i >= n || (s[i] != 'T' && s[i] != ' ' && s[i] != '_'))
			return 0;
		if ((h = digits_at(s, n, i + 1, 2)) < 0 || i + 3 >= n)
			return 0;
		char sep = s[i + 3];

		if ((sep != ':' && sep != '-' && sep != '.') ||
		    (mi = digits_at(s, n, i + 4, 2)) < 0 || i + 6 >= n ||
		    s[i + 6] != sep || (sec = digits_at(s, n, i + 7, 2)) < 0)
			return 0;
		i += 9;
		if (sep == ':')
			us = frac_at(s, n, &i);
	} else {
		if ((mo = digits_at(s, n, at + 4, 2)) < 0 ||
		    (d = digits_at(s, n, at + 6, 2)) < 0)
			return 0;
		i = at + 8;
		if (i < n && (s[i] == 'T' || s[i] == '-' || s[i] == '_'))
			i++;
		if ((h = digits_at(s, n, i, 2)) < 0 ||
		    (mi = digits_at(s, n, i + 2, 2)) < 0 ||
		    (sec = digits_at(s, n, i + 4, 2)) < 0)
			return 0;
		i += 6;
	}
	if (i < n && is_digit(s[i]))
		return 0;
	zoned = zone_at(s, n, &i, &off);
	*ts_us = civil_us(tz, y, mo, d, h, mi, sec, us, zoned, off);
	return *ts_us == TS_UNKNOWN ? 0 : i;
}

/* Epoch seconds with exactly 10 digits (2001..2286), optional fraction. */
static size_t epoch_at(const char *s, size_t n, size_t at, int64_t *ts_us)
{
	int64_t v = 0;
	size_t i = at;

	for (; i < n && is_digit(s[i]); i++)
		if (i - at < 11)
			v = v * 10 + (s[i] - '0');
	if (i - at != 10 || v < 1000000000)
		return 0;
	*ts_us = v * 1000000 + frac_at(s, n, &i);
	return i;
}

int pid_name_time(const char *s, size_t n, struct tzconv *tz, int64_t *ts_us)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
			continue;
		if (iso_at(s, n, i, tz, ts_us))
			return 1;
		if ((i == 0 || is_sep(s[i - 1]) || s[i - 1] == '@') &&
		    epoch_at(s, n, i, ts_us)) {
			size_t e = i + 10;

			while (e < n && (is_digit(s[e]) || s[e] == '.'))
				e++;
			if (e == n || is_sep(s[e]) || s[e] == '/')
				return 1;
		}
	}
	return 0;
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* `date` output: "Sun Nov 22 10:35:12 UTC 2026" (zone optional). */
static size_t date_at(const char *s, size_t n, size_t at, struct tzconv *tz,
		      int64_t *ts_us)
{
	size_t i = at + 4, zs, ze, k;
	int mo = -1, d, h, mi, sec, y, utc = 0;
	int64_t frac;

	if (at + 24 > n || s[at + 3] != ' ')
		return 0;
	for (int m = 0; m < 12; m++)
		if (!memcmp(s + i, months[m], 3))
			mo = m + 1;
	if (mo < 0 || s[i + 3] != ' ')
		return 0;
	i += 4;
	if (s[i] == ' ')
		i++;
	if ((d = digits_at(s, n, i, 2)) < 0 && (d = digits_at(s, n, i, 1)) < 0)
		return 0;
	i += d >= 10 || is_digit(s[i + 1]) ? 2 : 1;
	if (i >= n || s[i] != ' ' ||
	    !(k = parse_hms(s + i + 1, n - i - 1, &h, &mi, &sec, &frac)))
		return 0;
	i += 1 + k;
	if (i >= n || s[i] != ' ')
		return 0;
	i++;
	zs = i;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	ze = i;
	if (ze > zs) {
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
		utc = (ze - zs == 3 && (!memcmp(s + zs, "UTC", 3) ||
					!memcmp(s + zs, "GMT", 3))) ||
		      (ze - zs == 1 && s[zs] == 'Z');
	}
	if ((y = digits_at(s, n, i, 4)) < 0)
		return 0;
	*ts_us = civil_us(tz, y, mo, d, h, mi, sec, frac, utc, 0);
	return *ts_us == TS_UNKNOWN ? 0 : i + 4;
}

static int is_deco(char c)
{
	return c == ' ' || c == '\t' || c == '=' || c == '#' || c == '[' ||
	       c == ']' || c == '-' || c == '*' || c == '>' || c == '<';
}

enum pid_ts pid_line_time(const char *s, size_t n, struct tzconv *tz,
			  int64_t *ts_us, size_t *body)
{
	size_t q = 0, e;

	while (q < n && is_deco(s[q]))
		q++;
	if (q >= n)
		return PID_TS_NONE;
	if (!(e = iso_at(s, n, q, tz, ts_us)) &&
	    !(e = epoch_at(s, n, q, ts_us)) &&
	    !(e = date_at(s, n, q, tz, ts_us)))
		return PID_TS_NONE;
	if (e < n && s[e] != ' ' && s[e] != '\t' && !is_deco(s[e]))
		return PID_TS_NONE;
	size_t r = e;

	while (r < n && is_deco(s[r]))
		r++;
	if (r == n)
		return PID_TS_LINE;
	if (q != 0 || (s[e] != ' ' && s[e] != '\t'))
		return PID_TS_NONE;
	for (r = e; r < n && (s[r] == ' ' || s[r] == '\t'); r++)
		;
	*body = r;
	return PID_TS_PREFIX;
}

void pid_tz_init(const struct input *in, struct tzconv *tz)
{
	const char *name = NULL;

	if (in->opts && in->opts->tz)
		name = in->opts->tz;
	else if (in->hints && in->hints->tz[0])
		name = in->hints->tz;
	tzconv_init(tz, name);
}

/* digits run of 1..7 at s[at], followed by end or a non-digit: its value */
static int64_t pid_run(const char *s, size_t n, size_t at, size_t *len)
{
	size_t i = at;
	int64_t v = 0;

	while (i < n && is_digit(s[i]) && i - at < 8)
		v = v * 10 + (s[i++] - '0');
	if (i == at || i - at > 7 || (i < n && is_digit(s[i])))
		return -1;
	*len = i - at;
	return v;
}

void pid_where(const struct input *in, const char *kind, struct pid_where *w)
{
	const char *path = in->path ? in->path : "";
	size_t n = strlen(path), cut = n, klen = strlen(kind), len;
	struct tzconv tz;
	int64_t v;

	memset(w, 0, sizeof(*w));
	w->pid = -1;
	w->ts_us = TS_UNKNOWN;
	while (cut > 0 && path[cut - 1] != '/' && path[cut - 1] != '!')
		cut--;
	if (cut > 0) {
		size_t dl = cut - 1 < sizeof(w->dir) - 1 ? cut - 1 : sizeof(w->dir) - 1;

		memcpy(w->dir, path, dl);
		w->dir[dl] = '\0';
	}
	span_copy((struct span){ path + cut, n - cut }, w->base, sizeof(w->base));

	/* the pid: a numeric directory, else glued to the kind in the name */
	size_t dn = strlen(w->dir), ds = dn;

	while (ds > 0 && w->dir[ds - 1] != '/' && w->dir[ds - 1] != '!')
		ds--;
	if (dn > ds && (v = pid_run(w->dir, dn, ds, &len)) >= 0 && ds + len == dn)
		w->pid = v;
	else {
		const char *b = w->base;
		size_t bn = strlen(b);

		if (bn > klen + 1 && !memcmp(b, kind, klen) && is_sep(b[klen]) &&
		    (v = pid_run(b, bn, klen + 1, &len)) >= 0 &&
		    (klen + 1 + len == bn || is_sep(b[klen + 1 + len])))
			w->pid = v;
		else if ((v = pid_run(b, bn, 0, &len)) >= 0 && len < bn &&
			 is_sep(b[len]) && bn - len - 1 >= klen &&
			 !memcmp(b + len + 1, kind, klen))
			w->pid = v;
	}

	/* the time */
	pid_tz_init(in, &tz);
	if (pid_name_time(w->base, strlen(w->base), &tz, &w->ts_us)) {
		w->time_origin = "file name";
		w->name_time = 1;
		return;
	}
	for (size_t end = dn; end > 0;) {
		size_t st = end;

		while (st > 0 && w->dir[st - 1] != '/' && w->dir[st - 1] != '!')
			st--;
		if (pid_name_time(w->dir + st, end - st, &tz, &w->ts_us)) {
			w->time_origin = "path";
			return;
		}
		end = st > 0 ? st - 1 : 0;
	}
	if (in->mtime_us != TS_UNKNOWN) {
		w->ts_us = in->mtime_us;
		w->time_origin = "mtime";
	} else if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		w->ts_us = in->hints->capture_us;
		w->time_origin = "capture time";
	}
}

void pid_snapshot_key(const char *dir, int64_t pid, int64_t own_ts,
		      char *key, size_t cap, char *capture, size_t capture_cap)
{
	size_t n = strlen(dir), st = n;
	char num[24];
	int cut;

	while (st > 0 && dir[st - 1] != '/' && dir[st - 1] != '!')
		st--;
	snprintf(num, sizeof(num), "%lld", (long long)pid);
	cut = pid >= 0 && n - st == strlen(num) && !memcmp(dir + st, num, n - st);
	if (own_ts != TS_UNKNOWN) {
		snprintf(key, cap, "%s@%lld", dir, (long long)own_ts);
		snprintf(capture, capture_cap, "%.*s@%lld",
			 (int)(cut ? (st ? st - 1 : 0) : n), dir, (long long)own_ts);
	} else {
		snprintf(key, cap, "%s", dir);
		snprintf(capture, capture_cap, "%.*s",
			 (int)(cut ? (st ? st - 1 : 0) : n), dir);
	}
}
