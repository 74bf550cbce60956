/* SPDX-License-Identifier: PostgreSQL */
/*
 * tty: the typed confirmation and the countdown, on /dev/tty only.  The
 * question names the environment (in its colour unless NO_COLOR is set),
 * where the statement goes, what it is, what it touches and why it needs
 * confirming; keys typed before the question appeared are thrown away
 * (tcflush), so type-ahead cannot confirm; the phrase is read from the
 * terminal, never from stdin, and must be typed exactly.  Then a countdown
 * ticks on the terminal; any key or Ctrl-C cancels it.  Terminal settings
 * are saved and restored in pairs, also when Ctrl-C, SIGTERM, SIGHUP or a
 * suspend (SIGTSTP, then fg) arrive while the question is up.
 *
 * Effects: the terminal, signal dispositions while asking.  It decides
 * nothing: policy.h says whether and what to ask; guard.c acts on the
 * answer.
 */
#ifndef SAFEPG_TTY_H
#define SAFEPG_TTY_H

#include "safepg/strvec.h"

struct tty_question {
	const char *env_name;		/* shown in colour; may be NULL */
	const char *color;		/* the profile's colour name ("red"); NULL or "none": plain */
	const char *headline;		/* "DROP TABLE (destructive) in environment \"production\"" */
	const char *where;		/* "host:port/database as user"; may be NULL */
	const struct strvec *details;	/* objects and reasons, one per line; may be NULL */
	const char *prompt;		/* the line before the answer: "Type \"shop\" to run it: " */
	const char *phrase;		/* the exact answer that confirms; NULL: no question, countdown only */
	unsigned countdown;		/* seconds after the phrase; 0: none */
};

enum tty_answer {
	TTY_ANSWER_NONE = 0,
	TTY_CONFIRMED,		/* right phrase, countdown completed */
	TTY_MISTYPED,		/* another phrase was typed */
	TTY_EMPTY,		/* an empty answer */
	TTY_INTERRUPTED,	/* Ctrl-C or end of input at the question */
	TTY_CANCELLED,		/* a key or Ctrl-C during the countdown */
	TTY_TERMINATED,		/* SIGTERM or SIGHUP: the terminal is restored, the caller leaves */
	TTY_NO_TTY		/* /dev/tty cannot be opened */
};

/* 1 when /dev/tty can be opened for reading and writing (a controlling terminal exists). */
int tty_present(void);

/*
 * Ask q on /dev/tty and count down.  Returns TTY_CONFIRMED only when the
 * phrase (if any) was typed exactly and the countdown ran to its end
 * without a key.  The terminal is left as it was found.  When the answer
 * is TTY_TERMINATED the signal that caused it is raised again after the
 * terminal was restored (under the handler that was in place before).
 */
enum tty_answer tty_ask(const struct tty_question *q);

/*
 * A countdown on stderr for a statement pre-confirmed with --confirm and
 * no terminal: "safepg: running WHAT in N s (Ctrl-C cancels)", one tick a
 * second.  Returns TTY_CONFIRMED, TTY_CANCELLED (Ctrl-C) or TTY_TERMINATED.
 */
enum tty_answer tty_countdown_stderr(unsigned seconds, const char *what);

/* A short description of an answer for messages: "mistyped", "empty answer", ... */
const char *tty_answer_text(enum tty_answer a);

/*
 * The SGR escape sequence that starts colour name (static; "\033[1;31m"
 * for "red"), or NULL when the name is NULL, "none", unknown, or NO_COLOR
 * is set in the environment (https://no-color.org).
 */
const char *tty_sgr(const char *color);

#endif
