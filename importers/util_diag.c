/*
 * util_diag.c - the warnings and errors of one source.
 *
 * Parsers report a problem once, where they find it, and carry on (a
 * malformed line is a warning) or give up (an error).  The first DIAG_KEEP
 * messages are kept for source rows and reports; the totals count all, so
 * a file with a million bad lines costs a counter, not a million strings.
 * With `echo` set each kept message is also printed as
 * `pmortem: path:line: message` (or `path: offset 0x..: message`).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"

void diag_init(struct diag *dg, const char *path, int echo)
{
	memset(dg, 0, sizeof(*dg));
	dg->path = path;
	dg->echo = echo;
}

void diag_release(struct diag *dg)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		free(dg->msgs[i].text);
	free(dg->msgs);
	memset(dg, 0, sizeof(*dg));
}

static void add(struct diag *dg, enum diag_level lv, int64_t line,
		int64_t offset, const char *fmt, va_list ap)
{
	char buf[1024];
	struct diag_msg *m;

	if (lv == DIAG_ERROR)
		dg->nerror++;
	else
		dg->nwarn++;
	if (dg->nmsgs >= DIAG_KEEP)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	dg->msgs = xgrow(dg->msgs, &dg->cap, dg->nmsgs + 1, sizeof(*dg->msgs));
	m = &dg->msgs[dg->nmsgs++];
	m->level = lv;
	m->line = line;
	m->offset = offset;
	m->text = xstrdup(buf);
	if (!dg->echo)
		return;
	if (offset >= 0)
		fprintf(stderr, "pmortem: %s: offset 0x%llx: %s%s\n", dg->path,
			(unsigned long long)offset,
			lv == DIAG_WARN ? "warning: " : "", buf);
	else if (line > 0)
		fprintf(stderr, "pmortem: %s:%lld: %s%s\n", dg->path,
			(long long)line, lv == DIAG_WARN ? "warning: " : "", buf);
	else
		fprintf(stderr, "pmortem: %s: %s%s\n", dg->path,
			lv == DIAG_WARN ? "warning: " : "", buf);
}

#define DIAG_FN(fn, lv, argname, is_off)                                  \
	int fn(struct diag *dg, int64_t argname, const char *fmt, ...)    \
	{                                                                 \
		va_list ap;                                               \
		va_start(ap, fmt);                                        \
		add(dg, lv, is_off ? 0 : argname, is_off ? argname : -1,  \
		    fmt, ap);                                             \
		va_end(ap);                                               \
		return -1;                                                \
	}

DIAG_FN(diag_warn, DIAG_WARN, line, 0)
DIAG_FN(diag_error, DIAG_ERROR, line, 0)
DIAG_FN(diag_warn_at, DIAG_WARN, offset, 1)
DIAG_FN(diag_error_at, DIAG_ERROR, offset, 1)
