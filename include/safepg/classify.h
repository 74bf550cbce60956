/* SPDX-License-Identifier: PostgreSQL */
/*
 * classify: the verdict on one unit of input (design.md, "Classes").  SQL is
 * parsed with PostgreSQL 15's own grammar (libpg_query) and the whole tree is
 * walked: data-modifying CTEs at any depth, EXPLAIN ANALYZE, PREPARE and
 * EXECUTE, rules, COPY ... PROGRAM, SELECT INTO, calls of dangerous built-in
 * and unknown user functions anywhere in an expression, DO blocks (their
 * PL/pgSQL is parsed and each embedded statement classified), statements that
 * lift a read-only session.  Input the grammar rejects goes through a
 * token-level fallback and is never less than unknown.  psql meta-commands
 * are classified from their name and arguments; `\!` and the like go to
 * shellcmd.  Pure: no I/O; classify never fails, what it cannot see through
 * is unknown (or worse) with a reason.  It does not decide what happens to
 * a verdict (policy does) and does not read files (\i: the caller does).
 *
 * Decisions worth knowing (the tables in tests/data/classify show the rest):
 *   - DELETE/UPDATE with no WHERE, or one that is true for every row
 *     (`true`, `1=1`, `'a'='a'`, `x = x`, `... OR true`, casts and NOT of
 *     those), is destructive; with any real condition, write.
 *   - Function calls are looked up in pgfunc: non-volatile pg_catalog
 *     functions are read; curated volatile ones have their own class
 *     (pg_terminate_backend, pg_cancel_backend — it fails the victim's
 *     transaction —, lo_unlink, pg_drop_replication_slot, pg_stat_reset:
 *     destructive; pg_promote: catastrophic; nextval, setval,
 *     pg_reload_conf: write; pg_read_file, pg_sleep, advisory locks: read);
 *     set_config is read unless it lifts read-only; dblink_exec and
 *     friends: the class of the SQL they are given as a constant, else
 *     unknown; anything else is a user function: unknown.  Calls inside
 *     definitions that do not run now (CREATE TABLE column defaults,
 *     CREATE FUNCTION/VIEW/INDEX/TRIGGER/POLICY bodies) are not counted.
 *   - EXPLAIN without ANALYZE is read whatever it explains.
 *   - DO blocks get the class of their parsed contents (read when they only
 *     read); dynamic EXECUTE, other languages or PL/pgSQL that does not
 *     compile: unknown.  CALL and LOAD: unknown.
 *   - PREPARE is read and records the class of its statement in ctx as it
 *     is classified (before it runs); DEALLOCATE and DISCARD ALL forget.
 *   - Lifting read-only (SET default_transaction_read_only = off / TO
 *     DEFAULT, RESET of it, RESET ALL, SET [SESSION CHARACTERISTICS AS]
 *     TRANSACTION READ WRITE, BEGIN/START ... READ WRITE, SET
 *     session_replication_role to anything but origin/local, set_config of
 *     those): write with lifts_read_only.
 *   - DROP DATABASE (confirm_target: the database), DROP SCHEMA ... CASCADE,
 *     DROP OWNED, ALTER SYSTEM, pg_promote(): catastrophic.  Every other
 *     DROP, TRUNCATE, ALTER TABLE ... DROP COLUMN/CONSTRAINT, COPY ...
 *     PROGRAM, COPY ... TO a server file, ROLLBACK PREPARED, a rule that
 *     makes writes DO INSTEAD NOTHING: destructive.
 *   - Token fallback (parse_failed): the unit is split at top-level
 *     semicolons and each piece parsed alone; a piece that still fails is
 *     unknown, raised by its words: DROP DATABASE (target: the next name),
 *     DROP SCHEMA ... CASCADE, DROP OWNED, ALTER SYSTEM: catastrophic; DROP
 *     x, TRUNCATE, DELETE/UPDATE with no WHERE word, COPY ... PROGRAM, a
 *     call of a destructive built-in: destructive.
 */
#ifndef SAFEPG_CLASSIFY_H
#define SAFEPG_CLASSIFY_H

#include <stddef.h>

#include "safepg/class.h"
#include "safepg/strvec.h"

struct verdict {
	enum sp_class cls;
	char *kind;		/* statement kind: "DROP TABLE", "SELECT", "DELETE", "\\o", "shell: rm" */
	struct strvec objects;	/* objects touched, as written: "public.orders" */
	struct strvec reasons;	/* human reasons: "DELETE without WHERE removes every row of public.orders" */
	char *confirm_target;	/* DROP DATABASE x / dropdb x: "x" (the phrase to type); else NULL */
	unsigned lifts_read_only:1;	/* would switch off a read-only session */
	unsigned copy_from_stdin:1;	/* COPY ... FROM STDIN / \copy ... from stdin: data lines follow */
	unsigned parse_failed:1;	/* the PostgreSQL 15 grammar rejected it; class from the token fallback */
	unsigned include_file:1;	/* \i / \ir: the caller classifies the file (path in objects.v[0]) */
	unsigned nstatements;		/* statements in the unit (0 for empty input and meta-commands) */
};

/* An empty verdict (class CLASS_NONE, no kind); allocates nothing. */
void verdict_init(struct verdict *v);
/* Free the contents; v is back to the verdict_init state. */
void verdict_release(struct verdict *v);
/* Replace dst's contents with a deep copy of src. */
void verdict_copy(struct verdict *dst, const struct verdict *src);
/* 1 when a and b say the same in every field (class, kind, objects and reasons in order, flags). */
int verdict_equal(const struct verdict *a, const struct verdict *b);
/*
 * Fold src into dst as the riskier-statement rule says: when src's class is
 * riskier, dst takes its class, kind, objects and reasons; when equal, src's
 * objects and reasons are added (kind stays); flags are OR-ed, statement
 * counts added, confirm_target kept from the first that has one.
 */
void verdict_merge(struct verdict *dst, const struct verdict *src);
/*
 * Set v to cls with the given kind (copied) and one reason (copied, may be
 * NULL), dropping objects and reasons it held: a helper for classifiers of
 * other input (shell commands, wrapped tools).
 */
void verdict_set(struct verdict *v, enum sp_class cls, const char *kind, const char *reason);
/*
 * Raise v to cls for the given object and reason (either may be NULL):
 * when cls is riskier than v->cls, v takes it and the objects and reasons
 * of the lower class are dropped; when equal, they are added (no
 * duplicates); when lower, nothing changes.  Kind is left alone.
 */
void verdict_note(struct verdict *v, enum sp_class cls, const char *object, const char *reason);

/*
 * Session state the classifier needs across units: the statements
 * PREPAREd so far (name -> verdict), so that a later EXECUTE gets the
 * prepared statement's class.  DEALLOCATE and DISCARD ALL forget.  A
 * re-PREPARE of a known name keeps the riskier of the two, because the
 * server refuses to redefine a name and safepg cannot tell which one it
 * holds.
 */
struct classify_ctx;

struct classify_ctx *classify_ctx_new(void);
/* Free the ctx (NULL is fine). */
void classify_ctx_free(struct classify_ctx *ctx);
/*
 * The session's standard_conforming_strings (on by default).  With it off,
 * a backslash in a plain '...' literal is an escape, as the server reads
 * it; the classifier reads such literals the same way.
 */
void classify_ctx_set_std_strings(struct classify_ctx *ctx, int on);
/* Forget every prepared statement (after \c: a new session has none). */
void classify_ctx_reset(struct classify_ctx *ctx);

/*
 * Classify one unit of SQL, sql[0..len-1] (one or more statements separated
 * by ';', as psql would send them; need not be NUL-terminated).  out must
 * be initialised (verdict_init); its previous contents are released.  ctx
 * may be NULL: PREPARE/EXECUTE are then seen only within this unit.
 * Empty input or only comments: read, kind "empty".
 */
void classify_sql(struct classify_ctx *ctx, const char *sql, size_t len, struct verdict *out);

/*
 * classify_sql without the fast path: always through the parser.  The same
 * verdict by contract; tests compare the two.  Callers that tried
 * classify_fast themselves use it so as not to try twice.
 */
void classify_sql_parsed(struct classify_ctx *ctx, const char *sql, size_t len,
			 struct verdict *out);

/*
 * The fast path (classify_fast.c): when sql[0..len-1] is one INSERT ...
 * VALUES, UPDATE ... WHERE or DELETE ... WHERE written with plain names,
 * literals and arithmetic only, set out (initialised; its contents are
 * replaced) to the verdict the parser would give — write — and return 1.
 * Otherwise return 0 and leave out alone.  classify_sql tries it first.
 */
int classify_fast(const char *sql, size_t len, struct verdict *out);

/*
 * Classify a psql meta-command: name without the backslash ("copy", "o",
 * "!"), args as psql's lexer gave them (quotes removed, variables and
 * backquotes already expanded).  Commands that take the whole line
 * (\copy, \!) may be given as one argument or several; they are joined with
 * spaces.  Kind is "\\" + name.  Unknown meta-commands are unknown.
 * Describe and display commands (\d*, \l, \x, \pset, \set, \c, ...):
 * read.  \o, \w, \g, \s with a FILE: write (object FILE); with "|cmd": the
 * shell command's class.  \copy ... from: write (copy_from_stdin for
 * stdin/pstdin); \copy ... to FILE: write; to stdout: read; program: the
 * shell command's class; \copy (query): the query's class as well.
 * \i, \ir: read with include_file set and the path in objects.v[0] (the
 * caller classifies the file's units).  \gexec: unknown.  \lo_unlink:
 * destructive; \lo_import, \lo_export, \password: write.  nstatements is 0.
 */
void classify_meta(struct classify_ctx *ctx, const char *name, const char *const *args,
		   size_t nargs, struct verdict *out);

/*
 * Classify the command inside a backquoted meta-command argument
 * (`\set x `date``): it runs in the shell like \!.  Same as
 * shellcmd_classify; kind "shell: NAME".
 */
void classify_shell_backtick(struct classify_ctx *ctx, const char *cmdline, struct verdict *out);

#endif
