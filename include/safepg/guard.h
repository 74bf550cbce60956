/* SPDX-License-Identifier: PostgreSQL */
/*
 * guard: the point where every statement, meta-command and local COPY end
 * is checked against the environment before it runs, and the only code
 * that will talk to the human (typed confirmation and countdown on
 * /dev/tty).  This is the plug: the client calls these hooks at the places
 * psql would send or run something.  The decisions themselves (profile,
 * classifier, policy, audit) are a later issue; for now every hook lets
 * everything through and no environment is known.
 */
#ifndef SAFEPG_GUARD_H
#define SAFEPG_GUARD_H

struct session;
struct guard;

enum guard_result {
	GUARD_RESULT_NONE = 0,
	GUARD_PROCEED,		/* run it */
	GUARD_REFUSED,		/* blocked by policy: not run, s->guard_exit set */
	GUARD_DECLINED		/* confirmation declined or impossible: not run, s->guard_exit set */
};

/* Check an SQL statement the user wrote (or \gexec generated) before it is sent. */
enum guard_result guard_sql(struct session *s, const char *query);
/* Check a shell command (\!, \o |cmd, \g |cmd, backquotes) before it runs. */
enum guard_result guard_shell(struct session *s, const char *command);
/*
 * Check \copy's local end: from (1: FROM, data goes to the server),
 * program (1: file is a shell command), file (NULL: psql's stdin/stdout).
 */
enum guard_result guard_copy_local(struct session *s, int from, int program, const char *file);
/* The connection changed (connect, \c): re-resolve the environment. */
void guard_connected(struct session *s);

/* The environment's name for %E, or NULL when none is known. */
const char *guard_env_name(const struct guard *g);
/* The environment's colour as an SGR sequence for %C, or NULL. */
const char *guard_env_sgr(const struct guard *g);

#endif
