/* SPDX-License-Identifier: PostgreSQL */
/*
 * exec: statements to the server and results back, with psql's exact
 * behaviour (src/bin/psql/common.c): the same query text on the wire, the
 * same bytes on stdout and stderr, the same variables set afterwards.  The
 * guard is asked before anything the user wrote is sent.  This module
 * does not read input, print tables (print.c) or decide policy (guard.c).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/copy.h"
#include "safepg/crosstab.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/spawn.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void exec_notice_processor(void *arg, const char *message)
{
	(void)arg;
	log_info("%s", message);
}

static int connection_up(const struct session *s)
{
	return PQstatus(s->db) != CONNECTION_BAD;
}

int exec_check_connection(struct session *s)
{
	if (connection_up(s))
		return 1;
	if (!s->cur_cmd_interactive) {
		log_error("connection to server was lost");
		exit(2);
	}
	fputs("The connection to the server was lost. Attempting reset: ", stderr);
	PQreset(s->db);
	if (!connection_up(s)) {
		fputs("Failed.\n", stderr);
		/*
		 * Keep the failed connection for its parameters: the next \c or
		 * statement reconnects with them (never re-running a statement).
		 */
		if (s->dead_conn)
			PQfinish(s->dead_conn);
		s->dead_conn = s->db;
		s->db = NULL;
		sig_reset_cancel_conn();
		session_unsync_vars(s);
		return 0;
	}
	fputs("Succeeded.\n", stderr);
	session_sync_vars(s);
	return 1;
}

static int accept_result(struct session *s, const PGresult *res, int show_error)
{
	int ok;

	if (!res)
		ok = 0;
	else {
		switch (PQresultStatus(res)) {
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_EMPTY_QUERY:
		case PGRES_COPY_IN:
		case PGRES_COPY_OUT:
			ok = 1;
			break;
		case PGRES_BAD_RESPONSE:
		case PGRES_NONFATAL_ERROR:
		case PGRES_FATAL_ERROR:
			ok = 0;
			break;
		case PGRES_COPY_BOTH:
		case PGRES_SINGLE_TUPLE:
		case PGRES_PIPELINE_SYNC:
		case PGRES_PIPELINE_ABORTED:
		default:
			ok = 0;
			log_error("unexpected PQresultStatus: %d", PQresultStatus(res));
			break;
		}
	}
	if (!ok && show_error) {
		const char *error = PQerrorMessage(s->db);

		if (*error)
			log_info("%s", error);
		exec_check_connection(s);
	}
	return ok;
}

static void set_result_variables(struct session *s, const PGresult *res, int success)
{
	if (success) {
		const char *ntuples = PQcmdTuples((PGresult *)res);

		vars_set(s->vars, "ERROR", "false");
		vars_set(s->vars, "SQLSTATE", "00000");
		vars_set(s->vars, "ROW_COUNT", *ntuples ? ntuples : "0");
	} else {
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *mesg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

		vars_set(s->vars, "ERROR", "true");
		/* libpq-detected errors (lost connection) have no SQLSTATE */
		if (!code)
			code = "";
		vars_set(s->vars, "SQLSTATE", code);
		vars_set(s->vars, "ROW_COUNT", "0");
		vars_set(s->vars, "LAST_ERROR_SQLSTATE", code);
		vars_set(s->vars, "LAST_ERROR_MESSAGE", mesg ? mesg : "");
	}
}

void exec_clear_or_save(struct session *s, PGresult *res)
{
	if (!res)
		return;
	switch (PQresultStatus(res)) {
	case PGRES_NONFATAL_ERROR:
	case PGRES_FATAL_ERROR:
		if (s->last_error_result)
			PQclear(s->last_error_result);
		s->last_error_result = res;
		break;
	default:
		PQclear(res);
		break;
	}
}

static void clear_or_save_all(struct session *s)
{
	PGresult *res;

	while ((res = PQgetResult(s->db)) != NULL)
		exec_clear_or_save(s, res);
}

void exec_print_timing(double elapsed_msec)
{
	double seconds, minutes, hours, days;

	if (elapsed_msec < 1000.0) {
		printf("Time: %.3f ms\n", elapsed_msec);
		return;
	}
	seconds = elapsed_msec / 1000.0;
	minutes = floor(seconds / 60.0);
	seconds -= 60.0 * minutes;
	if (minutes < 60.0) {
		printf("Time: %.3f ms (%02d:%06.3f)\n", elapsed_msec, (int)minutes, seconds);
		return;
	}
	hours = floor(minutes / 60.0);
	minutes -= 60.0 * hours;
	if (hours < 24.0) {
		printf("Time: %.3f ms (%02d:%02d:%06.3f)\n", elapsed_msec, (int)hours,
		       (int)minutes, seconds);
		return;
	}
	days = floor(hours / 24.0);
	hours -= 24.0 * days;
	printf("Time: %.3f ms (%.0f d %02d:%02d:%06.3f)\n", elapsed_msec, days, (int)hours,
	       (int)minutes, seconds);
}

static void echo_hidden_query(struct session *s, const char *query)
{
	printf("********* QUERY **********\n%s\n**************************\n\n", query);
	fflush(stdout);
	if (s->logfile) {
		fprintf(s->logfile, "********* QUERY **********\n%s\n**************************\n\n",
			query);
		fflush(s->logfile);
	}
}

PGresult *exec_hidden(struct session *s, const char *query)
{
	PGresult *res;

	if (!s->db) {
		log_error("You are currently not connected to a database.");
		return NULL;
	}
	if (s->echo_hidden != ECHO_HIDDEN_OFF) {
		echo_hidden_query(s, query);
		if (s->echo_hidden == ECHO_HIDDEN_NOEXEC)
			return NULL;
	}
	sig_set_cancel_conn(s->db);
	res = PQexec(s->db, query);
	sig_reset_cancel_conn();
	if (!accept_result(s, res, 1)) {
		exec_clear_or_save(s, res);
		res = NULL;
	}
	return res;
}

static void print_notifications(struct session *s)
{
	PGnotify *n;

	PQconsumeInput(s->db);
	while ((n = PQnotifies(s->db)) != NULL) {
		/* for backward compatibility, only show payload if nonempty */
		if (n->extra[0])
			fprintf(s->query_fout,
				"Asynchronous notification \"%s\" with payload \"%s\" received from server process with PID %d.\n",
				n->relname, n->extra, n->be_pid);
		else
			fprintf(s->query_fout,
				"Asynchronous notification \"%s\" received from server process with PID %d.\n",
				n->relname, n->be_pid);
		fflush(s->query_fout);
		PQfreemem(n);
		PQconsumeInput(s->db);
	}
}

static int print_query_tuples(struct session *s, const PGresult *res,
			      const struct print_query_opt *opt, FILE *fout)
{
	if (!fout)
		fout = s->query_fout;
	print_query(res, opt ? opt : &s->popt, fout, 0, s->logfile);
	fflush(fout);
	if (ferror(fout)) {
		log_error("could not print result table: %s", strerror(errno));
		return 0;
	}
	return 1;
}

static int store_query_tuple(struct session *s, const PGresult *res)
{
	if (PQntuples(res) < 1) {
		log_error("no rows returned for \\gset");
		return 0;
	}
	if (PQntuples(res) > 1) {
		log_error("more than one row returned for \\gset");
		return 0;
	}
	for (int i = 0; i < PQnfields(res); i++) {
		char *varname = xasprintf("%s%s", s->gset_prefix, PQfname(res, i));
		const char *value;

		if (vars_has_hook(s->vars, varname)) {
			log_warning("attempt to \\gset into specially treated variable \"%s\" ignored",
				    varname);
			free(varname);
			continue;
		}
		/* for NULL value, unset rather than set the variable */
		value = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
		if (!session_set_var(s, varname, value)) {
			free(varname);
			return 0;
		}
		free(varname);
	}
	return 1;
}

static int exec_query_tuples(struct session *s, const PGresult *res)
{
	int success = 1;
	int nrows = PQntuples(res), ncols = PQnfields(res);

	/* no recursion: each generated statement runs as an ordinary one */
	s->gexec_flag = 0;
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < ncols; c++) {
			const char *query;

			if (PQgetisnull(res, r, c))
				continue;
			query = PQgetvalue(res, r, c);
			if (sig_cancel_pressed)
				goto out;
			if (s->echo == ECHO_MODE_ALL && !s->singlestep) {
				puts(query);
				fflush(stdout);
			}
			/* exec_send_query guards each generated statement on its own */
			if (!exec_send_query(s, query)) {
				success = 0;
				if (s->on_error_stop || s->guard_exit)
					goto out;
			}
		}
	}
out:
	s->gexec_flag = 1;
	return success;
}

/*
 * COPY data: out to copystream (or discarded when NULL), in from
 * s->copy_stream (\copy) or the script being read.  *resp becomes the
 * COPY's final status, or NULL when nothing should be printed for it.
 */
static int handle_copy_result(struct session *s, PGresult **resp, FILE *copystream)
{
	int success;
	PGresult *copy_result = NULL;
	ExecStatusType st = PQresultStatus(*resp);

	sig_set_cancel_conn(s->db);
	if (st == PGRES_COPY_OUT) {
		success = copy_out(s, copystream, &copy_result) && copystream != NULL;
		/* no status line where the COPY data just went */
		if (copystream == s->query_fout) {
			PQclear(copy_result);
			copy_result = NULL;
		}
	} else {
		FILE *in = s->copy_stream ? s->copy_stream : s->cur_cmd_source;

		success = copy_in(s, in, PQbinaryTuples(*resp), &copy_result);
	}
	sig_reset_cancel_conn();
	PQclear(*resp);
	*resp = copy_result;
	return success;
}

static void print_query_status(struct session *s, const PGresult *res, FILE *fout)
{
	char buf[16];

	if (!fout)
		fout = s->query_fout;
	if (!s->quiet) {
		print_command_status(res, &s->popt, fout);
		fflush(fout);
	}
	if (s->logfile)
		fprintf(s->logfile, "%s\n", PQcmdStatus((PGresult *)res));
	snprintf(buf, sizeof(buf), "%u", (unsigned int)PQoidValue(res));
	vars_set(s->vars, "LASTOID", buf);
}

/* \crosstabview: the result pivoted, to the query output (never \g's file, as in psql). */
static int print_crosstab(struct session *s, const PGresult *res)
{
	const char *args[4];
	char *cause = NULL;

	for (int i = 0; i < 4; i++)
		args[i] = s->ctv_args[i];
	if (crosstab_print(res, args, &s->popt, s->encoding, s->query_fout, s->logfile,
			   &cause) == 0)
		return 1;
	log_error("%s", cause);
	free(cause);
	return 0;
}

static int print_query_result(struct session *s, PGresult *res, int last,
			      const struct print_query_opt *opt, FILE *tuples_fout,
			      FILE *status_fout)
{
	int success;
	const char *cmdstatus;

	if (!res)
		return 0;
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		if (last && s->gset_prefix)
			success = store_query_tuple(s, res);
		else if (last && s->gexec_flag)
			success = exec_query_tuples(s, res);
		else if (last && s->crosstab_flag)
			success = print_crosstab(s, res);
		else if (last || s->show_all_results)
			success = print_query_tuples(s, res, opt, tuples_fout);
		else
			success = 1;
		/* INSERT/UPDATE/DELETE RETURNING also print their status */
		if (last || s->show_all_results) {
			cmdstatus = PQcmdStatus(res);
			if (!strncmp(cmdstatus, "INSERT", 6) || !strncmp(cmdstatus, "UPDATE", 6) ||
			    !strncmp(cmdstatus, "DELETE", 6))
				print_query_status(s, res, status_fout);
		}
		break;
	case PGRES_COMMAND_OK:
		if (last || s->show_all_results)
			print_query_status(s, res, status_fout);
		success = 1;
		break;
	case PGRES_EMPTY_QUERY:
	case PGRES_COPY_OUT:
	case PGRES_COPY_IN:
		success = 1;
		break;
	case PGRES_BAD_RESPONSE:
	case PGRES_NONFATAL_ERROR:
	case PGRES_FATAL_ERROR:
		success = 0;
		break;
	case PGRES_COPY_BOTH:
	case PGRES_SINGLE_TUPLE:
	case PGRES_PIPELINE_SYNC:
	case PGRES_PIPELINE_ABORTED:
	default:
		success = 0;
		log_error("unexpected PQresultStatus: %d", PQresultStatus(res));
		break;
	}
	return success;
}

/* Open \g's target: NULL or "" stdout, "|cmd" a pipe, else a file. */
static int open_query_output(const char *fname, FILE **fout, pid_t *pid)
{
	*pid = 0;
	if (!fname || !*fname)
		*fout = stdout;
	else if (*fname == '|')
		*fout = spawn_pipe_open(fname + 1, "w", pid);
	else
		*fout = fopen(fname, "w");
	if (!*fout) {
		log_error("%s: %s", fname, strerror(errno));
		return 0;
	}
	return 1;
}

static void close_query_output(FILE *fout, pid_t pid)
{
	if (pid) {
		spawn_pipe_close(fout, pid);
		print_sigpipe_restore();
	} else if (fout != stdout) {
		fclose(fout);
	}
}

/*
 * Send query and process every result (psql's ExecQueryAndProcessResults).
 * 1 success, 0 interrupted, -1 error.
 */
/*
 * How many statements of query are COPY ... FROM STDIN (psql 15.19's
 * num_copy_from_stdin): a statement whose first word is COPY and which has
 * the words FROM STDIN (or FROM STDOUT) outside parentheses.  Quotes, dollar quotes and
 * comments are skipped.  psql uses the count to refuse a COPY IN it did not
 * ask for, and to eat the inline data of one the server refused, so that
 * the data is never run as commands.
 */
static int count_copy_from_stdin(const char *q)
{
	int count = 0, word_no = 0, depth = 0, is_copy = 0, after_from = 0;

	while (*q) {
		unsigned char c = (unsigned char)*q;

		if (c == '-' && q[1] == '-') {
			while (*q && *q != '\n')
				q++;
		} else if (c == '/' && q[1] == '*') {
			int nest = 1;

			q += 2;
			while (*q && nest > 0) {
				if (q[0] == '/' && q[1] == '*') {
					nest++;
					q += 2;
				} else if (q[0] == '*' && q[1] == '/') {
					nest--;
					q += 2;
				} else {
					q++;
				}
			}
		} else if (c == '\'' || c == '"') {
			q++;
			while (*q) {
				if (*q == (char)c) {
					if (q[1] == (char)c) {
						q += 2;
						continue;
					}
					q++;
					break;
				}
				q++;
			}
			word_no++;
			after_from = 0;
		} else if (c == '$' && (isalpha((unsigned char)q[1]) || q[1] == '_' || q[1] == '$')) {
			const char *t = q + 1;
			size_t taglen;

			while (*t && *t != '$' && (isalnum((unsigned char)*t) || *t == '_'))
				t++;
			if (*t != '$') {
				q++;
				continue;
			}
			taglen = (size_t)(t - q + 1);
			{
				const char *p = t + 1;

				while (*p && strncmp(p, q, taglen) != 0)
					p++;
				q = *p ? p + taglen : p;
			}
			word_no++;
			after_from = 0;
		} else if (c == '(') {
			depth++;
			q++;
		} else if (c == ')') {
			depth--;
			q++;
		} else if (c == ';') {
			word_no = 0;
			depth = 0;
			is_copy = 0;
			after_from = 0;
			q++;
		} else if (isalpha(c) || c == '_' || c >= 0x80) {
			const char *w = q;
			size_t len;

			while (*q && (isalnum((unsigned char)*q) || *q == '_' || *q == '$' ||
				      (unsigned char)*q >= 0x80))
				q++;
			len = (size_t)(q - w);
			if (word_no == 0 && depth == 0)
				is_copy = len == 4 && !strncasecmp(w, "copy", 4);
			else if (is_copy && depth == 0 && after_from &&
				 ((len == 5 && !strncasecmp(w, "stdin", 5)) ||
				  (len == 6 && !strncasecmp(w, "stdout", 6)))) {
				/* the grammar takes FROM STDOUT for FROM STDIN too */
				count++;
				is_copy = 0;
			}
			after_from = is_copy && depth == 0 && len == 4 && !strncasecmp(w, "from", 4);
			word_no++;
		} else {
			if (!isspace(c)) {
				word_no++;
				after_from = 0;
			}
			q++;
		}
	}
	return count;
}

static int exec_and_process(struct session *s, const char *query, double *elapsed,
			    int *svpt_gone, int is_watch, const struct print_query_opt *opt,
			    FILE *print_fout)
{
	int timing = s->timing;
	int success;
	double before = 0;
	PGresult *res;
	FILE *gfile = NULL;
	pid_t gfile_pid = 0;
	int copy_from_stdin;

	/* \copy reads its own stream: only inline data can be left behind */
	copy_from_stdin = s->copy_stream ? 0 : count_copy_from_stdin(query);
	if (timing)
		before = now_ms();
	success = PQsendQuery(s->db, query);
	if (!success) {
		const char *error = PQerrorMessage(s->db);

		if (*error)
			log_info("%s", error);
		exec_check_connection(s);
		return -1;
	}
	guard_sent(s);	/* the previous statement's audit line, while the server works */
	if (is_watch && sig_cancel_pressed) {
		clear_or_save_all(s);
		return 0;
	}

	res = PQgetResult(s->db);
	while (res) {
		ExecStatusType st;
		PGresult *next;
		int last;

		if (!accept_result(s, res, 0)) {
			const char *error = PQresultErrorMessage(res);

			if (*error)
				log_info("%s", error);
			exec_check_connection(s);
			if (!is_watch)
				set_result_variables(s, res, 0);
			st = PQresultStatus(res);
			exec_clear_or_save(s, res);
			success = 0;
			/* in COPY states libpq keeps returning an empty result: stop */
			if (st == PGRES_COPY_BOTH || st == PGRES_COPY_OUT || st == PGRES_COPY_IN)
				res = NULL;
			else
				res = s->db ? PQgetResult(s->db) : NULL;
			if (timing)
				*elapsed = now_ms() - before;
			continue;
		} else if (svpt_gone && !*svpt_gone) {
			/* the user's COMMIT, ROLLBACK, RELEASE or SAVEPOINT ends ours */
			const char *cmd = PQcmdStatus(res);

			*svpt_gone = !strcmp(cmd, "COMMIT") || !strcmp(cmd, "SAVEPOINT") ||
				     !strcmp(cmd, "RELEASE") || !strcmp(cmd, "ROLLBACK");
		}

		st = PQresultStatus(res);
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
			FILE *copy_stream = NULL;

			if (st == PGRES_COPY_OUT) {
				if (is_watch)
					copy_stream = print_fout ? print_fout : s->query_fout;
				else if (s->copy_stream)
					copy_stream = s->copy_stream;
				else if (s->gfname) {
					if (!gfile) {
						if (open_query_output(s->gfname, &gfile, &gfile_pid)) {
							if (gfile_pid)
								print_sigpipe_disable();
							copy_stream = gfile;
						} else
							success = 0;
					} else
						copy_stream = gfile;
				} else
					copy_stream = s->query_fout;
			}
			if (st == PGRES_COPY_IN && !s->copy_stream) {
				if (copy_from_stdin == 0) {
					/* not asked for: the server is broken or hostile */
					log_info("unexpected COPY_IN result, aborting connection");
					exit(2);
				}
				copy_from_stdin--;
			}
			/* with no stream the COPY data is read and discarded */
			success &= handle_copy_result(s, &res, copy_stream);
		}

		next = PQgetResult(s->db);
		last = next == NULL;
		if (timing)
			*elapsed = now_ms() - before;

		if (res) {
			FILE *tuples_fout = print_fout;
			int do_print = 1;

			if (PQresultStatus(res) == PGRES_TUPLES_OK && s->gfname) {
				if (!gfile) {
					if (open_query_output(s->gfname, &gfile, &gfile_pid)) {
						if (gfile_pid)
							print_sigpipe_disable();
					} else
						success = do_print = 0;
				}
				tuples_fout = gfile;
			}
			if (do_print)
				success &= print_query_result(s, res, last, opt, tuples_fout, print_fout);
		}
		if (!is_watch && last && success)
			set_result_variables(s, res, 1);
		exec_clear_or_save(s, res);
		res = next;
		if (sig_cancel_pressed) {
			exec_clear_or_save(s, res);
			clear_or_save_all(s);
			break;
		}
	}
	if (gfile)
		close_query_output(gfile, gfile_pid);
	if (!s->db || !exec_check_connection(s))
		return -1;
	/* a COPY FROM STDIN the server refused still has its data in the script */
	for (; copy_from_stdin > 0; copy_from_stdin--)
		copy_discard(s, s->cur_cmd_source);
	return sig_cancel_pressed ? 0 : success ? 1 : -1;
}

int exec_watch(struct session *s, const char *query, const struct print_query_opt *opt,
	       FILE *fout)
{
	double elapsed = 0;
	int res;

	if (!s->db) {
		log_error("You are currently not connected to a database.");
		return 0;
	}
	sig_set_cancel_conn(s->db);
	res = exec_and_process(s, query, &elapsed, NULL, 1, opt, fout);
	sig_reset_cancel_conn();
	if (s->timing)
		exec_print_timing(elapsed);
	return res;
}

/* \gdesc: describe the result columns without executing the query. */
static int describe_query(struct session *s, const char *query, double *elapsed)
{
	int timing = s->timing;
	double before = timing ? now_ms() : 0;
	PGresult *res;
	int ok;

	*elapsed = 0;
	/* the unnamed prepared statement is invisible to psql users */
	res = PQprepare(s->db, "", query, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_info("%s", PQerrorMessage(s->db));
		set_result_variables(s, res, 0);
		exec_clear_or_save(s, res);
		return 0;
	}
	PQclear(res);
	res = PQdescribePrepared(s->db, "");
	ok = accept_result(s, res, 1) && PQresultStatus(res) == PGRES_COMMAND_OK;
	if (ok && res) {
		if (PQnfields(res) > 0) {
			struct strbuf buf = STRBUF_INIT;

			strbuf_addstr(&buf, "SELECT name AS \"Column\", pg_catalog.format_type(tp, tpm) AS \"Type\"\nFROM (VALUES ");
			for (int i = 0; i < PQnfields(res); i++) {
				const char *name = PQfname(res, i);
				char *esc = PQescapeLiteral(s->db, name, strlen(name));

				if (!esc) {
					log_info("%s", PQerrorMessage(s->db));
					PQclear(res);
					strbuf_release(&buf);
					return 0;
				}
				if (i > 0)
					strbuf_addch(&buf, ',');
				strbuf_addf(&buf, "(%s, '%u'::pg_catalog.oid, %d)", esc,
					    PQftype(res, i), PQfmod(res, i));
				PQfreemem(esc);
			}
			strbuf_addstr(&buf, ") s(name, tp, tpm)");
			PQclear(res);
			res = PQexec(s->db, buf.buf);
			ok = accept_result(s, res, 1);
			if (timing)
				*elapsed += now_ms() - before;
			if (ok && res)
				ok = print_query_result(s, res, 1, NULL, NULL, NULL);
			strbuf_release(&buf);
		} else {
			fprintf(s->query_fout,
				"The command has no result, or the result has no columns.\n");
		}
	}
	set_result_variables(s, res, ok);
	exec_clear_or_save(s, res);
	return ok;
}

/* FETCH_COUNT: run a SELECT through a cursor, fetch_count rows at a time. */
static int exec_using_cursor(struct session *s, const char *query, double *elapsed)
{
	int ok = 1;
	PGresult *res;
	struct strbuf buf = STRBUF_INIT;
	struct print_query_opt my_popt;
	int timing = s->timing;
	FILE *fout;
	pid_t fout_pid = 0;
	int is_pager = 0, started_txn = 0, fetch_count;
	long long total = 0;
	int ntuples;
	char fetch_cmd[64];
	double before = 0;

	*elapsed = 0;
	my_popt = s->popt;	/* shallow: only flags below change */
	my_popt.topt.start_table = 1;
	my_popt.topt.stop_table = 0;
	my_popt.topt.prior_records = 0;
	if (timing)
		before = now_ms();
	if (PQtransactionStatus(s->db) == PQTRANS_IDLE) {
		res = PQexec(s->db, "BEGIN");
		ok = accept_result(s, res, 1) && PQresultStatus(res) == PGRES_COMMAND_OK;
		exec_clear_or_save(s, res);
		if (!ok)
			return 0;
		started_txn = 1;
	}
	strbuf_addf(&buf, "DECLARE _psql_cursor NO SCROLL CURSOR FOR\n%s", query);
	res = PQexec(s->db, buf.buf);
	strbuf_release(&buf);
	ok = accept_result(s, res, 1) && PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		set_result_variables(s, res, 0);
	exec_clear_or_save(s, res);
	if (!ok)
		goto cleanup;
	if (timing)
		*elapsed += now_ms() - before;

	/* \gset: fetch two rows so that "more than one row" is detected */
	fetch_count = s->gset_prefix ? 2 : s->fetch_count;
	snprintf(fetch_cmd, sizeof(fetch_cmd), "FETCH FORWARD %d FROM _psql_cursor", fetch_count);
	if (s->gfname) {
		if (!open_query_output(s->gfname, &fout, &fout_pid)) {
			ok = 0;
			goto cleanup;
		}
		if (fout_pid)
			print_sigpipe_disable();
	} else {
		fout = s->query_fout;
	}
	clearerr(fout);
	for (;;) {
		int flush_error;

		if (timing)
			before = now_ms();
		res = PQexec(s->db, fetch_cmd);
		if (timing)
			*elapsed += now_ms() - before;
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			if (is_pager) {
				print_pager_close(fout);
				is_pager = 0;
				fout = s->query_fout;
			}
			ok = accept_result(s, res, 1);
			set_result_variables(s, res, ok);
			exec_clear_or_save(s, res);
			break;
		}
		if (s->gset_prefix) {
			ok = store_query_tuple(s, res);
			exec_clear_or_save(s, res);
			break;
		}
		ntuples = PQntuples(res);
		total += ntuples;
		if (ntuples < fetch_count) {
			my_popt.topt.stop_table = 1;
		} else if (fout == stdout && !is_pager) {
			/* one pager for the whole result */
			fout = print_pager_open(&my_popt.topt, INT_MAX);
			is_pager = 1;
		}
		print_query(res, &my_popt, fout, is_pager, s->logfile);
		exec_clear_or_save(s, res);
		my_popt.topt.start_table = 0;
		my_popt.topt.prior_records += (unsigned long)ntuples;
		flush_error = fflush(fout);
		if (ntuples < fetch_count || sig_cancel_pressed || flush_error || ferror(fout))
			break;
	}
	if (s->gfname)
		close_query_output(fout, fout_pid);
	else if (is_pager)
		print_pager_close(fout);
	if (ok) {
		char n[32];

		vars_set(s->vars, "ERROR", "false");
		vars_set(s->vars, "SQLSTATE", "00000");
		snprintf(n, sizeof(n), "%lld", total);
		vars_set(s->vars, "ROW_COUNT", n);
	}
cleanup:
	if (timing)
		before = now_ms();
	/* on failure the CLOSE only bleats about the aborted transaction */
	res = PQexec(s->db, "CLOSE _psql_cursor");
	if (ok) {
		ok = accept_result(s, res, 1) && PQresultStatus(res) == PGRES_COMMAND_OK;
		exec_clear_or_save(s, res);
	} else {
		PQclear(res);
	}
	if (started_txn) {
		res = PQexec(s->db, ok ? "COMMIT" : "ROLLBACK");
		ok &= accept_result(s, res, 1) && PQresultStatus(res) == PGRES_COMMAND_OK;
		exec_clear_or_save(s, res);
	}
	if (timing)
		*elapsed += now_ms() - before;
	return ok;
}

/* ---- psql's keyword sniffing for AUTOCOMMIT and FETCH_COUNT ----------- */

/*
 * These mirror psql exactly on purpose: they decide when psql sends an
 * implicit BEGIN or uses a cursor, which is psql behaviour users rely on.
 * They are never used to decide what is safe: that is classify.c's job.
 */
static const char *skip_white_space(const struct session *s, const char *q)
{
	int nest = 0;

	while (*q) {
		int mblen = PQmblenBounded(q, s->encoding);

		if (isspace((unsigned char)*q))
			q += mblen;
		else if (q[0] == '/' && q[1] == '*') {
			nest++;
			q += 2;
		} else if (nest > 0 && q[0] == '*' && q[1] == '/') {
			nest--;
			q += 2;
		} else if (nest == 0 && q[0] == '-' && q[1] == '-') {
			q += 2;
			while (*q) {
				if (*q == '\n') {
					q++;
					break;
				}
				q += PQmblenBounded(q, s->encoding);
			}
		} else if (nest > 0)
			q += mblen;
		else
			break;
	}
	return q;
}

static int word_len(const struct session *s, const char *q)
{
	int n = 0;

	while (isalpha((unsigned char)q[n]))
		n += PQmblenBounded(&q[n], s->encoding);
	return n;
}

static int word_is(const char *q, int len, const char *w)
{
	return len == (int)strlen(w) && !strncasecmp(q, w, (size_t)len);
}

static const char *next_word(const struct session *s, const char *q, int *len)
{
	q = skip_white_space(s, q + *len);
	*len = word_len(s, q);
	return q;
}

static int command_no_begin(const struct session *s, const char *q)
{
	int n;

	q = skip_white_space(s, q);
	n = word_len(s, q);
	if (word_is(q, n, "abort") || word_is(q, n, "begin") || word_is(q, n, "start") ||
	    word_is(q, n, "commit") || word_is(q, n, "end") || word_is(q, n, "rollback"))
		return 1;
	if (word_is(q, n, "prepare")) {
		q = next_word(s, q, &n);
		return word_is(q, n, "transaction");
	}
	if (word_is(q, n, "vacuum"))
		return 1;
	if (word_is(q, n, "cluster")) {
		q = skip_white_space(s, q + n);
		return !isalpha((unsigned char)q[0]);
	}
	if (word_is(q, n, "create")) {
		q = next_word(s, q, &n);
		if (word_is(q, n, "database") || word_is(q, n, "tablespace"))
			return 1;
		if (word_is(q, n, "unique"))
			q = next_word(s, q, &n);
		if (word_is(q, n, "index")) {
			q = next_word(s, q, &n);
			return word_is(q, n, "concurrently");
		}
		return 0;
	}
	if (word_is(q, n, "alter")) {
		q = next_word(s, q, &n);
		return word_is(q, n, "system");
	}
	if (word_is(q, n, "drop") || word_is(q, n, "reindex")) {
		q = next_word(s, q, &n);
		if (word_is(q, n, "database") || word_is(q, n, "system") ||
		    word_is(q, n, "tablespace"))
			return 1;
		if (word_is(q, n, "index") || word_is(q, n, "table")) {
			int is_index = word_is(q, n, "index");

			q = next_word(s, q, &n);
			if (word_is(q, n, "concurrently"))
				return 1;
			if (is_index)
				return 0;
		}
		return 0;
	}
	if (word_is(q, n, "discard")) {
		q = next_word(s, q, &n);
		return word_is(q, n, "all");
	}
	return 0;
}

static int is_select_command(const struct session *s, const char *q)
{
	int n;

	for (;;) {
		q = skip_white_space(s, q);
		if (q[0] == '(')
			q++;
		else
			break;
	}
	n = word_len(s, q);
	return word_is(q, n, "select") || word_is(q, n, "values");
}

/* ---- the front door ----------------------------------------------------- */

static void reset_one_shot(struct session *s)
{
	FREE_AND_NULL(s->gfname);
	if (s->gsavepopt) {
		print_query_opt_release(&s->popt);
		s->popt = *s->gsavepopt;
		free(s->gsavepopt);
		s->gsavepopt = NULL;
	}
	FREE_AND_NULL(s->gset_prefix);
	s->gdesc_flag = 0;
	s->gexec_flag = 0;
	s->crosstab_flag = 0;
	for (int i = 0; i < 4; i++)
		FREE_AND_NULL(s->ctv_args[i]);
}

int exec_send_query(struct session *s, const char *query)
{
	int timing = s->timing;
	PGTransactionStatusType ts;
	double elapsed = 0;
	int ok = 0;
	int savepoint = 0, svpt_gone = 0;

	if (!s->db) {
		log_error("You are currently not connected to a database.");
		goto cleanup;
	}
	if (s->singlestep) {
		char buf[3];

		fflush(stderr);
		printf("***(Single step mode: verify command)*******************************************\n"
		       "%s\n"
		       "***(press return to proceed or enter x and return to cancel)********************\n",
		       query);
		fflush(stdout);
		if (fgets(buf, sizeof(buf), stdin) != NULL && buf[0] == 'x')
			goto cleanup;
		if (sig_cancel_pressed)
			goto cleanup;
	} else if (s->echo == ECHO_MODE_QUERIES) {
		puts(query);
		fflush(stdout);
	}

	/*
	 * The guard: nothing the user wrote reaches the server before it is
	 * classified and allowed.  \gdesc only prepares the statement, it never
	 * runs it, so it needs no decision.
	 */
	if (!s->gdesc_flag && guard_sql(s, query) != GUARD_PROCEED)
		goto cleanup;

	if (s->logfile) {
		fprintf(s->logfile, "********* QUERY **********\n%s\n**************************\n\n",
			query);
		fflush(s->logfile);
	}

	sig_set_cancel_conn(s->db);
	ts = PQtransactionStatus(s->db);
	if (ts == PQTRANS_IDLE && !s->autocommit && !command_no_begin(s, query)) {
		PGresult *res = PQexec(s->db, "BEGIN");

		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_info("%s", PQerrorMessage(s->db));
			exec_clear_or_save(s, res);
			goto cleanup;
		}
		exec_clear_or_save(s, res);
		ts = PQtransactionStatus(s->db);
	}
	if (ts == PQTRANS_INTRANS && s->on_error_rollback != ERROR_ROLLBACK_OFF &&
	    (s->cur_cmd_interactive || s->on_error_rollback == ERROR_ROLLBACK_ON)) {
		PGresult *res = PQexec(s->db, "SAVEPOINT pg_psql_temporary_savepoint");

		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_info("%s", PQerrorMessage(s->db));
			exec_clear_or_save(s, res);
			goto cleanup;
		}
		exec_clear_or_save(s, res);
		savepoint = 1;
	}

	if (s->gdesc_flag)
		ok = describe_query(s, query, &elapsed);
	else if (s->fetch_count <= 0 || s->gexec_flag || s->crosstab_flag ||
		 !is_select_command(s, query))
		ok = exec_and_process(s, query, &elapsed, &svpt_gone, 0, NULL, NULL) > 0;
	else
		ok = exec_using_cursor(s, query, &elapsed);

	if (!ok && s->echo == ECHO_MODE_ERRORS)
		log_info("STATEMENT:  %s", query);

	if (savepoint && s->db) {
		const char *cmd = NULL;

		ts = PQtransactionStatus(s->db);
		switch (ts) {
		case PQTRANS_INERROR:
			cmd = "ROLLBACK TO pg_psql_temporary_savepoint";
			break;
		case PQTRANS_IDLE:
			break;
		case PQTRANS_INTRANS:
			/* do nothing if they are messing with savepoints themselves */
			if (!svpt_gone)
				cmd = "RELEASE pg_psql_temporary_savepoint";
			break;
		case PQTRANS_ACTIVE:
		case PQTRANS_UNKNOWN:
		default:
			ok = 0;
			if (ts != PQTRANS_UNKNOWN || connection_up(s))
				log_error("unexpected transaction status (%d)", ts);
			break;
		}
		if (cmd) {
			PGresult *res = PQexec(s->db, cmd);

			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				log_info("%s", PQerrorMessage(s->db));
				exec_clear_or_save(s, res);
				ok = 0;
				goto cleanup;
			}
			PQclear(res);
		}
	}

	if (timing)
		exec_print_timing(elapsed);

	if (s->db) {
		int enc = PQclientEncoding(s->db);

		/* track SET CLIENT_ENCODING */
		if (enc >= 0 && enc != s->encoding) {
			s->encoding = enc;
			s->popt.topt.encoding = enc;
			vars_set(s->vars, "ENCODING", pg_encoding_to_char(enc));
		}
		print_notifications(s);
	}

cleanup:
	guard_outcome(s, ok);	/* the audit log's outcome line, when the guard let it through */
	sig_reset_cancel_conn();
	reset_one_shot(s);
	return ok;
}

/* ---- small helpers --------------------------------------------------------- */

const char *exec_session_username(const struct session *s)
{
	const char *v;

	if (!s->db)
		return NULL;
	v = PQparameterStatus(s->db, "session_authorization");
	return v ? v : PQuser(s->db);
}

int exec_is_superuser(const struct session *s)
{
	const char *v;

	if (!s->db)
		return 0;
	v = PQparameterStatus(s->db, "is_superuser");
	return v && !strcmp(v, "on");
}

void exec_expand_tilde(char **filename)
{
	char *fn, *p;
	const char *home = NULL;
	struct passwd *pw;

	if (!filename || !*filename || **filename != '~')
		return;
	fn = *filename;
	p = fn + 1;
	while (*p != '/' && *p != '\0')
		p++;
	if (p == fn + 1) {
		home = getenv("HOME");
		if (!home || !*home) {
			pw = getpwuid(geteuid());
			home = pw ? pw->pw_dir : NULL;
		}
	} else {
		char *user = xstrndup(fn + 1, (size_t)(p - fn - 1));

		pw = getpwnam(user);
		free(user);
		home = pw ? pw->pw_dir : NULL;
	}
	if (home && *home) {
		*filename = xasprintf("%s%s", home, p);
		free(fn);
	}
}

int exec_recognized_connection_string(const char *cs)
{
	return !strncmp(cs, "postgresql://", 13) || !strncmp(cs, "postgres://", 11) ||
	       strchr(cs, '=') != NULL;
}
