/* SPDX-License-Identifier: PostgreSQL */
/*
 * audit: the audit log, one JSON object per line, each line carrying the
 * SHA-256 of the line before it ("prev") and of itself ("hash"), so that
 * `safepg audit verify` finds a removed, edited, reordered or torn line.
 *
 * Two halves behind this one header.  auditrec.c is pure: it builds a
 * record's line from a struct audit_record and verifies a chain of lines
 * handed to it.  audit.c holds the effects: it finds, creates and locks the
 * log file and appends to it.  Neither redacts: the caller passes the
 * statement already redacted (passwords removed).  Neither decides what to
 * do when the log cannot be written: the guard refuses.
 *
 * A line, keys in this order (null where the record did not say):
 *   {"ts":"2026-11-24T18:35:01.123Z","version":"0.1.0","tool":"safepg",
 *    "os_user":"ann","pid":4242,"seq":7,"environment":"production",
 *    "host":"db1","port":5432,"database":"shop","db_user":"ann",
 *    "class":"destructive","kind":"DROP TABLE","statement":"DROP TABLE t",
 *    "sha256":"<hex of statement>","decision":"confirmed",
 *    "reasons":["..."],"outcome":"ok","sqlstate":null,"rows":null,
 *    "prev":"<hex of the previous line>","hash":"<hex of this line>"}
 * "prev" is the SHA-256 of the previous line's bytes without its newline,
 * 64 zeros on the first line of a file.  "hash" is the SHA-256 of this
 * line's bytes before the `,"hash":` that ends it, so an edited line is
 * named by its own number rather than by the next one.
 */
#ifndef SAFEPG_AUDIT_H
#define SAFEPG_AUDIT_H

#include <stddef.h>

#include "safepg/class.h"
#include "safepg/sha256.h"
#include "safepg/strbuf.h"

/* What the guard decided.  Written as the lower-case name after AUDIT_. */
enum audit_decision {
	AUDIT_DECISION_NONE = 0,	/* not set: auditrec_format refuses the record */
	AUDIT_ALLOWED,			/* "allowed": sent without a word */
	AUDIT_WARNED,			/* "warned": sent after a warning on stderr */
	AUDIT_CONFIRMED,		/* "confirmed": the phrase was typed or given */
	AUDIT_DECLINED,			/* "declined": wrong phrase, empty, Ctrl-C, countdown cancelled */
	AUDIT_REFUSED,			/* "refused": blocked by the profile */
	AUDIT_NO_TTY			/* "no_tty": confirmation needed, nowhere to ask */
};

/* What became of the statement. */
enum audit_outcome {
	AUDIT_OUTCOME_NONE = 0,		/* not set: auditrec_format refuses the record */
	AUDIT_OK,			/* "ok": ran and succeeded */
	AUDIT_ERROR,			/* "error": ran and failed (sqlstate says how, when known) */
	AUDIT_NOT_RUN,			/* "not_run": never sent */
	AUDIT_PENDING			/* "pending": about to be sent; a later line with the
					 * same pid and seq gives the outcome */
};

/*
 * One record.  Strings are borrowed (the caller keeps them); NULL writes
 * null.  Start from AUDIT_RECORD_INIT or audit_record_init() so that rows
 * is "not known" rather than 0.
 */
struct audit_record {
	long long ts_ms;		/* ms since 1970-01-01 UTC; 0: audit_append uses the time of writing */
	const char *os_user;		/* NULL: audit_append fills in the invoking user */
	long pid;			/* 0: audit_append fills in getpid() */
	const char *tool;		/* "safepg" or the wrapper's name ("pg_dump"); NULL: "safepg" */
	unsigned long long seq;		/* the statement's number in this process, from 1; 0: null */
	const char *environment;
	const char *host;		/* the server's host as connected (PQhost) */
	int port;			/* 0: null */
	const char *database;
	const char *db_user;
	enum sp_class class;		/* CLASS_NONE: null */
	const char *kind;		/* "DROP TABLE", "\\copy", "shell", ... */
	const char *statement;		/* already redacted; "sha256" is its digest */
	enum audit_decision decision;	/* required */
	const char *const *reasons;	/* nreasons strings: why that decision; may be NULL */
	size_t nreasons;
	enum audit_outcome outcome;	/* required */
	const char *sqlstate;		/* five characters, NULL when not known */
	long long rows;			/* rows affected or returned; < 0: not known */
};

#define AUDIT_RECORD_INIT { .rows = -1 }

/* ------------------------------------------------------------ pure half (auditrec.c) */

/* Set every field to "not given" (rows to -1).  No allocation. */
void audit_record_init(struct audit_record *rec);

/* "allowed", ..., "no_tty"; NULL for AUDIT_DECISION_NONE or an unknown value. */
const char *auditrec_decision_name(enum audit_decision d);
/* "ok", "error", "not_run", "pending"; NULL for AUDIT_OUTCOME_NONE or an unknown value. */
const char *auditrec_outcome_name(enum audit_outcome o);

/*
 * The statement as the log may keep it (allocated; the caller frees it):
 * text with its secrets replaced by "***" through redact_text (redact.h):
 * PASSWORD '...', password= in conninfo, passwords in URIs, \password.
 * *redacted (when not NULL) is set to 1 when something was replaced.
 */
char *auditrec_redact(const char *statement, int *redacted);

/* Append ts_ms as RFC 3339 UTC with milliseconds: "2026-11-24T18:35:01.123Z". */
void auditrec_format_ts(struct strbuf *out, long long ts_ms);

/*
 * Append rec's line to out, its newline included.  prev_hex is the "prev"
 * value (SHA256_HEX_LEN lower-case hex digits), or NULL for the first line
 * of a file (64 zeros).  ts_ms and pid are written as given (audit_append
 * fills them in first).  Returns 0; or -1 with *cause (allocated) when the
 * decision or outcome is not set, ts_ms is negative, or prev_hex is not 64
 * lower-case hex digits; out is then unchanged.
 */
int auditrec_format(struct strbuf *out, const struct audit_record *rec, const char *prev_hex,
		    char **cause);

/*
 * The two halves of auditrec_format, for a writer that builds lines before
 * it knows what they chain to (audit_queue): auditrec_format_body appends
 * the line up to, not including, its ,"prev": (same checks and errors as
 * auditrec_format, prev aside); auditrec_chain appends body[0..len-1] made
 * a whole line chained to prev_hex (NULL: the first line of a file), its
 * newline included, and sets next_prev to what the line after it carries.
 */
int auditrec_format_body(struct strbuf *out, const struct audit_record *rec, char **cause);
void auditrec_chain(struct strbuf *out, const char *body, size_t len, const char *prev_hex,
		    char next_prev[SHA256_HEX_LEN + 1]);

/*
 * The "prev" value the line after this one must carry: the lower-case hex
 * SHA-256 of line[0..len-1], a final newline (if any) left out.
 */
void auditrec_line_hash(const char *line, size_t len, char hex[SHA256_HEX_LEN + 1]);

/*
 * Verifying a log line by line, without holding the whole file.
 *   struct auditrec_verify v;
 *   auditrec_verify_init(&v);
 *   for each line: if (auditrec_verify_line(&v, line, len, complete, &cause)) stop;
 * A line is checked for: a newline at its end (complete = 0 means the file
 * ended without one: a torn line), valid JSON, an object with "ts",
 * "decision", "outcome", "sha256", "prev" and "hash" of the right forms,
 * "sha256" matching "statement", "hash" matching the line's own bytes, and
 * "prev" matching the line before.
 */
struct auditrec_verify {
	char prev[SHA256_HEX_LEN + 1];	/* the "prev" the next line must carry */
	unsigned long long lines;	/* lines seen, the bad one included */
	unsigned long long bad_line;	/* the first bad line (from 1); 0: none */
};

void auditrec_verify_init(struct auditrec_verify *v);

/*
 * Check the next line: line[0..len-1] without its newline; complete is 1
 * when a newline followed it.  Returns 0 when it holds; -1 when it does not,
 * with v->bad_line set and *cause (allocated) saying what is wrong
 * ("line 12: \"prev\" does not match line 11" and a hint line).  After a
 * failure the verifier stays failed: further calls return -1 with no cause.
 */
int auditrec_verify_line(struct auditrec_verify *v, const char *line, size_t len, int complete,
			 char **cause);

/*
 * Verify a whole log held in memory.  Returns 0 when the chain holds, with
 * *nlines (when not NULL) the number of lines; -1 with *bad_line (when not
 * NULL) the first bad line and *cause as auditrec_verify_line.  An empty
 * text is an empty, intact log.
 */
int auditrec_verify_buf(const char *text, size_t len, unsigned long long *nlines,
			unsigned long long *bad_line, char **cause);

/* ------------------------------------------------------------ effects (audit.c) */

/* An open audit log.  Opaque. */
struct audit;

/*
 * The default log path (allocated): $XDG_STATE_HOME/safepg/audit.jsonl when
 * XDG_STATE_HOME is set to an absolute path, else
 * $HOME/.local/state/safepg/audit.jsonl (HOME from the environment, else
 * the password database).  NULL when there is no home directory.
 */
char *audit_default_path(void);

struct profile_set;

/*
 * The log path the profiles name (borrowed from set), or NULL when none
 * does (then audit_open(NULL) takes the default): the first floor profile
 * with audit.path, else the user profile's.  A floor is the administrator's
 * word, so it wins over the user's.  The path may start with "~/".
 */
const char *audit_profile_path(const struct profile_set *set);

/*
 * Open the log at path for appending, creating the missing directories
 * (mode 0700) and the file (mode 0600).  path NULL: audit_default_path();
 * a path starting with "~/" is taken from the home directory (the
 * profile's audit.path allows it).  Nothing is written.  Returns the handle
 * (free it with audit_close), or NULL with *cause (allocated: what failed,
 * the path quoted, the system's reason, and a hint line).
 */
struct audit *audit_open(const char *path, char **cause);

/*
 * Append rec as one line: under an exclusive advisory lock (flock) on the
 * log, take "prev" from the last line (read back unless the file is as we
 * left it), then write the queued lines (audit_queue) and this one with one
 * write(2) on the O_APPEND descriptor.  Fills in what rec leaves to it
 * (ts_ms, pid, os_user).  A log whose last line was torn (no newline) gets
 * the newline first, in the same write, so the torn line stays visible to
 * verify and the chain goes on.  sync = 1: fsync the file before returning
 * (the guard asks before a destructive or catastrophic statement is sent).
 * Returns 0 when the line is in the file (and on disk with sync); -1 with
 * *cause (allocated) otherwise; a partial write is cut off again, so the
 * file never keeps half a line of ours.
 */
int audit_append(struct audit *a, const struct audit_record *rec, int sync, char **cause);

/*
 * Queue rec to be appended later, in one write with others: for the lines
 * of statements that were simply allowed and have run (the guard's outcome
 * lines), where a write(2) and a lock per line would cost more than the
 * statement.  Fills in ts_ms (now), pid and os_user as audit_append does.
 * The queue is written, chained as audit_append would, when it holds 64
 * lines or 64 KiB or its oldest line is a second old (checked here), by the
 * next audit_append (before that line), by audit_flush, by audit_close, and
 * at exit(3).  A queued line keeps the time it was queued (the time the
 * statement ran), so where several processes share a log, times may step
 * back by up to that second; the chain, not the times, gives the order.
 * Returns 0; or -1 with *cause when the record is invalid or a write this
 * call made failed (the queued lines are then dropped).
 */
int audit_queue(struct audit *a, const struct audit_record *rec, char **cause);

/*
 * Format the last queued record now (audit_queue keeps it as given until
 * then): the client calls it after sending the next statement, so the work
 * happens while the server runs.  0, or -1 with *cause when the record is
 * invalid (it is dropped).  Queuing, writing and closing call it too.
 */
int audit_prepare(struct audit *a, char **cause);

/* Write the queued lines now.  0 (also when none), or -1 with *cause. */
int audit_flush(struct audit *a, char **cause);

/* The path of the open log (as opened: "~/" expanded).  Owned by a. */
const char *audit_path(const struct audit *a);

/* Close the log and free a (NULL is fine). */
void audit_close(struct audit *a);

#endif
