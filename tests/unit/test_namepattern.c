/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for namepattern: psql's pattern rules (quotes, case folding,
 * wildcards, dots, $ and regex specials, E'' literals, the WHERE clauses
 * processSQLNamePattern writes), expected values derived by hand from
 * psql 15's string_utils.c.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/namepattern.h"
#include "safepg/strbuf.h"
#include "tap.h"

static const struct namepattern_opts v15 = { 150000, NULL, NULL };
static const struct namepattern_opts v11 = { 110000, NULL, NULL };

/* A two-byte "encoding": a byte with the high bit set starts a pair. */
static int pair_mblen(const char *s, void *arg)
{
	(void)arg;
	return ((unsigned char)*s & 0x80) ? 2 : 1;
}

static void regex3(const char *pattern, int force, const char *db, const char *schema,
		   const char *name, int dots)
{
	struct strbuf d = STRBUF_INIT, s = STRBUF_INIT, n = STRBUF_INIT;
	int got = namepattern_regex(pattern, force, &d, &s, &n, &v15);

	is_str(d.buf, db, "regex %s: dbname", pattern);
	is_str(s.buf, schema, "regex %s: schema", pattern);
	is_str(n.buf, name, "regex %s: name", pattern);
	is_int(got, dots, "regex %s: dots", pattern);
	strbuf_release(&d);
	strbuf_release(&s);
	strbuf_release(&n);
}

static void regex1(const char *pattern, int force, const char *name, int dots)
{
	struct strbuf n = STRBUF_INIT;
	int got = namepattern_regex(pattern, force, NULL, NULL, &n, &v15);

	is_str(n.buf, name, "regex (name only) %s", pattern);
	is_int(got, dots, "regex (name only) %s: dots", pattern);
	strbuf_release(&n);
}

static void where(const char *pattern, int have_where, const char *schemavar,
		  const char *namevar, const char *altnamevar, const char *vis,
		  const struct namepattern_opts *opts, const char *want, int want_added)
{
	struct strbuf buf = STRBUF_INIT;
	int dots = -1, added;

	added = namepattern_where(&buf, pattern, have_where, 0, schemavar, namevar, altnamevar,
				  vis, NULL, &dots, opts);
	is_str(buf.buf, want, "where %s", pattern ? pattern : "(null)");
	is_int(added, want_added, "where %s: clause added", pattern ? pattern : "(null)");
	strbuf_release(&buf);
}

static void literal(const char *prefix, const char *str, const char *want)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addstr(&buf, prefix);
	namepattern_literal(&buf, str, &v15);
	is_str(buf.buf, want, "literal %s after \"%s\"", str, prefix);
	strbuf_release(&buf);
}

int main(void)
{
	/* case folding, wildcards, quotes */
	regex3("foo", 0, "", "", "^(foo)$", 0);
	regex3("FoO*", 0, "", "", "^(foo.*)$", 0);
	regex3("f?o", 0, "", "", "^(f.o)$", 0);
	regex3("\"FoO\"", 0, "", "", "^(FoO)$", 0);
	regex3("\"a\"\"b\"", 0, "", "", "^(a\"b)$", 0);
	regex3("\"*\"", 0, "", "", "^(\\*)$", 0);
	regex3("\"a.b\"", 0, "", "", "^(a\\.b)$", 0);
	/* dots split into schema, then dbname */
	regex3("public.t", 0, "", "^(public)$", "^(t)$", 1);
	regex3("Db.S.T", 0, "db", "^(s)$", "^(t)$", 2);
	regex3("d*b.s.t", 0, "d*b", "^(s)$", "^(t)$", 2);
	regex3("a.b.c.d", 0, "a", "^(b)$", "^(c.d)$", 3);
	regex3("*.*", 0, "", "^(.*)$", "^(.*)$", 1);
	regex3(".t", 0, "", "^()$", "^(t)$", 1);
	/* $ always quoted; specials outside quotes pass; [] quoted */
	regex3("a$b", 0, "", "", "^(a\\$b)$", 0);
	regex3("a|b", 0, "", "", "^(a|b)$", 0);
	regex3("int[]", 0, "", "", "^(int\\[])$", 0);
	regex3("[ab]", 0, "", "", "^([ab])$", 0);
	regex3("a+b", 1, "", "", "^(a\\+b)$", 0);
	regex3("\"x(y)\"", 0, "", "", "^(x\\(y\\))$", 0);
	/* without schema buffer dots stay in the name */
	regex1("s.t", 0, "^(s.t)$", 1);
	regex1("S.T*", 0, "^(s.t.*)$", 1);
	regex1("", 0, "^()$", 0);

	/* multibyte: a continuation byte that looks like a quote is copied */
	{
		struct strbuf n = STRBUF_INIT;
		struct namepattern_opts mb = { 150000, pair_mblen, NULL };

		namepattern_regex("\x81\"x", 0, NULL, NULL, &n, &mb);
		is_str(n.buf, "^(\x81\"x)$", "multibyte character is copied whole");
		strbuf_reset(&n);
		namepattern_regex("\x81", 0, NULL, NULL, &n, &mb);
		is_str(n.buf, "^(\x81)$", "truncated multibyte character stops at the end");
		strbuf_release(&n);
	}

	/* literals */
	literal("", "abc", "'abc'");
	literal("", "it's", "'it''s'");
	literal("x ~ ", "a\\$", "x ~ E'a\\\\$'");
	literal("x ~", "a\\$", "x ~ E'a\\\\$'");
	literal("", "a\\'", "E'a\\\\'''");

	/* WHERE clauses */
	where(NULL, 0, "n.nspname", "c.relname", NULL, "pg_catalog.pg_table_is_visible(c.oid)",
	      &v15, "WHERE pg_catalog.pg_table_is_visible(c.oid)\n", 1);
	where(NULL, 1, "n.nspname", "c.relname", NULL, NULL, &v15, "", 0);
	where("foo", 1, "n.nspname", "c.relname", NULL, "pg_catalog.pg_table_is_visible(c.oid)",
	      &v15,
	      "  AND c.relname OPERATOR(pg_catalog.~) '^(foo)$' COLLATE pg_catalog.default\n"
	      "  AND pg_catalog.pg_table_is_visible(c.oid)\n", 1);
	where("foo", 0, "n.nspname", "c.relname", NULL, NULL, &v11,
	      "WHERE c.relname OPERATOR(pg_catalog.~) '^(foo)$'\n", 1);
	where("s.t$", 0, "n.nspname", "c.relname", NULL, "vis(c.oid)", &v15,
	      "WHERE c.relname OPERATOR(pg_catalog.~) E'^(t\\\\$)$' COLLATE pg_catalog.default\n"
	      "  AND n.nspname OPERATOR(pg_catalog.~) '^(s)$' COLLATE pg_catalog.default\n", 1);
	where("*", 0, "n.nspname", "c.relname", NULL, "vis(c.oid)", &v15,
	      "WHERE vis(c.oid)\n", 1);
	where("*.*", 0, "n.nspname", "c.relname", NULL, "vis(c.oid)", &v15, "", 0);
	where("s.*", 1, "n.nspname", "c.relname", NULL, "vis(c.oid)", &v15,
	      "  AND n.nspname OPERATOR(pg_catalog.~) '^(s)$' COLLATE pg_catalog.default\n", 1);
	where("int*", 0, "n.nspname", "t.typname", "pg_catalog.format_type(t.oid, NULL)",
	      NULL, &v15,
	      "WHERE (t.typname OPERATOR(pg_catalog.~) '^(int.*)$' COLLATE pg_catalog.default\n"
	      "        OR pg_catalog.format_type(t.oid, NULL) OPERATOR(pg_catalog.~) "
	      "'^(int.*)$' COLLATE pg_catalog.default)\n", 1);
	where("r*", 0, NULL, "r.rolname", NULL, NULL, &v15,
	      "WHERE r.rolname OPERATOR(pg_catalog.~) '^(r.*)$' COLLATE pg_catalog.default\n", 1);
	where("a.b", 0, NULL, "r.rolname", NULL, NULL, &v15,
	      "WHERE r.rolname OPERATOR(pg_catalog.~) '^(a.b)$' COLLATE pg_catalog.default\n", 1);

	/* dbname and the dot count */
	{
		struct strbuf buf = STRBUF_INIT, db = STRBUF_INIT;
		int dots = 0;

		namepattern_where(&buf, "MyDb.s.t", 0, 0, "n.nspname", "c.relname", NULL, NULL,
				  &db, &dots, &v15);
		is_str(db.buf, "mydb", "dbname part is literal and folded");
		is_int(dots, 2, "two dots counted");
		strbuf_reset(&db);
		strbuf_reset(&buf);
		namepattern_where(&buf, "x.y.z.w", 0, 0, "n.nspname", "c.relname", NULL, NULL,
				  &db, &dots, &v15);
		is_int(dots, 3, "three dots counted (caller rejects)");
		strbuf_release(&buf);
		strbuf_release(&db);
	}
	/* identifiers (psql's fmtId) */
	{
		static const char *const cases[][2] = {
			{ "abc", "abc" }, { "_x1", "_x1" }, { "Abc", "\"Abc\"" },
			{ "1a", "\"1a\"" }, { "a b", "\"a b\"" }, { "a\"b", "\"a\"\"b\"" },
			{ "", "\"\"" }, { "select", "\"select\"" }, { "true", "\"true\"" },
			{ "int", "\"int\"" }, { "between", "\"between\"" },
			{ "security_barrier", "security_barrier" }, { "name", "name" },
			{ "local", "local" }, { "on", "\"on\"" }, { "x$", "\"x$\"" },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct strbuf b = STRBUF_INIT;

			namepattern_quote_ident(&b, cases[i][0]);
			is_str(b.buf, cases[i][1], "quote_ident %s", cases[i][0]);
			strbuf_release(&b);
		}
	}
	return tap_done();
}
