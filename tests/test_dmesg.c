/*
 * test_dmesg.c - the kernel-log importer against the real capture of
 * fixtures/dmesg/gen.sh (an OOM kill of pmortem-hog in a 32 MiB memory
 * cgroup and a segfault of pmortem-segv, as raw dmesg, dmesg -T, -r and
 * iso), its kern.log form (monotonic paired with wall clock), and the
 * hand-written bad inputs with their exact messages.  Expected values are
 * the numbers printed in the capture (grep), converted by hand: pages *
 * 4096, kB * 1024.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recorder.h"
#include "util.h"

extern const struct importer dmesg_importer, strace_importer;

#define FIX "fixtures/dmesg/"
#define BTIME 1795354572LL      /* oom-proc-stat.txt */

struct opt {
	int64_t date_us, boot_opt_us, boot_hint_us;
	int retry, stream;
};

static int run(const char *path, struct recorder *r, struct diag *dg,
	       struct opt o, char *origin, size_t cap, int64_t *hint_after)
{
	struct test_input ti;
	int rc;

	assert_int_equal(test_input_file(&ti, path, o.stream), 0);
	ti.opts.date_us = o.date_us;
	ti.opts.boot_time_us = o.boot_opt_us;
	ti.hints.boot_time_us = o.boot_hint_us;
	ti.in.retry = o.retry;
	recorder_init(r);
	diag_init(dg, path, 0);
	rc = dmesg_importer.parse(&ti.in, &r->sink, dg);
	if (origin)
		snprintf(origin, cap, "%s", ti.in.time_origin);
	if (hint_after)
		*hint_after = ti.hints.boot_time_us;
	test_input_release(&ti);
	return rc;
}

static struct opt plain(void)
{
	return (struct opt){ TS_UNKNOWN, TS_UNKNOWN, TS_UNKNOWN, 0, 0 };
}

/* The OOM report of the capture, whatever the prefix format. */
static void check_oom(const struct recorder *r)
{
	const struct oom_rec *o;
	const struct oom_task_rec *t;
	const struct rec_event *e;

	assert_int_equal(r->nooms, 1);
	o = &r->ooms[0].o;
	assert_int_equal(o->line, 2);
	assert_int_equal(o->kill_line, 81);
	assert_int_equal(o->reap_line, 0);
	assert_string_equal(o->invoker, "pmortem-hog");
	assert_int_equal(o->invoker_pid, 12135);
	assert_string_equal(o->gfp_mask, "0xcc0(GFP_KERNEL)");
	assert_int_equal(o->order, 0);
	assert_int_equal(o->oom_score_adj, 0);
	assert_string_equal(o->constraint, "CONSTRAINT_MEMCG");
	assert_string_equal(o->nodemask, "(null)");
	assert_string_equal(o->cpuset, "/");
	assert_string_equal(o->mems_allowed, "0");
	assert_string_equal(o->oom_memcg, "/pmortem-oom");
	assert_string_equal(o->task_memcg, "/pmortem-oom");
	assert_int_equal(o->memcg, 1);
	/* memory: usage 32768kB, limit 32768kB, failcnt 19 */
	assert_int_equal(o->memcg_usage_bytes, 32768 * 1024LL);
	assert_int_equal(o->memcg_limit_bytes, 32 << 20);
	assert_int_equal(o->memcg_failcnt, 19);
	/* kmem: usage 128kB, limit 9007199254740988kB, failcnt 0 */
	assert_int_equal(o->memcg_kmem_bytes, 128 * 1024);
	/* the program gen.sh ran */
	assert_int_equal(o->killed_pid, 12135);
	assert_string_equal(o->killed_comm, "pmortem-hog");
	assert_int_equal(o->killed_uid, 0);
	/* total-vm:35372kB, anon-rss:32640kB, file-rss:1020kB, shmem-rss:0kB,
	 * pgtables:108kB */
	assert_int_equal(o->total_vm_bytes, 35372 * 1024LL);
	assert_int_equal(o->anon_rss_bytes, 32640 * 1024LL);
	assert_int_equal(o->file_rss_bytes, 1020 * 1024LL);
	assert_int_equal(o->shmem_rss_bytes, 0);
	assert_int_equal(o->pgtables_bytes, 108 * 1024LL);
	assert_int_equal(o->nzones, 0);     /* a memcg OOM has no Mem-Info */
	/* [  12135]     0 12135     8843     8415     8160      255         0   110592        0             0 pmortem-hog */
	assert_int_equal(o->ntasks, 1);
	t = &o->tasks[0];
	assert_int_equal(t->pid, 12135);
	assert_int_equal(t->uid, 0);
	assert_int_equal(t->tgid, 12135);
	assert_int_equal(t->total_vm_bytes, 8843 * 4096LL);
	assert_int_equal(t->rss_bytes, 8415 * 4096LL);
	assert_int_equal(t->rss_anon_bytes, 8160 * 4096LL);
	assert_int_equal(t->rss_file_bytes, 255 * 4096LL);
	assert_int_equal(t->rss_shmem_bytes, 0);
	assert_int_equal(t->pgtables_bytes, 110592);
	assert_int_equal(t->swapents, 0);
	assert_string_equal(t->name, "pmortem-hog");
	assert_int_equal(t->line, 79);
	/* the table row and the kill line are about the same process */
	assert_int_equal(t->pid, o->killed_pid);
	assert_int_equal(t->rss_anon_bytes, o->anon_rss_bytes);
	/* the kill line is the oom_kill event, tied to the victim */
	e = recorder_event_at(r, 81);
	assert_non_null(e);
	assert_string_equal(e->kind, "oom_kill");
	assert_int_equal(e->pid, 12135);
	assert_string_equal(e->comm, "pmortem-hog");
	assert_string_equal(recorder_attr(r, 81, "anon_rss_bytes"), "33423360");
	assert_string_equal(recorder_event_at(r, 2)->kind, "oom_report");
	assert_string_equal(recorder_attr(r, 2, "gfp_mask"), "0xcc0(GFP_KERNEL)");
	/* the segfault */
	e = recorder_event_at(r, 82);
	assert_non_null(e);
	assert_string_equal(e->kind, "segfault");
	assert_int_equal(e->pid, 12143);
	assert_string_equal(e->comm, "pmortem-segv");
	assert_string_equal(recorder_attr(r, 82, "error"), "6");
	assert_string_equal(recorder_attr(r, 82, "in"), "pmortem-segv");
	assert_string_equal(recorder_event_at(r, 83)->kind, "line");
	assert_int_equal(r->nevents, 84);
}

/* Raw dmesg without any boot time defers once, then imports with
 * monotonic times only. */
static void test_raw_defer_then_mono(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();
	char origin[128];

	assert_int_equal(run(FIX "oom-raw.txt", &r, &dg, o, NULL, 0, NULL),
			 IMPORT_DEFER);
	assert_int_equal(r.nevents, 0);
	diag_release(&dg);
	recorder_release(&r);
	o.retry = 1;
	assert_int_equal(run(FIX "oom-raw.txt", &r, &dg, o, origin,
			     sizeof(origin), NULL), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(origin,
		"seconds since boot only: no boot time (use --boot-time)");
	check_oom(&r);
	assert_int_equal(r.events[1].ts_us, TS_UNKNOWN);
	assert_true(r.events[1].mono_s == 695.392650);
	assert_int_equal(r.ooms[0].o.ts_us, TS_UNKNOWN);
	diag_release(&dg);
	recorder_release(&r);
}

/* With the /proc/stat btime of the bundle (1 s resolution). */
static void test_raw_btime(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();
	char origin[128];

	o.boot_hint_us = BTIME * 1000000;
	o.stream = 1;
	assert_int_equal(run(FIX "oom-raw.txt", &r, &dg, o, origin,
			     sizeof(origin), NULL), IMPORT_OK);
	assert_string_equal(origin, "boot time from /proc/stat btime");
	check_oom(&r);
	assert_int_equal(r.ooms[0].o.ts_us, BTIME * 1000000 + 695392650);
	assert_true(r.ooms[0].o.ts_uncertainty_s == 1.0);
	assert_int_equal(r.events[80].ts_us, BTIME * 1000000 + 695392962);
	assert_true(r.events[80].ts_uncertainty_s == 1.0);
	diag_release(&dg);
	recorder_release(&r);

	/* --boot-time wins over the hint */
	o.boot_opt_us = (BTIME + 10) * 1000000;
	assert_int_equal(run(FIX "oom-raw.txt", &r, &dg, o, origin,
			     sizeof(origin), NULL), IMPORT_OK);
	assert_string_equal(origin, "--boot-time");
	assert_int_equal(r.ooms[0].o.ts_us, (BTIME + 10) * 1000000 + 695392650);
	diag_release(&dg);
	recorder_release(&r);
}

/* dmesg -T: wall clock to the second; -r: levels; iso: microseconds.
 * All three agree with raw + btime within the stated uncertainty. */
static void test_ctime_level_iso(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];
	int64_t raw_ts = BTIME * 1000000 + 695392650;

	assert_int_equal(run(FIX "oom-ctime.txt", &r, &dg, plain(), origin,
			     sizeof(origin), NULL), IMPORT_OK);
	assert_string_equal(origin, "dmesg -T wall clock (local time)");
	check_oom(&r);
	/* [Sun Nov 22 13:47:47 2026] */
	assert_int_equal(r.ooms[0].o.ts_us, utc_us(2026, 11, 22, 13, 47, 47, 0));
	assert_true(llabs(r.ooms[0].o.ts_us - raw_ts) <= 1000000);
	assert_true(isnan(r.events[1].mono_s));
	diag_release(&dg);
	recorder_release(&r);

	assert_int_equal(run(FIX "oom-level.txt", &r, &dg, plain(), NULL, 0,
			     NULL), IMPORT_DEFER);
	diag_release(&dg);
	recorder_release(&r);
	{
		struct opt o = plain();

		o.retry = 1;
		assert_int_equal(run(FIX "oom-level.txt", &r, &dg, o, NULL, 0,
				     NULL), IMPORT_OK);
	}
	check_oom(&r);
	assert_int_equal(r.events[0].level, 5);     /* <5> marker */
	assert_int_equal(r.events[1].level, 4);     /* <4> invoked */
	assert_int_equal(r.events[80].level, 3);    /* <3> Killed process */
	assert_int_equal(r.events[81].level, 6);    /* <6> segfault */
	diag_release(&dg);
	recorder_release(&r);

	assert_int_equal(run(FIX "oom-iso.txt", &r, &dg, plain(), NULL, 0,
			     NULL), IMPORT_OK);
	check_oom(&r);
	/* 2026-11-22T13:47:47,392650+00:00 */
	assert_int_equal(r.ooms[0].o.ts_us,
			 utc_us(2026, 11, 22, 13, 47, 47, 392650));
	assert_true(llabs(r.ooms[0].o.ts_us - raw_ts) <= 1000000);
	diag_release(&dg);
	recorder_release(&r);
}

/* kern.log: each line has the wall clock (1 s) and the monotonic stamp;
 * the first pair gives the boot time, which places every line to the
 * microsecond and is handed to the bundle for raw logs. */
static void test_kernlog_paired(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();
	char origin[128];
	int64_t hint, boot;

	o.date_us = utc_us(2026, 11, 22, 0, 0, 0, 0);
	assert_int_equal(run(FIX "oom-kernlog.txt", &r, &dg, o, origin,
			     sizeof(origin), &hint), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(origin, "boot time from syslog lines with both clocks");
	check_oom(&r);
	/* line 1: "Nov 22 13:47:47 vm kernel: [  695.272174] ..." */
	boot = utc_us(2026, 11, 22, 13, 47, 47, 0) - 695272174;
	assert_int_equal(hint, boot);
	assert_int_equal(r.events[0].ts_us, utc_us(2026, 11, 22, 13, 47, 47, 0));
	assert_int_equal(r.ooms[0].o.ts_us, boot + 695392650);
	assert_int_equal(r.events[80].ts_us, boot + 695392962);
	assert_true(r.events[80].ts_uncertainty_s == 1.0);
	assert_true(r.events[80].mono_s == 695.392962);
	assert_string_equal(r.events[80].host, "vm");
	assert_string_equal(r.events[80].facility, "kernel");
	assert_int_equal(r.nhosts_seen, 1);
	assert_string_equal(r.hosts_seen[0], "vm");
	diag_release(&dg);
	recorder_release(&r);
}

/* A global OOM report cut by log rotation at both ends: Mem-Info zones,
 * an old task table (nr_ptes nr_pmds), the two-line kill of old kernels,
 * oom_reaper.  Hand-written from the kernel's formats (no global OOM
 * could be triggered on the capture machine). */
static void test_global_cut(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();
	const struct oom_rec *x;

	o.retry = 1;
	assert_int_equal(run(FIX "bad/global-oom-cut.txt", &r, &dg, o, NULL, 0,
			     NULL), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nooms, 1);
	x = &r.ooms[0].o;
	assert_int_equal(x->invoker_pid, 4242);
	assert_int_equal(x->memcg, 0);
	assert_int_equal(x->nzones, 3);
	assert_string_equal(x->zones[1].zone, "DMA32");
	assert_int_equal(x->zones[1].node, 0);
	assert_int_equal(x->zones[1].free_bytes, 44976 * 1024LL);
	assert_int_equal(x->zones[1].min_bytes, 6184 * 1024LL);
	assert_int_equal(x->zones[1].low_bytes, 7728 * 1024LL);
	assert_int_equal(x->zones[1].high_bytes, 9272 * 1024LL);
	assert_int_equal(x->zones[1].managed_bytes, 3063744 * 1024LL);
	assert_int_equal(x->ntasks, 2);
	assert_int_equal(x->tasks[1].pid, 4242);
	assert_int_equal(x->tasks[1].uid, 1000);
	assert_int_equal(x->tasks[1].rss_bytes, 1900000 * 4096LL);
	assert_int_equal(x->tasks[1].rss_anon_bytes, -1);
	assert_int_equal(x->tasks[1].pgtables_bytes, (3800 + 10) * 4096LL);
	assert_int_equal(x->killed_pid, 4242);
	assert_int_equal(x->kill_line, 17);
	assert_int_equal(x->reap_line, 18);
	assert_int_equal(x->reaped_anon_rss_bytes, 0);
	assert_int_equal(x->anon_rss_bytes, 7600000 * 1024LL);
	assert_string_equal(recorder_event_at(&r, 18)->kind, "oom_reaper");
	assert_string_equal(recorder_event_at(&r, 19)->kind, "segfault");
	assert_int_equal(recorder_event_at(&r, 19)->pid, 812);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_bad_backwards(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();

	o.boot_opt_us = BTIME * 1000000;
	assert_int_equal(run(FIX "bad/backwards.txt", &r, &dg, o, NULL, 0, NULL),
			 IMPORT_OK);
	assert_int_equal(dg.nwarn, 4);
	assert_int_equal(dg.msgs[0].line, 2);
	assert_string_equal(dg.msgs[0].text,
			    "monotonic time goes back from 12.000000 to 3.000000");
	assert_int_equal(dg.msgs[1].line, 4);
	assert_string_equal(dg.msgs[1].text, "no timestamp: '[  650.7389'");
	assert_int_equal(dg.msgs[2].line, 8);
	assert_string_equal(dg.msgs[2].text,
		"bad OOM task row '[  abc]     0   1     100      10   4096        0           '");
	assert_int_equal(dg.msgs[3].line, 10);
	assert_string_equal(dg.msgs[3].text,
			    "incomplete kill line 'Out of memory: Killed process 77 (sshd'");
	/* before the new boot the --boot-time applied; after it, not */
	assert_int_equal(r.events[0].ts_us, BTIME * 1000000 + 12000000);
	assert_int_equal(r.events[1].ts_us, TS_UNKNOWN);
	assert_string_equal(r.events[1].kind, "restart");
	assert_string_equal(recorder_attr(&r, 2, "kernel"), "6.18.44");
	/* the continuation line is kept, without a warning */
	assert_string_equal(r.events[2].message, "  continuation of the previous message");
	assert_int_equal(r.events[2].line, 3);
	/* every line is one event */
	assert_int_equal(r.nevents, 10);
	assert_int_equal(r.nooms, 1);
	assert_int_equal(r.ooms[0].o.ntasks, 1);
	assert_int_equal(r.ooms[0].o.tasks[0].oom_score_adj, -1000);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_bad_crlf(void **state)
{
	struct recorder r;
	struct diag dg;
	struct opt o = plain();

	o.retry = 1;
	assert_int_equal(run(FIX "bad/crlf.txt", &r, &dg, o, NULL, 0, NULL),
			 IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nevents, 3);
	assert_string_equal(r.events[1].kind, "line");
	assert_string_equal(r.events[2].kind, "alloc_failure");
	assert_string_equal(r.events[2].comm, "kworker/u8:1");
	assert_string_equal(recorder_attr(&r, 3, "order"), "4");
	assert_string_equal(recorder_attr(&r, 3, "mode"),
			    "0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)");
	diag_release(&dg);
	recorder_release(&r);
}

static void test_sniff(void **state)
{
	static const char *const files[] = {
		"oom-raw.txt", "oom-ctime.txt", "oom-level.txt", "oom-iso.txt",
		"oom-kernlog.txt", NULL
	};
	struct test_input ti;

	for (int i = 0; files[i]; i++) {
		char path[256];

		snprintf(path, sizeof(path), FIX "%s", files[i]);
		assert_int_equal(test_input_file(&ti, path, 0), 0);
		assert_true(dmesg_importer.sniff(&ti.in) >= SNIFF_SURE);
		assert_true(strace_importer.sniff(&ti.in) < SNIFF_WEAK);
		test_input_release(&ti);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_defer_then_mono),
		cmocka_unit_test(test_raw_btime),
		cmocka_unit_test(test_ctime_level_iso),
		cmocka_unit_test(test_kernlog_paired),
		cmocka_unit_test(test_global_cut),
		cmocka_unit_test(test_bad_backwards),
		cmocka_unit_test(test_bad_crlf),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
