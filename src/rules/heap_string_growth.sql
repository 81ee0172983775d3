-- name: heap_string_growth
-- severity: high
-- title: Strings multiply between heap dumps of one process (a leak's fingerprint)
-- means: Two dumps of the same process, taken some time apart, hold the same
--   strings in very different numbers: the objects that carry them are
--   being allocated and never freed.  The strings that grew most name what
--   leaks (a request context, a cache key, a log field), which a language
--   runtime's own heap view often does not show.
-- advice: Search the code for where those strings are created and what keeps
--   the objects alive (a global list, a cache without eviction, a callback
--   or context never released); confirm with a third dump.  Meanwhile cap
--   the process with a cgroup memory limit or restart it on a schedule.

CREATE TEMP TABLE IF NOT EXISTS hsg(before_id INTEGER, after_id INTEGER, pid INTEGER,
                                     comm TEXT, host TEXT, before_ts TEXT, after_ts TEXT,
                                     growth INTEGER, bytes INTEGER, n INTEGER);
DELETE FROM hsg;
-- per pair of dumps: the strings that grew by at least 100 copies and at
-- least doubled, biggest first (whole-dump and per-region rows are the same
-- strings: take the heap region when there is one, else all)
INSERT INTO hsg
SELECT before_dump_id, after_dump_id, pid, comm, host, before_ts, after_ts,
       sum(growth), sum(bytes_growth), count(*)
FROM (SELECT * FROM v_heap_growth g
      WHERE g.growth_min >= 100 AND g.count_after >= 2 * g.count_before
        AND g.region = (SELECT CASE WHEN EXISTS (SELECT 1 FROM v_heap_growth x
                                   WHERE x.after_dump_id = g.after_dump_id
                                     AND x.region = 'heap') THEN 'heap' ELSE 'all' END)
      ORDER BY growth DESC)
GROUP BY before_dump_id, after_dump_id;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'heap:' || h.before_id || '-' || h.after_id, r.severity, r.title,
       printf('between %s and %s, %d strings multiplied in %s (pid %s): %s%s',
              h.before_ts, h.after_ts, h.n, coalesce(h.comm, '?'),
              coalesce(h.pid, '?'),
              (SELECT group_concat(t, ', ') FROM (SELECT printf('''%s'' %d -> %d', text,
                        count_before, count_after) AS t FROM v_heap_growth g
                      WHERE g.before_dump_id = h.before_id AND g.after_dump_id = h.after_id
                        AND g.growth_min >= 100 AND g.count_after >= 2 * g.count_before
                        AND g.region = (SELECT region FROM v_heap_growth y
                                        WHERE y.after_dump_id = h.after_id
                                        ORDER BY y.region = 'heap' DESC LIMIT 1)
                      ORDER BY growth DESC LIMIT 3)),
              coalesce((SELECT printf('; its unique memory (USS) grew from %s to %s',
                                      pm_human(s.first_uss, 'bytes'), pm_human(s.last_uss, 'bytes'))
                        FROM v_smem_growth s WHERE s.pid = h.pid AND s.uss_growth > 0
                        LIMIT 1), '')),
       r.advice, db.host_id, db.ts_us, da.ts_us, h.growth,
       printf('SELECT text, count_before, count_after, growth, bytes_growth FROM v_heap_growth '
              || 'WHERE before_dump_id = %d AND after_dump_id = %d ORDER BY growth DESC LIMIT 20',
              h.before_id, h.after_id)
FROM hsg h JOIN dump db ON db.dump_id = h.before_id JOIN dump da ON da.dump_id = h.after_id,
     rule_ctx r
WHERE coalesce(da.ts_us, 0) BETWEEN r.from_us AND r.to_us OR da.ts_us IS NULL;

INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'context', 'dump', h.before_id, 'the earlier dump'
FROM hsg h JOIN finding f ON f.rule = 'heap_string_growth'
 AND f.key = 'heap:' || h.before_id || '-' || h.after_id;
INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'effect', 'dump', h.after_id, 'the later dump'
FROM hsg h JOIN finding f ON f.rule = 'heap_string_growth'
 AND f.key = 'heap:' || h.before_id || '-' || h.after_id;

-- @explain
SELECT before_dump_id, after_dump_id, pid, comm, region, text, count_before,
       count_after, growth, growth_min FROM v_heap_growth
ORDER BY growth DESC LIMIT 20;
