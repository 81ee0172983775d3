/*
 * model.c - gather a report's content from the database, once, for every
 * output format; see report.h.
 *
 * Everything is read with plain SQL over the documented tables and views.
 * Sections that depend on a domain (smem, heap strings, TCP stalls, OOM
 * kills ...) are listed in section_table[]: each runs only when the view
 * it reads exists, so a bundle without cores simply has no heap section.
 * Chart data is bounded: every series is reduced to at most
 * SERIES_POINTS points (min and max of each bucket, so spikes survive)
 * and the whole report to REPORT_POINTS.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "report.h"
#include "util.h"

#define TIMELINE_EVENTS 40
#define SERIES_POINTS 20000
#define REPORT_POINTS 1500000
#define MAX_CHAINS 50
#define MAX_CHART_SERIES 400

extern const struct report_format report_text, report_json, report_html, report_md;

const struct report_format *const report_table[] = {
	&report_text,
	&report_html,
	&report_json,
	&report_md,
	NULL
};

const struct report_format *report_find(const char *name)
{
	for (size_t i = 0; report_table[i]; i++)
		if (!strcmp(report_table[i]->name, name))
			return report_table[i];
	return NULL;
}

/* Per-source summary sections: shown when `needs` exists in the database. */
static const struct {
	const char *title, *needs, *sql;
} section_table[] = {
	{ "Heap strings that grew between dumps", "v_heap_growth",
	  "SELECT pid, comm, region, text, count_before, count_after, growth, "
	  "pm_human(bytes_growth, 'bytes') AS bytes_growth, before_ts, after_ts "
	  "FROM v_heap_growth g WHERE growth > 0 AND (region = 'heap' OR (region = 'all' "
	  "AND NOT EXISTS (SELECT 1 FROM dump_string x WHERE x.dump_id = g.after_dump_id "
	  "AND x.region = 'heap'))) ORDER BY growth DESC, text LIMIT 15" },
	{ "Process memory growth between snapshots (USS = private memory)", "v_smem_growth",
	  "SELECT pid, substr(command, 1, 60) AS command, first_ts, last_ts, "
	  "pm_human(first_uss, 'bytes') AS first_uss, pm_human(last_uss, 'bytes') AS last_uss, "
	  "pm_human(uss_growth, 'bytes') AS uss_growth, pm_human(pss_growth, 'bytes') AS "
	  "pss_growth, pm_human(rss_growth, 'bytes') AS rss_growth FROM v_smem_growth "
	  "ORDER BY v_smem_growth.uss_growth DESC, pid LIMIT 10" },
	{ "Processes by PSS (latest snapshot, as smem)", "v_smem",
	  "SELECT pid, uid, name, substr(command, 1, 60) AS command, "
	  "pm_human(swap, 'bytes') AS swap, pm_human(uss, 'bytes') AS uss, "
	  "pm_human(pss, 'bytes') AS pss, pm_human(rss, 'bytes') AS rss "
	  "FROM v_smem WHERE ts_us = (SELECT max(ts_us) FROM v_smem) "
	  "ORDER BY v_smem.pss DESC, pid LIMIT 15" },
	{ "Summed RSS against PSS per capture (RSS counts a shared page in every process)",
	  "v_smem_total",
	  "SELECT ts, substr(capture, 1, 60) AS capture, processes, pm_human(rss, 'bytes') AS rss, "
	  "pm_human(pss, 'bytes') AS pss, pm_human(uss, 'bytes') AS uss, "
	  "pm_human(mem_total, 'bytes') AS ram, pm_human(mem_total - mem_available, 'bytes') "
	  "AS in_use FROM v_smem_total WHERE processes > 1 ORDER BY ts_us, capture LIMIT 20" },
	{ "OOM kills", "v_oom_kill",
	  "SELECT ts, killed_comm AS killed, killed_pid AS pid, invoker, "
	  "lower(replace(oom_constraint, 'CONSTRAINT_', '')) AS \"limit\", oom_memcg AS "
	  "cgroup, pm_human(anon_rss_bytes, 'bytes') AS anon_rss, pm_human(file_rss_bytes, "
	  "'bytes') AS file_rss, pm_human(memcg_kmem_bytes, 'bytes') AS cgroup_kmem, tasks "
	  "FROM v_oom_kill ORDER BY ts LIMIT 20" },
	{ "TCP flows with Nagle / delayed-ACK stalls", "tcp_flow_stats",
	  "SELECT s.flow_id, count(*) AS stalls, round(avg(s.delay_ms), 1) AS avg_delay_ms, "
	  "round(max(s.delay_ms), 1) AS max_delay_ms, min(s.sender) || ':' || "
	  "min(s.sender_port) AS sender, min(s.receiver) || ':' || min(s.receiver_port) "
	  "AS receiver FROM v_tcp_stall s GROUP BY s.flow_id ORDER BY stalls DESC, "
	  "s.flow_id LIMIT 20" },
	{ "Slow DNS lookups", "dns_lookup",
	  "SELECT name, queries, names_tried, retries, timeouts, servers, answered, "
	  "round(first_answer_us / 1000.0, 1) AS answer_ms FROM dns_lookup "
	  "WHERE timeouts > 0 OR search_expansions > 0 OR first_answer_us > 100000 "
	  "ORDER BY coalesce(first_answer_us, last_us - first_us) DESC LIMIT 20" },
	{ "Slowest system calls (strace -T)", "v_strace_slowest",
	  "SELECT ts, pid, name, duration_s, ret, errno, substr(args, 1, 60) AS args "
	  "FROM v_strace_slowest LIMIT 10" },
	{ "Diagnostics (first per source)", "diagnostic",
	  "SELECT s.path, d.line, d.offset, d.level, d.message FROM diagnostic d "
	  "JOIN source s USING (source_id) WHERE d.rowid IN (SELECT min(rowid) "
	  "FROM diagnostic GROUP BY source_id) ORDER BY s.path" },
	{ "Skipped files", "skipped",
	  "SELECT reason, count(*) AS files, min(path) AS example FROM skipped "
	  "GROUP BY reason ORDER BY files DESC, reason LIMIT 20" },
};

/* How complete each source is (the header's "completeness" lines).
 * samples: per time-series source, the times of one of its series (all
 *   series of a sar or meminfo source are sampled together): the nominal
 *   interval is the median step, a step of 1.5 intervals or more is a
 *   gap of round(step / interval) - 1 missing samples.
 * processes: per /proc capture, pids lacking a file the others have.
 * snapshots: per host with 6 or more captures (a capture loop; a before
 *   and an after, or a few taken by hand, are not a series to find gaps
 *   in), missing captures, as for samples.
 * core / raw: dumps cut short (segments past the end of the file) and
 *   segments the kernel or gcore did not save.
 * partial / rejected: sources with warnings or refused; skipped: files no
 *   importer claimed. */
#define TS_FORMATS "'sar', 'sadf', 'meminfo', 'vmstat', 'zoneinfo', 'buddyinfo', 'slabinfo'"
#define GAPS(T, KEY, NOM) \
	NOM " AS (SELECT " KEY ", d FROM (SELECT " KEY ", d, row_number() OVER " \
	"(PARTITION BY " KEY " ORDER BY d) AS k, count(*) OVER (PARTITION BY " KEY ") " \
	"AS n FROM " T " WHERE d > 0) WHERE k = (n + 1) / 2)"
static const char completeness_sql[] =
	"WITH src AS (SELECT s.source_id, s.path, s.format, (SELECT x.series_id FROM "
	"sample x WHERE x.source_id = s.source_id LIMIT 1) AS sid FROM source s "
	"WHERE s.rows > 0 AND s.format IN (" TS_FORMATS ")), "
	"t AS (SELECT src.source_id, x.ts_us, x.ts_us - lag(x.ts_us) OVER (PARTITION BY "
	"src.source_id ORDER BY x.ts_us) AS d FROM src JOIN sample x ON x.series_id = "
	"src.sid AND x.source_id = src.source_id), "
	GAPS("t", "source_id", "nom") ", "
	"gaps AS (SELECT t.source_id, count(*) AS present, n.d AS interval_us, "
	"sum(CASE WHEN t.d >= n.d * 3 / 2 THEN CAST(round(1.0 * t.d / n.d) AS INTEGER) - 1 "
	"ELSE 0 END) AS missing, max(t.d) AS largest_us, t.ts_us - t.d AS gap_us "
	"FROM t LEFT JOIN nom n USING (source_id) GROUP BY t.source_id), "
	"snaps AS (SELECT host_id, capture, min(ts_us) AS ts_us FROM process "
	"WHERE ts_us IS NOT NULL GROUP BY host_id, capture), "
	"sd AS (SELECT host_id, ts_us, ts_us - lag(ts_us) OVER (PARTITION BY host_id "
	"ORDER BY ts_us) AS d FROM snaps), "
	GAPS("sd", "host_id", "snom") ", "
	"sgaps AS (SELECT sd.host_id, count(*) AS present, n.d AS interval_us, "
	"sum(CASE WHEN sd.d >= n.d * 3 / 2 THEN CAST(round(1.0 * sd.d / n.d) AS INTEGER) - 1 "
	"ELSE 0 END) AS missing, max(sd.d) AS largest_us, sd.ts_us - sd.d AS gap_us "
	"FROM sd LEFT JOIN snom n USING (host_id) GROUP BY sd.host_id), "
	"p AS (SELECT capture, pid, ' ' || files || ' ' AS f FROM process), "
	"kinds(name) AS (VALUES ('cmdline'), ('smaps'), ('smaps_rollup'), ('stat'), "
	"('status')), "
	"lack AS (SELECT p.capture, kinds.name, count(*) AS n, min(p.pid) AS pid FROM p "
	"JOIN kinds WHERE instr(p.f, ' ' || kinds.name || ' ') = 0 AND EXISTS (SELECT 1 "
	"FROM p q WHERE q.capture = p.capture AND instr(q.f, ' ' || kinds.name || ' ') > 0) "
	"GROUP BY p.capture, kinds.name) "
	"SELECT source, format, kind, items, missing, interval_s, largest_gap_s, gap_at, "
	"detail FROM ("
	"SELECT 0 AS o, src.path AS source, src.format, 'samples' AS kind, g.present AS "
	"items, g.missing, g.interval_us / 1e6 AS interval_s, CASE WHEN g.missing > 0 THEN "
	"g.largest_us / 1e6 END AS largest_gap_s, CASE WHEN g.missing > 0 THEN "
	"strftime('%Y-%m-%d %H:%M:%S', g.gap_us / 1e6, 'unixepoch') END AS gap_at, "
	"(SELECT CASE count(*) WHEN 0 THEN NULL WHEN 1 THEN '1 restart' ELSE count(*) || "
	"' restarts' END FROM kernel_event k WHERE k.source_id = src.source_id AND "
	"k.kind = 'restart') AS detail FROM src JOIN gaps g USING (source_id) "
	"UNION ALL "
	"SELECT 1, c.capture, 'procpid', 'processes', count(*), sum(EXISTS (SELECT 1 FROM "
	"lack l WHERE l.capture = c.capture AND instr(c.f, ' ' || l.name || ' ') = 0)), "
	"NULL, NULL, NULL, (SELECT group_concat(l.name || ' missing for ' || l.n || CASE "
	"l.n WHEN 1 THEN ' (pid ' ELSE ' (e.g. pid ' END || l.pid || ')', ', ') FROM lack l "
	"WHERE l.capture = c.capture) FROM p c GROUP BY c.capture "
	"UNION ALL "
	"SELECT 2, h.name || ' /proc captures', 'procpid', 'snapshots', g.present, "
	"g.missing, g.interval_us / 1e6, CASE WHEN g.missing > 0 THEN g.largest_us / 1e6 "
	"END, CASE WHEN g.missing > 0 THEN strftime('%Y-%m-%d %H:%M:%S', g.gap_us / 1e6, "
	"'unixepoch') END, NULL FROM sgaps g JOIN host h USING (host_id) "
	"WHERE g.present >= 6 "
	"UNION ALL "
	"SELECT 3, s.path, s.format, d.kind, count(g.segment_id), coalesce(sum(g.truncated), "
	"0), NULL, NULL, NULL, nullif(trim(CASE WHEN d.truncated THEN 'the file has ' || "
	"pm_human(d.size_bytes, 'bytes') || ' of ' || pm_human(max(g.file_offset + "
	"g.filesz), 'bytes') || '; ' ELSE '' END || CASE WHEN sum(g.filtered) > 0 THEN "
	"sum(g.filtered) || ' segments not saved (coredump_filter)' ELSE '' END, '; '), '') "
	"FROM dump d JOIN source s USING (source_id) "
	"LEFT JOIN dump_segment g USING (dump_id) GROUP BY d.dump_id "
	"UNION ALL "
	"SELECT 4, path, format, status, rows, warnings + errors, NULL, NULL, NULL, message "
	"FROM source WHERE status <> 'ok' "
	"UNION ALL "
	"SELECT 5, min(path), NULL, 'skipped', count(*), count(*), NULL, NULL, NULL, reason "
	"FROM skipped GROUP BY reason"
	") ORDER BY o, source, kind";

static int exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s;
	int yes = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i)) : NULL;
}

static char *dup_or_empty(sqlite3_stmt *s, int i)
{
	char *t = col_text(s, i);

	return t ? t : xstrdup("");
}

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "pmortem: report: %s: %s\n", what, sqlite3_errmsg(db));
	return -1;
}

/* Run sql (optionally binding the window to ?1 ?2) into a table. */
static int table_load(struct rtable *t, sqlite3 *db, const char *title,
		      const char *sql, const struct report_opts *o, size_t max_rows)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	t->title = xstrdup(title);
	t->sql = xstrdup(sql);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(db, title);
	if (sqlite3_bind_parameter_count(s) >= 2) {
		sqlite3_bind_int64(s, 1, o->from_us);
		sqlite3_bind_int64(s, 2, o->to_us);
	}
	t->ncols = (size_t)sqlite3_column_count(s);
	t->cols = xcalloc(t->ncols, sizeof(char *));
	t->numeric = xcalloc(t->ncols, sizeof(int));
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i] = xstrdup(sqlite3_column_name(s, (int)i));
	for (size_t i = 0; i < t->ncols; i++)
		t->numeric[i] = 1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && t->nrows < max_rows) {
		t->cells = xgrow(t->cells, &cap, (t->nrows + 1) * t->ncols, sizeof(char *));
		for (size_t i = 0; i < t->ncols; i++) {
			int ty = sqlite3_column_type(s, (int)i);
			char *v = col_text(s, (int)i);

			if (ty == SQLITE_FLOAT) {
				char buf[40];

				snprintf(buf, sizeof(buf), "%.6g",
					 sqlite3_column_double(s, (int)i));
				free(v);
				v = xstrdup(buf);
			}
			if (ty == SQLITE_TEXT || ty == SQLITE_BLOB)
				t->numeric[i] = 0;
			t->cells[t->nrows * t->ncols + i] = v;
		}
		t->nrows++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(db, title);
	return 0;
}

static void table_release(struct rtable *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cells);
	free(t->cols);
	free(t->numeric);
	free(t->title);
	free(t->sql);
	memset(t, 0, sizeof(*t));
}

/* ---- events ------------------------------------------------------------ */

const struct revent *report_event(const struct report_model *m, int64_t id)
{
	for (size_t i = 0; i < m->nevents; i++)
		if (m->events[i].id == id)
			return &m->events[i];
	return NULL;
}

static int event_add(struct report_model *m, sqlite3 *db, int64_t id, size_t *cap)
{
	sqlite3_stmt *s;
	struct revent *e;
	char buf[64];
	int rc;

	if (report_event(m, id))
		return 0;
	if (sqlite3_prepare_v2(db,
		"SELECT e.start_us, e.end_us, e.series_id, e.kind, e.metric, e.instance, "
		"coalesce(s.unit, ''), h.name, e.baseline, e.peak, coalesce(e.score, 0), "
		"coalesce((SELECT src.path || coalesce(':' || x.line, '') FROM sample x "
		" JOIN source src USING (source_id) WHERE x.series_id = e.series_id "
		" AND x.ts_us = e.start_us), (SELECT src.path || coalesce(':' || k.line, '') "
		" FROM kernel_event k JOIN source src USING (source_id) "
		" WHERE k.event_id = e.kernel_event_id)) "
		", e.series_id IS NULL, coalesce(e.detail, '') "
		"FROM event e LEFT JOIN series s USING (series_id) JOIN host h "
		"ON h.host_id = e.host_id WHERE e.event_id = ?1", -1, &s, NULL) != SQLITE_OK)
		return fail(db, "event");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		m->events = xgrow(m->events, cap, m->nevents + 1, sizeof(*m->events));
		e = &m->events[m->nevents++];
		memset(e, 0, sizeof(*e));
		e->id = id;
		e->start_us = sqlite3_column_int64(s, 0);
		e->end_us = sqlite3_column_int64(s, 1);
		e->series_id = sqlite3_column_int64(s, 2);
		e->kind = dup_or_empty(s, 3);
		e->metric = dup_or_empty(s, 4);
		e->instance = dup_or_empty(s, 5);
		e->unit = dup_or_empty(s, 6);
		e->host = dup_or_empty(s, 7);
		if (sqlite3_column_int(s, 12)) {
			/* a kernel event: no values, its message says it */
			const char *msg = (const char *)sqlite3_column_text(s, 13);

			size_t n = msg ? strlen(msg) : 0;

			e->before = xstrdup("");
			e->after = xstrndup(msg ? msg : "", n < 72 ? n : 72);
		} else {
			human_value(sqlite3_column_double(s, 8), e->unit, buf, sizeof(buf));
			e->before = xstrdup(buf);
			human_value(sqlite3_column_double(s, 9), e->unit, buf, sizeof(buf));
			e->after = xstrdup(buf);
		}
		e->score = sqlite3_column_double(s, 10);
		e->source = dup_or_empty(s, 11);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(db, "event");
}

/* ---- findings and chains ---------------------------------------------- */

static int findings_load(struct report_model *m, sqlite3 *db,
			 const struct report_opts *o, size_t *ecap)
{
	sqlite3_stmt *s, *ev;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db,
		"SELECT finding_id, rule, severity, title, summary, advice, "
		"coalesce(host, ''), start_us, end_us, evidence_sql FROM v_finding "
		"WHERE coalesce(end_us, start_us) >= ?1 AND start_us <= ?2",
		-1, &s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"SELECT event_id, role, series_id FROM finding_evidence "
		"WHERE finding_id = ?1 ORDER BY CASE role WHEN 'cause' THEN 0 "
		"WHEN 'effect' THEN 1 ELSE 2 END, rowid", -1, &ev, NULL) != SQLITE_OK)
		return fail(db, "findings");
	sqlite3_bind_int64(s, 1, o->from_us);
	sqlite3_bind_int64(s, 2, o->to_us);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rfinding *f;
		size_t ec = 0, sc = 0, rcap = 0;

		m->findings = xgrow(m->findings, &cap, m->nfindings + 1, sizeof(*f));
		f = &m->findings[m->nfindings++];
		memset(f, 0, sizeof(*f));
		f->id = sqlite3_column_int64(s, 0);
		f->rule = dup_or_empty(s, 1);
		f->severity = dup_or_empty(s, 2);
		f->title = dup_or_empty(s, 3);
		f->summary = dup_or_empty(s, 4);
		f->advice = dup_or_empty(s, 5);
		f->host = dup_or_empty(s, 6);
		f->start_us = sqlite3_column_int64(s, 7);
		f->end_us = sqlite3_column_int64(s, 8);
		f->evidence_sql = dup_or_empty(s, 9);
		sqlite3_reset(ev);
		sqlite3_bind_int64(ev, 1, f->id);
		while (sqlite3_step(ev) == SQLITE_ROW) {
			if (sqlite3_column_type(ev, 0) != SQLITE_NULL) {
				int64_t id = sqlite3_column_int64(ev, 0);

				f->events = xgrow(f->events, &ec, f->nevents + 1, sizeof(int64_t));
				f->roles = xgrow(f->roles, &rcap, f->nevents + 1, sizeof(char *));
				f->roles[f->nevents] = dup_or_empty(ev, 1);
				f->events[f->nevents++] = id;
				if (event_add(m, db, id, ecap) < 0)
					goto out;
			}
			if (sqlite3_column_type(ev, 2) != SQLITE_NULL) {
				int64_t sid = sqlite3_column_int64(ev, 2);
				size_t k;

				for (k = 0; k < f->nseries && f->series[k] != sid; k++)
					;
				if (k == f->nseries) {
					f->series = xgrow(f->series, &sc, f->nseries + 1, sizeof(int64_t));
					f->series[f->nseries++] = sid;
				}
			}
		}
	}
out:
	sqlite3_finalize(ev);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(db, "findings");
}

struct edge {
	int64_t cause, effect, finding;
	double lag;
};

static void chain_walk(struct report_model *m, const struct edge *e, size_t ne,
		       int64_t *path, double *lags, size_t depth, int64_t finding,
		       size_t *cap)
{
	int extended = 0;

	for (size_t i = 0; i < ne && depth < 8; i++) {
		int seen = 0;

		if (e[i].cause != path[depth - 1])
			continue;
		for (size_t k = 0; k < depth; k++)
			seen |= path[k] == e[i].effect;
		if (seen)
			continue;
		path[depth] = e[i].effect;
		lags[depth - 1] = e[i].lag;
		extended = 1;
		chain_walk(m, e, ne, path, lags, depth + 1, finding, cap);
	}
	if (!extended && depth > 1 && m->nchains < MAX_CHAINS) {
		struct rchain *c;

		m->chains = xgrow(m->chains, cap, m->nchains + 1, sizeof(*c));
		c = &m->chains[m->nchains++];
		c->finding = finding;
		c->n = depth;
		c->events = xmalloc(depth * sizeof(int64_t));
		c->lags = xmalloc(depth * sizeof(double));
		memcpy(c->events, path, depth * sizeof(int64_t));
		memcpy(c->lags, lags, (depth - 1) * sizeof(double));
		c->lags[depth - 1] = 0;
	}
}

/* Links compose: a chain starts at a cause that is nobody's effect. */
static int chains_load(struct report_model *m, sqlite3 *db, size_t *ecap)
{
	sqlite3_stmt *s;
	struct edge *e = NULL;
	size_t ne = 0, cap = 0, ccap = 0;
	int64_t path[9];
	double lags[9];

	if (sqlite3_prepare_v2(db,
		"SELECT l.cause_event_id, l.effect_event_id, coalesce(l.finding_id, 0), "
		"l.lag_s FROM causal_link l JOIN event c ON c.event_id = l.cause_event_id "
		"ORDER BY c.start_us, l.link_id", -1, &s, NULL) != SQLITE_OK)
		return fail(db, "causal links");
	while (sqlite3_step(s) == SQLITE_ROW) {
		e = xgrow(e, &cap, ne + 1, sizeof(*e));
		e[ne].cause = sqlite3_column_int64(s, 0);
		e[ne].effect = sqlite3_column_int64(s, 1);
		e[ne].finding = sqlite3_column_int64(s, 2);
		e[ne++].lag = sqlite3_column_double(s, 3);
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < ne; i++) {
		int is_effect = 0, started = 0;

		for (size_t k = 0; k < ne; k++)
			is_effect |= e[k].effect == e[i].cause;
		for (size_t k = 0; k < i; k++)
			started |= e[k].cause == e[i].cause;
		if (is_effect || started)
			continue;
		path[0] = e[i].cause;
		chain_walk(m, e, ne, path, lags, 1, e[i].finding, &ccap);
	}
	for (size_t i = 0; i < ne; i++)
		if (event_add(m, db, e[i].cause, ecap) < 0 ||
		    event_add(m, db, e[i].effect, ecap) < 0) {
			free(e);
			return -1;
		}
	free(e);
	return 0;
}

/* ---- chart data --------------------------------------------------------- */

static int series_load_one(struct report_model *m, sqlite3 *db, int64_t id,
			   int in_finding, const struct report_opts *o, size_t *cap)
{
	sqlite3_stmt *s;
	struct rseries *r;
	size_t n = 0, cap_pts = 0, stride;
	int64_t count = 0;

	for (size_t i = 0; i < m->nseries; i++)
		if (m->series[i].id == id) {
			m->series[i].in_finding |= in_finding;
			return 0;
		}
	if (m->nseries >= MAX_CHART_SERIES)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sample WHERE series_id = ?1 "
			       "AND ts_us BETWEEN ?2 AND ?3", -1, &s, NULL) != SQLITE_OK)
		return fail(db, "series");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, o->from_us);
	sqlite3_bind_int64(s, 3, o->to_us);
	if (sqlite3_step(s) == SQLITE_ROW)
		count = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (count == 0 || m->points + 2 > REPORT_POINTS)
		return 0;
	/* buckets of `stride` samples keep their min and max */
	stride = (size_t)((count + SERIES_POINTS / 2 - 1) / (SERIES_POINTS / 2));
	if (stride < 1)
		stride = 1;
	if (sqlite3_prepare_v2(db,
		"SELECT x.ts_us, x.value, s.metric, s.instance, s.unit, h.name "
		"FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id) "
		"WHERE x.series_id = ?1 AND x.ts_us BETWEEN ?2 AND ?3 ORDER BY x.ts_us",
		-1, &s, NULL) != SQLITE_OK)
		return fail(db, "series");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, o->from_us);
	sqlite3_bind_int64(s, 3, o->to_us);
	m->series = xgrow(m->series, cap, m->nseries + 1, sizeof(*m->series));
	r = &m->series[m->nseries++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->in_finding = in_finding;
	{
		size_t in_bucket = 0;
		int64_t tmin = 0, tmax = 0;
		double vmin = 0, vmax = 0;

		while (sqlite3_step(s) == SQLITE_ROW) {
			int64_t t = sqlite3_column_int64(s, 0);
			double v = sqlite3_column_type(s, 1) == SQLITE_NULL
					   ? NAN : sqlite3_column_double(s, 1);

			if (!r->metric) {
				r->metric = dup_or_empty(s, 2);
				r->instance = dup_or_empty(s, 3);
				r->unit = dup_or_empty(s, 4);
				r->host = dup_or_empty(s, 5);
			}
			if (stride == 1) {
				r->ts_us = xgrow(r->ts_us, &cap_pts, n + 1, sizeof(int64_t));
				r->values = xrealloc(r->values, cap_pts * sizeof(double));
				r->ts_us[n] = t;
				r->values[n++] = v;
				continue;
			}
			if (in_bucket == 0 || v < vmin)
				vmin = v, tmin = t;
			if (in_bucket == 0 || v > vmax)
				vmax = v, tmax = t;
			if (++in_bucket == stride) {
				r->ts_us = xgrow(r->ts_us, &cap_pts, n + 2, sizeof(int64_t));
				r->values = xrealloc(r->values, cap_pts * sizeof(double));
				r->ts_us[n] = tmin < tmax ? tmin : tmax;
				r->values[n++] = tmin < tmax ? vmin : vmax;
				if (tmin != tmax) {
					r->ts_us[n] = tmin < tmax ? tmax : tmin;
					r->values[n++] = tmin < tmax ? vmax : vmin;
				}
				in_bucket = 0;
			}
		}
		if (in_bucket) {
			r->ts_us = xgrow(r->ts_us, &cap_pts, n + 1, sizeof(int64_t));
			r->values = xrealloc(r->values, cap_pts * sizeof(double));
			r->ts_us[n] = tmax;
			r->values[n++] = vmax;
		}
	}
	r->n = n;
	m->points += (int64_t)n;
	sqlite3_finalize(s);
	return 0;
}

static int series_load(struct report_model *m, sqlite3 *db, const struct report_opts *o)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0; i < m->nfindings && rc == 0; i++)
		for (size_t k = 0; k < m->findings[i].nseries && rc == 0; k++)
			rc = series_load_one(m, db, m->findings[i].series[k], 1, o, &cap);
	for (size_t i = 0; i < m->nevents && rc == 0; i++)
		rc = series_load_one(m, db, m->events[i].series_id, 0, o, &cap);
	if (rc)
		return rc;
	/* everything else, for the chooser, while the budget lasts */
	if (sqlite3_prepare_v2(db, "SELECT series_id FROM series ORDER BY metric, "
			       "instance, series_id", -1, &s, NULL) != SQLITE_OK)
		return fail(db, "series");
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW)
		rc = series_load_one(m, db, sqlite3_column_int64(s, 0), 0, o, &cap);
	sqlite3_finalize(s);
	return rc;
}

/* ---- the model -------------------------------------------------------- */

int report_model_load(struct report_model *m, sqlite3 *db, const struct report_opts *o)
{
	sqlite3_stmt *s;
	size_t ecap = 0, scap = 0;
	int want_series = o->dygraphs_dir != NULL;

	memset(m, 0, sizeof(*m));
	if (sqlite3_prepare_v2(db, "SELECT min(first_us), max(last_us), "
			       "(SELECT count(*) FROM skipped) FROM source "
			       "WHERE status <> 'rejected'", -1, &s, NULL) != SQLITE_OK)
		return fail(db, "sources");
	if (sqlite3_step(s) == SQLITE_ROW) {
		m->first_us = sqlite3_column_int64(s, 0);
		m->last_us = sqlite3_column_int64(s, 1);
		m->skipped = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (o->from_us > m->first_us)
		m->first_us = o->from_us;
	if (o->to_us < m->last_us)
		m->last_us = o->to_us;
	if (table_load(&m->hosts, db, "Hosts",
		       "SELECT name, os, kernel, arch, ncpu, coalesce(mem_bytes, (SELECT "
		       "CAST(x.value AS INTEGER) FROM series s JOIN sample x USING (series_id) WHERE "
		       "s.host_id = host.host_id AND s.metric = 'meminfo.MemTotal' "
		       "ORDER BY x.ts_us DESC LIMIT 1)) AS mem_bytes, tz FROM host "
		       "WHERE name <> 'unknown' OR NOT EXISTS (SELECT 1 FROM host "
		       "WHERE name <> 'unknown') ORDER BY name", o, 100) < 0 ||
	    table_load(&m->sources, db, "Sources",
		       "SELECT path, format, status, rows, warnings + errors AS problems, "
		       "first_ts, last_ts, time_origin, message FROM v_source "
		       "ORDER BY path", o, 10000) < 0 ||
	    table_load(&m->completeness, db, "Completeness", completeness_sql, o, 10000) < 0 ||
	    findings_load(m, db, o, &ecap) < 0 ||
	    chains_load(m, db, &ecap) < 0)
		return -1;
	/* the timeline: the strongest events and the kernel's own */
	if (sqlite3_prepare_v2(db, "SELECT event_id FROM event WHERE start_us "
			       "BETWEEN ?1 AND ?2 AND (series_id IS NULL OR event_id IN "
			       "(SELECT event_id FROM event WHERE series_id IS NOT NULL "
			       "AND metric NOT LIKE 'vmstat.%' "
			       "ORDER BY score DESC, event_id LIMIT ?3)) ORDER BY start_us "
			       "LIMIT 200",
			       -1, &s, NULL) != SQLITE_OK)
		return fail(db, "timeline");
	sqlite3_bind_int64(s, 1, o->from_us);
	sqlite3_bind_int64(s, 2, o->to_us);
	sqlite3_bind_int(s, 3, TIMELINE_EVENTS);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (event_add(m, db, sqlite3_column_int64(s, 0), &ecap) < 0) {
			sqlite3_finalize(s);
			return -1;
		}
	sqlite3_finalize(s);
	if (table_load(&m->timeline, db, "Timeline",
		       "SELECT strftime('%Y-%m-%d %H:%M:%S', start_us / 1e6, 'unixepoch') AS ts, "
		       "CASE WHEN series_id IS NULL THEN 'kernel' ELSE 'event' END AS what, "
		       "kind, metric || CASE instance WHEN '' THEN '' ELSE "
		       "' [' || instance || ']' END AS subject, event_id AS ref, "
		       "start_us AS ts_us FROM event WHERE start_us BETWEEN ?1 AND ?2 AND "
		       "(series_id IS NULL OR event_id IN (SELECT event_id FROM event "
		       "WHERE series_id IS NOT NULL AND metric NOT LIKE 'vmstat.%' "
		       "ORDER BY score DESC, event_id LIMIT 40)) "
		       "ORDER BY start_us, event_id LIMIT 200",
		       o, 200) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(section_table) / sizeof(section_table[0]); i++) {
		struct rtable t;

		if (!exists(db, section_table[i].needs))
			continue;
		if (table_load(&t, db, section_table[i].title, section_table[i].sql, o, 50) < 0)
			return -1;
		if (t.nrows == 0) {
			table_release(&t);
			continue;
		}
		m->sections = xgrow(m->sections, &scap, m->nsections + 1, sizeof(t));
		m->sections[m->nsections++] = t;
	}
	if (want_series && series_load(m, db, o) < 0)
		return -1;
	return 0;
}

void report_model_release(struct report_model *m)
{
	table_release(&m->hosts);
	table_release(&m->sources);
	table_release(&m->completeness);
	table_release(&m->timeline);
	for (size_t i = 0; i < m->nsections; i++)
		table_release(&m->sections[i]);
	free(m->sections);
	for (size_t i = 0; i < m->nfindings; i++) {
		struct rfinding *f = &m->findings[i];

		free(f->rule), free(f->severity), free(f->title), free(f->summary);
		free(f->advice), free(f->host), free(f->evidence_sql);
		for (size_t k = 0; k < f->nevents; k++)
			free(f->roles[k]);
		free(f->roles), free(f->events), free(f->series);
	}
	free(m->findings);
	for (size_t i = 0; i < m->nchains; i++)
		free(m->chains[i].events), free(m->chains[i].lags);
	free(m->chains);
	for (size_t i = 0; i < m->nevents; i++) {
		struct revent *e = &m->events[i];

		free(e->kind), free(e->metric), free(e->instance), free(e->unit);
		free(e->host), free(e->before), free(e->after), free(e->source);
	}
	free(m->events);
	for (size_t i = 0; i < m->nseries; i++) {
		struct rseries *r = &m->series[i];

		free(r->host), free(r->metric), free(r->instance), free(r->unit);
		free(r->ts_us), free(r->values);
	}
	free(m->series);
	memset(m, 0, sizeof(*m));
}

int report_write(sqlite3 *db, const char *format, const struct report_opts *o, FILE *f)
{
	const struct report_format *rf = report_find(format);
	struct report_model m;
	struct report_opts oo = *o;
	int rc;

	if (!rf) {
		fprintf(stderr, "pmortem: report: unknown format '%s'\n", format);
		return -1;
	}
	if (!rf->wants_series)
		oo.dygraphs_dir = NULL;
	else if (!oo.dygraphs_dir)
		oo.dygraphs_dir = "/usr/share/javascript/dygraphs";
	if (report_model_load(&m, db, &oo) < 0) {
		report_model_release(&m);
		return -1;
	}
	rc = rf->write(&m, &oo, f);
	report_model_release(&m);
	return rc;
}
