/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for auditrec: timestamps, the line a record becomes, and the
 * chain check finding edited, removed, reordered, inserted and torn lines.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/audit.h"
#include "safepg/json.h"
#include "safepg/sha256.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "tap.h"

static char *ts(long long ms)
{
	struct strbuf sb = STRBUF_INIT;

	auditrec_format_ts(&sb, ms);
	return strbuf_detach(&sb, NULL);
}

static void sample(struct audit_record *r, int i)
{
	static const char *const reasons[] = { "DROP TABLE removes public.orders" };

	audit_record_init(r);
	r->ts_ms = 1795538101123LL + i;
	r->os_user = "ann";
	r->pid = 4242;
	r->seq = (unsigned long long)i + 1;
	r->environment = "production";
	r->host = "db1.example.com";
	r->port = 5432;
	r->database = "shop";
	r->db_user = "ann";
	r->class = CLASS_DESTRUCTIVE;
	r->kind = "DROP TABLE";
	r->statement = "DROP TABLE orders";
	r->decision = i % 2 ? AUDIT_REFUSED : AUDIT_CONFIRMED;
	r->reasons = reasons;
	r->nreasons = 1;
	r->outcome = i % 2 ? AUDIT_NOT_RUN : AUDIT_OK;
	r->rows = i % 2 ? -1 : 0;
}

/* A log of n chained lines, each line kept separately (with its newline). */
static void build_log(struct strvec *lines, int n)
{
	char prev[SHA256_HEX_LEN + 1];
	char *cause = NULL;

	for (int i = 0; i < n; i++) {
		struct audit_record r;
		struct strbuf sb = STRBUF_INIT;

		sample(&r, i);
		if (auditrec_format(&sb, &r, i ? prev : NULL, &cause) < 0) {
			diag("format failed: %s", cause);
			FREE_AND_NULL(cause);
		}
		auditrec_line_hash(sb.buf, sb.len, prev);
		strvec_push(lines, sb.buf);
		strbuf_release(&sb);
	}
}

static char *join(const struct strvec *lines)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < lines->n; i++)
		strbuf_addstr(&sb, lines->v[i]);
	return strbuf_detach(&sb, NULL);
}

/* Verify text; returns the bad line (0 when intact); *msg gets the cause. */
static unsigned long long verify(const char *text, size_t len, unsigned long long *nlines,
				 char **msg)
{
	unsigned long long bad = 0, n = 0;

	*msg = NULL;
	if (auditrec_verify_buf(text, len, &n, &bad, msg) < 0)
		return bad ? bad : (unsigned long long)-1;
	if (nlines)
		*nlines = n;
	return 0;
}

static void replace_line(struct strvec *lines, size_t i, const char *s)
{
	free(lines->v[i]);
	lines->v[i] = xstrdup(s);
}

/* Replace the first occurrence of from with to in s (allocated result). */
static char *subst(const char *s, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(s, from);

	if (!p)
		return xstrdup(s);
	strbuf_add(&sb, s, (size_t)(p - s));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, p + strlen(from));
	return strbuf_detach(&sb, NULL);
}

/* Recompute a line's own "hash" after editing it (what a careful forger does). */
static char *rehash(const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	const char *h = strstr(line, ",\"hash\":\"");
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(line, (size_t)(h - line), hex);
	strbuf_add(&sb, line, (size_t)(h - line));
	strbuf_addf(&sb, ",\"hash\":\"%s\"}\n", hex);
	return strbuf_detach(&sb, NULL);
}

static void test_ts(void)
{
	char *s;

	is_str(s = ts(0), "1970-01-01T00:00:00.000Z", "epoch"); free(s);
	is_str(s = ts(1700000000123LL), "2023-11-14T22:13:20.123Z", "2023 with milliseconds"); free(s);
	is_str(s = ts(951782400000LL), "2000-02-29T00:00:00.000Z", "leap day 2000"); free(s);
	is_str(s = ts(1795538101123LL), "2026-11-24T16:35:01.123Z", "2026"); free(s);
	is_str(s = ts(4102444799999LL), "2099-12-31T23:59:59.999Z", "last millisecond of 2099"); free(s);
}

static void test_format(void)
{
	struct audit_record r;
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v = NULL;
	char *cause = NULL;
	char hex[SHA256_HEX_LEN + 1];
	const char *h;

	sample(&r, 0);
	r.statement = "ALTER ROLE x PASSWORD '********'; -- \"q\"\n\tnext";
	r.sqlstate = "42P01";
	is_int(auditrec_format(&sb, &r, NULL, &cause), 0, "a full record formats");
	ok(sb.len && sb.buf[sb.len - 1] == '\n' && !memchr(sb.buf, '\n', sb.len - 1),
	   "one line, ending in its only newline");
	is_int(json_parse(sb.buf, sb.len, &v, &cause), 0, "the line is valid JSON");
	is_str(json_get_str(v, "ts"), "2026-11-24T16:35:01.123Z", "ts");
	is_str(json_get_str(v, "version"), SAFEPG_VERSION, "version");
	is_str(json_get_str(v, "tool"), "safepg", "tool defaults to safepg");
	is_str(json_get_str(v, "os_user"), "ann", "os_user");
	{
		long long n = 0;

		json_int(json_get(v, "pid"), &n);
		is_int(n, 4242, "pid");
		json_int(json_get(v, "port"), &n);
		is_int(n, 5432, "port");
		json_int(json_get(v, "rows"), &n);
		is_int(n, 0, "rows 0 is written as 0");
		json_int(json_get(v, "seq"), &n);
		is_int(n, 1, "seq");
	}
	is_str(json_get_str(v, "environment"), "production", "environment");
	is_str(json_get_str(v, "host"), "db1.example.com", "host");
	is_str(json_get_str(v, "database"), "shop", "database");
	is_str(json_get_str(v, "db_user"), "ann", "db_user");
	is_str(json_get_str(v, "class"), "destructive", "class");
	is_str(json_get_str(v, "kind"), "DROP TABLE", "kind");
	is_str(json_get_str(v, "statement"), r.statement, "statement round-trips through escaping");
	sha256_hex(r.statement, strlen(r.statement), hex);
	is_str(json_get_str(v, "sha256"), hex, "sha256 is the statement's digest");
	is_str(json_get_str(v, "decision"), "confirmed", "decision");
	is_str(json_str(json_at(json_get(v, "reasons"), 0), NULL), "DROP TABLE removes public.orders",
	       "reasons");
	is_str(json_get_str(v, "outcome"), "ok", "outcome");
	is_str(json_get_str(v, "sqlstate"), "42P01", "sqlstate");
	is_str(json_get_str(v, "prev"),
	       "0000000000000000000000000000000000000000000000000000000000000000",
	       "first line: prev is 64 zeros");
	h = strstr(sb.buf, ",\"hash\":\"");
	sha256_hex(sb.buf, h ? (size_t)(h - sb.buf) : 0, hex);
	is_str(json_get_str(v, "hash"), hex, "hash covers the bytes before ,\"hash\":");
	ok(!memcmp(sb.buf + sb.len - 3, "\"}\n", 3) && h && strlen(h) == 9 + 64 + 3,
	   "hash is the last member");
	json_free(v);
	v = NULL;

	/* Unknowns are null, not zero. */
	strbuf_reset(&sb);
	audit_record_init(&r);
	r.ts_ms = 1;
	r.decision = AUDIT_NO_TTY;
	r.outcome = AUDIT_NOT_RUN;
	r.tool = "pg_dump";
	auditrec_format(&sb, &r, NULL, &cause);
	json_parse(sb.buf, sb.len, &v, NULL);
	ok(json_typeof(json_get(v, "rows")) == JSON_NULL && json_typeof(json_get(v, "port")) == JSON_NULL &&
	   json_typeof(json_get(v, "seq")) == JSON_NULL && json_typeof(json_get(v, "statement")) == JSON_NULL &&
	   json_typeof(json_get(v, "sha256")) == JSON_NULL && json_typeof(json_get(v, "class")) == JSON_NULL &&
	   json_typeof(json_get(v, "sqlstate")) == JSON_NULL,
	   "rows, port, seq, statement, sha256, class and sqlstate not given: null");
	is_int(json_count(json_get(v, "reasons")), 0, "no reasons: empty array");
	is_str(json_get_str(v, "tool"), "pg_dump", "tool as given");
	is_str(json_get_str(v, "decision"), "no_tty", "decision no_tty");
	json_free(v);
	v = NULL;
	ok(verify(sb.buf, sb.len, NULL, &cause) == 0, "a record with nulls verifies");
	free(cause);
	cause = NULL;

	/* Invalid UTF-8 in a statement: logged as U+FFFD, hashed as logged. */
	strbuf_reset(&sb);
	sample(&r, 0);
	r.statement = "SELECT '\xff\xfe'";
	is_int(auditrec_format(&sb, &r, NULL, &cause), 0, "a statement with invalid UTF-8 formats");
	ok(verify(sb.buf, sb.len, NULL, &cause) == 0, "... and verifies");
	free(cause);
	cause = NULL;

	/* Refusals. */
	strbuf_reset(&sb);
	sample(&r, 0);
	r.decision = AUDIT_DECISION_NONE;
	is_int(auditrec_format(&sb, &r, NULL, &cause), -1, "no decision: refused");
	is_str(cause, "audit record has no decision", "... saying so");
	is_int(sb.len, 0, "... and nothing appended");
	FREE_AND_NULL(cause);
	sample(&r, 0);
	r.outcome = AUDIT_OUTCOME_NONE;
	is_int(auditrec_format(&sb, &r, NULL, &cause), -1, "no outcome: refused");
	FREE_AND_NULL(cause);
	sample(&r, 0);
	is_int(auditrec_format(&sb, &r, "abc", &cause), -1, "malformed prev: refused");
	FREE_AND_NULL(cause);
	is_int(auditrec_format(&sb, &r, "ABCDEF0000000000000000000000000000000000000000000000000000000000",
			       &cause), -1, "upper-case prev: refused");
	FREE_AND_NULL(cause);
	r.ts_ms = -5;
	is_int(auditrec_format(&sb, &r, NULL, &cause), -1, "negative time: refused");
	FREE_AND_NULL(cause);
	is_str(auditrec_decision_name(AUDIT_DECLINED), "declined", "decision names");
	is_str(auditrec_outcome_name(AUDIT_PENDING), "pending", "outcome names");
	ok(auditrec_decision_name((enum audit_decision)99) == NULL, "unknown decision: NULL");
	strbuf_release(&sb);
}

static void check_bad(struct strvec *lines, unsigned long long want, const char *want_msg,
		      const char *name)
{
	char *text = join(lines), *msg = NULL;
	unsigned long long bad = verify(text, strlen(text), NULL, &msg);

	is_int(bad, want, "%s: line %llu is named", name, want);
	if (want_msg)
		ok(msg && strstr(msg, want_msg), "%s: message says \"%s\"", name, want_msg);
	if (bad != want || (want_msg && !(msg && strstr(msg, want_msg))))
		diag("message: %s", msg ? msg : "(none)");
	free(msg);
	free(text);
}

static void test_verify(void)
{
	struct strvec lines = STRVEC_INIT;
	unsigned long long n = 0;
	char *text, *msg = NULL, *edited;

	build_log(&lines, 6);
	text = join(&lines);
	is_int(verify(text, strlen(text), &n, &msg), 0, "an intact chain verifies");
	is_int(n, 6, "... counting its 6 lines");
	free(text);
	is_int(verify("", 0, &n, &msg), 0, "an empty log verifies");
	is_int(n, 0, "... with 0 lines");

	/* Edited line 3: named by its own hash. */
	edited = subst(lines.v[2], "\"decision\":\"confirmed\"", "\"decision\":\"declined\"");
	ok(strcmp(edited, lines.v[2]), "(line 3 was edited)");
	replace_line(&lines, 2, edited);
	check_bad(&lines, 3, "does not match its \"hash\"", "edited decision");
	free(edited);
	strvec_clear(&lines);

	/* Edited and its hash recomputed: the next line's prev gives it away. */
	build_log(&lines, 6);
	edited = subst(lines.v[2], "\"outcome\":\"ok\"", "\"outcome\":\"error\"");
	{
		char *r = rehash(edited);

		replace_line(&lines, 2, r);
		free(r);
	}
	check_bad(&lines, 4, "\"prev\" does not match line 3", "edited and rehashed line 3");
	free(edited);
	strvec_clear(&lines);

	/* Statement edited, hash recomputed: sha256 no longer matches. */
	build_log(&lines, 6);
	edited = subst(lines.v[4], "DROP TABLE orders", "DROP TABLE others");
	{
		char *r = rehash(edited);

		replace_line(&lines, 4, r);
		free(r);
	}
	check_bad(&lines, 5, "\"sha256\" does not match", "edited statement");
	free(edited);
	strvec_clear(&lines);

	/* Removed line 3 (index 2): line 3 (was 4) names the gap. */
	build_log(&lines, 6);
	free(lines.v[2]);
	memmove(&lines.v[2], &lines.v[3], (lines.n - 3) * sizeof(char *));
	lines.n--;
	lines.v[lines.n] = NULL;
	check_bad(&lines, 3, "removed", "removed line 3");
	strvec_clear(&lines);

	/* Removed first line. */
	build_log(&lines, 4);
	free(lines.v[0]);
	memmove(&lines.v[0], &lines.v[1], (lines.n - 1) * sizeof(char *));
	lines.n--;
	lines.v[lines.n] = NULL;
	check_bad(&lines, 1, "64 zeros", "removed first line");
	strvec_clear(&lines);

	/* Lines 2 and 3 swapped. */
	build_log(&lines, 5);
	{
		char *t = lines.v[1];

		lines.v[1] = lines.v[2];
		lines.v[2] = t;
	}
	check_bad(&lines, 2, "does not match line 1", "swapped lines 2 and 3");
	strvec_clear(&lines);

	/* A line duplicated (inserted again). */
	build_log(&lines, 4);
	strvec_push(&lines, lines.v[3]);
	check_bad(&lines, 5, "does not match line 4", "line 4 repeated");
	strvec_clear(&lines);

	/* Torn last line: the file ends without a newline. */
	build_log(&lines, 4);
	lines.v[3][strlen(lines.v[3]) / 2] = '\0';
	check_bad(&lines, 4, "torn", "torn last line");
	strvec_clear(&lines);

	/* Last line complete but its newline cut off. */
	build_log(&lines, 4);
	lines.v[3][strlen(lines.v[3]) - 1] = '\0';
	check_bad(&lines, 4, "torn", "last line without its newline");
	strvec_clear(&lines);

	/* Torn line in the middle, the next line appended after it. */
	build_log(&lines, 5);
	lines.v[1][strlen(lines.v[1]) / 3] = '\0';
	{
		char *joined = xasprintf("%s\n", lines.v[1]);

		replace_line(&lines, 1, joined);
		free(joined);
	}
	check_bad(&lines, 2, "not valid JSON", "torn line 2 followed by more lines");
	strvec_clear(&lines);

	/* A blank line, an array, a line with a NUL byte. */
	build_log(&lines, 3);
	replace_line(&lines, 1, "\n");
	check_bad(&lines, 2, "not valid JSON", "blank line");
	replace_line(&lines, 1, "[1,2]\n");
	check_bad(&lines, 2, "not a JSON object", "array line");
	strvec_clear(&lines);

	build_log(&lines, 3);
	text = join(&lines);
	text[10] = '\0';
	{
		unsigned long long bad = 0;

		auditrec_verify_buf(text, strlen(lines.v[0]) + strlen(lines.v[1]), NULL, &bad, &msg);
		is_int(bad, 1, "a NUL byte in line 1 is named");
		ok(msg && strstr(msg, "NUL"), "... as a NUL byte");
		FREE_AND_NULL(msg);
	}
	free(text);
	strvec_clear(&lines);

	/* The line-by-line interface stays failed after a failure. */
	{
		struct auditrec_verify v;
		char *cause = NULL;

		build_log(&lines, 2);
		auditrec_verify_init(&v);
		is_int(auditrec_verify_line(&v, "x", 1, 1, &cause), -1, "verify_line: bad line fails");
		ok(cause && !strncmp(cause, "line 1: not valid JSON", 22), "... cause starts \"line 1: not valid JSON\"");
		FREE_AND_NULL(cause);
		is_int(auditrec_verify_line(&v, lines.v[0], strlen(lines.v[0]) - 1, 1, &cause), -1,
		       "... and a good line after it still fails");
		ok(cause == NULL && v.bad_line == 1, "... with no new cause, bad_line still 1");
		strvec_clear(&lines);
	}
}

static void test_redact(void)
{
	struct audit_record r;
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v = NULL;
	char *cause = NULL, *red;
	int did = -1;

	red = auditrec_redact("ALTER ROLE ann PASSWORD 'hunter2'", &did);
	ok(red && !strstr(red, "hunter2"), "auditrec_redact removes the password");
	is_int(did, 1, "... and says it did");
	sample(&r, 0);
	r.statement = red;
	auditrec_format(&sb, &r, NULL, &cause);
	ok(!strstr(sb.buf, "hunter2"), "the line holds no password");
	json_parse(sb.buf, sb.len, &v, NULL);
	is_str(json_get_str(v, "statement"), red, "the line holds the redacted statement");
	json_free(v);
	free(red);
	red = auditrec_redact("SELECT 1", &did);
	is_str(red, "SELECT 1", "nothing to redact: the statement as it is");
	is_int(did, 0, "... and says so");
	free(red);
	strbuf_release(&sb);
}

int main(void)
{
	test_redact();
	test_ts();
	test_format();
	test_verify();
	return tap_done();
}
