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
};

struct walk_stats {
	int sources;                 /* files and members seen */
	int imported, partial, rejected, already, skipped;
	int64_t rows;
};

/* Import every path; returns 0 when all went in whole, 1 when something
 * was partial or rejected, 2 on a fatal error (the database). */
int walk_import(struct store *st, char **paths, int npaths,
		const struct walk_opts *wo, struct walk_stats *ws);

#endif
