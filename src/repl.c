/* SPDX-License-Identifier: PostgreSQL */
/*
 * repl: the main loop, a port of psql's mainloop.c (see repl.h), and the
 * glue between the scanner and the session (psql's psql_get_variable and
 * psqlscanslash.l's evaluate_backtick).  Ctrl-C at the prompt arrives as
 * INPUT_INTERRUPTED from input.c instead of psql's siglongjmp; the loop
 * then does what psql's sigsetjmp branch does.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "safepg/cond.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/input.h"
#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/prompt.h"
#include "safepg/repl.h"
#include "safepg/scan.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/spawn.h"
#include "safepg/spec.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* ---- scanner callbacks ------------------------------------------------------ */

/* psql's appendShellStringNoError: 'value' for /bin/sh, refusing newlines. */
static int shell_quote(struct strbuf *out, const char *value)
{
	if (strpbrk(value, "\n\r"))
		return 0;
	if (*value && strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789-_./:") == strlen(value)) {
		strbuf_addstr(out, value);
		return 1;
	}
	strbuf_addch(out, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			strbuf_addstr(out, "'\"'\"'");
		else
			strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\'');
	return 1;
}

static char *get_variable(const char *name, enum scan_quote quote, void *data)
{
	struct repl_scan_ctx *ctx = data;
	struct session *s = ctx->s;
	const char *value;

	/* in an inactive \if branch, psql suppresses every substitution */
	if (ctx->cs && !cond_active(ctx->cs))
		return NULL;
	value = vars_get(s->vars, name);
	if (!value)
		return NULL;
	switch (quote) {
	case SCAN_QUOTE_PLAIN:
		return xstrdup(value);
	case SCAN_QUOTE_SQL_LITERAL:
	case SCAN_QUOTE_SQL_IDENT: {
		char *escaped, *result;

		if (!s->db) {
			log_error("cannot escape without active connection");
			return NULL;
		}
		if (quote == SCAN_QUOTE_SQL_LITERAL)
			escaped = PQescapeLiteral(s->db, value, strlen(value));
		else
			escaped = PQescapeIdentifier(s->db, value, strlen(value));
		if (!escaped) {
			log_info("%s", PQerrorMessage(s->db));
			return NULL;
		}
		result = xstrdup(escaped);
		PQfreemem(escaped);
		return result;
	}
	case SCAN_QUOTE_SHELL_ARG: {
		struct strbuf sb = STRBUF_INIT;

		if (!shell_quote(&sb, value)) {
			log_error("shell command argument contains a newline or carriage return: \"%s\"",
				  value);
			strbuf_release(&sb);
			return NULL;
		}
		return strbuf_detach(&sb, NULL);
	}
	case SCAN_QUOTE_NONE:
	default:
		return NULL;
	}
}

/* psqlscanslash.l's evaluate_backtick, through spawn and the guard. */
static char *backtick(const char *command, void *data)
{
	struct repl_scan_ctx *ctx = data;
	struct strbuf out = STRBUF_INIT;
	char chunk[4096];
	FILE *f;
	pid_t pid;
	size_t n;
	int error = 0;

	if (ctx->cs && !cond_active(ctx->cs))
		return xstrdup(command);
	if (guard_shell(ctx->s, command) != GUARD_PROCEED)
		return NULL;
	fflush(NULL);
	f = spawn_pipe_open(command, "r", &pid);
	if (!f) {
		log_error("%s: %s", command, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&out, chunk, n);
	if (ferror(f)) {
		log_error("%s: %s", command, strerror(errno));
		error = 1;
	}
	if (spawn_pipe_close(f, pid) == -1) {
		log_error("%s: %s", command, strerror(errno));
		error = 1;
	}
	if (error) {
		strbuf_release(&out);
		return NULL;
	}
	if (out.len && out.buf[out.len - 1] == '\n')
		strbuf_setlen(&out, out.len - 1);
	return strbuf_detach(&out, NULL);
}

static void diag(int is_error, const char *message, void *data)
{
	(void)data;
	if (is_error)
		log_error("%s", message);
	else
		log_warning("%s", message);
}

struct scan *repl_scan_new(struct repl_scan_ctx *ctx)
{
	struct scan_callbacks cb = {
		.get_variable = get_variable,
		.backtick = backtick,
		.diag = diag,
		.data = ctx,
	};

	return scan_new(&cb);
}

/* ---- the main loop ---------------------------------------------------------- */

struct loop {
	struct session *s;
	FILE *source;
	struct scan *scan;
	struct cond_stack cs;
	struct repl_scan_ctx ctx;
	struct strbuf query_buf;	/* the statement being accumulated */
	struct strbuf previous_buf;	/* the last one sent, for \e \p \g */
	struct strbuf history_buf;	/* earlier lines of a multi-line entry */
	enum prompt_status prompt;
	enum meta_result slash_status;
	int need_redisplay;
	int count_eof;
	int die_on_error;
	int result;
};

/* The statement went out: it becomes the previous one (psql swaps buffers). */
static void keep_as_previous(struct loop *l)
{
	struct strbuf tmp = l->previous_buf;

	l->previous_buf = l->query_buf;
	l->query_buf = tmp;
	strbuf_reset(&l->query_buf);
}

/* Ctrl-C at the prompt: what psql does after its siglongjmp. */
static int on_interrupt(struct loop *l)
{
	struct session *s = l->s;

	scan_finish(l->scan);
	scan_reset(l->scan);
	strbuf_reset(&l->query_buf);
	strbuf_reset(&l->history_buf);
	l->count_eof = 0;
	l->slash_status = META_UNKNOWN;
	l->prompt = PROMPT_READY;
	l->need_redisplay = 0;
	s->stmt_lineno = 1;
	sig_cancel_pressed = 0;
	if (!s->cur_cmd_interactive) {
		l->result = REPL_EXIT_USER;
		return 0;
	}
	putc('\n', stdout);
	if (!cond_empty(&l->cs)) {
		log_error("\\if: escaped");
		cond_pop(&l->cs);
	}
	return 1;
}

/* help, quit, exit and \q typed alone at an interactive prompt. */
enum assist {
	ASSIST_NONE = 0,
	ASSIST_CONSUMED,	/* handled, read the next line */
	ASSIST_EXIT		/* leave the loop */
};

static enum assist assistance(struct loop *l, const char *line)
{
	const char *rest = NULL;
	int found_help = 0, found_exit = 0, found_q = 0;

	if (!strncasecmp(line, "help", 4)) {
		rest = line + 4;
		found_help = 1;
	} else if (!strncasecmp(line, "exit", 4) || !strncasecmp(line, "quit", 4)) {
		rest = line + 4;
		found_exit = 1;
	} else if (!strncmp(line, "\\q", 2)) {
		rest = line + 2;
		found_q = 1;
	}
	if (rest) {
		while (isspace((unsigned char)*rest))
			rest++;
		if (*rest == ';')
			rest++;
		while (isspace((unsigned char)*rest))
			rest++;
		if (*rest) {
			found_help = 0;
			found_exit = 0;
		}
	}
	if (found_help) {
		if (l->query_buf.len) {
			puts("Use \\? for help or press control-C to clear the input buffer.");
		} else {
			puts("You are using psql, the command-line interface to PostgreSQL.");
			printf("Type:  \\copyright for distribution terms\n"
			       "       \\h for help with SQL commands\n"
			       "       \\? for help with psql commands\n"
			       "       \\g or terminate with semicolon to execute query\n"
			       "       \\q to quit\n");
			fflush(stdout);
			return ASSIST_CONSUMED;
		}
	}
	if (found_exit) {
		if (l->query_buf.len) {
			if (l->prompt == PROMPT_READY || l->prompt == PROMPT_CONTINUE ||
			    l->prompt == PROMPT_PAREN)
				puts("Use \\q to quit.");
			else
				puts("Use control-D to quit.");
		} else {
			fflush(stdout);
			l->result = REPL_EXIT_SUCCESS;
			return ASSIST_EXIT;
		}
	}
	if (found_q && l->query_buf.len && l->prompt != PROMPT_READY &&
	    l->prompt != PROMPT_CONTINUE && l->prompt != PROMPT_PAREN)
		puts("Use control-D to quit.");
	return ASSIST_NONE;
}

/* Send the query buffer, or not in an inactive branch (psql's SEMICOLON case). */
static int send_statement(struct loop *l)
{
	struct session *s = l->s;
	int success;

	if (cond_active(&l->cs)) {
		success = exec_send_query(s, l->query_buf.buf);
		l->slash_status = success ? META_SEND : META_ERROR;
		s->stmt_lineno = 1;
		keep_as_previous(l);
		return success;
	}
	if (s->cur_cmd_interactive)
		log_error("query ignored; use \\endif or Ctrl-C to exit current \\if block");
	l->slash_status = META_SEND;
	s->stmt_lineno = 1;
	return 1;
}

/*
 * Lex one line, running what completes on it.  Returns 0 when the loop
 * must end (\q); *line may be replaced (\e hands back a new buffer).
 */
static int process_line(struct loop *l, char **line)
{
	struct session *s = l->s;
	size_t added_nl_pos;
	int success = 1, saved_in_history = 0;

	if (l->query_buf.len > 0) {
		strbuf_addch(&l->query_buf, '\n');
		added_nl_pos = l->query_buf.len;
	} else {
		added_nl_pos = (size_t)-1;
	}
	/* takes effect from the next line on, as in psql */
	l->die_on_error = s->on_error_stop;

	scan_setup(l->scan, *line, strlen(*line), s->encoding, session_standard_strings(s));
	while (success || !l->die_on_error) {
		enum prompt_status p = l->prompt;
		size_t pos = l->query_buf.len;
		enum scan_result r = scan_next(l->scan, &l->query_buf, &p);

		l->prompt = p;
		for (const char *t = l->query_buf.buf + pos; *t; t++)
			if (*t == '\n')
				s->stmt_lineno++;
		if (r == SCAN_EOL)
			s->stmt_lineno++;

		if (r == SCAN_SEMICOLON || (r == SCAN_EOL && s->singleline)) {
			if (s->cur_cmd_interactive && !saved_in_history) {
				input_history_append(s, *line, &l->history_buf);
				input_history_send(s, &l->history_buf);
				saved_in_history = 1;
			}
			success = send_statement(l);
			if (cond_active(&l->cs))
				added_nl_pos = (size_t)-1;
		} else if (r == SCAN_BACKSLASH) {
			/*
			 * A line holding only a meta-command leaves the query
			 * buffer as it was, and goes to history on its own.
			 */
			if (l->query_buf.len == added_nl_pos) {
				strbuf_setlen(&l->query_buf, l->query_buf.len - 1);
				input_history_send(s, &l->history_buf);
			}
			added_nl_pos = (size_t)-1;
			if (s->cur_cmd_interactive && !saved_in_history) {
				input_history_append(s, *line, &l->history_buf);
				input_history_send(s, &l->history_buf);
				saved_in_history = 1;
			}
			l->slash_status = meta_handle(s, l->scan, &l->cs, &l->query_buf,
						      &l->previous_buf);
			success = l->slash_status != META_ERROR;
			s->stmt_lineno = 1;
			if (l->slash_status == META_SEND) {
				success = exec_send_query(s, l->query_buf.buf);
				keep_as_previous(l);
				scan_reset(l->scan);
			} else if (l->slash_status == META_NEWEDIT) {
				if (l->query_buf.len > 0 &&
				    l->query_buf.buf[l->query_buf.len - 1] != '\n')
					strbuf_addch(&l->query_buf, '\n');
				/* rescan what came back from the editor as new input */
				scan_finish(l->scan);
				free(*line);
				*line = strbuf_detach(&l->query_buf, NULL);
				scan_reset(l->scan);
				scan_setup(l->scan, *line, strlen(*line), s->encoding,
					   session_standard_strings(s));
				saved_in_history = 0;
				l->prompt = PROMPT_READY;
				l->need_redisplay = 1;
			} else if (l->slash_status == META_TERMINATE) {
				break;
			}
		}
		if (r == SCAN_INCOMPLETE || r == SCAN_EOL)
			break;
	}

	if (s->cur_cmd_interactive) {
		if (!saved_in_history)
			input_history_append(s, *line, &l->history_buf);
		if (l->query_buf.len == 0)
			input_history_send(s, &l->history_buf);
	}
	scan_finish(l->scan);
	if (l->slash_status == META_TERMINATE) {
		l->result = REPL_EXIT_SUCCESS;
		return 0;
	}
	if (!s->cur_cmd_interactive) {
		if (!success && l->die_on_error)
			l->result = REPL_EXIT_USER;
		else if (!s->db)
			l->result = REPL_EXIT_BADCONN;
		else if (s->guard_exit)
			l->result = s->guard_exit;
	}
	return 1;
}

/* Read the next line; NULL at the end of input (l->result set on error). */
static char *next_line(struct loop *l, int *interrupted)
{
	struct session *s = l->s;
	enum input_status st;
	char *line = NULL;

	*interrupted = 0;
	if (s->cur_cmd_interactive) {
		if (l->query_buf.len == 0)
			l->prompt = PROMPT_READY;
		if (l->need_redisplay) {
			if (l->query_buf.len > 0) {
				fputs(prompt_get(s, PROMPT_READY, &l->cs), stdout);
				fputs(l->query_buf.buf, stdout);
				fflush(stdout);
			}
			l->need_redisplay = 0;
		}
		guard_flush(s);
		st = input_read_interactive(s, prompt_get(s, l->prompt, &l->cs), &l->query_buf,
					    &line);
		if (st == INPUT_INTERRUPTED)
			*interrupted = 1;
		return st == INPUT_LINE ? line : NULL;
	}
	st = input_read_file(l->source, &line);
	if (st == INPUT_ERROR)
		l->result = REPL_EXIT_FAILURE;
	return st == INPUT_LINE ? line : NULL;
}

static void loop_run(struct loop *l)
{
	struct session *s = l->s;

	while (l->result == REPL_EXIT_SUCCESS) {
		char *line;
		int interrupted;

		if (sig_cancel_pressed) {
			if (!s->cur_cmd_interactive) {
				/* a script stopped with Ctrl-C */
				l->result = REPL_EXIT_USER;
				break;
			}
			sig_cancel_pressed = 0;
		}
		fflush(stdout);
		line = next_line(l, &interrupted);
		if (interrupted) {
			if (!on_interrupt(l))
				break;
			continue;
		}
		if (!line) {
			if (l->result != REPL_EXIT_SUCCESS)
				break;
			if (s->cur_cmd_interactive) {
				/* bash's IGNOREEOF */
				l->count_eof++;
				if (l->count_eof < s->ignoreeof) {
					if (!s->quiet)
						printf("Use \"\\q\" to leave %s.\n", s->progname);
					continue;
				}
				puts(s->quiet ? "" : "\\q");
			}
			break;
		}
		l->count_eof = 0;
		s->lineno++;

		if (s->lineno == 1 && s->encoding == SCAN_ENC_UTF8 && !strncmp(line, "\xef\xbb\xbf", 3))
			memmove(line, line + 3, strlen(line + 3) + 1);
		if (s->lineno == 1 && !s->cur_cmd_interactive && !strncmp(line, "PGDMP", 5)) {
			free(line);
			puts("The input is a PostgreSQL custom-format dump.\n"
			     "Use the pg_restore command-line client to restore this dump to a database.\n");
			fflush(stdout);
			l->result = REPL_EXIT_FAILURE;
			break;
		}
		if (line[0] == '\0' && !scan_in_quote(l->scan)) {
			free(line);
			continue;
		}
		if (s->cur_cmd_interactive) {
			enum assist a = assistance(l, line);

			if (a != ASSIST_NONE) {
				free(line);
				if (a == ASSIST_EXIT)
					break;
				continue;
			}
		}
		if (s->echo == ECHO_MODE_ALL && !s->cur_cmd_interactive) {
			puts(line);
			fflush(stdout);
		}
		if (!process_line(l, &line)) {
			free(line);
			break;
		}
		free(line);
	}

	/* a statement without its semicolon at the end of a script still runs */
	if (l->query_buf.len > 0 && !s->cur_cmd_interactive && l->result == REPL_EXIT_SUCCESS) {
		int success = 1;

		if (cond_active(&l->cs))
			success = exec_send_query(s, l->query_buf.buf);
		if (!success && l->die_on_error)
			l->result = REPL_EXIT_USER;
		else if (!s->db)
			l->result = REPL_EXIT_BADCONN;
		else if (s->guard_exit)
			l->result = s->guard_exit;
	}

	if (l->slash_status != META_TERMINATE && l->result != REPL_EXIT_USER &&
	    !cond_empty(&l->cs)) {
		log_error("reached EOF without finding closing \\endif(s)");
		if (l->die_on_error && !s->cur_cmd_interactive)
			l->result = REPL_EXIT_USER;
	}
}

int repl_main_loop(struct session *s, FILE *source)
{
	struct loop l;
	FILE *prev_source = s->cur_cmd_source;
	int prev_interactive = s->cur_cmd_interactive;
	uint64_t prev_lineno = s->lineno;

	memset(&l, 0, sizeof(l));
	l.s = s;
	l.source = source;
	l.prompt = PROMPT_READY;
	l.slash_status = META_UNKNOWN;
	l.result = REPL_EXIT_SUCCESS;
	cond_init(&l.cs);
	strbuf_init(&l.query_buf, 0);
	strbuf_init(&l.previous_buf, 0);
	strbuf_init(&l.history_buf, 0);
	l.ctx.s = s;
	l.ctx.cs = &l.cs;
	l.scan = repl_scan_new(&l.ctx);

	s->cur_cmd_source = source;
	s->cur_cmd_interactive = source == stdin && !s->notty;
	s->lineno = 0;
	s->stmt_lineno = 1;

	loop_run(&l);

	scan_free(l.scan);
	cond_release(&l.cs);
	strbuf_release(&l.query_buf);
	strbuf_release(&l.previous_buf);
	strbuf_release(&l.history_buf);
	s->cur_cmd_source = prev_source;
	s->cur_cmd_interactive = prev_interactive;
	s->lineno = prev_lineno;
	return l.result;
}

/* psql's canonicalize_path, the parts that change a script's name in messages. */
static void canonicalize_path(char *path)
{
	char *w = path;
	size_t len;

	/* collapse runs of slashes */
	for (const char *r = path; *r; r++) {
		if (*r == '/' && w > path && w[-1] == '/')
			continue;
		*w++ = *r;
	}
	*w = '\0';
	/* drop trailing "/." and a trailing slash */
	for (;;) {
		len = strlen(path);
		if (len > 2 && !strcmp(path + len - 2, "/.")) {
			path[len - 2] = '\0';
			continue;
		}
		if (len > 1 && path[len - 1] == '/') {
			path[len - 1] = '\0';
			continue;
		}
		break;
	}
}

int repl_process_file(struct session *s, const char *filename, int relative)
{
	struct spec *spec = NULL;
	FILE *fd;
	char *name = NULL, *oldname;
	int result;

	if (!filename) {
		fd = stdin;
	} else if (strcmp(filename, "-") != 0) {
		name = xstrdup(filename);
		canonicalize_path(name);
		if (relative && s->inputfile && name[0] != '/') {
			const char *slash = strrchr(s->inputfile, '/');
			char *joined;

			if (slash) {
				joined = xasprintf("%.*s/%s", (int)(slash - s->inputfile),
						   s->inputfile, name);
				free(name);
				name = joined;
				canonicalize_path(name);
			}
		}
		fd = fopen(name, "r");
		if (!fd) {
			log_error("%s: %s", name, strerror(errno));
			free(name);
			return REPL_EXIT_FAILURE;
		}
	} else {
		fd = stdin;
		name = xstrdup("<stdin>");
	}
	oldname = s->inputfile;
	s->inputfile = name;
	log_set_terse(s->inputfile ? 0 : 1);
	/* the outermost file's statements are classified ahead, in a thread */
	if (fd != stdin && !s->spec)
		spec = s->spec = spec_start(name, "the run");
	result = repl_main_loop(s, fd);
	if (spec) {
		spec_stop(spec);
		s->spec = NULL;
	}
	if (fd != stdin)
		fclose(fd);
	s->inputfile = oldname;
	log_set_terse(s->inputfile ? 0 : 1);
	free(name);
	return result;
}
