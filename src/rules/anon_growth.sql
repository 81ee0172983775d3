-- name: anon_growth
-- severity: medium
-- title: Anonymous memory grew steadily (leak-shaped)
-- means: Anonymous memory (heap, stacks, private mappings: what processes
--   allocate, not file cache) grew in a straight line over the capture.
--   Cache churn goes up and down; a leak only goes up.  Where smaps
--   snapshots exist, the process whose unique memory (USS) grew most is
--   named in the evidence.
-- advice: Take two heap dumps of the growing process some minutes apart and
--   compare their strings (pmortem strings A B), or use the runtime's own
--   heap profiler; meanwhile cap it with a cgroup memory limit so it
--   cannot push the page cache out.

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'anon:' || g.event_id, r.severity, r.title,
       printf('%s grew from %s to %s over %s (%s)', g.metric,
              pm_human(g.baseline, 'bytes'), pm_human(g.peak, 'bytes'),
              pm_human((g.end_us - g.start_us) / 1e6, 's'), g.detail),
       r.advice, g.host_id, g.start_us, g.end_us, g.score,
       printf('SELECT ts, metric, value FROM v_sample WHERE metric IN '
              || '(%Q, ''meminfo.Cached'', ''memory.cached_bytes'') AND ts_us BETWEEN %d AND %d '
              || 'ORDER BY ts_us', g.metric, g.start_us, g.end_us)
FROM event g, rule_ctx r
WHERE g.kind = 'growth'
  AND g.metric IN ('meminfo.AnonPages', 'meminfo.Active(anon)', 'memory.anonpg_bytes')
  AND g.start_us <= r.to_us AND g.end_us >= r.from_us
  -- one finding per host: the first anonymous metric that shows it
  AND g.event_id = (SELECT min(g2.event_id) FROM event g2 WHERE g2.host_id = g.host_id
                    AND g2.kind = 'growth' AND g2.metric IN
                    ('meminfo.AnonPages', 'meminfo.Active(anon)', 'memory.anonpg_bytes'));

INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'cause', g.event_id, g.series_id, 'steady growth'
FROM finding f JOIN event g ON f.key = 'anon:' || g.event_id
WHERE f.rule = 'anon_growth';

-- @explain
SELECT event_id, kind, metric, pm_ts(start_us) AS start, pm_ts(end_us) AS "end",
       pm_human(baseline, 'bytes') AS from_, pm_human(peak, 'bytes') AS to_, detail
FROM event WHERE metric IN ('meminfo.AnonPages', 'meminfo.Active(anon)', 'memory.anonpg_bytes')
ORDER BY start_us;
