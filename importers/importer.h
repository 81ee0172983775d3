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
	uint64_t nul_pos;        /* mapped: the next NUL byte at or after
	                            map_pos (size when none), found once */
	int eof, io_error;
	size_t nul_lines, long_lines, cr_lines;
};

void lines_init(struct lines *lr, struct input *in, struct diag *dg, size_t max_len);
void lines_release(struct lines *lr);
/* Next line: 1 with line and len set, 0 at end, -1 on a read error
 * (reported in dg).  Trailing CR is removed. */
int lines_next(struct lines *lr, const char **line, size_t *len);
/* A mapped input's bytes not read yet (0: none, or a stream), for a parser
 * that reads its commonest lines itself; it then says how many bytes and
 * whole lines (each ending in LF, without NUL or CR) it took. */
size_t lines_ahead(const struct lines *lr, const char **p);
void lines_took(struct lines *lr, size_t bytes, size_t lines);

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

/* The kB fields of an smaps block, in the kernel's order (6.18): enum
 * suffix, the kernel's spelling, the mapping table's column.  Every other
 * `Name: value` line is kept as an unknown field (mapping_field). */
#define SMAPS_KB_FIELDS(X)                                                 \
	X(SIZE, "Size", size_bytes)                                        \
	X(KERNEL_PAGE_SIZE, "KernelPageSize", kernel_page_size_bytes)      \
	X(MMU_PAGE_SIZE, "MMUPageSize", mmu_page_size_bytes)               \
	X(RSS, "Rss", rss_bytes)                                           \
	X(PSS, "Pss", pss_bytes)                                           \
	X(PSS_DIRTY, "Pss_Dirty", pss_dirty_bytes)                         \
	X(PSS_ANON, "Pss_Anon", pss_anon_bytes)                            \
	X(PSS_FILE, "Pss_File", pss_file_bytes)                            \
	X(PSS_SHMEM, "Pss_Shmem", pss_shmem_bytes)                         \
	X(SHARED_CLEAN, "Shared_Clean", shared_clean_bytes)                \
	X(SHARED_DIRTY, "Shared_Dirty", shared_dirty_bytes)                \
	X(PRIVATE_CLEAN, "Private_Clean", private_clean_bytes)             \
	X(PRIVATE_DIRTY, "Private_Dirty", private_dirty_bytes)             \
	X(REFERENCED, "Referenced", referenced_bytes)                      \
	X(ANONYMOUS, "Anonymous", anonymous_bytes)                         \
	X(KSM, "KSM", ksm_bytes)                                           \
	X(LAZYFREE, "LazyFree", lazyfree_bytes)                            \
	X(ANON_HUGE_PAGES, "AnonHugePages", anon_huge_pages_bytes)         \
	X(SHMEM_PMD_MAPPED, "ShmemPmdMapped", shmem_pmd_mapped_bytes)      \
	X(FILE_PMD_MAPPED, "FilePmdMapped", file_pmd_mapped_bytes)         \
	X(SHARED_HUGETLB, "Shared_Hugetlb", shared_hugetlb_bytes)          \
	X(PRIVATE_HUGETLB, "Private_Hugetlb", private_hugetlb_bytes)       \
	X(SWAP, "Swap", swap_bytes)                                        \
	X(SWAP_PSS, "SwapPss", swap_pss_bytes)                             \
	X(LOCKED, "Locked", locked_bytes)

enum smaps_kb {
#define SMAPS_ENUM(e, name, col) SMAPS_##e,
	SMAPS_KB_FIELDS(SMAPS_ENUM)
#undef SMAPS_ENUM
	SMAPS_NKB
};

struct process_rec {             /* process: one pid in one snapshot */
	/* The files of one process snapshot (proc/<pid>/smaps, stat, status,
	 * cmdline ...) arrive as separate sources; each calls sink->process
	 * with what it knows and the store merges them into one row keyed by
	 * (host, snapshot, pid): known fields fill unknown ones, ts_us keeps
	 * the earliest time. */
	const char *snapshot;    /* the key: the directory the file is in, plus
	                            "@<ts_us>" when the time came from inside
	                            the file or its own name */
	const char *capture;     /* the whole capture this snapshot is part of:
	                            the key without the pid's directory
	                            ("t1/proc/42" -> "t1/proc", "cap.tar!42" ->
	                            "cap.tar"); groups processes for smem */
	int64_t pid;             /* -1 unknown */
	int64_t ts_us;           /* snapshot time, TS_UNKNOWN */
	const char *time_origin; /* how ts_us was found: "file name", "mtime",
	                            "capture time", "in file"; NULL unknown */
	int64_t ppid;            /* -1 unknown */
	int64_t uid, euid;       /* real and effective uid (status), -1 unknown */
	int64_t gid, egid;       /* -1 unknown */
	const char *comm;        /* the kernel's name (stat/status), NULL unknown */
	const char *cmdline;     /* argv joined by spaces; "" for a kernel
	                            thread or a zombie; NULL unknown */
	const char *state;       /* "S", "R", "Z" ..., NULL unknown */
	int64_t threads;         /* -1 unknown */
	int64_t start_ticks;     /* stat starttime (clock ticks after boot), -1 */
	int64_t vm_rss_bytes;    /* status VmRSS, -1 unknown */
	int64_t vm_swap_bytes;   /* status VmSwap, -1 unknown */
	const char *from;        /* the file: "smaps", "smaps_rollup", "stat",
	                            "status", "cmdline" */
};

struct smaps_extra {             /* a field of an smaps block we do not know */
	const char *name;        /* as spelled, without the colon */
	const char *value;       /* the rest of the line, trimmed */
	int64_t bytes;           /* value in bytes when it reads "N kB", else
	                            INT64_MIN */
};

struct mapping_rec {             /* mapping: one block of smaps (or the rollup) */
	int64_t process;         /* handle from sink->process */
	int rollup;              /* 1: the summary block of smaps_rollup */
	uint64_t start, end;     /* address range [start, end) */
	const char *perms;       /* "r-xp" */
	uint64_t offset;         /* file offset, bytes */
	const char *dev;         /* "fe:00" */
	uint64_t inode;
	const char *path;        /* full name: spaces and " (deleted)" kept;
	                            "" for an anonymous mapping */
	int64_t kb[SMAPS_NKB];   /* the kB fields in bytes; INT64_MIN absent */
	int thp_eligible;        /* THPeligible, -1 absent */
	int64_t protection_key;  /* ProtectionKey, -1 absent */
	const char *vm_flags;    /* "rd wr mr mw me ac", NULL absent */
	const struct smaps_extra *extra;  /* unknown fields, in file order */
	size_t nextra;
	int64_t line;            /* line of the range header */
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

/* strace: records of issue 5 */
struct syscall_rec {             /* syscall: one line (or joined pair) of strace */
	const char *kind;        /* "syscall" | "signal" | "exit" | "killed" |
	                            "attach" | "detach" */
	int64_t ts_us;           /* start; TS_UNKNOWN without an absolute time */
	double rel_s;            /* seconds since the first record, NAN unknown */
	int64_t pid;             /* [pid N], the -f -o column or the -ff file
	                            name's .PID; -1 unknown */
	const char *name;        /* syscall, or the signal ("SIGCHLD") for
	                            signal and killed; NULL for exit */
	const char *args;        /* text between the parentheses (both parts
	                            of a split call, joined), or the {siginfo} */
	const char *ret;         /* text after "= " without the duration;
	                            NULL when none (never resumed, signals) */
	int64_t retval;          /* return value, exit status */
	int has_retval;          /* 0 for "?" or no return */
	const char *err;         /* errno name ("ENOENT"), NULL */
	const char *err_text;    /* "No such file or directory", NULL */
	double duration_s;       /* -T <0.000123>, NAN when not shown */
	int unfinished;          /* the call was split by <unfinished ...> */
	int resumed;             /* its <... resumed> part was seen */
	int64_t fd;              /* file descriptor argument, -1 none */
	const char *peer;        /* "127.0.0.1:53" named by the call or the
	                            fd's connect(), NULL */
	int peer_port;           /* its port, -1 none */
	int64_t line;            /* line of the call (its first part) */
	int64_t end_line;        /* line of the resumed part, else = line */
};

/* kernel logs: records of issue 5 */
struct oom_zone_rec {            /* oom_zone: one zone of a report's Mem-Info */
	int node;                /* NUMA node, -1 unknown */
	const char *zone;        /* "DMA", "DMA32", "Normal", ... */
	int64_t free_bytes, min_bytes, low_bytes, high_bytes;
	int64_t managed_bytes;   /* -1 when not shown */
	int64_t line;
};

struct oom_task_rec {            /* oom_task: one row of the task table */
	int64_t pid, uid, tgid;
	int64_t total_vm_bytes, rss_bytes;         /* pages * page size */
	int64_t rss_anon_bytes, rss_file_bytes, rss_shmem_bytes; /* -1 when
	                            the kernel prints no such column */
	int64_t pgtables_bytes;  /* already bytes in the table */
	int64_t swapents;        /* swap entries (pages) */
	int oom_score_adj;
	const char *name;
	int64_t line;
};

struct oom_rec {                 /* oom_kill: one OOM-kill report */
	int64_t ts_us;           /* of the `invoked oom-killer` line */
	double ts_uncertainty_s;
	double mono_s;           /* NAN unknown */
	int64_t line;            /* the `invoked oom-killer` line (0 none) */
	int64_t kill_line;       /* the `Killed process` line (0 none) */
	int64_t reap_line;       /* the `oom_reaper: reaped` line (0 none) */
	const char *invoker;     /* comm of the allocating task */
	int64_t invoker_pid;     /* from the `CPU: N PID: N Comm:` line, -1 */
	const char *gfp_mask;    /* "0xcc0(GFP_KERNEL)" */
	int order;               /* allocation order (-1 for a manual OOM) */
	int oom_score_adj;       /* of the invoking task */
	const char *constraint;  /* "CONSTRAINT_NONE", "CONSTRAINT_MEMCG" ... */
	const char *nodemask, *cpuset, *mems_allowed;
	const char *oom_memcg, *task_memcg;
	int memcg;               /* 1 when a cgroup limit was hit */
	int64_t memcg_usage_bytes, memcg_limit_bytes, memcg_failcnt; /* -1 */
	int64_t memcg_kmem_bytes; /* cgroup v1 `kmem: usage`: kernel memory
	                             (slab, stacks, page tables), -1 */
	int64_t killed_pid;      /* -1 when the report has no kill line */
	const char *killed_comm;
	int64_t killed_uid;
	int64_t total_vm_bytes, anon_rss_bytes, file_rss_bytes,
		shmem_rss_bytes, pgtables_bytes;     /* kill line, kB * 1024 */
	int killed_oom_score_adj;
	int64_t reaped_anon_rss_bytes, reaped_file_rss_bytes,
		reaped_shmem_rss_bytes;              /* after reaping, -1 */
	const struct oom_zone_rec *zones;
	size_t nzones;
	const struct oom_task_rec *tasks;
	size_t ntasks;
};

/* tcpdump: text captures of packets (issue 5) */
struct capture_rec {             /* packet_capture: one tcpdump text source */
	const char *tool;        /* "tcpdump" */
	const char *ts_mode;     /* "hms" (default), "epoch" (-tt), "delta"
	                            (-ttt), "datetime" (-tttt), "since_first"
	                            (-ttttt), "none" (-t) */
	const char *time_origin; /* how the times were anchored, for people */
	double ts_uncertainty_s; /* how far ts_us may be off, 0 when exact */
	const char *link;        /* "any" (-i any prefixes), "ether" (-e), NULL */
	int verbose;             /* -v output seen */
	int64_t packets;         /* packet rows emitted (raw ones included) */
	int64_t raw;             /* of which kept raw (not understood) */
	int64_t first_us, last_us; /* TS_UNKNOWN when none */
};

struct flow_rec {                /* flow: one conversation, both directions */
	const char *proto;       /* "tcp" | "udp" */
	int ip_version;          /* 4 | 6, 0 when names hide it */
	const char *a_addr;      /* side a: the SYN sender, else the first sender */
	int a_port;
	const char *b_addr;
	int b_port;
	int64_t first_us;        /* its first packet */
	int64_t line;
};

struct packet_rec {              /* packet: one line (or -v pair) of tcpdump */
	int64_t ts_us;           /* TS_UNKNOWN when the line has no time */
	int64_t flow;            /* handle from sink->flow, 0 when none */
	int dir;                 /* 0 a->b, 1 b->a, -1 no flow */
	const char *iface;       /* -i any: "lo"; NULL */
	const char *direction;   /* -i any: "In" | "Out" | "M" | "B" | "P"; NULL */
	const char *proto;       /* "tcp","udp","icmp","icmp6","arp","ip","ip6",
	                            another protocol's name, or "raw" */
	int ip_version;          /* 4 | 6 | 0 */
	const char *src, *dst;   /* addresses (or names) as printed; NULL */
	int sport, dport;        /* -1 when none */
	const char *flags;       /* TCP flags as printed: "S", "S.", "P.", "F.", NULL */
	int64_t seq, seq_end, ack; /* as printed (absolute on SYN, relative
	                            after), -1 when absent */
	int64_t rseq, rack;      /* relative to the direction's ISN, -1 */
	int64_t seq_abs, ack_abs; /* absolute, when the SYN-ACK was seen; -1 */
	int64_t win;             /* -1 when absent */
	int64_t len;             /* payload bytes, -1 when unknown */
	const char *options;     /* TCP options text inside [...], NULL */
	int mss, wscale;         /* -1 when absent */
	int64_t ts_val, ts_ecr;  /* TCP timestamps, -1 when absent */
	const char *sack;        /* "{1:2}{3:4}" as printed, NULL */
	const char *info;        /* what follows, undecoded (UDP/ICMP text), NULL */
	const char *raw;         /* the whole text when not understood, else NULL */
	int64_t line;            /* the (first) line */
};

struct dns_rec {                 /* dns_message: a DNS query or response */
	int64_t ts_us;
	int64_t flow;            /* handle from sink->flow */
	int id;
	int is_response;
	const char *qtype;       /* "A","AAAA","PTR",...; for a response, that
	                            of its query when known; NULL */
	const char *name;        /* the name asked, without the final dot; NULL */
	const char *rcode;       /* responses: "NoError","NXDomain","ServFail"... */
	const char *flags;       /* as printed after the id: "+", "+%", "*-" */
	int an, ns, ar;          /* record counts, -1 when not printed */
	const char *answers;     /* answer text as printed, NULL */
	const char *client;      /* the asking side's address and port */
	int client_port;
	const char *server;
	int server_port;
	int64_t size_bytes;      /* DNS message size, -1 */
	int64_t line;
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
	/* A process in a snapshot (created or merged, see process_rec).
	 * Returns a handle > 0 for sink->mapping, or -1. */
	int64_t (*process)(struct sink *s, const struct process_rec *p);
	/* One block of smaps or smaps_rollup of that process. */
	int (*mapping)(struct sink *s, const struct mapping_rec *m);

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

	/* strace */
	/* One call, signal, exit or attach of a strace (table syscall).  An
	 * `<unfinished ...>` call and its `<... resumed>` part arrive as one
	 * record once joined (or at the end, unfinished). */
	int (*syscall)(struct sink *s, const struct syscall_rec *c);

	/* kernel logs */
	/* A named detail of the kernel event written for `line` of the
	 * current source (table kernel_event_attr): "order" = "4" of a page
	 * allocation failure, "blocked_s" of a hung task, ... */
	int (*event_attr)(struct sink *s, int64_t line, const char *key,
			  const char *value);
	/* One OOM-kill report, whole (tables oom_kill, oom_zone, oom_task). */
	int (*oom)(struct sink *s, const struct oom_rec *o);
	/* tcpdump */
	/* A conversation (5-tuple, both directions): a handle > 0, or -1. */
	int64_t (*flow)(struct sink *s, const struct flow_rec *f);
	/* One packet, parsed or kept raw. */
	int (*packet)(struct sink *s, const struct packet_rec *p);
	/* One DNS message (its packet is given to packet() as well). */
	int (*dns)(struct sink *s, const struct dns_rec *d);
	/* The capture as a whole, once, after its packets. */
	int (*capture)(struct sink *s, const struct capture_rec *c);
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
	int per_place;           /* the same bytes at another path are another
	                            record (per-process /proc files: an unchanged
	                            cmdline in the next snapshot still belongs to
	                            it): the walker hashes the path with them */
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
