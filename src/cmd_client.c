/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_client: `safepg [OPTION]... [DBNAME [USERNAME]]`, the psql-compatible
 * client (psql's startup.c): every psql 15 option, the connection, then
 * either the -c/-f actions in command-line order (with -1 around them) or
 * the interactive main loop.  ~/.safepgrc is read unless -X (psql's
 * ~/.psqlrc is not: safepg's start-up file is its own).
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/cmd_client.h"
#include "safepg/cond.h"
#include "safepg/conn.h"
#include "safepg/describe.h"
#include "safepg/exec.h"
#include "safepg/exitcode.h"
#include "safepg/guard.h"
#include "safepg/input.h"
#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/print.h"
#include "safepg/repl.h"
#include "safepg/scan.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* The name psql's own messages carry: scripts and tests read them. */
#define CLIENT_PROGNAME "psql"

enum action_kind {
	ACTION_NONE = 0,
	ACTION_SQL,		/* -c SQL */
	ACTION_SLASH,		/* -c '\cmd' (without the backslash) */
	ACTION_FILE		/* -f FILE (NULL: stdin) */
};

struct action {
	enum action_kind kind;
	char *val;
};

struct client_opts {
	struct conn_opts conn;
	struct action *actions;
	size_t nactions, alloc;
	char *logfilename;
	int no_readline;
	int single_txn;
	int no_rc;
	const char *confirm;		/* --confirm=PHRASE (the guard) */
	const char *profile;		/* --profile=FILE (the guard) */
};

static void add_action(struct client_opts *o, enum action_kind kind, const char *val)
{
	ALLOC_GROW(o->actions, o->nactions + 1, o->alloc);
	o->actions[o->nactions].kind = kind;
	o->actions[o->nactions].val = val ? xstrdup(val) : NULL;
	o->nactions++;
}

static void show_version(void)
{
	printf("safepg %s (psql-compatible, PostgreSQL 15)\n", SAFEPG_VERSION);
}

void cmd_client_usage(void)
{
	const char *user = getenv("PGUSER"), *env;
	struct passwd *pw;

	if (!user) {
		pw = getpwuid(geteuid());
		user = pw ? pw->pw_name : "?";
	}
	printf("safepg is a guarded PostgreSQL client: psql's options, output and meta-commands,\n"
	       "with every statement classified and checked against the environment.\n\n");
	printf("Usage:\n");
	printf("  safepg [OPTION]... [DBNAME [USERNAME]]\n");
	printf("  safepg check|profile|env|audit ... (see safepg(1))\n");
	printf("  safepg pg_dump|pg_dumpall|pg_restore|dropdb|createdb|dropuser|createuser|\n"
	       "         vacuumdb|reindexdb|clusterdb [--confirm=PHRASE] ARG...   (guarded tools)\n");
	printf("  safepg shell-init bash|zsh|fish   (print aliases for the guarded tools)\n\n");
	printf("General options:\n");
	env = getenv("PGDATABASE");
	printf("  -c, --command=COMMAND    run only single command (SQL or internal) and exit\n");
	printf("  -d, --dbname=DBNAME      database name to connect to (default: \"%s\")\n",
	       env ? env : user);
	printf("  -f, --file=FILENAME      execute commands from file, then exit\n");
	printf("  -l, --list               list available databases, then exit\n");
	printf("  -v, --set=, --variable=NAME=VALUE\n"
	       "                           set psql variable NAME to VALUE\n"
	       "                           (e.g., -v ON_ERROR_STOP=1)\n");
	printf("  -V, --version            output version information, then exit\n");
	printf("  -X, --no-psqlrc          do not read startup file (~/.safepgrc)\n");
	printf("  -1 (\"one\"), --single-transaction\n"
	       "                           execute as a single transaction (if non-interactive)\n");
	printf("  -?, --help[=options]     show this help, then exit\n");
	printf("      --help=commands      list backslash commands, then exit\n");
	printf("      --help=variables     list special variables, then exit\n");
	printf("\nInput and output options:\n");
	printf("  -a, --echo-all           echo all input from script\n");
	printf("  -b, --echo-errors        echo failed commands\n");
	printf("  -e, --echo-queries       echo commands sent to server\n");
	printf("  -E, --echo-hidden        display queries that internal commands generate\n");
	printf("  -L, --log-file=FILENAME  send session log to file\n");
	printf("  -n, --no-readline        disable enhanced command line editing (readline)\n");
	printf("  -o, --output=FILENAME    send query results to file (or |pipe)\n");
	printf("  -q, --quiet              run quietly (no messages, only query output)\n");
	printf("  -s, --single-step        single-step mode (confirm each query)\n");
	printf("  -S, --single-line        single-line mode (end of line terminates SQL command)\n");
	printf("\nOutput format options:\n");
	printf("  -A, --no-align           unaligned table output mode\n");
	printf("      --csv                CSV (Comma-Separated Values) table output mode\n");
	printf("  -F, --field-separator=STRING\n"
	       "                           field separator for unaligned output (default: \"|\")\n");
	printf("  -H, --html               HTML table output mode\n");
	printf("  -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \\pset command)\n");
	printf("  -R, --record-separator=STRING\n"
	       "                           record separator for unaligned output (default: newline)\n");
	printf("  -t, --tuples-only        print rows only\n");
	printf("  -T, --table-attr=TEXT    set HTML table tag attributes (e.g., width, border)\n");
	printf("  -x, --expanded           turn on expanded table output\n");
	printf("  -z, --field-separator-zero\n"
	       "                           set field separator for unaligned output to zero byte\n");
	printf("  -0, --record-separator-zero\n"
	       "                           set record separator for unaligned output to zero byte\n");
	printf("\nConnection options:\n");
	env = getenv("PGHOST");
	printf("  -h, --host=HOSTNAME      database server host or socket directory (default: \"%s\")\n",
	       env ? env : "local socket");
	env = getenv("PGPORT");
	printf("  -p, --port=PORT          database server port (default: \"%s\")\n",
	       env ? env : "5432");
	printf("  -U, --username=USERNAME  database user name (default: \"%s\")\n", user);
	printf("  -w, --no-password        never prompt for password\n");
	printf("  -W, --password           force password prompt (should happen automatically)\n");
	printf("\nsafepg additions:\n");
	printf("      --confirm=PHRASE     pre-confirm statements whose confirmation phrase is PHRASE\n");
	printf("      --profile=FILE       read this environment profile instead of the user's\n");
	printf("  ~/.safepgrc is read at start-up instead of ~/.psqlrc; the history is kept in\n"
	       "  ~/.safepg_history.  Subcommands: safepg check, profile, env, audit.\n");
	printf("\nExit status: 0 ok, 1 error, 2 connection failed or lost, 3 script stopped by\n"
	       "ON_ERROR_STOP, 4-9 safepg's guard (see safepg(1)).\n");
}

/*
 * Parse the command line as psql does; exits on --help, --version and
 * errors.  getopt's own complaints name "psql", as psql's do.
 */
static void parse_options(struct session *s, int argc, char **argv, struct client_opts *o)
{
	static const struct option long_options[] = {
		{ "echo-all", no_argument, NULL, 'a' },
		{ "no-align", no_argument, NULL, 'A' },
		{ "command", required_argument, NULL, 'c' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "echo-queries", no_argument, NULL, 'e' },
		{ "echo-errors", no_argument, NULL, 'b' },
		{ "echo-hidden", no_argument, NULL, 'E' },
		{ "file", required_argument, NULL, 'f' },
		{ "field-separator", required_argument, NULL, 'F' },
		{ "field-separator-zero", no_argument, NULL, 'z' },
		{ "host", required_argument, NULL, 'h' },
		{ "html", no_argument, NULL, 'H' },
		{ "list", no_argument, NULL, 'l' },
		{ "log-file", required_argument, NULL, 'L' },
		{ "no-readline", no_argument, NULL, 'n' },
		{ "single-transaction", no_argument, NULL, '1' },
		{ "output", required_argument, NULL, 'o' },
		{ "port", required_argument, NULL, 'p' },
		{ "pset", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "record-separator", required_argument, NULL, 'R' },
		{ "record-separator-zero", no_argument, NULL, '0' },
		{ "single-step", no_argument, NULL, 's' },
		{ "single-line", no_argument, NULL, 'S' },
		{ "tuples-only", no_argument, NULL, 't' },
		{ "table-attr", required_argument, NULL, 'T' },
		{ "username", required_argument, NULL, 'U' },
		{ "set", required_argument, NULL, 'v' },
		{ "variable", required_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "no-password", no_argument, NULL, 'w' },
		{ "password", no_argument, NULL, 'W' },
		{ "expanded", no_argument, NULL, 'x' },
		{ "no-psqlrc", no_argument, NULL, 'X' },
		{ "help", optional_argument, NULL, 1 },
		{ "csv", no_argument, NULL, 2 },
		{ "confirm", required_argument, NULL, 3 },
		{ "profile", required_argument, NULL, 4 },
		{ NULL, 0, NULL, 0 }
	};
	struct print_table_opt *t = &s->popt.topt;
	char *argv0 = argv[0];
	int c;

	argv[0] = (char *)CLIENT_PROGNAME;
	optind = 1;
	while ((c = getopt_long(argc, argv, "aAbc:d:eEf:F:h:HlL:no:p:P:qR:sStT:U:v:VwWxXz?01",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'a':
			session_set_var(s, "ECHO", "all");
			break;
		case 'A':
			t->format = PRINT_FORMAT_UNALIGNED;
			break;
		case 'b':
			session_set_var(s, "ECHO", "errors");
			break;
		case 'c':
			if (optarg[0] == '\\')
				add_action(o, ACTION_SLASH, optarg + 1);
			else
				add_action(o, ACTION_SQL, optarg);
			break;
		case 'd':
			o->conn.dbname = optarg;
			break;
		case 'e':
			session_set_var(s, "ECHO", "queries");
			break;
		case 'E':
			session_set_var(s, "ECHO_HIDDEN", "on");
			break;
		case 'f':
			add_action(o, ACTION_FILE, optarg);
			break;
		case 'F':
			free(t->field_sep.sep);
			t->field_sep.sep = xstrdup(optarg);
			t->field_sep.zero = 0;
			break;
		case 'h':
			o->conn.host = optarg;
			break;
		case 'H':
			t->format = PRINT_FORMAT_HTML;
			break;
		case 'l':
			o->conn.list_dbs = 1;
			break;
		case 'L':
			o->logfilename = optarg;
			break;
		case 'n':
			o->no_readline = 1;
			break;
		case 'o':
			if (!session_set_query_fout(s, optarg))
				exit(SP_EXIT_ERROR);
			break;
		case 'p':
			o->conn.port = optarg;
			break;
		case 'P': {
			char *value = xstrdup(optarg), *eq = strchr(value, '=');
			int ok;

			if (eq)
				*eq++ = '\0';
			ok = meta_do_pset(s, value, eq, 1);
			if (!ok) {
				log_error("could not set printing parameter \"%s\"", value);
				exit(SP_EXIT_ERROR);
			}
			free(value);
			break;
		}
		case 'q':
			session_set_var(s, "QUIET", "on");
			break;
		case 'R':
			free(t->record_sep.sep);
			t->record_sep.sep = xstrdup(optarg);
			t->record_sep.zero = 0;
			break;
		case 's':
			session_set_var(s, "SINGLESTEP", "on");
			break;
		case 'S':
			session_set_var(s, "SINGLELINE", "on");
			break;
		case 't':
			t->tuples_only = 1;
			break;
		case 'T':
			free(t->table_attr);
			t->table_attr = xstrdup(optarg);
			break;
		case 'U':
			o->conn.username = optarg;
			break;
		case 'v': {
			char *value = xstrdup(optarg), *eq = strchr(value, '=');

			if (eq)
				*eq++ = '\0';
			if (!session_set_var(s, value, eq))
				exit(SP_EXIT_ERROR);
			free(value);
			break;
		}
		case 'V':
			show_version();
			exit(SP_EXIT_OK);
		case 'w':
			s->get_password = TRIVALUE_NO;
			break;
		case 'W':
			s->get_password = TRIVALUE_YES;
			break;
		case 'x':
			t->expanded = PRINT_EXPANDED_ON;
			break;
		case 'X':
			o->no_rc = 1;
			break;
		case 'z':
			t->field_sep.zero = 1;
			break;
		case '0':
			t->record_sep.zero = 1;
			break;
		case '1':
			o->single_txn = 1;
			break;
		case '?':
			if (optind <= argc && !strcmp(argv[optind - 1], "-?")) {
				cmd_client_usage();
				exit(SP_EXIT_OK);
			}
			goto unknown_option;
		case 1:
			if (!optarg || !strcmp(optarg, "options")) {
				cmd_client_usage();
			} else if (!strcmp(optarg, "commands") || !strcmp(optarg, "variables")) {
				meta_print_slash_usage(s, optarg);
			} else {
				goto unknown_option;
			}
			exit(SP_EXIT_OK);
		case 2:
			t->format = PRINT_FORMAT_CSV;
			break;
		case 3:
			o->confirm = optarg;
			break;
		case 4:
			o->profile = optarg;
			break;
		default:
unknown_option:
			/* getopt_long has already complained */
			log_error_hint("Try \"%s --help\" for more information.", CLIENT_PROGNAME);
			exit(SP_EXIT_ERROR);
		}
	}
	argv[0] = argv0;
	/* remaining arguments: database name, then user name */
	for (; optind < argc; optind++) {
		if (!o->conn.dbname)
			o->conn.dbname = argv[optind];
		else if (!o->conn.username)
			o->conn.username = argv[optind];
		else if (!s->quiet)
			log_warning("extra command-line argument \"%s\" ignored", argv[optind]);
	}
}

/* ~/.safepgrc, or $SAFEPGRC: run like \i, errors reported, never fatal. */
static void process_rc(struct session *s)
{
	const char *env = getenv("SAFEPGRC");
	char *rc = NULL;

	if (env && *env) {
		rc = xstrdup(env);
		exec_expand_tilde(&rc);
	} else {
		const char *home = getenv("HOME");

		if (home && *home)
			rc = xasprintf("%s/.safepgrc", home);
	}
	if (rc && access(rc, R_OK) == 0)
		repl_process_file(s, rc, 0);
	free(rc);
}

/* -c '\cmd': one meta-command on a scanner of its own (psql's ACT_SINGLE_SLASH). */
static int run_single_slash(struct session *s, const char *text)
{
	struct cond_stack cs;
	struct repl_scan_ctx ctx;
	struct scan *scan;
	enum meta_result r;

	cond_init(&cs);
	ctx.s = s;
	ctx.cs = &cs;
	scan = repl_scan_new(&ctx);
	scan_setup(scan, text, strlen(text), s->encoding, session_standard_strings(s));
	r = meta_handle(s, scan, &cs, NULL, NULL);
	scan_free(scan);
	cond_release(&cs);
	return r != META_ERROR ? SP_EXIT_OK : SP_EXIT_ERROR;
}

/* The -c/-f actions in order, inside BEGIN/COMMIT with -1 (psql's main). */
static int run_actions(struct session *s, const struct client_opts *o)
{
	int result = SP_EXIT_OK;
	PGresult *res;
	struct guard_input *gin = xcalloc(o->nactions ? o->nactions : 1, sizeof(*gin));

	/* the guard sees the whole script before its first statement is sent */
	for (size_t i = 0; i < o->nactions; i++) {
		gin[i].kind = o->actions[i].kind == ACTION_SQL ? GUARD_INPUT_SQL
			: o->actions[i].kind == ACTION_SLASH ? GUARD_INPUT_META
			: o->actions[i].kind == ACTION_FILE ? GUARD_INPUT_FILE : GUARD_INPUT_NONE;
		gin[i].text = o->actions[i].val;
	}
	if (guard_precheck(s, gin, o->nactions) != GUARD_PROCEED) {
		free(gin);
		return s->guard_exit;
	}
	free(gin);

	if (o->single_txn) {
		res = exec_hidden(s, "BEGIN");
		if (!res) {
			if (s->on_error_stop)
				return SP_EXIT_SCRIPT_STOPPED;
		} else {
			PQclear(res);
		}
	}
	for (size_t i = 0; i < o->nactions; i++) {
		const struct action *a = &o->actions[i];

		switch (a->kind) {
		case ACTION_SQL:
			log_set_terse(1);
			if (s->echo == ECHO_MODE_ALL)
				puts(a->val);
			result = exec_send_query(s, a->val) ? SP_EXIT_OK : SP_EXIT_ERROR;
			if (s->guard_exit)
				result = s->guard_exit;
			break;
		case ACTION_SLASH:
			log_set_terse(1);
			if (s->echo == ECHO_MODE_ALL)
				puts(a->val);
			result = run_single_slash(s, a->val);
			break;
		case ACTION_FILE:
			result = repl_process_file(s, a->val, 0);
			break;
		case ACTION_NONE:
		default:
			break;
		}
		if (result != SP_EXIT_OK && (s->on_error_stop || s->guard_exit))
			break;
	}
	if (o->single_txn) {
		int failed = result != SP_EXIT_OK && s->on_error_stop;

		res = exec_hidden(s, failed ? "ROLLBACK" : "COMMIT");
		if (!res) {
			if (s->on_error_stop)
				result = SP_EXIT_SCRIPT_STOPPED;
		} else {
			PQclear(res);
		}
	}
	return result;
}

/* Where messages say they come from: the script and line being read. */
static void log_locus(const char **file, uint64_t *line, void *data)
{
	struct session *s = data;

	if (s->inputfile) {
		*file = s->inputfile;
		*line = s->lineno;
	} else {
		*file = NULL;
		*line = 0;
	}
}

static void log_pre(void *data)
{
	struct session *s = data;

	if (s->query_fout && s->query_fout != stdout)
		fflush(s->query_fout);
}

int cmd_client_main(int argc, char **argv)
{
	struct session s;
	struct client_opts o;
	int result;

	log_init(CLIENT_PROGNAME);
	if (argc > 1) {
		if (!strcmp(argv[1], "-?") || (argc == 2 && !strcmp(argv[1], "--help"))) {
			cmd_client_usage();
			return SP_EXIT_OK;
		}
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
			show_version();
			return SP_EXIT_OK;
		}
	}
	setlocale(LC_ALL, "");
	print_decimal_locale_init();

	session_init(&s);
	log_set_callbacks(log_locus, log_pre, &s);
	print_set_cancel_flag(&sig_cancel_pressed);
	memset(&o, 0, sizeof(o));
	parse_options(&s, argc, argv, &o);

	/* no action and no terminal: read stdin as a script (so -1 works) */
	if (o.nactions == 0 && s.notty)
		add_action(&o, ACTION_FILE, NULL);
	if (o.single_txn && o.nactions == 0) {
		log_error("-1 can only be used in non-interactive mode");
		exit(SP_EXIT_ERROR);
	}
	if (!s.popt.topt.field_sep.sep && !s.popt.topt.field_sep.zero)
		s.popt.topt.field_sep.sep = xstrdup("|");
	if (!s.popt.topt.record_sep.sep && !s.popt.topt.record_sep.zero)
		s.popt.topt.record_sep.sep = xstrdup("\n");

	/* profiles before the connection: a bad one means nothing connects (exit 8) */
	guard_setup(&s, o.profile, o.confirm);
	if (!conn_initial(&s, &o.conn)) {
		session_release(&s);
		exit(SP_EXIT_CONNECTION);
	}
	sig_setup();

	if (o.conn.list_dbs) {
		/* psql -l: the rc file, \l, and out (before the log file opens) */
		int listed;

		if (!o.no_rc)
			process_rc(&s);
		listed = describe_command(&s, "l", NULL, 0) == DESCRIBE_OK;
		session_release(&s);
		exit(listed ? SP_EXIT_OK : SP_EXIT_ERROR);
	}
	if (o.logfilename) {
		s.logfile = fopen(o.logfilename, "a");
		if (!s.logfile) {
			log_error("could not open log file \"%s\": %s", o.logfilename, strerror(errno));
			exit(SP_EXIT_ERROR);
		}
	}
	if (!o.no_rc)
		process_rc(&s);

	if (o.nactions > 0) {
		result = run_actions(&s, &o);
	} else {
		log_set_terse(1);
		conn_warnings(&s, 1);
		if (!s.quiet)
			printf("Type \"help\" for help.\n\n");
		input_init(&s, !o.no_readline);
		result = repl_main_loop(&s, stdin);
		input_finish(&s);
	}

	for (size_t i = 0; i < o.nactions; i++)
		free(o.actions[i].val);
	free(o.actions);
	session_release(&s);
	return result;
}
