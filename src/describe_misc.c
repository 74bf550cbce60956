/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_misc: the rarer corners of the \d family — SQL/MED (\des \dew
 * \det \deu), text search (\dF \dFp \dFd \dFt, with their verbose
 * per-object forms), logical replication (\dRp, \dRp+, \dRs) and
 * operator classes and families (\dAc \dAf \dAo \dAp) — each with psql
 * 15's query, title and layout.
 */
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

/* The pattern clauses, or 0 with buf released after the error. */
static int pattern_or_release(struct session *s, struct strbuf *buf, const char *pattern,
			      int have_where, const char *schemavar, const char *namevar,
			      const char *altnamevar, const char *vis, int maxparts)
{
	if (describe_pattern(s, buf, pattern, have_where, 0, schemavar, namevar, altnamevar, vis,
			     NULL, maxparts))
		return 1;
	strbuf_release(buf);
	return 0;
}

/* The "(name 'value', ...)" column of an options array. */
static void options_column(struct strbuf *buf, const char *prefix, const char *column)
{
	strbuf_addf(buf,
		    "%sCASE WHEN %s IS NULL THEN '' ELSE "
		    "  '(' || pg_catalog.array_to_string(ARRAY(SELECT "
		    "  pg_catalog.quote_ident(option_name) ||  ' ' || "
		    "  pg_catalog.quote_literal(option_value)  FROM "
		    "  pg_catalog.pg_options_to_table(%s)),  ', ') || ')' "
		    "  END AS \"%s\"",
		    prefix, column, column, "FDW options");
}

/* psql's listForeignDataWrappers: \dew[+]. */
int describe_fdws(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT fdw.fdwname AS \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(fdw.fdwowner) AS \"%s\",\n"
		    "  fdw.fdwhandler::pg_catalog.regproc AS \"%s\",\n"
		    "  fdw.fdwvalidator::pg_catalog.regproc AS \"%s\"",
		    "Name", "Owner", "Handler", "Validator");
	if (verbose) {
		strbuf_addstr(&buf, ",\n  ");
		describe_acl_column(&buf, "fdwacl");
		options_column(&buf, ",\n ", "fdwoptions");
		strbuf_addf(&buf, ",\n  d.description AS \"%s\" ", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_foreign_data_wrapper fdw\n");
	if (verbose)
		strbuf_addstr(&buf, "LEFT JOIN pg_catalog.pg_description d\n"
				    "       ON d.classoid = fdw.tableoid AND d.objoid = fdw.oid AND d.objsubid = 0\n");
	if (!pattern_or_release(s, &buf, pattern, 0, NULL, "fdwname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of foreign-data wrappers");
}

/* psql's listForeignServers: \des[+]. */
int describe_foreign_servers(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT s.srvname AS \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(s.srvowner) AS \"%s\",\n"
		    "  f.fdwname AS \"%s\"",
		    "Name", "Owner", "Foreign-data wrapper");
	if (verbose) {
		strbuf_addstr(&buf, ",\n  ");
		describe_acl_column(&buf, "s.srvacl");
		strbuf_addf(&buf, ",\n  s.srvtype AS \"%s\",\n  s.srvversion AS \"%s\",\n", "Type",
			    "Version");
		options_column(&buf, "  ", "srvoptions");
		strbuf_addf(&buf, ",\n  d.description AS \"%s\"", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_foreign_server s\n"
			    "     JOIN pg_catalog.pg_foreign_data_wrapper f ON f.oid=s.srvfdw\n");
	if (verbose)
		strbuf_addstr(&buf, "LEFT JOIN pg_catalog.pg_description d\n       "
				    "ON d.classoid = s.tableoid AND d.objoid = s.oid AND d.objsubid = 0\n");
	if (!pattern_or_release(s, &buf, pattern, 0, NULL, "s.srvname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of foreign servers");
}

/* psql's listUserMappings: \deu[+]; the pattern matches the server or the user. */
int describe_user_mappings(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf, "SELECT um.srvname AS \"%s\",\n  um.usename AS \"%s\"", "Server",
		    "User name");
	if (verbose)
		options_column(&buf, ",\n ", "umoptions");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_user_mappings um\n");
	if (!pattern_or_release(s, &buf, pattern, 0, NULL, "um.srvname", "um.usename", NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of user mappings");
}

/* psql's listForeignTables: \det[+]. */
int describe_foreign_tables(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT n.nspname AS \"%s\",\n"
		    "  c.relname AS \"%s\",\n"
		    "  s.srvname AS \"%s\"",
		    "Schema", "Table", "Server");
	if (verbose) {
		options_column(&buf, ",\n ", "ftoptions");
		strbuf_addf(&buf, ",\n  d.description AS \"%s\"", "Description");
	}
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_foreign_table ft\n"
			    "  INNER JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid\n"
			    "  INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
			    "  INNER JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver\n");
	if (verbose)
		strbuf_addstr(&buf, "   LEFT JOIN pg_catalog.pg_description d\n"
				    "          ON d.classoid = c.tableoid AND d.objoid = c.oid AND d.objsubid = 0\n");
	if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "c.relname", NULL,
				"pg_catalog.pg_table_is_visible(c.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of foreign tables");
}

/* printQuery with a title, no null display, and default_footer as given. */
static void print_titled(struct session *s, const PGresult *res, const char *title,
			 int default_footer)
{
	struct print_query_opt opt = s->popt;

	opt.null_print = NULL;
	opt.title = (char *)title;
	opt.footers = NULL;
	opt.topt.default_footer = default_footer;
	opt.translate_header = 1;
	print_query(res, &opt, s->query_fout, 0, s->logfile);
}

/* psql's describeOneTSParser: its methods, then its token types. */
static int describe_one_ts_parser(struct session *s, const char *oid, const char *nspname,
				  const char *prsname)
{
	struct strbuf buf = STRBUF_INIT, title = STRBUF_INIT;
	PGresult *res;

	strbuf_addf(&buf,
		    "SELECT '%s' AS \"%s\",\n"
		    "   p.prsstart::pg_catalog.regproc AS \"%s\",\n"
		    "   pg_catalog.obj_description(p.prsstart, 'pg_proc') as \"%s\"\n"
		    " FROM pg_catalog.pg_ts_parser p\n"
		    " WHERE p.oid = '%s'\n"
		    "UNION ALL\n"
		    "SELECT '%s',\n"
		    "   p.prstoken::pg_catalog.regproc,\n"
		    "   pg_catalog.obj_description(p.prstoken, 'pg_proc')\n"
		    " FROM pg_catalog.pg_ts_parser p\n"
		    " WHERE p.oid = '%s'\n"
		    "UNION ALL\n"
		    "SELECT '%s',\n"
		    "   p.prsend::pg_catalog.regproc,\n"
		    "   pg_catalog.obj_description(p.prsend, 'pg_proc')\n"
		    " FROM pg_catalog.pg_ts_parser p\n"
		    " WHERE p.oid = '%s'\n"
		    "UNION ALL\n"
		    "SELECT '%s',\n"
		    "   p.prsheadline::pg_catalog.regproc,\n"
		    "   pg_catalog.obj_description(p.prsheadline, 'pg_proc')\n"
		    " FROM pg_catalog.pg_ts_parser p\n"
		    " WHERE p.oid = '%s'\n"
		    "UNION ALL\n"
		    "SELECT '%s',\n"
		    "   p.prslextype::pg_catalog.regproc,\n"
		    "   pg_catalog.obj_description(p.prslextype, 'pg_proc')\n"
		    " FROM pg_catalog.pg_ts_parser p\n"
		    " WHERE p.oid = '%s';",
		    "Start parse", "Method", "Function", "Description", oid, "Get next token", oid,
		    "End parse", oid, "Get headline", oid, "Get token types", oid);
	res = describe_exec(s, &buf);
	if (!res)
		goto fail;
	if (nspname)
		strbuf_addf(&title, "Text search parser \"%s.%s\"", nspname, prsname);
	else
		strbuf_addf(&title, "Text search parser \"%s\"", prsname);
	print_titled(s, res, title.buf, 0);
	PQclear(res);

	strbuf_reset(&buf);
	strbuf_addf(&buf,
		    "SELECT t.alias as \"%s\",\n"
		    "  t.description as \"%s\"\n"
		    "FROM pg_catalog.ts_token_type( '%s'::pg_catalog.oid ) as t\n"
		    "ORDER BY 1;",
		    "Token name", "Description", oid);
	res = describe_exec(s, &buf);
	if (!res)
		goto fail;
	strbuf_reset(&title);
	if (nspname)
		strbuf_addf(&title, "Token types for parser \"%s.%s\"", nspname, prsname);
	else
		strbuf_addf(&title, "Token types for parser \"%s\"", prsname);
	print_titled(s, res, title.buf, 1);
	PQclear(res);
	strbuf_release(&buf);
	strbuf_release(&title);
	return 1;
fail:
	strbuf_release(&buf);
	strbuf_release(&title);
	return 0;
}

/* psql's listTSParsers and listTSParsersVerbose: \dFp[+]. */
int describe_ts_parsers(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int ok = 1;

	if (!verbose) {
		strbuf_addf(&buf,
			    "SELECT\n"
			    "  n.nspname as \"%s\",\n"
			    "  p.prsname as \"%s\",\n"
			    "  pg_catalog.obj_description(p.oid, 'pg_ts_parser') as \"%s\"\n"
			    "FROM pg_catalog.pg_ts_parser p\n"
			    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace\n",
			    "Schema", "Name", "Description");
		if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "p.prsname", NULL,
					"pg_catalog.pg_ts_parser_is_visible(p.oid)", 3))
			return 0;
		strbuf_addstr(&buf, "ORDER BY 1, 2;");
		return run_and_print(s, &buf, "List of text search parsers");
	}
	strbuf_addstr(&buf, "SELECT p.oid,\n"
			    "  n.nspname,\n"
			    "  p.prsname\n"
			    "FROM pg_catalog.pg_ts_parser p\n"
			    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace\n");
	if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "p.prsname", NULL,
				"pg_catalog.pg_ts_parser_is_visible(p.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	if (PQntuples(res) == 0) {
		if (!s->quiet) {
			if (pattern)
				log_error("Did not find any text search parser named \"%s\".", pattern);
			else
				log_error("Did not find any text search parsers.");
		}
		ok = 0;
	}
	for (int i = 0; ok && i < PQntuples(res); i++) {
		ok = describe_one_ts_parser(s, PQgetvalue(res, i, 0),
					    PQgetisnull(res, i, 1) ? NULL : PQgetvalue(res, i, 1),
					    PQgetvalue(res, i, 2));
		if (sig_cancel_pressed)
			ok = 0;
	}
	PQclear(res);
	return ok;
}

/* psql's listTSDictionaries: \dFd[+]. */
int describe_ts_dictionaries(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf, "SELECT\n  n.nspname as \"%s\",\n  d.dictname as \"%s\",\n", "Schema",
		    "Name");
	if (verbose)
		strbuf_addf(&buf,
			    "  ( SELECT COALESCE(nt.nspname, '(null)')::pg_catalog.text || '.' || t.tmplname FROM\n"
			    "    pg_catalog.pg_ts_template t\n"
			    "    LEFT JOIN pg_catalog.pg_namespace nt ON nt.oid = t.tmplnamespace\n"
			    "    WHERE d.dicttemplate = t.oid ) AS  \"%s\",\n"
			    "  d.dictinitoption as \"%s\",\n",
			    "Template", "Init options");
	strbuf_addf(&buf, "  pg_catalog.obj_description(d.oid, 'pg_ts_dict') as \"%s\"\n",
		    "Description");
	strbuf_addstr(&buf, "FROM pg_catalog.pg_ts_dict d\n"
			    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace\n");
	if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "d.dictname", NULL,
				"pg_catalog.pg_ts_dict_is_visible(d.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of text search dictionaries");
}

/* psql's listTSTemplates: \dFt[+]. */
int describe_ts_templates(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	if (verbose)
		strbuf_addf(&buf,
			    "SELECT\n"
			    "  n.nspname AS \"%s\",\n"
			    "  t.tmplname AS \"%s\",\n"
			    "  t.tmplinit::pg_catalog.regproc AS \"%s\",\n"
			    "  t.tmpllexize::pg_catalog.regproc AS \"%s\",\n"
			    "  pg_catalog.obj_description(t.oid, 'pg_ts_template') AS \"%s\"\n",
			    "Schema", "Name", "Init", "Lexize", "Description");
	else
		strbuf_addf(&buf,
			    "SELECT\n"
			    "  n.nspname AS \"%s\",\n"
			    "  t.tmplname AS \"%s\",\n"
			    "  pg_catalog.obj_description(t.oid, 'pg_ts_template') AS \"%s\"\n",
			    "Schema", "Name", "Description");
	strbuf_addstr(&buf, "FROM pg_catalog.pg_ts_template t\n"
			    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace\n");
	if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "t.tmplname", NULL,
				"pg_catalog.pg_ts_template_is_visible(t.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of text search templates");
}

/* psql's describeOneTSConfig: token types and their dictionaries. */
static int describe_one_ts_config(struct session *s, const char *oid, const char *nspname,
				  const char *cfgname, const char *pnspname, const char *prsname)
{
	struct strbuf buf = STRBUF_INIT, title = STRBUF_INIT;
	PGresult *res;

	strbuf_addf(&buf,
		    "SELECT\n"
		    "  ( SELECT t.alias FROM\n"
		    "    pg_catalog.ts_token_type(c.cfgparser) AS t\n"
		    "    WHERE t.tokid = m.maptokentype ) AS \"%s\",\n"
		    "  pg_catalog.btrim(\n"
		    "    ARRAY( SELECT mm.mapdict::pg_catalog.regdictionary\n"
		    "           FROM pg_catalog.pg_ts_config_map AS mm\n"
		    "           WHERE mm.mapcfg = m.mapcfg AND mm.maptokentype = m.maptokentype\n"
		    "           ORDER BY mapcfg, maptokentype, mapseqno\n"
		    "    ) :: pg_catalog.text,\n"
		    "  '{}') AS \"%s\"\n"
		    "FROM pg_catalog.pg_ts_config AS c, pg_catalog.pg_ts_config_map AS m\n"
		    "WHERE c.oid = '%s' AND m.mapcfg = c.oid\n"
		    "GROUP BY m.mapcfg, m.maptokentype, c.cfgparser\n"
		    "ORDER BY 1;",
		    "Token", "Dictionaries", oid);
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	if (nspname)
		strbuf_addf(&title, "Text search configuration \"%s.%s\"", nspname, cfgname);
	else
		strbuf_addf(&title, "Text search configuration \"%s\"", cfgname);
	if (pnspname)
		strbuf_addf(&title, "\nParser: \"%s.%s\"", pnspname, prsname);
	else
		strbuf_addf(&title, "\nParser: \"%s\"", prsname);
	print_titled(s, res, title.buf, 0);
	strbuf_release(&title);
	PQclear(res);
	return 1;
}

/* psql's listTSConfigs and listTSConfigsVerbose: \dF[+]. */
int describe_ts_configs(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int ok = 1;

	if (!verbose) {
		strbuf_addf(&buf,
			    "SELECT\n"
			    "   n.nspname as \"%s\",\n"
			    "   c.cfgname as \"%s\",\n"
			    "   pg_catalog.obj_description(c.oid, 'pg_ts_config') as \"%s\"\n"
			    "FROM pg_catalog.pg_ts_config c\n"
			    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace\n",
			    "Schema", "Name", "Description");
		if (!pattern_or_release(s, &buf, pattern, 0, "n.nspname", "c.cfgname", NULL,
					"pg_catalog.pg_ts_config_is_visible(c.oid)", 3))
			return 0;
		strbuf_addstr(&buf, "ORDER BY 1, 2;");
		return run_and_print(s, &buf, "List of text search configurations");
	}
	strbuf_addstr(&buf, "SELECT c.oid, c.cfgname,\n"
			    "   n.nspname,\n"
			    "   p.prsname,\n"
			    "   np.nspname as pnspname\n"
			    "FROM pg_catalog.pg_ts_config c\n"
			    "   LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace,\n"
			    " pg_catalog.pg_ts_parser p\n"
			    "   LEFT JOIN pg_catalog.pg_namespace np ON np.oid = p.prsnamespace\n"
			    "WHERE  p.oid = c.cfgparser\n");
	if (!pattern_or_release(s, &buf, pattern, 1, "n.nspname", "c.cfgname", NULL,
				"pg_catalog.pg_ts_config_is_visible(c.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 3, 2;");
	res = describe_exec(s, &buf);
	strbuf_release(&buf);
	if (!res)
		return 0;
	if (PQntuples(res) == 0) {
		if (!s->quiet) {
			if (pattern)
				log_error("Did not find any text search configuration named \"%s\".",
					  pattern);
			else
				log_error("Did not find any text search configurations.");
		}
		ok = 0;
	}
	for (int i = 0; ok && i < PQntuples(res); i++) {
		ok = describe_one_ts_config(s, PQgetvalue(res, i, 0),
					    PQgetisnull(res, i, 2) ? NULL : PQgetvalue(res, i, 2),
					    PQgetvalue(res, i, 1),
					    PQgetisnull(res, i, 4) ? NULL : PQgetvalue(res, i, 4),
					    PQgetvalue(res, i, 3));
		if (sig_cancel_pressed)
			ok = 0;
	}
	PQclear(res);
	return ok;
}

/* psql's listPublications: \dRp. */
int describe_list_publications(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT pubname AS \"%s\",\n"
		    "  pg_catalog.pg_get_userbyid(pubowner) AS \"%s\",\n"
		    "  puballtables AS \"%s\",\n"
		    "  pubinsert AS \"%s\",\n"
		    "  pubupdate AS \"%s\",\n"
		    "  pubdelete AS \"%s\"",
		    "Name", "Owner", "All tables", "Inserts", "Updates", "Deletes");
	if (s->sversion >= 110000)
		strbuf_addf(&buf, ",\n  pubtruncate AS \"%s\"", "Truncates");
	if (s->sversion >= 130000)
		strbuf_addf(&buf, ",\n  pubviaroot AS \"%s\"", "Via root");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_publication\n");
	if (!pattern_or_release(s, &buf, pattern, 0, NULL, "pubname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of publications");
}

/* psql's addFooterToPublicationDesc: run buf, one footer line per row. */
static int publication_footer(struct session *s, struct strbuf *buf, const char *heading,
			      int as_schema, struct print_table *cont)
{
	PGresult *res = describe_exec(s, buf);
	int n;

	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0)
		print_table_add_footer(cont, heading);
	for (int i = 0; i < n; i++) {
		strbuf_reset(buf);
		if (as_schema) {
			strbuf_addf(buf, "    \"%s\"", PQgetvalue(res, i, 0));
		} else {
			strbuf_addf(buf, "    \"%s.%s\"", PQgetvalue(res, i, 0),
				    PQgetvalue(res, i, 1));
			if (!PQgetisnull(res, i, 3))
				strbuf_addf(buf, " (%s)", PQgetvalue(res, i, 3));
			if (!PQgetisnull(res, i, 2))
				strbuf_addf(buf, " WHERE %s", PQgetvalue(res, i, 2));
		}
		print_table_add_footer(cont, buf->buf);
	}
	PQclear(res);
	return 1;
}

/* One \dRp+ table: the flags, then its tables and schemas as footers. */
static int describe_one_publication(struct session *s, const PGresult *res, int i,
				    struct strbuf *buf)
{
	static const char *const headers[] = {
		"Owner", "All tables", "Inserts", "Updates", "Deletes", "Truncates", "Via root"
	};
	struct print_table_opt topt = s->popt.topt;
	struct print_table cont;
	struct strbuf title = STRBUF_INIT;
	const char *pubid = PQgetvalue(res, i, 0);
	int ncols = 5, ok = 0;

	if (s->sversion >= 110000)
		ncols++;
	if (s->sversion >= 130000)
		ncols++;
	strbuf_addf(&title, "Publication %s", PQgetvalue(res, i, 1));
	print_table_init(&cont, &topt, title.buf, ncols, 1);
	for (int c = 0; c < ncols; c++)
		print_table_add_header(&cont, headers[c], 1, 'l');
	for (int c = 0; c < ncols; c++)
		print_table_add_cell(&cont, PQgetvalue(res, i, 2 + c), 0, 0);
	if (!describe_is_true(PQgetvalue(res, i, 3))) {
		strbuf_reset(buf);
		strbuf_addstr(buf, "SELECT n.nspname, c.relname");
		if (s->sversion >= 150000) {
			strbuf_addstr(buf, ", pg_get_expr(pr.prqual, c.oid)");
			strbuf_addstr(buf,
				      ", (CASE WHEN pr.prattrs IS NOT NULL THEN\n"
				      "     pg_catalog.array_to_string("
				      "      ARRAY(SELECT attname\n"
				      "              FROM\n"
				      "                pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n"
				      "                pg_catalog.pg_attribute\n"
				      "        WHERE attrelid = c.oid AND attnum = prattrs[s]), ', ')\n"
				      "       ELSE NULL END)");
		} else {
			strbuf_addstr(buf, ", NULL, NULL");
		}
		strbuf_addf(buf,
			    "\nFROM pg_catalog.pg_class c,\n"
			    "     pg_catalog.pg_namespace n,\n"
			    "     pg_catalog.pg_publication_rel pr\n"
			    "WHERE c.relnamespace = n.oid\n"
			    "  AND c.oid = pr.prrelid\n"
			    "  AND pr.prpubid = '%s'\n"
			    "ORDER BY 1,2",
			    pubid);
		if (!publication_footer(s, buf, "Tables:", 0, &cont))
			goto done;
		if (s->sversion >= 150000) {
			strbuf_reset(buf);
			strbuf_addf(buf,
				    "SELECT n.nspname\n"
				    "FROM pg_catalog.pg_namespace n\n"
				    "     JOIN pg_catalog.pg_publication_namespace pn ON n.oid = pn.pnnspid\n"
				    "WHERE pn.pnpubid = '%s'\n"
				    "ORDER BY 1",
				    pubid);
			if (!publication_footer(s, buf, "Tables from schemas:", 1, &cont))
				goto done;
		}
	}
	print_table(&cont, s->query_fout, 0, s->logfile);
	ok = 1;
done:
	print_table_release(&cont);
	strbuf_release(&title);
	return ok;
}

/* psql's describePublications: \dRp+. */
int describe_publications(struct session *s, const char *pattern)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int ok = 1;

	strbuf_addstr(&buf, "SELECT oid, pubname,\n"
			    "  pg_catalog.pg_get_userbyid(pubowner) AS owner,\n"
			    "  puballtables, pubinsert, pubupdate, pubdelete");
	if (s->sversion >= 110000)
		strbuf_addstr(&buf, ", pubtruncate");
	if (s->sversion >= 130000)
		strbuf_addstr(&buf, ", pubviaroot");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_publication\n");
	if (!pattern_or_release(s, &buf, pattern, 0, NULL, "pubname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 2;");
	res = describe_exec(s, &buf);
	if (!res) {
		strbuf_release(&buf);
		return 0;
	}
	if (PQntuples(res) == 0) {
		if (!s->quiet) {
			if (pattern)
				log_error("Did not find any publication named \"%s\".", pattern);
			else
				log_error("Did not find any publications.");
		}
		ok = 0;
	}
	for (int i = 0; ok && i < PQntuples(res); i++)
		ok = describe_one_publication(s, res, i, &buf);
	strbuf_release(&buf);
	PQclear(res);
	return ok;
}

/* psql's describeSubscriptions: \dRs[+]. */
int describe_subscriptions(struct session *s, const char *pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;

	strbuf_addf(&buf,
		    "SELECT subname AS \"%s\"\n"
		    ",  pg_catalog.pg_get_userbyid(subowner) AS \"%s\"\n"
		    ",  subenabled AS \"%s\"\n"
		    ",  subpublications AS \"%s\"\n",
		    "Name", "Owner", "Enabled", "Publication");
	if (verbose) {
		if (s->sversion >= 140000)
			strbuf_addf(&buf, ", subbinary AS \"%s\"\n, substream AS \"%s\"\n", "Binary",
				    "Streaming");
		if (s->sversion >= 150000)
			strbuf_addf(&buf, ", subtwophasestate AS \"%s\"\n, subdisableonerr AS \"%s\"\n",
				    "Two-phase commit", "Disable on error");
		strbuf_addf(&buf, ",  subsynccommit AS \"%s\"\n,  subconninfo AS \"%s\"\n",
			    "Synchronous commit", "Conninfo");
		if (s->sversion >= 150000)
			strbuf_addf(&buf, ", subskiplsn AS \"%s\"\n", "Skip LSN");
	}
	strbuf_addstr(&buf, "FROM pg_catalog.pg_subscription\n"
			    "WHERE subdbid = (SELECT oid\n"
			    "                 FROM pg_catalog.pg_database\n"
			    "                 WHERE datname = pg_catalog.current_database())");
	if (!pattern_or_release(s, &buf, pattern, 1, NULL, "subname", NULL, NULL, 1))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1;");
	return run_and_print(s, &buf, "List of subscriptions");
}

/* The access method pattern of \dA[cfop] (it says whether a WHERE was written). */
static int am_pattern(struct session *s, struct strbuf *buf, const char *pattern,
		      int *have_where)
{
	*have_where = 0;
	if (!pattern)
		return 1;
	if (describe_pattern(s, buf, pattern, 0, 0, NULL, "am.amname", NULL, NULL, have_where, 1))
		return 1;
	strbuf_release(buf);
	return 0;
}

/* psql's listOperatorClasses: \dAc[+] [am [type]]. */
int describe_opclasses(struct session *s, const char *am_pat, const char *type_pattern,
		       int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	int have_where;

	strbuf_addf(&buf,
		    "SELECT\n"
		    "  am.amname AS \"%s\",\n"
		    "  pg_catalog.format_type(c.opcintype, NULL) AS \"%s\",\n"
		    "  CASE\n"
		    "    WHEN c.opckeytype <> 0 AND c.opckeytype <> c.opcintype\n"
		    "    THEN pg_catalog.format_type(c.opckeytype, NULL)\n"
		    "    ELSE NULL\n"
		    "  END AS \"%s\",\n"
		    "  CASE\n"
		    "    WHEN pg_catalog.pg_opclass_is_visible(c.oid)\n"
		    "    THEN pg_catalog.format('%%I', c.opcname)\n"
		    "    ELSE pg_catalog.format('%%I.%%I', n.nspname, c.opcname)\n"
		    "  END AS \"%s\",\n"
		    "  (CASE WHEN c.opcdefault\n"
		    "    THEN '%s'\n"
		    "    ELSE '%s'\n"
		    "  END) AS \"%s\"",
		    "AM", "Input type", "Storage type", "Operator class", "yes", "no", "Default?");
	if (verbose)
		strbuf_addf(&buf,
			    ",\n  CASE\n"
			    "    WHEN pg_catalog.pg_opfamily_is_visible(of.oid)\n"
			    "    THEN pg_catalog.format('%%I', of.opfname)\n"
			    "    ELSE pg_catalog.format('%%I.%%I', ofn.nspname, of.opfname)\n"
			    "  END AS \"%s\",\n"
			    " pg_catalog.pg_get_userbyid(c.opcowner) AS \"%s\"\n",
			    "Operator family", "Owner");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_opclass c\n"
			    "  LEFT JOIN pg_catalog.pg_am am on am.oid = c.opcmethod\n"
			    "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace\n"
			    "  LEFT JOIN pg_catalog.pg_type t ON t.oid = c.opcintype\n"
			    "  LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace\n");
	if (verbose)
		strbuf_addstr(&buf,
			      "  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = c.opcfamily\n"
			      "  LEFT JOIN pg_catalog.pg_namespace ofn ON ofn.oid = of.opfnamespace\n");
	if (!am_pattern(s, &buf, am_pat, &have_where))
		return 0;
	if (type_pattern &&
	    !pattern_or_release(s, &buf, type_pattern, have_where, "tn.nspname", "t.typname",
				"pg_catalog.format_type(t.oid, NULL)",
				"pg_catalog.pg_type_is_visible(t.oid)", 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2, 4;");
	return run_and_print(s, &buf, "List of operator classes");
}

/* psql's listOperatorFamilies: \dAf[+] [am [type]]. */
int describe_opfamilies(struct session *s, const char *am_pat, const char *type_pattern,
			int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	int have_where;

	strbuf_addf(&buf,
		    "SELECT\n"
		    "  am.amname AS \"%s\",\n"
		    "  CASE\n"
		    "    WHEN pg_catalog.pg_opfamily_is_visible(f.oid)\n"
		    "    THEN pg_catalog.format('%%I', f.opfname)\n"
		    "    ELSE pg_catalog.format('%%I.%%I', n.nspname, f.opfname)\n"
		    "  END AS \"%s\",\n"
		    "  (SELECT\n"
		    "     pg_catalog.string_agg(pg_catalog.format_type(oc.opcintype, NULL), ', ')\n"
		    "   FROM pg_catalog.pg_opclass oc\n"
		    "   WHERE oc.opcfamily = f.oid) \"%s\"",
		    "AM", "Operator family", "Applicable types");
	if (verbose)
		strbuf_addf(&buf, ",\n  pg_catalog.pg_get_userbyid(f.opfowner) AS \"%s\"\n", "Owner");
	strbuf_addstr(&buf, "\nFROM pg_catalog.pg_opfamily f\n"
			    "  LEFT JOIN pg_catalog.pg_am am on am.oid = f.opfmethod\n"
			    "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace\n");
	if (!am_pattern(s, &buf, am_pat, &have_where))
		return 0;
	if (type_pattern) {
		strbuf_addf(&buf,
			    "  %s EXISTS (\n"
			    "    SELECT 1\n"
			    "    FROM pg_catalog.pg_type t\n"
			    "    JOIN pg_catalog.pg_opclass oc ON oc.opcintype = t.oid\n"
			    "    LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace\n"
			    "    WHERE oc.opcfamily = f.oid\n",
			    have_where ? "AND" : "WHERE");
		if (!pattern_or_release(s, &buf, type_pattern, 1, "tn.nspname", "t.typname",
					"pg_catalog.format_type(t.oid, NULL)",
					"pg_catalog.pg_type_is_visible(t.oid)", 3))
			return 0;
		strbuf_addstr(&buf, "  )\n");
	}
	strbuf_addstr(&buf, "ORDER BY 1, 2;");
	return run_and_print(s, &buf, "List of operator families");
}

/* psql's listOpFamilyOperators: \dAo[+] [am [family]]. */
int describe_opfamily_operators(struct session *s, const char *am_pat,
				const char *family_pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	int have_where;

	strbuf_addf(&buf,
		    "SELECT\n"
		    "  am.amname AS \"%s\",\n"
		    "  CASE\n"
		    "    WHEN pg_catalog.pg_opfamily_is_visible(of.oid)\n"
		    "    THEN pg_catalog.format('%%I', of.opfname)\n"
		    "    ELSE pg_catalog.format('%%I.%%I', nsf.nspname, of.opfname)\n"
		    "  END AS \"%s\",\n"
		    "  o.amopopr::pg_catalog.regoperator AS \"%s\"\n,"
		    "  o.amopstrategy AS \"%s\",\n"
		    "  CASE o.amoppurpose\n"
		    "    WHEN 'o' THEN '%s'\n"
		    "    WHEN 's' THEN '%s'\n"
		    "  END AS \"%s\"\n",
		    "AM", "Operator family", "Operator", "Strategy", "ordering", "search", "Purpose");
	if (verbose)
		strbuf_addf(&buf, ", ofs.opfname AS \"%s\"\n", "Sort opfamily");
	strbuf_addstr(&buf, "FROM pg_catalog.pg_amop o\n"
			    "  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = o.amopfamily\n"
			    "  LEFT JOIN pg_catalog.pg_am am ON am.oid = of.opfmethod AND am.oid = o.amopmethod\n"
			    "  LEFT JOIN pg_catalog.pg_namespace nsf ON of.opfnamespace = nsf.oid\n");
	if (verbose)
		strbuf_addstr(&buf,
			      "  LEFT JOIN pg_catalog.pg_opfamily ofs ON ofs.oid = o.amopsortfamily\n");
	if (!am_pattern(s, &buf, am_pat, &have_where))
		return 0;
	if (family_pattern &&
	    !pattern_or_release(s, &buf, family_pattern, have_where, "nsf.nspname", "of.opfname",
				NULL, NULL, 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2,\n"
			    "  o.amoplefttype = o.amoprighttype DESC,\n"
			    "  pg_catalog.format_type(o.amoplefttype, NULL),\n"
			    "  pg_catalog.format_type(o.amoprighttype, NULL),\n"
			    "  o.amopstrategy;");
	return run_and_print(s, &buf, "List of operators of operator families");
}

/* psql's listOpFamilyFunctions: \dAp[+] [am [family]]. */
int describe_opfamily_functions(struct session *s, const char *am_pat,
				const char *family_pattern, int verbose)
{
	struct strbuf buf = STRBUF_INIT;
	int have_where;

	strbuf_addf(&buf,
		    "SELECT\n"
		    "  am.amname AS \"%s\",\n"
		    "  CASE\n"
		    "    WHEN pg_catalog.pg_opfamily_is_visible(of.oid)\n"
		    "    THEN pg_catalog.format('%%I', of.opfname)\n"
		    "    ELSE pg_catalog.format('%%I.%%I', ns.nspname, of.opfname)\n"
		    "  END AS \"%s\",\n"
		    "  pg_catalog.format_type(ap.amproclefttype, NULL) AS \"%s\",\n"
		    "  pg_catalog.format_type(ap.amprocrighttype, NULL) AS \"%s\",\n"
		    "  ap.amprocnum AS \"%s\"\n",
		    "AM", "Operator family", "Registered left type", "Registered right type",
		    "Number");
	if (!verbose)
		strbuf_addf(&buf, ", p.proname AS \"%s\"\n", "Function");
	else
		strbuf_addf(&buf, ", ap.amproc::pg_catalog.regprocedure AS \"%s\"\n", "Function");
	strbuf_addstr(&buf, "FROM pg_catalog.pg_amproc ap\n"
			    "  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = ap.amprocfamily\n"
			    "  LEFT JOIN pg_catalog.pg_am am ON am.oid = of.opfmethod\n"
			    "  LEFT JOIN pg_catalog.pg_namespace ns ON of.opfnamespace = ns.oid\n"
			    "  LEFT JOIN pg_catalog.pg_proc p ON ap.amproc = p.oid\n");
	if (!am_pattern(s, &buf, am_pat, &have_where))
		return 0;
	if (family_pattern &&
	    !pattern_or_release(s, &buf, family_pattern, have_where, "ns.nspname", "of.opfname",
				NULL, NULL, 3))
		return 0;
	strbuf_addstr(&buf, "ORDER BY 1, 2,\n"
			    "  ap.amproclefttype = ap.amprocrighttype DESC,\n"
			    "  3, 4, 5;");
	return run_and_print(s, &buf, "List of support functions of operator families");
}
