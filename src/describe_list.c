/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_list: the list commands of the \d family — relations (\dt \di
 * \ds \dv \dm \dE and plain \d), partitioned relations (\dP), schemas,
 * functions, operators, types, roles, databases, privileges, extensions,
 * and the smaller catalogs — each psql 15's query, printed as a result
 * table with psql's title.  Nothing here changes the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Run buf (released here), print the result under title; 1 on success. */
static int run_and_print(struct session *s, struct strbuf *buf, const char *title)
{
	PGresult *res = describe_exec(s, buf);

	strbuf_release(buf);
	if (!res)
		return 0;
	describe_print(s, res, title);
	PQclear(res);
	return 1;
}

/* psql's listTables: \d without a pattern, \dt \di \dv \dm \ds \dE. */
int describe_list_tables(struct session *s, const char *tabtypes, const char *pattern,
			 int verbose, int show_system)
{
	int tables = strchr(tabtypes, 't') != NULL, indexes = strchr(tabtypes, 'i') != NULL,
	    views = strchr(tabtypes, 'v') != NULL, matviews = strchr(tabtypes, 'm') != NULL,
	    seqs = strchr(tabtypes, 's') != NULL, foreign = strchr(tabtypes, 'E') != NULL;
	struct strbuf buf = STRBUF_INIT;
	int with_am;
	PGresult *res;

	/* no kind letter: \dtvmsE */
	if (!(tables || indexes || views || matviews || seqs || foreign))
		tables = views = matviews = seqs = foreign = 1;
	with_am = s->sversion >= 120000 && !s->hide_tableam && (tables || matviews || indexes);

	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  c.relname as \"%s\",\n"
		    "  CASE c.relkind WHEN 'r' THEN '%s' WHEN 'v' THEN '%s' WHEN 'm' THEN '%s' "
		    "WHEN 'i' THEN '%s' WHEN 'S' THEN '%s' WHEN 't' THEN '%s' WHEN 'f' THEN '%s' "
		    "WHEN 'p' THEN '%s' WHEN 'I' THEN '%s' END as \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(c.relowner) as \"%s\"",
		    "Schema", "Name", "table", "view", "materialized view", "index", "sequence",
		    "TOAST table", "foreign table", "partitioned table", "partitioned index", "Type",
		    "Owner");
	if (indexes)
		strbuf_addf(&buf, ",\n  c2.relname as \"%s\"", "Table");
	if (verbose) {
		strbuf_addf(&buf,
			    ",\n  CASE c.relpersistence WHEN 'p' THEN '%s' WHEN 't' THEN '%s' WHEN 'u' THEN '%s' END as \"%s\"",
			    "permanent", "temporary", "unlogged", "Persistence");
		if (with_am)
			strbuf_addf(&buf, ",\n  am.amname as \"%s\"", "Access method");
		strbuf_addf(&buf,
			    ",\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as \"%s\""
			    ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"%s\"",
			    "Size", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_class c"
			    "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace");
	if (with_am)
		strbuf_addstr(&buf, "\n     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam");
	if (indexes)
		strbuf_addstr(&buf, "\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
				    "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid");
	strbuf_addstr(&buf, "\nWHERE c.relkind IN (");
	if (tables) {
		strbuf_addstr(&buf, "'r','p',");
		/* with S or a pattern, t matches TOAST tables too */
		if (show_system || pattern)
			strbuf_addstr(&buf, "'t',");
	}
	if (views)
		strbuf_addstr(&buf, "'v',");
	if (matviews)
		strbuf_addstr(&buf, "'m',");
	if (indexes)
		strbuf_addstr(&buf, "'i','I',");
	if (seqs)
		strbuf_addstr(&buf, "'S',");
	if (show_system || pattern)
		strbuf_addstr(&buf, "'s',");	/* was RELKIND_SPECIAL */
	if (foreign)
		strbuf_addstr(&buf, "'f',");
	strbuf_addstr(&buf, "''");	/* dummy */
	strbuf_addstr(&buf, ")\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "      AND n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname !~ '^pg_toast'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, pattern, 1, 0, "n.nspname", "c.relname", NULL,
			      "pg_catalog.pg_table_is_visible(c.oid)", NULL, 3)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1,2;");
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	/* unlike the other lists, an empty one is an error (when not quiet) */
	if (PQntuples(res) == 0 && !s->quiet) {
		if (pattern)
			log_error("Did not find any relation named \"%s\".", pattern);
		else
			log_error("Did not find any relations.");
	} else {
		describe_print(s, res, "List of relations");
	}
	PQclear(res);
	return 1;
}

/* psql's listPartitionedTables: \dP[tin][+]. */
int describe_list_partitioned(struct session *s, const char *reltypes, const char *pattern,
			      int verbose)
{
	int tables = strchr(reltypes, 't') != NULL, indexes = strchr(reltypes, 'i') != NULL,
	    nested = strchr(reltypes, 'n') != NULL, mixed = 0;
	struct strbuf buf = STRBUF_INIT;
	const char *title;

	if (!tables && !indexes)
		tables = indexes = 1;
	if (indexes && !tables) {
		title = "List of partitioned indexes";
	} else if (tables && !indexes) {
		title = "List of partitioned tables";
	} else {
		title = "List of partitioned relations";
		mixed = 1;
	}
	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  c.relname as \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(c.relowner) as \"%s\"",
		    "Schema", "Name", "Owner");
	if (mixed)
		strbuf_addf(&buf,
			    ",\n  CASE c.relkind WHEN 'p' THEN '%s' WHEN 'I' THEN '%s' END as \"%s\"",
			    "partitioned table", "partitioned index", "Type");
	if (nested || pattern)
		strbuf_addf(&buf, ",\n  inh.inhparent::pg_catalog.regclass as \"%s\"", "Parent name");
	if (indexes)
		strbuf_addf(&buf, ",\n c2.oid::pg_catalog.regclass as \"%s\"", "Table");
	if (verbose) {
		/* without n, the sizes of all partitions count */
		if (nested)
			strbuf_addf(&buf, ",\n  s.dps as \"%s\"", "Leaf partition size");
		strbuf_addf(&buf, ",\n  s.tps as \"%s\"", "Total size");
		strbuf_addf(&buf, ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"%s\"",
			    "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_class c"
			    "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace");
	if (indexes)
		strbuf_addstr(&buf, "\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
				    "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid");
	if (nested || pattern)
		strbuf_addstr(&buf,
			      "\n     LEFT JOIN pg_catalog.pg_inherits inh ON c.oid = inh.inhrelid");
	if (verbose) {
		if (s->sversion < 120000)
			strbuf_addstr(&buf,
				      ",\n     LATERAL (WITH RECURSIVE d\n"
				      "                AS (SELECT inhrelid AS oid, 1 AS level\n"
				      "                      FROM pg_catalog.pg_inherits\n"
				      "                     WHERE inhparent = c.oid\n"
				      "                    UNION ALL\n"
				      "                    SELECT inhrelid, level + 1\n"
				      "                      FROM pg_catalog.pg_inherits i\n"
				      "                           JOIN d ON i.inhparent = d.oid)\n"
				      "                SELECT pg_catalog.pg_size_pretty(sum(pg_catalog.pg_table_size(d.oid))) AS tps,\n"
				      "                       pg_catalog.pg_size_pretty(sum("
				      "\n             CASE WHEN d.level = 1 THEN pg_catalog.pg_table_size(d.oid) ELSE 0 END)) AS dps\n"
				      "               FROM d) s");
		else
			strbuf_addstr(&buf,
				      ",\n     LATERAL (SELECT pg_catalog.pg_size_pretty(sum("
				      "\n                 CASE WHEN ppt.isleaf AND ppt.level = 1"
				      "\n                      THEN pg_catalog.pg_table_size(ppt.relid) ELSE 0 END)) AS dps"
				      ",\n                     pg_catalog.pg_size_pretty(sum(pg_catalog.pg_table_size(ppt.relid))) AS tps"
				      "\n              FROM pg_catalog.pg_partition_tree(c.oid) ppt) s");
	}
	strbuf_addstr(&buf, "\nWHERE c.relkind IN (");
	if (tables)
		strbuf_addstr(&buf, "'p',");
	if (indexes)
		strbuf_addstr(&buf, "'I',");
	strbuf_addstr(&buf, "''");
	strbuf_addstr(&buf, ")\n");
	strbuf_addstr(&buf, !nested && !pattern ? " AND NOT c.relispartition\n" : "");
	if (!pattern)
		strbuf_addstr(&buf, "      AND n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname !~ '^pg_toast'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, pattern, 1, 0, "n.nspname", "c.relname", NULL,
			      "pg_catalog.pg_table_is_visible(c.oid)", NULL, 3)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addf(&buf, "ORDER BY \"Schema\", %s%s\"Name\";", mixed ? "\"Type\" DESC, " : "",
		    nested || pattern ? "\"Parent name\" NULLS FIRST, " : "");
	return run_and_print(s, &buf, title);
}

/* psql's listSchemas: \dn[S+]. */
int describe_schemas(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;
	struct print_query_opt opt = s->popt;
	char **footers = NULL;
	PGresult *res = NULL, *pubs = NULL;
	int n = 0, ok = 0;

	strbuf_addf(&buf,
		    "SELECT n.nspname AS \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(n.nspowner) AS \"%s\"",
		    "Name", "Owner");
	if (verbose) {
		strbuf_addstr(&buf, ",\n  ");
		describe_acl_column(&buf, "n.nspacl");
		strbuf_addf(&buf,
			    ",\n  pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"%s\"",
			    "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_namespace n\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf,
			      "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, pattern, !show_system && !pattern, 0, NULL, "n.nspname",
			      NULL, NULL, NULL, 2))
		goto done;
	strbuf_addstr(&buf, "ORDER BY 1;");
	res = describe_exec(s, &buf);
	if (!res)
		goto done;
	opt.null_print = NULL;
	opt.title = (char *)"List of schemas";
	opt.translate_header = 1;
	if (pattern && s->sversion >= 150000) {
		strbuf_reset(&buf);
		/*
		 * psql pastes the pattern between quotes as it is; safepg quotes
		 * it as a literal, the same bytes unless the pattern holds a
		 * quote (which must not end the string: these queries are not
		 * guarded).
		 */
		strbuf_addstr(&buf,
			      "SELECT pubname \n"
			      "FROM pg_catalog.pg_publication p\n"
			      "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
			      "     JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid \n"
			      "WHERE n.nspname = ");
		describe_literal(s, &buf, pattern);
		strbuf_addstr(&buf, "\nORDER BY 1");
		pubs = describe_exec(s, &buf);
		if (!pubs)
			goto done;
		n = PQntuples(pubs);
		if (n > 0) {
			footers = xcalloc(n + 2, sizeof(*footers));
			footers[0] = xstrdup("Publications:");
			for (int i = 0; i < n; i++)
				footers[i + 1] = xasprintf("    \"%s\"", PQgetvalue(pubs, i, 0));
			opt.footers = footers;
		}
	}
	print_query(res, &opt, s->query_fout, 0, s->logfile);
	ok = 1;
done:
	if (footers) {
		for (int i = 0; footers[i]; i++)
			free(footers[i]);
		free(footers);
	}
	PQclear(res);
	PQclear(pubs);
	strbuf_release(&buf);
	return ok;
}

/*
 * psql's map_typename_pattern: names the grammar accepts but neither
 * pg_type nor format_type uses, mapped to format_type's spelling.
 */
static const char *map_typename_pattern(const char *pattern)
{
	static const char *const map[] = {
		"decimal", "numeric",
		"float", "double precision",
		"int", "integer",
		"bool[]", "boolean[]",
		"decimal[]", "numeric[]",
		"float[]", "double precision[]",
		"float4[]", "real[]",
		"float8[]", "double precision[]",
		"int[]", "integer[]",
		"int2[]", "smallint[]",
		"int4[]", "integer[]",
		"int8[]", "bigint[]",
		"time[]", "time without time zone[]",
		"timetz[]", "time with time zone[]",
		"timestamp[]", "timestamp without time zone[]",
		"timestamptz[]", "timestamp with time zone[]",
		"varbit[]", "bit varying[]",
		"varchar[]", "character varying[]",
		NULL
	};

	if (!pattern)
		return NULL;
	for (int i = 0; map[i]; i += 2)
		if (!strcasecmp(pattern, map[i]))
			return map[i + 1];
	return pattern;
}

/*
 * The argument type patterns of \df and \do: each matches the internal
 * or the external name of argument i's type, "-" means no such argument.
 */
static int arg_type_patterns(struct session *s, struct strbuf *buf,
			     const char *const *patterns, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char nsp[64], typ[64], ft[64], tiv[64];

		if (!strcmp(patterns[i], "-")) {
			strbuf_addf(buf, "  AND t%zu.typname IS NULL\n", i);
			continue;
		}
		snprintf(nsp, sizeof(nsp), "nt%zu.nspname", i);
		snprintf(typ, sizeof(typ), "t%zu.typname", i);
		snprintf(ft, sizeof(ft), "pg_catalog.format_type(t%zu.oid, NULL)", i);
		snprintf(tiv, sizeof(tiv), "pg_catalog.pg_type_is_visible(t%zu.oid)", i);
		if (!describe_pattern(s, buf, map_typename_pattern(patterns[i]), 1, 0, nsp, typ, ft,
				      tiv, NULL, 3))
			return 0;
	}
	return 1;
}

/* "WHERE " the first time, "      AND " after. */
static void where_and(struct strbuf *buf, int *have_where)
{
	strbuf_addstr(buf, *have_where ? "      AND " : "WHERE ");
	*have_where = 1;
}

/* psql's describeFunctions: \df[anptwS+]. */
int describe_functions(struct session *s, const char *functypes, const char *pattern,
		       const char *const *arg_patterns, size_t nargs, int verbose, int show_system)
{
	int agg = strchr(functypes, 'a') != NULL, normal = strchr(functypes, 'n') != NULL,
	    proc = strchr(functypes, 'p') != NULL, trig = strchr(functypes, 't') != NULL,
	    win = strchr(functypes, 'w') != NULL;
	int v11 = s->sversion >= 110000, have_where = 0;
	struct strbuf buf = STRBUF_INIT;

	if (strlen(functypes) != strspn(functypes, "anptwS+")) {
		/* psql reports it and carries on as a success */
		log_error("\\df only takes [anptwS+] as options");
		return 1;
	}
	if (proc && !v11) {
		struct strbuf v = STRBUF_INIT;

		strbuf_addf(&v, "%d", s->sversion / 10000);
		log_error("\\df does not take a \"%c\" option with server version %s", 'p', v.buf);
		strbuf_release(&v);
		return 1;
	}
	if (!agg && !normal && !proc && !trig && !win) {
		agg = normal = trig = win = 1;
		if (v11)
			proc = 1;
	}
	strbuf_addf(&buf, "SELECT n.nspname as \"%s\",\n  p.proname as \"%s\",\n", "Schema",
		    "Name");
	if (v11)
		strbuf_addf(&buf,
			    "  pg_catalog.pg_get_function_result(p.oid) as \"%s\",\n"
			    "  pg_catalog.pg_get_function_arguments(p.oid) as \"%s\",\n"
			    " CASE p.prokind\n"
			    "  WHEN 'a' THEN '%s'\n"
			    "  WHEN 'w' THEN '%s'\n"
			    "  WHEN 'p' THEN '%s'\n"
			    "  ELSE '%s'\n"
			    " END as \"%s\"",
			    "Result data type", "Argument data types", "agg", "window", "proc",
			    "func", "Type");
	else
		strbuf_addf(&buf,
			    "  pg_catalog.pg_get_function_result(p.oid) as \"%s\",\n"
			    "  pg_catalog.pg_get_function_arguments(p.oid) as \"%s\",\n"
			    " CASE\n"
			    "  WHEN p.proisagg THEN '%s'\n"
			    "  WHEN p.proiswindow THEN '%s'\n"
			    "  WHEN p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype THEN '%s'\n"
			    "  ELSE '%s'\n"
			    " END as \"%s\"",
			    "Result data type", "Argument data types", "agg", "window", "trigger",
			    "func", "Type");
	if (verbose) {
		strbuf_addf(&buf,
			    ",\n CASE\n"
			    "  WHEN p.provolatile = 'i' THEN '%s'\n"
			    "  WHEN p.provolatile = 's' THEN '%s'\n"
			    "  WHEN p.provolatile = 'v' THEN '%s'\n"
			    " END as \"%s\"",
			    "immutable", "stable", "volatile", "Volatility");
		strbuf_addf(&buf,
			    ",\n CASE\n"
			    "  WHEN p.proparallel = 'r' THEN '%s'\n"
			    "  WHEN p.proparallel = 's' THEN '%s'\n"
			    "  WHEN p.proparallel = 'u' THEN '%s'\n"
			    " END as \"%s\"",
			    "restricted", "safe", "unsafe", "Parallel");
		strbuf_addf(&buf,
			    ",\n pg_catalog.pg_get_userbyid(p.proowner) as \"%s\""
			    ",\n CASE WHEN prosecdef THEN '%s' ELSE '%s' END AS \"%s\"",
			    "Owner", "definer", "invoker", "Security");
		strbuf_addstr(&buf, ",\n ");
		describe_acl_column(&buf, "p.proacl");
		strbuf_addf(&buf, ",\n l.lanname as \"%s\"", "Language");
		if (s->sversion >= 140000)
			strbuf_addf(&buf,
				    ",\n COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as \"%s\"",
				    "Source code");
		else
			strbuf_addf(&buf, ",\n p.prosrc as \"%s\"", "Source code");
		strbuf_addf(&buf, ",\n pg_catalog.obj_description(p.oid, 'pg_proc') as \"%s\"",
			    "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_proc p"
			    "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n");
	for (size_t i = 0; i < nargs; i++)
		strbuf_addf(&buf,
			    "     LEFT JOIN pg_catalog.pg_type t%zu ON t%zu.oid = p.proargtypes[%zu]\n"
			    "     LEFT JOIN pg_catalog.pg_namespace nt%zu ON nt%zu.oid = t%zu.typnamespace\n",
			    i, i, i, i, i, i);
	if (verbose)
		strbuf_addstr(&buf,
			      "     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n");

	if (normal && agg && proc && trig && win) {
		/* everything: no filter */
	} else if (normal) {
		if (!agg) {
			where_and(&buf, &have_where);
			strbuf_addstr(&buf, v11 ? "p.prokind <> 'a'\n" : "NOT p.proisagg\n");
		}
		if (!proc && v11) {
			where_and(&buf, &have_where);
			strbuf_addstr(&buf, "p.prokind <> 'p'\n");
		}
		if (!trig) {
			where_and(&buf, &have_where);
			strbuf_addstr(&buf,
				      "p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype\n");
		}
		if (!win) {
			where_and(&buf, &have_where);
			strbuf_addstr(&buf, v11 ? "p.prokind <> 'w'\n" : "NOT p.proiswindow\n");
		}
	} else {
		int needs_or = 0;

		strbuf_addstr(&buf, "WHERE (\n       ");
		have_where = 1;
		if (agg) {
			strbuf_addstr(&buf, v11 ? "p.prokind = 'a'\n" : "p.proisagg\n");
			needs_or = 1;
		}
		if (trig) {
			if (needs_or)
				strbuf_addstr(&buf, "       OR ");
			strbuf_addstr(&buf, "p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype\n");
			needs_or = 1;
		}
		if (proc) {
			if (needs_or)
				strbuf_addstr(&buf, "       OR ");
			strbuf_addstr(&buf, "p.prokind = 'p'\n");
			needs_or = 1;
		}
		if (win) {
			if (needs_or)
				strbuf_addstr(&buf, "       OR ");
			strbuf_addstr(&buf, v11 ? "p.prokind = 'w'\n" : "p.proiswindow\n");
		}
		strbuf_addstr(&buf, "      )\n");
	}
	if (!describe_pattern(s, &buf, pattern, have_where, 0, "n.nspname", "p.proname", NULL,
			      "pg_catalog.pg_function_is_visible(p.oid)", NULL, 3) ||
	    !arg_type_patterns(s, &buf, arg_patterns, nargs)) {
		strbuf_release(&buf);
		return 0;
	}
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "      AND n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	strbuf_addstr(&buf, "ORDER BY 1, 2, 4;");
	return run_and_print(s, &buf, "List of functions");
}

/* psql's describeTypes: \dT[S+]. */
int describe_types(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  pg_catalog.format_type(t.oid, NULL) AS \"%s\",\n",
		    "Schema", "Name");
	if (verbose) {
		strbuf_addf(&buf,
			    "  t.typname AS \"%s\",\n"
			    "  CASE WHEN t.typrelid != 0\n"
			    "      THEN CAST('tuple' AS pg_catalog.text)\n"
			    "    WHEN t.typlen < 0\n"
			    "      THEN CAST('var' AS pg_catalog.text)\n"
			    "    ELSE CAST(t.typlen AS pg_catalog.text)\n"
			    "  END AS \"%s\",\n"
			    "  pg_catalog.array_to_string(\n"
			    "      ARRAY(\n"
			    "          SELECT e.enumlabel\n"
			    "          FROM pg_catalog.pg_enum e\n"
			    "          WHERE e.enumtypid = t.oid\n"
			    "          ORDER BY e.enumsortorder\n"
			    "      ),\n"
			    "      E'\\n'\n"
			    "  ) AS \"%s\",\n"
			    "  pg_catalog.pg_get_userbyid(t.typowner) AS \"%s\",\n",
			    "Internal name", "Size", "Elements", "Owner");
		describe_acl_column(&buf, "t.typacl");
		strbuf_addstr(&buf, ",\n  ");
	}
	strbuf_addf(&buf, "  pg_catalog.obj_description(t.oid, 'pg_type') as \"%s\"\n",
		    "Description");
	strbuf_addstr(&buf, "FROM pg_catalog.pg_type t\n"
			    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n");
	/* composite types only when they stand alone */
	strbuf_addstr(&buf, "WHERE (t.typrelid = 0 ");
	strbuf_addstr(&buf, "OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c "
			    "WHERE c.oid = t.typrelid))\n");
	/* array types only when the pattern says [] */
	if (!pattern || !strstr(pattern, "[]"))
		strbuf_addstr(&buf,
			      "  AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "      AND n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, map_typename_pattern(pattern), 1, 0, "n.nspname",
			      "t.typname", "pg_catalog.format_type(t.oid, NULL)",
			      "pg_catalog.pg_type_is_visible(t.oid)", NULL, 3)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of data types");
}

/* psql's describeOperators: \do[S+] [name [left [right]]]. */
int describe_operators(struct session *s, const char *pattern, const char *const *arg_patterns,
		       size_t nargs, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  o.oprname AS \"%s\",\n"
		    "  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS \"%s\",\n"
		    "  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS \"%s\",\n"
		    "  pg_catalog.format_type(o.oprresult, NULL) AS \"%s\",\n",
		    "Schema", "Name", "Left arg type", "Right arg type", "Result type");
	if (verbose)
		strbuf_addf(&buf, "  o.oprcode AS \"%s\",\n", "Function");
	strbuf_addf(&buf,
		    "  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),\n"
		    "           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS \"%s\"\n"
		    "FROM pg_catalog.pg_operator o\n"
		    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace\n",
		    "Description");
	if (nargs >= 2) {
		nargs = 2;	/* any more are ignored */
		strbuf_addstr(&buf,
			      "     LEFT JOIN pg_catalog.pg_type t0 ON t0.oid = o.oprleft\n"
			      "     LEFT JOIN pg_catalog.pg_namespace nt0 ON nt0.oid = t0.typnamespace\n"
			      "     LEFT JOIN pg_catalog.pg_type t1 ON t1.oid = o.oprright\n"
			      "     LEFT JOIN pg_catalog.pg_namespace nt1 ON nt1.oid = t1.typnamespace\n");
	} else if (nargs == 1) {
		strbuf_addstr(&buf,
			      "     LEFT JOIN pg_catalog.pg_type t0 ON t0.oid = o.oprright\n"
			      "     LEFT JOIN pg_catalog.pg_namespace nt0 ON nt0.oid = t0.typnamespace\n");
	}
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "WHERE n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, pattern, !show_system && !pattern, 1, "n.nspname",
			      "o.oprname", NULL, "pg_catalog.pg_operator_is_visible(o.oid)", NULL, 3)) {
		strbuf_release(&buf);
		return 0;
	}
	if (nargs == 1)
		strbuf_addstr(&buf, "  AND o.oprleft = 0\n");
	if (!arg_type_patterns(s, &buf, arg_patterns, nargs)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2, 3, 4;");
	return run_and_print(s, &buf, "List of operators");
}

/* psql's listAllDbs: \l[+] and -l. */
int describe_databases(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT d.datname as \"%s\",\n"
		    "       pg_catalog.pg_get_userbyid(d.datdba) as \"%s\",\n"
		    "       pg_catalog.pg_encoding_to_char(d.encoding) as \"%s\",\n"
		    "       d.datcollate as \"%s\",\n"
		    "       d.datctype as \"%s\",\n",
		    "Name", "Owner", "Encoding", "Collate", "Ctype");
	if (s->sversion >= 150000)
		strbuf_addf(&buf,
			    "       d.daticulocale as \"%s\",\n"
			    "       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS \"%s\",\n",
			    "ICU Locale", "Locale Provider");
	else
		strbuf_addf(&buf, "       NULL as \"%s\",\n       'libc' AS \"%s\",\n", "ICU Locale",
			    "Locale Provider");
	strbuf_addstr(&buf, "       ");
	describe_acl_column(&buf, "d.datacl");
	/* psql 15.20 (as installed) also shows sizes to pg_read_all_stats */
	if (verbose)
		strbuf_addf(&buf,
			    ",\n       CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT')\n"
			    "          OR pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE')\n"
			    "            THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname))\n"
			    "            ELSE 'No Access'\n"
			    "       END as \"%s\""
			    ",\n       t.spcname as \"%s\""
			    ",\n       pg_catalog.shobj_description(d.oid, 'pg_database') as \"%s\"",
			    "Size", "Tablespace", "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_database d\n");
	if (verbose)
		strbuf_addstr(&buf, "  JOIN pg_catalog.pg_tablespace t on d.dattablespace = t.oid\n");
	if (pattern && !describe_pattern(s, &buf, pattern, 0, 0, NULL, "d.datname", NULL, NULL,
					 NULL, 1)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of databases");
}

/* The policies column of \dp (servers 10 and later). */
static void policies_column(struct strbuf *buf)
{
	strbuf_addf(buf,
		    ",\n  pg_catalog.array_to_string(ARRAY(\n"
		    "    SELECT polname\n"
		    "    || CASE WHEN NOT polpermissive THEN\n"
		    "       E' (RESTRICTIVE)'\n"
		    "       ELSE '' END\n"
		    "    || CASE WHEN polcmd != '*' THEN\n"
		    "           E' (' || polcmd::pg_catalog.text || E'):'\n"
		    "       ELSE E':'\n"
		    "       END\n"
		    "    || CASE WHEN polqual IS NOT NULL THEN\n"
		    "           E'\\n  (u): ' || pg_catalog.pg_get_expr(polqual, polrelid)\n"
		    "       ELSE E''\n"
		    "       END\n"
		    "    || CASE WHEN polwithcheck IS NOT NULL THEN\n"
		    "           E'\\n  (c): ' || pg_catalog.pg_get_expr(polwithcheck, polrelid)\n"
		    "       ELSE E''\n"
		    "       END"
		    "    || CASE WHEN polroles <> '{0}' THEN\n"
		    "           E'\\n  to: ' || pg_catalog.array_to_string(\n"
		    "               ARRAY(\n"
		    "                   SELECT rolname\n"
		    "                   FROM pg_catalog.pg_roles\n"
		    "                   WHERE oid = ANY (polroles)\n"
		    "                   ORDER BY 1\n"
		    "               ), E', ')\n"
		    "       ELSE E''\n"
		    "       END\n"
		    "    FROM pg_catalog.pg_policy pol\n"
		    "    WHERE polrelid = c.oid), E'\\n')\n"
		    "    AS \"%s\"",
		    "Policies");
}

/* psql's permissionsList: \dp and \z. */
int describe_permissions(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;

	/* indexes and TOAST tables have no meaningful rights */
	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  c.relname as \"%s\",\n"
		    "  CASE c.relkind WHEN 'r' THEN '%s' WHEN 'v' THEN '%s' WHEN 'm' THEN '%s' "
		    "WHEN 'S' THEN '%s' WHEN 'f' THEN '%s' WHEN 'p' THEN '%s' END as \"%s\",\n"
		    "  ",
		    "Schema", "Name", "table", "view", "materialized view", "sequence",
		    "foreign table", "partitioned table", "Type");
	describe_acl_column(&buf, "c.relacl");
	strbuf_addf(&buf,
		    ",\n  pg_catalog.array_to_string(ARRAY(\n"
		    "    SELECT attname || E':\\n  ' || pg_catalog.array_to_string(attacl, E'\\n  ')\n"
		    "    FROM pg_catalog.pg_attribute a\n"
		    "    WHERE attrelid = c.oid AND NOT attisdropped AND attacl IS NOT NULL\n"
		    "  ), E'\\n') AS \"%s\"",
		    "Column privileges");
	policies_column(&buf);
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_class c\n"
			    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
			    "WHERE c.relkind IN ('r','v','m','S','f','p')\n");
	/* without a schema in the pattern, system and temporary tables are left out */
	if (!describe_pattern(s, &buf, pattern, 1, 0, "n.nspname", "c.relname", NULL,
			      "n.nspname !~ '^pg_' AND pg_catalog.pg_table_is_visible(c.oid)", NULL,
			      3)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "Access privileges");
}

/* psql's listDefaultACLs: \ddp; the pattern matches the schema or the role. */
int describe_default_acls(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT pg_catalog.pg_get_userbyid(d.defaclrole) AS \"%s\",\n"
		    "  n.nspname AS \"%s\",\n"
		    "  CASE d.defaclobjtype WHEN '%c' THEN '%s' WHEN '%c' THEN '%s' WHEN '%c' THEN '%s' WHEN '%c' THEN '%s' WHEN '%c' THEN '%s' END AS \"%s\",\n"
		    "  ",
		    "Owner", "Schema", 'r', "table", 'S', "sequence", 'f', "function", 'T', "type",
		    'n', "schema", "Type");
	describe_acl_column(&buf, "d.defaclacl");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_default_acl d\n"
			    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace\n");
	if (!describe_pattern(s, &buf, pattern, 0, 0, NULL, "n.nspname",
			      "pg_catalog.pg_get_userbyid(d.defaclrole)", NULL, NULL, 3)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2, 3;");
	return run_and_print(s, &buf, "Default access privileges");
}

/* One part of \dd's union: its SELECT, then the filters psql adds. */
static int dd_part(struct session *s, struct strbuf *buf, const char *select,
		   const char *object, const char *system_filter, int have_where,
		   const char *namevar, const char *vis, const char *pattern, int show_system)
{
	const char *mark = strstr(select, "%s");

	/* select holds one %s, where the object kind goes */
	strbuf_add(buf, select, mark - select);
	strbuf_addstr(buf, object);
	strbuf_addstr(buf, mark + 2);
	if (!show_system && !pattern)
		strbuf_addstr(buf, system_filter);
	return describe_pattern(s, buf, pattern, have_where, 0, "n.nspname", namevar, NULL, vis,
				NULL, 3);
}

/*
 * psql's objectDescription: \dd, the comments on objects that have no
 * listing of their own (constraints, operator classes and families, rules,
 * triggers).
 */
int describe_object_descriptions(struct session *s, const char *pattern, int show_system)
{
	static const char where_filter[] = "WHERE n.nspname <> 'pg_catalog'\n"
					   "      AND n.nspname <> 'information_schema'\n";
	static const char and_filter[] = "      AND n.nspname <> 'pg_catalog'\n"
					 "      AND n.nspname <> 'information_schema'\n";
	struct strbuf buf = STRBUF_INIT;
	int plain = !show_system && !pattern;

	strbuf_addf(&buf,
		    "SELECT DISTINCT tt.nspname AS \"%s\", tt.name AS \"%s\", tt.object AS \"%s\", d.description AS \"%s\"\n"
		    "FROM (\n",
		    "Schema", "Name", "Object", "Description");
	if (!dd_part(s, &buf,
		     "  SELECT pgc.oid as oid, pgc.tableoid AS tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(pgc.conname AS pg_catalog.text) as name,"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_constraint pgc\n"
		     "    JOIN pg_catalog.pg_class c ON c.oid = pgc.conrelid\n"
		     "    LEFT JOIN pg_catalog.pg_namespace n     ON n.oid = c.relnamespace\n",
		     "table constraint", where_filter, plain, "pgc.conname",
		     "pg_catalog.pg_table_is_visible(c.oid)", pattern, show_system) ||
	    !dd_part(s, &buf,
		     "UNION ALL\n"
		     "  SELECT pgc.oid as oid, pgc.tableoid AS tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(pgc.conname AS pg_catalog.text) as name,"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_constraint pgc\n"
		     "    JOIN pg_catalog.pg_type t ON t.oid = pgc.contypid\n"
		     "    LEFT JOIN pg_catalog.pg_namespace n     ON n.oid = t.typnamespace\n",
		     "domain constraint", where_filter, plain, "pgc.conname",
		     "pg_catalog.pg_type_is_visible(t.oid)", pattern, show_system) ||
	    !dd_part(s, &buf,
		     "UNION ALL\n"
		     "  SELECT o.oid as oid, o.tableoid as tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(o.opcname AS pg_catalog.text) as name,\n"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_opclass o\n"
		     "    JOIN pg_catalog.pg_am am ON o.opcmethod = am.oid\n"
		     "    JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace\n",
		     "operator class", and_filter, 1, "o.opcname",
		     "pg_catalog.pg_opclass_is_visible(o.oid)", pattern, show_system) ||
	    !dd_part(s, &buf,
		     "UNION ALL\n"
		     "  SELECT opf.oid as oid, opf.tableoid as tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(opf.opfname AS pg_catalog.text) AS name,\n"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_opfamily opf\n"
		     "    JOIN pg_catalog.pg_am am ON opf.opfmethod = am.oid\n"
		     "    JOIN pg_catalog.pg_namespace n ON opf.opfnamespace = n.oid\n",
		     "operator family", and_filter, 1, "opf.opfname",
		     "pg_catalog.pg_opfamily_is_visible(opf.oid)", pattern, show_system) ||
	    !dd_part(s, &buf,
		     "UNION ALL\n"
		     "  SELECT r.oid as oid, r.tableoid as tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(r.rulename AS pg_catalog.text) as name,"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_rewrite r\n"
		     "       JOIN pg_catalog.pg_class c ON c.oid = r.ev_class\n"
		     "       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
		     "  WHERE r.rulename != '_RETURN'\n",
		     "rule", and_filter, 1, "r.rulename", "pg_catalog.pg_table_is_visible(c.oid)",
		     pattern, show_system) ||
	    !dd_part(s, &buf,
		     "UNION ALL\n"
		     "  SELECT t.oid as oid, t.tableoid as tableoid,\n"
		     "  n.nspname as nspname,\n"
		     "  CAST(t.tgname AS pg_catalog.text) as name,"
		     "  CAST('%s' AS pg_catalog.text) as object\n"
		     "  FROM pg_catalog.pg_trigger t\n"
		     "       JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid\n"
		     "       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n",
		     "trigger", where_filter, plain, "t.tgname",
		     "pg_catalog.pg_table_is_visible(c.oid)", pattern, show_system)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, ") AS tt\n"
			    "  JOIN pg_catalog.pg_description d ON (tt.oid = d.objoid AND tt.tableoid = d.classoid AND d.objsubid = 0)\n");
	strbuf_addstr(&buf, "ORDER BY 1, 2, 3;");
	return run_and_print(s, &buf, "Object descriptions");
}

static void add_role_attribute(struct strbuf *buf, const char *str)
{
	if (buf->len > 0)
		strbuf_addstr(buf, ", ");
	strbuf_addstr(buf, str);
}

/* psql's describeRoles: \du and \dg, a table built by hand. */
int describe_roles(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct print_table_opt topt = s->popt.topt;
	struct print_table cont;
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int nrows;

	topt.default_footer = 0;
	strbuf_addstr(&buf,
		      "SELECT r.rolname, r.rolsuper, r.rolinherit,\n"
		      "  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n"
		      "  r.rolconnlimit, r.rolvaliduntil,\n"
		      "  ARRAY(SELECT b.rolname\n"
		      "        FROM pg_catalog.pg_auth_members m\n"
		      "        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)\n"
		      "        WHERE m.member = r.oid) as memberof");
	if (verbose)
		strbuf_addstr(&buf,
			      "\n, pg_catalog.shobj_description(r.oid, 'pg_authid') AS description");
	strbuf_addstr(&buf, "\n, r.rolreplication");
	strbuf_addstr(&buf, "\n, r.rolbypassrls");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_roles r\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "WHERE r.rolname !~ '^pg_'\n");
	if (!describe_pattern(s, &buf, pattern, 0, 0, NULL, "r.rolname", NULL, NULL, NULL, 1)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1;");
	res = describe_exec(s, &buf);
	if (!res) {
		strbuf_release(&buf);
		return 0;
	}
	nrows = PQntuples(res);
	print_table_init(&cont, &topt, "List of roles", verbose ? 4 : 3, nrows);
	print_table_add_header(&cont, "Role name", 1, 'l');
	print_table_add_header(&cont, "Attributes", 1, 'l');
	/* implicit memberships (superuser, pg_database_owner) are not shown */
	print_table_add_header(&cont, "Member of", 1, 'l');
	if (verbose)
		print_table_add_header(&cont, "Description", 1, 'l');
	for (int i = 0; i < nrows; i++) {
		int conns;

		print_table_add_cell(&cont, PQgetvalue(res, i, 0), 0, 0);
		strbuf_reset(&buf);
		if (describe_is_true(PQgetvalue(res, i, 1)))
			add_role_attribute(&buf, "Superuser");
		if (!describe_is_true(PQgetvalue(res, i, 2)))
			add_role_attribute(&buf, "No inheritance");
		if (describe_is_true(PQgetvalue(res, i, 3)))
			add_role_attribute(&buf, "Create role");
		if (describe_is_true(PQgetvalue(res, i, 4)))
			add_role_attribute(&buf, "Create DB");
		if (!describe_is_true(PQgetvalue(res, i, 5)))
			add_role_attribute(&buf, "Cannot login");
		if (describe_is_true(PQgetvalue(res, i, verbose ? 10 : 9)))
			add_role_attribute(&buf, "Replication");
		if (describe_is_true(PQgetvalue(res, i, verbose ? 11 : 10)))
			add_role_attribute(&buf, "Bypass RLS");
		conns = atoi(PQgetvalue(res, i, 6));
		if (conns >= 0) {
			if (buf.len > 0)
				strbuf_addch(&buf, '\n');
			if (conns == 0)
				strbuf_addstr(&buf, "No connections");
			else
				strbuf_addf(&buf, "%d %s", conns,
					    conns == 1 ? "connection" : "connections");
		}
		if (*PQgetvalue(res, i, 7)) {
			if (buf.len > 0)
				strbuf_addch(&buf, '\n');
			strbuf_addstr(&buf, "Password valid until ");
			strbuf_addstr(&buf, PQgetvalue(res, i, 7));
		}
		print_table_add_cell(&cont, xstrdup(buf.buf), 0, 1);
		print_table_add_cell(&cont, PQgetvalue(res, i, 8), 0, 0);
		if (verbose)
			print_table_add_cell(&cont, PQgetvalue(res, i, 9), 0, 0);
	}
	strbuf_release(&buf);
	print_table(&cont, s->query_fout, 0, s->logfile);
	print_table_release(&cont);
	PQclear(res);
	return 1;
}

/* psql's listDbRoleSettings: \drds [role [database]]. */
int describe_role_settings(struct session *s, const char *pattern, const char *pattern2)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int havewhere = 0;

	strbuf_addf(&buf,
		    "SELECT rolname AS \"%s\", datname AS \"%s\",\n"
		    "pg_catalog.array_to_string(setconfig, E'\\n') AS \"%s\"\n"
		    "FROM pg_catalog.pg_db_role_setting s\n"
		    "LEFT JOIN pg_catalog.pg_database d ON d.oid = setdatabase\n"
		    "LEFT JOIN pg_catalog.pg_roles r ON r.oid = setrole\n",
		    "Role", "Database", "Settings");
	if (!describe_pattern(s, &buf, pattern, 0, 0, NULL, "r.rolname", NULL, NULL, &havewhere,
			      1) ||
	    !describe_pattern(s, &buf, pattern2, havewhere, 0, NULL, "d.datname", NULL, NULL,
			      NULL, 1)) {
		strbuf_release(&buf);
		return 0;
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	/* two patterns confuse: an empty answer says which were used (unless quiet) */
	if (PQntuples(res) == 0 && !s->quiet) {
		if (pattern && pattern2)
			log_error("Did not find any settings for role \"%s\" and database \"%s\".",
				  pattern, pattern2);
		else if (pattern)
			log_error("Did not find any settings for role \"%s\".", pattern);
		else
			log_error("Did not find any settings.");
	} else {
		describe_print(s, res, "List of settings");
	}
	PQclear(res);
	return 1;
}
