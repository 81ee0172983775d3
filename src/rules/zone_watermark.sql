-- name: zone_watermark
-- severity: high
-- title: A memory zone fell below its low watermark, and kswapd reclaimed
-- means: The free memory of one zone (zoneinfo "pages free") sank under the
--   zone's low watermark: the point where the kernel wakes kswapd to reclaim
--   page cache and, with swap, anonymous memory.  Under "min" allocating
--   tasks reclaim themselves (direct reclaim) and stall.  The machine as a
--   whole may still look fine: other zones keep memory free, and kswapd
--   only wakes when every zone an allocation may use is short.
-- advice: Find what filled memory at that moment (a bulk read filling the
--   page cache, an anonymous grower: see the other findings and
--   pmortem smem), and check vm.watermark_scale_factor and
--   vm.min_free_kbytes: raised watermarks make kswapd start earlier and
--   keep more free.  If direct reclaim shows (paging.pgscand_per_s), the
--   latency of allocating tasks suffered.

-- Every zoneinfo snapshot of a zone that has memory, with its watermarks.
CREATE TEMP TABLE IF NOT EXISTS zw_sample(host_id INTEGER, instance TEXT, ts_us INTEGER,
                                          free REAL, low REAL, min REAL, below INTEGER);
DELETE FROM zw_sample;
INSERT INTO zw_sample
SELECT f.host_id, f.instance, x.ts_us, x.value, l.value,
       (SELECT m.value FROM series ms JOIN sample m ON m.series_id = ms.series_id
        WHERE ms.host_id = f.host_id AND ms.instance = f.instance
          AND ms.metric = 'zoneinfo.min_bytes' AND m.ts_us = x.ts_us),
       x.value < l.value
FROM series f JOIN sample x ON x.series_id = f.series_id
JOIN series ls ON ls.host_id = f.host_id AND ls.instance = f.instance
  AND ls.metric = 'zoneinfo.low_bytes'
JOIN sample l ON l.series_id = ls.series_id AND l.ts_us = x.ts_us, rule_ctx r
WHERE f.metric = 'zoneinfo.free_bytes' AND x.ts_us BETWEEN r.from_us AND r.to_us
  -- an empty zone (Movable, Device: no pages) is always "below" its watermark
  AND NOT EXISTS (SELECT 1 FROM series gs JOIN sample g ON g.series_id = gs.series_id
                  WHERE gs.host_id = f.host_id AND gs.instance = f.instance
                    AND gs.metric = 'zoneinfo.managed_bytes' AND g.ts_us = x.ts_us
                    AND g.value = 0)
  AND EXISTS (SELECT 1 FROM sample y WHERE y.series_id = f.series_id AND y.value > 0);

-- Runs of consecutive snapshots below low (two or more: one snapshot at
-- the edge is the kernel doing its job).
CREATE TEMP TABLE IF NOT EXISTS zw_run(host_id INTEGER, instance TEXT, start_us INTEGER,
    end_us INTEGER, samples INTEGER, worst_us INTEGER, worst_free REAL, worst_low REAL,
    worst_min REAL, below_min INTEGER, next_us INTEGER);
DELETE FROM zw_run;
INSERT INTO zw_run
SELECT host_id, instance, min(ts_us), max(ts_us), count(*),
       NULL, NULL, NULL, NULL, sum(free <= min), NULL
FROM (SELECT *, sum(NOT below) OVER (PARTITION BY host_id, instance ORDER BY ts_us) AS grp
      FROM zw_sample)
WHERE below GROUP BY host_id, instance, grp HAVING count(*) >= 2;
UPDATE zw_run SET worst_us = (SELECT s.ts_us FROM zw_sample s
    WHERE s.host_id = zw_run.host_id AND s.instance = zw_run.instance
      AND s.ts_us BETWEEN zw_run.start_us AND zw_run.end_us
    ORDER BY s.low - s.free DESC, s.ts_us LIMIT 1);
UPDATE zw_run SET (worst_free, worst_low, worst_min) = (SELECT s.free, s.low, s.min
    FROM zw_sample s WHERE s.host_id = zw_run.host_id AND s.instance = zw_run.instance
      AND s.ts_us = zw_run.worst_us),
  next_us = (SELECT min(s.ts_us) FROM zw_sample s WHERE s.host_id = zw_run.host_id
      AND s.instance = zw_run.instance AND s.ts_us > zw_run.end_us);

-- kswapd (or direct reclaim) at work from the start of the run to a minute
-- after it: the sample with the highest scan rate, and the first >= 1000/s.
CREATE TEMP TABLE IF NOT EXISTS zw_kswapd(run_rowid INTEGER, series_id INTEGER, metric TEXT,
    first_us INTEGER, peak_us INTEGER, peak REAL);
DELETE FROM zw_kswapd;
INSERT INTO zw_kswapd
SELECT z.rowid, s.series_id, s.metric,
       (SELECT min(x.ts_us) FROM sample x WHERE x.series_id = s.series_id
        AND x.ts_us BETWEEN z.start_us - 2000000 AND z.end_us + 60000000 AND x.value >= 1000),
       NULL, NULL
FROM zw_run z JOIN series s ON s.host_id = z.host_id
WHERE s.metric IN ('paging.pgscank_per_s', 'vmstat.pgscan_kswapd_per_s',
                   'paging.pgscand_per_s');
DELETE FROM zw_kswapd WHERE first_us IS NULL;
UPDATE zw_kswapd SET (peak_us, peak) = (SELECT x.ts_us, x.value FROM sample x, zw_run z
    WHERE z.rowid = zw_kswapd.run_rowid AND x.series_id = zw_kswapd.series_id
      AND x.ts_us BETWEEN z.start_us - 2000000 AND z.end_us + 60000000
    ORDER BY x.value DESC, x.ts_us LIMIT 1);

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'zw:' || z.instance || ':' || z.start_us,
       CASE WHEN z.below_min > 0 THEN 'critical' ELSE r.severity END, r.title,
       printf('%s had less free memory than its low watermark from %s for %s '
              || '(%d samples): at worst (%s) %s free against low %s, %s below it '
              || '(min %s)%s; %s peaked at %s/s %s',
              z.instance, pm_ts(z.start_us),
              pm_human((coalesce(z.next_us, z.end_us) - z.start_us) / 1e6, 's'), z.samples,
              pm_ts(z.worst_us), pm_human(z.worst_free, 'bytes'),
              pm_human(z.worst_low, 'bytes'), pm_human(z.worst_low - z.worst_free, 'bytes'),
              pm_human(z.worst_min, 'bytes'),
              CASE WHEN z.below_min > 0 THEN printf(', at or below min in %d samples',
                                                     z.below_min) ELSE '' END,
              CASE k.metric WHEN 'paging.pgscand_per_s' THEN 'direct reclaim scanning'
                   ELSE 'kswapd scanning' END,
              printf('%.0f', k.peak),
              CASE WHEN k.peak_us >= z.end_us
                   THEN pm_human((k.peak_us - z.end_us) / 1e6, 's') || ' after the last sample below low'
                   ELSE 'while it was below low' END),
       r.advice, z.host_id, z.start_us, max(z.end_us, k.peak_us),
       (z.worst_low - z.worst_free) / z.worst_low * z.samples,
       printf('SELECT ts, metric, instance, value FROM v_sample WHERE '
              || '((metric IN (''zoneinfo.free_bytes'', ''zoneinfo.low_bytes'', '
              || '''zoneinfo.min_bytes'') AND instance = %Q) OR metric = %Q) '
              || 'AND ts_us BETWEEN %d AND %d ORDER BY ts_us, metric',
              z.instance, k.metric, z.start_us - 10000000, max(z.end_us, k.peak_us) + 10000000)
FROM zw_run z JOIN zw_kswapd k ON k.rowid = (SELECT q.rowid FROM zw_kswapd q
    WHERE q.run_rowid = z.rowid ORDER BY q.peak DESC, q.metric LIMIT 1), rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, series_id, note)
SELECT f.finding_id, 'cause', s.series_id, 'free pages of the zone'
FROM zw_run z JOIN series s ON s.host_id = z.host_id AND s.instance = z.instance
  AND s.metric = 'zoneinfo.free_bytes'
JOIN finding f ON f.rule = 'zone_watermark' AND f.key = 'zw:' || z.instance || ':' || z.start_us;
INSERT INTO finding_evidence(finding_id, role, series_id, note)
SELECT f.finding_id, 'effect', k.series_id, 'reclaim scanning'
FROM zw_run z JOIN zw_kswapd k ON k.run_rowid = z.rowid
JOIN finding f ON f.rule = 'zone_watermark' AND f.key = 'zw:' || z.instance || ':' || z.start_us;
-- the detectors' own view: a drop of the zone's free memory, a scan spike
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'context', e.event_id, e.series_id, e.kind || ' of ' || e.metric
FROM zw_run z JOIN finding f ON f.rule = 'zone_watermark'
  AND f.key = 'zw:' || z.instance || ':' || z.start_us
JOIN event e ON e.host_id = z.host_id
  AND ((e.metric = 'zoneinfo.free_bytes' AND e.instance = z.instance AND e.kind = 'drop')
       OR (e.metric IN ('paging.pgscank_per_s', 'paging.pgsteal_per_s')
           AND e.kind IN ('spike', 'step')))
  AND e.start_us BETWEEN z.start_us - 60000000 AND z.end_us + 60000000;

-- @explain
-- Every zone: its snapshots, how many were below low, the deepest.
SELECT f.instance, count(*) AS samples, sum(x.value < l.value) AS below_low,
       pm_human(min(x.value), 'bytes') AS min_free, pm_human(max(l.value), 'bytes') AS max_low,
       pm_human(max(l.value - x.value), 'bytes') AS deepest_below_low
FROM series f JOIN sample x ON x.series_id = f.series_id
JOIN series ls ON ls.host_id = f.host_id AND ls.instance = f.instance
  AND ls.metric = 'zoneinfo.low_bytes'
JOIN sample l ON l.series_id = ls.series_id AND l.ts_us = x.ts_us
WHERE f.metric = 'zoneinfo.free_bytes' GROUP BY f.host_id, f.instance ORDER BY f.instance;
-- Snapshots below low, one row each (a finding needs two in a row and
-- reclaim scanning >= 1000 pages/s within a minute of them).
SELECT f.instance, pm_ts(x.ts_us) AS ts, pm_human(x.value, 'bytes') AS free,
       pm_human(l.value, 'bytes') AS low,
       (SELECT printf('%.0f', max(k.value)) FROM series ks JOIN sample k
        ON k.series_id = ks.series_id WHERE ks.host_id = f.host_id
          AND ks.metric = 'paging.pgscank_per_s'
          AND k.ts_us BETWEEN x.ts_us - 2000000 AND x.ts_us + 60000000) AS kswapd_scan_next_minute
FROM series f JOIN sample x ON x.series_id = f.series_id
JOIN series ls ON ls.host_id = f.host_id AND ls.instance = f.instance
  AND ls.metric = 'zoneinfo.low_bytes'
JOIN sample l ON l.series_id = ls.series_id AND l.ts_us = x.ts_us
WHERE f.metric = 'zoneinfo.free_bytes' AND x.value < l.value AND x.value > 0
ORDER BY f.instance, x.ts_us LIMIT 200;
