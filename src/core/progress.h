/*
 * progress.h - a one-line progress bar on stderr for long work, drawn only
 * when stderr is a terminal, at most ten times a second, and erased when
 * done so it never mixes with messages or lands in a log file.
 */
#ifndef PMORTEM_PROGRESS_H
#define PMORTEM_PROGRESS_H

#include <stdint.h>

struct progress {
	int on;
	uint64_t total, done;
	int64_t last_draw_us;
	int drawn;
};

void progress_init(struct progress *p, int on, uint64_t total);
void progress_update(struct progress *p, uint64_t done, const char *what);
void progress_done(struct progress *p);
/* Erase the bar before printing a message (a no-op when none is drawn). */
void progress_clear(struct progress *p);

#endif
