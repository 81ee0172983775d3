-- name: disk_saturation_reclaim
-- severity: medium
-- title: Disk saturated, then the kernel reclaimed page cache
-- means: A device ran at or near 100 % utilization, and soon after kswapd
--   started scanning and stealing pages: fast reads through the page cache
--   filled memory and pushed other files' pages out, or the device could
--   not keep up with writeback.  (A cache that shrinks without kswapd
--   scanning, e.g. drop_caches, is not reclaim and does not count.)
-- advice: Find the reader or writer on that device at that time (iotop
--   history, application logs); move bulk transfers to O_DIRECT or
--   rate-limit them (ionice, cgroup io.max), and check whether the device
--   is simply too slow for the load.

CREATE TEMP TABLE IF NOT EXISTS dsr_pair(cause INTEGER, effect INTEGER);
DELETE FROM dsr_pair;
INSERT INTO dsr_pair
SELECT c.event_id,
       (SELECT e.event_id FROM event e
        WHERE e.host_id = c.host_id
          AND e.kind IN ('spike', 'step') AND e.metric IN (
                 'paging.pgscank_per_s', 'paging.pgsteal_per_s',
                 'vmstat.pgscan_kswapd_per_s', 'vmstat.pgsteal_kswapd_per_s')
          AND e.start_us BETWEEN c.start_us AND c.end_us + 300000000
        ORDER BY e.start_us LIMIT 1)
FROM event c, rule_ctx r
WHERE c.kind = 'saturation' AND c.metric = 'disk.util_pct'
  AND c.start_us BETWEEN r.from_us AND r.to_us;
DELETE FROM dsr_pair WHERE effect IS NULL;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'dsr:' || c.event_id, r.severity, r.title,
       printf('%s was saturated for %s (peak %s busy); %s after it saturated, %s %s from %s to %s',
              c.instance, pm_human((c.end_us - c.start_us) / 1e6, 's'), pm_human(c.peak, 'pct'),
              pm_human((e.start_us - c.start_us) / 1e6, 's'), e.metric,
              'rose',
              pm_human(e.baseline, s.unit), pm_human(e.peak, s.unit)),
       r.advice, c.host_id, c.start_us, max(c.end_us, e.end_us), c.samples,
       printf('SELECT ts, metric, instance, value FROM v_sample WHERE '
              || '((metric = ''disk.util_pct'' AND instance = %Q) OR metric = %Q) '
              || 'AND ts_us BETWEEN %d AND %d ORDER BY ts_us, metric',
              c.instance, e.metric, c.start_us - 120000000, e.end_us + 120000000)
FROM dsr_pair p JOIN event c ON c.event_id = p.cause
JOIN event e ON e.event_id = p.effect JOIN series s ON s.series_id = e.series_id,
     rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'cause', c.event_id, c.series_id, 'device saturation'
FROM dsr_pair p JOIN event c ON c.event_id = p.cause
JOIN finding f ON f.rule = 'disk_saturation_reclaim' AND f.key = 'dsr:' || p.cause;
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'effect', e.event_id, e.series_id, 'reclaim'
FROM dsr_pair p JOIN event e ON e.event_id = p.effect
JOIN finding f ON f.rule = 'disk_saturation_reclaim' AND f.key = 'dsr:' || p.cause;
INSERT INTO causal_link(finding_id, cause_event_id, effect_event_id, lag_s, strength, note)
SELECT f.finding_id, p.cause, p.effect, (e.start_us - c.start_us) / 1e6, 0.6,
       'reads through the page cache fill memory; kswapd reclaims'
FROM dsr_pair p JOIN event c ON c.event_id = p.cause JOIN event e ON e.event_id = p.effect
JOIN finding f ON f.rule = 'disk_saturation_reclaim' AND f.key = 'dsr:' || p.cause;

-- @explain
SELECT event_id, instance AS device, pm_ts(start_us) AS start, pm_ts(end_us) AS "end",
       samples, peak FROM event WHERE kind = 'saturation' AND metric = 'disk.util_pct';
SELECT event_id, kind, metric, pm_ts(start_us) AS start FROM event
WHERE metric IN ('paging.pgscank_per_s', 'paging.pgsteal_per_s', 'meminfo.Cached',
                 'memory.cached_bytes', 'vmstat.pgscan_kswapd_per_s')
ORDER BY start_us;
