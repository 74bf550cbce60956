/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_policy: policy_decide as a table over every class, every protection
 * preset and both modes (a terminal or none), with --confirm absent, right
 * and wrong; then the phrase choices (database, DROP DATABASE's target,
 * environment, host, literal, empty fallbacks), read-only lifting, and the
 * words shown.  The expected actions are written out here from the preset
 * table of safepg-profile(5), not taken from envmatch.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/envmatch.h"
#include "safepg/exitcode.h"
#include "safepg/policy.h"
#include "safepg/xalloc.h"
#include "tap.h"
#include "safepg/banned.h"

/* A = allow, W = warn, C = confirm, B = block; columns read write unknown destructive catastrophic */
static const struct {
	enum protection p;
	const char *actions;
	unsigned countdown;
} presets[] = {
	{ PROTECTION_OFF, "AAAAA", 0 },
	{ PROTECTION_WARN, "AAWWC", 5 },
	{ PROTECTION_CONFIRM, "AACCC", 5 },
	{ PROTECTION_STRICT, "AWCCB", 10 },
	{ PROTECTION_READONLY, "ABBBB", 10 },
};

static const enum sp_class classes[] = {
	CLASS_READ, CLASS_WRITE, CLASS_UNKNOWN, CLASS_DESTRUCTIVE, CLASS_CATASTROPHIC,
};

static enum action letter_action(char c)
{
	switch (c) {
	case 'A': return ACTION_ALLOW;
	case 'W': return ACTION_WARN;
	case 'C': return ACTION_CONFIRM;
	default: return ACTION_BLOCK;
	}
}

static void env_for(struct env_resolution *r, enum protection p, const char *name)
{
	envmatch_resolution_init(r);
	envmatch_preset(p, r->actions);
	r->protection = p;
	r->countdown = envmatch_preset_countdown(p);
	r->countdown_noninteractive = r->countdown == 0 ? 0 : 3;
	r->phrase = PHRASE_DATABASE;
	r->primary = name ? xstrdup(name) : NULL;
	r->color = xstrdup(envmatch_preset_color(p));
}

static void verdict_for(struct verdict *v, enum sp_class cls, const char *kind)
{
	verdict_init(v);
	verdict_set(v, cls, kind, NULL);
}

/* What the table says must happen, independently of policy.c. */
static enum policy_step expect_step(enum action a, int interactive, const char *given,
				   const char *phrase)
{
	switch (a) {
	case ACTION_ALLOW: return POLICY_RUN;
	case ACTION_WARN: return POLICY_WARN;
	case ACTION_BLOCK: return POLICY_BLOCK;
	default: break;
	}
	if (given)
		return strcmp(given, phrase) ? POLICY_MISTYPED : POLICY_PRECONFIRMED;
	return interactive ? POLICY_ASK : POLICY_NO_TTY;
}

static int expect_exit(enum policy_step s)
{
	switch (s) {
	case POLICY_BLOCK: return SP_EXIT_REFUSED;
	case POLICY_NO_TTY: return SP_EXIT_NO_TTY;
	case POLICY_MISTYPED: return SP_EXIT_DECLINED;
	default: return 0;
	}
}

static void test_grid(void)
{
	static const char *const givens[] = { NULL, "shop", "Shop", "" };

	for (size_t pi = 0; pi < sizeof(presets) / sizeof(presets[0]); pi++) {
		struct env_resolution env;

		env_for(&env, presets[pi].p, protection_name(presets[pi].p));
		for (size_t ci = 0; ci < sizeof(classes) / sizeof(classes[0]); ci++) {
			enum action want_a = letter_action(presets[pi].actions[ci]);

			for (int interactive = 0; interactive <= 1; interactive++) {
				for (size_t gi = 0; gi < sizeof(givens) / sizeof(givens[0]); gi++) {
					struct verdict v;
					struct decision d;
					struct policy_input in = { 0 };
					enum policy_step want;
					const char *label;

					verdict_for(&v, classes[ci], "DROP TABLE");
					decision_init(&d);
					in.verdict = &v;
					in.env = &env;
					in.database = "shop";
					in.host = "/tmp";
					in.interactive = interactive;
					in.confirm_given = givens[gi];
					policy_decide(&in, &d);
					want = expect_step(want_a, interactive, givens[gi], "shop");
					label = givens[gi] ? givens[gi] : "(none)";
					ok(d.action == want_a && d.step == want &&
					   d.exit_code == expect_exit(want),
					   "%s/%s/%s/confirm=%s: %s %s exit %d",
					   protection_name(presets[pi].p), class_name(classes[ci]),
					   interactive ? "tty" : "no tty", label,
					   action_name(d.action), policy_step_name(d.step), d.exit_code);
					if (want == POLICY_ASK || want == POLICY_PRECONFIRMED) {
						unsigned cd = want == POLICY_ASK || interactive
							? presets[pi].countdown
							: (presets[pi].countdown ? 3u : 0u);

						ok(d.phrase && !strcmp(d.phrase, "shop") && d.countdown == cd,
						   "  phrase \"shop\", countdown %u (got %s, %u)", cd,
						   d.phrase ? d.phrase : "NULL", d.countdown);
					} else if (want == POLICY_RUN) {
						ok(!d.phrase && d.countdown == 0 && d.message.len == 0,
						   "  run: no phrase, no countdown, no message");
					} else {
						ok(d.message.len > 0, "  message: %s", d.message.buf);
					}
					decision_release(&d);
					verdict_release(&v);
				}
			}
		}
		envmatch_resolution_release(&env);
	}
}

static char *phrase_of(enum phrase_kind k, const char *literal, const char *db,
		       const char *confirm_target, const char *host, const char *envname)
{
	struct env_resolution env;
	struct verdict v;
	struct decision d;
	struct policy_input in = { 0 };
	char *ret;

	env_for(&env, PROTECTION_CONFIRM, envname);
	if (!envname) {
		free(env.primary);
		env.primary = NULL;
	}
	env.phrase = k;
	if (literal)
		env.phrase_literal = xstrdup(literal);
	verdict_for(&v, CLASS_CATASTROPHIC, "DROP DATABASE");
	if (confirm_target)
		v.confirm_target = xstrdup(confirm_target);
	decision_init(&d);
	in.verdict = &v;
	in.env = &env;
	in.database = db;
	in.host = host;
	in.interactive = 1;
	policy_decide(&in, &d);
	ret = d.phrase ? xstrdup(d.phrase) : NULL;
	decision_release(&d);
	verdict_release(&v);
	envmatch_resolution_release(&env);
	return ret;
}

static void test_phrases(void)
{
	static const struct {
		enum phrase_kind k;
		const char *literal, *db, *target, *host, *env, *want, *name;
	} cases[] = {
		{ PHRASE_DATABASE, NULL, "shop", NULL, "db1", "prod", "shop", "database name" },
		{ PHRASE_DATABASE, NULL, "shop", "archive", "db1", "prod", "archive",
		  "DROP DATABASE archive: its name" },
		{ PHRASE_ENVIRONMENT, NULL, "shop", "archive", "db1", "prod", "prod",
		  "environment name wins over the drop target" },
		{ PHRASE_HOST, NULL, "shop", NULL, "db1.example", "prod", "db1.example", "host" },
		{ PHRASE_LITERAL, "I am sure", "shop", "archive", "db1", "prod", "I am sure",
		  "literal" },
		{ PHRASE_DATABASE, NULL, "", NULL, "db1", "prod", "prod",
		  "empty database name: the environment's name" },
		{ PHRASE_HOST, NULL, "shop", NULL, NULL, "prod", "prod",
		  "unknown host: the environment's name" },
		{ PHRASE_DATABASE, NULL, NULL, NULL, NULL, NULL, "confirm",
		  "nothing known: the word confirm, never empty" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = phrase_of(cases[i].k, cases[i].literal, cases[i].db, cases[i].target,
				      cases[i].host, cases[i].env);

		is_str(got, cases[i].want, "phrase: %s", cases[i].name);
		free(got);
	}
}

static void test_read_only(void)
{
	struct env_resolution env;
	struct verdict v;
	struct decision d;
	struct policy_input in = { 0 };

	/* confirm preset with read_only: write is allow, lifting must still ask */
	env_for(&env, PROTECTION_CONFIRM, "staging");
	env.read_only = 1;
	verdict_for(&v, CLASS_WRITE, "SET");
	decision_init(&d);
	in.verdict = &v;
	in.env = &env;
	in.database = "shop";
	in.interactive = 1;
	in.read_only = 1;
	in.lift_read_only = 1;
	policy_decide(&in, &d);
	ok(d.action == ACTION_CONFIRM && d.step == POLICY_ASK, "\\readwrite asks in a confirm env (%s)",
	   policy_step_name(d.step));
	in.interactive = 0;
	policy_decide(&in, &d);
	is_int(d.exit_code, SP_EXIT_NO_TTY, "\\readwrite without a terminal: no tty");
	envmatch_resolution_release(&env);

	/* readonly preset: write is block, so lifting is refused too */
	env_for(&env, PROTECTION_READONLY, "reporting");
	in.env = &env;
	in.interactive = 1;
	policy_decide(&in, &d);
	ok(d.step == POLICY_BLOCK && d.exit_code == SP_EXIT_REFUSED,
	   "\\readwrite in a readonly preset is blocked");

	/* SET default_transaction_read_only = off is read by class, raised to write */
	in.lift_read_only = 0;
	verdict_release(&v);
	verdict_for(&v, CLASS_READ, "SET");
	v.lifts_read_only = 1;
	policy_decide(&in, &d);
	ok(d.step == POLICY_BLOCK, "statement lifting read-only gets the write action (block)");
	in.read_only = 0;
	policy_decide(&in, &d);
	ok(d.step == POLICY_RUN, "the same statement when the session is not read-only: run");
	envmatch_resolution_release(&env);

	/* confirm preset: write is allow, but lifting read-only with SET still asks */
	env_for(&env, PROTECTION_CONFIRM, "staging");
	in.env = &env;
	in.read_only = 1;
	policy_decide(&in, &d);
	ok(d.action == ACTION_CONFIRM && d.step == POLICY_ASK,
	   "SET default_transaction_read_only = off in a read-only confirm env asks (%s)",
	   policy_step_name(d.step));
	envmatch_resolution_release(&env);

	/* class NONE and an unset action are never let through */
	env_for(&env, PROTECTION_OFF, "dev");
	env.actions[CLASS_WRITE] = ACTION_NONE;
	in.env = &env;
	verdict_release(&v);
	verdict_for(&v, CLASS_WRITE, "INSERT");
	policy_decide(&in, &d);
	is_int(d.action, ACTION_CONFIRM, "unset action counts as confirm");
	v.cls = CLASS_NONE;
	env.actions[CLASS_UNKNOWN] = ACTION_BLOCK;
	policy_decide(&in, &d);
	is_int(d.action, ACTION_BLOCK, "class none counts as unknown");
	decision_release(&d);
	verdict_release(&v);
	envmatch_resolution_release(&env);
}

static void test_words(void)
{
	struct env_resolution env;
	struct verdict v;
	struct decision d;
	struct policy_input in = { 0 };

	env_for(&env, PROTECTION_STRICT, "production");
	verdict_init(&v);
	verdict_set(&v, CLASS_DESTRUCTIVE, "DELETE", NULL);
	verdict_note(&v, CLASS_DESTRUCTIVE, "public.orders",
		     "DELETE without WHERE removes every row of public.orders");
	decision_init(&d);
	in.verdict = &v;
	in.env = &env;
	in.database = "shop";
	in.host = "db1";
	in.port = "5432";
	in.user = "ann";
	in.interactive = 1;
	policy_decide(&in, &d);
	is_str(d.headline.buf, "DELETE (destructive) in environment \"production\"", "headline");
	is_str(d.where.buf, "db1:5432/shop as ann", "where");
	is_int(d.details.n, 2, "two detail lines");
	if (d.details.n == 2) {
		is_str(d.details.v[0], "objects: public.orders", "objects line");
		is_str(d.details.v[1], "DELETE without WHERE removes every row of public.orders",
		       "reason line");
	}
	is_str(d.prompt.buf, "Type \"shop\" to run it, anything else cancels: ", "prompt");
	in.interactive = 0;
	policy_decide(&in, &d);
	ok(strstr(d.message.buf, "DELETE needs confirmation") != NULL &&
	   strstr(d.hint.buf, "--confirm=PHRASE") != NULL, "no tty: message and hint: %s / %s",
	   d.message.buf, d.hint.buf);
	verdict_release(&v);
	verdict_set(&v, CLASS_CATASTROPHIC, "DROP DATABASE", NULL);
	policy_decide(&in, &d);
	ok(strstr(d.message.buf, "DROP DATABASE is blocked in environment \"production\"") != NULL,
	   "block message: %s", d.message.buf);
	decision_release(&d);
	verdict_release(&v);
	envmatch_resolution_release(&env);
}

int main(void)
{
	test_grid();
	test_phrases();
	test_read_only();
	test_words();
	return tap_done();
}
