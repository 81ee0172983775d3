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
	sha256        TEXT NOT NULL UNIQUE,   -- of the bytes, hex; 'unhashed N' in smem PATH's in-memory database (walk_opts.no_hash)
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

-- ---- /proc snapshot views (meminfo, vmstat, zoneinfo, buddyinfo, slabinfo) ----
-- PROCSTAT_VIEWS_BEGIN (the procstat helper owns this block)

-- /proc/meminfo as the file reads, one row per host and snapshot, in bytes
-- (HugePages_* are counts).  Every field stays in v_sample as meminfo.<Field>.
CREATE VIEW IF NOT EXISTS v_meminfo AS
SELECT h.name AS host,
       strftime('%Y-%m-%d %H:%M:%f', x.ts_us / 1e6, 'unixepoch') AS ts,
       x.ts_us,
       max(CASE s.metric WHEN 'meminfo.MemTotal' THEN x.value END) AS MemTotal,
       max(CASE s.metric WHEN 'meminfo.MemFree' THEN x.value END) AS MemFree,
       max(CASE s.metric WHEN 'meminfo.MemAvailable' THEN x.value END) AS MemAvailable,
       max(CASE s.metric WHEN 'meminfo.Buffers' THEN x.value END) AS Buffers,
       max(CASE s.metric WHEN 'meminfo.Cached' THEN x.value END) AS Cached,
       max(CASE s.metric WHEN 'meminfo.SwapCached' THEN x.value END) AS SwapCached,
       max(CASE s.metric WHEN 'meminfo.Active(anon)' THEN x.value END) AS "Active(anon)",
       max(CASE s.metric WHEN 'meminfo.Inactive(anon)' THEN x.value END) AS "Inactive(anon)",
       max(CASE s.metric WHEN 'meminfo.Active(file)' THEN x.value END) AS "Active(file)",
       max(CASE s.metric WHEN 'meminfo.Inactive(file)' THEN x.value END) AS "Inactive(file)",
       max(CASE s.metric WHEN 'meminfo.Dirty' THEN x.value END) AS Dirty,
       max(CASE s.metric WHEN 'meminfo.Writeback' THEN x.value END) AS Writeback,
       max(CASE s.metric WHEN 'meminfo.AnonPages' THEN x.value END) AS AnonPages,
       max(CASE s.metric WHEN 'meminfo.Mapped' THEN x.value END) AS Mapped,
       max(CASE s.metric WHEN 'meminfo.Shmem' THEN x.value END) AS Shmem,
       max(CASE s.metric WHEN 'meminfo.Slab' THEN x.value END) AS Slab,
       max(CASE s.metric WHEN 'meminfo.SReclaimable' THEN x.value END) AS SReclaimable,
       max(CASE s.metric WHEN 'meminfo.SUnreclaim' THEN x.value END) AS SUnreclaim,
       max(CASE s.metric WHEN 'meminfo.PageTables' THEN x.value END) AS PageTables,
       max(CASE s.metric WHEN 'meminfo.SwapTotal' THEN x.value END) AS SwapTotal,
       max(CASE s.metric WHEN 'meminfo.SwapFree' THEN x.value END) AS SwapFree,
       max(CASE s.metric WHEN 'meminfo.Committed_AS' THEN x.value END) AS Committed_AS,
       max(CASE s.metric WHEN 'meminfo.CommitLimit' THEN x.value END) AS CommitLimit,
       max(CASE s.metric WHEN 'meminfo.AnonHugePages' THEN x.value END) AS AnonHugePages,
       max(CASE s.metric WHEN 'meminfo.HugePages_Total' THEN x.value END) AS HugePages_Total,
       max(CASE s.metric WHEN 'meminfo.HugePages_Free' THEN x.value END) AS HugePages_Free
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric LIKE 'meminfo.%' AND s.instance = ''
GROUP BY s.host_id, x.ts_us;

-- Per zone and snapshot: free memory against the watermarks, from
-- zoneinfo (bytes).  below_low = 1 when kswapd had reason to run.
CREATE VIEW IF NOT EXISTS v_zone_watermarks AS
SELECT h.name AS host, s.instance AS zone,
       strftime('%Y-%m-%d %H:%M:%f', x.ts_us / 1e6, 'unixepoch') AS ts,
       x.ts_us,
       max(CASE s.metric WHEN 'zoneinfo.free_bytes' THEN x.value END) AS free_bytes,
       max(CASE s.metric WHEN 'zoneinfo.min_bytes' THEN x.value END) AS min_bytes,
       max(CASE s.metric WHEN 'zoneinfo.low_bytes' THEN x.value END) AS low_bytes,
       max(CASE s.metric WHEN 'zoneinfo.high_bytes' THEN x.value END) AS high_bytes,
       max(CASE s.metric WHEN 'zoneinfo.managed_bytes' THEN x.value END) AS managed_bytes,
       max(CASE s.metric WHEN 'zoneinfo.free_bytes' THEN x.value END) <
       max(CASE s.metric WHEN 'zoneinfo.low_bytes' THEN x.value END) AS below_low
FROM sample x JOIN series s USING (series_id) JOIN host h USING (host_id)
WHERE s.metric IN ('zoneinfo.free_bytes', 'zoneinfo.min_bytes', 'zoneinfo.low_bytes',
                   'zoneinfo.high_bytes', 'zoneinfo.managed_bytes')
GROUP BY s.host_id, s.instance, x.ts_us;

-- PROCSTAT_VIEWS_END

-- ------------------------------------------------------------------
-- proc: processes and mappings (issue 3)
-- PROC_BEGIN
-- One process in one snapshot.  The files of a snapshot (proc/<pid>/smaps,
-- smaps_rollup, stat, status, cmdline) are separate sources that fill the
-- same row, keyed by (host, snapshot, pid): each adds what it knows.
-- Snapshots of one pid at different times are different rows.
CREATE TABLE IF NOT EXISTS process (
	process_id  INTEGER PRIMARY KEY,
	host_id     INTEGER NOT NULL REFERENCES host(host_id),
	snapshot    TEXT NOT NULL,            -- the directory its files are in ('t1/proc/42', 'cap.tar!42'), + '@ts_us' when the time came from a file's own name or content
	capture     TEXT NOT NULL,            -- the capture it is part of: snapshot without the pid directory ('t1/proc', 'cap.tar')
	pid         INTEGER,                  -- NULL when neither path nor content named it
	ts_us       INTEGER,                  -- snapshot time: the earliest its files gave; NULL unknown
	time_origin TEXT,                     -- where ts_us came from: 'file name', 'path', 'mtime', 'capture time', 'in file'
	ppid        INTEGER,                  -- parent pid (stat, status)
	uid         INTEGER,                  -- real uid (status)
	euid        INTEGER,                  -- effective uid (status): the owner of /proc/<pid>, the user smem shows
	gid         INTEGER,                  -- real gid (status)
	egid        INTEGER,                  -- effective gid (status)
	comm        TEXT,                     -- the kernel's name, at most 15 bytes (stat, status)
	cmdline     TEXT,                     -- argv joined by spaces; '' for kernel threads and zombies; NULL not captured
	state       TEXT,                     -- 'R','S','D','Z',... (stat, status)
	threads     INTEGER,                  -- (stat, status)
	start_ticks INTEGER,                  -- start time in clock ticks after boot (stat)
	vm_rss_bytes  INTEGER,                -- VmRSS (status)
	vm_swap_bytes INTEGER,                -- VmSwap (status)
	files       TEXT NOT NULL DEFAULT '', -- which files described it, e.g. 'smaps smaps_rollup stat status'
	source_id   INTEGER NOT NULL          -- the first source that named it
);
CREATE UNIQUE INDEX IF NOT EXISTS process_key ON process(host_id, snapshot, ifnull(pid, -1));
CREATE INDEX IF NOT EXISTS process_capture ON process(capture);

-- One mapping of a process: a block of smaps, every field, in bytes; or
-- the summary block of smaps_rollup (rollup = 1, path '[rollup]').
-- NULL: the kernel did not write the field.
CREATE TABLE IF NOT EXISTS mapping (
	mapping_id  INTEGER PRIMARY KEY,
	process_id  INTEGER NOT NULL REFERENCES process(process_id),
	source_id   INTEGER NOT NULL,
	line        INTEGER,                  -- line of its range in the source
	rollup      INTEGER NOT NULL,         -- 1: the smaps_rollup summary
	start_hex   TEXT NOT NULL,            -- start address, 16 hex digits (sorts as text; addresses exceed SQLite's signed integers)
	end_hex     TEXT NOT NULL,            -- end address (exclusive), 16 hex digits
	perms       TEXT NOT NULL,            -- 'r-xp', 'rw-s', ...
	offset_bytes INTEGER NOT NULL,        -- offset into the file
	dev         TEXT NOT NULL,            -- 'maj:min' in hex, as smaps writes it
	inode       INTEGER NOT NULL,         -- 0 for anonymous mappings
	path        TEXT NOT NULL,            -- full name, spaces and ' (deleted)' kept; '' anonymous; '[heap]', '[stack]', '[anon:x]'
	size_bytes                 INTEGER,   -- Size: virtual size of the range
	kernel_page_size_bytes     INTEGER,   -- KernelPageSize: page size the kernel uses for it
	mmu_page_size_bytes        INTEGER,   -- MMUPageSize: page size the MMU uses for it
	rss_bytes                  INTEGER,   -- Rss: resident
	pss_bytes                  INTEGER,   -- Pss: proportional (each page / the processes mapping it), truncated to KiB per mapping
	pss_dirty_bytes            INTEGER,   -- Pss_Dirty: the dirty part of Pss
	pss_anon_bytes             INTEGER,   -- Pss_Anon: anonymous part of Pss (smaps_rollup)
	pss_file_bytes             INTEGER,   -- Pss_File: file-backed part of Pss (smaps_rollup)
	pss_shmem_bytes            INTEGER,   -- Pss_Shmem: shmem part of Pss (smaps_rollup)
	shared_clean_bytes         INTEGER,   -- Shared_Clean: clean pages other processes map too
	shared_dirty_bytes         INTEGER,   -- Shared_Dirty: dirty pages other processes map too
	private_clean_bytes        INTEGER,   -- Private_Clean: clean pages only this process maps
	private_dirty_bytes        INTEGER,   -- Private_Dirty: dirty pages only this process maps
	referenced_bytes           INTEGER,   -- Referenced: marked referenced or accessed
	anonymous_bytes            INTEGER,   -- Anonymous: not backed by a file
	ksm_bytes                  INTEGER,   -- KSM: merged by kernel same-page merging
	lazyfree_bytes             INTEGER,   -- LazyFree: MADV_FREE'd, reclaimable
	anon_huge_pages_bytes      INTEGER,   -- AnonHugePages: anonymous transparent huge pages
	shmem_pmd_mapped_bytes     INTEGER,   -- ShmemPmdMapped: shmem mapped with huge pages
	file_pmd_mapped_bytes      INTEGER,   -- FilePmdMapped: file pages mapped with huge pages
	shared_hugetlb_bytes       INTEGER,   -- Shared_Hugetlb: hugetlbfs pages shared
	private_hugetlb_bytes      INTEGER,   -- Private_Hugetlb: hugetlbfs pages private
	swap_bytes                 INTEGER,   -- Swap: swapped out
	swap_pss_bytes             INTEGER,   -- SwapPss: proportional share of Swap
	locked_bytes               INTEGER,   -- Locked: mlocked
	thp_eligible   INTEGER,               -- THPeligible: 0 or 1
	protection_key INTEGER,               -- ProtectionKey (with memory protection keys)
	vm_flags    TEXT,                     -- VmFlags: 'rd wr mr mw me ac ...'
	UNIQUE (process_id, rollup, start_hex)
);

-- Fields of a mapping pmortem does not know (a newer kernel's), kept as written.
CREATE TABLE IF NOT EXISTS mapping_field (
	mapping_id  INTEGER NOT NULL REFERENCES mapping(mapping_id),
	name        TEXT NOT NULL,            -- as spelled, without the colon
	value       TEXT NOT NULL,            -- the rest of the line
	bytes       INTEGER                   -- the value in bytes when it reads 'N kB', else NULL
);
CREATE INDEX IF NOT EXISTS mapping_field_mapping ON mapping_field(mapping_id);

-- Per process per snapshot, smem's arithmetic (smem 1.5): sums over the
-- process's mappings, USS = Private_Clean + Private_Dirty; processes with an
-- empty cmdline (kernel threads) and without mappings are left out, as smem
-- does.  A process with only smaps_rollup is shown from it (basis 'rollup';
-- maps and vss NULL).  Sizes in bytes.
CREATE VIEW IF NOT EXISTS v_smem AS
WITH per_map AS (
	SELECT process_id, count(*) AS maps, sum(size_bytes) AS vss_bytes,
	       sum(rss_bytes) AS rss_bytes, sum(pss_bytes) AS pss_bytes,
	       sum(ifnull(private_clean_bytes, 0) + ifnull(private_dirty_bytes, 0)) AS uss_bytes,
	       sum(swap_bytes) AS swap_bytes, sum(swap_pss_bytes) AS swap_pss_bytes,
	       'smaps' AS basis
	FROM mapping WHERE rollup = 0 GROUP BY process_id
), per_rollup AS (
	SELECT process_id, NULL, NULL, rss_bytes, pss_bytes,
	       ifnull(private_clean_bytes, 0) + ifnull(private_dirty_bytes, 0),
	       swap_bytes, swap_pss_bytes, 'rollup'
	FROM mapping m WHERE rollup = 1
	  AND NOT EXISTS (SELECT 1 FROM mapping x WHERE x.process_id = m.process_id AND x.rollup = 0)
)
SELECT h.name AS host, p.capture, p.snapshot, p.process_id,
       strftime('%Y-%m-%d %H:%M:%S', p.ts_us / 1e6, 'unixepoch') AS ts, p.ts_us,
       p.pid, p.euid AS uid, p.comm AS name, p.cmdline AS command,
       t.maps, t.swap_bytes AS swap, t.uss_bytes AS uss, t.pss_bytes AS pss,
       t.rss_bytes AS rss, t.vss_bytes AS vss, t.swap_pss_bytes AS swappss, t.basis
FROM process p JOIN host h USING (host_id)
JOIN (SELECT * FROM per_map UNION ALL SELECT * FROM per_rollup) t USING (process_id)
WHERE p.cmdline IS NULL OR p.cmdline <> '';

-- Per mapping name per capture, as `smem -m`: how many processes map it,
-- the sums, and the average PSS per process.  Names are full (smem cuts
-- them at the first space); anonymous mappings are '<anonymous>'.
CREATE VIEW IF NOT EXISTS v_smem_mapping AS
SELECT h.name AS host, p.capture,
       CASE m.path WHEN '' THEN '<anonymous>' ELSE m.path END AS map,
       count(DISTINCT p.process_id) AS pids, count(*) AS count,
       sum(m.swap_bytes) AS swap,
       sum(ifnull(m.private_clean_bytes, 0) + ifnull(m.private_dirty_bytes, 0)) AS uss,
       sum(m.pss_bytes) AS pss, sum(m.rss_bytes) AS rss, sum(m.size_bytes) AS vss,
       sum(m.pss_bytes) / count(DISTINCT p.process_id) AS avgpss,
       sum(ifnull(m.private_clean_bytes, 0) + ifnull(m.private_dirty_bytes, 0))
           / count(DISTINCT p.process_id) AS avguss,
       sum(m.rss_bytes) / count(DISTINCT p.process_id) AS avgrss,
       min(p.ts_us) AS ts_us
FROM mapping m JOIN process p USING (process_id) JOIN host h USING (host_id)
WHERE m.rollup = 0 AND (p.cmdline IS NULL OR p.cmdline <> '')
GROUP BY h.name, p.capture, map;

-- Where smaps_rollup and the per-mapping sums of smaps disagree, per
-- process: each smaps block's Pss is truncated to KiB, so the sum is lower
-- than the rollup by up to 1 KiB per mapping; the two files are also read
-- at different moments, so a busy process differs more.
CREATE VIEW IF NOT EXISTS v_smaps_rollup_diff AS
SELECT s.host, s.capture, s.snapshot, s.pid, s.name, s.ts, s.maps,
       r.pss_bytes AS rollup_pss, s.pss AS smaps_pss, r.pss_bytes - s.pss AS pss_diff,
       r.rss_bytes AS rollup_rss, s.rss AS smaps_rss, r.rss_bytes - s.rss AS rss_diff,
       r.swap_pss_bytes AS rollup_swappss, s.swappss AS smaps_swappss
FROM v_smem s JOIN mapping r ON r.process_id = s.process_id AND r.rollup = 1
WHERE s.basis = 'smaps';

-- How each pid's memory changed between its first and last snapshot on a
-- host: the leak finder (a process whose USS grows).
CREATE VIEW IF NOT EXISTS v_smem_growth AS
WITH snaps AS (
	SELECT host, pid, command, ts_us, uss, pss, rss, swap,
	       row_number() OVER (PARTITION BY host, pid ORDER BY ts_us) AS k,
	       count(*) OVER (PARTITION BY host, pid) AS n
	FROM v_smem WHERE pid IS NOT NULL AND ts_us IS NOT NULL
)
SELECT a.host, a.pid, b.command, a.n AS snapshots,
       strftime('%Y-%m-%d %H:%M:%S', a.ts_us / 1e6, 'unixepoch') AS first_ts,
       strftime('%Y-%m-%d %H:%M:%S', b.ts_us / 1e6, 'unixepoch') AS last_ts,
       a.uss AS first_uss, b.uss AS last_uss, b.uss - a.uss AS uss_growth,
       b.pss - a.pss AS pss_growth, b.rss - a.rss AS rss_growth,
       b.swap - a.swap AS swap_growth
FROM snaps a JOIN snaps b ON a.host = b.host AND a.pid = b.pid AND a.k = 1 AND b.k = b.n
WHERE a.n > 1;

-- Per capture (one snapshot of many processes), the sums over its
-- processes as v_smem counts them, beside the host's RAM: MemTotal and
-- MemAvailable of the host's last meminfo sample at or before the capture
-- (up to 1 s after it, at most 60 s before), else of the first one in the
-- 60 s after it; NULL when none.  The sum of RSS counts a page shared by N
-- processes N times; the sum of PSS counts it once, so pss is what the
-- processes really hold and rss / pss how much sharing inflates RSS.
CREATE VIEW IF NOT EXISTS v_smem_total AS
WITH c AS (
	SELECT p.host_id, s.capture, min(s.ts_us) AS ts_us, count(*) AS processes,
	       sum(s.rss) AS rss, sum(s.pss) AS pss, sum(s.uss) AS uss, sum(s.swap) AS swap
	FROM v_smem s JOIN process p USING (process_id)
	GROUP BY p.host_id, s.capture
)
SELECT h.name AS host, c.host_id, c.capture,
       strftime('%Y-%m-%d %H:%M:%S', c.ts_us / 1e6, 'unixepoch') AS ts, c.ts_us,
       c.processes, c.rss, c.pss, c.uss, c.swap,
       coalesce((SELECT x.value FROM series m JOIN sample x USING (series_id)
                 WHERE m.host_id = c.host_id AND m.metric = 'meminfo.MemTotal' AND m.instance = ''
                   AND x.ts_us BETWEEN c.ts_us - 60000000 AND c.ts_us + 1000000
                 ORDER BY x.ts_us DESC LIMIT 1),
                (SELECT x.value FROM series m JOIN sample x USING (series_id)
                 WHERE m.host_id = c.host_id AND m.metric = 'meminfo.MemTotal' AND m.instance = ''
                   AND x.ts_us > c.ts_us + 1000000 AND x.ts_us <= c.ts_us + 60000000
                 ORDER BY x.ts_us LIMIT 1)) AS mem_total,
       coalesce((SELECT x.value FROM series m JOIN sample x USING (series_id)
                 WHERE m.host_id = c.host_id AND m.metric = 'meminfo.MemAvailable' AND m.instance = ''
                   AND x.ts_us BETWEEN c.ts_us - 60000000 AND c.ts_us + 1000000
                 ORDER BY x.ts_us DESC LIMIT 1),
                (SELECT x.value FROM series m JOIN sample x USING (series_id)
                 WHERE m.host_id = c.host_id AND m.metric = 'meminfo.MemAvailable' AND m.instance = ''
                   AND x.ts_us > c.ts_us + 1000000 AND x.ts_us <= c.ts_us + 60000000
                 ORDER BY x.ts_us LIMIT 1)) AS mem_available
FROM c JOIN host h USING (host_id);
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

-- dump_string (strings engine)
-- How often each printable string occurs in a dump, per region: filled by
-- the rawheap and elfcore importers through importers/strscan.c.  Per
-- dump and region the top 1000 strings by count and the top 1000 by bytes
-- are kept, every count exact; one row with text NULL per region and
-- encoding sums up all the others.  A string is a run of at least 6
-- printable bytes (0x20..0x7e and TAB), as `strings -a -n 6` finds them, so
-- text is always plain ASCII and compares with SQL literals.
CREATE TABLE IF NOT EXISTS dump_string (
	dump_id     INTEGER NOT NULL REFERENCES dump(dump_id),
	segment_id  INTEGER REFERENCES dump_segment(segment_id), -- the segment when the region is exactly one; NULL for 'all' and regions of several segments
	region      TEXT NOT NULL,            -- 'heap' | 'anon' | 'file' | 'stack' (from the segment labels) | 'all' (the whole dump)
	encoding    TEXT NOT NULL,            -- 'ascii' | 'utf16le' (text then holds the low bytes of the UTF-16 units)
	text        TEXT,                     -- the string, exactly its bytes; NULL: every string of this dump, region and encoding not listed
	length      INTEGER NOT NULL,         -- characters; more than length(text) for a run longer than 4096 (kept by its first 4096); 0 for the NULL row
	count       INTEGER NOT NULL,         -- occurrences (NULL row: of all the strings not listed)
	bytes       INTEGER NOT NULL,         -- count * length (* 2 for utf16le)
	exact       INTEGER NOT NULL,         -- 1 when count is exact (always, for the strings engine)
	err_bound   INTEGER NOT NULL          -- when not exact: how far count may be off; NULL row: the most any one unlisted string occurs
);
CREATE INDEX IF NOT EXISTS dump_string_key ON dump_string(dump_id, region, encoding, text);

-- Strings with their dump described.
CREATE VIEW IF NOT EXISTS v_dump_string AS
SELECT d.dump_id, s.path AS source, d.kind, d.pid, d.comm,
       strftime('%Y-%m-%d %H:%M:%S', d.ts_us / 1e6, 'unixepoch') AS ts,
       x.region, x.encoding, x.text, x.length, x.count, x.bytes, x.exact,
       x.err_bound, x.segment_id, d.ts_us
FROM dump_string x JOIN dump d USING (dump_id) JOIN source s USING (source_id);

-- Growth of every string between consecutive dumps of the same process:
-- same host and pid (else same comm; dumps naming neither count as one
-- process per host), in time order (ts_us, then import order).  One row
-- per string listed in the later dump.  count_before is NULL when the
-- earlier dump did not list the string although it may hold it (below its
-- cut): count_before_max then bounds it, and growth_min is a sure lower
-- bound of the growth.
CREATE VIEW IF NOT EXISTS v_heap_growth AS
WITH d AS (
	SELECT dump_id, host_id, pid, comm, ts_us, source_id,
	       COALESCE('pid ' || pid, 'comm ' || comm, '?') AS proc
	FROM dump
), pair AS (
	SELECT a.dump_id AS after_id,
	       (SELECT b.dump_id FROM d b
		WHERE b.host_id IS a.host_id AND b.proc = a.proc
		  AND (COALESCE(b.ts_us, 0), b.source_id, b.dump_id) <
		      (COALESCE(a.ts_us, 0), a.source_id, a.dump_id)
		ORDER BY COALESCE(b.ts_us, 0) DESC, b.source_id DESC, b.dump_id DESC
		LIMIT 1) AS before_id
	FROM d a
), g AS (
	SELECT p.before_id, p.after_id, a.region, a.encoding, a.text, a.length,
	       COALESCE(b.count,
			CASE WHEN r.count IS NULL THEN 0 END) AS count_before,
	       COALESCE(b.count, r.err_bound, 0) AS count_before_max,
	       a.count AS count_after, a.bytes AS bytes_after
	FROM pair p
	JOIN dump_string a ON a.dump_id = p.after_id AND a.text IS NOT NULL
	LEFT JOIN dump_string b ON b.dump_id = p.before_id AND b.region = a.region
		AND b.encoding = a.encoding AND b.text = a.text AND b.length = a.length
	LEFT JOIN dump_string r ON r.dump_id = p.before_id AND r.region = a.region
		AND r.encoding = a.encoding AND r.text IS NULL
	WHERE p.before_id IS NOT NULL
)
SELECT h.name AS host, da.pid, da.comm, g.region, g.encoding, g.text, g.length,
       g.before_id AS before_dump_id, g.after_id AS after_dump_id,
       strftime('%Y-%m-%d %H:%M:%S', db.ts_us / 1e6, 'unixepoch') AS before_ts,
       strftime('%Y-%m-%d %H:%M:%S', da.ts_us / 1e6, 'unixepoch') AS after_ts,
       g.count_before, g.count_before_max, g.count_after,
       g.count_after - g.count_before AS growth,
       g.count_after - g.count_before_max AS growth_min,
       CASE WHEN g.count_before > 0
	    THEN 100.0 * (g.count_after - g.count_before) / g.count_before END
	    AS growth_pct,
       g.bytes_after,
       (g.count_after - g.count_before) * g.length *
	    (CASE g.encoding WHEN 'utf16le' THEN 2 ELSE 1 END) AS bytes_growth
FROM g JOIN dump da ON da.dump_id = g.after_id
JOIN dump db ON db.dump_id = g.before_id
LEFT JOIN host h ON h.host_id = da.host_id;
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
	memcg_kmem_bytes INTEGER,             -- 'kmem: usage ..kB' (cgroup v1): the part of the usage that is kernel memory (slab, stacks, page tables)
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
       o.memcg_usage_bytes, o.memcg_limit_bytes, o.memcg_kmem_bytes,
       t.rss_bytes AS table_rss_bytes,
       (SELECT count(*) FROM oom_task x WHERE x.oom_id = o.oom_id) AS tasks,
       o.source_id, o.line
FROM oom_kill o
LEFT JOIN oom_task t ON t.oom_id = o.oom_id AND t.pid = o.killed_pid;

-- ---- tcpdump (importers/tcpdump.c; analysis src/rules/tcp_stall.c,
-- ---- src/rules/dns_lookup.c) ----

-- One tcpdump text source: how its times were read.
CREATE TABLE IF NOT EXISTS packet_capture (
	source_id   INTEGER PRIMARY KEY,      -- the source (one row per tcpdump text)
	tool        TEXT NOT NULL,            -- 'tcpdump'
	ts_mode     TEXT NOT NULL,            -- 'hms' (default), 'epoch' (-tt), 'delta' (-ttt), 'datetime' (-tttt), 'since_first' (-ttttt), 'none' (-t)
	time_origin TEXT,                     -- how times were anchored (--date, mtime, capture date ...)
	ts_uncertainty_s REAL,                -- how far ts_us may be off: 0 exact, NULL unknown
	link        TEXT,                     -- 'any' (-i any prefixes), 'ether' (-e), NULL
	verbose     INTEGER NOT NULL,         -- 1 when -v output was seen
	packets     INTEGER NOT NULL,         -- packet rows of this source
	raw_packets INTEGER NOT NULL,         -- of which kept raw (not understood)
	first_us    INTEGER,                  -- first packet time
	last_us     INTEGER                   -- last packet time
);

-- A conversation: a TCP connection or UDP 5-tuple, both directions.
CREATE TABLE IF NOT EXISTS flow (
	flow_id     INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL,         -- flows are per source
	proto       TEXT NOT NULL,            -- 'tcp' | 'udp'
	ip_version  INTEGER,                  -- 4 | 6, NULL when names hide it
	a_addr      TEXT NOT NULL,            -- side a: the SYN sender, else the first sender
	a_port      INTEGER,                  -- NULL when printed as a service name
	b_addr      TEXT NOT NULL,            -- side b
	b_port      INTEGER,
	first_us    INTEGER,                  -- its first packet
	line        INTEGER                   -- line of its first packet
);

-- One packet line of tcpdump (a -v pair counts once), parsed or kept raw.
CREATE TABLE IF NOT EXISTS packet (
	packet_id   INTEGER PRIMARY KEY,      -- in input order
	source_id   INTEGER NOT NULL,
	line        INTEGER,                  -- its (first) line
	ts_us       INTEGER,                  -- NULL when the line has no time
	flow_id     INTEGER,                  -- its conversation, NULL for none
	dir         INTEGER,                  -- 0 a->b, 1 b->a (see flow), NULL
	iface       TEXT,                     -- -i any: 'lo', 'eth0'
	direction   TEXT,                     -- -i any: 'In','Out','M','B','P'
	proto       TEXT NOT NULL,            -- 'tcp','udp','icmp','icmp6','arp','ip','ip6', another protocol's name, 'raw'
	ip_version  INTEGER,                  -- 4 | 6
	src         TEXT,                     -- address (or name) as printed
	sport       INTEGER,                  -- NULL when none or a service name
	dst         TEXT,
	dport       INTEGER,
	flags       TEXT,                     -- TCP flags as printed: 'S','S.','P.','F.','R','.'
	seq         INTEGER,                  -- TCP seq as printed (absolute on SYN, relative after)
	seq_end     INTEGER,                  -- end of 'seq A:B' (= seq when no data)
	ack         INTEGER,                  -- TCP ack as printed
	rseq        INTEGER,                  -- seq relative to this direction's ISN
	rack        INTEGER,                  -- ack relative to the other direction's ISN
	seq_abs     INTEGER,                  -- absolute seq, when the SYN-ACK was seen
	ack_abs     INTEGER,                  -- absolute ack, when the SYN-ACK was seen
	win         INTEGER,                  -- window as printed (unscaled)
	len         INTEGER,                  -- payload bytes (TCP/UDP length, DNS size)
	options     TEXT,                     -- TCP options as printed inside [...]
	mss         INTEGER,                  -- MSS option, bytes
	wscale      INTEGER,                  -- window scale option
	ts_val      INTEGER,                  -- TCP timestamp option: TS val
	ts_ecr      INTEGER,                  -- TCP timestamp option: TS ecr
	sack        TEXT,                     -- SACK blocks as printed '{a:b}{c:d}'
	info        TEXT,                     -- undecoded rest (UDP/ICMP text, app data)
	raw         TEXT                      -- the whole text when not understood, else NULL
);
CREATE INDEX IF NOT EXISTS packet_flow ON packet(flow_id, ts_us);

-- One DNS message (query or response) seen in a capture.
CREATE TABLE IF NOT EXISTS dns_message (
	dns_id      INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL,
	line        INTEGER,
	ts_us       INTEGER,
	flow_id     INTEGER,                  -- its UDP conversation
	id          INTEGER NOT NULL,         -- DNS transaction id
	is_response INTEGER NOT NULL,         -- 0 query, 1 response
	qtype       TEXT,                     -- 'A','AAAA','PTR',...; responses: from their query
	name        TEXT,                     -- name asked, no final dot
	rcode       TEXT,                     -- responses: 'NoError','NXDomain','ServFail',...
	flags       TEXT,                     -- as printed: '+' recursion desired, '%' checking disabled, '*' authoritative, '-' no recursion available, '|' truncated
	an          INTEGER,                  -- answer records
	ns          INTEGER,                  -- authority records
	ar          INTEGER,                  -- additional records
	answers     TEXT,                     -- answers as printed: 'A 192.0.2.10'
	client      TEXT,                     -- the asking side
	client_port INTEGER,
	server      TEXT,                     -- the resolver asked
	server_port INTEGER,
	size_bytes  INTEGER                   -- DNS message size
);
CREATE INDEX IF NOT EXISTS dns_message_id ON dns_message(source_id, id);

-- Each query with its first response (same id, client and server), if any.
CREATE VIEW IF NOT EXISTS dns_query AS
SELECT q.dns_id, q.source_id, q.line, q.ts_us,
       strftime('%Y-%m-%d %H:%M:%f', q.ts_us / 1e6, 'unixepoch') AS ts,
       q.id, q.qtype, q.name, q.client, q.client_port, q.server, q.server_port,
       r.rcode, r.answers, r.an, r.ts_us - q.ts_us AS rtt_us, r.line AS response_line
FROM dns_message q
LEFT JOIN dns_message r ON r.dns_id = (
	SELECT min(x.dns_id) FROM dns_message x
	WHERE x.source_id = q.source_id AND x.id = q.id AND x.is_response = 1
	  AND x.client IS q.client AND x.client_port IS q.client_port
	  AND x.server IS q.server AND x.ts_us >= q.ts_us)
WHERE q.is_response = 0;

-- Analysis (tcp_stall_analyze): per-flow TCP figures.
CREATE TABLE IF NOT EXISTS tcp_flow_stats (
	flow_id     INTEGER PRIMARY KEY,
	packets     INTEGER NOT NULL,         -- both directions
	bytes_ab    INTEGER NOT NULL,         -- payload a->b
	bytes_ba    INTEGER NOT NULL,         -- payload b->a
	mss         INTEGER,                  -- smallest MSS option seen (NULL: none)
	rtt_samples INTEGER NOT NULL,         -- data -> ACK pairs measured (no retransmissions)
	rtt_min_us  INTEGER,
	rtt_avg_us  INTEGER,
	rtt_max_us  INTEGER,
	retransmits INTEGER NOT NULL,         -- data segments resending bytes already sent
	max_gap_us  INTEGER,                  -- longest silence between two packets
	stalls      INTEGER NOT NULL,         -- Nagle / delayed-ACK stalls (see tcp_stall)
	stall_us    INTEGER NOT NULL,         -- their delays added up
	duration_us INTEGER                   -- first to last packet
);

-- Analysis: a small segment held back by Nagle until the peer's delayed
-- ACK arrived (the write-write-read stall, ~40 ms on Linux, 200 ms elsewhere).
CREATE TABLE IF NOT EXISTS tcp_stall (
	stall_id    INTEGER PRIMARY KEY,
	flow_id     INTEGER NOT NULL,
	dir         INTEGER NOT NULL,         -- sender of the held segment: 0 a->b, 1 b->a
	ts_us       INTEGER NOT NULL,         -- when the held segment finally left
	line        INTEGER,                  -- its line
	rseq        INTEGER,                  -- its relative seq
	len         INTEGER,                  -- its payload (< MSS)
	delay_us    INTEGER NOT NULL,         -- held: from the previous segment it waited behind to its release
	ack_delay_us INTEGER NOT NULL,        -- the peer's ACK came this long after that previous segment
	prev_line   INTEGER,                  -- line of the segment it waited behind
	ack_line    INTEGER                   -- line of the delayed ACK that released it
);

-- Analysis (dns_lookup_analyze): one name resolution as a client lived it:
-- its search-domain expansions, A/AAAA pairs, retries and timeouts.
CREATE TABLE IF NOT EXISTS dns_lookup (
	lookup_id   INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL,
	client      TEXT,                     -- the asking address
	name        TEXT NOT NULL,            -- the name that was resolved (or the last tried)
	first_us    INTEGER NOT NULL,         -- first query
	last_us     INTEGER NOT NULL,         -- last query or response
	queries     INTEGER NOT NULL,         -- queries sent, retries included
	names_tried TEXT NOT NULL,            -- distinct names asked, in order, ' '-separated
	search_expansions INTEGER NOT NULL,   -- names tried beyond the first (search-list walk)
	qtypes      TEXT NOT NULL,            -- types asked, in first-asked order: 'A AAAA'
	aaaa_first  INTEGER NOT NULL,         -- 1 when AAAA was asked before A
	aaaa_only   INTEGER NOT NULL,         -- 1 when AAAA was asked and A never
	retries     INTEGER NOT NULL,         -- queries repeating an earlier (name, type)
	timeouts    INTEGER NOT NULL,         -- queries never answered
	servers     INTEGER NOT NULL,         -- distinct resolvers asked
	answered    INTEGER NOT NULL,         -- 1 when some answer carried records
	rcode       TEXT,                     -- last response code
	answers     TEXT,                     -- the first answer records
	first_answer_us INTEGER               -- from the first query to the first answer with records
);

-- Stalls with their flows, readable.
CREATE VIEW IF NOT EXISTS v_tcp_stall AS
SELECT s.stall_id, f.source_id, s.flow_id,
       strftime('%Y-%m-%d %H:%M:%f', s.ts_us / 1e6, 'unixepoch') AS ts,
       CASE s.dir WHEN 0 THEN f.a_addr ELSE f.b_addr END AS sender,
       CASE s.dir WHEN 0 THEN f.a_port ELSE f.b_port END AS sender_port,
       CASE s.dir WHEN 0 THEN f.b_addr ELSE f.a_addr END AS receiver,
       CASE s.dir WHEN 0 THEN f.b_port ELSE f.a_port END AS receiver_port,
       s.len, round(s.delay_us / 1000.0, 3) AS delay_ms,
       round(s.ack_delay_us / 1000.0, 3) AS ack_delay_ms, s.line, s.ack_line
FROM tcp_stall s JOIN flow f USING (flow_id);
-- CAPTURES_END

-- ------------------------------------------------------------------
-- analysis: events, findings, causal links (issue 6)
-- ANALYSIS_BEGIN
-- `pmortem analyze` replaces everything in this section on every run.

-- What a detector saw in one series: a spike, a drop, a saturation ...
CREATE TABLE IF NOT EXISTS event (
	event_id    INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,            -- 'spike','step','drop','saturation','growth','ramp','reset';
	                                      -- or a kernel event's kind: 'oom_kill','hung_task',...
	series_id   INTEGER REFERENCES series(series_id), -- NULL for kernel events
	host_id     INTEGER NOT NULL,         -- copied from the series, for joins
	metric      TEXT NOT NULL,            -- copied from the series; 'kernel.KIND' for kernel events
	instance    TEXT NOT NULL,            -- copied from the series; the task's comm for kernel events
	start_us    INTEGER NOT NULL,         -- first sample that was out of line
	end_us      INTEGER NOT NULL,         -- last one
	peak_us     INTEGER NOT NULL,         -- the most extreme sample
	baseline    REAL,                     -- the series' normal level before it (rolling median)
	peak        REAL,                     -- the most extreme value
	magnitude   REAL,                     -- peak - baseline (negative for drops)
	ratio       REAL,                     -- peak / baseline, NULL when baseline is 0
	score       REAL,                     -- how far out of line: |magnitude| / robust spread
	samples     INTEGER NOT NULL,         -- samples inside the event
	detail      TEXT,                     -- e.g. the slope of a growth, per hour; a kernel event's text
	kernel_event_id INTEGER               -- the kernel_event it stands for, NULL for detector events
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
