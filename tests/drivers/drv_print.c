/* SPDX-License-Identifier: PostgreSQL */
/*
 * drv_print: a test driver for the print and pset modules.  It connects
 * with libpq (the PG* environment, or -d CONNINFO), applies \pset options
 * given as -P NAME[=VALUE] (quietly, as psql -P does), runs each -c QUERY
 * and prints its result as psql -c would: rows with print_query, a command
 * tag with print_command_status.  -s NAME[=VALUE] runs a noisy \pset (its
 * report on stdout, as "\pset NAME VALUE" in psql -c), -S NAME shows one,
 * -L lists them all.  Errors go to stderr in psql's "psql: error: " form.
 * It is not a client: no variables, no meta-commands beyond these.
 *
 *   drv_print [-d CONNINFO] [-P opt[=val]]... [-s opt[=val]] [-c QUERY]...
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/print.h"
#include "safepg/pset.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static int apply_pset(struct print_query_opt *popt, const char *arg, int quiet)
{
	char *name = xstrdup(arg);
	char *eq = strchr(name, '=');
	char *cause = NULL;
	int rc;

	if (eq)
		*eq++ = '\0';
	rc = pset_set(popt, name, eq, quiet, &cause);
	if (rc < 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
	}
	free(name);
	return rc;
}

static int run(PGconn *conn, const char *query, const struct print_query_opt *popt)
{
	PGresult *res = PQexec(conn, query);
	int ok = 1;

	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		print_query(res, popt, stdout, 0, NULL);
		break;
	case PGRES_COMMAND_OK:
		print_command_status(res, popt, stdout);
		break;
	case PGRES_EMPTY_QUERY:
		break;
	case PGRES_BAD_RESPONSE:
	case PGRES_NONFATAL_ERROR:
	case PGRES_FATAL_ERROR:
		fprintf(stderr, "%s", PQerrorMessage(conn));
		ok = 0;
		break;
	default:
		fprintf(stderr, "drv_print: unexpected result status %s\n",
			PQresStatus(PQresultStatus(res)));
		ok = 0;
		break;
	}
	PQclear(res);
	return ok;
}

int main(int argc, char **argv)
{
	struct print_query_opt popt;
	const char *conninfo = "";
	const char *columns = getenv("COLUMNS");
	PGconn *conn = NULL;
	int status = 0, need_conn = 0;
	int i;

	setlocale(LC_ALL, "");
	print_decimal_locale_init();
	print_query_opt_init(&popt);
	if (columns && *columns)
		popt.topt.env_columns = atoi(columns);

	/* First pass: the options psql applies before connecting. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			conninfo = argv[++i];
		} else if (!strcmp(argv[i], "-P") && i + 1 < argc) {
			if (apply_pset(&popt, argv[++i], 1) < 0) {
				status = 1;
				goto out;
			}
		} else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			need_conn = 1;
			i++;
		} else if ((!strcmp(argv[i], "-s") || !strcmp(argv[i], "-S")) && i + 1 < argc) {
			i++;
		} else if (strcmp(argv[i], "-L") != 0) {
			fprintf(stderr, "usage: drv_print [-d CONNINFO] [-P opt[=val]]... "
					"[-s opt[=val]] [-S opt] [-L] [-c QUERY]...\n");
			status = 2;
			goto out;
		}
	}
	if (need_conn) {
		conn = PQconnectdb(conninfo);
		if (PQstatus(conn) != CONNECTION_OK) {
			fprintf(stderr, "psql: error: %s", PQerrorMessage(conn));
			status = 2;
			goto out;
		}
		popt.topt.encoding = PQclientEncoding(conn);
	}
	/* Second pass: the commands, in order. */
	for (i = 1; i < argc; i++) {
		char *cause = NULL;

		if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "-P")) {
			i++;
		} else if (!strcmp(argv[i], "-c")) {
			if (!run(conn, argv[++i], &popt))
				status = 1;
		} else if (!strcmp(argv[i], "-s")) {
			if (apply_pset(&popt, argv[++i], 0) < 0)
				status = 1;
		} else if (!strcmp(argv[i], "-S")) {
			if (pset_show(&popt, argv[++i], &cause) < 0) {
				fprintf(stderr, "%s\n", cause);
				free(cause);
				status = 1;
			}
		} else if (!strcmp(argv[i], "-L")) {
			pset_list(&popt, stdout);
		}
	}
out:
	fflush(stdout);
	if (conn)
		PQfinish(conn);
	print_query_opt_release(&popt);
	return status;
}
