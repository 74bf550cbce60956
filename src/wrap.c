/* SPDX-License-Identifier: PostgreSQL */
/*
 * wrap: guarded pg_dump, pg_restore, dropdb and friends.  One call is
 * parsed and classified (pgtool), its target resolved to an environment
 * the way the client does it, decided by policy, confirmed on /dev/tty or
 * by --confirm=PHRASE, audited, and then the real tool is exec'd so that
 * its exit code is the process's.  Refusals exit with the guard's codes.
 * The real tool is looked for in SAFEPG_PGBIN, the profile's pgbin,
 * `pg_config --bindir`, the newest /usr/lib/postgresql/N/bin, then PATH;
 * any candidate that is safepg itself is skipped, so a link named pg_dump
 * early in PATH cannot make safepg run itself in a loop.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/audit.h"
#include "safepg/class.h"
#include "safepg/classify.h"
#include "safepg/envmatch.h"
#include "safepg/exitcode.h"
#include "safepg/pgtool.h"
#include "safepg/policy.h"
#include "safepg/profile_file.h"
#include "safepg/serverid.h"
#include "safepg/spawn.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/target.h"
#include "safepg/tty.h"
#include "safepg/wrap.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define WRAP_CONNECT_TIMEOUT "5"

/* Everything one wrapped call holds. */
struct wrap {
	const char *tool;
	struct pgtool_call call;
	struct verdict v;
	struct profile_set set;
	struct target t;
	struct env_resolution env;
	struct strvec args;		/* the tool's argv, without --confirm */
	const char *confirm;		/* --confirm=PHRASE */
	char *host, *port, *user, *database;	/* for the words and the audit log */
	struct strbuf cmdline;		/* redacted, for the audit log */
};

static void wrap_release(struct wrap *w)
{
	verdict_release(&w->v);
	profile_set_release(&w->set);
	envmatch_target_release(&w->t);
	envmatch_resolution_release(&w->env);
	strvec_clear(&w->args);
	free(w->host);
	free(w->port);
	free(w->user);
	free(w->database);
	strbuf_release(&w->cmdline);
}

static void say(const char *tool, const char *msg, const char *hint)
{
	fprintf(stderr, "safepg %s: %s\n", tool, msg);
	if (hint && *hint)
		fprintf(stderr, "hint: %s\n", hint);
}

/* What it is and why: the lines under a message. */
static void say_details(const struct decision *d)
{
	for (size_t i = 0; i < d->details.n; i++)
		fprintf(stderr, "  %s\n", d->details.v[i]);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/*
 * pg_restore into a database that already holds objects may overwrite or
 * collide with them: destructive.  Any error asking counts as "holds
 * objects" (fail safe).
 */
static void note_restore_target(struct wrap *w, PGconn *conn)
{
	static const char query[] =
		"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%')";
	PGresult *res = PQexec(conn, query);
	int holds = 1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		holds = strcmp(PQgetvalue(res, 0, 0), "f") != 0;
	PQclear(res);
	if (holds) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "pg_restore into database \"%s\", which already holds objects, "
			    "may overwrite or collide with them", PQdb(conn));
		verdict_note(&w->v, CLASS_DESTRUCTIVE, PQdb(conn), why.buf);
		strbuf_release(&why);
	}
}

/*
 * Ask the server about itself over a short connection with the tool's
 * parameters.  Returns 1 when it answered (w->t then describes the
 * connection as made), 0 when it could not be reached.
 */
static int ask_server(struct wrap *w, const struct target_spec *spec)
{
	const char **kw = NULL, **vals = NULL, **kw2 = NULL, **vals2 = NULL;
	struct strvec notes = STRVEC_INIT;
	PGconn *conn = NULL;
	char *cause = NULL;
	size_t n = 0;
	int ret = 0;

	target_conn_params(spec, &kw, &vals);
	while (kw[n])
		n++;
	/* connect_timeout first: anything the user named later overrides it */
	kw2 = xcalloc(n + 2, sizeof(*kw2));
	vals2 = xcalloc(n + 2, sizeof(*vals2));
	kw2[0] = "connect_timeout";
	vals2[0] = WRAP_CONNECT_TIMEOUT;
	memcpy(kw2 + 1, kw, n * sizeof(*kw));
	memcpy(vals2 + 1, vals, n * sizeof(*vals));
	conn = PQconnectdbParams(kw2, vals2, 1);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		const char *msg = conn ? PQerrorMessage(conn) : "out of memory\n";
		size_t len = strlen(msg);

		while (len && msg[len - 1] == '\n')
			len--;
		fprintf(stderr, "safepg %s: could not ask the server about itself: %.*s\n",
			w->tool, (int)len, msg);
		fprintf(stderr, "safepg %s: the environment is matched on the client side only\n",
			w->tool);
		goto out;
	}
	envmatch_target_release(&w->t);
	envmatch_target_init(&w->t);
	{
		const char *port = PQport(conn);

		envmatch_target_add_host(&w->t, PQhost(conn), PQhostaddr(conn),
					 port && *port ? (unsigned)strtoul(port, NULL, 10) : 0);
		w->t.database = dup_or_null(PQdb(conn));
		w->t.user = dup_or_null(PQuser(conn));
		free(w->host);
		free(w->port);
		free(w->user);
		free(w->database);
		w->host = dup_or_null(PQhost(conn));
		w->port = dup_or_null(port);
		w->user = dup_or_null(PQuser(conn));
		w->database = dup_or_null(PQdb(conn));
	}
	if (serverid_query(conn, &w->t, &notes, profile_set_uses_system_identifier(&w->set),
			   &cause)) {
		fprintf(stderr, "safepg %s: the server could not be asked: %s\n", w->tool, cause);
		free(cause);
	}
	if (w->call.tool == PGTOOL_PG_RESTORE && !w->call.create && !w->call.clean)
		note_restore_target(w, conn);
	ret = 1;
out:
	if (conn)
		PQfinish(conn);
	strvec_clear(&notes);
	free(kw);
	free(vals);
	free(kw2);
	free(vals2);
	return ret;
}

/* Split off --confirm=PHRASE; build the tool's argv and the audit line. */
static void take_args(struct wrap *w, int argc, char **argv)
{
	struct strbuf raw = STRBUF_INIT;
	char *red;

	strvec_push(&w->args, w->tool);
	strbuf_addstr(&raw, w->tool);
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--confirm=", 10)) {
			w->confirm = argv[i] + 10;
			continue;
		}
		strvec_push(&w->args, argv[i]);
		strbuf_addch(&raw, ' ');
		strbuf_addstr(&raw, argv[i]);
	}
	red = auditrec_redact(raw.buf, NULL);
	strbuf_addstr(&w->cmdline, red);
	free(red);
	strbuf_release(&raw);
}

static int audit_line(struct wrap *w, struct audit *a, enum audit_decision d, char **cause)
{
	struct audit_record rec = AUDIT_RECORD_INIT;

	rec.tool = w->tool;
	rec.seq = 1;
	rec.environment = w->env.primary;
	rec.host = w->host;
	rec.port = w->port ? atoi(w->port) : 0;
	rec.database = w->database;
	rec.db_user = w->user;
	rec.class = w->v.cls;
	rec.kind = w->v.kind;
	rec.statement = w->cmdline.buf;
	rec.decision = d;
	rec.reasons = (const char *const *)w->v.reasons.v;
	rec.nreasons = w->v.reasons.n;
	rec.outcome = d == AUDIT_ALLOWED || d == AUDIT_WARNED || d == AUDIT_CONFIRMED ?
		AUDIT_PENDING : AUDIT_NOT_RUN;
	if (!a) {
		*cause = xstrdup("the audit log is not open");
		return -1;
	}
	return audit_append(a, &rec, w->v.cls >= CLASS_DESTRUCTIVE, cause);
}

/* ----------------------------------------------------------- the real tool */

static int is_self(const char *path, const char *self)
{
	char *real = realpath(path, NULL);
	int same = real && self && !strcmp(real, self);

	free(real);
	return same;
}

/* dir/tool when it is an executable file that is not safepg; allocated. */
static char *try_dir(const char *dir, const char *tool, const char *self)
{
	char *p;
	struct stat st;

	if (!dir || !*dir)
		return NULL;
	p = xasprintf("%s/%s", dir, tool);
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0 && !is_self(p, self))
		return p;
	free(p);
	return NULL;
}

static char *pg_config_bindir(void)
{
	struct strbuf sb = STRBUF_INIT;
	pid_t pid;
	FILE *f = spawn_pipe_open("pg_config --bindir 2>/dev/null", "r", &pid);
	char *ret = NULL;
	int c;

	if (!f)
		return NULL;
	while ((c = fgetc(f)) != EOF)
		strbuf_addch(&sb, (char)c);
	if (spawn_pipe_close(f, pid) == 0) {
		while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
			strbuf_setlen(&sb, sb.len - 1);
		if (sb.len)
			ret = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	return ret;
}

/* The newest /usr/lib/postgresql/N/bin holding tool. */
static char *newest_debian(const char *tool, const char *self)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	long best = -1;
	char *found = NULL;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char *end, *dir, *p;
		long ver = strtol(e->d_name, &end, 10);

		if (end == e->d_name || (*end && *end != '.') || ver <= best)
			continue;
		dir = xasprintf("/usr/lib/postgresql/%s/bin", e->d_name);
		p = try_dir(dir, tool, self);
		free(dir);
		if (p) {
			free(found);
			found = p;
			best = ver;
		}
	}
	closedir(d);
	return found;
}

static char *from_path(const char *tool, const char *self)
{
	const char *path = getenv("PATH"), *p;
	char *found = NULL;

	for (p = path; p && *p && !found; ) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *dir = n ? xmemdupz(p, n) : xstrdup(".");

		found = try_dir(dir, tool, self);
		free(dir);
		p = e ? e + 1 : p + n;
	}
	return found;
}

/* Where the real tool is; allocated, NULL when nowhere.  *from: which source. */
static char *find_real(const char *tool, const struct profile_set *set, const char **from)
{
	char *self = realpath("/proc/self/exe", NULL);
	char *p = NULL, *dir;

	if ((p = try_dir(getenv("SAFEPG_PGBIN"), tool, self))) {
		*from = "SAFEPG_PGBIN";
		goto out;
	}
	if (set->have_user && set->user.pgbin && (p = try_dir(set->user.pgbin, tool, self))) {
		*from = "the profile's pgbin";
		goto out;
	}
	if ((dir = pg_config_bindir())) {
		p = try_dir(dir, tool, self);
		free(dir);
		if (p) {
			*from = "pg_config --bindir";
			goto out;
		}
	}
	if ((p = newest_debian(tool, self))) {
		*from = "/usr/lib/postgresql";
		goto out;
	}
	if ((p = from_path(tool, self)))
		*from = "PATH";
out:
	free(self);
	return p;
}

/* -------------------------------------------------------------- the call */

/* Carry out the decision; 0 when the tool may run, else the exit code. */
static int carry_out(struct wrap *w, struct audit *a, const char *audit_error)
{
	struct policy_input in;
	struct decision d;
	enum audit_decision ad = AUDIT_ALLOWED;
	char *cause = NULL;
	int ret = 0;

	memset(&in, 0, sizeof(in));
	in.verdict = &w->v;
	in.env = &w->env;
	in.database = w->database;
	in.host = w->host;
	in.port = w->port;
	in.user = w->user;
	in.interactive = tty_present();
	in.confirm_given = w->confirm;
	decision_init(&d);
	policy_decide(&in, &d);
	switch (d.step) {
	case POLICY_RUN:
		break;
	case POLICY_WARN:
		say(w->tool, d.message.buf, NULL);
		say_details(&d);
		ad = AUDIT_WARNED;
		break;
	case POLICY_BLOCK:
		say(w->tool, d.message.buf, d.hint.buf);
		say_details(&d);
		(void)audit_line(w, a, AUDIT_REFUSED, &cause);
		ret = SP_EXIT_REFUSED;
		goto out;
	case POLICY_MISTYPED:
		say(w->tool, d.message.buf, d.hint.buf);
		say_details(&d);
		(void)audit_line(w, a, AUDIT_DECLINED, &cause);
		ret = SP_EXIT_DECLINED;
		goto out;
	case POLICY_NO_TTY:
		say(w->tool, d.message.buf, d.hint.buf);
		say_details(&d);
		(void)audit_line(w, a, AUDIT_NO_TTY, &cause);
		ret = SP_EXIT_NO_TTY;
		goto out;
	case POLICY_ASK:
	case POLICY_PRECONFIRMED: {
		struct tty_question q = {
			.env_name = w->env.primary, .color = w->env.color,
			.headline = d.headline.buf, .where = d.where.buf, .details = &d.details,
			.prompt = d.step == POLICY_ASK ? d.prompt.buf : NULL,
			.phrase = d.step == POLICY_ASK ? d.phrase : NULL, .countdown = d.countdown,
		};
		enum tty_answer ans;

		if (d.step == POLICY_ASK || in.interactive)
			ans = tty_ask(&q);
		else
			ans = tty_countdown_stderr(d.countdown, w->v.kind);
		if (ans != TTY_CONFIRMED) {
			char *msg = xasprintf("declined (%s): %s was not run", tty_answer_text(ans),
					      w->tool);

			say(w->tool, msg, NULL);
			free(msg);
			(void)audit_line(w, a, ans == TTY_NO_TTY ? AUDIT_NO_TTY : AUDIT_DECLINED,
					 &cause);
			ret = ans == TTY_NO_TTY ? SP_EXIT_NO_TTY : SP_EXIT_DECLINED;
			goto out;
		}
		ad = AUDIT_CONFIRMED;
		break;
	}
	case POLICY_STEP_NONE:
	default:
		say(w->tool, "internal error: no decision; the tool was not run", NULL);
		ret = SP_EXIT_REFUSED;
		goto out;
	}
	if (audit_line(w, a, ad, &cause)) {
		if (w->v.cls >= CLASS_DESTRUCTIVE) {
			/* as in the client: what nobody can account for later does not run */
			say(w->tool, "refused: the call cannot be recorded in the audit log", NULL);
			profile_file_print_errors(stderr, audit_error ? audit_error :
						  cause ? cause : "unknown error");
			ret = SP_EXIT_REFUSED;
			goto out;
		}
		fprintf(stderr, "safepg %s: warning: the audit log cannot be written\n", w->tool);
	}
out:
	free(cause);
	decision_release(&d);
	return ret;
}

int cmd_wrap(const char *tool, int argc, char **argv)
{
	struct wrap w;
	struct target_spec spec = { NULL, NULL, NULL, NULL };
	struct audit *audit = NULL;
	char *cause = NULL, *audit_error = NULL, *real = NULL;
	const char *from = NULL;
	int ret = 1, exists = 0;

	memset(&w, 0, sizeof(w));
	w.tool = tool;
	verdict_init(&w.v);
	profile_set_init(&w.set);
	envmatch_target_init(&w.t);
	envmatch_resolution_init(&w.env);
	strvec_init(&w.args);
	strbuf_init(&w.cmdline, 0);
	take_args(&w, argc, argv);

	if (pgtool_parse(pgtool_lookup(tool), (int)w.args.n - 1, w.args.v + 1, &w.call, &cause)) {
		/* the tool will complain itself; until then nothing here is known */
		verdict_set(&w.v, CLASS_UNKNOWN, tool, cause);
		free(cause);
		cause = NULL;
	} else {
		struct stat st;

		exists = w.call.file && stat(w.call.file, &st) == 0;
		pgtool_classify(&w.call, exists, &w.v);
	}
	if (w.call.info_only) {
		/* --help, --version: nothing to guard */
		goto run;
	}
	if (profile_file_load_all(NULL, &w.set, &cause)) {
		profile_file_print_errors(stderr, cause);
		fprintf(stderr, "safepg %s: the profile is invalid: nothing was executed\n", tool);
		ret = SP_EXIT_CONFIG;
		goto out;
	}
	spec.host = w.call.host;
	spec.port = w.call.port;
	spec.user = w.call.user;
	spec.dbname = pgtool_target_db(&w.call);
	if (target_resolve(&spec, &w.t, &cause)) {
		say(tool, cause, NULL);
		ret = 1;
		goto out;
	}
	w.host = w.t.nhosts ? dup_or_null(w.t.hosts[0].host) : NULL;
	w.port = w.t.nhosts && w.t.hosts[0].port ? xasprintf("%u", w.t.hosts[0].port) : NULL;
	w.user = dup_or_null(w.t.user);
	w.database = dup_or_null(w.t.database);
	if (pgtool_connects(&w.call))
		(void)ask_server(&w, &spec);
	if (profile_set_resolve(&w.set, &w.t, &w.env, &cause)) {
		say(tool, cause, NULL);
		ret = SP_EXIT_CONFIG;
		goto out;
	}
	if (w.env.server_disagrees || w.env.server_tag_unknown)
		fprintf(stderr, "safepg %s: environment \"%s\": the server and the client side "
			"disagree; the stricter applies\n", tool, w.env.primary ? w.env.primary : "?");
	audit = audit_open(audit_profile_path(&w.set), &audit_error);
	if ((ret = carry_out(&w, audit, audit_error)) != 0)
		goto out;
run:
	real = find_real(tool, &w.set, &from);
	if (!real) {
		char *msg = xasprintf("the real \"%s\" was not found", tool);

		say(tool, msg, "set SAFEPG_PGBIN to the directory of the PostgreSQL client programs, "
		    "or pgbin in the profile");
		free(msg);
		ret = 1;
		goto out;
	}
	audit_close(audit);
	audit = NULL;
	fflush(NULL);
	execv(real, w.args.v);
	fprintf(stderr, "safepg %s: could not run \"%s\" (found through %s): %s\n", tool, real,
		from, strerror(errno));
	ret = 1;
out:
	audit_close(audit);
	free(audit_error);
	free(cause);
	free(real);
	wrap_release(&w);
	return ret;
}

/* ------------------------------------------------------------ shell-init */

int cmd_shell_init(int argc, char **argv)
{
	const char *sh = argc > 1 ? argv[1] : NULL;
	int fish;

	if (!sh || (strcmp(sh, "bash") && strcmp(sh, "zsh") && strcmp(sh, "fish"))) {
		fprintf(stderr, "safepg shell-init: %s\n", sh ? "unknown shell" : "which shell?");
		fputs("usage: safepg shell-init bash|zsh|fish\n"
		      "hint: add eval \"$(safepg shell-init bash)\" to ~/.bashrc, "
		      "or safepg shell-init fish | source to config.fish\n", stderr);
		return 1;
	}
	fish = !strcmp(sh, "fish");
	printf("# safepg: guarded PostgreSQL tools (safepg shell-init %s)\n", sh);
	for (size_t i = 0; pgtool_names[i]; i++) {
		if (fish)
			printf("function %s --wraps %s; command safepg %s $argv; end\n",
			       pgtool_names[i], pgtool_names[i], pgtool_names[i]);
		else
			printf("alias %s='safepg %s'\n", pgtool_names[i], pgtool_names[i]);
	}
	if (fish)
		printf("function psql --wraps psql; command safepg $argv; end\n");
	else
		printf("alias psql='safepg'\n");
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
