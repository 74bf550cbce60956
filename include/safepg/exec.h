/* SPDX-License-Identifier: PostgreSQL */
/*
 * exec: sending statements and printing what comes back, as psql's
 * common.c does — the "front door" for what the user wrote (exec_send_query:
 * echo, the guard, AUTOCOMMIT's implicit BEGIN, ON_ERROR_ROLLBACK's
 * savepoint, FETCH_COUNT's cursor, \g \gset \gexec \gdesc \crosstabview,
 * COPY, errors and notices with psql's exact bytes) and the "back door" for
 * queries safepg makes itself (exec_hidden, subject to ECHO_HIDDEN).
 * It does not read input (repl.c) nor decide what is allowed (guard.c).
 */
#ifndef SAFEPG_EXEC_H
#define SAFEPG_EXEC_H

#include <stdio.h>

#include <libpq-fe.h>

struct session;
struct print_query_opt;

/*
 * Send a statement the user wrote (psql's SendQuery).  The guard sees it
 * first; a declined or refused statement is not sent (and s->guard_exit
 * says why when a script must stop).  Returns 1 when it ran without error.
 */
int exec_send_query(struct session *s, const char *query);

/*
 * A query of safepg's own (psql's PSQLexec): printed first when
 * ECHO_HIDDEN is on (and not run when it is noexec), not guarded (callers
 * only read catalogs), errors printed.  Returns the result, or NULL on
 * error; the caller PQclears it.
 */
PGresult *exec_hidden(struct session *s, const char *query);

/*
 * \watch's execution of one round (psql's PSQLexecWatch): 1 success, 0
 * cannot be repeated (interrupted), -1 error.
 */
int exec_watch(struct session *s, const char *query, const struct print_query_opt *opt,
	       FILE *fout);

/* libpq notice processor printing notices as psql does; arg is the session. */
void exec_notice_processor(void *arg, const char *message);

/*
 * Whether the connection is still up; if not, in a script: "connection to
 * server was lost" and exit 2; interactively: try to reset, as psql does.
 */
int exec_check_connection(struct session *s);

/* Remember an error result for \errverbose, or PQclear anything else. */
void exec_clear_or_save(struct session *s, PGresult *res);

/* "Time: 1.234 ms" and the longer forms, to stdout (psql's PrintTiming). */
void exec_print_timing(double elapsed_msec);

/* The session user (session_authorization), or PQuser. */
const char *exec_session_username(const struct session *s);
/* is_superuser reported by the server. */
int exec_is_superuser(const struct session *s);

/* Replace a leading ~ or ~user in *filename (allocated) with the home directory. */
void exec_expand_tilde(char **filename);

/* A conninfo string or URI, as libpq would recognise it. */
int exec_recognized_connection_string(const char *s);

#endif
