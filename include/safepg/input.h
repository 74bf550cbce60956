/* SPDX-License-Identifier: PostgreSQL */
/*
 * input: lines for the main loop — from readline at a terminal (with
 * history in ~/.safepg_history or HISTFILE, and tab completion), or from a
 * file or pipe.  readline is driven through its callback interface under
 * poll(), so that Ctrl-C interrupts the prompt by a flag, not a longjmp.
 * Statements that carry a password never reach the history.
 */
#ifndef SAFEPG_INPUT_H
#define SAFEPG_INPUT_H

#include <stdio.h>

#include "safepg/strbuf.h"

struct session;

enum input_status {
	INPUT_STATUS_NONE = 0,
	INPUT_LINE,		/* a line was read */
	INPUT_EOF,		/* end of input (Ctrl-D at an empty prompt) */
	INPUT_INTERRUPTED,	/* Ctrl-C: the caller discards what it was building */
	INPUT_ERROR		/* read error, already reported */
};

/* Start readline and load the history (psql's initializeInput). */
void input_init(struct session *s, int use_readline);
/* Save the history (psql's finishInput); safe to call more than once. */
void input_finish(struct session *s);
/* readline is in use (interactive, not -n). */
int input_uses_readline(const struct session *s);

/*
 * Read a line at the terminal with prompt; query_buf is what has been
 * typed so far (for tab completion).  The line, without its newline, goes
 * into *line (allocated, caller frees).
 */
enum input_status input_read_interactive(struct session *s, const char *prompt,
					 const struct strbuf *query_buf, char **line);
/* Read a line from f as psql's gets_fromFile does (any length, "\n" stripped). */
enum input_status input_read_file(FILE *f, char **line);

/* Accumulate a line for a multi-line history entry, then send it (psql's pg_append/send_history). */
void input_history_append(struct session *s, const char *line, struct strbuf *history_buf);
void input_history_send(struct session *s, struct strbuf *history_buf);

/* \s [FILE]: write the history to FILE or print it; 1 on success. */
int input_history_write(struct session *s, const char *fname);

#endif
