-- name: anon_growth
-- severity: medium
-- title: Anonymous memory grew steadily (leak-shaped)
-- means: Anonymous memory (heap, stacks, private mappings: what processes
--   allocate, not file cache) grew in a straight line over the capture.
--   Cache churn goes up and down; a leak only goes up (the summary says
--   what the page cache did meanwhile).  Where smaps snapshots exist, the
--   process whose unique memory (USS) grew most is named, with its growth.
-- advice: Take two heap dumps of the growing process some minutes apart and
--   compare their strings (pmortem strings A B), or use the runtime's own
--   heap profiler; meanwhile cap it with a cgroup memory limit so it
--   cannot push the page cache out.

-- The grower, per growth event: the pid whose USS grew most between its first and
-- last smaps snapshot taken from ten minutes before the growth to ten after.
CREATE TEMP TABLE IF NOT EXISTS ag_grower(event_id INTEGER, process_id INTEGER,
	pid INTEGER, name TEXT, from_us INTEGER, to_us INTEGER, uss_growth INTEGER,
	rss_growth INTEGER);
DELETE FROM ag_grower;
INSERT INTO ag_grower
WITH g AS (
	SELECT e.event_id, e.host_id, e.start_us, e.end_us FROM event e, rule_ctx r
	WHERE e.kind = 'growth'
	  AND e.metric IN ('meminfo.AnonPages', 'meminfo.Active(anon)', 'memory.anonpg_bytes')
	  AND e.start_us <= r.to_us AND e.end_us >= r.from_us
), snaps AS (
	SELECT g.event_id, s.pid, s.name, s.process_id, s.ts_us, s.uss, s.rss,
	       row_number() OVER (PARTITION BY g.event_id, s.pid ORDER BY s.ts_us) AS k,
	       count(*) OVER (PARTITION BY g.event_id, s.pid) AS n
	FROM g JOIN process p ON p.host_id = g.host_id
	JOIN v_smem s ON s.process_id = p.process_id
	WHERE s.pid IS NOT NULL
	  AND s.ts_us BETWEEN g.start_us - 600000000 AND g.end_us + 600000000
), d AS (
	SELECT a.event_id, b.process_id, a.pid, b.name, a.ts_us AS from_us, b.ts_us AS to_us,
	       b.uss - a.uss AS uss_growth, b.rss - a.rss AS rss_growth,
	       row_number() OVER (PARTITION BY a.event_id ORDER BY b.uss - a.uss DESC, a.pid) AS rank
	FROM snaps a JOIN snaps b ON a.event_id = b.event_id AND a.pid = b.pid
	 AND a.k = 1 AND b.k = b.n AND b.n > 1
)
SELECT event_id, process_id, pid, name, from_us, to_us, uss_growth, rss_growth
FROM d WHERE rank = 1 AND uss_growth > 0;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'anon:' || g.event_id, r.severity, r.title,
       -- the samples at both ends (the event's baseline and peak are the
       -- fitted line's), the fitted slope per second and the fit's r2
       printf('%s grew from %s to %s over %s in a straight line (%s/s%s)', g.metric,
              pm_human((SELECT x.value FROM sample x WHERE x.series_id = g.series_id
                        AND x.ts_us >= g.start_us ORDER BY x.ts_us LIMIT 1), 'bytes'),
              pm_human((SELECT x.value FROM sample x WHERE x.series_id = g.series_id
                        AND x.ts_us <= g.end_us ORDER BY x.ts_us DESC LIMIT 1), 'bytes'),
              pm_human((g.end_us - g.start_us) / 1e6, 's'),
              pm_human((g.peak - g.baseline) / max((g.end_us - g.start_us) / 1e6, 1), 'bytes'),
              CASE WHEN instr(g.detail, 'r2 ') > 0
                   THEN ', r2 ' || substr(g.detail, instr(g.detail, 'r2 ') + 3) ELSE '' END)
       -- the grower, when smaps snapshots name one
       || coalesce((SELECT printf('; the process whose unique memory grew most is %s (pid %d): '
                                  || 'USS +%s between %s and %s (RSS %s%s)',
                                  w.name, w.pid, pm_human(w.uss_growth, 'bytes'),
                                  strftime('%H:%M:%S', w.from_us / 1e6, 'unixepoch'),
                                  strftime('%H:%M:%S', w.to_us / 1e6, 'unixepoch'),
                                  CASE WHEN w.rss_growth >= 0 THEN '+' ELSE '-' END,
                                  pm_human(abs(w.rss_growth), 'bytes'))
                    FROM ag_grower w WHERE w.event_id = g.event_id), '')
       -- the page cache over the same time: churn is not a leak
       || coalesce((SELECT printf('; meanwhile the page cache (%s) went between %s and %s, '
                                  || 'ending at %s: that is cache demand, which reclaim can take back',
                                  c.metric, pm_human(min(x.value), 'bytes'),
                                  pm_human(max(x.value), 'bytes'),
                                  pm_human((SELECT y.value FROM sample y WHERE y.series_id = c.series_id
                                            AND y.ts_us <= g.end_us
                                            ORDER BY y.ts_us DESC LIMIT 1), 'bytes'))
                    FROM series c JOIN sample x ON x.series_id = c.series_id
                    WHERE c.series_id = (SELECT m.series_id FROM series m
                                         WHERE m.host_id = g.host_id AND m.instance = ''
                                           AND m.metric IN ('meminfo.Cached', 'memory.cached_bytes')
                                         ORDER BY m.metric DESC, m.series_id LIMIT 1)
                      AND x.ts_us BETWEEN g.start_us AND g.end_us
                    HAVING count(*) > 1), ''),
       r.advice, g.host_id, g.start_us, g.end_us, g.score,
       printf('SELECT ts, metric, value FROM v_sample WHERE metric IN '
              || '(%Q, ''meminfo.Cached'', ''memory.cached_bytes'') AND ts_us BETWEEN %d AND %d '
              || 'ORDER BY ts_us', g.metric, g.start_us, g.end_us)
       || CASE WHEN EXISTS (SELECT 1 FROM ag_grower w WHERE w.event_id = g.event_id)
               THEN '; SELECT pid, command, first_ts, last_ts, uss_growth, rss_growth '
                    || 'FROM v_smem_growth ORDER BY uss_growth DESC LIMIT 5' ELSE '' END
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
INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'cause', 'process', w.process_id,
       printf('USS grew by %d bytes (RSS by %d)', w.uss_growth, w.rss_growth)
FROM finding f JOIN ag_grower w ON f.key = 'anon:' || w.event_id
WHERE f.rule = 'anon_growth';

-- @explain
SELECT event_id, kind, metric, pm_ts(start_us) AS start, pm_ts(end_us) AS "end",
       pm_human(baseline, 'bytes') AS from_, pm_human(peak, 'bytes') AS to_, detail
FROM event WHERE metric IN ('meminfo.AnonPages', 'meminfo.Active(anon)', 'memory.anonpg_bytes')
ORDER BY start_us;
SELECT pid, command, first_ts, last_ts, pm_human(uss_growth, 'bytes') AS uss_growth,
       pm_human(rss_growth, 'bytes') AS rss_growth
FROM v_smem_growth ORDER BY uss_growth DESC LIMIT 5;
