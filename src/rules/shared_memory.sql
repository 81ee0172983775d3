-- name: shared_memory
-- severity: medium
-- title: RSS adds up to more than the host has: shared pages counted per process
-- means: Summed over processes, RSS came to more than the host's RAM (or
--   to more than the memory actually in use) while the sum of PSS fits.
--   RSS counts a shared page in every process that maps it (a database's
--   shared buffers, a forking server's shared segment, a memfd or
--   /dev/shm file); PSS divides it among them, so the sum of PSS is what
--   the processes really hold.  The mapping shared the most is named, and
--   so is the process whose unique memory (USS) grew between snapshots:
--   that one is growing, not the ones whose RSS merely maps more of the
--   shared segment.
-- advice: Stop adding RSS: rank by PSS and watch USS (pmortem smem, or smem
--   -s pss).  If memory is really short, look at the named USS grower
--   first (pmortem smem --growth, a heap dump), and size the shared
--   segment itself (Shmem in meminfo) separately.  Alerts and cgroup
--   accounting built on summed RSS should move to PSS or to the cgroup's
--   own usage.

-- captures whose RSS sum says more than the host can hold, while PSS fits
CREATE TEMP TABLE IF NOT EXISTS shm_cap(host_id INTEGER, capture TEXT, ts_us INTEGER,
	processes INTEGER, rss INTEGER, pss INTEGER, uss INTEGER, mem_total INTEGER,
	mem_used INTEGER, over TEXT);
DELETE FROM shm_cap;
INSERT INTO shm_cap
SELECT t.host_id, t.capture, t.ts_us, t.processes, t.rss, t.pss, t.uss, t.mem_total,
       t.mem_total - t.mem_available,
       CASE WHEN t.rss > t.mem_total THEN 'RAM' ELSE 'memory in use' END
FROM v_smem_total t, rule_ctx r
WHERE t.ts_us BETWEEN r.from_us AND r.to_us
  AND t.mem_total > 0 AND t.pss > 0
  AND t.rss >= 2 * t.pss               -- sharing at least doubles RSS
  AND t.pss <= t.mem_total             -- and PSS fits
  AND (t.rss > t.mem_total             -- more than the host has, or
       OR t.rss > 1.5 * (t.mem_total - t.mem_available));  -- well past what is in use

-- per host: the capture where RSS claimed the most, the one most shared
-- mapping there, and the processes ranked by USS growth between the first
-- and the last snapshot up to it
CREATE TEMP TABLE IF NOT EXISTS shm_host(host_id INTEGER, capture TEXT, ts_us INTEGER,
	first_us INTEGER, last_us INTEGER, captures INTEGER);
DELETE FROM shm_host;
INSERT INTO shm_host
SELECT c.host_id,
       (SELECT c2.capture FROM shm_cap c2 WHERE c2.host_id = c.host_id
        ORDER BY c2.rss * 1.0 / c2.mem_total DESC, c2.ts_us LIMIT 1),
       NULL, min(c.ts_us), max(c.ts_us), count(*)
FROM shm_cap c GROUP BY c.host_id;
UPDATE shm_host SET ts_us = (SELECT ts_us FROM shm_cap c WHERE c.host_id = shm_host.host_id
                             AND c.capture = shm_host.capture);

CREATE TEMP TABLE IF NOT EXISTS shm_grow(host_id INTEGER, pid INTEGER, name TEXT,
	process_id INTEGER, from_us INTEGER, to_us INTEGER, uss_growth INTEGER,
	rss_growth INTEGER, uss_rank INTEGER, rss_rank INTEGER);
DELETE FROM shm_grow;
INSERT INTO shm_grow
WITH snaps AS (
	SELECT p.host_id, s.pid, s.name, s.process_id, s.ts_us, s.uss, s.rss,
	       row_number() OVER (PARTITION BY p.host_id, s.pid ORDER BY s.ts_us) AS k,
	       count(*) OVER (PARTITION BY p.host_id, s.pid) AS n
	FROM v_smem s JOIN process p USING (process_id) JOIN shm_host h ON h.host_id = p.host_id
	WHERE s.pid IS NOT NULL AND s.ts_us IS NOT NULL AND s.ts_us <= h.last_us
), g AS (
	SELECT a.host_id, a.pid, b.name, b.process_id, a.ts_us AS from_us, b.ts_us AS to_us,
	       b.uss - a.uss AS uss_growth, b.rss - a.rss AS rss_growth
	FROM snaps a JOIN snaps b ON a.host_id = b.host_id AND a.pid = b.pid
	 AND a.k = 1 AND b.k = b.n AND b.n > 1
)
SELECT g.*, row_number() OVER (PARTITION BY host_id ORDER BY uss_growth DESC, pid),
       row_number() OVER (PARTITION BY host_id ORDER BY rss_growth DESC, pid)
FROM g;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'shm:' || h.host_id, r.severity, r.title,
       printf('%d processes add up to %s of RSS, above the %s (%s) but only %s of PSS '
              || '(RSS %.1fx PSS) at %s',
              c.processes, pm_human(c.rss, 'bytes'),
              CASE c.over WHEN 'RAM' THEN 'host''s RAM' ELSE 'memory in use' END,
              pm_human(CASE c.over WHEN 'RAM' THEN c.mem_total ELSE c.mem_used END, 'bytes'),
              pm_human(c.pss, 'bytes'), c.rss * 1.0 / c.pss, pm_ts(c.ts_us))
       || coalesce((SELECT printf('; %s is mapped by %d processes: %s of RSS for %s of PSS',
                                  m.map, m.pids, pm_human(m.rss, 'bytes'),
                                  pm_human(m.pss, 'bytes'))
                    FROM v_smem_mapping m WHERE m.capture = c.capture
                    ORDER BY m.rss - m.pss DESC LIMIT 1), '')
       || coalesce((SELECT printf('; the real grower is %s (pid %d): USS %s%s between %s and %s',
                                  coalesce(g.name, '?'), g.pid,
                                  CASE WHEN g.uss_growth >= 0 THEN '+' ELSE '-' END,
                                  pm_human(abs(g.uss_growth), 'bytes'),
                                  pm_ts(g.from_us), pm_ts(g.to_us))
                    FROM shm_grow g WHERE g.host_id = h.host_id AND g.uss_rank = 1
                    AND g.uss_growth > 0), '')
       || coalesce((SELECT printf('; pid %d''s RSS grew most (+%s) but its USS only %s%s: '
                                  || 'it mapped more shared pages',
                                  x.pid, pm_human(x.rss_growth, 'bytes'),
                                  CASE WHEN x.uss_growth >= 0 THEN '+' ELSE '-' END,
                                  pm_human(abs(x.uss_growth), 'bytes'))
                    FROM shm_grow x JOIN shm_grow u ON u.host_id = x.host_id AND u.uss_rank = 1
                    WHERE x.host_id = h.host_id AND x.rss_rank = 1 AND x.pid <> u.pid
                    AND x.rss_growth > 0 AND x.uss_growth * 4 < x.rss_growth), ''),
       r.advice, h.host_id, h.first_us, h.last_us,
       c.rss * 1.0 / c.pss,
       printf('SELECT * FROM v_smem_total WHERE host_id = %d ORDER BY ts_us; '
              || 'SELECT map, pids, rss, pss FROM v_smem_mapping WHERE capture = %Q '
              || 'ORDER BY rss - pss DESC LIMIT 5; '
              || 'SELECT pid, command, first_uss, last_uss, uss_growth, rss_growth '
              || 'FROM v_smem_growth ORDER BY uss_growth DESC LIMIT 5',
              h.host_id, c.capture)
FROM shm_host h JOIN shm_cap c ON c.host_id = h.host_id AND c.capture = h.capture, rule_ctx r;

-- evidence: the grower (cause), the capture's most shared mapping (context)
INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'cause', 'process', g.process_id,
       printf('USS grew by %d bytes (RSS by %d)', g.uss_growth, g.rss_growth)
FROM finding f JOIN shm_grow g ON f.key = 'shm:' || g.host_id
WHERE f.rule = 'shared_memory' AND g.uss_rank = 1 AND g.uss_growth > 0;
INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'context', 'mapping',
       (SELECT m.mapping_id FROM mapping m JOIN process p USING (process_id)
        WHERE p.capture = h.capture AND p.host_id = h.host_id AND m.rollup = 0
        ORDER BY ifnull(m.rss_bytes, 0) - ifnull(m.pss_bytes, 0) DESC LIMIT 1),
       'the mapping whose pages RSS counts most often'
FROM finding f JOIN shm_host h ON f.key = 'shm:' || h.host_id
WHERE f.rule = 'shared_memory';

-- @explain
SELECT ts, capture, processes, pm_human(rss, 'bytes') AS rss, pm_human(pss, 'bytes') AS pss,
       pm_human(uss, 'bytes') AS uss, pm_human(mem_total, 'bytes') AS ram,
       pm_human(mem_total - mem_available, 'bytes') AS in_use,
       round(rss * 1.0 / pss, 1) AS rss_over_pss,
       rss >= 2 * pss AND pss <= mem_total
       AND (rss > mem_total OR rss > 1.5 * (mem_total - mem_available)) AS fires
FROM v_smem_total ORDER BY host, ts_us;
SELECT pid, command, pm_human(uss_growth, 'bytes') AS uss_growth,
       pm_human(rss_growth, 'bytes') AS rss_growth
FROM v_smem_growth ORDER BY uss_growth DESC LIMIT 5;
