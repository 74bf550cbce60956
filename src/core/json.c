/* SPDX-License-Identifier: PostgreSQL */
/*
 * json: JSON string literals and a DOM parser whose tree lives in one arena.
 * See json.h for the contract.  The parser is recursive descent with an
 * explicit depth limit; children of an array or object are gathered on a
 * scratch stack and copied into the arena when the container closes, so
 * every container is one contiguous block.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/json.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* ---- writer ---- */

/*
 * Length of the valid UTF-8 sequence at s (at most avail bytes), or 0 when
 * the bytes there are not one (overlong forms, surrogates, > U+10FFFF and
 * truncated sequences are all invalid).
 */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;	/* nothing above U+10FFFF */
	} else
		return 0;
	if (avail < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

int json_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n;

		if (*p < 0x80) {
			p++;
			continue;
		}
		if (!(n = utf8_seq_len(p, (size_t)(end - p))))
			return 0;
		p += n;
	}
	return 1;
}

void json_escape(struct strbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	strbuf_grow(out, len + 2);
	strbuf_addch(out, '"');
	while (p < end) {
		const unsigned char *run = p;
		size_t n;

		/* copy the longest run that needs no escaping in one go */
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			strbuf_add(out, run, (size_t)(p - run));
		if (p >= end)
			break;
		switch (*p) {
		case '"': strbuf_addstr(out, "\\\""); p++; continue;
		case '\\': strbuf_addstr(out, "\\\\"); p++; continue;
		case '\n': strbuf_addstr(out, "\\n"); p++; continue;
		case '\t': strbuf_addstr(out, "\\t"); p++; continue;
		case '\r': strbuf_addstr(out, "\\r"); p++; continue;
		case '\b': strbuf_addstr(out, "\\b"); p++; continue;
		case '\f': strbuf_addstr(out, "\\f"); p++; continue;
		default:
			break;
		}
		if (*p < 0x20) {
			strbuf_addstr(out, "\\u00");
			strbuf_addch(out, hex[*p >> 4]);
			strbuf_addch(out, hex[*p & 0xF]);
			p++;
			continue;
		}
		n = utf8_seq_len(p, (size_t)(end - p));
		if (n == 0) {
			strbuf_addstr(out, "\\ufffd");
			p++;
		} else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			strbuf_addstr(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
			p += 3;
		} else {
			strbuf_add(out, p, n);
			p += n;
		}
	}
	strbuf_addch(out, '"');
}

/* ---- arena ---- */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct json_doc {
	struct arena_block *blocks;
	struct json_value root;
};

static void *arena_alloc(struct json_doc *doc, size_t n)
{
	struct arena_block *b = doc->blocks;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!b || b->size - b->used < n) {
		size_t size = b ? b->size * 2 : 4096;

		if (size > 1u << 20)
			size = 1u << 20;
		if (size < n)
			size = n;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = doc->blocks;
		doc->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *arena_strdup(struct json_doc *doc, const char *s, size_t len)
{
	char *p = arena_alloc(doc, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* ---- parser ---- */

struct parser {
	const char *s, *end, *p;
	unsigned flags, max_depth, depth;
	struct json_doc *doc;
	/* scratch stacks for the children of open containers */
	struct json_value *vals;
	size_t nvals, avals;
	struct json_member *mems;
	size_t nmems, amems;
	struct strbuf tmp;	/* decoded string being built */
	char *cause;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *ps, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (ps->cause)
		return -1;
	strbuf_addf(&sb, "invalid JSON at offset %zu: ", (size_t)(ps->p - ps->s));
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ps->cause = strbuf_detach(&sb, NULL);
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(struct parser *ps, unsigned *out)
{
	unsigned v = 0;

	if (ps->end - ps->p < 4)
		return fail(ps, "truncated \\u escape");
	for (int i = 0; i < 4; i++) {
		char c = ps->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail(ps, "bad hex digit in \\u escape");
	}
	ps->p += 4;
	*out = v;
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

/* Parse a string literal at ps->p (on the opening quote) into ps->tmp. */
static int parse_string_tmp(struct parser *ps)
{
	strbuf_reset(&ps->tmp);
	ps->p++;
	for (;;) {
		const char *run = ps->p;
		unsigned char c;

		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
		       (unsigned char)*ps->p >= 0x20 && (unsigned char)*ps->p < 0x80)
			ps->p++;
		if (ps->p > run)
			strbuf_add(&ps->tmp, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		c = (unsigned char)*ps->p;
		if (c == '"') {
			ps->p++;
			return 0;
		}
		if (c < 0x20)
			return fail(ps, "control character in string");
		if (c >= 0x80) {
			size_t n = utf8_seq_len((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));

			if (n == 0) {
				if (!(ps->flags & JSON_LENIENT_UTF8))
					return fail(ps, "invalid UTF-8 in string");
				n = 1;
			}
			strbuf_add(&ps->tmp, ps->p, n);
			ps->p += n;
			continue;
		}
		/* backslash */
		ps->p++;
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		switch (*ps->p++) {
		case '"': strbuf_addch(&ps->tmp, '"'); break;
		case '\\': strbuf_addch(&ps->tmp, '\\'); break;
		case '/': strbuf_addch(&ps->tmp, '/'); break;
		case 'b': strbuf_addch(&ps->tmp, '\b'); break;
		case 'f': strbuf_addch(&ps->tmp, '\f'); break;
		case 'n': strbuf_addch(&ps->tmp, '\n'); break;
		case 'r': strbuf_addch(&ps->tmp, '\r'); break;
		case 't': strbuf_addch(&ps->tmp, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (hex4(ps, &cp))
				return -1;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(ps, "lone low surrogate in \\u escape");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
					return fail(ps, "lone high surrogate in \\u escape");
				ps->p += 2;
				if (hex4(ps, &lo))
					return -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail(ps, "bad low surrogate in \\u escape");
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			add_utf8(&ps->tmp, cp);
			break;
		}
		default:
			ps->p--;
			return fail(ps, "bad escape '\\%c'", *ps->p);
		}
	}
}

static int parse_number(struct parser *ps, struct json_value *v)
{
	const char *start = ps->p;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end)
		return fail(ps, "truncated number");
	if (*ps->p == '0') {
		ps->p++;
	} else if (*ps->p >= '1' && *ps->p <= '9') {
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	} else {
		return fail(ps, "bad number");
	}
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "digit expected after '.'");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "digit expected in exponent");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	v->type = JSON_NUMBER;
	v->len = (size_t)(ps->p - start);
	v->u.str = arena_strdup(ps->doc, start, v->len);
	return 0;
}

static int literal(struct parser *ps, const char *word, enum json_type t, struct json_value *v)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "unexpected character");
	ps->p += n;
	v->type = t;
	v->len = 0;
	v->u.str = NULL;
	return 0;
}

static int parse_value(struct parser *ps, struct json_value *v);

static int parse_array(struct parser *ps, struct json_value *v)
{
	size_t base = ps->nvals;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
	} else {
		for (;;) {
			struct json_value item;

			if (parse_value(ps, &item))
				return -1;
			ALLOC_GROW(ps->vals, ps->nvals + 1, ps->avals);
			ps->vals[ps->nvals++] = item;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == ']') {
				ps->p++;
				break;
			}
			return fail(ps, "expected ',' or ']'");
		}
	}
	v->type = JSON_ARRAY;
	v->len = ps->nvals - base;
	v->u.items = NULL;
	if (v->len) {
		v->u.items = arena_alloc(ps->doc, v->len * sizeof(*v->u.items));
		memcpy(v->u.items, ps->vals + base, v->len * sizeof(*v->u.items));
	}
	ps->nvals = base;
	return 0;
}

static int parse_object(struct parser *ps, struct json_value *v)
{
	size_t base = ps->nmems;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
	} else {
		for (;;) {
			struct json_member m;

			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "expected a string key");
			if (parse_string_tmp(ps))
				return -1;
			m.keylen = ps->tmp.len;
			m.key = arena_strdup(ps->doc, ps->tmp.buf, ps->tmp.len);
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return fail(ps, "expected ':'");
			ps->p++;
			if (parse_value(ps, &m.value))
				return -1;
			ALLOC_GROW(ps->mems, ps->nmems + 1, ps->amems);
			ps->mems[ps->nmems++] = m;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == '}') {
				ps->p++;
				break;
			}
			return fail(ps, "expected ',' or '}'");
		}
	}
	v->type = JSON_OBJECT;
	v->len = ps->nmems - base;
	v->u.members = NULL;
	if (v->len) {
		v->u.members = arena_alloc(ps->doc, v->len * sizeof(*v->u.members));
		memcpy(v->u.members, ps->mems + base, v->len * sizeof(*v->u.members));
	}
	ps->nmems = base;
	return 0;
}

static int parse_value(struct parser *ps, struct json_value *v)
{
	int rc;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > ps->max_depth)
			return fail(ps, "nested deeper than %u levels", ps->max_depth);
		rc = *ps->p == '{' ? parse_object(ps, v) : parse_array(ps, v);
		ps->depth--;
		return rc;
	case '"':
		if (parse_string_tmp(ps))
			return -1;
		v->type = JSON_STRING;
		v->len = ps->tmp.len;
		v->u.str = arena_strdup(ps->doc, ps->tmp.buf, ps->tmp.len);
		return 0;
	case 't':
		return literal(ps, "true", JSON_TRUE, v);
	case 'f':
		return literal(ps, "false", JSON_FALSE, v);
	case 'n':
		return literal(ps, "null", JSON_NULL, v);
	default:
		return parse_number(ps, v);
	}
}

static void doc_free(struct json_doc *doc)
{
	struct arena_block *b, *next;

	for (b = doc->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc);
}

int json_parse_ex(const char *text, size_t len, unsigned flags, unsigned max_depth,
		  struct json_value **out, char **cause)
{
	struct parser ps;
	int rc = -1;

	memset(&ps, 0, sizeof(ps));
	ps.s = ps.p = text;
	ps.end = text + len;
	ps.flags = flags;
	ps.max_depth = max_depth ? max_depth : JSON_MAX_DEPTH;
	strbuf_init(&ps.tmp, 0);
	ps.doc = xcalloc(1, sizeof(*ps.doc));
	*out = NULL;

	if (parse_value(&ps, &ps.doc->root))
		goto cleanup;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "unexpected data after the value");
		goto cleanup;
	}
	*out = &ps.doc->root;
	ps.doc = NULL;
	rc = 0;
cleanup:
	if (ps.doc)
		doc_free(ps.doc);
	free(ps.vals);
	free(ps.mems);
	strbuf_release(&ps.tmp);
	if (cause)
		*cause = ps.cause;
	else
		free(ps.cause);
	if (rc == 0 && cause)
		*cause = NULL;
	return rc;
}

int json_parse(const char *text, size_t len, struct json_value **out, char **cause)
{
	return json_parse_ex(text, len, 0, 0, out, cause);
}

void json_free(struct json_value *root)
{
	if (root)
		doc_free((struct json_doc *)((char *)root - offsetof(struct json_doc, root)));
}

/* ---- accessors ---- */

enum json_type json_typeof(const struct json_value *v)
{
	return v ? v->type : JSON_NONE;
}

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
	size_t klen;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	klen = strlen(key);
	for (size_t i = 0; i < obj->len; i++) {
		const struct json_member *m = &obj->u.members[i];

		if (m->keylen == klen && memcmp(m->key, key, klen) == 0)
			return &m->value;
	}
	return NULL;
}

const struct json_value *json_at(const struct json_value *arr, size_t i)
{
	if (!arr || arr->type != JSON_ARRAY || i >= arr->len)
		return NULL;
	return &arr->u.items[i];
}

size_t json_count(const struct json_value *v)
{
	if (!v || (v->type != JSON_ARRAY && v->type != JSON_OBJECT))
		return 0;
	return v->len;
}

const char *json_str(const struct json_value *v, size_t *len)
{
	if (!v || v->type != JSON_STRING)
		return NULL;
	if (len)
		*len = v->len;
	return v->u.str;
}

const char *json_get_str(const struct json_value *obj, const char *key)
{
	return json_str(json_get(obj, key), NULL);
}

int json_number(const struct json_value *v, double *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *dp;
	char *end;
	double d;

	if (!v || v->type != JSON_NUMBER)
		return -1;
	/* strtod follows LC_NUMERIC; JSON's decimal point is always '.' */
	dp = localeconv()->decimal_point;
	for (size_t i = 0; i < v->len; i++) {
		if (v->u.str[i] == '.')
			strbuf_addstr(&sb, dp);
		else
			strbuf_addch(&sb, v->u.str[i]);
	}
	errno = 0;
	d = strtod(sb.buf, &end);
	strbuf_release(&sb);
	*out = d;
	return 0;
}

int json_int(const struct json_value *v, long long *out)
{
	const char *s;
	size_t i = 0;
	int neg = 0;
	unsigned long long acc = 0, limit;

	if (!v || v->type != JSON_NUMBER)
		return -1;
	s = v->u.str;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	if (i >= v->len)
		return -1;
	for (; i < v->len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;	/* fraction or exponent */
		d = (unsigned)(s[i] - '0');
		if (acc > (limit - d) / 10)
			return -1;
		acc = acc * 10 + d;
	}
	if (neg)
		*out = acc == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)acc;
	else
		*out = (long long)acc;
	return 0;
}

int json_bool(const struct json_value *v, int *out)
{
	if (!v || (v->type != JSON_TRUE && v->type != JSON_FALSE))
		return -1;
	*out = v->type == JSON_TRUE;
	return 0;
}
