/* SPDX-License-Identifier: PostgreSQL */
/*
 * prompt: psql's prompt escapes (src/bin/psql/prompt.c) plus safepg's
 * environment escapes.  The expansion is kept in a buffer of the session's
 * lifetime; %w needs the visible width of the last PROMPT1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <readline/readline.h>

#include "safepg/cond.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/prompt.h"
#include "safepg/session.h"
#include "safepg/spawn.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define MAX_PROMPT_SIZE 256

static int is_unixsock_path(const char *p)
{
	return p && (p[0] == '/' || p[0] == '@');
}

static void add_capped(struct strbuf *sb, const char *s)
{
	/* psql builds each escape into a 256-byte buffer: keep its truncation */
	size_t n = strlen(s);

	strbuf_add(sb, s, n > MAX_PROMPT_SIZE ? MAX_PROMPT_SIZE : n);
}

static void add_invisible(struct strbuf *sb, const char *seq)
{
	strbuf_addch(sb, RL_PROMPT_START_IGNORE);
	strbuf_addstr(sb, seq);
	strbuf_addch(sb, RL_PROMPT_END_IGNORE);
}

static void run_backtick(struct strbuf *buf, const char *cmd)
{
	pid_t pid;
	FILE *f = spawn_pipe_open(cmd, "r", &pid);
	char line[MAX_PROMPT_SIZE + 1];

	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		strbuf_addstr(buf, line);
	}
	spawn_pipe_close(f, pid);
}

const char *prompt_get(struct session *s, enum prompt_status status,
		       const struct cond_stack *cs)
{
	const char *ps = "? ";
	const char *p;
	struct strbuf buf = STRBUF_INIT;
	int esc = 0;
	struct strbuf *dest = &s->prompt_buf;

	switch (status) {
	case PROMPT_READY:
		ps = s->prompt1;
		break;
	case PROMPT_CONTINUE:
	case PROMPT_SINGLEQUOTE:
	case PROMPT_DOUBLEQUOTE:
	case PROMPT_DOLLARQUOTE:
	case PROMPT_COMMENT:
	case PROMPT_PAREN:
		ps = s->prompt2;
		break;
	case PROMPT_COPY:
		ps = s->prompt3;
		break;
	case PROMPT_NONE:
	default:
		break;
	}
	if (!ps)
		ps = "";
	strbuf_reset(dest);

	for (p = ps; *p && dest->len < MAX_PROMPT_SIZE; p++) {
		strbuf_reset(&buf);
		if (esc) {
			switch (*p) {
			case '/':
				if (s->db)
					strbuf_addstr(&buf, PQdb(s->db));
				break;
			case '~':
				if (s->db) {
					const char *var = getenv("PGDATABASE");

					if (!strcmp(PQdb(s->db), PQuser(s->db)) ||
					    (var && !strcmp(var, PQdb(s->db))))
						strbuf_addch(&buf, '~');
					else
						strbuf_addstr(&buf, PQdb(s->db));
				}
				break;
			case 'w':
				if (s->db)
					strbuf_addchars(&buf, ' ', s->last_prompt1_width < MAX_PROMPT_SIZE
									   ? s->last_prompt1_width
									   : MAX_PROMPT_SIZE);
				break;
			case 'M':
			case 'm':
				if (s->db) {
					const char *host = PQhost(s->db);

					if (host && host[0] && !is_unixsock_path(host)) {
						if (*p == 'm')
							strbuf_add(&buf, host, strcspn(host, "."));
						else
							strbuf_addstr(&buf, host);
					} else if (!host || !strcmp(host, "/var/run/postgresql") ||
						   *p == 'm') {
						strbuf_addstr(&buf, "[local]");
					} else {
						strbuf_addf(&buf, "[local:%s]", host);
					}
				}
				break;
			case '>':
				if (s->db && PQport(s->db))
					strbuf_addstr(&buf, PQport(s->db));
				break;
			case 'n':
				if (s->db)
					strbuf_addstr(&buf, exec_session_username(s));
				break;
			case 'p':
				if (s->db && PQbackendPID(s->db))
					strbuf_addf(&buf, "%d", PQbackendPID(s->db));
				break;
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7': {
				char *end;
				long c = strtol(p, &end, 8);

				strbuf_addch(&buf, (char)c);
				p = end - 1;
				break;
			}
			case 'R':
				switch (status) {
				case PROMPT_READY:
					if (cs && !cond_active(cs))
						strbuf_addch(&buf, '@');
					else if (!s->db)
						strbuf_addch(&buf, '!');
					else if (!s->singleline)
						strbuf_addch(&buf, '=');
					else
						strbuf_addch(&buf, '^');
					break;
				case PROMPT_CONTINUE:
					strbuf_addch(&buf, '-');
					break;
				case PROMPT_SINGLEQUOTE:
					strbuf_addch(&buf, '\'');
					break;
				case PROMPT_DOUBLEQUOTE:
					strbuf_addch(&buf, '"');
					break;
				case PROMPT_DOLLARQUOTE:
					strbuf_addch(&buf, '$');
					break;
				case PROMPT_COMMENT:
					strbuf_addch(&buf, '*');
					break;
				case PROMPT_PAREN:
					strbuf_addch(&buf, '(');
					break;
				case PROMPT_COPY:
				case PROMPT_NONE:
				default:
					break;
				}
				break;
			case 'x':
				if (!s->db)
					strbuf_addch(&buf, '?');
				else {
					switch (PQtransactionStatus(s->db)) {
					case PQTRANS_IDLE:
						break;
					case PQTRANS_ACTIVE:
					case PQTRANS_INTRANS:
						strbuf_addch(&buf, '*');
						break;
					case PQTRANS_INERROR:
						strbuf_addch(&buf, '!');
						break;
					case PQTRANS_UNKNOWN:
					default:
						strbuf_addch(&buf, '?');
						break;
					}
				}
				break;
			case 'l':
				strbuf_addf(&buf, "%llu", (unsigned long long)s->stmt_lineno);
				break;
			case '?':
				break;
			case '#':
				strbuf_addch(&buf, exec_is_superuser(s) ? '#' : '>');
				break;
			case '`': {
				size_t end = strcspn(p + 1, "`");
				char *cmd = xstrndup(p + 1, end);

				run_backtick(&buf, cmd);
				free(cmd);
				p += end + (p[1 + end] ? 1 : 0);
				break;
			}
			case ':': {
				size_t end = strcspn(p + 1, ":");
				char *name = xstrndup(p + 1, end);
				const char *val = vars_get(s->vars, name);

				if (val)
					strbuf_addstr(&buf, val);
				free(name);
				p += end + (p[1 + end] ? 1 : 0);
				break;
			}
			case '[':
			case ']':
				strbuf_addch(&buf, *p == '[' ? RL_PROMPT_START_IGNORE
							     : RL_PROMPT_END_IGNORE);
				break;
			case 'E': {
				const char *env = guard_env_name(s->guard);

				if (env)
					strbuf_addstr(&buf, env);
				break;
			}
			case 'C': {
				const char *sgr = guard_env_sgr(s->guard);

				if (sgr)
					add_invisible(&buf, sgr);
				break;
			}
			case 'c':
				if (guard_env_sgr(s->guard))
					add_invisible(&buf, "\x1b[0m");
				break;
			default:
				strbuf_addch(&buf, *p);
				break;
			}
			esc = 0;
		} else if (*p == '%') {
			esc = 1;
		} else {
			strbuf_addch(&buf, *p);
			esc = 0;
		}
		if (!esc) {
			add_capped(dest, buf.buf);
			if (dest->len > MAX_PROMPT_SIZE)
				strbuf_setlen(dest, MAX_PROMPT_SIZE);
		}
	}
	strbuf_release(&buf);

	/* the visible width of PROMPT1, for PROMPT2's %w */
	if (ps == s->prompt1) {
		const char *q = dest->buf, *end = dest->buf + dest->len;
		int visible = 1;

		s->last_prompt1_width = 0;
		while (*q) {
			if (*q == RL_PROMPT_START_IGNORE) {
				visible = 0;
				q++;
			} else if (*q == RL_PROMPT_END_IGNORE) {
				visible = 1;
				q++;
			} else {
				int chlen = PQmblen(q, s->encoding);

				if (q + chlen > end)
					break;
				if (visible) {
					int w = PQdsplen(q, s->encoding);

					if (*q == '\n')
						s->last_prompt1_width = 0;
					else if (w > 0)
						s->last_prompt1_width += (size_t)w;
				}
				q += chlen;
			}
		}
	}
	return dest->buf;
}
