/* SPDX-License-Identifier: PostgreSQL */
/*
 * copy: COPY data transfer and \copy, as psql's copy.c does it.  Data is
 * passed through in chunks and never parsed or held whole.
 */
#include <errno.h>
#include <stdint.h>
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

/*
 * psql reads COPY text data with fgets() into an 8 KiB buffer, which it
 * sends whenever fewer than 5 bytes are left in it.  Its rules hang on
 * those reads: a line is a piece fgets() returned that ends in a newline,
 * the end marker is such a piece at the beginning of a line, and a NUL
 * byte cuts a piece short.  safepg keeps those rules but not the 8 KiB
 * reads: struct copy_text follows the state psql's buffer would be in,
 * while the data is read and sent in blocks of COPY_BLOCK bytes.
 */
#define COPYBUFSIZ 8192
#define COPY_BLOCK ((size_t)128 * 1024)

struct copy_text {
	struct session *s;
	FILE *stream;
	char *buf;		/* COPY_BLOCK bytes */
	size_t fill;		/* bytes psql's buffer would hold */
	char last;		/* the last byte in it (when fill > 0) */
	int at_line_begin;	/* psql's last piece ended a line */
	int done;		/* the end marker or the end of input was read */
	int ok;
	int cancelled;
};

/* Bytes psql's buffer holds after n more bytes of one line (line_ends: the newline was among them). */
static size_t fill_after(size_t fill, size_t n, int line_ends)
{
	size_t room = COPYBUFSIZ - 1 - fill;	/* what one fgets() call takes at most */

	while (n >= room) {
		/* a full buffer is sent */
		n -= room;
		fill = 0;
		room = COPYBUFSIZ - 1;
	}
	fill += n;
	if (line_ends && fill >= COPYBUFSIZ - 5)
		fill = 0;
	return fill;
}

static int is_end_marker(const char *line, size_t len)
{
	return (len == 3 && !memcmp(line, "\\.\n", 3)) ||
	       (len == 4 && !memcmp(line, "\\.\r\n", 4));
}

static void count_lines(struct copy_text *ct, uint64_t lines)
{
	if (ct->stream == ct->s->cur_cmd_source) {
		ct->s->lineno += lines;
		ct->s->stmt_lineno += lines;
	}
}

static int send_data(struct copy_text *ct, const char *data, size_t len)
{
	if (len > 0 && PQputCopyData(ct->s->db, data, (int)len) <= 0) {
		ct->ok = 0;
		return 0;
	}
	return 1;
}

/* Give back the n bytes read last: they are the script after the data. */
static void unread(struct copy_text *ct, size_t n)
{
	if (n > 0 && fseeko(ct->stream, -(off_t)n, SEEK_CUR) != 0) {
		log_error("could not seek in input file: %s", strerror(errno));
		ct->ok = 0;
	}
}

/*
 * Text data from a regular file, read ahead in blocks: the lines are
 * found with memchr() and sent in one PQputCopyData() per block, and what
 * was read after the end marker is given back to the stream (fseeko), so
 * the script goes on right after it.  The state follows only the bytes
 * sent; up to 3 bytes that may begin an end marker wait for the next
 * block.  Returns 0 when a block holds a NUL byte: the stream is then back
 * where the state stands and copy_text_lines() takes over.
 */
static int copy_text_blocks(struct copy_text *ct)
{
	size_t pending = 0;

	while (!ct->done) {
		size_t n = fread(ct->buf + pending, 1, COPY_BLOCK - pending, ct->stream);
		size_t total = pending + n, pos = 0, sent;
		uint64_t lines = 0;

		if (sig_cancel_pressed) {
			ct->cancelled = 1;
			return 1;
		}
		if (n == 0) {
			/* the end of input: a last line without newline is sent as is */
			ct->done = 1;
			send_data(ct, ct->buf, pending);
			return 1;
		}
		if (memchr(ct->buf + pending, '\0', n)) {
			unread(ct, total);
			return 0;
		}
		while (pos < total) {
			const char *line = ct->buf + pos;
			const char *nl = memchr(line, '\n', total - pos);
			size_t len;

			if (!nl)
				break;
			len = (size_t)(nl - line) + 1;
			if (ct->at_line_begin && is_end_marker(line, len))
				ct->done = 1;
			ct->fill = fill_after(ct->fill, len, 1);
			ct->at_line_begin = 1;
			lines++;
			pos += len;
			if (ct->done)
				break;
		}
		sent = pos;
		if (!ct->done && (!ct->at_line_begin || total - pos > 3)) {
			/* a line too long to be the end marker: send what there is */
			ct->fill = fill_after(ct->fill, total - pos, 0);
			ct->at_line_begin = 0;
			sent = total;
		}
		if (sent > 0)
			ct->last = ct->buf[sent - 1];
		count_lines(ct, lines);
		if (!send_data(ct, ct->buf, sent) || ct->done) {
			unread(ct, total - sent);
			return 1;
		}
		pending = total - sent;
		memmove(ct->buf, ct->buf + sent, pending);
	}
	return 1;
}

/*
 * Text data line by line with fgets(), as psql reads it, for a terminal,
 * a pipe and data holding NUL bytes.  What psql would send in several
 * buffers is sent in one block.
 */
static void copy_text_lines(struct copy_text *ct, int showprompt)
{
	size_t pos = 0;		/* bytes in ct->buf not sent yet */

	while (!ct->done) {
		char *got;

		if (ct->at_line_begin && showprompt) {
			fputs(prompt_get(ct->s, PROMPT_COPY, NULL), stdout);
			fflush(stdout);
		}
		got = fgets(ct->buf + pos, (int)(COPYBUFSIZ - ct->fill), ct->stream);
		if (sig_cancel_pressed) {
			ct->cancelled = 1;
			return;
		}
		if (!got) {
			ct->done = 1;
		} else {
			/* a NUL byte ends the piece: psql sees a C string */
			size_t linelen = strlen(got);

			pos += linelen;
			ct->fill += linelen;
			if (linelen > 0)
				ct->last = got[linelen - 1];
			else if (ct->fill == 0)
				ct->last = 0;	/* psql would look before its buffer */
			if (ct->last == '\n') {
				if (ct->at_line_begin && is_end_marker(got, linelen))
					ct->done = 1;
				count_lines(ct, 1);
				ct->at_line_begin = 1;
			} else {
				ct->at_line_begin = 0;
			}
		}
		if (ct->fill >= COPYBUFSIZ - 5)
			ct->fill = 0;
		if (pos > COPY_BLOCK - COPYBUFSIZ || (ct->done && pos > 0)) {
			if (!send_data(ct, ct->buf, pos))
				return;
			pos = 0;
		}
	}
}

/* A regular file, which can be read ahead and given back. */
static int seekable(FILE *stream)
{
	struct stat st;

	return fstat(fileno(stream), &st) == 0 && S_ISREG(st.st_mode) && ftello(stream) >= 0;
}

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
	struct copy_text ct;
	int showprompt = isatty(fileno(stream));

	memset(&ct, 0, sizeof(ct));
	ct.s = s;
	ct.stream = stream;
	ct.buf = xmalloc(COPY_BLOCK);
	ct.at_line_begin = 1;
	ct.ok = 1;
	if (showprompt && !s->quiet)
		puts("Enter data to be copied followed by a newline.\n"
		     "End with a backslash and a period on a line by itself, or an EOF signal.");
	if (binary) {
		if (showprompt) {
			fputs(prompt_get(s, PROMPT_COPY, NULL), stdout);
			fflush(stdout);
		}
		for (;;) {
			size_t n = fread(ct.buf, 1, COPY_BLOCK, stream);

			if (sig_cancel_pressed) {
				ct.cancelled = 1;
				break;
			}
			if (n == 0 || !send_data(&ct, ct.buf, n))
				break;
		}
	} else {
		/*
		 * Reading stops at the "\." line: when the data is inline in a
		 * script, what follows is more script.
		 */
		if (showprompt || !seekable(stream) || !copy_text_blocks(&ct))
			copy_text_lines(&ct, showprompt);
	}
	free(ct.buf);
	if (ct.cancelled) {
		PQputCopyEnd(s->db, "canceled by user");
		ct.ok = 0;
	} else {
		if (ferror(stream))
			ct.ok = 0;
		if (PQputCopyEnd(s->db, ct.ok ? NULL : "aborted because of read failure") <= 0)
			ct.ok = 0;
	}
	/* an interactive session may COPY FROM STDIN again after an EOF */
	clearerr(stream);
	while (*res = PQgetResult(s->db), PQresultStatus(*res) == PGRES_COPY_IN) {
		ct.ok = 0;
		PQclear(*res);
		PQputCopyEnd(s->db, "trying to exit copy mode");
	}
	if (PQresultStatus(*res) != PGRES_COMMAND_OK) {
		log_info("%s", PQerrorMessage(s->db));
		ct.ok = 0;
	}
	return ct.ok;
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
