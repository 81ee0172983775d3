/*
 * text.c - the report for a terminal or a ticket.
 *
 * Order is the reader's: what the bundle is, then the cause -> effect
 * chains (the answer), then every finding with its advice and the SQL
 * behind it, then the timeline, then the sources and per-source
 * summaries.  Aligned columns, human units, at most 100 columns; colour
 * only when asked (a terminal without NO_COLOR).
 */
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "report.h"
#include "tabout.h"
#include "util.h"

#define WIDTH 100

static void clock_of(int64_t ts, int with_date, char *buf, size_t cap)
{
	char full[40];

	fmt_ts(ts - ts % 1000000, full, sizeof(full));
	snprintf(buf, cap, "%s", with_date ? full : full + 11);
}

/* Print text wrapped at WIDTH, every line starting with indent spaces. */
static void wrap(FILE *f, const char *text, int indent)
{
	const char *p = text;
	int col = 0;

	while (*p) {
		const char *w = p;
		int len;

		while (*p && *p != ' ')
			p++;
		len = (int)(p - w);
		if (col && col + 1 + len > WIDTH - indent) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			fprintf(f, "%*s", indent, "");
		else {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, (size_t)len, f);
		col += len;
		while (*p == ' ')
			p++;
	}
	if (col)
		fputc('\n', f);
}

static const char *sev_color(const char *sev, int on)
{
	if (!on)
		return "";
	if (!strcmp(sev, "critical") || !strcmp(sev, "high"))
		return "\033[1;31m";
	if (!strcmp(sev, "medium"))
		return "\033[1;33m";
	return "\033[1m";
}

static void heading(FILE *f, const char *title, int color)
{
	fprintf(f, "\n%s%s%s\n", color ? "\033[1m" : "", title, color ? "\033[0m" : "");
}

/* One event: "when subject before -> after (kind)  source"; a kernel
 * event prints its message on the next line.  Wider than the page, the
 * source moves to a line of its own. */
static void event_line(FILE *f, const struct revent *e, const char *prefix, int with_date)
{
	char when[40], line[512];
	const char *src = strrchr(e->source, '/') ? strrchr(e->source, '/') + 1 : e->source;
	const char *nl = strrchr(prefix, '\n');
	int indent = (int)strlen(nl ? nl + 1 : prefix) + 2;
	int n, col;

	clock_of(e->start_us, with_date, when, sizeof(when));
	if (e->before[0])
		n = snprintf(line, sizeof(line), "%s%s %s%s%s%s  %s -> %s  (%s)", prefix, when,
			     e->metric, e->instance[0] ? " [" : "", e->instance,
			     e->instance[0] ? "]" : "", e->before, e->after, e->kind);
	else
		n = snprintf(line, sizeof(line), "%s%s %s%s%s%s", prefix, when, e->kind,
			     e->instance[0] ? " [" : "", e->instance, e->instance[0] ? "]" : "");
	if (n < 0)
		return;
	fputs(line, f);
	col = (int)strlen(nl ? strrchr(line, '\n') + 1 : line);
	if (col + (int)strlen(src) + 2 <= WIDTH)
		fprintf(f, "  %s\n", src);
	else
		fprintf(f, "\n%*s%s\n", indent, "", src);
	if (!e->before[0] && e->after[0])
		wrap(f, e->after, indent);
}

/* A section's table; its "ts" column without the date when the report
 * spans one day (the header gave it), so it is never cut to fit. */
static void table(FILE *f, const struct rtable *t, int with_date)
{
	struct tabout out;
	struct tab_cell *cells = xcalloc(t->ncols ? t->ncols : 1, sizeof(*cells));

	tab_init(&out, f, TAB_TABLE, t->ncols, (const char *const *)t->cols);
	tab_set_max_width(&out, WIDTH);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];

			if (v && !with_date && !strcmp(t->cols[c], "ts") && strlen(v) > 11 &&
			    v[4] == '-' && v[10] == ' ')
				v += 11;
			cells[c] = v ? tab_text(v) : tab_null();
			cells[c].numeric = t->numeric[c];
		}
		tab_row(&out, cells);
	}
	tab_finish(&out);
	free(cells);
}

/* A cell of row r by column name, or NULL. */
static const char *cell(const struct rtable *t, size_t r, const char *col)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c], col))
			return t->cells[r * t->ncols + c];
	return NULL;
}

static long long cell_int(const struct rtable *t, size_t r, const char *col)
{
	const char *v = cell(t, r, col);
	int64_t n = 0;

	if (v)
		num_parse_i64(v, strlen(v), &n);
	return (long long)n;
}

/* "every 1 s; 4 missing, largest gap 5 s at 16:37:21"; empty when there
 * is no interval to judge by (a single sample). */
static void gaps_text(const struct rtable *t, size_t r, int with_date, char *buf, size_t cap)
{
	const char *iv = cell(t, r, "interval_s"), *gap = cell(t, r, "largest_gap_s");
	const char *at = cell(t, r, "gap_at");
	char every[32] = "", largest[32] = "";
	double v = 0;
	long long missing = cell_int(t, r, "missing");

	if (iv && !num_parse(iv, strlen(iv), 0, &v))
		human_duration(v, every, sizeof(every));
	if (gap && !num_parse(gap, strlen(gap), 0, &v))
		human_duration(v, largest, sizeof(largest));
	if (missing > 0)
		snprintf(buf, cap, "%s%s; %lld missing, largest gap %s at %s", every[0] ?
			 "every " : "", every, missing, largest,
			 at ? (with_date ? at : at + 11) : "?");
	else if (every[0])
		snprintf(buf, cap, "every %s, none missing", every);
	else
		buf[0] = '\0';
}

/* Length of the directory all sources share ("fixtures/incident/"), 0
 * when they share none. */
static size_t common_dir(const struct rtable *src)
{
	size_t n = 0;

	if (!src->nrows || !src->cells[0])
		return 0;
	n = strlen(src->cells[0]);
	for (size_t r = 1; r < src->nrows; r++) {
		const char *p = src->cells[r * src->ncols];
		size_t k = 0;

		while (k < n && p && p[k] == src->cells[0][k])
			k++;
		n = k;
	}
	while (n > 0 && src->cells[0][n - 1] != '/')
		n--;
	return n;
}

/* The header's completeness lines: one per time series, /proc capture,
 * dump and partial source (see completeness_sql in model.c), skipped
 * files last.  Sources are cut from the left to keep lines in WIDTH. */
static void completeness(FILE *f, const struct rtable *t, int with_date,
			 const char *dir, size_t dirlen)
{
	size_t name_w = 0, fmt_w = 0;

	if (!t->nrows)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *src = cell(t, r, "source");
		size_t w;

		if (src && !strncmp(src, dir, dirlen))
			src += dirlen;
		w = src ? tab_width(src, strlen(src)) : 0;

		if (strcmp(cell(t, r, "kind"), "skipped") && w > name_w)
			name_w = w;
	}
	if (name_w > 30)
		name_w = 30;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *fmt = cell(t, r, "format");

		if (fmt && strlen(fmt) > fmt_w)
			fmt_w = strlen(fmt) > 10 ? 10 : strlen(fmt);
	}
	fprintf(f, "completeness:\n");
	for (size_t r = 0; r < t->nrows; r++) {
		const char *src = cell(t, r, "source"), *kind = cell(t, r, "kind");
		const char *detail = cell(t, r, "detail"), *fmt = cell(t, r, "format");
		long long items = cell_int(t, r, "items"), missing = cell_int(t, r, "missing");
		char what[512], gaps[160];
		size_t w;

		if (!src || !kind)
			continue;
		if (!strncmp(src, dir, dirlen))
			src += dirlen;
		if (!strcmp(kind, "skipped")) {
			fprintf(f, "  %lld file%s skipped: ", items, items == 1 ? "" : "s");
			w = 2 + (size_t)snprintf(what, sizeof(what), "%lld file%s skipped: ",
						 items, items == 1 ? "" : "s");
			w += tab_put_fit(f, detail ? detail : "", detail ? strlen(detail) : 0, 60);
			fputs(", e.g. ", f);
			tab_put_fit(f, src, strlen(src), WIDTH - w - 7);
			fputc('\n', f);
			continue;
		}
		if (!strcmp(kind, "samples") || !strcmp(kind, "snapshots")) {
			gaps_text(t, r, with_date, gaps, sizeof(gaps));
			snprintf(what, sizeof(what), "%lld %s%s%s%s%s%s", items,
				 !strcmp(kind, "samples") ? "sample" : "capture",
				 items == 1 ? "" : "s", gaps[0] ? " " : "", gaps,
				 detail ? "; " : "", detail ? detail : "");
		} else if (!strcmp(kind, "processes")) {
			snprintf(what, sizeof(what), "%lld process%s, %s%s", items,
				 items == 1 ? "" : "es",
				 missing ? "incomplete: " : "every file present",
				 missing && detail ? detail : "");
		} else if (!strcmp(kind, "raw")) {
			snprintf(what, sizeof(what), "raw dump, complete");
		} else if (!strcmp(kind, "core")) {
			if (missing)
				snprintf(what, sizeof(what), "%s cut short: %lld of %lld segments "
					 "past the end%s%s", kind, missing, items,
					 detail ? "; " : "", detail ? detail : "");
			else
				snprintf(what, sizeof(what), "%s complete, %lld segments%s%s", kind,
					 items, detail ? "; " : "",
					 detail ? detail : "");
		} else {
			snprintf(what, sizeof(what), "%s: %lld warning%s or error%s%s%s", kind,
				 missing, missing == 1 ? "" : "s", missing == 1 ? "" : "s",
				 detail ? "; " : "", detail ? detail : "");
		}
		fputs("  ", f);
		w = tab_put_fit(f, src, strlen(src), name_w);
		fprintf(f, "%*s  %-*.*s  ", (int)(name_w - w), "", (int)fmt_w, (int)fmt_w,
			fmt ? fmt : "");
		w = 2 + name_w + 2 + fmt_w + 2;
		if (w + tab_width(what, strlen(what)) <= WIDTH) {
			tab_put_fit(f, what, strlen(what), WIDTH - w);
			fputc('\n', f);
		} else {
			fputc('\n', f);
			wrap(f, what, 6);
		}
	}
}

/* The sources table for a page: paths below the directory the header
 * named, times without the date when the report spans one day; the
 * time origin and messages are in the JSON and HTML reports. */
static void sources(FILE *f, const struct rtable *t, size_t under, int with_date)
{
	static const char *const names[] = { "path", "format", "status", "rows",
					      "problems", "first", "last" };
	static const char *const cols[] = { "path", "format", "status", "rows",
					     "problems", "first_ts", "last_ts" };
	struct tabout out;
	struct tab_cell cells[7];

	tab_init(&out, f, TAB_TABLE, 7, names);
	tab_set_max_width(&out, WIDTH);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < 7; c++) {
			const char *v = cell(t, r, cols[c]);

			if (v && c == 0 && strlen(v) > under)
				v += under;
			if (v && c >= 5 && !with_date && strlen(v) > 11)
				v += 11;
			cells[c] = v ? tab_text(v) : tab_null();
			cells[c].numeric = c == 3 || c == 4;
		}
		tab_row(&out, cells);
	}
	tab_finish(&out);
}

static int write_text(const struct report_model *m, const struct report_opts *o, FILE *f)
{
	char a[40], b[40], dur[40];
	int with_date;
	size_t under;

	with_date = m->first_us / 86400000000LL != m->last_us / 86400000000LL;
	fprintf(f, "%spmortem report%s\n", o->color ? "\033[1m" : "", o->color ? "\033[0m" : "");
	if (m->first_us && m->last_us) {
		fmt_ts(m->first_us - m->first_us % 1000000, a, sizeof(a));
		fmt_ts(m->last_us - m->last_us % 1000000, b, sizeof(b));
		human_duration((double)(m->last_us - m->first_us) / 1e6, dur, sizeof(dur));
		fprintf(f, "time span: %s .. %s UTC (%s)\n", a, b, dur);
	} else {
		fprintf(f, "time span: no timestamped data\n");
	}
	for (size_t r = 0; r < m->hosts.nrows; r++) {
		char **c = m->hosts.cells + r * m->hosts.ncols;
		char mem[32] = "";

		if (c[5]) {
			double v = 0;
			num_parse(c[5], strlen(c[5]), 0, &v);
			human_value(v, "bytes", mem, sizeof(mem));
		}
		fprintf(f, "host: %s%s%s%s%s%s%s%s%s%s%s\n", c[0],
			c[1] ? "  " : "", c[1] ? c[1] : "", c[2] ? " " : "", c[2] ? c[2] : "",
			c[3] ? " " : "", c[3] ? c[3] : "", c[4] ? ", CPUs " : "",
			c[4] ? c[4] : "", mem[0] ? ", memory " : "", mem);
	}
	under = common_dir(&m->sources);
	fprintf(f, "sources: %zu", m->sources.nrows);
	if (under) {
		fputs(" under ", f);
		tab_put_fit(f, m->sources.cells[0], under, 60);
	}
	fprintf(f, " (%lld files skipped)\n", (long long)m->skipped);
	completeness(f, &m->completeness, with_date, m->sources.nrows ? m->sources.cells[0] : "",
		     under);

	heading(f, "CAUSE -> EFFECT", o->color);
	if (!m->nchains)
		fprintf(f, "  (no cause -> effect links found)\n");
	for (size_t i = 0; i < m->nchains; i++) {
		const struct rchain *c = &m->chains[i];
		const char *title = "";

		for (size_t k = 0; k < m->nfindings; k++)
			if (m->findings[k].id == c->finding)
				title = m->findings[k].title;
		fprintf(f, "%2zu. %s\n", i + 1, title);
		for (size_t k = 0; k < c->n; k++) {
			const struct revent *e = report_event(m, c->events[k]);
			char prefix[64];

			if (!e)
				continue;
			if (k == 0) {
				snprintf(prefix, sizeof(prefix), "    ");
			} else {
				char lag[24];

				human_duration(c->lags[k - 1], lag, sizeof(lag));
				snprintf(prefix, sizeof(prefix), "    -> after %s\n    ", lag);
			}
			event_line(f, e, prefix, with_date);
		}
	}

	heading(f, "FINDINGS", o->color);
	if (!m->nfindings)
		fprintf(f, "  (none)\n");
	for (size_t i = 0; i < m->nfindings; i++) {
		const struct rfinding *fd = &m->findings[i];
		char when[40];
		size_t w;

		clock_of(fd->start_us, 1, when, sizeof(when));
		fprintf(f, "%s[%s]%s ", sev_color(fd->severity, o->color), fd->severity,
			o->color ? "\033[0m" : "");
		w = 3 + strlen(fd->severity);
		w += tab_put_fit(f, fd->title, strlen(fd->title), WIDTH - w);
		/* "(host, when)" after the title, or under it when too wide */
		if (w + 4 + tab_width(fd->host, strlen(fd->host)) + 2 + strlen(when) > WIDTH)
			fputs("\n   ", f);
		fputs("  (", f);
		tab_put_fit(f, fd->host, strlen(fd->host), 60);
		fprintf(f, ", %s)\n", when);
		wrap(f, fd->summary, 4);
		if (fd->advice[0]) {
			fprintf(f, "    advice:\n");
			wrap(f, fd->advice, 6);
		}
		for (size_t k = 0; k < fd->nevents; k++) {
			const struct revent *e = report_event(m, fd->events[k]);
			char prefix[24];

			if (!e)
				continue;
			snprintf(prefix, sizeof(prefix), "    %-8s", fd->roles[k]);
			event_line(f, e, prefix, with_date);
		}
		fprintf(f, "    evidence:\n");
		wrap(f, fd->evidence_sql, 6);
	}

	heading(f, "TIMELINE (UTC)", o->color);
	if (!m->timeline.nrows)
		fprintf(f, "  (no events)\n");
	for (size_t r = 0; r < m->timeline.nrows; r++) {
		char **c = m->timeline.cells + r * m->timeline.ncols;
		char when[40];
		int64_t ts = 0, ref = 0;

		num_parse_i64(c[5], strlen(c[5]), &ts);
		clock_of(ts, with_date, when, sizeof(when));
		if (c[4] && !num_parse_i64(c[4], strlen(c[4]), &ref) && report_event(m, ref)) {
			const struct revent *e = report_event(m, ref);

			if (e->before[0])
				fprintf(f, "  %-10s %-10s %-44s %s -> %s\n", when, e->kind, c[3],
					e->before, e->after);
			else
				fprintf(f, "  %-10s %-10s %.80s\n", when, e->kind, e->after);
		} else {
			fprintf(f, "  %-10s %-10s ", when, c[2]);
			wrap(f, c[3] ? c[3] : "", 0);
		}
	}

	heading(f, "SOURCES", o->color);
	sources(f, &m->sources, under, with_date);
	for (size_t i = 0; i < m->nsections; i++) {
		heading(f, m->sections[i].title, o->color);
		table(f, &m->sections[i], with_date);
	}
	return ferror(f) ? -1 : 0;
}

const struct report_format report_text = {
	.name = "text",
	.wants_series = 0,
	.write = write_text,
};
