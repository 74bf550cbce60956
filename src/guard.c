/* SPDX-License-Identifier: PostgreSQL */
/*
 * guard: the client's hooks (guard.h) wired to the profile, the
 * classifier, policy and the terminal.  It keeps the environment the
 * connection resolved to, the classifier's session context, whether the
 * session is read-only, and the statements a script's precheck confirmed
 * in advance.  It prints its own messages on stderr ("safepg: ..." and a
 * "hint: ..." line) and never sends a statement of the user's itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/audit.h"
#include "safepg/classify.h"
#include "safepg/envmatch.h"
#include "safepg/exitcode.h"
#include "safepg/guard.h"
#include "safepg/policy.h"
#include "safepg/profile_file.h"
#include "safepg/reader.h"
#include "safepg/serverid.h"
#include "safepg/session.h"
#include "safepg/spec.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/tty.h"
#include "safepg/vars.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define GUARD_MAX_INCLUDE_DEPTH 16

struct guard {
	struct profile_set set;
	int loaded;
	char *confirm;			/* --confirm=PHRASE, or NULL */
	struct target target;
	struct env_resolution env;
	int have_env;
	int read_only;			/* default_transaction_read_only was set by us and not lifted */
	struct classify_ctx *cctx;	/* ours when the session has none */
	/*
	 * Statements a script's precheck confirmed for the lot, as keys
	 * (class, kind, objects): each is used up by the one statement that
	 * matches it when it runs.
	 */
	struct strvec preconfirmed;
	unsigned long long seq;		/* units decided, for the audit log */
	struct audit *audit;		/* NULL when it could not be opened: */
	char *audit_error;		/* ... why (destructive statements are refused) */
	int audit_warned;		/* the user was told once */
	unsigned tty_known:1;		/* tty is set */
	unsigned tty:1;			/* a terminal (/dev/tty) can be asked */
	/* the unit let through last, until guard_outcome logs what became of it */
	int pending;
	int pending_deferred;		/* its decision line is not written yet: one line for both */
	unsigned long long pending_seq;
	enum audit_decision pending_decision;
	struct verdict pending_v;
	char *pending_stmt;
};

/* --------------------------------------------------------------- set-up */

void guard_setup(struct session *s, const char *profile_path, const char *confirm_phrase)
{
	struct guard *g = s->guard;
	char *cause = NULL;

	if (!g) {
		g = xcalloc(1, sizeof(*g));
		profile_set_init(&g->set);
		envmatch_target_init(&g->target);
		envmatch_resolution_init(&g->env);
		strvec_init(&g->preconfirmed);
		verdict_init(&g->pending_v);
		s->guard = g;
	}
	if (confirm_phrase) {
		free(g->confirm);
		g->confirm = xstrdup(confirm_phrase);
	}
	if (g->loaded)
		return;
	/* A profile that does not load means nothing may connect or run. */
	if (profile_file_load_all(profile_path, &g->set, &cause)) {
		profile_file_print_errors(stderr, cause);
		fprintf(stderr, "safepg: the profile is invalid: nothing was executed\n");
		free(cause);
		exit(SP_EXIT_CONFIG);
	}
	g->loaded = 1;
	g->audit = audit_open(audit_profile_path(&g->set), &cause);
	if (!g->audit) {
		g->audit_error = cause;
		cause = NULL;
	}
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	profile_set_release(&g->set);
	envmatch_target_release(&g->target);
	envmatch_resolution_release(&g->env);
	classify_ctx_free(g->cctx);
	strvec_clear(&g->preconfirmed);
	free(g->confirm);
	audit_close(g->audit);
	free(g->audit_error);
	verdict_release(&g->pending_v);
	free(g->pending_stmt);
	free(g);
}

static struct guard *guard_of(struct session *s)
{
	if (!s->guard || !s->guard->loaded)
		guard_setup(s, NULL, NULL);
	return s->guard;
}

static struct classify_ctx *cctx_of(struct session *s)
{
	struct guard *g = guard_of(s);

	if (s->cctx)
		return s->cctx;
	if (!g->cctx)
		g->cctx = classify_ctx_new();
	return g->cctx;
}

static const char *conn_service(PGconn *conn, char **owned)
{
	PQconninfoOption *opts = PQconninfo(conn), *o;

	*owned = NULL;
	if (!opts)
		return NULL;
	for (o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "service") && o->val && *o->val)
			*owned = xstrdup(o->val);
	PQconninfoFree(opts);
	return *owned;
}

/* Resolve the environment from what is known about the connection. */
static void resolve(struct session *s, struct guard *g, int ask_server)
{
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL, *service = NULL;

	envmatch_target_release(&g->target);
	envmatch_target_init(&g->target);
	envmatch_resolution_release(&g->env);
	envmatch_resolution_init(&g->env);
	g->have_env = 0;
	if (s->db) {
		const char *port = PQport(s->db);

		envmatch_target_add_host(&g->target, PQhost(s->db), PQhostaddr(s->db),
					 port && *port ? (unsigned)strtoul(port, NULL, 10) : 0);
		g->target.database = PQdb(s->db) ? xstrdup(PQdb(s->db)) : NULL;
		g->target.user = PQuser(s->db) ? xstrdup(PQuser(s->db)) : NULL;
		(void)conn_service(s->db, &service);
		g->target.service = service;
		if (ask_server && serverid_query(s->db, &g->target, &notes,
						 profile_set_uses_system_identifier(&g->set), &cause)) {
			strvec_pushf(&notes, "the server could not be asked: %s", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (profile_set_resolve(&g->set, &g->target, &g->env, &cause)) {
		/* only when the built-in default does not parse: a bug, stay strict */
		fprintf(stderr, "safepg: %s\n", cause);
		free(cause);
		exit(SP_EXIT_CONFIG);
	}
	g->have_env = 1;
	if (g->env.server_disagrees || g->env.server_tag_unknown) {
		const char *said = NULL;

		/* one line where it is simple; `safepg env` shows every step */
		for (size_t i = 0; i < g->env.why.n && !said; i++)
			if (!strncmp(g->env.why.v[i], "the server says ", 16))
				said = g->env.why.v[i];
		if (said) {
			fprintf(stderr, "safepg: environment \"%s\": %s\n",
				g->env.primary ? g->env.primary : "?", said);
		} else {
			fprintf(stderr, "safepg: environment \"%s\": the server and the client side "
				"disagree; the stricter applies\n", g->env.primary ? g->env.primary : "?");
			for (size_t i = 0; i < g->env.why.n; i++)
				fprintf(stderr, "  %s\n", g->env.why.v[i]);
		}
		for (size_t i = 0; i < notes.n; i++)
			fprintf(stderr, "  %s\n", notes.v[i]);
	}
	strvec_clear(&notes);
}

void guard_connected(struct session *s)
{
	struct guard *g = guard_of(s);

	resolve(s, g, 1);
	if (s->cctx)
		classify_ctx_reset(s->cctx);
	if (g->cctx)
		classify_ctx_reset(g->cctx);
	g->read_only = 0;
	if (s->db && !s->notty && !s->quiet && g->env.primary) {
		/* the cue, in the environment's colour, before the first prompt */
		const char *sgr = tty_sgr(g->env.color);

		const char *host = PQhost(s->db);

		fprintf(stderr, "safepg: environment %s%s%s (%s): database \"%s\" as \"%s\" on %s \"%s\" "
			"port %s\n", sgr ? sgr : "", g->env.primary, sgr ? "\033[0m" : "",
			protection_name(g->env.protection), PQdb(s->db), PQuser(s->db),
			host && host[0] == '/' ? "socket" : "host", host ? host : "",
			PQport(s->db));
	}
	if (s->db && g->env.read_only) {
		/*
		 * The server enforces read-only, so a statement the classifier
		 * misjudged still cannot write; \readwrite lifts it after asking.
		 */
		PGresult *res = PQexec(s->db, "SET default_transaction_read_only = on");

		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			g->read_only = 1;
			if (!s->quiet && !s->notty)
				fprintf(stderr, "safepg: environment \"%s\" is read-only: this session's "
					"transactions are read-only (\\readwrite lifts it)\n",
					g->env.primary ? g->env.primary : "?");
		} else {
			fprintf(stderr, "safepg: could not make the session read-only: %s",
				PQerrorMessage(s->db));
		}
		PQclear(res);
	}
}

/* ------------------------------------------------------------- decisions */

/*
 * One audit line for a decision.  Refused units are "not_run"; units that
 * go on are "pending" (the statement is about to be sent).  sync: on disk
 * before returning (destructive and catastrophic statements).  Returns 0,
 * or -1 with *cause when the line could not be written.
 */
static int guard_audit(struct session *s, struct guard *g, const struct verdict *v,
		       const char *statement, enum audit_decision decision, int sync,
		       char **cause)
{
	struct audit_record rec = AUDIT_RECORD_INIT;
	const char *port = s->db ? PQport(s->db) : NULL;
	char *redacted;
	int ret;

	*cause = NULL;
	if (!g->audit) {
		*cause = xstrdup(g->audit_error ? g->audit_error : "the audit log is not open");
		return -1;
	}
	redacted = auditrec_redact(statement ? statement : "", NULL);
	rec.seq = g->seq;
	rec.environment = g->env.primary;
	rec.host = s->db ? PQhost(s->db) : NULL;
	rec.port = port && *port ? atoi(port) : 0;
	rec.database = s->db ? PQdb(s->db) : g->target.database;
	rec.db_user = s->db ? PQuser(s->db) : g->target.user;
	rec.class = v->cls;
	rec.kind = v->kind;
	rec.statement = redacted;
	rec.decision = decision;
	rec.reasons = (const char *const *)v->reasons.v;
	rec.nreasons = v->reasons.n;
	rec.outcome = decision == AUDIT_ALLOWED || decision == AUDIT_WARNED ||
		decision == AUDIT_CONFIRMED ? AUDIT_PENDING : AUDIT_NOT_RUN;
	ret = audit_append(g->audit, &rec, sync, cause);
	free(redacted);
	return ret;
}

static void fill_input(struct session *s, struct guard *g, const struct verdict *v,
		       struct policy_input *in)
{
	memset(in, 0, sizeof(*in));
	in->verdict = v;
	in->env = &g->env;
	in->database = s->db ? PQdb(s->db) : g->target.database;
	in->host = s->db ? PQhost(s->db) : NULL;
	in->port = s->db ? PQport(s->db) : NULL;
	in->user = s->db ? PQuser(s->db) : g->target.user;
	/* asked once: a process keeps its controlling terminal */
	if (!g->tty_known) {
		g->tty_known = 1;
		g->tty = tty_present();
	}
	in->interactive = g->tty;
	in->confirm_given = g->confirm;
	in->read_only = g->read_only;
}

static void say(struct session *s, const char *msg, const char *hint)
{
	if (s->inputfile && !s->cur_cmd_interactive)
		fprintf(stderr, "safepg: %s:%llu: %s\n", s->inputfile,
			(unsigned long long)s->lineno, msg);
	else
		fprintf(stderr, "safepg: %s\n", msg);
	if (hint && *hint)
		fprintf(stderr, "hint: %s\n", hint);
}

static void key_of(const struct verdict *v, struct strbuf *key)
{
	strbuf_setlen(key, 0);
	strbuf_addf(key, "%s\n%s", class_name(v->cls), v->kind ? v->kind : "");
	for (size_t i = 0; i < v->objects.n; i++)
		strbuf_addf(key, "\n%s", v->objects.v[i]);
}

/* Use up a precheck's confirmation for v; 1 when there was one. */
static int take_preconfirmed(struct guard *g, const struct verdict *v)
{
	struct strbuf key = STRBUF_INIT;
	int found = 0;

	key_of(v, &key);
	for (size_t i = 0; i < g->preconfirmed.n; i++) {
		if (!strcmp(g->preconfirmed.v[i], key.buf)) {
			free(g->preconfirmed.v[i]);
			memmove(&g->preconfirmed.v[i], &g->preconfirmed.v[i + 1],
				(g->preconfirmed.n - i) * sizeof(char *));
			g->preconfirmed.n--;
			found = 1;
			break;
		}
	}
	strbuf_release(&key);
	return found;
}

static void tell_transaction(struct session *s)
{
	PGTransactionStatusType ts = s->db ? PQtransactionStatus(s->db) : PQTRANS_UNKNOWN;

	if (ts == PQTRANS_INTRANS)
		fprintf(stderr, "safepg: the open transaction is left as it was; it is still open\n");
	else if (ts == PQTRANS_INERROR)
		fprintf(stderr, "safepg: the open transaction is left as it was (failed; it needs "
			"ROLLBACK)\n");
}

static enum guard_result refuse(struct session *s, int code)
{
	/* in the REPL the session goes on; a script stops with the code */
	if (!s->cur_cmd_interactive)
		s->guard_exit = code;
	return code == SP_EXIT_REFUSED ? GUARD_REFUSED : GUARD_DECLINED;
}

/*
 * Carry out the decision for one unit: the heart of the guard.  What is
 * refused is never sent; what is confirmed is audited (synced for
 * destructive and catastrophic) before it goes.
 */
static enum guard_result carry_out(struct session *s, const struct verdict *v,
				   const char *statement, int lift_read_only, int can_defer)
{
	struct guard *g = guard_of(s);
	struct policy_input in;
	struct decision d;
	enum guard_result ret = GUARD_PROCEED;
	enum audit_decision audit_decision = AUDIT_ALLOWED;
	char *cause = NULL;
	int sync = v->cls >= CLASS_DESTRUCTIVE;

	if (!g->have_env)
		resolve(s, g, 0);
	g->seq++;
	fill_input(s, g, v, &in);
	in.lift_read_only = lift_read_only;
	decision_init(&d);
	policy_decide(&in, &d);
	/* confirmed for the lot by the script's precheck: not asked again */
	if ((d.step == POLICY_ASK || d.step == POLICY_NO_TTY || d.step == POLICY_PRECONFIRMED) &&
	    take_preconfirmed(g, v)) {
		d.step = POLICY_RUN;
		audit_decision = AUDIT_CONFIRMED;
	}

	switch (d.step) {
	case POLICY_RUN:
		break;
	case POLICY_WARN:
		say(s, d.message.buf, NULL);
		for (size_t i = 0; i < d.details.n; i++)
			fprintf(stderr, "  %s\n", d.details.v[i]);
		audit_decision = AUDIT_WARNED;
		break;
	case POLICY_BLOCK:
		say(s, d.message.buf, d.hint.buf);
		(void)guard_audit(s, g, v, statement, AUDIT_REFUSED, 0, &cause);
		ret = refuse(s, SP_EXIT_REFUSED);
		if (s->cur_cmd_interactive)
			tell_transaction(s);
		goto out;
	case POLICY_MISTYPED:
		say(s, d.message.buf, d.hint.buf);
		(void)guard_audit(s, g, v, statement, AUDIT_DECLINED, 0, &cause);
		ret = refuse(s, SP_EXIT_DECLINED);
		goto out;
	case POLICY_NO_TTY:
	case POLICY_ASK:
		if (d.step == POLICY_NO_TTY) {
			say(s, d.message.buf, d.hint.buf);
			(void)guard_audit(s, g, v, statement, AUDIT_NO_TTY, 0, &cause);
			ret = refuse(s, SP_EXIT_NO_TTY);
			goto out;
		} else {
			struct tty_question q = {
				.env_name = g->env.primary, .color = g->env.color,
				.headline = d.headline.buf, .where = d.where.buf,
				.details = &d.details, .prompt = d.prompt.buf,
				.phrase = d.phrase, .countdown = d.countdown,
			};
			enum tty_answer a = tty_ask(&q);

			if (a != TTY_CONFIRMED) {
				char *msg = xasprintf("declined (%s): %s was not sent", tty_answer_text(a),
						      v->kind ? v->kind : "the statement");

				say(s, msg, NULL);
				free(msg);
				(void)guard_audit(s, g, v, statement,
						  a == TTY_NO_TTY ? AUDIT_NO_TTY : AUDIT_DECLINED, 0,
						  &cause);
				ret = refuse(s, a == TTY_NO_TTY ? SP_EXIT_NO_TTY : SP_EXIT_DECLINED);
				if (s->cur_cmd_interactive)
					tell_transaction(s);
				goto out;
			}
			audit_decision = AUDIT_CONFIRMED;
		}
		break;
	case POLICY_PRECONFIRMED: {
		enum tty_answer a;

		if (in.interactive) {
			struct tty_question q = {
				.env_name = g->env.primary, .color = g->env.color,
				.headline = d.headline.buf, .where = d.where.buf,
				.details = &d.details, .countdown = d.countdown,
			};

			a = tty_ask(&q);
		} else {
			a = tty_countdown_stderr(d.countdown, v->kind);
		}
		if (a != TTY_CONFIRMED) {
			say(s, "countdown cancelled: the statement was not sent", NULL);
			(void)guard_audit(s, g, v, statement, AUDIT_DECLINED, 0, &cause);
			ret = refuse(s, SP_EXIT_DECLINED);
			goto out;
		}
		audit_decision = AUDIT_CONFIRMED;
		break;
	}
	case POLICY_STEP_NONE:
	default:
		say(s, "internal error: no decision; the statement was not sent", NULL);
		ret = refuse(s, SP_EXIT_REFUSED);
		goto out;
	}

	g->pending = 0;
	g->pending_deferred = 0;
	/*
	 * A statement that was simply allowed or warned about and cannot
	 * destroy gets one line, written with its outcome after it ran (half
	 * the cost of the log on a long script).  Everything else is on disk
	 * before it is sent.
	 */
	if (can_defer && !sync && g->audit &&
	    (audit_decision == AUDIT_ALLOWED || audit_decision == AUDIT_WARNED)) {
		g->pending_deferred = 1;
	} else if (guard_audit(s, g, v, statement, audit_decision, sync, &cause)) {
		if (sync) {
			/* a destructive statement nobody can account for later is not sent */
			char *msg = xasprintf("refused: %s cannot be recorded in the audit log",
					      v->kind ? v->kind : "the statement");

			say(s, msg, NULL);
			free(msg);
			profile_file_print_errors(stderr, cause ? cause : "unknown error");
			ret = refuse(s, SP_EXIT_REFUSED);
		} else if (!g->audit_warned) {
			g->audit_warned = 1;
			fprintf(stderr, "safepg: warning: the audit log cannot be written; "
				"destructive statements will be refused\n");
			profile_file_print_errors(stderr, cause ? cause : "unknown error");
		}
	}
	if (ret == GUARD_PROCEED && g->audit) {
		g->pending = 1;
		g->pending_seq = g->seq;
		g->pending_decision = audit_decision;
		verdict_copy(&g->pending_v, v);
		free(g->pending_stmt);
		g->pending_stmt = xstrdup(statement ? statement : "");
	}
out:
	free(cause);
	decision_release(&d);
	return ret;
}

void guard_outcome(struct session *s, int ok)
{
	struct guard *g = s->guard;
	struct audit_record rec = AUDIT_RECORD_INIT;
	const char *port, *sqlstate, *rows;
	char *redacted, *cause = NULL;

	if (!g || !g->pending || !g->audit)
		return;
	g->pending = 0;
	port = s->db ? PQport(s->db) : NULL;
	sqlstate = vars_get(s->vars, "SQLSTATE");
	rows = vars_get(s->vars, "ROW_COUNT");
	redacted = auditrec_redact(g->pending_stmt, NULL);
	rec.seq = g->pending_seq;
	rec.environment = g->env.primary;
	rec.host = s->db ? PQhost(s->db) : NULL;
	rec.port = port && *port ? atoi(port) : 0;
	rec.database = s->db ? PQdb(s->db) : g->target.database;
	rec.db_user = s->db ? PQuser(s->db) : g->target.user;
	rec.class = g->pending_v.cls;
	rec.kind = g->pending_v.kind;
	rec.statement = redacted;
	rec.decision = g->pending_decision;
	if (g->pending_deferred) {
		rec.reasons = (const char *const *)g->pending_v.reasons.v;
		rec.nreasons = g->pending_v.reasons.n;
	}
	rec.outcome = ok ? AUDIT_OK : AUDIT_ERROR;
	rec.sqlstate = sqlstate && strlen(sqlstate) == 5 && strcmp(sqlstate, "00000") ? sqlstate
		: NULL;
	rec.rows = ok && rows && *rows ? strtoll(rows, NULL, 10) : -1;
	/* An allowed statement's one line waits for company; the rest goes now. */
	if ((g->pending_deferred ? audit_queue(g->audit, &rec, &cause)
	     : audit_append(g->audit, &rec, 0, &cause)) && !g->audit_warned) {
		g->audit_warned = 1;
		fprintf(stderr, "safepg: warning: the audit log cannot be written\n");
		profile_file_print_errors(stderr, cause);
	}
	free(cause);
	free(redacted);
}

void guard_sent(struct session *s)
{
	struct guard *g = s->guard;
	char *cause = NULL;

	if (g && g->audit && audit_prepare(g->audit, &cause) < 0)
		free(cause);	/* an invalid record cannot happen; nothing to tell anyone */
}

void guard_flush(struct session *s)
{
	struct guard *g = s->guard;
	char *cause = NULL;

	if (!g || !g->audit || !audit_flush(g->audit, &cause))
		return;
	if (!g->audit_warned) {
		g->audit_warned = 1;
		fprintf(stderr, "safepg: warning: the audit log cannot be written\n");
		profile_file_print_errors(stderr, cause);
	}
	free(cause);
}

enum guard_result guard_sql(struct session *s, const char *query)
{
	const char *std = s->db ? PQparameterStatus(s->db, "standard_conforming_strings") : NULL;
	struct verdict v;
	enum guard_result r;

	int std_on = !std || strcmp(std, "off") != 0;
	size_t len = strlen(query);

	verdict_init(&v);
	/* the server reads the statement's literals by its setting: so does the classifier */
	classify_ctx_set_std_strings(cctx_of(s), std_on);
	/* the common shapes at once; else what the -f file's thread made of the same text */
	if (!classify_fast(query, len, &v) &&
	    !(s->spec && spec_take(s->spec, query, len, std_on, &v)))
		classify_sql_parsed(cctx_of(s), query, len, &v);
	r = carry_out(s, &v, query, 0, 1);
	verdict_release(&v);
	return r;
}

enum guard_result guard_shell(struct session *s, const char *command)
{
	struct verdict v;
	enum guard_result r;

	verdict_init(&v);
	classify_shell_backtick(cctx_of(s), command, &v);
	r = carry_out(s, &v, command, 0, 0);
	s->guard->pending = 0;	/* no outcome comes back from the shell */
	verdict_release(&v);
	return r;
}

enum guard_result guard_copy_local(struct session *s, int from, int program, const char *file)
{
	struct verdict v;
	enum guard_result r;
	char *what;

	verdict_init(&v);
	if (program && file) {
		classify_shell_backtick(cctx_of(s), file, &v);
		what = xasprintf("\\copy %s program %s", from ? "from" : "to", file);
	} else if (!from && file) {
		char *reason = xasprintf("\\copy to a file writes the local file %s", file);

		verdict_set(&v, CLASS_WRITE, "\\copy", NULL);
		verdict_note(&v, CLASS_WRITE, file, reason);
		free(reason);
		what = xasprintf("\\copy to %s", file);
	} else {
		/* reading a local file or stdin: what reaches the server is the COPY, guarded there */
		verdict_release(&v);
		return GUARD_PROCEED;
	}
	r = carry_out(s, &v, what, 0, 0);
	s->guard->pending = 0;	/* the COPY statement itself gets the outcome */
	free(what);
	verdict_release(&v);
	return r;
}

/* What \readwrite amounts to, the same for the precheck and when it runs. */
static void readwrite_verdict(struct verdict *v)
{
	verdict_set(v, CLASS_WRITE, "\\readwrite", "lifts read-only for the rest of this session");
}

int guard_readwrite(struct session *s)
{
	struct guard *g = guard_of(s);
	struct verdict v;
	PGresult *res;
	int ok = 0;

	if (!g->read_only) {
		fprintf(stderr, "safepg: this session is not read-only\n");
		return 1;
	}
	verdict_init(&v);
	readwrite_verdict(&v);
	if (carry_out(s, &v, "\\readwrite", 1, 0) != GUARD_PROCEED)
		goto out;
	res = PQexec(s->db, "SET default_transaction_read_only = off");
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		g->read_only = 0;
		ok = 1;
		fprintf(stderr, "safepg: read-only lifted for this session\n");
	} else {
		fprintf(stderr, "safepg: could not lift read-only: %s", PQerrorMessage(s->db));
	}
	PQclear(res);
out:
	verdict_release(&v);
	return ok;
}

/* ------------------------------------------------------------- precheck */

struct precheck {
	struct session *s;
	struct guard *g;
	struct classify_ctx *cctx;
	struct strvec blocked;		/* messages */
	struct strvec no_tty;		/* statements needing a terminal */
	struct strvec mistyped;
	struct strvec asked_lines;	/* "file:line: KIND (class) objects" */
	struct strvec asked_keys;
	struct strvec phrases;		/* distinct phrases to type */
	unsigned countdown;
	int preconfirmed;
	char *mistyped_hint;
	char *no_tty_hint;
	/* what the refusal is about, for the audit log */
	struct precheck_item {
		struct verdict v;
		char *statement;
		enum policy_step step;
	} *items;
	size_t nitems, alloc;
};

/* Audit the precheck's items of the given step (every one needing confirmation for ASK). */
static void precheck_audit(struct precheck *pc, enum policy_step step, enum audit_decision d)
{
	for (size_t i = 0; i < pc->nitems; i++) {
		struct precheck_item *it = &pc->items[i];
		char *cause = NULL;

		if (it->step != step &&
		    !(step == POLICY_ASK && it->step == POLICY_PRECONFIRMED))
			continue;
		pc->g->seq++;
		(void)guard_audit(pc->s, pc->g, &it->v, it->statement, d, 0, &cause);
		free(cause);
	}
}

static void precheck_decided(struct precheck *pc, const struct verdict *v,
			     const struct decision *dp, const char *where, const char *statement);

/*
 * The precheck's decision on one unit; where names it ("file:line"), or
 * file and line do (line > 0), made into words only when needed: most
 * units simply run.
 */
static void precheck_verdict_at(struct precheck *pc, const struct verdict *v, const char *file,
				unsigned long line, const char *statement, int lift_read_only)
{
	struct policy_input in;
	struct decision d;
	char *where;

	fill_input(pc->s, pc->g, v, &in);
	in.lift_read_only = lift_read_only;
	decision_init(&d);
	policy_decide(&in, &d);
	if (d.step != POLICY_RUN && d.step != POLICY_WARN) {
		where = line ? xasprintf("%s:%lu", file, line) : xstrdup(file);
		precheck_decided(pc, v, &d, where, statement);
		free(where);
	}
	decision_release(&d);
}

static void precheck_verdict(struct precheck *pc, const struct verdict *v, const char *where,
			     const char *statement, int lift_read_only)
{
	precheck_verdict_at(pc, v, where, 0, statement, lift_read_only);
}

/* Record a unit that does not simply run: the caller keeps and releases dp. */
static void precheck_decided(struct precheck *pc, const struct verdict *v,
			     const struct decision *dp, const char *where, const char *statement)
{
	struct strbuf key = STRBUF_INIT;
	struct precheck_item *it;

	/* what the refusal is about, for the audit log */
	ALLOC_GROW(pc->items, pc->nitems + 1, pc->alloc);
	it = &pc->items[pc->nitems++];
	verdict_init(&it->v);
	verdict_copy(&it->v, v);
	it->statement = xstrdup(statement);
	it->step = dp->step;
	switch (dp->step) {
	case POLICY_BLOCK:
		strvec_pushf(&pc->blocked, "%s: %s", where, dp->message.buf);
		break;
	case POLICY_MISTYPED:
		strvec_pushf(&pc->mistyped, "%s: %s", where, dp->message.buf);
		if (!pc->mistyped_hint)
			pc->mistyped_hint = xstrdup(dp->hint.buf);
		break;
	case POLICY_NO_TTY:
		strvec_pushf(&pc->no_tty, "%s: %s", where, dp->headline.buf);
		if (!pc->no_tty_hint)
			pc->no_tty_hint = xstrdup(dp->hint.buf);
		break;
	case POLICY_ASK:
	case POLICY_PRECONFIRMED:
		strvec_pushf(&pc->asked_lines, "%s: %s%s%s", where, dp->headline.buf,
			     v->objects.n ? " -- " : "", v->objects.n ? v->objects.v[0] : "");
		key_of(v, &key);
		strvec_push(&pc->asked_keys, key.buf);
		if (dp->phrase && !strvec_contains(&pc->phrases, dp->phrase))
			strvec_push(&pc->phrases, dp->phrase);
		if (dp->countdown > pc->countdown)
			pc->countdown = dp->countdown;
		if (dp->step == POLICY_PRECONFIRMED)
			pc->preconfirmed = 1;
		break;
	case POLICY_RUN:
	case POLICY_WARN:
	case POLICY_STEP_NONE:
	default:
		break;
	}
	strbuf_release(&key);
}

static int precheck_file(struct precheck *pc, const char *path, int depth);

static void precheck_meta(struct precheck *pc, const struct reader_unit *u, const char *file,
			  int depth)
{
	struct verdict v;
	char *where = xasprintf("%s:%lu", file, u->line);

	verdict_init(&v);
	if (!strcmp(u->name, "readwrite")) {
		/* safepg's own meta-command: it asks when it runs, so it is listed here */
		if (pc->g->read_only) {
			readwrite_verdict(&v);
			precheck_verdict(pc, &v, where, "\\readwrite", 1);
		}
		verdict_release(&v);
		free(where);
		return;
	}
	classify_meta(pc->cctx, u->name, (const char *const *)u->args.v, u->args.n, &v);
	if (v.include_file && v.objects.n && depth < GUARD_MAX_INCLUDE_DEPTH) {
		char *inc;

		if ((!strcmp(u->name, "ir") || !strcmp(u->name, "include_relative")) &&
		    v.objects.v[0][0] != '/' && strchr(file, '/')) {
			inc = xasprintf("%.*s/%s", (int)(strrchr(file, '/') - file), file,
					v.objects.v[0]);
		} else {
			inc = xstrdup(v.objects.v[0]);
		}
		(void)precheck_file(pc, inc, depth + 1);
		free(inc);
	} else {
		precheck_verdict(pc, &v, where, u->text.buf, 0);
	}
	verdict_release(&v);
	free(where);
}

static int precheck_stream(struct precheck *pc, int fd, const char *text, size_t len,
			   const char *name, int depth, struct spec *sp)
{
	struct reader *r = reader_new(NULL);
	struct reader_unit u;
	enum reader_status st;
	char buf[65536];

	reader_unit_init(&u);
	if (text) {
		reader_feed(r, text, len);
		reader_feed_eof(r);
	}
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : 0;

			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0)
				reader_feed(r, buf, (size_t)n);
			else
				reader_feed_eof(r);
			continue;
		}
		if (u.kind == READER_UNIT_SQL) {
			struct verdict v;

			verdict_init(&v);
			/* two parsers: this one and the file's thread, each taking what the other has not */
			if (!classify_fast(u.text.buf, u.text.len, &v) &&
			    !(sp && spec_take(sp, u.text.buf, u.text.len, 1, &v)))
				classify_sql_parsed(pc->cctx, u.text.buf, u.text.len, &v);
			if (v.copy_from_stdin)
				reader_begin_copy(r, 0);
			precheck_verdict_at(pc, &v, name, u.line, u.text.buf, 0);
			verdict_release(&v);
		} else if (u.kind == READER_UNIT_META) {
			precheck_meta(pc, &u, name, depth);
		}
	}
	reader_unit_release(&u);
	reader_free(r);
	return 0;
}

static int precheck_file(struct precheck *pc, const char *path, int depth)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct spec *sp;
	int ret;

	/* unreadable: psql reports it when it gets there; nothing to check */
	if (fd < 0)
		return -1;
	sp = spec_start(path, "the precheck");
	ret = precheck_stream(pc, fd, NULL, 0, path, depth, sp);
	spec_stop(sp);
	close(fd);
	return ret;
}

static void print_list(const struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		fprintf(stderr, "  %s\n", sv->v[i]);
}

enum guard_result guard_precheck(struct session *s, const struct guard_input *inputs, size_t n)
{
	struct guard *g = guard_of(s);
	struct precheck pc;
	enum guard_result ret = GUARD_PROCEED;

	memset(&pc, 0, sizeof(pc));
	pc.s = s;
	pc.g = g;
	pc.cctx = classify_ctx_new();
	if (!g->have_env)
		resolve(s, g, 0);
	for (size_t i = 0; i < n; i++) {
		const struct guard_input *in = &inputs[i];

		if (in->kind == GUARD_INPUT_SQL) {
			struct verdict v;

			verdict_init(&v);
			classify_sql(pc.cctx, in->text, strlen(in->text), &v);
			precheck_verdict(&pc, &v, "-c", in->text, 0);
			verdict_release(&v);
		} else if (in->kind == GUARD_INPUT_META) {
			char *text = xasprintf("\\%s", in->text);

			(void)precheck_stream(&pc, -1, text, strlen(text), "-c", 0, NULL);
			free(text);
		} else if (in->kind == GUARD_INPUT_FILE && in->text && strcmp(in->text, "-") != 0) {
			(void)precheck_file(&pc, in->text, 0);
		}
	}

	if (pc.blocked.n) {
		fprintf(stderr, "safepg: refused: the script contains %zu statement%s this "
			"environment blocks; nothing was run\n", pc.blocked.n,
			pc.blocked.n == 1 ? "" : "s");
		print_list(&pc.blocked);
		fprintf(stderr, "hint: nothing on the command line lifts a block; only the profile can\n");
		precheck_audit(&pc, POLICY_BLOCK, AUDIT_REFUSED);
		s->guard_exit = SP_EXIT_REFUSED;
		ret = GUARD_REFUSED;
	} else if (pc.mistyped.n) {
		fprintf(stderr, "safepg: declined: --confirm does not match; nothing was run\n");
		print_list(&pc.mistyped);
		if (pc.mistyped_hint)
			fprintf(stderr, "hint: %s\n", pc.mistyped_hint);
		precheck_audit(&pc, POLICY_MISTYPED, AUDIT_DECLINED);
		s->guard_exit = SP_EXIT_DECLINED;
		ret = GUARD_DECLINED;
	} else if (pc.no_tty.n) {
		fprintf(stderr, "safepg: the script needs confirmation for %zu statement%s and there "
			"is no terminal to ask on; nothing was run\n", pc.no_tty.n,
			pc.no_tty.n == 1 ? "" : "s");
		print_list(&pc.no_tty);
		if (pc.no_tty_hint)
			fprintf(stderr, "hint: %s\n", pc.no_tty_hint);
		precheck_audit(&pc, POLICY_NO_TTY, AUDIT_NO_TTY);
		s->guard_exit = SP_EXIT_NO_TTY;
		ret = GUARD_DECLINED;
	} else if (pc.asked_lines.n) {
		enum tty_answer a = TTY_CONFIRMED;
		char *headline = xasprintf("%zu statement%s of this script need%s confirmation",
					   pc.asked_lines.n, pc.asked_lines.n == 1 ? "" : "s",
					   pc.asked_lines.n == 1 ? "s" : "");

		if (pc.preconfirmed && !tty_present()) {
			fprintf(stderr, "safepg: %s (pre-confirmed with --confirm):\n", headline);
			print_list(&pc.asked_lines);
			a = tty_countdown_stderr(pc.countdown, "the script");
		} else {
			/* one question per distinct phrase; the countdown once, at the end */
			for (size_t i = 0; i < pc.phrases.n && a == TTY_CONFIRMED; i++) {
				char *prompt = xasprintf("Type \"%s\" to run %s, anything else cancels: ",
							 pc.phrases.v[i],
							 pc.asked_lines.n == 1 ? "it" : "them all");
				struct tty_question q = {
					.env_name = g->env.primary, .color = g->env.color,
					.headline = headline, .details = &pc.asked_lines,
					.prompt = prompt,
					.phrase = pc.preconfirmed ? NULL : pc.phrases.v[i],
					.countdown = i + 1 == pc.phrases.n ? pc.countdown : 0,
				};

				a = tty_ask(&q);
				free(prompt);
			}
		}
		if (a != TTY_CONFIRMED) {
			fprintf(stderr, "safepg: declined (%s): nothing was run\n", tty_answer_text(a));
			precheck_audit(&pc, POLICY_ASK,
				       a == TTY_NO_TTY ? AUDIT_NO_TTY : AUDIT_DECLINED);
			s->guard_exit = a == TTY_NO_TTY ? SP_EXIT_NO_TTY : SP_EXIT_DECLINED;
			ret = GUARD_DECLINED;
		} else {
			strvec_pushv(&g->preconfirmed, &pc.asked_keys);
		}
		free(headline);
	}

	classify_ctx_free(pc.cctx);
	strvec_clear(&pc.blocked);
	strvec_clear(&pc.no_tty);
	strvec_clear(&pc.mistyped);
	strvec_clear(&pc.asked_lines);
	strvec_clear(&pc.asked_keys);
	strvec_clear(&pc.phrases);
	free(pc.mistyped_hint);
	free(pc.no_tty_hint);
	for (size_t i = 0; i < pc.nitems; i++) {
		verdict_release(&pc.items[i].v);
		free(pc.items[i].statement);
	}
	free(pc.items);
	return ret;
}

/* ------------------------------------------------------------------ cues */

const char *guard_env_name(const struct guard *g)
{
	return g && g->have_env ? g->env.primary : NULL;
}

const char *guard_env_sgr(const struct guard *g)
{
	return g && g->have_env ? tty_sgr(g->env.color) : NULL;
}
