/*
 * smem_agg.h - smem's sums, in memory: processes and the sums of their
 * mappings per mapping name, and the rows `pmortem smem` prints from them.
 *
 * Two paths fill it and the same code turns it into rows, so the numbers
 * cannot differ between them:
 *   - from a database (cmd_smem.c): the process rows and plain SQL sums of
 *     the stored smaps fields per process and mapping name;
 *   - straight from a capture (smem_agg_target(): `pmortem smem DIR`
 *     without --db): the walker drives the smaps and procpid importers into
 *     a sink that merges process records as the store does (store_proc.c:
 *     a known value fills an unknown one, the earliest time wins, a
 *     mapping already held for the process is ignored, a rejected source
 *     leaves nothing) and adds each mapping to its (process, name) sums.
 * smem's arithmetic (USS = Private_Clean + Private_Dirty, which field is
 * which column, what a rollup-only process shows) is smem_values() and
 * smem_agg_rows(), nowhere else.
 */
#ifndef PMORTEM_SMEM_AGG_H
#define PMORTEM_SMEM_AGG_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "importer.h"

struct walk_target;

/* The value columns of a row, in bytes. */
enum { C_SWAP, C_USS, C_PSS, C_RSS, C_VSS, C_SWAPPSS, NV };

/* One output row before grouping: a process, or a process x mapping name. */
struct smem_row {
	char *capture, *name, *command, *map, *user;   /* owned */
	int64_t ts_us, pid, uid;
	int64_t count, pids;        /* processes (groups), mappings (maps) */
	int64_t maps;               /* mappings summed, -1 unknown (rollup) */
	int64_t v[NV];              /* bytes, enum above */
	unsigned has;               /* bit per v[] that is known */
};

struct smem_table {
	struct smem_row *rows;
	size_t n, cap;
};

void smem_table_free(struct smem_table *t);

/* Plain sums of the stored smaps fields over some mappings. */
enum { SF_SIZE, SF_RSS, SF_PSS, SF_PRIVATE_CLEAN, SF_PRIVATE_DIRTY, SF_SWAP,
       SF_SWAP_PSS, SF_N };

struct smem_fields {
	int64_t n;                  /* mappings */
	int64_t f[SF_N];            /* bytes, enum above */
	unsigned has;               /* bit per f[] that some mapping had */
};

/* One process as the store keeps it (merged from its files). */
struct smem_proc {
	int64_t id;                 /* process_id (database), else its index */
	char *snapshot, *capture, *comm, *cmdline, *time_origin;   /* owned */
	int64_t pid, euid, ts_us;   /* -1, -1, TS_UNKNOWN when unknown */
	uint64_t *starts;           /* direct: starts of its mappings, and */
	size_t nstarts, capstarts;  /* of its rollups (the store's unique */
	uint64_t *rstarts;          /* key), to ignore one seen already */
	size_t nrstarts, caprstarts;
	int starts_sorted;
	size_t last_name;           /* 1 + the last name entry it used, 0 */
};

struct smem_name {              /* the mappings of one process with one name */
	size_t proc;                /* index in procs */
	char *name;                 /* the path, "" anonymous (owned) */
	struct smem_fields f;
};

struct smem_rollup {            /* one smaps_rollup block */
	size_t proc;
	uint64_t start;
	struct smem_fields f;
};

struct smem_stage;

struct smem_agg {
	struct smem_proc *procs;
	size_t nprocs, capprocs;
	struct smem_name *names;
	size_t nnames, capnames;
	struct smem_rollup *rollups;
	size_t nrollups, caprollups;
	size_t *proc_hash, proc_hash_cap;   /* 1 + index, 0 empty */
	size_t *name_hash, name_hash_cap;
	struct smem_stage *stage;           /* the direct path's open source */
};

void smem_agg_init(struct smem_agg *a);
void smem_agg_release(struct smem_agg *a);

/* Database path: add a process row (strings copied); returns its index.
 * Processes must come in process_id order. */
size_t smem_agg_add_proc(struct smem_agg *a, int64_t id, const char *capture,
			 int64_t ts_us, int64_t pid, int64_t euid, const char *comm,
			 const char *cmdline);
/* The index of process_id `id`, or (size_t)-1. */
size_t smem_agg_find_id(const struct smem_agg *a, int64_t id);
/* Add the sums of mappings of process `proc` named `path` ("" anonymous);
 * rollup: one smaps_rollup block at `start`. */
void smem_agg_add_maps(struct smem_agg *a, size_t proc, const char *path,
		       int rollup, uint64_t start, const struct smem_fields *f);

/* Direct path: a walker target whose sink fills `a` (only the smaps and
 * procpid importers are run).  Valid while `a` is. */
const struct walk_target *smem_agg_target(struct smem_agg *a);

/* The field sums of one mapping record, into f (n = 1). */
void smem_fields_of(const struct mapping_rec *m, struct smem_fields *f);

/* smem's columns from field sums. */
void smem_values(const struct smem_fields *f, int64_t v[NV], unsigned *has);

struct smem_filter {
	const char *capture;        /* --capture: substring of the capture */
	const regex_t *pre, *mre, *ure;   /* -P, -M, -U; NULL none */
	int numeric;                /* -n: user ids, not names */
};

/* The rows: per process (by_map 0; processes without smaps but with a
 * rollup are shown from it) or per process and mapping name (by_map 1),
 * in process order (then name order).  Appends to t. */
void smem_agg_rows(struct smem_agg *a, const struct smem_filter *flt, int by_map,
		   struct smem_table *t);

#endif
