/*
 * test_smaps.c - the smaps importer against real captures (fixtures/smaps,
 * made by its gen.sh on this machine) and hand-broken ones (bad/).
 *
 * Independent check: per process, the sums of the imported mappings must
 * equal what smem 1.5 printed for the same capture (smem/t1-all.expected:
 * maps, swap, uss, pss, rss, vss in kB).  Exact fields of one mapping are
 * checked against the file's own text.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "importer.h"
#include "recorder.h"
#include "snaptest.h"
#include "util.h"

extern const struct importer smaps_importer;

#define KB(x) ((int64_t)(x) * 1024)

/* the capture directory t1-... or t2-... (static buffer) */
static const char *capdir(const char *pat)
{
	static char buf[2][512];
	static int which;
	glob_t g;

	which ^= 1;
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	snprintf(buf[which], sizeof(buf[which]), "%s", g.gl_pathv[0]);
	globfree(&g);
	return buf[which];
}

/* the pid of a role in pids.txt ("parent", "leaker-05", ...) */
static int64_t role_pid(const char *role)
{
	FILE *f = fopen("fixtures/smaps/pids.txt", "r");
	char line[128];
	int64_t pid = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		size_t n;

		if (!sp)
			continue;
		n = strcspn(sp + 1, "\n");
		if (n == strlen(role) && !memcmp(sp + 1, role, n))
			assert_int_equal(num_parse_i64(line, (size_t)(sp - line), &pid), 0);
	}
	fclose(f);
	return pid;
}

static int import_file(const char *path, struct recorder *r, struct diag *dg,
		       int stream)
{
	struct test_input ti;
	int rc;

	assert_int_equal(test_input_file(&ti, path, stream), 0);
	diag_init(dg, path, 0);
	rc = smaps_importer.parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

static int64_t sum(const struct recorder *r, int64_t proc, enum smaps_kb k)
{
	int64_t s = 0;

	for (size_t i = 0; i < r->nmappings; i++)
		if (r->mappings[i].process == proc && !r->mappings[i].rollup &&
		    r->mappings[i].kb[k] != INT64_MIN)
			s += r->mappings[i].kb[k];
	return s;
}

static size_t nmaps(const struct recorder *r, int64_t proc)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nmappings; i++)
		n += r->mappings[i].process == proc && !r->mappings[i].rollup;
	return n;
}

/* One mapping, every field, from the parent's smaps (lines 201-225). */
static void test_every_field(void **state)
{
	const char *dir = capdir("fixtures/smaps/t1-*");
	int64_t parent = role_pid("parent");
	char path[600];
	struct recorder r;
	struct diag dg;

	(void)state;
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps", dir, (long long)parent);
	for (int stream = 0; stream < 2; stream++) {
		recorder_init(&r);
		assert_int_equal(import_file(path, &r, &dg, stream), IMPORT_OK);
		assert_int_equal(dg.nwarn + dg.nerror, 0);
		assert_int_equal(r.nprocesses, 1);
		const struct rec_process *p = recorder_process(&r, NULL, parent);

		assert_non_null(p);
		assert_string_equal(p->from, "smaps");
		assert_string_equal(p->time_origin, "path");
		assert_int_equal(r.nmappings, 27);

		const struct rec_mapping *m = recorder_mapping(&r, p, 0x7fb759fdd000ull, 0);

		assert_non_null(m);
		assert_int_equal(m->end, 0x7fb75a3dd000ull);
		assert_string_equal(m->perms, "rw-s");
		assert_int_equal(m->offset, 0);
		assert_string_equal(m->dev, "00:01");
		assert_int_equal(m->inode, 1025);
		assert_string_equal(m->path, "/dev/zero (deleted)");
		assert_int_equal(m->line, 201);
		assert_int_equal(m->kb[SMAPS_SIZE], KB(4096));
		assert_int_equal(m->kb[SMAPS_KERNEL_PAGE_SIZE], KB(4));
		assert_int_equal(m->kb[SMAPS_MMU_PAGE_SIZE], KB(4));
		assert_int_equal(m->kb[SMAPS_RSS], KB(1024));
		assert_int_equal(m->kb[SMAPS_PSS], KB(66));
		assert_int_equal(m->kb[SMAPS_PSS_DIRTY], KB(66));
		assert_true(m->kb[SMAPS_PSS_ANON] == INT64_MIN);   /* rollup only */
		assert_int_equal(m->kb[SMAPS_SHARED_CLEAN], 0);
		assert_int_equal(m->kb[SMAPS_SHARED_DIRTY], KB(1024));
		assert_int_equal(m->kb[SMAPS_PRIVATE_CLEAN], 0);
		assert_int_equal(m->kb[SMAPS_PRIVATE_DIRTY], 0);
		assert_int_equal(m->kb[SMAPS_REFERENCED], KB(1024));
		assert_int_equal(m->kb[SMAPS_ANONYMOUS], 0);
		assert_int_equal(m->kb[SMAPS_KSM], 0);
		assert_int_equal(m->kb[SMAPS_LAZYFREE], 0);
		assert_int_equal(m->kb[SMAPS_ANON_HUGE_PAGES], 0);
		assert_int_equal(m->kb[SMAPS_SHMEM_PMD_MAPPED], 0);
		assert_int_equal(m->kb[SMAPS_FILE_PMD_MAPPED], 0);
		assert_int_equal(m->kb[SMAPS_SHARED_HUGETLB], 0);
		assert_int_equal(m->kb[SMAPS_PRIVATE_HUGETLB], 0);
		assert_int_equal(m->kb[SMAPS_SWAP], 0);
		assert_int_equal(m->kb[SMAPS_SWAP_PSS], 0);
		assert_int_equal(m->kb[SMAPS_LOCKED], 0);
		assert_int_equal(m->thp_eligible, 0);
		assert_int_equal(m->protection_key, -1);
		assert_string_equal(m->vm_flags, "rd wr sh mr mw me ms");
		assert_int_equal(m->nextra, 0);

		/* a path with a space, and one deleted */
		m = recorder_mapping(&r, p, 0x7fb759edd000ull, 0);
		assert_non_null(m);
		assert_string_equal(m->path, "/tmp/pm-smaps/shared data.bin");
		assert_int_equal(m->inode, 10953756);
		m = recorder_mapping(&r, p, 0x7fb759e9d000ull, 0);
		assert_non_null(m);
		assert_string_equal(m->path, "/tmp/pm-smaps/gone.bin (deleted)");
		/* an anonymous mapping has no name */
		m = recorder_mapping(&r, p, 0x7fb75a3dd000ull, 0);
		assert_non_null(m);
		assert_string_equal(m->path, "");
		recorder_release(&r);
		diag_release(&dg);
	}
}

/* Per process, the imported sums are smem's numbers (t1 and t2). */
static void check_against_smem(const char *cap, const char *expected)
{
	FILE *f = fopen(expected, "r");
	char line[512];
	int rows = 0;

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));   /* header */
	while (fgets(line, sizeof(line), f)) {
		struct span t[9];
		int more;
		size_t k = span_split(line, strlen(line), t, 9, &more);
		int64_t v[7];
		char path[600];
		struct recorder r;
		struct diag dg;

		assert_true(k >= 7);
		for (int i = 0; i < 7; i++)
			assert_int_equal(num_parse_i64(t[i].p, t[i].n, &v[i]), 0);
		snprintf(path, sizeof(path), "%s/proc/%lld/smaps", cap, (long long)v[0]);
		recorder_init(&r);
		assert_int_equal(import_file(path, &r, &dg, 0), IMPORT_OK);
		assert_int_equal(r.nprocesses, 1);
		/* PID Maps Swap USS PSS RSS VSS, in kB */
		assert_int_equal(nmaps(&r, 1), v[1]);
		assert_int_equal(sum(&r, 1, SMAPS_SWAP), KB(v[2]));
		assert_int_equal(sum(&r, 1, SMAPS_PRIVATE_CLEAN) +
				 sum(&r, 1, SMAPS_PRIVATE_DIRTY), KB(v[3]));
		assert_int_equal(sum(&r, 1, SMAPS_PSS), KB(v[4]));
		assert_int_equal(sum(&r, 1, SMAPS_RSS), KB(v[5]));
		assert_int_equal(sum(&r, 1, SMAPS_SIZE), KB(v[6]));
		recorder_release(&r);
		diag_release(&dg);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 23);
}

static void test_matches_smem(void **state)
{
	(void)state;
	check_against_smem(capdir("fixtures/smaps/t1-*"),
			   "fixtures/smaps/smem/t1-all.expected");
	check_against_smem(capdir("fixtures/smaps/t2-*"),
			   "fixtures/smaps/smem/t2-all.expected");
}

/* smaps_rollup: one block, rollup = 1, with the Pss_* split; its Rss
 * equals the per-mapping sum, its Pss is the exact one (>= the sum of
 * per-mapping Pss, each truncated to kB). */
static void test_rollup(void **state)
{
	const char *dir = capdir("fixtures/smaps/t1-*");
	int64_t parent = role_pid("parent");
	char path[600];
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps_rollup", dir, (long long)parent);
	assert_int_equal(import_file(path, &r, &dg, 1), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	diag_release(&dg);
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps", dir, (long long)parent);
	assert_int_equal(import_file(path, &r, &dg, 0), IMPORT_OK);
	diag_release(&dg);
	/* both files went into one process row */
	assert_int_equal(r.nprocesses, 1);
	assert_int_equal(r.processes[0].nrecords, 2);

	const struct rec_mapping *m = recorder_mapping(&r, &r.processes[0],
						       0x55c0850cd000ull, 1);

	assert_non_null(m);
	assert_int_equal(m->rollup, 1);
	assert_string_equal(m->path, "[rollup]");
	assert_int_equal(m->end, 0x7ffe28bee000ull);
	assert_int_equal(m->kb[SMAPS_RSS], KB(3524));
	assert_int_equal(m->kb[SMAPS_PSS], KB(283));
	assert_int_equal(m->kb[SMAPS_PSS_ANON], KB(62));
	assert_int_equal(m->kb[SMAPS_PSS_FILE], KB(154));
	assert_int_equal(m->kb[SMAPS_PSS_SHMEM], KB(66));
	assert_int_equal(m->kb[SMAPS_SHARED_DIRTY], KB(2112));
	assert_int_equal(m->kb[SMAPS_PRIVATE_DIRTY], KB(60));
	assert_true(m->kb[SMAPS_SIZE] == INT64_MIN);
	assert_null(m->vm_flags);
	assert_int_equal(m->kb[SMAPS_RSS], sum(&r, 1, SMAPS_RSS));
	assert_true(m->kb[SMAPS_PSS] >= sum(&r, 1, SMAPS_PSS));
	recorder_release(&r);
}

/* smaps_rollup logged by `ts` or with `date` lines: every snapshot is one
 * [rollup] block at the same range, so a second rollup starts the next
 * snapshot (the store keeps one rollup per process row: a second one in
 * the same row would be lost without a word).  Without any time, a second
 * rollup is a duplicate, warned about. */
static void test_rollup_log(void **state)
{
	static const char rollup[] =
		"55c05013f000-7ffc020c1000 ---p 00000000 00:00 0                          [rollup]\n"
		"Rss:                4180 kB\n"
		"Pss:                 844 kB\n"
		"Pss_Anon:            574 kB\n"
		"Private_Dirty:       304 kB\n"
		"Locked:                0 kB\n";
	const char *stamps[] = { "2026-11-22T18:26:19.758454Z ", "2026-11-22T18:26:20.731534Z ",
				 "2026-11-22T18:26:21.823413Z " };
	char buf[4096], *o = buf;
	struct test_input ti;
	struct recorder r;
	struct diag dg;

	(void)state;
	for (int k = 0; k < 3; k++)
		for (const char *l = rollup; *l;) {
			const char *nl = strchr(l, '\n');

			o += snprintf(o, sizeof(buf) - (size_t)(o - buf), "%s%.*s\n",
				      stamps[k], (int)(nl - l), l);
			l = nl + 1;
		}
	test_input_mem(&ti, "proc/4242/smaps_rollup.log", buf, strlen(buf), 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_int_equal(r.nprocesses, 3);
	assert_int_equal(r.nmappings, 3);
	assert_int_equal(r.processes[0].ts_us, utc_us(2026, 11, 22, 18, 26, 19, 758454));
	assert_int_equal(r.processes[2].ts_us, utc_us(2026, 11, 22, 18, 26, 21, 823413));
	assert_int_equal(r.processes[2].pid, 4242);
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);

	/* (c) date lines */
	snprintf(buf, sizeof(buf), "Sun Nov 22 18:26:19 UTC 2026\n%sSun Nov 22 18:26:20 UTC 2026\n%s",
		 rollup, rollup);
	test_input_mem(&ti, "proc/4242/smaps_rollup.log", buf, strlen(buf), 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_int_equal(r.nprocesses, 2);
	assert_int_equal(r.nmappings, 2);
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);

	/* no time at all: the second rollup is a duplicate */
	snprintf(buf, sizeof(buf), "%s%s", rollup, rollup);
	test_input_mem(&ti, "proc/4242/smaps_rollup", buf, strlen(buf), 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_true(diag_at(&dg, 7, "duplicate mapping '55c05013f000-7ffc020c1000' (line 1) skipped"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(r.nprocesses, 1);
	assert_int_equal(r.nmappings, 1);
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);
}

/* The two snapshots of one pid stay apart, and the leaker's USS grew by
 * the 3 MiB it touched between them. */
static void test_snapshots_apart(void **state)
{
	int64_t leaker = role_pid("leaker-05");
	const char *t1 = capdir("fixtures/smaps/t1-*"), *t2 = capdir("fixtures/smaps/t2-*");
	char path[600];
	struct recorder r;
	struct diag dg;
	int64_t uss[2];

	(void)state;
	recorder_init(&r);
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps", t1, (long long)leaker);
	assert_int_equal(import_file(path, &r, &dg, 0), IMPORT_OK);
	diag_release(&dg);
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps", t2, (long long)leaker);
	assert_int_equal(import_file(path, &r, &dg, 0), IMPORT_OK);
	diag_release(&dg);
	assert_int_equal(r.nprocesses, 2);
	assert_true(r.processes[0].ts_us < r.processes[1].ts_us);
	for (int i = 0; i < 2; i++)
		uss[i] = sum(&r, i + 1, SMAPS_PRIVATE_CLEAN) +
			 sum(&r, i + 1, SMAPS_PRIVATE_DIRTY);
	assert_true(uss[1] - uss[0] >= KB(3072));
	assert_true(uss[1] - uss[0] < KB(3072 + 256));
	/* the time is the directory's: t1-YYYYMMDDTHHMMSSZ */
	const char *d = strrchr(t1, '/') + 4;
	int64_t y, mo, da, h, mi, se;

	assert_int_equal(num_parse_i64(d, 4, &y), 0);
	assert_int_equal(num_parse_i64(d + 4, 2, &mo), 0);
	assert_int_equal(num_parse_i64(d + 6, 2, &da), 0);
	assert_int_equal(num_parse_i64(d + 9, 2, &h), 0);
	assert_int_equal(num_parse_i64(d + 11, 2, &mi), 0);
	assert_int_equal(num_parse_i64(d + 13, 2, &se), 0);
	assert_int_equal(r.processes[0].ts_us,
			 utc_us((int)y, (int)mo, (int)da, (int)h, (int)mi, (int)se, 0));
	recorder_release(&r);
}

/* --- broken inputs: each message, at its line ------------------------- */

static int has_at(const struct diag *dg, int64_t line, const char *text)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].line == line && !strcmp(dg->msgs[i].text, text))
			return 1;
	for (size_t i = 0; i < dg->nmsgs; i++)
		fprintf(stderr, "  have %lld: %s\n", (long long)dg->msgs[i].line,
			dg->msgs[i].text);
	return 0;
}

static void bad(const char *name, int want_rc, size_t want_maps, size_t nwarn,
		int64_t line, const char *text)
{
	char path[256];
	struct recorder r;
	struct diag dg;

	snprintf(path, sizeof(path), "fixtures/smaps/bad/%s", name);
	for (int stream = 0; stream < 2; stream++) {
		recorder_init(&r);
		assert_int_equal(import_file(path, &r, &dg, stream), want_rc);
		if (r.nmappings != want_maps || dg.nwarn + dg.nerror != nwarn)
			fprintf(stderr, "%s: %zu mappings, %zu messages\n", name,
				r.nmappings, dg.nwarn + dg.nerror);
		assert_int_equal(r.nmappings, want_maps);
		assert_true(has_at(&dg, line, text));
		assert_int_equal(dg.nwarn + dg.nerror, nwarn);
		recorder_release(&r);
		diag_release(&dg);
	}
}

static void test_bad_inputs(void **state)
{
	(void)state;
	bad("truncated-block.smaps", IMPORT_OK, 3, 1, 26,
	    "mapping '55c0850ce000-55c0850cf000' lacks 18 fields ('Pss' first): block cut short");
	bad("no-kb.smaps", IMPORT_OK, 2, 1, 5,
	    "field 'Rss' value '4' has no 'kB' unit: kept as text");
	bad("duplicate.smaps", IMPORT_OK, 3, 1, 51,
	    "duplicate mapping '55c0850ce000-55c0850cf000' (line 26) skipped");
	bad("numbers.smaps", IMPORT_OK, 2, 3, 5,
	    "field 'Rss' value '-8 kB' is not a size: kept as text");
	bad("numbers.smaps", IMPORT_OK, 2, 3, 6,
	    "field 'Pss' value '99999999999999999999 kB' overflows: kept as text");
	bad("numbers.smaps", IMPORT_OK, 2, 3, 7,
	    "field 'Pss_Dirty' value '9007199254740992 kB' overflows: kept as text");
	bad("cut.smaps", IMPORT_OK, 3, 2, 62,
	    "line 'Private_Cl' is not an smaps mapping or field");
	bad("cut.smaps", IMPORT_OK, 3, 2, 51,
	    "mapping '55c0850cf000-55c0850d0000' lacks 12 fields ('Referenced' first): block cut short");
	bad("unknown-field.smaps", IMPORT_OK, 2, 2, 23,
	    "unknown field 'Frobnicated' kept as text");
	bad("field-outside.smaps", IMPORT_OK, 1, 1, 1,
	    "field 'Rss' outside a mapping skipped");
	bad("bad-range.smaps", IMPORT_OK, 2, 1, 26,
	    "line '55c0850ce000-zz55c0850cf000 r-xp 0000100...' is not an smaps mapping or field");
	bad("garbage.smaps", IMPORT_FAIL, 0, 3, 0, "no smaps mapping found");
	/* two `ts` snapshots of 2 mappings; a stamp with a bad minute on a
	 * field, one with hour 25 on another: those lines alone are lost */
	bad("badts-ts.smaps", IMPORT_OK, 4, 2, 5,
	    "line '2026-11-22 13:4x:23.518342 Rss:         ...' is not an smaps mapping or field");
	bad("badts-ts.smaps", IMPORT_OK, 4, 2, 77,
	    "line '2026-11-22 25:49:24.520117 Size:        ...' is not an smaps mapping or field");
}

/* Values that are not "N kB" are kept, with the name, never dropped. */
static void test_unknown_kept(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct rec_mapping *m;

	(void)state;
	recorder_init(&r);
	assert_int_equal(import_file("fixtures/smaps/bad/unknown-field.smaps", &r, &dg, 0),
			 IMPORT_OK);
	m = &r.mappings[0];
	assert_int_equal(m->nextra, 2);
	assert_string_equal(recorder_extra(m, "Frobnicated"), "8 kB");
	assert_int_equal(m->extra_bytes[0], KB(8));
	assert_string_equal(recorder_extra(m, "FrobMode"), "eager");
	assert_true(m->extra_bytes[1] == INT64_MIN);
	/* the known fields around them are still read */
	assert_int_equal(m->kb[SMAPS_SWAP_PSS], 0);
	assert_string_equal(m->vm_flags, "rd mr mw me");
	recorder_release(&r);
	diag_release(&dg);

	recorder_init(&r);
	assert_int_equal(import_file("fixtures/smaps/bad/numbers.smaps", &r, &dg, 0),
			 IMPORT_OK);
	m = &r.mappings[0];
	assert_true(m->kb[SMAPS_RSS] == INT64_MIN);
	assert_string_equal(recorder_extra(m, "Rss"), "-8 kB");
	assert_string_equal(recorder_extra(m, "Pss"), "99999999999999999999 kB");
	recorder_release(&r);
	diag_release(&dg);
}

/* Other shapes: several snapshots in one file after `date` lines, lines
 * with `ts` prefixes, and a `tail -n +1` dump of several processes. */
static void test_shapes(void **state)
{
	static const char block[] =
		"00400000-00401000 r--p 00000000 fe:00 42      /bin/x y\n"
		"Size:                  4 kB\n"
		"Rss:                   4 kB\n"
		"Pss:                   2 kB\n"
		"VmFlags: rd mr mw me\n"
		"00401000-00403000 rw-p 00000000 00:00 0 \n"
		"Size:                  8 kB\n"
		"Rss:                   8 kB\n"
		"Pss:                   8 kB\n"
		"VmFlags: rd wr mr mw me ac\n";
	char buf[4096];
	struct test_input ti;
	struct recorder r;
	struct diag dg;

	(void)state;
	/* (c) date lines */
	snprintf(buf, sizeof(buf), "Sun Nov 22 10:35:12 UTC 2026\n%s"
		 "=== 2026-11-22T10:36:12Z ===\n%s", block, block);
	test_input_mem(&ti, "cap/proc/77/smaps.log", buf, strlen(buf), 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nprocesses, 2);
	assert_int_equal(r.nmappings, 4);
	assert_int_equal(r.processes[0].pid, 77);
	assert_int_equal(r.processes[0].ts_us, utc_us(2026, 11, 22, 10, 35, 12, 0));
	assert_int_equal(r.processes[1].ts_us, utc_us(2026, 11, 22, 10, 36, 12, 0));
	assert_string_equal(r.processes[1].time_origin, "in file");
	assert_string_equal(r.processes[1].snapshot, "cap/proc/77@1795343772000000");
	assert_string_equal(r.processes[1].capture, "cap/proc@1795343772000000");
	assert_string_equal(r.mappings[0].path, "/bin/x y");
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);

	/* (b) every line stamped; the address restarts: a new snapshot */
	char *o = buf;
	const char *stamps[] = { "2026-11-22 10:35:12.5 ", "2026-11-22 10:35:13.1 " };

	for (int k = 0; k < 2; k++)
		for (const char *l = block; *l;) {
			const char *nl = strchr(l, '\n');

			o += snprintf(o, sizeof(buf) - (size_t)(o - buf), "%s%.*s\n",
				      stamps[k], (int)(nl - l), l);
			l = nl + 1;
		}
	test_input_mem(&ti, "smaps-4242", buf, strlen(buf), 1);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.sniff(&ti.in), 95);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nprocesses, 2);
	assert_int_equal(r.nmappings, 4);
	assert_int_equal(r.processes[0].pid, 4242);
	assert_int_equal(r.processes[1].ts_us, utc_us(2026, 11, 22, 10, 35, 13, 100000));
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);

	/* tail -n +1 /proc/1/smaps /proc/22/smaps */
	snprintf(buf, sizeof(buf), "==> /proc/1/smaps <==\n%s\n==> /proc/22/smaps <==\n%s",
		 block, block);
	test_input_mem(&ti, "all-smaps.txt", buf, strlen(buf), 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.nprocesses, 2);
	assert_int_equal(r.processes[0].pid, 1);
	assert_int_equal(r.processes[1].pid, 22);
	assert_string_equal(r.processes[1].snapshot, "all-smaps.txt!/proc/22");
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);

	/* an empty smaps (kernel thread, or smemcap's vanished process) */
	test_input_mem(&ti, "cap.tar!19141/smaps", "", 0, 0);
	recorder_init(&r);
	diag_init(&dg, "x", 0);
	assert_int_equal(smaps_importer.sniff(&ti.in), 80);
	assert_int_equal(smaps_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(r.nprocesses, 1);
	assert_int_equal(r.processes[0].pid, 19141);
	assert_string_equal(r.processes[0].snapshot, "cap.tar!19141");
	assert_string_equal(r.processes[0].capture, "cap.tar");
	assert_int_equal(r.nmappings, 0);
	recorder_release(&r);
	diag_release(&dg);
	test_input_release(&ti);
}

static void test_sniff(void **state)
{
	struct test_input ti;
	char path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s/proc/%lld/smaps_rollup",
		 capdir("fixtures/smaps/t1-*"), (long long)role_pid("parent"));
	assert_int_equal(test_sniff_file(&smaps_importer, path), 95);
	test_input_mem(&ti, "x/maps", "00400000-00401000 r--p 00000000 fe:00 42 /bin/x\n",
		       48, 0);
	assert_int_equal(smaps_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	test_input_mem(&ti, "meminfo", "MemTotal: 1 kB\n", 15, 0);
	assert_int_equal(smaps_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
}

/* ---- the mapped fast path against the line reader ------------------ */

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Parse data once mapped (where fields_mapped() reads the field lines
 * itself) and once as a stream (every line through the line reader): the
 * records and the messages must be the same. */
static void same_both_ways(const char *name, const char *data, size_t len)
{
	struct recorder r[2];
	struct diag dg[2];
	int rc[2];

	for (int stream = 0; stream < 2; stream++) {
		struct test_input ti;

		test_input_mem(&ti, name, data, len, stream);
		recorder_init(&r[stream]);
		diag_init(&dg[stream], name, 0);
		rc[stream] = smaps_importer.parse(&ti.in, &r[stream].sink, &dg[stream]);
		test_input_release(&ti);
	}
	assert_int_equal(rc[0], rc[1]);
	assert_int_equal(r[0].nprocesses, r[1].nprocesses);
	assert_int_equal(r[0].nmappings, r[1].nmappings);
	for (size_t i = 0; i < r[0].nmappings; i++) {
		const struct rec_mapping *a = &r[0].mappings[i], *b = &r[1].mappings[i];

		assert_true(a->process == b->process && a->rollup == b->rollup &&
			    a->start == b->start && a->end == b->end &&
			    a->offset == b->offset && a->inode == b->inode &&
			    a->line == b->line && a->thp_eligible == b->thp_eligible &&
			    a->protection_key == b->protection_key);
		assert_true(same_str(a->perms, b->perms) && same_str(a->dev, b->dev) &&
			    same_str(a->path, b->path) && same_str(a->vm_flags, b->vm_flags));
		assert_memory_equal(a->kb, b->kb, sizeof(a->kb));
		assert_int_equal(a->nextra, b->nextra);
		for (size_t k = 0; k < a->nextra; k++) {
			assert_string_equal(a->extra_name[k], b->extra_name[k]);
			assert_string_equal(a->extra_value[k], b->extra_value[k]);
			assert_true(a->extra_bytes[k] == b->extra_bytes[k]);
		}
	}
	assert_int_equal(dg[0].nwarn, dg[1].nwarn);
	assert_int_equal(dg[0].nerror, dg[1].nerror);
	assert_int_equal(dg[0].nmsgs, dg[1].nmsgs);
	for (size_t i = 0; i < dg[0].nmsgs; i++) {
		assert_true(dg[0].msgs[i].line == dg[1].msgs[i].line);
		assert_string_equal(dg[0].msgs[i].text, dg[1].msgs[i].text);
	}
	for (int k = 0; k < 2; k++) {
		recorder_release(&r[k]);
		diag_release(&dg[k]);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	assert_non_null(f);
	*len = 0;
	for (;;) {
		buf = xgrow(buf, &cap, *len + 65536, 1);
		size_t r = fread(buf + *len, 1, 65536, f);

		*len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[*len] = '\0';       /* room left by the last read of 0 bytes */
	return buf;
}

/* Every smaps file of the fixtures, whole, cut at many places (every byte
 * of its last 200), with CRLF endings, with tabs for the padding, and with
 * one field repeated: the mapped and the stream parse agree. */
static void test_fast_path_same(void **state)
{
	glob_t g;

	(void)state;
	assert_int_equal(glob("fixtures/smaps/*/proc/*/smaps*", 0, NULL, &g), 0);
	assert_int_equal(glob("fixtures/smaps/bad/*.smaps", GLOB_APPEND, NULL, &g), 0);
	assert_true(g.gl_pathc > 20);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t len, k;
		char *d = slurp(g.gl_pathv[i], &len), *v;

		same_both_ways(g.gl_pathv[i], d, len);
		if (i % 8 != 0 && !strstr(g.gl_pathv[i], "/bad/"))
			goto next;      /* the variants on some files: time */
		for (k = 1; k < len; k += len / 97 + 1)
			same_both_ways(g.gl_pathv[i], d, k);
		for (k = len > 200 ? len - 200 : 1; k < len; k++)
			same_both_ways(g.gl_pathv[i], d, k);
		/* CRLF, tabs, a repeated field */
		v = xmalloc(2 * len + 64);
		k = 0;
		for (size_t j = 0; j < len; j++) {
			if (d[j] == '\n')
				v[k++] = '\r';
			v[k++] = d[j];
		}
		same_both_ways(g.gl_pathv[i], v, k);
		for (size_t j = 0; j < len; j++)
			v[j] = d[j] == ' ' && j % 3 == 0 ? '\t' : d[j];
		same_both_ways(g.gl_pathv[i], v, len);
		const char *rss = memmem(d, len, "\nRss:", 5);

		if (rss) {
			size_t at = (size_t)(rss - d) + 1, ll = strcspn(d + at, "\n") + 1;

			memcpy(v, d, at + ll);
			memcpy(v + at + ll, d + at, len - at);
			same_both_ways(g.gl_pathv[i], v, len + ll);
		}
		free(v);
next:
		free(d);
	}
	globfree(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_matches_smem),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_rollup_log),
		cmocka_unit_test(test_snapshots_apart),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_unknown_kept),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_fast_path_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
