/*
 * store_strings.c - writes dump_string rows: how often each string occurs
 * in a dump, per region (issue 4; src/schema.sql, "dump_string (strings
 * engine)").  Fills sink->dump_string in store_strings_sink(); see store.h.
 *
 * Strings are bound with their length, never as C strings: they are data.
 * The strings engine only produces printable ASCII, stored as TEXT so SQL
 * literals compare with it; a record holding any other byte (another
 * producer) is stored as a BLOB rather than as invalid text.
 */
#include "store.h"

static int is_plain(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c != '\t' && (c < 0x20 || c > 0x7e))
			return 0;
	}
	return 1;
}

static int string_write(struct sink *s, const struct string_rec *r)
{
	struct store *st = s->ctx;
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_string (dump_id, segment_id, region, encoding,"
		" text, length, count, bytes, exact, err_bound)"
		" VALUES (?,?,?,?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->dump);
	if (r->segment > 0)
		sqlite3_bind_int64(q, 2, r->segment);
	sqlite3_bind_text(q, 3, r->region ? r->region : "all", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, r->encoding ? r->encoding : "ascii", -1,
			  SQLITE_TRANSIENT);
	if (r->text && is_plain(r->text, r->len))
		sqlite3_bind_text(q, 5, r->text, (int)r->len, SQLITE_TRANSIENT);
	else if (r->text)
		sqlite3_bind_blob(q, 5, r->text, (int)r->len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 6, !r->text ? 0 : (sqlite3_int64)(r->run_len ? r->run_len : r->len));
	sqlite3_bind_int64(q, 7, (sqlite3_int64)r->count);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)r->bytes);
	sqlite3_bind_int(q, 9, r->exact != 0);
	sqlite3_bind_int64(q, 10, (sqlite3_int64)r->err_bound);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_fail(st, "insert dump_string");
	store_count_row(st);
	return 0;
}

void store_strings_sink(struct store *st, struct sink *s)
{
	(void)st;
	s->dump_string = string_write;
}
