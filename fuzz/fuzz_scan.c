/* SPDX-License-Identifier: PostgreSQL */
/*
 * fuzz_scan: libFuzzer target for the scanner and the reader.  The first
 * bytes of the input choose the settings (standard_conforming_strings,
 * encoding, COPY piece size, chunk sizes); the rest is fed to the reader in
 * chunks of varying size, with a variable lookup whose values hold quotes,
 * semicolons, backslashes, newlines and a self-reference.  The same bytes
 * are then lexed line by line through scan's own entry points, taking
 * meta-command options of every type, with and without a backquote
 * callback.  Invariants that the reader promises are checked (positions,
 * COPY pieces within their bound, and the same units whether the input
 * comes whole or in small chunks).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/reader.h"
#include "safepg/scan.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const values[][2] = {
	{ "a", "1; select 2" },
	{ "b", "'open" },
	{ "c", "\\echo x \\\\ select :a" },
	{ "d", "x :d y" },
	{ "e", "$$ ; /* " },
	{ "f", "line1\nline2;\n" },
	{ "g", "\"id" },
	{ "h", "" },
};

static char *get_var(const char *name, enum scan_quote quote, void *data)
{
	size_t i;

	(void)data;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (strcmp(name, values[i][0]) != 0)
			continue;
		if (quote == SCAN_QUOTE_SQL_LITERAL || quote == SCAN_QUOTE_SHELL_ARG)
			return xasprintf("'%s'", values[i][1]);
		if (quote == SCAN_QUOTE_SQL_IDENT)
			return xasprintf("\"%s\"", values[i][1]);
		return xstrdup(values[i][1]);
	}
	return NULL;
}

static char *backtick(const char *command, void *data)
{
	(void)data;
	if (command[0] == 'n')
		return NULL;	/* a failing command */
	return xasprintf("[%s]", command);
}

static void on_diag(int is_error, const char *message, void *data)
{
	(void)is_error;
	(void)data;
	if (!message)
		__builtin_trap();
}

static const int encodings[] = { SCAN_ENC_UTF8, SCAN_ENC_SQL_ASCII, SCAN_ENC_LATIN1,
				 SCAN_ENC_SJIS, SCAN_ENC_BIG5, SCAN_ENC_GB18030, 1 /* EUC_JP */ };

/* What a unit says, for comparing two runs (COPY pieces of a block joined). */
static void render(struct strbuf *out, const struct reader_unit *u, int *in_copy)
{
	size_t i;

	if (u->kind == READER_UNIT_COPY_DATA) {
		if (!*in_copy)
			strbuf_addf(out, "C %lu:%lu\n", u->line, u->column);
		strbuf_addbuf(out, &u->text);
		*in_copy = !u->last;
		if (u->last)
			strbuf_addf(out, "\nC end %d\n", u->terminated);
		return;
	}
	strbuf_addf(out, "%d %lu:%lu %d %d %d %s\n", (int)u->kind, u->line, u->column,
		    (int)u->end, u->statements, u->resent, u->name ? u->name : "");
	for (i = 0; i < u->args.n; i++)
		strbuf_addf(out, "[%s]", u->args.v[i]);
	strbuf_addbuf(out, &u->text);
	strbuf_addch(out, '\n');
}

static void run_reader(const uint8_t *data, size_t size, uint8_t flags, uint8_t chunkseed,
		       int whole, struct strbuf *out)
{
	int in_copy = 0;
	struct reader_options o;
	struct reader *r;
	struct reader_unit u;
	enum reader_status st;
	size_t fed = 0, k = 0;
	unsigned long last_line = 0;

	reader_options_init(&o);
	o.std_strings = flags & 1;
	o.encoding = encodings[(flags >> 1) % (sizeof(encodings) / sizeof(encodings[0]))];
	o.copy_piece = whole ? 1 << 20 : (size_t)(flags >> 4) + 1;
	o.get_variable = (flags & 8) ? NULL : get_var;
	o.diag = on_diag;
	r = reader_new(&o);
	reader_unit_init(&u);
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			size_t n = whole ? size : (size_t)((chunkseed * (k + 7)) % 61) + 1;

			k++;
			if (fed >= size) {
				reader_feed_eof(r);
				continue;
			}
			if (n > size - fed)
				n = size - fed;
			reader_feed(r, data + fed, n);
			fed += n;
			continue;
		}
		if (u.kind == READER_UNIT_NONE || u.line == 0 || u.column == 0)
			__builtin_trap();
		if (u.line > reader_lineno(r) + 1)
			__builtin_trap();
		switch (u.kind) {
		case READER_UNIT_SQL:
			if (u.text.len == 0 || u.statements < 0)
				__builtin_trap();
			/* pretend the classifier saw COPY ... FROM STDIN now and then */
			if (u.text.len > 4 && (u.text.buf[0] == 'C' || u.text.buf[0] == 'c'))
				reader_begin_copy(r, u.text.buf[1] == 'B');
			break;
		case READER_UNIT_META:
			if (!u.name || u.text.len == 0 || u.text.buf[0] != '\\')
				__builtin_trap();
			break;
		case READER_UNIT_COPY_DATA:
			if (u.text.len > o.copy_piece)
				__builtin_trap();
			break;
		case READER_UNIT_NONE:
		default:
			__builtin_trap();
		}
		last_line = u.line;
		render(out, &u, &in_copy);
	}
	(void)last_line;
	reader_unit_release(&u);
	reader_free(r);
}

static void run_scan(const uint8_t *data, size_t size, uint8_t flags)
{
	struct scan_callbacks cb = { get_var, (flags & 4) ? backtick : NULL, on_diag, NULL };
	struct scan *s = scan_new(&cb);
	struct strbuf q = STRBUF_INIT;
	size_t pos = 0, opt = 0;
	int enc = encodings[(flags >> 3) % (sizeof(encodings) / sizeof(encodings[0]))];

	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		enum scan_result res;
		enum prompt_status ps;

		if (q.len)
			strbuf_addch(&q, '\n');
		scan_setup(s, (const char *)data + pos, len, enc, flags & 1);
		do {
			res = scan_next(s, &q, &ps);
			if (res == SCAN_SEMICOLON) {
				strbuf_reset(&q);
			} else if (res == SCAN_BACKSLASH) {
				struct strbuf cap = STRBUF_INIT;
				char *cmd, *arg, quote;

				scan_capture(s, &cap);
				cmd = scan_slash_command(s);
				for (;;) {
					enum slash_option type =
						(enum slash_option)(1 + (data[(pos + opt) % size] + opt) % 5);

					opt++;
					arg = scan_slash_option(s, type, &quote, (int)(opt & 1));
					if (!arg)
						break;
					free(arg);
				}
				scan_capture(s, NULL);
				scan_slash_command_end(s);
				if (cmd[0] == 'r')
					scan_reset(s);
				free(cmd);
				strbuf_release(&cap);
			}
		} while (res == SCAN_SEMICOLON || res == SCAN_BACKSLASH);
		scan_finish(s);
		pos += len + (nl ? 1 : 0);
	}
	strbuf_release(&q);
	scan_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags, chunkseed;

	if (size < 2)
		return 0;
	flags = data[0];
	chunkseed = data[1];
	data += 2;
	size -= 2;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	run_reader(data, size, flags, chunkseed, 0, &a);
	run_reader(data, size, flags, chunkseed, 1, &b);
	/* how the input arrives must not change the units */
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
		__builtin_trap();
	strbuf_release(&a);
	strbuf_release(&b);
	run_scan(data, size, flags);
	return 0;
}
