/*
 * md.c - the report as Markdown, for tickets and chat: the same order as
 * the text report, tables as pipe tables.  Cell text is escaped (pipes,
 * backticks, angle brackets) so input strings cannot break the layout or
 * inject markup.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '|' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' ||
		    c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void table(FILE *f, const struct rtable *t)
{
	fputc('|', f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputc(' ', f);
		esc(f, t->cols[c]);
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->numeric[c] ? "---:|" : "---|", f);
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputc('|', f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(' ', f);
			esc(f, t->cells[r * t->ncols + c]);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
}

static void event(FILE *f, const struct revent *e)
{
	char ts[40];

	fmt_ts(e->start_us - e->start_us % 1000000, ts, sizeof(ts));
	fprintf(f, "%s UTC — ", ts);
	esc(f, e->metric);
	if (e->instance[0]) {
		fputs(" [", f);
		esc(f, e->instance);
		fputc(']', f);
	}
	fprintf(f, " %s: %s → %s (", e->kind, e->before, e->after);
	esc(f, e->source);
	fputs(")", f);
}

static int write_md(const struct report_model *m, const struct report_opts *o, FILE *f)
{
	char a[40], b[40];

	fmt_ts(m->first_us - m->first_us % 1000000, a, sizeof(a));
	fmt_ts(m->last_us - m->last_us % 1000000, b, sizeof(b));
	fprintf(f, "# pmortem report\n\n%s .. %s UTC, %zu sources\n", a, b, m->sources.nrows);
	fputs("\n## Hosts\n\n", f);
	table(f, &m->hosts);
	fputs("\n## Completeness of the sources\n\n", f);
	table(f, &m->completeness);
	fputs("\n## Cause → effect\n\n", f);
	if (!m->nchains)
		fputs("No cause → effect links found.\n", f);
	for (size_t i = 0; i < m->nchains; i++) {
		const struct rchain *c = &m->chains[i];

		fprintf(f, "%zu. ", i + 1);
		for (size_t k = 0; k < c->n; k++) {
			const struct revent *e = report_event(m, c->events[k]);

			if (!e)
				continue;
			if (k)
				fprintf(f, "\n   - after %.1f s: ", c->lags[k - 1]);
			event(f, e);
		}
		fputc('\n', f);
	}
	fputs("\n## Findings\n", f);
	for (size_t i = 0; i < m->nfindings; i++) {
		const struct rfinding *d = &m->findings[i];

		fprintf(f, "\n### [%s] ", d->severity);
		esc(f, d->title);
		fputs("\n\n", f);
		esc(f, d->summary);
		fputs("\n\n**Advice:** ", f);
		esc(f, d->advice);
		fputs("\n\n```sql\n", f);
		fputs(d->evidence_sql, f);
		fputs("\n```\n", f);
	}
	fputs("\n## Timeline\n\n", f);
	table(f, &m->timeline);
	fputs("\n## Sources\n\n", f);
	table(f, &m->sources);
	for (size_t i = 0; i < m->nsections; i++) {
		fputs("\n## ", f);
		esc(f, m->sections[i].title);
		fputs("\n\n", f);
		table(f, &m->sections[i]);
	}
	(void)o;
	return ferror(f) ? -1 : 0;
}

const struct report_format report_md = {
	.name = "md",
	.wants_series = 0,
	.write = write_md,
};
