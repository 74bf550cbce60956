/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_scan: the lexer's own entry points, as psql's MainLoop and
 * HandleSlashCmds use them: results and prompt states line by line, quoting
 * rules, variables, and the meta-command argument lexer with every option
 * type.  The splitting of whole inputs is tested from data by test_reader.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "safepg/scan.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static char *get_var(const char *name, enum scan_quote quote, void *data)
{
	(void)data;
	if (strcmp(name, "v") != 0 && strcmp(name, "file") != 0)
		return NULL;
	switch (quote) {
	case SCAN_QUOTE_SQL_LITERAL:
		return xstrdup(strcmp(name, "v") == 0 ? "'val'" : "'out.txt'");
	case SCAN_QUOTE_SQL_IDENT:
		return xstrdup("\"val\"");
	case SCAN_QUOTE_SHELL_ARG:
		return xstrdup("'shell'");
	case SCAN_QUOTE_PLAIN:
	case SCAN_QUOTE_NONE:
	default:
		return xstrdup(strcmp(name, "v") == 0 ? "val" : "out.txt");
	}
}

static char *backtick(const char *command, void *data)
{
	(void)data;
	return xasprintf("<%s>", command);
}

static int diag_errors;
static void on_diag(int is_error, const char *message, void *data)
{
	(void)message;
	(void)data;
	if (is_error)
		diag_errors++;
}

/*
 * Lex lines (separated by \n) as MainLoop does, with a newline between
 * lines of one query; returns the queries sent (joined by " | ") and the
 * prompt after the last line in *prompt.
 */
static char *lex_lines(const char *input, int std_strings, enum prompt_status *prompt)
{
	struct scan_callbacks cb = { get_var, NULL, on_diag, NULL };
	struct scan *s = scan_new(&cb);
	struct strbuf q = STRBUF_INIT, sent = STRBUF_INIT;
	const char *p = input;
	enum prompt_status ps = PROMPT_READY;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		enum scan_result res;

		if (q.len > 0)
			strbuf_addch(&q, '\n');
		scan_setup(s, p, len, SCAN_ENC_UTF8, std_strings);
		do {
			res = scan_next(s, &q, &ps);
			if (res == SCAN_SEMICOLON) {
				if (sent.len)
					strbuf_addstr(&sent, " | ");
				strbuf_addbuf(&sent, &q);
				strbuf_reset(&q);
			} else if (res == SCAN_BACKSLASH) {
				char *cmd = scan_slash_command(s);
				char *arg;

				if (sent.len)
					strbuf_addstr(&sent, " | ");
				strbuf_addf(&sent, "\\%s", cmd);
				while ((arg = scan_slash_option(s, SLASH_OPT_NORMAL, NULL, 0))) {
					strbuf_addf(&sent, " [%s]", arg);
					free(arg);
				}
				scan_slash_command_end(s);
				free(cmd);
			}
		} while (res == SCAN_SEMICOLON || res == SCAN_BACKSLASH);
		scan_finish(s);
		p += len + (nl ? 1 : 0);
	}
	if (q.len) {
		if (sent.len)
			strbuf_addstr(&sent, " | ");
		strbuf_addstr(&sent, "EOF:");
		strbuf_addbuf(&sent, &q);
	}
	*prompt = ps;
	strbuf_release(&q);
	scan_free(s);
	return strbuf_detach(&sent, NULL);
}

static void check_lex(const char *input, int std, const char *want, enum prompt_status want_ps,
		      const char *name)
{
	enum prompt_status ps;
	char *got = lex_lines(input, std, &ps);

	is_str(got, want, "%s: units", name);
	is_int(ps, want_ps, "%s: prompt", name);
	free(got);
}

/* The options of one meta-command line: "\cmd" then each option of type. */
static char *slash(const char *line, enum slash_option type, int semicolon, int with_backtick)
{
	struct scan_callbacks cb = { get_var, with_backtick ? backtick : NULL, on_diag, NULL };
	struct scan *s = scan_new(&cb);
	struct strbuf q = STRBUF_INIT, out = STRBUF_INIT;
	enum prompt_status ps;
	enum scan_result res;
	char *cmd, *arg, quote;

	scan_setup(s, line, strlen(line), SCAN_ENC_UTF8, 1);
	res = scan_next(s, &q, &ps);
	if (res != SCAN_BACKSLASH) {
		strbuf_addstr(&out, "no backslash");
		goto done;
	}
	cmd = scan_slash_command(s);
	strbuf_addstr(&out, cmd);
	free(cmd);
	while ((arg = scan_slash_option(s, type, &quote, semicolon))) {
		strbuf_addf(&out, " [%s]", arg);
		if (quote)
			strbuf_addf(&out, "%c", quote);
		free(arg);
	}
	scan_slash_command_end(s);
	/* what SQL follows on the line */
	res = scan_next(s, &q, &ps);
	if (q.len)
		strbuf_addf(&out, " sql{%s}", q.buf);
done:
	scan_finish(s);
	scan_free(s);
	strbuf_release(&q);
	return strbuf_detach(&out, NULL);
}

static void check_slash(const char *line, enum slash_option type, int semi, int bt,
			const char *want, const char *name)
{
	char *got = slash(line, type, semi, bt);

	is_str(got, want, "%s", name);
	free(got);
}

static void test_sql(void)
{
	check_lex("select 1;", 1, "select 1;", PROMPT_READY, "simple");
	check_lex("select 1", 1, "EOF:select 1", PROMPT_CONTINUE, "unfinished");
	check_lex("select 'a\\'; x", 1, "select 'a\\'; | EOF:x", PROMPT_CONTINUE,
		  "std strings on: backslash is a character");
	check_lex("select 'a\\'; x", 0, "EOF:select 'a\\'; x", PROMPT_SINGLEQUOTE,
		  "std strings off: backslash escapes");
	check_lex("select E'a\\'; x", 1, "EOF:select E'a\\'; x", PROMPT_SINGLEQUOTE,
		  "E string escapes");
	check_lex("select e'a''b;'; select 1;", 1, "select e'a''b;'; | select 1;", PROMPT_READY,
		  "doubled quote in E string");
	check_lex("select U&'\\'; x", 1, "select U&'\\'; | EOF:x", PROMPT_CONTINUE,
		  "U& string has no backslash escape");
	check_lex("select U&\"a;", 1, "EOF:select U&\"a;", PROMPT_DOUBLEQUOTE, "U& identifier open");
	check_lex("select b'01;", 1, "EOF:select b'01;", PROMPT_SINGLEQUOTE, "bit string open");
	check_lex("select x'0f;", 1, "EOF:select x'0f;", PROMPT_SINGLEQUOTE, "hex string open");
	check_lex("select n'a;'; select 2;", 1, "select n'a;'; | select 2;", PROMPT_READY,
		  "national string");
	check_lex("select $t$ a; $t$;", 1, "select $t$ a; $t$;", PROMPT_READY, "dollar tag");
	check_lex("select $t$\n$x$;\n$t$;", 1, "select $t$\n$x$;\n$t$;", PROMPT_READY,
		  "dollar quote across lines with another tag inside");
	check_lex("select $t$ a;", 1, "EOF:select $t$ a;", PROMPT_DOLLARQUOTE, "dollar open");
	check_lex("select $a$b$a$;", 1, "select $a$b$a$;", PROMPT_READY, "tag like text");
	check_lex("select /* /* */ ;", 1, "EOF:select /* /* */ ;", PROMPT_COMMENT,
		  "nested comment still open");
	check_lex("select /* /* */ */ 1;", 1, "select /* /* */ */ 1;", PROMPT_READY,
		  "nested comment closed");
	check_lex("-- c\n  select 1;", 1, "select 1;", PROMPT_READY,
		  "leading whitespace and -- comments dropped");
	check_lex("select (1;", 1, "EOF:select (1;", PROMPT_PAREN, "parenthesis open");
	check_lex("select (1;\n);", 1, "select (1;\n);", PROMPT_READY, "parenthesis closed");
	check_lex("select 1);select 2;", 1, "select 1); | select 2;", PROMPT_READY,
		  "extra ) does not go negative");
	check_lex("create function f() begin atomic select 1;", 1,
		  "EOF:create function f() begin atomic select 1;", PROMPT_CONTINUE,
		  "BEGIN ATOMIC open");
	check_lex("create function f() begin atomic select 1; end;", 1,
		  "create function f() begin atomic select 1; end;", PROMPT_READY,
		  "BEGIN ATOMIC closed");
	check_lex("create table t(begin int); select 1;", 1,
		  "create table t(begin int); | select 1;", PROMPT_READY, "begin outside a function");
	check_lex("create function f(a int default (begin)) as 'x'; select 1;", 1,
		  "create function f(a int default (begin)) as 'x'; | select 1;", PROMPT_READY,
		  "begin inside parentheses is not counted");
	check_lex("select 1 \\; select 2;", 1, "select 1 ; select 2;", PROMPT_READY, "\\;");
	check_lex("select 1 \\:v;", 1, "select 1 :v;", PROMPT_READY, "\\: forces a colon");
	check_lex("select :v, :'v', :\"v\", :{?v}, :{?w}, :w;", 1,
		  "select val, 'val', \"val\", TRUE, FALSE, :w;", PROMPT_READY, "variables");
	check_lex("select ':v' /* :v */ \":v\" $$:v$$; -- :v", 1,
		  "select ':v' /* :v */ \":v\" $$:v$$;", PROMPT_READY, "no variables in quotes");
	check_lex("select a::int, b := 1;", 1, "select a::int, b := 1;", PROMPT_READY,
		  "typecast and := are not variables");
	check_lex("\\echo a b \\\\ select 1;", 1, "\\echo [a] [b] | select 1;", PROMPT_READY,
		  "meta-command then SQL");
	check_lex("select 'a'\n'b';", 1, "select 'a'\n'b';", PROMPT_READY,
		  "quote then quote on the next line");
}

static void test_slash(void)
{
	check_slash("\\echo a 'b c' \"d e\" `x y`", SLASH_OPT_NORMAL, 0, 0,
		    "echo [a] [b c]' [\"d e\"]\" [`x y`]`", "normal options, backquotes kept");
	check_slash("\\echo `x :v :'v'`", SLASH_OPT_NORMAL, 0, 1, "echo [<x val 'shell'>]`",
		    "backquote callback with variables");
	check_slash("\\echo 'a\\nb\\x41\\101\\q'", SLASH_OPT_NORMAL, 0, 0,
		    "echo [a\nbAAq]'", "escapes in single quotes");
	check_slash("\\echo :v :'v' :\"v\" :{?v} :w", SLASH_OPT_NORMAL, 0, 0,
		    "echo [val]: ['val']: [\"val\"]: [TRUE] [:w]:", "variables in options");
	check_slash("\\o out.txt;", SLASH_OPT_FILEPIPE, 1, 0, "o [out.txt]", "semicolon stripped");
	check_slash("\\o 'out.txt;'", SLASH_OPT_FILEPIPE, 1, 0, "o [out.txt;]'",
		    "quoted semicolon kept");
	check_slash("\\o out.txt;", SLASH_OPT_FILEPIPE, 0, 0, "o [out.txt;]",
		    "semicolon kept when not asked");
	check_slash("\\o |  cat  -n \\\\ x", SLASH_OPT_FILEPIPE, 0, 0, "o [|  cat  -n \\\\ x]",
		    "filepipe takes the line");
	check_slash("\\! ls -l ; rm 'x' \\\\ y ", SLASH_OPT_WHOLE_LINE, 0, 0,
		    "! [ls -l ; rm 'x' \\\\ y ]", "whole line, leading space dropped");
	check_slash("\\d \"My Table\" Foo", SLASH_OPT_SQLID, 0, 0, "d [My Table]\" [foo]",
		    "SQLID dequotes and downcases");
	check_slash("\\c \"Db\" Foo", SLASH_OPT_SQLIDHACK, 0, 0, "c [Db]\" [Foo]",
		    "SQLIDHACK keeps case");
	check_slash("\\echo a\\\\select 1;", SLASH_OPT_NORMAL, 0, 0, "echo [a] sql{select 1;}",
		    "\\\\ ends the command");
	check_slash("\\echo ''", SLASH_OPT_NORMAL, 0, 0, "echo []'", "empty quoted argument");
	diag_errors = 0;
	check_slash("\\echo 'abc", SLASH_OPT_NORMAL, 0, 0, "echo", "unterminated quote");
	is_int(diag_errors, 1, "unterminated quote reported");
	check_slash("\\set x a:'b c'", SLASH_OPT_NORMAL, 0, 0, "set [x] [a:b c]'",
		    "colon before a quote that is no variable");
}

static void test_misc(void)
{
	char id[] = "\"Ab\"\"C\"De";
	struct scan *s = scan_new(NULL);
	struct strbuf q = STRBUF_INIT;
	enum prompt_status ps;
	/* SJIS: 0x95 0x5C is one character whose second byte is a backslash */
	const char sjis[] = "select '\x95\x5c'; select 2;";

	scan_dequote_downcase_identifier(id, 1, SCAN_ENC_UTF8);
	is_str(id, "Ab\"Cde", "dequote_downcase_identifier");

	scan_setup(s, sjis, strlen(sjis), SCAN_ENC_SJIS, 0);
	is_int(scan_next(s, &q, &ps), SCAN_SEMICOLON, "SJIS: trailing byte is not a backslash");
	is_int(q.len, 12, "SJIS: first statement whole");
	scan_finish(s);
	strbuf_reset(&q);
	scan_reset(s);

	scan_setup(s, "select '", 8, SCAN_ENC_UTF8, 1);
	scan_next(s, &q, &ps);
	is_int(scan_in_quote(s), 1, "in quote");
	scan_finish(s);
	scan_reset(s);
	is_int(scan_in_quote(s), 0, "reset leaves the quote");
	scan_setup(s, "select (", 8, SCAN_ENC_UTF8, 1);
	strbuf_reset(&q);
	scan_next(s, &q, &ps);
	is_int(scan_get_paren_depth(s), 1, "paren depth");
	scan_finish(s);
	scan_free(s);
	strbuf_release(&q);
}

int main(void)
{
	test_sql();
	test_slash();
	test_misc();
	return tap_done();
}
