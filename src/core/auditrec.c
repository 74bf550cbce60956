/* SPDX-License-Identifier: PostgreSQL */
/*
 * auditrec: the pure half of the audit log.  It turns a struct audit_record
 * into its JSON line (with the "prev" and "hash" links of the chain) and
 * checks a log line by line for `safepg audit verify`.  It does not read or
 * write files, take locks or read the clock (audit.c does), and redacts
 * only when asked (auditrec_redact): the caller passes statements ready to
 * be logged.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/audit.h"
#include "safepg/json.h"
#include "safepg/redact.h"
#include "safepg/sha256.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* What ends every line: ,"hash":"<64 hex>"} */
#define HASH_KEY	",\"hash\":\""
#define HASH_KEY_LEN	(sizeof(HASH_KEY) - 1)
#define HASH_TAIL_LEN	(HASH_KEY_LEN + SHA256_HEX_LEN + 2)

static const char zero_hex[SHA256_HEX_LEN + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

void audit_record_init(struct audit_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->rows = -1;
}

static const char *const decision_names[] = {
	[AUDIT_ALLOWED] = "allowed",
	[AUDIT_WARNED] = "warned",
	[AUDIT_CONFIRMED] = "confirmed",
	[AUDIT_DECLINED] = "declined",
	[AUDIT_REFUSED] = "refused",
	[AUDIT_NO_TTY] = "no_tty",
};

static const char *const outcome_names[] = {
	[AUDIT_OK] = "ok",
	[AUDIT_ERROR] = "error",
	[AUDIT_NOT_RUN] = "not_run",
	[AUDIT_PENDING] = "pending",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *auditrec_decision_name(enum audit_decision d)
{
	return (size_t)d < NELEM(decision_names) ? decision_names[d] : NULL;
}

const char *auditrec_outcome_name(enum audit_outcome o)
{
	return (size_t)o < NELEM(outcome_names) ? outcome_names[o] : NULL;
}

static int name_in(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return 1;
	return 0;
}

char *auditrec_redact(const char *statement, int *redacted)
{
	struct strbuf sb = STRBUF_INIT;
	int r = redact_text(statement, strlen(statement), &sb);

	if (redacted)
		*redacted = r;
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------ formatting */

/*
 * Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
 * civil_from_days): pure arithmetic, so no gmtime and no time zone database.
 */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* v (0 <= v < 10^width) in exactly width decimal digits. */
static void add_digits(struct strbuf *out, long long v, int width)
{
	char buf[8];

	for (int i = width - 1; i >= 0; i--, v /= 10)
		buf[i] = (char)('0' + v % 10);
	strbuf_add(out, buf, (size_t)width);
}

/* A non-negative integer in decimal. */
static void add_uint(struct strbuf *out, unsigned long long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10));
	strbuf_add(out, buf + i, sizeof(buf) - i);
}

void auditrec_format_ts(struct strbuf *out, long long ts_ms)
{
	long long days, ms, y;
	unsigned mo, d;

	days = ts_ms / 86400000;
	ms = ts_ms % 86400000;
	if (ms < 0) {
		ms += 86400000;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999) {
		strbuf_addf(out, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", y, mo, d,
			    ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
		return;
	}
	/* the common case without printf: it is written for every statement */
	add_digits(out, y, 4);
	strbuf_addch(out, '-');
	add_digits(out, mo, 2);
	strbuf_addch(out, '-');
	add_digits(out, d, 2);
	strbuf_addch(out, 'T');
	add_digits(out, ms / 3600000, 2);
	strbuf_addch(out, ':');
	add_digits(out, ms / 60000 % 60, 2);
	strbuf_addch(out, ':');
	add_digits(out, ms / 1000 % 60, 2);
	strbuf_addch(out, '.');
	add_digits(out, ms % 1000, 3);
	strbuf_addch(out, 'Z');
}

static int is_hex64(const char *s, size_t len)
{
	if (len != SHA256_HEX_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void add_key(struct strbuf *sb, const char *key)
{
	strbuf_addstr(sb, ",\"");
	strbuf_addstr(sb, key);
	strbuf_addstr(sb, "\":");
}

static void add_str(struct strbuf *sb, const char *key, const char *val)
{
	add_key(sb, key);
	if (val)
		json_escape(sb, val, strlen(val));
	else
		strbuf_addstr(sb, "null");
}

/*
 * The digest of s as a reader of the log will see it: json_escape turns
 * invalid UTF-8 into U+FFFD, so hash the decoded literal rather than the
 * raw bytes, or verify would reject every line with such a statement.
 */
static void logged_hash(const char *s, char hex[SHA256_HEX_LEN + 1])
{
	struct strbuf lit = STRBUF_INIT;
	struct json_value *v = NULL;
	size_t len;
	const char *dec;

	if (json_utf8_valid(s, strlen(s))) {	/* the literal decodes to s itself */
		sha256_hex(s, strlen(s), hex);
		return;
	}
	json_escape(&lit, s, strlen(s));
	if (json_parse(lit.buf, lit.len, &v, NULL) == 0 && (dec = json_str(v, &len)))
		sha256_hex(dec, len, hex);
	else	/* cannot happen: json_escape writes valid JSON */
		sha256_hex(s, strlen(s), hex);
	json_free(v);
	strbuf_release(&lit);
}

int auditrec_format_body(struct strbuf *out, const struct audit_record *rec, char **cause)
{
	const char *decision = auditrec_decision_name(rec->decision);
	const char *outcome = auditrec_outcome_name(rec->outcome);
	char hex[SHA256_HEX_LEN + 1];

	if (!decision) {
		*cause = xstrdup("audit record has no decision");
		return -1;
	}
	if (!outcome) {
		*cause = xstrdup("audit record has no outcome");
		return -1;
	}
	if (rec->ts_ms < 0) {
		*cause = xasprintf("audit record has a time before 1970 (%lld ms)", rec->ts_ms);
		return -1;
	}

	strbuf_addstr(out, "{\"ts\":\"");
	auditrec_format_ts(out, rec->ts_ms);
	strbuf_addch(out, '"');
	add_str(out, "version", SAFEPG_VERSION);
	add_str(out, "tool", rec->tool ? rec->tool : "safepg");
	add_str(out, "os_user", rec->os_user);
	add_key(out, "pid");
	if (rec->pid >= 0)
		add_uint(out, (unsigned long long)rec->pid);
	else
		strbuf_addf(out, "%ld", rec->pid);
	add_key(out, "seq");
	if (rec->seq)
		add_uint(out, rec->seq);
	else
		strbuf_addstr(out, "null");
	add_str(out, "environment", rec->environment);
	add_str(out, "host", rec->host);
	add_key(out, "port");
	if (rec->port > 0)
		add_uint(out, (unsigned long long)rec->port);
	else
		strbuf_addstr(out, "null");
	add_str(out, "database", rec->database);
	add_str(out, "db_user", rec->db_user);
	add_str(out, "class", rec->class != CLASS_NONE ? class_name(rec->class) : NULL);
	add_str(out, "kind", rec->kind);
	add_str(out, "statement", rec->statement);
	if (rec->statement) {
		logged_hash(rec->statement, hex);
		add_str(out, "sha256", hex);
	} else {
		add_str(out, "sha256", NULL);
	}
	add_str(out, "decision", decision);
	add_key(out, "reasons");
	strbuf_addch(out, '[');
	for (size_t i = 0; i < rec->nreasons; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_escape(out, rec->reasons[i], strlen(rec->reasons[i]));
	}
	strbuf_addch(out, ']');
	add_str(out, "outcome", outcome);
	add_str(out, "sqlstate", rec->sqlstate);
	add_key(out, "rows");
	if (rec->rows >= 0)
		add_uint(out, (unsigned long long)rec->rows);
	else
		strbuf_addstr(out, "null");
	return 0;
}

void auditrec_chain(struct strbuf *out, const char *body, size_t len, const char *prev_hex,
		    char next_prev[SHA256_HEX_LEN + 1])
{
	size_t start = out->len, mid;
	char hex[SHA256_HEX_LEN + 1];
	unsigned char d[SHA256_LEN];
	struct sha256 line, own;

	strbuf_add(out, body, len);
	add_str(out, "prev", prev_hex ? prev_hex : zero_hex);
	/*
	 * The line's own hash covers every byte before ,"hash":; the next
	 * line's prev covers the whole line.  One pass: the first is a copy of
	 * the second's state taken at ,"hash":.
	 */
	sha256_init(&line);
	sha256_update(&line, out->buf + start, out->len - start);
	own = line;
	sha256_final(&own, d);
	sha256_to_hex(d, hex);
	mid = out->len;
	strbuf_addstr(out, HASH_KEY);
	strbuf_addstr(out, hex);
	strbuf_addstr(out, "\"}");
	sha256_update(&line, out->buf + mid, out->len - mid);
	sha256_final(&line, d);
	sha256_to_hex(d, next_prev);
	strbuf_addch(out, '\n');
}

int auditrec_format(struct strbuf *out, const struct audit_record *rec, const char *prev_hex,
		    char **cause)
{
	struct strbuf body = STRBUF_INIT;
	char next[SHA256_HEX_LEN + 1];

	if (prev_hex && !is_hex64(prev_hex, strlen(prev_hex))) {
		*cause = xasprintf("invalid previous line hash \"%s\"", prev_hex);
		return -1;
	}
	if (auditrec_format_body(&body, rec, cause) < 0) {
		strbuf_release(&body);
		return -1;
	}
	auditrec_chain(out, body.buf, body.len, prev_hex, next);
	strbuf_release(&body);
	return 0;
}

void auditrec_line_hash(const char *line, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	if (len && line[len - 1] == '\n')
		len--;
	sha256_hex(line, len, hex);
}

/* ------------------------------------------------------------ verifying */

void auditrec_verify_init(struct auditrec_verify *v)
{
	memcpy(v->prev, zero_hex, sizeof(v->prev));
	v->lines = 0;
	v->bad_line = 0;
}

/* "2026-11-24T18:35:01.123Z": digits where digits go, the punctuation in place. */
static int is_ts(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	return 1;
}

/* The string member key as 64 hex digits, or NULL. */
static const char *get_hex(const struct json_value *obj, const char *key)
{
	size_t len;
	const char *s = json_str(json_get(obj, key), &len);

	return s && is_hex64(s, len) ? s : NULL;
}

/* Check one parsed, complete line; 0, or -1 with *cause (without the "line N: "). */
static int check_line(const struct auditrec_verify *v, const char *line, size_t len,
		      const struct json_value *obj, char **cause)
{
	const char *s, *hash, *prev, *digest;
	size_t slen;
	char hex[SHA256_HEX_LEN + 1];

	if (json_typeof(obj) != JSON_OBJECT) {
		*cause = xstrdup("not a JSON object\nhint: every line of an audit log is one object");
		return -1;
	}
	hash = get_hex(obj, "hash");
	if (!hash || len < HASH_TAIL_LEN ||
	    memcmp(line + len - HASH_TAIL_LEN, HASH_KEY, HASH_KEY_LEN) ||
	    memcmp(line + len - HASH_TAIL_LEN + HASH_KEY_LEN, hash, SHA256_HEX_LEN) ||
	    memcmp(line + len - 2, "\"}", 2)) {
		*cause = xstrdup("no \"hash\" at the end of the line\n"
				 "hint: the line was edited, or was not written by safepg");
		return -1;
	}
	sha256_hex(line, len - HASH_TAIL_LEN, hex);
	if (memcmp(hex, hash, SHA256_HEX_LEN)) {
		*cause = xstrdup("the line does not match its \"hash\"\n"
				 "hint: the line was edited after it was written");
		return -1;
	}
	s = json_get_str(obj, "ts");
	if (!s || !is_ts(s)) {
		*cause = xstrdup("\"ts\" is missing or not an RFC 3339 UTC time");
		return -1;
	}
	s = json_get_str(obj, "decision");
	if (!s || !name_in(s, decision_names, NELEM(decision_names))) {
		*cause = xstrdup("\"decision\" is missing or unknown");
		return -1;
	}
	s = json_get_str(obj, "outcome");
	if (!s || !name_in(s, outcome_names, NELEM(outcome_names))) {
		*cause = xstrdup("\"outcome\" is missing or unknown");
		return -1;
	}
	s = json_str(json_get(obj, "statement"), &slen);
	digest = get_hex(obj, "sha256");
	if (s ? !digest : json_typeof(json_get(obj, "sha256")) != JSON_NULL) {
		*cause = xstrdup("\"sha256\" is missing or malformed");
		return -1;
	}
	if (s) {
		sha256_hex(s, slen, hex);
		if (memcmp(hex, digest, SHA256_HEX_LEN)) {
			*cause = xstrdup("\"sha256\" does not match \"statement\"\n"
					 "hint: the statement was edited after it was written");
			return -1;
		}
	}
	prev = get_hex(obj, "prev");
	if (!prev) {
		*cause = xstrdup("\"prev\" is missing or malformed");
		return -1;
	}
	if (memcmp(prev, v->prev, SHA256_HEX_LEN)) {
		if (v->lines == 1)
			*cause = xstrdup("\"prev\" is not 64 zeros, as the first line's must be\n"
					 "hint: lines before it were removed");
		else
			*cause = xasprintf("\"prev\" does not match line %llu\n"
					   "hint: a line was removed, inserted or moved before this one",
					   v->lines - 1);
		return -1;
	}
	return 0;
}

int auditrec_verify_line(struct auditrec_verify *v, const char *line, size_t len, int complete,
			 char **cause)
{
	struct json_value *obj = NULL;
	char *why = NULL;
	int rc = -1;

	if (v->bad_line)
		return -1;
	v->lines++;
	if (!complete) {
		why = xstrdup("torn: the file ends in the middle of this line\n"
			      "hint: a write was cut short, or the end of the file was cut off");
		goto out;
	}
	if (memchr(line, '\0', len)) {
		why = xstrdup("holds a NUL byte\nhint: the file was damaged");
		goto out;
	}
	if (json_parse(line, len, &obj, &why) < 0) {
		char *t = why;

		why = xasprintf("not valid JSON (%s)\n"
				"hint: the line was torn or edited", t ? t : "parse error");
		free(t);
		goto out;
	}
	if (check_line(v, line, len, obj, &why) < 0)
		goto out;
	auditrec_line_hash(line, len, v->prev);
	rc = 0;
out:
	json_free(obj);
	if (rc < 0) {
		v->bad_line = v->lines;
		*cause = xasprintf("line %llu: %s", v->lines, why);
	}
	free(why);
	return rc;
}

int auditrec_verify_buf(const char *text, size_t len, unsigned long long *nlines,
			unsigned long long *bad_line, char **cause)
{
	struct auditrec_verify v;
	size_t pos = 0;

	auditrec_verify_init(&v);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (auditrec_verify_line(&v, text + pos, end - pos, nl != NULL, cause) < 0) {
			if (bad_line)
				*bad_line = v.bad_line;
			return -1;
		}
		pos = end + 1;
	}
	if (nlines)
		*nlines = v.lines;
	return 0;
}
