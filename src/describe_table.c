/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_table: `\d NAME` and `\d+ NAME`, psql's describeTableDetails and
 * describeOneTableDetails — the columns of a table, view, index, sequence,
 * composite type or foreign table, and every footer psql prints under
 * them (indexes, constraints, references, policies, statistics, rules,
 * publications, view definition, triggers, inheritance, partitions,
 * tablespace, access method, options), each from psql's own query.  The
 * table is built by hand (print_table_*) because no single query gives it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/sig.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* What the first query says about the relation. */
struct table_info {
	int checks;
	char relkind;
	int hasindex;
	int hasrules;
	int hastriggers;
	int rowsecurity;
	int forcerowsecurity;
	int hasoids;
	int ispartition;
	Oid tablespace;
	char *reloptions;	/* owned */
	char *reloftype;	/* owned, NULL when not a typed table */
	char relpersistence;
	char relreplident;
	char *relam;		/* owned, may be NULL */
};

/* One `\d` being printed: the session, the relation, the table, buffers. */
struct table_ctx {
	struct session *s;
	const char *schemaname;
	const char *relname;
	const char *oid;
	int verbose;
	struct table_info info;
	struct print_table cont;
	struct strbuf buf;	/* queries and footers */
};

static int is_true_at(const PGresult *res, int row, int col)
{
	return describe_is_true(PQgetvalue(res, row, col));
}

static PGresult *run(struct table_ctx *t)
{
	return describe_exec(t->s, &t->buf);
}

/*
 * psql's add_tablespace_footer: a non-default tablespace as its own footer
 * (newline) or appended to the last footer (an index line).
 */
static void add_tablespace_footer(struct table_ctx *t, char relkind, Oid tablespace,
				  int newline)
{
	struct strbuf q = STRBUF_INIT;
	PGresult *res;

	if (!strchr("rmipIt", relkind) || tablespace == 0)
		return;
	strbuf_addf(&q, "SELECT spcname FROM pg_catalog.pg_tablespace\nWHERE oid = '%u';",
		    tablespace);
	res = describe_exec(t->s, &q);
	strbuf_reset(&q);
	if (res && PQntuples(res) > 0) {
		if (newline) {
			strbuf_addf(&q, "Tablespace: \"%s\"", PQgetvalue(res, 0, 0));
			print_table_add_footer(&t->cont, q.buf);
		} else {
			if (t->cont.last_footer)
				strbuf_addstr(&q, t->cont.last_footer->data);
			strbuf_addf(&q, ", tablespace \"%s\"", PQgetvalue(res, 0, 0));
			print_table_set_footer(&t->cont, q.buf);
		}
	}
	PQclear(res);
	strbuf_release(&q);
}

static int fetch_table_info(struct table_ctx *t)
{
	struct table_info *ti = &t->info;
	PGresult *res;
	const char *reloptions = t->verbose
		? "pg_catalog.array_to_string(c.reloptions || "
		  "array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')\n"
		: "''";

	strbuf_reset(&t->buf);
	if (t->s->sversion >= 120000)
		strbuf_addf(&t->buf,
			    "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, "
			    "c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, "
			    "false AS relhasoids, c.relispartition, %s, c.reltablespace, "
			    "CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, "
			    "c.relpersistence, c.relreplident, am.amname\n"
			    "FROM pg_catalog.pg_class c\n "
			    "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\n"
			    "LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\n"
			    "WHERE c.oid = '%s';",
			    reloptions, t->oid);
	else
		strbuf_addf(&t->buf,
			    "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, "
			    "c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, "
			    "c.relhasoids, c.relispartition, %s, c.reltablespace, "
			    "CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, "
			    "c.relpersistence, c.relreplident\n"
			    "FROM pg_catalog.pg_class c\n "
			    "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\n"
			    "WHERE c.oid = '%s';",
			    reloptions, t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) == 0) {
		if (!t->s->quiet)
			log_error("Did not find any relation with OID %s.", t->oid);
		PQclear(res);
		return 0;
	}
	ti->checks = atoi(PQgetvalue(res, 0, 0));
	ti->relkind = *PQgetvalue(res, 0, 1);
	ti->hasindex = is_true_at(res, 0, 2);
	ti->hasrules = is_true_at(res, 0, 3);
	ti->hastriggers = is_true_at(res, 0, 4);
	ti->rowsecurity = is_true_at(res, 0, 5);
	ti->forcerowsecurity = is_true_at(res, 0, 6);
	ti->hasoids = is_true_at(res, 0, 7);
	ti->ispartition = is_true_at(res, 0, 8);
	ti->reloptions = xstrdup(PQgetvalue(res, 0, 9));
	ti->tablespace = (Oid)strtoul(PQgetvalue(res, 0, 10), NULL, 10);
	ti->reloftype = *PQgetvalue(res, 0, 11) ? xstrdup(PQgetvalue(res, 0, 11)) : NULL;
	ti->relpersistence = *PQgetvalue(res, 0, 12);
	ti->relreplident = *PQgetvalue(res, 0, 13);
	ti->relam = NULL;
	if (t->s->sversion >= 120000 && !PQgetisnull(res, 0, 14))
		ti->relam = xstrdup(PQgetvalue(res, 0, 14));
	PQclear(res);
	return 1;
}

/* A sequence is a one-row query result with its owner as footer. */
static int describe_sequence(struct table_ctx *t)
{
	struct print_query_opt opt = t->s->popt;
	struct strbuf title = STRBUF_INIT;
	char *footers[2] = { NULL, NULL };
	PGresult *res = NULL, *owner = NULL;
	int ok = 0;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT pg_catalog.format_type(seqtypid, NULL) AS \"%s\",\n"
		    "       seqstart AS \"%s\",\n"
		    "       seqmin AS \"%s\",\n"
		    "       seqmax AS \"%s\",\n"
		    "       seqincrement AS \"%s\",\n"
		    "       CASE WHEN seqcycle THEN '%s' ELSE '%s' END AS \"%s\",\n"
		    "       seqcache AS \"%s\"\n",
		    "Type", "Start", "Minimum", "Maximum", "Increment", "yes", "no", "Cycles?",
		    "Cache");
	strbuf_addf(&t->buf, "FROM pg_catalog.pg_sequence\nWHERE seqrelid = '%s';", t->oid);
	res = run(t);
	if (!res)
		goto done;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT pg_catalog.quote_ident(nspname) || '.' ||"
		    "\n   pg_catalog.quote_ident(relname) || '.' ||"
		    "\n   pg_catalog.quote_ident(attname),"
		    "\n   d.deptype"
		    "\nFROM pg_catalog.pg_class c"
		    "\nINNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid"
		    "\nINNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace"
		    "\nINNER JOIN pg_catalog.pg_attribute a ON ("
		    "\n a.attrelid=c.oid AND"
		    "\n a.attnum=d.refobjsubid)"
		    "\nWHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass"
		    "\n AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass"
		    "\n AND d.objid='%s'"
		    "\n AND d.deptype IN ('a', 'i')",
		    t->oid);
	owner = run(t);
	if (!owner)
		goto done;
	/* none: nothing to say; more than one should not happen: say nothing */
	if (PQntuples(owner) == 1) {
		if (PQgetvalue(owner, 0, 1)[0] == 'a')
			footers[0] = xasprintf("Owned by: %s", PQgetvalue(owner, 0, 0));
		else if (PQgetvalue(owner, 0, 1)[0] == 'i')
			footers[0] = xasprintf("Sequence for identity column: %s",
					       PQgetvalue(owner, 0, 0));
	}
	if (t->info.relpersistence == 'u')
		strbuf_addf(&title, "Unlogged sequence \"%s.%s\"", t->schemaname, t->relname);
	else
		strbuf_addf(&title, "Sequence \"%s.%s\"", t->schemaname, t->relname);
	opt.footers = footers;
	opt.topt.default_footer = 0;
	opt.title = title.buf;
	opt.translate_header = 1;
	print_query(res, &opt, t->s->query_fout, 0, t->s->logfile);
	ok = 1;
done:
	free(footers[0]);
	PQclear(res);
	PQclear(owner);
	strbuf_release(&title);
	return ok;
}

static void make_title(struct table_ctx *t, struct strbuf *title)
{
	const char *kind;
	int unlogged = t->info.relpersistence == 'u';

	switch (t->info.relkind) {
	case RELKIND_RELATION:
		kind = unlogged ? "Unlogged table" : "Table";
		break;
	case RELKIND_VIEW:
		kind = "View";
		break;
	case RELKIND_MATVIEW:
		kind = unlogged ? "Unlogged materialized view" : "Materialized view";
		break;
	case RELKIND_INDEX:
		kind = unlogged ? "Unlogged index" : "Index";
		break;
	case RELKIND_PARTITIONED_INDEX:
		kind = unlogged ? "Unlogged partitioned index" : "Partitioned index";
		break;
	case RELKIND_TOASTVALUE:
		kind = "TOAST table";
		break;
	case RELKIND_COMPOSITE_TYPE:
		kind = "Composite type";
		break;
	case RELKIND_FOREIGN_TABLE:
		kind = "Foreign table";
		break;
	case RELKIND_PARTITIONED_TABLE:
		kind = unlogged ? "Unlogged partitioned table" : "Partitioned table";
		break;
	default:
		strbuf_addf(title, "?%c? \"%s.%s\"", t->info.relkind, t->schemaname,
			    t->relname);
		return;
	}
	strbuf_addf(title, "%s \"%s.%s\"", kind, t->schemaname, t->relname);
}

/* Column numbers in the per-column result; -1 for a column not fetched. */
struct column_cols {
	int name, type, def, notnull, coll, identity, generated, iskey, indexdef, fdwopts,
	    storage, compression, stattarget, descr;
};

static PGresult *fetch_columns(struct table_ctx *t, int details, struct column_cols *c)
{
	char kind = t->info.relkind;
	int n = 0;

	memset(c, -1, sizeof(*c));
	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf, "SELECT a.attname");
	c->name = n++;
	strbuf_addstr(&t->buf, ",\n  pg_catalog.format_type(a.atttypid, a.atttypmod)");
	c->type = n++;
	if (details) {
		/* "pretty" mode avoids excessive parentheses */
		strbuf_addstr(&t->buf,
			      ",\n  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)"
			      "\n   FROM pg_catalog.pg_attrdef d"
			      "\n   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef)"
			      ",\n  a.attnotnull");
		c->def = n++;
		c->notnull = n++;
		strbuf_addstr(&t->buf,
			      ",\n  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n"
			      "   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation");
		c->coll = n++;
		strbuf_addstr(&t->buf, ",\n  a.attidentity");
		c->identity = n++;
		if (t->s->sversion >= 120000)
			strbuf_addstr(&t->buf, ",\n  a.attgenerated");
		else
			strbuf_addstr(&t->buf, ",\n  ''::pg_catalog.char AS attgenerated");
		c->generated = n++;
	}
	if (kind == RELKIND_INDEX || kind == RELKIND_PARTITIONED_INDEX) {
		if (t->s->sversion >= 110000) {
			strbuf_addf(&t->buf,
				    ",\n  CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM pg_catalog.pg_index i WHERE i.indexrelid = '%s') THEN '%s' ELSE '%s' END AS is_key",
				    t->oid, "yes", "no");
			c->iskey = n++;
		}
		strbuf_addstr(&t->buf,
			      ",\n  pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS indexdef");
		c->indexdef = n++;
	}
	if (kind == RELKIND_FOREIGN_TABLE) {
		strbuf_addstr(&t->buf,
			      ",\n  CASE WHEN attfdwoptions IS NULL THEN '' ELSE "
			      "  '(' || pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)  FROM "
			      "  pg_catalog.pg_options_to_table(attfdwoptions)), ', ') || ')' END AS attfdwoptions");
		c->fdwopts = n++;
	}
	if (t->verbose) {
		strbuf_addstr(&t->buf, ",\n  a.attstorage");
		c->storage = n++;
		if (t->s->sversion >= 140000 && !t->s->hide_compression &&
		    (kind == RELKIND_RELATION || kind == RELKIND_PARTITIONED_TABLE ||
		     kind == RELKIND_MATVIEW)) {
			strbuf_addstr(&t->buf, ",\n  a.attcompression AS attcompression");
			c->compression = n++;
		}
		if (strchr("riImfp", kind)) {
			strbuf_addstr(&t->buf,
				      ",\n  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget");
			c->stattarget = n++;
		}
		if (strchr("rvmfcp", kind)) {
			strbuf_addstr(&t->buf, ",\n  pg_catalog.col_description(a.attrelid, a.attnum)");
			c->descr = n++;
		}
	}
	strbuf_addstr(&t->buf, "\nFROM pg_catalog.pg_attribute a");
	strbuf_addf(&t->buf, "\nWHERE a.attrelid = '%s' AND a.attnum > 0 AND NOT a.attisdropped",
		    t->oid);
	strbuf_addstr(&t->buf, "\nORDER BY a.attnum;");
	return run(t);
}

static const char *storage_name(char c)
{
	/* literal in SQL syntax, so never translated */
	switch (c) {
	case 'p':
		return "plain";
	case 'm':
		return "main";
	case 'x':
		return "extended";
	case 'e':
		return "external";
	default:
		return "???";
	}
}

static const char *compression_name(char c)
{
	switch (c) {
	case 'p':
		return "pglz";
	case 'l':
		return "lz4";
	case '\0':
		return "";
	default:
		return "???";
	}
}

static void add_column_cells(struct table_ctx *t, const PGresult *res, int details,
			     const struct column_cols *c)
{
	struct print_table *cont = &t->cont;

	for (int i = 0; i < PQntuples(res); i++) {
		print_table_add_cell(cont, PQgetvalue(res, i, c->name), 0, 0);
		print_table_add_cell(cont, PQgetvalue(res, i, c->type), 0, 0);
		if (details) {
			const char *identity = PQgetvalue(res, i, c->identity);
			const char *generated = PQgetvalue(res, i, c->generated);

			print_table_add_cell(cont, PQgetvalue(res, i, c->coll), 0, 0);
			print_table_add_cell(cont, is_true_at(res, i, c->notnull) ? "not null" : "",
					     0, 0);
			if (identity[0] == 'a')
				print_table_add_cell(cont, "generated always as identity", 0, 0);
			else if (identity[0] == 'd')
				print_table_add_cell(cont, "generated by default as identity", 0, 0);
			else if (generated[0] == 's')
				print_table_add_cell(cont,
						     xasprintf("generated always as (%s) stored",
							       PQgetvalue(res, i, c->def)),
						     0, 1);
			else
				print_table_add_cell(cont, PQgetvalue(res, i, c->def), 0, 0);
		}
		if (c->iskey >= 0)
			print_table_add_cell(cont, PQgetvalue(res, i, c->iskey), 1, 0);
		if (c->indexdef >= 0)
			print_table_add_cell(cont, PQgetvalue(res, i, c->indexdef), 0, 0);
		if (c->fdwopts >= 0)
			print_table_add_cell(cont, PQgetvalue(res, i, c->fdwopts), 0, 0);
		if (c->storage >= 0)
			print_table_add_cell(cont, storage_name(PQgetvalue(res, i, c->storage)[0]),
					     0, 0);
		if (c->compression >= 0)
			print_table_add_cell(cont,
					     compression_name(PQgetvalue(res, i, c->compression)[0]),
					     0, 0);
		if (c->stattarget >= 0)
			print_table_add_cell(cont, PQgetvalue(res, i, c->stattarget), 0, 0);
		if (c->descr >= 0)
			print_table_add_cell(cont, PQgetvalue(res, i, c->descr), 0, 0);
	}
}

static void footer(struct table_ctx *t, const char *text)
{
	print_table_add_footer(&t->cont, text);
}

/* Set t->buf to a formatted footer line and add it. */
__attribute__((format(printf, 2, 3)))
static void footerf(struct table_ctx *t, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&t->buf);
	va_start(ap, fmt);
	strbuf_vaddf(&t->buf, fmt, ap);
	va_end(ap);
	print_table_add_footer(&t->cont, t->buf.buf);
}

static int partition_of_footer(struct table_ctx *t)
{
	PGresult *res;

	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf,
		      "SELECT inhparent::pg_catalog.regclass,\n"
		      "  pg_catalog.pg_get_expr(c.relpartbound, c.oid),\n  ");
	strbuf_addstr(&t->buf, t->s->sversion >= 140000 ? "inhdetachpending"
							 : "false as inhdetachpending");
	if (t->verbose)
		strbuf_addstr(&t->buf, ",\n  pg_catalog.pg_get_partition_constraintdef(c.oid)");
	strbuf_addf(&t->buf,
		    "\nFROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON c.oid = inhrelid"
		    "\nWHERE c.oid = '%s';",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) > 0) {
		footerf(t, "Partition of: %s %s%s", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
			is_true_at(res, 0, 2) ? " DETACH PENDING" : "");
		if (t->verbose) {
			const char *def = PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3);

			if (!def || !*def)
				footer(t, "No partition constraint");
			else
				footerf(t, "Partition constraint: %s", def);
		}
	}
	PQclear(res);
	return 1;
}

static int partition_key_footer(struct table_ctx *t)
{
	PGresult *res;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf, "SELECT pg_catalog.pg_get_partkeydef('%s'::pg_catalog.oid);", t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) == 1)
		footerf(t, "Partition key: %s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 1;
}

static int toast_owner_footer(struct table_ctx *t)
{
	PGresult *res;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT n.nspname, c.relname\n"
		    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
		    "WHERE reltoastrelid = '%s';",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) == 1)
		footerf(t, "Owning table: \"%s.%s\"", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	return 1;
}

/* The one-line summary under an index: "primary key, btree, for table ...". */
static int index_footer(struct table_ctx *t)
{
	struct strbuf line = STRBUF_INIT;
	PGresult *res;

	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf,
		      "SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,\n"
		      "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
		      "WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND "
		      "contype IN ('p','u','x') AND condeferrable) AS condeferrable,\n"
		      "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
		      "WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND "
		      "contype IN ('p','u','x') AND condeferred) AS condeferred,\n");
	strbuf_addstr(&t->buf, "i.indisreplident,\n");
	if (t->s->sversion >= 150000)
		strbuf_addstr(&t->buf, "i.indnullsnotdistinct,\n");
	else
		strbuf_addstr(&t->buf, "false AS indnullsnotdistinct,\n");
	strbuf_addf(&t->buf,
		    "  a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)\n"
		    "FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_am a\n"
		    "WHERE i.indexrelid = c.oid AND c.oid = '%s' AND c.relam = a.oid\n"
		    "AND i.indrelid = c2.oid;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	if (is_true_at(res, 0, 1)) {
		strbuf_addstr(&line, "primary key, ");
	} else if (is_true_at(res, 0, 0)) {
		strbuf_addstr(&line, "unique");
		if (is_true_at(res, 0, 7))
			strbuf_addstr(&line, " nulls not distinct");
		strbuf_addstr(&line, ", ");
	}
	strbuf_addf(&line, "%s, ", PQgetvalue(res, 0, 8));
	/* psql assumes the index and its table share a schema */
	strbuf_addf(&line, "for table \"%s.%s\"", t->schemaname, PQgetvalue(res, 0, 9));
	if (*PQgetvalue(res, 0, 10))
		strbuf_addf(&line, ", predicate (%s)", PQgetvalue(res, 0, 10));
	if (is_true_at(res, 0, 2))
		strbuf_addstr(&line, ", clustered");
	if (!is_true_at(res, 0, 3))
		strbuf_addstr(&line, ", invalid");
	if (is_true_at(res, 0, 4))
		strbuf_addstr(&line, ", deferrable");
	if (is_true_at(res, 0, 5))
		strbuf_addstr(&line, ", initially deferred");
	if (is_true_at(res, 0, 6))
		strbuf_addstr(&line, ", replica identity");
	footer(t, line.buf);
	/* a partitioned index's tablespace comes with the table footers */
	if (t->info.relkind == RELKIND_INDEX)
		add_tablespace_footer(t, t->info.relkind, t->info.tablespace, 1);
	strbuf_release(&line);
	PQclear(res);
	return 1;
}

static int indexes_footer(struct table_ctx *t)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf,
		      "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, "
		      "pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n  "
		      "pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred");
	strbuf_addstr(&t->buf, ", i.indisreplident");
	strbuf_addstr(&t->buf, ", c2.reltablespace");
	strbuf_addf(&t->buf,
		    "\nFROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
		    "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))\n"
		    "WHERE c.oid = '%s' AND c.oid = i.indrelid AND i.indexrelid = c2.oid\n"
		    "ORDER BY i.indisprimary DESC, c2.relname;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0)
		footer(t, "Indexes:");
	for (int i = 0; i < n; i++) {
		strbuf_reset(&t->buf);
		strbuf_addf(&t->buf, "    \"%s\"", PQgetvalue(res, i, 0));
		if (!strcmp(PQgetvalue(res, i, 7), "x")) {
			/* an exclusion constraint shows its definition */
			strbuf_addf(&t->buf, " %s", PQgetvalue(res, i, 6));
		} else {
			const char *indexdef = PQgetvalue(res, i, 5);
			const char *using = strstr(indexdef, " USING ");

			if (is_true_at(res, i, 1))
				strbuf_addstr(&t->buf, " PRIMARY KEY,");
			else if (is_true_at(res, i, 2))
				strbuf_addstr(&t->buf, !strcmp(PQgetvalue(res, i, 7), "u")
							       ? " UNIQUE CONSTRAINT,"
							       : " UNIQUE,");
			/* everything after USING is echoed verbatim */
			if (using)
				indexdef = using + 7;
			strbuf_addf(&t->buf, " %s", indexdef);
			if (is_true_at(res, i, 8))
				strbuf_addstr(&t->buf, " DEFERRABLE");
			if (is_true_at(res, i, 9))
				strbuf_addstr(&t->buf, " INITIALLY DEFERRED");
		}
		if (is_true_at(res, i, 3))
			strbuf_addstr(&t->buf, " CLUSTER");
		if (!is_true_at(res, i, 4))
			strbuf_addstr(&t->buf, " INVALID");
		if (is_true_at(res, i, 10))
			strbuf_addstr(&t->buf, " REPLICA IDENTITY");
		footer(t, t->buf.buf);
		add_tablespace_footer(t, RELKIND_INDEX,
				      (Oid)strtoul(PQgetvalue(res, i, 11), NULL, 10), 0);
	}
	PQclear(res);
	return 1;
}

static int checks_footer(struct table_ctx *t)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
		    "FROM pg_catalog.pg_constraint r\n"
		    "WHERE r.conrelid = '%s' AND r.contype = 'c'\n"
		    "ORDER BY 1;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0)
		footer(t, "Check constraints:");
	for (int i = 0; i < n; i++)
		footerf(t, "    \"%s\" %s", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return 1;
}

static int foreign_keys_footer(struct table_ctx *t)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	if (t->s->sversion >= 120000 &&
	    (t->info.ispartition || t->info.relkind == RELKIND_PARTITIONED_TABLE)) {
		/* this table's constraints first, then those of its ancestors */
		strbuf_addf(&t->buf,
			    "SELECT conrelid = '%s'::pg_catalog.regclass AS sametable,\n"
			    "       conname,\n"
			    "       pg_catalog.pg_get_constraintdef(oid, true) AS condef,\n"
			    "       conrelid::pg_catalog.regclass AS ontable\n"
			    "  FROM pg_catalog.pg_constraint,\n"
			    "       pg_catalog.pg_partition_ancestors('%s')\n"
			    " WHERE conrelid = relid AND contype = 'f' AND conparentid = 0\n"
			    "ORDER BY sametable DESC, conname;",
			    t->oid, t->oid);
	} else {
		strbuf_addf(&t->buf,
			    "SELECT true as sametable, conname,\n"
			    "  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,\n"
			    "  conrelid::pg_catalog.regclass AS ontable\n"
			    "FROM pg_catalog.pg_constraint r\n"
			    "WHERE r.conrelid = '%s' AND r.contype = 'f'\n",
			    t->oid);
		if (t->s->sversion >= 120000)
			strbuf_addstr(&t->buf, "     AND conparentid = 0\n");
		strbuf_addstr(&t->buf, "ORDER BY conname");
	}
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0) {
		int same = PQfnumber(res, "sametable"), name = PQfnumber(res, "conname"),
		    def = PQfnumber(res, "condef"), on = PQfnumber(res, "ontable");

		footer(t, "Foreign-key constraints:");
		for (int i = 0; i < n; i++) {
			if (!strcmp(PQgetvalue(res, i, same), "f"))
				footerf(t, "    TABLE \"%s\" CONSTRAINT \"%s\" %s",
					PQgetvalue(res, i, on), PQgetvalue(res, i, name),
					PQgetvalue(res, i, def));
			else
				footerf(t, "    \"%s\" %s", PQgetvalue(res, i, name),
					PQgetvalue(res, i, def));
		}
	}
	PQclear(res);
	return 1;
}

static int referenced_by_footer(struct table_ctx *t)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	if (t->s->sversion >= 120000)
		strbuf_addf(&t->buf,
			    "SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n"
			    "       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n"
			    "  FROM pg_catalog.pg_constraint c\n"
			    " WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('%s')\n"
			    "                     UNION ALL VALUES ('%s'::pg_catalog.regclass))\n"
			    "       AND contype = 'f' AND conparentid = 0\n"
			    "ORDER BY conname;",
			    t->oid, t->oid);
	else
		strbuf_addf(&t->buf,
			    "SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n"
			    "       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n"
			    "  FROM pg_catalog.pg_constraint\n"
			    " WHERE confrelid = %s AND contype = 'f'\n"
			    "ORDER BY conname;",
			    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0) {
		int name = PQfnumber(res, "conname"), on = PQfnumber(res, "ontable"),
		    def = PQfnumber(res, "condef");

		footer(t, "Referenced by:");
		for (int i = 0; i < n; i++)
			footerf(t, "    TABLE \"%s\" CONSTRAINT \"%s\" %s", PQgetvalue(res, i, on),
				PQgetvalue(res, i, name), PQgetvalue(res, i, def));
	}
	PQclear(res);
	return 1;
}

static int policies_footer(struct table_ctx *t)
{
	const struct table_info *ti = &t->info;
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf, "SELECT pol.polname, pol.polpermissive,\n");
	strbuf_addf(&t->buf,
		    "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,\n"
		    "  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n"
		    "  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
		    "  CASE pol.polcmd\n"
		    "    WHEN 'r' THEN 'SELECT'\n"
		    "    WHEN 'a' THEN 'INSERT'\n"
		    "    WHEN 'w' THEN 'UPDATE'\n"
		    "    WHEN 'd' THEN 'DELETE'\n"
		    "    END AS cmd\n"
		    "FROM pg_catalog.pg_policy pol\n"
		    "WHERE pol.polrelid = '%s' ORDER BY 1;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (ti->rowsecurity && !ti->forcerowsecurity && n > 0)
		footer(t, "Policies:");
	if (ti->rowsecurity && ti->forcerowsecurity && n > 0)
		footer(t, "Policies (forced row security enabled):");
	if (ti->rowsecurity && !ti->forcerowsecurity && n == 0)
		footer(t, "Policies (row security enabled): (none)");
	if (ti->rowsecurity && ti->forcerowsecurity && n == 0)
		footer(t, "Policies (forced row security enabled): (none)");
	if (!ti->rowsecurity && n > 0)
		footer(t, "Policies (row security disabled):");
	for (int i = 0; i < n; i++) {
		strbuf_reset(&t->buf);
		strbuf_addf(&t->buf, "    POLICY \"%s\"", PQgetvalue(res, i, 0));
		if (*PQgetvalue(res, i, 1) == 'f')
			strbuf_addstr(&t->buf, " AS RESTRICTIVE");
		if (!PQgetisnull(res, i, 5))
			strbuf_addf(&t->buf, " FOR %s", PQgetvalue(res, i, 5));
		if (!PQgetisnull(res, i, 2))
			strbuf_addf(&t->buf, "\n      TO %s", PQgetvalue(res, i, 2));
		if (!PQgetisnull(res, i, 3))
			strbuf_addf(&t->buf, "\n      USING (%s)", PQgetvalue(res, i, 3));
		if (!PQgetisnull(res, i, 4))
			strbuf_addf(&t->buf, "\n      WITH CHECK (%s)", PQgetvalue(res, i, 4));
		footer(t, t->buf.buf);
	}
	PQclear(res);
	return 1;
}

static void stats_kinds(struct strbuf *sb, int ndistinct, int dependencies, int mcv)
{
	int gotone = 0;

	if (ndistinct) {
		strbuf_addstr(sb, "ndistinct");
		gotone = 1;
	}
	if (dependencies) {
		strbuf_addf(sb, "%sdependencies", gotone ? ", " : "");
		gotone = 1;
	}
	if (mcv)
		strbuf_addf(sb, "%smcv", gotone ? ", " : "");
}

static int statistics_footer(struct table_ctx *t)
{
	int v14 = t->s->sversion >= 140000;
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	if (v14) {
		strbuf_addf(&t->buf,
			    "SELECT oid, stxrelid::pg_catalog.regclass, "
			    "stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,\n"
			    "pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,\n"
			    "  'd' = any(stxkind) AS ndist_enabled,\n"
			    "  'f' = any(stxkind) AS deps_enabled,\n"
			    "  'm' = any(stxkind) AS mcv_enabled,\n"
			    "stxstattarget\n"
			    "FROM pg_catalog.pg_statistic_ext\n"
			    "WHERE stxrelid = '%s'\n"
			    "ORDER BY nsp, stxname;",
			    t->oid);
	} else {
		strbuf_addstr(&t->buf,
			      "SELECT oid, stxrelid::pg_catalog.regclass, "
			      "stxnamespace::pg_catalog.regnamespace AS nsp, stxname,\n"
			      "  (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(attname),', ')\n"
			      "   FROM pg_catalog.unnest(stxkeys) s(attnum)\n"
			      "   JOIN pg_catalog.pg_attribute a ON (stxrelid = a.attrelid AND\n"
			      "        a.attnum = s.attnum AND NOT attisdropped)) AS columns,\n"
			      "  'd' = any(stxkind) AS ndist_enabled,\n"
			      "  'f' = any(stxkind) AS deps_enabled,\n"
			      "  'm' = any(stxkind) AS mcv_enabled,\n");
		if (t->s->sversion >= 130000)
			strbuf_addstr(&t->buf, "  stxstattarget\n");
		else
			strbuf_addstr(&t->buf, "  -1 AS stxstattarget\n");
		strbuf_addf(&t->buf,
			    "FROM pg_catalog.pg_statistic_ext\nWHERE stxrelid = '%s'\nORDER BY 1;",
			    t->oid);
	}
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0)
		footer(t, "Statistics objects:");
	for (int i = 0; i < n; i++) {
		int nd = is_true_at(res, i, 5), dep = is_true_at(res, i, 6),
		    mcv = is_true_at(res, i, 7);

		strbuf_reset(&t->buf);
		strbuf_addf(&t->buf, "    \"%s.%s\"", PQgetvalue(res, i, 2), PQgetvalue(res, i, 3));
		if (v14) {
			/*
			 * No kinds: statistics on one expression; all kinds: what
			 * CREATE STATISTICS expands to.  Neither is worth listing.
			 */
			if ((nd || dep || mcv) && !(nd && dep && mcv)) {
				strbuf_addstr(&t->buf, " (");
				stats_kinds(&t->buf, nd, dep, mcv);
				strbuf_addch(&t->buf, ')');
			}
			strbuf_addf(&t->buf, " ON %s FROM %s", PQgetvalue(res, i, 4),
				    PQgetvalue(res, i, 1));
		} else {
			strbuf_addstr(&t->buf, " (");
			stats_kinds(&t->buf, nd, dep, mcv);
			strbuf_addf(&t->buf, ") ON %s FROM %s", PQgetvalue(res, i, 4),
				    PQgetvalue(res, i, 1));
		}
		if (strcmp(PQgetvalue(res, i, 8), "-1") != 0)
			strbuf_addf(&t->buf, "; STATISTICS %s", PQgetvalue(res, i, 8));
		footer(t, t->buf.buf);
	}
	PQclear(res);
	return 1;
}

static int rules_footer(struct table_ctx *t)
{
	static const char categories[] = "ODAR";
	static const char *const headings[] = {
		"Rules:", "Disabled rules:", "Rules firing always:", "Rules firing on replica only:"
	};
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true)), "
		    "ev_enabled\n"
		    "FROM pg_catalog.pg_rewrite r\n"
		    "WHERE r.ev_class = '%s' ORDER BY 1;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	for (int cat = 0; cat < 4; cat++) {
		int have_heading = 0;

		for (int i = 0; i < n; i++) {
			if (*PQgetvalue(res, i, 2) != categories[cat])
				continue;
			if (!have_heading) {
				footer(t, headings[cat]);
				have_heading = 1;
			}
			/* everything after "CREATE RULE" is echoed verbatim */
			footerf(t, "    %s", PQgetvalue(res, i, 1) + 12);
		}
	}
	PQclear(res);
	return 1;
}

static int publications_footer(struct table_ctx *t)
{
	const char *oid = t->oid;
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	if (t->s->sversion >= 150000)
		strbuf_addf(&t->buf,
			    "SELECT pubname\n"
			    "     , NULL\n"
			    "     , NULL\n"
			    "FROM pg_catalog.pg_publication p\n"
			    "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
			    "     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid\n"
			    "WHERE pc.oid ='%s' and pg_catalog.pg_relation_is_publishable('%s')\n"
			    "UNION\n"
			    "SELECT pubname\n"
			    "     , pg_get_expr(pr.prqual, c.oid)\n"
			    "     , (CASE WHEN pr.prattrs IS NOT NULL THEN\n"
			    "         (SELECT string_agg(attname, ', ')\n"
			    "           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n"
			    "                pg_catalog.pg_attribute\n"
			    "          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])\n"
			    "        ELSE NULL END) "
			    "FROM pg_catalog.pg_publication p\n"
			    "     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
			    "     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid\n"
			    "WHERE pr.prrelid = '%s'\n"
			    "UNION\n"
			    "SELECT pubname\n"
			    "     , NULL\n"
			    "     , NULL\n"
			    "FROM pg_catalog.pg_publication p\n"
			    "WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('%s')\n"
			    "ORDER BY 1;",
			    oid, oid, oid, oid);
	else
		strbuf_addf(&t->buf,
			    "SELECT pubname\n"
			    "     , NULL\n"
			    "     , NULL\n"
			    "FROM pg_catalog.pg_publication p\n"
			    "JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
			    "WHERE pr.prrelid = '%s'\n"
			    "UNION ALL\n"
			    "SELECT pubname\n"
			    "     , NULL\n"
			    "     , NULL\n"
			    "FROM pg_catalog.pg_publication p\n"
			    "WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('%s')\n"
			    "ORDER BY 1;",
			    oid, oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (n > 0)
		footer(t, "Publications:");
	for (int i = 0; i < n; i++) {
		strbuf_reset(&t->buf);
		strbuf_addf(&t->buf, "    \"%s\"", PQgetvalue(res, i, 0));
		if (!PQgetisnull(res, i, 2))
			strbuf_addf(&t->buf, " (%s)", PQgetvalue(res, i, 2));
		if (!PQgetisnull(res, i, 1))
			strbuf_addf(&t->buf, " WHERE %s", PQgetvalue(res, i, 1));
		footer(t, t->buf.buf);
	}
	PQclear(res);
	return 1;
}

static int view_footer(struct table_ctx *t)
{
	PGresult *res;
	char *view_def = NULL;
	int ok = 0;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf, "SELECT pg_catalog.pg_get_viewdef('%s'::pg_catalog.oid, true);",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) > 0)
		view_def = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!view_def)
		return 1;
	footer(t, "View definition:");
	footer(t, view_def);
	if (t->info.hasrules) {
		strbuf_reset(&t->buf);
		strbuf_addf(&t->buf,
			    "SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true))\n"
			    "FROM pg_catalog.pg_rewrite r\n"
			    "WHERE r.ev_class = '%s' AND r.rulename != '_RETURN' ORDER BY 1;",
			    t->oid);
		res = run(t);
		if (!res)
			goto done;
		if (PQntuples(res) > 0)
			footer(t, "Rules:");
		for (int i = 0; i < PQntuples(res); i++)
			footerf(t, " %s", PQgetvalue(res, i, 1) + 12);
		PQclear(res);
	}
	ok = 1;
done:
	free(view_def);
	return ok;
}

static int triggers_footer(struct table_ctx *t)
{
	static const char *const headings[] = {
		"Triggers:", "Disabled user triggers:", "Disabled internal triggers:",
		"Triggers firing always:", "Triggers firing on replica only:"
	};
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addstr(&t->buf,
		      "SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), "
		      "t.tgenabled, t.tgisinternal,\n");
	/*
	 * An inherited trigger shows its topmost table; parents are matched by
	 * name along pg_partition_ancestors, stopping at the first with
	 * tgparentid = 0 (psql's reasoning, kept).
	 */
	if (t->s->sversion >= 130000)
		strbuf_addstr(&t->buf,
			      "  CASE WHEN t.tgparentid != 0 THEN\n"
			      "    (SELECT u.tgrelid::pg_catalog.regclass\n"
			      "     FROM pg_catalog.pg_trigger AS u,\n"
			      "          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)\n"
			      "     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid\n"
			      "           AND u.tgparentid = 0\n"
			      "     ORDER BY a.depth LIMIT 1)\n"
			      "  END AS parent\n");
	else
		strbuf_addstr(&t->buf, "  NULL AS parent\n");
	strbuf_addf(&t->buf, "FROM pg_catalog.pg_trigger t\nWHERE t.tgrelid = '%s' AND ", t->oid);
	/* v11-v14 mark partitions' inherited triggers internal; they must show */
	if (t->s->sversion >= 110000 && t->s->sversion < 150000)
		strbuf_addstr(&t->buf,
			      "(NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D') \n"
			      "    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE objid = t.oid \n"
			      "        AND refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass))");
	else
		strbuf_addstr(&t->buf,
			      "(NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))");
	strbuf_addstr(&t->buf, "\nORDER BY 1;");
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	for (int cat = 0; cat <= 4; cat++) {
		int have_heading = 0;

		for (int i = 0; i < n; i++) {
			char en = *PQgetvalue(res, i, 2), internal = *PQgetvalue(res, i, 3);
			const char *def, *pos;
			int list;

			switch (cat) {
			case 0:
				list = en == 'O' || en == 't';
				break;
			case 1:
				list = (en == 'D' || en == 'f') && internal == 'f';
				break;
			case 2:
				list = (en == 'D' || en == 'f') && internal == 't';
				break;
			case 3:
				list = en == 'A';
				break;
			default:
				list = en == 'R';
				break;
			}
			if (!list)
				continue;
			if (!have_heading) {
				footer(t, headings[cat]);
				have_heading = 1;
			}
			/* everything after "TRIGGER" is echoed verbatim */
			def = PQgetvalue(res, i, 1);
			pos = strstr(def, " TRIGGER ");
			if (pos)
				def = pos + 9;
			strbuf_reset(&t->buf);
			strbuf_addf(&t->buf, "    %s", def);
			if (!PQgetisnull(res, i, 4))
				strbuf_addf(&t->buf, ", ON TABLE %s", PQgetvalue(res, i, 4));
			footer(t, t->buf.buf);
		}
	}
	PQclear(res);
	return 1;
}

static int foreign_server_footer(struct table_ctx *t)
{
	PGresult *res;
	const char *ftoptions;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT s.srvname,\n"
		    "  pg_catalog.array_to_string(ARRAY(\n"
		    "    SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)\n"
		    "    FROM pg_catalog.pg_options_to_table(ftoptions)),  ', ')\n"
		    "FROM pg_catalog.pg_foreign_table f,\n"
		    "     pg_catalog.pg_foreign_server s\n"
		    "WHERE f.ftrelid = '%s' AND s.oid = f.ftserver;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	footerf(t, "Server: %s", PQgetvalue(res, 0, 0));
	ftoptions = PQgetvalue(res, 0, 1);
	if (ftoptions && *ftoptions)
		footerf(t, "FDW options: (%s)", ftoptions);
	PQclear(res);
	return 1;
}

static int inherits_footer(struct table_ctx *t)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT c.oid::pg_catalog.regclass\n"
		    "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
		    "WHERE c.oid = i.inhparent AND i.inhrelid = '%s'\n"
		    "  AND c.relkind != 'p' AND c.relkind != 'I'\n"
		    "ORDER BY inhseqno;",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		strbuf_reset(&t->buf);
		if (i == 0)
			strbuf_addf(&t->buf, "%s: %s", "Inherits", PQgetvalue(res, i, 0));
		else
			strbuf_addf(&t->buf, "%*s  %s", (int)strlen("Inherits"), "",
				    PQgetvalue(res, i, 0));
		if (i < n - 1)
			strbuf_addch(&t->buf, ',');
		footer(t, t->buf.buf);
	}
	PQclear(res);
	return 1;
}

static int children_footer(struct table_ctx *t, int is_partitioned)
{
	PGresult *res;
	int n;

	strbuf_reset(&t->buf);
	strbuf_addf(&t->buf,
		    "SELECT c.oid::pg_catalog.regclass, c.relkind, %s, "
		    "pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n"
		    "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
		    "WHERE c.oid = i.inhrelid AND i.inhparent = '%s'\n"
		    "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', "
		    "c.oid::pg_catalog.regclass::pg_catalog.text;",
		    t->s->sversion >= 140000 ? "inhdetachpending" : "false AS inhdetachpending",
		    t->oid);
	res = run(t);
	if (!res)
		return 0;
	n = PQntuples(res);
	if (is_partitioned && n == 0) {
		/* zero partitions are always shown, \d+ or not */
		footerf(t, "Number of partitions: %d", n);
	} else if (!t->verbose) {
		if (n > 0 && is_partitioned)
			footerf(t, "Number of partitions: %d (Use \\d+ to list them.)", n);
		else if (n > 0)
			footerf(t, "Number of child tables: %d (Use \\d+ to list them.)", n);
	} else {
		const char *ct = is_partitioned ? "Partitions" : "Child tables";

		for (int i = 0; i < n; i++) {
			char kind = *PQgetvalue(res, i, 1);

			strbuf_reset(&t->buf);
			if (i == 0)
				strbuf_addf(&t->buf, "%s: %s", ct, PQgetvalue(res, i, 0));
			else
				strbuf_addf(&t->buf, "%*s  %s", (int)strlen(ct), "",
					    PQgetvalue(res, i, 0));
			if (!PQgetisnull(res, i, 3))
				strbuf_addf(&t->buf, " %s", PQgetvalue(res, i, 3));
			if (kind == RELKIND_PARTITIONED_TABLE || kind == RELKIND_PARTITIONED_INDEX)
				strbuf_addstr(&t->buf, ", PARTITIONED");
			if (is_true_at(res, i, 2))
				strbuf_addstr(&t->buf, " (DETACH PENDING)");
			if (i < n - 1)
				strbuf_addch(&t->buf, ',');
			footer(t, t->buf.buf);
		}
	}
	PQclear(res);
	return 1;
}

/* The footers of tables, matviews, foreign tables, partitioned relations, TOAST. */
static int table_footers(struct table_ctx *t)
{
	const struct table_info *ti = &t->info;
	int partitioned = ti->relkind == RELKIND_PARTITIONED_TABLE;

	if (ti->hasindex && !indexes_footer(t))
		return 0;
	if (ti->checks && !checks_footer(t))
		return 0;
	/* no triggers, no foreign keys -- except on a partitioned table */
	if ((ti->hastriggers || partitioned) && !foreign_keys_footer(t))
		return 0;
	if ((ti->hastriggers || partitioned) && !referenced_by_footer(t))
		return 0;
	if (!policies_footer(t) || !statistics_footer(t))
		return 0;
	if (ti->hasrules && ti->relkind != RELKIND_MATVIEW && !rules_footer(t))
		return 0;
	return publications_footer(t);
}

static int final_footers(struct table_ctx *t)
{
	const struct table_info *ti = &t->info;
	int is_partitioned = ti->relkind == RELKIND_PARTITIONED_TABLE ||
			     ti->relkind == RELKIND_PARTITIONED_INDEX;

	if (ti->relkind == RELKIND_FOREIGN_TABLE && !foreign_server_footer(t))
		return 0;
	if (!inherits_footer(t) || !children_footer(t, is_partitioned))
		return 0;
	if (ti->reloftype)
		footerf(t, "Typed table of type: %s", ti->reloftype);
	/*
	 * Replica identity only when it is not the default (an index marks
	 * REPLICA IDENTITY itself); pg_catalog's default is "nothing".
	 */
	if (t->verbose && (ti->relkind == RELKIND_RELATION || ti->relkind == RELKIND_MATVIEW) &&
	    ti->relreplident != 'i' &&
	    ((strcmp(t->schemaname, "pg_catalog") != 0 && ti->relreplident != 'd') ||
	     (strcmp(t->schemaname, "pg_catalog") == 0 && ti->relreplident != 'n')))
		footerf(t, "%s: %s", "Replica Identity",
			ti->relreplident == 'f' ? "FULL" :
			ti->relreplident == 'n' ? "NOTHING" : "???");
	if (t->verbose && ti->relkind != RELKIND_MATVIEW && ti->hasoids)
		footer(t, "Has OIDs: yes");
	add_tablespace_footer(t, ti->relkind, ti->tablespace, 1);
	if (t->verbose && ti->relam && !t->s->hide_tableam)
		footerf(t, "Access method: %s", ti->relam);
	return 1;
}

/* psql's describeOneTableDetails. */
static int describe_one(struct session *s, const char *schemaname, const char *relname,
			const char *oid, int verbose)
{
	struct table_ctx t;
	struct print_table_opt topt = s->popt.topt;
	struct strbuf title = STRBUF_INIT;
	struct column_cols cols;
	const char *headers[12];
	PGresult *res = NULL;
	int ncols = 0, details, ok = 0, table_inited = 0;
	char kind;

	memset(&t, 0, sizeof(t));
	t.s = s;
	t.schemaname = schemaname;
	t.relname = relname;
	t.oid = oid;
	t.verbose = verbose;
	strbuf_init(&t.buf, 0);
	topt.default_footer = 0;
	/* this output looks confusing in expanded mode */
	topt.expanded = PRINT_EXPANDED_OFF;

	if (!fetch_table_info(&t))
		goto done;
	kind = t.info.relkind;
	if (kind == RELKIND_SEQUENCE) {
		ok = describe_sequence(&t);
		goto done;
	}

	details = strchr("rvmfcp", kind) != NULL;
	res = fetch_columns(&t, details, &cols);
	if (!res)
		goto done;
	make_title(&t, &title);

	headers[ncols++] = "Column";
	headers[ncols++] = "Type";
	if (details) {
		headers[ncols++] = "Collation";
		headers[ncols++] = "Nullable";
		headers[ncols++] = "Default";
	}
	if (cols.iskey >= 0)
		headers[ncols++] = "Key?";
	if (cols.indexdef >= 0)
		headers[ncols++] = "Definition";
	if (cols.fdwopts >= 0)
		headers[ncols++] = "FDW options";
	if (cols.storage >= 0)
		headers[ncols++] = "Storage";
	if (cols.compression >= 0)
		headers[ncols++] = "Compression";
	if (cols.stattarget >= 0)
		headers[ncols++] = "Stats target";
	if (cols.descr >= 0)
		headers[ncols++] = "Description";

	print_table_init(&t.cont, &topt, title.buf, ncols, PQntuples(res));
	table_inited = 1;
	for (int i = 0; i < ncols; i++)
		print_table_add_header(&t.cont, headers[i], 1, 'l');
	add_column_cells(&t, res, details, &cols);

	if (t.info.ispartition && !partition_of_footer(&t))
		goto done;
	if (kind == RELKIND_PARTITIONED_TABLE && !partition_key_footer(&t))
		goto done;
	if (kind == RELKIND_TOASTVALUE && !toast_owner_footer(&t))
		goto done;
	if (kind == RELKIND_INDEX || kind == RELKIND_PARTITIONED_INDEX) {
		if (!index_footer(&t))
			goto done;
	} else if (strchr("rmfpIt", kind) && !table_footers(&t)) {
		goto done;
	}
	if ((kind == RELKIND_VIEW || kind == RELKIND_MATVIEW) && verbose && !view_footer(&t))
		goto done;
	if (t.info.hastriggers && !triggers_footer(&t))
		goto done;
	if (strchr("rmfpIt", kind) && !final_footers(&t))
		goto done;
	if (verbose && t.info.reloptions && *t.info.reloptions)
		footerf(&t, "%s: %s", "Options", t.info.reloptions);

	print_table(&t.cont, s->query_fout, 0, s->logfile);
	ok = 1;
done:
	if (table_inited)
		print_table_release(&t.cont);
	PQclear(res);
	strbuf_release(&title);
	strbuf_release(&t.buf);
	free(t.info.reloptions);
	free(t.info.reloftype);
	free(t.info.relam);
	return ok;
}

int describe_table_details(struct session *s, const char *pattern, int verbose, int show_system)
{
	struct strbuf buf = STRBUF_INIT;
	PGresult *res;
	int ok = 0;

	strbuf_addstr(&buf,
		      "SELECT c.oid,\n"
		      "  n.nspname,\n"
		      "  c.relname\n"
		      "FROM pg_catalog.pg_class c\n"
		      "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n");
	if (!show_system && !pattern)
		strbuf_addstr(&buf, "WHERE n.nspname <> 'pg_catalog'\n"
				    "      AND n.nspname <> 'information_schema'\n");
	if (!describe_pattern(s, &buf, pattern, !show_system && !pattern, 0, "n.nspname",
			      "c.relname", NULL, "pg_catalog.pg_table_is_visible(c.oid)", NULL, 3))
		goto done;
	strbuf_addstr(&buf, "ORDER BY 2, 3;");
	res = describe_exec(s, &buf);
	if (!res)
		goto done;
	if (PQntuples(res) == 0) {
		if (!s->quiet) {
			if (pattern)
				log_error("Did not find any relation named \"%s\".", pattern);
			else
				log_error("Did not find any relations.");
		}
		PQclear(res);
		goto done;
	}
	ok = 1;
	for (int i = 0; i < PQntuples(res) && ok; i++) {
		ok = describe_one(s, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
				  PQgetvalue(res, i, 0), verbose);
		if (sig_cancel_pressed)
			ok = 0;
	}
	PQclear(res);
done:
	strbuf_release(&buf);
	return ok;
}
