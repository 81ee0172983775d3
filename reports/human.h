/*
 * human.h - numbers for people: sizes in binary units, rates, percents and
 * durations, the way the reports and the pm_human() SQL function print
 * them.  Deterministic (same value, same text) for golden tests.
 */
#ifndef PMORTEM_HUMAN_H
#define PMORTEM_HUMAN_H

#include <stddef.h>

/* Format v in the given unit ("bytes", "bytes_per_s", "pct", "per_s",
 * "s", "count", anything else: plain number). */
void human_value(double v, const char *unit, char *buf, size_t cap);
/* A duration in seconds: "850 us", "40 ms", "9 s", "3 min 5 s", "2 h 10 min". */
void human_duration(double s, char *buf, size_t cap);

#endif
