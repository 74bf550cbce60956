/* SPDX-License-Identifier: PostgreSQL */
/*
 * json: a small JSON (RFC 8259) writer helper and DOM parser.  The writer
 * half appends string literals; callers build the rest with strbuf.  The
 * parser reads a whole document into a tree of json_value that lives in one
 * arena owned by the root, so a document is freed with one json_free().  It
 * is used for libpg_query's parse trees (pg_query_parse, pg_query_parse_plpgsql)
 * and for the audit log (safepg audit verify).  It does not stream, does not
 * keep number text beyond what json_int/json_number need, and does not check
 * for duplicate object keys (json_get returns the first).
 */
#ifndef SAFEPG_JSON_H
#define SAFEPG_JSON_H

#include <stddef.h>

#include "safepg/strbuf.h"

enum json_type {
	JSON_NONE = 0,		/* not a value (NULL pointer passed to json_type) */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_member;

/*
 * A value.  Read it through the accessors below; the layout is visible only
 * so that callers can walk arrays and objects without a function call each.
 *   JSON_STRING: str/len, the decoded bytes, NUL-terminated (may hold NULs).
 *   JSON_NUMBER: str/len, the number's text as written (for json_int).
 *   JSON_ARRAY:  items[0..len-1].
 *   JSON_OBJECT: members[0..len-1], in document order.
 */
struct json_value {
	enum json_type type;
	size_t len;
	union {
		const char *str;
		struct json_value *items;
		struct json_member *members;
	} u;
};

struct json_member {
	const char *key;	/* decoded, NUL-terminated */
	size_t keylen;
	struct json_value value;
};

/* Nesting deeper than this is an error (the parser recurses). */
#define JSON_MAX_DEPTH 2000

/* Flags for json_parse_ex. */
#define JSON_LENIENT_UTF8 0x1	/* keep invalid UTF-8 bytes in strings instead of failing */

/* 1 when s[0..len-1] is valid UTF-8 (what json_escape passes through unchanged). */
int json_utf8_valid(const char *s, size_t len);

/*
 * Append s[0..len-1] to out as a JSON string literal, quotes included.
 * Valid UTF-8 passes through; each byte of an invalid sequence becomes
 * \ufffd; control characters, '"' and '\\' are escaped (\n, \t, \r, \b,
 * \f or \u00XX), as are U+2028 and U+2029 so the output is also valid
 * JavaScript.  Never fails.
 */
void json_escape(struct strbuf *out, const char *s, size_t len);

/*
 * Parse one JSON document text[0..len-1] (surrounding whitespace allowed,
 * nothing else after it).  On success returns 0 and sets *out to the root,
 * which the caller frees with json_free().  On error returns -1, sets *out
 * to NULL and *cause (when cause is not NULL) to an allocated message
 * naming the byte offset ("invalid JSON at offset 12: expected ':'").
 * Strings must be valid UTF-8; \u escapes are decoded (surrogate pairs
 * combined; a lone surrogate is an error).
 */
int json_parse(const char *text, size_t len, struct json_value **out, char **cause);
/* The same with flags (JSON_LENIENT_UTF8) and a depth limit (0: JSON_MAX_DEPTH). */
int json_parse_ex(const char *text, size_t len, unsigned flags, unsigned max_depth,
		  struct json_value **out, char **cause);
/* Free a document returned by json_parse (the root only; NULL is fine). */
void json_free(struct json_value *root);

/* The type of v, JSON_NONE when v is NULL. */
enum json_type json_typeof(const struct json_value *v);
/* Member key of object obj, or NULL (also when obj is NULL or not an object). */
const struct json_value *json_get(const struct json_value *obj, const char *key);
/* Element i of array arr, or NULL when out of range or not an array. */
const struct json_value *json_at(const struct json_value *arr, size_t i);
/* Number of elements (array) or members (object); 0 for anything else. */
size_t json_count(const struct json_value *v);
/* The string of v (len in *len when not NULL), or NULL when v is not a string. */
const char *json_str(const struct json_value *v, size_t *len);
/* Member key's string value, or NULL: json_str(json_get(obj, key), NULL). */
const char *json_get_str(const struct json_value *obj, const char *key);
/* 0 and *out when v is a number; -1 otherwise. */
int json_number(const struct json_value *v, double *out);
/* 0 and *out when v is an integral number that fits a long long; -1 otherwise. */
int json_int(const struct json_value *v, long long *out);
/* 0 and *out (0 or 1) when v is true or false; -1 otherwise. */
int json_bool(const struct json_value *v, int *out);

#endif
