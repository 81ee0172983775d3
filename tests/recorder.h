/*
 * recorder.h - an in-memory sink for unit tests, and inputs made from
 * files or strings, so a parser is tested as a function: bytes in,
 * records out, diagnostics checked by their exact text.
 */
#ifndef PMORTEM_RECORDER_H
#define PMORTEM_RECORDER_H

#include "importer.h"

struct rec_series {
	char *host, *metric, *instance, *unit;
};

struct rec_sample {
	int64_t series;           /* 1-based index into series[] */
	int64_t ts_us;
	double value;
	int64_t line;
};

struct rec_event {
	int64_t ts_us, pid, line;
	char *kind, *message;
	double ts_uncertainty_s, mono_s;
	int level;
	char *facility, *comm;    /* NULL when the importer gave none */
	char *host;               /* the current host when it was emitted */
};

/* strace and kernel logs: copies of what the importer emitted */
struct rec_syscall {
	struct syscall_rec c;     /* strings below are owned copies */
};

struct rec_attr {
	int64_t line;
	char *key, *value;
};

struct rec_oom {
	struct oom_rec o;         /* strings, zones and tasks owned */
};

/* tcpdump: copies of the records, strings owned */
struct rec_flow {
	struct flow_rec f;
};

struct recorder_capture {
	int n;                    /* capture() calls */
	struct capture_rec c;
};

/* Cores and dumps (issue 4): copies of the records, strings owned. */
struct rec_dump {
	struct dump_rec d;        /* strings below owned */
};

struct rec_segment {
	struct segment_rec g;     /* label, path owned */
};

struct rec_thread {
	struct thread_rec t;      /* unwind, unwind_reason owned */
};

struct rec_frame {
	struct frame_rec f;       /* module, build_id, symbol, src_file owned */
};

struct rec_module {
	struct module_rec m;      /* name, build_id, found_path owned */
};

struct rec_note {
	struct note_rec n;        /* note, key, text owned */
};

struct rec_string {
	struct string_rec s;      /* region, text, encoding owned */
};

struct rec_process {              /* merged as the store merges them */
	char *host, *snapshot, *capture, *time_origin, *comm, *cmdline, *state, *from;
	int64_t pid, ts_us, ppid, uid, euid, gid, egid, threads, start_ticks;
	int64_t vm_rss_bytes, vm_swap_bytes;
	int nrecords;              /* process() calls merged into it */
};

struct rec_mapping {
	int64_t process;           /* 1-based index into processes[] */
	int rollup;
	uint64_t start, end, offset, inode;
	char *perms, *dev, *path, *vm_flags;
	int64_t kb[SMAPS_NKB];
	int thp_eligible;
	int64_t protection_key;
	size_t nextra;
	char **extra_name, **extra_value;
	int64_t *extra_bytes;
	int64_t line;
};

struct recorder {
	struct sink sink;
	char *host;               /* current host name */
	struct host_rec last_host;
	int nhosts;
	struct rec_series *series;
	size_t nseries, cap_series;
	struct rec_sample *samples;
	size_t nsamples, cap_samples;
	struct rec_event *events;
	size_t nevents, cap_events;
	struct rec_dump *dumps;   /* handle = index + 1, likewise below */
	size_t ndumps, cap_dumps;
	struct rec_segment *segments;
	size_t nsegments, cap_segments;
	struct rec_thread *threads;
	size_t nthreads, cap_threads;
	struct rec_frame *frames;
	size_t nframes, cap_frames;
	struct rec_module *modules;
	size_t nmodules, cap_modules;
	struct rec_note *notes;
	size_t nnotes, cap_notes;
	struct rec_string *strings;
	size_t nstrings, cap_strings;
	struct rec_process *processes;
	size_t nprocesses, cap_processes;
	struct rec_mapping *mappings;
	size_t nmappings, cap_mappings;
	/* strace and kernel logs */
	struct rec_syscall *syscalls;
	size_t nsyscalls, cap_syscalls;
	struct rec_attr *attrs;
	size_t nattrs, cap_attrs;
	struct rec_oom *ooms;
	size_t nooms, cap_ooms;
	char **hosts_seen;        /* every name host() was given, in order */
	size_t nhosts_seen, cap_hosts_seen;
	/* tcpdump */
	struct rec_flow *flows;
	size_t nflows, cap_flows;
	struct packet_rec *packets;
	size_t npackets, cap_packets;
	struct dns_rec *dns;
	size_t ndns, cap_dns;
	struct recorder_capture capture;
};

void recorder_init(struct recorder *r);
void recorder_release(struct recorder *r);
/* The value of metric/instance at ts_us: 1 found, 0 not. */
int recorder_value(const struct recorder *r, const char *metric,
		   const char *instance, int64_t ts_us, double *out);
/* How many samples a metric/instance has. */
size_t recorder_count(const struct recorder *r, const char *metric,
		      const char *instance);

/* The first segment of the recorder containing addr, or NULL. */
const struct segment_rec *recorder_segment_at(const struct recorder *r,
					      uint64_t addr);
/* The first note with this note name and key, or NULL. */
const struct note_rec *recorder_note(const struct recorder *r,
				     const char *note, const char *key);
/* The process of pid whose snapshot key contains `snap` (NULL: any). */
const struct rec_process *recorder_process(const struct recorder *r,
					   const char *snap, int64_t pid);
/* The mapping starting at `start` of that process (rollup: 1 for the
 * smaps_rollup block). */
const struct rec_mapping *recorder_mapping(const struct recorder *r,
					   const struct rec_process *p,
					   uint64_t start, int rollup);
/* The value of an unknown field of a mapping, NULL when absent. */
const char *recorder_extra(const struct rec_mapping *m, const char *name);
/* The value of attribute key of the event at line, or NULL. */
const char *recorder_attr(const struct recorder *r, int64_t line,
			  const char *key);
/* The event recorded for line, or NULL. */
const struct rec_event *recorder_event_at(const struct recorder *r,
					  int64_t line);
/* tcpdump: the packet of a line (its first line), or NULL. */
const struct packet_rec *recorder_packet_at(const struct recorder *r,
					    int64_t line);
const struct dns_rec *recorder_dns_at(const struct recorder *r, int64_t line);

/* The dump_string record of a dump (handle) and region whose text is the
 * NUL-terminated text (NULL: the record of the strings not listed, of
 * encoding "ascii"), or NULL when there is none. */
const struct string_rec *recorder_string(const struct recorder *r, int64_t dump,
					 const char *region, const char *text);

/* An input over a copy of a file (mapped) or a string; release frees. */
struct test_input {
	struct input in;
	unsigned char *data;
	struct import_opts opts;
	struct bundle_hints hints;
	int stream;               /* serve through read() instead of map */
};
/* Load a file; returns 0 or -1. stream=1 exercises the stream path. */
int test_input_file(struct test_input *ti, const char *path, int stream);
void test_input_mem(struct test_input *ti, const char *name,
		    const void *data, size_t len, int stream);
void test_input_release(struct test_input *ti);
/* An importer's sniff score for a file (aborts the test when the file
 * cannot be read, so that "scores low" never passes on a missing file). */
int test_sniff_file(const struct importer *imp, const char *path);

/* Run an importer on a file with a fresh diag: returns its result. */
int test_import(const struct importer *imp, const char *path,
		struct recorder *r, struct diag *dg);

/* 1 when some kept diagnostic contains `needle`. */
int diag_has(const struct diag *dg, const char *needle);

#endif
