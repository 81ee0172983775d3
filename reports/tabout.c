/*
 * tabout.c - table, CSV and JSON output of rows; see tabout.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tabout.h"
#include "util.h"

int tab_format_parse(const char *s, enum tab_format *fmt)
{
	if (!strcmp(s, "table"))
		*fmt = TAB_TABLE;
	else if (!strcmp(s, "csv"))
		*fmt = TAB_CSV;
	else if (!strcmp(s, "json"))
		*fmt = TAB_JSON;
	else
		return -1;
	return 0;
}

enum tab_format tab_format_default(void)
{
	return isatty(STDOUT_FILENO) ? TAB_TABLE : TAB_CSV;
}

struct tab_cell tab_text(const char *s)
{
	return tab_textn(s, s ? strlen(s) : 0);
}

struct tab_cell tab_textn(const char *s, size_t n)
{
	struct tab_cell c = { 0 };

	c.text = s;
	c.len = n;
	return c;
}

struct tab_cell tab_null(void)
{
	struct tab_cell c = { 0 };

	return c;
}

struct tab_cell tab_int(long long v)
{
	struct tab_cell c = { 0 };

	c.len = (size_t)snprintf(c.buf, sizeof(c.buf), "%lld", v);
	c.inline_buf = 1;
	c.numeric = 1;
	c.text = c.buf;
	return c;
}

struct tab_cell tab_real(double v, int prec)
{
	struct tab_cell c = { 0 };

	if (!isfinite(v))
		return tab_null();
	if (v == floor(v) && fabs(v) < 1e15) {
		c.len = (size_t)snprintf(c.buf, sizeof(c.buf), "%.0f", v);
	} else {
		c.len = (size_t)snprintf(c.buf, sizeof(c.buf), "%.*f", prec, v);
		while (c.len > 1 && c.buf[c.len - 1] == '0')
			c.buf[--c.len] = '\0';
		if (c.buf[c.len - 1] == '.')
			c.buf[--c.len] = '\0';
	}
	c.inline_buf = 1;
	c.numeric = 1;
	c.text = c.buf;
	return c;
}

void tab_init(struct tabout *t, FILE *out, enum tab_format fmt, size_t ncols,
	      const char *const *names)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->fmt = fmt;
	t->ncols = ncols;
	t->names = xcalloc(ncols ? ncols : 1, sizeof(char *));
	t->width = xcalloc(ncols ? ncols : 1, sizeof(size_t));
	for (size_t i = 0; i < ncols; i++) {
		t->names[i] = xstrdup(names[i] ? names[i] : "");
		t->width[i] = strlen(t->names[i]);
	}
}

/* Length of a valid UTF-8 sequence at p (of n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t k;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		k = 2, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		k = 3, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		k = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

/* The next printable unit of s (n bytes left): its bytes in *k, its
 * display width returned (4 for \xNN, 2 for a doubled backslash). */
static size_t safe_unit(const unsigned char *p, size_t n, size_t *k)
{
	size_t u = utf8_len(p, n);

	if (u == 0 || (u == 1 && (p[0] < 0x20 || p[0] == 0x7f)) ||
	    (u == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
		*k = 1;
		return 4;
	}
	*k = u;
	return u == 1 && p[0] == '\\' ? 2 : 1;
}

/* Write text for a terminal: control bytes and bad UTF-8 as \xNN.
 * Returns the display width (one per code point); f NULL only measures. */
static size_t put_safe(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		size_t k, uw = safe_unit(p + i, n - i, &k);

		if (f && uw == 4)
			fprintf(f, "\\x%02x", p[i]);
		else if (f && uw == 2)
			fputs("\\\\", f);
		else if (f)
			fwrite(p + i, 1, k, f);
		w += uw;
		i += k;
	}
	return w;
}

size_t tab_width(const char *s, size_t n)
{
	return put_safe(NULL, s, n);
}

#define ELLIPSIS "\xe2\x80\xa6"  /* U+2026, one column */

/* put_safe within `width` columns: a wider text loses its start (when it
 * holds a '/': a path keeps its file name) or its end, marked with an
 * ellipsis.  Returns the width written. */
size_t tab_put_fit(FILE *f, const char *s, size_t n, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = tab_width(s, n), i = 0, k, uw;

	if (w <= width)
		return put_safe(f, s, n);
	if (width == 0)
		return 0;
	if (memchr(s, '/', n)) {
		/* drop units from the start until the rest fits after the ellipsis */
		while (i < n && w > width - 1) {
			w -= safe_unit(p + i, n - i, &k);
			i += k;
		}
		fputs(ELLIPSIS, f);
		return 1 + put_safe(f, s + i, n - i);
	}
	for (w = 0; i < n; i += k) {
		uw = safe_unit(p + i, n - i, &k);
		if (w + uw > width - 1)
			break;
		w += uw;
	}
	put_safe(f, s, i);
	fputs(ELLIPSIS, f);
	return w + 1;
}

void tab_set_max_width(struct tabout *t, size_t columns)
{
	t->max_width = columns;
}

/* Narrow the widest text columns until a line fits in max_width; a
 * column keeps at least 8 columns (or its name's width if less). */
static void fit_columns(struct tabout *t, const int *numeric)
{
	size_t total = 0;

	if (!t->max_width || !t->ncols)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		total += t->width[i] + (i + 1 < t->ncols ? 2 : 0);
	while (total > t->max_width) {
		size_t best = t->ncols;

		for (size_t i = 0; i < t->ncols; i++)
			if (!numeric[i] && t->width[i] > 8 &&
			    (best == t->ncols || t->width[i] > t->width[best]))
				best = i;
		if (best == t->ncols)
			break;
		t->width[best]--;
		total--;
	}
}

static void csv_field(FILE *f, const char *s, size_t n)
{
	int quote = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') {
			quote = 1;
			break;
		}
	if (!quote) {
		fwrite(s, 1, n, f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

void tab_json_string(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(p + i, n - i);

		if (k == 0) {
			/* not UTF-8: keep the byte visible, JSON stays valid */
			fprintf(f, "\\\\x%02x", p[i]);
			i++;
		} else if (k > 1) {
			fwrite(p + i, 1, k, f);
			i += k;
		} else {
			unsigned char c = p[i++];

			if (c == '"' || c == '\\')
				fprintf(f, "\\%c", c);
			else if (c == '\n')
				fputs("\\n", f);
			else if (c == '\t')
				fputs("\\t", f);
			else if (c == '\r')
				fputs("\\r", f);
			else if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else if (c == '<' || c == '>' || c == '&')
				fprintf(f, "\\u%04x", c);  /* safe inside <script> */
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void header(struct tabout *t)
{
	if (t->header_done)
		return;
	t->header_done = 1;
	if (t->fmt == TAB_CSV) {
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				fputc(',', t->out);
			csv_field(t->out, t->names[i], strlen(t->names[i]));
		}
		fputc('\n', t->out);
	} else if (t->fmt == TAB_JSON) {
		fputc('[', t->out);
	} else {
		if (t->max_width) {
			int *num = xcalloc(t->ncols ? t->ncols : 1, sizeof(int));

			/* a column is numeric when every buffered cell is */
			for (size_t i = 0; i < t->ncols; i++) {
				num[i] = t->nrows > 0;
				for (size_t r = 0; r < t->nrows; r++)
					if (t->rows[r * t->ncols + i].text &&
					    !t->rows[r * t->ncols + i].numeric)
						num[i] = 0;
			}
			fit_columns(t, num);
			free(num);
		}
		for (size_t i = 0; i < t->ncols; i++) {
			size_t w = t->max_width
				? tab_put_fit(t->out, t->names[i], strlen(t->names[i]), t->width[i])
				: put_safe(t->out, t->names[i], strlen(t->names[i]));

			if (i + 1 < t->ncols)
				fprintf(t->out, "%*s", (int)(t->width[i] - w + 2), "");
		}
		fputc('\n', t->out);
	}
}

static void emit(struct tabout *t, const char *const *text, const size_t *len,
		 const int *numeric)
{
	FILE *f = t->out;

	header(t);
	if (t->fmt == TAB_CSV) {
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				fputc(',', f);
			if (text[i])
				csv_field(f, text[i], len[i]);
		}
		fputc('\n', f);
	} else if (t->fmt == TAB_JSON) {
		fputs(t->emitted ? ",\n{" : "\n{", f);
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				fputc(',', f);
			tab_json_string(f, t->names[i], strlen(t->names[i]));
			fputc(':', f);
			if (!text[i])
				fputs("null", f);
			else if (numeric[i])
				fwrite(text[i], 1, len[i], f);
			else
				tab_json_string(f, text[i], len[i]);
		}
		fputc('}', f);
	} else {
		for (size_t i = 0; i < t->ncols; i++) {
			size_t w = text[i] ? tab_width(text[i], len[i]) : 0;
			size_t pad;

			if (t->max_width && w > t->width[i])
				w = t->width[i];
			pad = t->width[i] > w ? t->width[i] - w : 0;
			if (numeric[i] && text[i])
				fprintf(f, "%*s", (int)pad, "");
			if (text[i] && t->max_width)
				tab_put_fit(f, text[i], len[i], t->width[i]);
			else if (text[i])
				put_safe(f, text[i], len[i]);
			if (i + 1 < t->ncols)
				fprintf(f, "%*s", (int)((numeric[i] ? 0 : pad) + 2), "");
		}
		fputc('\n', f);
	}
	t->emitted++;
}

static void flush_rows(struct tabout *t)
{
	const char *text[256];
	size_t len[256];
	int num[256];
	size_t nc = t->ncols < 256 ? t->ncols : 256;

	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < nc; i++) {
			text[i] = t->rows[r * t->ncols + i].text;
			len[i] = t->rows[r * t->ncols + i].len;
			num[i] = t->rows[r * t->ncols + i].numeric;
		}
		emit(t, text, len, num);
		for (size_t i = 0; i < t->ncols; i++)
			free(t->rows[r * t->ncols + i].text);
	}
	t->nrows = 0;
}

void tab_row(struct tabout *t, const struct tab_cell *cells)
{
	size_t nc = t->ncols < 256 ? t->ncols : 256;

	if (t->fmt != TAB_TABLE || t->emitted) {
		const char *text[256];
		size_t len[256];
		int num[256];

		for (size_t i = 0; i < nc; i++) {
			text[i] = cells[i].inline_buf ? cells[i].buf : cells[i].text;
			len[i] = cells[i].len;
			num[i] = cells[i].numeric;
		}
		emit(t, text, len, num);
		return;
	}
	t->rows = xgrow(t->rows, &t->cap_rows, (t->nrows + 1) * t->ncols,
			sizeof(*t->rows));
	for (size_t i = 0; i < t->ncols; i++) {
		const char *s = cells[i].inline_buf ? cells[i].buf : cells[i].text;
		size_t w;

		t->rows[t->nrows * t->ncols + i].text = s ? xstrndup(s, cells[i].len) : NULL;
		t->rows[t->nrows * t->ncols + i].len = cells[i].len;
		t->rows[t->nrows * t->ncols + i].numeric = cells[i].numeric;
		w = s ? tab_width(s, cells[i].len) : 0;
		if (w > t->width[i])
			t->width[i] = w > 120 ? 120 : w;
	}
	if (++t->nrows >= TABOUT_BUFFER)
		flush_rows(t);
}

void tab_finish(struct tabout *t)
{
	if (t->fmt == TAB_TABLE)
		flush_rows(t);
	header(t);
	if (t->fmt == TAB_JSON)
		fputs(t->emitted ? "\n]\n" : "]\n", t->out);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->width);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
