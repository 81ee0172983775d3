/*
 * detect.h - generic event detectors over every time series.
 *
 * Each series is read once, in time order, and judged against its own
 * recent past: a rolling median and MAD (robust to the very outliers we
 * look for) give the baseline and the spread.  Out-of-line runs become
 * `event` rows: spikes (up and back), steps (up and staying), drops,
 * saturation (a percentage pinned near 100), steady growth (a leak's
 * shape: a good linear fit over the whole series) and counter resets.
 *
 * Thresholds come from a table of defaults by metric pattern (detect.c)
 * that a config file can extend: one rule a line,
 *     GLOB key=value ...       e.g.  disk.util_pct sat_level=90 sat_samples=5
 * keys: k (spread multiples), window (samples), abs_min (unit of the
 * metric), rel_min (fraction of the baseline), sat_level, sat_samples,
 * growth_r2, growth_rel, counter (0/1), off (1 = no detection).  The last
 * matching line wins, key by key.
 */
#ifndef PMORTEM_DETECT_H
#define PMORTEM_DETECT_H

#include <stdint.h>
#include <sqlite3.h>

struct detect_opts {
	const char *config;      /* config file, NULL for the defaults */
	int64_t from_us, to_us;  /* window; INT64_MIN / INT64_MAX for all */
};

struct detect_stats {
	int64_t series, samples, events;
};

/* Replace the event table with what the detectors see now.  Runs inside
 * the caller's transaction.  Returns 0, or -1 with a message on stderr. */
int detect_run(sqlite3 *db, const struct detect_opts *o, struct detect_stats *ds);

#endif
