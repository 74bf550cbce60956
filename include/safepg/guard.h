/* SPDX-License-Identifier: PostgreSQL */
/*
 * guard: the point where every statement, meta-command and local COPY end
 * is checked against the environment before it runs, and the only code
 * that talks to the human about it.  The client calls these hooks at the
 * places psql would send or run something.  On connect the guard resolves
 * the environment (profiles, the target, what the server says about
 * itself); for each unit it classifies (classify.h), decides (policy.h),
 * and carries the decision out: run, warn on stderr, ask on /dev/tty
 * (tty.h), or refuse with the documented exit code in s->guard_exit (4
 * blocked, 5 declined, 6 no terminal).  A script given with -f/-c is
 * checked as a whole before its first statement runs (guard_precheck).
 * It does not send statements itself, except the SET that makes a
 * read-only environment's session read-only and \readwrite's SET.
 */
#ifndef SAFEPG_GUARD_H
#define SAFEPG_GUARD_H

#include <stddef.h>

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
/*
 * What became of the statement guard_sql last let through (ok: it
 * succeeded): its outcome line in the audit log, with SQLSTATE and
 * ROW_COUNT as the session's variables say.  Nothing when no statement is
 * pending.
 */
void guard_outcome(struct session *s, int ok);
/*
 * A statement has just been sent: do the bookkeeping of the one before it
 * (format its queued audit line) while the server works on this one.
 */
void guard_sent(struct session *s);
/*
 * Write the audit lines still queued (the outcome lines of allowed
 * statements are written in batches, audit.h): before waiting for the
 * person at the prompt, so the log is current while the session idles.
 */
void guard_flush(struct session *s);
/* The connection changed (connect, \c): re-resolve the environment. */
void guard_connected(struct session *s);

/*
 * Before connecting: load the profiles (profile_path: --profile, or NULL
 * for $SAFEPG_PROFILE / the XDG path, plus the system floor) and remember
 * --confirm=PHRASE (NULL: not given).  A bad profile is reported and the
 * process exits SP_EXIT_CONFIG: nothing has connected or run.  Allocates
 * s->guard (freed by guard_free).  guard_connected calls it with NULLs
 * when it was not called.
 */
void guard_setup(struct session *s, const char *profile_path, const char *confirm_phrase);
/* Free g (NULL is fine). */
void guard_free(struct guard *g);

/* One -c or -f input of a non-interactive run. */
enum guard_input_kind {
	GUARD_INPUT_NONE = 0,
	GUARD_INPUT_SQL,	/* -c SQL: one unit */
	GUARD_INPUT_META,	/* -c '\cmd', without the backslash */
	GUARD_INPUT_FILE	/* -f FILE; NULL or "-": stdin, checked statement by statement */
};
struct guard_input {
	enum guard_input_kind kind;
	const char *text;
};
/*
 * Check the whole of a script before its first statement is sent: files
 * are split as psql would (reader.h), \i files followed.  Any statement
 * the environment blocks: it is named, nothing runs, GUARD_REFUSED (exit
 * 4).  Statements needing confirmation are listed and confirmed once for
 * the lot (on the terminal, or by --confirm); then they run without asking
 * again.  No terminal and no --confirm: GUARD_DECLINED with exit 6.
 * Statements that cannot be seen in advance (stdin, variables set at run
 * time, \gexec) are still checked one by one when they run.
 */
enum guard_result guard_precheck(struct session *s, const struct guard_input *in, size_t n);
/*
 * \readwrite: lift a read-only environment's read-only mode for this
 * session, after its own confirmation.  Returns 1 when lifted (or nothing
 * to lift), 0 when refused or declined (reported).
 */
int guard_readwrite(struct session *s);

/* The environment's name for %E, or NULL when none is known. */
const char *guard_env_name(const struct guard *g);
/* The environment's colour as an SGR sequence for %C, or NULL. */
const char *guard_env_sgr(const struct guard *g);

#endif
