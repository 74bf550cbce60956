/* SPDX-License-Identifier: PostgreSQL */
/*
 * meta_lo: \lo_import, \lo_export, \lo_unlink (psql's large_obj.c), each
 * in a transaction of its own unless one is already open, and the texts
 * of \? and \copyright.  \lo_unlink is a destructive operation: the
 * guard sees it as the statement it amounts to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <libpq/libpq-fs.h>

#include "safepg/cmd_client.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static int start_xact(struct session *s, const char *op, int *own)
{
	PGresult *res;

	*own = 0;
	if (!s->db) {
		log_error("%s: not connected to a database", op);
		return 0;
	}
	switch (PQtransactionStatus(s->db)) {
	case PQTRANS_IDLE:
		res = exec_hidden(s, "BEGIN");
		if (!res)
			return 0;
		PQclear(res);
		*own = 1;
		return 1;
	case PQTRANS_INTRANS:
		return 1;
	case PQTRANS_INERROR:
		log_error("%s: current transaction is aborted", op);
		return 0;
	case PQTRANS_ACTIVE:
	case PQTRANS_UNKNOWN:
	default:
		log_error("%s: unknown transaction status", op);
		return 0;
	}
}

static int finish_xact(struct session *s, int own)
{
	PGresult *res;

	if (own && s->autocommit) {
		res = exec_hidden(s, "COMMIT");
		if (!res) {
			PQclear(exec_hidden(s, "ROLLBACK"));
			return 0;
		}
		PQclear(res);
	}
	return 1;
}

static int fail_xact(struct session *s, int own)
{
	if (own && s->autocommit)
		PQclear(exec_hidden(s, "ROLLBACK"));
	return 0;
}

static void print_lo_result(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void print_lo_result(struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->quiet) {
		int html = s->popt.topt.format == PRINT_FORMAT_HTML;

		if (html)
			fputs("<p>", s->query_fout);
		va_start(ap, fmt);
		vfprintf(s->query_fout, fmt, ap);
		va_end(ap);
		fputs(html ? "</p>\n" : "\n", s->query_fout);
	}
	if (s->logfile) {
		va_start(ap, fmt);
		vfprintf(s->logfile, fmt, ap);
		va_end(ap);
		fputs("\n", s->logfile);
	}
}

static Oid to_oid(const char *s)
{
	return (Oid)strtoul(s, NULL, 10);
}

int meta_lo_export(struct session *s, const char *loid, const char *filename)
{
	int own, status;

	/* a local file is written: the guard sees it as COPY ... TO that file */
	if (guard_copy_local(s, 0, 0, filename) != GUARD_PROCEED)
		return 0;
	if (!start_xact(s, "\\lo_export", &own))
		return 0;
	status = lo_export(s->db, to_oid(loid ? loid : "0"), filename);
	if (status != 1) {
		log_info("%s", PQerrorMessage(s->db));
		return fail_xact(s, own);
	}
	if (!finish_xact(s, own))
		return 0;
	print_lo_result(s, "lo_export");
	return 1;
}

int meta_lo_import(struct session *s, const char *filename, const char *comment)
{
	int own;
	Oid loid;
	char buf[32];

	/* a local file goes to the server: the guard sees it as COPY ... FROM that file */
	if (guard_copy_local(s, 1, 0, filename) != GUARD_PROCEED)
		return 0;
	if (!start_xact(s, "\\lo_import", &own))
		return 0;
	loid = lo_import(s->db, filename);
	if (loid == InvalidOid) {
		log_info("%s", PQerrorMessage(s->db));
		return fail_xact(s, own);
	}
	if (comment) {
		char *lit = PQescapeLiteral(s->db, comment, strlen(comment));
		char *sql;
		PGresult *res;

		if (!lit)
			return fail_xact(s, own);
		/* psql writes the literal with PQescapeStringConn between plain quotes */
		sql = xasprintf("COMMENT ON LARGE OBJECT %u IS %s", loid, lit);
		PQfreemem(lit);
		res = exec_hidden(s, sql);
		free(sql);
		if (!res)
			return fail_xact(s, own);
		PQclear(res);
	}
	if (!finish_xact(s, own))
		return 0;
	print_lo_result(s, "lo_import %u", loid);
	snprintf(buf, sizeof(buf), "%u", loid);
	session_set_var(s, "LASTOID", buf);
	return 1;
}

int meta_lo_unlink(struct session *s, const char *loid_arg)
{
	Oid loid = to_oid(loid_arg);
	int own;
	char *as_sql = xasprintf("SELECT pg_catalog.lo_unlink('%u')", loid);

	/* removing a large object is destructive: the guard sees it as SQL */
	if (guard_sql(s, as_sql) != GUARD_PROCEED) {
		free(as_sql);
		return 0;
	}
	free(as_sql);
	if (!start_xact(s, "\\lo_unlink", &own))
		return 0;
	if (lo_unlink(s->db, loid) == -1) {
		log_info("%s", PQerrorMessage(s->db));
		return fail_xact(s, own);
	}
	if (!finish_xact(s, own))
		return 0;
	print_lo_result(s, "lo_unlink %u", loid);
	return 1;
}

void meta_print_copyright(void)
{
	puts("PostgreSQL Database Management System\n"
	     "(formerly known as Postgres, then as Postgres95)\n\n"
	     "Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group\n\n"
	     "Portions Copyright (c) 1994, The Regents of the University of California\n\n"
	     "Permission to use, copy, modify, and distribute this software and its\n"
	     "documentation for any purpose, without fee, and without a written agreement\n"
	     "is hereby granted, provided that the above copyright notice and this\n"
	     "paragraph and the following two paragraphs appear in all copies.\n\n"
	     "IN NO EVENT SHALL THE UNIVERSITY OF CALIFORNIA BE LIABLE TO ANY PARTY FOR\n"
	     "DIRECT, INDIRECT, SPECIAL, INCIDENTAL, OR CONSEQUENTIAL DAMAGES, INCLUDING\n"
	     "LOST PROFITS, ARISING OUT OF THE USE OF THIS SOFTWARE AND ITS\n"
	     "DOCUMENTATION, EVEN IF THE UNIVERSITY OF CALIFORNIA HAS BEEN ADVISED OF THE\n"
	     "POSSIBILITY OF SUCH DAMAGE.\n\n"
	     "THE UNIVERSITY OF CALIFORNIA SPECIFICALLY DISCLAIMS ANY WARRANTIES,\n"
	     "INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY\n"
	     "AND FITNESS FOR A PARTICULAR PURPOSE.  THE SOFTWARE PROVIDED HEREUNDER IS\n"
	     "ON AN \"AS IS\" BASIS, AND THE UNIVERSITY OF CALIFORNIA HAS NO OBLIGATIONS TO\n"
	     "PROVIDE MAINTENANCE, SUPPORT, UPDATES, ENHANCEMENTS, OR MODIFICATIONS.");
}

static const char *onoff(int on)
{
	return on ? "on" : "off";
}

/* psql's helpVariables: \\? variables and --help=variables. */
static void print_variables_help(struct session *s)
{
	struct strbuf buf = STRBUF_INIT;
	FILE *out;
	int lines = 0;

	strbuf_addstr(&buf, "List of specially treated variables\n\n");

	strbuf_addstr(&buf, "psql variables:\n");
	strbuf_addstr(&buf, "Usage:\n");
	strbuf_addstr(&buf, "  psql --set=NAME=VALUE\n  or \\set NAME VALUE inside psql\n\n");

	strbuf_addstr(&buf, "  AUTOCOMMIT\n"
		  "    if set, successful SQL commands are automatically committed\n");
	strbuf_addstr(&buf, "  COMP_KEYWORD_CASE\n"
		  "    determines the case used to complete SQL key words\n"
		  "    [lower, upper, preserve-lower, preserve-upper]\n");
	strbuf_addstr(&buf, "  DBNAME\n"
		  "    the currently connected database name\n");
	strbuf_addstr(&buf, "  ECHO\n"
		  "    controls what input is written to standard output\n"
		  "    [all, errors, none, queries]\n");
	strbuf_addstr(&buf, "  ECHO_HIDDEN\n"
		  "    if set, display internal queries executed by backslash commands;\n"
		  "    if set to \"noexec\", just show them without execution\n");
	strbuf_addstr(&buf, "  ENCODING\n"
		  "    current client character set encoding\n");
	strbuf_addstr(&buf, "  ERROR\n"
		  "    true if last query failed, else false\n");
	strbuf_addstr(&buf, "  FETCH_COUNT\n"
		  "    the number of result rows to fetch and display at a time (0 = unlimited)\n");
	strbuf_addstr(&buf, "  HIDE_TABLEAM\n"
		  "    if set, table access methods are not displayed\n");
	strbuf_addstr(&buf, "  HIDE_TOAST_COMPRESSION\n"
		  "    if set, compression methods are not displayed\n");
	strbuf_addstr(&buf, "  HISTCONTROL\n"
		  "    controls command history [ignorespace, ignoredups, ignoreboth]\n");
	strbuf_addstr(&buf, "  HISTFILE\n"
		  "    file name used to store the command history\n");
	strbuf_addstr(&buf, "  HISTSIZE\n"
		  "    maximum number of commands to store in the command history\n");
	strbuf_addstr(&buf, "  HOST\n"
		  "    the currently connected database server host\n");
	strbuf_addstr(&buf, "  IGNOREEOF\n"
		  "    number of EOFs needed to terminate an interactive session\n");
	strbuf_addstr(&buf, "  LASTOID\n"
		  "    value of the last affected OID\n");
	strbuf_addstr(&buf, "  LAST_ERROR_MESSAGE\n"
		  "  LAST_ERROR_SQLSTATE\n"
		  "    message and SQLSTATE of last error, or empty string and \"00000\" if none\n");
	strbuf_addstr(&buf, "  ON_ERROR_ROLLBACK\n"
		  "    if set, an error doesn't stop a transaction (uses implicit savepoints)\n");
	strbuf_addstr(&buf, "  ON_ERROR_STOP\n"
		  "    stop batch execution after error\n");
	strbuf_addstr(&buf, "  PORT\n"
		  "    server port of the current connection\n");
	strbuf_addstr(&buf, "  PROMPT1\n"
		  "    specifies the standard psql prompt\n");
	strbuf_addstr(&buf, "  PROMPT2\n"
		  "    specifies the prompt used when a statement continues from a previous line\n");
	strbuf_addstr(&buf, "  PROMPT3\n"
		  "    specifies the prompt used during COPY ... FROM STDIN\n");
	strbuf_addstr(&buf, "  QUIET\n"
		  "    run quietly (same as -q option)\n");
	strbuf_addstr(&buf, "  ROW_COUNT\n"
		  "    number of rows returned or affected by last query, or 0\n");
	strbuf_addstr(&buf, "  SERVER_VERSION_NAME\n"
		  "  SERVER_VERSION_NUM\n"
		  "    server's version (in short string or numeric format)\n");
	strbuf_addstr(&buf, "  SHOW_ALL_RESULTS\n"
		  "    show all results of a combined query (\\;) instead of only the last\n");
	strbuf_addstr(&buf, "  SHOW_CONTEXT\n"
		  "    controls display of message context fields [never, errors, always]\n");
	strbuf_addstr(&buf, "  SINGLELINE\n"
		  "    if set, end of line terminates SQL commands (same as -S option)\n");
	strbuf_addstr(&buf, "  SINGLESTEP\n"
		  "    single-step mode (same as -s option)\n");
	strbuf_addstr(&buf, "  SQLSTATE\n"
		  "    SQLSTATE of last query, or \"00000\" if no error\n");
	strbuf_addstr(&buf, "  USER\n"
		  "    the currently connected database user\n");
	strbuf_addstr(&buf, "  VERBOSITY\n"
		  "    controls verbosity of error reports [default, verbose, terse, sqlstate]\n");
	strbuf_addstr(&buf, "  VERSION\n"
		  "  VERSION_NAME\n"
		  "  VERSION_NUM\n"
		  "    psql's version (in verbose string, short string, or numeric format)\n");

	strbuf_addstr(&buf, "\nDisplay settings:\n");
	strbuf_addstr(&buf, "Usage:\n");
	strbuf_addstr(&buf, "  psql --pset=NAME[=VALUE]\n  or \\pset NAME [VALUE] inside psql\n\n");

	strbuf_addstr(&buf, "  border\n"
		  "    border style (number)\n");
	strbuf_addstr(&buf, "  columns\n"
		  "    target width for the wrapped format\n");
	strbuf_addf(&buf, "  csv_fieldsep\n"
		  "    field separator for CSV output format (default \"%c\")\n",
		  ',');
	strbuf_addstr(&buf, "  expanded (or x)\n"
		  "    expanded output [on, off, auto]\n");
	strbuf_addf(&buf, "  fieldsep\n"
		  "    field separator for unaligned output (default \"%s\")\n",
		  "|");
	strbuf_addstr(&buf, "  fieldsep_zero\n"
		  "    set field separator for unaligned output to a zero byte\n");
	strbuf_addstr(&buf, "  footer\n"
		  "    enable or disable display of the table footer [on, off]\n");
	strbuf_addstr(&buf, "  format\n"
		  "    set output format [unaligned, aligned, wrapped, html, asciidoc, ...]\n");
	strbuf_addstr(&buf, "  linestyle\n"
		  "    set the border line drawing style [ascii, old-ascii, unicode]\n");
	strbuf_addstr(&buf, "  null\n"
		  "    set the string to be printed in place of a null value\n");
	strbuf_addstr(&buf, "  numericlocale\n"
		  "    enable display of a locale-specific character to separate groups of digits\n");
	strbuf_addstr(&buf, "  pager\n"
		  "    control when an external pager is used [yes, no, always]\n");
	strbuf_addstr(&buf, "  recordsep\n"
		  "    record (line) separator for unaligned output\n");
	strbuf_addstr(&buf, "  recordsep_zero\n"
		  "    set record separator for unaligned output to a zero byte\n");
	strbuf_addstr(&buf, "  tableattr (or T)\n"
		  "    specify attributes for table tag in html format, or proportional\n"
		  "    column widths for left-aligned data types in latex-longtable format\n");
	strbuf_addstr(&buf, "  title\n"
		  "    set the table title for subsequently printed tables\n");
	strbuf_addstr(&buf, "  tuples_only\n"
		  "    if set, only actual table data is shown\n");
	strbuf_addstr(&buf, "  unicode_border_linestyle\n"
		  "  unicode_column_linestyle\n"
		  "  unicode_header_linestyle\n"
		  "    set the style of Unicode line drawing [single, double]\n");

	strbuf_addstr(&buf, "\nEnvironment variables:\n");
	strbuf_addstr(&buf, "Usage:\n");

	strbuf_addstr(&buf, "  NAME=VALUE [NAME=VALUE] safepg ...\n  or \\setenv NAME [VALUE] inside safepg\n\n");

	strbuf_addstr(&buf, "  COLUMNS\n"
		  "    number of columns for wrapped format\n");
	strbuf_addstr(&buf, "  PGAPPNAME\n"
		  "    same as the application_name connection parameter\n");
	strbuf_addstr(&buf, "  PGDATABASE\n"
		  "    same as the dbname connection parameter\n");
	strbuf_addstr(&buf, "  PGHOST\n"
		  "    same as the host connection parameter\n");
	strbuf_addstr(&buf, "  PGPASSFILE\n"
		  "    password file name\n");
	strbuf_addstr(&buf, "  PGPASSWORD\n"
		  "    connection password (not recommended)\n");
	strbuf_addstr(&buf, "  PGPORT\n"
		  "    same as the port connection parameter\n");
	strbuf_addstr(&buf, "  PGUSER\n"
		  "    same as the user connection parameter\n");
	strbuf_addstr(&buf, "  PSQL_EDITOR, EDITOR, VISUAL\n"
		  "    editor used by the \\e, \\ef, and \\ev commands\n");
	strbuf_addstr(&buf, "  PSQL_EDITOR_LINENUMBER_ARG\n"
		  "    how to specify a line number when invoking the editor\n");
	strbuf_addstr(&buf, "  SAFEPG_HISTORY\n"
		  "    alternative location for the command history file\n");
	strbuf_addstr(&buf, "  PSQL_PAGER, PAGER\n"
		  "    name of external pager program\n");
	strbuf_addstr(&buf, "  SAFEPGRC\n"
		  "    alternative location for the user's .safepgrc file\n");
	strbuf_addstr(&buf, "  SHELL\n"
		  "    shell used by the \\! command\n");
	strbuf_addstr(&buf, "  TMPDIR\n"
		  "    directory for temporary files\n");


	for (const char *p = buf.buf; *p; p++)
		if (*p == '\n')
			lines++;
	out = print_pager_open(&s->popt.topt, lines);
	fputs(buf.buf, out);
	print_pager_close(out);
	strbuf_release(&buf);
}

/* psql's slashUsage: the \\? text, through the pager when it is long. */
void meta_print_slash_usage(struct session *s, const char *topic)
{
	struct strbuf buf = STRBUF_INIT;
	const char *currdb = s->db ? PQdb(s->db) : NULL;
	FILE *out;
	int lines = 0;

	if (topic && !strcmp(topic, "options")) {
		cmd_client_usage();
		return;
	}
	if (topic && !strcmp(topic, "variables")) {
		print_variables_help(s);
		return;
	}
	strbuf_addstr(&buf, "General\n");
	strbuf_addstr(&buf, "  \\copyright             show PostgreSQL usage and distribution terms\n");
	strbuf_addstr(&buf, "  \\crosstabview [COLUMNS] execute query and display result in crosstab\n");
	strbuf_addstr(&buf, "  \\errverbose            show most recent error message at maximum verbosity\n");
	strbuf_addstr(&buf, "  \\g [(OPTIONS)] [FILE]  execute query (and send result to file or |pipe);\n"
		  "                         \\g with no arguments is equivalent to a semicolon\n");
	strbuf_addstr(&buf, "  \\gdesc                 describe result of query, without executing it\n");
	strbuf_addstr(&buf, "  \\gexec                 execute query, then execute each value in its result\n");
	strbuf_addstr(&buf, "  \\gset [PREFIX]         execute query and store result in psql variables\n");
	strbuf_addstr(&buf, "  \\gx [(OPTIONS)] [FILE] as \\g, but forces expanded output mode\n");
	strbuf_addstr(&buf, "  \\q                     quit safepg\n");
	strbuf_addstr(&buf, "  \\restrict RESTRICT_KEY\n"
		  "                         enter restricted mode with provided key\n");
	strbuf_addstr(&buf, "  \\unrestrict RESTRICT_KEY\n"
		  "                         exit restricted mode if key matches\n");
	strbuf_addstr(&buf, "  \\watch [SEC]           execute query every SEC seconds\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Help\n");

	strbuf_addstr(&buf, "  \\? [commands]          show help on backslash commands\n");
	strbuf_addstr(&buf, "  \\? options             show help on command-line options\n");
	strbuf_addstr(&buf, "  \\? variables           show help on special variables\n");
	strbuf_addstr(&buf, "  \\h [NAME]              help on syntax of SQL commands, * for all commands\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Query Buffer\n");
	strbuf_addstr(&buf, "  \\e [FILE] [LINE]       edit the query buffer (or file) with external editor\n");
	strbuf_addstr(&buf, "  \\ef [FUNCNAME [LINE]]  edit function definition with external editor\n");
	strbuf_addstr(&buf, "  \\ev [VIEWNAME [LINE]]  edit view definition with external editor\n");
	strbuf_addstr(&buf, "  \\p                     show the contents of the query buffer\n");
	strbuf_addstr(&buf, "  \\r                     reset (clear) the query buffer\n");
	strbuf_addstr(&buf, "  \\s [FILE]              display history or save it to file\n");
	strbuf_addstr(&buf, "  \\w FILE                write query buffer to file\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Input/Output\n");
	strbuf_addstr(&buf, "  \\copy ...              perform SQL COPY with data stream to the client host\n");
	strbuf_addstr(&buf, "  \\echo [-n] [STRING]    write string to standard output (-n for no newline)\n");
	strbuf_addstr(&buf, "  \\i FILE                execute commands from file\n");
	strbuf_addstr(&buf, "  \\ir FILE               as \\i, but relative to location of current script\n");
	strbuf_addstr(&buf, "  \\o [FILE]              send all query results to file or |pipe\n");
	strbuf_addstr(&buf, "  \\qecho [-n] [STRING]   write string to \\o output stream (-n for no newline)\n");
	strbuf_addstr(&buf, "  \\warn [-n] [STRING]    write string to standard error (-n for no newline)\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Conditional\n");
	strbuf_addstr(&buf, "  \\if EXPR               begin conditional block\n");
	strbuf_addstr(&buf, "  \\elif EXPR             alternative within current conditional block\n");
	strbuf_addstr(&buf, "  \\else                  final alternative within current conditional block\n");
	strbuf_addstr(&buf, "  \\endif                 end conditional block\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Informational\n");
	strbuf_addstr(&buf, "  (options: S = show system objects, + = additional detail)\n");
	strbuf_addstr(&buf, "  \\d[S+]                 list tables, views, and sequences\n");
	strbuf_addstr(&buf, "  \\d[S+]  NAME           describe table, view, sequence, or index\n");
	strbuf_addstr(&buf, "  \\da[S]  [PATTERN]      list aggregates\n");
	strbuf_addstr(&buf, "  \\dA[+]  [PATTERN]      list access methods\n");
	strbuf_addstr(&buf, "  \\dAc[+] [AMPTRN [TYPEPTRN]]  list operator classes\n");
	strbuf_addstr(&buf, "  \\dAf[+] [AMPTRN [TYPEPTRN]]  list operator families\n");
	strbuf_addstr(&buf, "  \\dAo[+] [AMPTRN [OPFPTRN]]   list operators of operator families\n");
	strbuf_addstr(&buf, "  \\dAp[+] [AMPTRN [OPFPTRN]]   list support functions of operator families\n");
	strbuf_addstr(&buf, "  \\db[+]  [PATTERN]      list tablespaces\n");
	strbuf_addstr(&buf, "  \\dc[S+] [PATTERN]      list conversions\n");
	strbuf_addstr(&buf, "  \\dconfig[+] [PATTERN]  list configuration parameters\n");
	strbuf_addstr(&buf, "  \\dC[+]  [PATTERN]      list casts\n");
	strbuf_addstr(&buf, "  \\dd[S]  [PATTERN]      show object descriptions not displayed elsewhere\n");
	strbuf_addstr(&buf, "  \\dD[S+] [PATTERN]      list domains\n");
	strbuf_addstr(&buf, "  \\ddp    [PATTERN]      list default privileges\n");
	strbuf_addstr(&buf, "  \\dE[S+] [PATTERN]      list foreign tables\n");
	strbuf_addstr(&buf, "  \\des[+] [PATTERN]      list foreign servers\n");
	strbuf_addstr(&buf, "  \\det[+] [PATTERN]      list foreign tables\n");
	strbuf_addstr(&buf, "  \\deu[+] [PATTERN]      list user mappings\n");
	strbuf_addstr(&buf, "  \\dew[+] [PATTERN]      list foreign-data wrappers\n");
	strbuf_addstr(&buf, "  \\df[anptw][S+] [FUNCPTRN [TYPEPTRN ...]]\n"
		  "                         list [only agg/normal/procedure/trigger/window] functions\n");
	strbuf_addstr(&buf, "  \\dF[+]  [PATTERN]      list text search configurations\n");
	strbuf_addstr(&buf, "  \\dFd[+] [PATTERN]      list text search dictionaries\n");
	strbuf_addstr(&buf, "  \\dFp[+] [PATTERN]      list text search parsers\n");
	strbuf_addstr(&buf, "  \\dFt[+] [PATTERN]      list text search templates\n");
	strbuf_addstr(&buf, "  \\dg[S+] [PATTERN]      list roles\n");
	strbuf_addstr(&buf, "  \\di[S+] [PATTERN]      list indexes\n");
	strbuf_addstr(&buf, "  \\dl[+]                 list large objects, same as \\lo_list\n");
	strbuf_addstr(&buf, "  \\dL[S+] [PATTERN]      list procedural languages\n");
	strbuf_addstr(&buf, "  \\dm[S+] [PATTERN]      list materialized views\n");
	strbuf_addstr(&buf, "  \\dn[S+] [PATTERN]      list schemas\n");
	strbuf_addstr(&buf, "  \\do[S+] [OPPTRN [TYPEPTRN [TYPEPTRN]]]\n"
		  "                         list operators\n");
	strbuf_addstr(&buf, "  \\dO[S+] [PATTERN]      list collations\n");
	strbuf_addstr(&buf, "  \\dp     [PATTERN]      list table, view, and sequence access privileges\n");
	strbuf_addstr(&buf, "  \\dP[itn+] [PATTERN]    list [only index/table] partitioned relations [n=nested]\n");
	strbuf_addstr(&buf, "  \\drds [ROLEPTRN [DBPTRN]] list per-database role settings\n");
	strbuf_addstr(&buf, "  \\dRp[+] [PATTERN]      list replication publications\n");
	strbuf_addstr(&buf, "  \\dRs[+] [PATTERN]      list replication subscriptions\n");
	strbuf_addstr(&buf, "  \\ds[S+] [PATTERN]      list sequences\n");
	strbuf_addstr(&buf, "  \\dt[S+] [PATTERN]      list tables\n");
	strbuf_addstr(&buf, "  \\dT[S+] [PATTERN]      list data types\n");
	strbuf_addstr(&buf, "  \\du[S+] [PATTERN]      list roles\n");
	strbuf_addstr(&buf, "  \\dv[S+] [PATTERN]      list views\n");
	strbuf_addstr(&buf, "  \\dx[+]  [PATTERN]      list extensions\n");
	strbuf_addstr(&buf, "  \\dX     [PATTERN]      list extended statistics\n");
	strbuf_addstr(&buf, "  \\dy[+]  [PATTERN]      list event triggers\n");
	strbuf_addstr(&buf, "  \\l[+]   [PATTERN]      list databases\n");
	strbuf_addstr(&buf, "  \\sf[+]  FUNCNAME       show a function's definition\n");
	strbuf_addstr(&buf, "  \\sv[+]  VIEWNAME       show a view's definition\n");
	strbuf_addstr(&buf, "  \\z      [PATTERN]      same as \\dp\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Large Objects\n");
	strbuf_addstr(&buf, "  \\lo_export LOBOID FILE write large object to file\n");
	strbuf_addstr(&buf, "  \\lo_import FILE [COMMENT]\n"
		  "                         read large object from file\n");
	strbuf_addstr(&buf, "  \\lo_list[+]            list large objects\n");
	strbuf_addstr(&buf, "  \\lo_unlink LOBOID      delete a large object\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Formatting\n");
	strbuf_addstr(&buf, "  \\a                     toggle between unaligned and aligned output mode\n");
	strbuf_addstr(&buf, "  \\C [STRING]            set table title, or unset if none\n");
	strbuf_addstr(&buf, "  \\f [STRING]            show or set field separator for unaligned query output\n");
	strbuf_addf(&buf, "  \\H                     toggle HTML output mode (currently %s)\n",
		  onoff(s->popt.topt.format == PRINT_FORMAT_HTML));
	strbuf_addstr(&buf, "  \\pset [NAME [VALUE]]   set table output option\n"
		  "                         (border|columns|csv_fieldsep|expanded|fieldsep|\n"
		  "                         fieldsep_zero|footer|format|linestyle|null|\n"
		  "                         numericlocale|pager|pager_min_lines|recordsep|\n"
		  "                         recordsep_zero|tableattr|title|tuples_only|\n"
		  "                         unicode_border_linestyle|unicode_column_linestyle|\n"
		  "                         unicode_header_linestyle)\n");
	strbuf_addf(&buf, "  \\t [on|off]            show only rows (currently %s)\n",
		  onoff(s->popt.topt.tuples_only));
	strbuf_addstr(&buf, "  \\T [STRING]            set HTML <table> tag attributes, or unset if none\n");
	strbuf_addf(&buf, "  \\x [on|off|auto]       toggle expanded output (currently %s)\n",
		  s->popt.topt.expanded == PRINT_EXPANDED_AUTO ? "auto" : onoff(s->popt.topt.expanded));
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Connection\n");
	if (currdb)
		strbuf_addf(&buf, "  \\c[onnect] {[DBNAME|- USER|- HOST|- PORT|-] | conninfo}\n"
			  "                         connect to new database (currently \"%s\")\n",
			  currdb);
	else
		strbuf_addstr(&buf, "  \\c[onnect] {[DBNAME|- USER|- HOST|- PORT|-] | conninfo}\n"
			  "                         connect to new database (currently no connection)\n");
	strbuf_addstr(&buf, "  \\conninfo              display information about current connection\n");
	strbuf_addstr(&buf, "  \\encoding [ENCODING]   show or set client encoding\n");
	strbuf_addstr(&buf, "  \\password [USERNAME]   securely change the password for a user\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Operating System\n");
	strbuf_addstr(&buf, "  \\cd [DIR]              change the current working directory\n");
	strbuf_addstr(&buf, "  \\getenv PSQLVAR ENVVAR fetch environment variable\n");
	strbuf_addstr(&buf, "  \\setenv NAME [VALUE]   set or unset environment variable\n");
	strbuf_addf(&buf, "  \\timing [on|off]       toggle timing of commands (currently %s)\n",
		  onoff(s->timing));
	strbuf_addstr(&buf, "  \\! [COMMAND]           execute command in shell or start interactive shell\n");
	strbuf_addstr(&buf, "\n");

	strbuf_addstr(&buf, "Variables\n");
	strbuf_addstr(&buf, "  \\prompt [TEXT] NAME    prompt user to set internal variable\n");
	strbuf_addstr(&buf, "  \\set [NAME [VALUE]]    set internal variable, or list all if no parameters\n");
	strbuf_addstr(&buf, "  \\unset NAME            unset (delete) internal variable\n");


	for (const char *p = buf.buf; *p; p++)
		if (*p == '\n')
			lines++;
	out = print_pager_open(&s->popt.topt, lines);
	fputs(buf.buf, out);
	print_pager_close(out);
	strbuf_release(&buf);
}
