/*
 * test_elfcore.c - the elfcore importer on real cores of fixtures/elfcore/
 * (gen.sh: the leaker gcore'd twice by gdb, and crashed into a kernel
 * core), and on bad cores made from them by byte edits here.
 *
 * Expected values are the fixtures' own: addresses and sizes as eu-readelf
 * -l -n prints them, pids and live counts as the leaker wrote them into
 * the .counts files, the build-id as eu-readelf read it from the binary
 * (leaker.build-id).  Leaked-string counts are checked by counting the
 * strings in the bytes of the segments the importer labels [heap].
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "elfcore_unwind.h"
#include "recorder.h"
#include "util.h"

extern const struct importer elfcore_importer;

#define FIX "fixtures/elfcore/"
#define KCORE FIX "leaker-kernel.core"
#define GCORE1 FIX "leaker-gcore-1.core"
#define GCORE2 FIX "leaker-gcore-2.core"
#define SYSROOT FIX "sysroot"
#define EXE "/tmp/pmortem-elfcore/leaker"

/* ------------------------------------------------------------------ */
/* Helpers.                                                             */

struct run {
	struct test_input ti;
	struct recorder r;
	struct diag dg;
	int rc;
};

static void load(struct run *x, const char *path)
{
	memset(x, 0, sizeof(*x));
	assert_int_equal(test_input_file(&x->ti, path, 0), 0);
	x->ti.opts.no_unwind = 1;
}

static int parse(struct run *x)
{
	recorder_init(&x->r);
	diag_init(&x->dg, x->ti.in.path, 0);
	x->rc = elfcore_importer.parse(&x->ti.in, &x->r.sink, &x->dg);
	return x->rc;
}

static void done(struct run *x)
{
	recorder_release(&x->r);
	diag_release(&x->dg);
	test_input_release(&x->ti);
}

/* Run a core as a file: parse it whole. */
static int import(struct run *x, const char *path, int unwind,
		  const char *sysroot)
{
	load(x, path);
	x->ti.opts.no_unwind = !unwind;
	x->ti.opts.sysroot = sysroot;
	return parse(x);
}

/* A number from a .counts file the leaker wrote ("key value" lines). */
static long counts(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long v = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(key);

		if (!strncmp(line, key, n) && line[n] == ' ')
			v = strtol(line + n + 1, NULL, 10);
	}
	fclose(f);
	assert_true(v >= 0);
	return v;
}

static void read_build_id(char *out, size_t cap)
{
	FILE *f = fopen(FIX "leaker.build-id", "r");

	assert_non_null(f);
	assert_non_null(fgets(out, (int)cap, f));
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
	assert_int_equal(strlen(out), 40);
}

/* How often needle occurs in the saved bytes of segments labelled label. */
static long count_in(const struct run *x, const char *label,
		     const char *needle)
{
	long n = 0;
	size_t len = strlen(needle);

	for (size_t i = 0; i < x->r.nsegments; i++) {
		const struct segment_rec *g = &x->r.segments[i].g;
		const unsigned char *p = x->ti.data + g->file_offset;
		const unsigned char *end = p + g->filesz;

		if (strcmp(g->label, label) || g->truncated)
			continue;
		while (p < end && (p = memmem(p, (size_t)(end - p), needle, len))) {
			n++;
			p += len;
		}
	}
	return n;
}

static const struct thread_rec *thread_tid(const struct run *x, int64_t tid)
{
	for (size_t i = 0; i < x->r.nthreads; i++)
		if (x->r.threads[i].t.tid == tid)
			return &x->r.threads[i].t;
	return NULL;
}

/* Frame idx of the thread with handle h, or NULL. */
static const struct frame_rec *frame(const struct run *x, int64_t h, int idx)
{
	for (size_t i = 0; i < x->r.nframes; i++)
		if (x->r.frames[i].f.thread == h && x->r.frames[i].f.index == idx)
			return &x->r.frames[i].f;
	return NULL;
}

static int64_t thread_handle(const struct run *x, int64_t tid)
{
	for (size_t i = 0; i < x->r.nthreads; i++)
		if (x->r.threads[i].t.tid == tid)
			return (int64_t)i + 1;
	return 0;
}

static const struct module_rec *module(const struct run *x, const char *name)
{
	for (size_t i = 0; i < x->r.nmodules; i++)
		if (!strcmp(x->r.modules[i].m.name, name))
			return &x->r.modules[i].m;
	return NULL;
}

static void assert_diag(const struct diag *dg, const char *text,
			int64_t offset)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (!strcmp(dg->msgs[i].text, text)) {
			assert_int_equal(dg->msgs[i].offset, offset);
			return;
		}
	for (size_t i = 0; i < dg->nmsgs; i++)
		fprintf(stderr, "  have: offset 0x%llx: %s\n",
			(unsigned long long)dg->msgs[i].offset, dg->msgs[i].text);
	fail_msg("no diagnostic '%s'", text);
}

/* The 64-bit little-endian headers of a fixture, read independently. */
static Elf64_Ehdr ehdr(const unsigned char *d)
{
	Elf64_Ehdr e;

	memcpy(&e, d, sizeof(e));
	return e;
}

static Elf64_Phdr phdr(const unsigned char *d, int i)
{
	Elf64_Ehdr e = ehdr(d);
	Elf64_Phdr p;

	memcpy(&p, d + e.e_phoff + (size_t)i * sizeof(p), sizeof(p));
	return p;
}

static void put_phdr(unsigned char *d, int i, const Elf64_Phdr *p)
{
	Elf64_Ehdr e = ehdr(d);

	memcpy(d + e.e_phoff + (size_t)i * sizeof(*p), p, sizeof(*p));
}

/* File offset of the header of the first "CORE" note of type t. */
static size_t find_note(const unsigned char *d, uint32_t type)
{
	Elf64_Ehdr e = ehdr(d);

	for (int i = 0; i < e.e_phnum; i++) {
		Elf64_Phdr p = phdr(d, i);
		size_t pos = p.p_offset, end = p.p_offset + p.p_filesz;

		if (p.p_type != PT_NOTE)
			continue;
		while (pos + 12 <= end) {
			uint32_t h[3];

			memcpy(h, d + pos, 12);
			if (h[2] == type && h[0] == 5 && !memcmp(d + pos + 12, "CORE", 5))
				return pos;
			pos += 12 + ((h[0] + 3) & ~3u) + ((h[1] + 3) & ~3u);
		}
	}
	fail_msg("no note of type 0x%x", type);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Real cores.                                                          */

static void test_sniff(void **state)
{
	struct run x;

	load(&x, KCORE);
	assert_int_equal(elfcore_importer.sniff(&x.ti.in), 95);
	done(&x);
	load(&x, SYSROOT EXE);   /* an ELF executable is not a core */
	assert_int_equal(elfcore_importer.sniff(&x.ti.in), 0);
	done(&x);
}

static void test_kernel_core(void **state)
{
	struct run x;
	const struct dump_rec *d;
	const struct segment_rec *g;
	const struct note_rec *n;
	const struct module_rec *m;
	long pid = counts(FIX "leaker-kernel.counts", "pid");
	char bid[64];

	assert_int_equal(import(&x, KCORE, 0, NULL), IMPORT_OK);
	assert_int_equal(x.dg.nwarn + x.dg.nerror, 0);
	assert_int_equal(x.r.ndumps, 1);
	d = &x.r.dumps[0].d;
	assert_string_equal(d->kind, "core");
	assert_string_equal(d->producer, "kernel");
	assert_int_equal(d->pid, pid);
	assert_string_equal(d->comm, "leaker");
	assert_string_equal(d->cmdline, EXE " /tmp/pmortem-elfcore crash 4");
	assert_string_equal(d->exe, EXE);
	assert_int_equal(d->signal, 11);
	assert_int_equal(d->truncated, 0);
	assert_int_equal(d->size_bytes, 655360);

	/* eu-readelf -l: 26 LOADs; libc text filtered (filesz 0) */
	assert_int_equal(x.r.nsegments, 26);
	g = recorder_segment_at(&x.r, 0x7f41000bf000);
	assert_non_null(g);
	assert_int_equal(g->memsz, 0x156000);
	assert_int_equal(g->filesz, 0);
	assert_int_equal(g->flags, 5);
	assert_string_equal(g->label, "file");
	assert_string_equal(g->path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	assert_int_equal(g->path_offset, 0x26000);  /* 0x26 pages */
	g = recorder_segment_at(&x.r, 0x7f4100268000);
	assert_int_equal(g->path_offset, 0x1cf000);
	assert_int_equal(g->filesz, 0x4000);

	/* both threads: tids, signal, registers as eu-readelf shows them */
	assert_int_equal(x.r.nthreads, 2);
	assert_int_equal(x.r.threads[0].t.tid, pid);
	assert_int_equal(x.r.threads[0].t.signal, 11);
	assert_int_equal(x.r.threads[0].t.pc, 0x5583a208d782);
	assert_int_equal(x.r.threads[0].t.sp, 0x7ffe1d845150);
	assert_int_equal(x.r.threads[1].t.tid, pid + 2);
	assert_int_equal(x.r.threads[1].t.sp, 0x7f4100094dc0);
	assert_string_equal(x.r.threads[0].t.unwind, "skipped");
	assert_string_equal(x.r.threads[0].t.unwind_reason, "--no-unwind");

	/* labels */
	assert_string_equal(recorder_segment_at(&x.r, 0x7ffe1d845150)->label,
			    "[stack]");
	assert_string_equal(recorder_segment_at(&x.r, 0x7f4100094dc0)->label,
			    "[stack]");
	assert_string_equal(recorder_segment_at(&x.r, 0x7f410028f000)->label,
			    "[vdso]");
	assert_string_equal(recorder_segment_at(&x.r, 0x7f410028f000 - 1)->label,
			    "[vvar]");
	assert_string_equal(recorder_segment_at(&x.r, 0xffffffffff600000)->label,
			    "[vsyscall]");
	assert_string_equal(recorder_segment_at(&x.r, 0x5583a2090000)->label,
			    "file");        /* the executable's data */
	assert_int_equal(count_in(&x, "[heap]", "couchbase.context_info"),
			 counts(FIX "leaker-kernel.counts", "couchbase.context_info"));
	assert_int_equal(count_in(&x, "[heap]", "steady.state.marker"),
			 counts(FIX "leaker-kernel.counts", "steady.state.marker"));

	/* notes */
	n = recorder_note(&x.r, "NT_FILE", "page_size");
	assert_non_null(n);
	assert_int_equal(n->value, 4096);
	assert_int_equal(recorder_note(&x.r, "NT_FILE", "count")->value, 15);
	assert_int_equal(recorder_note(&x.r, "NT_SIGINFO", "si_signo")->value, 11);
	assert_int_equal(recorder_note(&x.r, "NT_SIGINFO", "si_code")->value, 1);
	assert_int_equal(recorder_note(&x.r, "NT_SIGINFO", "si_addr")->value, 0);
	assert_int_equal(recorder_note(&x.r, "NT_AUXV", "AT_PHDR")->value,
			 0x5583a208c040);
	assert_string_equal(recorder_note(&x.r, "NT_AUXV", "AT_EXECFN")->text, EXE);
	assert_string_equal(recorder_note(&x.r, "NT_AUXV", "AT_PLATFORM")->text,
			    "x86_64");
	assert_int_equal(recorder_note(&x.r, "NT_PRPSINFO", "pr_uid")->value, 0);

	/* modules: the executable's build-id read from core memory */
	read_build_id(bid, sizeof(bid));
	m = module(&x, EXE);
	assert_non_null(m);
	assert_string_equal(m->build_id, bid);
	assert_int_equal(m->base, 0x5583a208c000);
	assert_int_equal(m->end, 0x5583a2091000);
	assert_null(m->found_path);
	assert_non_null(module(&x, "/usr/lib/x86_64-linux-gnu/libc.so.6"));
	assert_non_null(module(&x, "[vdso]"));
	assert_int_equal(x.r.nmodules, 4);
	done(&x);
}

static void test_gcore_cores(void **state)
{
	struct run x;
	const struct dump_rec *d;
	long pid = counts(FIX "leaker-gcore-1.counts", "pid");
	const char *tags[] = { "couchbase.context_info", "Unknown:Unknown",
			       "steady.state.marker" };

	assert_int_equal(counts(FIX "leaker-gcore-2.counts", "pid"), pid);
	assert_int_equal(import(&x, GCORE1, 0, NULL), IMPORT_OK);
	assert_int_equal(x.dg.nwarn + x.dg.nerror, 0);
	d = &x.r.dumps[0].d;
	assert_string_equal(d->producer, "gdb");
	assert_int_equal(d->pid, pid);
	assert_int_equal(d->signal, 0);
	assert_int_equal(x.r.nsegments, 19);  /* gcore leaves filtered ones out */
	for (size_t i = 0; i < x.r.nsegments; i++)
		assert_int_equal(x.r.segments[i].g.filesz, x.r.segments[i].g.memsz);
	assert_int_equal(recorder_note(&x.r, "NT_FILE", "page_size")->value, 1);
	/* gcore offsets are bytes: the same file offset as the kernel's pages */
	assert_int_equal(recorder_segment_at(&x.r, 0x7f7293d71000)->path_offset,
			 0x1cf000);
	assert_int_equal(x.r.nthreads, 2);
	assert_int_equal(x.r.threads[0].t.tid, pid);
	assert_int_equal(x.r.threads[1].t.tid, pid + 2);
	assert_int_equal(x.r.threads[0].t.sp, 0x7ffd09f4e670);
	assert_string_equal(recorder_segment_at(&x.r, 0x7ffd09f4e670)->label,
			    "[stack]");
	for (int i = 0; i < 3; i++)
		assert_int_equal(count_in(&x, "[heap]", tags[i]),
				 counts(FIX "leaker-gcore-1.counts", tags[i]));
	done(&x);

	assert_int_equal(import(&x, GCORE2, 0, NULL), IMPORT_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(count_in(&x, "[heap]", tags[i]),
				 counts(FIX "leaker-gcore-2.counts", tags[i]));
	assert_int_equal(count_in(&x, "[heap]", "couchbase.context_info"), 8000);
	done(&x);
}

/* ------------------------------------------------------------------ */
/* Backtraces (libdwfl in a child).                                     */

static void test_backtrace_symbols(void **state)
{
	struct run x;
	long pid = counts(FIX "leaker-kernel.counts", "pid");
	const char *want[] = { "crash_write", "crash_in_leaker",
			       "crash_in_leaker", "crash_in_leaker", "main" };
	const struct module_rec *m;
	const struct frame_rec *f;
	int64_t h;
	char bid[64];

	read_build_id(bid, sizeof(bid));
	assert_int_equal(import(&x, KCORE, 1, SYSROOT), IMPORT_OK);
	assert_int_equal(x.dg.nwarn + x.dg.nerror, 0);
	h = thread_handle(&x, pid);
	assert_string_equal(thread_tid(&x, pid)->unwind, "ok");
	for (int i = 0; i < 5; i++) {
		f = frame(&x, h, i);
		assert_non_null(f);
		assert_string_equal(f->symbol, want[i]);
		assert_string_equal(f->module, EXE);
		assert_string_equal(f->build_id, bid);
		assert_non_null(strstr(f->src_file, "leaker.c"));
	}
	f = frame(&x, h, 0);
	assert_int_equal(f->pc, 0x5583a208d782);   /* = rip */
	assert_int_equal(f->is_activation, 1);
	assert_int_equal(f->module_offset, 0x5583a208d782 - 0x5583a208c000);
	m = module(&x, EXE);
	assert_string_equal(m->found_path, SYSROOT EXE);
	assert_int_equal(m->build_id_verified, 1);
	/* the worker sleeps in pthread_cond_wait, called from worker_idle */
	h = thread_handle(&x, pid + 2);
	assert_string_equal(frame(&x, h, 2)->symbol, "worker_idle");
	done(&x);

	/* gcore'd while stopped in raise(): main is the caller */
	pid = counts(FIX "leaker-gcore-2.counts", "pid");
	assert_int_equal(import(&x, GCORE2, 1, SYSROOT), IMPORT_OK);
	h = thread_handle(&x, pid);
	assert_string_equal(frame(&x, h, 1)->symbol, "raise");
	assert_string_equal(frame(&x, h, 2)->symbol, "main");
	assert_string_equal(frame(&x, thread_handle(&x, pid + 2), 2)->symbol,
			    "worker_idle");
	done(&x);
}

static void test_backtrace_missing_exe(void **state)
{
	struct run x;
	long pid = counts(FIX "leaker-kernel.counts", "pid");
	const struct thread_rec *t;
	const struct frame_rec *f;
	int64_t h;
	char bid[64];
	struct stat st;

	/* gen.sh removes the executable; analysed here it is missing */
	assert_int_not_equal(stat(EXE, &st), 0);
	read_build_id(bid, sizeof(bid));
	assert_int_equal(import(&x, KCORE, 1, NULL), IMPORT_OK);
	h = thread_handle(&x, pid);
	t = thread_tid(&x, pid);
	assert_true(t->nframes >= 5);
	for (int i = 0; i < 5; i++) {
		f = frame(&x, h, i);
		assert_null(f->symbol);
		assert_string_equal(f->module, EXE);
		assert_string_equal(f->build_id, bid);
	}
	/* frame pointers still give the chain: the same offsets as with symbols */
	assert_int_equal(frame(&x, h, 0)->module_offset, 0x1782);
	assert_int_equal(frame(&x, h, 2)->module_offset,
			 frame(&x, h, 3)->module_offset);
	assert_null(module(&x, EXE)->found_path);
	assert_int_equal(module(&x, EXE)->build_id_verified, 0);
	done(&x);
}

static void test_sysroot_mismatch(void **state)
{
	char root[] = "/tmp/pmortem-sysroot-XXXXXX", dir[256], path[300];
	char msg[512], bid[64];
	struct run x;
	FILE *in, *out;
	int c;
	long pid = counts(FIX "leaker-kernel.counts", "pid");

	read_build_id(bid, sizeof(bid));
	assert_non_null(mkdtemp(root));
	snprintf(dir, sizeof(dir), "%s/tmp/pmortem-elfcore", root);
	snprintf(path, sizeof(path), "%s/tmp", root);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s%s", root, EXE);
	in = fopen("/bin/true", "rb");     /* another ELF, another build-id */
	out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((c = getc(in)) != EOF)
		putc(c, out);
	fclose(in);
	fclose(out);

	assert_int_equal(import(&x, KCORE, 1, root), IMPORT_OK);
	assert_true(diag_has(&x.dg, "sysroot: '"));
	snprintf(msg, sizeof(msg), "does not match the core's %s, not used", bid);
	assert_true(diag_has(&x.dg, msg));
	assert_null(frame(&x, thread_handle(&x, pid), 0)->symbol);
	assert_null(module(&x, EXE)->found_path);
	done(&x);
	unlink(path);
	rmdir(dir);
	snprintf(path, sizeof(path), "%s/tmp", root);
	rmdir(path);
	rmdir(root);
}

static void test_frame_cap(void **state)
{
	struct run x;
	long pid = counts(FIX "leaker-deep.counts", "pid");
	const struct thread_rec *t;
	int64_t h;

	/* 301 nested calls: the unwind stops at the cap and says so */
	assert_int_equal(import(&x, FIX "leaker-deep.core", 1, SYSROOT), IMPORT_OK);
	t = thread_tid(&x, pid);
	assert_string_equal(t->unwind, "capped");
	assert_string_equal(t->unwind_reason, "frame cap reached");
	assert_int_equal(t->nframes, 256);
	h = thread_handle(&x, pid);
	assert_string_equal(frame(&x, h, 0)->symbol, "crash_write");
	assert_string_equal(frame(&x, h, 255)->symbol, "crash_in_leaker");
	assert_null(frame(&x, h, 256));
	assert_string_equal(thread_tid(&x, pid + 2)->unwind, "ok");
	done(&x);
}

/* The child's records, parsed back: what it would send, then damage. */
static size_t rec(unsigned char *buf, char tag, const void *payload,
		  uint32_t len)
{
	buf[0] = (unsigned char)tag;
	memcpy(buf + 1, &len, 4);
	memcpy(buf + 5, payload, len);
	return 5 + len;
}

static void test_unwind_wire(void **state)
{
	unsigned char buf[512], t[64];
	struct unwind_result u;
	struct diag dg;
	size_t n = 0, tn = 0;
	int64_t tid = 4242;
	int32_t status = 1, nframes = 0;
	uint16_t slen = 5;

	memcpy(t + tn, &tid, 8), tn += 8;
	memcpy(t + tn, &status, 4), tn += 4;
	memcpy(t + tn, &nframes, 4), tn += 4;
	memcpy(t + tn, &slen, 2), tn += 2;
	memcpy(t + tn, "why?!", 5), tn += 5;
	n += rec(buf + n, 'T', t, (uint32_t)tn);
	n += rec(buf + n, 'Z', "", 0);

	diag_init(&dg, "wire", 0);
	memset(&u, 0, sizeof(u));
	unwind_parse(buf, n, &u, &dg);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(u.complete, 1);
	assert_int_equal(u.nthreads, 1);
	assert_int_equal(u.threads[0].tid, 4242);
	assert_string_equal(u.threads[0].status, "error");
	assert_string_equal(u.threads[0].reason, "why?!");
	unwind_result_release(&u);

	/* a string longer than its record */
	slen = 500;
	memcpy(t + 16, &slen, 2);
	n = rec(buf, 'T', t, (uint32_t)tn);
	unwind_parse(buf, n, &u, &dg);
	assert_int_equal(u.nthreads, 0);
	assert_true(diag_has(&dg, "unwinder output malformed at byte 0"));
	unwind_result_release(&u);
	diag_release(&dg);

	/* a record longer than the output, and a cut header */
	diag_init(&dg, "wire", 0);
	n = rec(buf, 'Z', "", 0);
	n += rec(buf + n, 'Z', "", 0);
	buf[6] = 0xff;             /* second record's length: 255 */
	unwind_parse(buf, n, &u, &dg);
	assert_true(diag_has(&dg, "unwinder output malformed at byte 5"));
	unwind_result_release(&u);
	unwind_parse(buf, 3, &u, &dg);
	assert_true(diag_has(&dg, "unwinder output cut at byte 0"));
	unwind_result_release(&u);
	diag_release(&dg);
}

/* ------------------------------------------------------------------ */
/* Bad input.                                                           */

static void test_truncated(void **state)
{
	struct run x;
	Elf64_Phdr heap;
	size_t cut;
	char msg[256];

	load(&x, KCORE);
	heap = phdr(x.ti.data, 6);      /* eu-readelf: the [heap] LOAD */
	assert_int_equal(heap.p_vaddr & 0xfff, 0);
	cut = heap.p_offset + 0x1000;
	x.ti.in.size = cut;
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_int_equal(x.r.dumps[0].d.truncated, 1);
	assert_int_equal(x.r.nsegments, 26);
	snprintf(msg, sizeof(msg), "truncated: segment 6 (0x%llx-0x%llx) is cut: "
		 "0x%llx of 0x%llx bytes missing",
		 (unsigned long long)heap.p_vaddr,
		 (unsigned long long)(heap.p_vaddr + heap.p_memsz),
		 (unsigned long long)(heap.p_filesz - 0x1000),
		 (unsigned long long)heap.p_filesz);
	assert_diag(&x.dg, msg, (int64_t)cut);
	snprintf(msg, sizeof(msg), "truncated: segment 8 (0x%llx-0x%llx, "
		 "0x10000 bytes) lies past the end of the file",
		 (unsigned long long)phdr(x.ti.data, 8).p_vaddr,
		 (unsigned long long)(phdr(x.ti.data, 8).p_vaddr + 0x10000));
	assert_diag(&x.dg, msg, (int64_t)phdr(x.ti.data, 8).p_offset);
	assert_diag(&x.dg, "truncated core: the file has 0x7000 bytes, its "
		    "program headers need 0xa0000; 16 segments are missing or "
		    "cut, from segment 6 on", 0x7000);
	for (size_t i = 0; i < x.r.nsegments; i++)
		assert_int_equal(x.r.segments[i].g.truncated,
				 x.r.segments[i].g.filesz > 0 &&
				 x.r.segments[i].g.file_offset +
				 x.r.segments[i].g.filesz > cut);
	/* what is there still counts: the notes, both threads */
	assert_int_equal(x.r.nthreads, 2);
	assert_string_equal(recorder_segment_at(&x.r, 0x7f410028f000)->label,
			    "[vdso]");
	done(&x);

	/* libdwfl on the cut core (in its child): no stack bytes, so the
	 * main thread's unwind stops early and says why, and nothing breaks */
	load(&x, KCORE);
	x.ti.in.size = cut;
	x.ti.opts.no_unwind = 0;
	x.ti.opts.sysroot = SYSROOT;
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_int_equal(x.r.nthreads, 2);
	assert_string_equal(x.r.threads[0].t.unwind, "error");
	assert_string_equal(x.r.threads[0].t.unwind_reason, "the stack at "
			    "0x7ffe1d845150 is not in the core (truncated)");
	assert_int_equal(x.r.threads[0].t.nframes, 1);
	assert_string_equal(frame(&x, 1, 0)->symbol, "crash_write");
	done(&x);
}

static void expect_error(struct run *x, const char *text, int64_t offset)
{
	assert_int_equal(parse(x), IMPORT_FAIL);
	assert_int_equal(x->r.ndumps, 0);
	assert_diag(&x->dg, text, offset);
	done(x);
}

static void test_bad_headers(void **state)
{
	struct run x;
	Elf64_Ehdr e;

	test_input_mem(&x.ti, "empty.core", "", 0, 0);
	expect_error(&x, "empty file", 0);

	load(&x, KCORE);
	x.ti.data[1] = 'X';
	expect_error(&x, "not an ELF file (bad magic)", 0);

	load(&x, KCORE);
	x.ti.data[EI_CLASS] = 7;
	expect_error(&x, "bad ELF class 7", EI_CLASS);

	load(&x, KCORE);
	x.ti.data[EI_DATA] = 0;
	expect_error(&x, "bad ELF byte order 0", EI_DATA);

	load(&x, KCORE);
	x.ti.in.size = 40;
	expect_error(&x, "ELF header cut short: file has 40 bytes", 0);

	load(&x, KCORE);
	e = ehdr(x.ti.data);
	e.e_type = ET_EXEC;
	memcpy(x.ti.data, &e, sizeof(e));
	expect_error(&x, "not a core file (e_type 2)", 16);

	load(&x, KCORE);
	e = ehdr(x.ti.data);
	e.e_phentsize = 57;
	memcpy(x.ti.data, &e, sizeof(e));
	expect_error(&x, "program header size 57, expected 56", 54);

	load(&x, KCORE);
	e = ehdr(x.ti.data);
	e.e_phnum = 20000;
	memcpy(x.ti.data, &e, sizeof(e));
	expect_error(&x, "20000 program headers of 56 bytes run past the end "
		     "of the file (655360 bytes)", 64);

	load(&x, KCORE);
	x.ti.in.map = NULL;               /* an archive member, not spooled */
	assert_int_equal(parse(&x), IMPORT_FAIL);
	assert_true(diag_has(&x.dg, "elfcore needs random access"));
	done(&x);
}

static void test_pn_xnum(void **state)
{
	struct run x;
	Elf64_Ehdr e;
	Elf64_Shdr s0;

	/* the kernel core has no section headers: PN_XNUM points nowhere */
	load(&x, KCORE);
	e = ehdr(x.ti.data);
	e.e_phnum = PN_XNUM;
	memcpy(x.ti.data, &e, sizeof(e));
	expect_error(&x, "PN_XNUM: section header 0 at 0x0 lies past the end "
		     "of the file", 40);

	/* gcore has them: the real count in section 0's sh_info is used */
	load(&x, GCORE1);
	e = ehdr(x.ti.data);
	memcpy(&s0, x.ti.data + e.e_shoff, sizeof(s0));
	assert_int_equal(s0.sh_info, 0);
	s0.sh_info = e.e_phnum;
	e.e_phnum = PN_XNUM;
	memcpy(x.ti.data, &e, sizeof(e));
	memcpy(x.ti.data + e.e_shoff, &s0, sizeof(s0));
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_int_equal(x.r.nsegments, 19);
	assert_int_equal(x.r.nthreads, 2);
	done(&x);

	/* ... and a count there that overflows the file is refused */
	load(&x, GCORE1);
	e = ehdr(x.ti.data);
	memcpy(&s0, x.ti.data + e.e_shoff, sizeof(s0));
	s0.sh_info = 0x7fffffff;
	e.e_phnum = PN_XNUM;
	memcpy(x.ti.data, &e, sizeof(e));
	memcpy(x.ti.data + e.e_shoff, &s0, sizeof(s0));
	expect_error(&x, "2147483647 program headers of 56 bytes run past the "
		     "end of the file (954712 bytes)", 64);
}

static void test_bad_notes(void **state)
{
	struct run x;
	size_t at;
	uint32_t h[3];
	uint64_t count;
	char msg[160];

	/* NT_FILE count larger than its descriptor holds */
	load(&x, KCORE);
	at = find_note(x.ti.data, NT_FILE);
	count = 1000000;
	memcpy(x.ti.data + at + 12 + 8, &count, 8);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_diag(&x.dg, "NT_FILE count 1000000 overflows its descriptor "
		    "(room for 38 entries)", (int64_t)at + 20);
	assert_string_equal(recorder_segment_at(&x.r, 0x7f41000bf000)->label,
			    "anon");           /* no names without NT_FILE */
	assert_null(x.r.dumps[0].d.exe);
	assert_diag(&x.dg, "no NT_FILE note: file mappings are not named "
		    "(above kernel.core_file_note_size_limit?)",
		    (int64_t)phdr(x.ti.data, 0).p_offset);
	done(&x);

	/* the last NT_FILE name without its NUL */
	load(&x, KCORE);
	at = find_note(x.ti.data, NT_FILE);
	memcpy(h, x.ti.data + at, 12);
	assert_int_equal(x.ti.data[at + 20 + h[1] - 1], '\0');
	x.ti.data[at + 20 + h[1] - 1] = 'X';
	assert_int_equal(parse(&x), IMPORT_OK);
	snprintf(msg, sizeof(msg), "NT_FILE name 14 has no NUL terminator");
	assert_true(diag_has(&x.dg, msg));
	/* the 14 names before it still label their segments */
	assert_string_equal(recorder_segment_at(&x.r, 0x7f41000bf000)->path,
			    "/usr/lib/x86_64-linux-gnu/libc.so.6");
	done(&x);

	/* a descriptor size that runs past the note segment */
	load(&x, KCORE);
	at = find_note(x.ti.data, NT_PRPSINFO);
	memcpy(h, x.ti.data + at, 12);
	h[1] = 0xfffffff0u;
	memcpy(x.ti.data + at, h, 12);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_diag(&x.dg, "note descriptor size runs past the end of the note "
		    "segment", (int64_t)at);
	assert_int_equal(x.r.nthreads, 1);  /* the notes after it are lost */
	assert_int_equal(x.r.dumps[0].d.pid, -1);
	done(&x);

	/* a name size that does */
	load(&x, KCORE);
	at = find_note(x.ti.data, NT_PRSTATUS);
	memcpy(h, x.ti.data + at, 12);
	h[0] = 0x7fffffffu;
	memcpy(x.ti.data + at, h, 12);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_diag(&x.dg, "note name size runs past the end of the note "
		    "segment", (int64_t)at);
	assert_int_equal(x.r.nthreads, 0);
	done(&x);

	/* a short NT_PRSTATUS */
	load(&x, KCORE);
	at = find_note(x.ti.data, NT_PRSTATUS);
	memcpy(h, x.ti.data + at, 12);
	h[1] = 16;
	memcpy(x.ti.data + at, h, 12);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_diag(&x.dg, "NT_PRSTATUS descriptor of 16 bytes is too short "
		    "(needs 36)", (int64_t)at + 20);
	done(&x);
}

static void test_two_note_segments(void **state)
{
	struct run x;
	Elf64_Phdr note, last;
	size_t at;
	long pid = counts(FIX "leaker-kernel.counts", "pid");

	/* split the notes in two PT_NOTEs at NT_FILE: the second replaces
	 * the last PT_LOAD ([vsyscall]); everything must still be found */
	load(&x, KCORE);
	note = phdr(x.ti.data, 0);
	at = find_note(x.ti.data, NT_FILE);
	last = note;
	last.p_offset = at;
	last.p_filesz = note.p_offset + note.p_filesz - at;
	note.p_filesz = at - note.p_offset;
	put_phdr(x.ti.data, 0, &note);
	put_phdr(x.ti.data, 26, &last);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_int_equal(x.dg.nwarn + x.dg.nerror, 0);
	assert_int_equal(x.r.nsegments, 25);
	assert_int_equal(x.r.dumps[0].d.pid, pid);
	assert_int_equal(x.r.nthreads, 2);
	assert_int_equal(recorder_note(&x.r, "NT_FILE", "page_size")->value, 4096);
	assert_string_equal(recorder_segment_at(&x.r, 0x7f41000bf000)->path,
			    "/usr/lib/x86_64-linux-gnu/libc.so.6");
	done(&x);
}

static void test_bad_segments(void **state)
{
	struct run x;
	Elf64_Phdr p1, p2;
	char msg[256];

	/* two segments claiming the same addresses */
	load(&x, KCORE);
	p1 = phdr(x.ti.data, 1);
	p2 = phdr(x.ti.data, 2);
	p2.p_vaddr = p1.p_vaddr;
	put_phdr(x.ti.data, 2, &p2);
	assert_int_equal(parse(&x), IMPORT_OK);
	snprintf(msg, sizeof(msg), "segment 2 (0x%llx-0x%llx) overlaps segment 1 "
		 "(0x%llx-0x%llx)", (unsigned long long)p2.p_vaddr,
		 (unsigned long long)(p2.p_vaddr + p2.p_memsz),
		 (unsigned long long)p1.p_vaddr,
		 (unsigned long long)(p1.p_vaddr + p1.p_memsz));
	assert_diag(&x.dg, msg, (int64_t)p2.p_offset);
	done(&x);

	/* a segment whose bytes lie past the end of the file */
	load(&x, KCORE);
	p1 = phdr(x.ti.data, 6);
	p1.p_offset = 0x10000000;
	put_phdr(x.ti.data, 6, &p1);
	assert_int_equal(parse(&x), IMPORT_OK);
	snprintf(msg, sizeof(msg), "truncated: segment 6 (0x%llx-0x%llx, "
		 "0x%llx bytes) lies past the end of the file",
		 (unsigned long long)p1.p_vaddr,
		 (unsigned long long)(p1.p_vaddr + p1.p_memsz),
		 (unsigned long long)p1.p_filesz);
	assert_diag(&x.dg, msg, 0x10000000);
	assert_int_equal(x.r.dumps[0].d.truncated, 1);
	done(&x);

	/* an address range that wraps around */
	load(&x, KCORE);
	p1 = phdr(x.ti.data, 3);
	p1.p_vaddr = 0xfffffffffffff000ull;
	p1.p_memsz = 0x2000;
	put_phdr(x.ti.data, 3, &p1);
	assert_int_equal(parse(&x), IMPORT_OK);
	assert_diag(&x.dg, "segment 3: address range 0xfffffffffffff000 + "
		    "0x2000 overflows", (int64_t)p1.p_offset);
	assert_int_equal(x.r.nsegments, 25);
	done(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_kernel_core),
		cmocka_unit_test(test_gcore_cores),
		cmocka_unit_test(test_backtrace_symbols),
		cmocka_unit_test(test_backtrace_missing_exe),
		cmocka_unit_test(test_sysroot_mismatch),
		cmocka_unit_test(test_frame_cap),
		cmocka_unit_test(test_unwind_wire),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_pn_xnum),
		cmocka_unit_test(test_bad_notes),
		cmocka_unit_test(test_two_note_segments),
		cmocka_unit_test(test_bad_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
