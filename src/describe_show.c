/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_show: \sf and \sv (psql's exec_command_sf_sv with its
 * lookup_object_oid and get_create_object_cmd): the CREATE statement of a
 * function or a view, with line numbers for \sf+ and \sv+, through the
 * pager when it would not fit.  Like psql, these two queries report only
 * the primary error message, and are echoed (ECHO_HIDDEN) before they run.
 * \ef and \ev (meta.c) get the same statement from describe_create_command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/describe.h"
#include "safepg/pgarray.h"
#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/namepattern.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/banned.h"

/* psql's echo_hidden_command: 0 when ECHO_HIDDEN is noexec. */
static int echo_hidden(struct session *s, const char *query)
{
	if (s->echo_hidden == ECHO_HIDDEN_OFF)
		return 1;
	printf("********* QUERY **********\n%s\n**************************\n\n", query);
	fflush(stdout);
	if (s->logfile) {
		fprintf(s->logfile, "********* QUERY **********\n%s\n**************************\n\n",
			query);
		fflush(s->logfile);
	}
	return s->echo_hidden != ECHO_HIDDEN_NOEXEC;
}

/* psql's minimal_error_message: the severity and the primary message only. */
static void minimal_error(const PGresult *res)
{
	const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY);
	const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	log_error("%s:  %s\n", severity ? severity : "ERROR",
		  primary ? primary : "(not available)");
}

/* Echo and run query; a one-row result, or NULL after the minimal error. */
static PGresult *run_one_row(struct session *s, const char *query)
{
	PGresult *res;

	if (!echo_hidden(s, query))
		return NULL;
	res = PQexec(s->db, query);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		return res;
	minimal_error(res);
	PQclear(res);
	return NULL;
}

static int lookup_oid(struct session *s, const char *desc, int is_func, Oid *oid)
{
	struct strbuf q = STRBUF_INIT;
	PGresult *res;

	strbuf_addstr(&q, "SELECT ");
	describe_literal(s, &q, desc);
	if (is_func)
		strbuf_addf(&q, "::pg_catalog.%s::pg_catalog.oid",
			    strchr(desc, '(') ? "regprocedure" : "regproc");
	else
		strbuf_addstr(&q, "::pg_catalog.regclass::pg_catalog.oid");
	res = run_one_row(s, q.buf);
	strbuf_release(&q);
	if (!res)
		return 0;
	*oid = (Oid)strtoul(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 1;
}

/* psql's appendReloptionsArray with an empty prefix. */
static int append_reloptions(struct session *s, struct strbuf *buf, const char *reloptions)
{
	struct strvec opts = STRVEC_INIT;
	struct strbuf id = STRBUF_INIT;

	if (pgarray_parse(reloptions, &opts) < 0) {
		strvec_clear(&opts);
		return 0;
	}
	for (size_t i = 0; i < opts.n; i++) {
		char *name = opts.v[i], *eq = strchr(name, '=');
		const char *value = "";

		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		if (i > 0)
			strbuf_addstr(buf, ", ");
		namepattern_quote_ident(buf, name);
		strbuf_addch(buf, '=');
		/* a value that reads as a plain identifier stays bare */
		strbuf_reset(&id);
		namepattern_quote_ident(&id, value);
		if (!strcmp(id.buf, value)) {
			strbuf_addstr(buf, value);
		} else {
			int std = session_standard_strings(s);

			strbuf_addch(buf, '\'');
			for (const char *p = value; *p; p++) {
				if (*p == '\'' || (*p == '\\' && !std))
					strbuf_addch(buf, *p);
				strbuf_addch(buf, *p);
			}
			strbuf_addch(buf, '\'');
		}
	}
	strbuf_release(&id);
	strvec_clear(&opts);
	return 1;
}

/* psql's get_create_object_cmd. */
static int create_command(struct session *s, int is_func, Oid oid, struct strbuf *out)
{
	struct strbuf q = STRBUF_INIT;
	PGresult *res;
	int ok = 1;

	if (is_func)
		strbuf_addf(&q, "SELECT pg_catalog.pg_get_functiondef(%u)", oid);
	else
		strbuf_addf(&q,
			    "SELECT nspname, relname, relkind, "
			    "pg_catalog.pg_get_viewdef(c.oid, true), "
			    "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions,'check_option=local'),'check_option=cascaded') AS reloptions, "
			    "CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL'::text "
			    "WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED'::text ELSE NULL END AS checkoption "
			    "FROM pg_catalog.pg_class c "
			    "LEFT JOIN pg_catalog.pg_namespace n "
			    "ON c.relnamespace = n.oid WHERE c.oid = %u",
			    oid);
	res = run_one_row(s, q.buf);
	strbuf_release(&q);
	if (!res)
		return 0;
	strbuf_reset(out);
	if (is_func) {
		strbuf_addstr(out, PQgetvalue(res, 0, 0));
	} else {
		const char *nspname = PQgetvalue(res, 0, 0), *relname = PQgetvalue(res, 0, 1);
		const char *reloptions = PQgetvalue(res, 0, 4), *check = PQgetvalue(res, 0, 5);

		/* CREATE OR REPLACE MATERIALIZED VIEW does not exist: views only */
		if (PQgetvalue(res, 0, 2)[0] == RELKIND_VIEW) {
			strbuf_addstr(out, "CREATE OR REPLACE VIEW ");
		} else {
			log_error("\"%s.%s\" is not a view", nspname, relname);
			ok = 0;
		}
		namepattern_quote_ident(out, nspname);
		strbuf_addch(out, '.');
		namepattern_quote_ident(out, relname);
		if (reloptions && strlen(reloptions) > 2) {
			strbuf_addstr(out, "\n WITH (");
			if (!append_reloptions(s, out, reloptions)) {
				log_error("could not parse reloptions array");
				ok = 0;
			}
			strbuf_addch(out, ')');
		}
		strbuf_addf(out, " AS\n%s", PQgetvalue(res, 0, 3));
		/* pg_get_viewdef's semicolon goes */
		if (out->len > 0 && out->buf[out->len - 1] == ';')
			strbuf_setlen(out, out->len - 1);
		if (check && *check)
			strbuf_addf(out, "\n WITH %s CHECK OPTION", check);
	}
	if (out->len > 0 && out->buf[out->len - 1] != '\n')
		strbuf_addch(out, '\n');
	PQclear(res);
	return ok;
}

static int count_lines(const char *text)
{
	int n = 0;

	while (*text) {
		const char *nl = strchr(text, '\n');

		n++;
		if (!nl)
			break;
		text = nl + 1;
	}
	return n;
}

/*
 * psql's print_with_linenumbers: for a function, numbering starts at the
 * body, the first line beginning "AS ", "BEGIN " or "RETURN ".
 */
static void print_numbered(FILE *out, const char *text, int is_func)
{
	int in_header = is_func, lineno = 0;

	while (*text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);

		if (in_header && (!strncmp(text, "AS ", 3) || !strncmp(text, "BEGIN ", 6) ||
				  !strncmp(text, "RETURN ", 7)))
			in_header = 0;
		if (!in_header)
			lineno++;
		if (in_header)
			fprintf(out, "        %.*s\n", len, text);
		else
			fprintf(out, "%-7d %.*s\n", lineno, len, text);
		if (!nl)
			break;
		text = nl + 1;
	}
}

int describe_create_command(struct session *s, const char *desc, int is_func,
			    struct strbuf *out)
{
	Oid oid = 0;

	return lookup_oid(s, desc, is_func, &oid) && create_command(s, is_func, oid, out);
}

int describe_show_function(struct session *s, const char *desc, int is_func, int numbers)
{
	struct strbuf def = STRBUF_INIT;
	int ok = 0;

	if (!desc) {
		log_error(is_func ? "function name is required" : "view name is required");
		return 0;
	}
	if (describe_create_command(s, desc, is_func, &def)) {
		FILE *out = s->query_fout;
		int pager = out == stdout;

		if (pager)
			out = print_pager_open(&s->popt.topt, count_lines(def.buf));
		if (numbers)
			print_numbered(out, def.buf, is_func);
		else
			fputs(def.buf, out);
		if (pager)
			print_pager_close(out);
		ok = 1;
	}
	strbuf_release(&def);
	return ok;
}
