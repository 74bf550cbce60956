/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_classify_fast: the fast path never changes a verdict.  For the shapes
 * it takes, its verdict must equal the parser's (classify_sql_parsed) in
 * every field; for everything else it must decline.  Checked on named
 * statements, on every SQL case of tests/data/classify, and on 30,000
 * statements made by mutating the shapes it takes (a fixed seed, so a
 * failure repeats).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "safepg/classify.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* libpg_query leaks a byte on a DO block it cannot compile (see test_classify.c). */
const char *__lsan_default_suppressions(void);
__attribute__((visibility("default")))
const char *__lsan_default_suppressions(void)
{
	return "leak:pg_query_raw_parse\n";
}

static void describe(struct strbuf *sb, const struct verdict *v)
{
	strbuf_addf(sb, "%s %s n=%u", class_name(v->cls), v->kind ? v->kind : "-",
		    v->nstatements);
	for (size_t i = 0; i < v->objects.n; i++)
		strbuf_addf(sb, " obj=%s", v->objects.v[i]);
	for (size_t i = 0; i < v->reasons.n; i++)
		strbuf_addf(sb, " why=%s", v->reasons.v[i]);
}

/*
 * -1: the fast path declined; 1: it took sql and agreed with the parser;
 * 0: it took sql and disagreed (the verdicts go to diag).
 */
static int compare(const char *sql)
{
	struct verdict fast, full;
	int ret;

	verdict_init(&fast);
	verdict_init(&full);
	if (!classify_fast(sql, strlen(sql), &fast)) {
		ret = fast.cls == CLASS_NONE && !fast.kind ? -1 : 0;	/* declined: untouched */
	} else {
		classify_sql_parsed(NULL, sql, strlen(sql), &full);
		ret = verdict_equal(&fast, &full);
		if (!ret) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addstr(&sb, "fast: ");
			describe(&sb, &fast);
			strbuf_addstr(&sb, " | parser: ");
			describe(&sb, &full);
			diag("%s: %s", sql, sb.buf);
			strbuf_release(&sb);
		}
	}
	verdict_release(&fast);
	verdict_release(&full);
	return ret;
}

static const char *const taken[] = {
	"insert into t values (1, 2, 'row 1');",
	"INSERT INTO t VALUES (1)",
	"insert into public.orders (id, total) values (7, 19.99), (8, -1.5e3);\n",
	"insert into \"My Table\" values ('it''s', null, true, false, default)",
	"insert into s.\"T\" (\"Col\") values ((1 + 2) * 3 - 4 / 5)",
	"insert into t values ('a' || 'b', a, -1)",
	"  insert\ninto\tt\nvalues\n(1)\n;\n",
	"update t set a = a + 1 where id = 5;",
	"UPDATE public.t SET a = 1, b = 'x' WHERE id >= 3 AND id < 10",
	"update t set b = null where 'k' = nm and n <> -2 and m != 1.0",
	"update \"Quoted Name\" set x = (x * 2) where y <= 1e-3;",
	"delete from t where id = 1;",
	"DELETE FROM s.t WHERE a > 0 AND b = 'x'",
	"delete from t where 5 = id",
	"insert into t values (1),(2),(3)",
	"insert into t1$ values (1)",
	"insert into _t values (0.5)",
};

static const char *const declined[] = {
	"select 1",
	"update t set a = 1",			/* no WHERE: destructive */
	"delete from t",			/* no WHERE: destructive */
	"update t set a = 1 where 1 = 1",	/* always true */
	"update t set a = 1 where x = x",	/* always true */
	"delete from t where true",
	"delete from t where id = 1 or true",
	"insert into select values (1)",	/* a keyword as a name */
	"insert into user values (1)",
	"insert into t values (now())",		/* a function */
	"insert into t values (pg_terminate_backend(1))",
	"insert into t values (1::int)",	/* a cast */
	"insert into t values (E'\\\\x')",	/* escape string */
	"insert into t values ('a\\\\b')",	/* backslash: depends on standard_conforming_strings */
	"insert into t values ($$x$$)",
	"insert into t values ($1)",
	"insert into t values (:v)",
	"insert into t values (1) returning *",
	"insert into t values (1) on conflict do nothing",
	"insert into t select 1",
	"insert into t default values",
	"insert into t values (1); drop table t",
	"insert into t values (1); insert into t values (2)",
	"insert into t values (1) -- comment",
	"insert into t values (1) /* c */",
	"insert into t values ('x' 'y')",
	"insert into t values (1 2)",
	"insert into t values (1abc)",
	"insert into t values (0x10)",
	"insert into t values (1.)",
	"insert into t values (.5)",
	"insert into t values (a.b)",
	"insert into t values (-a)",
	"insert into t values (1 +- 2)",
	"insert into t values (1 %% 2)",
	"insert into t values (\"a\"\"b\")",
	"insert into \"\" values (1)",
	"insert into t values ('\xc3\xa9')",
	"insert into t\xc3\xa9 values (1)",
	"insert into a.b.c values (1)",
	"insert into t values ((((((((((((((((((1))))))))))))))))))",
	"insert into tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt values (1)",
	"update t set a = 1 where id in (1, 2)",
	"update t set a = 1 where id = (select 1)",
	"update t set a = 1 from u where t.id = u.id",
	"update only t set a = 1 where id = 1",
	"update t x set a = 1 where id = 1",
	"update t set (a, b) = (1, 2) where id = 1",
	"update t set a = default where id = 1",
	"delete from t where id = 1 returning id",
	"delete from t using u where t.id = u.id",
	"delete from t where id = 1 and",
	"insert into t values (1",
	"insert into t values ('unterminated)",
	"",
	";",
};

static void run_corpus(const char *dir, int *agreed, int *disagreed)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		char *line = NULL;
		size_t cap = 0;
		ssize_t got;
		FILE *f;

		if (!strstr(e->d_name, ".tsv"))
			continue;
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		f = fopen(path.buf, "r");
		strbuf_release(&path);
		if (!f)
			continue;
		while ((got = getline(&line, &cap, f)) >= 0) {
			char *tab = strchr(line, '\t');
			int r;

			if (line[0] == '#' || line[0] == '\\' || line[0] == '%' || !tab)
				continue;
			*tab = '\0';
			/* \n and friends stay escaped: the fast path declines a backslash */
			r = compare(line);
			if (r == 1)
				(*agreed)++;
			else if (r == 0)
				(*disagreed)++;
		}
		free(line);
		fclose(f);
	}
	closedir(d);
}

/* xorshift64*: a fixed sequence, so a failing statement can be found again. */
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ULL) >> 33) % n;
}

static const char *const pieces[] = {
	"insert", "into", "values", "update", "set", "where", "delete", "from", "and", "or",
	"not", "select", "default", "null", "true", "false", "returning", "only", "is", "in",
	"t", "\"T x\"", "s.t", "a", "id", "\"select\"", "x", "user", "current_user", "now()",
	"1", "-1", "1.5", "1e3", "'x'", "'it''s'", "E'x'", "$$x$$", "0x1", "2.", "'a\\b'",
	"+", "-", "*", "/", "||", "=", "<>", "!=", "<", "<=", ">=", ">", "::", "--", "/*",
	"(", ")", ",", ";", ".", "%", "@", "~", "1=1", "x = x", "id = 1",
};

static const char *const shapes[] = {
	"insert into t values ( 1 , 'x' , null )",
	"insert into s.t ( a , id ) values ( 1 , 2 ) , ( 3 , 4 ) ;",
	"update t set a = a + 1 where id = 5 ;",
	"update s.t set a = 'x' , id = 2 where id >= 1 and a <> 'y'",
	"delete from t where id = 1 ;",
	"delete from \"T x\" where 3 < id and a = true",
};

/* A shape with a few tokens replaced, inserted, dropped or glued together. */
static void mutate(struct strbuf *out)
{
	struct strvec toks = STRVEC_INIT;
	const char *shape = shapes[rnd(sizeof(shapes) / sizeof(shapes[0]))];
	const char *p = shape, *sp;
	unsigned edits = 1 + rnd(3);

	while ((sp = strchr(p, ' '))) {
		strvec_pushn(&toks, p, (size_t)(sp - p));
		p = sp + 1;
	}
	strvec_push(&toks, p);
	strbuf_setlen(out, 0);
	for (size_t i = 0; i < toks.n; i++) {
		unsigned r = rnd(40);

		if (edits && r == 0) {		/* replace */
			strbuf_addstr(out, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
			edits--;
		} else if (edits && r == 1) {	/* insert before */
			strbuf_addstr(out, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
			strbuf_addch(out, ' ');
			strbuf_addstr(out, toks.v[i]);
			edits--;
		} else if (edits && r == 2) {	/* drop */
			edits--;
			continue;
		} else {
			strbuf_addstr(out, toks.v[i]);
		}
		if (i + 1 < toks.n && !(edits && rnd(30) == 0))	/* sometimes glued */
			strbuf_addch(out, rnd(8) ? ' ' : '\n');
	}
	strvec_clear(&toks);
}

int main(void)
{
	struct strbuf sql = STRBUF_INIT;
	int agreed = 0, disagreed = 0, took = 0;
	const char *dir = getenv("CLASSIFY_DATA");

	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		ok(compare(taken[i]) == 1, "taken, same verdict as the parser: %s", taken[i]);
	for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++)
		ok(compare(declined[i]) == -1, "declined: %s", declined[i]);

	run_corpus(dir ? dir : "../data/classify", &agreed, &disagreed);
	ok(disagreed == 0, "tests/data/classify: %d cases taken by the fast path agree, %d disagree",
	   agreed, disagreed);
	ok(agreed > 0, "tests/data/classify has cases the fast path takes (%d)", agreed);

	agreed = disagreed = 0;
	for (int i = 0; i < 30000; i++) {
		int r;

		mutate(&sql);
		r = compare(sql.buf);
		took += r >= 0;
		if (r == 0)
			disagreed++;
	}
	ok(disagreed == 0, "30000 mutated statements: %d taken, %d disagree with the parser", took,
	   disagreed);
	ok(took >= 3000 && took < 30000, "the mutations reach both sides of the fast path (%d taken)",
	   took);
	strbuf_release(&sql);
	return tap_done();
}
