/*
 * store.h - the SQLite database behind pmortem.
 *
 * The store owns the connection, the schema (src/schema.sql, embedded)
 * and its migrations, and implements the importers' sink: one transaction
 * per source, batched prepared statements, samples buffered and written in
 * (series, time) order so the clustered sample table is appended to rather
 * than scattered into.
 *
 * Record writers for the other domains live in their own files
 * (store_proc.c, store_dump.c, store_capture.c, ...): each exports one
 * `void store_X_sink(struct store *st, struct sink *s)` that fills its
 * callbacks, called from store_sink_init(), and uses store_stmt() for its
 * statements and store_source_id() / store_host_id() for the keys.
 */
#ifndef PMORTEM_STORE_H
#define PMORTEM_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "importer.h"

struct store;

/* Open (creating and migrating) the database; NULL with a message on
 * stderr when it cannot.  readonly opens with SQLITE_OPEN_READONLY. */
struct store *store_open(const char *path, int readonly);
/* Read the database file through a mapping (analyze: its many reads of
 * samples go much faster).  Not for an import: every page it touched
 * would stay resident, and its memory would grow with the database.
 * 0 or -1. */
int store_map_reads(struct store *st);
void store_close(struct store *st);
sqlite3 *store_db(struct store *st);

/* A prepared statement for sql, cached for the life of the store (keyed by
 * the sql pointer: pass string literals).  Reset and unbound on return. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/* The same, reset but not unbound: for a statement whose caller binds
 * every parameter on every use (a row per mapping). */
sqlite3_stmt *store_stmt_bound(struct store *st, const char *sql);
/* Report a failed sqlite3 call: "pmortem: what: <sqlite3_errmsg>", -1. */
int store_fail(struct store *st, const char *what);

/* --- one source at a time -------------------------------------------- */
/* Is a source with this sha256 (hex) already in? Its id, or 0. */
int64_t store_find_source(struct store *st, const char *sha256);
/* The sha256 of a source that was not hashed (walk_opts.no_hash) starts
 * with this and is unique in its database: no earlier source, rejected or
 * not, can have it. */
#define STORE_UNHASHED "unhashed "
/* Begin a source: opens its transaction.  Returns 0 or -1. */
int store_source_begin(struct store *st, const char *path, const char *sha256,
		       uint64_t size, const struct importer *imp);
/* The sink writing into the current source (valid until _end). */
struct sink *store_sink(struct store *st);
int64_t store_source_id(struct store *st);
/* The current host's id (the sink's host() sets it; created on demand as
 * "unknown" when an importer writes before naming one). */
int64_t store_host_id(struct store *st);
/* Finish: commit when result is IMPORT_OK, else roll back and record the
 * source as rejected.  time_origin may be NULL. Returns rows written, -1. */
int64_t store_source_end(struct store *st, int result, struct diag *dg,
			 const char *time_origin);
/* Abandon the current source without a trace (it turned out to be a
 * duplicate of one already imported). */
void store_source_abort(struct store *st);
/* Set the sha256 of a streamed source once all its bytes were read;
 * returns the id of an earlier source with the same bytes, or 0. */
int64_t store_source_set_sha(struct store *st, const char *sha256);
/* The host sources are about when they name none (bundle default). */
void store_set_default_host(const char *name);
/* Extend the current source's first/last time (domain writers). */
void store_note_time(struct store *st, int64_t ts_us);
/* The id the next source will get (a bundle's first). */
int64_t store_next_source_id(struct store *st);
/* After a bundle: when its sources named exactly one host, give that host
 * what its host-less sources (a plain meminfo copy) wrote under 'unknown'.
 * Returns 1 when it moved something, 0 when not, -1 on error. */
int store_adopt_orphans(struct store *st, int64_t first_source_id);
/* Record a file nobody imports. */
void store_skipped(struct store *st, const char *path, const char *reason);

/* Per-domain sink writers (see the top of this file). */
void store_proc_sink(struct store *st, struct sink *s);
void store_dump_sink(struct store *st, struct sink *s);
void store_capture_sink(struct store *st, struct sink *s);
void store_strace_sink(struct store *st, struct sink *s);   /* store_strace.c */
/* tcpdump's part of the capture writers (store_tcpdump.c) */
void store_tcpdump_sink(struct store *st, struct sink *s);
void store_strings_sink(struct store *st, struct sink *s);

/* Count a written row towards source.rows (domain writers call this). */
void store_count_row(struct store *st);

#endif
