/* SPDX-License-Identifier: PostgreSQL */
/*
 * reader: psql 15's MainLoop (src/bin/psql/mainloop.c) without the effects.
 * It cuts the input into lines as gets_fromFile does, hands each line to the
 * scanner, and turns what psql would do next into units: a ';' sends the
 * query, a backslash starts a meta-command whose arguments are lexed with
 * the option types psql's command.c uses for it, and COPY data is read line
 * by line as copy.c's handleCopyIn reads it.  It runs nothing and does not
 * evaluate \if; see reader.h for what it assumes instead.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "safepg/reader.h"
#include "safepg/scan.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define NO_POS SIZE_MAX
#define DEFAULT_COPY_PIECE ((size_t)64 * 1024)

enum copy_mode { COPY_NONE = 0, COPY_TEXT, COPY_BINARY };

struct reader {
	struct reader_options opt;
	struct scan *scan;
	struct scan *counter;		/* a second lexer that counts statements */

	struct strbuf in;		/* input fed, consumed up to in_pos */
	size_t in_pos;
	size_t no_nl;			/* bytes after in_pos known to hold no newline */
	int eof;
	int done;
	unsigned long lineno;		/* lines read so far */

	struct strbuf line;		/* the line being lexed (scan keeps a pointer) */
	int line_active;
	unsigned long line_no;

	struct strbuf query;		/* psql's query_buf */
	struct strbuf previous;		/* psql's previous_buf */
	size_t added_nl_pos;
	unsigned long q_line, q_col;
	enum prompt_status prompt;

	enum copy_mode copy;
	int copy_line_begin;
	size_t copy_col;		/* bytes of the current data line already handed out */

	int have_pending;
	struct reader_unit pending;	/* a second unit produced by the same step */
};

/* ---------------------------------------------------------------- units */

void reader_unit_init(struct reader_unit *u)
{
	memset(u, 0, sizeof(*u));
	strbuf_init(&u->text, 0);
	strvec_init(&u->args);
}

void reader_unit_release(struct reader_unit *u)
{
	strbuf_release(&u->text);
	strvec_clear(&u->args);
	free(u->name);
	reader_unit_init(u);
}

/* Move src into dst (dst released first); src is left initialised. */
static void unit_move(struct reader_unit *dst, struct reader_unit *src)
{
	reader_unit_release(dst);
	*dst = *src;
	reader_unit_init(src);
}

/* ---------------------------------------------------------------- lifecycle */

void reader_options_init(struct reader_options *o)
{
	memset(o, 0, sizeof(*o));
	o->encoding = SCAN_ENC_UTF8;
	o->std_strings = 1;
	o->copy_piece = DEFAULT_COPY_PIECE;
}

struct reader *reader_new(const struct reader_options *opts)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	struct scan_callbacks cb;

	if (opts)
		r->opt = *opts;
	else
		reader_options_init(&r->opt);
	if (!r->opt.copy_piece)
		r->opt.copy_piece = DEFAULT_COPY_PIECE;
	memset(&cb, 0, sizeof(cb));
	cb.get_variable = r->opt.get_variable;
	cb.diag = r->opt.diag;
	cb.data = r->opt.data;
	/* backquotes are never run here: cb.backtick stays NULL */
	r->scan = scan_new(&cb);
	r->counter = scan_new(NULL);
	strbuf_init(&r->in, 0);
	strbuf_init(&r->line, 0);
	strbuf_init(&r->query, 0);
	strbuf_init(&r->previous, 0);
	r->added_nl_pos = NO_POS;
	r->prompt = PROMPT_READY;
	reader_unit_init(&r->pending);
	return r;
}

void reader_free(struct reader *r)
{
	if (!r)
		return;
	scan_free(r->scan);
	scan_free(r->counter);
	strbuf_release(&r->in);
	strbuf_release(&r->line);
	strbuf_release(&r->query);
	strbuf_release(&r->previous);
	reader_unit_release(&r->pending);
	free(r);
}

void reader_feed(struct reader *r, const void *buf, size_t len)
{
	if (r->eof || !len)
		return;
	/* drop what was consumed: memory stays bounded by what is pending */
	if (r->in_pos) {
		strbuf_remove(&r->in, 0, r->in_pos);
		r->in_pos = 0;
	}
	strbuf_add(&r->in, buf, len);
}

void reader_feed_eof(struct reader *r)
{
	r->eof = 1;
}

void reader_set_std_strings(struct reader *r, int on)
{
	r->opt.std_strings = on ? 1 : 0;
}

unsigned long reader_lineno(const struct reader *r)
{
	return r->lineno;
}

void reader_begin_copy(struct reader *r, int binary)
{
	r->copy = binary ? COPY_BINARY : COPY_TEXT;
	r->copy_line_begin = 1;
	r->copy_col = 0;
}

/* ---------------------------------------------------------------- statements */

/*
 * How many non-empty statements text holds: lex it again and count the
 * pieces between top-level semicolons that hold a token.
 */
static int count_statements(struct reader *r, const struct strbuf *text)
{
	struct strbuf q = STRBUF_INIT;
	size_t pos = 0;
	int n = 0;

	scan_reset(r->counter);
	while (pos < text->len) {
		const char *nl = memchr(text->buf + pos, '\n', text->len - pos);
		size_t end = nl ? (size_t)(nl - text->buf) : text->len;
		enum prompt_status ps;
		enum scan_result res;

		if (q.len > 0)
			strbuf_addch(&q, '\n');
		scan_setup(r->counter, text->buf + pos, end - pos, r->opt.encoding,
			   r->opt.std_strings);
		do {
			res = scan_next(r->counter, &q, &ps);
			if (res == SCAN_SEMICOLON) {
				if (!(q.len == 1 && q.buf[0] == ';'))
					n++;
				strbuf_reset(&q);
			}
		} while (res == SCAN_SEMICOLON || res == SCAN_BACKSLASH);
		scan_finish(r->counter);
		pos = end + 1;
	}
	strbuf_trim(&q);
	if (q.len > 0)
		n++;
	strbuf_release(&q);
	return n;
}

/* Fill u with the query buffer (or, when resend, with text) as an SQL unit. */
static void make_sql(struct reader *r, struct reader_unit *u, enum reader_sql_end end,
		     const struct strbuf *text, int resent, unsigned long line,
		     unsigned long col)
{
	reader_unit_release(u);
	u->kind = READER_UNIT_SQL;
	strbuf_addbuf(&u->text, text);
	u->end = end;
	u->resent = resent;
	u->line = line;
	u->column = col;
	u->prompt = PROMPT_READY;
	u->statements = count_statements(r, &u->text);
}

/* psql sent the query buffer: it becomes previous_buf. */
static void query_sent(struct reader *r)
{
	strbuf_reset(&r->previous);
	strbuf_addbuf(&r->previous, &r->query);
	strbuf_reset(&r->query);
	r->added_nl_pos = NO_POS;
}

/* ---------------------------------------------------------------- meta-commands */

enum meta_flag {
	MF_SEMI = 1 << 0,	/* strip unquoted trailing semicolons */
	MF_SEND = 1 << 1,	/* sends the query buffer (PSQL_CMD_SEND) */
	MF_WATCH = 1 << 2,	/* runs the query buffer, then resets it (\watch) */
	MF_RESET = 1 << 3,	/* empties the query buffer (\r) */
	MF_GOPTS = 1 << 4	/* \g (name=value ...) options before the file */
};

struct meta_rule {
	const char *name;
	enum slash_option first;	/* option type of the first argument */
	unsigned flags;
};

/*
 * The commands psql 15 knows (exec_command) with the option type and
 * semicolon flag of their first argument.  Later arguments are lexed as
 * OT_NORMAL, as psql's own loops and its "extra argument" loop do.
 */
static const struct meta_rule meta_rules[] = {
	{ "!", SLASH_OPT_WHOLE_LINE, 0 },
	{ "?", SLASH_OPT_NORMAL, 0 },
	{ "C", SLASH_OPT_NORMAL, MF_SEMI },
	{ "H", SLASH_OPT_NORMAL, 0 },
	{ "T", SLASH_OPT_NORMAL, 0 },
	{ "a", SLASH_OPT_NORMAL, 0 },
	{ "c", SLASH_OPT_SQLIDHACK, MF_SEMI },
	{ "cd", SLASH_OPT_NORMAL, MF_SEMI },
	{ "connect", SLASH_OPT_SQLIDHACK, MF_SEMI },
	{ "conninfo", SLASH_OPT_NORMAL, 0 },
	{ "copyright", SLASH_OPT_NORMAL, 0 },
	{ "crosstabview", SLASH_OPT_NORMAL, MF_SEMI | MF_SEND },
	{ "e", SLASH_OPT_NORMAL, MF_SEMI },
	{ "echo", SLASH_OPT_NORMAL, 0 },
	{ "edit", SLASH_OPT_NORMAL, MF_SEMI },
	{ "ef", SLASH_OPT_WHOLE_LINE, 0 },
	{ "elif", SLASH_OPT_NORMAL, 0 },
	{ "else", SLASH_OPT_NORMAL, 0 },
	{ "encoding", SLASH_OPT_NORMAL, 0 },
	{ "endif", SLASH_OPT_NORMAL, 0 },
	{ "errverbose", SLASH_OPT_NORMAL, 0 },
	{ "ev", SLASH_OPT_WHOLE_LINE, 0 },
	{ "f", SLASH_OPT_NORMAL, 0 },
	{ "g", SLASH_OPT_FILEPIPE, MF_SEND | MF_GOPTS },
	{ "gdesc", SLASH_OPT_NORMAL, MF_SEND },
	{ "getenv", SLASH_OPT_NORMAL, 0 },
	{ "gexec", SLASH_OPT_NORMAL, MF_SEND },
	{ "gset", SLASH_OPT_NORMAL, MF_SEND },
	{ "gx", SLASH_OPT_FILEPIPE, MF_SEND | MF_GOPTS },
	{ "h", SLASH_OPT_WHOLE_LINE, 0 },
	{ "help", SLASH_OPT_WHOLE_LINE, 0 },
	{ "html", SLASH_OPT_NORMAL, 0 },
	{ "i", SLASH_OPT_NORMAL, MF_SEMI },
	{ "if", SLASH_OPT_NORMAL, 0 },
	{ "include", SLASH_OPT_NORMAL, MF_SEMI },
	{ "include_relative", SLASH_OPT_NORMAL, MF_SEMI },
	{ "ir", SLASH_OPT_NORMAL, MF_SEMI },
	{ "l", SLASH_OPT_NORMAL, MF_SEMI },
	{ "l+", SLASH_OPT_NORMAL, MF_SEMI },
	{ "list", SLASH_OPT_NORMAL, MF_SEMI },
	{ "list+", SLASH_OPT_NORMAL, MF_SEMI },
	{ "o", SLASH_OPT_FILEPIPE, MF_SEMI },
	{ "out", SLASH_OPT_FILEPIPE, MF_SEMI },
	{ "p", SLASH_OPT_NORMAL, 0 },
	{ "password", SLASH_OPT_SQLID, MF_SEMI },
	{ "print", SLASH_OPT_NORMAL, 0 },
	{ "prompt", SLASH_OPT_NORMAL, 0 },
	{ "pset", SLASH_OPT_NORMAL, 0 },
	{ "q", SLASH_OPT_NORMAL, 0 },
	{ "qecho", SLASH_OPT_NORMAL, 0 },
	{ "quit", SLASH_OPT_NORMAL, 0 },
	{ "r", SLASH_OPT_NORMAL, MF_RESET },
	{ "reset", SLASH_OPT_NORMAL, MF_RESET },
	{ "restrict", SLASH_OPT_NORMAL, MF_SEMI },
	{ "s", SLASH_OPT_NORMAL, MF_SEMI },
	{ "set", SLASH_OPT_NORMAL, 0 },
	{ "setenv", SLASH_OPT_NORMAL, 0 },
	{ "sf", SLASH_OPT_WHOLE_LINE, 0 },
	{ "sf+", SLASH_OPT_WHOLE_LINE, 0 },
	{ "sv", SLASH_OPT_WHOLE_LINE, 0 },
	{ "sv+", SLASH_OPT_WHOLE_LINE, 0 },
	{ "t", SLASH_OPT_NORMAL, MF_SEMI },
	{ "timing", SLASH_OPT_NORMAL, 0 },
	{ "unrestrict", SLASH_OPT_NORMAL, MF_SEMI },
	{ "unset", SLASH_OPT_NORMAL, 0 },
	{ "w", SLASH_OPT_FILEPIPE, MF_SEMI },
	{ "warn", SLASH_OPT_NORMAL, 0 },
	{ "watch", SLASH_OPT_NORMAL, MF_SEMI | MF_WATCH },
	{ "write", SLASH_OPT_FILEPIPE, MF_SEMI },
	{ "x", SLASH_OPT_NORMAL, MF_SEMI },
	{ "z", SLASH_OPT_NORMAL, MF_SEMI },
};

static const struct meta_rule copy_rule = { "copy", SLASH_OPT_WHOLE_LINE, 0 };
static const struct meta_rule d_rule = { "d", SLASH_OPT_NORMAL, MF_SEMI };

/* The rule for cmd, or NULL when psql 15 does not know the command. */
static const struct meta_rule *meta_rule(const char *cmd)
{
	size_t i;

	/* psql compares "copy" case-insensitively, and hands every \d... and
	 * \lo_... to a sub-dispatcher; those count as known (see reader.h) */
	if (strcasecmp(cmd, "copy") == 0)
		return &copy_rule;
	if (cmd[0] == 'd' || strncmp(cmd, "lo_", 3) == 0)
		return &d_rule;
	for (i = 0; i < sizeof(meta_rules) / sizeof(meta_rules[0]); i++)
		if (strcmp(cmd, meta_rules[i].name) == 0)
			return &meta_rules[i];
	return NULL;
}

/* ---- \copy argument parsing: just enough of psql's parse_slash_copy */

struct tok {
	const char *p;
	size_t len;
};

static int in_set(const char *set, char c)
{
	return set && c && strchr(set, c);
}

/* One token as psql's strtokx() would return it (quotes kept). */
static int next_token(const char **cur, const char *delim, const char *quote, char escape,
		      int e_strings, struct tok *t)
{
	const char *ws = " \t\n\r";
	const char *s = *cur, *p;

	while (*s && strchr(ws, *s))
		s++;
	if (!*s) {
		*cur = s;
		return 0;
	}
	t->p = s;
	if (in_set(delim, *s)) {
		t->len = 1;
		*cur = s + 1;
		return 1;
	}
	p = s;
	if (e_strings && (*p == 'E' || *p == 'e') && p[1] == '\'') {
		quote = "'";
		p++;
	}
	if (in_set(quote, *p)) {
		char q = *p++;

		while (*p) {
			if (*p == escape && p[1]) {
				p += 2;
			} else if (*p == q && p[1] == q) {
				p += 2;
			} else if (*p == q) {
				p++;
				break;
			} else {
				p++;
			}
		}
		t->len = (size_t)(p - s);
		*cur = p;
		return 1;
	}
	while (*p && !strchr(ws, *p) && !in_set(delim, *p) && !in_set(quote, *p))
		p++;
	t->len = (size_t)(p - s);
	*cur = p;
	return 1;
}

static int tok_is(const struct tok *t, const char *word)
{
	return t->len == strlen(word) && strncasecmp(t->p, word, t->len) == 0;
}

/* 1 when the arguments of \copy say `from stdin` or `from stdout` (data follows in the script). */
static int copy_from_stdin(const char *args, int std_strings)
{
	const char *cur = args;
	struct tok t;
	char nonstd_backslash = std_strings ? 0 : '\\';

	if (!next_token(&cur, ".,()", "\"", 0, 0, &t))
		return 0;
	if (tok_is(&t, "binary") && !next_token(&cur, ".,()", "\"", 0, 0, &t))
		return 0;
	if (t.p[0] == '(') {
		int parens = 1;

		while (parens > 0) {
			if (!next_token(&cur, "()", "\"'", nonstd_backslash, 1, &t))
				return 0;
			if (t.p[0] == '(')
				parens++;
			else if (t.p[0] == ')')
				parens--;
		}
	}
	if (!next_token(&cur, ".,()", "\"", 0, 0, &t))
		return 0;
	if (t.p[0] == '.') {
		if (!next_token(&cur, ".,()", "\"", 0, 0, &t) ||
		    !next_token(&cur, ".,()", "\"", 0, 0, &t))
			return 0;
	}
	if (t.p[0] == '(') {
		do {
			if (!next_token(&cur, "()", "\"", 0, 0, &t))
				return 0;
		} while (t.p[0] != ')');
		if (!next_token(&cur, ".,()", "\"", 0, 0, &t))
			return 0;
	}
	if (!tok_is(&t, "from"))
		return 0;
	if (!next_token(&cur, ";", "'", 0, 0, &t))
		return 0;
	/* psql reads "stdout" here as the command source too (file NULL) */
	return tok_is(&t, "stdin") || tok_is(&t, "stdout");
}

/* The next argument into u->args; 0 when there is none. */
static int take_option(struct reader *r, struct reader_unit *u, enum slash_option type,
		       int semicolon)
{
	char *arg = scan_slash_option(r->scan, type, NULL, semicolon);

	if (!arg)
		return 0;
	strvec_push_nodup(&u->args, arg);
	return 1;
}

/*
 * After SCAN_BACKSLASH: lex the meta-command into u, as HandleSlashCmds
 * and the exec_command_* functions would lex it.  The SQL unit it sends, if
 * any, goes to *sql (kind left NONE otherwise).
 */
static void read_meta(struct reader *r, struct reader_unit *u, struct reader_unit *sql)
{
	const struct meta_rule *rule;
	size_t bs = scan_backslash_offset(r->scan);
	int semi;

	reader_unit_release(u);
	u->kind = READER_UNIT_META;
	u->line = r->line_no;
	u->column = bs + 1;
	strbuf_addch(&u->text, '\\');
	scan_capture(r->scan, &u->text);
	u->name = scan_slash_command(r->scan);
	rule = meta_rule(u->name);
	if (!rule) {
		/* psql: "invalid command", then the rest of the line is thrown away */
		char *rest;

		while ((rest = scan_slash_option(r->scan, SLASH_OPT_WHOLE_LINE, NULL, 0)))
			free(rest);
		scan_capture(r->scan, NULL);
		strbuf_rtrim(&u->text);
		scan_slash_command_end(r->scan);
		return;
	}
	u->known = 1;
	semi = (rule->flags & MF_SEMI) != 0;
	if (take_option(r, u, rule->first, semi) && (rule->flags & MF_GOPTS) &&
	    u->args.v[0][0] == '(') {
		/* \g (name=value ...) file: options up to the one ending in ')' */
		for (;;) {
			const char *last = u->args.v[u->args.n - 1];
			size_t len = strlen(last);

			if (len > 0 && last[len - 1] == ')')
				break;
			if (!take_option(r, u, SLASH_OPT_NORMAL, 0))
				break;
		}
		take_option(r, u, SLASH_OPT_FILEPIPE, 0);
	}
	while (take_option(r, u, SLASH_OPT_NORMAL, semi))
		;
	scan_capture(r->scan, NULL);
	strbuf_rtrim(&u->text);
	scan_slash_command_end(r->scan);

	if (rule == &copy_rule && u->args.n > 0 &&
	    copy_from_stdin(u->args.v[0], r->opt.std_strings))
		u->copy_from_stdin = 1;

	if (rule->flags & (MF_SEND | MF_WATCH)) {
		/* copy_previous_query: an empty buffer runs the previous query again */
		int resent = r->query.len == 0;
		const struct strbuf *text = resent ? &r->previous : &r->query;

		if (text->len > 0)
			make_sql(r, sql, READER_END_META, text, resent,
				 resent ? u->line : r->q_line, resent ? u->column : r->q_col);
		if (rule->flags & MF_SEND) {
			if (resent) {
				/* the previous query stays the previous query */
				strbuf_reset(&r->query);
			} else {
				query_sent(r);
			}
		} else {
			strbuf_reset(&r->query);
		}
		/* psql_scan_reset after a forced send, and after \watch */
		scan_reset(r->scan);
	} else if (rule->flags & MF_RESET) {
		strbuf_reset(&r->query);
		scan_reset(r->scan);
	}
}

/* ---------------------------------------------------------------- COPY data */

/*
 * Hand out COPY data, as handleCopyIn reads it: line by line up to a line
 * that is exactly `\.` (plus \n or \r\n), or to the end of input.  The
 * lines are only looked at to find that line and count them: the bytes
 * taken are copied into the unit at once, into the buffer it already has.
 */
static enum reader_status copy_step(struct reader *r, struct reader_unit *u)
{
	size_t piece = r->opt.copy_piece;
	size_t start = r->in_pos;	/* the unit's bytes: in.buf[start, in_pos) */
	struct strbuf keep = u->text;

	/* a new unit, in the buffer of the previous one */
	strbuf_init(&u->text, 0);
	reader_unit_release(u);
	u->text = keep;
	strbuf_reset(&u->text);
	r->no_nl = 0;
	u->kind = READER_UNIT_COPY_DATA;
	u->line = r->lineno + 1;
	u->column = r->copy_col + 1;
	if (r->copy == COPY_BINARY) {
		size_t avail = r->in.len - r->in_pos;

		if (avail >= piece) {
			strbuf_add(&u->text, r->in.buf + start, piece);
			r->in_pos += piece;
			return READER_UNIT;
		}
		r->in_pos += avail;
		if (r->eof)
			goto finished;	/* the rest of the input, the last piece */
		goto need;
	}
	for (;;) {
		const char *data = r->in.buf + r->in_pos;
		size_t avail = r->in.len - r->in_pos;
		size_t taken = r->in_pos - start;
		const char *nl = memchr(data, '\n', avail);
		size_t take, linelen;
		int whole;

		if (!nl && !r->eof && (avail == 0 || (r->copy_line_begin && avail < 4)))
			goto need;	/* cannot tell a `\.` line yet */
		if (!nl && avail == 0)
			goto finished;	/* end of input */
		linelen = nl ? (size_t)(nl - data) + 1 : avail;
		whole = nl != NULL;
		if (whole && r->copy_line_begin &&
		    ((linelen == 3 && memcmp(data, "\\.\n", 3) == 0) ||
		     (linelen == 4 && memcmp(data, "\\.\r\n", 4) == 0))) {
			strbuf_add(&u->text, r->in.buf + start, taken);
			r->in_pos += linelen;
			r->lineno++;
			u->last = 1;
			u->terminated = 1;
			r->copy = COPY_NONE;
			return READER_UNIT;
		}
		if (taken >= piece)
			break;
		take = linelen;
		if (take > piece - taken) {
			take = piece - taken;
			whole = 0;
		}
		r->in_pos += take;
		if (whole) {
			r->lineno++;
			r->copy_line_begin = 1;
			r->copy_col = 0;
		} else {
			r->copy_line_begin = 0;
			r->copy_col += take;
		}
	}
	strbuf_add(&u->text, r->in.buf + start, r->in_pos - start);
	return READER_UNIT;
need:
	if (r->in_pos > start) {
		/* a piece now, the rest later */
		strbuf_add(&u->text, r->in.buf + start, r->in_pos - start);
		return READER_UNIT;
	}
	u->kind = READER_UNIT_NONE;
	return READER_NEED_INPUT;
finished:
	strbuf_add(&u->text, r->in.buf + start, r->in_pos - start);
	if (!r->copy_line_begin)
		r->lineno++;	/* the last line had no newline */
	u->last = 1;
	u->terminated = 0;
	r->copy = COPY_NONE;
	return READER_UNIT;
}

/* ---------------------------------------------------------------- lines */

/* Set up the next input line; 0 when more input is needed, -1 at the end. */
static int next_line(struct reader *r)
{
	for (;;) {
		const char *data = r->in.buf + r->in_pos;
		size_t avail = r->in.len - r->in_pos;
		const char *nl;
		size_t len, eff;

		/* search only the bytes not searched before: a long line fed in
		 * small chunks must not cost quadratic time */
		nl = memchr(data + r->no_nl, '\n', avail - r->no_nl);
		if (!nl && !r->eof) {
			r->no_nl = avail;
			return 0;
		}
		r->no_nl = 0;
		if (!nl && avail == 0)
			return -1;
		len = nl ? (size_t)(nl - data) : avail;
		strbuf_reset(&r->line);
		strbuf_add(&r->line, data, len);
		r->in_pos += nl ? len + 1 : len;
		r->lineno++;
		r->line_no = r->lineno;
		/* ignore a UTF-8 byte-order mark on the first line, as psql does */
		if (r->lineno == 1 && r->opt.encoding == SCAN_ENC_UTF8 && r->line.len >= 3 &&
		    memcmp(r->line.buf, "\xef\xbb\xbf", 3) == 0) {
			strbuf_remove(&r->line, 0, 3);
		}
		/* psql sees a C string: a NUL byte ends the line */
		eff = strnlen(r->line.buf, r->line.len);
		/* no further processing of empty lines, unless within a literal */
		if (eff == 0 && !scan_in_quote(r->scan))
			continue;
		if (r->query.len > 0) {
			strbuf_addch(&r->query, '\n');
			r->added_nl_pos = r->query.len;
		} else {
			r->added_nl_pos = NO_POS;
		}
		scan_setup(r->scan, r->line.buf, eff, r->opt.encoding, r->opt.std_strings);
		r->line_active = 1;
		return 1;
	}
}

enum reader_status reader_next(struct reader *r, struct reader_unit *u)
{
	if (r->have_pending) {
		unit_move(u, &r->pending);
		r->have_pending = 0;
		return READER_UNIT;
	}
	/* COPY data goes into the buffer u already has */
	if (r->copy != COPY_NONE)
		return copy_step(r, u);
	reader_unit_release(u);
	for (;;) {
		enum scan_result res;
		size_t before;
		int got;

		if (r->copy != COPY_NONE)
			return copy_step(r, u);
		if (r->done)
			return READER_DONE;
		if (!r->line_active) {
			got = next_line(r);
			if (got == 0)
				return READER_NEED_INPUT;
			if (got < 0) {
				r->done = 1;
				if (r->query.len == 0)
					return READER_DONE;
				/* a final query without ';': psql sends it at the end */
				make_sql(r, u, READER_END_EOF, &r->query, 0, r->q_line, r->q_col);
				u->prompt = r->prompt;
				query_sent(r);
				return READER_UNIT;
			}
		}
		before = r->query.len;
		res = scan_next(r->scan, &r->query, &r->prompt);
		if (before == 0 && r->query.len > 0) {
			size_t off = scan_query_start(r->scan);

			r->q_line = r->line_no;
			r->q_col = (off == SCAN_NO_OFFSET ? 0 : off) + 1;
		}
		switch (res) {
		case SCAN_SEMICOLON:
			make_sql(r, u, READER_END_SEMICOLON, &r->query, 0, r->q_line, r->q_col);
			query_sent(r);
			return READER_UNIT;
		case SCAN_BACKSLASH: {
			struct reader_unit sql;

			/* a line holding only a meta-command leaves the query as it was */
			if (r->added_nl_pos != NO_POS && r->query.len == r->added_nl_pos)
				strbuf_setlen(&r->query, r->query.len - 1);
			r->added_nl_pos = NO_POS;
			reader_unit_init(&sql);
			read_meta(r, u, &sql);
			if (sql.kind == READER_UNIT_SQL) {
				/* the query it sends comes first, then the command */
				unit_move(&r->pending, u);
				unit_move(u, &sql);
				r->have_pending = 1;
			}
			reader_unit_release(&sql);
			/* \copy ... from stdin reads its data from the next line on */
			if (u->kind == READER_UNIT_META && u->copy_from_stdin)
				reader_begin_copy(r, 0);
			return READER_UNIT;
		}
		case SCAN_INCOMPLETE:
		case SCAN_EOL:
		case SCAN_RESULT_NONE:
		default:
			scan_finish(r->scan);
			r->line_active = 0;
			break;
		}
	}
}
