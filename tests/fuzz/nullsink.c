/*
 * nullsink.c - a sink that keeps nothing, and fuzz_run(): the importer
 * sees the bytes twice, mapped and streamed in odd-sized chunks, with the
 * sniffer run first as the walker would.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"

static int null_host(struct sink *s, const struct host_rec *h) { return 0; }
static int64_t null_series(struct sink *s, const char *m, const char *i,
			   const char *u, const char *d) { return 1; }
static int null_sample(struct sink *s, int64_t id, int64_t ts, double v,
		       int64_t line) { return 0; }
static int null_event(struct sink *s, const struct event_rec *e) { return 0; }
static int64_t null_dump(struct sink *s, const struct dump_rec *d) { return 1; }
static int64_t null_segment(struct sink *s, const struct segment_rec *g)
{ return 1; }
static int64_t null_thread(struct sink *s, const struct thread_rec *t)
{ return 1; }
static int null_frame(struct sink *s, const struct frame_rec *f) { return 0; }
static int null_module(struct sink *s, const struct module_rec *m) { return 0; }
static int null_note(struct sink *s, const struct note_rec *n) { return 0; }
/* A digest of what a pass gave (records, messages), for fuzz_run_same(). */
static uint64_t digest;

static void mix(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		digest = (digest ^ b[i]) * 0x100000001b3ull;
}

static void mix_str(const char *s)
{
	if (s)
		mix(s, strlen(s) + 1);
	else
		mix("\1", 1);
}

static int64_t null_process(struct sink *s, const struct process_rec *p)
{
	/* touch what a store would read, so the sanitizers see bad pointers */
	if (!p->snapshot)
		return -1;
	mix_str(p->snapshot);
	mix(&p->pid, sizeof(p->pid));
	mix(&p->ts_us, sizeof(p->ts_us));
	return 1;
}
static int null_mapping(struct sink *s, const struct mapping_rec *m)
{
	mix(&m->start, sizeof(m->start));
	mix(&m->end, sizeof(m->end));
	mix(&m->offset, sizeof(m->offset));
	mix(&m->inode, sizeof(m->inode));
	mix(m->kb, sizeof(m->kb));
	mix(&m->thp_eligible, sizeof(m->thp_eligible));
	mix(&m->protection_key, sizeof(m->protection_key));
	mix(&m->line, sizeof(m->line));
	mix_str(m->path);
	mix_str(m->perms);
	mix_str(m->dev);
	mix_str(m->vm_flags);
	for (size_t i = 0; i < m->nextra; i++) {
		mix_str(m->extra[i].name);
		mix_str(m->extra[i].value);
		mix(&m->extra[i].bytes, sizeof(m->extra[i].bytes));
	}
	return 0;
}
/* strace and kernel logs */
static int null_syscall(struct sink *s, const struct syscall_rec *c) { return 0; }
static int null_event_attr(struct sink *s, int64_t line, const char *k,
			   const char *v) { return 0; }
static int null_oom(struct sink *s, const struct oom_rec *o) { return 0; }
/* tcpdump */
static int64_t null_flow(struct sink *s, const struct flow_rec *f) { return 1; }
static int null_packet(struct sink *s, const struct packet_rec *p) { return 0; }
static int null_dns(struct sink *s, const struct dns_rec *d) { return 0; }
static int null_capture(struct sink *s, const struct capture_rec *c) { return 0; }
static int null_string(struct sink *s, const struct string_rec *r) { return 0; }

struct fstream {
	const uint8_t *data;
};

static ssize_t fuzz_read(struct input *in, void *buf, size_t n)
{
	struct fstream *fs = in->stream;
	uint64_t left = in->size - in->stream_pos;

	if (n > 4093)
		n = 4093;
	if (n > left)
		n = (size_t)left;
	memcpy(buf, fs->data + in->stream_pos, n);
	in->stream_pos += n;
	return (ssize_t)n;
}

static void run(const struct importer *imp, const uint8_t *data, size_t size,
		int same)
{
	uint64_t got[2];

	struct sink sink = { 0 };
	struct import_opts opts = { .date_us = TS_UNKNOWN,
				    .boot_time_us = TS_UNKNOWN,
				    .no_unwind = 1,
				    /* raw dumps: a range, as the name "fuzz" has none */
				    .base_addr = 0x10000, .has_base = 1 };
	struct fstream fs = { data };

	sink.host = null_host;
	sink.series = null_series;
	sink.sample = null_sample;
	sink.event = null_event;
	sink.dump = null_dump;
	sink.segment = null_segment;
	sink.dump_thread = null_thread;
	sink.dump_frame = null_frame;
	sink.dump_module = null_module;
	sink.dump_note = null_note;
	sink.process = null_process;
	sink.mapping = null_mapping;
	sink.syscall = null_syscall;
	sink.event_attr = null_event_attr;
	sink.oom = null_oom;
	sink.flow = null_flow;
	sink.packet = null_packet;
	sink.dns = null_dns;
	sink.capture = null_capture;
	sink.dump_string = null_string;
	for (int pass = 0; pass < 2; pass++) {
		struct bundle_hints hints = { .sar_date_us = TS_UNKNOWN,
					      .capture_us = TS_UNKNOWN,
					      .boot_time_us = TS_UNKNOWN };
		struct input in = { 0 };
		struct diag dg;

		in.path = "fuzz";
		in.name = "fuzz";
		in.head = data;
		in.head_len = size < INPUT_HEAD_MAX ? size : INPUT_HEAD_MAX;
		in.map = pass == 0 ? data : NULL;
		in.size = size;
		in.read = fuzz_read;
		in.stream = &fs;
		in.fd = -1;
		in.mtime_us = TS_UNKNOWN;
		in.opts = &opts;
		in.hints = &hints;
		diag_init(&dg, "fuzz", 0);
		digest = 0xcbf29ce484222325ull;
		(void)imp->sniff(&in);
		int rc = imp->parse(&in, &sink, &dg);

		mix(&rc, sizeof(rc));
		mix(&dg.nwarn, sizeof(dg.nwarn));
		mix(&dg.nerror, sizeof(dg.nerror));
		for (size_t i = 0; i < dg.nmsgs; i++) {
			mix(&dg.msgs[i].line, sizeof(dg.msgs[i].line));
			mix_str(dg.msgs[i].text);
		}
		got[pass] = digest;
		diag_release(&dg);
	}
	/* the mapped input has fast paths of its own: same records, same
	 * messages as the stream */
	if (same && got[0] != got[1])
		abort();
}

void fuzz_run(const struct importer *imp, const uint8_t *data, size_t size)
{
	run(imp, data, size, 0);
}

void fuzz_run_same(const struct importer *imp, const uint8_t *data, size_t size)
{
	run(imp, data, size, 1);
}
