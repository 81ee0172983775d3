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
-- Pivots of the sar families (docs/SCHEMA.md, "## sar metrics"), one column
-- per metric, named like the metric's field; NULL where sar did not print it.

-- sar -u / -P: one row per host, time and CPU ('all' or its number).
-- user_pct and system_pct read like plain `sar -u` whichever of -u and -u ALL
-- was captured (%user = %usr + %guest, %system = %sys + %irq + %soft); the
-- -u ALL columns are there too, NULL when only -u was captured.
CREATE VIEW IF NOT EXISTS v_sar_cpu AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       s.instance AS cpu,
       COALESCE(MAX(CASE s.metric WHEN 'cpu.user_pct' THEN x.value END),
                MAX(CASE s.metric WHEN 'cpu.usr_pct' THEN x.value END)
                + COALESCE(MAX(CASE s.metric WHEN 'cpu.guest_pct' THEN x.value END), 0)) AS user_pct,
       COALESCE(MAX(CASE s.metric WHEN 'cpu.system_pct' THEN x.value END),
                MAX(CASE s.metric WHEN 'cpu.sys_pct' THEN x.value END)
                + COALESCE(MAX(CASE s.metric WHEN 'cpu.irq_pct' THEN x.value END), 0)
                + COALESCE(MAX(CASE s.metric WHEN 'cpu.soft_pct' THEN x.value END), 0)) AS system_pct,
       MAX(CASE s.metric WHEN 'cpu.nice_pct' THEN x.value END) AS nice_pct,
       MAX(CASE s.metric WHEN 'cpu.iowait_pct' THEN x.value END) AS iowait_pct,
       MAX(CASE s.metric WHEN 'cpu.steal_pct' THEN x.value END) AS steal_pct,
       MAX(CASE s.metric WHEN 'cpu.idle_pct' THEN x.value END) AS idle_pct,
       MAX(CASE s.metric WHEN 'cpu.usr_pct' THEN x.value END) AS usr_pct,
       MAX(CASE s.metric WHEN 'cpu.sys_pct' THEN x.value END) AS sys_pct,
       MAX(CASE s.metric WHEN 'cpu.irq_pct' THEN x.value END) AS irq_pct,
       MAX(CASE s.metric WHEN 'cpu.soft_pct' THEN x.value END) AS soft_pct,
       MAX(CASE s.metric WHEN 'cpu.guest_pct' THEN x.value END) AS guest_pct,
       MAX(CASE s.metric WHEN 'cpu.gnice_pct' THEN x.value END) AS gnice_pct
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('cpu.user_pct', 'cpu.system_pct', 'cpu.nice_pct', 'cpu.iowait_pct',
	'cpu.steal_pct', 'cpu.idle_pct', 'cpu.usr_pct', 'cpu.sys_pct',
	'cpu.irq_pct', 'cpu.soft_pct', 'cpu.guest_pct', 'cpu.gnice_pct')
GROUP BY s.host_id, x.ts_us, s.instance;

-- sar -B (and -W swapping): one row per host and time.
CREATE VIEW IF NOT EXISTS v_sar_paging AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       MAX(CASE s.metric WHEN 'paging.pgpgin_bytes_per_s' THEN x.value END) AS pgpgin_bytes_per_s,
       MAX(CASE s.metric WHEN 'paging.pgpgout_bytes_per_s' THEN x.value END) AS pgpgout_bytes_per_s,
       MAX(CASE s.metric WHEN 'paging.fault_per_s' THEN x.value END) AS fault_per_s,
       MAX(CASE s.metric WHEN 'paging.majflt_per_s' THEN x.value END) AS majflt_per_s,
       MAX(CASE s.metric WHEN 'paging.pgfree_per_s' THEN x.value END) AS pgfree_per_s,
       MAX(CASE s.metric WHEN 'paging.pgscank_per_s' THEN x.value END) AS pgscank_per_s,
       MAX(CASE s.metric WHEN 'paging.pgscand_per_s' THEN x.value END) AS pgscand_per_s,
       MAX(CASE s.metric WHEN 'paging.pgsteal_per_s' THEN x.value END) AS pgsteal_per_s,
       MAX(CASE s.metric WHEN 'paging.vmeff_pct' THEN x.value END) AS vmeff_pct,
       MAX(CASE s.metric WHEN 'paging.pgprom_per_s' THEN x.value END) AS pgprom_per_s,
       MAX(CASE s.metric WHEN 'paging.pgdem_per_s' THEN x.value END) AS pgdem_per_s,
       MAX(CASE s.metric WHEN 'swap.pswpin_per_s' THEN x.value END) AS pswpin_per_s,
       MAX(CASE s.metric WHEN 'swap.pswpout_per_s' THEN x.value END) AS pswpout_per_s
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('paging.pgpgin_bytes_per_s', 'paging.pgpgout_bytes_per_s',
	'paging.fault_per_s', 'paging.majflt_per_s', 'paging.pgfree_per_s',
	'paging.pgscank_per_s', 'paging.pgscand_per_s',
	'paging.pgsteal_per_s', 'paging.vmeff_pct', 'paging.pgprom_per_s',
	'paging.pgdem_per_s', 'swap.pswpin_per_s', 'swap.pswpout_per_s')
GROUP BY s.host_id, x.ts_us;

-- sar -d: one row per host, time and device (as sar named it: sda, dev8-0 ...).
CREATE VIEW IF NOT EXISTS v_sar_disk AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       s.instance AS dev,
       MAX(CASE s.metric WHEN 'disk.tps' THEN x.value END) AS tps,
       MAX(CASE s.metric WHEN 'disk.rd_bytes_per_s' THEN x.value END) AS rd_bytes_per_s,
       MAX(CASE s.metric WHEN 'disk.wr_bytes_per_s' THEN x.value END) AS wr_bytes_per_s,
       MAX(CASE s.metric WHEN 'disk.dc_bytes_per_s' THEN x.value END) AS dc_bytes_per_s,
       MAX(CASE s.metric WHEN 'disk.areq_sz_bytes' THEN x.value END) AS areq_sz_bytes,
       MAX(CASE s.metric WHEN 'disk.aqu_sz' THEN x.value END) AS aqu_sz,
       MAX(CASE s.metric WHEN 'disk.await_s' THEN x.value END) AS await_s,
       MAX(CASE s.metric WHEN 'disk.svctm_s' THEN x.value END) AS svctm_s,
       MAX(CASE s.metric WHEN 'disk.util_pct' THEN x.value END) AS util_pct
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('disk.tps', 'disk.rd_bytes_per_s', 'disk.wr_bytes_per_s',
	'disk.dc_bytes_per_s', 'disk.areq_sz_bytes', 'disk.aqu_sz',
	'disk.await_s', 'disk.svctm_s', 'disk.util_pct')
GROUP BY s.host_id, x.ts_us, s.instance;

-- sar -r [ALL], -S and -H: one row per host and time, in bytes.
CREATE VIEW IF NOT EXISTS v_sar_mem AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       MAX(CASE s.metric WHEN 'memory.memfree_bytes' THEN x.value END) AS memfree_bytes,
       MAX(CASE s.metric WHEN 'memory.avail_bytes' THEN x.value END) AS avail_bytes,
       MAX(CASE s.metric WHEN 'memory.memused_bytes' THEN x.value END) AS memused_bytes,
       MAX(CASE s.metric WHEN 'memory.memused_pct' THEN x.value END) AS memused_pct,
       MAX(CASE s.metric WHEN 'memory.buffers_bytes' THEN x.value END) AS buffers_bytes,
       MAX(CASE s.metric WHEN 'memory.cached_bytes' THEN x.value END) AS cached_bytes,
       MAX(CASE s.metric WHEN 'memory.commit_bytes' THEN x.value END) AS commit_bytes,
       MAX(CASE s.metric WHEN 'memory.commit_pct' THEN x.value END) AS commit_pct,
       MAX(CASE s.metric WHEN 'memory.active_bytes' THEN x.value END) AS active_bytes,
       MAX(CASE s.metric WHEN 'memory.inact_bytes' THEN x.value END) AS inact_bytes,
       MAX(CASE s.metric WHEN 'memory.dirty_bytes' THEN x.value END) AS dirty_bytes,
       MAX(CASE s.metric WHEN 'memory.shmem_bytes' THEN x.value END) AS shmem_bytes,
       MAX(CASE s.metric WHEN 'memory.anonpg_bytes' THEN x.value END) AS anonpg_bytes,
       MAX(CASE s.metric WHEN 'memory.slab_bytes' THEN x.value END) AS slab_bytes,
       MAX(CASE s.metric WHEN 'memory.kstack_bytes' THEN x.value END) AS kstack_bytes,
       MAX(CASE s.metric WHEN 'memory.pgtbl_bytes' THEN x.value END) AS pgtbl_bytes,
       MAX(CASE s.metric WHEN 'memory.vmused_bytes' THEN x.value END) AS vmused_bytes,
       MAX(CASE s.metric WHEN 'swap_util.swpfree_bytes' THEN x.value END) AS swpfree_bytes,
       MAX(CASE s.metric WHEN 'swap_util.swpused_bytes' THEN x.value END) AS swpused_bytes,
       MAX(CASE s.metric WHEN 'swap_util.swpused_pct' THEN x.value END) AS swpused_pct,
       MAX(CASE s.metric WHEN 'swap_util.swpcad_bytes' THEN x.value END) AS swpcad_bytes,
       MAX(CASE s.metric WHEN 'swap_util.swpcad_pct' THEN x.value END) AS swpcad_pct,
       MAX(CASE s.metric WHEN 'hugepages.hugfree_bytes' THEN x.value END) AS hugfree_bytes,
       MAX(CASE s.metric WHEN 'hugepages.hugused_bytes' THEN x.value END) AS hugused_bytes,
       MAX(CASE s.metric WHEN 'hugepages.hugused_pct' THEN x.value END) AS hugused_pct
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('memory.memfree_bytes', 'memory.avail_bytes', 'memory.memused_bytes',
	'memory.memused_pct', 'memory.buffers_bytes', 'memory.cached_bytes',
	'memory.commit_bytes', 'memory.commit_pct', 'memory.active_bytes',
	'memory.inact_bytes', 'memory.dirty_bytes', 'memory.shmem_bytes',
	'memory.anonpg_bytes', 'memory.slab_bytes', 'memory.kstack_bytes',
	'memory.pgtbl_bytes', 'memory.vmused_bytes',
	'swap_util.swpfree_bytes', 'swap_util.swpused_bytes',
	'swap_util.swpused_pct', 'swap_util.swpcad_bytes',
	'swap_util.swpcad_pct', 'hugepages.hugfree_bytes',
	'hugepages.hugused_bytes', 'hugepages.hugused_pct')
GROUP BY s.host_id, x.ts_us;

-- sar -q [ALL] and -w: one row per host and time; psi_* are the per-interval
-- pressure percentages (%scpu, %sio, %fio, %smem, %fmem).
CREATE VIEW IF NOT EXISTS v_sar_load AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       MAX(CASE s.metric WHEN 'load.runq_sz' THEN x.value END) AS runq_sz,
       MAX(CASE s.metric WHEN 'load.plist_sz' THEN x.value END) AS plist_sz,
       MAX(CASE s.metric WHEN 'load.ldavg_1' THEN x.value END) AS ldavg_1,
       MAX(CASE s.metric WHEN 'load.ldavg_5' THEN x.value END) AS ldavg_5,
       MAX(CASE s.metric WHEN 'load.ldavg_15' THEN x.value END) AS ldavg_15,
       MAX(CASE s.metric WHEN 'load.blocked' THEN x.value END) AS blocked,
       MAX(CASE s.metric WHEN 'psi_cpu.some_pct' THEN x.value END) AS psi_cpu_some_pct,
       MAX(CASE s.metric WHEN 'psi_io.some_pct' THEN x.value END) AS psi_io_some_pct,
       MAX(CASE s.metric WHEN 'psi_io.full_pct' THEN x.value END) AS psi_io_full_pct,
       MAX(CASE s.metric WHEN 'psi_mem.some_pct' THEN x.value END) AS psi_mem_some_pct,
       MAX(CASE s.metric WHEN 'psi_mem.full_pct' THEN x.value END) AS psi_mem_full_pct,
       MAX(CASE s.metric WHEN 'task.proc_per_s' THEN x.value END) AS proc_per_s,
       MAX(CASE s.metric WHEN 'task.cswch_per_s' THEN x.value END) AS cswch_per_s
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('load.runq_sz', 'load.plist_sz', 'load.ldavg_1', 'load.ldavg_5',
	'load.ldavg_15', 'load.blocked', 'psi_cpu.some_pct',
	'psi_io.some_pct', 'psi_io.full_pct', 'psi_mem.some_pct',
	'psi_mem.full_pct', 'task.proc_per_s', 'task.cswch_per_s')
GROUP BY s.host_id, x.ts_us;

-- sar -n DEV and -n EDEV: one row per host, time and interface.
CREATE VIEW IF NOT EXISTS v_sar_net AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%S', x.ts_us / 1000000, 'unixepoch') AS ts,
       x.ts_us,
       s.instance AS iface,
       MAX(CASE s.metric WHEN 'net_dev.rxpck_per_s' THEN x.value END) AS rxpck_per_s,
       MAX(CASE s.metric WHEN 'net_dev.txpck_per_s' THEN x.value END) AS txpck_per_s,
       MAX(CASE s.metric WHEN 'net_dev.rx_bytes_per_s' THEN x.value END) AS rx_bytes_per_s,
       MAX(CASE s.metric WHEN 'net_dev.tx_bytes_per_s' THEN x.value END) AS tx_bytes_per_s,
       MAX(CASE s.metric WHEN 'net_dev.rxcmp_per_s' THEN x.value END) AS rxcmp_per_s,
       MAX(CASE s.metric WHEN 'net_dev.txcmp_per_s' THEN x.value END) AS txcmp_per_s,
       MAX(CASE s.metric WHEN 'net_dev.rxmcst_per_s' THEN x.value END) AS rxmcst_per_s,
       MAX(CASE s.metric WHEN 'net_dev.ifutil_pct' THEN x.value END) AS ifutil_pct,
       MAX(CASE s.metric WHEN 'net_edev.rxerr_per_s' THEN x.value END) AS rxerr_per_s,
       MAX(CASE s.metric WHEN 'net_edev.txerr_per_s' THEN x.value END) AS txerr_per_s,
       MAX(CASE s.metric WHEN 'net_edev.coll_per_s' THEN x.value END) AS coll_per_s,
       MAX(CASE s.metric WHEN 'net_edev.rxdrop_per_s' THEN x.value END) AS rxdrop_per_s,
       MAX(CASE s.metric WHEN 'net_edev.txdrop_per_s' THEN x.value END) AS txdrop_per_s,
       MAX(CASE s.metric WHEN 'net_edev.txcarr_per_s' THEN x.value END) AS txcarr_per_s,
       MAX(CASE s.metric WHEN 'net_edev.rxfram_per_s' THEN x.value END) AS rxfram_per_s,
       MAX(CASE s.metric WHEN 'net_edev.rxfifo_per_s' THEN x.value END) AS rxfifo_per_s,
       MAX(CASE s.metric WHEN 'net_edev.txfifo_per_s' THEN x.value END) AS txfifo_per_s
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('net_dev.rxpck_per_s', 'net_dev.txpck_per_s',
	'net_dev.rx_bytes_per_s', 'net_dev.tx_bytes_per_s',
	'net_dev.rxcmp_per_s', 'net_dev.txcmp_per_s', 'net_dev.rxmcst_per_s',
	'net_dev.ifutil_pct', 'net_edev.rxerr_per_s', 'net_edev.txerr_per_s',
	'net_edev.coll_per_s', 'net_edev.rxdrop_per_s',
	'net_edev.txdrop_per_s', 'net_edev.txcarr_per_s',
	'net_edev.rxfram_per_s', 'net_edev.rxfifo_per_s',
	'net_edev.txfifo_per_s')
GROUP BY s.host_id, x.ts_us, s.instance;
-- SAR_VIEWS_END

-- ------------------------------------------------------------------
-- proc: processes and mappings (issue 3)
-- PROC_BEGIN
-- PROC_END

-- ------------------------------------------------------------------
-- dumps: cores, heap dumps, strings (issue 4)
-- DUMPS_BEGIN
-- DUMPS_END

-- ------------------------------------------------------------------
-- captures: tcpdump, strace, kernel logs (issue 5)
-- CAPTURES_BEGIN
-- strace and kernel logs (importers strace and dmesg)

-- One system call, signal, exit or attach of a strace capture.  A call
-- strace split into `<unfinished ...>` and `<... resumed>` is one row.
CREATE TABLE IF NOT EXISTS syscall (
	syscall_id  INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL REFERENCES source(source_id),
	host_id     INTEGER REFERENCES host(host_id),
	line        INTEGER,                  -- line of the call (its first part)
	end_line    INTEGER,                  -- line of its resumed part (= line when not split)
	ts_us       INTEGER,                  -- start time; NULL without -t/-tt/-ttt (or -r with no anchor)
	rel_s       REAL,                     -- seconds since the first record of the trace
	pid         INTEGER,                  -- thread id strace printed; NULL when single-process
	kind        TEXT NOT NULL,            -- 'syscall','signal','exit','killed','attach','detach'
	name        TEXT,                     -- syscall name; signal name for 'signal'/'killed'
	args        TEXT,                     -- argument text as strace printed it (split parts joined)
	ret         TEXT,                     -- return text after '= ', without the -T duration
	retval      INTEGER,                  -- numeric return value (exit status for 'exit'); NULL for '?'
	errno       TEXT,                     -- errno name, e.g. 'ENOENT'
	err_text    TEXT,                     -- its text, e.g. 'No such file or directory'
	duration_s  REAL,                     -- time spent in the call (-T), seconds
	unfinished  INTEGER NOT NULL,         -- 1 when strace split the call (<unfinished ...>)
	resumed     INTEGER NOT NULL,         -- 1 when the resumed part was found
	fd          INTEGER,                  -- file-descriptor argument, when the call takes one
	peer        TEXT,                     -- 'addr:port' named by the call or by the fd's connect()
	peer_port   INTEGER                   -- port of peer
);
CREATE INDEX IF NOT EXISTS syscall_ts ON syscall(ts_us);

-- Named details of a kernel_event (the row with the same source_id and line):
-- 'order' and 'mode' of a page allocation failure, 'blocked_s' of a hung
-- task, 'addr','ip','error' of a segfault, 'cpu','stuck_s' of a soft lockup.
CREATE TABLE IF NOT EXISTS kernel_event_attr (
	source_id   INTEGER NOT NULL REFERENCES source(source_id),
	line        INTEGER NOT NULL,         -- the kernel_event's line
	key         TEXT NOT NULL,
	value       TEXT
);
CREATE INDEX IF NOT EXISTS kernel_event_attr_line ON kernel_event_attr(source_id, line);

-- One OOM-kill report of a kernel log, structured.  The task table is in
-- pages and the kill line in kB in the log: both are bytes here.
CREATE TABLE IF NOT EXISTS oom_kill (
	oom_id      INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL REFERENCES source(source_id),
	host_id     INTEGER REFERENCES host(host_id),
	line        INTEGER,                  -- the 'invoked oom-killer' line
	kill_line   INTEGER,                  -- the 'Killed process' line (its kernel_event has kind 'oom_kill')
	reap_line   INTEGER,                  -- the 'oom_reaper: reaped process' line
	ts_us       INTEGER,                  -- time of the 'invoked oom-killer' line
	ts_uncertainty_s REAL,                -- how far ts_us may be off
	mono_s      REAL,                     -- seconds since boot
	invoker     TEXT,                     -- comm of the task whose allocation failed
	invoker_pid INTEGER,                  -- its pid (the 'CPU: .. PID: .. Comm:' line)
	gfp_mask    TEXT,                     -- e.g. '0xcc0(GFP_KERNEL)'
	alloc_order INTEGER,                  -- allocation order; -1 for a manual (sysrq) OOM
	oom_score_adj INTEGER,                -- of the invoking task
	oom_constraint TEXT,                  -- 'CONSTRAINT_NONE','CONSTRAINT_MEMCG','CONSTRAINT_CPUSET',...
	nodemask    TEXT,
	cpuset      TEXT,
	mems_allowed TEXT,
	oom_memcg   TEXT,                     -- the cgroup whose limit was hit (memcg OOMs)
	task_memcg  TEXT,                     -- the victim's cgroup
	memcg       INTEGER NOT NULL,         -- 1 for a cgroup OOM ('Memory cgroup out of memory')
	memcg_usage_bytes INTEGER,            -- 'memory: usage ..kB'
	memcg_limit_bytes INTEGER,            -- 'memory: .. limit ..kB'
	memcg_failcnt INTEGER,                -- 'memory: .. failcnt N'
	killed_pid  INTEGER,                  -- the victim
	killed_comm TEXT,
	killed_uid  INTEGER,
	total_vm_bytes  INTEGER,              -- victim's total-vm (kill line, kB * 1024)
	anon_rss_bytes  INTEGER,              -- anon-rss
	file_rss_bytes  INTEGER,              -- file-rss
	shmem_rss_bytes INTEGER,              -- shmem-rss
	pgtables_bytes  INTEGER,              -- pgtables
	killed_oom_score_adj INTEGER,
	reaped_anon_rss_bytes  INTEGER,       -- what oom_reaper left: anon-rss after reaping
	reaped_file_rss_bytes  INTEGER,
	reaped_shmem_rss_bytes INTEGER
);

-- The per-zone watermarks of a report's Mem-Info block (global OOMs).
CREATE TABLE IF NOT EXISTS oom_zone (
	oom_id      INTEGER NOT NULL REFERENCES oom_kill(oom_id),
	node        INTEGER,                  -- NUMA node
	zone        TEXT NOT NULL,            -- 'DMA','DMA32','Normal','Movable'
	free_bytes  INTEGER,
	min_bytes   INTEGER,                  -- watermark min
	low_bytes   INTEGER,                  -- watermark low
	high_bytes  INTEGER,                  -- watermark high
	managed_bytes INTEGER,                -- pages the buddy allocator manages
	line        INTEGER
);

-- The task table of a report ('Tasks state (memory values in pages)').
CREATE TABLE IF NOT EXISTS oom_task (
	oom_id      INTEGER NOT NULL REFERENCES oom_kill(oom_id),
	pid         INTEGER,
	uid         INTEGER,
	tgid        INTEGER,
	total_vm_bytes INTEGER,               -- total_vm pages * 4096
	rss_bytes   INTEGER,                  -- rss pages * 4096
	rss_anon_bytes  INTEGER,              -- NULL on kernels without the column
	rss_file_bytes  INTEGER,
	rss_shmem_bytes INTEGER,
	pgtables_bytes  INTEGER,              -- printed in bytes already
	swapents    INTEGER,                  -- swap entries (pages)
	oom_score_adj INTEGER,
	name        TEXT,
	line        INTEGER
);
CREATE INDEX IF NOT EXISTS oom_task_oom ON oom_task(oom_id);

-- The slowest calls first (-T durations).
CREATE VIEW IF NOT EXISTS v_strace_slowest AS
SELECT strftime('%Y-%m-%d %H:%M:%f', ts_us / 1e6, 'unixepoch') AS ts,
       pid, name, duration_s, ret, errno, args, source_id, line
FROM syscall WHERE kind = 'syscall' AND duration_s IS NOT NULL
ORDER BY duration_s DESC;

-- Time per syscall name, like `strace -c`.
CREATE VIEW IF NOT EXISTS v_strace_summary AS
SELECT name, count(*) AS calls,
       sum(errno IS NOT NULL) AS errors,
       sum(duration_s) AS total_s,
       avg(duration_s) AS avg_s,
       max(duration_s) AS max_s,
       100.0 * sum(duration_s) / (SELECT sum(duration_s) FROM syscall
                                  WHERE kind = 'syscall') AS time_pct
FROM syscall WHERE kind = 'syscall'
GROUP BY name ORDER BY total_s DESC, calls DESC;

-- DNS traffic: calls on sockets talking to port 53, with their timing.
-- since_connect_s is the time from the connect() of that pid's socket.
CREATE VIEW IF NOT EXISTS v_strace_dns AS
SELECT strftime('%Y-%m-%d %H:%M:%f', d.ts_us / 1e6, 'unixepoch') AS ts,
       d.ts_us, d.pid, d.fd, d.name, d.peer, d.ret, d.errno, d.duration_s,
       (d.ts_us - (SELECT max(c.ts_us) FROM syscall c
                   WHERE c.source_id = d.source_id AND c.name = 'connect'
                     AND c.pid IS d.pid AND c.fd = d.fd AND c.peer_port = 53
                     AND c.line <= d.line)) / 1e6 AS since_connect_s,
       d.args, d.source_id, d.line
FROM syscall d
WHERE d.peer_port = 53 AND d.kind = 'syscall'
ORDER BY d.source_id, d.line;

-- Kernel events with their details, one row per event (details as JSON).
CREATE VIEW IF NOT EXISTS v_kernel_event AS
SELECT strftime('%Y-%m-%d %H:%M:%f', e.ts_us / 1e6, 'unixepoch') AS ts,
       e.ts_us, e.ts_uncertainty_s, e.mono_s, e.kind, e.facility, e.level,
       e.pid, e.comm, e.message,
       (SELECT json_group_object(a.key, a.value) FROM kernel_event_attr a
        WHERE a.source_id = e.source_id AND a.line = e.line) AS attrs,
       e.source_id, e.line
FROM kernel_event e;

-- OOM kills with the victim's size at the kill and its row of the task table.
CREATE VIEW IF NOT EXISTS v_oom_kill AS
SELECT strftime('%Y-%m-%d %H:%M:%f', o.ts_us / 1e6, 'unixepoch') AS ts,
       o.oom_id, o.invoker, o.oom_constraint, o.memcg, o.oom_memcg,
       o.killed_pid, o.killed_comm, o.anon_rss_bytes, o.file_rss_bytes,
       o.shmem_rss_bytes, o.total_vm_bytes,
       t.rss_bytes AS table_rss_bytes,
       (SELECT count(*) FROM oom_task x WHERE x.oom_id = o.oom_id) AS tasks,
       o.source_id, o.line
FROM oom_kill o
LEFT JOIN oom_task t ON t.oom_id = o.oom_id AND t.pid = o.killed_pid;

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
