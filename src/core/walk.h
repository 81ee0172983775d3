/*
 * walk.h - from paths on the command line to imported sources.
 *
 * A path is a file, a directory (walked recursively, in name order), an
 * archive (tar, tar.gz/.xz/.zst/.bz2, read as a stream through libarchive,
 * never extracted to disk) or a single compressed file (.gz, .xz, .zst).
 * Every file or member is sniffed by every importer; the best score wins
 * (sniff.c) and is imported as one source in one transaction.
 */
#ifndef PMORTEM_WALK_H
#define PMORTEM_WALK_H

#include "importer.h"
#include "store.h"

/* Where sources go instead of a store (smem's direct path: sums in
 * memory, no database).  Each source is begin(), the importer's records
 * into sink, then end(): keep = 1 when it imported (whole or with
 * warnings), 0 when it was rejected or deferred, whose records must then
 * be forgotten; end() returns the rows kept (as the store counts them) or
 * -1 for a rejected source.  Only sources whose importer is in `only`
 * (NULL-terminated; NULL: all) are parsed, the others skipped.  Archive
 * members are still hashed, and a repeated one is dropped as the store
 * would. */
struct walk_target {
	struct sink *sink;
	void (*begin)(void *ctx, const char *path);
	int64_t (*end)(void *ctx, int keep);
	void *ctx;
	const struct importer *const *only;
};

struct walk_opts {
	const char *format;          /* --format NAME: no sniffing */
	struct import_opts iopts;    /* --tz, --date, ... */
	int progress;                /* draw a progress bar on stderr */
	int verbose;                 /* a line per skipped file too */
	int quiet;                   /* no line per imported source (smem):
	                                warnings and rejections still print */
	const char *db_path;         /* never import the database itself */
	int no_hash;                 /* the database is new and in memory (smem
	                                PATH): no file can be there already, so
	                                files are not hashed for the re-import
	                                check and source.sha256 holds
	                                'unhashed N' */
	const struct walk_target *target;  /* not NULL: no store (st is
	                                NULL), records go there */
};

struct walk_stats {
	int sources;                 /* files and members seen */
	int imported, partial, rejected, already, skipped;
	int64_t rows;
};

/* Import every path (into st, or wo->target); returns 0 when all went in whole, 1 when something
 * was partial or rejected, 2 on a fatal error (the database). */
int walk_import(struct store *st, char **paths, int npaths,
		const struct walk_opts *wo, struct walk_stats *ws);

#endif
