-- schema.sql - the pmortem database: the one commented definition.
--
-- This file is the product surface users query; docs/SCHEMA.md explains
-- every table, column and view, and `pmortem --help` points here.  Names
-- are stable.  Conventions:
--   * times are INTEGER microseconds since the Unix epoch, UTC (`*_us`);
--     views add a readable `ts` text column in UTC;
--   * values are in base units: bytes, seconds, per-second rates, percent;
--   * every row can be traced to its source (source_id) and, for text
--     inputs, its line.
-- The schema version is PRAGMA user_version; src/core/store.c migrates
-- older databases forward.  Sections are owned by the importers that fill
-- them: core (import, series), proc (issue 3), dumps (issue 4), captures
-- (issue 5), analysis (issue 6).

-- ------------------------------------------------------------------
-- core: hosts, sources, diagnostics

-- One machine the bundle describes.
CREATE TABLE IF NOT EXISTS host (
	host_id     INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,     -- nodename as the inputs spell it
	os          TEXT,                     -- "Linux"
	kernel      TEXT,                     -- release, e.g. "6.1.0-18-amd64"
	arch        TEXT,                     -- "x86_64"
	ncpu        INTEGER,                  -- CPUs as the inputs report them
	mem_bytes   INTEGER,                  -- MemTotal when known
	tz          TEXT                      -- zone local-time inputs were read in
);

-- One input file (or archive member).  sha256 makes re-import a no-op.
CREATE TABLE IF NOT EXISTS source (
	source_id     INTEGER PRIMARY KEY,
	path          TEXT NOT NULL,          -- as given; archive!member inside archives
	sha256        TEXT NOT NULL UNIQUE,   -- of the bytes, hex
	size_bytes    INTEGER NOT NULL,
	format        TEXT,                   -- importer name (`pmortem formats`)
	importer_version INTEGER,
	host_id       INTEGER REFERENCES host(host_id),
	status        TEXT NOT NULL,          -- 'ok' | 'partial' (warnings) | 'rejected'
	rows          INTEGER NOT NULL DEFAULT 0,  -- records written
	warnings      INTEGER NOT NULL DEFAULT 0,
	errors        INTEGER NOT NULL DEFAULT 0,
	message       TEXT,                   -- first error, or a summary
	time_origin   TEXT,                   -- how times were anchored (header date, --date, file name, mtime ...)
	first_us      INTEGER,                -- earliest timestamp imported
	last_us       INTEGER,                -- latest timestamp imported
	imported_us   INTEGER NOT NULL        -- when pmortem imported it
);

-- Warnings and errors of a source, as printed (`path:line: message`).
CREATE TABLE IF NOT EXISTS diagnostic (
	source_id   INTEGER NOT NULL REFERENCES source(source_id),
	level       TEXT NOT NULL,            -- 'warning' | 'error'
	line        INTEGER,                  -- 1-based line, NULL for binary inputs
	offset      INTEGER,                  -- byte offset for binary inputs
	message     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS diagnostic_source ON diagnostic(source_id);

-- Files the walker saw but no importer claimed, and why.
CREATE TABLE IF NOT EXISTS skipped (
	path        TEXT NOT NULL,
	reason      TEXT NOT NULL,
	seen_us     INTEGER NOT NULL
);

-- ------------------------------------------------------------------
-- core: time series

-- What a metric means: one row per `family.field` name.
CREATE TABLE IF NOT EXISTS metric (
	metric      TEXT PRIMARY KEY,         -- e.g. 'cpu.iowait_pct', 'meminfo.Cached'
	unit        TEXT NOT NULL,            -- 'bytes','pct','per_s','bytes_per_s','s','count',...
	description TEXT
);

-- One time series: a metric of one instance (CPU, device, interface) on one host.
CREATE TABLE IF NOT EXISTS series (
	series_id   INTEGER PRIMARY KEY,
	host_id     INTEGER NOT NULL REFERENCES host(host_id),
	metric      TEXT NOT NULL,
	instance    TEXT NOT NULL DEFAULT '', -- '' when the metric has one instance
	unit        TEXT NOT NULL,
	UNIQUE (host_id, metric, instance)
);

-- The samples.  Clustered by series then time: reading one series is one range scan.
CREATE TABLE IF NOT EXISTS sample (
	series_id   INTEGER NOT NULL,
	ts_us       INTEGER NOT NULL,
	value       REAL,
	source_id   INTEGER NOT NULL,
	line        INTEGER,                  -- line in the source, NULL when none
	PRIMARY KEY (series_id, ts_us)
) WITHOUT ROWID;

-- Log-like events: kernel log lines, sar restarts, OOM kills ...
CREATE TABLE IF NOT EXISTS kernel_event (
	event_id    INTEGER PRIMARY KEY,
	host_id     INTEGER REFERENCES host(host_id),
	source_id   INTEGER NOT NULL,
	line        INTEGER,
	ts_us       INTEGER,                  -- NULL when the time is unknown
	ts_uncertainty_s REAL,                -- how far ts_us may be off
	mono_s      REAL,                     -- seconds since boot, when the input gave them
	kind        TEXT NOT NULL,            -- 'restart','oom_kill','segfault','hung_task','line',...
	facility    TEXT,
	level       INTEGER,
	pid         INTEGER,
	comm        TEXT,
	message     TEXT
);
CREATE INDEX IF NOT EXISTS kernel_event_ts ON kernel_event(ts_us);

-- Samples with their names, the base of every other series view.
CREATE VIEW IF NOT EXISTS v_sample AS
SELECT h.name AS host, s.metric, s.instance, s.unit,
       strftime('%Y-%m-%d %H:%M:%f', x.ts_us / 1e6, 'unixepoch') AS ts,
       x.ts_us, x.value, x.source_id, x.line
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id);

-- Per source: what came in, how complete it is.
CREATE VIEW IF NOT EXISTS v_source AS
SELECT s.source_id, s.path, s.format, s.status, s.rows, s.warnings, s.errors,
       h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', s.first_us / 1e6, 'unixepoch') AS first_ts,
       strftime('%Y-%m-%d %H:%M:%S', s.last_us / 1e6, 'unixepoch') AS last_ts,
       s.time_origin, s.message
FROM source s LEFT JOIN host h USING (host_id);

-- ---- sar views (filled by the sar and sadf importers) ----
-- SAR_VIEWS_BEGIN (the sar importer's helper owns this block)
-- SAR_VIEWS_END

-- ------------------------------------------------------------------
-- proc: processes and mappings (issue 3)
-- PROC_BEGIN
-- PROC_END

-- ------------------------------------------------------------------
-- dumps: cores, heap dumps, strings (issue 4)
-- DUMPS_BEGIN

-- One memory image: a core file (elfcore) or a raw heap dump (rawheap).
CREATE TABLE IF NOT EXISTS dump (
	dump_id     INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL REFERENCES source(source_id),
	host_id     INTEGER REFERENCES host(host_id),
	kind        TEXT NOT NULL,            -- 'core' | 'raw'
	producer    TEXT,                     -- 'kernel' | 'gdb' (gcore) | NULL unknown
	pid         INTEGER,                  -- NT_PRPSINFO pr_pid; NULL unknown
	comm        TEXT,                     -- NT_PRPSINFO pr_fname (15 chars), or from the file name
	cmdline     TEXT,                     -- NT_PRPSINFO pr_psargs (80 chars, args joined by spaces)
	exe         TEXT,                     -- executable path (NT_FILE entry holding AT_PHDR/AT_ENTRY)
	signal      INTEGER,                  -- fatal signal (NT_SIGINFO si_signo / first pr_cursig); NULL none
	ts_us       INTEGER,                  -- when taken: the file's mtime (cores hold no clock); NULL unknown
	size_bytes  INTEGER NOT NULL,         -- size of the file
	truncated   INTEGER NOT NULL          -- 1 when the file is shorter than its program headers say
);

-- One range of a dump: a PT_LOAD of a core, or the whole raw dump.
CREATE TABLE IF NOT EXISTS dump_segment (
	segment_id  INTEGER PRIMARY KEY,
	dump_id     INTEGER NOT NULL REFERENCES dump(dump_id),
	vaddr       INTEGER NOT NULL,         -- start address in the process
	memsz       INTEGER NOT NULL,         -- bytes of address space
	filesz      INTEGER NOT NULL,         -- bytes saved in the file; < memsz: the rest is not saved (unknown, not zeros)
	file_offset INTEGER NOT NULL,         -- where the saved bytes start in the dump file
	flags       TEXT NOT NULL,            -- 'rwx' style from p_flags, '-' for a missing permission
	filtered    INTEGER NOT NULL,         -- 1 when filesz < memsz (coredump_filter or gcore left it out)
	truncated   INTEGER NOT NULL,         -- 1 when the saved bytes run past the end of the file
	label       TEXT NOT NULL,            -- 'file' | '[heap]' | '[stack]' | '[vdso]' | '[vvar]' | 'anon'
	path        TEXT,                     -- mapped file (NT_FILE) when label = 'file'
	path_offset INTEGER                   -- offset of vaddr in that file, bytes
);
CREATE INDEX IF NOT EXISTS dump_segment_dump ON dump_segment(dump_id, vaddr);

-- One thread of a core (an NT_PRSTATUS note) and how its backtrace went.
CREATE TABLE IF NOT EXISTS dump_thread (
	thread_id   INTEGER PRIMARY KEY,
	dump_id     INTEGER NOT NULL REFERENCES dump(dump_id),
	idx         INTEGER NOT NULL,         -- order in the notes; 0 = the thread that dumped (kernel cores)
	tid         INTEGER NOT NULL,         -- pr_pid: the thread id
	signal      INTEGER,                  -- pr_cursig: signal being handled, 0 none
	pc          INTEGER,                  -- program counter from pr_reg; NULL when the machine is not decoded
	sp          INTEGER,                  -- stack pointer from pr_reg; NULL likewise
	unwind      TEXT NOT NULL,            -- 'ok' (reached the outermost frame), 'capped' (frame cap), 'error' (stopped early, see unwind_reason), 'failed' (the unwinder died), 'skipped' (--no-unwind), 'none' (libdwfl found no such thread)
	unwind_reason TEXT,                   -- libdwfl's message for why the unwind stopped
	nframes     INTEGER NOT NULL          -- frames in dump_frame
);

-- One frame of a thread's backtrace (libdwfl), innermost first.
CREATE TABLE IF NOT EXISTS dump_frame (
	thread_id   INTEGER NOT NULL REFERENCES dump_thread(thread_id),
	idx         INTEGER NOT NULL,         -- 0 = innermost
	pc          INTEGER NOT NULL,         -- as unwound: a return address above frame 0
	is_activation INTEGER NOT NULL,       -- 1 when pc is exact (frame 0, signal frames)
	module      TEXT,                     -- module name/path; NULL when pc is in no module
	build_id    TEXT,                     -- module build-id, hex
	module_offset INTEGER,                -- pc - module base: symbolize later with this and build_id
	symbol      TEXT,                     -- function, NULL when the module's file is missing
	symbol_offset INTEGER,                -- pc - symbol start
	src_file    TEXT,                     -- source file when debug info was found
	src_line    INTEGER,                  -- its line, NULL unknown
	PRIMARY KEY (thread_id, idx)
) WITHOUT ROWID;

-- One ELF file mapped in a core (the executable, shared libraries, the vDSO).
CREATE TABLE IF NOT EXISTS dump_module (
	dump_id     INTEGER NOT NULL REFERENCES dump(dump_id),
	name        TEXT NOT NULL,            -- path from NT_FILE, or libdwfl's name ('[vdso: PID]')
	base        INTEGER NOT NULL,         -- lowest address mapped
	end_addr    INTEGER NOT NULL,         -- end of the highest mapping (exclusive)
	build_id    TEXT,                     -- NT_GNU_BUILD_ID read from the core's memory, hex
	found_path  TEXT,                     -- file used for symbols (host or --sysroot), NULL not found
	build_id_verified INTEGER NOT NULL    -- 1 when found_path's build-id equals build_id
);

-- Decoded fields of a core's notes: NT_SIGINFO (si_signo, si_code, si_errno,
-- si_addr, si_pid, si_uid), NT_AUXV (one row per entry, AT_* names),
-- NT_PRPSINFO (pr_uid, pr_gid, pr_ppid, pr_sname), NT_FILE (count, page_size:
-- 4096 from the kernel, whose offsets are in pages; 1 from gdb, in bytes).
CREATE TABLE IF NOT EXISTS dump_note (
	dump_id     INTEGER NOT NULL REFERENCES dump(dump_id),
	note        TEXT NOT NULL,            -- 'NT_SIGINFO' | 'NT_AUXV' | 'NT_PRPSINFO' | 'NT_FILE'
	key         TEXT NOT NULL,            -- field or AT_* name ('AT_0x2a' when unnamed)
	value       INTEGER,                  -- the number (addresses as signed 64-bit)
	text        TEXT,                     -- the text when it is one (AT_EXECFN's string)
	offset      INTEGER NOT NULL          -- file offset of the note descriptor
);
CREATE INDEX IF NOT EXISTS dump_note_dump ON dump_note(dump_id, note);

-- dump_string: see below
-- DUMPS_END

-- ------------------------------------------------------------------
-- captures: tcpdump, strace, kernel logs (issue 5)
-- CAPTURES_BEGIN
-- CAPTURES_END

-- ------------------------------------------------------------------
-- analysis: events, findings, causal links (issue 6)
-- ANALYSIS_BEGIN
-- `pmortem analyze` replaces everything in this section on every run.

-- What a detector saw in one series: a spike, a drop, a saturation ...
CREATE TABLE IF NOT EXISTS event (
	event_id    INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,            -- 'spike','step','drop','saturation','growth','reset'
	series_id   INTEGER NOT NULL REFERENCES series(series_id),
	host_id     INTEGER NOT NULL,         -- copied from the series, for joins
	metric      TEXT NOT NULL,            -- copied from the series
	instance    TEXT NOT NULL,            -- copied from the series
	start_us    INTEGER NOT NULL,         -- first sample that was out of line
	end_us      INTEGER NOT NULL,         -- last one
	peak_us     INTEGER NOT NULL,         -- the most extreme sample
	baseline    REAL,                     -- the series' normal level before it (rolling median)
	peak        REAL,                     -- the most extreme value
	magnitude   REAL,                     -- peak - baseline (negative for drops)
	ratio       REAL,                     -- peak / baseline, NULL when baseline is 0
	score       REAL,                     -- how far out of line: |magnitude| / robust spread
	samples     INTEGER NOT NULL,         -- samples inside the event
	detail      TEXT                      -- e.g. the slope of a growth, per hour
);
CREATE INDEX IF NOT EXISTS event_metric ON event(metric, kind, start_us);

-- A conclusion of a rule (src/rules/*.sql or --rules DIR).
CREATE TABLE IF NOT EXISTS finding (
	finding_id  INTEGER PRIMARY KEY,
	rule        TEXT NOT NULL,            -- the rule's name
	key         TEXT NOT NULL,            -- the rule's own id for it (unique per rule)
	severity    TEXT NOT NULL,            -- 'critical','high','medium','low','info'
	title       TEXT NOT NULL,
	summary     TEXT NOT NULL,            -- one sentence with the numbers
	advice      TEXT,                     -- what an SRE would do next
	host_id     INTEGER,
	start_us    INTEGER,                  -- when it began
	end_us      INTEGER,                  -- when it ended (or the last evidence)
	score       REAL,                     -- for ordering within a severity
	evidence_sql TEXT,                    -- SQL that reproduces its evidence
	UNIQUE (rule, key)
);

-- What a finding rests on: events, series, samples, processes, packets ...
CREATE TABLE IF NOT EXISTS finding_evidence (
	finding_id  INTEGER NOT NULL REFERENCES finding(finding_id),
	role        TEXT NOT NULL,            -- 'cause','effect','context'
	event_id    INTEGER,                  -- an event, or
	series_id   INTEGER,                  -- a series, or
	ref_table   TEXT,                     -- any other row: its table ...
	ref_id      INTEGER,                  -- ... and its key
	note        TEXT
);
CREATE INDEX IF NOT EXISTS finding_evidence_finding ON finding_evidence(finding_id);

-- Cause -> effect between two events, with the lag; links chain (A -> B -> C)
-- when one link's effect is another's cause.
CREATE TABLE IF NOT EXISTS causal_link (
	link_id     INTEGER PRIMARY KEY,
	finding_id  INTEGER REFERENCES finding(finding_id),
	cause_event_id  INTEGER NOT NULL REFERENCES event(event_id),
	effect_event_id INTEGER NOT NULL REFERENCES event(event_id),
	lag_s       REAL NOT NULL,            -- effect start - cause start, seconds
	strength    REAL,                     -- 0..1: how sure the rule is
	note        TEXT
);

-- Events with names and readable times.
CREATE VIEW IF NOT EXISTS v_event AS
SELECT e.event_id, h.name AS host, e.kind, e.metric, e.instance,
       strftime('%Y-%m-%d %H:%M:%S', e.start_us / 1e6, 'unixepoch') AS start_ts, strftime('%Y-%m-%d %H:%M:%S', e.end_us / 1e6, 'unixepoch') AS end_ts,
       (e.end_us - e.start_us) / 1e6 AS duration_s,
       e.baseline, e.peak, e.magnitude, e.ratio, e.score, e.samples, e.detail,
       e.start_us, e.end_us, e.series_id
FROM event e JOIN host h USING (host_id);

-- Findings, most severe first.
CREATE VIEW IF NOT EXISTS v_finding AS
SELECT f.finding_id, f.severity, f.rule, f.title, f.summary, f.advice,
       h.name AS host, strftime('%Y-%m-%d %H:%M:%S', f.start_us / 1e6, 'unixepoch') AS start_ts, strftime('%Y-%m-%d %H:%M:%S', f.end_us / 1e6, 'unixepoch') AS end_ts,
       f.start_us, f.end_us, f.score, f.evidence_sql
FROM finding f LEFT JOIN host h USING (host_id)
ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
         WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, f.start_us;

-- Cause -> effect links with both ends described.
CREATE VIEW IF NOT EXISTS v_causal_link AS
SELECT l.link_id, l.finding_id, l.lag_s, l.strength, l.note,
       c.event_id AS cause_event_id, c.kind AS cause_kind, c.metric AS cause_metric,
       c.instance AS cause_instance, strftime('%Y-%m-%d %H:%M:%S', c.start_us / 1e6, 'unixepoch') AS cause_ts,
       c.baseline AS cause_before, c.peak AS cause_after,
       e.event_id AS effect_event_id, e.kind AS effect_kind, e.metric AS effect_metric,
       e.instance AS effect_instance, strftime('%Y-%m-%d %H:%M:%S', e.start_us / 1e6, 'unixepoch') AS effect_ts,
       e.baseline AS effect_before, e.peak AS effect_after
FROM causal_link l JOIN event c ON c.event_id = l.cause_event_id
JOIN event e ON e.event_id = l.effect_event_id;
-- ANALYSIS_END
