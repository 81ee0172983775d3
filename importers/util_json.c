/*
 * util_json.c - the pull tokenizer declared in util_json.h.
 *
 * A byte cursor over the input (the whole map, or a 64 KiB buffer refilled
 * from in->read), a stack of open containers, and a `want` state that says
 * which tokens the grammar allows next.  Token text is copied into one
 * growable buffer with a hard cap (max_len), so nothing from the input
 * decides how much we allocate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "util_json.h"

enum want {
	W_VALUE,                 /* a value (top level, after ':' or ',' in []) */
	W_VALUE_OR_END,          /* after '[' */
	W_KEY,                   /* after ',' in {} */
	W_KEY_OR_END,            /* after '{' */
	W_COMMA_OR_END,          /* after a value inside a container */
	W_DONE,                  /* the top-level value is complete */
};

#define STREAM_CHUNK 65536

void json_init(struct json_reader *jr, struct input *in, int max_depth,
	       size_t max_len)
{
	memset(jr, 0, sizeof(*jr));
	jr->in = in;
	jr->line = 1;
	jr->max_depth = max_depth > 0 && max_depth <= JSON_MAX_DEPTH ?
			max_depth : JSON_MAX_DEPTH;
	jr->max_len = max_len ? max_len : 1 << 20;
	jr->want = W_VALUE;
	if (in->map) {
		jr->p = in->map;
		jr->end = in->map + in->size;
		jr->eof = 1;
	} else {
		jr->buf_cap = STREAM_CHUNK;
		jr->buf = xmalloc(jr->buf_cap);
		jr->p = jr->end = jr->buf;
	}
	jr->cap = 256;
	jr->str = xmalloc(jr->cap);
	jr->str[0] = '\0';
}

void json_release(struct json_reader *jr)
{
	free(jr->buf);
	free(jr->str);
	memset(jr, 0, sizeof(*jr));
}

static int fail(struct json_reader *jr, const char *fmt, const char *arg)
{
	if (!jr->err[0])
		snprintf(jr->err, sizeof(jr->err), fmt, arg);
	jr->want = -1;
	return JSON_ERROR;
}

/* Make at least one byte available: 1, 0 at end of input, -1 on error. */
static int fill(struct json_reader *jr)
{
	ssize_t n;

	if (jr->p < jr->end)
		return 1;
	if (jr->eof)
		return 0;
	do {
		n = jr->in->read(jr->in, jr->buf, jr->buf_cap);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		fail(jr, "read error: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		jr->eof = 1;
		return 0;
	}
	jr->p = jr->buf;
	jr->end = jr->buf + n;
	return 1;
}

/* The next byte, -1 at the end, -2 on a read error. */
static inline int next_byte(struct json_reader *jr)
{
	if (jr->p == jr->end) {
		int r = fill(jr);

		if (r <= 0)
			return r == 0 ? -1 : -2;
	}
	return *jr->p++;
}

static inline int peek_byte(struct json_reader *jr)
{
	if (jr->p == jr->end) {
		int r = fill(jr);

		if (r <= 0)
			return r == 0 ? -1 : -2;
	}
	return *jr->p;
}

static int put(struct json_reader *jr, char c)
{
	if (jr->len >= jr->max_len)
		return -1;
	if (jr->len + 2 > jr->cap) {
		size_t want = jr->cap * 2;

		if (want > jr->max_len + 2)
			want = jr->max_len + 2;
		jr->str = xrealloc(jr->str, want);
		jr->cap = want;
	}
	jr->str[jr->len++] = c;
	jr->str[jr->len] = '\0';
	return 0;
}

static int put_utf8(struct json_reader *jr, uint32_t cp)
{
	if (cp < 0x80)
		return put(jr, (char)cp);
	if (cp < 0x800)
		return put(jr, (char)(0xc0 | (cp >> 6))) |
		       put(jr, (char)(0x80 | (cp & 0x3f)));
	if (cp < 0x10000)
		return put(jr, (char)(0xe0 | (cp >> 12))) |
		       put(jr, (char)(0x80 | ((cp >> 6) & 0x3f))) |
		       put(jr, (char)(0x80 | (cp & 0x3f)));
	return put(jr, (char)(0xf0 | (cp >> 18))) |
	       put(jr, (char)(0x80 | ((cp >> 12) & 0x3f))) |
	       put(jr, (char)(0x80 | ((cp >> 6) & 0x3f))) |
	       put(jr, (char)(0x80 | (cp & 0x3f)));
}

static const char *where(const struct json_reader *jr)
{
	if (jr->depth == 0)
		return "";
	return jr->stack[jr->depth - 1] == '{' ? " inside an object" :
						 " inside an array";
}

static int eof_error(struct json_reader *jr, int c)
{
	if (c == -2)
		return JSON_ERROR;
	return fail(jr, "truncated JSON: unexpected end of input%s", where(jr));
}

static int hex4(struct json_reader *jr, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		int c = next_byte(jr), d;

		if (c < 0)
			return eof_error(jr, c);
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return fail(jr, "invalid \\u escape in a string%s", "");
		v = v * 16 + (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* The limit is formatted only on failure: an snprintf for every string
 * was 7% of a sadf -j import. */
static int too_long(struct json_reader *jr)
{
	char lim[32];

	snprintf(lim, sizeof(lim), "%zu", jr->max_len);
	return fail(jr, "string longer than %s bytes", lim);
}

/* The rest of a string after its opening quote. */
static int read_string(struct json_reader *jr)
{
	jr->len = 0;
	jr->str[0] = '\0';
	for (;;) {
		int c = next_byte(jr);

		if (c < 0)
			return eof_error(jr, c);
		if (c == '"')
			return 0;
		if (c < 0x20) {
			if (c == '\n')
				jr->line++;
			return fail(jr, "control character in a string%s", "");
		}
		if (c == '\\') {
			uint32_t cp;

			c = next_byte(jr);
			if (c < 0)
				return eof_error(jr, c);
			switch (c) {
			case '"': case '\\': case '/': break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u':
				if (hex4(jr, &cp) < 0)
					return JSON_ERROR;
				if (cp >= 0xd800 && cp < 0xdc00) {
					uint32_t lo;

					if (next_byte(jr) != '\\' || next_byte(jr) != 'u' ||
					    hex4(jr, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
						return fail(jr, "unpaired surrogate in a string%s", "");
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				} else if (cp >= 0xdc00 && cp < 0xe000) {
					return fail(jr, "unpaired surrogate in a string%s", "");
				}
				if (put_utf8(jr, cp) < 0)
					return too_long(jr);
				continue;
			default: {
				char e[8];

				snprintf(e, sizeof(e), "%c", c >= 0x20 && c < 0x7f ? c : '?');
				return fail(jr, "invalid escape '\\%s' in a string", e);
			}
			}
		}
		if (put(jr, (char)c) < 0)
			return too_long(jr);
	}
}

/* A number starting with byte c: copied as written, then checked. */
static int read_number(struct json_reader *jr, int c)
{
	size_t i = 0;
	const char *s;
	int digits = 0;

	jr->len = 0;
	jr->str[0] = '\0';
	for (;;) {
		if (put(jr, (char)c) < 0)
			return fail(jr, "number too long%s", "");
		c = peek_byte(jr);
		if (c == -2)
			return JSON_ERROR;
		if (c < 0 || !((c >= '0' && c <= '9') || c == '-' || c == '+' ||
			       c == '.' || c == 'e' || c == 'E'))
			break;
		jr->p++;
	}
	/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
	s = jr->str;
	if (s[i] == '-')
		i++;
	if (s[i] == '0') {
		i++;
	} else {
		for (; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (!digits)
			goto bad;
	}
	if (s[i] == '.') {
		i++;
		digits = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (!digits)
			goto bad;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		digits = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (!digits)
			goto bad;
	}
	if (i == jr->len)
		return 0;
bad:
	return fail(jr, "invalid number '%s'", jr->str);
}

static int literal(struct json_reader *jr, const char *rest, int tok)
{
	for (const char *r = rest; *r; r++) {
		int c = next_byte(jr);

		if (c < 0)
			return eof_error(jr, c);
		if (c != *r)
			return fail(jr, "invalid literal%s", "");
	}
	return tok;
}

/* After a complete value: what the container allows next. */
static void value_done(struct json_reader *jr)
{
	jr->want = jr->depth == 0 ? W_DONE : W_COMMA_OR_END;
}

static int skip_space(struct json_reader *jr)
{
	for (;;) {
		int c = peek_byte(jr);

		if (c < 0)
			return c;
		if (c == '\n')
			jr->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return c;
		jr->p++;
	}
}

static int unexpected(struct json_reader *jr, int c, const char *what)
{
	char msg[96], ch[8];

	if (c >= 0x20 && c < 0x7f)
		snprintf(ch, sizeof(ch), "'%c'", c);
	else
		snprintf(ch, sizeof(ch), "0x%02x", (unsigned)c & 0xff);
	snprintf(msg, sizeof(msg), "unexpected %s, expected %s", ch, what);
	return fail(jr, "%s", msg);
}

int json_next(struct json_reader *jr)
{
	int c;

	if (jr->want < 0)
		return JSON_ERROR;
	c = skip_space(jr);
	jr->tok_line = jr->line;
	if (c == -2)
		return JSON_ERROR;
	if (c == -1) {
		if (jr->want == W_DONE)
			return JSON_END;
		return eof_error(jr, c);
	}
	switch (jr->want) {
	case W_DONE:
		return unexpected(jr, c, "the end of input");
	case W_COMMA_OR_END:
		jr->p++;
		if (c == ',') {
			jr->want = jr->stack[jr->depth - 1] == '{' ? W_KEY : W_VALUE;
			return json_next(jr);
		}
		if ((c == '}' && jr->stack[jr->depth - 1] == '{') ||
		    (c == ']' && jr->stack[jr->depth - 1] == '[')) {
			jr->depth--;
			value_done(jr);
			return c == '}' ? JSON_OBJ_END : JSON_ARR_END;
		}
		return unexpected(jr, c, jr->stack[jr->depth - 1] == '{' ?
				  "',' or '}'" : "',' or ']'");
	case W_KEY_OR_END:
	case W_KEY:
		jr->p++;
		if (c == '}' && jr->want == W_KEY_OR_END) {
			jr->depth--;
			value_done(jr);
			return JSON_OBJ_END;
		}
		if (c != '"')
			return unexpected(jr, c, "a member name");
		if (read_string(jr) < 0)
			return JSON_ERROR;
		c = skip_space(jr);
		if (c < 0)
			return eof_error(jr, c);
		jr->p++;
		if (c != ':')
			return unexpected(jr, c, "':'");
		jr->want = W_VALUE;
		return JSON_KEY;
	case W_VALUE_OR_END:
		if (c == ']') {
			jr->p++;
			jr->depth--;
			value_done(jr);
			return JSON_ARR_END;
		}
		/* fall through */
	case W_VALUE:
		jr->p++;
		switch (c) {
		case '{':
		case '[':
			if (jr->depth >= jr->max_depth) {
				char d[16];

				snprintf(d, sizeof(d), "%d", jr->max_depth);
				return fail(jr, "JSON nested deeper than %s levels", d);
			}
			jr->stack[jr->depth++] = (unsigned char)c;
			jr->want = c == '{' ? W_KEY_OR_END : W_VALUE_OR_END;
			return c == '{' ? JSON_OBJ : JSON_ARR;
		case '"':
			if (read_string(jr) < 0)
				return JSON_ERROR;
			value_done(jr);
			return JSON_STRING;
		case 't':
			value_done(jr);
			return literal(jr, "rue", JSON_TRUE);
		case 'f':
			value_done(jr);
			return literal(jr, "alse", JSON_FALSE);
		case 'n':
			value_done(jr);
			return literal(jr, "ull", JSON_NULL);
		default:
			if (c == '-' || (c >= '0' && c <= '9')) {
				if (read_number(jr, c) < 0)
					return JSON_ERROR;
				value_done(jr);
				return JSON_NUMBER;
			}
			return unexpected(jr, c, "a value");
		}
	}
	return fail(jr, "internal state%s", "");
}

int json_skip(struct json_reader *jr, int tok)
{
	int depth;

	if (tok != JSON_OBJ && tok != JSON_ARR)
		return tok == JSON_ERROR ? JSON_ERROR : 0;
	depth = jr->depth - 1;
	while (jr->depth > depth) {
		int t = json_next(jr);

		if (t == JSON_ERROR || t == JSON_END)
			return JSON_ERROR;
	}
	return 0;
}
