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
#include <strings.h>

#include <libpq-fe.h>

#include "safepg/envmatch.h"
#include "safepg/pgarray.h"
#include "safepg/serverid.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define TAG_NAME "safepg.environment"

/*
 * The database and role settings (all of them: pg_db_role_setting is
 * readable by every role and small) and what is in effect, in one round
 * trip.  The first query of a new backend pays for every catalog and
 * function it touches, so this one touches one table and no operator: the
 * setconfig arrays are read here, and which rows are this session's is
 * asked only when one of them sets the tag at all.
 */
static const char tag_query[] =
	"SELECT s.setdatabase, s.setrole, s.setconfig FROM pg_catalog.pg_db_role_setting s;\n"
	"SELECT pg_catalog.current_setting('" TAG_NAME "', true)";

/* Which rows are this session's: asked only when some row sets the tag. */
static const char whoami_query[] =
	"SELECT (SELECT d.oid FROM pg_catalog.pg_database d\n"
	"        WHERE d.datname = pg_catalog.current_database()),\n"
	"       pg_catalog.to_regrole(pg_catalog.quote_ident(session_user))::pg_catalog.oid";

/* What this role may read. */
static const char priv_query[] =
	"SELECT pg_catalog.has_table_privilege('pg_catalog.pg_file_settings', 'SELECT'),\n"
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
/* res when it holds rows; else NULL with *cause (res is freed). */
static PGresult *rows_or_cause(PGconn *conn, PGresult *res, char **cause)
{
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

static PGresult *run(PGconn *conn, const char *sql, char **cause)
{
	return rows_or_cause(conn, PQexec(conn, sql), cause);
}

/*
 * The two results of tag_query, into *first and *second; 0, or -1 with
 * *cause.  Every result is read, so the connection is idle afterwards.
 */
static int run_two(PGconn *conn, const char *sql, PGresult **first, PGresult **second,
		   char **cause)
{
	PGresult *res;
	int n = 0;

	*first = *second = NULL;
	*cause = NULL;
	if (!PQsendQuery(conn, sql)) {
		*cause = xstrdup(PQerrorMessage(conn));
		return -1;
	}
	while ((res = PQgetResult(conn))) {
		PGresult **slot = n == 0 ? first : n == 1 ? second : NULL;

		n++;
		if (!slot || *cause) {
			PQclear(res);
			continue;
		}
		*slot = rows_or_cause(conn, res, cause);
	}
	if (!*cause && n != 2)
		*cause = xasprintf("expected 2 results, got %d", n);
	if (*cause) {
		PQclear(*first);
		PQclear(*second);
		*first = *second = NULL;
		return -1;
	}
	return 0;
}

/* The tag a setconfig array sets (allocated), or NULL; -1 when it cannot be read. */
static int setconfig_tag(const char *array, char **tag)
{
	struct strvec items = STRVEC_INIT;
	size_t tlen = strlen(TAG_NAME);

	*tag = NULL;
	if (pgarray_parse(array, &items) < 0) {
		strvec_clear(&items);
		return -1;
	}
	/* the last one wins, as when PostgreSQL applies them in order */
	for (size_t k = 0; k < items.n; k++) {
		const char *c = items.v[k];

		if (strncasecmp(c, TAG_NAME, tlen) || c[tlen] != '=')
			continue;
		free(*tag);
		*tag = c[tlen + 1] ? xstrdup(c + tlen + 1) : NULL;
	}
	strvec_clear(&items);
	return 0;
}

/*
 * The tags the database and role settings give this session (rows of
 * database mydb or 0, role myrole or 0), in PostgreSQL's precedence
 * (postinit.c process_settings: database and role, role, database, all
 * roles), added to t.  Returns how many, or -1 with *cause when a setconfig
 * cannot be read.
 */
static int add_level_tags(const PGresult *res, const char *mydb, const char *myrole,
			  struct target *t, char **cause)
{
	static const char *const sources[] = { "database and role", "role", "database", "all roles" };
	int n = 0;

	for (int prio = 0; prio < 4; prio++) {
		for (int i = 0; i < PQntuples(res); i++) {
			const char *sdb = PQgetvalue(res, i, 0), *srole = PQgetvalue(res, i, 1);
			int db = strcmp(sdb, "0") != 0, role = strcmp(srole, "0") != 0;
			int p = db && role ? 0 : role ? 1 : db ? 2 : 3;
			char *tag;

			if (p != prio || PQgetisnull(res, i, 2))
				continue;
			if ((db && (!mydb || strcmp(sdb, mydb))) || (role && (!myrole || strcmp(srole, myrole))))
				continue;
			if (setconfig_tag(PQgetvalue(res, i, 2), &tag) < 0) {
				*cause = xasprintf("could not read a setconfig array: %s",
						   PQgetvalue(res, i, 2));
				return -1;
			}
			if (tag) {
				envmatch_target_add_tag(t, tag, sources[p]);
				free(tag);
				n++;
			}
		}
	}
	return n;
}

/* Whether any row sets the tag at all (for anyone); -1 when one cannot be read. */
static int any_level_tag(const PGresult *res, char **cause)
{
	for (int i = 0; i < PQntuples(res); i++) {
		char *tag;

		if (PQgetisnull(res, i, 2))
			continue;
		if (setconfig_tag(PQgetvalue(res, i, 2), &tag) < 0) {
			*cause = xasprintf("could not read a setconfig array: %s", PQgetvalue(res, i, 2));
			return -1;
		}
		if (tag) {
			free(tag);
			return 1;
		}
	}
	return 0;
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

int serverid_query(PGconn *conn, struct target *t, struct strvec *notes, int want_sysid,
		   char **cause)
{
	PGresult *res = NULL, *cres = NULL, *wres = NULL, *pres = NULL, *fres = NULL, *sres = NULL;
	const char *current, *v;
	char *err = NULL;
	int client_set, can_files = 0, can_control = 0, ndb, ret = -1;

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

	if (run_two(conn, tag_query, &res, &cres, cause) < 0)
		goto out;
	current = value(cres, 0);

	t->tag_state = SERVER_TAG_ABSENT;
	/*
	 * Every level that sets it counts, not only the one PostgreSQL would
	 * apply: a role may ALTER ROLE itself, and its tag must not hide the
	 * database's.  The first one added is the one in effect.
	 */
	ndb = any_level_tag(res, cause);
	if (ndb > 0) {
		/* some database or role is tagged: which rows are ours? */
		wres = run(conn, whoami_query, cause);
		if (!wres) {
			t->tag_state = SERVER_TAG_UNREADABLE;
			goto out;
		}
		ndb = add_level_tags(res, value(wres, 0), value(wres, 1), t, cause);
	}
	if (ndb < 0) {
		t->tag_state = SERVER_TAG_UNREADABLE;
		goto out;
	}
	/* what this role may read: only asked when it matters */
	if (ndb || client_set || want_sysid) {
		pres = run(conn, priv_query, cause);
		if (!pres)
			goto out;
		can_files = (v = value(pres, 0)) && !strcmp(v, "t");
		can_control = want_sysid && (v = value(pres, 1)) && !strcmp(v, "t");
	}
	if (!client_set && !ndb) {
		/*
		 * Nothing in pg_db_role_setting and the client sent no value:
		 * what is in effect came from the server's configuration (its
		 * files, ALTER SYSTEM), so pg_file_settings would say the same.
		 */
		if (current && *current)
			envmatch_target_add_tag(t, current, "cluster");
	} else if (can_files) {
		fres = run(conn, file_query, &err);
		if (!fres) {
			strvec_pushf(notes, "the cluster's " TAG_NAME " could not be read: %s", err);
			FREE_AND_NULL(err);
			if (!ndb)
				t->tag_state = SERVER_TAG_UNREADABLE;
		} else if ((v = value(fres, 0)) && *v) {
			envmatch_target_add_tag(t, v, "cluster");
		}
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
	PQclear(cres);
	PQclear(wres);
	PQclear(pres);
	PQclear(fres);
	PQclear(sres);
	return ret;
}
