/* SPDX-License-Identifier: PostgreSQL */
/*
 * conn: making and changing the connection, as psql does — the initial
 * connection from the command line (psql's startup.c loop around
 * PQconnectdbParams), \c (psql's do_connect, re-using the previous
 * connection's parameters), the password prompt on /dev/tty, the version
 * and SSL notice shown when connecting interactively, and \conninfo.
 * Passwords from PGPASSWORD, ~/.pgpass and service files are libpq's
 * business.  The password typed is wiped from memory after use.
 */
#ifndef SAFEPG_CONN_H
#define SAFEPG_CONN_H

#include "safepg/session.h"

/* What the command line says about the connection. */
struct conn_opts {
	const char *dbname;	/* a name, a conninfo string or a URI; may be NULL */
	const char *host;
	const char *port;
	const char *username;
	int list_dbs;		/* -l: connect to "postgres" when no dbname */
};

/*
 * Connect as psql does at start-up, prompting for a password on the
 * terminal when the server asks for one (unless -w), or first when -W.
 * On success s->db is set up (notice processor, variables) and 1 is
 * returned; on failure the error is printed and 0 returned (psql exits 2).
 */
int conn_initial(struct session *s, const struct conn_opts *o);

/*
 * psql's do_connect (\c): NULL arguments are taken from the current (or
 * lost) connection when reuse says so (TRIVALUE_DEFAULT: unless dbname is
 * a connection string).  Returns 1 when connected; on failure the old
 * connection is kept when interactive, else closed.
 */
int conn_reconnect(struct session *s, enum trivalue reuse, const char *dbname,
		   const char *user, const char *host, const char *port);

/* psql's connection_warnings: the "psql (15.x, server ...)" line, version warning, SSL. */
void conn_warnings(struct session *s, int in_startup);

/* \conninfo. */
void conn_print_info(struct session *s);

/*
 * Read a line from /dev/tty after showing prompt there, without echo when
 * echo is 0.  Never falls back to stdin.  Returns an allocated string (the
 * caller wipes and frees it), or NULL when there is no terminal or Ctrl-C
 * was pressed (*canceled set when not NULL).
 */
char *conn_prompt_tty(const char *prompt, int echo, int *canceled);

#endif
