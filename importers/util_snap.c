/*
 * util_snap.c - snapshots of /proc files in time: timestamps in every
 * spelling people log them, times in file names, and the bounded window
 * that groups lines into snapshots and hands them over in time order.
 * The rules are in util_snap.h; this file is their implementation.
 *
 * Each line is read once: its timestamp (if any) is parsed (a prefix equal
 * to the previous line's is not parsed again: a `sed` loop stamps 200
 * lines with the same text), its key hashed, and its body copied into the
 * open snapshot it belongs to.  A snapshot's lines are handed to the
 * importer when it leaves the window, so the importer always sees whole
 * snapshots, each once, with their time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

/* ------------------------------------------------------------------ */
/* Timestamps.                                                          */

static const char *const month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};
static const char *const wday_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A three-letter name from list at s[i..] followed by a non-letter. */
static int name3(const char *s, size_t n, size_t i, const char *const *list,
		 int count)
{
	if (i + 3 > n || (i + 3 < n && is_alpha(s[i + 3])))
		return -1;
	for (int k = 0; k < count; k++)
		if (lower(s[i]) == list[k][0] && lower(s[i + 1]) == list[k][1] &&
		    lower(s[i + 2]) == list[k][2])
			return k;
	return -1;
}

/* Digits at s[i..]: count (up to max) and value. */
static size_t digits_at(const char *s, size_t n, size_t i, size_t max,
			int64_t *v)
{
	size_t k = 0;

	*v = 0;
	while (i + k < n && k < max && is_digit(s[i + k])) {
		if (*v <= (INT64_MAX - 9) / 10)
			*v = *v * 10 + (s[i + k] - '0');
		else
			*v = INT64_MAX;                 /* saturate: out of range */
		k++;
	}
	return k;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* Zone abbreviations with one meaning the world over, used only when no
 * zone is configured (with --tz the configured zone is trusted). */
static const struct {
	const char *name;
	int off_min;
} zone_abbrevs[] = {
	{ "CET", 60 }, { "CEST", 120 }, { "EET", 120 }, { "EEST", 180 },
	{ "WET", 0 }, { "WEST", 60 }, { "EST", -300 }, { "EDT", -240 },
	{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 }, { "PST", -480 },
	{ "PDT", -420 }, { "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
	{ "JST", 540 }, { "KST", 540 }, { "AEST", 600 }, { "AEDT", 660 },
	{ "NZST", 720 }, { "NZDT", 780 }, { "MSK", 180 },
};

enum zone_kind { ZONE_NONE, ZONE_FIXED, ZONE_ABBREV };

struct zone {
	enum zone_kind kind;
	int off_min;             /* ZONE_FIXED: local - UTC */
	char abbrev[8];          /* ZONE_ABBREV */
};

/* A numeric or Z/UTC/GMT zone at s[i..]: chars used, 0 when none.  With
 * `words`, any 2..5 capital letters are a zone abbreviation too. */
static size_t zone_at(const char *s, size_t n, size_t i, int words,
		      struct zone *z)
{
	size_t k = i;
	int64_t hh, mm = 0;

	if (k < n && (s[k] == '+' || s[k] == '-')) {
		int sign = s[k] == '-' ? -1 : 1;
		size_t d = digits_at(s, n, k + 1, 4, &hh);

		if (d == 4) {
			mm = hh % 100;
			hh /= 100;
			k += 5;
		} else if (d == 2) {
			k += 3;
			if (k < n && s[k] == ':') {
				if (digits_at(s, n, k + 1, 2, &mm) != 2)
					return 0;
				k += 3;
			}
		} else {
			return 0;
		}
		if (hh > 14 || mm > 59 || (k < n && is_digit(s[k])))
			return 0;
		z->kind = ZONE_FIXED;
		z->off_min = sign * (int)(hh * 60 + mm);
		return k - i;
	}
	if (k < n && s[k] == 'Z' && (k + 1 == n || !is_alpha(s[k + 1]))) {
		z->kind = ZONE_FIXED;
		z->off_min = 0;
		return 1;
	}
	while (k < n && s[k] >= 'A' && s[k] <= 'Z')
		k++;
	if (k < n && (is_alpha(s[k]) || is_digit(s[k])))
		return 0;
	if ((k - i == 3 && (!memcmp(s + i, "UTC", 3) || !memcmp(s + i, "GMT", 3))) ||
	    (k - i == 2 && !memcmp(s + i, "UT", 2))) {
		z->kind = ZONE_FIXED;
		z->off_min = 0;
		/* "UTC+1" style offsets are rare in logs: not taken */
		return k - i;
	}
	if (words && k - i >= 2 && k - i <= 5) {
		z->kind = ZONE_ABBREV;
		memcpy(z->abbrev, s + i, k - i);
		z->abbrev[k - i] = '\0';
		return k - i;
	}
	return 0;
}

/* UTC microseconds of a civil time with its zone; TS_UNKNOWN when the
 * date is impossible. */
static int64_t civil_us(struct snap_clock *ck, int y, int mo, int d, int h,
			int mi, int s, int64_t us, const struct zone *z)
{
	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || s > 60)
		return TS_UNKNOWN;
	if (z->kind == ZONE_FIXED)
		return utc_us(y, mo, d, h, mi, s, us) - (int64_t)z->off_min * 60000000;
	if (z->kind == ZONE_ABBREV && !ck->tz_given) {
		for (size_t k = 0; k < sizeof(zone_abbrevs) / sizeof(zone_abbrevs[0]); k++)
			if (!strcmp(zone_abbrevs[k].name, z->abbrev))
				return utc_us(y, mo, d, h, mi, s, us) -
				       (int64_t)zone_abbrevs[k].off_min * 60000000;
	}
	return tzconv_local_us(ck->tz, y, mo, d, h, mi, s, us);
}

/* "HH:MM:SS[.frac]" and an optional " AM"/" PM" at s[i..]. */
static size_t hms_at(const char *s, size_t n, size_t i, int *h, int *mi,
		     int *sec, int64_t *us)
{
	size_t k;

	if (i >= n)
		return 0;
	k = parse_hms(s + i, n - i, h, mi, sec, us);
	if (!k || (i + k < n && is_digit(s[i + k])))
		return 0;
	return k;
}

static size_t ampm_at(const char *s, size_t n, size_t i, int *h)
{
	size_t k = skip_blanks(s, n, i);

	if (k + 2 <= n && (k + 2 == n || !is_alpha(s[k + 2])) &&
	    (s[k] == 'A' || s[k] == 'P') && s[k + 1] == 'M') {
		if (*h < 1 || *h > 12)
			return 0;
		if (s[k] == 'A' && *h == 12)
			*h = 0;
		else if (s[k] == 'P' && *h < 12)
			*h += 12;
		return k + 2 - i;
	}
	return 0;
}

/* A year-less date (syslog): the year that puts it at most a week after
 * the reference. */
static int64_t yearless_us(struct snap_clock *ck, int mo, int d, int h, int mi,
			   int s, int64_t us)
{
	int y;
	unsigned rm, rd;
	struct zone z = { ZONE_NONE, 0, "" };
	int64_t t;

	if (ck->ref_us == TS_UNKNOWN)
		return TS_UNKNOWN;
	civil_from_days(ck->ref_us / 86400000000LL, &y, &rm, &rd);
	t = civil_us(ck, y, mo, d, h, mi, s, us, &z);
	if (t != TS_UNKNOWN && t > ck->ref_us + 7 * 86400000000LL)
		t = civil_us(ck, y - 1, mo, d, h, mi, s, us, &z);
	if (t == TS_UNKNOWN && mo == 2 && d == 29)       /* a leap day */
		for (int back = 1; back < 4 && t == TS_UNKNOWN; back++)
			t = civil_us(ck, y - back, mo, d, h, mi, s, us, &z);
	return t;
}

/* Does [s, s+n) hold a digit ':' digit (a time of day)? */
static int has_time_colon(const char *s, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == ':' && is_digit(s[i - 1]) && is_digit(s[i + 1]))
			return 1;
	return 0;
}

/* The warning for a line that starts like a time but is not one: `what`
 * and the words of the would-be time, up to the one holding the time of
 * day (or the first word alone when none does within 5 words). */
static void quote_bad(const char *s, size_t n, size_t from, char *why,
		      size_t cap, const char *what)
{
	size_t pos = from, end = from, first_end = 0;
	struct span t;
	int words = 0;

	while (words < 5 && span_token(s, n, &pos, &t)) {
		if (!words)
			first_end = (size_t)(t.p + t.n - s);
		words++;
		if (has_time_colon(t.p, t.n)) {
			end = (size_t)(t.p + t.n - s);
			break;
		}
	}
	if (end == from)
		end = first_end;
	if (end - from > 48)
		end = from + 48;
	snprintf(why, cap, "%s '%.*s'", what, (int)(end - from), s + from);
}

/* Separators after a time and before the body: blanks, and one of ':'
 * '|' ',' '-' when followed by a blank. */
static size_t body_at(const char *s, size_t n, size_t i)
{
	i = skip_blanks(s, n, i);
	if (i + 1 < n && (s[i] == ':' || s[i] == '|' || s[i] == ',' ||
			  s[i] == '-') && is_blank(s[i + 1]))
		i = skip_blanks(s, n, i + 1);
	return i;
}

/* Only decoration (=, -, #, *, ], >, blanks) left: a timestamp line. */
static int only_decoration(const char *s, size_t n, size_t i)
{
	for (; i < n; i++)
		if (!is_blank(s[i]) && !strchr("=-#*]>)", s[i]))
			return 0;
	return 1;
}

enum snap_ts_kind snap_parse_ts(const char *s, size_t n, struct snap_clock *ck,
				int64_t *ts_us, size_t *body, char *why,
				size_t why_cap)
{
	size_t i = 0, start, k;
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
	int64_t us = 0, v;
	struct zone z = { ZONE_NONE, 0, "" };
	int64_t t = TS_UNKNOWN;
	int year_less = 0;

	why[0] = '\0';
	/* decoration: "[", "(", or a run of = - # * and a blank */
	if (i < n && (s[i] == '[' || s[i] == '(' || s[i] == '<')) {
		i++;
	} else {
		size_t j = i;

		while (j < n && (s[j] == '=' || s[j] == '-' || s[j] == '#' ||
				 s[j] == '*'))
			j++;
		if (j > i && j < n && is_blank(s[j]))
			i = skip_blanks(s, n, j);
	}
	start = i;
	if (i >= n)
		return SNAP_TS_NONE;

	if (is_digit(s[i])) {
		size_t nd = digits_at(s, n, i, 20, &v);

		if (nd == 4 && i + 4 < n && (s[i + 4] == '-' || s[i + 4] == '/')) {
			/* ISO: YYYY-MM-DD[T _]HH:MM:SS[.frac][zone] */
			int64_t a, b;

			if (digits_at(s, n, i + 5, 3, &a) != 2 || i + 7 >= n ||
			    s[i + 7] != s[i + 4] ||
			    digits_at(s, n, i + 8, 3, &b) != 2) {
				quote_bad(s, n, start, why, why_cap,
					  "cannot parse timestamp");
				return SNAP_TS_BAD;
			}
			y = (int)v, mo = (int)a, d = (int)b;
			k = i + 10;
			if (k >= n || !(s[k] == 'T' || s[k] == ' ' || s[k] == '_') ||
			    !(v = (int64_t)hms_at(s, n, k + 1, &h, &mi, &sec, &us))) {
				quote_bad(s, n, start, why, why_cap,
					  "cannot parse timestamp");
				return SNAP_TS_BAD;
			}
			k += 1 + (size_t)v;
			/* zone: directly attached, or after one blank */
			if (zone_at(s, n, k, 0, &z))
				k += zone_at(s, n, k, 0, &z);
			else if (k < n && is_blank(s[k]) && zone_at(s, n, k + 1, 0, &z))
				k += 1 + zone_at(s, n, k + 1, 0, &z);
			i = k;
		} else if (nd == 8 && i + 15 <= n &&
			   (s[i + 8] == '-' || s[i + 8] == '_' || s[i + 8] == 'T') &&
			   digits_at(s, n, i + 9, 7, &us) == 6) {
			/* compact: YYYYMMDD-HHMMSS[Z] */
			y = (int)(v / 10000), mo = (int)(v / 100 % 100), d = (int)(v % 100);
			h = (int)(us / 10000), mi = (int)(us / 100 % 100), sec = (int)(us % 100);
			us = 0;
			i += 15;
			if (i < n && s[i] == 'Z') {
				z.kind = ZONE_FIXED;
				i++;
			}
		} else if (nd >= 9 && nd <= 10) {
			/* epoch seconds[.frac] */
			i += nd;
			if (i < n && s[i] == '.') {
				int64_t frac = 0, scale = 1000000;

				for (i++; i < n && is_digit(s[i]); i++)
					if (scale > 1) {
						scale /= 10;
						frac += (s[i] - '0') * scale;
					}
				us = frac;
			}
			if (i < n && !is_blank(s[i]) && !strchr("]):|,>", s[i])) {
				quote_bad(s, n, start, why, why_cap,
					  "cannot parse timestamp");
				return SNAP_TS_BAD;
			}
			if (v < 946684800 || v >= 4102444800LL) {
				quote_bad(s, n, start, why, why_cap,
					  "epoch time out of range");
				return SNAP_TS_BAD;
			}
			t = v * 1000000 + us;
			goto done;
		} else if (nd >= 1 && nd <= 2 && i + nd < n && s[i + nd] == ':' &&
			   (k = hms_at(s, n, i, &h, &mi, &sec, &us))) {
			/* `ts '%H:%M:%S'`: the day comes from --date; a time
			 * more than 12 h before the previous one is the next day */
			int64_t tod = (((int64_t)h * 60 + mi) * 60 + sec) * 1000000 + us;
			unsigned um, ud;

			if (ck->date_us == TS_UNKNOWN) {
				quote_bad(s, n, start, why, why_cap, "timestamp without a date");
				k = strlen(why);
				snprintf(why + k, why_cap - k, " (give --date)");
				return SNAP_TS_BAD;
			}
			if (ck->last_tod != TS_UNKNOWN && tod + 43200000000LL < ck->last_tod)
				ck->day_offset++;
			ck->last_tod = tod;
			civil_from_days(ck->date_us / 86400000000LL + ck->day_offset, &y, &um, &ud);
			mo = (int)um;
			d = (int)ud;
			k += i;
			if (zone_at(s, n, k, 0, &z))
				k += zone_at(s, n, k, 0, &z);
			else if (k < n && is_blank(s[k]) && zone_at(s, n, k + 1, 0, &z))
				k += 1 + zone_at(s, n, k + 1, 0, &z);
			i = k;
		} else if (nd > 10 && nd <= 20 && i + nd < n && s[i + nd] == '.') {
			quote_bad(s, n, start, why, why_cap, "epoch time out of range");
			return SNAP_TS_BAD;
		} else {
			return SNAP_TS_NONE;
		}
	} else if (is_alpha(s[i])) {
		int wd = name3(s, n, i, wday_names, 7);
		int mn = name3(s, n, i, month_names, 12);
		int64_t a;

		if (wd < 0 && mn < 0)
			return SNAP_TS_NONE;
		if (wd >= 0) {
			k = i + 3;
			if (k < n && s[k] == ',')
				k++;
			if (k >= n || !is_blank(s[k]))
				return SNAP_TS_NONE;
			k = skip_blanks(s, n, k);
			mn = name3(s, n, k, month_names, 12);
			if (mn >= 0) {
				/* C locale date: Sun Nov 22 10:35:12 [AM] [UTC] 2026 */
				k = skip_blanks(s, n, k + 3);
				if (digits_at(s, n, k, 3, &a) < 1 || a > 31)
					goto bad_words;
				d = (int)a;
				k = skip_blanks(s, n, k + (a > 9 ? 2 : 1));
				if (!(v = (int64_t)hms_at(s, n, k, &h, &mi, &sec, &us)))
					goto bad_words;
				k += (size_t)v;
				k += ampm_at(s, n, k, &h);
				v = (int64_t)skip_blanks(s, n, k);
				if (zone_at(s, n, (size_t)v, 1, &z))
					k = (size_t)v + zone_at(s, n, (size_t)v, 1, &z);
				k = skip_blanks(s, n, k);
				if (digits_at(s, n, k, 5, &a) != 4)
					goto bad_words;
				y = (int)a;
				mo = mn + 1;
				i = k + 4;
			} else {
				/* en_US / RFC 2822: Sun[,] 22 Nov 2026 10:35:12 [AM] zone */
				if (digits_at(s, n, k, 3, &a) < 1 || a > 31)
					goto bad_words;
				d = (int)a;
				k = skip_blanks(s, n, k + (a > 9 ? 2 : 1));
				mn = name3(s, n, k, month_names, 12);
				if (mn < 0)
					goto bad_words;
				k = skip_blanks(s, n, k + 3);
				if (digits_at(s, n, k, 5, &a) != 4)
					goto bad_words;
				y = (int)a;
				mo = mn + 1;
				k = skip_blanks(s, n, k + 4);
				if (!(v = (int64_t)hms_at(s, n, k, &h, &mi, &sec, &us)))
					goto bad_words;
				k += (size_t)v;
				k += ampm_at(s, n, k, &h);
				v = (int64_t)skip_blanks(s, n, k);
				if (zone_at(s, n, (size_t)v, 1, &z))
					k = (size_t)v + zone_at(s, n, (size_t)v, 1, &z);
				i = k;
			}
		} else {
			/* syslog: Nov 22 10:35:12[.frac] (no year) */
			k = i + 3;
			if (k >= n || !is_blank(s[k]))
				return SNAP_TS_NONE;
			k = skip_blanks(s, n, k);
			if (k >= n || !is_digit(s[k]))
				return SNAP_TS_NONE;
			if (digits_at(s, n, k, 3, &a) < 1 || a > 31)
				goto bad_words;
			d = (int)a;
			k = skip_blanks(s, n, k + (a > 9 ? 2 : 1));
			if (digits_at(s, n, k, 5, &v) == 4) {
				/* Nov 22 2026 10:35:12 */
				y = (int)v;
				k = skip_blanks(s, n, k + 4);
			} else {
				year_less = 1;
			}
			if (!(v = (int64_t)hms_at(s, n, k, &h, &mi, &sec, &us)))
				goto bad_words;
			mo = mn + 1;
			i = k + (size_t)v;
		}
	} else {
		return SNAP_TS_NONE;
	}

	if (year_less) {
		t = yearless_us(ck, mo, d, h, mi, sec, us);
		if (t == TS_UNKNOWN) {
			if (ck->ref_us == TS_UNKNOWN)
				quote_bad(s, n, start, why, why_cap,
					  "no year for timestamp");
			else
				quote_bad(s, n, start, why, why_cap,
					  "cannot parse timestamp");
			return SNAP_TS_BAD;
		}
	} else {
		t = civil_us(ck, y, mo, d, h, mi, sec, us, &z);
		if (t == TS_UNKNOWN) {
			quote_bad(s, n, start, why, why_cap, "cannot parse timestamp");
			return SNAP_TS_BAD;
		}
	}
done:
	if (i < n && s[i] == ']')
		i++;
	if (i < n && !is_blank(s[i]) && !strchr("]):|,>=-#*", s[i])) {
		quote_bad(s, n, start, why, why_cap, "cannot parse timestamp");
		return SNAP_TS_BAD;
	}
	*ts_us = t;
	if (only_decoration(s, n, i))
		return SNAP_TS_LINE;
	*body = body_at(s, n, i);
	return SNAP_TS_PREFIX;

bad_words:
	quote_bad(s, n, start, why, why_cap, "cannot parse timestamp");
	return SNAP_TS_BAD;
}

/* ------------------------------------------------------------------ */
/* Times in file names.                                                 */

static int name_time_at(const char *s, size_t n, size_t i, struct tzconv *tz,
			int64_t *ts_us)
{
	int64_t y, mo, d, h, mi, sec, v, us = 0;
	size_t k, nd = digits_at(s, n, i, 20, &v);
	int utc = 0;

	if (nd >= 9 && nd <= 10) {                     /* epoch */
		if (v < 946684800 || v >= 4102444800LL)
			return 0;
		*ts_us = v * 1000000;
		return 1;
	}
	if (nd == 14) {                                /* YYYYMMDDHHMMSS */
		y = v / 10000000000LL, mo = v / 100000000 % 100, d = v / 1000000 % 100;
		h = v / 10000 % 100, mi = v / 100 % 100, sec = v % 100;
		k = i + 14;
	} else if (nd == 8) {                          /* YYYYMMDD?HHMMSS */
		y = v / 10000, mo = v / 100 % 100, d = v % 100;
		k = i + 8;
		if (k >= n || !strchr("-_T.", s[k]))
			return 0;
		if (digits_at(s, n, k + 1, 7, &v) == 6) {
			h = v / 10000, mi = v / 100 % 100, sec = v % 100;
			k += 7;
		} else if (digits_at(s, n, k + 1, 5, &v) == 4) {
			h = v / 100, mi = v % 100, sec = 0;
			k += 5;
		} else {
			return 0;
		}
	} else if (nd == 4 && i + 4 < n && s[i + 4] == '-') {
		/* YYYY-MM-DD?HH?MM?SS with ? any of T _ - . : and blank */
		y = v;
		if (digits_at(s, n, i + 5, 3, &mo) != 2 || i + 7 >= n ||
		    s[i + 7] != '-' || digits_at(s, n, i + 8, 3, &d) != 2)
			return 0;
		k = i + 10;
		if (k >= n || !strchr("T_-. ", s[k]) ||
		    digits_at(s, n, k + 1, 3, &h) != 2)
			return 0;
		k += 3;
		if (k >= n || !strchr(":-.", s[k]) ||
		    digits_at(s, n, k + 1, 3, &mi) != 2)
			return 0;
		k += 3;
		if (k < n && strchr(":-.", s[k]) &&
		    digits_at(s, n, k + 1, 3, &sec) == 2)
			k += 3;
		else
			sec = 0;
	} else {
		return 0;
	}
	if (k < n && is_digit(s[k]))
		return 0;
	if ((k < n && s[k] == 'Z') || (k + 3 <= n && !memcmp(s + k, "UTC", 3)))
		utc = 1;
	if (!date_valid((int)y, (int)mo, (int)d) || h > 23 || mi > 59 || sec > 60)
		return 0;
	if (utc)
		*ts_us = utc_us((int)y, (int)mo, (int)d, (int)h, (int)mi, (int)sec, us);
	else
		*ts_us = tzconv_local_us(tz, (int)y, (int)mo, (int)d, (int)h,
					 (int)mi, (int)sec, us);
	return *ts_us != TS_UNKNOWN;
}

int snap_name_time(const char *name, struct tzconv *tz, int64_t *ts_us)
{
	size_t n = name ? strlen(name) : 0;

	for (size_t i = 0; i < n; i++) {
		if (!is_digit(name[i]) || (i > 0 && is_digit(name[i - 1])))
			continue;
		if (name_time_at(name, n, i, tz, ts_us))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Series handles.                                                      */

uint64_t snap_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

void snap_series_init(struct snap_series *c)
{
	memset(c, 0, sizeof(*c));
}

void snap_series_release(struct snap_series *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->tab[i].key);
	free(c->tab);
	memset(c, 0, sizeof(*c));
}

static void series_grow(struct snap_series *c)
{
	size_t ncap = c->cap ? c->cap * 2 : 256;
	struct snap_series_ent *nt = xcalloc(ncap, sizeof(*nt));

	for (size_t i = 0; i < c->cap; i++) {
		struct snap_series_ent *e = &c->tab[i];
		size_t j;

		if (!e->hash)
			continue;
		for (j = e->hash & (ncap - 1); nt[j].hash; j = (j + 1) & (ncap - 1))
			;
		nt[j] = *e;
	}
	free(c->tab);
	c->tab = nt;
	c->cap = ncap;
}

int64_t snap_series(struct snap_series *c, struct sink *out, struct diag *dg,
		    int64_t line, const char *metric, const char *instance,
		    const char *unit, const char *desc)
{
	size_t ml = strlen(metric), il = strlen(instance), kl = ml + 1 + il;
	char stack[512], *key = kl <= sizeof(stack) ? stack : xmalloc(kl);
	uint64_t h;
	size_t j;
	int64_t handle;

	memcpy(key, metric, ml + 1);
	memcpy(key + ml + 1, instance, il);
	h = snap_hash(key, kl);
	if (c->cap) {
		for (j = h & (c->cap - 1); c->tab[j].hash; j = (j + 1) & (c->cap - 1)) {
			struct snap_series_ent *e = &c->tab[j];

			if (e->hash == h && e->key_len == kl && !memcmp(e->key, key, kl)) {
				if (key != stack)
					free(key);
				return e->handle;
			}
		}
	}
	if (c->n >= SNAP_MAX_SERIES) {
		if (!c->full_warned++)
			diag_warn(dg, line, "more than %d series: '%s' and later ones skipped",
				  SNAP_MAX_SERIES, metric);
		if (key != stack)
			free(key);
		return 0;
	}
	handle = out->series(out, metric, instance, unit, desc);
	if (handle < 0) {
		if (key != stack)
			free(key);
		return -1;
	}
	if ((c->n + 1) * 2 > c->cap)
		series_grow(c);
	for (j = h & (c->cap - 1); c->tab[j].hash; j = (j + 1) & (c->cap - 1))
		;
	c->tab[j].hash = h;
	c->tab[j].handle = handle;
	c->tab[j].key = key == stack ? xstrndup(key, kl) : key;
	c->tab[j].key_len = kl;
	c->n++;
	return handle;
}

/* ------------------------------------------------------------------ */
/* Grouping lines into snapshots.                                        */

struct group {
	int used;
	int64_t ts;              /* TS_UNKNOWN: the untimed group */
	uint64_t seq;            /* creation order: ties in time keep it */
	int64_t first_line;
	uint64_t first_key;      /* hash of its first keyed line, 0 none */
	uint64_t last_key;       /* and of its last, 0 none */
	unsigned char *buf;      /* records: int64 line, uint32 len, bytes */
	size_t len, cap;
	size_t nlines;           /* records in buf */
	uint64_t *keys;          /* open addressing, 0 = empty */
	size_t nkeys, kcap;
	int overflow;
};

struct snapper {
	struct input *in;
	struct diag *dg;
	const struct snap_ops *ops;
	void *ctx;
	struct group win[SNAP_WINDOW];
	size_t nopen;
	size_t bytes;
	uint64_t seq;
	struct group *last;
	struct group untimed;
	int untimed_done;
	int64_t recent[SNAP_RECENT];
	size_t nrecent, recent_pos;
	size_t emitted, skipped_dup;
	size_t max_lines;        /* most lines of a snapshot handed over */
	uint64_t max_last_key;   /* that snapshot's last keyed line */
	int saw_prefix, saw_line;
	int64_t block_ts;        /* from the last timestamp line */
	int failed;
	struct tzconv tz;
	struct snap_clock ck;
	/* the previous line's prefix, parsed */
	char pfx[96];
	size_t pfx_len;
	int64_t pfx_ts;
};

static int group_has(const struct group *g, uint64_t h)
{
	if (!g->kcap)
		return 0;
	for (size_t j = h & (g->kcap - 1); g->keys[j]; j = (j + 1) & (g->kcap - 1))
		if (g->keys[j] == h)
			return 1;
	return 0;
}

static void group_add_key(struct group *g, uint64_t h)
{
	size_t j;

	if ((g->nkeys + 1) * 2 > g->kcap) {
		size_t ncap = g->kcap ? g->kcap * 2 : 64;
		uint64_t *nk = xcalloc(ncap, sizeof(*nk));

		for (size_t i = 0; i < g->kcap; i++) {
			if (!g->keys[i])
				continue;
			for (j = g->keys[i] & (ncap - 1); nk[j]; j = (j + 1) & (ncap - 1))
				;
			nk[j] = g->keys[i];
		}
		free(g->keys);
		g->keys = nk;
		g->kcap = ncap;
	}
	for (j = h & (g->kcap - 1); g->keys[j]; j = (j + 1) & (g->kcap - 1))
		;
	g->keys[j] = h;
	g->nkeys++;
}

static void group_reset(struct group *g)
{
	g->used = 0;
	g->len = 0;
	g->nlines = 0;
	g->overflow = 0;
	g->first_key = 0;
	g->last_key = 0;
	if (g->nkeys)
		memset(g->keys, 0, g->kcap * sizeof(*g->keys));
	g->nkeys = 0;
	/* give back big buffers: one huge snapshot must not pin memory */
	if (g->cap > (1u << 20)) {
		free(g->buf);
		g->buf = NULL;
		g->cap = 0;
	}
}

static void group_free(struct group *g)
{
	free(g->buf);
	free(g->keys);
}

static const char *ts_text(int64_t ts, char *buf, size_t cap)
{
	fmt_ts(ts, buf, cap);
	return buf;
}

/* Append a line; 0, or -1 when the group is full (warned once). */
static void group_append(struct snapper *sp, struct group *g, const char *s,
			 size_t n, int64_t line)
{
	size_t rec = sizeof(int64_t) + sizeof(uint32_t) + n;
	uint32_t n32 = (uint32_t)n;

	if (g->len + rec > SNAP_GROUP_BYTES) {
		if (!g->overflow++) {
			char tb[40];

			diag_warn(sp->dg, line,
				  "snapshot at '%s' larger than %u bytes: its lines from here skipped",
				  ts_text(g->ts, tb, sizeof(tb)), SNAP_GROUP_BYTES);
		}
		return;
	}
	g->buf = xgrow(g->buf, &g->cap, g->len + rec, 1);
	memcpy(g->buf + g->len, &line, sizeof(line));
	memcpy(g->buf + g->len + sizeof(line), &n32, sizeof(n32));
	memcpy(g->buf + g->len + sizeof(line) + sizeof(n32), s, n);
	g->len += rec;
	g->nlines++;
	if (g->ts != TS_UNKNOWN)
		sp->bytes += rec;
}

static int recent_has(const struct snapper *sp, int64_t ts)
{
	for (size_t i = 0; i < sp->nrecent; i++)
		if (sp->recent[i] == ts)
			return 1;
	return 0;
}

/* Hand a snapshot to the importer and free its slot. */
static void emit(struct snapper *sp, struct group *g, int64_t ts)
{
	size_t off = 0;

	if (!sp->failed && recent_has(sp, ts)) {
		char tb[40];

		diag_warn(sp->dg, g->first_line,
			  "snapshot at '%s' repeats the time of an earlier one: skipped",
			  ts_text(ts, tb, sizeof(tb)));
		sp->skipped_dup++;
	} else if (!sp->failed) {
		sp->recent[sp->recent_pos] = ts;
		sp->recent_pos = (sp->recent_pos + 1) % SNAP_RECENT;
		if (sp->nrecent < SNAP_RECENT)
			sp->nrecent++;
		sp->emitted++;
		if (sp->ops->begin(sp->ctx, ts, g->first_line) < 0)
			sp->failed = 1;
		while (!sp->failed && off < g->len) {
			int64_t line;
			uint32_t n;

			memcpy(&line, g->buf + off, sizeof(line));
			memcpy(&n, g->buf + off + sizeof(line), sizeof(n));
			off += sizeof(line) + sizeof(n);
			if (sp->ops->line(sp->ctx, (const char *)g->buf + off, n, line) < 0)
				sp->failed = 1;
			off += n;
		}
		if (!sp->failed && sp->ops->end(sp->ctx) < 0)
			sp->failed = 1;
		/* fewer lines than an earlier snapshot, and not its last
		 * one: cut in the middle (a capture killed, a log
		 * truncated); what it has is kept.  Ending as that one did,
		 * it lost lines inside, as a slab cache goes away with its
		 * module: nothing to say */
		if (!sp->failed && g->nlines < sp->max_lines &&
		    !(g->last_key && g->last_key == sp->max_last_key)) {
			char tb[40];

			diag_warn(sp->dg, g->first_line,
				  "snapshot at '%s' is incomplete: %zu lines, the one before %zu",
				  ts_text(ts, tb, sizeof(tb)), g->nlines, sp->max_lines);
		}
		if (g->nlines > sp->max_lines) {
			sp->max_lines = g->nlines;
			sp->max_last_key = g->last_key;
		}
	}
	if (g->ts != TS_UNKNOWN) {
		sp->bytes -= g->len;
		sp->nopen--;
	}
	if (sp->last == g)
		sp->last = NULL;
	group_reset(g);
}

/* The open snapshot earliest in time (ties: first created). */
static struct group *oldest(struct snapper *sp)
{
	struct group *best = NULL;

	for (size_t i = 0; i < SNAP_WINDOW; i++) {
		struct group *g = &sp->win[i];

		if (g->used && (!best || g->ts < best->ts ||
				(g->ts == best->ts && g->seq < best->seq)))
			best = g;
	}
	return best;
}

static struct group *open_group(struct snapper *sp, int64_t ts, int64_t line)
{
	struct group *g = NULL;

	while (sp->nopen >= SNAP_WINDOW || sp->bytes > SNAP_WINDOW_BYTES) {
		struct group *o = oldest(sp);

		if (!o)
			break;
		emit(sp, o, o->ts);
	}
	for (size_t i = 0; i < SNAP_WINDOW; i++)
		if (!sp->win[i].used) {
			g = &sp->win[i];
			break;
		}
	g->used = 1;
	g->ts = ts;
	g->seq = sp->seq++;
	g->first_line = line;
	sp->nopen++;
	return g;
}

/* Would a line with key h join g (of its exact time)? */
static int joins(const struct group *g, uint64_t h)
{
	return !h || g->first_key != h;
}

static void place(struct snapper *sp, int64_t ts, uint64_t h, const char *s,
		  size_t n, int64_t line)
{
	struct group *g = NULL, *last = sp->last;

	if (last && last->used && last->ts == ts && joins(last, h)) {
		g = last;
	} else {
		for (size_t i = 0; i < SNAP_WINDOW; i++) {
			struct group *c = &sp->win[i];

			if (c->used && c->ts == ts && joins(c, h) &&
			    (!g || c->seq > g->seq))
				g = c;
		}
	}
	/* `ts` stamps lines as they come: a snapshot may straddle a second */
	if (!g && last && last->used && last->ts < ts &&
	    ts - last->ts <= SNAP_CONT_US && !(h && group_has(last, h)))
		g = last;
	if (!g)
		g = open_group(sp, ts, line);
	if (h && group_has(g, h)) {
		diag_warn(sp->dg, line, "'%.*s' repeats within one snapshot: skipped",
			  (int)(n > 60 ? 60 : n), s);
		sp->last = g;
		return;
	}
	if (h) {
		if (!g->first_key)
			g->first_key = h;
		g->last_key = h;
		group_add_key(g, h);
	}
	group_append(sp, g, s, n, line);
	sp->last = g;
	while (sp->bytes > SNAP_WINDOW_BYTES && sp->nopen > 1) {
		struct group *o = oldest(sp);

		if (o == g)
			break;
		emit(sp, o, o->ts);
	}
}

static void place_untimed(struct snapper *sp, uint64_t h, const char *s,
			  size_t n, int64_t line)
{
	struct group *g = &sp->untimed;

	if (sp->untimed_done)
		return;
	if (!g->used) {
		g->used = 1;
		g->ts = TS_UNKNOWN;
		g->first_line = line;
	}
	if (h && h == g->first_key) {
		diag_warn(sp->dg, line,
			  "a second snapshot without a time starts here: the lines without a time from here skipped");
		sp->untimed_done = 1;
		return;
	}
	if (h && group_has(g, h)) {
		diag_warn(sp->dg, line, "'%.*s' repeats within one snapshot: skipped",
			  (int)(n > 60 ? 60 : n), s);
		return;
	}
	if (h) {
		if (!g->first_key)
			g->first_key = h;
		g->last_key = h;
		group_add_key(g, h);
	}
	group_append(sp, g, s, n, line);
}

/* The time of the untimed snapshot, and where it came from. */
static int64_t untimed_time(struct snapper *sp)
{
	struct input *in = sp->in;
	int64_t ts;

	if (snap_name_time(in->name, &sp->tz, &ts)) {
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "file name '%.100s'", in->name);
		return ts;
	}
	/* a capture directory: t1-20261122T134923Z/proc/meminfo (inside an
	 * archive, only the member's own directories count) */
	if (in->path) {
		const char *p = strrchr(in->path, '!');
		size_t end;

		p = p ? p + 1 : in->path;
		end = strlen(p);
		while (end > 0 && p[end - 1] != '/')
			end--;                          /* drop the file name */
		while (end > 1) {
			size_t e = end - 1, b = e;       /* p[e] is the '/' */
			char dir[256];

			while (b > 0 && p[b - 1] != '/')
				b--;
			if (e > b && e - b < sizeof(dir)) {
				memcpy(dir, p + b, e - b);
				dir[e - b] = '\0';
				if (snap_name_time(dir, &sp->tz, &ts)) {
					snprintf(in->time_origin, sizeof(in->time_origin),
						 "directory name '%.100s'", dir);
					return ts;
				}
			}
			end = b;
		}
	}
	if (in->mtime_us != TS_UNKNOWN) {
		snprintf(in->time_origin, sizeof(in->time_origin), "%s",
			 in->path && strchr(in->path, '!') ? "archive member mtime"
							   : "file mtime");
		return in->mtime_us;
	}
	if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "bundle capture time");
		return in->hints->capture_us;
	}
	return TS_UNKNOWN;
}

static void line_in(struct snapper *sp, const char *s, size_t n, int64_t line)
{
	enum snap_ts_kind kind;
	int64_t ts = TS_UNKNOWN;
	size_t body = 0, klen;
	const char *key = NULL;
	char why[128];

	/* the same prefix as the line before: the same time */
	if (sp->pfx_len && n > sp->pfx_len && !memcmp(s, sp->pfx, sp->pfx_len)) {
		kind = SNAP_TS_PREFIX;
		ts = sp->pfx_ts;
		body = skip_blanks(s, n, sp->pfx_len);
	} else {
		kind = snap_parse_ts(s, n, &sp->ck, &ts, &body, why, sizeof(why));
		sp->pfx_len = 0;
		if (kind == SNAP_TS_PREFIX && body <= sizeof(sp->pfx) && body > 0 &&
		    is_blank(s[body - 1])) {
			memcpy(sp->pfx, s, body);
			sp->pfx_len = body;
			sp->pfx_ts = ts;
		}
	}
	switch (kind) {
	case SNAP_TS_BAD:
		diag_warn(sp->dg, line, "%s", why);
		return;
	case SNAP_TS_LINE:
		sp->block_ts = ts;
		sp->saw_line = 1;
		return;
	case SNAP_TS_PREFIX:
		sp->saw_prefix = 1;
		break;
	case SNAP_TS_NONE:
		body = skip_blanks(s, n, 0);
		if (sp->saw_line)
			ts = sp->block_ts;
		else if (sp->saw_prefix && sp->last && sp->last->used)
			ts = sp->last->ts;
		break;
	}
	s += body;
	n -= body;
	while (n && is_blank(s[n - 1]))
		n--;
	if (!n)
		return;
	klen = sp->ops->key(s, n, &key);
	uint64_t h = klen ? snap_hash(key, klen) : 0;

	if (ts == TS_UNKNOWN)
		place_untimed(sp, h, s, n, line);
	else
		place(sp, ts, h, s, n, line);
}

int snap_import(struct input *in, struct diag *dg, const struct snap_ops *ops,
		void *ctx)
{
	struct snapper *sp = xcalloc(1, sizeof(*sp));
	struct lines lr;
	const char *line;
	size_t len;
	int r = 0, rc = IMPORT_OK;
	const char *tz = in->opts && in->opts->tz ? in->opts->tz
		       : in->hints && in->hints->tz[0] ? in->hints->tz : NULL;

	sp->in = in;
	sp->dg = dg;
	sp->ops = ops;
	sp->ctx = ctx;
	sp->block_ts = TS_UNKNOWN;
	tzconv_init(&sp->tz, tz);
	sp->ck.tz = &sp->tz;
	sp->ck.tz_given = tz != NULL;
	sp->ck.date_us = in->opts ? in->opts->date_us : TS_UNKNOWN;
	sp->ck.last_tod = TS_UNKNOWN;
	sp->ck.ref_us = in->mtime_us != TS_UNKNOWN ? in->mtime_us
		      : in->hints && in->hints->capture_us != TS_UNKNOWN
			      ? in->hints->capture_us
		      : in->opts && in->opts->date_us != TS_UNKNOWN
			      ? in->opts->date_us + 86400000000LL - 1
			      : TS_UNKNOWN;
	in->time_origin[0] = '\0';

	lines_init(&lr, in, dg, SNAP_LINE_MAX);
	while (!sp->failed && (r = lines_next(&lr, &line, &len)) == 1)
		line_in(sp, line, len, lr.lineno);
	if (r < 0)
		rc = IMPORT_FAIL;
	lines_release(&lr);

	while (!sp->failed) {
		struct group *o = oldest(sp);

		if (!o)
			break;
		emit(sp, o, o->ts);
	}
	if (sp->untimed.used && !sp->failed) {
		if (sp->saw_prefix || sp->saw_line) {
			diag_warn(dg, sp->untimed.first_line,
				  "lines without a time skipped (the first of them here)");
		} else {
			int64_t ts = untimed_time(sp);

			if (ts == TS_UNKNOWN)
				diag_error(dg, sp->untimed.first_line,
					   "no time for this snapshot: not in the file name, no mtime, no capture time");
			else
				emit(sp, &sp->untimed, ts);
		}
	}
	if (sp->saw_prefix && sp->saw_line)
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "timestamp prefixes and timestamp lines");
	else if (sp->saw_prefix)
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "timestamp prefix on every line");
	else if (sp->saw_line)
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "timestamp line before every block");
	if (sp->failed)
		rc = IMPORT_FAIL;
	else if (rc == IMPORT_OK && !sp->emitted) {
		if (!dg->nerror)
			diag_error(dg, 0, "no %s snapshot found", ops->what);
		rc = IMPORT_FAIL;
	}
	for (size_t i = 0; i < SNAP_WINDOW; i++)
		group_free(&sp->win[i]);
	group_free(&sp->untimed);
	free(sp);
	return rc;
}
