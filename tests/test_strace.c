/*
 * test_strace.c - the strace importer against real captures
 * (fixtures/strace/gen.sh: getaddrinfo/gethostbyname against a slow
 * local DNS responder): split calls joined by pid, errno names, -T
 * durations, DNS calls to port 53 with their timing, every timestamp mode,
 * -ff pids from file names, and the hand-written bad inputs with their
 * exact messages.  Expected values were read off the capture files with
 * grep/sed, independently of the parser.
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

extern const struct importer strace_importer, dmesg_importer;

#define FIX "fixtures/strace/"

/* The capture day (capture-date.txt: 2026-11-22 UTC). */
static int64_t capture_day(void)
{
	return utc_us(2026, 11, 22, 0, 0, 0, 0);
}

static int run(const char *path, struct recorder *r, struct diag *dg,
	       int64_t date_us, int stream, char *origin, size_t cap)
{
	struct test_input ti;
	int rc;

	assert_int_equal(test_input_file(&ti, path, stream), 0);
	ti.opts.date_us = date_us;
	recorder_init(r);
	diag_init(dg, path, 0);
	rc = strace_importer.parse(&ti.in, &r->sink, dg);
	if (origin)
		snprintf(origin, cap, "%s", ti.in.time_origin);
	test_input_release(&ti);
	return rc;
}

/* The record whose first line is line (and kind), or NULL. */
static const struct syscall_rec *at(const struct recorder *r, int64_t line,
				    const char *kind)
{
	for (size_t i = 0; i < r->nsyscalls; i++)
		if (r->syscalls[i].c.line == line &&
		    !strcmp(r->syscalls[i].c.kind, kind))
			return &r->syscalls[i].c;
	return NULL;
}

static int64_t tod(int h, int m, int s, int us)
{
	return capture_day() + ((int64_t)h * 3600 + m * 60 + s) * 1000000 + us;
}

static void test_f_tt_T(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];
	const struct syscall_rec *c;

	assert_int_equal(run(FIX "f-tt-T.txt", &r, &dg, capture_day(), 0,
			     origin, sizeof(origin)), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(origin, "--date");
	/* 378 lines: 290 records (split calls are one) */
	assert_int_equal(r.nsyscalls, 290);

	/* errno name and text, -T duration */
	c = at(&r, 4, "syscall");
	assert_non_null(c);
	assert_string_equal(c->name, "access");
	assert_string_equal(c->args, "\"/etc/ld.so.preload\", R_OK");
	assert_string_equal(c->ret, "-1 ENOENT (No such file or directory)");
	assert_int_equal(c->retval, -1);
	assert_string_equal(c->err, "ENOENT");
	assert_string_equal(c->err_text, "No such file or directory");
	assert_true(c->duration_s == 0.000185);
	assert_int_equal(c->ts_us, tod(13, 50, 20, 612154));

	/* wait4 split over lines 79 and 308, joined by pid 22871 */
	c = at(&r, 79, "syscall");
	assert_non_null(c);
	assert_string_equal(c->name, "wait4");
	assert_int_equal(c->pid, 22871);
	assert_int_equal(c->end_line, 308);
	assert_true(c->unfinished && c->resumed);
	assert_string_equal(c->args,
		"-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL");
	assert_int_equal(c->retval, 22875);
	assert_true(c->duration_s == 0.032466);
	assert_int_equal(c->ts_us, tod(13, 50, 20, 631231));

	/* the DNS connect of pid 22874, split over 282/284 */
	c = at(&r, 282, "syscall");
	assert_non_null(c);
	assert_string_equal(c->name, "connect");
	assert_int_equal(c->end_line, 284);
	assert_int_equal(c->fd, 3);
	assert_string_equal(c->peer, "127.0.0.77:53");
	assert_int_equal(c->peer_port, 53);
	assert_true(c->duration_s == 0.000110);

	/* "strace: Process 22874 attached" cut line 49 in two */
	c = at(&r, 49, "attach");
	assert_non_null(c);
	assert_int_equal(c->pid, 22874);
	c = at(&r, 49, "syscall");
	assert_non_null(c);
	assert_string_equal(c->name, "clone");
	assert_int_equal(c->retval, 22874);
	assert_true(c->duration_s == 0.000559);

	/* signals and exits */
	c = at(&r, 319, "killed");
	assert_non_null(c);
	assert_int_equal(c->pid, 22883);
	assert_string_equal(c->name, "SIGKILL");
	c = at(&r, 307, "exit");
	assert_non_null(c);
	assert_int_equal(c->pid, 22875);
	assert_int_equal(c->retval, 0);
	assert_true(c->has_retval);
	c = at(&r, 309, "signal");
	assert_non_null(c);
	assert_string_equal(c->name, "SIGCHLD");
	assert_int_equal(c->pid, 22871);
	assert_true(!strncmp(c->args, "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22875", 51));
	/* line 372 has no prefix: one process (22871) is left */
	c = at(&r, 372, "signal");
	assert_non_null(c);
	assert_int_equal(c->pid, 22871);
	diag_release(&dg);
	recorder_release(&r);
}

/* DNS calls to port 53 and their timing: the slow name answers after
 * ~250 ms, the dropped one times out after the 1 s of resolv.conf. */
static void test_dns_threads(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct syscall_rec *c;
	size_t dns = 0, connects = 0;

	assert_int_equal(run(FIX "threads-f-tt-T.txt", &r, &dg, capture_day(),
			     1, NULL, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	for (size_t i = 0; i < r.nsyscalls; i++) {
		c = &r.syscalls[i].c;
		if (c->peer_port == 53) {
			dns++;
			connects += !strcmp(c->name, "connect");
		}
	}
	/* grep 'connect.*htons(53)': lines 178, 179, 210 (slow; drop; drop
	 * again with the search domain); each exchange runs from connect to
	 * close: 178-197 (13 calls), 179-207 (6), 210-219 (6) */
	assert_int_equal(connects, 3);
	assert_int_equal(dns, 25);
	/* thread 22947: slow.pmortem.test answered after 0.251119 s */
	c = at(&r, 189, "syscall");
	assert_non_null(c);
	assert_string_equal(c->name, "poll");
	assert_int_equal(c->pid, 22947);
	assert_int_equal(c->fd, 3);
	assert_string_equal(c->ret, "1 ([{fd=3, revents=POLLIN}])");
	assert_true(c->duration_s == 0.251119);
	/* thread 22948: drop.pmortem.test, no answer: poll times out */
	c = at(&r, 190, "syscall");
	assert_non_null(c);
	assert_int_equal(c->pid, 22948);
	assert_int_equal(c->end_line, 206);
	assert_string_equal(c->peer, "127.0.0.77:53");
	assert_string_equal(c->ret, "0 (Timeout)");
	assert_int_equal(c->retval, 0);
	assert_null(c->err);
	assert_true(c->duration_s == 1.002032);
	assert_int_equal(c->ts_us, tod(13, 50, 22, 2567));
	diag_release(&dg);
	recorder_release(&r);
}

static void test_ttt_and_pid_column(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];
	const struct syscall_rec *c;

	assert_int_equal(run(FIX "o-f-ttt-T.txt", &r, &dg, TS_UNKNOWN, 0,
			     origin, sizeof(origin)), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(origin, "epoch seconds (-ttt)");
	c = at(&r, 1, "syscall");
	assert_non_null(c);
	assert_int_equal(c->pid, 22892);
	assert_string_equal(c->name, "execve");
	assert_int_equal(c->ts_us, 1795355420938593LL);
	assert_true(c->rel_s == 0);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_relative_and_t(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];
	const struct syscall_rec *c;

	assert_int_equal(run(FIX "ghbn-r-T.txt", &r, &dg, capture_day(), 0,
			     origin, sizeof(origin)), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(origin, "relative (-r): no absolute time");
	c = at(&r, 3, "syscall");
	assert_non_null(c);
	assert_int_equal(c->ts_us, TS_UNKNOWN);
	assert_int_equal(c->pid, -1);
	/* 0.000000 + 0.002116 + 0.000724 */
	assert_true(fabs(c->rel_s - 0.002840) < 1e-9);
	diag_release(&dg);
	recorder_release(&r);

	assert_int_equal(run(FIX "gai-t.txt", &r, &dg, capture_day(), 0,
			     origin, sizeof(origin)), IMPORT_OK);
	c = at(&r, 1, "syscall");
	assert_non_null(c);
	assert_int_equal(c->ts_us, tod(13, 50, 24, 0));
	assert_null(c->peer);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_ff_pid_from_name(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(run(FIX "ff/trace.22960", &r, &dg, capture_day(), 0,
			     NULL, 0), IMPORT_OK);
	assert_true(r.nsyscalls > 10);
	for (size_t i = 0; i < r.nsyscalls; i++)
		assert_int_equal(r.syscalls[i].c.pid, 22960);
	diag_release(&dg);
	recorder_release(&r);
}

/* Without --date the time of day has no day: rel_s still works. */
static void test_no_date(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];

	assert_int_equal(run(FIX "gai-t.txt", &r, &dg, TS_UNKNOWN, 0, origin,
			     sizeof(origin)), IMPORT_OK);
	assert_string_equal(origin, "time of day only: no date (use --date)");
	assert_int_equal(r.syscalls[0].c.ts_us, TS_UNKNOWN);
	assert_true(r.syscalls[0].c.rel_s == 0);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_bad_interleaved(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct syscall_rec *c;

	assert_int_equal(run(FIX "bad/interleaved.txt", &r, &dg, capture_day(),
			     0, NULL, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn, 5);
	assert_int_equal(dg.msgs[0].line, 1);
	assert_string_equal(dg.msgs[0].text,
		"not a strace line '_mask=[], sa_flags=0}, 8) = 0 <0.000017>'");
	assert_int_equal(dg.msgs[1].line, 2);
	assert_true(diag_has(&dg, "incomplete call 'read(3, [pid   101]"));
	assert_int_equal(dg.msgs[2].line, 3);
	assert_string_equal(dg.msgs[2].text,
			    "'poll' of pid 101 resumed without its start");
	assert_int_equal(dg.msgs[3].line, 5);
	assert_string_equal(dg.msgs[3].text,
			    "time goes back from 10:00:01.000000");
	assert_int_equal(dg.msgs[4].line, 7);
	assert_string_equal(dg.msgs[4].text, "incomplete call 'read(4, '");
	/* the orphan resumed part is still kept */
	c = at(&r, 3, "syscall");
	assert_non_null(c);
	assert_true(c->resumed && c->duration_s == 0.25);
	/* the connect never resumed: kept as unfinished, no return */
	c = at(&r, 6, "syscall");
	assert_non_null(c);
	assert_true(c->unfinished && !c->resumed);
	assert_null(c->ret);
	assert_int_equal(c->peer_port, 53);
	diag_release(&dg);
	recorder_release(&r);
}

static void test_bad_crlf(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(run(FIX "bad/crlf.txt", &r, &dg, capture_day(), 1,
			     NULL, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nsyscalls, 2);
	assert_string_equal(r.syscalls[1].c.err_text, "No such file or directory");
	assert_true(r.syscalls[1].c.duration_s == 0.000011);
	diag_release(&dg);
	recorder_release(&r);
}

/* Mapped and streamed reads give the same records. */
static void test_stream_same(void **state)
{
	struct recorder a, b;
	struct diag da, db;

	run(FIX "f-tt-T.txt", &a, &da, capture_day(), 0, NULL, 0);
	run(FIX "f-tt-T.txt", &b, &db, capture_day(), 1, NULL, 0);
	assert_int_equal(a.nsyscalls, b.nsyscalls);
	for (size_t i = 0; i < a.nsyscalls; i++) {
		assert_int_equal(a.syscalls[i].c.ts_us, b.syscalls[i].c.ts_us);
		assert_int_equal(a.syscalls[i].c.line, b.syscalls[i].c.line);
	}
	diag_release(&da);
	diag_release(&db);
	recorder_release(&a);
	recorder_release(&b);
}

static void test_sniff(void **state)
{
	struct test_input ti;

	assert_int_equal(test_input_file(&ti, FIX "f-tt-T.txt", 0), 0);
	assert_true(strace_importer.sniff(&ti.in) >= SNIFF_SURE);
	assert_true(dmesg_importer.sniff(&ti.in) < SNIFF_WEAK);
	test_input_release(&ti);
	assert_true(test_sniff_file(&strace_importer, FIX "ghbn-r-T.txt") >= SNIFF_SURE);
	assert_true(test_sniff_file(&strace_importer, "fixtures/dmesg/oom-raw.txt") < SNIFF_WEAK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_f_tt_T),
		cmocka_unit_test(test_dns_threads),
		cmocka_unit_test(test_ttt_and_pid_column),
		cmocka_unit_test(test_relative_and_t),
		cmocka_unit_test(test_ff_pid_from_name),
		cmocka_unit_test(test_no_date),
		cmocka_unit_test(test_bad_interleaved),
		cmocka_unit_test(test_bad_crlf),
		cmocka_unit_test(test_stream_same),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
