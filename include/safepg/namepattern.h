/* SPDX-License-Identifier: PostgreSQL */
/*
 * namepattern: psql's object-name patterns (`\d public.foo*`, `\df "My"?`)
 * turned into SQL regular expressions and WHERE clauses, byte for byte as
 * psql 15's processSQLNamePattern and patternToSQLRegex
 * (src/fe_utils/string_utils.c) write them, so that ECHO_HIDDEN output
 * matches psql's.  Pure: it knows nothing of a connection; what psql asks
 * the connection (server version, the client encoding's character
 * lengths) is passed in struct namepattern_opts.  It
 * does not run queries nor report errors: callers check the dot count.
 */
#ifndef SAFEPG_NAMEPATTERN_H
#define SAFEPG_NAMEPATTERN_H

#include "safepg/strbuf.h"

/* What psql would ask the connection. */
struct namepattern_opts {
	int server_version;	/* PQserverVersion: >= 120000 adds COLLATE pg_catalog.default */
	/*
	 * Length in bytes of the (possibly multibyte) character at s, never
	 * more than the bytes left before the NUL (psql's PQmblenBounded with
	 * the client encoding).  NULL: every character is one byte.
	 */
	int (*mblen)(const char *s, void *arg);
	void *mblen_arg;
};

/*
 * psql's patternToSQLRegex: split pattern on unquoted dots into up to three
 * parts (dbname when dbname is not NULL, schema when schema is not NULL,
 * and name), lower-case unquoted letters, turn * into .* and ? into ., quote
 * $ always and regex specials inside double quotes (or everywhere when
 * force_escape), and anchor each part as ^(...)$.  The parts are appended
 * to the buffers given; a buffer for a part absent from the pattern is left
 * alone.  The dbname part is appended literally (psql's
 * want_literal_dbname = true), not as a regex.  Extra dots beyond the
 * buffers stay in the name.  Returns the number of unquoted dots seen.
 */
int namepattern_regex(const char *pattern, int force_escape, struct strbuf *dbname,
		      struct strbuf *schema, struct strbuf *name,
		      const struct namepattern_opts *opts);

/*
 * psql's appendStringLiteralConn: append str as an SQL string literal; a
 * string with a backslash is written E'...' (with a space before the E
 * unless buf is empty or ends with one) and its backslashes doubled.
 */
void namepattern_literal(struct strbuf *buf, const char *str,
			 const struct namepattern_opts *opts);

/*
 * psql's processSQLNamePattern: append to buf (which should end with a
 * newline) the WHERE / AND clauses that restrict schemavar and namevar
 * (and altnamevar, ORed with namevar, when not NULL) to the pattern, or,
 * when the pattern has no schema part (or schemavar is NULL) or pattern is
 * NULL, the visibility rule when it is not NULL.  have_where: buf already
 * has a WHERE, so clauses start with "  AND ".  The database part of the
 * pattern (literal) is appended to dbname when it is not NULL; *dotcnt (may
 * be NULL) gets the number of dots.  Returns 1 when a clause was added.
 */
int namepattern_where(struct strbuf *buf, const char *pattern, int have_where,
		      int force_escape, const char *schemavar, const char *namevar,
		      const char *altnamevar, const char *visibilityrule,
		      struct strbuf *dbname, int *dotcnt, const struct namepattern_opts *opts);

/*
 * psql's fmtId (without quote_all_identifiers): append id, double-quoted
 * (inner quotes doubled) unless it is all lower-case letters, digits and
 * underscores, starts with a letter or underscore and is not a keyword
 * other than an unreserved one (libpg_query's keyword table decides).
 */
void namepattern_quote_ident(struct strbuf *buf, const char *id);

#endif
