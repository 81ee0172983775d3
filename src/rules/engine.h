/*
 * engine.h - the rule engine: detectors, then rules.
 *
 * A rule is an SQL file: a header of `-- key: value` lines (name,
 * severity, title, means, advice; a value may continue on following
 * `--   ` lines), then SQL statements that read events and raw tables and
 * insert `finding`, `finding_evidence` and `causal_link` rows, and
 * optionally, after a line `-- @explain`, SELECTs that show what the rule
 * looked at (`pmortem analyze --explain NAME`).  While a rule runs, the
 * temporary table `rule_ctx` holds one row: name, severity, title, means,
 * advice, from_us, to_us (the --window).  The shipped rules are
 * src/rules/NAME.sql, compiled in; --rules DIR adds the user's.
 * docs/RULES.md teaches how to write one.
 */
#ifndef PMORTEM_ENGINE_H
#define PMORTEM_ENGINE_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

struct rule {
	char *name, *severity, *title, *means, *advice;
	char *body;              /* the SQL that inserts findings */
	char *explain;           /* the SELECTs after -- @explain, or NULL */
	char *origin;            /* "shipped" or the file's path */
};

struct rule_set {
	struct rule *rules;
	size_t n, cap;
};

/* Load the shipped rules and, when dir is not NULL, every *.sql in it (a
 * user rule with a shipped rule's name replaces it).  Errors name the
 * file and line; returns 0 or -1. */
int rules_load(struct rule_set *rs, const char *dir);
void rules_release(struct rule_set *rs);

struct analyze_opts {
	const char *rules_dir;
	const char *detect_config;
	int64_t from_us, to_us;
};

struct analyze_stats {
	int64_t series, samples, events, findings, links;
	int rules, rules_failed;
};

/* Detectors then every rule, in one transaction that replaces the
 * previous analysis.  Returns 0, 1 when a rule failed (the others ran),
 * -1 on a fatal error. */
int analyze_run(sqlite3 *db, const struct analyze_opts *o, struct analyze_stats *as);

/* Run a rule's explain SELECTs and print their rows to f as tables. */
int rule_explain(sqlite3 *db, const struct rule *r, const struct analyze_opts *o, FILE *f);

#endif
