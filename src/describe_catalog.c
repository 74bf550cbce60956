/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_catalog: the smaller catalog listings of the \d family —
 * aggregates (\da), access methods (\dA), tablespaces (\db), languages
 * (\dL), domains (\dD), conversions (\dc), configuration parameters
 * (\dconfig), event triggers (\dy), extended statistics (\dX), casts
 * (\dC), collations (\dO), extensions (\dx, \dx+) and large objects (\dl)
 * — each with psql 15's query and title.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/sig.h"
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

/* The pattern clauses, or 0 with buf released after the error. */
static int pattern_or_release(struct session *s, struct strbuf *buf, const char *pattern,
			      int have_where, int force_escape, const char *schemavar,
			      const char *namevar, const char *altnamevar, const char *vis,
			      int maxparts)
{
	if (describe_pattern(s, buf, pattern, have_where, force_escape, schemavar, namevar,
			     altnamevar, vis, NULL, maxparts))
		return 1;
	strbuf_release(buf);
	return 0;
}

static const char not_system[] = "      AND n.nspname <> 'pg_catalog'\n"
				 "      AND n.nspname <> 'information_schema'\n";

/* psql's describeAggregates: \da[S]. */
int describe_aggregates(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	(void)verbose;
	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "  p.proname AS \"%s\",\n"
		    "  pg_catalog.format_type(p.prorettype, NULL) AS \"%s\",\n"
		    "  CASE WHEN p.pronargs = 0\n"
		    "    THEN CAST('*' AS pg_catalog.text)\n"
		    "    ELSE pg_catalog.pg_get_function_arguments(p.oid)\n"
		    "  END AS \"%s\",\n",
		    "Schema", "Name", "Result data type", "Argument data types");
	strbuf_addf(&buf,
		    "  pg_catalog.obj_description(p.oid, 'pg_proc') as \"%s\"\n"
		    "FROM pg_catalog.pg_proc p\n"
		    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
		    "WHERE %s\n",
		    "Description", s->sversion >= 110000 ? "p.prokind = 'a'" : "p.proisagg");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, not_system);
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "n.nspname", "p.proname", NULL,
				"pg_catalog.pg_function_is_visible(p.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2, 4;");
	return run_and_print(s, &buf, "List of aggregate functions");
}

/* psql's describeAccessMethods: \dA[+]. */
int describe_access_methods(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT amname AS \"%s\",\n"
		    "  CASE amtype WHEN 'i' THEN '%s' WHEN 't' THEN '%s' END AS \"%s\"",
		    "Name", "Index", "Table", "Type");
	if (verbose)
		strbuf_addf(&buf,
			    ",\n  amhandler AS \"%s\",\n"
			    "  pg_catalog.obj_description(oid, 'pg_am') AS \"%s\"",
			    "Handler", "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_am\n");
	if (!pattern_or_release(s, &buf, pattern, 0, 0, NULL, "amname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of access methods");
}

/* psql's describeTablespaces: \db[+]. */
int describe_tablespaces(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT spcname AS \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(spcowner) AS \"%s\",\n"
		    "  pg_catalog.pg_tablespace_location(oid) AS \"%s\"",
		    "Name", "Owner", "Location");
	if (verbose) {
		strbuf_addstr(&buf, ",\n  ");
		describe_acl_column(&buf, "spcacl");
		strbuf_addf(&buf,
			    ",\n  spcoptions AS \"%s\""
			    ",\n  pg_catalog.pg_size_pretty(pg_catalog.pg_tablespace_size(oid)) AS \"%s\""
			    ",\n  pg_catalog.shobj_description(oid, 'pg_tablespace') AS \"%s\"",
			    "Options", "Size", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_tablespace\n");
	if (!pattern_or_release(s, &buf, pattern, 0, 0, NULL, "spcname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of tablespaces");
}

/* psql's listLanguages: \dL[S+]. */
int describe_languages(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT l.lanname AS \"%s\",\n"
		    "       pg_catalog.pg_get_userbyid(l.lanowner) as \"%s\",\n"
		    "       l.lanpltrusted AS \"%s\"",
		    "Name", "Owner", "Trusted");
	if (verbose) {
		strbuf_addf(&buf,
			    ",\n       NOT l.lanispl AS \"%s\",\n"
			    "       l.lanplcallfoid::pg_catalog.regprocedure AS \"%s\",\n"
			    "       l.lanvalidator::pg_catalog.regprocedure AS \"%s\",\n       "
			    "l.laninline::pg_catalog.regprocedure AS \"%s\",\n       ",
			    "Internal language", "Call handler", "Validator", "Inline handler");
		describe_acl_column(&buf, "l.lanacl");
	}
	strbuf_addf(&buf,
		    ",\n       d.description AS \"%s\""
		    "\nFROM pg_catalog.pg_language l\n"
		    "LEFT JOIN pg_catalog.pg_description d\n"
		    "  ON d.classoid = l.tableoid AND d.objoid = l.oid\n"
		    "  AND d.objsubid = 0\n",
		    "Description");
	if (pattern &&
	    !pattern_or_release(s, &buf, pattern, 0, 0, NULL, "l.lanname", NULL, NULL, 2))
		return 0;
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "WHERE l.lanplcallfoid != 0\n");
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of languages");
}

/* psql's listDomains: \dD[S+]. */
int describe_domains(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname as \"%s\",\n"
		    "       t.typname as \"%s\",\n"
		    "       pg_catalog.format_type(t.typbasetype, t.typtypmod) as \"%s\",\n"
		    "       (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type bt\n"
		    "        WHERE c.oid = t.typcollation AND bt.oid = t.typbasetype AND t.typcollation <> bt.typcollation) as \"%s\",\n"
		    "       CASE WHEN t.typnotnull THEN 'not null' END as \"%s\",\n"
		    "       t.typdefault as \"%s\",\n"
		    "       pg_catalog.array_to_string(ARRAY(\n"
		    "         SELECT pg_catalog.pg_get_constraintdef(r.oid, true) FROM pg_catalog.pg_constraint r WHERE t.oid = r.contypid\n"
		    "       ), ' ') as \"%s\"",
		    "Schema", "Name", "Type", "Collation", "Nullable", "Default", "Check");
	if (verbose) {
		strbuf_addstr(&buf, ",\n  ");
		describe_acl_column(&buf, "t.typacl");
		strbuf_addf(&buf, ",\n       d.description as \"%s\"", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_type t\n"
			    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n");
	if (verbose)
		strbuf_addstr(&buf, "     LEFT JOIN pg_catalog.pg_description d "
				    "ON d.classoid = t.tableoid AND d.objoid = t.oid AND d.objsubid = 0\n");
	strbuf_addstr(&buf, "WHERE t.typtype = 'd'\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, not_system);
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "n.nspname", "t.typname", NULL,
				"pg_catalog.pg_type_is_visible(t.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of domains");
}

/* psql's listConversions: \dc[S+]. */
int describe_conversions(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname AS \"%s\",\n"
		    "       c.conname AS \"%s\",\n"
		    "       pg_catalog.pg_encoding_to_char(c.conforencoding) AS \"%s\",\n"
		    "       pg_catalog.pg_encoding_to_char(c.contoencoding) AS \"%s\",\n"
		    "       CASE WHEN c.condefault THEN '%s'\n"
		    "       ELSE '%s' END AS \"%s\"",
		    "Schema", "Name", "Source", "Destination", "yes", "no", "Default?");
	if (verbose)
		strbuf_addf(&buf, ",\n       d.description AS \"%s\"", "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_conversion c\n"
			    "     JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace\n");
	if (verbose)
		strbuf_addstr(&buf, "LEFT JOIN pg_catalog.pg_description d ON d.classoid = c.tableoid\n"
				    "          AND d.objoid = c.oid AND d.objsubid = 0\n");
	strbuf_addstr(&buf, "WHERE true\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "  AND n.nspname <> 'pg_catalog'\n"
				    "  AND n.nspname <> 'information_schema'\n");
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "n.nspname", "c.conname", NULL,
				"pg_catalog.pg_conversion_is_visible(c.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of conversions");
}

/* psql's describeConfigurationParameters: \dconfig[+]. */
int describe_config(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	(void)show_system;
	strbuf_addf(&buf,
		    "SELECT s.name AS \"%s\", pg_catalog.current_setting(s.name) AS \"%s\"",
		    "Parameter", "Value");
	if (verbose) {
		strbuf_addf(&buf, ", s.vartype AS \"%s\", s.context AS \"%s\", ", "Type", "Context");
		if (s->sversion >= 150000)
			describe_acl_column(&buf, "p.paracl");
		else
			strbuf_addf(&buf, "NULL AS \"%s\"", "Access privileges");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_settings s\n");
	if (verbose && s->sversion >= 150000)
		strbuf_addstr(&buf, "  LEFT JOIN pg_catalog.pg_parameter_acl p\n"
				    "  ON pg_catalog.lower(s.name) = p.parname\n");
	/* psql does not check the dots here: a dotted name is a custom GUC */
	if (pattern)
		describe_pattern(s, &buf, pattern, 0, 0, NULL, "pg_catalog.lower(s.name)", NULL,
				 NULL, NULL, INT_MAX);
	else
		strbuf_addstr(&buf, "WHERE s.source <> 'default' AND\n"
				    "      s.setting IS DISTINCT FROM s.boot_val\n");
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, pattern ? "List of configuration parameters"
					      : "List of non-default configuration parameters");
}

/* psql's listEventTriggers: \dy[+]. */
int describe_event_triggers(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT evtname as \"%s\", evtevent as \"%s\", "
		    "pg_catalog.pg_get_userbyid(e.evtowner) as \"%s\",\n"
		    " case evtenabled when 'O' then '%s'  when 'R' then '%s'  when 'A' then '%s'  "
		    "when 'D' then '%s' end as \"%s\",\n"
		    " e.evtfoid::pg_catalog.regproc as \"%s\", "
		    "pg_catalog.array_to_string(array(select x from pg_catalog.unnest(evttags) as t(x)), ', ') as \"%s\"",
		    "Name", "Event", "Owner", "enabled", "replica", "always", "disabled", "Enabled",
		    "Function", "Tags");
	if (verbose)
		strbuf_addf(&buf,
			    ",\npg_catalog.obj_description(e.oid, 'pg_event_trigger') as \"%s\"",
			    "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_event_trigger e ");
	if (!pattern_or_release(s, &buf, pattern, 0, 0, NULL, "evtname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1");
	return run_and_print(s, &buf, "List of event triggers");
}

/* psql's listExtendedStats: \dX. */
int describe_extended_stats(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT \n"
		    "es.stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS \"%s\", \n"
		    "es.stxname AS \"%s\", \n",
		    "Schema", "Name");
	if (s->sversion >= 140000)
		strbuf_addf(&buf,
			    "pg_catalog.format('%%s FROM %%s', \n"
			    "  pg_catalog.pg_get_statisticsobjdef_columns(es.oid), \n"
			    "  es.stxrelid::pg_catalog.regclass) AS \"%s\"",
			    "Definition");
	else
		strbuf_addf(&buf,
			    "pg_catalog.format('%%s FROM %%s', \n"
			    "  (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname),', ') \n"
			    "   FROM pg_catalog.unnest(es.stxkeys) s(attnum) \n"
			    "   JOIN pg_catalog.pg_attribute a \n"
			    "   ON (es.stxrelid = a.attrelid \n"
			    "   AND a.attnum = s.attnum \n"
			    "   AND NOT a.attisdropped)), \n"
			    "es.stxrelid::pg_catalog.regclass) AS \"%s\"",
			    "Definition");
	strbuf_addf(&buf,
		    ",\nCASE WHEN 'd' = any(es.stxkind) THEN 'defined' \n"
		    "END AS \"%s\", \n"
		    "CASE WHEN 'f' = any(es.stxkind) THEN 'defined' \n"
		    "END AS \"%s\"",
		    "Ndistinct", "Dependencies");
	if (s->sversion >= 120000)
		strbuf_addf(&buf,
			    ",\nCASE WHEN 'm' = any(es.stxkind) THEN 'defined' \n"
			    "END AS \"%s\" ",
			    "MCV");
	strbuf_addstr(&buf, " \nFROM pg_catalog.pg_statistic_ext es \n");
	if (!pattern_or_release(s, &buf, pattern, 0, 0,
				"es.stxnamespace::pg_catalog.regnamespace::pg_catalog.text",
				"es.stxname", NULL, "pg_catalog.pg_statistics_obj_is_visible(es.oid)",
				3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of extended statistics");
}

/* psql's listCasts: \dC[+]; the pattern matches the source or the target type. */
int describe_casts(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT pg_catalog.format_type(castsource, NULL) AS \"%s\",\n"
		    "       pg_catalog.format_type(casttarget, NULL) AS \"%s\",\n",
		    "Source type", "Target type");
	strbuf_addf(&buf,
		    "       CASE WHEN c.castmethod = '%c' THEN '(binary coercible)'\n"
		    "            WHEN c.castmethod = '%c' THEN '(with inout)'\n"
		    "            ELSE p.proname\n"
		    "       END AS \"%s\",\n",
		    'b', 'i', "Function");
	strbuf_addf(&buf,
		    "       CASE WHEN c.castcontext = '%c' THEN '%s'\n"
		    "            WHEN c.castcontext = '%c' THEN '%s'\n"
		    "            ELSE '%s'\n"
		    "       END AS \"%s\"",
		    'e', "no", 'a', "in assignment", "yes", "Implicit?");
	if (verbose)
		strbuf_addf(&buf, ",\n       d.description AS \"%s\"", "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p\n"
			    "     ON c.castfunc = p.oid\n"
			    "     LEFT JOIN pg_catalog.pg_type ts\n"
			    "     ON c.castsource = ts.oid\n"
			    "     LEFT JOIN pg_catalog.pg_namespace ns\n"
			    "     ON ns.oid = ts.typnamespace\n"
			    "     LEFT JOIN pg_catalog.pg_type tt\n"
			    "     ON c.casttarget = tt.oid\n"
			    "     LEFT JOIN pg_catalog.pg_namespace nt\n"
			    "     ON nt.oid = tt.typnamespace\n");
	if (verbose)
		strbuf_addstr(&buf, "     LEFT JOIN pg_catalog.pg_description d\n"
				    "     ON d.classoid = c.tableoid AND d.objoid = c.oid AND d.objsubid = 0\n");
	strbuf_addstr(&buf, "WHERE ( (true");
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "ns.nspname", "ts.typname",
				"pg_catalog.format_type(ts.oid, NULL)",
				"pg_catalog.pg_type_is_visible(ts.oid)", 3))
		return 0;
	strbuf_addstr(&buf, ") OR (true");
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "nt.nspname", "tt.typname",
				"pg_catalog.format_type(tt.oid, NULL)",
				"pg_catalog.pg_type_is_visible(tt.oid)", 3))
		return 0;
	strbuf_addstr(&buf, ") )\nORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of casts");
}

/* psql's listCollations: \dO[S+]. */
int describe_collations(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname AS \"%s\",\n"
		    "       c.collname AS \"%s\",\n"
		    "       c.collcollate AS \"%s\",\n"
		    "       c.collctype AS \"%s\"",
		    "Schema", "Name", "Collate", "Ctype");
	strbuf_addf(&buf, ",\n       %s AS \"%s\"",
		    s->sversion >= 150000 ? "c.colliculocale" : "c.collcollate", "ICU Locale");
	strbuf_addf(&buf,
		    ",\n       CASE c.collprovider WHEN 'd' THEN 'default' WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS \"%s\"",
		    "Provider");
	if (s->sversion >= 120000)
		strbuf_addf(&buf,
			    ",\n       CASE WHEN c.collisdeterministic THEN '%s' ELSE '%s' END AS \"%s\"",
			    "yes", "no", "Deterministic?");
	else
		strbuf_addf(&buf, ",\n       '%s' AS \"%s\"", "yes", "Deterministic?");
	if (verbose)
		strbuf_addf(&buf,
			    ",\n       pg_catalog.obj_description(c.oid, 'pg_collation') AS \"%s\"",
			    "Description");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_collation c, pg_catalog.pg_namespace n\n"
			    "WHERE n.oid = c.collnamespace\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, not_system);
	strbuf_addstr(&buf, "      AND c.collencoding IN (-1, pg_catalog.pg_char_to_encoding(pg_catalog.getdatabaseencoding()))\n");
	if (!pattern_or_release(s, &buf, pattern, 1, 0, "n.nspname", "c.collname", NULL,
				"pg_catalog.pg_collation_is_visible(c.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of collations");
}

/* psql's listExtensions: \dx. */
int describe_extensions(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT e.extname AS \"%s\", e.extversion AS \"%s\", n.nspname AS \"%s\", c.description AS \"%s\"\n"
		    "FROM pg_catalog.pg_extension e "
		    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
		    "LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid "
		    "AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass\n",
		    "Name", "Version", "Schema", "Description");
	if (!pattern_or_release(s, &buf, pattern, 0, 0, NULL, "e.extname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of installed extensions");
}

/* psql's listOneExtensionContents. */
static int extension_contents(struct session *s, const char *extname, const char *oid)
{
	struct strbuf buf = STRBUF_INIT, title = STRBUF_INIT;
	int ok;

	strbuf_addf(&buf,
		    "SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS \"%s\"\n"
		    "FROM pg_catalog.pg_depend\n"
		    "WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND refobjid = '%s' AND deptype = 'e'\n"
		    "ORDER BY 1;",
		    "Object description", oid);
	strbuf_addf(&title, "Objects in extension \"%s\"", extname);
	ok = run_and_print(s, &buf, title.buf);
	strbuf_release(&title);
	return ok;
}

/* psql's listExtensionContents: \dx+. */
int describe_extension_contents(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int ok = 1;

	strbuf_addstr(&buf, "SELECT e.extname, e.oid\nFROM pg_catalog.pg_extension e\n");
	if (!pattern_or_release(s, &buf, pattern, 0, 0, NULL, "e.extname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	if (PQntuples(res) == 0) {
		if (!s->quiet) {
			if (pattern)
				log_error("Did not find any extension named \"%s\".", pattern);
			else
				log_error("Did not find any extensions.");
		}
		ok = 0;
	}
	for (int i = 0; ok && i < PQntuples(res); i++) {
		ok = extension_contents(s, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		if (sig_cancel_pressed)
			ok = 0;
	}
	PQclear(res);
	return ok;
}

/* psql's listLargeObjects: \dl and \lo_list. */
int describe_large_objects(struct session *s, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT oid as \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(lomowner) as \"%s\",\n  ",
		    "ID", "Owner");
	if (verbose) {
		describe_acl_column(&buf, "lomacl");
		strbuf_addstr(&buf, ",\n  ");
	}
	strbuf_addf(&buf,
		    "pg_catalog.obj_description(oid, 'pg_largeobject') as \"%s\"\n"
		    "FROM pg_catalog.pg_largeobject_metadata\n"
		    "ORDER BY oid",
		    "Description");
	return run_and_print(s, &buf, "Large objects");
}
