-- name: oom_kill
-- severity: high
-- title: The OOM killer killed a process
-- means: Memory ran out (on the host, or inside a cgroup's limit) and the
--   kernel killed a process to get it back.  The victim is the task with
--   the highest badness score, which is not always the one that grew: the
--   evidence names the largest task in the kernel's own task table, and
--   memory metrics that grew or stepped up in the hour before (slab,
--   anonymous memory), each linked to the kill.
-- advice: Compare the victim with the largest and the growing task.  For a
--   cgroup OOM, size the limit to the workload or find its leak; for a host
--   OOM with slab growth, find the cache that grew (slabinfo, slabtop) and
--   its user (dentries from a file walker, a kernel leak).  Protect critical
--   services with oom_score_adj and memory.min.

CREATE TEMP TABLE IF NOT EXISTS oom_ev(oom_id INTEGER, event_id INTEGER);
DELETE FROM oom_ev;
-- the event that stands for each kill (its 'Killed process' line)
INSERT INTO oom_ev
SELECT o.oom_id, (SELECT e.event_id FROM event e JOIN kernel_event k
                  ON k.event_id = e.kernel_event_id
                  WHERE k.source_id = o.source_id AND k.line = o.kill_line LIMIT 1)
FROM oom_kill o, rule_ctx r
WHERE coalesce(o.ts_us, 0) BETWEEN r.from_us AND r.to_us OR o.ts_us IS NULL;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'oom:' || o.oom_id, r.severity, r.title,
       printf('%s (pid %d) was killed%s, holding %s anonymous and %s file memory; '
              || 'the allocation that failed was by %s%s%s',
              coalesce(o.killed_comm, '?'), coalesce(o.killed_pid, -1),
              CASE WHEN o.memcg THEN printf(' in cgroup %s (usage %s of limit %s)',
                                            coalesce(o.oom_memcg, '?'),
                                            pm_human(o.memcg_usage_bytes, 'bytes'),
                                            pm_human(o.memcg_limit_bytes, 'bytes'))
                   ELSE ' (the whole host was out of memory)' END,
              pm_human(coalesce(o.anon_rss_bytes, 0), 'bytes'),
              pm_human(coalesce(o.file_rss_bytes, 0), 'bytes'),
              coalesce(o.invoker, '?'),
              coalesce(printf(' (order %d)', o.alloc_order), ''),
              coalesce((SELECT printf('; the largest task in the kernel''s table was %s '
                                      || '(pid %d, rss %s)', t.name, t.pid,
                                      pm_human(t.rss_bytes, 'bytes'))
                        FROM oom_task t WHERE t.oom_id = o.oom_id
                        AND t.pid IS NOT o.killed_pid
                        AND t.rss_bytes > coalesce(o.anon_rss_bytes + o.file_rss_bytes, 0)
                        ORDER BY t.rss_bytes DESC LIMIT 1), '')),
       r.advice, o.host_id, o.ts_us, o.ts_us, 100,
       printf('SELECT * FROM v_oom_kill WHERE oom_id = %d; '
              || 'SELECT pid, name, rss_bytes, oom_score_adj FROM oom_task '
              || 'WHERE oom_id = %d ORDER BY rss_bytes DESC', o.oom_id, o.oom_id)
FROM oom_kill o JOIN oom_ev x ON x.oom_id = o.oom_id, rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, event_id, ref_table, ref_id, note)
SELECT f.finding_id, 'effect', x.event_id, 'oom_kill', x.oom_id, 'the kill'
FROM oom_ev x JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || x.oom_id;

-- memory that grew or stepped up in the hour before the kill
CREATE TEMP TABLE IF NOT EXISTS oom_cause(oom_id INTEGER, cause INTEGER, effect INTEGER);
DELETE FROM oom_cause;
INSERT INTO oom_cause
SELECT x.oom_id, c.event_id, x.event_id
FROM oom_ev x JOIN event k ON k.event_id = x.event_id
JOIN event c ON c.host_id = k.host_id AND c.kind IN ('growth', 'step', 'spike')
 AND (c.metric IN ('meminfo.Slab', 'meminfo.SUnreclaim', 'meminfo.AnonPages',
                   'meminfo.Committed_AS', 'meminfo.Shmem', 'memory.anonpg_bytes',
                   'memory.slab_bytes')
      OR c.metric = 'slabinfo.bytes')
 AND c.start_us BETWEEN k.start_us - 3600000000 AND k.start_us;

INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'cause', c.event_id, c.series_id, c.metric || ' ' || c.kind
FROM oom_cause oc JOIN event c ON c.event_id = oc.cause
JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || oc.oom_id;
INSERT INTO causal_link(finding_id, cause_event_id, effect_event_id, lag_s, strength, note)
SELECT f.finding_id, oc.cause, oc.effect, (k.start_us - c.start_us) / 1e6,
       CASE WHEN c.metric LIKE '%lab%' THEN 0.7 ELSE 0.5 END,
       'memory used up before the kill'
FROM oom_cause oc JOIN event c ON c.event_id = oc.cause JOIN event k ON k.event_id = oc.effect
JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || oc.oom_id
WHERE oc.effect IS NOT NULL;

-- @explain
SELECT oom_id, pm_ts(ts_us) AS ts, killed_comm, killed_pid, memcg, oom_memcg,
       pm_human(anon_rss_bytes, 'bytes') AS anon_rss FROM oom_kill ORDER BY ts_us;
SELECT event_id, kind, metric, instance, pm_ts(start_us) AS start FROM event
WHERE metric LIKE 'meminfo.S%' OR metric LIKE 'slabinfo.%' OR metric = 'meminfo.AnonPages'
   OR metric LIKE 'kernel.%' ORDER BY start_us;
