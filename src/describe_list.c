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

#include <libpq-fe.h>

#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
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
