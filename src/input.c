/* SPDX-License-Identifier: PostgreSQL */
/*
 * input: reading lines, interactively with readline or from a stream, and
 * the history file.  See input.h.  Multi-line history entries are stored
 * with their newlines encoded as \x01, as psql stores them, so that the
 * two history formats read alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "safepg/complete.h"
#include "safepg/exec.h"
#include "safepg/input.h"
#include "safepg/log.h"
#include "safepg/redact.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define NL_IN_HISTORY 0x01

struct input {
	int use_readline;
	int use_history;
	char *histfile;
	int lines_added;
	char *prev_hist;
	/* readline callback state */
	char *rl_line;
	int rl_done;
};

/* readline's callback interface has no user data: one reader per process */
static struct input *active;

int input_uses_readline(const struct session *s)
{
	return s->input && s->input->use_readline;
}

static void encode_history(void)
{
	HIST_ENTRY *cur;

	history_set_pos(0);
	for (cur = current_history(); cur; cur = next_history()) {
		/* readline's entries are writable in practice, as psql assumes */
		for (char *p = (char *)cur->line; *p; p++)
			if (*p == '\n')
				*p = NL_IN_HISTORY;
	}
}

static void decode_history(void)
{
	HIST_ENTRY *cur;

	history_set_pos(0);
	for (cur = current_history(); cur; cur = next_history()) {
		for (char *p = (char *)cur->line; *p; p++)
			if (*p == NL_IN_HISTORY)
				*p = '\n';
	}
}

void input_init(struct session *s, int use_readline)
{
	struct input *in = xcalloc(1, sizeof(*in));
	const char *hist;

	s->input = in;
	if (!use_readline)
		return;
	in->use_readline = 1;
	rl_readline_name = "safepg";
	/* safepg handles SIGINT itself (sig.c); readline only tracks the window size */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	complete_init(s);
	rl_variable_bind("comment-begin", "-- ");
	rl_initialize();
	in->use_history = 1;
	using_history();
	hist = vars_get(s->vars, "HISTFILE");
	if (!hist) {
		const char *env = getenv("SAFEPG_HISTORY");

		if (env && *env)
			hist = env;
	}
	if (hist) {
		in->histfile = xstrdup(hist);
		exec_expand_tilde(&in->histfile);
	} else {
		const char *home = getenv("HOME");

		if (home && *home)
			in->histfile = xasprintf("%s/.safepg_history", home);
	}
	if (in->histfile) {
		read_history(in->histfile);
		decode_history();
	}
}

void input_finish(struct session *s)
{
	struct input *in = s->input;

	if (!in)
		return;
	if (in->use_history && in->histfile && strcmp(in->histfile, "/dev/null") != 0) {
		int max = s->histsize, n, fd;

		encode_history();
		if (max >= 0) {
			n = max - in->lines_added;
			history_truncate_file(in->histfile, n > 0 ? n : 0);
		}
		fd = open(in->histfile, O_CREAT | O_WRONLY, 0600);
		if (fd >= 0)
			close(fd);
		n = (max >= 0 && max < in->lines_added) ? max : in->lines_added;
		if (append_history(n, in->histfile) != 0)
			log_error("could not save history to file \"%s\": %s", in->histfile,
				  strerror(errno));
	}
	free(in->histfile);
	free(in->prev_hist);
	free(in);
	s->input = NULL;
}

/*
 * SIGTERM or SIGHUP at the prompt: give the terminal back as it was, save
 * the history, then die of the same signal, as psql (through readline)
 * does.
 */
static void leave_on_term(struct session *s)
{
	rl_callback_handler_remove();
	rl_deprep_terminal();
	input_finish(s);
	sig_catch_term(0);
	{
		sigset_t term;

		sigemptyset(&term);
		sigaddset(&term, SIGTERM);
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	raise(SIGTERM);
	_exit(128 + SIGTERM);
}

static void on_line(char *line)
{
	active->rl_line = line;
	active->rl_done = 1;
	rl_callback_handler_remove();
}

enum input_status input_read_interactive(struct session *s, const char *prompt,
					 const struct strbuf *query_buf, char **line)
{
	struct input *in = s->input;
	sigset_t block, orig;

	*line = NULL;
	if (!in || !in->use_readline) {
		fputs(prompt, stdout);
		fflush(stdout);
		return input_read_file(stdin, line);
	}
	active = in;
	in->rl_done = 0;
	in->rl_line = NULL;
	complete_set_query_buf(s, query_buf);
	rl_reset_screen_size();
	/*
	 * Ctrl-C, SIGTERM and SIGHUP stay blocked except inside ppoll(), which
	 * unblocks them atomically: a signal that arrives just before the wait
	 * is then seen by the flag check, never lost until the next key.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sig_cancel_pressed = 0;
	rl_callback_handler_install(prompt, on_line);
	/*
	 * readline has the terminal in its own mode now: a SIGTERM or SIGHUP
	 * must restore it before the process goes.
	 */
	sig_catch_term(1);
	while (!in->rl_done) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r;

		if (sig_term_pending)
			leave_on_term(s);
		if (sig_cancel_pressed) {
			/* Ctrl-C at the prompt: drop the line being typed */
			rl_free_line_state();
			rl_callback_sigcleanup();
			rl_callback_handler_remove();
			complete_set_query_buf(s, NULL);
			sig_catch_term(0);
			sigprocmask(SIG_SETMASK, &orig, NULL);
			return INPUT_INTERRUPTED;
		}
		r = ppoll(&pfd, 1, NULL, &orig);
		if (r < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		rl_callback_read_char();
	}
	sig_catch_term(0);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (sig_term_pending)
		leave_on_term(s);
	complete_set_query_buf(s, NULL);
	if (!in->rl_done) {
		rl_callback_handler_remove();
		return INPUT_ERROR;
	}
	if (!in->rl_line)
		return INPUT_EOF;
	*line = in->rl_line;
	return INPUT_LINE;
}

enum input_status input_read_file(FILE *f, char **line)
{
	char chunk[1024];
	struct strbuf sb = STRBUF_INIT;

	*line = NULL;
	for (;;) {
		char *got = fgets(chunk, sizeof(chunk), f);

		if (!got) {
			if (ferror(f)) {
				if (errno == EINTR && sig_cancel_pressed) {
					clearerr(f);
					strbuf_release(&sb);
					return INPUT_INTERRUPTED;
				}
				log_error("could not read from input file: %s", strerror(errno));
				strbuf_release(&sb);
				return INPUT_ERROR;
			}
			break;
		}
		strbuf_addstr(&sb, chunk);
		if (sb.len > 0 && sb.buf[sb.len - 1] == '\n') {
			strbuf_setlen(&sb, sb.len - 1);
			*line = strbuf_detach(&sb, NULL);
			return INPUT_LINE;
		}
	}
	if (sb.len > 0) {
		*line = strbuf_detach(&sb, NULL);
		return INPUT_LINE;
	}
	strbuf_release(&sb);
	return INPUT_EOF;
}

void input_history_append(struct session *s, const char *line, struct strbuf *history_buf)
{
	if (!s->input || !s->input->use_history || !line)
		return;
	strbuf_addstr(history_buf, line);
	if (!line[0] || line[strlen(line) - 1] != '\n')
		strbuf_addch(history_buf, '\n');
}

void input_history_send(struct session *s, struct strbuf *history_buf)
{
	struct input *in = s->input;

	while (history_buf->len > 0 && history_buf->buf[history_buf->len - 1] == '\n')
		strbuf_setlen(history_buf, history_buf->len - 1);
	if (in && in->use_history && history_buf->len > 0) {
		const char *h = history_buf->buf;

		if (((s->histcontrol & HIST_CONTROL_IGNORESPACE) && h[0] == ' ') ||
		    ((s->histcontrol & HIST_CONTROL_IGNOREDUPS) && in->prev_hist &&
		     !strcmp(h, in->prev_hist))) {
			/* ignored, as HISTCONTROL asks */
		} else if (redact_contains_secret(h)) {
			/*
			 * A statement carrying a password (CREATE ROLE ... PASSWORD,
			 * \password, a conninfo with password=) never reaches the
			 * history, neither in memory nor in the file.
			 */
		} else {
			free(in->prev_hist);
			in->prev_hist = xstrdup(h);
			add_history(h);
			in->lines_added++;
		}
	}
	strbuf_reset(history_buf);
}

int input_history_write(struct session *s, const char *fname)
{
	struct input *in = s->input;

	if (!in || !in->use_history) {
		log_error("history is not supported by this installation");
		return 0;
	}
	encode_history();
	if (fname) {
		int r = write_history(fname);

		decode_history();
		if (r != 0) {
			log_error("could not save history to file \"%s\": %s", fname, strerror(r));
			return 0;
		}
		return 1;
	}
	decode_history();
	{
		HIST_ENTRY *cur;

		history_set_pos(0);
		for (cur = current_history(); cur; cur = next_history())
			printf("%s\n", cur->line);
	}
	fflush(stdout);
	return 1;
}
