/* SPDX-License-Identifier: PostgreSQL */
/*
 * log: messages on stderr exactly as psql prints them (PostgreSQL's
 * common/logging.c): "psql:FILE:LINE: error: ..." while a script runs,
 * "psql: error: ..." otherwise, "error: " omitted in terse mode, server
 * messages through log_info without a level word, PG_COLOR/PG_COLORS
 * honoured.  The prefix is "psql" for every message psql itself would
 * print, so that scripts and tests that read psql's output keep working;
 * safepg's own guard messages are printed by the guard, not here.
 *
 * Process-wide configuration (program name, locus callback) is global, as
 * the style allows for the program name.
 */
#ifndef SAFEPG_LOG_H
#define SAFEPG_LOG_H

#include <stdint.h>

enum log_level {
	LOG_LEVEL_NONE = 0,
	LOG_LEVEL_INFO,		/* no level word: server messages, plain notes */
	LOG_LEVEL_WARNING,	/* "warning: " */
	LOG_LEVEL_ERROR		/* "error: " */
};

enum log_part {
	LOG_PART_NONE = 0,
	LOG_PART_PRIMARY,
	LOG_PART_DETAIL,	/* "detail: " */
	LOG_PART_HINT		/* "hint: " */
};

/* Set the program name shown in front of messages and read PG_COLOR. */
void log_init(const char *progname);
/*
 * The locus callback names the script and line being read, or sets *file
 * to NULL when none; the pre callback flushes the query output stream so
 * that results and messages interleave as psql's do.
 */
void log_set_callbacks(void (*locus)(const char **file, uint64_t *line, void *data),
		       void (*pre)(void *data), void *data);
/* Terse: no "psql:" and no level word unless a file locus is shown (psql's -c, REPL). */
void log_set_terse(int terse);
int log_get_terse(void);

void log_msg(enum log_level level, enum log_part part, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define log_error(...) log_msg(LOG_LEVEL_ERROR, LOG_PART_PRIMARY, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, LOG_PART_PRIMARY, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, LOG_PART_PRIMARY, __VA_ARGS__)
#define log_error_detail(...) log_msg(LOG_LEVEL_ERROR, LOG_PART_DETAIL, __VA_ARGS__)
#define log_error_hint(...) log_msg(LOG_LEVEL_ERROR, LOG_PART_HINT, __VA_ARGS__)

#endif
