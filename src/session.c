/* SPDX-License-Identifier: PostgreSQL */
/*
 * session: psql's settings and special variables.  The hooks below are how
 * \set AUTOCOMMIT off and friends take effect, with psql's exact messages
 * when a value is refused (startup.c's hooks, variables.c's parsers).  This
 * module does not connect, run queries or read input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/log.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/guard.h"
#include "safepg/spawn.h"
#include "safepg/vars.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

int session_parse_bool(const char *value, const char *name, int *result)
{
	if (vars_parse_bool(value, result))
		return 1;
	if (name)
		log_error("unrecognized value \"%s\" for \"%s\": Boolean expected",
			  value ? value : "", name);
	return 0;
}

int session_parse_num(const char *value, const char *name, int *result)
{
	if (vars_parse_num(value, result))
		return 1;
	if (name)
		log_error("invalid value \"%s\" for \"%s\": integer expected",
			  value ? value : "", name);
	return 0;
}

static void enum_error(const char *name, const char *value, const char *suggestions)
{
	log_error("unrecognized value \"%s\" for \"%s\"\nAvailable values are: %s.",
		  value, name, suggestions);
}

int session_set_var(struct session *s, const char *name, const char *value)
{
	switch (vars_set(s->vars, name, value)) {
	case VARS_OK:
		return 1;
	case VARS_BAD_NAME:
		log_error("invalid variable name: \"%s\"", name);
		return 0;
	case VARS_REJECTED:
		return 0;
	case VARS_RESULT_NONE:
	default:
		log_error("unexpected result setting variable \"%s\"", name);
		return 0;
	}
}

/* ---- substitute hooks ------------------------------------------------ */

static char *bool_subst(char *v, void *data)
{
	(void)data;
	if (!v)
		return xstrdup("off");	/* "\unset FOO" becomes "\set FOO off" */
	if (!*v) {
		free(v);
		return xstrdup("on");	/* "\set FOO" becomes "\set FOO on" */
	}
	return v;
}

#define DEFAULT_SUBST(fn, def)                          \
	static char *fn(char *v, void *data)            \
	{                                               \
		(void)data;                             \
		return v ? v : xstrdup(def);            \
	}
DEFAULT_SUBST(fetch_count_subst, "0")
DEFAULT_SUBST(histsize_subst, "500")
DEFAULT_SUBST(echo_subst, "none")
DEFAULT_SUBST(comp_case_subst, "preserve-upper")
DEFAULT_SUBST(histcontrol_subst, "none")
DEFAULT_SUBST(verbosity_subst, "default")
DEFAULT_SUBST(show_context_subst, "errors")

static char *ignoreeof_subst(char *v, void *data)
{
	int dummy;

	(void)data;
	if (!v)
		return xstrdup("0");
	if (!vars_parse_num(v, &dummy)) {
		free(v);
		return xstrdup("10");
	}
	return v;
}

/* ---- assign hooks ---------------------------------------------------- */

#define BOOL_HOOK(fn, field, name)                                          \
	static int fn(const char *v, void *data)                            \
	{                                                                   \
		return session_parse_bool(v, name, &((struct session *)data)->field); \
	}
BOOL_HOOK(autocommit_hook, autocommit, "AUTOCOMMIT")
BOOL_HOOK(on_error_stop_hook, on_error_stop, "ON_ERROR_STOP")
BOOL_HOOK(quiet_hook, quiet, "QUIET")
BOOL_HOOK(singleline_hook, singleline, "SINGLELINE")
BOOL_HOOK(singlestep_hook, singlestep, "SINGLESTEP")
BOOL_HOOK(show_all_results_hook, show_all_results, "SHOW_ALL_RESULTS")
BOOL_HOOK(hide_compression_hook, hide_compression, "HIDE_TOAST_COMPRESSION")
BOOL_HOOK(hide_tableam_hook, hide_tableam, "HIDE_TABLEAM")

#define NUM_HOOK(fn, field, name)                                           \
	static int fn(const char *v, void *data)                            \
	{                                                                   \
		return session_parse_num(v, name, &((struct session *)data)->field); \
	}
NUM_HOOK(fetch_count_hook, fetch_count, "FETCH_COUNT")
NUM_HOOK(histsize_hook, histsize, "HISTSIZE")
NUM_HOOK(ignoreeof_hook, ignoreeof, "IGNOREEOF")

static int histfile_hook(const char *v, void *data)
{
	/* a placeholder, as in psql: keeps HISTFILE known to completion */
	(void)v;
	(void)data;
	return 1;
}

static int echo_hook(const char *v, void *data)
{
	struct session *s = data;

	if (!strcasecmp(v, "queries"))
		s->echo = ECHO_MODE_QUERIES;
	else if (!strcasecmp(v, "errors"))
		s->echo = ECHO_MODE_ERRORS;
	else if (!strcasecmp(v, "all"))
		s->echo = ECHO_MODE_ALL;
	else if (!strcasecmp(v, "none"))
		s->echo = ECHO_MODE_NONE;
	else {
		enum_error("ECHO", v, "none, errors, queries, all");
		return 0;
	}
	return 1;
}

static int echo_hidden_hook(const char *v, void *data)
{
	struct session *s = data;
	int b;

	if (!strcasecmp(v, "noexec"))
		s->echo_hidden = ECHO_HIDDEN_NOEXEC;
	else if (vars_parse_bool(v, &b))
		s->echo_hidden = b ? ECHO_HIDDEN_ON : ECHO_HIDDEN_OFF;
	else {
		enum_error("ECHO_HIDDEN", v, "on, off, noexec");
		return 0;
	}
	return 1;
}

static int on_error_rollback_hook(const char *v, void *data)
{
	struct session *s = data;
	int b;

	if (!strcasecmp(v, "interactive"))
		s->on_error_rollback = ERROR_ROLLBACK_INTERACTIVE;
	else if (vars_parse_bool(v, &b))
		s->on_error_rollback = b ? ERROR_ROLLBACK_ON : ERROR_ROLLBACK_OFF;
	else {
		enum_error("ON_ERROR_ROLLBACK", v, "on, off, interactive");
		return 0;
	}
	return 1;
}

static int comp_case_hook(const char *v, void *data)
{
	struct session *s = data;

	if (!strcasecmp(v, "preserve-upper"))
		s->comp_case = COMP_CASE_PRESERVE_UPPER;
	else if (!strcasecmp(v, "preserve-lower"))
		s->comp_case = COMP_CASE_PRESERVE_LOWER;
	else if (!strcasecmp(v, "upper"))
		s->comp_case = COMP_CASE_UPPER;
	else if (!strcasecmp(v, "lower"))
		s->comp_case = COMP_CASE_LOWER;
	else {
		enum_error("COMP_KEYWORD_CASE", v, "lower, upper, preserve-lower, preserve-upper");
		return 0;
	}
	return 1;
}

static int histcontrol_hook(const char *v, void *data)
{
	struct session *s = data;

	if (!strcasecmp(v, "ignorespace"))
		s->histcontrol = HIST_CONTROL_IGNORESPACE;
	else if (!strcasecmp(v, "ignoredups"))
		s->histcontrol = HIST_CONTROL_IGNOREDUPS;
	else if (!strcasecmp(v, "ignoreboth"))
		s->histcontrol = HIST_CONTROL_IGNOREBOTH;
	else if (!strcasecmp(v, "none"))
		s->histcontrol = HIST_CONTROL_NONE;
	else {
		enum_error("HISTCONTROL", v, "none, ignorespace, ignoredups, ignoreboth");
		return 0;
	}
	return 1;
}

/*
 * The prompt hooks keep a pointer to the variable's value, as psql does:
 * vars_set stores the very string it passed to the hook.
 */
static int prompt1_hook(const char *v, void *data)
{
	((struct session *)data)->prompt1 = v ? v : "";
	return 1;
}

static int prompt2_hook(const char *v, void *data)
{
	((struct session *)data)->prompt2 = v ? v : "";
	return 1;
}

static int prompt3_hook(const char *v, void *data)
{
	((struct session *)data)->prompt3 = v ? v : "";
	return 1;
}

static int verbosity_hook(const char *v, void *data)
{
	struct session *s = data;

	if (!strcasecmp(v, "default"))
		s->verbosity = PQERRORS_DEFAULT;
	else if (!strcasecmp(v, "verbose"))
		s->verbosity = PQERRORS_VERBOSE;
	else if (!strcasecmp(v, "terse"))
		s->verbosity = PQERRORS_TERSE;
	else if (!strcasecmp(v, "sqlstate"))
		s->verbosity = PQERRORS_SQLSTATE;
	else {
		enum_error("VERBOSITY", v, "default, verbose, terse, sqlstate");
		return 0;
	}
	if (s->db)
		PQsetErrorVerbosity(s->db, s->verbosity);
	return 1;
}

static int show_context_hook(const char *v, void *data)
{
	struct session *s = data;

	if (!strcasecmp(v, "never"))
		s->show_context = PQSHOW_CONTEXT_NEVER;
	else if (!strcasecmp(v, "errors"))
		s->show_context = PQSHOW_CONTEXT_ERRORS;
	else if (!strcasecmp(v, "always"))
		s->show_context = PQSHOW_CONTEXT_ALWAYS;
	else {
		enum_error("SHOW_CONTEXT", v, "never, errors, always");
		return 0;
	}
	if (s->db)
		PQsetErrorContextVisibility(s->db, s->show_context);
	return 1;
}

static void establish_variables(struct session *s)
{
	struct vars *v = s->vars;

	vars_set_hooks(v, "AUTOCOMMIT", bool_subst, autocommit_hook, s);
	vars_set_hooks(v, "ON_ERROR_STOP", bool_subst, on_error_stop_hook, s);
	vars_set_hooks(v, "QUIET", bool_subst, quiet_hook, s);
	vars_set_hooks(v, "SINGLELINE", bool_subst, singleline_hook, s);
	vars_set_hooks(v, "SINGLESTEP", bool_subst, singlestep_hook, s);
	vars_set_hooks(v, "FETCH_COUNT", fetch_count_subst, fetch_count_hook, s);
	vars_set_hooks(v, "HISTFILE", NULL, histfile_hook, s);
	vars_set_hooks(v, "HISTSIZE", histsize_subst, histsize_hook, s);
	vars_set_hooks(v, "IGNOREEOF", ignoreeof_subst, ignoreeof_hook, s);
	vars_set_hooks(v, "ECHO", echo_subst, echo_hook, s);
	vars_set_hooks(v, "ECHO_HIDDEN", bool_subst, echo_hidden_hook, s);
	vars_set_hooks(v, "ON_ERROR_ROLLBACK", bool_subst, on_error_rollback_hook, s);
	vars_set_hooks(v, "COMP_KEYWORD_CASE", comp_case_subst, comp_case_hook, s);
	vars_set_hooks(v, "HISTCONTROL", histcontrol_subst, histcontrol_hook, s);
	vars_set_hooks(v, "PROMPT1", NULL, prompt1_hook, s);
	vars_set_hooks(v, "PROMPT2", NULL, prompt2_hook, s);
	vars_set_hooks(v, "PROMPT3", NULL, prompt3_hook, s);
	vars_set_hooks(v, "VERBOSITY", verbosity_subst, verbosity_hook, s);
	vars_set_hooks(v, "SHOW_ALL_RESULTS", bool_subst, show_all_results_hook, s);
	vars_set_hooks(v, "SHOW_CONTEXT", show_context_subst, show_context_hook, s);
	vars_set_hooks(v, "HIDE_TOAST_COMPRESSION", bool_subst, hide_compression_hook, s);
	vars_set_hooks(v, "HIDE_TABLEAM", bool_subst, hide_tableam_hook, s);
}

void session_init(struct session *s)
{
	char buf[64];
	int lib = PQlibVersion();

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->prompt_buf, 0);
	s->progname = "psql";
	s->encoding = PQenv2encoding();
	s->query_fout = stdout;
	s->cur_cmd_source = stdin;
	print_query_opt_init(&s->popt);
	s->popt.topt.encoding = s->encoding;
	{
		const char *cols = getenv("COLUMNS");
		s->popt.topt.env_columns = cols ? atoi(cols) : 0;
	}
	s->notty = !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
	s->vars = vars_new();
	establish_variables(s);

	/* safepg speaks psql 15's dialect; it reports the libpq it runs on */
	snprintf(buf, sizeof(buf), "%d.%d", lib / 10000, lib % 10000);
	vars_set(s->vars, "VERSION_NAME", buf);
	snprintf(buf, sizeof(buf), "%d", lib);
	vars_set(s->vars, "VERSION_NUM", buf);
	{
		char *ver = xasprintf("safepg %s (psql-compatible, libpq %d.%d)", SAFEPG_VERSION,
				      lib / 10000, lib % 10000);
		vars_set(s->vars, "VERSION", ver);
		free(ver);
	}
	vars_set(s->vars, "LAST_ERROR_MESSAGE", "");
	vars_set(s->vars, "LAST_ERROR_SQLSTATE", "00000");
	vars_set(s->vars, "AUTOCOMMIT", "on");
	vars_set(s->vars, "PROMPT1", SESSION_DEFAULT_PROMPT1);
	vars_set(s->vars, "PROMPT2", SESSION_DEFAULT_PROMPT2);
	vars_set(s->vars, "PROMPT3", SESSION_DEFAULT_PROMPT3);
	vars_set(s->vars, "SHOW_ALL_RESULTS", "on");
}

static void close_query_fout(struct session *s)
{
	if (s->query_fout && s->query_fout != stdout && s->query_fout != stderr) {
		if (s->query_fout_pid)
			spawn_pipe_close(s->query_fout, s->query_fout_pid);
		else
			fclose(s->query_fout);
	}
	s->query_fout = stdout;
	s->query_fout_pid = 0;
}

void session_release(struct session *s)
{
	if (s->db)
		PQfinish(s->db);
	if (s->dead_conn)
		PQfinish(s->dead_conn);
	s->db = s->dead_conn = NULL;
	close_query_fout(s);
	if (s->logfile)
		fclose(s->logfile);
	if (s->last_error_result)
		PQclear(s->last_error_result);
	print_query_opt_release(&s->popt);
	if (s->gsavepopt) {
		print_query_opt_release(s->gsavepopt);
		free(s->gsavepopt);
	}
	free(s->gfname);
	free(s->gset_prefix);
	for (int i = 0; i < 4; i++)
		free(s->ctv_args[i]);
	free(s->restrict_key);
	free(s->inputfile);
	strbuf_release(&s->prompt_buf);
	vars_free(s->vars);
	guard_free(s->guard);
	memset(s, 0, sizeof(*s));
}

void session_sync_vars(struct session *s)
{
	char buf[32];
	const char *sv;

	s->encoding = PQclientEncoding(s->db);
	s->popt.topt.encoding = s->encoding;
	s->sversion = PQserverVersion(s->db);
	vars_set(s->vars, "DBNAME", PQdb(s->db));
	vars_set(s->vars, "USER", PQuser(s->db));
	vars_set(s->vars, "HOST", PQhost(s->db));
	vars_set(s->vars, "PORT", PQport(s->db));
	vars_set(s->vars, "ENCODING", pg_encoding_to_char(s->encoding));
	sv = PQparameterStatus(s->db, "server_version");
	if (!sv) {
		int v = s->sversion;
		if (v >= 100000)
			snprintf(buf, sizeof(buf), "%d.%d", v / 10000, v % 10000);
		else
			snprintf(buf, sizeof(buf), "%d.%d.%d", v / 10000, (v / 100) % 100, v % 100);
		sv = buf;
	}
	vars_set(s->vars, "SERVER_VERSION_NAME", sv);
	snprintf(buf, sizeof(buf), "%d", s->sversion);
	vars_set(s->vars, "SERVER_VERSION_NUM", buf);
	PQsetErrorVerbosity(s->db, s->verbosity);
	PQsetErrorContextVisibility(s->db, s->show_context);
}

void session_unsync_vars(struct session *s)
{
	static const char *const names[] = {
		"DBNAME", "USER", "HOST", "PORT", "ENCODING",
		"SERVER_VERSION_NAME", "SERVER_VERSION_NUM",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		vars_set(s->vars, names[i], NULL);
}

int session_set_query_fout(struct session *s, const char *fname)
{
	FILE *f;
	pid_t pid = 0;

	if (!fname || !*fname)
		f = stdout;
	else if (*fname == '|')
		f = spawn_pipe_open(fname + 1, "w", &pid);
	else
		f = fopen(fname, "w");
	if (!f) {
		log_error("%s: %s", fname, strerror(errno));
		return 0;
	}
	close_query_fout(s);
	s->query_fout = f;
	s->query_fout_pid = pid;
	/* writing into a pipe: a reader that goes away must not kill us */
	print_set_sigpipe_state(pid != 0);
	sig_pipe_ignore(pid != 0);
	return 1;
}

int session_standard_strings(const struct session *s)
{
	const char *v;

	if (!s->db)
		return 0;
	v = PQparameterStatus(s->db, "standard_conforming_strings");
	return v && !strcmp(v, "on");
}
