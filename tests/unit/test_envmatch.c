/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for envmatch: globs, host patterns (names, CIDR, sockets),
 * the preset table, and a matching grid (hosts, globs, CIDR, sockets,
 * ports, databases, users, services, several hosts, several matches), the
 * built-in default, the server's own tag and system identifier, and floor
 * profiles that a user profile cannot loosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void load(struct profile *p, const char *name, const char *yaml)
{
	char *cause = NULL;

	if (profile_parse(p, name, yaml, strlen(yaml), &cause)) {
		diag("%s", cause);
		ok(0, "profile %s loads", name);
		free(cause);
		exit(1);
	}
}

/* ------------------------------------------------------------------ globs */

static void test_glob(void)
{
	static const struct {
		const char *pat, *s;
		int casefold, want;
	} cases[] = {
		{ "shop", "shop", 0, 1 },
		{ "shop", "Shop", 0, 0 },
		{ "shop", "Shop", 1, 1 },
		{ "shop_*", "shop_eu", 0, 1 },
		{ "shop_*", "shop_", 0, 1 },
		{ "shop_*", "shop", 0, 0 },
		{ "*prod*", "myproddb", 0, 1 },
		{ "*prod*", "mypr0d", 0, 0 },
		{ "deploy_?", "deploy_1", 0, 1 },
		{ "deploy_?", "deploy_12", 0, 0 },
		{ "deploy_?", "deploy_\xc3\xa9", 0, 1 },	/* ? is one UTF-8 character */
		{ "db[0-9]", "db7", 0, 1 },
		{ "db[0-9]", "dbx", 0, 0 },
		{ "db[!0-9]", "dbx", 0, 1 },
		{ "db[^0-9]", "db7", 0, 0 },
		{ "[]x]", "]", 0, 1 },
		{ "a\\*b", "a*b", 0, 1 },
		{ "a\\*b", "axb", 0, 0 },
		{ "*", "", 0, 1 },
		{ "*.prod.example.com", "a.prod.example.com", 1, 1 },
		{ "*.prod.example.com", "prod.example.com", 1, 0 },
		{ "/tmp/*", "/tmp/a/b", 0, 1 },	/* * crosses '/' */
		{ "a*b*c", "aXbYbZc", 0, 1 },
		{ "a*b*c", "aXbYbZ", 0, 0 },
	};
	static const char *const bad[] = { "", "shop_[abc", "x\\", "[\xc3\xa9]" };

	for (size_t i = 0; i < NELEM(cases); i++) {
		char *cause = NULL;

		is_int(envmatch_glob_check(cases[i].pat, &cause), 0, "glob \"%s\" is valid",
		       cases[i].pat);
		free(cause);
		is_int(envmatch_glob(cases[i].pat, cases[i].s, strlen(cases[i].s), cases[i].casefold),
		       cases[i].want, "glob \"%s\" %s \"%s\"%s", cases[i].pat,
		       cases[i].want ? "matches" : "does not match", cases[i].s,
		       cases[i].casefold ? " (casefold)" : "");
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		char *cause = NULL;

		is_int(envmatch_glob_check(bad[i], &cause), -1, "glob \"%s\" is refused", bad[i]);
		ok(cause && *cause, "  with a reason (%s)", cause ? cause : "");
		free(cause);
	}
}

/* ----------------------------------------------------------- host patterns */

static void test_host_patterns(void)
{
	static const struct {
		const char *pat, *host, *hostaddr;
		int want;
	} cases[] = {
		{ "10.20.0.0/16", "10.20.255.1", NULL, 1 },
		{ "10.20.0.0/16", "10.21.0.1", NULL, 0 },
		{ "10.20.0.0/16", "db.example.com", "10.20.0.9", 1 },
		{ "10.20.0.0/16", "10.20.0.9.example.com", NULL, 0 },	/* names never match CIDR */
		{ "10.20.0.0/16", "::ffff:10.20.1.1", NULL, 1 },
		{ "127.0.0.1", "127.0.0.1", NULL, 1 },
		{ "127.0.0.1", "127.0.0.2", NULL, 0 },
		{ "0.0.0.0/0", "192.0.2.1", NULL, 1 },
		{ "0.0.0.0/0", "2001:db8::1", NULL, 0 },
		{ "fd00:20::/32", "fd00:20:1::5", NULL, 1 },
		{ "fd00:20::/32", "fd00:21::5", NULL, 0 },
		{ "::1", "::1", NULL, 1 },
		{ "::1", "0:0:0:0:0:0:0:1", NULL, 1 },
		{ "::ffff:10.0.0.0/104", "10.9.9.9", NULL, 1 },
		{ "db1.example.com", "DB1.Example.COM", NULL, 1 },
		{ "db1.example.com", "db2.example.com", NULL, 0 },
		{ "*.example.com", "x.example.com", NULL, 1 },
		{ "/var/run/postgresql", "/var/run/postgresql", NULL, 1 },
		{ "/var/run/postgresql", "/var/run/postgresql/", NULL, 1 },
		{ "/var/run/postgresql/", "/var/run/postgresql", NULL, 1 },
		{ "/var/run/postgresql", "/VAR/run/postgresql", NULL, 0 },
		{ "/tmp/pg-*", "/tmp/pg-1234", NULL, 1 },
		{ "/tmp/pg-*", "localhost", NULL, 0 },
		{ "*", NULL, NULL, 1 },
		{ "localhost", NULL, NULL, 0 },
	};
	static const struct {
		const char *pat, *want;
	} bad[] = {
		{ "10.20.0.0/33", "bad CIDR \"10.20.0.0/33\": the prefix length must be from 0 to 32" },
		{ "10.20.1.0/16", "bad CIDR \"10.20.1.0/16\": address bits are set after the first 16\n"
				  "hint: did you mean \"10.20.0.0/16\"?" },
		{ "10.20.0.0/x", "bad CIDR \"10.20.0.0/x\": the prefix length must be a number from 0 "
				 "to 32" },
		{ "db.example.com/24", "bad CIDR \"db.example.com/24\": \"db.example.com\" is not an "
				       "IPv4 or IPv6 address" },
		{ "10.20.300.1", "bad host pattern \"10.20.300.1\": not an IPv4 address" },
		{ "::ffff:10.0.0.0/8", "bad CIDR \"::ffff:10.0.0.0/8\": an IPv4-mapped block needs a "
				       "prefix length from 96 to 128" },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct host_pattern hp;
		struct target_host h = { (char *)cases[i].host, (char *)cases[i].hostaddr, 5432 };
		char *cause = NULL;

		if (envmatch_host_pattern_parse(cases[i].pat, &hp, &cause)) {
			ok(0, "host pattern \"%s\" parses: %s", cases[i].pat, cause);
			free(cause);
			continue;
		}
		is_int(envmatch_host_pattern_matches(&hp, &h), cases[i].want,
		       "host pattern \"%s\" %s host \"%s\"%s%s", cases[i].pat,
		       cases[i].want ? "matches" : "does not match",
		       cases[i].host ? cases[i].host : "(none)",
		       cases[i].hostaddr ? " hostaddr " : "",
		       cases[i].hostaddr ? cases[i].hostaddr : "");
		envmatch_host_pattern_release(&hp);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct host_pattern hp;
		char *cause = NULL;

		is_int(envmatch_host_pattern_parse(bad[i].pat, &hp, &cause), -1,
		       "host pattern \"%s\" refused", bad[i].pat);
		is_str(cause, bad[i].want, "  message for \"%s\"", bad[i].pat);
		free(cause);
	}
}

/* ---------------------------------------------------------------- presets */

static void test_presets(void)
{
	/* the table of issue 3 and safepg-profile(5), columns read..unknown */
	static const struct {
		enum protection p;
		const char *row;
	} table[] = {
		{ PROTECTION_OFF, "allow allow allow allow allow" },
		{ PROTECTION_WARN, "allow allow warn confirm warn" },
		{ PROTECTION_CONFIRM, "allow allow confirm confirm confirm" },
		{ PROTECTION_STRICT, "allow warn confirm block confirm" },
		{ PROTECTION_READONLY, "allow block block block block" },
	};
	static const enum sp_class cols[] = {
		CLASS_READ, CLASS_WRITE, CLASS_DESTRUCTIVE, CLASS_CATASTROPHIC, CLASS_UNKNOWN,
	};

	for (size_t i = 0; i < NELEM(table); i++) {
		enum action a[CLASS_COUNT];
		struct strbuf sb = STRBUF_INIT;

		envmatch_preset(table[i].p, a);
		for (size_t c = 0; c < NELEM(cols); c++)
			strbuf_addf(&sb, "%s%s", c ? " " : "", action_name(a[cols[c]]));
		is_str(sb.buf, table[i].row, "preset %s", protection_name(table[i].p));
		is_int(a[CLASS_NONE], ACTION_NONE, "preset %s: CLASS_NONE unset",
		       protection_name(table[i].p));
		strbuf_release(&sb);
	}
	is_int(envmatch_preset_countdown(PROTECTION_STRICT), 10, "strict countdown 10 s");
	is_int(envmatch_preset_countdown(PROTECTION_OFF), 0, "off: no countdown");
	is_str(envmatch_preset_color(PROTECTION_STRICT), "red", "strict is red");
}

/* ------------------------------------------------------------------ grid */

static const char grid_yaml[] =
	"version: 1\n"
	"default_environment: other\n"
	"environments:\n"
	"  prod:\n"
	"    match:\n"
	"      hosts: [\"db1.example.com\", \"*.prod.example.com\", \"10.20.0.0/16\", "
	"\"fd00:20::/32\"]\n"
	"      ports: [5432]\n"
	"      databases: [\"shop\", \"shop_*\"]\n"
	"      server_tag: production\n"
	"    protection: strict\n"
	"  sock:\n"
	"    match:\n"
	"      hosts: [\"/var/run/postgresql\", \"/tmp/pg-*\"]\n"
	"    protection: warn\n"
	"  analysts:\n"
	"    match:\n"
	"      users: [\"analyst_?\"]\n"
	"    protection: readonly\n"
	"  svc:\n"
	"    match:\n"
	"      services: [\"billing\"]\n"
	"    protection: confirm\n"
	"  staging:\n"
	"    match:\n"
	"      - hosts: [\"*.staging.example.com\"]\n"
	"      - databases: [\"*_staging\"]\n"
	"    protection: confirm\n"
	"    countdown: 7\n"
	"  vault:\n"
	"    match:\n"
	"      system_identifier: 7301234567890123456\n"
	"    protection: readonly\n"
	"  other:\n"
	"    protection: warn\n";

struct row {
	const char *hosts;	/* "host[|hostaddr][:port],..."; NULL: no host */
	const char *db, *user, *service;
	const char *names;	/* every environment that applies, in order, space separated */
	const char *primary;
};

/* Parse the hosts column of a row into t. */
static void add_hosts(struct target *t, const char *spec)
{
	char *copy, *save = NULL, *item;

	if (!spec) {
		envmatch_target_add_host(t, NULL, NULL, 5432);
		return;
	}
	copy = xstrdup(spec);
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *bar = strchr(item, '|'), *colon = strrchr(item, '#');
		unsigned port = 5432;

		/* '#' separates the port: ':' belongs to IPv6 addresses */
		if (colon) {
			*colon = '\0';
			port = (unsigned)atoi(colon + 1);
		}
		if (bar)
			*bar = '\0';
		envmatch_target_add_host(t, item, bar ? bar + 1 : NULL, port);
	}
	free(copy);
}

static char *joined(const struct strvec *sv)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sv->n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", sv->v[i]);
	return strbuf_detach(&sb, NULL);
}

static void check_row(const struct profile *user, const struct profile *const *floors,
		      size_t nfloors, const struct row *r, struct env_resolution *res)
{
	struct target t;
	char *cause = NULL, *names;

	envmatch_target_init(&t);
	add_hosts(&t, r->hosts);
	t.database = r->db ? xstrdup(r->db) : NULL;
	t.user = r->user ? xstrdup(r->user) : NULL;
	t.service = r->service ? xstrdup(r->service) : NULL;
	if (envmatch_resolve(user, floors, nfloors, &t, res, &cause)) {
		ok(0, "resolve: %s", cause);
		free(cause);
		envmatch_target_release(&t);
		return;
	}
	names = joined(&res->names);
	is_str(names, r->names, "%s db=%s user=%s%s%s: environments", r->hosts ? r->hosts : "(none)",
	       r->db ? r->db : "-", r->user ? r->user : "-", r->service ? " service=" : "",
	       r->service ? r->service : "");
	is_str(res->primary, r->primary, "  primary %s", r->primary);
	free(names);
	envmatch_target_release(&t);
}

static void test_grid(void)
{
	static const struct row rows[] = {
		{ "db1.example.com", "shop", "app", NULL, "prod", "prod" },
		{ "db1.example.com#5433", "shop", "app", NULL, "other", "other" },
		{ "DB1.EXAMPLE.COM", "shop", "app", NULL, "prod", "prod" },
		{ "a.prod.example.com", "shop_eu", "app", NULL, "prod", "prod" },
		{ "prod.example.com", "shop", "app", NULL, "other", "other" },
		{ "10.20.3.4", "shop", "app", NULL, "prod", "prod" },
		{ "10.21.0.1", "shop", "app", NULL, "other", "other" },
		{ "myhost|10.20.9.9", "shop", "app", NULL, "prod", "prod" },
		{ "fd00:20::5", "shop", "app", NULL, "prod", "prod" },
		{ "::ffff:10.20.1.1", "shop", "app", NULL, "prod", "prod" },
		{ "db1.example.com", "shopx", "app", NULL, "other", "other" },
		{ "db1.example.com", "Shop", "app", NULL, "other", "other" },
		{ "db1.example.com", NULL, "app", NULL, "other", "other" },
		{ "/var/run/postgresql", "shop", "app", NULL, "sock", "sock" },
		{ "/var/run/postgresql/", "x", "app", NULL, "sock", "sock" },
		{ "/tmp/pg-abc#5999", "x", "app", NULL, "sock", "sock" },
		{ "/VAR/run/postgresql", "x", "app", NULL, "other", "other" },
		/* several hosts in one conninfo: every one counts, and a host
		 * nothing matches gets the default environment */
		{ "other.example.com,db1.example.com", "shop", "app", NULL, "prod other", "prod" },
		{ "/tmp/pg-1,db1.example.com", "shop", "app", NULL, "prod sock", "prod" },
		{ "db1.example.com#5433,db2.example.com", "shop", "app", NULL, "other", "other" },
		{ "db9", "x", "analyst_1", NULL, "analysts", "analysts" },
		{ "db9", "x", "analyst_12", NULL, "other", "other" },
		/* several environments: every one applies, the strictest is shown */
		{ "db1.example.com", "shop", "analyst_1", NULL, "prod analysts", "analysts" },
		{ "db9", "x", "app", "billing", "svc", "svc" },
		{ "db9", "x", "app", "billing2", "other", "other" },
		{ "x.staging.example.com", "x", "app", NULL, "staging", "staging" },
		{ "db9", "foo_staging", "app", NULL, "staging", "staging" },
		{ "x.staging.example.com", "foo_staging", "app", NULL, "staging", "staging" },
		{ "x.staging.example.com", "shop", "analyst_2", "billing",
		  "analysts svc staging", "analysts" },
		{ NULL, "x", "app", NULL, "other", "other" },
	};
	struct profile p = PROFILE_INIT;
	struct env_resolution res;

	load(&p, "grid.yaml", grid_yaml);
	for (size_t i = 0; i < NELEM(rows); i++) {
		check_row(&p, NULL, 0, &rows[i], &res);
		envmatch_resolution_release(&res);
	}

	/* the effective settings of several matches: strictest of each */
	{
		static const struct row r = { "x.staging.example.com", "shop", "analyst_2", NULL,
					      "analysts staging", "analysts" };

		check_row(&p, NULL, 0, &r, &res);
		is_int(res.actions[CLASS_WRITE], ACTION_BLOCK, "analysts+staging: write block");
		is_int(res.actions[CLASS_READ], ACTION_ALLOW, "analysts+staging: read allow");
		is_int(res.countdown, 10, "analysts+staging: longest countdown (10 > 7)");
		is_int(res.read_only, 1, "analysts+staging: protection readonly makes it read-only");
		envmatch_resolution_release(&res);
	}
	{
		static const struct row r = { "db1.example.com", "shop", "app", NULL, "prod",
					      "prod" };

		check_row(&p, NULL, 0, &r, &res);
		ok(res.why.n >= 1 && strstr(res.why.v[0], "environment \"prod\" of grid.yaml "
				      "matches on the client side: host \"db1.example.com\" matches "
				      "\"db1.example.com\", port 5432, database \"shop\" matches "
				      "\"shop\""), "why names host, port and database (%s)",
		   res.why.n ? res.why.v[0] : "");
		is_int(res.actions[CLASS_CATASTROPHIC], ACTION_BLOCK, "prod: catastrophic block");
		is_int(res.used_default, 0, "prod: the built-in default was not used");
		envmatch_resolution_release(&res);
	}
	profile_release(&p);
}

/* ----------------------------------------------------- the built-in default */

static int why_has(const struct env_resolution *res, const char *s)
{
	for (size_t i = 0; i < res->why.n; i++)
		if (strstr(res->why.v[i], s))
			return 1;
	return 0;
}


static void test_default(void)
{
	static const struct row rows[] = {
		{ "/var/run/postgresql", "shop", "app", NULL, "local", "local" },
		{ "localhost", "shop", "app", NULL, "local", "local" },
		{ "127.0.0.1", "shop", "app", NULL, "local", "local" },
		{ "127.9.9.9", "shop", "app", NULL, "local", "local" },
		{ "::1", "shop", "app", NULL, "local", "local" },
		{ "db.prod.internal", "shop", "app", NULL, "production", "production" },
		{ "10.0.0.5", "myprod_db", "app", NULL, "production", "production" },
		{ "10.0.0.5", "PROD", "app", NULL, "production", "production" },
		{ "10.0.0.5", "shop", "app", NULL, "remote", "remote" },
		{ "db.example.com", "shop", "app", NULL, "remote", "remote" },
		{ "localhost", "prod", "app", NULL, "local production", "production" },
	};
	struct env_resolution res;

	static const struct row multi = { "localhost,db.example.com", "shop", "app", NULL,
					  "local remote", "remote" };

	/* a loopback host does not make a remote one in the same conninfo local */
	check_row(NULL, NULL, 0, &multi, &res);
	ok(why_has(&res, "host \"db.example.com\" matches no environment of the built-in "
			 "default; its default_environment \"remote\" applies"), "  and says why");
	envmatch_resolution_release(&res);
	for (size_t i = 0; i < NELEM(rows); i++) {
		check_row(NULL, NULL, 0, &rows[i], &res);
		is_int(res.used_default, 1, "  the built-in default was used");
		envmatch_resolution_release(&res);
	}
	{
		static const struct row r = { "db.example.com", "shop", "app", NULL, "remote",
					      "remote" };

		check_row(NULL, NULL, 0, &r, &res);
		is_int(res.actions[CLASS_DESTRUCTIVE], ACTION_CONFIRM, "remote: destructive confirm");
		is_int(res.phrase, PHRASE_DATABASE, "remote: phrase is the database");
		{
			struct target t;

			envmatch_target_init(&t);
			envmatch_target_add_host(&t, "db.example.com", NULL, 5432);
			t.database = xstrdup("shop");
			is_str(envmatch_phrase_text(&res, &t), "shop", "  phrase text: \"shop\"");
			res.phrase = PHRASE_HOST;
			is_str(envmatch_phrase_text(&res, &t), "db.example.com", "  host phrase");
			res.phrase = PHRASE_ENVIRONMENT;
			is_str(envmatch_phrase_text(&res, &t), "remote", "  environment phrase");
			envmatch_target_release(&t);
		}
		envmatch_resolution_release(&res);
	}
}

/* --------------------------------------------------------- the server side */

static int resolve_tagged(const struct profile *user, const struct profile *const *floors,
			  size_t nfloors, const char *host, const char *db,
			  enum server_tag_state st, const char *tag, uint64_t sysid,
			  struct env_resolution *res)
{
	struct target t;
	char *cause = NULL;
	int r;

	envmatch_target_init(&t);
	envmatch_target_add_host(&t, host, NULL, 5432);
	t.database = xstrdup(db);
	t.user = xstrdup("app");
	t.tag_state = st;
	t.server_tag = tag ? xstrdup(tag) : NULL;
	t.server_tag_source = tag ? xstrdup("database") : NULL;
	t.system_identifier = sysid;
	r = envmatch_resolve(user, floors, nfloors, &t, res, &cause);
	free(cause);
	envmatch_target_release(&t);
	return r;
}

static void test_server(void)
{
	struct profile p = PROFILE_INIT;
	struct env_resolution res;
	char *names;

	load(&p, "grid.yaml", grid_yaml);

	/* a tunnel: localhost on the client side, production on the server side */
	resolve_tagged(NULL, NULL, 0, "localhost", "shop", SERVER_TAG_SET, "production", 0, &res);
	names = joined(&res.names);
	is_str(names, "local production", "default profile, tunnel: local and production apply");
	is_str(res.primary, "production", "  production is shown");
	is_int(res.actions[CLASS_CATASTROPHIC], ACTION_BLOCK, "  catastrophic block");
	is_int(res.server_disagrees, 1, "  server and client disagree");
	ok(why_has(&res, "the server says \"production\" but the client side matched \"local\": "
			 "the stricter applies (\"production\")"), "  the user is told why");
	ok(why_has(&res, "the server's safepg.environment is \"production\" (set by the database)"),
	   "  the tag and its source are named");
	free(names);
	envmatch_resolution_release(&res);

	/* grid: prod names its tag explicitly */
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_SET, "production", 0, &res);
	names = joined(&res.names);
	is_str(names, "prod other", "explicit server_tag selects prod");
	is_str(res.primary, "prod", "  prod is shown");
	free(names);
	envmatch_resolution_release(&res);

	/* with an explicit server_tag, the name alone is not the tag */
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_SET, "prod", 0, &res);
	is_int(res.server_tag_unknown, 1, "tag \"prod\" names no environment of grid.yaml");
	is_int(res.actions[CLASS_DESTRUCTIVE], ACTION_CONFIRM,
	       "  an unknown tag still means at least confirm");
	envmatch_resolution_release(&res);

	/* by name, when the environment has no server_tag */
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_SET, "staging", 0, &res);
	names = joined(&res.names);
	is_str(names, "staging other", "tag \"staging\" selects staging by its name");
	free(names);
	envmatch_resolution_release(&res);

	/* agreement */
	resolve_tagged(&p, NULL, 0, "db1.example.com", "shop", SERVER_TAG_SET, "production", 0,
		       &res);
	names = joined(&res.names);
	is_str(names, "prod", "server and client agree on prod");
	is_int(res.server_disagrees, 0, "  no disagreement");
	free(names);
	envmatch_resolution_release(&res);

	/* a server tag never relaxes: client prod, server says staging */
	resolve_tagged(&p, NULL, 0, "db1.example.com", "shop", SERVER_TAG_SET, "staging", 0, &res);
	is_str(res.primary, "prod", "client prod + server staging: prod is shown");
	is_int(res.actions[CLASS_CATASTROPHIC], ACTION_BLOCK, "  still blocks catastrophic");
	envmatch_resolution_release(&res);

	/* several levels tag the server: every tag applies */
	{
		struct target t;
		char *cause = NULL;

		envmatch_target_init(&t);
		envmatch_target_add_host(&t, "localhost", NULL, 5432);
		t.database = xstrdup("x");
		envmatch_target_add_tag(&t, "staging", "role");
		envmatch_target_add_tag(&t, "production", "database");
		envmatch_target_add_tag(&t, "staging", "cluster");
		is_int(t.extra_tags.n, 1, "add_tag drops a duplicate");
		is_int(envmatch_resolve(&p, NULL, 0, &t, &res, &cause), 0, "resolve with two tags");
		names = joined(&res.names);
		is_str(names, "prod staging other", "a role's tag does not hide the database's");
		is_str(res.primary, "prod", "  prod is shown");
		ok(why_has(&res, "\"production\" (set by the database)"), "  its source is named");
		free(names);
		free(cause);
		envmatch_resolution_release(&res);
		envmatch_target_release(&t);
	}

	/* absent and unreadable tags are said */
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_ABSENT, NULL, 0, &res);
	ok(why_has(&res, "the server sets no safepg.environment"), "absent tag is said");
	is_str(res.primary, "other", "  client side alone decides");
	envmatch_resolution_release(&res);
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_UNREADABLE, NULL, 0, &res);
	ok(why_has(&res, "could not be read"), "unreadable tag is said");
	envmatch_resolution_release(&res);

	/* the cluster's system identifier */
	resolve_tagged(&p, NULL, 0, "localhost", "x", SERVER_TAG_ABSENT, NULL,
		       UINT64_C(7301234567890123456), &res);
	names = joined(&res.names);
	is_str(names, "vault other", "system identifier selects vault");
	is_int(res.actions[CLASS_WRITE], ACTION_BLOCK, "  vault blocks writes");
	ok(why_has(&res, "system identifier is 7301234567890123456"), "  and says so");
	free(names);
	envmatch_resolution_release(&res);

	profile_release(&p);
}

/* ------------------------------------------------------------------ floors */

static void test_floors(void)
{
	struct profile user = PROFILE_INIT, floor = PROFILE_INIT, floor2 = PROFILE_INIT;
	const struct profile *floors[2];
	struct env_resolution res;
	char *names;

	load(&user, "user.yaml",
	     "version: 1\n"
	     "default_environment: dev\n"
	     "environments:\n"
	     "  prod:\n"
	     "    match: {hosts: [\"db1.example.com\"]}\n"
	     "    protection: off\n"
	     "  dev:\n"
	     "    protection: off\n");
	load(&floor, "/etc/safepg/profile.yaml",
	     "version: 1\n"
	     "environments:\n"
	     "  prod:\n"
	     "    match: {hosts: [\"*.prod.example.com\"]}\n"
	     "    protection: strict\n"
	     "    countdown: 15\n"
	     "  pii:\n"
	     "    match: {databases: [\"customers\"]}\n"
	     "    protection: confirm\n");
	load(&floor2, "floor2.yaml",
	     "version: 1\n"
	     "environments:\n"
	     "  audit:\n"
	     "    match: {users: [\"auditor\"]}\n"
	     "    protection: readonly\n");
	floors[0] = &floor;
	floors[1] = &floor2;

	/* the user's prod (off) matches by host; the floor's prod applies by name */
	resolve_tagged(&user, floors, 1, "db1.example.com", "shop", SERVER_TAG_UNKNOWN, NULL, 0,
		       &res);
	names = joined(&res.names);
	is_str(names, "prod", "user prod + floor prod");
	is_int(res.actions[CLASS_CATASTROPHIC], ACTION_BLOCK, "  floor's strict wins over off");
	is_int(res.countdown, 15, "  floor's countdown");
	is_int(res.floor_applied, 1, "  floor_applied");
	ok(why_has(&res, "floor /etc/safepg/profile.yaml defines \"prod\" too"),
	   "  the user is told the floor defines prod");
	ok(why_has(&res, "floor /etc/safepg/profile.yaml made it stricter: write warn instead of "
			 "allow"), "  and what it changed");
	free(names);
	envmatch_resolution_release(&res);

	/* the floor matches on its own where the user profile says dev */
	resolve_tagged(&user, floors, 1, "a.prod.example.com", "shop", SERVER_TAG_UNKNOWN, NULL, 0,
		       &res);
	names = joined(&res.names);
	is_str(names, "dev prod", "floor prod matches by its own hosts");
	is_str(res.primary, "prod", "  prod is shown");
	is_str(res.primary_profile, "/etc/safepg/profile.yaml", "  from the floor");
	free(names);
	envmatch_resolution_release(&res);

	/* a floor never loosens: dev (off) stays off only where no floor applies */
	resolve_tagged(&user, floors, 1, "laptop", "shop", SERVER_TAG_UNKNOWN, NULL, 0, &res);
	names = joined(&res.names);
	is_str(names, "dev", "nothing of the floor applies");
	is_int(res.floor_applied, 0, "  floor_applied is 0");
	is_int(res.actions[CLASS_CATASTROPHIC], ACTION_ALLOW, "  dev's off applies");
	free(names);
	envmatch_resolution_release(&res);

	/* two floors */
	resolve_tagged(&user, floors, 2, "laptop", "customers", SERVER_TAG_UNKNOWN, NULL, 0, &res);
	names = joined(&res.names);
	is_str(names, "dev pii", "floor pii by database");
	is_int(res.actions[CLASS_DESTRUCTIVE], ACTION_CONFIRM, "  destructive confirm");
	free(names);
	envmatch_resolution_release(&res);

	/* the built-in default plus a floor */
	resolve_tagged(NULL, floors, 1, "localhost", "customers", SERVER_TAG_UNKNOWN, NULL, 0,
		       &res);
	names = joined(&res.names);
	is_str(names, "local pii", "no user profile: built-in local plus floor pii");
	free(names);
	envmatch_resolution_release(&res);

	profile_release(&user);
	profile_release(&floor);
	profile_release(&floor2);
}

int main(void)
{
	test_glob();
	test_host_patterns();
	test_presets();
	test_grid();
	test_default();
	test_server();
	test_floors();
	return tap_done();
}
