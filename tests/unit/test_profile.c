/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for the profile loader (profile.h).  Cases as data: every
 * tests/data/profile/invalid/NAME.yaml must fail with exactly the text of
 * NAME.err, every tests/data/profile/valid/NAME.yaml must load and describe
 * itself as NAME.out.  Then the built-in default, the name tables, limits
 * and a few inline cases the data files cannot express.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "tap.h"

static const char *data_dir(void)
{
	const char *top = getenv("SAFEPG_TOP");
	static char path[4096];

	if (top && *top) {
		snprintf(path, sizeof(path), "%s/tests/data/profile", top);
		return path;
	}
	return "../data/profile";	/* make check-unit runs in tests/unit */
}

static int read_file(const char *path, struct strbuf *out)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	strbuf_reset(out);
	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(out, chunk, n);
	fclose(fp);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME.yaml files of dir, sorted. */
static void list_yaml(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 5 && !strcmp(de->d_name + len - 5, ".yaml"))
			strvec_pushn(out, de->d_name, len - 5);
	}
	closedir(d);
	qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static void test_invalid(void)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, yaml = STRBUF_INIT,
		      want = STRBUF_INIT;

	strbuf_addf(&dir, "%s/invalid", data_dir());
	list_yaml(dir.buf, &names);
	ok(names.n >= 25, "at least 25 invalid profiles (%zu)", names.n);
	for (size_t i = 0; i < names.n; i++) {
		struct profile p = PROFILE_INIT;
		char *cause = NULL, *fname;
		int r;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.yaml", dir.buf, names.v[i]);
		if (read_file(path.buf, &yaml)) {
			ok(0, "%s: readable", path.buf);
			continue;
		}
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.err", dir.buf, names.v[i]);
		if (read_file(path.buf, &want)) {
			ok(0, "%s: expected message file exists", path.buf);
			continue;
		}
		strbuf_rtrim(&want);
		fname = xasprintf("%s.yaml", names.v[i]);
		r = profile_parse(&p, fname, yaml.buf, yaml.len, &cause);
		is_int(r, -1, "%s: refused", names.v[i]);
		is_str(cause, want.buf, "%s: exact message", names.v[i]);
		ok(p.nenvs == 0 && p.envs == NULL && p.name == NULL, "%s: profile left empty",
		   names.v[i]);
		free(cause);
		free(fname);
		profile_release(&p);
	}
	strvec_clear(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&yaml);
	strbuf_release(&want);
}

static void test_valid(void)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, yaml = STRBUF_INIT,
		      want = STRBUF_INIT, got = STRBUF_INIT;

	strbuf_addf(&dir, "%s/valid", data_dir());
	list_yaml(dir.buf, &names);
	ok(names.n >= 2, "valid profiles found (%zu)", names.n);
	for (size_t i = 0; i < names.n; i++) {
		struct profile p = PROFILE_INIT;
		char *cause = NULL;
		int r;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.yaml", dir.buf, names.v[i]);
		read_file(path.buf, &yaml);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.out", dir.buf, names.v[i]);
		read_file(path.buf, &want);
		r = profile_parse(&p, names.v[i], yaml.buf, yaml.len, &cause);
		is_int(r, 0, "%s: loads", names.v[i]);
		if (cause)
			diag("%s", cause);
		strbuf_reset(&got);
		profile_describe(&p, &got);
		is_str(got.buf, want.buf, "%s: effective settings", names.v[i]);
		free(cause);
		profile_release(&p);
	}
	strvec_clear(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&yaml);
	strbuf_release(&want);
	strbuf_release(&got);
}

/* Parse text; returns the error text (allocated) or NULL when it loads. */
static char *parse_err(const char *text)
{
	struct profile p = PROFILE_INIT;
	char *cause = NULL;

	if (profile_parse(&p, "t.yaml", text, strlen(text), &cause) == 0) {
		profile_release(&p);
		return NULL;
	}
	return cause;
}

static void test_default(void)
{
	struct profile p = PROFILE_INIT;
	char *cause = NULL;
	const struct environment *e;
	const char *y = profile_default_yaml();

	is_int(profile_parse(&p, "builtin", y, strlen(y), &cause), 0, "built-in default loads");
	free(cause);
	is_str(p.default_environment, "remote", "default_environment is remote");
	e = profile_find(&p, "local");
	ok(e && e->protection == PROTECTION_WARN, "local is warn");
	e = profile_find(&p, "production");
	ok(e && e->protection == PROTECTION_STRICT, "production is strict");
	ok(e && e->actions[CLASS_CATASTROPHIC] == ACTION_BLOCK, "production blocks catastrophic");
	ok(e && e->countdown == 10, "production countdown 10");
	e = profile_find(&p, "remote");
	ok(e && e->protection == PROTECTION_CONFIRM, "remote is confirm");
	ok(profile_find(&p, "nosuch") == NULL, "profile_find: unknown name");
	profile_release(&p);
	ok(p.envs == NULL && p.nenvs == 0, "release leaves the profile empty");
}

static void test_names(void)
{
	enum action a;
	enum protection pr;

	is_str(action_name(ACTION_CONFIRM), "confirm", "action_name");
	is_str(action_name(ACTION_NONE), "none", "action_name none");
	is_int(action_parse("block", &a), 0, "action_parse block");
	is_int(a, ACTION_BLOCK, "action_parse value");
	is_int(action_parse("Block", &a), -1, "action_parse is exact");
	is_int(action_max(ACTION_WARN, ACTION_CONFIRM), ACTION_CONFIRM, "action_max");
	is_int(action_max(ACTION_BLOCK, ACTION_ALLOW), ACTION_BLOCK, "action_max other order");
	is_int(protection_parse("readonly", &pr), 0, "protection_parse");
	is_int(pr, PROTECTION_READONLY, "protection_parse value");
	is_int(protection_parse("read-only", &pr), -1, "protection_parse rejects");
	is_str(protection_name(PROTECTION_STRICT), "strict", "protection_name");
	is_str(phrase_kind_name(PHRASE_HOST), "host", "phrase_kind_name");
}

static void test_inline(void)
{
	struct strbuf big = STRBUF_INIT;
	struct profile p = PROFILE_INIT;
	char *e, *cause = NULL;

	/* presets and rules */
	e = parse_err("version: 1\nenvironments:\n  a:\n    protection: strict\n"
		      "    rules: {catastrophic: confirm}\n");
	ok(e == NULL, "a rule may loosen its own environment's preset");
	free(e);

	/* a literal phrase */
	e = xstrdup("version: 1\nenvironments:\n  a:\n    protection: confirm\n"
		    "    confirm_phrase: \"drop it\"\n");
	is_int(profile_parse(&p, "t", e, strlen(e), &cause), 0, "literal confirm_phrase loads");
	free(e);
	ok(p.nenvs == 1 && p.envs[0].phrase == PHRASE_LITERAL &&
	   p.envs[0].phrase_literal && !strcmp(p.envs[0].phrase_literal, "drop it"),
	   "literal confirm_phrase kept");
	profile_release(&p);
	free(cause);
	cause = NULL;

	/* too large: refused without parsing */
	strbuf_addstr(&big, "version: 1\n");
	while (big.len <= PROFILE_MAX_SIZE)
		strbuf_addstr(&big, "# padding padding padding padding padding padding\n");
	is_int(profile_parse(&p, "big.yaml", big.buf, big.len, &cause), -1, "over 1 MiB refused");
	ok(cause && strstr(cause, "big.yaml") && strstr(cause, "larger"),
	   "over 1 MiB: says so (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;

	/* deep nesting stops at the limit instead of recursing without bound */
	strbuf_reset(&big);
	strbuf_addstr(&big, "version: 1\nenvironments: ");
	for (int i = 0; i < 10000; i++)
		strbuf_addch(&big, '[');
	e = parse_err(big.buf);
	ok(e != NULL && strstr(e, "nest") != NULL, "deep nesting refused (%.80s)", e ? e : "");
	free(e);

	/* many errors: capped */
	strbuf_reset(&big);
	strbuf_addstr(&big, "version: 1\nenvironments:\n  a:\n    protection: warn\n");
	for (int i = 0; i < 500; i++)
		strbuf_addf(&big, "    bad%d: 1\n", i);
	e = parse_err(big.buf);
	{
		size_t lines = 0;

		/* count the error lines, not their hints */
		for (const char *s = e; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : "")
			lines += strncmp(s, "hint:", 5) != 0;
		ok(e && lines == PROFILE_MAX_ERRORS + 1 && strstr(e, "too many errors"),
		   "errors are capped (%zu lines)", lines);
	}
	free(e);

	/* yes/no are not booleans here (YAML 1.1 vs 1.2 ambiguity) */
	e = parse_err("version: 1\nenvironments:\n  a:\n    protection: warn\n    read_only: yes\n");
	ok(e && strstr(e, "read_only"), "read_only: yes refused (%s)", e ? e : "");
	free(e);

	/* an IPv4-mapped address and the hint of a host-bits CIDR */
	e = parse_err("version: 1\nenvironments:\n  a:\n    protection: warn\n"
		      "    match: {hosts: [\"::ffff:10.0.0.0/104\"]}\n");
	ok(e == NULL, "IPv6 CIDR with mapped IPv4 loads (%s)", e ? e : "");
	free(e);

	strbuf_release(&big);
}

int main(void)
{
	test_invalid();
	test_valid();
	test_default();
	test_names();
	test_inline();
	return tap_done();
}
