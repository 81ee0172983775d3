/*
 * test_rawheap.c - the raw memory dump importer on the real dumps of
 * fixtures/rawheap (gen.sh: `gdb dump memory` of the [heap] of a C and a
 * Python leaker, twice each) and on the hand-made bad ones.
 *
 * The expected values are the fixtures' own: each FILE.expected holds the
 * leaker's report of its live strings at the moment of the dump, and the
 * pid, the range from /proc/PID/maps and the time gen.sh used to name the
 * file.  The names are parsed by the importer; the counts come out of the
 * string engine; both must agree with what the programs said.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "recorder.h"
#include "util.h"

extern const struct importer rawheap_importer;

#define FIX "fixtures/rawheap/"

static char *fixture(const char *prefix, int which)
{
	char *cmd = xasprintf("ls " FIX "%s*.bin | sort | sed -n %dp", prefix, which);
	FILE *p = popen(cmd, "r");
	char line[1024];

	free(cmd);
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	pclose(p);
	line[strcspn(line, "\n")] = 0;
	return xstrdup(line);
}

/* A value from FILE.expected ("key<TAB>value" lines); -1 when absent. */
static int64_t expected(const char *bin, const char *key, int hex)
{
	char *path = xasprintf("%s.expected", bin);
	FILE *f = fopen(path, "r");
	char line[256];
	int64_t v = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		uint64_t u;

		if (!tab || (size_t)(tab - line) != strlen(key) ||
		    strncmp(line, key, strlen(key)))
			continue;
		tab++;
		tab[strcspn(tab, "\n")] = 0;
		if (hex)
			assert_int_equal(num_parse_hex(tab, strlen(tab), &u), 0);
		else
			assert_int_equal(num_parse_u64(tab, strlen(tab), &u), 0);
		v = (int64_t)u;
	}
	fclose(f);
	free(path);
	return v;
}

struct run {
	struct test_input ti;
	struct recorder r;
	struct diag dg;
	int rc;
};

static int parse_mem(struct run *x, const char *name, const void *data, size_t len)
{
	memset(x, 0, sizeof(*x));
	test_input_mem(&x->ti, name, data, len, 0);
	recorder_init(&x->r);
	diag_init(&x->dg, name, 0);
	x->rc = rawheap_importer.parse(&x->ti.in, &x->r.sink, &x->dg);
	return x->rc;
}

/* A file as the walker gives it: mapped, and its descriptor open. */
static int parse_file(struct run *x, const char *path, int stream, int with_fd)
{
	memset(x, 0, sizeof(*x));
	assert_int_equal(test_input_file(&x->ti, path, stream), 0);
	if (with_fd)
		x->ti.in.fd = open(path, O_RDONLY);
	recorder_init(&x->r);
	diag_init(&x->dg, path, 0);
	x->rc = rawheap_importer.parse(&x->ti.in, &x->r.sink, &x->dg);
	return x->rc;
}

static void done(struct run *x)
{
	if (x->ti.in.fd >= 0)
		close(x->ti.in.fd);
	recorder_release(&x->r);
	diag_release(&x->dg);
	test_input_release(&x->ti);
}

static uint64_t count_of(const struct recorder *r, const char *region,
			 const char *text)
{
	const struct string_rec *s = recorder_string(r, 1, region, text);

	if (!s)
		fail_msg("no '%s' in region %s", text, region);
	return s->count;
}

/* ------------------------------------------------------------------ */

static void test_names(void **state)
{
	static const char body[4096];
	struct run x;

	/* the story's spelling */
	assert_int_equal(parse_mem(&x, "dir/heap-0x016c7000-0x016c8000.bin", body, 4096),
			 IMPORT_OK);
	assert_int_equal(x.r.ndumps, 1);
	assert_string_equal(x.r.dumps[0].d.kind, "raw");
	assert_int_equal(x.r.dumps[0].d.pid, -1);
	assert_null(x.r.dumps[0].d.comm);
	assert_true(x.r.dumps[0].d.ts_us == TS_UNKNOWN);
	assert_int_equal(x.r.dumps[0].d.size_bytes, 4096);
	assert_int_equal(x.r.nsegments, 1);
	assert_int_equal(x.r.segments[0].g.vaddr, 0x016c7000);
	assert_int_equal(x.r.segments[0].g.memsz, 4096);
	assert_int_equal(x.r.segments[0].g.filesz, 4096);
	assert_string_equal(x.r.segments[0].g.label, "[heap]");
	done(&x);

	/* underscore, a word before, pid and an extended time */
	assert_int_equal(parse_mem(&x, "worker.heap_0x5558ff2cc000-0x5558ff2cd000"
				   "-pid_4242-2024-05-01T10:15:00.bin", body, 4096),
			 IMPORT_OK);
	assert_int_equal(x.r.segments[0].g.vaddr, 0x5558ff2cc000ULL);
	assert_int_equal(x.r.dumps[0].d.pid, 4242);
	assert_string_equal(x.r.dumps[0].d.comm, "worker");
	assert_int_equal(x.r.dumps[0].d.ts_us, utc_us(2024, 5, 1, 10, 15, 0, 0));
	done(&x);

	/* '..' between, basic time, no "heap": anon */
	assert_int_equal(parse_mem(&x, "mem-20240501T101500Z-0x7f0000000000..0x7f0000001000.raw",
				   body, 4096), IMPORT_OK);
	assert_string_equal(x.r.segments[0].g.label, "anon");
	assert_int_equal(x.r.dumps[0].d.ts_us, utc_us(2024, 5, 1, 10, 15, 0, 0));
	assert_null(x.r.dumps[0].d.comm);
	assert_int_equal(x.r.nstrings, 0);       /* zeros: no strings at all */
	done(&x);

	/* --base when the name has no range */
	memset(&x, 0, sizeof(x));
	test_input_mem(&x.ti, "dump.bin", body, 4096, 0);
	x.ti.opts.base_addr = 0x10000;
	x.ti.opts.has_base = 1;
	recorder_init(&x.r);
	diag_init(&x.dg, "dump.bin", 0);
	assert_int_equal(rawheap_importer.parse(&x.ti.in, &x.r.sink, &x.dg), IMPORT_OK);
	assert_int_equal(x.r.segments[0].g.vaddr, 0x10000);
	assert_int_equal(x.r.segments[0].g.memsz, 4096);
	done(&x);

	/* the name wins over --base */
	memset(&x, 0, sizeof(x));
	test_input_mem(&x.ti, "heap-0x2000-0x3000.bin", body, 4096, 0);
	x.ti.opts.base_addr = 0x10000;
	x.ti.opts.has_base = 1;
	recorder_init(&x.r);
	diag_init(&x.dg, "x", 0);
	assert_int_equal(rawheap_importer.parse(&x.ti.in, &x.r.sink, &x.dg), IMPORT_OK);
	assert_int_equal(x.r.segments[0].g.vaddr, 0x2000);
	done(&x);
}

static void test_sniff(void **state)
{
	static const unsigned char body[4096];
	static const unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0,
					       [16] = 4 };
	struct test_input ti;

	test_input_mem(&ti, "heap-0x1000-0x2000.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 80);
	test_input_release(&ti);
	test_input_mem(&ti, "x-0x1000-0x2000.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 60);
	test_input_release(&ti);
	/* a size that disagrees: still claimed, so the error is seen */
	test_input_mem(&ti, "heap-0x1000-0x3000.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 40);
	test_input_release(&ti);
	/* ... but not a text file named after a dump */
	test_input_mem(&ti, "heap-0x1000-0x3000.bin.expected", "Unknown:Unknown\t12\n", 19, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	test_input_mem(&ti, "heap.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	/* an ELF file with a range in its name is elfcore's */
	test_input_mem(&ti, "core-0x1000-0x1040", elf, sizeof(elf), 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	/* hex without 0x, or glued to a word, is not a range */
	test_input_mem(&ti, "heap-1000-2000.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
	test_input_mem(&ti, "ab0x1000-0x2000.bin", body, 4096, 0);
	assert_int_equal(rawheap_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
}

static void test_bad(void **state)
{
	struct run x;

	assert_int_equal(parse_file(&x, FIX "bad/heap-0x1000-0x3000.bin", 0, 0), IMPORT_FAIL);
	assert_int_equal(x.dg.nerror, 1);
	assert_string_equal(x.dg.msgs[0].text, "size 4096 does not match the range "
			    "0x1000-0x3000 from the file name (8192 bytes)");
	assert_int_equal(x.dg.msgs[0].offset, 4096);
	assert_int_equal(x.r.ndumps, 0);
	assert_int_equal(x.r.nstrings, 0);
	done(&x);

	assert_int_equal(parse_file(&x, FIX "bad/heap-0x3000-0x1000.bin", 0, 0), IMPORT_FAIL);
	assert_string_equal(x.dg.msgs[0].text, "address range 0x3000-0x1000 from the "
			    "file name is empty");
	done(&x);

	assert_int_equal(parse_file(&x, FIX "bad/heap-0x1000-0x1000.bin", 0, 0), IMPORT_FAIL);
	assert_string_equal(x.dg.msgs[0].text, "empty raw dump");
	done(&x);

	assert_int_equal(parse_file(&x, FIX "bad/nameless.bin", 0, 1), IMPORT_FAIL);
	assert_string_equal(x.dg.msgs[0].text, "no address range: name the file like "
			    "'heap-0xSTART-0xEND.bin', write \"START END\" into "
			    "'nameless.bin.range', or pass --base");
	done(&x);

	assert_int_equal(parse_file(&x, FIX "bad/badside.bin", 0, 1), IMPORT_FAIL);
	assert_string_equal(x.dg.msgs[0].text, "cannot read '" FIX "bad/badside.bin.range"
			    "': want \"START END\" in hex");
	done(&x);
}

static void test_sidecar(void **state)
{
	struct run x;

	assert_int_equal(parse_file(&x, FIX "sidecar/worker.bin", 0, 1), IMPORT_OK);
	assert_int_equal(x.r.segments[0].g.vaddr, 0x7f0000001000ULL);
	assert_int_equal(x.r.segments[0].g.memsz, 4096);
	assert_string_equal(x.r.segments[0].g.label, "anon");
	assert_string_equal(x.r.dumps[0].d.comm, "worker");
	assert_int_equal(count_of(&x.r, "anon", "some.string.in.the.bad.dump"), 1);
	done(&x);
}

/* The leakers' own counts, the name's pid, range and time. */
static void check_dump(const char *path, int stream, int with_fd, int c_leaker)
{
	struct run x;
	const struct string_rec *rest;

	assert_int_equal(parse_file(&x, path, stream, with_fd), IMPORT_OK);
	assert_int_equal(x.dg.nerror, 0);
	assert_int_equal(x.r.ndumps, 1);
	assert_int_equal(x.r.dumps[0].d.pid, expected(path, "pid", 0));
	assert_int_equal(x.r.dumps[0].d.ts_us, expected(path, "epoch", 0) * 1000000);
	assert_string_equal(x.r.dumps[0].d.comm, c_leaker ? "leakc" : "leakpy");
	assert_int_equal(x.r.segments[0].g.vaddr, expected(path, "start", 1));
	assert_int_equal(x.r.segments[0].g.vaddr + x.r.segments[0].g.memsz,
			 expected(path, "end", 1));
	assert_string_equal(x.r.segments[0].g.label, "[heap]");
	for (int a = 0; a < 2; a++) {
		const char *region = a ? "all" : "heap";

		assert_int_equal(count_of(&x.r, region, "couchbase.context_info"),
				 expected(path, "couchbase.context_info", 0));
		assert_int_equal(count_of(&x.r, region, "Unknown:Unknown"),
				 expected(path, "Unknown:Unknown", 0));
		if (c_leaker) {
			assert_int_equal(count_of(&x.r, region, "steady.config_entry"),
					 expected(path, "steady.config_entry", 0));
			assert_int_equal(count_of(&x.r, region, "req-00000000"), 1);
		}
	}
	/* the heap region names its one segment; "all" names none */
	assert_int_equal(recorder_string(&x.r, 1, "heap", "Unknown:Unknown")->segment, 1);
	assert_int_equal(recorder_string(&x.r, 1, "all", "Unknown:Unknown")->segment, 0);
	assert_int_equal(recorder_string(&x.r, 1, "heap", "Unknown:Unknown")->bytes,
			 15 * expected(path, "Unknown:Unknown", 0));
	/* the rest: every string not listed, bounded by the last one listed */
	rest = recorder_string(&x.r, 1, "heap", NULL);
	if (rest) {
		assert_true(rest->count > 0);
		assert_true(rest->err_bound >= 1);
	}
	done(&x);
}

static void test_real_dumps(void **state)
{
	for (int which = 1; which <= 2; which++) {
		char *c = fixture("leakc", which), *py = fixture("leakpy", which);

		check_dump(c, 0, 0, 1);          /* mapped */
		check_dump(c, 0, 1, 1);          /* read through its descriptor */
		check_dump(c, 1, 0, 1);          /* a stream: spooled */
		check_dump(py, 0, 1, 0);
		free(c);
		free(py);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_sidecar),
		cmocka_unit_test(test_real_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
