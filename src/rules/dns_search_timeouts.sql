-- name: dns_search_timeouts
-- severity: medium
-- title: Slow name resolution: search-domain walks and resolver timeouts
-- means: Name lookups were slow for a reason outside the application: the
--   resolver tried the name with each search domain of resolv.conf first
--   (ndots), asked AAAA before or instead of A, or waited for a resolver
--   that did not answer before trying the next one.
-- advice: Use fully qualified names (a trailing dot) or lower ndots; remove
--   or fix the dead resolver (resolv.conf order, 'options timeout:1
--   attempts:2 rotate'); run a local caching resolver; for AAAA-first
--   delays without IPv6, check the application's address family.

INSERT INTO finding(rule, key, severity, title, summary, advice, host_id,
                    start_us, end_us, score, evidence_sql)
SELECT r.name, 'dns:' || d.lookup_id,
       -- a walk that cost a millisecond is worth knowing, not worth a page
       CASE WHEN coalesce(d.first_answer_us, d.last_us - d.first_us) >= 100000
            THEN r.severity ELSE 'low' END, r.title,
       printf('looking up %s took %s: %s',
              d.name, pm_human(coalesce(d.first_answer_us, d.last_us - d.first_us) / 1e6, 's'),
              trim(CASE WHEN d.timeouts > 0 THEN printf('%d queries were never answered '
                                || '(resolvers asked: %d, retries: %d); ', d.timeouts,
                                d.servers, d.retries) ELSE '' END
                   || CASE WHEN d.search_expansions > 0 THEN printf('%d search-domain '
                                || 'names were tried (%s); ', d.search_expansions,
                                d.names_tried) ELSE '' END
                   || CASE WHEN d.aaaa_only THEN 'only AAAA was asked; '
                           WHEN d.aaaa_first THEN 'AAAA was asked before A; ' ELSE '' END
                   || CASE WHEN d.answered THEN 'it was answered' ELSE 'it never got an answer' END)),
       r.advice, (SELECT host_id FROM source WHERE source_id = d.source_id),
       d.first_us, d.last_us, coalesce(d.first_answer_us, d.last_us - d.first_us) / 1e6,
       printf('SELECT * FROM dns_query WHERE ts_us BETWEEN %d AND %d ORDER BY ts_us',
              d.first_us, d.last_us)
FROM dns_lookup d, rule_ctx r
WHERE (d.timeouts > 0 OR d.search_expansions > 0 OR d.aaaa_only)
  AND d.first_us <= r.to_us AND d.last_us >= r.from_us;

INSERT INTO finding_evidence(finding_id, role, ref_table, ref_id, note)
SELECT f.finding_id, 'effect', 'dns_lookup', d.lookup_id, d.names_tried
FROM finding f JOIN dns_lookup d ON f.key = 'dns:' || d.lookup_id
WHERE f.rule = 'dns_search_timeouts';

-- @explain
SELECT lookup_id, name, queries, names_tried, search_expansions, qtypes, retries,
       timeouts, servers, answered, round(first_answer_us / 1000.0, 1) AS answer_ms
FROM dns_lookup ORDER BY first_us;
