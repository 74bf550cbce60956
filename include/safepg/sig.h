/* SPDX-License-Identifier: PostgreSQL */
/*
 * sig: signals turned into flags the main loop and the guard look at, and
 * query cancellation.  SIGINT is installed without SA_RESTART, so a Ctrl-C
 * interrupts a blocking poll() or read() (the REPL's input loop, the guard's
 * terminal read); while a query runs, the handler sends a cancel request
 * with async-signal-safe calls only (PQcancel is written to be), as psql's
 * fe_utils/cancel.c does.  These flags and the cancel handle are the only
 * globals of the program besides its name, as style.md allows.
 */
#ifndef SAFEPG_SIG_H
#define SAFEPG_SIG_H

#include <signal.h>

#include <libpq-fe.h>

/* Ctrl-C was pressed since the flag was last cleared (psql's cancel_pressed). */
extern volatile sig_atomic_t sig_cancel_pressed;
/* SIGTERM or SIGHUP arrived while caught (sig_catch_term): restore the terminal and leave. */
extern volatile sig_atomic_t sig_term_pending;

/* Install the SIGINT handler; call once at start. */
void sig_setup(void);
/*
 * While on, SIGTERM and SIGHUP set sig_term_pending instead of killing the
 * process, so that whoever holds the terminal in a special mode (the guard)
 * can restore it first and then leave.  Off restores the default action.
 */
void sig_catch_term(int on);
/* Make Ctrl-C send a cancel request for conn's running query (psql's SetCancelConn). */
void sig_set_cancel_conn(PGconn *conn);
/* No query is running: Ctrl-C only sets the flag. */
void sig_reset_cancel_conn(void);
/* Ignore SIGPIPE while writing to a pipe (\o |cmd), or restore the default. */
void sig_pipe_ignore(int ignore);

#endif
