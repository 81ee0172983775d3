-- name: pagecache_majflt
-- severity: high
-- title: Page cache evicted, then major page faults
-- means: A large part of the page cache (file data the kernel keeps in
--   memory) was dropped, and soon after processes took major faults: they
--   stalled while the disk read back pages that used to be cached.  I/O wait,
--   kswapd scanning and page stealing around the faults are the same story.
-- advice: Find what evicted the cache at that moment: a large sequential read
--   or write (backup, log shipping, a scan), a process whose anonymous memory
--   grew, a cgroup memory limit, or someone running drop_caches.  Keep the hot
--   set resident: move bulk I/O to O_DIRECT or fadvise(DONTNEED), cap the
--   offender with a cgroup, or give the host more memory.

-- Causes: cache drops.  Several sources see the same drop (sar's kbcached,
-- meminfo's Cached and Active(file)): the earliest drop of a host starts a
-- cluster, the others within two minutes are context.  The effect is the
-- largest major-fault spike or step that starts between ten seconds before
-- the drop (sources sample at different moments) and ten minutes after it.
CREATE TEMP TABLE IF NOT EXISTS pc_cause(event_id INTEGER, primary_id INTEGER);
DELETE FROM pc_cause;
INSERT INTO pc_cause
SELECT c.event_id, NULL FROM event c, rule_ctx r
WHERE c.kind = 'drop'
  AND c.metric IN ('meminfo.Cached', 'meminfo.Active(file)', 'memory.cached_bytes')
  AND c.start_us BETWEEN r.from_us AND r.to_us;
-- (the earliest drop of pc_cause's kind on the same host within 120 s
-- before it, found through event_metric (metric, kind, start_us): a
-- range per metric, not a scan of every drop per drop)
UPDATE pc_cause SET primary_id = (
  SELECT p.event_id FROM event c, rule_ctx r, event p
  WHERE c.event_id = pc_cause.event_id
    AND p.metric IN ('meminfo.Cached', 'meminfo.Active(file)', 'memory.cached_bytes')
    AND p.kind = 'drop'
    AND p.start_us BETWEEN c.start_us - 120000000 AND c.start_us
    AND p.start_us BETWEEN r.from_us AND r.to_us
    AND p.host_id = c.host_id
  ORDER BY p.start_us, p.event_id LIMIT 1);

CREATE TEMP TABLE IF NOT EXISTS pc_best(cause INTEGER, effect INTEGER);
DELETE FROM pc_best;
INSERT INTO pc_best
SELECT c.event_id,
       (SELECT e.event_id FROM event e
        WHERE e.host_id = c.host_id AND e.kind IN ('spike', 'step')
          AND e.metric = 'paging.majflt_per_s'
          AND e.start_us BETWEEN c.start_us - 10000000 AND c.end_us + 600000000
        ORDER BY e.peak DESC, e.start_us LIMIT 1)
FROM pc_cause p JOIN event c ON c.event_id = p.event_id
WHERE p.primary_id = p.event_id;
DELETE FROM pc_best WHERE effect IS NULL;
CREATE TEMP TABLE IF NOT EXISTS pc_pair(cause INTEGER, effect INTEGER);
DELETE FROM pc_pair;
INSERT INTO pc_pair SELECT p.event_id, b.effect FROM pc_cause p
JOIN pc_best b ON b.cause = p.primary_id;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'majflt:' || e.event_id, r.severity, r.title,
       printf('%s fell from %s to %s (-%d%%) within %s; %s it began, '
              || 'major faults rose from %s to %s',
              c.metric, pm_human(c.baseline, 'bytes'), pm_human(c.peak, 'bytes'),
              CAST(round(100.0 * (c.baseline - c.peak) / c.baseline) AS INTEGER),
              pm_human((c.end_us - c.start_us) / 1e6, 's'),
              CASE WHEN e.start_us >= c.start_us
                   THEN pm_human((e.start_us - c.start_us) / 1e6, 's') || ' after'
                   ELSE pm_human((c.start_us - e.start_us) / 1e6, 's') || ' before' END,
              pm_human(e.baseline, 'per_s'), pm_human(e.peak, 'per_s')),
       r.advice, c.host_id, c.start_us, e.end_us,
       e.score,
       printf('SELECT ts, metric, instance, value FROM v_sample WHERE '
              || 'metric IN (%Q, ''paging.majflt_per_s'', ''cpu.iowait_pct'') '
              || 'AND ts_us BETWEEN %d AND %d ORDER BY ts_us, metric',
              c.metric, c.start_us - 300000000, e.end_us + 300000000)
FROM pc_best b JOIN event c ON c.event_id = b.cause
JOIN event e ON e.event_id = b.effect, rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'cause', c.event_id, c.series_id, 'page cache drop'
FROM pc_best b JOIN event c ON c.event_id = b.cause
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || b.effect;
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'effect', e.event_id, e.series_id, 'major faults'
FROM pc_best b JOIN event e ON e.event_id = b.effect
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || b.effect;
-- the other views of the same drop (meminfo and sar both saw it)
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'context', p.cause, c.series_id, 'the same drop seen by another source'
FROM pc_pair p JOIN pc_best b ON b.effect = p.effect AND b.cause <> p.cause
JOIN event c ON c.event_id = p.cause
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || p.effect;

INSERT INTO causal_link(finding_id, cause_event_id, effect_event_id, lag_s, strength, note)
SELECT f.finding_id, b.cause, b.effect, (e.start_us - c.start_us) / 1e6,
       CASE WHEN e.start_us >= c.start_us THEN 0.8 ELSE 0.5 END,
       'evicted pages are read back from disk'
FROM pc_best b JOIN event c ON c.event_id = b.cause JOIN event e ON e.event_id = b.effect
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || b.effect;

-- Supporting effects of the faults: I/O wait, kswapd scanning, page stealing
-- starting within two minutes of the fault spike (kswapd's scanning may
-- well come first: it is how the cache drops); I/O wait only from when the
-- cache began to drop (wait that was there already has another cause).
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'effect', s.event_id, s.series_id, s.metric
FROM pc_best b JOIN event e ON e.event_id = b.effect
JOIN event c ON c.event_id = b.cause
JOIN event s ON s.host_id = e.host_id AND s.kind IN ('spike', 'step')
  AND s.metric IN ('cpu.iowait_pct', 'paging.pgscank_per_s', 'paging.pgsteal_per_s',
                   'vmstat.pgscan_kswapd_per_s', 'vmstat.pgsteal_kswapd_per_s')
  AND (s.instance IN ('', 'all'))
  AND s.start_us BETWEEN CASE WHEN s.metric = 'cpu.iowait_pct'
                              THEN max(e.start_us - 120000000, c.start_us)
                              ELSE e.start_us - 120000000 END AND e.end_us
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || b.effect;
INSERT INTO causal_link(finding_id, cause_event_id, effect_event_id, lag_s, strength, note)
SELECT f.finding_id, e.event_id, s.event_id, (s.start_us - e.start_us) / 1e6, 0.6,
       'tasks wait on the disk reads'
FROM pc_best b JOIN event e ON e.event_id = b.effect
JOIN event c ON c.event_id = b.cause
JOIN event s ON s.host_id = e.host_id AND s.kind IN ('spike', 'step')
  AND s.metric = 'cpu.iowait_pct' AND s.instance IN ('', 'all')
  AND s.start_us BETWEEN max(e.start_us - 120000000, c.start_us) AND e.end_us
JOIN finding f ON f.rule = 'pagecache_majflt' AND f.key = 'majflt:' || b.effect;

-- @explain
-- Cache drops the detectors found, and the first fault spike near each.
SELECT c.event_id, c.metric, pm_ts(c.start_us) AS drop_start,
       pm_human(c.baseline, 'bytes') AS before, pm_human(c.peak, 'bytes') AS after,
       (SELECT pm_ts(e.start_us) || ' ' || e.kind FROM event e
        WHERE e.host_id = c.host_id AND e.metric = 'paging.majflt_per_s'
          AND e.kind IN ('spike', 'step')
          AND e.start_us BETWEEN c.start_us - 10000000 AND c.end_us + 600000000
        ORDER BY e.peak DESC, e.start_us LIMIT 1) AS fault_spike
FROM event c
WHERE c.kind = 'drop'
  AND c.metric IN ('meminfo.Cached', 'meminfo.Active(file)', 'memory.cached_bytes');
-- Every fault event, fired or not.
SELECT event_id, kind, pm_ts(start_us) AS start, pm_human(baseline, 'per_s') AS before,
       pm_human(peak, 'per_s') AS peak, round(score, 1) AS score
FROM event WHERE metric = 'paging.majflt_per_s' ORDER BY start_us;
