/* SPDX-License-Identifier: PostgreSQL */
/*
 * meta_lo: \lo_import, \lo_export, \lo_unlink (psql's large_obj.c), each
 * in a transaction of its own unless one is already open, and the short
 * texts of \? and \copyright.  \lo_unlink is a destructive operation: the
 * guard sees it as the statement it amounts to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <libpq/libpq-fs.h>

#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/sig.h"
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

void meta_print_slash_usage(struct session *s, const char *topic)
{
	(void)s;
	(void)topic;
	fputs("General\n"
	      "  \\copyright             show PostgreSQL usage and distribution terms\n"
	      "  \\crosstabview [COLUMNS] execute query and display result in crosstab\n"
	      "  \\errverbose            show most recent error message at maximum verbosity\n"
	      "  \\g [(OPTIONS)] [FILE]  execute query (and send result to file or |pipe);\n"
	      "                         \\g with no arguments is equivalent to a semicolon\n"
	      "  \\gdesc                 describe result of query, without executing it\n"
	      "  \\gexec                 execute query, then execute each value in its result\n"
	      "  \\gset [PREFIX]         execute query and store result in psql variables\n"
	      "  \\gx [(OPTIONS)] [FILE] as \\g, but forces expanded output mode\n"
	      "  \\q                     quit safepg\n"
	      "  \\watch [SEC]           execute query every SEC seconds\n"
	      "\n"
	      "Query Buffer\n"
	      "  \\e [FILE] [LINE]       edit the query buffer (or file) with external editor\n"
	      "  \\p                     show the contents of the query buffer\n"
	      "  \\r                     reset (clear) the query buffer\n"
	      "  \\s [FILE]              display history or save it to file\n"
	      "  \\w FILE                write query buffer to file\n"
	      "\n"
	      "Input/Output\n"
	      "  \\copy ...              perform SQL COPY with data stream to the client host\n"
	      "  \\echo [-n] [STRING]    write string to standard output (-n for no newline)\n"
	      "  \\i FILE                execute commands from file\n"
	      "  \\ir FILE               as \\i, but relative to location of current script\n"
	      "  \\o [FILE]              send all query results to file or |pipe\n"
	      "  \\qecho [-n] [STRING]   write string to \\o output stream (-n for no newline)\n"
	      "  \\warn [-n] [STRING]    write string to standard error (-n for no newline)\n"
	      "\n"
	      "Conditional\n"
	      "  \\if EXPR               begin conditional block\n"
	      "  \\elif EXPR             alternative within current conditional block\n"
	      "  \\else                  final alternative within current conditional block\n"
	      "  \\endif                 end conditional block\n"
	      "\n"
	      "Formatting\n"
	      "  \\a                     toggle between unaligned and aligned output mode\n"
	      "  \\C [STRING]            set table title, or unset if none\n"
	      "  \\f [STRING]            show or set field separator for unaligned query output\n"
	      "  \\H                     toggle HTML output mode\n"
	      "  \\pset [NAME [VALUE]]   set table output option\n"
	      "  \\t [on|off]            show only rows\n"
	      "  \\T [STRING]            set HTML <table> tag attributes, or unset if none\n"
	      "  \\x [on|off|auto]       toggle expanded output\n"
	      "\n"
	      "Connection\n"
	      "  \\c[onnect] {[DBNAME|- USER|- HOST|- PORT|-] | conninfo}\n"
	      "                         connect to new database\n"
	      "  \\conninfo              display information about current connection\n"
	      "  \\encoding [ENCODING]   show or set client encoding\n"
	      "  \\password [USERNAME]   securely change the password for a user\n"
	      "\n"
	      "Operating System\n"
	      "  \\cd [DIR]              change the current working directory\n"
	      "  \\getenv PSQLVAR ENVVAR fetch value of environment variable\n"
	      "  \\setenv NAME [VALUE]   set or unset environment variable\n"
	      "  \\timing [on|off]       toggle timing of commands\n"
	      "  \\! [COMMAND]           execute command in shell or start interactive shell\n"
	      "\n"
	      "Variables\n"
	      "  \\prompt [TEXT] NAME    prompt user to set internal variable\n"
	      "  \\set [NAME [VALUE]]    set internal variable, or list all if no parameters\n"
	      "  \\unset NAME            unset (delete) internal variable\n"
	      "\n"
	      "Large Objects\n"
	      "  \\lo_export LOBOID FILE write large object to file\n"
	      "  \\lo_import FILE [COMMENT]\n"
	      "                         read large object from file\n"
	      "  \\lo_unlink LOBOID      delete a large object\n",
	      stdout);
}
