/* SPDX-License-Identifier: PostgreSQL */
/*
 * session: the one struct that carries a client session — the connection,
 * psql's settings (what psql keeps in its global `pset`), the variables and
 * the hooks through which special variables take effect, and safepg's own
 * state (classifier context, environment, guard and audit handles).  It is
 * passed explicitly to every effects module; nothing else is global but
 * the signal flags (sig.h) and the program name (log.h).
 */
#ifndef SAFEPG_SESSION_H
#define SAFEPG_SESSION_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <libpq-fe.h>

#include "safepg/print.h"
#include "safepg/strbuf.h"
#include "safepg/vars.h"

#define SESSION_DEFAULT_PROMPT1 "%/%R%x%# "
#define SESSION_DEFAULT_PROMPT2 "%/%R%x%# "
#define SESSION_DEFAULT_PROMPT3 ">> "

enum echo_mode {
	ECHO_MODE_NONE = 0,
	ECHO_MODE_QUERIES,
	ECHO_MODE_ERRORS,
	ECHO_MODE_ALL
};

enum echo_hidden {
	ECHO_HIDDEN_OFF = 0,
	ECHO_HIDDEN_ON,
	ECHO_HIDDEN_NOEXEC
};

enum error_rollback {
	ERROR_ROLLBACK_OFF = 0,
	ERROR_ROLLBACK_INTERACTIVE,
	ERROR_ROLLBACK_ON
};

enum comp_case {
	COMP_CASE_PRESERVE_UPPER = 0,
	COMP_CASE_PRESERVE_LOWER,
	COMP_CASE_UPPER,
	COMP_CASE_LOWER
};

enum hist_control {
	HIST_CONTROL_NONE = 0,
	HIST_CONTROL_IGNORESPACE = 1,
	HIST_CONTROL_IGNOREDUPS = 2,
	HIST_CONTROL_IGNOREBOTH = 3
};

enum trivalue {
	TRIVALUE_DEFAULT = 0,
	TRIVALUE_NO,
	TRIVALUE_YES
};

struct classify_ctx;
struct guard;
struct input;

struct session {
	PGconn *db;			/* connection, or NULL when there is none */
	PGconn *dead_conn;		/* a lost connection kept for \c's defaults */
	int encoding;			/* client encoding id */
	int sversion;			/* server version number */

	FILE *query_fout;		/* where results go (\o) */
	pid_t query_fout_pid;		/* \o |cmd: the child, else 0 */
	FILE *copy_stream;		/* \copy's data stream, or NULL */
	PGresult *last_error_result;	/* for \errverbose */
	struct print_query_opt popt;	/* \pset settings */

	/* one-shot settings of the next query (\g, \gset, \gdesc, \gexec, \crosstabview) */
	char *gfname;
	struct print_query_opt *gsavepopt;
	char *gset_prefix;
	int gdesc_flag;
	int gexec_flag;
	int crosstab_flag;
	char *ctv_args[4];

	int notty;			/* stdin or stdout was not a terminal at start */
	enum trivalue get_password;	/* -w / -W */
	FILE *cur_cmd_source;		/* input being read by the main loop */
	int cur_cmd_interactive;
	const char *progname;		/* "psql" in messages psql would print */
	char *inputfile;		/* script being read, for messages */
	uint64_t lineno;		/* line being read in it */
	uint64_t stmt_lineno;		/* line inside the current statement (prompt %l) */
	int timing;			/* \timing */
	FILE *logfile;			/* -L */
	struct vars *vars;

	/* set only by the variable hooks (session.c) */
	int autocommit;
	int on_error_stop;
	int quiet;
	int singleline;
	int singlestep;
	int hide_compression;
	int hide_tableam;
	int fetch_count;
	int histsize;
	int ignoreeof;
	enum echo_mode echo;
	enum echo_hidden echo_hidden;
	enum error_rollback on_error_rollback;
	enum comp_case comp_case;
	enum hist_control histcontrol;
	const char *prompt1;
	const char *prompt2;
	const char *prompt3;
	PGVerbosity verbosity;
	int show_all_results;
	PGContextVisibility show_context;

	/* \restrict KEY: only \unrestrict KEY is accepted until then */
	char *restrict_key;

	/* safepg */
	int guard_exit;			/* a refusal's exit code (4, 5, 6): a script stops */
	struct classify_ctx *cctx;	/* remembers PREPAREd statements */
	struct guard *guard;		/* environment, policy, terminal, audit */
	struct spec *spec;		/* the -f file's statements classified ahead, or NULL */
	struct input *input;		/* readline and history, when interactive */
	struct strbuf prompt_buf;	/* the last expanded prompt (prompt.c) */
	size_t last_prompt1_width;	/* for PROMPT2's %w */
};

/*
 * Initialise s with psql's start-up settings: output to stdout, aligned
 * format with border 1, the variable space with every special variable and
 * its hook, VERSION*, LAST_ERROR_*, AUTOCOMMIT on, PROMPT1-3,
 * SHOW_ALL_RESULTS on.
 */
void session_init(struct session *s);
/* Close the connection, output files, free everything. */
void session_release(struct session *s);

/*
 * psql's SetVariable with its error message: returns 1 on success, 0 when
 * the name is invalid or a hook refused the value (the reason is printed).
 */
int session_set_var(struct session *s, const char *name, const char *value);
/* psql's ParseVariableBool with the error message naming the variable (name may be NULL: silent). */
int session_parse_bool(const char *value, const char *name, int *result);
/* psql's ParseVariableNum with its error message (name may be NULL: silent). */
int session_parse_num(const char *value, const char *name, int *result);

/*
 * After connecting: set DBNAME, USER, HOST, PORT, ENCODING,
 * SERVER_VERSION_NAME/NUM, client encoding in the print options, verbosity
 * and context visibility (psql's SyncVariables); UnsyncVariables clears them.
 */
void session_sync_vars(struct session *s);
void session_unsync_vars(struct session *s);

/*
 * psql's setQFout: NULL or "" = stdout, "|cmd" = a pipe to /bin/sh -c cmd,
 * else a file opened for writing.  On failure prints why and returns 0,
 * leaving the old output in place.
 */
int session_set_query_fout(struct session *s, const char *fname);

/* psql's standard_strings(): standard_conforming_strings is on. */
int session_standard_strings(const struct session *s);

#endif
