/* SPDX-License-Identifier: PostgreSQL */
/*
 * conn: the initial connection, \c, the password prompt and the notices
 * about the connection (see conn.h).  Messages are psql's, byte for byte.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/conn.h"
#include "safepg/exec.h"
#include "safepg/guard.h"
#include "safepg/log.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"


static void free_secret(char *p)
{
	if (p) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

char *conn_prompt_tty(const char *prompt, int echo, int *canceled)
{
	struct termios t_orig, t;
	struct strbuf line = STRBUF_INIT;
	FILE *termin = NULL, *termout = NULL;
	int have_termios = 0, c;
	char *result = NULL;

	if (canceled)
		*canceled = 0;
	/* only the terminal: a password never comes from a pipe into stdin */
	termin = fopen("/dev/tty", "r");
	termout = fopen("/dev/tty", "w");
	if (!termin || !termout)
		goto cleanup;
	if (!echo && tcgetattr(fileno(termin), &t) == 0) {
		t_orig = t;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(termin), TCSAFLUSH, &t);
		have_termios = 1;
	}
	if (prompt) {
		fputs(prompt, termout);
		fflush(termout);
	}
	sig_cancel_pressed = 0;
	for (;;) {
		c = getc(termin);
		if (c == EOF) {
			if (ferror(termin) && errno == EINTR && !sig_cancel_pressed) {
				clearerr(termin);
				continue;
			}
			break;
		}
		if (c == '\n')
			break;
		strbuf_addch(&line, (char)c);
	}
	if (sig_cancel_pressed) {
		if (canceled)
			*canceled = 1;
		strbuf_release_secret(&line);
	} else {
		if (line.len && line.buf[line.len - 1] == '\r')
			strbuf_setlen(&line, line.len - 1);
		result = strbuf_detach(&line, NULL);
	}
	if (have_termios)
		tcsetattr(fileno(termin), TCSAFLUSH, &t_orig);
	if (!echo || (canceled && *canceled)) {
		fputs("\n", termout);
		fflush(termout);
	}
cleanup:
	strbuf_release_secret(&line);
	if (termin)
		fclose(termin);
	if (termout)
		fclose(termout);
	return result;
}

static char *prompt_for_password(const char *username, int *canceled)
{
	char *text, *pw;

	if (!username || !*username)
		return conn_prompt_tty("Password: ", 0, canceled);
	text = xasprintf("Password for user %s: ", username);
	pw = conn_prompt_tty(text, 0, canceled);
	free(text);
	return pw;
}

static int is_unixsock_path(const char *p)
{
	return p && (p[0] == '/' || p[0] == '@');
}

static void format_version(int num, int include_minor, char *buf, size_t size)
{
	if (num >= 100000) {
		if (include_minor)
			snprintf(buf, size, "%d.%d", num / 10000, num % 10000);
		else
			snprintf(buf, size, "%d", num / 10000);
	} else {
		if (include_minor)
			snprintf(buf, size, "%d.%d.%d", num / 10000, (num / 100) % 100, num % 100);
		else
			snprintf(buf, size, "%d.%d", num / 10000, (num / 100) % 100);
	}
}

static void print_ssl_info(PGconn *db)
{
	const char *protocol, *cipher, *compression;

	if (!PQsslInUse(db))
		return;
	protocol = PQsslAttribute(db, "protocol");
	cipher = PQsslAttribute(db, "cipher");
	compression = PQsslAttribute(db, "compression");
	printf("SSL connection (protocol: %s, cipher: %s, compression: %s)\n",
	       protocol ? protocol : "unknown", cipher ? cipher : "unknown",
	       (compression && strcmp(compression, "off") != 0) ? "on" : "off");
}

static void print_gss_info(PGconn *db)
{
	if (PQgssEncInUse(db))
		printf("GSSAPI-encrypted connection\n");
}

void conn_warnings(struct session *s, int in_startup)
{
	char cver[32], sver[32];
	/* safepg names itself here: the line tells people which client they are in */
	int client_ver = PQlibVersion();

	if (s->quiet || s->notty)
		return;
	if (s->sversion != client_ver) {
		const char *server_version = PQparameterStatus(s->db, "server_version");

		if (!server_version) {
			format_version(s->sversion, 1, sver, sizeof(sver));
			server_version = sver;
		}
		printf("safepg (%s, server %s)\n", SAFEPG_VERSION, server_version);
	} else if (in_startup) {
		printf("safepg (%s)\n", SAFEPG_VERSION);
	}
	if (s->sversion / 10000 > client_ver / 10000 || s->sversion < 90200) {
		format_version(client_ver, 0, cver, sizeof(cver));
		format_version(s->sversion, 0, sver, sizeof(sver));
		printf("WARNING: safepg's libpq major version %s, server major version %s.\n"
		       "         Some psql features might not work.\n",
		       cver, sver);
	}
	print_ssl_info(s->db);
	print_gss_info(s->db);
}

/* The connection is up: wire it into the session (both start-up and \c). */
static void adopt(struct session *s, PGconn *db)
{
	s->db = db;
	PQsetNoticeProcessor(db, exec_notice_processor, s);
	session_sync_vars(s);
	guard_connected(s);
}

int conn_initial(struct session *s, const struct conn_opts *o)
{
	char *password = NULL;
	int new_pass;
	PGconn *db;

	if (s->get_password == TRIVALUE_YES)
		password = conn_prompt_tty("Password: ", 0, NULL);
	do {
		const char *keywords[8], *values[8];

		keywords[0] = "host";
		values[0] = o->host;
		keywords[1] = "port";
		values[1] = o->port;
		keywords[2] = "user";
		values[2] = o->username;
		keywords[3] = "password";
		values[3] = password;
		keywords[4] = "dbname";
		values[4] = (o->list_dbs && !o->dbname) ? "postgres" : o->dbname;
		keywords[5] = "fallback_application_name";
		values[5] = s->progname;
		keywords[6] = "client_encoding";
		values[6] = (s->notty || getenv("PGCLIENTENCODING")) ? NULL : "auto";
		keywords[7] = NULL;
		values[7] = NULL;

		new_pass = 0;
		db = PQconnectdbParams(keywords, values, 1);
		if (PQstatus(db) == CONNECTION_BAD && PQconnectionNeedsPassword(db) && !password &&
		    s->get_password != TRIVALUE_NO) {
			/* the user actually used may come from a URI or conninfo */
			const char *realuser = PQuser(db);
			char *text = (realuser && *realuser) ?
					     xasprintf("Password for user %s: ", realuser) :
					     xstrdup("Password: ");

			password = conn_prompt_tty(text, 0, NULL);
			free(text);
			if (password) {
				PQfinish(db);
				new_pass = 1;
			}
		}
	} while (new_pass);
	free_secret(password);

	if (PQstatus(db) == CONNECTION_BAD) {
		log_error("%s", PQerrorMessage(db));
		PQfinish(db);
		return 0;
	}
	adopt(s, db);
	return 1;
}

static int param_is_newly_set(const char *old_val, const char *new_val)
{
	if (!new_val)
		return 0;
	return !old_val || strcmp(old_val, new_val) != 0;
}

int conn_reconnect(struct session *s, enum trivalue reuse_spec, const char *dbname,
		   const char *user, const char *host, const char *port)
{
	PGconn *o_conn = s->db, *n_conn = NULL;
	PQconninfoOption *cinfo = NULL, *ci;
	const char *client_encoding;
	char *password = NULL;
	int nconnopts = 0, same_host = 0, success = 1, keep_password = 1, reuse;
	int has_cs = dbname ? exec_recognized_connection_string(dbname) : 0;

	if (has_cs && (user || host || port)) {
		log_error("Do not give user, host, or port separately when using a connection string");
		return 0;
	}
	switch (reuse_spec) {
	case TRIVALUE_YES:
		reuse = 1;
		break;
	case TRIVALUE_NO:
		reuse = 0;
		break;
	case TRIVALUE_DEFAULT:
	default:
		reuse = !has_cs;
		break;
	}
	if (reuse) {
		if (o_conn) {
			cinfo = PQconninfo(o_conn);
		} else if (s->dead_conn) {
			cinfo = PQconninfo(s->dead_conn);
		} else {
			log_error("No database connection exists to re-use parameters from");
			return 0;
		}
	} else {
		cinfo = PQconndefaults();
	}

	if (!cinfo) {
		log_error("out of memory");
		success = 0;
	} else if (has_cs) {
		char *errmsg = NULL;
		PQconninfoOption *repl = PQconninfoParse(dbname, &errmsg), *rci;

		if (repl) {
			int have_password = 0;

			/* the connection string's values replace the defaults */
			for (ci = cinfo, rci = repl; ci->keyword && rci->keyword; ci++, rci++) {
				if (rci->val) {
					char *swap = rci->val;

					rci->val = ci->val;
					ci->val = swap;
					if (!rci->val || strcmp(ci->val, rci->val) != 0) {
						if (!strcmp(rci->keyword, "user") ||
						    !strcmp(rci->keyword, "host") ||
						    !strcmp(rci->keyword, "hostaddr") ||
						    !strcmp(rci->keyword, "port"))
							keep_password = 0;
					}
					if (!strcmp(rci->keyword, "password"))
						have_password = 1;
				} else if (!reuse) {
					rci->val = ci->val;
					ci->val = NULL;
				}
			}
			nconnopts = (int)(ci - cinfo);
			PQconninfoFree(repl);
			if (have_password)
				keep_password = 1;
			dbname = NULL;
		} else {
			if (errmsg) {
				log_error("%s", errmsg);
				PQfreemem(errmsg);
			} else {
				log_error("out of memory");
			}
			success = 0;
		}
	} else {
		for (ci = cinfo; ci->keyword; ci++) {
			if (user && !strcmp(ci->keyword, "user")) {
				if (!(ci->val && !strcmp(user, ci->val)))
					keep_password = 0;
			} else if (host && !strcmp(ci->keyword, "host")) {
				if (ci->val && !strcmp(host, ci->val))
					same_host = 1;
				else
					keep_password = 0;
			} else if (port && !strcmp(ci->keyword, "port")) {
				if (!(ci->val && !strcmp(port, ci->val)))
					keep_password = 0;
			}
		}
		nconnopts = (int)(ci - cinfo);
	}

	if (s->get_password == TRIVALUE_YES && success) {
		int canceled = 0;

		password = prompt_for_password(has_cs ? NULL : user, &canceled);
		success = !canceled;
	}
	client_encoding = (s->notty || getenv("PGCLIENTENCODING")) ? NULL : "auto";

	while (success) {
		const char **keywords = xcalloc((size_t)nconnopts + 1, sizeof(*keywords));
		const char **values = xcalloc((size_t)nconnopts + 1, sizeof(*values));
		int n = 0;

		for (ci = cinfo; ci->keyword; ci++) {
			keywords[n] = ci->keyword;
			if (dbname && !strcmp(ci->keyword, "dbname"))
				values[n++] = dbname;
			else if (user && !strcmp(ci->keyword, "user"))
				values[n++] = user;
			else if (host && !strcmp(ci->keyword, "host"))
				values[n++] = host;
			else if (host && !same_host && !strcmp(ci->keyword, "hostaddr"))
				values[n++] = NULL;	/* a new host: forget the old address */
			else if (port && !strcmp(ci->keyword, "port"))
				values[n++] = port;
			else if ((password || !keep_password) && !strcmp(ci->keyword, "password"))
				values[n++] = password;
			else if (!strcmp(ci->keyword, "fallback_application_name"))
				values[n++] = s->progname;
			else if (client_encoding && !strcmp(ci->keyword, "client_encoding"))
				values[n++] = client_encoding;
			else if (ci->val)
				values[n++] = ci->val;
		}
		keywords[n] = NULL;
		values[n] = NULL;
		n_conn = PQconnectdbParams(keywords, values, 0);
		free(keywords);
		free(values);
		if (PQstatus(n_conn) == CONNECTION_OK)
			break;
		if (!password && PQconnectionNeedsPassword(n_conn) &&
		    s->get_password != TRIVALUE_NO) {
			int canceled = 0;

			password = prompt_for_password(PQuser(n_conn), &canceled);
			if (password) {
				PQfinish(n_conn);
				n_conn = NULL;
				success = !canceled;
				continue;
			}
		}
		success = 0;
	}
	free_secret(password);
	if (cinfo)
		PQconninfoFree(cinfo);

	if (!success) {
		if (s->cur_cmd_interactive) {
			if (n_conn) {
				log_info("%s", PQerrorMessage(n_conn));
				PQfinish(n_conn);
			}
			if (o_conn)
				log_info("Previous connection kept");
		} else {
			if (n_conn) {
				log_error("\\connect: %s", PQerrorMessage(n_conn));
				PQfinish(n_conn);
			}
			if (o_conn) {
				/* a script must not go on against the old database */
				PQfinish(o_conn);
				s->db = NULL;
				sig_reset_cancel_conn();
				session_unsync_vars(s);
			}
			if (s->dead_conn) {
				PQfinish(s->dead_conn);
				s->dead_conn = NULL;
			}
		}
		return 0;
	}

	adopt(s, n_conn);
	conn_warnings(s, 0);
	if (!s->quiet) {
		if (!o_conn || param_is_newly_set(PQhost(o_conn), PQhost(s->db)) ||
		    param_is_newly_set(PQport(o_conn), PQport(s->db))) {
			const char *h = PQhost(s->db), *ha = PQhostaddr(s->db);

			if (is_unixsock_path(h)) {
				if (ha && *ha)
					printf("You are now connected to database \"%s\" as user \"%s\" on address \"%s\" at port \"%s\".\n",
					       PQdb(s->db), PQuser(s->db), ha, PQport(s->db));
				else
					printf("You are now connected to database \"%s\" as user \"%s\" via socket in \"%s\" at port \"%s\".\n",
					       PQdb(s->db), PQuser(s->db), h, PQport(s->db));
			} else {
				if (ha && *ha && strcmp(h, ha) != 0)
					printf("You are now connected to database \"%s\" as user \"%s\" on host \"%s\" (address \"%s\") at port \"%s\".\n",
					       PQdb(s->db), PQuser(s->db), h, ha, PQport(s->db));
				else
					printf("You are now connected to database \"%s\" as user \"%s\" on host \"%s\" at port \"%s\".\n",
					       PQdb(s->db), PQuser(s->db), h, PQport(s->db));
			}
		} else {
			printf("You are now connected to database \"%s\" as user \"%s\".\n",
			       PQdb(s->db), PQuser(s->db));
		}
	}
	if (o_conn)
		PQfinish(o_conn);
	if (s->dead_conn) {
		PQfinish(s->dead_conn);
		s->dead_conn = NULL;
	}
	return 1;
}

void conn_print_info(struct session *s)
{
	const char *db = s->db ? PQdb(s->db) : NULL;
	const char *h, *ha;

	if (!db) {
		printf("You are currently not connected to a database.\n");
		return;
	}
	h = PQhost(s->db);
	ha = PQhostaddr(s->db);
	if (is_unixsock_path(h)) {
		if (ha && *ha)
			printf("You are connected to database \"%s\" as user \"%s\" on address \"%s\" at port \"%s\".\n",
			       db, PQuser(s->db), ha, PQport(s->db));
		else
			printf("You are connected to database \"%s\" as user \"%s\" via socket in \"%s\" at port \"%s\".\n",
			       db, PQuser(s->db), h, PQport(s->db));
	} else {
		if (ha && *ha && strcmp(h, ha) != 0)
			printf("You are connected to database \"%s\" as user \"%s\" on host \"%s\" (address \"%s\") at port \"%s\".\n",
			       db, PQuser(s->db), h, ha, PQport(s->db));
		else
			printf("You are connected to database \"%s\" as user \"%s\" on host \"%s\" at port \"%s\".\n",
			       db, PQuser(s->db), h, PQport(s->db));
	}
	print_ssl_info(s->db);
	print_gss_info(s->db);
}
