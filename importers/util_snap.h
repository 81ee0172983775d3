/*
 * util_snap.h - snapshots of a /proc file in time, whatever shape they
 * were captured in.
 *
 * The /proc importers (meminfo, vmstat, zoneinfo, buddyinfo, slabinfo) each
 * know how to read one snapshot of their file.  What they share is finding
 * the snapshots and their times, in the three shapes people capture them:
 *
 *   (a) a plain copy of the file.  Its time comes from the file name
 *       (`meminfo.20261122-103512`, `meminfo-2026-11-22T10:35:12Z`,
 *       `meminfo.1700000000`, ...), else the name of a directory it sits
 *       in (`t1-20261122T134923Z/proc/meminfo`; inside an archive, the
 *       member's own directories), else the file or archive member mtime,
 *       else the bundle's capture time, in that order;
 *   (b) a log where every line carries a timestamp prefix (`ts`, or a
 *       `sed "s/^/$(date ...) /"` loop): ISO (`2016-09-10 10:53:32.92709`,
 *       `2026-11-22T10:35:12+01:00`), epoch seconds (`1700000000.123`),
 *       syslog (`Nov 22 10:35:12`, year from the mtime or capture time),
 *       a bare time of day (`ts '%H:%M:%S'`: the day from --date, and the
 *       next day each time the clock goes back by more than 12 hours);
 *   (c) repeated blocks, each after a line that holds only a time: `date`
 *       output (`Sun Nov 22 10:35:12 UTC 2026`, `date -R`, en_US
 *       `Sun 22 Nov 2026 10:35:12 AM UTC`), ISO, epoch, optionally
 *       decorated (`=== 2026-11-22 10:35:12 ===`, `[...]`, `# ...`).
 *
 * Shapes may mix in one file; each line is read for itself.  A time with
 * a zone (Z, UTC, GMT, +hh:mm, +hhmm) is exact; one without a zone (or
 * with a zone abbreviation we cannot trust, like CET) is local time in
 * --tz, else the bundle's zone, else UTC.
 *
 * Grouping.  Lines are grouped into snapshots by time and by key: every
 * line of one snapshot has its own key (meminfo: the field name), so a key
 * seen again starts the next snapshot even at the same time.  A line joins
 * the open snapshot of exactly its time that lacks its key; else the one it
 * continues (the last snapshot touched, up to 1 s older, lacking the key:
 * `ts` stamps each line as it arrives, so one snapshot may straddle a
 * second); else it opens a new snapshot.  So snapshots may come in any
 * order, even interleaved.
 *
 * Memory is bounded: at most SNAP_WINDOW snapshots (and SNAP_WINDOW_BYTES
 * of their lines) are held open; beyond that the oldest in time is handed
 * to the importer.  Snapshots are therefore handed over in time order when
 * the input's disorder spans fewer than SNAP_WINDOW snapshots; a later
 * straggler is still handed over, after its successors (the importer sees
 * its time go backwards).  A snapshot whose time repeats one handed over
 * before (of the last SNAP_RECENT) is skipped with a warning: the store
 * keeps one value per series and time.  A snapshot with fewer lines than
 * the longest handed over before it was cut in the middle (a capture
 * killed, a log truncated at a line boundary): it is handed over with what
 * it has, and warned about at its first line.
 */
#ifndef PMORTEM_UTIL_SNAP_H
#define PMORTEM_UTIL_SNAP_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"
#include "util.h"

#define SNAP_WINDOW 64                       /* open snapshots */
#define SNAP_WINDOW_BYTES (32u << 20)        /* their lines, all together */
#define SNAP_GROUP_BYTES (8u << 20)          /* one snapshot's lines */
#define SNAP_RECENT 64                       /* times remembered for repeats */
#define SNAP_LINE_MAX 65536                  /* longer lines are skipped */
#define SNAP_CONT_US 1000000                 /* straddling: 1 s */

/* What an importer plugs in.  Callbacks return 0, or -1 to stop the
 * import (a sink failure: the source is rejected). */
struct snap_ops {
	/* The key of a body line (the line without its timestamp): set *key
	 * and return its length, 0 when the line has none (it then never
	 * starts a snapshot by itself). */
	size_t (*key)(const char *s, size_t n, const char **key);
	/* One snapshot: begin with its time and first line, each line (body
	 * only, in input order), end. */
	int (*begin)(void *ctx, int64_t ts_us, int64_t line);
	int (*line)(void *ctx, const char *s, size_t n, int64_t line);
	int (*end)(void *ctx);
	const char *what;        /* the file's name in messages: "meminfo" */
};

/* Read every snapshot of `in` and hand each to ops.  Sets in->time_origin.
 * Returns IMPORT_OK, or IMPORT_FAIL when a callback failed, the input could
 * not be read, or it held no snapshot at all (then with an error in dg). */
int snap_import(struct input *in, struct diag *dg, const struct snap_ops *ops,
		void *ctx);

/* --- timestamps (exposed for tests) ------------------------------------ */

/* What a local time is read in and what a year-less time borrows. */
struct snap_clock {
	struct tzconv *tz;       /* local -> UTC */
	int tz_given;            /* a zone was configured (--tz or bundle) */
	int64_t ref_us;          /* reference for year-less times, TS_UNKNOWN */
	int64_t date_us;         /* --date: the day of date-less times (UTC
	                            midnight of that calendar day), TS_UNKNOWN */
	int64_t last_tod;        /* previous date-less time of day, TS_UNKNOWN */
	int64_t day_offset;      /* days date-less times have wrapped past --date */
};

enum snap_ts_kind {
	SNAP_TS_NONE = 0,        /* the line does not start with a time */
	SNAP_TS_PREFIX,          /* a time, then the body at *body */
	SNAP_TS_LINE,            /* a line holding only a (decorated) time */
	SNAP_TS_BAD,             /* looks like a time but is not one: *why */
};

/* Read a time at the start of [s, s+n).  For PREFIX *body is the offset of
 * the body (separators skipped).  For BAD, why[] says what (the message
 * of the warning, without the line). */
enum snap_ts_kind snap_parse_ts(const char *s, size_t n, struct snap_clock *ck,
				int64_t *ts_us, size_t *body, char *why,
				size_t why_cap);

/* A time in a file name, e.g. `meminfo.20261122-103512`: 1 and *ts_us set,
 * 0 when the name holds none. */
int snap_name_time(const char *name, struct tzconv *tz, int64_t *ts_us);

/* --- series handles ----------------------------------------------------- */

/* A cache of sink series handles by (metric, instance), so each sample
 * costs a hash lookup instead of a sink->series() call.  Holds at most
 * SNAP_MAX_SERIES series; beyond that snap_series() warns once and
 * returns 0 (the caller drops the sample). */
#define SNAP_MAX_SERIES 200000

struct snap_series_ent {
	uint64_t hash;
	int64_t handle;
	char *key;               /* "metric\0instance", owned */
	size_t key_len;
};

struct snap_series {
	struct snap_series_ent *tab;
	size_t cap, n;
	int full_warned;
};

void snap_series_init(struct snap_series *c);
void snap_series_release(struct snap_series *c);
/* The handle of metric/instance (creating the series through the sink):
 * > 0, 0 when the cache is full (warned once in dg), -1 on sink failure. */
int64_t snap_series(struct snap_series *c, struct sink *out, struct diag *dg,
		    int64_t line, const char *metric, const char *instance,
		    const char *unit, const char *desc);

/* FNV-1a over bytes; never 0 (0 marks an empty slot). */
uint64_t snap_hash(const void *p, size_t n);

#endif
