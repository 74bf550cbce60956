/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgfunc: the curated table of volatile functions and the lookup over it and
 * the generated table of non-volatile pg_catalog functions.  See pgfunc.h.
 *
 * Every VOLATILE pg_catalog function of PostgreSQL 15 that a person could
 * call on purpose is decided here; what is missing (trigger functions,
 * index access method handlers, binary-upgrade internals) stays unknown.
 * The rule of thumb: read when it changes nothing that outlives the call
 * (a clock, a sleep, a lock released at transaction end, reading a file);
 * write when it changes state in a bounded, expected way; destructive when
 * it throws away something another party relies on (a session, a slot,
 * a large object, statistics, a server file); catastrophic when it changes
 * the whole cluster's role (pg_promote).
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/pgfunc.h"
#include "safepg/banned.h"

#define R CLASS_READ
#define W CLASS_WRITE
#define U CLASS_UNKNOWN
#define D CLASS_DESTRUCTIVE
#define C CLASS_CATASTROPHIC

/* Sorted by strcmp (uppercase sorts before lowercase; '_' after letters A-Z). */
static const struct pgfunc_info curated[] = {
	{ "amvalidate", R, 0, NULL },
	{ "bernoulli", R, 0, NULL },
	{ "brin_desummarize_range", W, 0, "brin_desummarize_range() changes a BRIN index" },
	{ "brin_summarize_new_values", W, 0, "brin_summarize_new_values() changes a BRIN index" },
	{ "brin_summarize_range", W, 0, "brin_summarize_range() changes a BRIN index" },
	{ "clock_timestamp", R, 0, NULL },
	{ "current_query", R, 0, NULL },
	{ "currtid2", R, 0, NULL },
	{ "currval", R, PGFUNC_OBJECT_ARG0, NULL },
	{ "cursor_to_xml", R, 0, NULL },
	{ "cursor_to_xmlschema", R, 0, NULL },
	{ "dblink", U, PGFUNC_ANY_SCHEMA | PGFUNC_SQL_ANY,
	  "dblink() runs SQL on another server" },
	{ "dblink_exec", U, PGFUNC_ANY_SCHEMA | PGFUNC_SQL_ANY,
	  "dblink_exec() runs SQL on another server" },
	{ "dblink_open", U, PGFUNC_ANY_SCHEMA | PGFUNC_SQL_ANY,
	  "dblink_open() runs SQL on another server" },
	{ "dblink_send_query", U, PGFUNC_ANY_SCHEMA | PGFUNC_SQL_ANY,
	  "dblink_send_query() runs SQL on another server" },
	{ "gen_random_uuid", R, 0, NULL },
	{ "gin_clean_pending_list", W, 0, "gin_clean_pending_list() changes a GIN index" },
	{ "lastval", R, 0, NULL },
	{ "lo_close", R, 0, NULL },
	{ "lo_creat", W, 0, "lo_creat() creates a large object" },
	{ "lo_create", W, 0, "lo_create() creates a large object" },
	{ "lo_export", D, 0, "lo_export() writes a file on the database server, overwriting it" },
	{ "lo_from_bytea", W, 0, "lo_from_bytea() creates a large object" },
	{ "lo_get", R, 0, NULL },
	{ "lo_import", W, 0, "lo_import() creates a large object from a file on the database server" },
	{ "lo_lseek", R, 0, NULL },
	{ "lo_lseek64", R, 0, NULL },
	{ "lo_open", R, 0, NULL },
	{ "lo_put", W, 0, "lo_put() writes into a large object" },
	{ "lo_tell", R, 0, NULL },
	{ "lo_tell64", R, 0, NULL },
	{ "lo_truncate", D, 0, "lo_truncate() cuts off the end of a large object" },
	{ "lo_truncate64", D, 0, "lo_truncate64() cuts off the end of a large object" },
	{ "lo_unlink", D, 0, "lo_unlink() deletes a large object" },
	{ "loread", R, 0, NULL },
	{ "lowrite", W, 0, "lowrite() writes into a large object" },
	{ "nextval", W, PGFUNC_OBJECT_ARG0, "nextval() advances a sequence" },
	{ "pg_advisory_lock", R, 0, NULL },
	{ "pg_advisory_lock_shared", R, 0, NULL },
	{ "pg_advisory_unlock", R, 0, NULL },
	{ "pg_advisory_unlock_all", R, 0, NULL },
	{ "pg_advisory_unlock_shared", R, 0, NULL },
	{ "pg_advisory_xact_lock", R, 0, NULL },
	{ "pg_advisory_xact_lock_shared", R, 0, NULL },
	{ "pg_backup_start", W, 0, "pg_backup_start() starts an online backup" },
	{ "pg_backup_stop", W, 0, "pg_backup_stop() ends an online backup" },
	{ "pg_blocking_pids", R, 0, NULL },
	{ "pg_cancel_backend", D, 0,
	  "pg_cancel_backend() cancels another session's query, failing its transaction" },
	{ "pg_collation_actual_version", R, 0, NULL },
	{ "pg_control_checkpoint", R, 0, NULL },
	{ "pg_control_init", R, 0, NULL },
	{ "pg_control_recovery", R, 0, NULL },
	{ "pg_control_system", R, 0, NULL },
	{ "pg_copy_logical_replication_slot", W, 0,
	  "pg_copy_logical_replication_slot() creates a replication slot, which holds WAL on the server" },
	{ "pg_copy_physical_replication_slot", W, 0,
	  "pg_copy_physical_replication_slot() creates a replication slot, which holds WAL on the server" },
	{ "pg_create_logical_replication_slot", W, 0,
	  "pg_create_logical_replication_slot() creates a replication slot, which holds WAL on the server" },
	{ "pg_create_physical_replication_slot", W, 0,
	  "pg_create_physical_replication_slot() creates a replication slot, which holds WAL on the server" },
	{ "pg_create_restore_point", W, 0, "pg_create_restore_point() writes a restore point into the WAL" },
	{ "pg_current_logfile", R, 0, NULL },
	{ "pg_current_wal_flush_lsn", R, 0, NULL },
	{ "pg_current_wal_insert_lsn", R, 0, NULL },
	{ "pg_current_wal_lsn", R, 0, NULL },
	{ "pg_database_collation_actual_version", R, 0, NULL },
	{ "pg_database_size", R, 0, NULL },
	{ "pg_drop_replication_slot", D, 0,
	  "pg_drop_replication_slot() drops a replication slot: its consumer loses its place" },
	{ "pg_export_snapshot", R, 0, NULL },
	{ "pg_extension_config_dump", W, 0, "pg_extension_config_dump() changes an extension's dump configuration" },
	{ "pg_file_rename", D, PGFUNC_ANY_SCHEMA, "pg_file_rename() renames a file on the database server" },
	{ "pg_file_sync", W, PGFUNC_ANY_SCHEMA, "pg_file_sync() flushes a file on the database server" },
	{ "pg_file_unlink", D, PGFUNC_ANY_SCHEMA, "pg_file_unlink() deletes a file on the database server" },
	{ "pg_file_write", D, PGFUNC_ANY_SCHEMA, "pg_file_write() writes a file on the database server" },
	{ "pg_get_backend_memory_contexts", R, 0, NULL },
	{ "pg_get_multixact_members", R, 0, NULL },
	{ "pg_get_shmem_allocations", R, 0, NULL },
	{ "pg_get_wal_replay_pause_state", R, 0, NULL },
	{ "pg_get_wal_resource_managers", R, 0, NULL },
	{ "pg_hba_file_rules", R, 0, NULL },
	{ "pg_ident_file_mappings", R, 0, NULL },
	{ "pg_import_system_collations", W, 0, "pg_import_system_collations() creates collations" },
	{ "pg_indexes_size", R, 0, NULL },
	{ "pg_is_in_recovery", R, 0, NULL },
	{ "pg_is_wal_replay_paused", R, 0, NULL },
	{ "pg_isolation_test_session_is_blocked", R, 0, NULL },
	{ "pg_jit_available", R, 0, NULL },
	{ "pg_last_committed_xact", R, 0, NULL },
	{ "pg_last_wal_receive_lsn", R, 0, NULL },
	{ "pg_last_wal_replay_lsn", R, 0, NULL },
	{ "pg_last_xact_replay_timestamp", R, 0, NULL },
	{ "pg_lock_status", R, 0, NULL },
	{ "pg_log_backend_memory_contexts", R, 0, NULL },
	{ "pg_logdir_ls", R, PGFUNC_ANY_SCHEMA, NULL },
	{ "pg_logical_emit_message", W, 0, "pg_logical_emit_message() writes a message into the WAL" },
	{ "pg_logical_slot_get_binary_changes", D, 0,
	  "pg_logical_slot_get_binary_changes() consumes a replication slot's changes: its subscriber will not see them" },
	{ "pg_logical_slot_get_changes", D, 0,
	  "pg_logical_slot_get_changes() consumes a replication slot's changes: its subscriber will not see them" },
	{ "pg_logical_slot_peek_binary_changes", R, 0, NULL },
	{ "pg_logical_slot_peek_changes", R, 0, NULL },
	{ "pg_ls_archive_statusdir", R, 0, NULL },
	{ "pg_ls_dir", R, 0, NULL },
	{ "pg_ls_logdir", R, 0, NULL },
	{ "pg_ls_logicalmapdir", R, 0, NULL },
	{ "pg_ls_logicalsnapdir", R, 0, NULL },
	{ "pg_ls_replslotdir", R, 0, NULL },
	{ "pg_ls_tmpdir", R, 0, NULL },
	{ "pg_ls_waldir", R, 0, NULL },
	{ "pg_nextoid", W, 0, "pg_nextoid() advances the OID counter" },
	{ "pg_notification_queue_usage", R, 0, NULL },
	{ "pg_notify", W, 0, "pg_notify() sends a notification that listening applications act on" },
	{ "pg_partition_ancestors", R, 0, NULL },
	{ "pg_partition_tree", R, 0, NULL },
	{ "pg_prepared_xact", R, 0, NULL },
	{ "pg_promote", C, 0,
	  "pg_promote() turns a standby into a primary: the cluster's replication splits" },
	{ "pg_read_binary_file", R, 0, NULL },
	{ "pg_read_file", R, 0, NULL },
	{ "pg_read_file_old", R, 0, NULL },
	{ "pg_relation_size", R, 0, NULL },
	{ "pg_reload_conf", W, 0, "pg_reload_conf() makes the whole server reload its configuration files" },
	{ "pg_replication_origin_advance", D, 0,
	  "pg_replication_origin_advance() moves a replication origin: changes before it are skipped" },
	{ "pg_replication_origin_create", W, 0, "pg_replication_origin_create() creates a replication origin" },
	{ "pg_replication_origin_drop", D, 0, "pg_replication_origin_drop() drops a replication origin" },
	{ "pg_replication_origin_progress", R, 0, NULL },
	{ "pg_replication_origin_session_is_setup", R, 0, NULL },
	{ "pg_replication_origin_session_progress", R, 0, NULL },
	{ "pg_replication_origin_session_reset", W, 0,
	  "pg_replication_origin_session_reset() changes how this session's changes replicate" },
	{ "pg_replication_origin_session_setup", W, 0,
	  "pg_replication_origin_session_setup() changes how this session's changes replicate" },
	{ "pg_replication_origin_xact_reset", W, 0,
	  "pg_replication_origin_xact_reset() changes how this transaction replicates" },
	{ "pg_replication_origin_xact_setup", W, 0,
	  "pg_replication_origin_xact_setup() changes how this transaction replicates" },
	{ "pg_replication_slot_advance", D, 0,
	  "pg_replication_slot_advance() skips a replication slot's changes: its consumer will not see them" },
	{ "pg_rotate_logfile", W, 0, "pg_rotate_logfile() switches the server to a new log file" },
	{ "pg_rotate_logfile_old", W, 0, "pg_rotate_logfile_old() switches the server to a new log file" },
	{ "pg_safe_snapshot_blocking_pids", R, 0, NULL },
	{ "pg_sequence_last_value", R, 0, NULL },
	{ "pg_show_all_file_settings", R, 0, NULL },
	{ "pg_show_replication_origin_status", R, 0, NULL },
	{ "pg_sleep", R, 0, NULL },
	{ "pg_sleep_for", R, 0, NULL },
	{ "pg_sleep_until", R, 0, NULL },
	{ "pg_stat_clear_snapshot", R, 0, NULL },
	{ "pg_stat_file", R, 0, NULL },
	{ "pg_stat_force_next_flush", R, 0, NULL },
	{ "pg_stat_get_recovery_prefetch", R, 0, NULL },
	{ "pg_stat_get_xact_blocks_fetched", R, 0, NULL },
	{ "pg_stat_get_xact_blocks_hit", R, 0, NULL },
	{ "pg_stat_get_xact_function_calls", R, 0, NULL },
	{ "pg_stat_get_xact_function_self_time", R, 0, NULL },
	{ "pg_stat_get_xact_function_total_time", R, 0, NULL },
	{ "pg_stat_get_xact_numscans", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_deleted", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_fetched", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_hot_updated", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_inserted", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_returned", R, 0, NULL },
	{ "pg_stat_get_xact_tuples_updated", R, 0, NULL },
	{ "pg_stat_have_stats", R, 0, NULL },
	{ "pg_stat_reset", D, 0, "pg_stat_reset() throws away the database's collected statistics" },
	{ "pg_stat_reset_replication_slot", D, 0,
	  "pg_stat_reset_replication_slot() throws away collected statistics" },
	{ "pg_stat_reset_shared", D, 0, "pg_stat_reset_shared() throws away cluster-wide statistics" },
	{ "pg_stat_reset_single_function_counters", D, 0,
	  "pg_stat_reset_single_function_counters() throws away collected statistics" },
	{ "pg_stat_reset_single_table_counters", D, 0,
	  "pg_stat_reset_single_table_counters() throws away collected statistics" },
	{ "pg_stat_reset_slru", D, 0, "pg_stat_reset_slru() throws away collected statistics" },
	{ "pg_stat_reset_subscription_stats", D, 0,
	  "pg_stat_reset_subscription_stats() throws away collected statistics" },
	{ "pg_stat_statements_reset", D, PGFUNC_ANY_SCHEMA,
	  "pg_stat_statements_reset() throws away the collected query statistics" },
	{ "pg_switch_wal", W, 0, "pg_switch_wal() forces a switch to a new WAL file" },
	{ "pg_table_size", R, 0, NULL },
	{ "pg_tablespace_size", R, 0, NULL },
	{ "pg_terminate_backend", D, 0,
	  "pg_terminate_backend() ends another session, rolling back its transaction" },
	{ "pg_total_relation_size", R, 0, NULL },
	{ "pg_try_advisory_lock", R, 0, NULL },
	{ "pg_try_advisory_lock_shared", R, 0, NULL },
	{ "pg_try_advisory_xact_lock", R, 0, NULL },
	{ "pg_try_advisory_xact_lock_shared", R, 0, NULL },
	{ "pg_wal_replay_pause", W, 0, "pg_wal_replay_pause() pauses recovery on a standby" },
	{ "pg_wal_replay_resume", W, 0, "pg_wal_replay_resume() resumes recovery on a standby" },
	{ "pg_xact_commit_timestamp", R, 0, NULL },
	{ "pg_xact_commit_timestamp_origin", R, 0, NULL },
	{ "pg_xact_status", R, 0, NULL },
	{ "query_to_xml", R, PGFUNC_SQL_ARG0, NULL },
	{ "query_to_xml_and_xmlschema", R, PGFUNC_SQL_ARG0, NULL },
	{ "query_to_xmlschema", R, PGFUNC_SQL_ARG0, NULL },
	{ "random", R, 0, NULL },
	{ "set_config", R, PGFUNC_SET_CONFIG, NULL },
	{ "setseed", R, 0, NULL },
	{ "setval", W, PGFUNC_OBJECT_ARG0, "setval() sets the position of a sequence" },
	{ "system", R, 0, NULL },
	{ "timeofday", R, 0, NULL },
	{ "ts_rewrite", R, PGFUNC_SQL_ARG1, NULL },
	{ "ts_stat", R, PGFUNC_SQL_ARG0, NULL },
	{ "txid_status", R, 0, NULL },
};

static const struct pgfunc_info builtin_read = { "(built-in)", CLASS_READ, 0, NULL };

static int cmp_curated(const void *key, const void *elem)
{
	return strcmp(key, ((const struct pgfunc_info *)elem)->name);
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int pgfunc_is_builtin_stable(const char *name)
{
	return bsearch(name, pgfunc_builtin_names, pgfunc_builtin_count,
		       sizeof(pgfunc_builtin_names[0]), cmp_name) != NULL;
}

const struct pgfunc_info *pgfunc_lookup(const char *schema, const char *name)
{
	const struct pgfunc_info *f;
	int catalog = !schema || !strcmp(schema, "pg_catalog");

	f = bsearch(name, curated, sizeof(curated) / sizeof(curated[0]), sizeof(curated[0]),
		    cmp_curated);
	if (f && (catalog || (f->flags & PGFUNC_ANY_SCHEMA)))
		return f;
	/*
	 * Any schema but pg_catalog holds user functions: public.now() is not
	 * pg_catalog.now().
	 */
	if (catalog && pgfunc_is_builtin_stable(name))
		return &builtin_read;
	return NULL;
}

const struct pgfunc_info *pgfunc_curated(size_t *count)
{
	*count = sizeof(curated) / sizeof(curated[0]);
	return curated;
}
