/*
 * util_json.h - a small pull tokenizer for JSON, bounded in depth and
 * string size, over a struct input (mapped or streamed).
 *
 * Importers of JSON output (sadf -j, ...) read token by token and keep
 * only what they need, so a file of any size costs a fixed buffer.  No
 * external library: the grammar is small, and owning it lets every limit
 * and every error message be ours (`path:line: message`).
 *
 * The reader checks the grammar (commas, colons, keys only in objects,
 * balanced brackets, one top-level value), decodes string escapes
 * (\uXXXX incl. surrogate pairs to UTF-8) and hands numbers over as text,
 * so the caller parses them exactly (num_parse).
 */
#ifndef PMORTEM_UTIL_JSON_H
#define PMORTEM_UTIL_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"

enum json_tok {
	JSON_ERROR = -1,         /* jr->err says why, at jr->line */
	JSON_END = 0,            /* end of input after the top-level value */
	JSON_OBJ,                /* { */
	JSON_OBJ_END,            /* } */
	JSON_ARR,                /* [ */
	JSON_ARR_END,            /* ] */
	JSON_KEY,                /* a member name: text in jr->str */
	JSON_STRING,             /* text in jr->str (decoded, NUL-terminated) */
	JSON_NUMBER,             /* text in jr->str, as written */
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL,
};

#define JSON_MAX_DEPTH 64

struct json_reader {
	struct input *in;
	/* input window: the whole map, or a buffer refilled from in->read */
	const unsigned char *p, *end;
	unsigned char *buf;
	size_t buf_cap;
	int eof;                 /* no more bytes after end */
	int64_t line;            /* 1-based line of the current position */
	int64_t tok_line;        /* line where the last token started */
	/* grammar state */
	unsigned char stack[JSON_MAX_DEPTH]; /* '{' or '[' */
	int depth, max_depth;
	int want;                /* what may come next (private) */
	int done;                /* the top-level value is complete */
	/* the last token's text */
	char *str;
	size_t len, cap, max_len;
	char err[160];
};

/* Start reading `in`: at most max_depth nested containers (<=
 * JSON_MAX_DEPTH) and max_len bytes in a string or number. */
void json_init(struct json_reader *jr, struct input *in, int max_depth,
	       size_t max_len);
void json_release(struct json_reader *jr);
/* The next token (enum json_tok).  After JSON_ERROR every call returns
 * JSON_ERROR again. */
int json_next(struct json_reader *jr);
/* Skip the value whose first token was just returned (a scalar: nothing
 * to do; JSON_OBJ / JSON_ARR: up to its matching end).  Returns 0 or
 * JSON_ERROR. */
int json_skip(struct json_reader *jr, int tok);
/* Depth of the container the reader is in (0 at top level). */
static inline int json_depth(const struct json_reader *jr) { return jr->depth; }

#endif
