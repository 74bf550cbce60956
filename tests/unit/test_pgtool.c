/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for pgtool: each case is one call of a guarded tool (its
 * arguments split on spaces) with the target and the verdict it must give:
 * class, host, port, user, the database the environment is matched on,
 * the confirmation target, whether it connects, and parse errors.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/class.h"
#include "safepg/classify.h"
#include "safepg/pgtool.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "tap.h"
#include "safepg/banned.h"

struct pt_case {
	const char *tool;
	const char *args;	/* split on ' ' */
	int file_exists;
	enum sp_class cls;	/* CLASS_NONE: a parse error is expected */
	const char *host, *port, *user, *db;	/* db: pgtool_target_db */
	const char *confirm;	/* confirm_target */
	int connects;
};

#define ERR CLASS_NONE
#define R CLASS_READ
#define W CLASS_WRITE
#define D CLASS_DESTRUCTIVE
#define C CLASS_CATASTROPHIC

static const struct pt_case cases[] = {
	/* pg_dump */
	{ "pg_dump", "shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-h prod -p 5433 -U admin shop", 0, R, "prod", "5433", "admin", "shop", NULL, 1 },
	{ "pg_dump", "-hprod -p5433 -Uadmin -dshop", 0, R, "prod", "5433", "admin", "shop", NULL, 1 },
	{ "pg_dump", "--host=prod --port=5433 --username=admin --dbname=shop", 0, R, "prod", "5433", "admin", "shop", NULL, 1 },
	{ "pg_dump", "--host prod --dbname shop", 0, R, "prod", NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "--db=shop --ho=prod", 0, R, "prod", NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-d postgresql://u@prod/shop", 0, R, NULL, NULL, NULL, "postgresql://u@prod/shop", NULL, 1 },
	{ "pg_dump", "-d host=prod|dbname=shop", 0, R, NULL, NULL, NULL, "host=prod dbname=shop", NULL, 1 },
	{ "pg_dump", "-t orders -n public shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-Fc -Z 9 -j 4 -f out.dump shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-f out.sql shop", 1, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "--file=out.sql shop", 1, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-fout.sql shop", 1, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-f - shop", 1, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-s -v -c shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-svcf out.sql shop", 1, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "-- -shop", 0, R, NULL, NULL, NULL, "-shop", NULL, 1 },
	{ "pg_dump", "--help", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_dump", "-V", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_dump", "-d", 0, ERR, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_dump", "--dbname", 0, ERR, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_dump", "--exclude=x shop", 0, ERR, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_dump", "--section pre-data shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_dump", "--snapshot 0001 --role r shop", 0, R, NULL, NULL, NULL, "shop", NULL, 1 },
	/* pg_dumpall */
	{ "pg_dumpall", "", 0, R, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "pg_dumpall", "-h prod -l shop", 0, R, "prod", NULL, NULL, "shop", NULL, 1 },
	{ "pg_dumpall", "--database=shop -U admin", 0, R, NULL, NULL, "admin", "shop", NULL, 1 },
	{ "pg_dumpall", "-d port=5433", 0, R, NULL, NULL, NULL, "port=5433", NULL, 1 },
	{ "pg_dumpall", "-f all.sql", 1, D, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "pg_dumpall", "-f all.sql", 0, R, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "pg_dumpall", "-g -c", 0, R, NULL, NULL, NULL, NULL, NULL, 1 },
	/* pg_restore */
	{ "pg_restore", "x.dump", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_restore", "-f out.sql x.dump", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_restore", "-f out.sql x.dump", 1, D, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_restore", "-d shop x.dump", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "-c -d shop x.dump", 0, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "--clean --dbname=shop x.dump", 0, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "-cd shop x.dump", 0, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "--cl -d shop x.dump", 0, D, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "-C -c -d postgres x.dump", 0, C, NULL, NULL, NULL, "postgres", NULL, 1 },
	{ "pg_restore", "--create --clean -d postgres x.dump", 0, C, NULL, NULL, NULL, "postgres", NULL, 1 },
	{ "pg_restore", "-C -d postgres x.dump", 0, W, NULL, NULL, NULL, "postgres", NULL, 1 },
	{ "pg_restore", "-h prod -U admin -d shop -j 4 -L list.txt x.dump", 0, W, "prod", NULL, "admin", "shop", NULL, 1 },
	{ "pg_restore", "-c x.dump", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "pg_restore", "-t -c -d shop x.dump", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "pg_restore", "--c -d shop", 0, ERR, NULL, NULL, NULL, NULL, NULL, 0 },
	/* dropdb */
	{ "dropdb", "shop", 0, C, NULL, NULL, NULL, "shop", "shop", 1 },
	{ "dropdb", "-h prod -p 5433 -U admin shop", 0, C, "prod", "5433", "admin", "shop", "shop", 1 },
	{ "dropdb", "--maintenance-db=template1 shop", 0, C, NULL, NULL, NULL, "shop", "shop", 1 },
	{ "dropdb", "--maintenance-db template1 shop", 0, C, NULL, NULL, NULL, "shop", "shop", 1 },
	{ "dropdb", "shop --if-exists -f -i", 0, C, NULL, NULL, NULL, "shop", "shop", 1 },
	{ "dropdb", "-e --force shop", 0, C, NULL, NULL, NULL, "shop", "shop", 1 },
	{ "dropdb", "--", 0, C, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "dropdb", "-- -x", 0, C, NULL, NULL, NULL, "-x", "-x", 1 },
	{ "dropdb", "-U", 0, ERR, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "dropdb", "--help", 0, R, NULL, NULL, NULL, NULL, NULL, 0 },
	/* createdb */
	{ "createdb", "newdb", 0, W, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "createdb", "-T template0 -O owner -E UTF8 newdb comment", 0, W, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "createdb", "--maintenance-db=template1 newdb", 0, W, NULL, NULL, NULL, "template1", NULL, 1 },
	/* dropuser, createuser */
	{ "dropuser", "alice", 0, D, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "dropuser", "-h prod -U admin alice", 0, D, "prod", NULL, "admin", NULL, NULL, 1 },
	{ "dropuser", "-i --if-exists alice", 0, D, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "createuser", "-s -d -g admins -c 5 bob", 0, W, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "createuser", "-U admin --role=admins bob", 0, W, NULL, NULL, "admin", NULL, NULL, 1 },
	/* vacuumdb, reindexdb, clusterdb */
	{ "vacuumdb", "shop", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "vacuumdb", "-f shop", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "vacuumdb", "--full -d shop -t orders", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "vacuumdb", "-a --maintenance-db=template1", 0, W, NULL, NULL, NULL, "template1", NULL, 1 },
	{ "vacuumdb", "-zj 4 shop", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "reindexdb", "-d shop -i orders_pkey", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "reindexdb", "-S public shop", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "reindexdb", "-a -h prod", 0, W, "prod", NULL, NULL, NULL, NULL, 1 },
	{ "clusterdb", "-t orders shop", 0, W, NULL, NULL, NULL, "shop", NULL, 1 },
	{ "clusterdb", "--all", 0, W, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "clusterdb", "-p 6543 --dbname=shop", 0, W, NULL, "6543", NULL, "shop", NULL, 1 },
};

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Split on ' '; '|' inside a word stands for a space. */
static void split(const char *s, struct strvec *out)
{
	const char *p = s;

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *w = xmemdupz(p, n);

		for (char *q = w; *q; q++)
			if (*q == '|')
				*q = ' ';
		if (n)
			strvec_push_nodup(out, w);
		else
			free(w);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void run_case(const struct pt_case *tc)
{
	struct strvec av = STRVEC_INIT;
	struct pgtool_call c;
	struct verdict v;
	char *cause = NULL;
	enum pgtool_id id = pgtool_lookup(tc->tool);
	int rc;

	split(tc->args, &av);
	rc = pgtool_parse(id, (int)av.n, av.v, &c, &cause);
	if (tc->cls == ERR) {
		ok(rc == -1 && cause && *cause, "%s %s: parse error (%s)", tc->tool, tc->args,
		       cause ? cause : "none");
		free(cause);
		strvec_clear(&av);
		return;
	}
	verdict_init(&v);
	pgtool_classify(&c, tc->file_exists, &v);
	ok(rc == 0 && v.cls == tc->cls && same(c.host, tc->host) && same(c.port, tc->port) &&
	       same(c.user, tc->user) && same(pgtool_target_db(&c), tc->db) &&
	       same(v.confirm_target, tc->confirm) && pgtool_connects(&c) == tc->connects &&
	       same(v.kind, tc->tool),
	       "%s %s%s: %s host=%s port=%s user=%s db=%s confirm=%s connects=%d", tc->tool,
	       tc->args, tc->file_exists ? " (file exists)" : "", class_name(v.cls),
	       c.host ? c.host : "-", c.port ? c.port : "-", c.user ? c.user : "-",
	       pgtool_target_db(&c) ? pgtool_target_db(&c) : "-",
	       v.confirm_target ? v.confirm_target : "-", pgtool_connects(&c));
	free(cause);
	verdict_release(&v);
	strvec_clear(&av);
}

static int has_reason(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->reasons.n; i++)
		if (strstr(v->reasons.v[i], needle))
			return 1;
	return 0;
}

int main(void)
{
	struct pgtool_call c;
	struct verdict v;
	char *cause = NULL;
	char a_full[] = "--full", a_shop[] = "shop";
	char *full[] = { a_full, a_shop };
	char *plain[] = { a_shop };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);

	/* names */
	for (size_t i = 0; pgtool_names[i]; i++)
		ok(!strcmp(pgtool_name(pgtool_lookup(pgtool_names[i])), pgtool_names[i]),
		       "lookup round-trips %s", pgtool_names[i]);
	ok(pgtool_lookup("psql") == PGTOOL_NONE, "psql is not a wrapped tool");
	ok(pgtool_lookup("rm") == PGTOOL_NONE && !*pgtool_name(PGTOOL_NONE), "rm is unknown");

	/* vacuumdb --full says it takes exclusive locks; plain vacuum does not */
	verdict_init(&v);
	ok(!pgtool_parse(PGTOOL_VACUUMDB, 2, full, &c, &cause), "vacuumdb --full parses");
	pgtool_classify(&c, 0, &v);
	ok(has_reason(&v, "exclusive lock"), "vacuumdb --full mentions the exclusive lock");
	ok(!pgtool_parse(PGTOOL_VACUUMDB, 1, plain, &c, &cause), "vacuumdb parses");
	pgtool_classify(&c, 0, &v);
	ok(!has_reason(&v, "exclusive lock"), "plain vacuumdb does not");
	ok(c.full == 0, "full flag not set for plain vacuumdb");
	verdict_release(&v);
	return tap_done();
}
