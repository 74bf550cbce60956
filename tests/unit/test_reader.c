/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_reader: the scanner cases as data.  Each tests/data/scan/NAME.sql is
 * split by the reader and compared with NAME.expected, one TAP test per
 * pair.  The input is fed whole, one byte at a time, and in 7-byte chunks
 * with tiny COPY pieces; every way must give the expected units (COPY pieces
 * of one block are joined before comparing, since their bounds depend on how
 * the input arrives).
 *
 * Expected format, one block per unit:
 *   @@ SQL LINE:COL end=semicolon|meta|eof stmts=N [resent] [open=PROMPT]
 *   @@ META LINE:COL NAME [unknown] [copy-from-stdin]
 *   arg: VALUE                      (one line per argument; META only)
 *   @@ COPY LINE:COL [terminated]
 * followed by the unit's text and a newline.  In text and arguments a
 * carriage return is written {CR} and, in arguments, a newline {LF}.
 * Lines starting with "#" before the first block are comments.  A .sql
 * file whose first line is "-- reader: std_strings=off" is read with
 * standard_conforming_strings off.
 *
 * Variables known to the lookup (quoted as psql would for :'x' and :"x"):
 * v=value, tab=orders, semi="1; select 2", rec="x :rec y", q="it's",
 * cmd="\echo from var", multi="a\nb".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tap.h"

#include "safepg/reader.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static const char *const vars[][2] = {
	{ "v", "value" },
	{ "tab", "orders" },
	{ "semi", "1; select 2" },
	{ "rec", "x :rec y" },
	{ "q", "it's" },
	{ "cmd", "\\echo from var" },
	{ "multi", "a\nb" },
};

static char *quote_with(const char *val, char q)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	strbuf_addch(&sb, q);
	for (p = val; *p; p++) {
		if (*p == q)
			strbuf_addch(&sb, q);
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, q);
	return strbuf_detach(&sb, NULL);
}

static char *lookup(const char *name, enum scan_quote quote, void *data)
{
	size_t i;

	(void)data;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if (strcmp(vars[i][0], name) != 0)
			continue;
		switch (quote) {
		case SCAN_QUOTE_SQL_LITERAL:
		case SCAN_QUOTE_SHELL_ARG:
			return quote_with(vars[i][1], '\'');
		case SCAN_QUOTE_SQL_IDENT:
			return quote_with(vars[i][1], '"');
		case SCAN_QUOTE_PLAIN:
		case SCAN_QUOTE_NONE:
		default:
			return xstrdup(vars[i][1]);
		}
	}
	return NULL;
}

static void add_escaped(struct strbuf *out, const char *s, size_t len, int lf)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r')
			strbuf_addstr(out, "{CR}");
		else if (lf && s[i] == '\n')
			strbuf_addstr(out, "{LF}");
		else
			strbuf_addch(out, s[i]);
	}
}

static const char *end_name(enum reader_sql_end e)
{
	switch (e) {
	case READER_END_SEMICOLON:
		return "semicolon";
	case READER_END_META:
		return "meta";
	case READER_END_EOF:
		return "eof";
	case READER_END_NONE:
	default:
		return "none";
	}
}

static const char *prompt_name(enum prompt_status p)
{
	switch (p) {
	case PROMPT_READY:
		return "ready";
	case PROMPT_CONTINUE:
		return "continue";
	case PROMPT_COMMENT:
		return "comment";
	case PROMPT_SINGLEQUOTE:
		return "singlequote";
	case PROMPT_DOUBLEQUOTE:
		return "doublequote";
	case PROMPT_DOLLARQUOTE:
		return "dollarquote";
	case PROMPT_PAREN:
		return "paren";
	case PROMPT_COPY:
		return "copy";
	case PROMPT_NONE:
	default:
		return "none";
	}
}

struct render {
	struct strbuf out;
	int in_copy;		/* the last unit was a COPY piece that was not the last */
	struct strbuf copy_text;
	struct strbuf copy_head;
};

static void render_unit(struct render *rd, const struct reader_unit *u)
{
	size_t i;

	switch (u->kind) {
	case READER_UNIT_SQL:
		strbuf_addf(&rd->out, "@@ SQL %lu:%lu end=%s stmts=%d%s", u->line, u->column,
			    end_name(u->end), u->statements, u->resent ? " resent" : "");
		if (u->end == READER_END_EOF && u->prompt != PROMPT_READY &&
		    u->prompt != PROMPT_CONTINUE)
			strbuf_addf(&rd->out, " open=%s", prompt_name(u->prompt));
		strbuf_addch(&rd->out, '\n');
		add_escaped(&rd->out, u->text.buf, u->text.len, 0);
		strbuf_addch(&rd->out, '\n');
		break;
	case READER_UNIT_META:
		strbuf_addf(&rd->out, "@@ META %lu:%lu %s%s%s\n", u->line, u->column, u->name,
			    u->known ? "" : " unknown",
			    u->copy_from_stdin ? " copy-from-stdin" : "");
		for (i = 0; i < u->args.n; i++) {
			strbuf_addstr(&rd->out, "arg: ");
			add_escaped(&rd->out, u->args.v[i], strlen(u->args.v[i]), 1);
			strbuf_addch(&rd->out, '\n');
		}
		add_escaped(&rd->out, u->text.buf, u->text.len, 0);
		strbuf_addch(&rd->out, '\n');
		break;
	case READER_UNIT_COPY_DATA:
		if (!rd->in_copy) {
			strbuf_reset(&rd->copy_head);
			strbuf_addf(&rd->copy_head, "@@ COPY %lu:%lu", u->line, u->column);
			strbuf_reset(&rd->copy_text);
		}
		strbuf_addbuf(&rd->copy_text, &u->text);
		rd->in_copy = !u->last;
		if (u->last) {
			strbuf_addbuf(&rd->out, &rd->copy_head);
			strbuf_addstr(&rd->out, u->terminated ? " terminated\n" : "\n");
			add_escaped(&rd->out, rd->copy_text.buf, rd->copy_text.len, 0);
			strbuf_addch(&rd->out, '\n');
		}
		break;
	case READER_UNIT_NONE:
	default:
		strbuf_addstr(&rd->out, "@@ NONE\n");
		break;
	}
}

/* Does an SQL unit say COPY ... FROM STDIN?  (a crude stand-in for the classifier) */
static int is_copy_from_stdin(const struct reader_unit *u)
{
	const char *t = u->text.buf;

	return u->kind == READER_UNIT_SQL && strncasecmp(t, "copy", 4) == 0 &&
	       (strstr(t, "from stdin") || strstr(t, "FROM STDIN") || strstr(t, "FROM stdin"));
}

/* Split input fed in chunks of chunk bytes (0: all at once). */
static void split(const struct strbuf *in, size_t chunk, size_t piece, struct strbuf *out)
{
	struct reader_options o;
	struct reader *r;
	struct reader_unit u;
	struct render rd = { STRBUF_INIT, 0, STRBUF_INIT, STRBUF_INIT };
	size_t fed = 0;
	enum reader_status st;

	reader_options_init(&o);
	if (in->len >= 10 && memcmp(in->buf, "-- reader:", 10) == 0) {
		const char *nl = memchr(in->buf, '\n', in->len);
		char *opts = xmemdupz(in->buf, nl ? (size_t)(nl - in->buf) : in->len);

		if (strstr(opts, "std_strings=off"))
			o.std_strings = 0;
		free(opts);
	}
	o.get_variable = lookup;
	o.copy_piece = piece;
	r = reader_new(&o);
	reader_unit_init(&u);
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			size_t n = chunk ? chunk : in->len;

			if (fed >= in->len) {
				reader_feed_eof(r);
				continue;
			}
			if (n > in->len - fed)
				n = in->len - fed;
			reader_feed(r, in->buf + fed, n);
			fed += n;
			continue;
		}
		if (is_copy_from_stdin(&u))
			reader_begin_copy(r, strstr(u.text.buf, "binary") != NULL);
		render_unit(&rd, &u);
	}
	if (rd.in_copy)
		strbuf_addstr(&rd.out, "@@ COPY without a last piece\n");
	reader_unit_release(&u);
	reader_free(r);
	strbuf_reset(out);
	strbuf_addbuf(out, &rd.out);
	strbuf_release(&rd.out);
	strbuf_release(&rd.copy_text);
	strbuf_release(&rd.copy_head);
}

static int read_file(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t n;

	if (!f)
		return -1;
	strbuf_reset(sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	fclose(f);
	return 0;
}

/* The expected text without its leading comment lines. */
static void strip_comments(struct strbuf *sb)
{
	size_t pos = 0;

	while (pos < sb->len && sb->buf[pos] == '#') {
		const char *nl = memchr(sb->buf + pos, '\n', sb->len - pos);

		pos = nl ? (size_t)(nl - sb->buf) + 1 : sb->len;
	}
	strbuf_remove(sb, 0, pos);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_case(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT, in = STRBUF_INIT, want = STRBUF_INIT;
	struct strbuf got = STRBUF_INIT, alt = STRBUF_INIT;
	static const size_t chunks[][2] = { { 1, 0 }, { 7, 5 }, { 64, 1 } };
	size_t i;
	int good;

	strbuf_addf(&path, "%s/%s.sql", dir, name);
	if (read_file(path.buf, &in) < 0) {
		ok(0, "%s: cannot read %s", name, path.buf);
		goto out;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s.expected", dir, name);
	if (read_file(path.buf, &want) < 0) {
		ok(0, "%s: cannot read %s", name, path.buf);
		goto out;
	}
	strip_comments(&want);
	split(&in, 0, 0, &got);
	good = strcmp(got.buf, want.buf) == 0;
	if (!good) {
		ok(0, "%s", name);
		diag("expected:\n%s\ngot:\n%s", want.buf, got.buf);
		goto out;
	}
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		split(&in, chunks[i][0], chunks[i][1], &alt);
		if (strcmp(alt.buf, got.buf) != 0) {
			ok(0, "%s (fed in %zu-byte chunks)", name, chunks[i][0]);
			diag("expected:\n%s\ngot:\n%s", want.buf, alt.buf);
			goto out;
		}
	}
	ok(1, "%s", name);
out:
	strbuf_release(&path);
	strbuf_release(&in);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&alt);
}

/* A 24 MB COPY block fed in 64 KiB chunks: pieces stay within their bound. */
static void test_big_copy(void)
{
	struct reader_options o;
	struct reader *r;
	struct reader_unit u;
	struct strbuf chunk = STRBUF_INIT;
	enum reader_status st;
	size_t lines = 0, total = 0, biggest = 0, pieces = 0, nsql = 0;
	const size_t want_lines = 200000;
	int terminated = 0, fed_end = 0;
	const char *line = "12345\tsome text; with 'quotes' and $$ and \\. inside\t"
			   "0123456789012345678901234567890123456789012345678901234567890123\n";

	reader_options_init(&o);
	o.copy_piece = 4096;
	r = reader_new(&o);
	reader_unit_init(&u);
	reader_feed(r, "COPY t FROM STDIN;\n", 19);
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			if (fed_end) {
				reader_feed_eof(r);
				continue;
			}
			strbuf_reset(&chunk);
			while (chunk.len < 65536 && lines < want_lines) {
				strbuf_addstr(&chunk, line);
				lines++;
			}
			if (lines == want_lines) {
				strbuf_addstr(&chunk, "\\.\nselect 1;\n");
				fed_end = 1;
			}
			reader_feed(r, chunk.buf, chunk.len);
			continue;
		}
		if (u.kind == READER_UNIT_SQL) {
			nsql++;
			if (nsql == 1)
				reader_begin_copy(r, 0);
		} else if (u.kind == READER_UNIT_COPY_DATA) {
			pieces++;
			total += u.text.len;
			if (u.text.len > biggest)
				biggest = u.text.len;
			if (u.last)
				terminated = u.terminated;
		}
	}
	ok(biggest <= 4096 && pieces >= want_lines * strlen(line) / 4096,
	   "big COPY: %zu pieces, none over 4096 bytes (biggest %zu)", pieces, biggest);
	is_int(total, want_lines * strlen(line), "big COPY: every data byte handed out once");
	ok(terminated && nsql == 2, "big COPY: ended by \\. and followed by the next statement");
	is_int(reader_lineno(r), want_lines + 3, "big COPY: line count");
	is_int(reader_next(r, &u), READER_DONE, "DONE stays DONE");
	reader_unit_release(&u);
	reader_free(r);
	strbuf_release(&chunk);
}

/* standard_conforming_strings switched by the caller between units. */
static void test_std_strings_switch(void)
{
	struct reader *r = reader_new(NULL);
	struct reader_unit u;
	const char *in = "select 'a\\'; select 1;\nselect 'a\\'; select 2;';\n";
	int n = 0;

	reader_unit_init(&u);
	reader_feed(r, in, strlen(in));
	reader_feed_eof(r);
	while (reader_next(r, &u) == READER_UNIT) {
		n++;
		if (n == 2)
			reader_set_std_strings(r, 0);
		if (n == 3)
			is_str(u.text.buf, "select 'a\\'; select 2;';",
			       "std strings off after the switch: one statement");
	}
	is_int(n, 3, "std strings switch: three units");
	reader_unit_release(&u);
	reader_free(r);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("SAFEPG_SCAN_DATA");
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;

	if (argc == 2) {
		/* print the units of one file, to inspect (never to make .expected) */
		struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;

		if (read_file(argv[1], &in) < 0)
			return 1;
		split(&in, 0, 0, &out);
		fputs(out.buf, stdout);
		strbuf_release(&in);
		strbuf_release(&out);
		return 0;
	}
	if (!dir)
		dir = "../data/scan";
	d = opendir(dir);
	if (!d) {
		dir = "tests/data/scan";
		d = opendir(dir);
	}
	if (!d) {
		ok(0, "open the scanner cases directory");
		return tap_done();
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0) {
			ALLOC_GROW(names, n + 1, alloc);
			names[n++] = xstrndup(de->d_name, len - 4);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		run_case(dir, names[i]);
		free(names[i]);
	}
	free(names);
	ok(n >= 30, "at least 30 scanner cases (%zu)", n);
	test_big_copy();
	test_std_strings_switch();
	return tap_done();
}
