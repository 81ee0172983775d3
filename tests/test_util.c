/*
 * test_util.c - the parsing helpers every importer stands on: exact
 * numbers, dates in every sar %x form, local time to UTC, and the bounded
 * line reader over both the mapped and the stream path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recorder.h"
#include "sha256.h"
#include "util.h"

static void test_num_parse(void **state)
{
	double v;

	assert_int_equal(num_parse("0.17", 4, 0, &v), 0);
	assert_true(v == 0.17);
	assert_int_equal(num_parse("0,17", 4, ',', &v), 0);
	assert_true(v == 0.17);
	assert_int_equal(num_parse("0,17", 4, 0, &v), -1);
	assert_int_equal(num_parse("-12345678.90", 12, 0, &v), 0);
	assert_true(v == -12345678.90);
	assert_int_equal(num_parse("68409.30", 8, 0, &v), 0);
	assert_true(v == strtod("68409.30", NULL));
	assert_int_equal(num_parse("1e3", 3, 0, &v), 0);
	assert_true(v == 1000.0);
	assert_int_equal(num_parse("18446744073709551615", 20, 0, &v), 0);
	assert_true(v == 18446744073709551615.0);
	assert_int_equal(num_parse("", 0, 0, &v), -1);
	assert_int_equal(num_parse("-", 1, 0, &v), -1);
	assert_int_equal(num_parse("1.2.3", 5, 0, &v), -1);
	assert_int_equal(num_parse("12a", 3, 0, &v), -1);
	assert_int_equal(num_parse("1e", 2, 0, &v), -1);
	/* every value a 2-decimal sar column can print round-trips like strtod */
	for (int i = 0; i < 100000; i += 7) {
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d.%02d", i / 100, i % 100);

		assert_int_equal(num_parse(buf, (size_t)n, 0, &v), 0);
		assert_true(v == strtod(buf, NULL));
	}
}

static void test_num_int(void **state)
{
	int64_t i;
	uint64_t u;

	assert_int_equal(num_parse_i64("-9223372036854775808", 20, &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(num_parse_i64("9223372036854775808", 19, &i), -1);
	assert_int_equal(num_parse_u64("18446744073709551616", 20, &u), -1);
	assert_int_equal(num_parse_hex("0x7f00dead", 10, &u), 0);
	assert_true(u == 0x7f00deadULL);
	assert_int_equal(num_parse_hex("0x", 2, &u), -1);
	assert_int_equal(num_parse_hex("12345678901234567", 17, &u), -1);
}

static void test_dates(void **state)
{
	int y, m, d;

	assert_int_equal(parse_date("11/22/26", 8, 0, &y, &m, &d), 0);
	assert_true(y == 2026 && m == 11 && d == 22);
	assert_int_equal(parse_date("11/22/2026", 10, 0, &y, &m, &d), 0);
	assert_true(y == 2026 && m == 11 && d == 22);
	assert_int_equal(parse_date("22.11.2026", 10, 0, &y, &m, &d), 0);
	assert_true(y == 2026 && m == 11 && d == 22);
	assert_int_equal(parse_date("22/11/2026", 10, 0, &y, &m, &d), 0);
	assert_true(y == 2026 && m == 11 && d == 22);
	assert_int_equal(parse_date("2026-11-22", 10, 0, &y, &m, &d), 0);
	assert_true(y == 2026 && m == 11 && d == 22);
	/* ambiguous: MM/DD unless the caller knows the locale writes DD/MM */
	assert_int_equal(parse_date("03/04/2026", 10, 0, &y, &m, &d), 0);
	assert_true(m == 3 && d == 4);
	assert_int_equal(parse_date("03/04/2026", 10, 1, &y, &m, &d), 0);
	assert_true(m == 4 && d == 3);
	assert_int_equal(parse_date("02/30/2026", 10, 0, &y, &m, &d), -1);
	assert_int_equal(parse_date("2026-13-01", 10, 0, &y, &m, &d), -1);
	assert_int_equal(parse_date("2024-02-29", 10, 0, &y, &m, &d), 0);
	assert_int_equal(parse_date("2025-02-29", 10, 0, &y, &m, &d), -1);
}

static void test_time(void **state)
{
	struct tzconv tc;
	char buf[40];
	int h, mi, s;
	int64_t us;

	assert_true(utc_us(1970, 1, 1, 0, 0, 0, 0) == 0);
	assert_true(utc_us(2026, 11, 22, 8, 33, 21, 0) == 1795336401LL * 1000000);
	fmt_ts(1795336401LL * 1000000 + 5, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-22 08:33:21.000005");
	tzconv_init(&tc, "Europe/Berlin");
	/* CET in November: UTC+1; CEST in July: UTC+2 */
	assert_true(tzconv_local_us(&tc, 2026, 11, 22, 9, 33, 21, 0) ==
		    utc_us(2026, 11, 22, 8, 33, 21, 0));
	assert_true(tzconv_local_us(&tc, 2026, 7, 1, 12, 0, 0, 0) ==
		    utc_us(2026, 7, 1, 10, 0, 0, 0));
	assert_true(tzconv_local_us(&tc, 2026, 2, 30, 12, 0, 0, 0) == TS_UNKNOWN);
	tzconv_init(&tc, NULL);
	assert_true(tzconv_local_us(&tc, 2026, 7, 1, 12, 0, 0, 0) ==
		    utc_us(2026, 7, 1, 12, 0, 0, 0));
	assert_int_equal(parse_hms("12:53:21.25 x", 13, &h, &mi, &s, &us), 11);
	assert_true(h == 12 && mi == 53 && s == 21 && us == 250000);
	assert_int_equal(parse_hms("24:00:00", 8, &h, &mi, &s, &us), 0);
}

/* The same text through the mapped and the stream path gives the same
 * lines, numbers and warnings. */
static void read_all(const char *text, size_t len, int stream, size_t max,
		     char *out, size_t cap, struct diag *dg)
{
	struct test_input ti;
	struct lines lr;
	const char *line;
	size_t n, used = 0;

	test_input_mem(&ti, "mem.txt", text, len, stream);
	diag_init(dg, "mem.txt", 0);
	lines_init(&lr, &ti.in, dg, max);
	while (lines_next(&lr, &line, &n) == 1) {
		used += (size_t)snprintf(out + used, cap - used, "%lld:%.*s|",
					 (long long)lr.lineno, (int)n, line);
	}
	lines_release(&lr);
	test_input_release(&ti);
}

static void test_lines(void **state)
{
	static const char text[] = "a\r\nbb\n\nc\0d\nlong line here\nlast";
	char out1[256], out2[256];
	struct diag d1, d2;

	read_all(text, sizeof(text) - 1, 0, 10, out1, sizeof(out1), &d1);
	read_all(text, sizeof(text) - 1, 1, 10, out2, sizeof(out2), &d2);
	assert_string_equal(out1, "1:a|2:bb|3:|6:last|");
	assert_string_equal(out2, out1);
	assert_true(diag_has(&d1, "line with NUL bytes skipped"));
	assert_true(d1.msgs[0].line == 4);
	assert_true(diag_has(&d1, "line longer than 10 bytes skipped"));
	assert_true(d1.msgs[1].line == 5);
	assert_int_equal(d2.nwarn, 2);
	assert_true(d2.msgs[1].line == 5);
	diag_release(&d1);
	diag_release(&d2);
}

/* A line far longer than the stream buffer is skipped without holding it. */
static void test_lines_huge(void **state)
{
	size_t big = 3u << 20;
	char *text = malloc(big + 16);
	char out[64];
	struct diag dg;

	memset(text, 'x', big);
	memcpy(text + big, "\nok\n", 4);
	read_all(text, big + 4, 1, 1024, out, sizeof(out), &dg);
	assert_string_equal(out, "2:ok|");
	assert_int_equal(dg.nwarn, 1);
	assert_true(dg.msgs[0].line == 1);
	diag_release(&dg);
	free(text);
}

static void test_sha256_paths(void **state)
{
	/* the SHA-extension path and the portable one agree on every length */
	unsigned char *buf = malloc(5000);
	char a[65], b[65];

	for (int i = 0; i < 5000; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 5));
	for (size_t len = 0; len < 5000; len += 61) {
		struct sha256 c;

		sha256_force_portable = 0;
		sha256_init(&c);
		sha256_update(&c, buf, len);
		sha256_hex(&c, a);
		sha256_force_portable = 1;
		sha256_init(&c);
		sha256_update(&c, buf, len / 3);
		sha256_update(&c, buf + len / 3, len - len / 3);
		sha256_hex(&c, b);
		assert_string_equal(a, b);
	}
	sha256_force_portable = 0;
	free(buf);
}

static void test_sha256(void **state)
{
	struct sha256 c;
	char hex[65];
	char big[1001];

	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* FIPS 180-2 long message, fed in uneven pieces */
	memset(big, 'a', sizeof(big));
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, big, i % 2 ? 999 : 1001);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num_parse),
		cmocka_unit_test(test_num_int),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_lines_huge),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_sha256_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
