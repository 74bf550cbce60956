/* SPDX-License-Identifier: PostgreSQL */
/*
 * classify_fast: the verdict on the commonest harmless statements without
 * the parser.  Parsing a small statement with libpg_query and unpacking
 * its tree costs ~20 µs, about what the server needs to run it; a script
 * of a hundred thousand INSERTs would pay it a hundred thousand times.
 * This recognises exactly three shapes, written with nothing but plain
 * names, literals and arithmetic:
 *
 *   INSERT INTO rel [(col, ...)] VALUES (expr, ...) [, (...)] [;]
 *   UPDATE rel SET col = expr [, ...] WHERE col op literal [AND ...] [;]
 *   DELETE FROM rel WHERE col op literal [AND ...] [;]
 *
 * rel is name or schema.name; expr is literals (numbers, plain '...'
 * strings, NULL, TRUE, FALSE; DEFAULT as a whole VALUES item), column names,
 * unary minus on numbers, + - * / || and parentheses; op is = <> != < > <=
 * >=, one side a column name and the other a literal.  Such a statement
 * calls no function, has no subquery, and its WHERE can never be true for
 * every row, so its verdict is write, with the same kind, object and reason
 * the full classifier gives (tests/unit/test_classify_fast.c compares the
 * two on every case it has and on random statements).  Anything else —
 * any keyword used as a name, a cast, a comment, E'' or $$ strings, a
 * backslash, a byte above 0x7f, a second statement, a name longer than 63
 * bytes — is left to the parser: the fast path only ever says "not mine".
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* PostgreSQL 15's keywords (src/include/parser/kwlist.h), sorted: none is a plain name here. */
static const char *const keywords[] = {
	"abort", "absolute", "access", "action", "add", "admin", "after", "aggregate", "all",
	"also", "alter", "always", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asensitive", "assertion", "assignment", "asymmetric", "at", "atomic", "attach",
	"attribute", "authorization", "backward", "before", "begin", "between", "bigint", "binary",
	"bit", "boolean", "both", "breadth", "by", "cache", "call", "called", "cascade",
	"cascaded", "case", "cast", "catalog", "chain", "char", "character", "characteristics",
	"check", "checkpoint", "class", "close", "cluster", "coalesce", "collate", "collation",
	"column", "columns", "comment", "comments", "commit", "committed", "compression",
	"concurrently", "configuration", "conflict", "connection", "constraint", "constraints",
	"content", "continue", "conversion", "copy", "cost", "create", "cross", "csv", "cube",
	"current", "current_catalog", "current_date", "current_role", "current_schema",
	"current_time", "current_timestamp", "current_user", "cursor", "cycle", "data", "database",
	"day", "deallocate", "dec", "decimal", "declare", "default", "defaults", "deferrable",
	"deferred", "definer", "delete", "delimiter", "delimiters", "depends", "depth", "desc",
	"detach", "dictionary", "disable", "discard", "distinct", "do", "document", "domain",
	"double", "drop", "each", "else", "enable", "encoding", "encrypted", "end", "enum",
	"escape", "event", "except", "exclude", "excluding", "exclusive", "execute", "exists",
	"explain", "expression", "extension", "external", "extract", "false", "family", "fetch",
	"filter", "finalize", "first", "float", "following", "for", "force", "foreign", "forward",
	"freeze", "from", "full", "function", "functions", "generated", "global", "grant",
	"granted", "greatest", "group", "grouping", "groups", "handler", "having", "header",
	"hold", "hour", "identity", "if", "ilike", "immediate", "immutable", "implicit", "import",
	"in", "include", "including", "increment", "index", "indexes", "inherit", "inherits",
	"initially", "inline", "inner", "inout", "input", "insensitive", "insert", "instead",
	"int", "integer", "intersect", "interval", "into", "invoker", "is", "isnull", "isolation",
	"join", "key", "label", "language", "large", "last", "lateral", "leading", "leakproof",
	"least", "left", "level", "like", "limit", "listen", "load", "local", "localtime",
	"localtimestamp", "location", "lock", "locked", "logged", "mapping", "match", "matched",
	"materialized", "maxvalue", "merge", "method", "minute", "minvalue", "mode", "month",
	"move", "name", "names", "national", "natural", "nchar", "new", "next", "nfc", "nfd",
	"nfkc", "nfkd", "no", "none", "normalize", "normalized", "not", "nothing", "notify",
	"notnull", "nowait", "null", "nullif", "nulls", "numeric", "object", "of", "off", "offset",
	"oids", "old", "on", "only", "operator", "option", "options", "or", "order", "ordinality",
	"others", "out", "outer", "over", "overlaps", "overlay", "overriding", "owned", "owner",
	"parallel", "parameter", "parser", "partial", "partition", "passing", "password",
	"placing", "plans", "policy", "position", "preceding", "precision", "prepare", "prepared",
	"preserve", "primary", "prior", "privileges", "procedural", "procedure", "procedures",
	"program", "publication", "quote", "range", "read", "real", "reassign", "recheck",
	"recursive", "ref", "references", "referencing", "refresh", "reindex", "relative",
	"release", "rename", "repeatable", "replace", "replica", "reset", "restart", "restrict",
	"return", "returning", "returns", "revoke", "right", "role", "rollback", "rollup",
	"routine", "routines", "row", "rows", "rule", "savepoint", "schema", "schemas", "scroll",
	"search", "second", "security", "select", "sequence", "sequences", "serializable",
	"server", "session", "session_user", "set", "setof", "sets", "share", "show", "similar",
	"simple", "skip", "smallint", "snapshot", "some", "sql", "stable", "standalone", "start",
	"statement", "statistics", "stdin", "stdout", "storage", "stored", "strict", "strip",
	"subscription", "substring", "support", "symmetric", "sysid", "system", "table", "tables",
	"tablesample", "tablespace", "temp", "template", "temporary", "text", "then", "ties",
	"time", "timestamp", "to", "trailing", "transaction", "transform", "treat", "trigger",
	"trim", "true", "truncate", "trusted", "type", "types", "uescape", "unbounded",
	"uncommitted", "unencrypted", "union", "unique", "unknown", "unlisten", "unlogged",
	"until", "update", "user", "using", "vacuum", "valid", "validate", "validator", "value",
	"values", "varchar", "variadic", "varying", "verbose", "version", "view", "views",
	"volatile", "when", "where", "whitespace", "window", "with", "within", "without", "work",
	"wrapper", "write", "xml", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
	"xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
	"year", "yes", "zone",};

#define NAME_MAX_LEN	63	/* NAMEDATALEN - 1: longer names are truncated by the server */
#define DEPTH_MAX	16

enum tok_type {
	T_END = 0,
	T_NAME,		/* a quoted name, or a plain word known not to be a keyword */
	T_WORD,		/* a plain word, lower-cased in text: a keyword or a name (is_name) */
	T_NUMBER,
	T_STRING,
	T_OP,		/* + - * / || = <> != < > <= >=, in text */
	T_PUNCT,	/* ( ) , ; . in text[0] */
	T_BAD		/* anything else: not ours */
};

struct fast {
	const char *p, *end;
	enum tok_type type;
	char text[NAME_MAX_LEN + 1];
	int depth;
};

static int cmp_keyword(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int is_keyword(const char *word)
{
	return bsearch(word, keywords, sizeof(keywords) / sizeof(keywords[0]), sizeof(keywords[0]),
		       cmp_keyword) != NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_op_char(char c)
{
	return c && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

static const char *const ops[] = { "+", "-", "*", "/", "||", "=", "<>", "!=", "<", ">", "<=", ">=" };

/* The next token into f->type (and f->text). */
static void next(struct fast *f)
{
	const char *p = f->p, *end = f->end;
	size_t n = 0;

	while (p < end && is_space(*p))
		p++;
	f->text[0] = '\0';
	if (p >= end) {
		f->p = p;
		f->type = T_END;
		return;
	}
	f->type = T_BAD;
	if (is_ident_start(*p)) {
		for (; p < end && is_ident_char(*p); p++) {
			if (n >= NAME_MAX_LEN)
				return;
			f->text[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
		}
		f->text[n] = '\0';
		if (p < end && (unsigned char)*p >= 0x80)
			return;
		f->type = T_WORD;	/* keyword or name: asked only where it matters */
	} else if (*p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (n >= NAME_MAX_LEN || *p < 0x20 || *p > 0x7e)
				return;
			f->text[n++] = *p;
		}
		/* unterminated, empty, or a doubled quote inside: not ours */
		if (p >= end || !n || (p + 1 < end && p[1] == '"'))
			return;
		f->text[n] = '\0';
		p++;
		f->type = T_NAME;
	} else if (*p == '\'') {
		for (p++;; p++) {
			if (p >= end || *p == '\\' || *p < 0x20 || *p > 0x7e)
				return;
			if (*p == '\'') {
				if (p + 1 < end && p[1] == '\'') {
					p++;
					continue;
				}
				break;
			}
		}
		p++;
		f->type = T_STRING;
	} else if (is_digit(*p)) {
		while (p < end && is_digit(*p))
			p++;
		if (p < end && *p == '.') {
			if (p + 1 >= end || !is_digit(p[1]))
				return;
			for (p++; p < end && is_digit(*p); p++)
				;
		}
		if (p < end && (*p == 'e' || *p == 'E')) {
			p++;
			if (p < end && (*p == '+' || *p == '-'))
				p++;
			if (p >= end || !is_digit(*p))
				return;
			while (p < end && is_digit(*p))
				p++;
		}
		if (p < end && (is_ident_char(*p) || *p == '.' || (unsigned char)*p >= 0x80))
			return;
		f->type = T_NUMBER;
	} else if (is_op_char(*p)) {
		const char *s = p;

		while (p < end && is_op_char(*p))
			p++;
		if ((size_t)(p - s) > 2)
			return;
		memcpy(f->text, s, (size_t)(p - s));
		f->text[p - s] = '\0';
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strcmp(f->text, ops[i]))
				f->type = T_OP;
		if (f->type != T_OP)
			return;
	} else if (strchr("(),;.", *p)) {
		f->text[0] = *p++;
		f->text[1] = '\0';
		f->type = T_PUNCT;
	} else {
		return;
	}
	f->p = p;
}

/* The word here is the keyword word (words are lower-cased, keywords listed in lower case). */
static int is_kw(const struct fast *f, const char *word)
{
	return f->type == T_WORD && !strcmp(f->text, word);
}

/* The token here is a name: quoted, or a plain word that is no keyword. */
static int is_name(struct fast *f)
{
	if (f->type == T_WORD && !is_keyword(f->text))
		f->type = T_NAME;
	return f->type == T_NAME;
}

static int is_punct(const struct fast *f, char c)
{
	return f->type == T_PUNCT && f->text[0] == c;
}

static int is_cmp_op(const struct fast *f)
{
	static const char *const cmp[] = { "=", "<>", "!=", "<", ">", "<=", ">=" };

	if (f->type != T_OP)
		return 0;
	for (size_t i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++)
		if (!strcmp(f->text, cmp[i]))
			return 1;
	return 0;
}

static int is_arith_op(const struct fast *f)
{
	return f->type == T_OP && !is_cmp_op(f);
}

/* A literal: number, '...', NULL, TRUE, FALSE; or - number. */
static int literal(struct fast *f)
{
	if (f->type == T_OP && !strcmp(f->text, "-")) {
		next(f);
		if (f->type != T_NUMBER)
			return 0;
	} else if (f->type != T_NUMBER && f->type != T_STRING && !is_kw(f, "null") &&
		   !is_kw(f, "true") && !is_kw(f, "false")) {
		return 0;
	}
	next(f);
	return 1;
}

static int expr(struct fast *f);

/* A literal, a column name, or ( expr ). */
static int term(struct fast *f)
{
	if (is_name(f)) {
		next(f);
		return !is_punct(f, '.') && !is_punct(f, '(');	/* no qualified names, no calls */
	}
	if (is_punct(f, '(')) {
		int ok;

		if (++f->depth > DEPTH_MAX)
			return 0;
		next(f);
		ok = expr(f) && is_punct(f, ')');
		f->depth--;
		if (ok)
			next(f);
		return ok;
	}
	return literal(f);
}

static int expr(struct fast *f)
{
	if (!term(f))
		return 0;
	while (is_arith_op(f)) {
		next(f);
		if (!term(f))
			return 0;
	}
	return 1;
}

/* rel: name or schema.name, as the full classifier writes it. */
static int relation(struct fast *f, struct strbuf *name)
{
	if (!is_name(f))
		return 0;
	strbuf_addstr(name, f->text);
	next(f);
	if (is_punct(f, '.')) {
		next(f);
		if (!is_name(f))
			return 0;
		strbuf_addch(name, '.');
		strbuf_addstr(name, f->text);
		next(f);
	}
	return 1;
}

/* col op literal, or literal op col. */
static int comparison(struct fast *f)
{
	if (is_name(f)) {
		next(f);
		if (!is_cmp_op(f))
			return 0;
		next(f);
		return literal(f);
	}
	if (!literal(f) || !is_cmp_op(f))
		return 0;
	next(f);
	if (!is_name(f))
		return 0;
	next(f);
	return 1;
}

static int where(struct fast *f)
{
	if (!is_kw(f, "where"))
		return 0;
	do {
		next(f);
		if (!comparison(f))
			return 0;
	} while (is_kw(f, "and"));
	return 1;
}

/* Only an optional semicolon may follow. */
static int at_end(struct fast *f)
{
	if (is_punct(f, ';'))
		next(f);
	return f->type == T_END;
}

static int insert(struct fast *f, struct strbuf *name)
{
	next(f);
	if (!is_kw(f, "into"))
		return 0;
	next(f);
	if (!relation(f, name))
		return 0;
	if (is_punct(f, '(')) {
		do {
			next(f);
			if (!is_name(f))
				return 0;
			next(f);
		} while (is_punct(f, ','));
		if (!is_punct(f, ')'))
			return 0;
		next(f);
	}
	if (!is_kw(f, "values"))
		return 0;
	do {
		next(f);
		if (!is_punct(f, '('))
			return 0;
		do {
			next(f);
			if (is_kw(f, "default"))
				next(f);
			else if (!expr(f))
				return 0;
		} while (is_punct(f, ','));
		if (!is_punct(f, ')'))
			return 0;
		next(f);
	} while (is_punct(f, ','));
	return at_end(f);
}

static int update(struct fast *f, struct strbuf *name)
{
	next(f);
	if (!relation(f, name) || !is_kw(f, "set"))
		return 0;
	do {
		next(f);
		if (!is_name(f))
			return 0;
		next(f);
		if (f->type != T_OP || strcmp(f->text, "="))
			return 0;
		next(f);
		if (!expr(f))
			return 0;
	} while (is_punct(f, ','));
	return where(f) && at_end(f);
}

static int delete(struct fast *f, struct strbuf *name)
{
	next(f);
	if (!is_kw(f, "from"))
		return 0;
	next(f);
	return relation(f, name) && where(f) && at_end(f);
}

int classify_fast(const char *sql, size_t len, struct verdict *out)
{
	struct fast f = { .p = sql, .end = sql + len };
	struct strbuf name = STRBUF_INIT;
	const char *kind = NULL, *does = NULL;
	int ok = 0;

	next(&f);
	if (is_kw(&f, "insert")) {
		kind = "INSERT", does = "adds rows to";
		ok = insert(&f, &name);
	} else if (is_kw(&f, "update")) {
		kind = "UPDATE", does = "changes rows of";
		ok = update(&f, &name);
	} else if (is_kw(&f, "delete")) {
		kind = "DELETE", does = "removes rows of";
		ok = delete(&f, &name);
	}
	if (ok) {
		char *why = xasprintf("%s %s %s", kind, does, name.buf);

		verdict_set(out, CLASS_WRITE, kind, NULL);
		verdict_note(out, CLASS_WRITE, name.buf, why);
		out->nstatements = 1;
		free(why);
	}
	strbuf_release(&name);
	return ok;
}
