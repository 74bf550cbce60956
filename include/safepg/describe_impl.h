/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_impl: what the describe_*.c files share (not for other
 * modules): running a catalog query, printing a list with a title, the
 * pattern clauses with psql's error messages, and the \d... entry points
 * each file provides to describe.c's dispatch.  Every entry point returns 1
 * on success, 0 after printing an error (psql's bool).
 */
#ifndef SAFEPG_DESCRIBE_IMPL_H
#define SAFEPG_DESCRIBE_IMPL_H

#include <stddef.h>

#include <libpq-fe.h>

#include "safepg/strbuf.h"

struct session;

/* psql's RELKIND_* letters. */
#define RELKIND_RELATION 'r'
#define RELKIND_INDEX 'i'
#define RELKIND_SEQUENCE 'S'
#define RELKIND_TOASTVALUE 't'
#define RELKIND_VIEW 'v'
#define RELKIND_MATVIEW 'm'
#define RELKIND_COMPOSITE_TYPE 'c'
#define RELKIND_FOREIGN_TABLE 'f'
#define RELKIND_PARTITIONED_TABLE 'p'
#define RELKIND_PARTITIONED_INDEX 'I'

/* exec_hidden(s, buf->buf): the result or NULL after an error was printed. */
PGresult *describe_exec(struct session *s, const struct strbuf *buf);

/*
 * psql's validateSQLNamePattern: the pattern's clauses appended to buf;
 * more than maxparts - 1 dots, or a database part naming another
 * database, is reported and returns 0.  *added (may be NULL) says whether
 * a clause was added.
 */
int describe_pattern(struct session *s, struct strbuf *buf, const char *pattern, int have_where,
		     int force_escape, const char *schemavar, const char *namevar,
		     const char *altnamevar, const char *visibilityrule, int *added, int maxparts);

/* Append pattern as a literal the way psql's appendStringLiteralConn does. */
void describe_literal(struct session *s, struct strbuf *buf, const char *str);

/* printQuery of res with the session's settings, no null display, and title. */
void describe_print(struct session *s, const PGresult *res, const char *title);

/* psql's printACLColumn: the "Access privileges" column of colname. */
void describe_acl_column(struct strbuf *buf, const char *colname);

/* "The server (version X) does not support WHAT." as psql reports it. */
void describe_unsupported(struct session *s, const char *what);

/* A value is the boolean true as the server prints it. */
int describe_is_true(const char *value);

/* describe_table.c: \d with a pattern (psql's describeTableDetails). */
int describe_table_details(struct session *s, const char *pattern, int verbose, int show_system);

/* describe_list.c and friends: the list commands. */
int describe_list_tables(struct session *s, const char *tabtypes, const char *pattern,
			 int verbose, int show_system);
int describe_list_partitioned(struct session *s, const char *reltypes, const char *pattern,
			      int verbose);
int describe_schemas(struct session *s, const char *pattern, int verbose, int show_system);
int describe_functions(struct session *s, const char *functypes, const char *pattern,
		       const char *const *arg_patterns, size_t nargs, int verbose, int show_system);
int describe_operators(struct session *s, const char *pattern, const char *const *arg_patterns,
		       size_t nargs, int verbose, int show_system);
int describe_types(struct session *s, const char *pattern, int verbose, int show_system);
int describe_roles(struct session *s, const char *pattern, int verbose, int show_system);
int describe_role_settings(struct session *s, const char *pattern, const char *pattern2);
int describe_databases(struct session *s, const char *pattern, int verbose);
int describe_permissions(struct session *s, const char *pattern);
int describe_default_acls(struct session *s, const char *pattern);
int describe_object_descriptions(struct session *s, const char *pattern, int show_system);
int describe_extensions(struct session *s, const char *pattern);
int describe_extension_contents(struct session *s, const char *pattern);
int describe_aggregates(struct session *s, const char *pattern, int verbose, int show_system);
int describe_tablespaces(struct session *s, const char *pattern, int verbose);
int describe_domains(struct session *s, const char *pattern, int verbose, int show_system);
int describe_conversions(struct session *s, const char *pattern, int verbose, int show_system);
int describe_config(struct session *s, const char *pattern, int verbose, int show_system);
int describe_casts(struct session *s, const char *pattern, int verbose);
int describe_collations(struct session *s, const char *pattern, int verbose, int show_system);
int describe_languages(struct session *s, const char *pattern, int verbose, int show_system);
int describe_event_triggers(struct session *s, const char *pattern, int verbose);
int describe_extended_stats(struct session *s, const char *pattern);
int describe_large_objects(struct session *s, int verbose);

/* describe_misc.c */
int describe_access_methods(struct session *s, const char *pattern, int verbose);
int describe_opclasses(struct session *s, const char *am_pattern, const char *type_pattern,
		       int verbose);
int describe_opfamilies(struct session *s, const char *am_pattern, const char *type_pattern,
			int verbose);
int describe_opfamily_operators(struct session *s, const char *am_pattern,
				const char *family_pattern, int verbose);
int describe_opfamily_functions(struct session *s, const char *am_pattern,
				const char *family_pattern, int verbose);
int describe_list_publications(struct session *s, const char *pattern);
int describe_publications(struct session *s, const char *pattern);
int describe_subscriptions(struct session *s, const char *pattern, int verbose);
int describe_ts_configs(struct session *s, const char *pattern, int verbose);
int describe_ts_parsers(struct session *s, const char *pattern, int verbose);
int describe_ts_dictionaries(struct session *s, const char *pattern, int verbose);
int describe_ts_templates(struct session *s, const char *pattern, int verbose);
int describe_foreign_servers(struct session *s, const char *pattern, int verbose);
int describe_user_mappings(struct session *s, const char *pattern, int verbose);
int describe_fdws(struct session *s, const char *pattern, int verbose);
int describe_foreign_tables(struct session *s, const char *pattern, int verbose);

/* describe_show.c: \sf and \sv (is_func: \sf), the whole line as desc. */
int describe_show_function(struct session *s, const char *desc, int is_func, int numbers);

#endif
