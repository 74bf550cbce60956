/* SPDX-License-Identifier: PostgreSQL */
/*
 * classify_meta: the verdict on a psql meta-command (see classify.h).
 * Commands that only describe, display or change client settings are read;
 * those that write a local file (\o, \w, \g FILE, \s FILE, \copy ... to,
 * \lo_export) are write; \copy ... from is write into the table; what runs
 * a shell (\!, \o |cmd, \copy ... program) goes to shellcmd; \gexec runs
 * statements the classifier cannot see yet: unknown.  \i and \ir are read
 * here with include_file set: the caller classifies the file's units.  An
 * unknown meta-command is unknown.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/shellcmd.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Meta-commands that change nothing outside safepg's own state. */
static const char *const read_meta[] = {
	"?", "a", "bind", "C", "c", "cd", "connect", "conninfo", "crosstabview", "e", "echo",
	"edit", "ef", "elif", "else", "encoding", "endif", "errverbose", "ev", "f", "gdesc",
	"getenv", "gset", "H", "h", "help", "if", "l", "list", "lo_list", "p", "print", "prompt",
	"pset", "q", "qecho", "quit", "r", "reset", "restrict", "set", "setenv", "sf", "sv",
	"T", "t", "timing", "unrestrict", "unset", "warn", "watch", "x", "z",
};

static int is_read_meta(const char *name)
{
	size_t i;

	/* \d and all its forms (\dt, \dn+, \dS ...) describe. */
	if (name[0] == 'd')
		return 1;
	for (i = 0; i < sizeof(read_meta) / sizeof(read_meta[0]); i++)
		if (!strcmp(read_meta[i], name))
			return 1;
	return 0;
}

static void set_kind(struct verdict *out, const char *name)
{
	struct strbuf kind = STRBUF_INIT;

	strbuf_addf(&kind, "\\%s", name);
	free(out->kind);
	out->kind = strbuf_detach(&kind, NULL);
}

/* A file argument of \o, \w, \g: "|cmd" pipes into a shell command. */
static void output_target(struct classify_ctx *ctx, const char *name, const char *target,
			  struct verdict *out)
{
	struct strbuf why = STRBUF_INIT;

	if (!target || !*target) {
		verdict_set(out, CLASS_READ, NULL, NULL);
	} else if (target[0] == '|') {
		shellcmd_classify(ctx, target + 1, out);
	} else {
		strbuf_addf(&why, "\\%s %s writes the local file %s, overwriting it", name, target, target);
		verdict_set(out, CLASS_WRITE, NULL, why.buf);
		strvec_push(&out->objects, target);
	}
	set_kind(out, name);
	strbuf_release(&why);
}

static int word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !strncasecmp(s, w, len);
}

/*
 * \copy TABLE [(cols)] from|to FILE|stdin|stdout|pstdin|pstdout|program 'cmd' [...]
 * or \copy (query) to ...: the words are scanned at the top level, outside
 * parentheses and quotes.
 */
static void copy_meta(struct classify_ctx *ctx, const char *line, struct verdict *out)
{
	const char *s = line, *query = NULL, *table = NULL, *target = NULL;
	size_t qlen = 0, tlen = 0, targlen = 0;
	int depth = 0, dir = 0;	/* 1 from, 2 to */
	int program = 0, words = 0;
	struct strbuf why = STRBUF_INIT, obj = STRBUF_INIT, cmd = STRBUF_INIT;

	while (*s) {
		const char *w;
		size_t n;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		w = s;
		if (*s == '(') {
			const char *start = s + 1;

			for (depth = 0; *s; s++) {
				if (*s == '\'') {
					for (s++; *s && *s != '\''; s++)
						;
					if (!*s)
						break;
				} else if (*s == '(') {
					depth++;
				} else if (*s == ')' && --depth == 0) {
					break;
				}
			}
			if (!words && !query) {
				query = start;
				qlen = (size_t)(s - start);
			}
			if (*s)
				s++;
			words++;
			continue;
		}
		if (*s == '\'' || *s == '"') {
			char q = *s++;

			w = s;
			while (*s && *s != q)
				s++;
			n = (size_t)(s - w);
			if (*s)
				s++;
		} else {
			while (*s && !isspace((unsigned char)*s) && *s != '(')
				s++;
			n = (size_t)(s - w);
		}
		if (!words && !query) {
			table = w;
			tlen = n;
		} else if (!dir && (word_is(w, n, "from") || word_is(w, n, "to"))) {
			dir = word_is(w, n, "from") ? 1 : 2;
		} else if (dir && !target && !program && word_is(w, n, "program")) {
			program = 1;
		} else if (dir && !target) {
			target = w;
			targlen = n;
		}
		words++;
	}
	if (table)
		strbuf_add(&obj, table, tlen);
	if (query) {
		classify_sql(ctx, query, qlen, out);
		if (class_rank(out->cls) > class_rank(CLASS_READ) && dir == 2)
			strvec_push(&out->reasons, "\\copy (query) runs the query");
	} else {
		verdict_set(out, CLASS_READ, NULL, NULL);
	}
	if (!dir) {
		verdict_note(out, CLASS_UNKNOWN, NULL, "\\copy without FROM or TO");
	} else if (program) {
		struct verdict sh;

		verdict_init(&sh);
		strbuf_add(&cmd, target ? target : "", target ? targlen : 0);
		shellcmd_classify(ctx, cmd.buf, &sh);
		verdict_merge(out, &sh);
		verdict_release(&sh);
		if (dir == 1)
			verdict_note(out, CLASS_WRITE, obj.len ? obj.buf : NULL,
				     "\\copy ... from program adds rows from a local command's output");
	} else if (dir == 1) {
		strbuf_addf(&why, "\\copy ... from adds rows to %s", obj.buf);
		verdict_note(out, CLASS_WRITE, obj.len ? obj.buf : NULL, why.buf);
		if (!target || word_is(target, targlen, "stdin") || word_is(target, targlen, "pstdin"))
			out->copy_from_stdin = 1;
	} else if (target && !word_is(target, targlen, "stdout") &&
		   !word_is(target, targlen, "pstdout")) {
		char *file = xmemdupz(target, targlen);

		strbuf_addf(&why, "\\copy ... to writes the local file %s, overwriting it", file);
		verdict_note(out, CLASS_WRITE, file, why.buf);
		free(file);
	} else if (obj.len) {
		verdict_note(out, CLASS_READ, obj.buf, NULL);
	}
	set_kind(out, "copy");
	out->nstatements = 0;
	strbuf_release(&why);
	strbuf_release(&obj);
	strbuf_release(&cmd);
}

void classify_meta(struct classify_ctx *ctx, const char *name, const char *const *args,
		   size_t nargs, struct verdict *out)
{
	struct strbuf line = STRBUF_INIT;
	const char *arg0 = nargs ? args[0] : NULL;
	size_t i;

	verdict_release(out);
	for (i = 0; i < nargs; i++) {
		if (i)
			strbuf_addch(&line, ' ');
		strbuf_addstr(&line, args[i]);
	}
	if (!strcmp(name, "!")) {
		if (!line.len)
			verdict_set(out, CLASS_UNKNOWN, NULL,
				    "\\! without a command opens an interactive shell");
		else
			shellcmd_classify(ctx, line.buf, out);
		set_kind(out, name);
	} else if (!strcmp(name, "copy")) {
		copy_meta(ctx, line.buf, out);
	} else if (!strcmp(name, "o") || !strcmp(name, "out") || !strcmp(name, "w") ||
		   !strcmp(name, "write") || !strcmp(name, "g") || !strcmp(name, "gx")) {
		/* "\o | cmd" may come as two arguments: the pipe and the command. */
		output_target(ctx, name, line.len ? line.buf : NULL, out);
	} else if (!strcmp(name, "s")) {
		output_target(ctx, name, arg0, out);
	} else if (!strcmp(name, "i") || !strcmp(name, "include") || !strcmp(name, "ir") ||
		   !strcmp(name, "include_relative")) {
		if (!arg0) {
			verdict_set(out, CLASS_UNKNOWN, NULL, "\\i without a file name");
		} else {
			verdict_set(out, CLASS_READ, NULL,
				    "the file's statements are classified one by one");
			strvec_push(&out->objects, arg0);
			out->include_file = 1;
		}
		set_kind(out, name);
	} else if (!strcmp(name, "gexec")) {
		verdict_set(out, CLASS_UNKNOWN, NULL,
			    "\\gexec runs every value of the result as a statement; "
			    "each is classified when it runs");
		set_kind(out, name);
	} else if (!strcmp(name, "lo_export")) {
		verdict_set(out, CLASS_WRITE, NULL, "\\lo_export writes a local file, overwriting it");
		if (nargs >= 2)
			strvec_push(&out->objects, args[1]);
		set_kind(out, name);
	} else if (!strcmp(name, "lo_import")) {
		verdict_set(out, CLASS_WRITE, NULL, "\\lo_import creates a large object");
		set_kind(out, name);
	} else if (!strcmp(name, "lo_unlink")) {
		verdict_set(out, CLASS_DESTRUCTIVE, NULL, "\\lo_unlink deletes a large object");
		if (arg0)
			strvec_push(&out->objects, arg0);
		set_kind(out, name);
	} else if (!strcmp(name, "password")) {
		verdict_set(out, CLASS_WRITE, NULL, "\\password changes a role's password");
		if (arg0)
			strvec_push(&out->objects, arg0);
		set_kind(out, name);
	} else if (is_read_meta(name)) {
		verdict_set(out, CLASS_READ, NULL, NULL);
		set_kind(out, name);
	} else {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "\\%s is a meta-command safepg does not know", name);
		verdict_set(out, CLASS_UNKNOWN, NULL, why.buf);
		set_kind(out, name);
		strbuf_release(&why);
	}
	out->nstatements = 0;
	strbuf_release(&line);
}

void classify_shell_backtick(struct classify_ctx *ctx, const char *cmdline, struct verdict *out)
{
	shellcmd_classify(ctx, cmdline, out);
}
