/*
 * store.c - the SQLite database: schema, migrations, one transaction per
 * source, and the sink importers write into.
 *
 * Why it looks like this:
 *  - The schema is src/schema.sql, compiled in (build/gen/schema_sql.c);
 *    PRAGMA user_version is its version and migrations[] lifts an older
 *    database one step at a time.
 *  - A source is imported inside one transaction: it lands whole or not
 *    at all.  A rejected source still gets its `source` row (status
 *    'rejected', with its diagnostics) written after the rollback, so users
 *    see what was refused and why.
 *  - sar text arrives time-major (every series of one timestamp, then the
 *    next), but the sample table is clustered by (series, time).  Inserting
 *    in arrival order scatters writes across the B-tree (sqlite3 .import
 *    manages ~150 k rows/s that way); so samples are buffered (bounded,
 *    SAMPLE_BATCH), sorted by (series, time), and written in order, which
 *    turns the insert into appends at the end of each series' range.
 *  - Series and metric lookups are cached per source in a hash table, so a
 *    series costs one SELECT per source, not one per sample.
 *  - Memory is bounded: the page cache at 64 MiB (cache_size), the sample
 *    buffer at SAMPLE_BATCH x 32 bytes (32 MiB), the series cache at one
 *    entry per series of the source.  A source bigger than the page cache
 *    spills its pages into the WAL during its transaction; so the WAL, on
 *    disk, grows to the size of the biggest source (uncommitted frames
 *    cannot be checkpointed), and every page is written twice (WAL, then
 *    the checkpoint after COMMIT copies it into the database): the price of
 *    WAL mode with one transaction per source.  journal_size_limit shrinks
 *    the WAL back to 64 MiB after that checkpoint, so a long multi-source
 *    import does not keep the peak on disk.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "human.h"
#include "store.h"
#include "util.h"

#define SCHEMA_VERSION 1
#define SAMPLE_BATCH (1u << 20)   /* samples buffered before a sorted flush */
#define STMT_CACHE 96

extern const char pm_schema_sql[];
/* the empty database pm_schema_sql makes (tools/embed-db.sh); _len 0 when
 * the build had no sqlite3 shell */
extern const unsigned char pm_schema_db[];
extern const unsigned long pm_schema_db_len;

struct sample_buf {
	int64_t series, ts_us, line;
	double value;
};

struct series_key {               /* cache entry: (host, metric, instance) */
	int64_t host_id;
	char *metric, *instance;
	int64_t series_id;
	uint64_t hash;
};

struct store {
	sqlite3 *db;
	int readonly;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} stmts[STMT_CACHE];
	size_t nstmts;

	/* the source being imported */
	int in_source;
	int64_t source_id;
	int64_t host_id;          /* current host, 0 = none named yet */
	int64_t first_host_id;
	int64_t rows;
	int64_t dup_samples;
	int64_t first_us, last_us;
	int failed;               /* a write failed: the source is rejected */
	char *path, *sha256, *format;
	uint64_t size;
	int importer_version;
	struct sink sink;

	struct sample_buf *samples;
	size_t nsamples;

	struct series_key *keys;  /* open addressing, power-of-two capacity */
	size_t nkeys, cap_keys;
	char **metrics_seen;      /* metric names already in the catalog */
	size_t nmetrics, cap_metrics;
	int from_image;           /* a new in-memory database, a copy of pm_schema_db */
};

static int64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

int store_fail(struct store *st, const char *what)
{
	fprintf(stderr, "pmortem: %s: %s\n", what, sqlite3_errmsg(st->db));
	return -1;
}

static int exec(struct store *st, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "pmortem: sqlite3_exec: %s\n", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *stmt_get(struct store *st, const char *sql, int clear)
{
	sqlite3_stmt *s;

	for (size_t i = 0; i < st->nstmts; i++)
		if (st->stmts[i].sql == sql) {
			sqlite3_reset(st->stmts[i].stmt);
			if (clear)
				sqlite3_clear_bindings(st->stmts[i].stmt);
			return st->stmts[i].stmt;
		}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
			       NULL) != SQLITE_OK) {
		store_fail(st, "sqlite3_prepare_v3");
		fprintf(stderr, "pmortem: in: %s\n", sql);
		return NULL;
	}
	if (st->nstmts < STMT_CACHE) {
		st->stmts[st->nstmts].sql = sql;
		st->stmts[st->nstmts++].stmt = s;
	} else {
		/* cache full: a programming error, but keep working */
		fprintf(stderr, "pmortem: statement cache full\n");
	}
	return s;
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	return stmt_get(st, sql, 1);
}

sqlite3_stmt *store_stmt_bound(struct store *st, const char *sql)
{
	return stmt_get(st, sql, 0);
}

/* ---- schema and migrations ------------------------------------------ */

/* migrations[v] lifts a database from version v to v+1 (index 0: empty
 * database to version 1 is the schema itself). */
static const char *const migrations[] = {
	NULL,
};

static int schema_init(struct store *st)
{
	sqlite3_stmt *s;
	int version = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "sqlite3_prepare_v2");
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > SCHEMA_VERSION) {
		fprintf(stderr, "pmortem: database schema version %d is newer than "
			"this pmortem (%d)\n", version, SCHEMA_VERSION);
		return -1;
	}
	if (st->readonly)
		return 0;
	if (st->from_image) {
		/* made by this build from this schema: only its version */
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
		return exec(st, sql);
	}
	for (int v = version; v > 0 && v < SCHEMA_VERSION; v++)
		if (migrations[v] && exec(st, migrations[v]) < 0)
			return -1;
	/* CREATE ... IF NOT EXISTS: adds what a newer schema has */
	if (exec(st, "BEGIN") < 0 || exec(st, pm_schema_sql) < 0) {
		exec(st, "ROLLBACK");
		return -1;
	}
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	if (exec(st, sql) < 0 || exec(st, "COMMIT") < 0)
		return -1;
	return 0;
}

static void register_functions(struct store *st);

/* BEGIN, COMMIT or ROLLBACK around a source: a cached statement, not
 * parsed again for each of the hundreds of files of a capture. */
static int tx(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, sql);
	return 0;
}

/* A new in-memory database starts as a copy of the empty one the build
 * made from the schema: SQLite then parses the schema once instead of
 * running every CREATE (a fifth of `pmortem smem DIR` on a small capture).
 * On any failure the database stays empty and the schema is run. */
static void load_image(struct store *st)
{
	unsigned char *img = sqlite3_malloc64(pm_schema_db_len);

	if (!img)
		return;
	memcpy(img, pm_schema_db, pm_schema_db_len);
	/* FREEONCLOSE: SQLite owns img from here, failure included */
	if (sqlite3_deserialize(st->db, "main", img, (sqlite3_int64)pm_schema_db_len,
				(sqlite3_int64)pm_schema_db_len,
				SQLITE_DESERIALIZE_FREEONCLOSE |
				SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK)
		st->from_image = 1;
}

struct store *store_open(const char *path, int readonly)
{
	struct store *st = xcalloc(1, sizeof(*st));
	/* A connection is only ever used by the thread that opened it
	 * (strscan's threads never touch the store): no per-call connection
	 * mutex, and no global allocation counters, whose mutex every
	 * sqlite3_malloc would take.  Together 7% of the instructions of a
	 * strace import.  sqlite3_config works only before SQLite initialises,
	 * so it is called once. */
	int flags = SQLITE_OPEN_NOMUTEX |
		    (readonly ? SQLITE_OPEN_READONLY
			      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	static int configured;

	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	st->readonly = readonly;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "pmortem: %s: cannot open database: %s\n", path,
			st->db ? sqlite3_errmsg(st->db) : strerror(errno));
		sqlite3_close(st->db);
		free(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_extended_result_codes(st->db, 1);
	if (!readonly && pm_schema_db_len && !strcmp(path, ":memory:"))
		load_image(st);
	/* synchronous first: a new database turns to WAL in a rollback-journal
	 * transaction, which then syncs as NORMAL does, not as FULL */
	if (!readonly && (exec(st, "PRAGMA synchronous=NORMAL") < 0 ||
			  exec(st, "PRAGMA journal_mode=WAL") < 0 ||
			  exec(st, "PRAGMA cache_size=-65536") < 0 ||
			  exec(st, "PRAGMA journal_size_limit=67108864") < 0)) {
		store_close(st);
		return NULL;
	}
	if (schema_init(st) < 0) {
		fprintf(stderr, "pmortem: %s: cannot set up the schema\n", path);
		store_close(st);
		return NULL;
	}
	register_functions(st);
	return st;
}

int store_map_reads(struct store *st)
{
	return exec(st, "PRAGMA mmap_size=17179869184");
}

static void keys_clear(struct store *st);

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	keys_clear(st);
	free(st->keys);
	free(st->metrics_seen);
	free(st->samples);
	if (sqlite3_close(st->db) != SQLITE_OK)
		store_fail(st, "sqlite3_close");
	free(st);
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

/* SQL functions every connection gets (users see them in `query` too). */
static void fn_ts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[40];

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	fmt_ts(sqlite3_value_int64(argv[0]), buf, sizeof(buf));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* pm_human(value, unit): "12.9 GiB", "634/s", "58.8%", "40 ms". */
static void fn_human(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *unit = (const char *)sqlite3_value_text(argv[1]);
	char buf[64];

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	human_value(sqlite3_value_double(argv[0]), unit ? unit : "", buf, sizeof(buf));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void register_functions(struct store *st)
{
	/* pm_ts(ts_us): 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC */
	sqlite3_create_function(st->db, "pm_ts", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_ts,
				NULL, NULL);
	sqlite3_create_function(st->db, "pm_human", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_human,
				NULL, NULL);
}

/* ---- series cache ---------------------------------------------------- */

static uint64_t hash_key(int64_t host, const char *m, const char *i)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)host;

	for (; *m; m++)
		h = (h ^ (unsigned char)*m) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *i; i++)
		h = (h ^ (unsigned char)*i) * 1099511628211ULL;
	return h;
}

static void keys_clear(struct store *st)
{
	for (size_t i = 0; i < st->cap_keys; i++) {
		free(st->keys[i].metric);
		free(st->keys[i].instance);
	}
	if (st->keys)
		memset(st->keys, 0, st->cap_keys * sizeof(*st->keys));
	st->nkeys = 0;
	for (size_t i = 0; i < st->nmetrics; i++)
		free(st->metrics_seen[i]);
	st->nmetrics = 0;
}

static struct series_key *key_slot(struct store *st, int64_t host,
				   const char *m, const char *inst, uint64_t h)
{
	size_t mask = st->cap_keys - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct series_key *k = &st->keys[i];

		if (!k->metric)
			return k;
		if (k->hash == h && k->host_id == host && !strcmp(k->metric, m) &&
		    !strcmp(k->instance, inst))
			return k;
	}
}

static void keys_grow(struct store *st)
{
	struct series_key *old = st->keys;
	size_t oldcap = st->cap_keys;

	st->cap_keys = oldcap ? oldcap * 2 : 1024;
	st->keys = xcalloc(st->cap_keys, sizeof(*st->keys));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].metric)
			*key_slot(st, old[i].host_id, old[i].metric,
				  old[i].instance, old[i].hash) = old[i];
	free(old);
}

static int metric_catalog(struct store *st, const char *metric,
			  const char *unit, const char *desc)
{
	sqlite3_stmt *s;

	for (size_t i = 0; i < st->nmetrics; i++)
		if (!strcmp(st->metrics_seen[i], metric))
			return 0;
	s = store_stmt(st, "INSERT INTO metric(metric, unit, description) "
			   "VALUES (?1, ?2, ?3) ON CONFLICT(metric) DO UPDATE "
			   "SET description = coalesce(metric.description, "
			   "excluded.description)");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	if (desc)
		sqlite3_bind_text(s, 3, desc, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert metric");
	/* keep the list short: it only saves repeated upserts */
	if (st->nmetrics < 4096) {
		st->metrics_seen = xgrow(st->metrics_seen, &st->cap_metrics,
					 st->nmetrics + 1, sizeof(char *));
		st->metrics_seen[st->nmetrics++] = xstrdup(metric);
	}
	return 0;
}

/* ---- the sink --------------------------------------------------------- */

static struct store *S(struct sink *s)
{
	return s->ctx;
}

static int64_t host_upsert(struct store *st, const struct host_rec *h)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO host(name, os, kernel, arch, ncpu, mem_bytes, tz) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(name) DO UPDATE SET "
		"os = coalesce(excluded.os, os), "
		"kernel = coalesce(excluded.kernel, kernel), "
		"arch = coalesce(excluded.arch, arch), "
		"ncpu = coalesce(excluded.ncpu, ncpu), "
		"mem_bytes = coalesce(excluded.mem_bytes, mem_bytes), "
		"tz = coalesce(excluded.tz, tz) RETURNING host_id");
	int64_t id = -1;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, h->name && *h->name ? h->name : "unknown", -1,
			  SQLITE_STATIC);
	if (h->os)
		sqlite3_bind_text(s, 2, h->os, -1, SQLITE_STATIC);
	if (h->kernel)
		sqlite3_bind_text(s, 3, h->kernel, -1, SQLITE_STATIC);
	if (h->arch)
		sqlite3_bind_text(s, 4, h->arch, -1, SQLITE_STATIC);
	if (h->ncpu > 0)
		sqlite3_bind_int(s, 5, h->ncpu);
	if (h->mem_bytes > 0)
		sqlite3_bind_int64(s, 6, h->mem_bytes);
	if (h->tz)
		sqlite3_bind_text(s, 7, h->tz, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else
		store_fail(st, "insert host");
	sqlite3_reset(s);
	return id;
}

static int sink_host(struct sink *sk, const struct host_rec *h)
{
	struct store *st = S(sk);
	int64_t id = host_upsert(st, h);

	if (id < 0) {
		st->failed = 1;
		return -1;
	}
	st->host_id = id;
	if (!st->first_host_id)
		st->first_host_id = id;
	return 0;
}

/* The host records are about when none was named: "unknown" until a
 * source of the bundle names one (the walker passes it in). */
static char default_host[256] = "unknown";

void store_set_default_host(const char *name)
{
	snprintf(default_host, sizeof(default_host), "%s",
		 name && *name ? name : "unknown");
}

int64_t store_host_id(struct store *st)
{
	if (!st->host_id) {
		struct host_rec h = { .name = default_host };
		/* a host named before: the upsert (with RETURNING) would only
		 * set its columns to themselves, at many times the cost */
		sqlite3_stmt *s = store_stmt(st, "SELECT host_id FROM host WHERE name = ?1");

		if (s) {
			sqlite3_bind_text(s, 1, default_host, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW) {
				st->host_id = sqlite3_column_int64(s, 0);
				if (!st->first_host_id)
					st->first_host_id = st->host_id;
			}
			sqlite3_reset(s);
		}
		if (!st->host_id)
			sink_host(&st->sink, &h);
	}
	return st->host_id;
}

static int64_t sink_series(struct sink *sk, const char *metric,
			   const char *instance, const char *unit,
			   const char *desc)
{
	struct store *st = S(sk);
	int64_t host = store_host_id(st);
	uint64_t h;
	struct series_key *k;
	sqlite3_stmt *s;
	int64_t id = -1;

	if (host < 0)
		return -1;
	if (!instance)
		instance = "";
	if (!unit)
		unit = "";
	if (st->nkeys * 2 >= st->cap_keys)
		keys_grow(st);
	h = hash_key(host, metric, instance);
	k = key_slot(st, host, metric, instance, h);
	if (k->metric)
		return k->series_id;
	if (metric_catalog(st, metric, unit, desc) < 0)
		goto fail;
	s = store_stmt(st, "INSERT INTO series(host_id, metric, instance, unit) "
			   "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
			   "unit = unit RETURNING series_id");
	if (!s)
		goto fail;
	sqlite3_bind_int64(s, 1, host);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, instance, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, unit, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (id < 0) {
		store_fail(st, "insert series");
		goto fail;
	}
	k->host_id = host;
	k->metric = xstrdup(metric);
	k->instance = xstrdup(instance);
	k->hash = h;
	k->series_id = id;
	st->nkeys++;
	return id;
fail:
	st->failed = 1;
	return -1;
}

static int cmp_sample(const void *a, const void *b)
{
	const struct sample_buf *x = a, *y = b;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (x->ts_us != y->ts_us)
		return x->ts_us < y->ts_us ? -1 : 1;
	return 0;
}

static int flush_samples(struct store *st)
{
	sqlite3_stmt *s;

	if (!st->nsamples)
		return 0;
	qsort(st->samples, st->nsamples, sizeof(*st->samples), cmp_sample);
	s = store_stmt(st, "INSERT INTO sample(series_id, ts_us, value, source_id, "
			   "line) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 4, st->source_id);
	for (size_t i = 0; i < st->nsamples; i++) {
		const struct sample_buf *x = &st->samples[i];

		sqlite3_bind_int64(s, 1, x->series);
		sqlite3_bind_int64(s, 2, x->ts_us);
		if (isfinite(x->value))
			sqlite3_bind_double(s, 3, x->value);
		else
			sqlite3_bind_null(s, 3);
		if (x->line > 0)
			sqlite3_bind_int64(s, 5, x->line);
		else
			sqlite3_bind_null(s, 5);
		if (sqlite3_step(s) != SQLITE_DONE) {
			st->nsamples = 0;
			return store_fail(st, "insert sample");
		}
		if (sqlite3_changes(st->db))
			st->rows++;
		else
			st->dup_samples++;
		sqlite3_reset(s);
	}
	st->nsamples = 0;
	return 0;
}

static void note_time(struct store *st, int64_t ts)
{
	if (ts == TS_UNKNOWN)
		return;
	if (st->first_us == TS_UNKNOWN || ts < st->first_us)
		st->first_us = ts;
	if (st->last_us == TS_UNKNOWN || ts > st->last_us)
		st->last_us = ts;
}

static int sink_sample(struct sink *sk, int64_t series, int64_t ts_us,
		       double value, int64_t line)
{
	struct store *st = S(sk);

	if (series <= 0 || ts_us == TS_UNKNOWN)
		return -1;
	if (!st->samples)
		st->samples = xmalloc(SAMPLE_BATCH * sizeof(*st->samples));
	st->samples[st->nsamples++] =
		(struct sample_buf){ series, ts_us, line, value };
	note_time(st, ts_us);
	if (st->nsamples == SAMPLE_BATCH && flush_samples(st) < 0) {
		st->failed = 1;
		return -1;
	}
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int sink_event(struct sink *sk, const struct event_rec *e)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO kernel_event(host_id, source_id, line, ts_us, "
		"ts_uncertainty_s, mono_s, kind, facility, level, pid, comm, message) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");

	if (!s)
		goto fail;
	sqlite3_bind_int64(s, 1, store_host_id(st));
	sqlite3_bind_int64(s, 2, st->source_id);
	if (e->line > 0)
		sqlite3_bind_int64(s, 3, e->line);
	if (e->ts_us != TS_UNKNOWN)
		sqlite3_bind_int64(s, 4, e->ts_us);
	if (e->ts_uncertainty_s > 0)
		sqlite3_bind_double(s, 5, e->ts_uncertainty_s);
	if (isfinite(e->mono_s))
		sqlite3_bind_double(s, 6, e->mono_s);
	sqlite3_bind_text(s, 7, e->kind ? e->kind : "line", -1, SQLITE_STATIC);
	bind_text_or_null(s, 8, e->facility);
	if (e->level >= 0)
		sqlite3_bind_int(s, 9, e->level);
	if (e->pid >= 0)
		sqlite3_bind_int64(s, 10, e->pid);
	bind_text_or_null(s, 11, e->comm);
	bind_text_or_null(s, 12, e->message);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, "insert kernel_event");
		goto fail;
	}
	st->rows++;
	note_time(st, e->ts_us);
	return 0;
fail:
	st->failed = 1;
	return -1;
}

struct sink *store_sink(struct store *st)
{
	return &st->sink;
}

int64_t store_source_id(struct store *st)
{
	return st->source_id;
}

void store_count_row(struct store *st)
{
	st->rows++;
}

void store_note_time(struct store *st, int64_t ts_us)
{
	note_time(st, ts_us);
}

static void sink_init(struct store *st)
{
	memset(&st->sink, 0, sizeof(st->sink));
	st->sink.ctx = st;
	st->sink.host = sink_host;
	st->sink.series = sink_series;
	st->sink.sample = sink_sample;
	st->sink.event = sink_event;
	store_proc_sink(st, &st->sink);
	store_dump_sink(st, &st->sink);
	store_strings_sink(st, &st->sink);
	store_capture_sink(st, &st->sink);
}

/* ---- sources ---------------------------------------------------------- */

/* A source that was rejected may be imported again (a newer pmortem, a
 * --format, a --date): only accepted sources count as already there. */
int64_t store_find_source(struct store *st, const char *sha256)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT source_id FROM source "
					 "WHERE sha256 = ?1 AND status <> 'rejected'");
	int64_t id = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

static int forget_rejected(struct store *st, const char *sha256)
{
	sqlite3_stmt *d = store_stmt(st, "DELETE FROM diagnostic WHERE source_id IN "
					 "(SELECT source_id FROM source WHERE sha256 = ?1 "
					 "AND status = 'rejected')");

	if (!d)
		return -1;
	sqlite3_bind_text(d, 1, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(d) != SQLITE_DONE)
		return store_fail(st, "delete diagnostic");
	d = store_stmt(st, "DELETE FROM source WHERE sha256 = ?1 AND "
			   "status = 'rejected'");
	if (!d)
		return -1;
	sqlite3_bind_text(d, 1, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(d) != SQLITE_DONE)
		return store_fail(st, "delete source");
	return 0;
}

static int64_t insert_source(struct store *st, const char *status)
{
	sqlite3_stmt *s;

	if (strncmp(st->sha256, STORE_UNHASHED, sizeof(STORE_UNHASHED) - 1) &&
	    forget_rejected(st, st->sha256) < 0)
		return -1;
	s = store_stmt(st,
		"INSERT INTO source(path, sha256, size_bytes, format, "
		"importer_version, status, imported_us) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, st->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)st->size);
	bind_text_or_null(s, 4, st->format);
	if (st->format)
		sqlite3_bind_int(s, 5, st->importer_version);
	sqlite3_bind_text(s, 6, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, now_us());
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert source");
	return sqlite3_last_insert_rowid(st->db);
}

int store_source_begin(struct store *st, const char *path, const char *sha256,
		       uint64_t size, const struct importer *imp)
{
	if (st->in_source)
		return -1;
	if (tx(st, "BEGIN") < 0)
		return -1;
	st->in_source = 1;
	st->path = xstrdup(path);
	/* a stream's hash is known only at its end: a unique placeholder */
	st->sha256 = sha256 ? xstrdup(sha256) : xasprintf("pending:%lld", (long long)now_us());
	st->format = imp ? xstrdup(imp->name) : NULL;
	st->importer_version = imp ? imp->version : 0;
	st->size = size;
	st->host_id = st->first_host_id = 0;
	st->rows = st->dup_samples = 0;
	st->first_us = st->last_us = TS_UNKNOWN;
	st->failed = 0;
	st->nsamples = 0;
	keys_clear(st);
	sink_init(st);
	st->source_id = insert_source(st, "importing");
	if (st->source_id < 0) {
		tx(st, "ROLLBACK");
		st->in_source = 0;
		return -1;
	}
	return 0;
}

static int write_diags(struct store *st, const struct diag *dg)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO diagnostic(source_id, "
					 "level, line, offset, message) "
					 "VALUES (?1, ?2, ?3, ?4, ?5)");

	if (!s)
		return -1;
	for (size_t i = 0; dg && i < dg->nmsgs; i++) {
		const struct diag_msg *m = &dg->msgs[i];

		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		sqlite3_bind_int64(s, 1, st->source_id);
		sqlite3_bind_text(s, 2, m->level == DIAG_ERROR ? "error" : "warning",
				  -1, SQLITE_STATIC);
		if (m->line > 0)
			sqlite3_bind_int64(s, 3, m->line);
		if (m->offset >= 0)
			sqlite3_bind_int64(s, 4, m->offset);
		sqlite3_bind_text(s, 5, m->text, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, "insert diagnostic");
	}
	return 0;
}

static const char *first_error(const struct diag *dg)
{
	for (size_t i = 0; dg && i < dg->nmsgs; i++)
		if (dg->msgs[i].level == DIAG_ERROR)
			return dg->msgs[i].text;
	return NULL;
}

static int finish_row(struct store *st, const char *status, struct diag *dg,
		      const char *time_origin, const char *message)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE source SET status = ?2, rows = ?3, warnings = ?4, "
		"errors = ?5, message = ?6, time_origin = ?7, first_us = ?8, "
		"last_us = ?9, host_id = ?10 WHERE source_id = ?1");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, st->source_id);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, st->rows);
	sqlite3_bind_int64(s, 4, dg ? (int64_t)dg->nwarn : 0);
	sqlite3_bind_int64(s, 5, dg ? (int64_t)dg->nerror : 0);
	bind_text_or_null(s, 6, message);
	bind_text_or_null(s, 7, time_origin);
	if (st->first_us != TS_UNKNOWN) {
		sqlite3_bind_int64(s, 8, st->first_us);
		sqlite3_bind_int64(s, 9, st->last_us);
	}
	if (st->first_host_id)
		sqlite3_bind_int64(s, 10, st->first_host_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "update source");
	return write_diags(st, dg);
}

static void source_reset(struct store *st)
{
	free(st->path);
	free(st->sha256);
	free(st->format);
	st->path = st->sha256 = st->format = NULL;
	st->in_source = 0;
	st->nsamples = 0;
	keys_clear(st);
}

int64_t store_source_end(struct store *st, int result, struct diag *dg,
			 const char *time_origin)
{
	char msg[512];
	int64_t rows;

	if (!st->in_source)
		return -1;
	if (result == IMPORT_OK && !st->failed && flush_samples(st) == 0) {
		const char *status = dg && (dg->nwarn || dg->nerror) ? "partial" : "ok";

		msg[0] = '\0';
		if (st->dup_samples)
			snprintf(msg, sizeof(msg), "%lld samples were already "
				 "present from another source",
				 (long long)st->dup_samples);
		if (finish_row(st, status, dg, time_origin, msg[0] ? msg : NULL) == 0 &&
		    tx(st, "COMMIT") == 0) {
			rows = st->rows;
			source_reset(st);
			return rows;
		}
	}
	/* rejected: nothing of it stays but its source row and diagnostics */
	tx(st, "ROLLBACK");
	const char *why = first_error(dg);
	if (!why)
		why = st->failed ? "the database refused a write" : "rejected";
	snprintf(msg, sizeof(msg), "%s", why);
	st->rows = 0;
	st->first_us = st->last_us = TS_UNKNOWN;
	st->first_host_id = 0;
	if (tx(st, "BEGIN") == 0) {
		st->source_id = insert_source(st, "rejected");
		if (st->source_id < 0 ||
		    finish_row(st, "rejected", dg, time_origin, msg) < 0 ||
		    tx(st, "COMMIT") < 0)
			tx(st, "ROLLBACK");
	}
	source_reset(st);
	return -1;
}

int64_t store_source_set_sha(struct store *st, const char *sha256)
{
	int64_t dup = store_find_source(st, sha256);
	sqlite3_stmt *s;

	if (dup)
		return dup;
	free(st->sha256);
	st->sha256 = xstrdup(sha256);
	if (forget_rejected(st, sha256) < 0)
		return -1;
	s = store_stmt(st, "UPDATE source SET sha256 = ?2 WHERE source_id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, st->source_id);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "update source");
	return 0;
}

void store_source_abort(struct store *st)
{
	if (!st->in_source)
		return;
	tx(st, "ROLLBACK");
	source_reset(st);
}

int64_t store_next_source_id(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce(max(source_id), 0) + 1 FROM source");
	int64_t id = 1;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return id;
}

/* Move what sources >= first wrote under the host 'unknown' to `to`.  A
 * series `to` already has (vmstat's paging.* lines up with sar's on
 * purpose) moves too, its instance naming the format it came from. */
static int adopt(struct store *st, int64_t first, int64_t from, int64_t to)
{
	sqlite3_stmt *tabs, *s;
	char *sql;
	int rc = 0;

	sql = sqlite3_mprintf(
		"CREATE TEMP TABLE IF NOT EXISTS adopt_series(old INTEGER, new INTEGER);"
		"DELETE FROM adopt_series;"
		"INSERT INTO adopt_series SELECT o.series_id, n.series_id FROM series o "
		" LEFT JOIN series n ON n.host_id = %lld AND n.metric = o.metric "
		" AND n.instance = o.instance WHERE o.host_id = %lld AND NOT EXISTS "
		" (SELECT 1 FROM sample x WHERE x.series_id = o.series_id AND x.source_id < %lld);"
		/* the host has this series already (sar and vmstat both give
		 * paging.majflt_per_s): keep both, the orphan named after its
		 * format, rather than interleave two samplings in one line */
		"UPDATE OR IGNORE series SET host_id = %lld, instance = "
		" CASE WHEN instance = '' THEN f.fmt ELSE instance || '@' || f.fmt END "
		" FROM (SELECT a.old AS sid, coalesce((SELECT s.format FROM source s WHERE "
		"  s.source_id = (SELECT min(x.source_id) FROM sample x WHERE x.series_id = a.old)), "
		"  'orphan') AS fmt FROM adopt_series a WHERE a.new IS NOT NULL) f "
		" WHERE series.series_id = f.sid;"
		"UPDATE series SET host_id = %lld WHERE series_id IN "
		" (SELECT old FROM adopt_series WHERE new IS NULL);",
		(long long)to, (long long)from, (long long)first, (long long)to,
		(long long)to);
	rc = exec(st, sql);
	sqlite3_free(sql);
	if (rc < 0)
		return -1;
	/* every other table that records a host and a source */
	if (sqlite3_prepare_v2(st->db, "SELECT m.name FROM sqlite_master m WHERE m.type = "
			       "'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) "
			       "WHERE name = 'host_id') AND EXISTS (SELECT 1 FROM "
			       "pragma_table_info(m.name) WHERE name = 'source_id') "
			       "ORDER BY m.name", -1, &tabs, NULL) != SQLITE_OK)
		return store_fail(st, "adopt");
	while (rc == 0 && sqlite3_step(tabs) == SQLITE_ROW) {
		sql = sqlite3_mprintf("UPDATE OR IGNORE \"%w\" SET host_id = %lld WHERE "
				      "host_id = %lld AND source_id >= %lld",
				      (const char *)sqlite3_column_text(tabs, 0),
				      (long long)to, (long long)from, (long long)first);
		rc = exec(st, sql);
		sqlite3_free(sql);
	}
	sqlite3_finalize(tabs);
	(void)s;
	return rc;
}

int store_adopt_orphans(struct store *st, int64_t first_source_id)
{
	sqlite3_stmt *s;
	int64_t unknown = 0, named = 0, nnamed = 0;

	if (sqlite3_prepare_v2(st->db,
		"SELECT h.host_id, h.name = 'unknown' FROM source s JOIN host h "
		"USING (host_id) WHERE s.source_id >= ?1 AND s.status <> 'rejected' "
		"GROUP BY h.host_id", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "adopt");
	sqlite3_bind_int64(s, 1, first_source_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_int(s, 1))
			unknown = sqlite3_column_int64(s, 0);
		else
			named = sqlite3_column_int64(s, 0), nnamed++;
	}
	sqlite3_finalize(s);
	if (!unknown || nnamed != 1)
		return 0;      /* nothing to adopt, or no single host to give it to */
	if (exec(st, "BEGIN") < 0)
		return -1;
	if (adopt(st, first_source_id, unknown, named) < 0) {
		exec(st, "ROLLBACK");
		return -1;
	}
	return exec(st, "COMMIT") < 0 ? -1 : 1;
}

void store_skipped(struct store *st, const char *path, const char *reason)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO skipped(path, reason, "
					 "seen_us) VALUES (?1, ?2, ?3)");

	if (!s)
		return;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_us());
	if (sqlite3_step(s) != SQLITE_DONE)
		store_fail(st, "insert skipped");
	sqlite3_reset(s);
}
