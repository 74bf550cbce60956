/* SPDX-License-Identifier: PostgreSQL */
/* Unit tests for strbuf and strvec. */
#include <stdlib.h>
#include <string.h>

#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "tap.h"

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec sv = STRVEC_INIT;
	char *d;
	size_t len;

	is_str(sb.buf, "", "initial buffer is the empty string");
	strbuf_addstr(&sb, "hello");
	strbuf_addch(&sb, ' ');
	strbuf_addf(&sb, "%s %d", "world", 42);
	is_str(sb.buf, "hello world 42", "addstr, addch, addf");
	is_int(sb.len, 14, "length follows");
	strbuf_insert(&sb, 0, ">>", 2);
	strbuf_remove(&sb, 7, 6);
	is_str(sb.buf, ">>hello 42", "insert and remove");
	strbuf_reset(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%04d", i);
	is_int(sb.len, 4000, "grows past many doublings");
	ok(!memcmp(sb.buf + 3996, "0999", 4), "content after growth");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "  \t spaced \n ");
	strbuf_trim(&sb);
	is_str(sb.buf, "spaced", "trim both ends");
	d = strbuf_detach(&sb, &len);
	is_str(d, "spaced", "detach hands the string over");
	is_int(len, 6, "detach reports the length");
	is_str(sb.buf, "", "buffer is empty after detach");
	free(d);
	strbuf_add(&sb, "a\0b", 3);
	is_int(sb.len, 3, "embedded NUL kept");
	strbuf_release_secret(&sb);
	is_int(sb.len, 0, "release_secret empties");

	strbuf_addquoted(&sb, "a\"b\\c\n", 6, 60);
	is_str(sb.buf, "\"a\\\"b\\\\c\\x0a\"", "addquoted escapes quotes, backslashes, controls");
	strbuf_reset(&sb);
	strbuf_addquoted(&sb, "abcdefghij", 10, 8);
	is_str(sb.buf, "\"abcde...\"", "addquoted cuts long text to max with ...");
	strbuf_reset(&sb);
	strbuf_addquoted(&sb, "ab\xc3\xa9\xc3\xa9", 6, 6);
	is_str(sb.buf, "\"ab\xc3\xa9\xc3\xa9\"", "addquoted keeps text of exactly max bytes");
	strbuf_reset(&sb);
	strbuf_addquoted(&sb, "a\xc3\xa9\xc3\xa9xyz", 8, 6);
	is_str(sb.buf, "\"a\xc3\xa9...\"", "addquoted cuts on a UTF-8 boundary");
	strbuf_release(&sb);

	ok(sv.v[0] == NULL && sv.n == 0, "empty strvec is NULL-terminated");
	strvec_push(&sv, "one");
	strvec_pushf(&sv, "t%s", "wo");
	strvec_push_unique(&sv, "one");
	strvec_pushn(&sv, "threeXXX", 5);
	is_int(sv.n, 3, "push_unique skips duplicates");
	is_str(sv.v[1], "two", "pushf");
	is_str(sv.v[2], "three", "pushn");
	ok(sv.v[3] == NULL, "NULL-terminated after pushes");
	ok(strvec_contains(&sv, "two") && !strvec_contains(&sv, "four"), "contains");
	strvec_clear(&sv);
	is_int(sv.n, 0, "clear empties");
	return tap_done();
}
