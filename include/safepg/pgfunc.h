/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgfunc: what calling a function by name does, for the classifier.  Two
 * tables: the pg_catalog functions of which no overload is VOLATILE
 * (generated from a real PostgreSQL 15 server by
 * scripts/gen-builtin-funcs.sh into pgfunc_builtin.c: they cannot change
 * anything, so they are read), and a curated table of volatile built-ins
 * and well-known extension functions, each with a class and a reason.  A
 * name in neither table is a user function: unknown.  Lookups are binary
 * searches.  This module does not look at arguments: the classifier does,
 * for the entries whose flags ask for it.
 */
#ifndef SAFEPG_PGFUNC_H
#define SAFEPG_PGFUNC_H

#include <stddef.h>

#include "safepg/class.h"

/* Flags of a curated entry: what the classifier must look at in the call. */
#define PGFUNC_SQL_ARG0		0x01	/* argument 1 is SQL text that the function runs */
#define PGFUNC_SQL_ARG1		0x02	/* argument 2 is SQL text that the function runs */
#define PGFUNC_SQL_ANY		0x04	/* every string-constant argument may be SQL text that it runs */
#define PGFUNC_SET_CONFIG	0x08	/* set_config(name, value, is_local) */
#define PGFUNC_OBJECT_ARG0	0x10	/* argument 1 names the object touched (a sequence) */
#define PGFUNC_ANY_SCHEMA	0x20	/* an extension function: matched in any schema */

struct pgfunc_info {
	const char *name;
	enum sp_class cls;
	unsigned flags;
	const char *reason;	/* why, for non-read classes; starts with the name */
};

/* The generated table (pgfunc_builtin.c): sorted by strcmp. */
extern const char *const pgfunc_builtin_names[];
extern const size_t pgfunc_builtin_count;

/*
 * What a call of schema.name does.  schema is NULL for an unqualified call.
 * Unqualified and pg_catalog calls are looked up in the curated table, then
 * in the generated one (a hit there returns a static entry of class read);
 * calls in other schemas match only curated PGFUNC_ANY_SCHEMA entries.
 * Returns NULL for anything else: a user function, whose class is unknown.
 * The result is static.
 */
const struct pgfunc_info *pgfunc_lookup(const char *schema, const char *name);

/* 1 when name is in the generated table of non-volatile pg_catalog functions. */
int pgfunc_is_builtin_stable(const char *name);

/* The curated table, for tests: *count entries sorted by strcmp of name. */
const struct pgfunc_info *pgfunc_curated(size_t *count);

#endif
