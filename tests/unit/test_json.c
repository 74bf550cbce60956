/* SPDX-License-Identifier: PostgreSQL */
/* Unit tests for json: the string escaper and the DOM parser. */
#include <stdlib.h>
#include <string.h>

#include "safepg/json.h"
#include "safepg/strbuf.h"
#include "tap.h"
#include "safepg/banned.h"

static void escape_is(const char *in, size_t len, const char *want, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	json_escape(&sb, in, len);
	is_str(sb.buf, want, "escape: %s", name);
	strbuf_release(&sb);
}

static int parses(const char *text)
{
	struct json_value *v = NULL;
	char *cause = NULL;
	int r = json_parse(text, strlen(text), &v, &cause);

	json_free(v);
	free(cause);
	return r == 0;
}

int main(void)
{
	struct json_value *root = NULL;
	const struct json_value *a;
	char *cause = NULL;
	const char *s;
	size_t len;
	long long n;
	double d;
	int b;
	static const char doc[] =
		" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
		" \"b\": {\"c\": \"d\"}, \"a\": 7, \"nul\": \"x\\u0000y\"} ";

	escape_is("plain", 5, "\"plain\"", "plain text");
	escape_is("a\"b\\c", 5, "\"a\\\"b\\\\c\"", "quote and backslash");
	escape_is("\n\t\r\b\f\x01", 6, "\"\\n\\t\\r\\b\\f\\u0001\"", "control characters");
	escape_is("\xc3\xa9", 2, "\"\xc3\xa9\"", "valid UTF-8 passes through");
	escape_is("\xff", 1, "\"\\ufffd\"", "an invalid byte becomes U+FFFD");
	escape_is("a\0b", 3, "\"a\\u0000b\"", "a NUL byte is escaped");
	escape_is("\xe2\x80\xa8", 3, "\"\\u2028\"", "U+2028 is escaped");

	ok(json_parse(doc, sizeof(doc) - 1, &root, &cause) == 0, "parse a document");
	is_int(json_typeof(root), JSON_OBJECT, "root is an object");
	is_int(json_count(root), 4, "four members");
	a = json_get(root, "a");
	is_int(json_typeof(a), JSON_ARRAY, "json_get returns the first of duplicate keys");
	is_int(json_count(a), 6, "six elements");
	ok(json_int(json_at(a, 0), &n) == 0 && n == 1, "integer");
	ok(json_number(json_at(a, 1), &d) == 0 && d == -2500.0, "number with exponent");
	ok(json_int(json_at(a, 1), &n) < 0, "a non-integral number is not an int");
	ok(json_bool(json_at(a, 2), &b) == 0 && b == 1, "true");
	ok(json_bool(json_at(a, 3), &b) == 0 && b == 0, "false");
	is_int(json_typeof(json_at(a, 4)), JSON_NULL, "null");
	s = json_str(json_at(a, 5), &len);
	is_str(s, "x\xc3\xa9\xf0\x9f\x98\x80\n", "escapes and a surrogate pair decoded");
	ok(json_at(a, 6) == NULL, "out of range is NULL");
	is_str(json_get_str(json_get(root, "b"), "c"), "d", "nested object");
	s = json_str(json_get(root, "nul"), &len);
	ok(s && len == 3 && s[1] == '\0', "a string may hold NUL");
	ok(json_get(root, "missing") == NULL, "missing key");
	ok(json_get(a, "x") == NULL && json_at(root, 0) == NULL, "wrong-type access is NULL");
	json_free(root);

	ok(json_parse("{\"a\" 1}", 7, &root, &cause) < 0 && root == NULL, "missing colon fails");
	ok(cause && strstr(cause, "offset"), "the error names the offset");
	free(cause);
	cause = NULL;
	ok(!parses("[1,]"), "trailing comma fails");
	ok(!parses("[1] x"), "text after the document fails");
	ok(!parses("\"\\ud800\""), "a lone surrogate fails");
	ok(!parses("\"\xff\""), "invalid UTF-8 fails");
	ok(!parses("01"), "a leading zero fails");
	ok(!parses(""), "empty input fails");
	ok(parses("  \"\"  "), "an empty string document");
	ok(json_parse_ex("\"\xff\"", 3, JSON_LENIENT_UTF8, 0, &root, NULL) == 0,
	   "lenient UTF-8 keeps bad bytes");
	json_free(root);
	ok(json_parse_ex("[[[[1]]]]", 9, 0, 3, &root, NULL) < 0, "the depth limit holds");
	json_free(root);
	{
		struct strbuf deep = STRBUF_INIT;
		int i;

		for (i = 0; i < JSON_MAX_DEPTH + 10; i++)
			strbuf_addch(&deep, '[');
		ok(!parses(deep.buf), "nesting deeper than JSON_MAX_DEPTH fails without a crash");
		strbuf_release(&deep);
	}
	return tap_done();
}
