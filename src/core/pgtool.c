/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgtool: the meaning of a call of a guarded PostgreSQL client program.
 * Each tool's options are listed from its PostgreSQL 15 --help: those that
 * take an argument (so that the argument is not mistaken for a positional)
 * and those that change the target or the action.  Options not listed are
 * taken as flags without an argument; the tool itself rejects what it does
 * not know.  Long options may be abbreviated to a unique prefix, as
 * getopt_long allows.  Pure: no I/O, no environment.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/class.h"
#include "safepg/classify.h"
#include "safepg/pgtool.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* What an option sets. */
enum field {
	F_NONE = 0,	/* takes an argument nobody here needs */
	F_FLAG,		/* no argument, no meaning here */
	F_HOST, F_PORT, F_USER, F_DBNAME, F_MAINT, F_FILE,
	F_CLEAN, F_CREATE, F_FULL, F_ALL, F_INFO
};

struct opt {
	char s;			/* short letter, 0: none */
	const char *l;		/* long name, NULL: none */
	enum field f;
};

static int takes_arg(enum field f)
{
	switch (f) {
	case F_NONE: case F_HOST: case F_PORT: case F_USER: case F_DBNAME: case F_MAINT:
	case F_FILE:
		return 1;
	case F_FLAG: case F_CLEAN: case F_CREATE: case F_FULL: case F_ALL: case F_INFO:
	default:
		return 0;
	}
}

#define CONN_OPTS \
	{ 'h', "host", F_HOST }, { 'p', "port", F_PORT }, { 'U', "username", F_USER }, \
	{ 'w', "no-password", F_FLAG }, { 'W', "password", F_FLAG }, \
	{ 'V', "version", F_INFO }, { '?', "help", F_INFO }

static const struct opt pg_dump_opts[] = {
	CONN_OPTS,
	{ 'f', "file", F_FILE }, { 'F', "format", F_NONE }, { 'j', "jobs", F_NONE },
	{ 'Z', "compress", F_NONE }, { 0, "lock-wait-timeout", F_NONE },
	{ 'e', "extension", F_NONE }, { 'E', "encoding", F_NONE }, { 'n', "schema", F_NONE },
	{ 'N', "exclude-schema", F_NONE }, { 'S', "superuser", F_NONE }, { 't', "table", F_NONE },
	{ 'T', "exclude-table", F_NONE }, { 0, "exclude-table-data", F_NONE },
	{ 0, "extra-float-digits", F_NONE }, { 0, "include-foreign-data", F_NONE },
	{ 0, "restrict-key", F_NONE }, { 0, "rows-per-insert", F_NONE },
	{ 0, "section", F_NONE }, { 0, "snapshot", F_NONE }, { 0, "role", F_NONE },
	{ 'd', "dbname", F_DBNAME }, { 0, NULL, F_NONE }
};

static const struct opt pg_dumpall_opts[] = {
	CONN_OPTS,
	{ 'f', "file", F_FILE }, { 0, "lock-wait-timeout", F_NONE }, { 'E', "encoding", F_NONE },
	{ 'S', "superuser", F_NONE }, { 0, "exclude-database", F_NONE },
	{ 0, "extra-float-digits", F_NONE }, { 0, "restrict-key", F_NONE },
	{ 0, "rows-per-insert", F_NONE }, { 0, "role", F_NONE }, { 'c', "clean", F_CLEAN },
	{ 'd', "dbname", F_DBNAME }, { 'l', "database", F_MAINT }, { 0, NULL, F_NONE }
};

static const struct opt pg_restore_opts[] = {
	CONN_OPTS,
	{ 'd', "dbname", F_DBNAME }, { 'f', "file", F_FILE }, { 'F', "format", F_NONE },
	{ 'I', "index", F_NONE }, { 'j', "jobs", F_NONE }, { 'L', "use-list", F_NONE },
	{ 'n', "schema", F_NONE }, { 'N', "exclude-schema", F_NONE }, { 'P', "function", F_NONE },
	{ 'S', "superuser", F_NONE }, { 't', "table", F_NONE }, { 'T', "trigger", F_NONE },
	{ 0, "restrict-key", F_NONE }, { 0, "section", F_NONE }, { 0, "role", F_NONE },
	{ 'c', "clean", F_CLEAN }, { 'C', "create", F_CREATE }, { 0, NULL, F_NONE }
};

static const struct opt dropdb_opts[] = {
	CONN_OPTS, { 0, "maintenance-db", F_MAINT }, { 0, NULL, F_NONE }
};

static const struct opt createdb_opts[] = {
	CONN_OPTS,
	{ 'D', "tablespace", F_NONE }, { 'E', "encoding", F_NONE }, { 'l', "locale", F_NONE },
	{ 0, "lc-collate", F_NONE }, { 0, "lc-ctype", F_NONE }, { 0, "icu-locale", F_NONE },
	{ 0, "locale-provider", F_NONE }, { 'O', "owner", F_NONE }, { 'S', "strategy", F_NONE },
	{ 'T', "template", F_NONE }, { 0, "maintenance-db", F_MAINT }, { 0, NULL, F_NONE }
};

static const struct opt dropuser_opts[] = {
	CONN_OPTS, { 0, NULL, F_NONE }
};

static const struct opt createuser_opts[] = {
	CONN_OPTS, { 'c', "connection-limit", F_NONE }, { 'g', "role", F_NONE },
	{ 0, NULL, F_NONE }
};

static const struct opt vacuumdb_opts[] = {
	CONN_OPTS,
	{ 'd', "dbname", F_DBNAME }, { 'j', "jobs", F_NONE }, { 0, "min-mxid-age", F_NONE },
	{ 0, "min-xid-age", F_NONE }, { 'P', "parallel", F_NONE }, { 't', "table", F_NONE },
	{ 0, "maintenance-db", F_MAINT }, { 'f', "full", F_FULL }, { 'a', "all", F_ALL },
	{ 0, NULL, F_NONE }
};

static const struct opt reindexdb_opts[] = {
	CONN_OPTS,
	{ 'd', "dbname", F_DBNAME }, { 'i', "index", F_NONE }, { 'j', "jobs", F_NONE },
	{ 'S', "schema", F_NONE }, { 't', "table", F_NONE }, { 0, "tablespace", F_NONE },
	{ 0, "maintenance-db", F_MAINT }, { 'a', "all", F_ALL }, { 0, NULL, F_NONE }
};

static const struct opt clusterdb_opts[] = {
	CONN_OPTS,
	{ 'd', "dbname", F_DBNAME }, { 't', "table", F_NONE }, { 0, "maintenance-db", F_MAINT },
	{ 'a', "all", F_ALL }, { 0, NULL, F_NONE }
};

const char *const pgtool_names[] = {
	"pg_dump", "pg_dumpall", "pg_restore", "dropdb", "createdb", "dropuser", "createuser",
	"vacuumdb", "reindexdb", "clusterdb", NULL
};

static const struct opt *const tool_opts[] = {
	NULL, pg_dump_opts, pg_dumpall_opts, pg_restore_opts, dropdb_opts, createdb_opts,
	dropuser_opts, createuser_opts, vacuumdb_opts, reindexdb_opts, clusterdb_opts,
};

enum pgtool_id pgtool_lookup(const char *name)
{
	for (size_t i = 0; name && pgtool_names[i]; i++)
		if (!strcmp(name, pgtool_names[i]))
			return (enum pgtool_id)(i + 1);
	return PGTOOL_NONE;
}

const char *pgtool_name(enum pgtool_id id)
{
	if (id <= PGTOOL_NONE || id > PGTOOL_CLUSTERDB)
		return "";
	return pgtool_names[id - 1];
}

static const struct opt *find_short(const struct opt *o, char c)
{
	for (; o->s || o->l; o++)
		if (o->s == c)
			return o;
	return NULL;
}

/* Exact long name, else a unique prefix; *ambiguous set when several match. */
static const struct opt *find_long(const struct opt *o, const char *name, size_t len,
				   int *ambiguous)
{
	const struct opt *hit = NULL;
	int n = 0;

	*ambiguous = 0;
	for (; o->s || o->l; o++) {
		if (!o->l || strncmp(o->l, name, len))
			continue;
		if (strlen(o->l) == len)
			return o;
		hit = o;
		n++;
	}
	if (n > 1) {
		*ambiguous = 1;
		return NULL;
	}
	return hit;
}

static void set_field(struct pgtool_call *c, enum field f, const char *val)
{
	switch (f) {
	case F_HOST: c->host = val; break;
	case F_PORT: c->port = val; break;
	case F_USER: c->user = val; break;
	case F_DBNAME: c->dbname = val; break;
	case F_MAINT: c->maintenance_db = val; break;
	case F_FILE: c->file = val; break;
	case F_CLEAN: c->clean = 1; break;
	case F_CREATE: c->create = 1; break;
	case F_FULL: c->full = 1; break;
	case F_ALL: c->all = 1; break;
	case F_INFO: c->info_only = 1; break;
	case F_NONE: case F_FLAG:
	default:
		break;
	}
}

/* A positional argument, as the tool takes it. */
static void positional(struct pgtool_call *c, const char *arg, int *npos)
{
	int first = (*npos)++ == 0;

	switch (c->tool) {
	case PGTOOL_PG_DUMP: case PGTOOL_VACUUMDB: case PGTOOL_REINDEXDB: case PGTOOL_CLUSTERDB:
		/* the tools take the first; a -d given too wins for the connection */
		if (first && !c->dbname)
			c->dbname = arg;
		break;
	case PGTOOL_PG_RESTORE:
		if (first)
			c->archive = arg;
		break;
	case PGTOOL_DROPDB: case PGTOOL_CREATEDB: case PGTOOL_DROPUSER: case PGTOOL_CREATEUSER:
		if (first)
			c->object = arg;	/* createdb's second is a comment */
		break;
	case PGTOOL_PG_DUMPALL: case PGTOOL_NONE:
	default:
		break;
	}
}

int pgtool_parse(enum pgtool_id tool, int argc, char *const *argv, struct pgtool_call *out,
		 char **cause)
{
	const struct opt *opts;
	int npos = 0, only_pos = 0;

	*cause = NULL;
	memset(out, 0, sizeof(*out));
	out->tool = tool;
	if (tool <= PGTOOL_NONE || tool > PGTOOL_CLUSTERDB) {
		*cause = xstrdup("not a guarded PostgreSQL tool");
		return -1;
	}
	opts = tool_opts[tool];
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (only_pos || a[0] != '-' || !a[1]) {
			positional(out, a, &npos);
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int ambiguous;
			const struct opt *o = find_long(opts, name, len, &ambiguous);

			if (ambiguous) {
				*cause = xasprintf("option \"%s\" is ambiguous", a);
				return -1;
			}
			if (!o)
				continue;	/* a flag this table does not list */
			if (takes_arg(o->f)) {
				if (eq)
					set_field(out, o->f, eq + 1);
				else if (i + 1 < argc)
					set_field(out, o->f, argv[++i]);
				else {
					*cause = xasprintf("option \"--%s\" requires an argument", o->l);
					return -1;
				}
			} else if (eq) {
				*cause = xasprintf("option \"--%s\" does not take an argument", o->l);
				return -1;
			} else {
				set_field(out, o->f, NULL);
			}
			continue;
		}
		/* a cluster of short options: -vc, -Ufoo, -U foo */
		for (const char *p = a + 1; *p; p++) {
			const struct opt *o = find_short(opts, *p);

			if (!o)
				continue;
			if (!takes_arg(o->f)) {
				set_field(out, o->f, NULL);
				continue;
			}
			if (p[1])
				set_field(out, o->f, p + 1);
			else if (i + 1 < argc)
				set_field(out, o->f, argv[++i]);
			else {
				*cause = xasprintf("option \"-%c\" requires an argument", *p);
				return -1;
			}
			break;
		}
	}
	return 0;
}

const char *pgtool_target_db(const struct pgtool_call *c)
{
	switch (c->tool) {
	case PGTOOL_DROPDB:
		return c->object ? c->object : c->maintenance_db;
	case PGTOOL_CREATEDB: case PGTOOL_DROPUSER: case PGTOOL_CREATEUSER:
		return c->maintenance_db;
	case PGTOOL_VACUUMDB: case PGTOOL_REINDEXDB: case PGTOOL_CLUSTERDB:
		if (c->all)
			return c->maintenance_db;
		return c->dbname ? c->dbname : c->maintenance_db;
	case PGTOOL_PG_DUMPALL:
		return c->dbname ? c->dbname : c->maintenance_db;
	case PGTOOL_PG_DUMP: case PGTOOL_PG_RESTORE:
		return c->dbname;
	case PGTOOL_NONE:
	default:
		return NULL;
	}
}

int pgtool_connects(const struct pgtool_call *c)
{
	if (c->info_only || c->tool == PGTOOL_NONE)
		return 0;
	if (c->tool == PGTOOL_PG_RESTORE && !c->dbname)
		return 0;
	return 1;
}

static void overwrite_note(const struct pgtool_call *c, int file_exists, struct verdict *out)
{
	char *why;

	if (!c->file || !file_exists || !strcmp(c->file, "-"))
		return;
	why = xasprintf("%s -f overwrites the existing file \"%s\"", pgtool_name(c->tool), c->file);
	verdict_note(out, CLASS_DESTRUCTIVE, c->file, why);
	free(why);
}

void pgtool_classify(const struct pgtool_call *c, int file_exists, struct verdict *out)
{
	const char *name = pgtool_name(c->tool);
	const char *db = pgtool_target_db(c);
	char *why = NULL;

	verdict_set(out, CLASS_READ, *name ? name : "unknown tool", NULL);
	if (c->tool == PGTOOL_NONE) {
		verdict_note(out, CLASS_UNKNOWN, NULL, "not a PostgreSQL tool safepg knows");
		return;
	}
	if (c->info_only)
		return;
	switch (c->tool) {
	case PGTOOL_PG_DUMP:
		verdict_note(out, CLASS_READ, db, NULL);
		overwrite_note(c, file_exists, out);
		break;
	case PGTOOL_PG_DUMPALL:
		verdict_note(out, CLASS_READ, NULL, NULL);
		overwrite_note(c, file_exists, out);
		break;
	case PGTOOL_PG_RESTORE:
		if (!c->dbname) {
			overwrite_note(c, file_exists, out);
		} else if (c->clean && c->create) {
			verdict_note(out, CLASS_CATASTROPHIC, c->dbname,
				     "pg_restore --create --clean drops the whole database of the "
				     "archive and creates it again");
		} else if (c->clean) {
			why = xasprintf("pg_restore --clean drops the objects of the archive from "
					"database \"%s\" before recreating them", c->dbname);
			verdict_note(out, CLASS_DESTRUCTIVE, c->dbname, why);
		} else {
			verdict_note(out, CLASS_WRITE, c->dbname,
				     c->create ? "pg_restore --create creates the archive's database "
				     "and loads it" : "pg_restore loads objects and data into a database");
		}
		break;
	case PGTOOL_DROPDB:
		verdict_note(out, CLASS_CATASTROPHIC, c->object,
			     "dropdb removes a whole database and everything in it");
		if (c->object) {
			free(out->confirm_target);
			out->confirm_target = xstrdup(c->object);
		}
		break;
	case PGTOOL_DROPUSER:
		verdict_note(out, CLASS_DESTRUCTIVE, c->object, "dropuser removes a role");
		break;
	case PGTOOL_CREATEDB:
		verdict_note(out, CLASS_WRITE, c->object, "createdb creates a database");
		break;
	case PGTOOL_CREATEUSER:
		verdict_note(out, CLASS_WRITE, c->object, "createuser creates a role");
		break;
	case PGTOOL_VACUUMDB:
		verdict_note(out, CLASS_WRITE, c->all ? "all databases" : db,
			     c->full ? "vacuumdb --full rewrites each table under an exclusive lock: "
			     "reads and writes of it wait until it is done" :
			     "vacuumdb vacuums and may analyze tables");
		break;
	case PGTOOL_REINDEXDB:
		verdict_note(out, CLASS_WRITE, c->all ? "all databases" : db,
			     "reindexdb rebuilds indexes, locking out writes to their tables");
		break;
	case PGTOOL_CLUSTERDB:
		verdict_note(out, CLASS_WRITE, c->all ? "all databases" : db,
			     "clusterdb rewrites tables under an exclusive lock");
		break;
	case PGTOOL_NONE:
	default:
		break;
	}
	free(why);
}
