/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgtool: what a call of one of the PostgreSQL client programs safepg
 * guards (pg_dump, pg_dumpall, pg_restore, dropdb, createdb, dropuser,
 * createuser, vacuumdb, reindexdb, clusterdb) means.  The argument vector
 * is parsed the way the tool's own getopt_long would (PostgreSQL 15
 * options, "--opt=value" and "--opt value", clustered short options, "--",
 * positionals anywhere) to find the connection target (host, port, user,
 * database / conninfo / URI, maintenance database) and the action; then
 * the action is classified.  It does not read PG* environment variables,
 * look at files or run anything: the caller says whether an output file
 * exists.  Pure: no I/O.
 */
#ifndef SAFEPG_PGTOOL_H
#define SAFEPG_PGTOOL_H

#include "safepg/classify.h"

enum pgtool_id {
	PGTOOL_NONE = 0,
	PGTOOL_PG_DUMP,
	PGTOOL_PG_DUMPALL,
	PGTOOL_PG_RESTORE,
	PGTOOL_DROPDB,
	PGTOOL_CREATEDB,
	PGTOOL_DROPUSER,
	PGTOOL_CREATEUSER,
	PGTOOL_VACUUMDB,
	PGTOOL_REINDEXDB,
	PGTOOL_CLUSTERDB
};

/* What one call names.  Every pointer is borrowed from the argv parsed; NULL: not given. */
struct pgtool_call {
	enum pgtool_id tool;
	const char *host;		/* -h, --host */
	const char *port;		/* -p, --port */
	const char *user;		/* -U, --username (or createuser/dropuser: the role is object) */
	const char *dbname;		/* -d, --dbname, or the positional database (a name, conninfo or URI) */
	const char *maintenance_db;	/* --maintenance-db; pg_dumpall -l, --database */
	const char *object;		/* dropdb/createdb: the database; dropuser/createuser: the role */
	const char *file;		/* -f, --file: pg_dump/pg_dumpall output; pg_restore output */
	const char *archive;		/* pg_restore: the input archive (positional) */
	unsigned clean:1;		/* pg_restore/pg_dumpall -c, --clean */
	unsigned create:1;		/* pg_restore -C, --create */
	unsigned full:1;		/* vacuumdb -f, --full */
	unsigned all:1;			/* vacuumdb/reindexdb/clusterdb -a, --all */
	unsigned info_only:1;		/* --help, -?, --version, -V: the tool connects nowhere */
};

/* The tool named name (a base name: "pg_dump"), or PGTOOL_NONE. */
enum pgtool_id pgtool_lookup(const char *name);
/* The program name of id ("pg_dump"); "" for PGTOOL_NONE. */
const char *pgtool_name(enum pgtool_id id);
/* Every tool's name, NULL-terminated, in the order of enum pgtool_id. */
extern const char *const pgtool_names[];

/*
 * Parse argv[0..argc-1] (the arguments after the program name) for tool
 * into out (overwritten; borrows from argv).  Returns 0, or -1 with
 * *cause (allocated, the caller frees) for an unknown option or a missing
 * option argument: the caller then lets the tool itself complain, without
 * treating the call as harmless.
 */
int pgtool_parse(enum pgtool_id tool, int argc, char *const *argv, struct pgtool_call *out,
		 char **cause);

/*
 * The database the tool's connection goes to, for the environment: the
 * database operated on (dropdb: the one dropped), else -d, else the
 * maintenance database; NULL when none is named (libpq's defaults apply).
 */
const char *pgtool_target_db(const struct pgtool_call *c);

/*
 * 1 when the call touches a server at all (pg_restore -f without -d, and
 * --help/--version, do not).
 */
int pgtool_connects(const struct pgtool_call *c);

/*
 * Classify c into out (initialised with verdict_init; previous contents
 * released).  file_exists: the caller found that c->file exists (a
 * pg_dump/pg_dumpall/pg_restore -f over it is a local overwrite).  Kind is
 * the tool's name; dropdb sets confirm_target to the database dropped.
 */
void pgtool_classify(const struct pgtool_call *c, int file_exists, struct verdict *out);

#endif
