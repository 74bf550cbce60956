/* SPDX-License-Identifier: PostgreSQL */
/*
 * shellcmd: the verdict on a shell command line (see shellcmd.h).  A small
 * sh-like splitter turns the line into simple commands of unquoted words,
 * then each command's program is looked up in a table of what it does.
 * Not a shell: no expansion of variables, globs or aliases.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/pgtool.h"
#include "safepg/shellcmd.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Nested sh -c / $(...) deeper than this is unknown. */
#define SHELL_NEST_MAX 8

struct shellrun {
	struct classify_ctx *ctx;
	struct verdict *out;
	unsigned nest;
};

static void classify_line(struct shellrun *run, const char *line, size_t len);

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Record one simple command's verdict, as the riskiest so far or not. */
static void note_cmd(struct shellrun *run, enum sp_class cls, const char *prog, const char *object,
		     const char *reason)
{
	struct verdict v;
	struct strbuf kind = STRBUF_INIT;

	verdict_init(&v);
	strbuf_addf(&kind, "shell: %s", prog);
	verdict_set(&v, cls, kind.buf, reason);
	if (object)
		strvec_push(&v.objects, object);
	verdict_merge(run->out, &v);
	verdict_release(&v);
	strbuf_release(&kind);
}

/* ---- options ---- */

struct args {
	struct strvec flags;	/* "c", "clean", "d=shop", "dbname=shop" */
	struct strvec pos;	/* positional arguments */
};

/*
 * getopt-like: short options in with_arg take a value (attached or next
 * word); long options named in long_arg take the next word when not
 * written with '='.  "--" ends the options.
 */
static void parse_args(char **w, size_t n, const char *with_arg, const char *const *long_arg,
		       struct args *a)
{
	size_t i, k;
	int done = 0;

	strvec_init(&a->flags);
	strvec_init(&a->pos);
	for (i = 0; i < n; i++) {
		const char *s = w[i];

		if (done || s[0] != '-' || !s[1]) {
			strvec_push(&a->pos, s);
		} else if (!strcmp(s, "--")) {
			done = 1;
		} else if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');
			int takes = 0;

			if (!eq)
				for (k = 0; long_arg && long_arg[k]; k++)
					if (!strcmp(s + 2, long_arg[k]))
						takes = 1;
			if (takes && i + 1 < n)
				strvec_pushf(&a->flags, "%s=%s", s + 2, w[++i]);
			else
				strvec_push(&a->flags, s + 2);
		} else {
			for (k = 1; s[k]; k++) {
				if (with_arg && strchr(with_arg, s[k])) {
					if (s[k + 1])
						strvec_pushf(&a->flags, "%c=%s", s[k], s + k + 1);
					else if (i + 1 < n)
						strvec_pushf(&a->flags, "%c=%s", s[k], w[++i]);
					else
						strvec_pushf(&a->flags, "%c", s[k]);
					break;
				}
				strvec_pushf(&a->flags, "%c", s[k]);
			}
		}
	}
}

static void args_release(struct args *a)
{
	strvec_clear(&a->flags);
	strvec_clear(&a->pos);
}

/* The flag's value ("d" finds "d=shop": "shop"), "" when given without one, or NULL. */
static const char *flag(const struct args *a, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < a->flags.n; i++) {
		const char *f = a->flags.v[i];

		if (!strncmp(f, name, n) && (f[n] == '=' || !f[n]))
			return f[n] == '=' ? f + n + 1 : "";
	}
	return NULL;
}

/* ---- programs ---- */

static const char *const read_programs[] = {
	"[", "basename", "cal", "cat", "cksum", "clear", "cmp", "column", "comm", "cut", "date",
	"df", "diff", "dirname", "du", "echo", "egrep", "expr", "false", "fgrep", "file",
	"free", "grep", "groups", "head", "hexdump", "history", "host", "hostname", "id",
	"less", "ls", "md5sum", "more", "nl", "od", "pg_config", "pg_controldata",
	"pg_isready", "pg_waldump", "pgrep", "ping", "printenv", "printf", "ps", "pwd",
	"readlink", "realpath", "rev", "seq", "sha1sum", "sha256sum", "sha512sum", "sleep",
	"sort", "stat", "tac", "tail", "test", "top", "tr", "tree", "true", "tty", "type",
	"uname", "uniq", "uptime", "w", "wc", "which", "who", "whoami", "xxd", "zcat",
};

static const char *const write_programs[] = {
	"chgrp", "chmod", "chown", "clusterdb", "cp", "createdb", "createlang", "createuser",
	"gzip", "initdb", "install", "ln", "mkdir", "mktemp", "pg_basebackup", "reindexdb",
	"tar", "tee", "touch", "vacuumdb", "vacuumlo",
};

static int in_list(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

#define IN(list, name) in_list((list), sizeof(list) / sizeof((list)[0]), (name))

static const char *const psql_long_arg[] = {
	"command", "dbname", "file", "host", "log-file", "output", "port", "pset", "set",
	"username", "variable", "field-separator", "record-separator", NULL,
};

static void psql_like(struct shellrun *run, const char *prog, char **w, size_t n)
{
	struct args a;
	size_t i;
	int sql = 0;

	parse_args(w, n, "cdfhLopPRUvF", psql_long_arg, &a);
	for (i = 0; i < a.flags.n; i++) {
		const char *f = a.flags.v[i], *text = NULL;

		if (!strncmp(f, "c=", 2))
			text = f + 2;
		else if (!strncmp(f, "command=", 8))
			text = f + 8;
		if (text) {
			struct verdict v;
			struct strbuf kind = STRBUF_INIT;

			verdict_init(&v);
			classify_sql(run->ctx, text, strlen(text), &v);
			strbuf_addf(&kind, "shell: %s", prog);
			free(v.kind);
			v.kind = strbuf_detach(&kind, NULL);
			verdict_merge(run->out, &v);
			verdict_release(&v);
			sql = 1;
		}
	}
	if (flag(&a, "f") || flag(&a, "file"))
		note_cmd(run, CLASS_UNKNOWN, prog, NULL,
			 "runs the SQL of a file, which the shell classifier does not read");
	else if (!sql && (flag(&a, "l") || flag(&a, "list") || flag(&a, "V") ||
			  flag(&a, "version") || flag(&a, "help") || flag(&a, "?")))
		note_cmd(run, CLASS_READ, prog, NULL, NULL);
	else if (!sql)
		note_cmd(run, CLASS_UNKNOWN, prog, NULL,
			 "runs SQL from its input, which the shell classifier cannot see");
	args_release(&a);
}

static void simple_command(struct shellrun *run, char **w, size_t n)
{
	const char *prog;
	struct args a;
	size_t i;

	/* Environment assignments and wrappers that run the rest. */
	for (;;) {
		while (n && strchr(w[0], '=') && (isalpha((unsigned char)w[0][0]) || w[0][0] == '_')) {
			w++, n--;
		}
		if (!n)
			return;
		prog = base_name(w[0]);
		if (!strcmp(prog, "sudo") || !strcmp(prog, "doas")) {
			w++, n--;
			while (n && w[0][0] == '-') {
				/* options with a value: -u USER, -g GROUP, -C N, -D DIR, -h HOST, -p PROMPT */
				if (w[0][1] && strchr("ugCDhpr", w[0][1]) && !w[0][2] && n > 1)
					w++, n--;
				w++, n--;
			}
		} else if (!strcmp(prog, "env")) {
			w++, n--;
			while (n && w[0][0] == '-') {
				if ((!strcmp(w[0], "-u") || !strcmp(w[0], "-C")) && n > 1)
					w++, n--;
				w++, n--;
			}
			if (!n) {
				note_cmd(run, CLASS_READ, "env", NULL, NULL);
				return;
			}
		} else if (!strcmp(prog, "time") || !strcmp(prog, "nohup") || !strcmp(prog, "exec") ||
			   !strcmp(prog, "command") || !strcmp(prog, "builtin")) {
			w++, n--;
			while (n && w[0][0] == '-')
				w++, n--;
		} else if (!strcmp(prog, "nice") || !strcmp(prog, "ionice")) {
			w++, n--;
			while (n && w[0][0] == '-') {
				if (w[0][1] && !w[0][2] && n > 1 && strchr("nc", w[0][1]))
					w++, n--;
				w++, n--;
			}
		} else if (!strcmp(prog, "timeout")) {
			w++, n--;
			while (n && w[0][0] == '-')
				w++, n--;
			if (n)
				w++, n--;	/* the duration */
		} else {
			break;
		}
		if (!n)
			return;
	}
	prog = base_name(w[0]);

	if (pgtool_lookup(prog) != PGTOOL_NONE) {
		/* the same reading of the tool's arguments as the guarded wrappers */
		struct pgtool_call call;
		struct verdict tv;
		char *cause = NULL;

		verdict_init(&tv);
		if (pgtool_parse(pgtool_lookup(prog), (int)(n - 1), w + 1, &call, &cause)) {
			note_cmd(run, CLASS_UNKNOWN, prog, NULL, cause);
		} else {
			/* whether an output file exists is not known here */
			pgtool_classify(&call, 0, &tv);
			note_cmd(run, tv.cls, prog, tv.objects.n ? tv.objects.v[0] : NULL,
				 tv.reasons.n ? tv.reasons.v[0] : NULL);
			if (tv.confirm_target && !run->out->confirm_target)
				run->out->confirm_target = xstrdup(tv.confirm_target);
		}
		free(cause);
		verdict_release(&tv);
	} else if (!strcmp(prog, "psql") || !strcmp(prog, "safepg")) {
		psql_like(run, prog, w + 1, n - 1);
	} else if (!strcmp(prog, "rm")) {
		int recursive = 0;

		parse_args(w + 1, n - 1, NULL, NULL, &a);
		recursive = flag(&a, "r") || flag(&a, "R") || flag(&a, "recursive");
		for (i = 0; i < a.pos.n; i++) {
			if (!strcmp(a.pos.v[i], "/") || !strcmp(a.pos.v[i], "/*")) {
				note_cmd(run, CLASS_CATASTROPHIC, prog, a.pos.v[i],
					 "rm of the root directory removes everything");
				continue;
			}
			note_cmd(run, CLASS_DESTRUCTIVE, prog, a.pos.v[i],
				 recursive ? "rm -r removes files and directories with everything in them" :
				 "rm removes files");
		}
		if (!a.pos.n)
			note_cmd(run, CLASS_DESTRUCTIVE, prog, NULL, "rm removes files");
		args_release(&a);
	} else if (!strcmp(prog, "rmdir") || !strcmp(prog, "shred") || !strcmp(prog, "unlink") ||
		   !strcmp(prog, "truncate") || !strcmp(prog, "dd") || !strcmp(prog, "mkfs") ||
		   !strcmp(prog, "pg_archivecleanup")) {
		note_cmd(run, CLASS_DESTRUCTIVE, prog, n > 1 ? w[n - 1] : NULL,
			 "removes or overwrites files");
	} else if (!strcmp(prog, "kill") || !strcmp(prog, "pkill") || !strcmp(prog, "killall")) {
		note_cmd(run, CLASS_DESTRUCTIVE, prog, NULL, "ends processes");
	} else if (!strcmp(prog, "mv")) {
		note_cmd(run, CLASS_WRITE, prog, n > 1 ? w[n - 1] : NULL,
			 "mv moves files, replacing the target");
	} else if (!strcmp(prog, "pg_resetwal") || !strcmp(prog, "pg_resetxlog")) {
		note_cmd(run, CLASS_CATASTROPHIC, prog, NULL,
			 "pg_resetwal throws away WAL: the cluster may lose committed data");
	} else if (!strcmp(prog, "pg_ctl") || !strcmp(prog, "pg_ctlcluster") ||
		   !strcmp(prog, "systemctl") || !strcmp(prog, "service")) {
		const char *verb = NULL;

		for (i = 1; i < n; i++)
			if (!strcmp(w[i], "stop") || !strcmp(w[i], "restart") || !strcmp(w[i], "kill") ||
			    !strcmp(w[i], "promote") || !strcmp(w[i], "status") ||
			    !strcmp(w[i], "start") || !strcmp(w[i], "reload"))
				verb = w[i];
		if (verb && !strcmp(verb, "promote"))
			note_cmd(run, CLASS_CATASTROPHIC, prog, NULL,
				 "promote turns a standby into a primary: replication splits");
		else if (verb && (!strcmp(verb, "stop") || !strcmp(verb, "restart") || !strcmp(verb, "kill")))
			note_cmd(run, CLASS_DESTRUCTIVE, prog, NULL,
				 "stops a server (or service): every session is ended");
		else if (verb && !strcmp(verb, "status"))
			note_cmd(run, CLASS_READ, prog, NULL, NULL);
		else if (verb)
			note_cmd(run, CLASS_WRITE, prog, NULL, "starts or reloads a server or service");
		else
			note_cmd(run, CLASS_UNKNOWN, prog, NULL, "a service command safepg does not know");
	} else if ((!strcmp(prog, "sh") || !strcmp(prog, "bash") || !strcmp(prog, "dash") ||
		    !strcmp(prog, "zsh")) && n >= 3 && !strcmp(w[1], "-c")) {
		if (run->nest >= SHELL_NEST_MAX) {
			note_cmd(run, CLASS_UNKNOWN, prog, NULL, "shell commands nested too deeply");
		} else {
			run->nest++;
			classify_line(run, w[2], strlen(w[2]));
			run->nest--;
		}
	} else if (!strcmp(prog, "find")) {
		enum sp_class cls = CLASS_READ;
		const char *why = NULL;

		for (i = 1; i < n; i++) {
			if (!strcmp(w[i], "-delete")) {
				cls = CLASS_DESTRUCTIVE;
				why = "find -delete removes files";
			} else if ((!strcmp(w[i], "-exec") || !strcmp(w[i], "-execdir") ||
				    !strcmp(w[i], "-ok")) && cls == CLASS_READ) {
				cls = CLASS_UNKNOWN;
				why = "find -exec runs a command on every file found";
			}
		}
		note_cmd(run, cls, prog, NULL, why);
	} else if (!strcmp(prog, "sed") || !strcmp(prog, "perl")) {
		int inplace = 0;

		for (i = 1; i < n; i++)
			if (!strncmp(w[i], "-i", 2) || !strncmp(w[i], "--in-place", 10) ||
			    (w[i][0] == '-' && w[i][1] != '-' && strchr(w[i], 'i')))
				inplace = 1;
		if (!strcmp(prog, "perl"))
			note_cmd(run, CLASS_UNKNOWN, prog, NULL, "perl runs a program");
		else
			note_cmd(run, inplace ? CLASS_WRITE : CLASS_READ, prog, NULL,
				 inplace ? "sed -i rewrites files in place" : NULL);
	} else if (IN(read_programs, prog)) {
		note_cmd(run, CLASS_READ, prog, NULL, NULL);
	} else if (IN(write_programs, prog)) {
		note_cmd(run, CLASS_WRITE, prog, NULL, "changes files or the database server");
	} else if (!strcmp(prog, "cd") || !strcmp(prog, ":")) {
		note_cmd(run, CLASS_READ, prog, NULL, NULL);
	} else {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "%s is a command safepg does not know", prog);
		note_cmd(run, CLASS_UNKNOWN, prog, NULL, why.buf);
		strbuf_release(&why);
	}
}

/* ---- splitting ---- */

struct splitter {
	struct shellrun *run;
	struct strvec words;
	struct strbuf word;
	int in_word;
	int redirect;		/* the next word is a redirection target: 1 output, 2 input */
};

static void end_word(struct splitter *sp)
{
	if (!sp->in_word)
		return;
	if (sp->redirect == 1) {
		if (strcmp(sp->word.buf, "/dev/null") && strcmp(sp->word.buf, "/dev/stdout") &&
		    strcmp(sp->word.buf, "/dev/stderr") && sp->word.buf[0] != '&') {
			struct strbuf why = STRBUF_INIT;

			strbuf_addf(&why, "the output redirection overwrites the local file %s",
				    sp->word.buf);
			note_cmd(sp->run, CLASS_WRITE,
				 sp->words.n ? base_name(sp->words.v[0]) : "redirection",
				 sp->word.buf, why.buf);
			strbuf_release(&why);
		}
	} else if (sp->redirect != 2) {
		strvec_push(&sp->words, sp->word.buf);
	}
	sp->redirect = 0;
	strbuf_reset(&sp->word);
	sp->in_word = 0;
}

static void end_command(struct splitter *sp)
{
	end_word(sp);
	if (sp->words.n)
		simple_command(sp->run, sp->words.v, sp->words.n);
	strvec_clear(&sp->words);
}

/* A $(...) or `...` substitution: its command runs too. */
static void substitution(struct shellrun *run, const char *s, size_t len)
{
	if (run->nest >= SHELL_NEST_MAX) {
		note_cmd(run, CLASS_UNKNOWN, "sh", NULL, "command substitutions nested too deeply");
		return;
	}
	run->nest++;
	classify_line(run, s, len);
	run->nest--;
}

/* Length of a $( ... ) starting at s[0] == '$', s[1] == '(' : up to the matching ')'. */
static size_t paren_len(const char *s, size_t len)
{
	size_t i;
	int depth = 0;
	char q = 0;

	for (i = 1; i < len; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
			else if (q == '"' && s[i] == '\\')
				i++;
			continue;
		}
		if (s[i] == '\'' || s[i] == '"')
			q = s[i];
		else if (s[i] == '\\')
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return len;
}

static void classify_line(struct shellrun *run, const char *s, size_t len)
{
	struct splitter sp;
	size_t i = 0;

	memset(&sp, 0, sizeof(sp));
	sp.run = run;
	strvec_init(&sp.words);
	strbuf_init(&sp.word, 0);
	while (i < len) {
		char c = s[i];

		if (c == '\'') {
			const char *e = memchr(s + i + 1, '\'', len - i - 1);
			size_t end = e ? (size_t)(e - s) : len;

			strbuf_add(&sp.word, s + i + 1, end - i - 1);
			sp.in_word = 1;
			i = e ? end + 1 : len;
		} else if (c == '"') {
			sp.in_word = 1;
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len && strchr("$`\"\\\n", s[i + 1])) {
					strbuf_addch(&sp.word, s[++i]);
				} else if (s[i] == '$' && i + 1 < len && s[i + 1] == '(') {
					size_t n = paren_len(s + i, len - i);

					substitution(run, s + i + 2, n > 3 ? n - 3 : 0);
					strbuf_add(&sp.word, s + i, n);
					i += n - 1;
				} else if (s[i] == '`') {
					const char *e = memchr(s + i + 1, '`', len - i - 1);
					size_t end = e ? (size_t)(e - s) : len;

					substitution(run, s + i + 1, end - i - 1);
					i = end < len ? end : len - 1;
				} else {
					strbuf_addch(&sp.word, s[i]);
				}
			}
			i++;
		} else if (c == '\\') {
			if (i + 1 < len && s[i + 1] != '\n') {
				strbuf_addch(&sp.word, s[i + 1]);
				sp.in_word = 1;
			}
			i += 2;
		} else if (c == '`') {
			const char *e = memchr(s + i + 1, '`', len - i - 1);
			size_t end = e ? (size_t)(e - s) : len;

			substitution(run, s + i + 1, end - i - 1);
			sp.in_word = 1;
			i = e ? end + 1 : len;
		} else if (c == '$' && i + 1 < len && s[i + 1] == '(') {
			size_t n = paren_len(s + i, len - i);

			substitution(run, s + i + 2, n > 3 ? n - 3 : 0);
			strbuf_add(&sp.word, s + i, n);
			sp.in_word = 1;
			i += n;
		} else if (c == '#' && !sp.in_word) {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == ';' || c == '&' || c == '|' || c == '\n' || c == '(' || c == ')') {
			if (c == '&' && i + 1 < len && s[i + 1] == '>') {
				/* &> file: both streams to a file */
				end_word(&sp);
				sp.redirect = 1;
				i += 2;
				continue;
			}
			end_command(&sp);
			i++;
		} else if (c == '>' || c == '<') {
			/* 2>file: the digits are the descriptor, not a word */
			if (sp.in_word && sp.word.len && strspn(sp.word.buf, "0123456789") == sp.word.len) {
				strbuf_reset(&sp.word);
				sp.in_word = 0;
			}
			end_word(&sp);
			sp.redirect = c == '>' ? 1 : 2;
			i++;
			while (i < len && (s[i] == '>' || s[i] == '<' || s[i] == '|'))
				i++;
			if (i < len && s[i] == '&') {
				/* >&2: a descriptor, not a file */
				i++;
				while (i < len && isdigit((unsigned char)s[i]))
					i++;
				sp.redirect = 0;
			}
		} else if (isspace((unsigned char)c)) {
			end_word(&sp);
			i++;
		} else {
			strbuf_addch(&sp.word, c);
			sp.in_word = 1;
			i++;
		}
	}
	end_command(&sp);
	strvec_clear(&sp.words);
	strbuf_release(&sp.word);
}

void shellcmd_classify(struct classify_ctx *ctx, const char *cmdline, struct verdict *out)
{
	struct shellrun run;

	verdict_release(out);
	run.ctx = ctx;
	run.out = out;
	run.nest = 0;
	classify_line(&run, cmdline, strlen(cmdline));
	if (out->cls == CLASS_NONE)
		verdict_set(out, CLASS_READ, "shell", NULL);
}
