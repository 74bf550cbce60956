/* SPDX-License-Identifier: PostgreSQL */
/*
 * repl: the main loop (psql's mainloop.c).  Reads lines from a terminal
 * (readline), a file or a pipe, drives the scanner over them, sends each
 * complete statement through exec, hands backslash commands to meta, keeps
 * the \if stack, and turns what happened into psql's exit codes: 0 ok, 1
 * fatal (unreadable input), 2 connection lost in a script, 3 a script
 * stopped by ON_ERROR_STOP.  It also wires the scanner to the session:
 * variable interpolation, backquotes and the scanner's warnings.
 */
#ifndef SAFEPG_REPL_H
#define SAFEPG_REPL_H

#include <stdio.h>

struct session;
struct scan;
struct cond_stack;

/* psql's exit codes. */
#define REPL_EXIT_SUCCESS 0
#define REPL_EXIT_FAILURE 1
#define REPL_EXIT_BADCONN 2
#define REPL_EXIT_USER 3

/*
 * psql's MainLoop: read and run source to its end (or \q).  source is
 * interactive when it is stdin and both stdin and stdout are terminals.
 * Returns one of the REPL_EXIT_* codes.
 */
int repl_main_loop(struct session *s, FILE *source);

/*
 * psql's process_file, for -f, \i and \ir: filename NULL reads stdin
 * without a name, "-" reads stdin named "<stdin>" in messages; relative
 * resolves a relative name against the directory of the script being
 * read (\ir).  Returns REPL_EXIT_* (1 when the file cannot be opened).
 */
int repl_process_file(struct session *s, const char *filename, int relative);

/* What the scanner callbacks of repl_scan_new act on. */
struct repl_scan_ctx {
	struct session *s;
	struct cond_stack *cs;	/* substitutions are suppressed in its inactive branches; may be NULL */
};

/*
 * A scanner whose variable, backquote and warning callbacks act on
 * ctx->s.  ctx must outlive the scanner; free it with scan_free.
 */
struct scan *repl_scan_new(struct repl_scan_ctx *ctx);

#endif
