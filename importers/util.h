/*
 * util.h - small helpers every parser needs: allocation that cannot fail,
 * bounded tokenizing, exact number parsing, and civil-time arithmetic.
 *
 * They live in importers/ because importers may not include src/; src/
 * uses them too.  Nothing here allocates without a bound from the caller.
 */
#ifndef PMORTEM_UTIL_H
#define PMORTEM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* --- memory (util_mem.c): out of memory is fatal here, once ----------- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* n bytes at a multiple of align (a power of two, of pointer size) */
void *xmalloc_aligned(size_t align, size_t n);
void *xrealloc(void *p, size_t n);
/* Grow *p (of *cap elements of size sz) to hold at least need elements. */
void *xgrow(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
/* The n bytes at s, NUL-terminated: all n of them (a span), not strndup's
 * "at most n": s must hold n bytes. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- a byte span and a cursor over it (util_num.c) --------------------- */
struct span {
	const char *p;
	size_t n;
};

/* Next whitespace-separated token of [*pos, end): 1 and *tok set, or 0. */
int span_token(const char *s, size_t len, size_t *pos, struct span *tok);
/* Split into at most max tokens; returns the count (extra tokens ignored,
 * *more set to 1 when there were more). */
size_t span_split(const char *s, size_t len, struct span *toks, size_t max,
		  int *more);
int span_eq(struct span t, const char *lit);
int span_starts(struct span t, const char *lit);
/* Copy into dst (NUL-terminated, truncated to cap-1). */
void span_copy(struct span t, char *dst, size_t cap);

/* --- a pointer range [p, e): the text scanners' helpers ----------------
 * Inline: they sit on the per-line hot paths of the capture parsers. */
static inline int rng_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* First byte of [p, e) that is not a space or tab (e when none). */
static inline const char *rng_skip_blank(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether [p, e) starts / ends with lit. */
static inline int rng_starts(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - p) >= n && !memcmp(p, lit, n);
}

static inline int rng_ends(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - p) >= n && !memcmp(e - n, lit, n);
}

/* First lit in [p, e), or NULL (libc's memmem: a byte loop showed in perf). */
static inline const char *rng_find(const char *p, const char *e,
				   const char *lit)
{
	if (p >= e)
		return *lit ? NULL : p;
	return memmem(p, (size_t)(e - p), lit, strlen(lit));
}

/* --- numbers (util_num.c) ---------------------------------------------- */
/* Parse a decimal number, all of [s, s+n): optional sign, digits, one
 * decimal separator ('.' or `dec` when dec != 0, e.g. ','), digits, an
 * optional exponent.  Exact (correctly rounded) for up to 19 significant
 * digits.  Returns 0, or -1 when the text is not a number. */
int num_parse(const char *s, size_t n, char dec, double *out);
/* A non-negative or negative integer, all of [s, s+n), no overflow:
 * returns 0 or -1. */
int num_parse_i64(const char *s, size_t n, int64_t *out);
int num_parse_u64(const char *s, size_t n, uint64_t *out);
/* Hexadecimal without or with 0x, all of [s, s+n). */
int num_parse_hex(const char *s, size_t n, uint64_t *out);

/* --- time (util_time.c) ------------------------------------------------ */
/* Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* 1 when y-m-d is a real calendar date. */
int date_valid(int y, int m, int d);
/* UTC microseconds of a civil time read in UTC. */
int64_t utc_us(int y, int mo, int d, int h, int mi, int s, int64_t us);

/* Local time -> UTC for a named zone ("Europe/Berlin", "UTC", NULL = UTC).
 * Conversions are cached per hour, so a whole day costs 24 lookups. */
struct tzconv {
	char name[64];           /* "" = UTC */
	int64_t cache_key[8];    /* days*24+hour */
	int64_t cache_off[8];    /* seconds to subtract */
	unsigned next;
};
void tzconv_init(struct tzconv *tc, const char *name);
/* Returns TS_UNKNOWN on an impossible date. */
int64_t tzconv_local_us(struct tzconv *tc, int y, int mo, int d, int h, int mi,
			int s, int64_t us);

/* Parse "HH:MM:SS" (optionally ".ffffff") at the start of t: returns chars
 * used (0 when not a time) and the fields. */
size_t parse_hms(const char *t, size_t n, int *h, int *mi, int *s, int64_t *us);
/* Parse a date in any %x form sar writes or ISO (YYYY-MM-DD, MM/DD/YY,
 * MM/DD/YYYY, DD.MM.YYYY, DD/MM/YYYY, YYYY/MM/DD): returns 0 and y/m/d, or
 * -1.  `dmy_slash` picks DD/MM/YYYY over MM/DD/YYYY when both are valid
 * (the caller knows the locale from other clues); otherwise MM/DD wins. */
int parse_date(const char *t, size_t n, int dmy_slash, int *y, int *m, int *d);
/* A timestamp as ISO text "YYYY-MM-DD HH:MM:SS[.ffffff]" UTC into buf. */
void fmt_ts(int64_t ts_us, char *buf, size_t cap);

#endif
