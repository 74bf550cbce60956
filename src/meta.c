/* SPDX-License-Identifier: PostgreSQL */
/*
 * meta: backslash meta-commands, a port of psql's HandleSlashCmds and its
 * exec_command_* functions (see meta.h).  Each command lexes its own
 * arguments with the option type psql uses, so that quoting, variables and
 * backquotes behave the same; in an inactive \if branch it still lexes them
 * (to skip the right amount of text) but does nothing.  Shell commands go
 * through the guard before they run.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <libpq-fe.h>

#include "safepg/cond.h"
#include "safepg/conn.h"
#include "safepg/copy.h"
#include "safepg/describe.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/input.h"
#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/print.h"
#include "safepg/pset.h"
#include "safepg/repl.h"
#include "safepg/scan.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/spawn.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* What a command needs: the session, the lexer, the buffers, the branch. */
struct meta_ctx {
	struct session *s;
	struct scan *scan;
	struct cond_stack *cs;
	struct strbuf *query_buf;	/* NULL for -c */
	struct strbuf *previous_buf;	/* NULL for -c */
	const char *cmd;
	int active;			/* the current \if branch is active */
};

/* ---- argument lexing ------------------------------------------------------- */

static char *opt(struct meta_ctx *m, enum slash_option type, int semicolon)
{
	return scan_slash_option(m->scan, type, NULL, semicolon);
}

static void ignore_options(struct meta_ctx *m)
{
	char *arg;

	while ((arg = opt(m, SLASH_OPT_NORMAL, 0)))
		free(arg);
}

static void ignore_filepipe(struct meta_ctx *m)
{
	free(opt(m, SLASH_OPT_FILEPIPE, 0));
}

static void ignore_whole_line(struct meta_ctx *m)
{
	free(opt(m, SLASH_OPT_WHOLE_LINE, 0));
}

static enum meta_result ok_or_error(int success)
{
	return success ? META_SKIP_LINE : META_ERROR;
}

static int missing_argument(struct meta_ctx *m)
{
	log_error("\\%s: missing required argument", m->cmd);
	return 0;
}

/* ---- \if and friends ------------------------------------------------------- */

static struct strbuf gather_boolean_expression(struct meta_ctx *m)
{
	struct strbuf sb = STRBUF_INIT;
	char *value;
	int n = 0;

	while ((value = opt(m, SLASH_OPT_NORMAL, 0))) {
		if (n++ > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, value);
		free(value);
	}
	return sb;
}

static int is_true_boolean_expression(struct meta_ctx *m, const char *name)
{
	struct strbuf sb = gather_boolean_expression(m);
	int value = 0, success = session_parse_bool(sb.buf, name, &value);

	strbuf_release(&sb);
	return success && value;
}

static void ignore_boolean_expression(struct meta_ctx *m)
{
	struct strbuf sb = gather_boolean_expression(m);

	strbuf_release(&sb);
}

static void save_query_text_state(struct meta_ctx *m)
{
	if (m->query_buf)
		cond_set_query_len(m->cs, m->query_buf->len);
	cond_set_paren_depth(m->cs, scan_get_paren_depth(m->scan));
}

/* Throw away the text of a branch that turned out inactive. */
static void discard_query_text(struct meta_ctx *m)
{
	if (m->query_buf) {
		size_t len = cond_get_query_len(m->cs);

		if (len != (size_t)-1 && len <= m->query_buf->len)
			strbuf_setlen(m->query_buf, len);
	}
	scan_set_paren_depth(m->scan, cond_get_paren_depth(m->cs));
}

static enum meta_result cmd_if(struct meta_ctx *m)
{
	if (cond_active(m->cs)) {
		cond_push(m->cs, IFSTATE_TRUE);
		save_query_text_state(m);
		if (!is_true_boolean_expression(m, "\\if expression"))
			cond_poke(m->cs, IFSTATE_FALSE);
	} else {
		cond_push(m->cs, IFSTATE_IGNORED);
		save_query_text_state(m);
		ignore_boolean_expression(m);
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_elif(struct meta_ctx *m)
{
	switch (cond_peek(m->cs)) {
	case IFSTATE_TRUE:
		save_query_text_state(m);
		cond_poke(m->cs, IFSTATE_IGNORED);
		ignore_boolean_expression(m);
		break;
	case IFSTATE_FALSE:
		discard_query_text(m);
		cond_poke(m->cs, IFSTATE_TRUE);
		if (!is_true_boolean_expression(m, "\\elif expression"))
			cond_poke(m->cs, IFSTATE_FALSE);
		break;
	case IFSTATE_IGNORED:
		discard_query_text(m);
		ignore_boolean_expression(m);
		break;
	case IFSTATE_ELSE_TRUE:
	case IFSTATE_ELSE_FALSE:
		log_error("\\elif: cannot occur after \\else");
		return META_ERROR;
	case IFSTATE_NONE:
	default:
		log_error("\\elif: no matching \\if");
		return META_ERROR;
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_else(struct meta_ctx *m)
{
	switch (cond_peek(m->cs)) {
	case IFSTATE_TRUE:
		save_query_text_state(m);
		cond_poke(m->cs, IFSTATE_ELSE_FALSE);
		break;
	case IFSTATE_FALSE:
		discard_query_text(m);
		cond_poke(m->cs, IFSTATE_ELSE_TRUE);
		break;
	case IFSTATE_IGNORED:
		discard_query_text(m);
		cond_poke(m->cs, IFSTATE_ELSE_FALSE);
		break;
	case IFSTATE_ELSE_TRUE:
	case IFSTATE_ELSE_FALSE:
		log_error("\\else: cannot occur after \\else");
		return META_ERROR;
	case IFSTATE_NONE:
	default:
		log_error("\\else: no matching \\if");
		return META_ERROR;
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_endif(struct meta_ctx *m)
{
	switch (cond_peek(m->cs)) {
	case IFSTATE_TRUE:
	case IFSTATE_ELSE_TRUE:
		cond_pop(m->cs);
		break;
	case IFSTATE_FALSE:
	case IFSTATE_IGNORED:
	case IFSTATE_ELSE_FALSE:
		discard_query_text(m);
		cond_pop(m->cs);
		break;
	case IFSTATE_NONE:
	default:
		log_error("\\endif: no matching \\if");
		return META_ERROR;
	}
	return META_SKIP_LINE;
}

/* ---- output settings ------------------------------------------------------- */

/* \a and \H: away from fmt when set to it, else to it (psql's order of names). */
static enum meta_result pset_toggle(struct meta_ctx *m, enum print_format fmt, const char *on,
				    const char *off)
{
	int success = 1;

	if (m->active)
		success = meta_do_pset(m->s, "format", m->s->popt.topt.format != fmt ? on : off,
				       m->s->quiet);
	return ok_or_error(success);
}

/* \C \f \t \T \x: one optional argument handed to \pset. */
static enum meta_result pset_one(struct meta_ctx *m, const char *param, int semicolon)
{
	int success = 1;

	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, semicolon);

		success = meta_do_pset(m->s, param, o, m->s->quiet);
		free(o);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

int meta_do_pset(struct session *s, const char *param, const char *value, int quiet)
{
	char *cause = NULL;

	if (pset_set(&s->popt, param, value, quiet, &cause) == 0)
		return 1;
	log_error("%s", cause);
	free(cause);
	return 0;
}

static enum meta_result cmd_pset(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *o0 = opt(m, SLASH_OPT_NORMAL, 0);
		char *o1 = opt(m, SLASH_OPT_NORMAL, 0);

		if (!o0)
			pset_list(&m->s->popt, stdout);
		else
			success = meta_do_pset(m->s, o0, o1, m->s->quiet);
		free(o0);
		free(o1);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_timing(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 0);

		if (o)
			success = session_parse_bool(o, "\\timing", &m->s->timing);
		else
			m->s->timing = !m->s->timing;
		if (!m->s->quiet)
			puts(m->s->timing ? "Timing is on." : "Timing is off.");
		free(o);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

/* ---- variables and the environment ----------------------------------------- */

static void print_variables(struct session *s)
{
	const char *name, *value;

	for (size_t i = 0; vars_at(s->vars, i, &name, &value); i++) {
		if (value)
			printf("%s = '%s'\n", name, value);
		if (sig_cancel_pressed)
			break;
	}
}

static enum meta_result cmd_set(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *o0 = opt(m, SLASH_OPT_NORMAL, 0);

		if (!o0) {
			print_variables(m->s);
		} else {
			struct strbuf val = STRBUF_INIT;
			char *o;

			/* the value is every further argument, concatenated */
			while ((o = opt(m, SLASH_OPT_NORMAL, 0))) {
				strbuf_addstr(&val, o);
				free(o);
			}
			success = session_set_var(m->s, o0, val.buf);
			strbuf_release(&val);
		}
		free(o0);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_unset(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 0);

		if (!o)
			success = missing_argument(m);
		else
			success = session_set_var(m->s, o, NULL);
		free(o);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_setenv(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *name = opt(m, SLASH_OPT_NORMAL, 0);
		char *val = opt(m, SLASH_OPT_NORMAL, 0);

		if (!name) {
			success = missing_argument(m);
		} else if (strchr(name, '=')) {
			log_error("\\%s: environment variable name must not contain \"=\"", m->cmd);
			success = 0;
		} else if (!val) {
			unsetenv(name);
		} else {
			setenv(name, val, 1);
		}
		free(name);
		free(val);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_getenv(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *var = opt(m, SLASH_OPT_NORMAL, 0);
		char *env = opt(m, SLASH_OPT_NORMAL, 0);

		if (!var || !env) {
			success = missing_argument(m);
		} else {
			const char *v = getenv(env);

			if (v && !session_set_var(m->s, var, v))
				success = 0;
		}
		free(var);
		free(env);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_prompt(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *arg1 = opt(m, SLASH_OPT_NORMAL, 0);
		char *arg2 = opt(m, SLASH_OPT_NORMAL, 0);

		if (!arg1) {
			success = missing_argument(m);
		} else {
			char *text = arg2 ? arg1 : NULL, *var = arg2 ? arg2 : arg1;
			char *result = NULL;
			int canceled = 0;

			if (!m->s->inputfile) {
				result = conn_prompt_tty(text, 1, &canceled);
			} else {
				if (text) {
					fputs(text, stdout);
					fflush(stdout);
				}
				if (input_read_file(stdin, &result) != INPUT_LINE) {
					log_error("\\%s: could not read value for variable", m->cmd);
					success = 0;
				}
			}
			if (canceled || (result && !session_set_var(m->s, var, result)))
				success = 0;
			free(result);
			free(text);
			free(var);
			arg1 = arg2 = NULL;
		}
		free(arg1);
		free(arg2);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

/* ---- printing text --------------------------------------------------------- */

static enum meta_result cmd_echo(struct meta_ctx *m)
{
	if (m->active) {
		FILE *fout = stdout;
		char *value, quoted;
		int no_newline = 0, first = 1;

		if (!strcmp(m->cmd, "qecho"))
			fout = m->s->query_fout;
		else if (!strcmp(m->cmd, "warn"))
			fout = stderr;
		while ((value = scan_slash_option(m->scan, SLASH_OPT_NORMAL, &quoted, 0))) {
			if (first && !no_newline && !quoted && !strcmp(value, "-n")) {
				no_newline = 1;
			} else {
				if (first)
					first = 0;
				else
					fputc(' ', fout);
				fputs(value, fout);
			}
			free(value);
		}
		if (!no_newline)
			fputs("\n", fout);
	} else {
		ignore_options(m);
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_print(struct meta_ctx *m)
{
	if (m->active) {
		if (m->query_buf && m->query_buf->len > 0)
			puts(m->query_buf->buf);
		else if (m->previous_buf && m->previous_buf->len > 0)
			puts(m->previous_buf->buf);
		else if (!m->s->quiet)
			puts("Query buffer is empty.");
		fflush(stdout);
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_reset(struct meta_ctx *m)
{
	if (m->active) {
		if (m->query_buf)
			strbuf_reset(m->query_buf);
		scan_reset(m->scan);
		if (!m->s->quiet)
			puts("Query buffer reset (cleared).");
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_errverbose(struct meta_ctx *m)
{
	if (m->active) {
		if (m->s->last_error_result) {
			char *msg = PQresultVerboseErrorMessage(m->s->last_error_result,
								PQERRORS_VERBOSE,
								PQSHOW_CONTEXT_ALWAYS);

			if (msg) {
				log_error("%s", msg);
				PQfreemem(msg);
			} else {
				puts("out of memory");
			}
		} else {
			puts("There is no previous error.");
		}
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_encoding(struct meta_ctx *m)
{
	if (m->active) {
		char *enc = opt(m, SLASH_OPT_NORMAL, 0);

		if (!enc) {
			puts(pg_encoding_to_char(m->s->encoding));
		} else {
			if (!m->s->db || PQsetClientEncoding(m->s->db, enc) == -1) {
				log_error("%s: invalid encoding name or conversion procedure not found",
					  enc);
			} else {
				m->s->encoding = PQclientEncoding(m->s->db);
				m->s->popt.topt.encoding = m->s->encoding;
				session_set_var(m->s, "ENCODING", pg_encoding_to_char(m->s->encoding));
			}
			free(enc);
		}
	} else {
		ignore_options(m);
	}
	return META_SKIP_LINE;
}

/* ---- sending the query buffer ---------------------------------------------- */

/* \g (opt=val ...): one-shot \pset options. */
static enum meta_result g_options(struct meta_ctx *m, char *first)
{
	int success = 1, found_paren = 0;

	do {
		char *option;
		size_t len;

		if (first) {
			option = first;
		} else {
			option = opt(m, SLASH_OPT_NORMAL, 0);
			if (!option) {
				if (m->active) {
					log_error("\\%s: missing right parenthesis", m->cmd);
					success = 0;
				}
				break;
			}
		}
		len = strlen(option);
		if (len > 0 && option[len - 1] == ')') {
			option[--len] = '\0';
			found_paren = 1;
		}
		if (len > 0 && m->active) {
			char *val = strchr(option, '=');

			if (val)
				*val++ = '\0';
			if (!m->s->gsavepopt) {
				m->s->gsavepopt = xmalloc(sizeof(*m->s->gsavepopt));
				print_query_opt_copy(m->s->gsavepopt, &m->s->popt);
			}
			success &= meta_do_pset(m->s, option, val, 1);
		}
		if (first)
			first = NULL;
		else
			free(option);
	} while (!found_paren);

	if (!success && m->active && m->s->gsavepopt) {
		print_query_opt_release(&m->s->popt);
		m->s->popt = *m->s->gsavepopt;
		FREE_AND_NULL(m->s->gsavepopt);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_g(struct meta_ctx *m)
{
	enum meta_result status = META_SKIP_LINE;
	char *fname = opt(m, SLASH_OPT_FILEPIPE, 0);

	if (fname && fname[0] == '(') {
		status = g_options(m, fname + 1);
		free(fname);
		fname = opt(m, SLASH_OPT_FILEPIPE, 0);
	}
	if (status == META_SKIP_LINE && m->active) {
		if (fname) {
			if (fname[0] == '|' && guard_shell(m->s, fname + 1) != GUARD_PROCEED) {
				free(fname);
				return META_ERROR;
			}
			exec_expand_tilde(&fname);
			free(m->s->gfname);
			m->s->gfname = xstrdup(fname);
		}
		if (!strcmp(m->cmd, "gx")) {
			if (!m->s->gsavepopt) {
				m->s->gsavepopt = xmalloc(sizeof(*m->s->gsavepopt));
				print_query_opt_copy(m->s->gsavepopt, &m->s->popt);
			}
			m->s->popt.topt.expanded = PRINT_EXPANDED_ON;
		}
		status = META_SEND;
	}
	free(fname);
	return status;
}

static enum meta_result cmd_gset(struct meta_ctx *m)
{
	if (!m->active) {
		ignore_options(m);
		return META_SKIP_LINE;
	}
	{
		char *prefix = opt(m, SLASH_OPT_NORMAL, 0);

		free(m->s->gset_prefix);
		m->s->gset_prefix = prefix ? prefix : xstrdup("");
	}
	return META_SEND;
}

static enum meta_result cmd_crosstabview(struct meta_ctx *m)
{
	if (!m->active) {
		ignore_options(m);
		return META_SKIP_LINE;
	}
	for (int i = 0; i < 4; i++) {
		free(m->s->ctv_args[i]);
		m->s->ctv_args[i] = opt(m, SLASH_OPT_NORMAL, 1);
	}
	m->s->crosstab_flag = 1;
	return META_SEND;
}

/* ---- files, the shell, the editor ------------------------------------------ */

static enum meta_result cmd_include(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *fname = opt(m, SLASH_OPT_NORMAL, 1);

		if (!fname) {
			success = missing_argument(m);
		} else {
			int relative = !strcmp(m->cmd, "ir") || !strcmp(m->cmd, "include_relative");

			exec_expand_tilde(&fname);
			success = repl_process_file(m->s, fname, relative) == REPL_EXIT_SUCCESS;
			free(fname);
		}
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_out(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *fname = opt(m, SLASH_OPT_FILEPIPE, 1);

		exec_expand_tilde(&fname);
		if (fname && fname[0] == '|' && guard_shell(m->s, fname + 1) != GUARD_PROCEED)
			success = 0;
		else
			success = session_set_query_fout(m->s, fname);
		free(fname);
	} else {
		ignore_filepipe(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_write(struct meta_ctx *m)
{
	enum meta_result status = META_SKIP_LINE;

	if (!m->active) {
		ignore_filepipe(m);
		return status;
	}
	{
		char *fname = opt(m, SLASH_OPT_FILEPIPE, 1);
		FILE *fd = NULL;
		pid_t pid = 0;

		if (!m->query_buf) {
			log_error("no query buffer");
			status = META_ERROR;
		} else if (!fname) {
			missing_argument(m);
			status = META_ERROR;
		} else {
			exec_expand_tilde(&fname);
			if (fname[0] == '|') {
				if (guard_shell(m->s, fname + 1) == GUARD_PROCEED) {
					sig_pipe_ignore(1);
					fd = spawn_pipe_open(fname + 1, "w", &pid);
				} else {
					errno = EPERM;
				}
			} else {
				fd = fopen(fname, "w");
			}
			if (!fd) {
				log_error("%s: %s", fname, strerror(errno));
				status = META_ERROR;
			}
		}
		if (fd) {
			int result;

			if (m->query_buf && m->query_buf->len > 0)
				fprintf(fd, "%s\n", m->query_buf->buf);
			else if (m->previous_buf && m->previous_buf->len > 0)
				fprintf(fd, "%s\n", m->previous_buf->buf);
			result = pid ? spawn_pipe_close(fd, pid) : fclose(fd);
			if (result == EOF) {
				log_error("%s: %s", fname, strerror(errno));
				status = META_ERROR;
			}
		}
		if (pid)
			sig_pipe_ignore(0);
		free(fname);
	}
	return status;
}

static enum meta_result cmd_shell(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *command = opt(m, SLASH_OPT_WHOLE_LINE, 0);
		char *run;
		int result;

		if (command) {
			run = xstrdup(command);
		} else {
			const char *shell = getenv("SHELL");

			run = xasprintf("exec %s", shell ? shell : "/bin/sh");
		}
		if (guard_shell(m->s, run) != GUARD_PROCEED) {
			success = 0;
		} else {
			fflush(NULL);
			result = spawn_shell(run);
			if (result == 127 || result == -1) {
				log_error("\\!: failed");
				success = 0;
			}
		}
		free(run);
		free(command);
	} else {
		ignore_whole_line(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_cd(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 1);
		const char *dir = o;

		if (!dir) {
			dir = getenv("HOME");
			if (!dir || !*dir) {
				uid_t uid = geteuid();
				struct passwd *pw;

				errno = 0;
				pw = getpwuid(uid);
				if (pw) {
					dir = pw->pw_dir;
				} else {
					log_error("could not get home directory for user ID %ld: %s",
						  (long)uid, errno ? strerror(errno) : "user does not exist");
					success = 0;
				}
			}
		}
		if (success && chdir(dir) < 0) {
			log_error("\\%s: could not change directory to \"%s\": %s", m->cmd, dir,
				  strerror(errno));
			success = 0;
		}
		free(o);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

/* psql's editFile: run the editor on fname, at lineno when > 0. */
static int edit_file(struct session *s, const char *fname, int lineno)
{
	const char *editor = getenv("PSQL_EDITOR"), *lineno_arg = NULL;
	char *command;
	int result;

	if (!editor)
		editor = getenv("EDITOR");
	if (!editor)
		editor = getenv("VISUAL");
	if (!editor)
		editor = "vi";
	if (lineno > 0) {
		lineno_arg = getenv("PSQL_EDITOR_LINENUMBER_ARG");
		if (!lineno_arg)
			lineno_arg = "+";
	}
	if (lineno > 0)
		command = xasprintf("exec %s %s%d '%s'", editor, lineno_arg, lineno, fname);
	else
		command = xasprintf("exec %s '%s'", editor, fname);
	if (guard_shell(s, command) != GUARD_PROCEED) {
		free(command);
		return 0;
	}
	result = spawn_shell(command);
	if (result == -1)
		log_error("could not start editor \"%s\"", editor);
	else if (result == 127)
		log_error("could not start /bin/sh");
	free(command);
	return result == 0;
}

/* psql's do_edit: edit fname, or query_buf through a temporary file. */
static int do_edit(struct session *s, const char *fname_arg, struct strbuf *query_buf,
		   int lineno, int discard_on_quit, int *edited)
{
	char *tmpname = NULL;
	const char *fname = fname_arg;
	struct stat before, after;
	int error = 0;

	if (!fname) {
		const char *tmpdir = getenv("TMPDIR");
		FILE *stream = NULL;
		int fd;

		tmpname = xasprintf("%s/psql.edit.%d.sql", tmpdir ? tmpdir : "/tmp", (int)getpid());
		fname = tmpname;
		fd = open(fname, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd != -1)
			stream = fdopen(fd, "w");
		if (!stream) {
			log_error("could not open temporary file \"%s\": %s", fname, strerror(errno));
			if (fd != -1)
				close(fd);
			error = 1;
		} else {
			struct utimbuf ut;

			if (query_buf->len > 0 && query_buf->buf[query_buf->len - 1] != '\n')
				strbuf_addch(query_buf, '\n');
			if (fwrite(query_buf->buf, 1, query_buf->len, stream) != query_buf->len ||
			    fclose(stream) != 0) {
				log_error("%s: %s", fname, strerror(errno));
				remove(fname);
				error = 1;
			} else {
				/* an unchanged file must be seen as unchanged despite coarse mtimes */
				ut.modtime = ut.actime = time(NULL) - 2;
				(void)utime(fname, &ut);
			}
		}
	}
	if (!error && stat(fname, &before) != 0) {
		log_error("%s: %s", fname, strerror(errno));
		error = 1;
	}
	if (!error)
		error = !edit_file(s, fname, lineno);
	if (!error && stat(fname, &after) != 0) {
		log_error("%s: %s", fname, strerror(errno));
		error = 1;
	}
	if (!error && (before.st_size != after.st_size || before.st_mtime != after.st_mtime)) {
		FILE *stream = fopen(fname, "r");

		if (!stream) {
			log_error("%s: %s", fname, strerror(errno));
			error = 1;
		} else {
			char chunk[4096];
			size_t n;

			strbuf_reset(query_buf);
			while ((n = fread(chunk, 1, sizeof(chunk), stream)) > 0)
				strbuf_add(query_buf, chunk, n);
			if (ferror(stream)) {
				log_error("%s: %s", fname, strerror(errno));
				error = 1;
				strbuf_reset(query_buf);
			} else if (edited) {
				*edited = 1;
			}
			fclose(stream);
		}
	} else if (discard_on_quit) {
		strbuf_reset(query_buf);
	}
	if (tmpname) {
		if (remove(tmpname) == -1 && !error) {
			log_error("%s: %s", tmpname, strerror(errno));
			error = 1;
		}
		free(tmpname);
	}
	return !error;
}

static int copy_previous_query(struct meta_ctx *m)
{
	if (m->query_buf && m->query_buf->len == 0 && m->previous_buf) {
		strbuf_addbuf(m->query_buf, m->previous_buf);
		return 1;
	}
	return 0;
}

static enum meta_result cmd_edit(struct meta_ctx *m)
{
	enum meta_result status = META_SKIP_LINE;
	char *fname = NULL, *ln = NULL;
	int lineno = -1;

	if (!m->active) {
		ignore_options(m);
		return status;
	}
	if (!m->query_buf) {
		log_error("no query buffer");
		return META_ERROR;
	}
	fname = opt(m, SLASH_OPT_NORMAL, 1);
	if (fname) {
		ln = opt(m, SLASH_OPT_NORMAL, 1);
		if (!ln && fname[0] && strspn(fname, "0123456789") == strlen(fname)) {
			ln = fname;
			fname = NULL;
		}
	}
	if (ln) {
		lineno = atoi(ln);
		if (lineno < 1) {
			log_error("invalid line number: %s", ln);
			status = META_ERROR;
		}
	}
	if (status != META_ERROR) {
		int discard;

		exec_expand_tilde(&fname);
		discard = fname ? 1 : copy_previous_query(m);
		status = do_edit(m->s, fname, m->query_buf, lineno, discard, NULL) ? META_NEWEDIT :
										      META_ERROR;
	}
	free(fname);
	free(ln);
	return status;
}

static enum meta_result cmd_watch(struct meta_ctx *m)
{
	int success = 1;

	if (!m->active) {
		ignore_options(m);
		return META_SKIP_LINE;
	}
	{
		char *o = opt(m, SLASH_OPT_NORMAL, 1);
		double sleep_s = 2;
		struct print_query_opt myopt;
		const char *user_title;
		int res = 0;

		if (o) {
			sleep_s = strtod(o, NULL);
			if (sleep_s <= 0)
				sleep_s = 1;
			free(o);
		}
		copy_previous_query(m);
		if (!m->query_buf || m->query_buf->len == 0) {
			log_error("\\watch cannot be used with an empty query");
			success = 0;
			goto done;
		}
		myopt = m->s->popt;
		myopt.topt.pager = PRINT_PAGER_OFF;
		user_title = m->s->popt.title;
		sig_cancel_pressed = 0;
		for (;;) {
			char timebuf[128], *title;
			time_t now = time(NULL);
			struct tm tm;
			struct timespec ts;
			long left_ms = (long)(sleep_s * 1000);

			localtime_r(&now, &tm);
			/* psql's format, two-digit years and all */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-y2k"
			strftime(timebuf, sizeof(timebuf), "%c", &tm);
#pragma GCC diagnostic pop
			if (user_title)
				title = xasprintf("%s\t%s (every %gs)\n", user_title, timebuf, sleep_s);
			else
				title = xasprintf("%s (every %gs)\n", timebuf, sleep_s);
			myopt.title = title;
			res = exec_watch(m->s, m->query_buf->buf, &myopt, NULL);
			free(title);
			if (res <= 0)
				break;
			/* sleep in slices so that Ctrl-C ends the loop at once */
			while (left_ms > 0 && !sig_cancel_pressed) {
				long slice = left_ms < 100 ? left_ms : 100;

				ts.tv_sec = 0;
				ts.tv_nsec = slice * 1000000L;
				nanosleep(&ts, NULL);
				left_ms -= slice;
			}
			if (sig_cancel_pressed)
				break;
		}
		fprintf(stdout, "\n");
		fflush(stdout);
		success = res >= 0;
done:
		if (m->query_buf)
			strbuf_reset(m->query_buf);
		scan_reset(m->scan);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_history(struct meta_ctx *m)
{
	int success = 1;

	if (m->active) {
		char *fname = opt(m, SLASH_OPT_NORMAL, 1);

		exec_expand_tilde(&fname);
		success = input_history_write(m->s, fname);
		if (success && !m->s->quiet && fname)
			printf("Wrote history to file \"%s\".\n", fname);
		if (!fname)
			putchar('\n');
		free(fname);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

/* ---- connection ------------------------------------------------------------ */

/* psql's read_connect_arg: "-" or an empty unquoted argument means "keep". */
static char *read_connect_arg(struct meta_ctx *m)
{
	char quote = 0;
	char *r = scan_slash_option(m->scan, SLASH_OPT_SQLIDHACK, &quote, 1);

	if (!r || quote)
		return r;
	if (!*r || !strcmp(r, "-")) {
		free(r);
		return NULL;
	}
	return r;
}

static enum meta_result cmd_connect(struct meta_ctx *m)
{
	static const char prefix[] = "-reuse-previous=";
	int success = 1;

	if (m->active) {
		enum trivalue reuse = TRIVALUE_DEFAULT;
		char *o1 = read_connect_arg(m), *o2, *o3, *o4;

		if (o1 && !strncmp(o1, prefix, sizeof(prefix) - 1)) {
			int on;

			success = session_parse_bool(o1 + sizeof(prefix) - 1, "-reuse-previous", &on);
			if (success) {
				reuse = on ? TRIVALUE_YES : TRIVALUE_NO;
				free(o1);
				o1 = read_connect_arg(m);
			}
		}
		if (success) {
			o2 = read_connect_arg(m);
			o3 = read_connect_arg(m);
			o4 = read_connect_arg(m);
			success = conn_reconnect(m->s, reuse, o1, o2, o3, o4);
			free(o2);
			free(o3);
			free(o4);
		}
		free(o1);
	} else {
		ignore_options(m);
	}
	return ok_or_error(success);
}

static enum meta_result cmd_password(struct meta_ctx *m)
{
	int success = 1;

	if (!m->active) {
		ignore_options(m);
		return META_SKIP_LINE;
	}
	{
		char *user = opt(m, SLASH_OPT_SQLID, 1);
		char *pw1 = NULL, *pw2 = NULL, *text;
		int canceled = 0;

		if (!user) {
			PGresult *res = exec_hidden(m->s, "SELECT CURRENT_USER");

			if (!res)
				return META_ERROR;
			user = xstrdup(PQgetvalue(res, 0, 0));
			PQclear(res);
		}
		text = xasprintf("Enter new password for user \"%s\": ", user);
		pw1 = conn_prompt_tty(text, 0, &canceled);
		free(text);
		if (pw1 && !canceled)
			pw2 = conn_prompt_tty("Enter it again: ", 0, &canceled);
		if (canceled || !pw1 || !pw2) {
			success = 0;
		} else if (strcmp(pw1, pw2) != 0) {
			log_error("Passwords didn't match.");
			success = 0;
		} else {
			char *enc = PQencryptPasswordConn(m->s->db, pw1, user, NULL);

			if (!enc) {
				log_info("%s", PQerrorMessage(m->s->db));
				success = 0;
			} else {
				char *ident = PQescapeIdentifier(m->s->db, user, strlen(user));
				char *lit = PQescapeLiteral(m->s->db, enc, strlen(enc));
				char *sql = xasprintf("ALTER USER %s PASSWORD %s", ident ? ident : user,
						      lit ? lit : "''");
				PGresult *res = exec_hidden(m->s, sql);

				if (!res)
					success = 0;
				else
					PQclear(res);
				explicit_bzero(sql, strlen(sql));
				free(sql);
				PQfreemem(ident);
				PQfreemem(lit);
				PQfreemem(enc);
			}
		}
		free(user);
		if (pw1) {
			explicit_bzero(pw1, strlen(pw1));
			free(pw1);
		}
		if (pw2) {
			explicit_bzero(pw2, strlen(pw2));
			free(pw2);
		}
	}
	return ok_or_error(success);
}

/* ---- \restrict ------------------------------------------------------------- */

static enum meta_result cmd_restrict(struct meta_ctx *m)
{
	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 1);

		if (!o || !*o) {
			free(o);
			missing_argument(m);
			return META_ERROR;
		}
		free(m->s->restrict_key);
		m->s->restrict_key = o;
	} else {
		ignore_options(m);
	}
	return META_SKIP_LINE;
}

static enum meta_result cmd_unrestrict(struct meta_ctx *m)
{
	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 1);
		enum meta_result r = META_SKIP_LINE;

		if (!o || !*o) {
			missing_argument(m);
			r = META_ERROR;
		} else if (!m->s->restrict_key) {
			log_error("\\%s: not currently in restricted mode", m->cmd);
			r = META_ERROR;
		} else if (!strcmp(o, m->s->restrict_key)) {
			FREE_AND_NULL(m->s->restrict_key);
		} else {
			log_error("\\%s: wrong key", m->cmd);
			r = META_ERROR;
		}
		free(o);
		return r;
	}
	ignore_options(m);
	return META_SKIP_LINE;
}

/* ---- large objects --------------------------------------------------------- */

static enum meta_result cmd_lo(struct meta_ctx *m)
{
	enum meta_result status = META_SKIP_LINE;
	int success = 1;

	if (!m->active) {
		ignore_options(m);
		return status;
	}
	{
		char *o1 = opt(m, SLASH_OPT_NORMAL, 1), *o2 = opt(m, SLASH_OPT_NORMAL, 1);
		const char *sub = m->cmd + 3;

		if (!strcmp(sub, "export")) {
			if (!o2) {
				success = missing_argument(m);
			} else {
				exec_expand_tilde(&o2);
				success = meta_lo_export(m->s, o1, o2);
			}
		} else if (!strcmp(sub, "import")) {
			if (!o1) {
				success = missing_argument(m);
			} else {
				exec_expand_tilde(&o1);
				success = meta_lo_import(m->s, o1, o2);
			}
		} else if (!strcmp(sub, "unlink")) {
			if (!o1)
				success = missing_argument(m);
			else
				success = meta_lo_unlink(m->s, o1);
		} else if (!strcmp(sub, "list") || !strcmp(sub, "list+")) {
			/* psql's listLargeObjects, which \dl also runs */
			success = describe_command(m->s, sub[4] ? "dl+" : "dl", NULL, 0) ==
				  DESCRIBE_OK;
		} else {
			status = META_UNKNOWN;
		}
		free(o1);
		free(o2);
	}
	if (!success)
		status = META_ERROR;
	return status;
}

/* ---- help ------------------------------------------------------------------ */

static enum meta_result cmd_slash_help(struct meta_ctx *m)
{
	if (m->active) {
		char *o = opt(m, SLASH_OPT_NORMAL, 0);

		meta_print_slash_usage(m->s, o);
		free(o);
	} else {
		ignore_options(m);
	}
	return META_SKIP_LINE;
}

/* Commands safepg knows by name but has not ported: reported, never silent. */
static enum meta_result not_supported(struct meta_ctx *m, int whole_line)
{
	if (whole_line)
		ignore_whole_line(m);
	else
		ignore_options(m);
	if (!m->active)
		return META_SKIP_LINE;
	log_error("\\%s: not supported yet", m->cmd);
	return META_ERROR;
}

static int is_describe_command(const char *cmd)
{
	return describe_max_args(cmd) != 0 || !strcmp(cmd, "ef") || !strcmp(cmd, "ev");
}

/*
 * The describe family: lex the arguments as describe_max_args says (psql's
 * OT_NORMAL with semicolons stripped, or the whole line for \sf and \sv),
 * then let describe.c run the command.
 */
static enum meta_result cmd_describe(struct meta_ctx *m)
{
	int max = describe_max_args(m->cmd);
	struct strvec args = STRVEC_INIT;
	enum describe_status st;
	char *arg;

	if (!m->active) {
		if (max == DESCRIBE_ARGS_WHOLE_LINE)
			ignore_whole_line(m);
		else
			ignore_options(m);
		return META_SKIP_LINE;
	}
	if (max == DESCRIBE_ARGS_WHOLE_LINE) {
		arg = opt(m, SLASH_OPT_WHOLE_LINE, 1);
		if (arg)
			strvec_push_nodup(&args, arg);
	} else {
		for (int i = 0; i < max && (arg = opt(m, SLASH_OPT_NORMAL, 1)); i++)
			strvec_push_nodup(&args, arg);
	}
	st = describe_command(m->s, m->cmd, (const char *const *)args.v, args.n);
	strvec_clear(&args);
	switch (st) {
	case DESCRIBE_OK:
		return META_SKIP_LINE;
	case DESCRIBE_UNKNOWN:
		return META_UNKNOWN;
	case DESCRIBE_ERROR:
	case DESCRIBE_STATUS_NONE:
	default:
		return META_ERROR;
	}
}

/* ---- dispatch -------------------------------------------------------------- */

static int is_branching_command(const char *cmd)
{
	return !strcmp(cmd, "if") || !strcmp(cmd, "elif") || !strcmp(cmd, "else") ||
	       !strcmp(cmd, "endif");
}

static enum meta_result exec_command(struct meta_ctx *m)
{
	const char *cmd = m->cmd;
	enum meta_result status;

	if (m->s->cur_cmd_interactive && !m->active && !is_branching_command(cmd))
		log_warning("\\%s command ignored; use \\endif or Ctrl-C to exit current \\if block",
			    cmd);

	if (!strcmp(cmd, "a"))
		status = pset_toggle(m, PRINT_FORMAT_ALIGNED, "aligned", "unaligned");
	else if (!strcmp(cmd, "C"))
		status = pset_one(m, "title", 1);
	else if (!strcmp(cmd, "c") || !strcmp(cmd, "connect"))
		status = cmd_connect(m);
	else if (!strcmp(cmd, "cd"))
		status = cmd_cd(m);
	else if (!strcmp(cmd, "conninfo")) {
		if (m->active)
			conn_print_info(m->s);
		status = META_SKIP_LINE;
	} else if (!strcasecmp(cmd, "copy")) {
		if (m->active) {
			char *args = opt(m, SLASH_OPT_WHOLE_LINE, 0);

			status = ok_or_error(copy_command(m->s, args));
			free(args);
		} else {
			ignore_whole_line(m);
			status = META_SKIP_LINE;
		}
	} else if (!strcmp(cmd, "copyright")) {
		if (m->active)
			meta_print_copyright();
		status = META_SKIP_LINE;
	} else if (!strcmp(cmd, "crosstabview"))
		status = cmd_crosstabview(m);
	else if (!strcmp(cmd, "e") || !strcmp(cmd, "edit"))
		status = cmd_edit(m);
	else if (!strcmp(cmd, "echo") || !strcmp(cmd, "qecho") || !strcmp(cmd, "warn"))
		status = cmd_echo(m);
	else if (!strcmp(cmd, "elif"))
		status = cmd_elif(m);
	else if (!strcmp(cmd, "else"))
		status = cmd_else(m);
	else if (!strcmp(cmd, "endif"))
		status = cmd_endif(m);
	else if (!strcmp(cmd, "encoding"))
		status = cmd_encoding(m);
	else if (!strcmp(cmd, "errverbose"))
		status = cmd_errverbose(m);
	else if (!strcmp(cmd, "f"))
		status = pset_one(m, "fieldsep", 0);
	else if (!strcmp(cmd, "g") || !strcmp(cmd, "gx"))
		status = cmd_g(m);
	else if (!strcmp(cmd, "gdesc")) {
		status = META_SKIP_LINE;
		if (m->active) {
			m->s->gdesc_flag = 1;
			status = META_SEND;
		}
	} else if (!strcmp(cmd, "getenv"))
		status = cmd_getenv(m);
	else if (!strcmp(cmd, "gexec")) {
		status = META_SKIP_LINE;
		if (m->active) {
			m->s->gexec_flag = 1;
			status = META_SEND;
		}
	} else if (!strcmp(cmd, "gset"))
		status = cmd_gset(m);
	else if (!strcmp(cmd, "h") || !strcmp(cmd, "help"))
		status = not_supported(m, 1);
	else if (!strcmp(cmd, "H") || !strcmp(cmd, "html"))
		status = pset_toggle(m, PRINT_FORMAT_HTML, "html", "aligned");
	else if (!strcmp(cmd, "i") || !strcmp(cmd, "include") || !strcmp(cmd, "ir") ||
		 !strcmp(cmd, "include_relative"))
		status = cmd_include(m);
	else if (!strcmp(cmd, "if"))
		status = cmd_if(m);
	else if (!strncmp(cmd, "lo_", 3))
		status = cmd_lo(m);
	else if (!strcmp(cmd, "o") || !strcmp(cmd, "out"))
		status = cmd_out(m);
	else if (!strcmp(cmd, "p") || !strcmp(cmd, "print"))
		status = cmd_print(m);
	else if (!strcmp(cmd, "password"))
		status = cmd_password(m);
	else if (!strcmp(cmd, "prompt"))
		status = cmd_prompt(m);
	else if (!strcmp(cmd, "pset"))
		status = cmd_pset(m);
	else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit"))
		status = m->active ? META_TERMINATE : META_SKIP_LINE;
	else if (!strcmp(cmd, "r") || !strcmp(cmd, "reset"))
		status = cmd_reset(m);
	else if (!strcmp(cmd, "restrict"))
		status = cmd_restrict(m);
	else if (!strcmp(cmd, "s"))
		status = cmd_history(m);
	else if (!strcmp(cmd, "set"))
		status = cmd_set(m);
	else if (!strcmp(cmd, "setenv"))
		status = cmd_setenv(m);
	else if (!strcmp(cmd, "t"))
		status = pset_one(m, "tuples_only", 1);
	else if (!strcmp(cmd, "T"))
		status = pset_one(m, "tableattr", 0);
	else if (!strcmp(cmd, "timing"))
		status = cmd_timing(m);
	else if (!strcmp(cmd, "unrestrict"))
		status = cmd_unrestrict(m);
	else if (!strcmp(cmd, "unset"))
		status = cmd_unset(m);
	else if (!strcmp(cmd, "w") || !strcmp(cmd, "write"))
		status = cmd_write(m);
	else if (!strcmp(cmd, "watch"))
		status = cmd_watch(m);
	else if (!strcmp(cmd, "x"))
		status = pset_one(m, "expanded", 1);
	else if (!strcmp(cmd, "!"))
		status = cmd_shell(m);
	else if (!strcmp(cmd, "?"))
		status = cmd_slash_help(m);
	else if (!strcmp(cmd, "ef") || !strcmp(cmd, "ev"))
		status = not_supported(m, 1);
	else if (is_describe_command(cmd))
		status = cmd_describe(m);
	else
		status = META_UNKNOWN;

	if (status == META_SEND)
		copy_previous_query(m);
	return status;
}

enum meta_result meta_handle(struct session *s, struct scan *scan, struct cond_stack *cs,
			     struct strbuf *query_buf, struct strbuf *previous_buf)
{
	struct meta_ctx m;
	enum meta_result status;
	char *cmd, *arg;

	cmd = scan_slash_command(scan);
	m.s = s;
	m.scan = scan;
	m.cs = cs;
	m.query_buf = query_buf;
	m.previous_buf = previous_buf;
	m.cmd = cmd;
	m.active = cond_active(cs);

	/* after \restrict, only \unrestrict runs (pg_dump's protection) */
	if (s->restrict_key && strcmp(cmd, "unrestrict") != 0) {
		log_error("backslash commands are restricted; only \\unrestrict is allowed");
		status = META_ERROR;
	} else {
		status = exec_command(&m);
	}
	if (status == META_UNKNOWN) {
		log_error("invalid command \\%s", cmd);
		if (s->cur_cmd_interactive)
			log_error_hint("Try \\? for help.");
		status = META_ERROR;
	}
	if (status != META_ERROR) {
		/* extra arguments: warn, without running their backquotes */
		int active = cond_active(cs);

		cond_push(cs, IFSTATE_IGNORED);
		while ((arg = scan_slash_option(scan, SLASH_OPT_NORMAL, NULL, 0))) {
			if (active)
				log_warning("\\%s: extra argument \"%s\" ignored", cmd, arg);
			free(arg);
		}
		cond_pop(cs);
	} else {
		while ((arg = scan_slash_option(scan, SLASH_OPT_WHOLE_LINE, NULL, 0)))
			free(arg);
	}
	scan_slash_command_end(scan);
	free(cmd);
	fflush(s->query_fout);
	return status;
}
