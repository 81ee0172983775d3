/*
 * elfcore_unwind.c - thread backtraces of a core with libdwfl, in a forked
 * child.
 *
 * libdwfl is not safe on hostile cores (systemd forks for the same reason
 * after an assertion inside it), so the parent never calls it: a child
 * with RLIMIT_CPU, RLIMIT_AS (the parent's size plus UNWIND_AS_BYTES) and
 * no core dump of its own runs dwfl_core_file_report / dwfl_report_end /
 * dwfl_getmodules / dwfl_core_file_attach / dwfl_getthreads /
 * dwfl_thread_getframes over the core, capped at UNWIND_MAX_THREADS
 * threads and UNWIND_MAX_FRAMES frames each, and writes what it finds to
 * a pipe.  The parent reads at most UNWIND_MAX_OUTPUT bytes within
 * UNWIND_WALL_S seconds, then parses them with a bounds check on every
 * field.  A child that dies leaves the threads it did not finish marked
 * "failed" with the reason.
 *
 * The child reads the core from the parent's mapping (input->map), which
 * it inherits across fork: elf_memory() over it needs no file descriptor,
 * path or memfd, so archive members spooled to memory work the same.
 *
 * Files: with --sysroot the child's find_elf looks for SYSROOT/PATH first
 * and uses it only when its build-id equals the one the core holds (libdwfl
 * does not re-check files a callback returns); a mismatch is reported and
 * the file not used.  The executable is handed to dwfl_core_file_report
 * after the same check.  Otherwise libdwfl's own search applies
 * (dwfl_build_id_find_elf, which also opens the NT_FILE paths on this
 * host and rejects a different build-id).  DEBUGINFOD_URLS is cleared in
 * the child: no network.
 *
 * Wire format, child to parent (native byte order: same machine), one
 * record after another:
 *   tag(1) len(4) payload[len]          len <= REC_MAX
 *   payload fields: u64/i64 (8), i32 (4), str (u16 length, bytes)
 *   'M' module   start u64, end u64, name str, file str, file_build_id
 *                str, build_id str
 *   'F' frame    tid i64, index i32, pc u64, activation i32, has_module
 *                i32, module str, module_start u64, build_id str,
 *                has_symbol i32, symbol str, symbol_offset u64, src str,
 *                line i32
 *   'T' thread   tid i64, status i32 (0 ok, 1 error, 2 capped), nframes
 *                i32, reason str
 *   'W' warning  text str
 *   'E' error    text str (no threads: why)
 *   'Z' done
 */
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "elfcore_unwind.h"
#include "util.h"

#define REC_MAX 16384
#define STR_MAX 4000
#define UNWIND_WALL_S 120

/* ------------------------------------------------------------------ */
/* The child.                                                           */

struct wire {
	int fd;
	uint64_t sent;
	unsigned char rec[REC_MAX + 5];
	size_t n;                /* bytes of rec used */
};

static void wire_begin(struct wire *w, char tag)
{
	w->rec[0] = (unsigned char)tag;
	w->n = 5;
}

static void wire_bytes(struct wire *w, const void *p, size_t n)
{
	if (n > sizeof(w->rec) - w->n)
		n = sizeof(w->rec) - w->n;
	memcpy(w->rec + w->n, p, n);
	w->n += n;
}

static void wire_u64(struct wire *w, uint64_t v)
{
	wire_bytes(w, &v, 8);
}

static void wire_i32(struct wire *w, int32_t v)
{
	wire_bytes(w, &v, 4);
}

static void wire_str(struct wire *w, const char *s)
{
	size_t n = s ? strnlen(s, STR_MAX) : 0;
	uint16_t len;

	if (n > sizeof(w->rec) - w->n - 2)
		n = 0;           /* no room: send it empty, never cut a record */
	len = (uint16_t)n;
	wire_bytes(w, &len, 2);
	if (n)
		wire_bytes(w, s, n);
}

static void wire_end(struct wire *w)
{
	uint32_t len = (uint32_t)(w->n - 5);
	size_t off = 0;

	memcpy(w->rec + 1, &len, 4);
	if (w->sent + w->n > UNWIND_MAX_OUTPUT)
		_exit(4);        /* the parent says so */
	while (off < w->n) {
		ssize_t k = write(w->fd, w->rec + off, w->n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			_exit(3);
		off += (size_t)k;
	}
	w->sent += w->n;
}

static void wire_text(struct wire *w, char tag, const char *text)
{
	wire_begin(w, tag);
	wire_str(w, text);
	wire_end(w);
}

struct child {
	struct wire w;
	const struct unwind_request *rq;
	Dwfl *dwfl;
	int64_t tid;
	int nframes;
	int capped;
	int nthreads;
};

static struct child *the_child;  /* for find_elf: a child has one core */

static int build_id_hex(const void *id, ssize_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = id;

	if (n <= 0 || n > 64)
		return -1;
	for (ssize_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
	return 0;
}

/* Open path as ELF and compare its build-id with want (hex, NULL: no
 * check possible).  Returns the fd and *elfp, or -1 (warning sent). */
static int open_verified(struct child *ch, const char *path, const char *want,
			 Elf **elfp)
{
	char have[129] = "", msg[4200];
	const void *id = NULL;
	ssize_t idlen;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf;

	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		snprintf(msg, sizeof(msg), "'%s' is not an ELF file, not used",
			 path);
		wire_text(&ch->w, 'W', msg);
		elf_end(elf);
		close(fd);
		return -1;
	}
	idlen = dwelf_elf_gnu_build_id(elf, &id);
	if (want && (build_id_hex(id, idlen, have) < 0 ||
		     strcmp(have, want) != 0)) {
		snprintf(msg, sizeof(msg), "'%s': build-id %s does not match the "
			 "core's %s, not used", path,
			 have[0] ? have : "(none)", want);
		wire_text(&ch->w, 'W', msg);
		elf_end(elf);
		close(fd);
		return -1;
	}
	*elfp = elf;
	return fd;
}

static int find_elf(Dwfl_Module *mod, void **ud, const char *name,
		    Dwarf_Addr base, char **file_name, Elf **elfp)
{
	struct child *ch = the_child;
	const char *root = ch->rq->sysroot;

	if (root && name && name[0] == '/') {
		const unsigned char *bits = NULL;
		GElf_Addr at;
		char want[129], *path = xasprintf("%s%s", root, name);
		int n = dwfl_module_build_id(mod, &bits, &at);
		int fd = open_verified(ch, path,
				       build_id_hex(bits, n, want) == 0 ? want
								       : NULL,
				       elfp);

		if (fd >= 0) {
			*file_name = path;
			return fd;
		}
		free(path);
	}
	return dwfl_build_id_find_elf(mod, ud, name, base, file_name, elfp);
}

static char *debuginfo_path;

static const Dwfl_Callbacks callbacks = {
	.find_elf = find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &debuginfo_path,
};

static int module_cb(Dwfl_Module *mod, void **ud, const char *name,
		     Dwarf_Addr start, void *arg)
{
	struct child *ch = arg;
	GElf_Addr bias, at;
	Dwarf_Addr lo, hi;
	const char *mainfile = NULL;
	const unsigned char *bits = NULL;
	const void *fid = NULL;
	char id[129] = "", fileid[129] = "";
	Elf *elf = dwfl_module_getelf(mod, &bias);  /* loads the file */
	int n;

	dwfl_module_info(mod, NULL, &lo, &hi, NULL, NULL, &mainfile, NULL);
	n = dwfl_module_build_id(mod, &bits, &at);
	build_id_hex(bits, n, id);
	if (elf) {
		ssize_t fn = dwelf_elf_gnu_build_id(elf, &fid);

		build_id_hex(fid, fn, fileid);
	}
	wire_begin(&ch->w, 'M');
	wire_u64(&ch->w, lo);
	wire_u64(&ch->w, hi);
	wire_str(&ch->w, name);
	wire_str(&ch->w, elf && mainfile ? mainfile : "");
	wire_str(&ch->w, fileid);
	wire_str(&ch->w, id);
	wire_end(&ch->w);
	return DWARF_CB_OK;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct child *ch = arg;
	Dwarf_Addr pc, adj, mstart = 0;
	bool act;
	Dwfl_Module *mod;
	const char *mname = NULL, *sym = NULL, *src = NULL;
	GElf_Off off = 0;
	GElf_Sym gs;
	char id[129] = "";
	int line = 0;

	if (ch->nframes >= UNWIND_MAX_FRAMES) {
		ch->capped = 1;
		return DWARF_CB_ABORT;
	}
	if (!dwfl_frame_pc(state, &pc, &act))
		return DWARF_CB_ABORT;
	adj = act ? pc : pc - 1;  /* a return address: look up the call */
	mod = dwfl_addrmodule(ch->dwfl, adj);
	if (mod) {
		const unsigned char *bits = NULL;
		GElf_Addr at;
		Dwfl_Line *ln;
		int idlen;

		mname = dwfl_module_info(mod, NULL, &mstart, NULL, NULL, NULL,
					 NULL, NULL);
		idlen = dwfl_module_build_id(mod, &bits, &at);
		build_id_hex(bits, idlen, id);
		sym = dwfl_module_addrinfo(mod, adj, &off, &gs, NULL, NULL, NULL);
		if ((ln = dwfl_module_getsrc(mod, adj)))
			src = dwfl_lineinfo(ln, NULL, &line, NULL, NULL, NULL);
	}
	wire_begin(&ch->w, 'F');
	wire_u64(&ch->w, (uint64_t)ch->tid);
	wire_i32(&ch->w, ch->nframes);
	wire_u64(&ch->w, pc);
	wire_i32(&ch->w, act);
	wire_i32(&ch->w, mod != NULL);
	wire_str(&ch->w, mname);
	wire_u64(&ch->w, mstart);
	wire_str(&ch->w, id);
	wire_i32(&ch->w, sym != NULL);
	wire_str(&ch->w, sym);
	wire_u64(&ch->w, sym ? off + (pc - adj) : 0);
	wire_str(&ch->w, src);
	wire_i32(&ch->w, src ? line : 0);
	wire_end(&ch->w);
	ch->nframes++;
	return DWARF_CB_OK;
}

static int thread_cb(Dwfl_Thread *thread, void *arg)
{
	struct child *ch = arg;
	int rc, status;
	const char *reason = NULL;

	if (ch->nthreads >= UNWIND_MAX_THREADS)
		return DWARF_CB_ABORT;
	ch->nthreads++;
	ch->tid = dwfl_thread_tid(thread);
	ch->nframes = 0;
	ch->capped = 0;
	rc = dwfl_thread_getframes(thread, frame_cb, ch);
	if (ch->capped)
		status = 2, reason = "frame cap reached";
	else if (rc == 0)
		status = 0;
	else
		status = 1, reason = dwfl_errmsg(-1);
	wire_begin(&ch->w, 'T');
	wire_u64(&ch->w, (uint64_t)ch->tid);
	wire_i32(&ch->w, status);
	wire_i32(&ch->w, ch->nframes);
	wire_str(&ch->w, reason);
	wire_end(&ch->w);
	return DWARF_CB_OK;
}

/* The executable to hand libdwfl: SYSROOT/exe or exe, when its build-id
 * matches the core's.  Returns a path the caller frees, or NULL. */
static char *pick_exe(struct child *ch)
{
	const struct unwind_request *rq = ch->rq;
	char *path;
	Elf *elf = NULL;
	int fd;

	if (!rq->exe)
		return NULL;
	path = rq->sysroot ? xasprintf("%s%s", rq->sysroot, rq->exe)
			   : xstrdup(rq->exe);
	fd = open_verified(ch, path, rq->exe_build_id, &elf);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	elf_end(elf);
	close(fd);
	return path;
}

static void limit(int resource, rlim_t v)
{
	struct rlimit rl = { v, v };

	setrlimit(resource, &rl);
}

static uint64_t vm_size(void)
{
	char buf[128] = "";
	unsigned long long pages = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		pages = pages * 10 + (unsigned)(buf[i] - '0');
	return pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void child_run(const struct unwind_request *rq, int fd)
{
	static struct child ch;
	Elf *core;
	char *exe;
	int nmod;

	ch.w.fd = fd;
	ch.rq = rq;
	the_child = &ch;
	limit(RLIMIT_CORE, 0);
	limit(RLIMIT_CPU, UNWIND_CPU_S);
	limit(RLIMIT_AS, vm_size() + UNWIND_AS_BYTES);
	unsetenv("DEBUGINFOD_URLS");
	if (rq->sysroot)
		debuginfo_path = xasprintf(":.debug:%s/usr/lib/debug:/usr/lib/debug",
					   rq->sysroot);
	if (elf_version(EV_CURRENT) == EV_NONE ||
	    !(core = elf_memory((char *)rq->map, (size_t)rq->size))) {
		wire_text(&ch.w, 'E', elf_errmsg(-1));
		return;
	}
	if (!(ch.dwfl = dwfl_begin(&callbacks))) {
		wire_text(&ch.w, 'E', dwfl_errmsg(-1));
		return;
	}
	exe = pick_exe(&ch);
	nmod = dwfl_core_file_report(ch.dwfl, core, exe);
	free(exe);
	if (nmod < 0 || dwfl_report_end(ch.dwfl, NULL, NULL) != 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "dwfl_core_file_report: %s",
			 dwfl_errmsg(-1));
		wire_text(&ch.w, 'E', msg);
		return;
	}
	dwfl_getmodules(ch.dwfl, module_cb, &ch, 0);
	if (dwfl_core_file_attach(ch.dwfl, core) < 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "dwfl_core_file_attach: %s",
			 dwfl_errmsg(-1));
		wire_text(&ch.w, 'E', msg);
	} else if (dwfl_getthreads(ch.dwfl, thread_cb, &ch) < 0 &&
		   ch.nthreads < UNWIND_MAX_THREADS) {
		char msg[512];

		snprintf(msg, sizeof(msg), "dwfl_getthreads: %s",
			 dwfl_errmsg(-1));
		wire_text(&ch.w, 'E', msg);
	}
	/* no dwfl_end/elf_end: the process exits */
}

/* ------------------------------------------------------------------ */
/* The parent: read, then parse with bounds.                           */

struct cursor {
	const unsigned char *p;
	size_t n;
	int bad;
};

static uint64_t get_u64(struct cursor *c)
{
	uint64_t v = 0;

	if (c->n < 8) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 8);
	c->p += 8, c->n -= 8;
	return v;
}

static int32_t get_i32(struct cursor *c)
{
	int32_t v = 0;

	if (c->n < 4) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 4);
	c->p += 4, c->n -= 4;
	return v;
}

/* A string field, copied; NULL when empty or malformed. */
static char *get_str(struct cursor *c)
{
	uint16_t len;
	char *s;

	if (c->n < 2) {
		c->bad = 1;
		return NULL;
	}
	memcpy(&len, c->p, 2);
	c->p += 2, c->n -= 2;
	if (len > c->n || len > STR_MAX) {
		c->bad = 1;
		return NULL;
	}
	s = len ? xstrndup((const char *)c->p, len) : NULL;
	c->p += len, c->n -= len;
	return s;
}

static void free_frame(struct unwind_frame *f)
{
	free(f->module);
	free(f->build_id);
	free(f->symbol);
	free(f->src_file);
}

static int parse_record(char tag, struct cursor *c, struct unwind_result *res,
			struct diag *dg)
{
	if (tag == 'M') {
		struct unwind_module m = { 0 };

		m.start = get_u64(c);
		m.end = get_u64(c);
		m.name = get_str(c);
		m.file = get_str(c);
		m.file_build_id = get_str(c);
		m.build_id = get_str(c);
		if (c->bad) {
			free(m.name);
			free(m.file);
			free(m.file_build_id);
			free(m.build_id);
			return -1;
		}
		if (!m.name)
			m.name = xstrdup("");
		res->modules = xgrow(res->modules, &res->cap_modules,
				     res->nmodules + 1, sizeof(*res->modules));
		res->modules[res->nmodules++] = m;
	} else if (tag == 'F') {
		struct unwind_frame f = { 0 };
		int has_mod, has_sym;

		f.tid = (int64_t)get_u64(c);
		f.index = get_i32(c);
		f.pc = get_u64(c);
		f.is_activation = get_i32(c) != 0;
		has_mod = get_i32(c);
		f.module = get_str(c);
		f.module_start = get_u64(c);
		f.build_id = get_str(c);
		has_sym = get_i32(c);
		f.symbol = get_str(c);
		f.symbol_offset = get_u64(c);
		f.src_file = get_str(c);
		f.src_line = get_i32(c);
		if (has_mod && !f.module)
			f.module = xstrdup("");
		if (!has_sym && f.symbol) {
			free(f.symbol);
			f.symbol = NULL;
		}
		if (f.index < 0 || f.index >= UNWIND_MAX_FRAMES || c->bad) {
			free_frame(&f);
			c->bad = 1;
			return -1;
		}
		res->frames = xgrow(res->frames, &res->cap_frames,
				    res->nframes + 1, sizeof(*res->frames));
		res->frames[res->nframes++] = f;
	} else if (tag == 'T') {
		struct unwind_thread t = { 0 };
		int32_t status;

		t.tid = (int64_t)get_u64(c);
		status = get_i32(c);
		t.nframes = get_i32(c);
		t.reason = get_str(c);
		t.status = status == 0 ? "ok" : status == 2 ? "capped" : "error";
		if (c->bad || t.nframes < 0 || t.nframes > UNWIND_MAX_FRAMES ||
		    res->nthreads >= UNWIND_MAX_THREADS) {
			free(t.reason);
			c->bad = 1;
			return -1;
		}
		t.first = res->mark;     /* the child sends frames, then 'T' */
		t.end = res->mark = res->nframes;
		res->threads = xgrow(res->threads, &res->cap_threads,
				     res->nthreads + 1, sizeof(*res->threads));
		res->threads[res->nthreads++] = t;
	} else if (tag == 'W' || tag == 'E') {
		char *text = get_str(c);

		if (tag == 'W')
			diag_warn_at(dg, 0, "sysroot: %s", text ? text : "");
		else if (!res->error)
			res->error = text, text = NULL;
		free(text);
	} else if (tag == 'Z') {
		res->complete = 1;
	} else {
		c->bad = 1;
	}
	return c->bad ? -1 : 0;
}

void unwind_parse(const unsigned char *buf, size_t n,
		  struct unwind_result *res, struct diag *dg)
{
	size_t pos = 0;

	while (pos < n) {
		struct cursor c;
		uint32_t len;

		if (n - pos < 5) {
			diag_warn_at(dg, 0, "unwinder output cut at byte %zu", pos);
			return;
		}
		memcpy(&len, buf + pos + 1, 4);
		if (len > REC_MAX || len > n - pos - 5) {
			diag_warn_at(dg, 0, "unwinder output malformed at byte %zu",
				     pos);
			return;
		}
		c.p = buf + pos + 5;
		c.n = len;
		c.bad = 0;
		if (parse_record((char)buf[pos], &c, res, dg) < 0) {
			diag_warn_at(dg, 0, "unwinder output malformed at byte %zu",
				     pos);
			return;
		}
		pos += 5 + (size_t)len;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read the child's output until EOF, the size cap or the wall-clock
 * limit.  Returns the buffer (caller frees), *n its length; *why set when
 * the child had to be stopped. */
static unsigned char *read_child(int fd, pid_t pid, size_t *n,
				 const char **why)
{
	unsigned char *buf = NULL;
	size_t cap = 0, len = 0;
	int64_t deadline = now_ms() + UNWIND_WALL_S * 1000;

	*why = NULL;
	for (;;) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t k;
		int r;

		if (left <= 0) {
			*why = "the unwinder ran out of time";
			break;
		}
		r = poll(&pf, 1, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (len == UNWIND_MAX_OUTPUT) {
			*why = "the unwinder's output exceeds its cap";
			break;
		}
		buf = xgrow(buf, &cap, len + 65536 < UNWIND_MAX_OUTPUT
				       ? len + 65536 : UNWIND_MAX_OUTPUT, 1);
		k = read(fd, buf + len, cap - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	if (*why)
		kill(pid, SIGKILL);
	*n = len;
	return buf;
}

int unwind_core(const struct unwind_request *rq, struct unwind_result *res,
		struct diag *dg)
{
	int fds[2], status = 0;
	pid_t pid;
	unsigned char *buf;
	size_t n;
	const char *why;

	memset(res, 0, sizeof(*res));
	if (pipe2(fds, O_CLOEXEC) < 0) {
		diag_warn_at(dg, 0, "no backtraces: pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag_warn_at(dg, 0, "no backtraces: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		static struct wire done;

		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		child_run(rq, fds[1]);
		done.fd = fds[1];
		done.sent = the_child ? the_child->w.sent : 0;
		wire_begin(&done, 'Z');
		wire_end(&done);
		_exit(0);
	}
	close(fds[1]);
	buf = read_child(fds[0], pid, &n, &why);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	unwind_parse(buf, n, res, dg);
	free(buf);
	if (why) {
		res->complete = 0;
		free(res->error);
		res->error = xstrdup(why);
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		res->complete = 0;
		free(res->error);
		res->error = xasprintf("the unwinder was killed by signal %d (%s)",
				       sig, sig == SIGXCPU ? "CPU time limit"
						: strsignal(sig));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		res->complete = 0;
		free(res->error);
		res->error = xasprintf("the unwinder exited with status %d%s",
				       WEXITSTATUS(status),
				       WEXITSTATUS(status) == 4
				       ? " (output cap reached)" : "");
	}
	return 0;
}

void unwind_result_release(struct unwind_result *res)
{
	for (size_t i = 0; i < res->nmodules; i++) {
		free(res->modules[i].name);
		free(res->modules[i].file);
		free(res->modules[i].file_build_id);
		free(res->modules[i].build_id);
	}
	for (size_t i = 0; i < res->nframes; i++)
		free_frame(&res->frames[i]);
	for (size_t i = 0; i < res->nthreads; i++)
		free(res->threads[i].reason);
	free(res->modules);
	free(res->frames);
	free(res->threads);
	free(res->error);
	memset(res, 0, sizeof(*res));
}
