/*
 * engine.c - load rules, run the detectors and the rules; see engine.h.
 *
 * Each rule runs inside a SAVEPOINT: a rule whose SQL fails is rolled back
 * alone and reported, and the others still run.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "engine.h"
#include "tcp_stall.h"
#include "tabout.h"
#include "util.h"

struct shipped_rule {
	const char *name;
	const char *sql;
};
extern const struct shipped_rule pm_shipped_rules[];

static char **header_field(struct rule *r, const char *key, size_t n)
{
	if (n == 4 && !memcmp(key, "name", 4)) return &r->name;
	if (n == 8 && !memcmp(key, "severity", 8)) return &r->severity;
	if (n == 5 && !memcmp(key, "title", 5)) return &r->title;
	if (n == 5 && !memcmp(key, "means", 5)) return &r->means;
	if (n == 6 && !memcmp(key, "advice", 6)) return &r->advice;
	return NULL;
}

static void append(char **dst, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;

	*dst = xrealloc(*dst, old + n + 2);
	if (old)
		(*dst)[old++] = ' ';
	memcpy(*dst + old, s, n);
	(*dst)[old + n] = '\0';
}

/* Parse one rule's text; origin names it in errors. */
static int rule_parse(struct rule *r, const char *text, const char *origin)
{
	const char *p = text, *body = NULL, *explain = NULL;
	char **last = NULL;
	int lineno = 0;

	memset(r, 0, sizeof(*r));
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		lineno++;
		if (len >= 2 && !memcmp(p, "--", 2)) {
			const char *s = p + 2, *e = p + len;
			const char *colon;

			while (s < e && *s == ' ')
				s++;
			if (e - s >= 8 && !memcmp(s, "@explain", 8)) {
				explain = eol ? eol + 1 : p + len;
				break;
			}
			colon = memchr(s, ':', (size_t)(e - s));
			if (!body && colon && header_field(r, s, (size_t)(colon - s))) {
				char **f = header_field(r, s, (size_t)(colon - s));
				const char *v = colon + 1;

				while (v < e && *v == ' ')
					v++;
				free(*f);
				*f = xstrndup(v, (size_t)(e - v));
				last = f;
			} else if (!body && last && p + 2 < e && p[2] == ' ' && p[3] == ' ') {
				append(last, s, (size_t)(e - s));   /* continuation */
			} else {
				last = NULL;
			}
		} else if (!body && len > 0) {
			body = p;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	if (!r->name || !r->severity || !r->title) {
		fprintf(stderr, "pmortem: %s: rule header needs name, severity and "
			"title\n", origin);
		return -1;
	}
	if (strcmp(r->severity, "critical") && strcmp(r->severity, "high") &&
	    strcmp(r->severity, "medium") && strcmp(r->severity, "low") &&
	    strcmp(r->severity, "info")) {
		fprintf(stderr, "pmortem: %s: severity '%s' is not critical, high, "
			"medium, low or info\n", origin, r->severity);
		return -1;
	}
	if (!body) {
		fprintf(stderr, "pmortem: %s: rule '%s' has no SQL\n", origin, r->name);
		return -1;
	}
	r->body = explain ? xstrndup(body, (size_t)(explain - body)) : xstrdup(body);
	r->explain = explain && *explain ? xstrdup(explain) : NULL;
	r->origin = xstrdup(origin);
	if (!r->means)
		r->means = xstrdup("");
	if (!r->advice)
		r->advice = xstrdup("");
	return 0;
}

static void rule_free(struct rule *r)
{
	free(r->name);
	free(r->severity);
	free(r->title);
	free(r->means);
	free(r->advice);
	free(r->body);
	free(r->explain);
	free(r->origin);
}

static void add_rule(struct rule_set *rs, struct rule *r)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].name, r->name)) {
			rule_free(&rs->rules[i]);
			rs->rules[i] = *r;
			return;
		}
	rs->rules = xgrow(rs->rules, &rs->cap, rs->n + 1, sizeof(*rs->rules));
	rs->rules[rs->n++] = *r;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		buf = xgrow(buf, &cap, len + 4096, 1);
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0 && len < (8u << 20));
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int cmp_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int rules_load(struct rule_set *rs, const char *dir)
{
	struct rule r;
	struct dirent **ents;
	int n, bad = 0;

	memset(rs, 0, sizeof(*rs));
	for (size_t i = 0; pm_shipped_rules[i].name; i++) {
		char *origin = xasprintf("src/rules/%s.sql", pm_shipped_rules[i].name);

		if (rule_parse(&r, pm_shipped_rules[i].sql, origin) == 0)
			add_rule(rs, &r);
		else
			bad = 1;
		free(origin);
	}
	if (!dir)
		return bad ? -1 : 0;
	n = scandir(dir, &ents, NULL, cmp_name);
	if (n < 0) {
		fprintf(stderr, "pmortem: %s: cannot read rules directory\n", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 4 && !strcmp(ents[i]->d_name + len - 4, ".sql")) {
			char *path = xasprintf("%s/%s", dir, ents[i]->d_name);
			char *text = slurp(path);

			if (!text) {
				fprintf(stderr, "pmortem: %s: cannot read\n", path);
				bad = 1;
			} else if (rule_parse(&r, text, path) == 0) {
				add_rule(rs, &r);
			} else {
				bad = 1;
			}
			free(text);
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
	return bad ? -1 : 0;
}

void rules_release(struct rule_set *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->rules[i]);
	free(rs->rules);
	memset(rs, 0, sizeof(*rs));
}

static int exec(sqlite3 *db, const char *sql, const char *what)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "pmortem: %s: %s\n", what, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int set_ctx(sqlite3 *db, const struct rule *r, const struct analyze_opts *o)
{
	sqlite3_stmt *s;
	int rc;

	if (exec(db, "CREATE TEMP TABLE IF NOT EXISTS rule_ctx(name, severity, "
		 "title, means, advice, from_us, to_us); DELETE FROM rule_ctx",
		 "rule_ctx") < 0)
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO rule_ctx VALUES (?1,?2,?3,?4,?5,?6,?7)",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->means, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->advice, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, o->from_us);
	sqlite3_bind_int64(s, 7, o->to_us);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int analyze_run(sqlite3 *db, const struct analyze_opts *o, struct analyze_stats *as)
{
	struct detect_opts dopt = { o->detect_config, o->from_us, o->to_us };
	struct detect_stats ds;
	struct rule_set rs;
	int ret = 0;

	memset(as, 0, sizeof(*as));
	if (rules_load(&rs, o->rules_dir) < 0) {
		rules_release(&rs);
		return -1;
	}
	if (exec(db, "BEGIN", "begin") < 0)
		goto fatal;
	if (exec(db, "DELETE FROM causal_link; DELETE FROM finding_evidence; "
		 "DELETE FROM finding;", "clear findings") < 0 ||
	    detect_run(db, &dopt, &ds) < 0)
		goto rollback;
	/* captures: TCP stalls and per-flow figures, DNS lookups (tables the
	 * rules can join) */
	if (tcp_stall_analyze(db, 0, NULL) < 0 || dns_lookup_analyze(db, 0) < 0)
		goto rollback;
	as->series = ds.series;
	as->samples = ds.samples;
	as->events = ds.events;
	for (size_t i = 0; i < rs.n; i++) {
		const struct rule *r = &rs.rules[i];
		char *what = xasprintf("rule '%s' (%s)", r->name, r->origin);

		as->rules++;
		if (exec(db, "SAVEPOINT rule", what) < 0 || set_ctx(db, r, o) < 0) {
			free(what);
			goto rollback;
		}
		if (exec(db, r->body, what) < 0) {
			as->rules_failed++;
			ret = 1;
			exec(db, "ROLLBACK TO rule", what);
		}
		exec(db, "RELEASE rule", what);
		free(what);
	}
	as->findings = count(db, "SELECT count(*) FROM finding");
	as->links = count(db, "SELECT count(*) FROM causal_link");
	if (exec(db, "COMMIT", "commit") < 0)
		goto rollback;
	rules_release(&rs);
	return ret;
rollback:
	exec(db, "ROLLBACK", "rollback");
fatal:
	rules_release(&rs);
	return -1;
}

int rule_explain(sqlite3 *db, const struct rule *r, const struct analyze_opts *o, FILE *f)
{
	const char *tail = r->explain;

	fprintf(f, "rule %s (%s): %s\n", r->name, r->severity, r->title);
	fprintf(f, "means: %s\n", r->means);
	if (!tail) {
		fprintf(f, "(this rule has no -- @explain queries)\n");
		return 0;
	}
	if (set_ctx(db, r, o) < 0)
		return -1;
	while (tail && *tail) {
		sqlite3_stmt *s = NULL;
		int ncol, rc;

		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK) {
			fprintf(stderr, "pmortem: rule '%s' explain: %s\n", r->name,
				sqlite3_errmsg(db));
			return -1;
		}
		if (!s)
			break;
		ncol = sqlite3_column_count(s);
		const char **names = xcalloc((size_t)ncol + 1, sizeof(char *));
		struct tab_cell *cells = xcalloc((size_t)ncol + 1, sizeof(*cells));
		struct tabout t;

		for (int i = 0; i < ncol; i++)
			names[i] = sqlite3_column_name(s, i);
		fputc('\n', f);
		tab_init(&t, f, TAB_TABLE, (size_t)ncol, names);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			for (int i = 0; i < ncol; i++) {
				int ty = sqlite3_column_type(s, i);

				if (ty == SQLITE_NULL)
					cells[i] = tab_null();
				else if (ty == SQLITE_INTEGER)
					cells[i] = tab_int(sqlite3_column_int64(s, i));
				else if (ty == SQLITE_FLOAT)
					cells[i] = tab_real(sqlite3_column_double(s, i), 3);
				else
					cells[i] = tab_textn((const char *)sqlite3_column_text(s, i),
							     (size_t)sqlite3_column_bytes(s, i));
			}
			tab_row(&t, cells);
		}
		tab_finish(&t);
		free(names);
		free(cells);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "pmortem: rule '%s' explain: %s\n", r->name,
				sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}
