/*
 * tabout.h - rows out, in the three forms every listing command offers:
 * an aligned table (the default on a terminal), CSV with one header line
 * (RFC 4180 quoting; the default into a pipe) and JSON (an array of
 * objects).  Cells are text or numbers; NULL prints as empty (table/csv) or
 * null (json).  Text is printed safely: control bytes and invalid UTF-8 in
 * a table are shown as \xNN so a heap string cannot drive the terminal.
 *
 * The table form buffers rows to size its columns, up to TABOUT_BUFFER rows;
 * after that it prints with the widths it has (streaming, bounded memory).
 */
#ifndef PMORTEM_TABOUT_H
#define PMORTEM_TABOUT_H

#include <stddef.h>
#include <stdio.h>

enum tab_format { TAB_TABLE, TAB_CSV, TAB_JSON };

#define TABOUT_BUFFER 10000

struct tab_cell {
	const char *text;        /* borrowed until tab_row(); NULL = null */
	size_t len;
	int numeric;             /* right-align, unquoted in JSON */
	int inline_buf;          /* the text is in buf (numbers) */
	char buf[40];
};

struct tabout {
	FILE *out;
	enum tab_format fmt;
	size_t ncols;
	char **names;
	struct { char *text; size_t len; int numeric; } *rows;
				 /* buffered rows (table form), ncols each */
	size_t nrows, cap_rows;
	size_t *width;
	int header_done;
	size_t emitted;          /* rows written so far (json commas) */
	size_t max_width;        /* table form: fit lines in this many columns, 0 = no limit */
};

/* Parse "table" | "csv" | "json": 0 and *fmt set, or -1. */
int tab_format_parse(const char *s, enum tab_format *fmt);
/* The default: table on a terminal, csv otherwise. */
enum tab_format tab_format_default(void);

void tab_init(struct tabout *t, FILE *out, enum tab_format fmt, size_t ncols,
	      const char *const *names);
/* Table form: narrow the widest text columns until a line fits in
 * `columns` display columns (one per code point); a cell too wide for its
 * column is cut with an ellipsis, from the left when it holds a '/' (a
 * path keeps its file name), else from the right.  Call before tab_row. */
void tab_set_max_width(struct tabout *t, size_t columns);
/* Display width of n bytes of text as a table prints it (one column per
 * code point, 4 per byte shown as \\xNN). */
size_t tab_width(const char *s, size_t n);
/* Print n bytes of text safely (as a table cell) within `width` columns,
 * cut with an ellipsis as tab_set_max_width says; returns the width. */
size_t tab_put_fit(FILE *f, const char *s, size_t n, size_t width);
/* Add one row of ncols cells; cells are copied. */
void tab_row(struct tabout *t, const struct tab_cell *cells);
/* Cells: text (borrowed until tab_row), numbers (formatted inline). */
struct tab_cell tab_text(const char *s);
struct tab_cell tab_textn(const char *s, size_t n);
struct tab_cell tab_null(void);
struct tab_cell tab_int(long long v);
/* A real printed with up to `prec` decimals, trailing zeros dropped. */
struct tab_cell tab_real(double v, int prec);
/* A JSON string literal of n bytes: escaped, invalid UTF-8 shown as
 * \\xNN, and <, >, & as \u escapes so it is inert inside <script>. */
void tab_json_string(FILE *f, const char *s, size_t n);
/* Write what is buffered and the closing bits; frees everything. */
void tab_finish(struct tabout *t);

#endif
