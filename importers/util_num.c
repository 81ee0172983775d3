/*
 * util_num.c - bounded tokens and exact number parsing.
 *
 * Parsers walk a line with a cursor and never copy it (curl strparse);
 * numbers are parsed from a span, not a NUL-terminated string, with the
 * locale's decimal separator given explicitly (sar under de_DE writes
 * "0,17").  num_parse() is exact: up to 19 significant digits are gathered
 * in an integer and scaled by one correctly-rounded power of ten, which is
 * what strtod() gives for every value sar, sadf and /proc print, at a
 * fraction of its cost and without its locale dependence.
 */
#include <math.h>
#include <string.h>

#include "util.h"

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

int span_token(const char *s, size_t len, size_t *pos, struct span *tok)
{
	size_t i = *pos;

	while (i < len && is_space(s[i]))
		i++;
	if (i >= len) {
		*pos = len;
		return 0;
	}
	tok->p = s + i;
	while (i < len && !is_space(s[i]))
		i++;
	tok->n = (size_t)(s + i - tok->p);
	*pos = i;
	return 1;
}

size_t span_split(const char *s, size_t len, struct span *toks, size_t max,
		  int *more)
{
	size_t pos = 0, n = 0;
	struct span t;

	if (more)
		*more = 0;
	while (span_token(s, len, &pos, &t)) {
		if (n == max) {
			if (more)
				*more = 1;
			break;
		}
		toks[n++] = t;
	}
	return n;
}

int span_eq(struct span t, const char *lit)
{
	size_t n = strlen(lit);

	return t.n == n && memcmp(t.p, lit, n) == 0;
}

int span_starts(struct span t, const char *lit)
{
	size_t n = strlen(lit);

	return t.n >= n && memcmp(t.p, lit, n) == 0;
}

void span_copy(struct span t, char *dst, size_t cap)
{
	size_t n = t.n < cap - 1 ? t.n : cap - 1;

	memcpy(dst, t.p, n);
	dst[n] = '\0';
}

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

int num_parse(const char *s, size_t n, char dec, double *out)
{
	size_t i = 0;
	int neg = 0, digits = 0, sig = 0;
	int exp10 = 0;      /* decimal exponent of the integer mantissa */
	uint64_t mant = 0;
	double v;

	if (n == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (sig < 19) {
			if (mant || s[i] != '0') {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				sig++;
			}
		} else {
			exp10++;
		}
	}
	if (i < n && (s[i] == '.' || (dec && s[i] == dec))) {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			if (sig < 19) {
				if (mant || s[i] != '0')
					sig++;
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
		}
	}
	if (digits == 0)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int eneg = 0, e = 0, ed = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ed++)
			if (e < 10000)
				e = e * 10 + (s[i] - '0');
		if (ed == 0)
			return -1;
		exp10 += eneg ? -e : e;
	}
	if (i != n)
		return -1;
	if (mant == 0) {
		v = 0.0;
	} else if (mant < (1ULL << 53) && exp10 >= -22 && exp10 <= 22) {
		v = (double)mant;
		v = exp10 < 0 ? v / pow10_tab[-exp10] : v * pow10_tab[exp10];
	} else {
		/* rare: long mantissas or large exponents */
		v = (double)mant * pow(10.0, exp10);
	}
	*out = neg ? -v : v;
	return 0;
}

int num_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d > 9)
			return -1;
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int num_parse_i64(const char *s, size_t n, int64_t *out)
{
	uint64_t v;
	int neg = 0;

	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (num_parse_u64(s, n, &v) < 0)
		return -1;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > INT64_MAX)
			return -1;
		*out = (int64_t)v;
	}
	return 0;
}

int num_parse_hex(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}
