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

/* Run an importer on a file with a fresh diag: returns its result. */
int test_import(const struct importer *imp, const char *path,
		struct recorder *r, struct diag *dg);

/* 1 when some kept diagnostic contains `needle`. */
int diag_has(const struct diag *dg, const char *needle);

#endif
