/*
 * progress.c - the progress bar described in progress.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "progress.h"

static int64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void progress_init(struct progress *p, int on, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->on = on;
	p->total = total;
}

void progress_clear(struct progress *p)
{
	if (p->on && p->drawn) {
		fputs("\r\033[K", stderr);
		p->drawn = 0;
	}
}

void progress_update(struct progress *p, uint64_t done, const char *what)
{
	int64_t now;
	char bar[31];
	int fill, pct;
	size_t n;

	if (!p->on)
		return;
	p->done = done;
	now = mono_us();
	if (now - p->last_draw_us < 100000)
		return;
	p->last_draw_us = now;
	pct = p->total ? (int)(done * 100 / p->total) : 0;
	if (pct > 100)
		pct = 100;
	fill = pct * 30 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(30 - fill));
	bar[30] = '\0';
	n = strlen(what);
	if (n > 40)
		what += n - 40;
	fprintf(stderr, "\r\033[K[%s] %3d%% %s", bar, pct, what);
	p->drawn = 1;
}

void progress_done(struct progress *p)
{
	progress_clear(p);
}
