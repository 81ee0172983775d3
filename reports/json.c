/*
 * json.c - the report's content for tooling: the same model as the text
 * and HTML reports, as one JSON object (documented in docs/REPORT-JSON.md).
 * Keys are stable; times are ts_us integers (UTC microseconds) plus a
 * readable `ts` where people look.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tabout.h"
#include "util.h"

static void str(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		tab_json_string(f, s, strlen(s));
}

static void key(FILE *f, const char *k, int *first)
{
	fputs(*first ? "" : ",", f);
	*first = 0;
	str(f, k);
	fputc(':', f);
}

static void num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.17g", v);
	else
		fputs("null", f);
}

static void table(FILE *f, const struct rtable *t)
{
	int first = 1;

	fputc('{', f);
	key(f, "title", &first);
	str(f, t->title);
	key(f, "sql", &first);
	str(f, t->sql);
	key(f, "rows", &first);
	fputc('[', f);
	for (size_t r = 0; r < t->nrows; r++) {
		int ff = 1;

		fputs(r ? ",\n{" : "\n{", f);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];

			key(f, t->cols[c], &ff);
			if (v && t->numeric[c])
				fputs(v, f);
			else
				str(f, v);
		}
		fputc('}', f);
	}
	fputs("]}", f);
}

static void event(FILE *f, const struct revent *e)
{
	int first = 1;
	char ts[40];

	fmt_ts(e->start_us, ts, sizeof(ts));
	fputc('{', f);
	key(f, "event_id", &first);
	fprintf(f, "%lld", (long long)e->id);
	key(f, "kind", &first);
	str(f, e->kind);
	key(f, "host", &first);
	str(f, e->host);
	key(f, "metric", &first);
	str(f, e->metric);
	key(f, "instance", &first);
	str(f, e->instance);
	key(f, "unit", &first);
	str(f, e->unit);
	key(f, "start_us", &first);
	fprintf(f, "%lld", (long long)e->start_us);
	key(f, "end_us", &first);
	fprintf(f, "%lld", (long long)e->end_us);
	key(f, "ts", &first);
	str(f, ts);
	key(f, "before", &first);
	str(f, e->before);
	key(f, "after", &first);
	str(f, e->after);
	key(f, "score", &first);
	num(f, e->score);
	key(f, "source", &first);
	str(f, e->source);
	fputc('}', f);
}

static int write_json(const struct report_model *m, const struct report_opts *o, FILE *f)
{
	int first = 1;

	fputc('{', f);
	key(f, "first_us", &first);
	fprintf(f, "%lld", (long long)m->first_us);
	key(f, "last_us", &first);
	fprintf(f, "%lld", (long long)m->last_us);
	key(f, "skipped_files", &first);
	fprintf(f, "%lld", (long long)m->skipped);
	key(f, "hosts", &first);
	table(f, &m->hosts);
	key(f, "sources", &first);
	table(f, &m->sources);
	fputs("\n", f);
	key(f, "completeness", &first);
	table(f, &m->completeness);
	fputs(",\n", f);
	first = 1;
	fputs("\"findings\":[", f);
	for (size_t i = 0; i < m->nfindings; i++) {
		const struct rfinding *d = &m->findings[i];
		int ff = 1;

		fputs(i ? ",\n{" : "\n{", f);
		key(f, "finding_id", &ff);
		fprintf(f, "%lld", (long long)d->id);
		key(f, "rule", &ff);
		str(f, d->rule);
		key(f, "severity", &ff);
		str(f, d->severity);
		key(f, "title", &ff);
		str(f, d->title);
		key(f, "summary", &ff);
		str(f, d->summary);
		key(f, "advice", &ff);
		str(f, d->advice);
		key(f, "host", &ff);
		str(f, d->host);
		key(f, "start_us", &ff);
		fprintf(f, "%lld", (long long)d->start_us);
		key(f, "end_us", &ff);
		fprintf(f, "%lld", (long long)d->end_us);
		key(f, "evidence_sql", &ff);
		str(f, d->evidence_sql);
		key(f, "evidence", &ff);
		fputc('[', f);
		for (size_t k = 0; k < d->nevents; k++)
			fprintf(f, "%s{\"role\":\"%s\",\"event_id\":%lld}", k ? "," : "",
				d->roles[k], (long long)d->events[k]);
		fputs("]}", f);
	}
	fputs("],\n\"chains\":[", f);
	for (size_t i = 0; i < m->nchains; i++) {
		const struct rchain *c = &m->chains[i];

		fprintf(f, "%s{\"finding_id\":%lld,\"links\":[", i ? ",\n" : "\n",
			(long long)c->finding);
		for (size_t k = 0; k < c->n; k++) {
			fprintf(f, "%s{\"event_id\":%lld", k ? "," : "", (long long)c->events[k]);
			if (k + 1 < c->n) {
				fputs(",\"lag_to_next_s\":", f);
				num(f, c->lags[k]);
			}
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("],\n\"events\":[", f);
	for (size_t i = 0; i < m->nevents; i++) {
		fputs(i ? ",\n" : "\n", f);
		event(f, &m->events[i]);
	}
	fputs("],\n\"timeline\":", f);
	table(f, &m->timeline);
	fputs(",\n\"sections\":[", f);
	for (size_t i = 0; i < m->nsections; i++) {
		fputs(i ? ",\n" : "\n", f);
		table(f, &m->sections[i]);
	}
	fputs("]}\n", f);
	(void)o;
	return ferror(f) ? -1 : 0;
}

const struct report_format report_json = {
	.name = "json",
	.wants_series = 0,
	.write = write_json,
};
