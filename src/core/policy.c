/* SPDX-License-Identifier: PostgreSQL */
/*
 * policy: from a verdict, the resolved environment and the session's state
 * to a decision (see policy.h).  Pure: it builds words, it shows none, and
 * it never looks at a terminal; the guard does that.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/exitcode.h"
#include "safepg/policy.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static const char *const step_names[] = {
	[POLICY_STEP_NONE] = "none",
	[POLICY_RUN] = "run",
	[POLICY_WARN] = "warn",
	[POLICY_ASK] = "ask",
	[POLICY_PRECONFIRMED] = "preconfirmed",
	[POLICY_BLOCK] = "block",
	[POLICY_NO_TTY] = "no_tty",
	[POLICY_MISTYPED] = "mistyped",
};

const char *policy_step_name(enum policy_step s)
{
	if (s < POLICY_STEP_NONE || s > POLICY_MISTYPED)
		return "none";
	return step_names[s];
}

void decision_init(struct decision *d)
{
	memset(d, 0, sizeof(*d));
	strbuf_init(&d->headline, 0);
	strbuf_init(&d->where, 0);
	strvec_init(&d->details);
	strbuf_init(&d->prompt, 0);
	strbuf_init(&d->message, 0);
	strbuf_init(&d->hint, 0);
}

void decision_release(struct decision *d)
{
	free(d->phrase);
	strbuf_release(&d->headline);
	strbuf_release(&d->where);
	strvec_clear(&d->details);
	strbuf_release(&d->prompt);
	strbuf_release(&d->message);
	strbuf_release(&d->hint);
	decision_init(d);
}

static int empty(const char *s)
{
	return !s || !*s;
}

/*
 * The phrase is bound to the target so that confirming means naming what
 * is about to be hurt, never a reflexive "y".
 */
static char *choose_phrase(const struct policy_input *in, const char **what)
{
	const struct env_resolution *env = in->env;
	const char *p = NULL;

	switch (env->phrase) {
	case PHRASE_LITERAL:
		p = env->phrase_literal;
		*what = "the environment's confirmation phrase";
		break;
	case PHRASE_ENVIRONMENT:
		p = env->primary;
		*what = "the environment's name";
		break;
	case PHRASE_HOST:
		p = in->host;
		*what = "the host name";
		break;
	case PHRASE_DATABASE:
	case PHRASE_NONE:
	case PHRASE_COUNT:
	default:
		if (!empty(in->verdict->confirm_target)) {
			p = in->verdict->confirm_target;
			*what = "the name of the database it drops";
		} else {
			p = in->database;
			*what = "the database name";
		}
		break;
	}
	if (empty(p)) {
		p = env->primary;
		*what = "the environment's name";
	}
	if (empty(p)) {
		p = "confirm";
		*what = "the word \"confirm\"";
	}
	return xstrdup(p);
}

static void build_words(const struct policy_input *in, enum sp_class cls, struct decision *d)
{
	const struct verdict *v = in->verdict;
	const struct env_resolution *env = in->env;
	const char *kind = !empty(v->kind) ? v->kind : "statement";
	const char *envname = !empty(env->primary) ? env->primary : "(unknown)";

	strbuf_addf(&d->headline, "%s (%s) in environment \"%s\"", kind, class_name(cls), envname);
	if (!empty(in->host)) {
		strbuf_addstr(&d->where, in->host);
		if (!empty(in->port))
			strbuf_addf(&d->where, ":%s", in->port);
	}
	strbuf_addf(&d->where, "/%s", !empty(in->database) ? in->database : "?");
	if (!empty(in->user))
		strbuf_addf(&d->where, " as %s", in->user);
	if (v->objects.n) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < v->objects.n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", v->objects.v[i]);
		strvec_pushf(&d->details, "objects: %s", sb.buf);
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < v->reasons.n; i++)
		strvec_push(&d->details, v->reasons.v[i]);
	if (in->lift_read_only)
		strvec_push(&d->details, "lifts read-only for the rest of this session");
	else if (in->read_only && v->lifts_read_only)
		strvec_push(&d->details, "would switch off this session's read-only mode");
}

void policy_decide(const struct policy_input *in, struct decision *d)
{
	const struct verdict *v = in->verdict;
	const struct env_resolution *env = in->env;
	enum sp_class cls = v->cls;
	enum action a;
	const char *what = NULL, *envname = !empty(env->primary) ? env->primary : "(unknown)";
	const char *kind = !empty(v->kind) ? v->kind : "statement";

	decision_release(d);
	if (cls <= CLASS_NONE || cls >= CLASS_COUNT)
		cls = CLASS_UNKNOWN;
	a = env->actions[cls];
	/* a class without an action is never let through by omission */
	if (a <= ACTION_NONE || a >= ACTION_COUNT)
		a = ACTION_CONFIRM;
	/*
	 * Switching a read-only session to read-write is asked for like
	 * \readwrite: otherwise a plain SET would quietly undo the profile.
	 */
	if ((in->read_only && v->lifts_read_only) || in->lift_read_only)
		a = action_max(action_max(a, ACTION_CONFIRM), env->actions[CLASS_WRITE]);
	d->action = a;
	if (a == ACTION_ALLOW) {
		d->step = POLICY_RUN;	/* nothing is shown: no words (every statement comes here) */
		return;
	}
	build_words(in, cls, d);

	switch (a) {
	case ACTION_ALLOW:
		d->step = POLICY_RUN;
		return;
	case ACTION_WARN:
		d->step = POLICY_WARN;
		strbuf_addf(&d->message, "warning: %s", d->headline.buf);
		return;
	case ACTION_BLOCK:
		d->step = POLICY_BLOCK;
		d->exit_code = SP_EXIT_REFUSED;
		strbuf_addf(&d->message, "refused: %s is blocked in environment \"%s\" (%s statements: block)",
			    kind, envname, class_name(cls));
		strbuf_addstr(&d->hint, "nothing on the command line lifts a block; only the profile can");
		return;
	case ACTION_CONFIRM:
	case ACTION_NONE:
	case ACTION_COUNT:
	default:
		break;
	}

	d->phrase = choose_phrase(in, &what);
	if (in->confirm_given) {
		if (strcmp(in->confirm_given, d->phrase) != 0) {
			d->step = POLICY_MISTYPED;
			d->exit_code = SP_EXIT_DECLINED;
			strbuf_addf(&d->message,
				    "declined: --confirm does not match the phrase for %s in environment \"%s\"",
				    kind, envname);
			strbuf_addf(&d->hint, "the phrase is %s (exact, case-sensitive)", what);
			return;
		}
		d->step = POLICY_PRECONFIRMED;
		d->countdown = in->interactive ? env->countdown : env->countdown_noninteractive;
		return;
	}
	if (!in->interactive) {
		d->step = POLICY_NO_TTY;
		d->exit_code = SP_EXIT_NO_TTY;
		strbuf_addf(&d->message,
			    "%s needs confirmation in environment \"%s\" and there is no terminal to ask on",
			    kind, envname);
		strbuf_addf(&d->hint, "run it from a terminal, or pre-confirm with --confirm=PHRASE, "
			    "where PHRASE is %s", what);
		return;
	}
	d->step = POLICY_ASK;
	d->countdown = env->countdown;
	strbuf_addf(&d->prompt, "Type \"%s\" to run it, anything else cancels: ", d->phrase);
}
