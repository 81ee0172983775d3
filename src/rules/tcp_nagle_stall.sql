-- name: tcp_nagle_stall
-- severity: medium
-- title: Nagle / delayed-ACK stalls on TCP connections
-- means: A sender held back a small segment because it still had data
--   unacknowledged (Nagle's algorithm), and the receiver was delaying its
--   ACK (delayed ACKs, about 40 ms on Linux, 200 ms on some other stacks).
--   Each request written in two pieces (headers, then body) then waits for
--   the delayed-ACK timer: latency that no CPU, disk or network graph shows.
-- advice: Write each request in one call (writev, or buffer it), or set
--   TCP_NODELAY on the sending socket; on Linux receivers TCP_QUICKACK helps
--   on the other end.  Check the client library's option (e.g. nodelay in
--   HTTP clients, database drivers).

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'flow:' || st.flow_id, r.severity, r.title,
       printf('%s:%d -> %s:%d: %d of its segments waited for a delayed ACK, '
              || '%s each on average (%s in all, up to %s); %s of the flow''s %s',
              s0.sender, s0.sender_port, s0.receiver, s0.receiver_port, st.n,
              pm_human(st.avg_us / 1e6, 's'), pm_human(st.sum_us / 1e6, 's'),
              pm_human(st.max_us / 1e6, 's'),
              printf('%d%%', CAST(round(100.0 * st.sum_us / max(fs.duration_us, 1)) AS INTEGER)),
              pm_human(fs.duration_us / 1e6, 's')),
       r.advice, (SELECT host_id FROM source WHERE source_id = s0.source_id),
       st.first_us, st.last_us, st.n,
       printf('SELECT * FROM v_tcp_stall WHERE flow_id = %d ORDER BY ts', st.flow_id)
FROM (SELECT flow_id, count(*) AS n, avg(delay_us) AS avg_us, sum(delay_us) AS sum_us,
             max(delay_us) AS max_us, min(ts_us) AS first_us, max(ts_us) AS last_us,
             min(stall_id) AS first_stall
      FROM tcp_stall GROUP BY flow_id) st
JOIN v_tcp_stall s0 ON s0.stall_id = st.first_stall
JOIN tcp_flow_stats fs ON fs.flow_id = st.flow_id, rule_ctx r
WHERE st.first_us <= r.to_us AND st.last_us >= r.from_us;

INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'effect', 'tcp_stall', s.stall_id,
       printf('held %s', pm_human(s.delay_us / 1e6, 's'))
FROM finding f JOIN tcp_stall s ON f.key = 'flow:' || s.flow_id
WHERE f.rule = 'tcp_nagle_stall';

-- @explain
SELECT flow_id, stalls, round(stall_us / 1000.0, 1) AS stall_ms, rtt_samples,
       round(rtt_avg_us / 1000.0, 3) AS rtt_avg_ms, retransmits, mss
FROM tcp_flow_stats ORDER BY stalls DESC, flow_id;
