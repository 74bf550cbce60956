/* SPDX-License-Identifier: PostgreSQL */
/*
 * complete: keywords, meta-commands and relation names for readline's tab
 * completion (see complete.h).  Relation names come from a catalog query on
 * the session's connection, made quietly (not echoed by ECHO_HIDDEN: it is
 * not a query the user asked for) and only while no query is running.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/readline.h>

#include "safepg/complete.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* readline's callbacks take no user data: the one session completing. */
static struct session *comp_session;
static struct strvec candidates = STRVEC_INIT;
static size_t cand_next;

static const char *const sql_keywords[] = {
	"ABORT", "ALTER", "ANALYZE", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CALL",
	"CASCADE", "CASE", "CHECKPOINT", "CLOSE", "CLUSTER", "COMMENT", "COMMIT", "COPY",
	"CREATE", "DATABASE", "DEALLOCATE", "DECLARE", "DEFAULT", "DELETE FROM", "DESC",
	"DISCARD", "DISTINCT", "DO", "DROP", "ELSE", "END", "EXCEPT", "EXECUTE", "EXISTS",
	"EXPLAIN", "FETCH", "FROM", "FUNCTION", "GRANT", "GROUP BY", "HAVING", "IMPORT",
	"IN", "INDEX", "INSERT INTO", "INTERSECT", "INTO", "IS", "JOIN", "LEFT", "LIKE",
	"LIMIT", "LISTEN", "LOAD", "LOCK", "MERGE", "MOVE", "NOT", "NOTIFY", "NULL",
	"OFFSET", "ON", "OR", "ORDER BY", "PREPARE", "REASSIGN", "REFRESH MATERIALIZED VIEW",
	"REINDEX", "RELEASE", "RESET", "RETURNING", "REVOKE", "ROLE", "ROLLBACK", "SAVEPOINT",
	"SCHEMA", "SECURITY LABEL", "SELECT", "SEQUENCE", "SET", "SHOW", "START", "TABLE",
	"THEN", "TRUNCATE", "UNION", "UNLISTEN", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW",
	"WHEN", "WHERE", "WITH", NULL
};

static const char *const backslash_commands[] = {
	"\\a", "\\C", "\\c", "\\cd", "\\conninfo", "\\copy", "\\d", "\\di", "\\dn", "\\ds",
	"\\dt", "\\du", "\\dv", "\\e", "\\echo", "\\elif", "\\else", "\\encoding", "\\endif",
	"\\errverbose", "\\f", "\\g", "\\gdesc", "\\gexec", "\\gset", "\\gx", "\\H", "\\i",
	"\\if", "\\ir", "\\l", "\\o", "\\p", "\\password", "\\prompt", "\\pset", "\\q",
	"\\qecho", "\\r", "\\s", "\\set", "\\setenv", "\\getenv", "\\t", "\\T", "\\timing",
	"\\unset", "\\w", "\\warn", "\\watch", "\\x", "\\!", NULL
};

static int has_upper(const char *s)
{
	for (; *s; s++)
		if (isupper((unsigned char)*s))
			return 1;
	return 0;
}

static void add_keyword(const char *kw, const char *text, size_t len, int lower)
{
	char *c;

	if (strncasecmp(kw, text, len) != 0)
		return;
	c = xstrdup(kw);
	if (lower)
		for (char *p = c; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	strvec_push_nodup(&candidates, c);
}

/*
 * Catalog names starting with text (quietly): visible relations, schemas,
 * visible functions, and columns of visible tables.  Names the user did not
 * write in quotes are matched as written; psql's grammar-aware choice of
 * which kind fits where is beyond this module.
 */
static void add_catalog_names(const char *text, size_t len)
{
	PGconn *db = comp_session ? comp_session->db : NULL;
	const char *params[1];
	struct strbuf pattern = STRBUF_INIT;
	PGresult *res;

	if (!db || PQstatus(db) != CONNECTION_OK || PQtransactionStatus(db) == PQTRANS_ACTIVE)
		return;
	strbuf_add(&pattern, text, len);
	params[0] = pattern.buf;
	res = PQexecParams(db,
			   "SELECT name FROM ("
			   " SELECT c.relname AS name FROM pg_catalog.pg_class c"
			   "  WHERE c.relkind IN ('r','p','v','m','f')"
			   "  AND pg_catalog.pg_table_is_visible(c.oid)"
			   " UNION SELECT n.nspname FROM pg_catalog.pg_namespace n"
			   " UNION SELECT p.proname FROM pg_catalog.pg_proc p"
			   "  WHERE pg_catalog.pg_function_is_visible(p.oid)"
			   " UNION SELECT a.attname FROM pg_catalog.pg_attribute a"
			   "  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
			   "  WHERE a.attnum > 0 AND NOT a.attisdropped"
			   "  AND c.relkind IN ('r','p','v','m','f')"
			   "  AND c.relnamespace <> 'pg_catalog'::pg_catalog.regnamespace"
			   "  AND pg_catalog.pg_table_is_visible(c.oid)"
			   ") names WHERE substring(name, 1, length($1)) = $1"
			   " ORDER BY 1 LIMIT 1000",
			   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		for (int i = 0; i < PQntuples(res); i++)
			strvec_push(&candidates, PQgetvalue(res, i, 0));
	PQclear(res);
	strbuf_release(&pattern);
}

static char *generator(const char *text, int state)
{
	if (!state) {
		size_t len = strlen(text);
		int lower = len > 0 && !has_upper(text);

		strvec_clear(&candidates);
		cand_next = 0;
		if (text[0] == '\\') {
			for (int i = 0; backslash_commands[i]; i++)
				if (!strncmp(backslash_commands[i], text, len))
					strvec_push(&candidates, backslash_commands[i]);
		} else {
			add_catalog_names(text, len);
			for (int i = 0; sql_keywords[i]; i++)
				add_keyword(sql_keywords[i], text, len, lower);
		}
	}
	if (cand_next < candidates.n)
		return xstrdup(candidates.v[cand_next++]);
	strvec_clear(&candidates);
	return NULL;
}

static char **attempt(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	/* no file-name completion as a fallback */
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, generator);
}

void complete_init(struct session *s)
{
	comp_session = s;
	rl_attempted_completion_function = attempt;
	rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,";
	rl_completer_quote_characters = "";
}

void complete_set_query_buf(struct session *s, const struct strbuf *query_buf)
{
	(void)query_buf;
	comp_session = s;
}
