/* SPDX-License-Identifier: PostgreSQL */
/*
 * target: where a connection will go, worked out on the client side with
 * libpq before connecting, exactly as psql would connect: the -h/-p/-U/-d
 * options and positional DBNAME USER, a conninfo string or URI given as the
 * database name (its values win, as with psql's expand_dbname), then the
 * service file entry, the PG* environment variables and libpq's defaults.
 * Every host of a multi-host conninfo is kept, each with its hostaddr and
 * port; an empty host is libpq's default socket directory.
 *
 * It fills envmatch's struct target (envmatch.h) for the client side only;
 * serverid.h adds what the server says about itself.  It does not connect,
 * resolve host names or read passwords.
 */
#ifndef SAFEPG_TARGET_H
#define SAFEPG_TARGET_H

#include "safepg/envmatch.h"
#include "safepg/strbuf.h"

/* What the command line named, as psql takes it.  NULL: not given. */
struct target_spec {
	const char *host;	/* -h, --host */
	const char *port;	/* -p, --port */
	const char *user;	/* -U, --username, or the second positional argument */
	const char *dbname;	/* -d, --dbname, or the first positional: a name, conninfo or URI */
};

/*
 * 1 when s is a conninfo string or a URI rather than a database name (it
 * starts with postgresql:// or postgres://, or holds '='): libpq's own test.
 */
int target_is_conninfo(const char *s);

/*
 * Resolve spec into *t (initialised here with envmatch_target_init; the
 * caller releases it with envmatch_target_release): one target_host per
 * host, the database (default: the user), the user (default: the operating
 * system user) and the service.  The server side of t is left
 * SERVER_TAG_UNKNOWN.
 *
 * Returns 0, or -1 with *cause (allocated) when the conninfo or URI does
 * not parse, or when the host, hostaddr and port lists do not line up
 * (libpq's messages, as psql would print them).
 *
 * Reads the environment; while it runs, PGSERVICE is set to the service
 * the conninfo names (libpq reads service files only through it) and put
 * back before returning.  Not thread-safe for that reason.
 */
int target_resolve(const struct target_spec *spec, struct target *t, char **cause);

/*
 * The keyword/value arrays for PQconnectdbParams(keywords, values, 1) that
 * connect where target_resolve looked, psql's way (dbname last so that a
 * conninfo in it overrides -h/-p/-U).  Both arrays are NULL-terminated and
 * point into spec and static strings: free only the two arrays.
 */
void target_conn_params(const struct target_spec *spec, const char ***keywords,
			const char ***values);

/*
 * Append a line describing t to out ("host \"h\" port 5432, database
 * \"d\", user \"u\""), several hosts joined by " or ".  For `safepg env`
 * and messages.
 */
void target_describe(const struct target *t, struct strbuf *out);

/*
 * `safepg env [-h HOST] [-p PORT] [-U USER] [-d DBNAME] [--profile FILE]
 * [--no-connect] [DBNAME [USER]]` (cmd_env.c): which environment the target
 * resolves to and why.  argv[0] is "env".  Returns 0, SP_EXIT_CONFIG (8) on
 * a bad profile (nothing connects), SP_EXIT_CONNECTION (2) when it cannot
 * connect, SP_EXIT_ERROR (1) on bad usage.
 */
int cmd_env(int argc, char **argv);

#endif
