/* SPDX-License-Identifier: PostgreSQL */
/*
 * copy: COPY data transfer and \copy, as psql's copy.c does it.  Data is
 * passed through in chunks and never parsed or held whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/copy.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/input.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/prompt.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/spawn.h"
#include "safepg/strbuf.h"
#include "safepg/tokens.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define COPYBUFSIZ 8192

int copy_out(struct session *s, FILE *stream, PGresult **res)
{
	int ok = 1;
	char *buf;
	int ret;

	for (;;) {
		ret = PQgetCopyData(s->db, &buf, 0);
		if (ret < 0)
			break;
		if (buf) {
			if (ok && stream && fwrite(buf, 1, (size_t)ret, stream) != (size_t)ret) {
				log_error("could not write COPY data: %s", strerror(errno));
				/* complain only once, keep reading data from server */
				ok = 0;
			}
			PQfreemem(buf);
		}
	}
	if (ok && stream && fflush(stream)) {
		log_error("could not write COPY data: %s", strerror(errno));
		ok = 0;
	}
	if (ret == -2) {
		log_error("COPY data transfer failed: %s", PQerrorMessage(s->db));
		ok = 0;
	}
	*res = PQgetResult(s->db);
	if (PQresultStatus(*res) != PGRES_COMMAND_OK) {
		log_info("%s", PQerrorMessage(s->db));
		ok = 0;
	}
	return ok;
}

int copy_in(struct session *s, FILE *stream, int binary, PGresult **res)
{
	int ok = 1;
	char buf[COPYBUFSIZ];
	int showprompt = isatty(fileno(stream));
	int cancelled = 0;

	if (showprompt && !s->quiet)
		puts("Enter data to be copied followed by a newline.\n"
		     "End with a backslash and a period on a line by itself, or an EOF signal.");
	if (binary) {
		if (showprompt) {
			fputs(prompt_get(s, PROMPT_COPY, NULL), stdout);
			fflush(stdout);
		}
		for (;;) {
			size_t n = fread(buf, 1, COPYBUFSIZ, stream);

			if (sig_cancel_pressed) {
				cancelled = 1;
				break;
			}
			if (n == 0)
				break;
			if (PQputCopyData(s->db, buf, (int)n) <= 0) {
				ok = 0;
				break;
			}
		}
	} else {
		int done = 0, at_line_begin = 1;
		size_t buflen = 0;

		/*
		 * Line by line, so that reading stops at the "\." line: when the
		 * data is inline in a script, what follows is more script.  The
		 * buffer always keeps room for the 4 bytes of "\.\r\n" so that the
		 * end marker is never split across two reads.
		 */
		while (!done) {
			char *got;

			if (at_line_begin && showprompt) {
				fputs(prompt_get(s, PROMPT_COPY, NULL), stdout);
				fflush(stdout);
			}
			got = fgets(&buf[buflen], (int)(COPYBUFSIZ - buflen), stream);
			if (sig_cancel_pressed) {
				cancelled = 1;
				break;
			}
			if (!got) {
				done = 1;
			} else {
				size_t linelen = strlen(got);

				buflen += linelen;
				if (buf[buflen - 1] == '\n') {
					if (at_line_begin &&
					    ((linelen == 3 && !memcmp(got, "\\.\n", 3)) ||
					     (linelen == 4 && !memcmp(got, "\\.\r\n", 4))))
						done = 1;
					if (stream == s->cur_cmd_source) {
						s->lineno++;
						s->stmt_lineno++;
					}
					at_line_begin = 1;
				} else {
					at_line_begin = 0;
				}
			}
			if (buflen >= COPYBUFSIZ - 5 || (done && buflen > 0)) {
				if (PQputCopyData(s->db, buf, (int)buflen) <= 0) {
					ok = 0;
					break;
				}
				buflen = 0;
			}
		}
	}
	if (cancelled) {
		PQputCopyEnd(s->db, "canceled by user");
		ok = 0;
	} else {
		if (ferror(stream))
			ok = 0;
		if (PQputCopyEnd(s->db, ok ? NULL : "aborted because of read failure") <= 0)
			ok = 0;
	}
	/* an interactive session may COPY FROM STDIN again after an EOF */
	clearerr(stream);
	while (*res = PQgetResult(s->db), PQresultStatus(*res) == PGRES_COPY_IN) {
		ok = 0;
		PQclear(*res);
		PQputCopyEnd(s->db, "trying to exit copy mode");
	}
	if (PQresultStatus(*res) != PGRES_COMMAND_OK) {
		log_info("%s", PQerrorMessage(s->db));
		ok = 0;
	}
	return ok;
}

void copy_discard(struct session *s, FILE *stream)
{
	char *line = NULL;

	while (input_read_file(stream, &line) == INPUT_LINE) {
		int end = !strcmp(line, "\\.") || !strcmp(line, "\\.\r");

		free(line);
		line = NULL;
		if (stream == s->cur_cmd_source) {
			s->lineno++;
			s->stmt_lineno++;
		}
		if (end)
			break;
	}
	free(line);
}

/* ---- \copy ------------------------------------------------------------- */

struct copy_options {
	struct strbuf before;	/* COPY text before TO/FROM */
	char *after;		/* after the file name: options, verbatim */
	char *file;		/* NULL: stdin/stdout */
	int program;		/* file is a shell command */
	int psql_inout;		/* pstdin/pstdout */
	int from;
};

static void copy_options_release(struct copy_options *o)
{
	strbuf_release(&o->before);
	free(o->after);
	free(o->file);
}

static int parse_slash_copy(struct session *s, const char *args, struct copy_options *o)
{
	static const char ws[] = " \t\n\r";
	struct tokens t;
	char *tok;
	char nonstd_backslash = session_standard_strings(s) ? 0 : '\\';

	memset(o, 0, sizeof(*o));
	strbuf_init(&o->before, 0);
	if (!args) {
		log_error("\\copy: arguments required");
		return 0;
	}
	tokens_init(&t, args, s->encoding);
	tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
	if (!tok)
		goto error;
	/* pre-7.3 syntax: BINARY before the table name */
	if (!strcasecmp(tok, "binary")) {
		strbuf_addstr(&o->before, tok);
		tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
		if (!tok)
			goto error;
	}
	if (tok[0] == '(') {
		int parens = 1;

		while (parens > 0) {
			strbuf_addch(&o->before, ' ');
			strbuf_addstr(&o->before, tok);
			tok = tokens_next(&t, ws, "()", "\"'", nonstd_backslash, 1, 0);
			if (!tok)
				goto error;
			if (tok[0] == '(')
				parens++;
			else if (tok[0] == ')')
				parens--;
		}
	}
	strbuf_addch(&o->before, ' ');
	strbuf_addstr(&o->before, tok);
	tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
	if (!tok)
		goto error;
	if (tok[0] == '.') {
		strbuf_addstr(&o->before, tok);
		tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
		if (!tok)
			goto error;
		strbuf_addstr(&o->before, tok);
		tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
		if (!tok)
			goto error;
	}
	if (tok[0] == '(') {
		for (;;) {
			strbuf_addch(&o->before, ' ');
			strbuf_addstr(&o->before, tok);
			tok = tokens_next(&t, ws, "()", "\"", 0, 0, 0);
			if (!tok)
				goto error;
			if (tok[0] == ')')
				break;
		}
		strbuf_addch(&o->before, ' ');
		strbuf_addstr(&o->before, tok);
		tok = tokens_next(&t, ws, ".,()", "\"", 0, 0, 0);
		if (!tok)
			goto error;
	}
	if (!strcasecmp(tok, "from"))
		o->from = 1;
	else if (!strcasecmp(tok, "to"))
		o->from = 0;
	else
		goto error;
	tok = tokens_next(&t, ws, ";", "'", 0, 0, 0);
	if (!tok)
		goto error;
	if (!strcasecmp(tok, "program")) {
		size_t len;

		tok = tokens_next(&t, ws, ";", "'", 0, 0, 0);
		if (!tok)
			goto error;
		/* the shell command must be quoted */
		len = strlen(tok);
		if (tok[0] != '\'' || len < 2 || tok[len - 1] != '\'')
			goto error;
		tokens_strip_quotes(tok, '\'', 0, s->encoding);
		o->program = 1;
		o->file = xstrdup(tok);
	} else if (!strcasecmp(tok, "stdin") || !strcasecmp(tok, "stdout")) {
		o->file = NULL;
	} else if (!strcasecmp(tok, "pstdin") || !strcasecmp(tok, "pstdout")) {
		o->psql_inout = 1;
		o->file = NULL;
	} else {
		tokens_strip_quotes(tok, '\'', 0, s->encoding);
		o->file = xstrdup(tok);
		exec_expand_tilde(&o->file);
	}
	tok = tokens_next(&t, "", NULL, NULL, 0, 0, 0);
	if (tok)
		o->after = xstrdup(tok);
	tokens_release(&t);
	return 1;
error:
	if (tok)
		log_error("\\copy: parse error at \"%s\"", tok);
	else
		log_error("\\copy: parse error at end of line");
	tokens_release(&t);
	copy_options_release(o);
	return 0;
}

static void report_child_status(const char *what, int status)
{
	if (WIFEXITED(status))
		log_error("%s: child process exited with exit code %d", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_error("%s: child process was terminated by signal %d: %s", what,
			  WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		log_error("%s: child process exited with unrecognized status %d", what, status);
}

int copy_command(struct session *s, const char *args)
{
	struct copy_options o;
	struct strbuf query = STRBUF_INIT;
	FILE *stream;
	pid_t pid = 0;
	int success;

	if (!parse_slash_copy(s, args, &o))
		return 0;
	/* the local side is the user's: a program or file written is guarded */
	if (guard_copy_local(s, o.from, o.program, o.file) != GUARD_PROCEED) {
		copy_options_release(&o);
		return 0;
	}
	if (o.from) {
		if (o.file) {
			if (o.program) {
				fflush(stdout);
				fflush(stderr);
				errno = 0;
				stream = spawn_pipe_open(o.file, "r", &pid);
			} else
				stream = fopen(o.file, "r");
		} else if (!o.psql_inout)
			stream = s->cur_cmd_source;
		else
			stream = stdin;
	} else {
		if (o.file) {
			if (o.program) {
				fflush(stdout);
				fflush(stderr);
				errno = 0;
				print_sigpipe_disable();
				stream = spawn_pipe_open(o.file, "w", &pid);
			} else
				stream = fopen(o.file, "w");
		} else if (!o.psql_inout)
			stream = s->query_fout;
		else
			stream = stdout;
	}
	if (!stream) {
		if (o.program)
			log_error("could not execute command \"%s\": %s", o.file, strerror(errno));
		else
			log_error("%s: %s", o.file, strerror(errno));
		copy_options_release(&o);
		return 0;
	}
	if (!o.program) {
		struct stat st;
		int r = fstat(fileno(stream), &st);

		if (r < 0)
			log_error("could not stat file \"%s\": %s", o.file, strerror(errno));
		if (r == 0 && S_ISDIR(st.st_mode))
			log_error("%s: cannot copy from/to a directory", o.file);
		if (r < 0 || S_ISDIR(st.st_mode)) {
			if (o.file)
				fclose(stream);
			copy_options_release(&o);
			return 0;
		}
	}
	strbuf_addstr(&query, "COPY ");
	strbuf_addbuf(&query, &o.before);
	strbuf_addstr(&query, o.from ? " FROM STDIN " : " TO STDOUT ");
	if (o.after)
		strbuf_addstr(&query, o.after);
	s->copy_stream = stream;
	success = exec_send_query(s, query.buf);
	s->copy_stream = NULL;
	strbuf_release(&query);
	if (o.file) {
		if (o.program) {
			int rc = spawn_pipe_close(stream, pid);

			if (rc != 0) {
				if (rc < 0)
					log_error("could not close pipe to external command: %s",
						  strerror(errno));
				else
					report_child_status(o.file, rc);
				success = 0;
			}
			print_sigpipe_restore();
		} else if (fclose(stream) != 0) {
			log_error("%s: %s", o.file, strerror(errno));
			success = 0;
		}
	}
	copy_options_release(&o);
	return success;
}
