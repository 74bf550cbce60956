/* SPDX-License-Identifier: PostgreSQL */
/*
 * sig: signal flags and query cancellation.  See sig.h.  Handlers only set
 * flags, call PQcancel and write(2): nothing else is async-signal-safe.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/sig.h"
#include "safepg/banned.h"

volatile sig_atomic_t sig_cancel_pressed;
volatile sig_atomic_t sig_term_pending;

static PGcancel *volatile cancel_conn;

static void write_stderr(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));
	(void)r;
}

static void on_sigint(int signo)
{
	int save_errno = errno;
	char errbuf[256];
	PGcancel *c = cancel_conn;

	(void)signo;
	sig_cancel_pressed = 1;
	if (c) {
		if (PQcancel(c, errbuf, sizeof(errbuf)))
			write_stderr("Cancel request sent\n");
		else {
			write_stderr("Could not send cancel request: ");
			write_stderr(errbuf);
		}
	}
	errno = save_errno;
}

static void on_sigterm(int signo)
{
	int save_errno = errno;
	PGcancel *c = cancel_conn;
	char errbuf[256];

	(void)signo;
	sig_term_pending = 1;
	sig_cancel_pressed = 1;
	/* a running query should not outlive the client that sent it */
	if (c)
		(void)PQcancel(c, errbuf, sizeof(errbuf));
	errno = save_errno;
}

void sig_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: Ctrl-C must interrupt blocking reads */
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
}

void sig_catch_term(int on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_sigterm : SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void sig_set_cancel_conn(PGconn *conn)
{
	PGcancel *old = cancel_conn;

	/* be sure the handler does not use the pointer while it is freed */
	cancel_conn = NULL;
	if (old)
		PQfreeCancel(old);
	cancel_conn = conn ? PQgetCancel(conn) : NULL;
}

void sig_reset_cancel_conn(void)
{
	PGcancel *old = cancel_conn;

	cancel_conn = NULL;
	if (old)
		PQfreeCancel(old);
}

void sig_pipe_ignore(int ignore)
{
	signal(SIGPIPE, ignore ? SIG_IGN : SIG_DFL);
}
