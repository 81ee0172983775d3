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
-- PROC_END

-- ------------------------------------------------------------------
-- dumps: cores, heap dumps, strings (issue 4)
-- DUMPS_BEGIN
-- DUMPS_END

-- ------------------------------------------------------------------
-- captures: tcpdump, strace, kernel logs (issue 5)
-- CAPTURES_BEGIN
-- CAPTURES_END

-- ------------------------------------------------------------------
-- analysis: events, findings, causal links (issue 6)
-- ANALYSIS_BEGIN
-- ANALYSIS_END
