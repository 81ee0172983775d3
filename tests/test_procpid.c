/*
 * test_procpid.c - /proc/PID/stat, status and cmdline (fixtures/procpid,
 * captured by its gen.sh), merged into one process per snapshot; and the
 * path rules of util_pid.h (pid, snapshot key, capture, times in names).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "importer.h"
#include "recorder.h"
#include "util.h"
#include "util_pid.h"

extern const struct importer procpid_importer;

static int64_t pid_of(const char *what)
{
	FILE *f = fopen("fixtures/procpid/pids.txt", "r");
	char line[128];
	int64_t pid = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');

		if (sp && !strncmp(sp + 1, what, strlen(what)))
			assert_int_equal(num_parse_i64(line, (size_t)(sp - line), &pid), 0);
	}
	fclose(f);
	return pid;
}

static int import(const char *path, struct recorder *r, struct diag *dg)
{
	struct test_input ti;
	int rc;

	assert_int_equal(test_input_file(&ti, path, 1), 0);
	diag_init(dg, path, 0);
	rc = procpid_importer.parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

static void test_merge(void **state)
{
	static const char *const files[] = { "stat", "status", "cmdline" };
	int64_t odd = pid_of("odd-name"), zombie = pid_of("zombie");
	struct recorder r;
	struct diag dg;
	char path[256];

	(void)state;
	recorder_init(&r);
	for (int k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "fixtures/procpid/proc/%lld/%s", (long long)odd, files[k]);
		assert_int_equal(import(path, &r, &dg), IMPORT_OK);
		assert_int_equal(dg.nwarn + dg.nerror, 0);
		diag_release(&dg);
		snprintf(path, sizeof(path), "fixtures/procpid/proc/%lld/%s", (long long)zombie, files[k]);
		assert_int_equal(import(path, &r, &dg), IMPORT_OK);
		diag_release(&dg);
	}
	assert_int_equal(r.nprocesses, 2);
	const struct rec_process *p = recorder_process(&r, NULL, odd);

	assert_non_null(p);
	assert_int_equal(p->nrecords, 3);
	assert_string_equal(p->comm, "a b) (c");        /* the last ')' ends it */
	assert_string_equal(p->state, "S");
	assert_int_equal(p->uid, 0);
	assert_int_equal(p->euid, 0);
	assert_true(p->ppid > 1);
	assert_int_equal(p->threads, 1);
	assert_true(p->start_ticks > 0);
	assert_true(p->vm_rss_bytes > 0);
	assert_non_null(strstr(p->cmdline, "/a b) (c 60"));
	snprintf(path, sizeof(path), "fixtures/procpid/proc/%lld", (long long)odd);
	assert_string_equal(p->snapshot, path);
	assert_string_equal(p->capture, "fixtures/procpid/proc");
	p = recorder_process(&r, NULL, zombie);
	assert_string_equal(p->state, "Z");
	assert_string_equal(p->cmdline, "");              /* a zombie has none */
	recorder_release(&r);

	/* the kernel thread: empty cmdline, comm from stat */
	recorder_init(&r);
	assert_int_equal(import("fixtures/procpid/proc/2/cmdline", &r, &dg), IMPORT_OK);
	diag_release(&dg);
	assert_int_equal(import("fixtures/procpid/proc/2/stat", &r, &dg), IMPORT_OK);
	diag_release(&dg);
	assert_int_equal(r.nprocesses, 1);
	assert_string_equal(r.processes[0].cmdline, "");
	assert_string_equal(r.processes[0].comm, "kthreadd");
	assert_int_equal(r.processes[0].ppid, 0);
	recorder_release(&r);
}

static void test_bad(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	assert_int_equal(import("fixtures/procpid/bad/4242/stat", &r, &dg), IMPORT_FAIL);
	assert_int_equal(dg.nerror, 1);
	assert_int_equal(dg.msgs[0].line, 1);
	assert_string_equal(dg.msgs[0].text, "stat line is not 'PID (COMM) STATE ...'");
	diag_release(&dg);
	assert_int_equal(import("fixtures/procpid/bad/4242/status", &r, &dg), IMPORT_FAIL);
	assert_string_equal(dg.msgs[0].text, "status has no 'Name:' line");
	diag_release(&dg);
	assert_int_equal(import("fixtures/procpid/bad/4343/stat", &r, &dg), IMPORT_OK);
	assert_string_equal(dg.msgs[0].text, "stat has 3 fields after the name, expected 50 or more");
	diag_release(&dg);
	assert_int_equal(r.nprocesses, 1);
	assert_string_equal(r.processes[0].state, "R");
	recorder_release(&r);
}

static void test_sniff(void **state)
{
	struct test_input ti;

	(void)state;
	assert_int_equal(test_sniff_file(&procpid_importer, "fixtures/procpid/proc/2/stat"), 95);
	/* /proc/stat and /proc/cmdline (the kernel's) are not per process */
	test_input_mem(&ti, "sos/proc/stat", "cpu  1 2 3 4\n", 13, 0);
	assert_int_equal(procpid_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	test_input_mem(&ti, "sos/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro\n", 23, 0);
	assert_int_equal(procpid_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	test_input_mem(&ti, "cap.tar!42/cmdline", "sleep\0" "60\0", 9, 0);
	assert_int_equal(procpid_importer.sniff(&ti.in), 90);
	test_input_release(&ti);
}

static void where(const char *path, int64_t mtime, struct pid_where *w)
{
	struct test_input ti;

	test_input_mem(&ti, path, "", 0, 0);
	ti.in.mtime_us = mtime;
	pid_where(&ti.in, "smaps", w);
	test_input_release(&ti);
}

static void test_paths(void **state)
{
	struct pid_where w;
	char key[256], cap[256];

	(void)state;
	where("t1-20261122T134923Z/proc/42/smaps", 5, &w);
	assert_int_equal(w.pid, 42);
	assert_int_equal(w.ts_us, utc_us(2026, 11, 22, 13, 49, 23, 0));
	assert_string_equal(w.time_origin, "path");
	pid_snapshot_key(w.dir, w.pid, TS_UNKNOWN, key, sizeof(key), cap, sizeof(cap));
	assert_string_equal(key, "t1-20261122T134923Z/proc/42");
	assert_string_equal(cap, "t1-20261122T134923Z/proc");

	where("proc/42/smaps.2026-11-22_10-35-12", 5, &w);
	assert_int_equal(w.pid, 42);
	assert_int_equal(w.ts_us, utc_us(2026, 11, 22, 10, 35, 12, 0));
	assert_string_equal(w.time_origin, "file name");
	assert_int_equal(w.name_time, 1);

	where("x/smaps.4242", 7000000, &w);
	assert_int_equal(w.pid, 4242);
	assert_int_equal(w.ts_us, 7000000);
	assert_string_equal(w.time_origin, "mtime");

	where("x/4242.smaps", TS_UNKNOWN, &w);
	assert_int_equal(w.pid, 4242);
	assert_true(w.ts_us == TS_UNKNOWN);
	assert_null(w.time_origin);

	where("cap-1795354574.tar!19138/smaps", TS_UNKNOWN, &w);
	assert_int_equal(w.pid, 19138);
	assert_int_equal(w.ts_us, 1795354574LL * 1000000);
	pid_snapshot_key(w.dir, w.pid, TS_UNKNOWN, key, sizeof(key), cap, sizeof(cap));
	assert_string_equal(cap, "cap-1795354574.tar");

	/* a time with a zone offset; a date-time that is not a date */
	where("snap-2026-11-22T10:35:12+01:00/proc/9/smaps", TS_UNKNOWN, &w);
	assert_int_equal(w.ts_us, utc_us(2026, 11, 22, 9, 35, 12, 0));
	where("snap-20261322T103512/proc/9/smaps", TS_UNKNOWN, &w);
	assert_true(w.ts_us == TS_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
