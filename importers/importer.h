/*
 * importer.h - the contract between input parsers and everything else.
 *
 * An importer is a pure parser: bytes in (struct input), records out
 * (struct sink), problems reported (struct diag).  It never touches SQLite
 * and never includes anything from src/.  The store implements the sink with
 * batched prepared statements inside one transaction per source; unit tests
 * implement it with an in-memory recorder (tests/recorder.c); fuzz targets
 * with a no-op (tests/fuzz/nullsink.c).  So every parser is tested and
 * fuzzed as a function, at full speed.
 *
 * To add an importer:
 *   1. importers/NAME.c, exporting only `const struct importer NAME_importer`
 *   2. one line in importer_table[] (importers/registry.c)
 *   3. fixtures/NAME/ with real captured input and its gen.sh
 *   4. tests/test_NAME.c (cmocka, against the recorder)
 *   5. tests/fuzz/NAME.c (libFuzzer, against the null sink)
 *   6. docs/SCHEMA.md for the tables and metrics it fills
 * If it emits a new kind of record: a callback in struct sink (below, in its
 * own section), its table in src/schema.sql, its writer in src/core/store_*.c,
 * and its recorder in tests/recorder.c.
 *
 * Conventions every record follows:
 *   - times are int64 microseconds since the Unix epoch, UTC (`ts_us`);
 *     INT64_MIN means "unknown";
 *   - sizes are bytes, rates per second, percentages 0..100;
 *   - strings are borrowed: valid only during the callback, the sink copies;
 *   - `line` is the 1-based line in the input (0 when not line-based) and
 *     `offset` the byte offset for binary inputs.
 */
#ifndef PMORTEM_IMPORTER_H
#define PMORTEM_IMPORTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>

#define TS_UNKNOWN INT64_MIN

/* ------------------------------------------------------------------ */
/* Diagnostics: `path:line: message` warnings and errors of one source. */

enum diag_level { DIAG_WARN, DIAG_ERROR };

struct diag_msg {
	enum diag_level level;
	int64_t line;           /* 1-based line, 0 when none */
	int64_t offset;         /* byte offset for binary inputs, -1 when none */
	char *text;             /* owned */
};

struct diag {
	const char *path;       /* display path, borrowed from the input */
	struct diag_msg *msgs;  /* the first DIAG_KEEP messages */
	size_t nmsgs, cap;
	size_t nwarn, nerror;   /* totals, including those not kept */
	int echo;               /* also print each kept message to stderr */
};

#define DIAG_KEEP 200

void diag_init(struct diag *dg, const char *path, int echo);
void diag_release(struct diag *dg);
/* Record a problem at a line (line 0: the whole input).  Returns -1 so a
 * parser can `return diag_error(...)`. */
int diag_warn(struct diag *dg, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int diag_error(struct diag *dg, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for binary inputs, with a byte offset instead of a line. */
int diag_warn_at(struct diag *dg, int64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int diag_error_at(struct diag *dg, int64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ */
/* Options and hints shared by every source of one import run.          */

struct import_opts {
	const char *tz;          /* --tz: zone of local-time inputs, NULL = unset */
	int64_t date_us;         /* --date: midnight UTC of the day for date-less
	                            inputs, TS_UNKNOWN when unset */
	int64_t boot_time_us;    /* --boot-time, TS_UNKNOWN when unset */
	uint64_t base_addr;      /* --base for raw heap dumps, 0 when unset */
	int has_base;
	const char *sysroot;     /* --sysroot: where a core's executable and
	                            libraries are looked up first, NULL = host */
	int no_unwind;           /* cores: skip the libdwfl backtraces (fuzzing,
	                            --no-unwind); segments and notes still load */
};

/* What earlier sources of the same bundle taught us.  Importers may read
 * and update it (e.g. the sar importer records the date of the last sar
 * header so a header-less fragment can borrow it). */
struct bundle_hints {
	int64_t sar_date_us;     /* midnight (local) of the last sar header, as
	                            UTC-midnight of that calendar day; TS_UNKNOWN */
	char sar_date_from[512]; /* path of the file that gave it */
	char hostname[256];      /* host named by the bundle (sosreport) or "" */
	char tz[64];             /* zone named by the bundle, or "" */
	int64_t capture_us;      /* bundle capture time, TS_UNKNOWN */
	int64_t boot_time_us;    /* boot time learnt from a /proc/stat btime */
};

/* ------------------------------------------------------------------ */
/* The input: one source (a file, or a member of an archive).           */

struct input {
	const char *path;            /* display path: file, or archive!member */
	const char *name;            /* base name of the member */
	const unsigned char *head;   /* the first head_len bytes, for sniffing */
	size_t head_len;             /* <= INPUT_HEAD_MAX, less only at EOF */
	/* Random access when available (regular files are mmap'd, archive
	 * members that an importer needs whole are spooled): map != NULL. */
	const unsigned char *map;
	uint64_t size;               /* total bytes; UINT64_MAX when unknown */
	/* Sequential access, always available: read up to n bytes, returns
	 * bytes read, 0 at EOF, -1 on error (errno set). */
	ssize_t (*read)(struct input *in, void *buf, size_t n);
	void *stream;                /* private to the walker */
	uint64_t stream_pos;         /* private to the walker */
	int fd;                      /* file descriptor when a plain file, else -1 */
	int64_t mtime_us;            /* file or member mtime, TS_UNKNOWN */
	const struct import_opts *opts;
	struct bundle_hints *hints;
	int retry;                   /* 1 on the last attempt after IMPORT_DEFER:
	                                the importer must not defer again */
	char time_origin[128];       /* set by the importer: how its times were
	                                anchored ("sar header date", "--date",
	                                "file name", "member mtime", ...) */
};

#define INPUT_HEAD_MAX 4096

/* A line reader over an input (mmap or stream): lines without their
 * terminator (LF, CRLF); NUL bytes are reported once and the line is
 * skipped; a line longer than max_len is skipped with a warning.  The
 * returned pointer is valid until the next call. */
struct lines {
	struct input *in;
	struct diag *dg;
	int64_t lineno;          /* of the line last returned */
	size_t max_len;
	unsigned char *buf;      /* stream buffer */
	size_t buf_cap, buf_start, buf_end;
	uint64_t map_pos;
	int eof, io_error;
	size_t nul_lines, long_lines, cr_lines;
};

void lines_init(struct lines *lr, struct input *in, struct diag *dg, size_t max_len);
void lines_release(struct lines *lr);
/* Next line: 1 with line and len set, 0 at end, -1 on a read error
 * (reported in dg).  Trailing CR is removed. */
int lines_next(struct lines *lr, const char **line, size_t *len);

/* ------------------------------------------------------------------ */
/* The sink: every kind of record an importer can emit.                 */

struct host_rec {
	const char *name;        /* nodename, required */
	const char *os;          /* "Linux", NULL when unknown */
	const char *kernel;      /* release, NULL when unknown */
	const char *arch;        /* "x86_64", NULL when unknown */
	int ncpu;                /* 0 when unknown */
	int64_t mem_bytes;       /* 0 when unknown */
	const char *tz;          /* zone the times were read in, NULL unknown */
};

struct event_rec {               /* kernel_event: one line or block of a log */
	int64_t ts_us;
	double ts_uncertainty_s; /* how far ts_us may be off (monotonic times) */
	double mono_s;           /* seconds since boot, NAN when unknown */
	const char *kind;        /* "oom_kill", "restart", "segfault", "line", ... */
	const char *facility;    /* "kernel", "sar", ... NULL */
	int level;               /* syslog level, -1 unknown */
	int64_t pid;             /* subject pid, -1 none */
	const char *comm;        /* subject command, NULL */
	const char *message;     /* the text */
	int64_t line;
};

struct dump_rec {                /* dump: one memory image */
	const char *kind;        /* "core" | "raw" */
	const char *producer;    /* "kernel" | "gdb" | NULL (unknown) */
	int64_t pid;             /* -1 unknown */
	const char *comm;        /* NT_PRPSINFO fname, or from the file name */
	const char *cmdline;     /* NT_PRPSINFO psargs, NULL */
	const char *exe;         /* executable path (NT_FILE / auxv), NULL */
	int signal;              /* fatal signal, 0 none */
	int64_t ts_us;           /* when it was taken, TS_UNKNOWN */
	uint64_t size_bytes;     /* the file's size */
	int truncated;           /* file shorter than its program headers say */
};

struct segment_rec {             /* dump_segment: one range of the image */
	int64_t dump;            /* handle from sink->dump */
	uint64_t vaddr, memsz;   /* the range in the process */
	uint64_t filesz;         /* bytes saved in the file (< memsz: filtered) */
	uint64_t file_offset;    /* where the saved bytes start in the file */
	int flags;               /* PF_R|PF_W|PF_X */
	int truncated;           /* saved bytes run past the end of the file */
	const char *label;       /* "[heap]", "[stack]", "file", "anon", "[vdso]"... */
	const char *path;        /* mapped file (NT_FILE), NULL */
	uint64_t path_offset;    /* offset in that file, bytes */
};

struct string_rec {              /* dump_string: string frequency */
	int64_t dump;            /* handle from sink->dump */
	int64_t segment;         /* handle from sink->segment, 0 = whole dump
	                            (or a region of several segments) */
	const char *region;      /* "heap","anon","file","stack","all" */
	const char *text;        /* the string, `len` bytes (not NUL-safe);
	                            NULL: all the strings of this dump, region
	                            and encoding that are not listed (count and
	                            bytes are their totals, err_bound the most
	                            any one of them occurs) */
	size_t len;
	uint64_t count;          /* occurrences (exact when exact) */
	uint64_t bytes;          /* count * length (* 2 for utf16le) */
	int exact;               /* 1 exact, 0 estimated within err_bound */
	uint64_t err_bound;      /* max overcount when !exact */
	const char *encoding;    /* "ascii" | "utf16le" */
	uint64_t run_len;        /* characters in the string when text holds
	                            only its first len (a run longer than the
	                            engine keeps); 0 = len */
};

/* Core files (elfcore): what the notes and libdwfl tell about threads,
 * their stacks and the modules mapped.  Handles come from sink->dump and
 * sink->dump_thread. */
struct thread_rec {              /* dump_thread: one NT_PRSTATUS */
	int64_t dump;            /* handle from sink->dump */
	int index;               /* 0-based order of the notes (0 = the
	                            thread that dumped, for kernel cores) */
	int64_t tid;
	int signal;              /* pr_cursig: the signal it was handling, 0 */
	uint64_t pc, sp;         /* from pr_reg; valid when has_regs */
	int has_regs;            /* 0: machine not decoded */
	const char *unwind;      /* "ok" | "capped" | "error" | "failed" |
	                            "skipped" | "none" */
	const char *unwind_reason; /* why it stopped, NULL */
	int nframes;
};

struct frame_rec {               /* dump_frame: one frame of a backtrace */
	int64_t thread;          /* handle from sink->dump_thread */
	int index;               /* 0 = innermost */
	uint64_t pc;             /* as unwound (a return address above #0) */
	int is_activation;       /* 1: pc is exact (#0, signal frame) */
	const char *module;      /* module name or path, NULL when unmapped */
	const char *build_id;    /* hex, NULL */
	uint64_t module_offset;  /* pc - module base; valid when module */
	const char *symbol;      /* NULL when not known */
	uint64_t symbol_offset;
	const char *src_file;    /* NULL when no line info */
	int src_line;            /* 0 when unknown */
};

struct module_rec {              /* dump_module: an ELF mapped in the image */
	int64_t dump;
	const char *name;        /* path from NT_FILE, or libdwfl's name */
	uint64_t base, end;      /* lowest and highest address mapped */
	const char *build_id;    /* hex, NULL when the core does not hold it */
	const char *found_path;  /* file used for symbols, NULL not found */
	int build_id_verified;   /* 1 found file's build-id equals the core's */
};

struct note_rec {                /* dump_note: one decoded note field */
	int64_t dump;
	const char *note;        /* "NT_SIGINFO", "NT_AUXV", "NT_PRPSINFO" */
	const char *key;         /* "si_addr", "AT_PHDR", "pr_uid", ... */
	int64_t value;           /* the number (addresses as two's
	                            complement), when has_value */
	int has_value;
	const char *text;        /* the text (AT_EXECFN's string), NULL */
	uint64_t offset;         /* file offset of the note's descriptor */
};

struct sink {
	void *ctx;
	/* Set the host the following records describe (a source may name
	 * several, e.g. concatenated sar files).  Returns 0 or -1. */
	int (*host)(struct sink *s, const struct host_rec *h);
	/* A series of the current host: `family.field` metric, instance ("" for
	 * none), unit ("bytes", "per_s", "pct", "count", "s", ...) and a
	 * one-line description for the metric catalog (NULL to leave it).
	 * Returns a handle > 0 valid for this source, or -1. */
	int64_t (*series)(struct sink *s, const char *metric, const char *instance,
			  const char *unit, const char *desc);
	/* One sample of a series. */
	int (*sample)(struct sink *s, int64_t series, int64_t ts_us, double value,
		      int64_t line);
	/* One event (kernel log line, sar restart, ...). */
	int (*event)(struct sink *s, const struct event_rec *e);

	/* --- /proc snapshots (smaps, processes): issue 3 --- */

	/* --- cores and dumps: issue 4 --- */
	/* A memory image: a core file or a raw heap dump.  Returns a handle
	 * > 0 for the records below, or -1. */
	int64_t (*dump)(struct sink *s, const struct dump_rec *d);
	/* One range of the image (a PT_LOAD, or the whole raw dump). */
	int64_t (*segment)(struct sink *s, const struct segment_rec *g);
	/* One string and how often it occurs in a dump (and region). */
	int (*dump_string)(struct sink *s, const struct string_rec *r);
	/* A thread of a core; returns a handle > 0 for its frames, or -1. */
	int64_t (*dump_thread)(struct sink *s, const struct thread_rec *t);
	int (*dump_frame)(struct sink *s, const struct frame_rec *f);
	int (*dump_module)(struct sink *s, const struct module_rec *m);
	int (*dump_note)(struct sink *s, const struct note_rec *n);

	/* --- text captures (tcpdump, strace, kernel logs): issue 5 --- */
};

/* ------------------------------------------------------------------ */
/* The importer and its registry.                                       */

enum import_result {
	IMPORT_OK = 0,           /* imported; warnings may have been recorded */
	IMPORT_FAIL = -1,        /* rejected: nothing of this source is kept */
	IMPORT_DEFER = -2,       /* needs a hint a later source may give (retry
	                            once at the end of the bundle) */
};

struct importer {
	const char *name;        /* "sar", "meminfo", ...: the --format value */
	const char *summary;     /* one line for `pmortem formats` */
	int version;             /* bumped when its output changes */
	int needs_map;           /* parse needs input->map (random access): the
	                            walker spools archive members to a file */
	/* 0..100: how sure it is that `in` is its format, from head and name. */
	int (*sniff)(const struct input *in);
	/* Parse the whole input into the sink: an enum import_result. */
	int (*parse)(struct input *in, struct sink *out, struct diag *dg);
};

extern const struct importer *const importer_table[];
const struct importer *importer_find(const char *name);

/* Sniff scores the walker trusts: at or above SNIFF_SURE an importer wins
 * outright; a best score below SNIFF_WEAK means "not recognized". */
#define SNIFF_SURE 90
#define SNIFF_WEAK 30

#endif
