/* SPDX-License-Identifier: PostgreSQL */
/*
 * log: psql-compatible messages on stderr.  See log.h.  The layout follows
 * PostgreSQL's pg_log_generic_v so that the bytes match psql's: flush
 * stdout first, "progname:" unless terse, "file:line:" when a script is
 * being read, a space, the level word, the message with one trailing
 * newline stripped, and a newline.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safepg/log.h"
#include "safepg/strbuf.h"
#include "safepg/banned.h"

static const char *progname = "psql";
static int terse;
static void (*locus_cb)(const char **, uint64_t *, void *);
static void (*pre_cb)(void *);
static void *cb_data;
static char *sgr_error, *sgr_warning, *sgr_note, *sgr_locus;

#define SGR_FMT "\x1b[%sm"
#define SGR_RESET "\x1b[0m"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void log_init(const char *name)
{
	const char *color = getenv("PG_COLOR");
	const char *colors;

	progname = name;
	setvbuf(stderr, NULL, _IONBF, 0);
	if (!color || !(!strcmp(color, "always") ||
			(!strcmp(color, "auto") && isatty(STDERR_FILENO))))
		return;
	sgr_error = dup_or_null("01;31");
	sgr_warning = dup_or_null("01;35");
	sgr_note = dup_or_null("01;36");
	sgr_locus = dup_or_null("01");
	colors = getenv("PG_COLORS");
	if (!colors)
		return;
	for (const char *p = colors; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);

		if (eq) {
			size_t nlen = (size_t)(eq - p);
			char *val = strndup(eq + 1, len - nlen - 1);
			char **slot = NULL;

			if (nlen == 5 && !strncmp(p, "error", 5))
				slot = &sgr_error;
			else if (nlen == 7 && !strncmp(p, "warning", 7))
				slot = &sgr_warning;
			else if (nlen == 4 && !strncmp(p, "note", 4))
				slot = &sgr_note;
			else if (nlen == 5 && !strncmp(p, "locus", 5))
				slot = &sgr_locus;
			if (slot) {
				free(*slot);
				*slot = val;
			} else {
				free(val);
			}
		}
		p += len;
		if (*p == ':')
			p++;
	}
}

void log_set_callbacks(void (*locus)(const char **, uint64_t *, void *),
		       void (*pre)(void *), void *data)
{
	locus_cb = locus;
	pre_cb = pre;
	cb_data = data;
}

void log_set_terse(int t)
{
	terse = t;
}

int log_get_terse(void)
{
	return terse;
}

static void put_sgr(struct strbuf *sb, const char *sgr, const char *text)
{
	if (sgr)
		strbuf_addf(sb, SGR_FMT, sgr);
	strbuf_addstr(sb, text);
	if (sgr)
		strbuf_addstr(sb, SGR_RESET);
}

void log_msg(enum log_level level, enum log_part part, const char *fmt, ...)
{
	int save_errno = errno;
	const char *file = NULL;
	uint64_t line = 0;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	fflush(stdout);
	if (pre_cb)
		pre_cb(cb_data);
	if (locus_cb)
		locus_cb(&file, &line, cb_data);

	if (!terse || file) {
		struct strbuf loc = STRBUF_INIT;

		if (!terse)
			strbuf_addf(&loc, "%s:", progname);
		if (file) {
			strbuf_addf(&loc, "%s:", file);
			if (line > 0)
				strbuf_addf(&loc, "%llu:", (unsigned long long)line);
		}
		put_sgr(&sb, sgr_locus, loc.buf);
		strbuf_addch(&sb, ' ');
		strbuf_release(&loc);
	}
	if (!terse) {
		switch (part) {
		case LOG_PART_PRIMARY:
			if (level == LOG_LEVEL_ERROR)
				put_sgr(&sb, sgr_error, "error: ");
			else if (level == LOG_LEVEL_WARNING)
				put_sgr(&sb, sgr_warning, "warning: ");
			break;
		case LOG_PART_DETAIL:
			put_sgr(&sb, sgr_note, "detail: ");
			break;
		case LOG_PART_HINT:
			put_sgr(&sb, sgr_note, "hint: ");
			break;
		case LOG_PART_NONE:
		default:
			break;
		}
	}
	errno = save_errno;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* strip one newline, for PQerrorMessage() */
	if (sb.len && sb.buf[sb.len - 1] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
	errno = save_errno;
}
