-- name: buddy_fragmentation
-- severity: medium
-- title: Free memory fragmented: almost none left in blocks of 64 kB and up
-- means: buddyinfo showed a zone whose free memory sat almost all in small
--   blocks (4 to 32 kB): at least 75 % of it was unusable for an order-4
--   (64 kB) allocation, for three samples or more.  Allocations of
--   contiguous memory (huge pages, network buffers, some drivers, large
--   page-cache folios) then fail, or wait for compaction and reclaim, even
--   though "free" looks ample.
-- advice: Look for what pins memory in scattered pages (many small
--   long-lived allocations, a process freeing every other page), check
--   vm.compaction_proactiveness and vm.extfrag_threshold (compaction off or
--   discouraged), and watch compact_stall / compact_fail in /proc/vmstat;
--   echo 1 > /proc/sys/vm/compact_memory compacts now.

CREATE TEMP TABLE IF NOT EXISTS bf_sample(host_id INTEGER, instance TEXT, ts_us INTEGER,
                                          unusable REAL, free REAL, ge4 REAL, bad INTEGER);
DELETE FROM bf_sample;
INSERT INTO bf_sample
SELECT u.host_id, u.instance, x.ts_us, x.value, f.value,
       (SELECT g.value FROM series gs JOIN sample g ON g.series_id = gs.series_id
        WHERE gs.host_id = u.host_id AND gs.instance = u.instance
          AND gs.metric = 'buddyinfo.free_bytes_order_ge4' AND g.ts_us = x.ts_us),
       -- ignore a zone with almost nothing free: that is a shortage, not
       -- fragmentation (zone_watermark tells it)
       x.value >= 75 AND f.value >= 256.0 * 1024 * 1024
FROM series u JOIN sample x ON x.series_id = u.series_id
JOIN series fs ON fs.host_id = u.host_id AND fs.instance = u.instance
  AND fs.metric = 'buddyinfo.free_bytes'
JOIN sample f ON f.series_id = fs.series_id AND f.ts_us = x.ts_us, rule_ctx r
WHERE u.metric = 'buddyinfo.unusable_pct_order4' AND x.ts_us BETWEEN r.from_us AND r.to_us;

CREATE TEMP TABLE IF NOT EXISTS bf_run(host_id INTEGER, instance TEXT, start_us INTEGER,
    end_us INTEGER, samples INTEGER, worst_us INTEGER, next_us INTEGER);
DELETE FROM bf_run;
INSERT INTO bf_run
SELECT host_id, instance, min(ts_us), max(ts_us), count(*), NULL, NULL
FROM (SELECT *, sum(NOT bad) OVER (PARTITION BY host_id, instance ORDER BY ts_us) AS grp
      FROM bf_sample)
WHERE bad GROUP BY host_id, instance, grp HAVING count(*) >= 3;
UPDATE bf_run SET
  worst_us = (SELECT s.ts_us FROM bf_sample s WHERE s.host_id = bf_run.host_id
      AND s.instance = bf_run.instance AND s.ts_us BETWEEN bf_run.start_us AND bf_run.end_us
      ORDER BY s.unusable DESC, s.ts_us LIMIT 1),
  next_us = (SELECT min(s.ts_us) FROM bf_sample s WHERE s.host_id = bf_run.host_id
      AND s.instance = bf_run.instance AND s.ts_us > bf_run.end_us);

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'bf:' || b.instance || ':' || b.start_us, r.severity, r.title,
       printf('%s: from %s for %s (%d samples) at least 75%% of free memory was in '
              || 'blocks under 64 kB; at worst (%s) %s free, only %s of it in order >= 4 '
              || 'blocks (%.1f%% unusable)%s',
              b.instance, pm_ts(b.start_us),
              pm_human((coalesce(b.next_us, b.end_us) - b.start_us) / 1e6, 's'), b.samples,
              pm_ts(s.ts_us), pm_human(s.free, 'bytes'), pm_human(s.ge4, 'bytes'), s.unusable,
              coalesce((SELECT printf('; kswapd scanning peaked at %.0f/s within a minute',
                                      max(k.value))
                        FROM series ks JOIN sample k ON k.series_id = ks.series_id
                        WHERE ks.host_id = b.host_id AND ks.metric = 'paging.pgscank_per_s'
                          AND k.ts_us BETWEEN b.start_us AND b.end_us + 60000000
                        HAVING max(k.value) >= 1000), '')),
       r.advice, b.host_id, b.start_us, b.end_us, s.unusable / 100.0 * b.samples,
       printf('SELECT ts, metric, instance, value FROM v_sample WHERE metric IN '
              || '(''buddyinfo.free_bytes'', ''buddyinfo.free_bytes_order_ge4'', '
              || '''buddyinfo.unusable_pct_order4'') AND instance = %Q '
              || 'AND ts_us BETWEEN %d AND %d ORDER BY ts_us, metric',
              b.instance, b.start_us - 10000000, b.end_us + 10000000)
FROM bf_run b JOIN bf_sample s ON s.host_id = b.host_id AND s.instance = b.instance
  AND s.ts_us = b.worst_us, rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, series_id, note)
SELECT f.finding_id, 'cause', s.series_id, 'share of free memory unusable for order 4'
FROM bf_run b JOIN series s ON s.host_id = b.host_id AND s.instance = b.instance
  AND s.metric = 'buddyinfo.unusable_pct_order4'
JOIN finding f ON f.rule = 'buddy_fragmentation' AND f.key = 'bf:' || b.instance || ':' || b.start_us;
INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'context', e.event_id, e.series_id, e.kind || ' of ' || e.metric
FROM bf_run b JOIN finding f ON f.rule = 'buddy_fragmentation'
  AND f.key = 'bf:' || b.instance || ':' || b.start_us
JOIN event e ON e.host_id = b.host_id AND e.instance = b.instance
  AND e.metric IN ('buddyinfo.unusable_pct_order4', 'buddyinfo.free_bytes_order_ge4')
  AND e.start_us BETWEEN b.start_us - 60000000 AND b.end_us;

-- @explain
-- Per zone: samples, how many had >= 75 % of free memory unusable for
-- order 4 (with >= 256 MiB free), the worst share.
SELECT u.instance, count(*) AS samples,
       sum(x.value >= 75 AND f.value >= 256.0 * 1024 * 1024) AS fragmented,
       printf('%.1f', max(x.value)) AS worst_unusable_pct,
       pm_human(min(f.value), 'bytes') AS min_free
FROM series u JOIN sample x ON x.series_id = u.series_id
JOIN series fs ON fs.host_id = u.host_id AND fs.instance = u.instance
  AND fs.metric = 'buddyinfo.free_bytes'
JOIN sample f ON f.series_id = fs.series_id AND f.ts_us = x.ts_us
WHERE u.metric = 'buddyinfo.unusable_pct_order4' GROUP BY u.host_id, u.instance
ORDER BY u.instance;
