/*
 * elfcore_unwind.h - backtraces of a core's threads with libdwfl, run in a
 * forked child (libdwfl is not safe on hostile cores: it asserts and
 * crashes on some), results streamed back over a pipe and parsed with
 * bounds checks.  Used by elfcore.c only.
 */
#ifndef PMORTEM_ELFCORE_UNWIND_H
#define PMORTEM_ELFCORE_UNWIND_H

#include <stdint.h>

#include "importer.h"

#define UNWIND_MAX_THREADS 1024     /* threads unwound per core */
#define UNWIND_MAX_FRAMES 256       /* frames per thread */
#define UNWIND_MAX_OUTPUT (64u << 20) /* bytes the child may send */
#define UNWIND_CPU_S 60             /* RLIMIT_CPU of the child */
#define UNWIND_AS_BYTES (2ull << 30) /* address space beyond the parent's */

struct unwind_module {
	char *name;              /* libdwfl's module name (path or basename) */
	uint64_t start, end;
	char *file;              /* the ELF file libdwfl used, NULL none */
	char *file_build_id;     /* hex, of that file, NULL */
	char *build_id;          /* hex, as libdwfl knows it from the core */
};

struct unwind_frame {
	int64_t tid;
	int index;
	uint64_t pc;
	int is_activation;
	char *module;            /* NULL when pc is in no module */
	uint64_t module_start;
	char *build_id;
	char *symbol;            /* NULL unknown */
	uint64_t symbol_offset;
	char *src_file;
	int src_line;
};

struct unwind_thread {
	int64_t tid;
	const char *status;      /* "ok" | "error" | "capped" (static) */
	char *reason;
	int nframes;
	size_t first, end;       /* its frames: frames[first, end) */
};

struct unwind_result {
	struct unwind_module *modules;
	size_t nmodules, cap_modules;
	struct unwind_thread *threads;
	size_t nthreads, cap_threads;
	struct unwind_frame *frames;
	size_t nframes, cap_frames;
	size_t mark;             /* frames before it belong to earlier threads */
	char *error;             /* why no threads came back, NULL */
	int complete;            /* the child finished its work */
};

/* What the child needs: the core's bytes (the parent's mapping, inherited
 * across fork: no file descriptor, path or memfd is needed), the
 * executable to hand libdwfl (NULL to let it search) and the build-id
 * the core holds for it, and the sysroot.  Warnings (a sysroot file whose
 * build-id does not match) go to dg at offset 0.  Returns 0 when the child
 * ran (res filled, possibly partial), -1 when it could not be started. */
struct unwind_request {
	const unsigned char *map;
	uint64_t size;
	const char *exe;         /* path as the core recorded it, NULL */
	const char *exe_build_id; /* hex from the core's memory, NULL */
	const char *sysroot;     /* NULL: the host's files */
};

int unwind_core(const struct unwind_request *rq, struct unwind_result *res,
		struct diag *dg);
void unwind_result_release(struct unwind_result *res);
/* Parse the child's output (the wire format in elfcore_unwind.c) into
 * res, adding to what is there; malformed or cut output is reported in dg
 * and parsing stops there. */
void unwind_parse(const unsigned char *buf, size_t n,
		  struct unwind_result *res, struct diag *dg);

#endif
