/* SPDX-License-Identifier: PostgreSQL */
/*
 * namepattern: psql's name patterns as SQL regular expressions and WHERE
 * clauses (see namepattern.h).  Pure: no connection, no I/O; the caller
 * says what the connection would have said.
 */
#include <ctype.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "safepg/namepattern.h"
#include "safepg/strbuf.h"
#include "safepg/banned.h"

static int char_len(const char *s, const struct namepattern_opts *opts)
{
	int n = 1;

	if (opts && opts->mblen)
		n = opts->mblen(s, opts->mblen_arg);
	if (n < 1)
		n = 1;
	/* never past the terminating NUL, whatever the callback says */
	for (int i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

int namepattern_regex(const char *pattern, int force_escape, struct strbuf *dbname,
		      struct strbuf *schema, struct strbuf *name,
		      const struct namepattern_opts *opts)
{
	struct strbuf part[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct strbuf literal = STRBUF_INIT;	/* the first part, unconverted */
	int cur = 0, max, dots = 0, inquotes = 0, left = 1;
	const char *cp = pattern;

	max = dbname ? 2 : schema ? 1 : 0;
	strbuf_addstr(&part[0], "^(");
	while (*cp) {
		unsigned char ch = (unsigned char)*cp;

		if (ch == '"') {
			if (inquotes && cp[1] == '"') {
				/* "" inside quotes is one quote */
				strbuf_addch(&part[cur], '"');
				if (left)
					strbuf_addch(&literal, '"');
				cp++;
			} else {
				inquotes = !inquotes;
			}
			cp++;
		} else if (!inquotes && isupper(ch)) {
			strbuf_addch(&part[cur], tolower(ch));
			if (left)
				strbuf_addch(&literal, tolower(ch));
			cp++;
		} else if (!inquotes && ch == '*') {
			strbuf_addstr(&part[cur], ".*");
			if (left)
				strbuf_addch(&literal, '*');
			cp++;
		} else if (!inquotes && ch == '?') {
			strbuf_addch(&part[cur], '.');
			if (left)
				strbuf_addch(&literal, '?');
			cp++;
		} else if (!inquotes && ch == '.') {
			left = 0;
			dots++;
			if (cur < max) {
				strbuf_addstr(&part[cur], ")$");
				cur++;
				strbuf_addstr(&part[cur], "^(");
			} else {
				/* more dots than parts: kept, and counted for the caller */
				strbuf_addch(&part[cur], '.');
			}
			cp++;
		} else if (ch == '$') {
			/*
			 * $ is legal in identifiers and the pattern is anchored
			 * anyway, so it is always literal.
			 */
			strbuf_addstr(&part[cur], "\\$");
			if (left)
				strbuf_addch(&literal, '$');
			cp++;
		} else {
			int n;

			/*
			 * Outside quotes regex syntax passes through (power users
			 * write regexes), except "[]", far more likely an array
			 * type name than a bracket expression.
			 */
			if ((inquotes || force_escape) && ch && strchr("|*+?()[]{}.^$\\", ch))
				strbuf_addch(&part[cur], '\\');
			else if (ch == '[' && cp[1] == ']')
				strbuf_addch(&part[cur], '\\');
			n = char_len(cp, opts);
			if (left)
				strbuf_add(&literal, cp, n);
			strbuf_add(&part[cur], cp, n);
			cp += n;
		}
	}
	strbuf_addstr(&part[cur], ")$");

	/* the last part is the name, the one before the schema, then the dbname */
	if (name)
		strbuf_addbuf(name, &part[cur--]);
	if (schema && cur >= 0)
		strbuf_addbuf(schema, &part[cur--]);
	if (dbname && cur >= 0)
		strbuf_addbuf(dbname, &literal);

	for (int i = 0; i < 3; i++)
		strbuf_release(&part[i]);
	strbuf_release(&literal);
	return dots;
}

void namepattern_literal(struct strbuf *buf, const char *str,
			 const struct namepattern_opts *opts)
{
	int escape = strchr(str, '\\') != NULL;

	if (escape) {
		/* psql's kluge against escape_string_warning: E'' for backslashes */
		if (buf->len > 0 && buf->buf[buf->len - 1] != ' ')
			strbuf_addch(buf, ' ');
		strbuf_addch(buf, 'E');
	}
	strbuf_addch(buf, '\'');
	while (*str) {
		int n;

		if (*str == '\'' || (escape && *str == '\\'))
			strbuf_addch(buf, *str);
		n = char_len(str, opts);
		strbuf_add(buf, str, n);
		str += n;
	}
	strbuf_addch(buf, '\'');
}

/* One "VAR OPERATOR(pg_catalog.~) 'regex'" test. */
static void add_match(struct strbuf *buf, const char *var, const struct strbuf *regex,
		      const struct namepattern_opts *opts)
{
	strbuf_addf(buf, "%s OPERATOR(pg_catalog.~) ", var);
	namepattern_literal(buf, regex->buf, opts);
	/* name columns have collation C; psql wants the database's (\w ...) */
	if (opts && opts->server_version >= 120000)
		strbuf_addstr(buf, " COLLATE pg_catalog.default");
}

int namepattern_where(struct strbuf *buf, const char *pattern, int have_where,
		      int force_escape, const char *schemavar, const char *namevar,
		      const char *altnamevar, const char *visibilityrule,
		      struct strbuf *dbname, int *dotcnt, const struct namepattern_opts *opts)
{
	struct strbuf schema = STRBUF_INIT, name = STRBUF_INIT;
	int added = 0, dots = 0;

#define WHEREAND() \
	(strbuf_addstr(buf, have_where ? "  AND " : "WHERE "), have_where = 1, added = 1)

	if (!pattern) {
		if (visibilityrule) {
			WHEREAND();
			strbuf_addf(buf, "%s\n", visibilityrule);
		}
		goto done;
	}

	dots = namepattern_regex(pattern, force_escape, schemavar ? dbname : NULL,
				 schemavar ? &schema : NULL, &name, opts);

	/* "^(" is always there: a longer buffer holds a real pattern */
	if (namevar && name.len > 2 && strcmp(name.buf, "^(.*)$") != 0) {
		WHEREAND();
		if (altnamevar) {
			strbuf_addch(buf, '(');
			add_match(buf, namevar, &name, opts);
			strbuf_addstr(buf, "\n        OR ");
			add_match(buf, altnamevar, &name, opts);
			strbuf_addstr(buf, ")\n");
		} else {
			add_match(buf, namevar, &name, opts);
			strbuf_addch(buf, '\n');
		}
	}

	if (schemavar && schema.len > 2) {
		if (strcmp(schema.buf, "^(.*)$") != 0) {
			WHEREAND();
			add_match(buf, schemavar, &schema, opts);
			strbuf_addch(buf, '\n');
		}
	} else if (visibilityrule) {
		/* no schema in the pattern: only what the search path shows */
		WHEREAND();
		strbuf_addf(buf, "%s\n", visibilityrule);
	}
#undef WHEREAND

done:
	if (dotcnt)
		*dotcnt = dots;
	strbuf_release(&schema);
	strbuf_release(&name);
	return added;
}

/* A keyword that an identifier cannot be without quotes (not unreserved). */
static int is_quoting_keyword(const char *id)
{
	PgQueryScanResult scan = pg_query_scan(id);
	PgQuery__ScanResult *tokens = NULL;
	int keyword = 0;

	if (!scan.error)
		tokens = pg_query__scan_result__unpack(NULL, scan.pbuf.len,
						       (const uint8_t *)scan.pbuf.data);
	/* one token covering the whole identifier: its keyword class decides */
	if (tokens && tokens->n_tokens == 1 && tokens->tokens[0]->start == 0 &&
	    (size_t)tokens->tokens[0]->end == strlen(id))
		keyword = tokens->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
			  tokens->tokens[0]->keyword_kind !=
				  PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
	if (tokens)
		pg_query__scan_result__free_unpacked(tokens, NULL);
	pg_query_free_scan_result(scan);
	return keyword;
}

void namepattern_quote_ident(struct strbuf *buf, const char *id)
{
	int quote = !((id[0] >= 'a' && id[0] <= 'z') || id[0] == '_');

	for (const char *p = id; *p && !quote; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			quote = 1;
	if (!quote && is_quoting_keyword(id))
		quote = 1;
	if (!quote) {
		strbuf_addstr(buf, id);
		return;
	}
	strbuf_addch(buf, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			strbuf_addch(buf, '"');
		strbuf_addch(buf, *p);
	}
	strbuf_addch(buf, '"');
}
