/*
 * elfcore.c - ELF core files, as the kernel writes them and as gdb's
 * gcore writes them: the process (pid, command, signal), every saved
 * memory range labelled by what it is, the threads with their registers,
 * the notes decoded, the modules with their build-ids, and (util_unwind.c)
 * each thread's backtrace.
 *
 * Why by hand as well as with libelf: libelf reads the ELF and program
 * headers, but it opens a truncated core without complaint and silently
 * clamps a program header count that runs past the end of the file, so
 * every size is checked here against the bytes that are really there
 * before it is trusted; and notes are walked here with explicit bounds
 * (gelf_getnote trusts a descriptor size more than we want to).
 *
 * The layout (words are 4 or 8 bytes by EI_CLASS, in EI_DATA byte order):
 *
 *   ELF header   offset  size  meaning
 *                0       4     "\177ELF"
 *                4       1     EI_CLASS: 1 = 32-bit, 2 = 64-bit
 *                5       1     EI_DATA: 1 = little, 2 = big endian
 *                16      2     e_type: 4 = ET_CORE
 *                18      2     e_machine: 62 x86-64, 183 aarch64, 3 i386
 *                32/28   w     e_phoff: program headers
 *                54/42   2     e_phentsize: 56 (64-bit) / 32 (32-bit)
 *                56/44   2     e_phnum; 0xffff (PN_XNUM): the count is in
 *                              section header 0's sh_info
 *   PT_LOAD      one per mapping: p_vaddr, p_memsz; p_filesz bytes saved at
 *                p_offset.  p_filesz < p_memsz: the rest was not saved
 *                (coredump_filter; gcore leaves such mappings out), which
 *                is "unknown", never zeros.  p_offset + p_filesz past the
 *                end of the file: the core was truncated (RLIMIT_CORE, a
 *                full disk, a cut copy): the kernel wrote the headers
 *                first, with the full sizes.
 *   PT_NOTE      notes: namesz(4) descsz(4) type(4) name desc, each padded
 *                to 4 bytes (8 when p_align is 8).  Under "CORE":
 *     NT_PRSTATUS  1  per thread, the dumping thread first (kernel):
 *                     64-bit: pr_cursig@12 (2), pr_pid@32 (tid), pr_reg@112
 *                     32-bit: pr_cursig@12, pr_pid@24, pr_reg@72
 *                     x86-64 pr_reg: rip = word 16, rsp = word 19;
 *                     aarch64: sp = word 31, pc = word 32;
 *                     i386: eip = word 12, esp = word 15
 *     NT_PRPSINFO  3  64-bit (136 bytes): pr_uid@16 pr_gid@20 pr_pid@24
 *                     pr_ppid@28 pr_fname[16]@40 pr_psargs[80]@56;
 *                     i386 (124): pr_pid@12 pr_ppid@16 pr_fname@28
 *                     pr_psargs@44.  Read bounded: not always NUL-ended
 *     NT_AUXV      6  (type, value) word pairs up to AT_NULL
 *     NT_SIGINFO   0x53494749  siginfo_t: si_signo@0 si_errno@4 si_code@8,
 *                     si_addr (fault signals) or si_pid, si_uid at 16 / 12
 *     NT_FILE      0x46494c45  count, page_size, count x {start, end,
 *                     file_ofs}, then count NUL-terminated paths; the file
 *                     offset is file_ofs * page_size: the kernel writes
 *                     page_size 4096 (offsets in pages), gcore page_size 1
 *                     (offsets in bytes).  Absent when it would exceed
 *                     kernel.core_file_note_size_limit (4 MiB)
 *                Under "GDB": 0xff000000 NT_GDB_TDESC, only gcore writes it.
 *
 * Segment labels (dump_segment.label), decided in this order:
 *   file       an NT_FILE entry overlaps it (path and offset set)
 *   [vdso]     holds AT_SYSINFO_EHDR; [vvar]: the unwritable anonymous
 *              segments right below it
 *   [vsyscall] x86-64's fixed page at 0xffffffffff600000
 *   [stack]    holds a thread's stack pointer (every thread's stack)
 *   [heap]     the brk heap: the first anonymous writable segment above
 *              the end of the executable's highest file mapping, within
 *              HEAP_MAX_GAP (the kernel randomizes the brk start up to
 *              1 GiB above it on 64-bit, 32 MiB on 32-bit), plus the
 *              anonymous writable segments contiguous with it.  One that
 *              starts exactly at that end is the executable's .bss and is
 *              skipped when another candidate follows.  Without NT_FILE
 *              (or no known executable) nothing is labelled [heap]
 *   anon       everything else
 * The executable is the NT_FILE path holding AT_PHDR (else AT_ENTRY, else
 * the first path whose base name starts with NT_PRPSINFO's pr_fname).
 * Modules are NT_FILE paths whose offset-0 page is saved and starts with
 * an ELF header (build-id: its PT_NOTE NT_GNU_BUILD_ID read from that
 * page), or that map executable code, plus the vDSO.
 *
 * Needs random access (input->map): an archive member must be spooled by
 * the walker first.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_unwind.h"
#include "importer.h"
#include "strscan.h"
#include "util.h"

#define HEAP_MAX_GAP_64 (1ull << 30)
#define HEAP_MAX_GAP_32 (32ull << 20)
#define VSYSCALL_ADDR 0xffffffffff600000ull
#define NT_GDB_TDESC_TYPE 0xff000000u
#define BUILD_ID_MAX 64          /* bytes; longer ones are not build-ids */
#define MAX_FILE_ENTRIES (1u << 22)

struct seg {
	int index;               /* program header number */
	uint64_t vaddr, memsz, filesz, offset;
	uint64_t avail;          /* saved bytes really in the file */
	unsigned align;          /* PT_NOTE: note alignment, 4 or 8 */
	int flags;
	int truncated;
	const char *label;
	const char *path;        /* points into the NT_FILE note */
	uint64_t path_offset;
	int64_t handle;          /* from sink->segment (strings) */
};

struct fentry {                  /* one NT_FILE entry */
	uint64_t start, end, offset;
	const char *name;        /* NUL-terminated inside the mapped note */
};

struct cthread {                 /* one NT_PRSTATUS */
	int64_t tid;
	int signal;
	int has_regs;
	uint64_t pc, sp;
};

struct module {
	const char *name;
	uint64_t base, end;
	char build_id[2 * BUILD_ID_MAX + 1]; /* "" unknown */
	int has_elf_header;
	int exec;
};

struct core {
	struct input *in;
	struct diag *dg;
	struct sink *out;
	const unsigned char *map;
	uint64_t size;
	int is64, msb;
	unsigned machine;
	unsigned word;           /* 4 or 8 */
	Elf *elf;

	struct seg *segs;        /* PT_LOADs in header order */
	size_t nsegs, cap_segs;
	size_t *by_addr;         /* indexes of segs sorted by vaddr */
	size_t ntruncated;

	struct fentry *files;
	size_t nfiles, cap_files;
	uint64_t file_page_size; /* of the first NT_FILE, 0 when none */

	struct cthread *threads;
	size_t nthreads, cap_threads;

	struct module *mods;
	size_t nmods, cap_mods;

	/* NT_PRPSINFO */
	int has_psinfo;
	int64_t pid;
	char fname[17];
	char psargs[81];
	/* NT_SIGINFO */
	int si_signo;
	/* NT_AUXV */
	uint64_t at_phdr, at_entry, at_sysinfo_ehdr;
	int has_phdr, has_entry, has_sysinfo;

	int gdb_note;            /* NT_GDB_TDESC seen */
	int core_notes;          /* notes named CORE seen */
	const char *exe;         /* executable path (into the NT_FILE note) */
	int64_t dump;            /* sink handle */
};

/* ------------------------------------------------------------------ */
/* Reading words in the core's byte order.                             */

static uint64_t rd(const struct core *c, const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[c->msb ? n - 1 - i : i] << (8 * i);
	return v;
}

static uint64_t rd_word(const struct core *c, const unsigned char *p)
{
	return rd(c, p, c->word);
}

static int64_t rd_i32(const struct core *c, const unsigned char *p)
{
	return (int32_t)(uint32_t)rd(c, p, 4);
}

static void hex_of(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The file offset of p, a pointer into the map (for messages). */
static int64_t off_of(const struct core *c, const void *p)
{
	return (int64_t)((const unsigned char *)p - c->map);
}

/* ------------------------------------------------------------------ */
/* Notes: a bounded walker shared by the core's PT_NOTEs and the build-id
 * notes of modules read from core memory. */

struct note {
	uint32_t type;
	const unsigned char *name;
	uint32_t namesz;
	const unsigned char *desc;
	uint32_t descsz;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The next note of buf[0, len) at *pos: 1 and n set, 0 at the end, -1 on
 * a malformed note (described in why, a static string). */
static int note_next(const struct core *c, const unsigned char *buf,
		     uint64_t len, uint64_t align, uint64_t *pos,
		     struct note *n, const char **why)
{
	uint64_t at = *pos, name_at, desc_at, end;

	if (at >= len)
		return 0;
	if (len - at < 12) {
		*why = "note header runs past the end of the note segment";
		return -1;
	}
	n->namesz = (uint32_t)rd(c, buf + at, 4);
	n->descsz = (uint32_t)rd(c, buf + at + 4, 4);
	n->type = (uint32_t)rd(c, buf + at + 8, 4);
	name_at = at + 12;
	if (n->namesz > len - name_at) {
		*why = "note name size runs past the end of the note segment";
		return -1;
	}
	desc_at = align_up(name_at + n->namesz, align);
	if (desc_at > len || n->descsz > len - desc_at) {
		*why = "note descriptor size runs past the end of the note segment";
		return -1;
	}
	end = align_up(desc_at + n->descsz, align);
	n->name = buf + name_at;
	n->desc = buf + desc_at;
	*pos = end > len ? len : end;
	return 1;
}

static int name_is(const struct note *n, const char *lit)
{
	size_t l = strlen(lit);

	/* "CORE\0"; old kernels wrote some names without their NUL */
	return (n->namesz == l + 1 || n->namesz == l) &&
	       memcmp(n->name, lit, l) == 0 &&
	       (n->namesz == l || n->name[l] == '\0');
}

/* ------------------------------------------------------------------ */
/* Core memory: saved bytes at an address.                             */

/* A pointer to the saved bytes at addr and how many follow contiguously
 * in the same segment (0 and NULL when not saved). */
static const unsigned char *mem_at(const struct core *c, uint64_t addr,
				   uint64_t *avail)
{
	size_t lo = 0, hi = c->nsegs;

	*avail = 0;
	while (lo < hi) {        /* last segment with vaddr <= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (c->segs[c->by_addr[mid]].vaddr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct seg *g = &c->segs[c->by_addr[lo - 1]];
	uint64_t rel = addr - g->vaddr;

	if (rel >= g->avail)
		return NULL;
	*avail = g->avail - rel;
	return c->map + g->offset + rel;
}

/* A NUL-terminated string of at most cap-1 bytes from core memory into
 * out: 0, or -1 when not saved or not terminated. */
static int mem_string(const struct core *c, uint64_t addr, char *out,
		      size_t cap)
{
	uint64_t avail;
	const unsigned char *p = mem_at(c, addr, &avail);
	const unsigned char *nul;

	if (!p)
		return -1;
	nul = memchr(p, '\0', avail < cap ? (size_t)avail : cap);
	if (!nul)
		return -1;
	memcpy(out, p, (size_t)(nul - p) + 1);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Emitting decoded note fields.                                        */

static void note_value(struct core *c, const char *note, const char *key,
		       int64_t value, const char *text, const void *desc)
{
	struct note_rec r = {
		.dump = c->dump, .note = note, .key = key, .value = value,
		.has_value = 1, .text = text,
		.offset = (uint64_t)off_of(c, desc),
	};

	c->out->dump_note(c->out, &r);
}

/* Notes are decoded in two passes: pass 0 (before the dump record exists)
 * collects what the dump record and the labels need; pass 1 emits the
 * decoded fields as dump_note rows. */

static void do_prstatus(struct core *c, const struct note *n)
{
	struct cthread t = { .tid = -1 };
	uint64_t pid_at = c->is64 ? 32 : 24, reg_at = c->is64 ? 112 : 72;
	int ipc = -1, isp = -1;

	if (n->descsz < pid_at + 4) {
		diag_warn_at(c->dg, off_of(c, n->desc),
			     "NT_PRSTATUS descriptor of %u bytes is too short "
			     "(needs %u)", n->descsz, (unsigned)pid_at + 4);
		return;
	}
	t.signal = (int)(int16_t)rd(c, n->desc + 12, 2);
	t.tid = rd_i32(c, n->desc + pid_at);
	if (c->machine == EM_X86_64 && c->is64)
		ipc = 16, isp = 19;
	else if (c->machine == EM_AARCH64 && c->is64)
		ipc = 32, isp = 31;
	else if (c->machine == EM_386 && !c->is64)
		ipc = 12, isp = 15;
	if (ipc >= 0 && n->descsz >= reg_at + (uint64_t)(ipc + 1) * c->word &&
	    n->descsz >= reg_at + (uint64_t)(isp + 1) * c->word) {
		t.has_regs = 1;
		t.pc = rd_word(c, n->desc + reg_at + (uint64_t)ipc * c->word);
		t.sp = rd_word(c, n->desc + reg_at + (uint64_t)isp * c->word);
	}
	c->threads = xgrow(c->threads, &c->cap_threads, c->nthreads + 1,
			   sizeof(*c->threads));
	c->threads[c->nthreads++] = t;
}

static void bounded_copy(char *dst, size_t cap, const unsigned char *src,
			 size_t n)
{
	size_t len = strnlen((const char *)src, n < cap ? n : cap - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
	while (len > 0 && dst[len - 1] == ' ')  /* psargs ends in a space */
		dst[--len] = '\0';
}

static void do_prpsinfo(struct core *c, const struct note *n, int pass)
{
	uint64_t pid_at, ppid_at, fname_at, args_at, uid_at = 0;
	int uid_size = 4;

	if (c->is64 && n->descsz >= 136) {
		uid_at = 16, pid_at = 24, ppid_at = 28, fname_at = 40;
		args_at = 56;
	} else if (!c->is64 && n->descsz >= 124) {
		uid_at = 8, uid_size = 2, pid_at = 12, ppid_at = 16;
		fname_at = 28, args_at = 44;
	} else {
		if (pass == 0)
			diag_warn_at(c->dg, off_of(c, n->desc),
				     "NT_PRPSINFO descriptor of %u bytes is not "
				     "decoded (expected %u)", n->descsz,
				     c->is64 ? 136 : 124);
		return;
	}
	if (pass == 0) {
		if (c->has_psinfo)
			return;
		c->has_psinfo = 1;
		c->pid = rd_i32(c, n->desc + pid_at);
		bounded_copy(c->fname, sizeof(c->fname), n->desc + fname_at, 16);
		bounded_copy(c->psargs, sizeof(c->psargs), n->desc + args_at, 80);
		return;
	}
	note_value(c, "NT_PRPSINFO", "pr_ppid", rd_i32(c, n->desc + ppid_at),
		   NULL, n->desc);
	note_value(c, "NT_PRPSINFO", "pr_uid",
		   (int64_t)rd(c, n->desc + uid_at, (unsigned)uid_size), NULL,
		   n->desc);
	note_value(c, "NT_PRPSINFO", "pr_gid",
		   (int64_t)rd(c, n->desc + uid_at + (uint64_t)uid_size,
			       (unsigned)uid_size), NULL, n->desc);
	{
		char st[2] = { (char)n->desc[1], '\0' };  /* pr_sname */

		if (st[0] < 'A' || st[0] > 'z')
			st[0] = '?';
		note_value(c, "NT_PRPSINFO", "pr_sname", n->desc[1], st,
			   n->desc);
	}
}

static int is_fault_signal(int sig)
{
	return sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
}

static void do_siginfo(struct core *c, const struct note *n, int pass)
{
	uint64_t u = c->is64 ? 16 : 12;
	int signo, code;

	if (n->descsz < u + c->word) {
		if (pass == 0)
			diag_warn_at(c->dg, off_of(c, n->desc),
				     "NT_SIGINFO descriptor of %u bytes is too "
				     "short", n->descsz);
		return;
	}
	signo = (int)rd_i32(c, n->desc);
	code = (int)rd_i32(c, n->desc + 8);
	if (pass == 0) {
		if (!c->si_signo)
			c->si_signo = signo;
		return;
	}
	note_value(c, "NT_SIGINFO", "si_signo", signo, NULL, n->desc);
	note_value(c, "NT_SIGINFO", "si_errno", rd_i32(c, n->desc + 4), NULL,
		   n->desc);
	note_value(c, "NT_SIGINFO", "si_code", code, NULL, n->desc);
	if (is_fault_signal(signo) && code > 0)
		note_value(c, "NT_SIGINFO", "si_addr",
			   (int64_t)rd_word(c, n->desc + u), NULL, n->desc);
	else if (code <= 0) {    /* sent by a process: SI_USER, SI_TKILL ... */
		note_value(c, "NT_SIGINFO", "si_pid", rd_i32(c, n->desc + u),
			   NULL, n->desc);
		note_value(c, "NT_SIGINFO", "si_uid",
			   (int64_t)rd(c, n->desc + u + 4, 4), NULL, n->desc);
	}
}

static const char *const at_names[] = {
	[0] = "AT_NULL", [1] = "AT_IGNORE", [2] = "AT_EXECFD",
	[3] = "AT_PHDR", [4] = "AT_PHENT", [5] = "AT_PHNUM",
	[6] = "AT_PAGESZ", [7] = "AT_BASE", [8] = "AT_FLAGS",
	[9] = "AT_ENTRY", [10] = "AT_NOTELF", [11] = "AT_UID",
	[12] = "AT_EUID", [13] = "AT_GID", [14] = "AT_EGID",
	[15] = "AT_PLATFORM", [16] = "AT_HWCAP", [17] = "AT_CLKTCK",
	[23] = "AT_SECURE", [24] = "AT_BASE_PLATFORM", [25] = "AT_RANDOM",
	[26] = "AT_HWCAP2", [27] = "AT_RSEQ_FEATURE_SIZE",
	[28] = "AT_RSEQ_ALIGN", [29] = "AT_HWCAP3", [30] = "AT_HWCAP4",
	[31] = "AT_EXECFN", [32] = "AT_SYSINFO", [33] = "AT_SYSINFO_EHDR",
	[51] = "AT_MINSIGSTKSZ",
};

static void do_auxv(struct core *c, const struct note *n, int pass)
{
	uint64_t nent = n->descsz / (2 * c->word);

	for (uint64_t i = 0; i < nent; i++) {
		const unsigned char *p = n->desc + i * 2 * c->word;
		uint64_t type = rd_word(c, p), val = rd_word(c, p + c->word);
		const char *name = type < sizeof(at_names) / sizeof(at_names[0])
				   ? at_names[type] : NULL;
		char key[32], str[4096];
		const char *text = NULL;

		if (type == 0)
			break;
		if (pass == 0) {
			if (type == 3)
				c->at_phdr = val, c->has_phdr = 1;
			else if (type == 9)
				c->at_entry = val, c->has_entry = 1;
			else if (type == 33)
				c->at_sysinfo_ehdr = val, c->has_sysinfo = 1;
			continue;
		}
		if (!name) {
			snprintf(key, sizeof(key), "AT_0x%llx",
				 (unsigned long long)type);
			name = key;
		}
		if ((type == 31 || type == 15 || type == 24) &&
		    mem_string(c, val, str, sizeof(str)) == 0)
			text = str;
		note_value(c, "NT_AUXV", name, (int64_t)val, text, p);
	}
}

static void do_file(struct core *c, const struct note *n)
{
	uint64_t w = c->word, count, page, room;
	const unsigned char *ent, *end = n->desc + n->descsz;
	const char *name;

	if (c->file_page_size) {
		diag_warn_at(c->dg, off_of(c, n->desc),
			     "a second NT_FILE note is ignored");
		return;
	}
	if (n->descsz < 2 * w) {
		diag_warn_at(c->dg, off_of(c, n->desc),
			     "NT_FILE descriptor of %u bytes is too short",
			     n->descsz);
		return;
	}
	count = rd_word(c, n->desc);
	page = rd_word(c, n->desc + w);
	room = (n->descsz - 2 * w) / (3 * w);
	if (count > room) {
		diag_warn_at(c->dg, off_of(c, n->desc),
			     "NT_FILE count %llu overflows its descriptor "
			     "(room for %llu entries)",
			     (unsigned long long)count, (unsigned long long)room);
		return;
	}
	if (page == 0 || (page & (page - 1))) {
		diag_warn_at(c->dg, off_of(c, n->desc + w),
			     "NT_FILE page size %llu is not a power of two",
			     (unsigned long long)page);
		return;
	}
	c->file_page_size = page;
	ent = n->desc + 2 * w;
	name = (const char *)(ent + count * 3 * w);
	for (uint64_t i = 0; i < count && i < MAX_FILE_ENTRIES; i++, ent += 3 * w) {
		struct fentry f;
		const char *nul = memchr(name, '\0', (size_t)((const char *)end - name));

		if (!nul) {
			diag_warn_at(c->dg, off_of(c, name),
				     "NT_FILE name %llu has no NUL terminator",
				     (unsigned long long)i);
			return;
		}
		f.start = rd_word(c, ent);
		f.end = rd_word(c, ent + w);
		f.offset = rd_word(c, ent + 2 * w);
		f.name = name;
		name = nul + 1;
		if (f.end < f.start || (f.offset && f.offset > UINT64_MAX / page)) {
			diag_warn_at(c->dg, off_of(c, ent),
				     "NT_FILE entry %llu (%s) has a bad range",
				     (unsigned long long)i, f.name);
			continue;
		}
		f.offset *= page;
		c->files = xgrow(c->files, &c->cap_files, c->nfiles + 1,
				 sizeof(*c->files));
		c->files[c->nfiles++] = f;
	}
}

static int cmp_file_start(const void *a, const void *b)
{
	const struct fentry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Walk one PT_NOTE segment. */
static void walk_notes(struct core *c, const struct seg *g, int pass)
{
	const unsigned char *buf;
	uint64_t pos = 0;
	struct note n;
	const char *why = NULL;
	int rc;

	if (g->avail == 0)
		return;          /* past the end of the file: reported already */
	buf = c->map + g->offset;

	while ((rc = note_next(c, buf, g->avail, g->align, &pos, &n, &why)) > 0) {
		if (name_is(&n, "GDB") && n.type == NT_GDB_TDESC_TYPE) {
			c->gdb_note = 1;
			continue;
		}
		if (!name_is(&n, "CORE"))
			continue;        /* "LINUX": register sets */
		c->core_notes = 1;
		switch (n.type) {
		case NT_PRSTATUS:
			if (pass == 0)
				do_prstatus(c, &n);
			break;
		case NT_PRPSINFO:
			do_prpsinfo(c, &n, pass);
			break;
		case NT_SIGINFO:
			do_siginfo(c, &n, pass);
			break;
		case NT_AUXV:
			do_auxv(c, &n, pass);
			break;
		case NT_FILE:
			if (pass == 0)
				do_file(c, &n);
			else if (n.descsz >= 2 * c->word) {
				note_value(c, "NT_FILE", "count",
					   (int64_t)rd_word(c, n.desc), NULL,
					   n.desc);
				note_value(c, "NT_FILE", "page_size",
					   (int64_t)rd_word(c, n.desc + c->word),
					   NULL, n.desc);
			}
			break;
		}
	}
	if (rc < 0 && pass == 0)
		diag_warn_at(c->dg, (int64_t)(g->offset + pos), "%s", why);
}

/* ------------------------------------------------------------------ */
/* Headers.                                                             */

static int check_ident(struct core *c)
{
	const unsigned char *m = c->map;

	if (c->size == 0)
		return diag_error_at(c->dg, 0, "empty file");
	if (c->size < SELFMAG || memcmp(m, ELFMAG, SELFMAG) != 0)
		return diag_error_at(c->dg, 0, "not an ELF file (bad magic)");
	if (c->size < EI_NIDENT)
		return diag_error_at(c->dg, 0,
				     "ELF header cut short: file has %llu bytes",
				     (unsigned long long)c->size);
	if (m[EI_CLASS] != ELFCLASS32 && m[EI_CLASS] != ELFCLASS64)
		return diag_error_at(c->dg, EI_CLASS, "bad ELF class %u",
				     m[EI_CLASS]);
	if (m[EI_DATA] != ELFDATA2LSB && m[EI_DATA] != ELFDATA2MSB)
		return diag_error_at(c->dg, EI_DATA, "bad ELF byte order %u",
				     m[EI_DATA]);
	if (m[EI_VERSION] != EV_CURRENT)
		return diag_error_at(c->dg, EI_VERSION, "bad ELF version %u",
				     m[EI_VERSION]);
	c->is64 = m[EI_CLASS] == ELFCLASS64;
	c->msb = m[EI_DATA] == ELFDATA2MSB;
	c->word = c->is64 ? 8 : 4;
	if (c->size < (c->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return diag_error_at(c->dg, 0,
				     "ELF header cut short: file has %llu bytes",
				     (unsigned long long)c->size);
	return 0;
}

/* The number of program headers, following PN_XNUM to section header 0,
 * checked against the file: 0 or -1 (reported). */
static int phdr_count(struct core *c, const GElf_Ehdr *eh, size_t *phnum)
{
	uint64_t entsz = c->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	uint64_t n = eh->e_phnum;
	size_t libelf_n;

	if (eh->e_phentsize != entsz)
		return diag_error_at(c->dg, c->is64 ? 54 : 42,
				     "program header size %u, expected %u",
				     eh->e_phentsize, (unsigned)entsz);
	if (n == PN_XNUM) {
		uint64_t shsz = c->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
		uint64_t info_at = c->is64 ? 44 : 28;

		if (eh->e_shoff == 0 || eh->e_shoff > c->size ||
		    c->size - eh->e_shoff < shsz)
			return diag_error_at(c->dg, c->is64 ? 40 : 32,
					     "PN_XNUM: section header 0 at 0x%llx "
					     "lies past the end of the file",
					     (unsigned long long)eh->e_shoff);
		n = rd(c, c->map + eh->e_shoff + info_at, 4);
	}
	if (eh->e_phoff > c->size || n > (c->size - eh->e_phoff) / entsz)
		return diag_error_at(c->dg, (int64_t)eh->e_phoff,
				     "%llu program headers of %u bytes run past "
				     "the end of the file (%llu bytes)",
				     (unsigned long long)n, (unsigned)entsz,
				     (unsigned long long)c->size);
	if (elf_getphdrnum(c->elf, &libelf_n) != 0)
		return diag_error_at(c->dg, 0, "elf_getphdrnum: %s",
				     elf_errmsg(-1));
	if (libelf_n != n)
		return diag_error_at(c->dg, 0, "elf_getphdrnum: libelf counts "
				     "%zu program headers, the file %llu",
				     libelf_n, (unsigned long long)n);
	*phnum = (size_t)n;
	return 0;
}

static int cmp_by_addr(const void *a, const void *b, void *ctx)
{
	const struct core *c = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (c->segs[x].vaddr != c->segs[y].vaddr)
		return c->segs[x].vaddr < c->segs[y].vaddr ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* c->by_addr: the segments in address order (cores list them so, but a
 * hostile one need not). */
static void sort_by_addr(struct core *c)
{
	c->by_addr = xcalloc(c->nsegs ? c->nsegs : 1, sizeof(*c->by_addr));
	for (size_t i = 0; i < c->nsegs; i++)
		c->by_addr[i] = i;
	qsort_r(c->by_addr, c->nsegs, sizeof(*c->by_addr), cmp_by_addr, c);
}

static void add_segment(struct core *c, int index, const GElf_Phdr *ph)
{
	struct seg g = {
		.index = index, .vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
		.filesz = ph->p_filesz, .offset = ph->p_offset,
		.flags = (int)(ph->p_flags & 7), .label = "anon",
	};

	if (ph->p_offset < c->size)
		g.avail = c->size - ph->p_offset < ph->p_filesz
			  ? c->size - ph->p_offset : ph->p_filesz;
	g.truncated = g.avail < g.filesz;
	if (g.avail > g.memsz && ph->p_type == PT_LOAD)
		g.avail = g.memsz;   /* bytes beyond memsz are not memory */
	c->segs = xgrow(c->segs, &c->cap_segs, c->nsegs + 1, sizeof(*c->segs));
	c->segs[c->nsegs++] = g;
}

static void report_truncation(struct core *c, const GElf_Phdr *ph, int index,
			      uint64_t avail)
{
	if (avail == 0)
		diag_warn_at(c->dg, (int64_t)ph->p_offset,
			     "truncated: segment %d (0x%llx-0x%llx, 0x%llx bytes) "
			     "lies past the end of the file", index,
			     (unsigned long long)ph->p_vaddr,
			     (unsigned long long)(ph->p_vaddr + ph->p_memsz),
			     (unsigned long long)ph->p_filesz);
	else
		diag_warn_at(c->dg, (int64_t)(ph->p_offset + avail),
			     "truncated: segment %d (0x%llx-0x%llx) is cut: "
			     "0x%llx of 0x%llx bytes missing", index,
			     (unsigned long long)ph->p_vaddr,
			     (unsigned long long)(ph->p_vaddr + ph->p_memsz),
			     (unsigned long long)(ph->p_filesz - avail),
			     (unsigned long long)ph->p_filesz);
}

/* Read every program header, checking each against the file size first:
 * PT_LOADs into c->segs, PT_NOTEs into notes. */
static int read_phdrs(struct core *c, Elf *elf, size_t phnum,
		      struct seg **notes, size_t *nnotes)
{
	size_t cap_notes = 0;
	uint64_t need = 0;
	int64_t first_cut = -1;

	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		uint64_t avail = 0;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return diag_error_at(c->dg, 0, "gelf_getphdr %zu: %s", i,
					     elf_errmsg(-1));
		if (ph.p_type != PT_LOAD && ph.p_type != PT_NOTE)
			continue;
		if (ph.p_offset > UINT64_MAX - ph.p_filesz) {
			diag_warn_at(c->dg, 0, "segment %zu: file range "
				     "0x%llx + 0x%llx overflows", i,
				     (unsigned long long)ph.p_offset,
				     (unsigned long long)ph.p_filesz);
			continue;
		}
		if (ph.p_offset < c->size)
			avail = c->size - ph.p_offset < ph.p_filesz
				? c->size - ph.p_offset : ph.p_filesz;
		if (ph.p_offset + ph.p_filesz > need)
			need = ph.p_offset + ph.p_filesz;
		if (avail < ph.p_filesz) {
			c->ntruncated++;
			if (first_cut < 0)
				first_cut = (int64_t)i;
			report_truncation(c, &ph, (int)i, avail);
		}
		if (ph.p_type == PT_NOTE) {
			struct seg g = { .index = (int)i, .offset = ph.p_offset,
					 .avail = avail, .filesz = ph.p_filesz,
					 .align = ph.p_align == 8 ? 8 : 4 };

			*notes = xgrow(*notes, &cap_notes, *nnotes + 1,
				       sizeof(**notes));
			(*notes)[(*nnotes)++] = g;
			continue;
		}
		if (ph.p_memsz && ph.p_vaddr > UINT64_MAX - (ph.p_memsz - 1)) {
			diag_warn_at(c->dg, (int64_t)ph.p_offset,
				     "segment %zu: address range 0x%llx + 0x%llx "
				     "overflows", i,
				     (unsigned long long)ph.p_vaddr,
				     (unsigned long long)ph.p_memsz);
			continue;
		}
		if (ph.p_filesz > ph.p_memsz)
			diag_warn_at(c->dg, (int64_t)ph.p_offset,
				     "segment %zu: 0x%llx bytes saved for 0x%llx "
				     "of memory", i,
				     (unsigned long long)ph.p_filesz,
				     (unsigned long long)ph.p_memsz);
		add_segment(c, (int)i, &ph);
	}
	if (c->ntruncated)
		diag_warn_at(c->dg, (int64_t)c->size,
			     "truncated core: the file has 0x%llx bytes, its "
			     "program headers need 0x%llx; %zu segments are "
			     "missing or cut, from segment %lld on",
			     (unsigned long long)c->size,
			     (unsigned long long)need, c->ntruncated,
			     (long long)first_cut);
	return 0;
}

static void check_overlaps(struct core *c)
{
	for (size_t k = 1; k < c->nsegs; k++) {
		const struct seg *a = &c->segs[c->by_addr[k - 1]];
		const struct seg *b = &c->segs[c->by_addr[k]];

		if (a->memsz && b->vaddr - a->vaddr < a->memsz)
			diag_warn_at(c->dg, (int64_t)b->offset,
				     "segment %d (0x%llx-0x%llx) overlaps segment "
				     "%d (0x%llx-0x%llx)", b->index,
				     (unsigned long long)b->vaddr,
				     (unsigned long long)(b->vaddr + b->memsz),
				     a->index, (unsigned long long)a->vaddr,
				     (unsigned long long)(a->vaddr + a->memsz));
	}
}

/* ------------------------------------------------------------------ */
/* Labels and modules.                                                   */

/* Index of the last NT_FILE entry starting at or below addr (files are
 * sorted by start), or nfiles when none. */
static size_t file_below(const struct core *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->files[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : c->nfiles;
}

static const struct fentry *file_at(const struct core *c, uint64_t addr)
{
	size_t i = file_below(c, addr);

	if (i < c->nfiles && addr < c->files[i].end)
		return &c->files[i];
	return NULL;
}

/* The segment holding addr (segments do not overlap in a sound core;
 * in one that does, the highest-starting one below addr is asked). */
static struct seg *seg_at(struct core *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nsegs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->segs[c->by_addr[mid]].vaddr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	struct seg *g = &c->segs[c->by_addr[lo - 1]];

	return addr - g->vaddr < g->memsz ? g : NULL;
}

static void find_exe(struct core *c)
{
	const struct fentry *f = NULL;

	if (c->has_phdr)
		f = file_at(c, c->at_phdr);
	if (!f && c->has_entry)
		f = file_at(c, c->at_entry);
	for (size_t i = 0; !f && c->fname[0] && i < c->nfiles; i++) {
		const char *base = strrchr(c->files[i].name, '/');

		base = base ? base + 1 : c->files[i].name;
		if (c->files[i].offset == 0 &&
		    !strncmp(base, c->fname, strlen(c->fname)))
			f = &c->files[i];
	}
	c->exe = f ? f->name : NULL;
}

static void label_files(struct core *c)
{
	for (size_t k = 0; k < c->nsegs; k++) {
		struct seg *g = &c->segs[k];
		const struct fentry *best = NULL;
		uint64_t best_overlap = 0;

		uint64_t gend = g->vaddr + g->memsz;
		size_t i = file_below(c, g->vaddr);

		/* the entry starting at or below vaddr, and those starting
		 * inside the segment: the one overlapping it most wins */
		for (i = i < c->nfiles ? i : 0; i < c->nfiles &&
		     c->files[i].start < gend; i++) {
			const struct fentry *f = &c->files[i];
			uint64_t lo = f->start > g->vaddr ? f->start : g->vaddr;
			uint64_t hi = f->end < gend ? f->end : gend;

			if (hi > lo && hi - lo > best_overlap)
				best = f, best_overlap = hi - lo;
		}
		if (!best)
			continue;
		g->label = "file";
		g->path = best->name;
		g->path_offset = g->vaddr >= best->start
				 ? best->offset + (g->vaddr - best->start)
				 : best->offset;
	}
}

static int is_anon(const struct seg *g)
{
	return !strcmp(g->label, "anon");
}

static void label_special(struct core *c)
{
	struct seg *g;

	if (c->has_sysinfo && (g = seg_at(c, c->at_sysinfo_ehdr)) && is_anon(g)) {
		uint64_t below = g->vaddr;

		g->label = "[vdso]";
		for (size_t k = c->nsegs; k-- > 0;) {
			struct seg *v = &c->segs[c->by_addr[k]];

			if (v->vaddr + v->memsz != below)
				continue;
			if (!is_anon(v) || (v->flags & 2))
				break;
			v->label = "[vvar]";
			below = v->vaddr;
		}
	}
	if (c->machine == EM_X86_64 && (g = seg_at(c, VSYSCALL_ADDR)) &&
	    g->vaddr == VSYSCALL_ADDR && is_anon(g))
		g->label = "[vsyscall]";
	for (size_t t = 0; t < c->nthreads; t++)
		if (c->threads[t].has_regs &&
		    (g = seg_at(c, c->threads[t].sp)) && is_anon(g))
			g->label = "[stack]";
}

static int heap_candidate(const struct seg *g)
{
	return is_anon(g) && (g->flags & 2);
}

static void label_heap(struct core *c)
{
	uint64_t exe_end = 0, gap = c->is64 ? HEAP_MAX_GAP_64 : HEAP_MAX_GAP_32;
	size_t k;

	if (!c->exe)
		return;
	for (size_t i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i].name, c->exe) && c->files[i].end > exe_end)
			exe_end = c->files[i].end;
	for (k = 0; k < c->nsegs && c->segs[c->by_addr[k]].vaddr < exe_end; k++)
		;
	if (k >= c->nsegs)
		return;
	struct seg *g = &c->segs[c->by_addr[k]];

	if (g->vaddr == exe_end && heap_candidate(g) && k + 1 < c->nsegs) {
		struct seg *next = &c->segs[c->by_addr[k + 1]];

		if (heap_candidate(next) && next->vaddr > g->vaddr + g->memsz &&
		    next->vaddr - exe_end < gap)
			g = next, k++;  /* g was the executable's .bss */
	}
	if (!heap_candidate(g) || g->vaddr - exe_end >= gap)
		return;
	g->label = "[heap]";
	for (k++; k < c->nsegs; k++) {
		struct seg *n = &c->segs[c->by_addr[k]];

		if (n->vaddr != g->vaddr + g->memsz || !heap_candidate(n))
			break;
		n->label = "[heap]";
		g = n;
	}
}

/* The build-id of the ELF image whose first page is saved at base: 1 and
 * hex set, 0 when it is not there (not saved, no note).  *is_elf says
 * whether an ELF header was seen.  Everything is read from core memory
 * and bounded by the saved bytes. */
static int build_id_at(const struct core *c, uint64_t base, char *hex,
		       int *is_elf)
{
	uint64_t avail, phoff, phentsz, phnum;
	const unsigned char *p = mem_at(c, base, &avail);
	struct core sub;
	int is64;

	*is_elf = 0;
	if (!p || avail < 64 || memcmp(p, ELFMAG, SELFMAG) != 0 ||
	    (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64) ||
	    (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB))
		return 0;
	*is_elf = 1;
	sub = *c;                /* the module's own class and byte order */
	is64 = p[EI_CLASS] == ELFCLASS64;
	sub.msb = p[EI_DATA] == ELFDATA2MSB;
	sub.word = is64 ? 8 : 4;
	phoff = is64 ? rd(&sub, p + 32, 8) : rd(&sub, p + 28, 4);
	phentsz = rd(&sub, p + (is64 ? 54 : 42), 2);
	phnum = rd(&sub, p + (is64 ? 56 : 44), 2);
	if (phentsz != (is64 ? 56u : 32u) || phoff > avail ||
	    phnum > (avail - phoff) / phentsz)
		return 0;
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *ph = p + phoff + i * phentsz;
		uint64_t off, filesz, align, pos = 0;
		struct note n;
		const char *why;

		if (rd(&sub, ph, 4) != PT_NOTE)
			continue;
		off = is64 ? rd(&sub, ph + 8, 8) : rd(&sub, ph + 4, 4);
		filesz = is64 ? rd(&sub, ph + 32, 8) : rd(&sub, ph + 16, 4);
		align = is64 ? rd(&sub, ph + 48, 8) : rd(&sub, ph + 28, 4);
		if (off > avail || filesz > avail - off)
			continue;        /* not in the saved page */
		while (note_next(&sub, p + off, filesz, align == 8 ? 8 : 4, &pos,
				 &n, &why) > 0)
			if (n.type == NT_GNU_BUILD_ID && name_is(&n, "GNU") &&
			    n.descsz > 0 && n.descsz <= BUILD_ID_MAX) {
				hex_of(n.desc, n.descsz, hex);
				return 1;
			}
	}
	return 0;
}

static void find_modules(struct core *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct fentry *f = &c->files[i];
		struct module *m = NULL;
		struct seg *g;

		for (size_t j = 0; j < c->nmods; j++)
			if (!strcmp(c->mods[j].name, f->name))
				m = &c->mods[j];
		if (!m) {
			c->mods = xgrow(c->mods, &c->cap_mods, c->nmods + 1,
					sizeof(*c->mods));
			m = &c->mods[c->nmods++];
			memset(m, 0, sizeof(*m));
			m->name = f->name;
			m->base = f->start;
			m->end = f->end;
		}
		if (f->start < m->base)
			m->base = f->start;
		if (f->end > m->end)
			m->end = f->end;
		if (f->offset == 0 && !m->has_elf_header)
			build_id_at(c, f->start, m->build_id, &m->has_elf_header);
		if ((g = seg_at(c, f->start)) && (g->flags & 1))
			m->exec = 1;
	}
	if (c->has_sysinfo) {
		struct seg *g = seg_at(c, c->at_sysinfo_ehdr);
		struct module m = { .name = "[vdso]", .base = c->at_sysinfo_ehdr };

		if (g) {
			m.end = g->vaddr + g->memsz;
			build_id_at(c, m.base, m.build_id, &m.has_elf_header);
			if (m.has_elf_header) {
				c->mods = xgrow(c->mods, &c->cap_mods, c->nmods + 1,
						sizeof(*c->mods));
				c->mods[c->nmods++] = m;
			}
		}
	}
}

static int is_module(const struct module *m)
{
	return m->has_elf_header || m->exec;
}

/* ------------------------------------------------------------------ */
/* Backtraces and the records of threads and modules.                  */

static const struct module *module_of_exe(const struct core *c)
{
	for (size_t i = 0; c->exe && i < c->nmods; i++)
		if (!strcmp(c->mods[i].name, c->exe))
			return &c->mods[i];
	return NULL;
}

/* Which libdwfl module is ours: the same start, or the same path. */
static const struct unwind_module *dwfl_module_for(const struct unwind_result *u,
						   const struct module *m)
{
	for (size_t i = 0; u && i < u->nmodules; i++)
		if (u->modules[i].start == m->base)
			return &u->modules[i];
	for (size_t i = 0; u && i < u->nmodules; i++)
		if (!strcmp(u->modules[i].name, m->name))
			return &u->modules[i];
	return NULL;
}

static void emit_modules(struct core *c, const struct unwind_result *u)
{
	for (size_t i = 0; i < c->nmods; i++) {
		const struct module *m = &c->mods[i];
		const struct unwind_module *d;
		struct module_rec r = { .dump = c->dump, .name = m->name,
					.base = m->base, .end = m->end };

		if (!is_module(m))
			continue;
		r.build_id = m->build_id[0] ? m->build_id : NULL;
		if ((d = dwfl_module_for(u, m)) && d->file) {
			r.found_path = d->file;
			r.build_id_verified = r.build_id && d->file_build_id &&
					      !strcmp(r.build_id, d->file_build_id);
		}
		c->out->dump_module(c->out, &r);
	}
	/* modules libdwfl found that NT_FILE does not name */
	for (size_t i = 0; u && i < u->nmodules; i++) {
		const struct unwind_module *d = &u->modules[i];
		struct module_rec r = { .dump = c->dump, .name = d->name,
					.base = d->start, .end = d->end,
					.build_id = d->build_id, .found_path = d->file };
		int known = 0;

		for (size_t j = 0; j < c->nmods && !known; j++)
			known = is_module(&c->mods[j]) &&
				dwfl_module_for(u, &c->mods[j]) == d;
		if (known)
			continue;
		r.build_id_verified = d->build_id && d->file_build_id &&
				      !strcmp(d->build_id, d->file_build_id);
		c->out->dump_module(c->out, &r);
	}
}

/* Our module that libdwfl's starts at base (its NT_FILE path), or NULL. */
static const struct module *module_at_base(const struct core *c, uint64_t base)
{
	for (size_t i = 0; i < c->nmods; i++)
		if (c->mods[i].base == base && is_module(&c->mods[i]))
			return &c->mods[i];
	return NULL;
}

static void emit_threads(struct core *c, const struct unwind_result *u,
			 const char *skipped_why)
{
	for (size_t t = 0; t < c->nthreads; t++) {
		const struct cthread *ct = &c->threads[t];
		const struct unwind_thread *ut = NULL;
		char why[128];
		struct thread_rec r = {
			.dump = c->dump, .index = (int)t, .tid = ct->tid,
			.signal = ct->signal, .pc = ct->pc, .sp = ct->sp,
			.has_regs = ct->has_regs,
		};
		int64_t h;

		for (size_t i = 0; u && i < u->nthreads && !ut; i++)
			if (u->threads[i].tid == ct->tid)
				ut = &u->threads[i];
		if (!u) {
			r.unwind = "skipped";
			r.unwind_reason = skipped_why;
		} else if (ut) {
			uint64_t avail;

			r.unwind = ut->status;
			r.unwind_reason = ut->reason;
			r.nframes = ut->nframes;
			/* libdwfl ends a stack it cannot read as if it were
			 * complete: say that it is not */
			if (ct->has_regs && !mem_at(c, ct->sp, &avail) &&
			    !strcmp(r.unwind, "ok")) {
				snprintf(why, sizeof(why), "the stack at 0x%llx is "
					 "not in the core%s",
					 (unsigned long long)ct->sp,
					 c->ntruncated ? " (truncated)" : "");
				r.unwind = "error";
				r.unwind_reason = why;
			}
		} else if (u->complete) {
			r.unwind = t >= UNWIND_MAX_THREADS ? "skipped" : "none";
			r.unwind_reason = t >= UNWIND_MAX_THREADS
					  ? "thread cap reached"
					  : u->error ? u->error
					  : "libdwfl reported no such thread";
		} else {
			r.unwind = "failed";
			r.unwind_reason = u->error ? u->error
					  : "the unwinder stopped early";
		}
		h = c->out->dump_thread(c->out, &r);
		if (h < 0 || !ut)
			continue;
		for (size_t i = ut->first; i < ut->end; i++) {
			const struct unwind_frame *f = &u->frames[i];
			struct frame_rec fr = {
				.thread = h, .index = f->index, .pc = f->pc,
				.is_activation = f->is_activation,
				.module = f->module, .build_id = f->build_id,
				.module_offset = f->pc - f->module_start,
				.symbol = f->symbol,
				.symbol_offset = f->symbol_offset,
				.src_file = f->src_file, .src_line = f->src_line,
			};

			const struct module *m;

			if (f->tid != ct->tid)
				continue;
			if (f->module && (m = module_at_base(c, f->module_start))) {
				fr.module = m->name;  /* the path, not a base name */
				if (m->build_id[0])
					fr.build_id = m->build_id;
			}
			c->out->dump_frame(c->out, &fr);
		}
	}
}

static void unwind_and_emit(struct core *c)
{
	const struct import_opts *o = c->in->opts;
	struct unwind_result u;
	const struct module *em = module_of_exe(c);
	struct unwind_request rq = {
		.map = c->map, .size = c->size, .exe = c->exe,
		.exe_build_id = em && em->build_id[0] ? em->build_id : NULL,
		.sysroot = o ? o->sysroot : NULL,
	};

	if (o && o->no_unwind) {
		emit_modules(c, NULL);
		emit_threads(c, NULL, "--no-unwind");
		return;
	}
	memset(&u, 0, sizeof(u));
	if (unwind_core(&rq, &u, c->dg) < 0) {
		emit_modules(c, NULL);
		emit_threads(c, NULL, "the unwinder could not be started");
		return;
	}
	if (u.error && !u.nthreads)
		diag_warn_at(c->dg, 0, "no backtraces: %s", u.error);
	emit_modules(c, &u);
	emit_threads(c, &u, NULL);
	unwind_result_release(&u);
}

/* ------------------------------------------------------------------ */
/* The importer.                                                        */

static const char *producer_of(const struct core *c)
{
	if (c->gdb_note || c->file_page_size == 1)
		return "gdb";
	if (c->core_notes)
		return "kernel";
	return NULL;
}

static int emit_dump(struct core *c)
{
	const char *comm = c->fname[0] ? c->fname : NULL;
	struct dump_rec d = {
		.kind = "core", .producer = producer_of(c),
		.pid = c->has_psinfo ? c->pid : -1,
		.cmdline = c->psargs[0] ? c->psargs : NULL, .exe = c->exe,
		.signal = c->si_signo ? c->si_signo
			  : c->nthreads ? c->threads[0].signal : 0,
		.ts_us = c->in->mtime_us, .size_bytes = c->size,
		.truncated = c->ntruncated > 0,
	};

	if (!comm && c->exe)
		comm = strrchr(c->exe, '/') ? strrchr(c->exe, '/') + 1 : c->exe;
	d.comm = comm;
	c->dump = c->out->dump(c->out, &d);
	return c->dump > 0 ? 0 : -1;
}

static void emit_segments(struct core *c)
{
	for (size_t k = 0; k < c->nsegs; k++) {
		const struct seg *g = &c->segs[k];
		struct segment_rec r = {
			.dump = c->dump, .vaddr = g->vaddr, .memsz = g->memsz,
			.filesz = g->filesz, .file_offset = g->offset,
			.flags = g->flags, .truncated = g->truncated,
			.label = g->label, .path = g->path,
			.path_offset = g->path_offset,
		};

		c->segs[k].handle = c->out->segment(c->out, &r);
	}
}

static void core_release(struct core *c)
{
	free(c->segs);
	free(c->by_addr);
	free(c->files);
	free(c->threads);
	free(c->mods);
}

static int elfcore_sniff(const struct input *in)
{
	const unsigned char *h = in->head;
	unsigned type;

	if (in->head_len < SELFMAG || memcmp(h, ELFMAG, SELFMAG) != 0)
		return 0;
	if (in->head_len < 20)
		return 50;       /* an ELF cut before e_type: say so, not skip */
	type = h[EI_DATA] == ELFDATA2MSB ? (unsigned)(h[16] << 8 | h[17])
					 : (unsigned)(h[17] << 8 | h[16]);
	return type == ET_CORE ? 95 : 0;
}

/* The string counts of the saved bytes, per region (util_strscan_emit.c). */
static int emit_strings(struct core *c)
{
	struct strscan_seg *ss = xcalloc(c->nsegs ? c->nsegs : 1, sizeof(*ss));
	size_t n = 0;
	int rc;

	for (size_t k = 0; k < c->nsegs; k++) {
		const struct seg *g = &c->segs[k];

		if (!g->avail || g->handle <= 0)
			continue;
		ss[n].segment = g->handle;
		ss[n].region = strscan_region_of(g->label, g->path);
		ss[n].mem = c->in->fd >= 0 ? NULL : c->map + g->offset;
		ss[n].fd = c->in->fd;
		ss[n].off = g->offset;
		ss[n].len = g->avail;
		n++;
	}
	rc = strscan_emit_dump(c->out, c->dg, c->dump, ss, n, NULL);
	free(ss);
	return rc;
}

static int elfcore_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct core c = { .in = in, .dg = dg, .out = out, .map = in->map,
			  .size = in->size, .pid = -1 };
	struct seg *notes = NULL;
	size_t nnotes = 0, phnum = 0;
	Elf *elf = NULL;
	GElf_Ehdr eh;
	int rc = IMPORT_FAIL;

	if (!in->map)
		return diag_error(dg, 0, "elfcore needs random access: the "
				  "core must be a regular file (or spooled)"),
		       IMPORT_FAIL;
	if (check_ident(&c) < 0)
		return IMPORT_FAIL;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		diag_error(dg, 0, "elf_version: %s", elf_errmsg(-1));
		return IMPORT_FAIL;
	}
	elf = elf_memory((char *)in->map, (size_t)in->size);
	if (!elf) {
		diag_error_at(dg, 0, "elf_memory: %s", elf_errmsg(-1));
		return IMPORT_FAIL;
	}
	c.elf = elf;
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		diag_error_at(dg, 0, "gelf_getehdr: %s", elf_errmsg(-1));
		goto done;
	}
	if (eh.e_type != ET_CORE) {
		diag_error_at(dg, 16, "not a core file (e_type %u)", eh.e_type);
		goto done;
	}
	c.machine = eh.e_machine;
	if (phdr_count(&c, &eh, &phnum) < 0 ||
	    read_phdrs(&c, elf, phnum, &notes, &nnotes) < 0)
		goto done;
	sort_by_addr(&c);
	check_overlaps(&c);
	if (nnotes == 0)
		diag_warn_at(dg, 0, "no PT_NOTE: no threads, files or process "
			     "information");
	for (size_t i = 0; i < nnotes; i++)
		walk_notes(&c, &notes[i], 0);
	if (c.nfiles)
		qsort(c.files, c.nfiles, sizeof(*c.files), cmp_file_start);
	find_exe(&c);
	if (!c.file_page_size && nnotes)
		diag_warn_at(dg, (int64_t)notes[0].offset,
			     "no NT_FILE note: file mappings are not named "
			     "(above kernel.core_file_note_size_limit?)");
	label_files(&c);
	label_special(&c);
	label_heap(&c);
	find_modules(&c);
	if (emit_dump(&c) < 0) {
		diag_error(dg, 0, "the sink refused the dump record");
		goto done;
	}
	emit_segments(&c);
	for (size_t i = 0; i < nnotes; i++)
		walk_notes(&c, &notes[i], 1);
	unwind_and_emit(&c);
	rc = emit_strings(&c) < 0 ? IMPORT_FAIL : IMPORT_OK;
done:
	free(notes);
	core_release(&c);
	elf_end(elf);
	return rc;
}

const struct importer elfcore_importer = {
	.name = "elfcore",
	.summary = "ELF core files (kernel or gdb gcore): segments, threads, "
		   "notes, modules, backtraces",
	.version = 1,
	.needs_map = 1,
	.sniff = elfcore_sniff,
	.parse = elfcore_parse,
};
