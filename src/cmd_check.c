/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_check: `safepg check`, the classifier without a connection.  It reads
 * files, -c strings or stdin through the streaming reader (so memory stays
 * bounded by the largest unit whatever the input size), classifies every SQL
 * and meta-command unit, follows \i and \ir into the files they name, passes
 * over COPY data, and prints one line (or one JSON object) per unit.  Exit
 * 0 when no unit reaches --fail-on, 9 when one does, 1 for bad usage or
 * input it could not read.  It never connects and never runs anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "safepg/classify.h"
#include "safepg/cmd.h"
#include "safepg/exitcode.h"
#include "safepg/json.h"
#include "safepg/reader.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define CHECK_CHUNK (64 * 1024)
#define CHECK_MAX_INCLUDE_DEPTH 32

enum check_format {
	CHECK_FORMAT_NONE = 0,
	CHECK_FORMAT_TEXT,
	CHECK_FORMAT_JSON
};

struct check {
	enum check_format format;
	enum sp_class fail_on;		/* the threshold, unknown folded into destructive */
	struct classify_ctx *ctx;	/* PREPAREd statements, across all inputs */
	struct strvec including;	/* real paths of the files being read (\i cycles) */
	struct strbuf line;		/* the output line being built */
	int failed;			/* a unit reached the threshold */
	int read_error;			/* some input could not be read */
};

/* Where the units of one input come from. */
struct check_source {
	const char *label;		/* as printed: the path, "-" or "-c" */
	const char *dir;		/* \ir resolves against it (NULL: cwd) */
	int fd;				/* -1 for a string */
	const char *str;		/* the -c string */
};

static void check_usage(FILE *out)
{
	fputs("safepg check classifies SQL without connecting.\n"
	      "\n"
	      "Usage:\n"
	      "  safepg check [OPTION]... [FILE]...\n"
	      "\n"
	      "Options:\n"
	      "  -c, --command=SQL     classify SQL (may be repeated)\n"
	      "      --format=FORMAT   text (default): FILE:LINE:COLUMN: CLASS KIND: reason\n"
	      "                        json: JSON Lines, one object per unit\n"
	      "      --fail-on=CLASS   exit 9 when a unit reaches CLASS: read, write,\n"
	      "                        destructive (default), catastrophic; unknown counts\n"
	      "                        as destructive\n"
	      "  -?, --help            show this help, then exit\n"
	      "\n"
	      "Files are read in order (\"-\" is standard input), then each -c; with\n"
	      "neither, standard input.  Exit status: 0 nothing reached the threshold,\n"
	      "9 something did, 1 bad usage or unreadable input.\n", out);
}

/* The class as the threshold sees it: unknown weighs as destructive. */
static int check_weight(enum sp_class c)
{
	if (c == CLASS_UNKNOWN)
		c = CLASS_DESTRUCTIVE;
	return class_rank(c);
}

static void check_print(struct check *ck, const struct check_source *src,
			unsigned long line, unsigned long column, const struct verdict *v,
			const char *text, size_t textlen)
{
	struct strbuf *o = &ck->line;
	const char *kind = v->kind ? v->kind : "unknown";
	size_t i;

	strbuf_reset(o);
	if (ck->format == CHECK_FORMAT_JSON) {
		strbuf_addstr(o, "{\"file\":");
		json_escape(o, src->label, strlen(src->label));
		strbuf_addf(o, ",\"line\":%lu,\"column\":%lu,\"class\":\"%s\",\"kind\":",
			    line, column, class_name(v->cls));
		json_escape(o, kind, strlen(kind));
		strbuf_addstr(o, ",\"objects\":[");
		for (i = 0; i < v->objects.n; i++) {
			if (i)
				strbuf_addch(o, ',');
			json_escape(o, v->objects.v[i], strlen(v->objects.v[i]));
		}
		strbuf_addstr(o, "],\"reasons\":[");
		for (i = 0; i < v->reasons.n; i++) {
			if (i)
				strbuf_addch(o, ',');
			json_escape(o, v->reasons.v[i], strlen(v->reasons.v[i]));
		}
		strbuf_addstr(o, "],\"text\":");
		json_escape(o, text, textlen);
		strbuf_addstr(o, "}\n");
	} else {
		strbuf_addf(o, "%s:%lu:%lu: %s %s", src->label, line, column,
			    class_name(v->cls), kind);
		for (i = 0; i < v->reasons.n; i++)
			strbuf_addf(o, "%s%s", i ? "; " : ": ", v->reasons.v[i]);
		strbuf_addch(o, '\n');
	}
	fwrite(o->buf, 1, o->len, stdout);
	if (check_weight(v->cls) >= check_weight(ck->fail_on))
		ck->failed = 1;
}

static int check_source(struct check *ck, const struct check_source *src, int depth);

/* \i FILE / \ir FILE: classify the file's units, or say why it cannot be. */
static void check_include(struct check *ck, const struct check_source *src,
			  const struct reader_unit *u, const struct verdict *v, int depth)
{
	struct strbuf path = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;
	struct verdict bad;
	struct check_source inc;
	char *real = NULL;
	char *dir = NULL;
	char *slash;
	int fd = -1;

	verdict_init(&bad);
	if (!v->objects.n) {
		strbuf_addstr(&why, "no file named");
		goto unknown;
	}
	if (v->objects.v[0][0] != '/' && !strcmp(u->name, "ir") && src->dir)
		strbuf_addf(&path, "%s/", src->dir);
	strbuf_addstr(&path, v->objects.v[0]);
	if (depth >= CHECK_MAX_INCLUDE_DEPTH) {
		strbuf_addf(&why, "\"%s\" is included more than %d levels deep",
			    path.buf, CHECK_MAX_INCLUDE_DEPTH);
		goto unknown;
	}
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	real = fd >= 0 ? realpath(path.buf, NULL) : NULL;
	if (fd < 0 || !real) {
		strbuf_addf(&why, "cannot read \"%s\": %s", path.buf, strerror(errno));
		goto unknown;
	}
	if (strvec_contains(&ck->including, real)) {
		strbuf_addf(&why, "\"%s\" includes itself", path.buf);
		goto unknown;
	}
	dir = xstrdup(path.buf);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	inc.label = path.buf;
	inc.dir = slash ? dir : NULL;
	inc.fd = fd;
	inc.str = NULL;
	strvec_push(&ck->including, real);
	check_source(ck, &inc, depth + 1);
	free(ck->including.v[--ck->including.n]);
	goto out;

unknown:
	verdict_set(&bad, CLASS_UNKNOWN, u->name[0] == 'i' && u->name[1] == 'r' ? "\\ir" : "\\i",
		    why.buf);
	check_print(ck, src, u->line, u->column, &bad, u->text.buf, u->text.len);
out:
	if (fd >= 0)
		close(fd);
	free(real);
	free(dir);
	verdict_release(&bad);
	strbuf_release(&path);
	strbuf_release(&why);
}

/*
 * psql lexes by the server's standard_conforming_strings, which a script can
 * change: follow `SET [SESSION|LOCAL] standard_conforming_strings = on|off`.
 * Returns 1 (on), 0 (off) or -1 (not such a SET).
 */
static int check_std_strings_set(const char *sql)
{
	static const char *const words[] = {"set", "standard_conforming_strings"};
	const char *p = sql;
	size_t i, n;

	for (i = 0; i < 2; i++) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (i == 1 && (!strncasecmp(p, "session ", 8) || !strncasecmp(p, "local ", 6)))
			p = strchr(p, ' ') + 1;
		while (*p == ' ')
			p++;
		n = strlen(words[i]);
		if (strncasecmp(p, words[i], n) || (p[n] != ' ' && p[n] != '=' && p[n] != '\t'))
			return -1;
		p += n;
	}
	p += strspn(p, " \t=");
	if (!strncasecmp(p, "to ", 3))
		p += 3 + strspn(p + 3, " \t");
	if (*p == '\'')
		p++;
	if (!strncasecmp(p, "on", 2) || !strncasecmp(p, "true", 4))
		return 1;
	if (!strncasecmp(p, "off", 3) || !strncasecmp(p, "false", 5))
		return 0;
	return -1;
}

/* Classify every unit of one input; 0, or -1 when it could not be read. */
static int check_source(struct check *ck, const struct check_source *src, int depth)
{
	struct reader *r = reader_new(NULL);
	struct reader_unit u;
	struct verdict v;
	enum reader_status st;
	char *buf = NULL;
	int ret = 0, std;

	reader_unit_init(&u);
	verdict_init(&v);
	if (src->fd < 0) {
		reader_feed(r, src->str, strlen(src->str));
		reader_feed_eof(r);
	} else {
		buf = xmalloc(CHECK_CHUNK);
	}
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			ssize_t n = read(src->fd, buf, CHECK_CHUNK);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				fprintf(stderr, "safepg: error: could not read file \"%s\": %s\n",
					src->label, strerror(errno));
				ck->read_error = 1;
				ret = -1;
				break;
			}
			if (n == 0)
				reader_feed_eof(r);
			else
				reader_feed(r, buf, (size_t)n);
			continue;
		}
		switch (u.kind) {
		case READER_UNIT_SQL:
			classify_sql(ck->ctx, u.text.buf, u.text.len, &v);
			check_print(ck, src, u.line, u.column, &v, u.text.buf, u.text.len);
			if (v.copy_from_stdin)
				reader_begin_copy(r, 0);
			std = check_std_strings_set(u.text.buf);
			if (std >= 0) {
				reader_set_std_strings(r, std);
				classify_ctx_set_std_strings(ck->ctx, std);
			}
			break;
		case READER_UNIT_META:
			classify_meta(ck->ctx, u.name, (const char *const *)u.args.v, u.args.n, &v);
			if (v.include_file)
				check_include(ck, src, &u, &v, depth);
			else
				check_print(ck, src, u.line, u.column, &v, u.text.buf, u.text.len);
			break;
		case READER_UNIT_COPY_DATA:
			break;	/* data: never parsed, never reported */
		case READER_UNIT_NONE:
		default:
			verdict_set(&v, CLASS_UNKNOWN, "unknown", "the reader returned an unexpected unit");
			check_print(ck, src, u.line, u.column, &v, u.text.buf, u.text.len);
			break;
		}
	}
	free(buf);
	verdict_release(&v);
	reader_unit_release(&u);
	reader_free(r);
	return ret;
}

static int check_parse_format(const char *arg, enum check_format *out)
{
	if (!strcmp(arg, "text"))
		*out = CHECK_FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		*out = CHECK_FORMAT_JSON;
	else
		return -1;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"command", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'F'},
		{"fail-on", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct check ck = {0};
	struct strvec files;
	struct strvec commands;
	int c, ret = SP_EXIT_OK;
	size_t i;

	strvec_init(&files);
	strvec_init(&commands);
	strvec_init(&ck.including);
	strbuf_init(&ck.line, 0);
	ck.format = CHECK_FORMAT_TEXT;
	ck.fail_on = CLASS_DESTRUCTIVE;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+c:?", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			strvec_push(&commands, optarg);
			break;
		case 'F':
			if (check_parse_format(optarg, &ck.format) < 0) {
				fprintf(stderr, "safepg: error: invalid --format \"%s\"\n"
					"hint: use --format=text or --format=json\n", optarg);
				ret = SP_EXIT_ERROR;
				goto out;
			}
			break;
		case 'f':
			if (class_parse(optarg, &ck.fail_on) < 0) {
				fprintf(stderr, "safepg: error: invalid --fail-on \"%s\"\n"
					"hint: use read, write, destructive, catastrophic or unknown\n",
					optarg);
				ret = SP_EXIT_ERROR;
				goto out;
			}
			break;
		case 'h':
			check_usage(stdout);
			goto out;
		case '?':
			if (!strcmp(argv[optind - 1], "-?")) {
				check_usage(stdout);
				goto out;
			}
			if (optopt)
				fprintf(stderr, "safepg: error: %s -%c\n",
					optopt == 'c' ? "missing SQL after" : "invalid option", optopt);
			else
				fprintf(stderr, "safepg: error: invalid option \"%s\"\n",
					argv[optind - 1]);
			fputs("hint: try \"safepg check --help\" for more information\n", stderr);
			ret = SP_EXIT_ERROR;
			goto out;
		default:
			ret = SP_EXIT_ERROR;
			goto out;
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		strvec_push(&files, argv[i]);

	ck.ctx = classify_ctx_new();
	for (i = 0; i < files.n; i++) {
		struct check_source src = {0};
		char *dir = NULL;
		char *slash;
		char *real = NULL;

		src.label = files.v[i];
		src.fd = strcmp(files.v[i], "-") ? open(files.v[i], O_RDONLY | O_CLOEXEC) : 0;
		if (src.fd < 0) {
			fprintf(stderr, "safepg: error: could not open file \"%s\": %s\n",
				files.v[i], strerror(errno));
			ck.read_error = 1;
			continue;
		}
		if (src.fd > 0) {
			dir = xstrdup(files.v[i]);
			slash = strrchr(dir, '/');
			if (slash) {
				*slash = '\0';
				src.dir = dir;
			}
			real = realpath(files.v[i], NULL);
			if (real)
				strvec_push(&ck.including, real);
		}
		check_source(&ck, &src, 0);
		if (real)
			strvec_clear(&ck.including);
		if (src.fd > 0)
			close(src.fd);
		free(real);
		free(dir);
	}
	for (i = 0; i < commands.n; i++) {
		struct check_source src = {"-c", NULL, -1, commands.v[i]};

		check_source(&ck, &src, 0);
	}
	if (!files.n && !commands.n) {
		struct check_source src = {"-", NULL, 0, NULL};

		check_source(&ck, &src, 0);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "safepg: error: could not write the report: %s\n", strerror(errno));
		ck.read_error = 1;
	}
	if (ck.read_error)
		ret = SP_EXIT_ERROR;
	else if (ck.failed)
		ret = SP_EXIT_CHECK_FAILED;
out:
	classify_ctx_free(ck.ctx);
	strvec_clear(&ck.including);
	strbuf_release(&ck.line);
	strvec_clear(&files);
	strvec_clear(&commands);
	return ret;
}
