/* SPDX-License-Identifier: PostgreSQL */
/*
 * drv_print: a test driver for the print and pset modules.  It connects
 * with libpq (the PG* environment, or -d CONNINFO), applies \pset options
 * given as -P NAME[=VALUE] (quietly, as psql -P does), runs each -c QUERY
 * and prints its result as psql -c would: rows with print_query, a command
 * tag with print_command_status.  -s NAME[=VALUE] runs a noisy \pset (its
 * report on stdout, as "\pset NAME VALUE" in psql -c), -S NAME shows one,
 * -L lists them all; -f N fetches the following queries N rows at a time
 * through a cursor and prints the hunks as psql's FETCH_COUNT does; -X
 * prints the next query as \crosstabview would, with the arguments given
 * by -V ARG (up to four, each implying -X); -F TEXT adds a footer line to
 * every result (as psql's describe commands do), instead of "(N rows)"; -l
 * FILE also prints every result to FILE, aligned (psql's --log-file); -K
 * makes SIGINT set the print cancel flag, as psql's handler does.  Errors
 * go to stderr as psql -c prints them.
 * It is not a client: no variables, no meta-commands beyond these.
 *
 *   drv_print [-d CONNINFO] [-P opt[=val]]... [-f N] [-s opt[=val]]
 *             [-X] [-V ARG]... [-F TEXT]... [-l FILE] [-K] [-c QUERY]...
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/crosstab.h"
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

static FILE *logfile;
static volatile sig_atomic_t cancel_pressed;

static void on_sigint(int sig)
{
	(void)sig;
	cancel_pressed = 1;
}

static int run(PGconn *conn, const char *query, const struct print_query_opt *popt)
{
	PGresult *res = PQexec(conn, query);
	int ok = 1;

	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		print_query(res, popt, stdout, 0, logfile);
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

static int fetch_ok(PGconn *conn, PGresult *res)
{
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	if (!ok)
		fprintf(stderr, "%s", PQerrorMessage(conn));
	PQclear(res);
	return ok;
}

/* psql's ExecQueryUsingCursor: hunks of n rows, one header, one footer. */
static int run_fetch(PGconn *conn, const char *query, const struct print_query_opt *popt,
		     int n)
{
	struct print_query_opt my = *popt;
	char *declare = xasprintf("DECLARE _psql_cursor NO SCROLL CURSOR FOR\n%s", query);
	char *fetch = xasprintf("FETCH FORWARD %d FROM _psql_cursor", n);
	int ok = fetch_ok(conn, PQexec(conn, "BEGIN")) && fetch_ok(conn, PQexec(conn, declare));
	int is_pager = 0;

	my.topt.start_table = 1;
	my.topt.stop_table = 0;
	my.topt.prior_records = 0;
	while (ok) {
		PGresult *res = PQexec(conn, fetch);
		int ntuples;

		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			fprintf(stderr, "%s", PQerrorMessage(conn));
			PQclear(res);
			ok = 0;
			break;
		}
		ntuples = PQntuples(res);
		if (ntuples < n)
			my.topt.stop_table = 1;
		else
			is_pager = 1;	/* psql's one-pager hack, even without a pager */
		print_query(res, &my, stdout, is_pager, NULL);
		PQclear(res);
		my.topt.start_table = 0;
		my.topt.prior_records += (unsigned long)ntuples;
		fflush(stdout);
		if (ntuples < n)
			break;
	}
	if (ok)
		ok = fetch_ok(conn, PQexec(conn, "CLOSE _psql_cursor")) &&
		     fetch_ok(conn, PQexec(conn, "COMMIT"));
	else
		PQclear(PQexec(conn, "ROLLBACK"));
	free(declare);
	free(fetch);
	return ok;
}

/* \crosstabview for query with args (NULL-padded). */
static int run_crosstab(PGconn *conn, const char *query, const char *const args[4],
			const struct print_query_opt *popt)
{
	PGresult *res = PQexec(conn, query);
	char *cause = NULL;
	int ok = 1;

	if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		ok = 0;
	} else if (crosstab_print(res, args, popt, PQclientEncoding(conn), stdout, NULL,
				  &cause) < 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		ok = 0;
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
	int status = 0, need_conn = 0, fetch_count = 0;
	const char *ctv_args[4] = {NULL, NULL, NULL, NULL};
	char **footers = xcalloc((size_t)argc + 1, sizeof(*footers));
	int nfooters = 0;
	int ctv = 0, nctv = 0;
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
		} else if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "-V")) && i + 1 < argc) {
			i++;
		} else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
			if (logfile)
				fclose(logfile);
			logfile = fopen(argv[++i], "a");
			if (!logfile) {
				perror(argv[i]);
				status = 2;
				goto out;
			}
		} else if (!strcmp(argv[i], "-F") && i + 1 < argc) {
			footers[nfooters++] = argv[++i];
			popt.footers = footers;
		} else if (!strcmp(argv[i], "-X")) {
			continue;
		} else if (!strcmp(argv[i], "-K")) {
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_sigint;
			sigemptyset(&sa.sa_mask);
			sigaction(SIGINT, &sa, NULL);
			print_set_cancel_flag(&cancel_pressed);
		} else if ((!strcmp(argv[i], "-s") || !strcmp(argv[i], "-S")) && i + 1 < argc) {
			i++;
		} else if (strcmp(argv[i], "-L") != 0) {
			fprintf(stderr, "usage: drv_print [-d CONNINFO] [-P opt[=val]]... "
					"[-s opt[=val]] [-S opt] [-L] [-f N] [-X] [-V ARG]... [-F TEXT]... [-l FILE] [-K] "
					"[-c QUERY]...\n");
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

		if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "-P") || !strcmp(argv[i], "-F") ||
		    !strcmp(argv[i], "-l")) {
			i++;
		} else if (!strcmp(argv[i], "-f")) {
			fetch_count = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "-X")) {
			ctv = 1;
		} else if (!strcmp(argv[i], "-V")) {
			ctv = 1;
			i++;
			if (nctv < 4)
				ctv_args[nctv++] = argv[i];
		} else if (!strcmp(argv[i], "-c") && ctv) {
			if (!run_crosstab(conn, argv[++i], ctv_args, &popt))
				status = 1;
			ctv = nctv = 0;
			memset(ctv_args, 0, sizeof(ctv_args));
		} else if (!strcmp(argv[i], "-c")) {
			i++;
			if (fetch_count > 0 && !run_fetch(conn, argv[i], &popt, fetch_count))
				status = 1;
			else if (fetch_count <= 0 && !run(conn, argv[i], &popt))
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
	free(footers);
	if (logfile)
		fclose(logfile);
	return status;
}
