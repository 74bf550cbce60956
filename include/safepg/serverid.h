/* SPDX-License-Identifier: PostgreSQL */
/*
 * serverid: what a connected server says about itself, asked right after
 * connecting: the safepg.environment setting that the database, the role
 * (ALTER ROLE, ALTER ROLE ... IN DATABASE, ALTER ROLE ALL) or the cluster
 * (postgresql.conf, ALTER SYSTEM) sets -- never a value the client supplied
 * itself through PGOPTIONS or options=, which would let whoever starts
 * safepg pick a laxer environment -- and, when the role may read it, the
 * cluster's system identifier (pg_control_system()).
 *
 * The database and role settings come from pg_db_role_setting, which
 * every role can read.  Every level that sets a value counts, not only the
 * one PostgreSQL applies: a user who may ALTER ROLE itself must not hide
 * the database's tag behind a laxer one of the role's.  The
 * cluster's setting is not in pg_settings (safepg.environment is a
 * placeholder variable, which pg_settings hides): it comes from
 * pg_file_settings when the role may read that view, else from
 * current_setting() when the options the client sent (PQoptions) do not
 * mention safepg.environment and no database or role sets it.
 *
 * Effects: libpq queries on the caller's connection.  Matching the answer
 * against the profile is envmatch.h.
 */
#ifndef SAFEPG_SERVERID_H
#define SAFEPG_SERVERID_H

#include <libpq-fe.h>

#include "safepg/envmatch.h"
#include "safepg/strvec.h"

/*
 * 1 when the libpq options string opts (PQoptions: "-c name=value ...",
 * with backslash escapes) assigns safepg.environment in any spelling.
 */
int serverid_options_set_tag(const char *opts);

/*
 * Ask the server on conn (connected, idle, not in a transaction) and fill
 * the server side of *t: tag_state, the tags with their sources
 * ("database and role", "role", "database", "all roles", "cluster"; the one
 * in effect by PostgreSQL's precedence in server_tag, the others in
 * extra_tags) and system_identifier (0 when not readable, or not asked
 * for: want_sysid 0, when no profile matches on it).  Also sets the hostaddr of the
 * host actually connected to when t has none for it (PQhostaddr), so CIDR
 * blocks match a connection made by name.  Lines for the user about what
 * was ignored or could not be read are appended to *notes.
 *
 * Returns 0; -1 with *cause (allocated) when the main query failed (then
 * t->tag_state is SERVER_TAG_UNREADABLE).  Runs only read-only catalog
 * queries, outside any transaction.
 */
int serverid_query(PGconn *conn, struct target *t, struct strvec *notes, int want_sysid,
		   char **cause);

#endif
