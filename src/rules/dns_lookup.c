/*
 * dns_lookup.c - group DNS queries into lookups as a client lived them.
 *
 * A resolver turns one name into several queries: A and AAAA together
 * (or AAAA alone), the search list walked name.search.domain by name while
 * the answers say NXDomain, the same query again to the next nameserver
 * after a timeout.  Reading the dns_query view in time order, a query joins
 * an open lookup of the same client when it comes from a socket (client
 * port) the lookup used, or, while the lookup is not done, when it asks a
 * name the lookup already asked or, before any positive answer, a name
 * sharing its first label (the search-list walk).  A lookup is done once
 * it has records and no response is outstanding, and closes after 30 s of
 * silence.  Each lookup becomes one dns_lookup row: names tried, search
 * expansions, A/AAAA order, retries, timeouts, resolvers asked, and the
 * time from its first query to its first answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/tcp_stall.h"
#include "util.h"

#define WINDOW_US 30000000LL
#define TEXT_CAP 1024

struct lookup {
	int64_t source_id;
	char client[64];
	char first_label[64];
	char name[256];          /* answered name, else the last asked */
	char names[TEXT_CAP];    /* ' '-separated, in order */
	char qtypes[64];
	char pairs[TEXT_CAP];    /* "type name|" seen, for retries */
	char servers[256];       /* '|'-separated */
	char ports[256];         /* client ports used, '|'-separated */
	char rcode[16];
	char answers[256];
	int64_t first_us, last_us, first_answer_us;
	int64_t done_us;         /* the last response so far */
	int queries, nnames, retries, timeouts, nservers, answered;
	int a_asked, aaaa_asked, aaaa_first;
	int pending_on_name;     /* unanswered queries for `name` */
	int open;
};

static void label1(const char *name, char *out, size_t cap)
{
	size_t n = strcspn(name, ".");

	if (n >= cap)
		n = cap - 1;
	memcpy(out, name, n);
	out[n] = '\0';
}

/* Is word in the sep-separated list? */
static int in_list(const char *list, const char *word, char sep)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		const char *e = strchr(p, sep);
		size_t k = e ? (size_t)(e - p) : strlen(p);

		if (k == n && !memcmp(p, word, n))
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static void append(char *list, size_t cap, const char *word, char sep)
{
	size_t n = strlen(list), k = strlen(word);

	if (n + k + 2 > cap)
		return;
	if (n)
		list[n++] = sep;
	memcpy(list + n, word, k + 1);
}

static int write_lookup(sqlite3 *db, sqlite3_stmt *ins, const struct lookup *l)
{
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	sqlite3_bind_int64(ins, 1, l->source_id);
	sqlite3_bind_text(ins, 2, l->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, l->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, l->first_us);
	sqlite3_bind_int64(ins, 5, l->last_us);
	sqlite3_bind_int(ins, 6, l->queries);
	sqlite3_bind_text(ins, 7, l->names, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 8, l->nnames - 1);
	sqlite3_bind_text(ins, 9, l->qtypes, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 10, l->aaaa_first);
	sqlite3_bind_int(ins, 11, l->aaaa_asked && !l->a_asked);
	sqlite3_bind_int(ins, 12, l->retries);
	sqlite3_bind_int(ins, 13, l->timeouts);
	sqlite3_bind_int(ins, 14, l->nservers);
	sqlite3_bind_int(ins, 15, l->answered);
	if (l->rcode[0])
		sqlite3_bind_text(ins, 16, l->rcode, -1, SQLITE_STATIC);
	if (l->answers[0])
		sqlite3_bind_text(ins, 17, l->answers, -1, SQLITE_STATIC);
	if (l->answered)
		sqlite3_bind_int64(ins, 18, l->first_answer_us);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		fprintf(stderr, "pmortem: insert dns_lookup: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int64_t dns_lookup_analyze(sqlite3 *db, int64_t source_id)
{
	sqlite3_stmt *del = NULL, *sel = NULL, *ins = NULL;
	struct lookup *ls = NULL;
	size_t nl = 0, cap = 0;
	int64_t written = 0;
	int rc = 0, step = SQLITE_DONE;

	if (sqlite3_exec(db, "SAVEPOINT dns_lookup", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "pmortem: savepoint: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_prepare_v2(db, "DELETE FROM dns_lookup WHERE ?1 = 0 OR "
			       "source_id = ?1", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"SELECT source_id, ts_us, client, server, qtype, name, rcode, an, "
		"answers, rtt_us, client_port FROM dns_query WHERE (?1 = 0 OR source_id = ?1) "
		"AND name IS NOT NULL AND ts_us IS NOT NULL "
		"ORDER BY source_id, ts_us, dns_id", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"INSERT INTO dns_lookup(source_id, client, name, first_us, last_us, "
		"queries, names_tried, search_expansions, qtypes, aaaa_first, "
		"aaaa_only, retries, timeouts, servers, answered, rcode, answers, "
		"first_answer_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "pmortem: prepare dns lookup: %s\n", sqlite3_errmsg(db));
		rc = -1;
	}
	if (rc == 0) {
		sqlite3_bind_int64(del, 1, source_id);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = -1;
		sqlite3_bind_int64(sel, 1, source_id);
	}
	while (rc == 0 && (step = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t src = sqlite3_column_int64(sel, 0);
		int64_t ts = sqlite3_column_int64(sel, 1);
		const char *client = (const char *)sqlite3_column_text(sel, 2);
		const char *server = (const char *)sqlite3_column_text(sel, 3);
		const char *qtype = (const char *)sqlite3_column_text(sel, 4);
		const char *name = (const char *)sqlite3_column_text(sel, 5);
		const char *rcode = (const char *)sqlite3_column_text(sel, 6);
		int an = sqlite3_column_int(sel, 7);
		const char *answers = (const char *)sqlite3_column_text(sel, 8);
		int has_resp = sqlite3_column_type(sel, 9) != SQLITE_NULL;
		int64_t rtt = sqlite3_column_int64(sel, 9);
		char l1[64], pair[300], port[16];
		struct lookup *l = NULL;

		client = client ? client : "";
		server = server ? server : "";
		qtype = qtype ? qtype : "?";
		label1(name, l1, sizeof(l1));
		snprintf(port, sizeof(port), "%d", sqlite3_column_int(sel, 10));
		/* close the lookups that went quiet */
		for (size_t i = 0; i < nl; i++)
			if (ls[i].open && (ls[i].source_id != src ||
					   ts - ls[i].last_us > WINDOW_US))
				ls[i].open = 0;
		for (size_t i = nl; i-- > 0 && !l;) {
			struct lookup *c = &ls[i];

			if (!c->open || strcmp(c->client, client))
				continue;
			/* the same socket: the same resolver call */
			if (in_list(c->ports, port, '|'))
				l = c;
			/* answered and nothing outstanding: done */
			else if (c->answered && ts >= c->done_us)
				continue;
			else if (in_list(c->names, name, ' ') ||
				 (!c->answered && !strcmp(c->first_label, l1)))
				l = c;
		}
		if (!l) {
			ls = xgrow(ls, &cap, nl + 1, sizeof(*ls));
			l = &ls[nl++];
			memset(l, 0, sizeof(*l));
			l->open = 1;
			l->source_id = src;
			snprintf(l->client, sizeof(l->client), "%s", client);
			snprintf(l->first_label, sizeof(l->first_label), "%s", l1);
			l->first_us = ts;
		}
		l->queries++;
		if (ts > l->last_us)
			l->last_us = ts;
		if (!in_list(l->names, name, ' ')) {
			append(l->names, sizeof(l->names), name, ' ');
			l->nnames++;
		}
		if (!in_list(l->qtypes, qtype, ' '))
			append(l->qtypes, sizeof(l->qtypes), qtype, ' ');
		if (!strcmp(qtype, "A")) {
			l->a_asked = 1;
		} else if (!strcmp(qtype, "AAAA")) {
			if (!l->a_asked && !l->aaaa_asked)
				l->aaaa_first = 1;
			l->aaaa_asked = 1;
		}
		snprintf(pair, sizeof(pair), "%s %s", qtype, name);
		if (in_list(l->pairs, pair, '|'))
			l->retries++;
		else
			append(l->pairs, sizeof(l->pairs), pair, '|');
		if (!in_list(l->ports, port, '|'))
			append(l->ports, sizeof(l->ports), port, '|');
		if (!in_list(l->servers, server, '|')) {
			append(l->servers, sizeof(l->servers), server, '|');
			l->nservers++;
		}
		if (!l->answered)
			snprintf(l->name, sizeof(l->name), "%s", name);
		if (!has_resp) {
			l->timeouts++;
		} else {
			if (ts + rtt > l->last_us)
				l->last_us = ts + rtt;
			if (ts + rtt > l->done_us)
				l->done_us = ts + rtt;
			snprintf(l->rcode, sizeof(l->rcode), "%s", rcode ? rcode : "");
			if (an > 0 && !l->answered) {
				l->answered = 1;
				l->first_answer_us = ts + rtt - l->first_us;
				snprintf(l->name, sizeof(l->name), "%s", name);
				snprintf(l->answers, sizeof(l->answers), "%s",
					 answers ? answers : "");
			}
		}
	}
	/* lookups close once answered and quiet: written at the end, in order */
	if (rc == 0 && step != SQLITE_DONE) {
		fprintf(stderr, "pmortem: read dns_query: %s\n", sqlite3_errmsg(db));
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < nl; i++) {
		if (write_lookup(db, ins, &ls[i]) < 0)
			rc = -1;
		else
			written++;
	}
	free(ls);
	sqlite3_finalize(del);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	if (rc < 0) {
		sqlite3_exec(db, "ROLLBACK TO dns_lookup", NULL, NULL, NULL);
		sqlite3_exec(db, "RELEASE dns_lookup", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "RELEASE dns_lookup", NULL, NULL, NULL);
	return written;
}
