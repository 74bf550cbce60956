/* SPDX-License-Identifier: PostgreSQL */
/*
 * serverid: the server's own word on which environment it is
 * (safepg.environment set by the database, the role or the cluster, never
 * by the client) and its system identifier.  See serverid.h for where each
 * value comes from and why pg_settings cannot be used.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/envmatch.h"
#include "safepg/serverid.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define TAG_NAME "safepg.environment"

/*
 * The database and role settings, in PostgreSQL's precedence (postinit.c
 * process_settings: database+role, role, database, all roles), plus what
 * this role may read.  pg_db_role_setting is readable by every role;
 * setting names are case-insensitive, values are stored unquoted.
 */
static const char tag_query[] =
	"WITH o AS (\n"
	"  SELECT CASE WHEN s.setdatabase <> 0 AND s.setrole <> 0 THEN 1\n"
	"              WHEN s.setrole <> 0 THEN 2\n"
	"              WHEN s.setdatabase <> 0 THEN 3 ELSE 4 END AS prio,\n"
	"         CASE WHEN s.setdatabase <> 0 AND s.setrole <> 0 THEN 'database and role'\n"
	"              WHEN s.setrole <> 0 THEN 'role'\n"
	"              WHEN s.setdatabase <> 0 THEN 'database' ELSE 'all roles' END AS src,\n"
	"         pg_catalog.substr(c, pg_catalog.strpos(c, '=') + 1) AS val\n"
	"  FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) AS c\n"
	"  WHERE s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d\n"
	"                             WHERE d.datname = pg_catalog.current_database()))\n"
	"    AND s.setrole IN (0, (SELECT r.oid FROM pg_catalog.pg_roles r\n"
	"                         WHERE r.rolname = session_user))\n"
	"    AND pg_catalog.lower(pg_catalog.split_part(c, '=', 1)) = '" TAG_NAME "'\n"
	")\n"
	"SELECT o.src, o.val FROM o ORDER BY o.prio";

/* What is in effect, and what this role may read. */
static const char priv_query[] =
	"SELECT pg_catalog.current_setting('" TAG_NAME "', true),\n"
	"       pg_catalog.has_table_privilege('pg_catalog.pg_file_settings', 'SELECT'),\n"
	"       pg_catalog.has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')";

/* postgresql.conf, its includes and postgresql.auto.conf (ALTER SYSTEM), as applied */
static const char file_query[] =
	"SELECT f.setting FROM pg_catalog.pg_file_settings f\n"
	"WHERE pg_catalog.lower(f.name) = '" TAG_NAME "' AND f.applied AND f.error IS NULL\n"
	"ORDER BY f.seqno DESC LIMIT 1";

static const char sysid_query[] =
	"SELECT c.system_identifier FROM pg_catalog.pg_control_system() c";

int serverid_options_set_tag(const char *opts)
{
	struct strbuf sb = STRBUF_INIT;
	int found;

	if (!opts)
		return 0;
	/* drop the backslash escapes libpq's option syntax allows, fold case */
	for (const char *p = opts; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		strbuf_addch(&sb, tolower((unsigned char)*p));
	}
	/* any mention counts: better to ignore one too many than trust a forged tag */
	found = strstr(sb.buf, TAG_NAME) != NULL;
	strbuf_release(&sb);
	return found;
}

/*
 * Run a query expected to return rows; NULL (with *cause) on anything else.
 * Every result status is named: an unexpected one is an error, not data.
 */
static PGresult *run(PGconn *conn, const char *sql, char **cause)
{
	PGresult *res = PQexec(conn, sql);
	struct strbuf sb = STRBUF_INIT;

	switch (res ? PQresultStatus(res) : PGRES_FATAL_ERROR) {
	case PGRES_TUPLES_OK:
		return res;
	case PGRES_FATAL_ERROR:
	case PGRES_NONFATAL_ERROR:
	case PGRES_BAD_RESPONSE:
		strbuf_addstr(&sb, res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		break;
	case PGRES_EMPTY_QUERY:
	case PGRES_COMMAND_OK:
	case PGRES_COPY_OUT:
	case PGRES_COPY_IN:
	case PGRES_COPY_BOTH:
	case PGRES_SINGLE_TUPLE:
	case PGRES_PIPELINE_SYNC:
	case PGRES_PIPELINE_ABORTED:
	default:
		strbuf_addf(&sb, "unexpected result status %s",
			    PQresStatus(PQresultStatus(res)));
		break;
	}
	strbuf_rtrim(&sb);
	*cause = strbuf_detach(&sb, NULL);
	PQclear(res);
	return NULL;
}

/* The value of a one-row result's column, or NULL when NULL or no row. */
static const char *value(const PGresult *res, int col)
{
	if (PQntuples(res) < 1 || PQnfields(res) <= col || PQgetisnull(res, 0, col))
		return NULL;
	return PQgetvalue(res, 0, col);
}

/* Record the address actually connected to, for CIDR blocks. */
static void note_hostaddr(PGconn *conn, struct target *t)
{
	const char *host = PQhost(conn), *addr = PQhostaddr(conn);

	if (!host || !addr || !*addr)
		return;
	for (size_t i = 0; i < t->nhosts; i++) {
		struct target_host *h = &t->hosts[i];

		if (!h->hostaddr && h->host && !strcmp(h->host, host)) {
			h->hostaddr = xstrdup(addr);
			return;
		}
	}
}

int serverid_query(PGconn *conn, struct target *t, struct strvec *notes, char **cause)
{
	PGresult *res = NULL, *pres = NULL, *fres = NULL, *sres = NULL;
	const char *current, *v;
	char *err = NULL;
	int client_set, can_files, can_control, ndb = 0, ret = -1;

	free(t->server_tag);
	free(t->server_tag_source);
	t->server_tag = t->server_tag_source = NULL;
	strvec_clear(&t->extra_tags);
	strvec_clear(&t->extra_tag_sources);
	t->system_identifier = 0;
	t->tag_state = SERVER_TAG_UNREADABLE;
	note_hostaddr(conn, t);
	client_set = serverid_options_set_tag(PQoptions(conn));
	if (client_set)
		strvec_push(notes, "the " TAG_NAME " the client supplied (PGOPTIONS or options=) "
			    "is ignored: only the server's own setting counts");

	res = run(conn, tag_query, cause);
	if (!res)
		goto out;
	pres = run(conn, priv_query, cause);
	if (!pres)
		goto out;
	current = value(pres, 0);
	can_files = (v = value(pres, 1)) && !strcmp(v, "t");
	can_control = (v = value(pres, 2)) && !strcmp(v, "t");

	t->tag_state = SERVER_TAG_ABSENT;
	/*
	 * Every level that sets it counts, not only the one PostgreSQL would
	 * apply: a role may ALTER ROLE itself, and its tag must not hide the
	 * database's.  The first one added is the one in effect.
	 */
	for (int i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, 1) || !*PQgetvalue(res, i, 1))
			continue;
		envmatch_target_add_tag(t, PQgetvalue(res, i, 1),
					PQgetisnull(res, i, 0) ? "database" : PQgetvalue(res, i, 0));
		ndb++;
	}
	if (can_files) {
		fres = run(conn, file_query, &err);
		if (!fres) {
			strvec_pushf(notes, "the cluster's " TAG_NAME " could not be read: %s", err);
			FREE_AND_NULL(err);
			if (!ndb)
				t->tag_state = SERVER_TAG_UNREADABLE;
		} else if ((v = value(fres, 0)) && *v) {
			envmatch_target_add_tag(t, v, "cluster");
		}
	} else if (!client_set && !ndb) {
		/*
		 * Nothing in pg_db_role_setting and the client sent no value:
		 * what is in effect came from the server's configuration.
		 */
		if (current && *current)
			envmatch_target_add_tag(t, current, "cluster");
	} else if (client_set) {
		strvec_push(notes, "the cluster's own " TAG_NAME " cannot be told apart from the "
			    "client's value: this role may not read pg_file_settings");
		if (!ndb)
			t->tag_state = SERVER_TAG_UNREADABLE;
	}

	if (can_control) {
		sres = run(conn, sysid_query, &err);
		if (!sres) {
			strvec_pushf(notes, "the system identifier could not be read: %s", err);
			FREE_AND_NULL(err);
		} else if ((v = value(sres, 0))) {
			t->system_identifier = strtoull(v, NULL, 10);
		}
	}
	ret = 0;
out:
	PQclear(res);
	PQclear(pres);
	PQclear(fres);
	PQclear(sres);
	return ret;
}
