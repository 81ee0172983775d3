/*
 * store_capture.c - writes the tcpdump,strace,kernel-logs records of issue 5 into their tables
 * (src/schema.sql, section for issue 5).  Fills its callbacks of the
 * sink in store_capture_sink(); see store.h.
 */
#include "store.h"

void store_capture_sink(struct store *st, struct sink *s)
{
	(void)st;
	(void)s;
	store_strace_sink(st, s);
	/* tcpdump: src/core/store_tcpdump.c */
	store_tcpdump_sink(st, s);
}
