/*
 * util_pid.h - where a per-process /proc file comes from: its pid, the
 * snapshot it belongs to, and that snapshot's time.
 *
 * The files of one process (proc/<pid>/smaps, smaps_rollup, stat, status,
 * cmdline) reach the importers one at a time, as separate sources.  What
 * ties them into one process row is the snapshot key (struct process_rec):
 * the directory they sit in, plus "@<ts_us>" when the file's own name
 * carries a time (`proc/42/smaps.20261122-103512`).  So
 *     t1-20261122T134923Z/proc/42/{smaps,status}    one snapshot
 *     t2-20261122T134926Z/proc/42/{smaps,status}    another one
 *     cap.tar!42/{smaps,stat,cmdline}               (smemcap) a third
 * and two captures of the same pid never merge.
 *
 * The time, in the order the issue asks for: a time in the file name, else
 * in a directory of its path (nearest first), else the file or archive
 * member mtime, else the bundle's capture time.  Names hold times as
 * 20261122T103512Z, 20261122-103512, 2026-11-22T10:35:12Z,
 * 2026-11-22_10-35-12 (with or without a zone: zoneless is local time in
 * --tz, else the bundle's zone, else UTC) or epoch seconds (.1795354574).
 *
 * A minimal stand-in for the procstat helper's util_snap (timestamp
 * framing for the series importers); see pid_line_time() for the few line
 * forms smaps captures use.
 */
#ifndef PMORTEM_UTIL_PID_H
#define PMORTEM_UTIL_PID_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"
#include "util.h"

struct pid_where {
	int64_t pid;             /* from the path, -1 when it names none */
	char dir[1024];          /* the path up to its last '/' or '!' ("" none) */
	char base[256];          /* the file name */
	int64_t ts_us;           /* TS_UNKNOWN when nothing gave a time */
	const char *time_origin; /* "file name", "path", "mtime",
	                            "capture time" or NULL */
	int name_time;           /* the time came from the file's own name */
};

/* Read where `in` comes from; `kind` is the file ("smaps", "stat", ...)
 * the pid may be glued to in a flat name (`smaps.4242`, `4242.stat`). */
void pid_where(const struct input *in, const char *kind, struct pid_where *w);

/* The snapshot key and capture of a process_rec (see there) for a file
 * in `dir` of process `pid`: dir, plus "@<ts_us>" when ts_us is the file's
 * own time (from its name or from inside it), else TS_UNKNOWN. */
void pid_snapshot_key(const char *dir, int64_t pid, int64_t own_ts,
		      char *key, size_t cap, char *capture, size_t capture_cap);

/* A time inside a name: 1 and *ts_us set, 0 when there is none. */
int pid_name_time(const char *s, size_t n, struct tzconv *tz, int64_t *ts_us);

enum pid_ts {
	PID_TS_NONE = 0,         /* the line does not start with a time */
	PID_TS_PREFIX,           /* a time, then the line's body at *body */
	PID_TS_LINE,             /* a line holding only a time (decorated) */
};

/* A time at the start of a line: ISO (`2026-11-22 10:35:12.927`, `T`, a
 * zone), epoch seconds with 10 digits (`1795354574.25`), or `date` output
 * (`Sun Nov 22 10:35:12 UTC 2026`); a line holding only a time may be
 * decorated with `=`, `#`, `[]`, `-` and spaces. */
enum pid_ts pid_line_time(const char *s, size_t n, struct tzconv *tz,
			  int64_t *ts_us, size_t *body);

/* The zone local times of `in` are read in. */
void pid_tz_init(const struct input *in, struct tzconv *tz);

#endif
