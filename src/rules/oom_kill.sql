-- name: oom_kill
-- severity: high
-- title: The OOM killer killed a process
-- means: Memory ran out (on the host, or inside a cgroup's limit) and the
--   kernel killed a process to get it back.  The victim is the task with
--   the highest badness score (its RSS, swap and page tables), which is not
--   always the one that grew: kernel memory (slab) is in no task's RSS, so
--   when unreclaimable slab filled the limit the killer takes the biggest
--   bystander.  The evidence names the largest task in the kernel's own
--   task table, the task whose allocation failed, the slab growth before
--   the kill (SUnreclaim and the caches that grew most, from slabinfo), and
--   who grew most by USS between smaps snapshots, each linked to the kill.
-- advice: Compare the victim with the growing task.  For a cgroup OOM, size
--   the limit to the workload or find its leak; when slab grew, find the
--   cache (slabtop, /proc/slabinfo) and its user: the task whose allocation
--   hit the limit is the first suspect (eventpoll_epi: epoll watches;
--   dentry: a file walker; sock_inode_cache: sockets), and count its
--   descriptors (ls /proc/PID/fd | wc -l).  A slabinfo name can stand for
--   several merged caches of one object size (ls -l /sys/kernel/slab shows
--   the aliases; slab_nomerge on the kernel command line keeps them
--   apart).  Protect critical services with oom_score_adj and memory.min.

CREATE TEMP TABLE IF NOT EXISTS oom_ev(oom_id INTEGER, event_id INTEGER);
DELETE FROM oom_ev;
-- the event that stands for each kill (its 'Killed process' line)
INSERT INTO oom_ev
SELECT o.oom_id, (SELECT e.event_id FROM event e JOIN kernel_event k
                  ON k.event_id = e.kernel_event_id
                  WHERE k.source_id = o.source_id AND k.line = o.kill_line LIMIT 1)
FROM oom_kill o, rule_ctx r
WHERE coalesce(o.ts_us, 0) BETWEEN r.from_us AND r.to_us OR o.ts_us IS NULL;

-- per kill: unreclaimable slab that rose in the hour before it (the latest
-- such event; SUnreclaim first, then Slab, then sar's kbslab), its level
-- before and at the kill
CREATE TEMP TABLE IF NOT EXISTS oom_slab(oom_id INTEGER, event_id INTEGER, series_id INTEGER,
	metric TEXT, host_id INTEGER, onset_us INTEGER, kill_us INTEGER, before REAL, at_kill REAL);
DELETE FROM oom_slab;
INSERT INTO oom_slab
SELECT x.oom_id, c.event_id, c.series_id, c.metric, k.host_id, c.start_us, k.start_us,
       (SELECT v.value FROM sample v WHERE v.series_id = c.series_id AND v.ts_us < c.start_us
        ORDER BY v.ts_us DESC LIMIT 1),
       (SELECT v.value FROM sample v WHERE v.series_id = c.series_id AND v.ts_us <= k.start_us
        ORDER BY v.ts_us DESC LIMIT 1)
FROM oom_ev x JOIN event k ON k.event_id = x.event_id
JOIN event c ON c.event_id = (
	SELECT c2.event_id FROM event c2 WHERE c2.host_id = k.host_id
	AND c2.kind IN ('ramp', 'growth', 'step', 'spike')
	AND c2.metric IN ('meminfo.SUnreclaim', 'meminfo.Slab', 'memory.slab_bytes')
	AND c2.start_us BETWEEN k.start_us - 3600000000 AND k.start_us
	ORDER BY CASE c2.metric WHEN 'meminfo.SUnreclaim' THEN 0 WHEN 'meminfo.Slab' THEN 1 ELSE 2 END,
	         c2.start_us DESC LIMIT 1);
DELETE FROM oom_slab WHERE before IS NULL OR at_kill IS NULL OR at_kill <= before;

-- the slab caches that grew most from the onset to the kill (slabinfo)
CREATE TEMP TABLE IF NOT EXISTS oom_cache(oom_id INTEGER, series_id INTEGER, cache TEXT,
	growth REAL, rank INTEGER);
DELETE FROM oom_cache;
INSERT INTO oom_cache
SELECT oom_id, series_id, cache, growth,
       row_number() OVER (PARTITION BY oom_id ORDER BY growth DESC, cache)
FROM (SELECT s.oom_id, m.series_id, m.instance AS cache, s.at_kill - s.before AS slab_growth,
             (SELECT v.value FROM sample v WHERE v.series_id = m.series_id
              AND v.ts_us <= s.kill_us ORDER BY v.ts_us DESC LIMIT 1)
             - (SELECT v.value FROM sample v WHERE v.series_id = m.series_id
                AND v.ts_us < s.onset_us ORDER BY v.ts_us DESC LIMIT 1) AS growth
      FROM oom_slab s JOIN series m ON m.host_id = s.host_id
      AND m.metric = 'slabinfo.bytes' AND m.instance <> '')
WHERE growth >= 0.05 * slab_growth AND growth > 0;
DELETE FROM oom_cache WHERE rank > 3;

-- per kill and pid: USS growth between its first and last smaps snapshot
-- in the hour up to the kill
CREATE TEMP TABLE IF NOT EXISTS oom_uss(oom_id INTEGER, pid INTEGER, name TEXT,
	process_id INTEGER, growth INTEGER, rank INTEGER);
DELETE FROM oom_uss;
INSERT INTO oom_uss
WITH s AS (
	SELECT x.oom_id, v.pid, v.name, v.process_id, v.ts_us, v.uss,
	       row_number() OVER (PARTITION BY x.oom_id, v.pid ORDER BY v.ts_us) AS k,
	       count(*) OVER (PARTITION BY x.oom_id, v.pid) AS n
	FROM oom_ev x JOIN event e ON e.event_id = x.event_id
	JOIN process p ON p.host_id = e.host_id
	JOIN v_smem v ON v.process_id = p.process_id
	WHERE v.pid IS NOT NULL AND v.ts_us BETWEEN e.start_us - 3600000000 AND e.start_us
)
SELECT a.oom_id, a.pid, b.name, b.process_id, b.uss - a.uss,
       row_number() OVER (PARTITION BY a.oom_id ORDER BY b.uss - a.uss DESC, a.pid)
FROM s a JOIN s b ON a.oom_id = b.oom_id AND a.pid = b.pid AND a.k = 1 AND b.k = b.n AND b.n > 1;

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'oom:' || o.oom_id, r.severity, r.title,
       printf('%s (pid %d) was killed%s, holding %s anonymous and %s file memory; '
              || 'the allocation that failed was by %s%s%s',
              coalesce(o.killed_comm, '?'), coalesce(o.killed_pid, -1),
              CASE WHEN o.memcg THEN printf(' in cgroup %s (usage %s of limit %s%s)',
                                            coalesce(o.oom_memcg, '?'),
                                            pm_human(o.memcg_usage_bytes, 'bytes'),
                                            pm_human(o.memcg_limit_bytes, 'bytes'),
                                            CASE WHEN o.memcg_kmem_bytes IS NOT NULL
                                            THEN printf(', %s of it kernel memory',
                                                        pm_human(o.memcg_kmem_bytes, 'bytes'))
                                            ELSE '' END)
                   ELSE ' (the whole host was out of memory)' END,
              pm_human(coalesce(o.anon_rss_bytes, 0), 'bytes'),
              pm_human(coalesce(o.file_rss_bytes, 0), 'bytes'),
              coalesce(o.invoker, '?'),
              -- (printf never gives NULL: a NULL argument prints as 0)
              CASE WHEN o.invoker_pid IS NOT NULL AND o.alloc_order IS NOT NULL
                   THEN printf(' (pid %d, order %d)', o.invoker_pid, o.alloc_order)
                   WHEN o.invoker_pid IS NOT NULL THEN printf(' (pid %d)', o.invoker_pid)
                   WHEN o.alloc_order IS NOT NULL THEN printf(' (order %d)', o.alloc_order)
                   ELSE '' END,
              coalesce((SELECT printf('; the largest task in the kernel''s table was %s '
                                      || '(pid %d, rss %s)', t.name, t.pid,
                                      pm_human(t.rss_bytes, 'bytes'))
                        FROM oom_task t WHERE t.oom_id = o.oom_id
                        AND t.pid IS NOT o.killed_pid
                        AND t.rss_bytes > coalesce(o.anon_rss_bytes + o.file_rss_bytes, 0)
                        ORDER BY t.rss_bytes DESC LIMIT 1), ''))
       -- the slab growth before it, and the caches that grew
       || coalesce((SELECT printf('; %s rose from %s to %s in the %s before the kill (from %s)',
                                  substr(s.metric, instr(s.metric, '.') + 1),
                                  pm_human(s.before, 'bytes'), pm_human(s.at_kill, 'bytes'),
                                  pm_human((s.kill_us - s.onset_us) / 1e6, 's'), pm_ts(s.onset_us))
                           || coalesce((SELECT ', most in ' || group_concat(c.cache || ' +'
                                               || pm_human(c.growth, 'bytes'), ', ')
                                        FROM (SELECT * FROM oom_cache c WHERE c.oom_id = s.oom_id
                                              ORDER BY c.rank) c), '')
                    FROM oom_slab s WHERE s.oom_id = o.oom_id), '')
       -- who grew, by USS, against the victim: a growth counts when it is at
       -- least 1 MiB and a tenth of the slab growth
       || coalesce((SELECT CASE WHEN u.growth >= max(1048576, 0.1 * coalesce(
                                    (SELECT s.at_kill - s.before FROM oom_slab s
                                     WHERE s.oom_id = o.oom_id), 0))
                    THEN printf('; between smaps snapshots the largest USS growth was %s (pid %d, +%s)',
                                coalesce(u.name, '?'), u.pid, pm_human(u.growth, 'bytes'))
                    ELSE printf('; between smaps snapshots no process''s USS grew by more than %s',
                                pm_human(max(u.growth, 0), 'bytes')) END
                           || coalesce((SELECT printf(' (the victim''s %s%s)',
                                                      CASE WHEN v.growth >= 0 THEN '+' ELSE '-' END,
                                                      pm_human(abs(v.growth), 'bytes'))
                                        FROM oom_uss v WHERE v.oom_id = u.oom_id
                                        AND v.pid = o.killed_pid), '')
                    FROM oom_uss u WHERE u.oom_id = o.oom_id AND u.rank = 1), '')
       || coalesce((SELECT ': the memory that grew was kernel slab, in no process''s RSS or USS, '
                           || 'so the killer chose by RSS'
                    FROM oom_slab s WHERE s.oom_id = o.oom_id
                    AND coalesce((SELECT max(u.growth) FROM oom_uss u WHERE u.oom_id = o.oom_id), 0)
                        < 0.1 * (s.at_kill - s.before)), ''),
       r.advice, o.host_id, o.ts_us, o.ts_us, 100,
       printf('SELECT * FROM v_oom_kill WHERE oom_id = %d; '
              || 'SELECT pid, name, rss_bytes, oom_score_adj FROM oom_task '
              || 'WHERE oom_id = %d ORDER BY rss_bytes DESC', o.oom_id, o.oom_id)
       || coalesce((SELECT printf('; SELECT ts, metric, instance, value FROM v_sample '
                                  || 'WHERE (metric = %Q OR (metric = ''slabinfo.bytes'' AND instance IN '
                                  || '(SELECT instance FROM series WHERE series_id IN (%s)))) '
                                  || 'AND ts_us BETWEEN %d AND %d ORDER BY ts_us',
                                  s.metric,
                                  coalesce((SELECT group_concat(c.series_id) FROM oom_cache c
                                            WHERE c.oom_id = s.oom_id), 'NULL'),
                                  s.onset_us - 10000000, s.kill_us + 10000000)
                    FROM oom_slab s WHERE s.oom_id = o.oom_id), '')
FROM oom_kill o JOIN oom_ev x ON x.oom_id = o.oom_id, rule_ctx r;

INSERT INTO finding_evidence(finding_id, role, event_id, ref_table, ref_id, note)
SELECT f.finding_id, 'effect', x.event_id, 'oom_kill', x.oom_id, 'the kill'
FROM oom_ev x JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || x.oom_id;
INSERT INTO finding_evidence(finding_id, role, series_id, note)
SELECT f.finding_id, 'cause', c.series_id,
       printf('slab cache %s grew by %d bytes before the kill', c.cache, c.growth)
FROM oom_cache c JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || c.oom_id
ORDER BY c.oom_id, c.rank;
INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'context', 'process', u.process_id,
       printf('%s (pid %d): USS %s by %d bytes between snapshots%s', u.name, u.pid,
              CASE WHEN u.growth >= 0 THEN 'grew' ELSE 'fell' END, abs(u.growth),
              CASE WHEN u.pid = o.killed_pid THEN ', the victim' ELSE '' END)
FROM oom_uss u JOIN oom_kill o ON o.oom_id = u.oom_id
JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || u.oom_id
WHERE u.rank = 1 OR u.pid = o.killed_pid;

-- memory that grew or stepped up in the hour before the kill, one event per
-- series (its earliest); of the slab caches only those that grew most.  A
-- cgroup OOM whose usage was a quarter or more kernel memory is not about
-- the host's anonymous memory: that belongs to processes outside the
-- cgroup, and is left out.
CREATE TEMP TABLE IF NOT EXISTS oom_cause(oom_id INTEGER, cause INTEGER, effect INTEGER);
DELETE FROM oom_cause;
INSERT INTO oom_cause
SELECT oom_id, cause, effect FROM (
	SELECT x.oom_id, c.event_id AS cause, x.event_id AS effect,
	       row_number() OVER (PARTITION BY x.oom_id, c.series_id
	                          ORDER BY c.start_us, c.event_id) AS n
	FROM oom_ev x JOIN event k ON k.event_id = x.event_id
	JOIN oom_kill o ON o.oom_id = x.oom_id
	JOIN event c ON c.host_id = k.host_id AND c.kind IN ('ramp', 'growth', 'step', 'spike')
	 AND (c.metric IN ('meminfo.Slab', 'meminfo.SUnreclaim', 'memory.slab_bytes')
	      OR (c.metric IN ('meminfo.AnonPages', 'meminfo.Committed_AS', 'meminfo.Shmem',
	                       'memory.anonpg_bytes')
	          AND NOT (o.memcg AND coalesce(o.memcg_kmem_bytes, 0)
	                   >= 0.25 * coalesce(o.memcg_usage_bytes, 0) AND o.memcg_kmem_bytes > 0))
	      OR (c.metric = 'slabinfo.bytes'
	          AND c.series_id IN (SELECT series_id FROM oom_cache WHERE oom_id = x.oom_id)))
	 AND c.start_us BETWEEN k.start_us - 3600000000 AND k.start_us)
WHERE n = 1;

INSERT INTO finding_evidence(finding_id, role, event_id, series_id, note)
SELECT f.finding_id, 'cause', c.event_id, c.series_id,
       c.metric || CASE c.instance WHEN '' THEN '' ELSE ' ' || c.instance END || ' ' || c.kind
FROM oom_cause oc JOIN event c ON c.event_id = oc.cause
JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || oc.oom_id;
INSERT INTO causal_link(finding_id, cause_event_id, effect_event_id, lag_s, strength, note)
SELECT f.finding_id, oc.cause, oc.effect, (k.start_us - c.start_us) / 1e6,
       CASE WHEN c.event_id IN (SELECT event_id FROM oom_slab WHERE oom_id = oc.oom_id) THEN 0.8
            WHEN c.metric IN ('meminfo.SUnreclaim', 'meminfo.Slab', 'memory.slab_bytes',
                              'slabinfo.bytes') THEN 0.7 ELSE 0.5 END,
       CASE WHEN c.metric IN ('meminfo.SUnreclaim', 'meminfo.Slab', 'memory.slab_bytes',
                              'slabinfo.bytes') THEN 'kernel slab grew before the kill'
            ELSE 'memory used up before the kill' END
FROM oom_cause oc JOIN event c ON c.event_id = oc.cause JOIN event k ON k.event_id = oc.effect
JOIN finding f ON f.rule = 'oom_kill' AND f.key = 'oom:' || oc.oom_id
WHERE oc.effect IS NOT NULL;

-- @explain
SELECT oom_id, pm_ts(ts_us) AS ts, killed_comm, killed_pid, invoker, invoker_pid, memcg,
       oom_memcg, pm_human(memcg_usage_bytes, 'bytes') AS usage,
       pm_human(memcg_kmem_bytes, 'bytes') AS kernel,
       pm_human(anon_rss_bytes, 'bytes') AS anon_rss FROM oom_kill ORDER BY ts_us;
SELECT event_id, kind, metric, instance, pm_ts(start_us) AS start,
       pm_human(baseline, 'bytes') AS from_, pm_human(peak, 'bytes') AS to_ FROM event
WHERE metric IN ('meminfo.SUnreclaim', 'meminfo.Slab', 'memory.slab_bytes', 'meminfo.AnonPages')
   OR metric LIKE 'kernel.%' ORDER BY start_us;
SELECT kind, instance AS cache, pm_ts(start_us) AS start, pm_human(baseline, 'bytes') AS from_,
       pm_human(peak, 'bytes') AS to_ FROM event
WHERE metric = 'slabinfo.bytes' AND kind IN ('ramp', 'growth', 'step')
ORDER BY peak - baseline DESC LIMIT 5;
SELECT pid, command, pm_human(uss_growth, 'bytes') AS uss_growth, first_ts, last_ts
FROM v_smem_growth ORDER BY uss_growth DESC LIMIT 5;
