/*
 * report.h - what pmortem tells a person, in text, HTML, JSON or Markdown.
 *
 * A report reads the database through SQL on a read-only handle, as any
 * user would (every query it runs is one a user could run: the tables
 * and views of docs/SCHEMA.md).  model.c gathers the content once into
 * struct report_model; text.c, html.c, json.c and md.c each render it.
 * Reports are deterministic: the same database gives the same bytes (no
 * clock, no randomness, every list ordered).
 *
 * To add a report format: reports/NAME.c exporting one
 * `const struct report_format report_NAME`, a line in report_table[]
 * (reports/model.c), a golden test in tests/e2e/report.sh.
 */
#ifndef PMORTEM_REPORT_H
#define PMORTEM_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

struct report_opts {
	int64_t from_us, to_us;  /* --window; INT64_MIN / INT64_MAX for all */
	int color;               /* ANSI colour (text on a TTY, never with NO_COLOR) */
	const char *dygraphs_dir;/* where dygraph.min.js lives (html) */
};

/* A table of text cells: a section of the report (sources, smem, heap
 * growth, stalls, OOM kills ...), as a query returned it. */
struct rtable {
	char *title;             /* section title */
	char *sql;               /* the query that produced it (shown in HTML) */
	size_t ncols, nrows;
	char **cols;             /* ncols names */
	char **cells;            /* nrows * ncols, NULL = null */
	int *numeric;            /* per column: right-align */
};

struct rlink {                   /* one cause -> effect link */
	int64_t cause_event, effect_event;
	double lag_s, strength;
	char *note;
};

struct revent {                  /* an event, described for people */
	int64_t id, start_us, end_us, series_id;
	char *kind, *metric, *instance, *unit, *host;
	char *before, *after;    /* human values: baseline and peak */
	double score;
	char *source;            /* path:line of the first sample, or "" */
};

struct rfinding {
	int64_t id, start_us, end_us;
	char *rule, *severity, *title, *summary, *advice, *host, *evidence_sql;
	int64_t *events;         /* evidence events, cause first */
	char **roles;
	size_t nevents;
	int64_t *series;         /* series to chart */
	size_t nseries;
};

struct rchain {                  /* links composed: e0 -> e1 -> ... */
	int64_t finding;
	int64_t *events;
	double *lags;            /* lags[i]: from events[i] to events[i+1] */
	size_t n;
};

struct rseries {                 /* a series to chart */
	int64_t id;
	char *host, *metric, *instance, *unit;
	int64_t *ts_us;
	double *values;
	size_t n;
	int in_finding;          /* shown by default */
};

struct report_model {
	int64_t first_us, last_us;
	struct rtable hosts, sources;
	struct rtable completeness;  /* per source: gaps, missing files, cut cores, skipped */
	int64_t skipped;
	struct rfinding *findings;
	size_t nfindings;
	struct rchain *chains;
	size_t nchains;
	struct revent *events;   /* every event referenced, plus the timeline */
	size_t nevents;
	struct rtable timeline;  /* events and kernel events, by time */
	struct rtable *sections; /* per-source summaries */
	size_t nsections;
	struct rseries *series;
	size_t nseries;
	int64_t points;          /* data points embedded (html) */
};

/* Gather everything from db; 0 or -1 (message on stderr). */
int report_model_load(struct report_model *m, sqlite3 *db, const struct report_opts *o);
void report_model_release(struct report_model *m);
/* The event with this id, or NULL. */
const struct revent *report_event(const struct report_model *m, int64_t id);

struct report_format {
	const char *name;        /* --format value */
	int wants_series;        /* load chart data (html) */
	int (*write)(const struct report_model *m, const struct report_opts *o, FILE *f);
};

extern const struct report_format *const report_table[];
const struct report_format *report_find(const char *name);

/* Write the report of db in the named format to f: 0, or -1. */
int report_write(sqlite3 *db, const char *format, const struct report_opts *o, FILE *f);

#endif
