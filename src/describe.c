/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe: the dispatch of the describe family (psql's exec_command_d,
 * exec_command_list, exec_command_z, exec_command_sf_sv) and the helpers
 * its files share (see describe.h and describe_impl.h).  The commands
 * themselves live in describe_table.c (\d NAME), describe_list.c (the
 * lists of relations, schemas, functions, types, roles, databases,
 * privileges), describe_catalog.c (the smaller catalogs), describe_misc.c
 * (SQL/MED, text search, replication, operator classes) and
 * describe_show.c (\sf, \sv).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/describe.h"
#include "safepg/describe_impl.h"
#include "safepg/exec.h"
#include "safepg/log.h"
#include "safepg/namepattern.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
#include "safepg/banned.h"

/* psql's FUNC_MAX_ARGS: \df and \do take a name and this many argument types. */
#define DESCRIBE_FUNC_MAX_ARGS 100

/* ---- helpers shared by the describe files -------------------------------- */

PGresult *describe_exec(struct session *s, const struct strbuf *buf)
{
	return exec_hidden(s, buf->buf);
}

static int client_mblen(const char *str, void *arg)
{
	const struct session *s = arg;

	return PQmblenBounded(str, PQclientEncoding(s->db));
}

static void pattern_opts(struct session *s, struct namepattern_opts *opts)
{
	opts->server_version = PQserverVersion(s->db);
	opts->mblen = client_mblen;
	opts->mblen_arg = s;
}

void describe_literal(struct session *s, struct strbuf *buf, const char *str)
{
	struct namepattern_opts opts;

	pattern_opts(s, &opts);
	namepattern_literal(buf, str, &opts);
}

int describe_pattern(struct session *s, struct strbuf *buf, const char *pattern, int have_where,
		     int force_escape, const char *schemavar, const char *namevar,
		     const char *altnamevar, const char *visibilityrule, int *added, int maxparts)
{
	struct namepattern_opts opts;
	struct strbuf db = STRBUF_INIT;
	int dots = 0, clause, ok = 0;

	pattern_opts(s, &opts);
	clause = namepattern_where(buf, pattern, have_where, force_escape, schemavar, namevar,
				   altnamevar, visibilityrule, &db, &dots, &opts);
	if (added)
		*added = clause;
	if (dots >= maxparts) {
		log_error("improper qualified name (too many dotted names): %s", pattern);
		goto done;
	}
	if (maxparts > 1 && dots == maxparts - 1) {
		const char *dbname = PQdb(s->db);

		if (!dbname) {
			log_error("You are currently not connected to a database.");
			goto done;
		}
		if (strcmp(dbname, db.buf) != 0) {
			log_error("cross-database references are not implemented: %s", pattern);
			goto done;
		}
	}
	ok = 1;
done:
	strbuf_release(&db);
	return ok;
}

void describe_print(struct session *s, const PGresult *res, const char *title)
{
	/* a shallow copy: nothing in it is released */
	struct print_query_opt opt = s->popt;

	opt.null_print = NULL;
	opt.title = (char *)title;
	opt.translate_header = 1;
	print_query(res, &opt, s->query_fout, 0, s->logfile);
}

void describe_acl_column(struct strbuf *buf, const char *colname)
{
	strbuf_addf(buf, "pg_catalog.array_to_string(%s, E'\\n') AS \"%s\"", colname,
		    "Access privileges");
}

static void format_version(struct strbuf *out, int version)
{
	if (version >= 100000)
		strbuf_addf(out, "%d.%d", version / 10000, version % 10000);
	else
		strbuf_addf(out, "%d.%d.%d", version / 10000, (version / 100) % 100,
			    version % 100);
}

void describe_unsupported(struct session *s, const char *what)
{
	struct strbuf v = STRBUF_INIT;

	format_version(&v, s->sversion);
	log_error("The server (version %s) does not support %s.", v.buf, what);
	strbuf_release(&v);
}

int describe_is_true(const char *value)
{
	return strcmp(value, "t") == 0;
}

/* ---- dispatch --------------------------------------------------------------- */

int describe_max_args(const char *cmd)
{
	if (cmd[0] == 'd') {
		/* \df and \do: the name, then argument types (exec_command_dfo) */
		if (cmd[1] == 'o' || (cmd[1] == 'f' && strchr("+Sanptw", cmd[2])))
			return 1 + DESCRIBE_FUNC_MAX_ARGS;
		if (cmd[1] == 'A' && cmd[2] != '\0' && cmd[2] != '+')
			return 2;
		if (cmd[1] == 'r' && cmd[2] == 'd' && cmd[3] == 's')
			return 2;
		return 1;
	}
	if (!strcmp(cmd, "l") || !strcmp(cmd, "list") || !strcmp(cmd, "l+") ||
	    !strcmp(cmd, "list+") || !strcmp(cmd, "z"))
		return 1;
	if (!strcmp(cmd, "sf") || !strcmp(cmd, "sf+") || !strcmp(cmd, "sv") ||
	    !strcmp(cmd, "sv+"))
		return DESCRIBE_ARGS_WHOLE_LINE;
	return 0;
}

static const char *arg_at(const char *const *args, size_t nargs, size_t i)
{
	return i < nargs ? args[i] : NULL;
}

/* psql's exec_command_d: the command name's letters choose the listing. */
static enum describe_status command_d(struct session *s, const char *cmd,
				      const char *const *args, size_t nargs)
{
	const char *pattern = arg_at(args, nargs, 0);
	int verbose = strchr(cmd, '+') != NULL;
	int show_system = strchr(cmd, 'S') != NULL;
	int ok = 1;

	switch (cmd[1]) {
	case '\0':
	case '+':
	case 'S':
		if (pattern)
			ok = describe_table_details(s, pattern, verbose, show_system);
		else
			ok = describe_list_tables(s, "tvmsE", NULL, verbose, show_system);
		break;
	case 'A': {
		const char *pattern2 = arg_at(args, nargs, 1);

		switch (cmd[2]) {
		case '\0':
		case '+':
			ok = describe_access_methods(s, pattern, verbose);
			break;
		case 'c':
			ok = describe_opclasses(s, pattern, pattern2, verbose);
			break;
		case 'f':
			ok = describe_opfamilies(s, pattern, pattern2, verbose);
			break;
		case 'o':
			ok = describe_opfamily_operators(s, pattern, pattern2, verbose);
			break;
		case 'p':
			ok = describe_opfamily_functions(s, pattern, pattern2, verbose);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	}
	case 'a':
		ok = describe_aggregates(s, pattern, verbose, show_system);
		break;
	case 'b':
		ok = describe_tablespaces(s, pattern, verbose);
		break;
	case 'c':
		if (!strncmp(cmd, "dconfig", 7))
			ok = describe_config(s, pattern, verbose, show_system);
		else
			ok = describe_conversions(s, pattern, verbose, show_system);
		break;
	case 'C':
		ok = describe_casts(s, pattern, verbose);
		break;
	case 'd':
		if (!strncmp(cmd, "ddp", 3))
			ok = describe_default_acls(s, pattern);
		else
			ok = describe_object_descriptions(s, pattern, show_system);
		break;
	case 'D':
		ok = describe_domains(s, pattern, verbose, show_system);
		break;
	case 'f':
		switch (cmd[2]) {
		case '\0':
		case '+':
		case 'S':
		case 'a':
		case 'n':
		case 'p':
		case 't':
		case 'w':
			ok = describe_functions(s, cmd + 2, pattern, nargs > 1 ? args + 1 : NULL,
						nargs > 1 ? nargs - 1 : 0, verbose, show_system);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	case 'g':
	case 'u':
		/* \dg is no longer distinct from \du */
		ok = describe_roles(s, pattern, verbose, show_system);
		break;
	case 'l':
		ok = describe_large_objects(s, verbose);
		break;
	case 'L':
		ok = describe_languages(s, pattern, verbose, show_system);
		break;
	case 'n':
		ok = describe_schemas(s, pattern, verbose, show_system);
		break;
	case 'o':
		ok = describe_operators(s, pattern, nargs > 1 ? args + 1 : NULL,
					nargs > 1 ? nargs - 1 : 0, verbose, show_system);
		break;
	case 'O':
		ok = describe_collations(s, pattern, verbose, show_system);
		break;
	case 'p':
		ok = describe_permissions(s, pattern);
		break;
	case 'P':
		switch (cmd[2]) {
		case '\0':
		case '+':
		case 't':
		case 'i':
		case 'n':
			ok = describe_list_partitioned(s, cmd + 2, pattern, verbose);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	case 'T':
		ok = describe_types(s, pattern, verbose, show_system);
		break;
	case 't':
	case 'v':
	case 'm':
	case 'i':
	case 's':
	case 'E':
		ok = describe_list_tables(s, cmd + 1, pattern, verbose, show_system);
		break;
	case 'r':
		if (cmd[2] != 'd' || cmd[3] != 's')
			return DESCRIBE_UNKNOWN;
		ok = describe_role_settings(s, pattern, arg_at(args, nargs, 1));
		break;
	case 'R':
		switch (cmd[2]) {
		case 'p':
			if (verbose)
				ok = describe_publications(s, pattern);
			else
				ok = describe_list_publications(s, pattern);
			break;
		case 's':
			ok = describe_subscriptions(s, pattern, verbose);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	case 'F':
		switch (cmd[2]) {
		case '\0':
		case '+':
			ok = describe_ts_configs(s, pattern, verbose);
			break;
		case 'p':
			ok = describe_ts_parsers(s, pattern, verbose);
			break;
		case 'd':
			ok = describe_ts_dictionaries(s, pattern, verbose);
			break;
		case 't':
			ok = describe_ts_templates(s, pattern, verbose);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	case 'e':
		switch (cmd[2]) {
		case 's':
			ok = describe_foreign_servers(s, pattern, verbose);
			break;
		case 'u':
			ok = describe_user_mappings(s, pattern, verbose);
			break;
		case 'w':
			ok = describe_fdws(s, pattern, verbose);
			break;
		case 't':
			ok = describe_foreign_tables(s, pattern, verbose);
			break;
		default:
			return DESCRIBE_UNKNOWN;
		}
		break;
	case 'x':
		if (verbose)
			ok = describe_extension_contents(s, pattern);
		else
			ok = describe_extensions(s, pattern);
		break;
	case 'X':
		ok = describe_extended_stats(s, pattern);
		break;
	case 'y':
		ok = describe_event_triggers(s, pattern, verbose);
		break;
	default:
		return DESCRIBE_UNKNOWN;
	}
	return ok ? DESCRIBE_OK : DESCRIBE_ERROR;
}

enum describe_status describe_command(struct session *s, const char *cmd,
				      const char *const *args, size_t nargs)
{
	const char *arg = arg_at(args, nargs, 0);
	int ok;

	if (!describe_max_args(cmd))
		return DESCRIBE_UNKNOWN;
	if (!s->db) {
		/* psql's PSQLexec says so when there is no connection */
		log_error("You are currently not connected to a database.");
		return DESCRIBE_ERROR;
	}
	if (s->sversion < 100000) {
		struct strbuf v = STRBUF_INIT;

		format_version(&v, s->sversion);
		log_error("\\%s: server version %s is not supported", cmd, v.buf);
		log_error_hint("safepg describes servers of PostgreSQL 10 and later.");
		strbuf_release(&v);
		return DESCRIBE_ERROR;
	}
	if (cmd[0] == 'd')
		return command_d(s, cmd, args, nargs);
	if (cmd[0] == 'l')
		ok = describe_databases(s, arg, strchr(cmd, '+') != NULL);
	else if (cmd[0] == 'z')
		ok = describe_permissions(s, arg);
	else
		ok = describe_show_function(s, arg, cmd[1] == 'f', strchr(cmd, '+') != NULL);
	return ok ? DESCRIBE_OK : DESCRIBE_ERROR;
}
