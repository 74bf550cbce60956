/* SPDX-License-Identifier: PostgreSQL */
/*
 * policy: what happens to one unit of input, decided from its verdict
 * (classify.h), the environment the connection resolved to (envmatch.h)
 * and the session's state: whether a terminal is there to ask on, whether
 * the command line pre-confirmed with --confirm=PHRASE, whether the session
 * is read-only.  The decision says the action (allow, warn, confirm, block),
 * the step to carry out (run, warn and run, ask on the terminal, count down
 * and run, refuse), the exit code of a refusal, the phrase to type, the
 * countdown, and every word the user will see.
 *
 * Pure: no I/O, no printing, no globals; the guard (guard.c, tty.c) carries
 * the decision out.  It never consults the terminal itself: "interactive"
 * is an input.
 */
#ifndef SAFEPG_POLICY_H
#define SAFEPG_POLICY_H

#include "safepg/class.h"
#include "safepg/classify.h"
#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"

/* What the guard must do with the unit. */
enum policy_step {
	POLICY_STEP_NONE = 0,
	POLICY_RUN,		/* allow: send it without a word */
	POLICY_WARN,		/* warn: print the warning lines on stderr, then send it */
	POLICY_ASK,		/* confirm: ask for the phrase on the terminal, count down, send */
	POLICY_PRECONFIRMED,	/* confirm, and --confirm gave the right phrase: count down, send */
	POLICY_BLOCK,		/* block: refuse, exit SP_EXIT_REFUSED */
	POLICY_NO_TTY,		/* confirm, nowhere to ask, no phrase given: exit SP_EXIT_NO_TTY */
	POLICY_MISTYPED		/* confirm, --confirm gave another phrase: exit SP_EXIT_DECLINED */
};

/* Everything policy_decide looks at.  Borrowed pointers; NULL where unknown. */
struct policy_input {
	const struct verdict *verdict;		/* required */
	const struct env_resolution *env;	/* required */
	const char *database;		/* the database connected to (the default phrase) */
	const char *host;		/* host or socket directory (phrase "host") */
	const char *port;		/* for the words shown; may be NULL */
	const char *user;		/* for the words shown; may be NULL */
	int interactive;		/* a terminal (/dev/tty) can be asked */
	const char *confirm_given;	/* --confirm=PHRASE, or NULL */
	int read_only;			/* the session is read-only right now */
	/*
	 * The unit is the request to lift read-only for the session (the
	 * \readwrite meta-command): it gets confirm at least, and the write
	 * action when that is stricter.
	 */
	int lift_read_only;
};

struct decision {
	enum action action;	/* the environment's action for this unit (after the rules below) */
	enum policy_step step;
	int exit_code;		/* 0 when it runs; SP_EXIT_REFUSED, SP_EXIT_NO_TTY, SP_EXIT_DECLINED */
	char *phrase;		/* what to type (confirm only; never empty), else NULL */
	unsigned countdown;	/* seconds after the phrase (0: none) */
	/* The words to show (left empty for POLICY_RUN).  headline: one line naming what and where. */
	struct strbuf headline;	/* "DROP TABLE (destructive) in production" */
	struct strbuf where;	/* "host:port/database as user" */
	struct strvec details;	/* "objects: public.orders", then each reason */
	struct strbuf prompt;	/* ASK: "Type \"shop\" to run it: " */
	struct strbuf message;	/* BLOCK, NO_TTY, MISTYPED, WARN: the message ... */
	struct strbuf hint;	/* ... and what the user can do about it (may be empty) */
};

void decision_init(struct decision *d);
void decision_release(struct decision *d);

/*
 * Decide for in.  d must be initialised (decision_init); its previous
 * contents are released.  Never fails.
 *
 * Rules, in order:
 *  - the action is env->actions[class] (CLASS_NONE counts as unknown; an
 *    unset action counts as confirm: nothing is let through by omission);
 *  - when the session is read-only and the unit would lift it, or it is
 *    a lift request (lift_read_only), the action is at least confirm and
 *    at least the write action;
 *  - the phrase: for DROP DATABASE x and the like (verdict confirm_target)
 *    x when the environment's phrase is the database name; else the
 *    environment's confirm_phrase (database, environment, host, literal);
 *    an empty answer is never a phrase (it falls back to the environment's
 *    name, then "confirm");
 *  - confirm with --confirm equal to the phrase: PRECONFIRMED with the
 *    countdown of the mode (countdown on a terminal, countdown_noninteractive
 *    without); --confirm with another phrase: MISTYPED; no --confirm and no
 *    terminal: NO_TTY; else ASK with env->countdown.
 */
void policy_decide(const struct policy_input *in, struct decision *d);

/* "run", "warn", "ask", "preconfirmed", "block", "no_tty", "mistyped"; "none". */
const char *policy_step_name(enum policy_step s);

#endif
