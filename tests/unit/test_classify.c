/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_classify: the table-driven classifier tests.  Every *.tsv file under
 * tests/data/classify (found relative to tests/unit, where make check-unit
 * runs; CLASSIFY_DATA overrides) holds one case a line:
 *
 *   INPUT <TAB> CLASS <TAB> KIND [<TAB> CHECK]...
 *
 * INPUT is SQL, with \n \t \\ escapes; when it starts with a backslash it is
 * a meta-command (name, then arguments split at spaces, or the whole rest
 * as one argument for \! and \copy).  CHECKs: obj=NAME (an object),
 * reason~TEXT (a reason contains TEXT), target=NAME (confirm_target),
 * lifts, stdin, parse_failed, include, n=N (statements).  Lines starting
 * with # are comments; a line "%reset" forgets the prepared statements: the
 * cases of one file share a classify_ctx, in order, as a session would.
 * One TAP test per case.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "safepg/classify.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/*
 * libpg_query 15-4.0.0 leaks the 1-byte stderr buffer of a failed
 * pg_query_parse_plpgsql (a DO block it cannot compile); the result does not
 * hand it back, so it cannot be freed.  Tell LeakSanitizer.
 */
const char *__lsan_default_suppressions(void);
__attribute__((visibility("default")))
const char *__lsan_default_suppressions(void)
{
	return "leak:pg_query_raw_parse\n";
}

static void unescape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1] == 'n') {
			strbuf_addch(out, '\n');
			s++;
		} else if (*s == '\\' && s[1] == 't') {
			strbuf_addch(out, '\t');
			s++;
		} else if (*s == '\\' && s[1] == '\\') {
			strbuf_addch(out, '\\');
			s++;
		} else if (*s == '\\' && s[1] == '0') {
			strbuf_addch(out, '\0');
			s++;
		} else {
			strbuf_addch(out, *s);
		}
	}
}

static void run_meta(struct classify_ctx *ctx, const char *line, struct verdict *v)
{
	struct strvec args = STRVEC_INIT;
	const char *p = line + 1, *e;
	char *name;

	e = p;
	while (*e && *e != ' ')
		e++;
	name = xstrndup(p, (size_t)(e - p));
	while (*e == ' ')
		e++;
	if (!strcmp(name, "!") || !strcmp(name, "copy")) {
		if (*e)
			strvec_push(&args, e);
	} else {
		while (*e) {
			p = e;
			while (*e && *e != ' ')
				e++;
			strvec_pushn(&args, p, (size_t)(e - p));
			while (*e == ' ')
				e++;
		}
	}
	classify_meta(ctx, name, (const char *const *)args.v, args.n, v);
	strvec_clear(&args);
	free(name);
}

static int has_substr(const struct strvec *sv, const char *needle)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strstr(sv->v[i], needle))
			return 1;
	return 0;
}

static void show(const struct verdict *v)
{
	size_t i;

	diag("  got %s '%s' target=%s lifts=%u stdin=%u parse_failed=%u n=%u",
	     class_name(v->cls), v->kind ? v->kind : "(null)",
	     v->confirm_target ? v->confirm_target : "-", v->lifts_read_only, v->copy_from_stdin,
	     v->parse_failed, v->nstatements);
	for (i = 0; i < v->objects.n; i++)
		diag("  object: %s", v->objects.v[i]);
	for (i = 0; i < v->reasons.n; i++)
		diag("  reason: %s", v->reasons.v[i]);
}

static int check_one(const struct verdict *v, const char *c, struct strbuf *why)
{
	if (!strncmp(c, "obj=", 4)) {
		if (strvec_contains(&v->objects, c + 4))
			return 1;
	} else if (!strncmp(c, "reason~", 7)) {
		if (has_substr(&v->reasons, c + 7))
			return 1;
	} else if (!strncmp(c, "target=", 7)) {
		if (v->confirm_target && !strcmp(v->confirm_target, c + 7))
			return 1;
	} else if (!strcmp(c, "lifts")) {
		if (v->lifts_read_only)
			return 1;
	} else if (!strcmp(c, "stdin")) {
		if (v->copy_from_stdin)
			return 1;
	} else if (!strcmp(c, "parse_failed")) {
		if (v->parse_failed)
			return 1;
	} else if (!strcmp(c, "include")) {
		if (v->include_file)
			return 1;
	} else if (!strncmp(c, "n=", 2)) {
		if (v->nstatements == (unsigned)atoi(c + 2))
			return 1;
	} else {
		strbuf_addf(why, "unknown check '%s'; ", c);
		return 0;
	}
	strbuf_addf(why, "check '%s' failed; ", c);
	return 0;
}

static void run_file(const char *path, const char *label)
{
	FILE *f = fopen(path, "r");
	struct classify_ctx *ctx = classify_ctx_new();
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned lineno = 0;

	if (!f) {
		ok(0, "open %s: %s", path, strerror(errno));
		classify_ctx_free(ctx);
		return;
	}
	while ((got = getline(&line, &cap, f)) >= 0) {
		struct strvec cols = STRVEC_INIT;
		struct strbuf input = STRBUF_INIT, why = STRBUF_INIT;
		struct verdict v;
		enum sp_class want;
		char *p, *tab;
		size_t i;
		int good;

		lineno++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (!got || line[0] == '#')
			continue;
		if (!strcmp(line, "%reset")) {
			classify_ctx_reset(ctx);
			continue;
		}
		for (p = line; (tab = strchr(p, '\t')); p = tab + 1)
			strvec_pushn(&cols, p, (size_t)(tab - p));
		strvec_push(&cols, p);
		if (cols.n < 3 || class_parse(cols.v[1], &want) < 0) {
			ok(0, "%s:%u: malformed case", label, lineno);
			strvec_clear(&cols);
			continue;
		}
		unescape(&input, cols.v[0]);
		verdict_init(&v);
		if (input.buf[0] == '\\')
			run_meta(ctx, input.buf, &v);
		else
			classify_sql(ctx, input.buf, input.len, &v);
		good = v.cls == want;
		if (!good)
			strbuf_addf(&why, "class %s, want %s; ", class_name(v.cls), cols.v[1]);
		if (!v.kind || strcmp(v.kind, cols.v[2])) {
			good = 0;
			strbuf_addf(&why, "kind '%s', want '%s'; ", v.kind ? v.kind : "(null)", cols.v[2]);
		}
		for (i = 3; i < cols.n; i++)
			if (cols.v[i][0] && !check_one(&v, cols.v[i], &why))
				good = 0;
		ok(good, "%s:%u: %s", label, lineno, cols.v[0]);
		if (!good) {
			diag("  %s", why.buf);
			show(&v);
		}
		verdict_release(&v);
		strbuf_release(&input);
		strbuf_release(&why);
		strvec_clear(&cols);
	}
	free(line);
	fclose(f);
	classify_ctx_free(ctx);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* API behaviour that the tables cannot show. */
static void api_tests(void)
{
	struct verdict a, b;
	struct classify_ctx *ctx = classify_ctx_new();
	static const char nul[] = "SELECT 1\0; DROP TABLE t";

	verdict_init(&a);
	verdict_init(&b);
	verdict_note(&a, CLASS_WRITE, "t", "w");
	verdict_note(&a, CLASS_READ, "u", "r");
	ok(a.cls == CLASS_WRITE && a.objects.n == 1, "verdict_note ignores a lower class");
	verdict_note(&a, CLASS_DESTRUCTIVE, "x", "d");
	ok(a.cls == CLASS_DESTRUCTIVE && a.objects.n == 1 && !strcmp(a.objects.v[0], "x"),
	   "verdict_note drops the objects of a lower class");
	verdict_copy(&b, &a);
	ok(b.cls == a.cls && b.reasons.n == 1 && !strcmp(b.reasons.v[0], "d"), "verdict_copy");
	verdict_set(&b, CLASS_READ, "K", NULL);
	verdict_merge(&b, &a);
	ok(b.cls == CLASS_DESTRUCTIVE && b.kind == NULL && b.reasons.n == 1,
	   "verdict_merge takes the riskier verdict whole");
	verdict_release(&a);
	verdict_release(&b);

	classify_sql(NULL, nul, sizeof(nul) - 1, &a);
	ok(a.cls == CLASS_DESTRUCTIVE, "a NUL byte does not hide the statement after it");
	classify_sql(ctx, "PREPARE p AS DELETE FROM t", 26, &a);
	classify_sql(ctx, "EXECUTE p", 9, &a);
	ok(a.cls == CLASS_DESTRUCTIVE, "EXECUTE in a later unit gets the prepared class");
	classify_ctx_reset(ctx);
	classify_sql(ctx, "EXECUTE p", 9, &a);
	ok(a.cls == CLASS_UNKNOWN, "classify_ctx_reset forgets prepared statements");
	classify_sql(ctx, "SELECT 1; DROP TABLE t", 8, &a);
	ok(a.cls == CLASS_READ && a.nstatements == 1, "len limits the input");
	{
		struct strbuf deep = STRBUF_INIT;
		int i;

		/* protobuf-c unpacks recursively: a 5000-deep a+b+c... must not overflow */
		strbuf_addstr(&deep, "SELECT 1");
		for (i = 0; i < 5000; i++)
			strbuf_addstr(&deep, " + f()");
		classify_sql(ctx, deep.buf, deep.len, &a);
		ok(a.cls == CLASS_UNKNOWN && has_substr(&a.reasons, "nested too deeply"),
		   "a very deep expression is unknown, without a crash");
		strbuf_reset(&deep);
		strbuf_addstr(&deep, "SELECT ");
		for (i = 0; i < 1000; i++)
			strbuf_addstr(&deep, "abs(");
		strbuf_addstr(&deep, "1");
		for (i = 0; i < 1000; i++)
			strbuf_addstr(&deep, ")");
		classify_sql(ctx, deep.buf, deep.len, &a);
		ok(a.cls == CLASS_READ, "1000 nested built-in calls are still seen through");
		strbuf_release(&deep);
	}
	verdict_release(&a);
	classify_ctx_free(ctx);
}

/* With standard_conforming_strings off, a backslash in '...' is an escape. */
static void std_strings_off_tests(void)
{
	static const struct {
		const char *sql;
		enum sp_class want;
		const char *kind;
	} cases[] = {
		{ "insert into t values (1, 'a\\'b')", CLASS_WRITE, "INSERT" },
		/* the quote is escaped: "or true" is inside the string */
		{ "delete from t where b = 'x\\' or true'", CLASS_WRITE, "DELETE" },
		{ "delete from t where b = 'x\\\\' or true", CLASS_DESTRUCTIVE, "DELETE" },
		{ "select 'a\\\\', E'b\\'c', $$d\\$$, \"e\\\"", CLASS_READ, "SELECT" },
		{ "select 'it\\'s' -- a comment\n; drop table t", CLASS_DESTRUCTIVE, "DROP TABLE" },
		{ "select /* 'x\\' */ 'y\\'z'", CLASS_READ, "SELECT" },
	};
	struct classify_ctx *ctx = classify_ctx_new();

	classify_ctx_set_std_strings(ctx, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct verdict v;

		verdict_init(&v);
		classify_sql(ctx, cases[i].sql, strlen(cases[i].sql), &v);
		ok(v.cls == cases[i].want && !v.parse_failed && v.kind &&
		   !strcmp(v.kind, cases[i].kind),
		   "standard_conforming_strings off: %s -> %s %s (got %s %s)", cases[i].sql,
		   class_name(cases[i].want), cases[i].kind, class_name(v.cls), v.kind ? v.kind : "-");
		verdict_release(&v);
	}
	/* and back on: the same text is read the standard way */
	{
		struct verdict v;
		const char *sql = "insert into t values (1, 'a\\'b')";

		classify_ctx_set_std_strings(ctx, 1);
		verdict_init(&v);
		classify_sql(ctx, sql, strlen(sql), &v);
		ok(v.parse_failed && v.cls == CLASS_UNKNOWN,
		   "standard_conforming_strings on: 'a\\'b' is unterminated: unknown");
		verdict_release(&v);
	}
	classify_ctx_free(ctx);
}

int main(void)
{
	const char *dir = getenv("CLASSIFY_DATA");
	DIR *d;
	struct dirent *e;
	struct strvec files = STRVEC_INIT;
	size_t i;

	if (!dir)
		dir = "../data/classify";
	d = opendir(dir);
	if (!d) {
		ok(0, "open %s: %s", dir, strerror(errno));
		return tap_done();
	}
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 4 && !strcmp(e->d_name + n - 4, ".tsv"))
			strvec_push(&files, e->d_name);
	}
	closedir(d);
	qsort(files.v, files.n, sizeof(files.v[0]), cmp_str);
	for (i = 0; i < files.n; i++) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addf(&path, "%s/%s", dir, files.v[i]);
		run_file(path.buf, files.v[i]);
		strbuf_release(&path);
	}
	strvec_clear(&files);
	api_tests();
	std_strings_off_tests();
	return tap_done();
}
