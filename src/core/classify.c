/* SPDX-License-Identifier: PostgreSQL */
/*
 * classify: the verdict on a unit of SQL (see classify.h).  The unit is
 * parsed once with libpg_query into protobuf-c structs and every node of the
 * tree is visited by a generic walk over the message descriptors, so a
 * data-modifying CTE, a function call in a VALUES list or a DELETE inside
 * EXPLAIN ANALYZE is found wherever it sits.  Statement nodes and function
 * calls raise the statement's verdict; everything else only leads deeper.
 * A unit the grammar rejects is split at its top-level semicolons by a
 * small tokenizer here (libpg_query 15-4.0.0's pg_query_split_with_scanner
 * drops a last statement that has no semicolon), each piece is parsed
 * alone, and the pieces that still fail go to a token-level fallback that
 * is never below unknown.  DO blocks are parsed with
 * pg_query_parse_plpgsql and their embedded SQL classified like a unit.
 * Meta-commands are in classify_meta.c, the verdict type in
 * classify_verdict.c.  Nothing here does I/O or keeps global state.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "safepg/classify.h"
#include "safepg/json.h"
#include "safepg/pgfunc.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Deeper trees than this are not walked further: unknown. */
#define WALK_MAX_DEPTH 3000
/* SQL inside SQL (DO blocks, dblink_exec) nested deeper than this: unknown. */
#define NEST_MAX 8

struct prepared {
	char *name;
	struct verdict v;
};

struct classify_ctx {
	struct prepared *p;
	size_t n, alloc;
	int std_strings_off;	/* the session's standard_conforming_strings is off */
};

struct walker {
	struct classify_ctx *ctx;
	struct verdict *v;	/* the verdict of the statement being walked */
	unsigned depth;
	unsigned nest;		/* SQL-in-SQL level */
	int too_deep;
};

static void classify_text(struct classify_ctx *ctx, const char *sql, size_t len,
			  unsigned nest, int use_fast, struct verdict *out);
static void walk_msg(struct walker *w, const ProtobufCMessage *m);
static void walk_node(struct walker *w, const PgQuery__Node *n);

/* ---- the session's prepared statements ---- */

struct classify_ctx *classify_ctx_new(void)
{
	return xcalloc(1, sizeof(struct classify_ctx));
}

void classify_ctx_reset(struct classify_ctx *ctx)
{
	size_t i;

	if (!ctx)
		return;
	for (i = 0; i < ctx->n; i++) {
		free(ctx->p[i].name);
		verdict_release(&ctx->p[i].v);
	}
	ctx->n = 0;
}

void classify_ctx_free(struct classify_ctx *ctx)
{
	if (!ctx)
		return;
	classify_ctx_reset(ctx);
	free(ctx->p);
	free(ctx);
}

static struct prepared *ctx_find(struct classify_ctx *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ctx->n; i++)
		if (!strcmp(ctx->p[i].name, name))
			return &ctx->p[i];
	return NULL;
}

static void ctx_store(struct classify_ctx *ctx, const char *name, const struct verdict *v)
{
	struct prepared *p = ctx_find(ctx, name);

	if (p) {
		/* The server refuses a second PREPARE of a name: keep the riskier. */
		if (class_rank(v->cls) > class_rank(p->v.cls))
			verdict_copy(&p->v, v);
		return;
	}
	ALLOC_GROW(ctx->p, ctx->n + 1, ctx->alloc);
	p = &ctx->p[ctx->n++];
	p->name = xstrdup(name);
	verdict_init(&p->v);
	verdict_copy(&p->v, v);
}

static void ctx_forget(struct classify_ctx *ctx, const char *name)
{
	struct prepared *p = ctx_find(ctx, name);

	if (!p)
		return;
	free(p->name);
	verdict_release(&p->v);
	*p = ctx->p[--ctx->n];
}

/* ---- small helpers ---- */

__attribute__((format(printf, 4, 5)))
static void notef(struct walker *w, enum sp_class cls, const char *object, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (class_rank(cls) < class_rank(w->v->cls)) /* would change nothing */
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	verdict_note(w->v, cls, object, sb.buf);
	strbuf_release(&sb);
}

static void note(struct walker *w, enum sp_class cls, const char *object, const char *reason)
{
	verdict_note(w->v, cls, object, reason);
}

static const char *node_str(const PgQuery__Node *n)
{
	if (!n)
		return NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_STRING && n->string)
		return n->string->sval;
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const &&
	    n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && n->a_const->sval)
		return n->a_const->sval->sval;
	return NULL;
}

static void join_names(struct strbuf *sb, PgQuery__Node **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = node_str(items[i]);

		if (i)
			strbuf_addch(sb, '.');
		strbuf_addstr(sb, s ? s : "*");
	}
}

static void rv_name(struct strbuf *sb, const PgQuery__RangeVar *rv)
{
	if (!rv)
		return;
	if (rv->catalogname && *rv->catalogname)
		strbuf_addf(sb, "%s.", rv->catalogname);
	if (rv->schemaname && *rv->schemaname)
		strbuf_addf(sb, "%s.", rv->schemaname);
	strbuf_addstr(sb, rv->relname ? rv->relname : "?");
}

/* The name of a DROP/COMMENT object or similar, as written. */
static void object_name(struct strbuf *sb, const PgQuery__Node *n)
{
	const char *s;

	if (!n)
		return;
	s = node_str(n);
	if (s) {
		strbuf_addstr(sb, s);
		return;
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_LIST:
		join_names(sb, n->list->items, n->list->n_items);
		break;
	case PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS:
		join_names(sb, n->object_with_args->objname, n->object_with_args->n_objname);
		strbuf_addstr(sb, "()");
		break;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		join_names(sb, n->type_name->names, n->type_name->n_names);
		break;
	case PG_QUERY__NODE__NODE_RANGE_VAR:
		rv_name(sb, n->range_var);
		break;
	case PG_QUERY__NODE__NODE_ROLE_SPEC:
		strbuf_addstr(sb, n->role_spec->rolename && *n->role_spec->rolename ?
			      n->role_spec->rolename : "CURRENT_USER");
		break;
	default:
		strbuf_addstr(sb, "?");
		break;
	}
}

/* Words for ObjectType values, as SQL writes them. */
static const char *objtype_word(int t)
{
	static const char *const words[] = {
		"OBJECT", "ACCESS METHOD", "AGGREGATE", "OPERATOR", "FUNCTION", "ATTRIBUTE",
		"CAST", "COLUMN", "COLLATION", "CONVERSION", "DATABASE", "DEFAULT",
		"DEFAULT PRIVILEGES", "DOMAIN", "CONSTRAINT", "EVENT TRIGGER", "EXTENSION",
		"FOREIGN DATA WRAPPER", "SERVER", "FOREIGN TABLE", "FUNCTION", "INDEX",
		"LANGUAGE", "LARGE OBJECT", "MATERIALIZED VIEW", "OPERATOR CLASS", "OPERATOR",
		"OPERATOR FAMILY", "PARAMETER", "POLICY", "PROCEDURE", "PUBLICATION",
		"PUBLICATION", "PUBLICATION", "ROLE", "ROUTINE", "RULE", "SCHEMA",
		"SEQUENCE", "SUBSCRIPTION", "STATISTICS", "CONSTRAINT", "TABLE",
		"TABLESPACE", "TRANSFORM", "TRIGGER", "TEXT SEARCH CONFIGURATION",
		"TEXT SEARCH DICTIONARY", "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE",
		"TYPE", "USER MAPPING", "VIEW",
	};

	if (t < 0 || (size_t)t >= sizeof(words) / sizeof(words[0]))
		return "OBJECT";
	return words[t];
}

/* Truth of a constant boolean spelled as text: 1 true, 0 false, -1 not one. */
static int bool_text(const char *s)
{
	static const char *const yes[] = { "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1" };
	static const char *const no[] = { "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0" };
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int r = -1;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	strbuf_addstr(&sb, s);
	strbuf_rtrim(&sb);
	for (i = 0; i < sb.len; i++)
		sb.buf[i] = (char)tolower((unsigned char)sb.buf[i]);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]) && r < 0; i++)
		if (!strcmp(sb.buf, yes[i]))
			r = 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]) && r < 0; i++)
		if (!strcmp(sb.buf, no[i]) && strcmp(sb.buf, "o"))
			r = 0;
	strbuf_release(&sb);
	return r;
}

/* A constant's boolean value as a setting reads it: 1, 0, or -1 when not a boolean. */
static int setting_bool(const PgQuery__Node *n)
{
	if (!n)
		return -1;
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
		const PgQuery__AConst *c = n->a_const;

		switch (c->val_case) {
		case PG_QUERY__A__CONST__VAL_IVAL:
			return c->ival ? c->ival->ival != 0 : 0;
		case PG_QUERY__A__CONST__VAL_BOOLVAL:
			return c->boolval ? c->boolval->boolval != 0 : 0;
		case PG_QUERY__A__CONST__VAL_SVAL:
			return c->sval ? bool_text(c->sval->sval) : -1;
		default:
			return -1;
		}
	}
	if (n->node_case == PG_QUERY__NODE__NODE_STRING)
		return bool_text(n->string->sval);
	if (n->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return n->integer->ival != 0;
	if (n->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		return n->boolean->boolval != 0;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		return setting_bool(n->type_cast->arg);
	return -1;
}

/* ---- constant-true WHERE ---- */

enum tri { TRI_UNKNOWN = 0, TRI_TRUE, TRI_FALSE };

static int same_columnref(const PgQuery__Node *a, const PgQuery__Node *b)
{
	size_t i;

	if (!a || !b || a->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
	    b->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return 0;
	if (a->column_ref->n_fields != b->column_ref->n_fields)
		return 0;
	for (i = 0; i < a->column_ref->n_fields; i++) {
		const char *x = node_str(a->column_ref->fields[i]);
		const char *y = node_str(b->column_ref->fields[i]);

		if (!x || !y || strcmp(x, y))
			return 0;
	}
	return 1;
}

/* An integer or string constant, looking through casts. */
static const PgQuery__AConst *plain_const(const PgQuery__Node *n)
{
	while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && !n->a_const->isnull)
		return n->a_const;
	return NULL;
}

static enum tri tri_of(int b)
{
	return b ? TRI_TRUE : TRI_FALSE;
}

static enum tri compare_consts(const char *op, const PgQuery__AConst *a, const PgQuery__AConst *b)
{
	int cmp;

	if (a->val_case == PG_QUERY__A__CONST__VAL_IVAL && b->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		long long x = a->ival ? a->ival->ival : 0, y = b->ival ? b->ival->ival : 0;

		cmp = x < y ? -1 : x > y;
	} else if (a->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		   b->val_case == PG_QUERY__A__CONST__VAL_SVAL && a->sval && b->sval) {
		/* Only equality is collation-independent. */
		cmp = strcmp(a->sval->sval, b->sval->sval);
		if (strcmp(op, "=") && strcmp(op, "<>") && strcmp(op, "!="))
			return TRI_UNKNOWN;
	} else if (a->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL &&
		   b->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL) {
		cmp = (a->boolval && a->boolval->boolval) - (b->boolval && b->boolval->boolval);
	} else {
		return TRI_UNKNOWN;
	}
	if (!strcmp(op, "="))
		return tri_of(cmp == 0);
	if (!strcmp(op, "<>") || !strcmp(op, "!="))
		return tri_of(cmp != 0);
	if (!strcmp(op, "<"))
		return tri_of(cmp < 0);
	if (!strcmp(op, "<="))
		return tri_of(cmp <= 0);
	if (!strcmp(op, ">"))
		return tri_of(cmp > 0);
	if (!strcmp(op, ">="))
		return tri_of(cmp >= 0);
	return TRI_UNKNOWN;
}

/*
 * What a WHERE clause is, as far as can be told without data: true for
 * every row (`true`, `1=1`, `'a'='a'`, `x = x`, `x OR true`), false, or
 * unknown (a real condition).  `x = x` is false for NULLs only, which still
 * reaches every row a user means to keep.
 */
static enum tri const_eval(const PgQuery__Node *n, unsigned depth)
{
	size_t i;

	if (!n || depth > 200)
		return TRI_UNKNOWN;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST: {
		int b;

		if (n->a_const->isnull)
			return TRI_FALSE;
		b = setting_bool(n);
		if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			return TRI_UNKNOWN;	/* WHERE 1 is an error, not a condition */
		return b < 0 ? TRI_UNKNOWN : tri_of(b);
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const PgQuery__Node *a = n->type_cast->arg;

		if (a && a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			int b = setting_bool(a);

			return b < 0 ? TRI_UNKNOWN : tri_of(b);
		}
		return const_eval(a, depth + 1);
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR: {
		const PgQuery__BoolExpr *b = n->bool_expr;
		int any_true = 0, all_true = 1, any_false = 0;

		for (i = 0; i < b->n_args; i++) {
			enum tri t = const_eval(b->args[i], depth + 1);

			any_true |= t == TRI_TRUE;
			any_false |= t == TRI_FALSE;
			all_true &= t == TRI_TRUE;
		}
		switch (b->boolop) {
		case PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR:
			return any_true ? TRI_TRUE : TRI_UNKNOWN;
		case PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR:
			return any_false ? TRI_FALSE : all_true && b->n_args ? TRI_TRUE : TRI_UNKNOWN;
		case PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR:
			return any_true ? TRI_FALSE : any_false ? TRI_TRUE : TRI_UNKNOWN;
		default:
			return TRI_UNKNOWN;
		}
	}
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
		enum tri t = const_eval(n->boolean_test->arg, depth + 1);

		if (t == TRI_UNKNOWN)
			return t;
		switch (n->boolean_test->booltesttype) {
		case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE:
		case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE:
			return t;
		case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE:
		case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE:
			return t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
		default:
			return TRI_UNKNOWN;
		}
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		const PgQuery__AExpr *e = n->a_expr;
		const PgQuery__AConst *l, *r;
		const char *op;

		if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || e->n_name != 1)
			return TRI_UNKNOWN;
		op = node_str(e->name[0]);
		if (!op)
			return TRI_UNKNOWN;
		if (same_columnref(e->lexpr, e->rexpr))
			return !strcmp(op, "=") || !strcmp(op, "<=") || !strcmp(op, ">=") ?
			       TRI_TRUE : TRI_UNKNOWN;
		l = plain_const(e->lexpr);
		r = plain_const(e->rexpr);
		if (!l || !r)
			return TRI_UNKNOWN;
		return compare_consts(op, l, r);
	}
	default:
		return TRI_UNKNOWN;
	}
}

/* ---- statements ---- */

static void on_where(struct walker *w, const char *verb, const PgQuery__RangeVar *rel,
		     const PgQuery__Node *where, int has_using)
{
	struct strbuf name = STRBUF_INIT;
	int del = !strcmp(verb, "DELETE");
	const char *what = del ? "removes" : "changes";

	rv_name(&name, rel);
	if (!where && !has_using) {
		notef(w, CLASS_DESTRUCTIVE, name.buf, "%s without WHERE %s every row of %s",
		      verb, what, name.buf);
	} else if (where && const_eval(where, 0) == TRI_TRUE) {
		notef(w, CLASS_DESTRUCTIVE, name.buf,
		      "%s with an always-true WHERE %s every row of %s", verb, what, name.buf);
	} else {
		notef(w, CLASS_WRITE, name.buf, "%s %s rows of %s", verb, what, name.buf);
	}
	strbuf_release(&name);
}

static void on_drop(struct walker *w, const PgQuery__DropStmt *d)
{
	const char *word = objtype_word(d->remove_type);
	int cascade = d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	size_t i;

	for (i = 0; i < d->n_objects; i++) {
		struct strbuf name = STRBUF_INIT;

		object_name(&name, d->objects[i]);
		if (d->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA && cascade)
			notef(w, CLASS_CATASTROPHIC, name.buf,
			      "DROP SCHEMA ... CASCADE removes schema %s and every object in it",
			      name.buf);
		else if (d->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			notef(w, CLASS_DESTRUCTIVE, name.buf, "DROP TABLE removes table %s and all its rows%s",
			      name.buf, cascade ? ", and every object that depends on it (CASCADE)" : "");
		else
			notef(w, CLASS_DESTRUCTIVE, name.buf, "DROP %s removes %s%s", word, name.buf,
			      cascade ? " and every object that depends on it (CASCADE)" : "");
		strbuf_release(&name);
	}
	if (!d->n_objects)
		notef(w, CLASS_DESTRUCTIVE, NULL, "DROP %s removes objects", word);
}

static void on_truncate(struct walker *w, const PgQuery__TruncateStmt *t)
{
	int cascade = t->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	size_t i;

	for (i = 0; i < t->n_relations; i++) {
		struct strbuf name = STRBUF_INIT;

		object_name(&name, t->relations[i]);
		notef(w, CLASS_DESTRUCTIVE, name.buf, "TRUNCATE removes every row of %s%s", name.buf,
		      cascade ? " and of every table that references it (CASCADE)" : "");
		strbuf_release(&name);
	}
}

static void on_alter_table(struct walker *w, const PgQuery__AlterTableStmt *a)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;

	rv_name(&name, a->relation);
	notef(w, CLASS_WRITE, name.buf, "ALTER %s changes %s", objtype_word(a->objtype), name.buf);
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__Node *c = a->cmds[i];
		const PgQuery__AlterTableCmd *cmd;
		const char *sub;

		if (!c || c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = c->alter_table_cmd;
		sub = cmd->name && *cmd->name ? cmd->name : "?";
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse: {
			struct strbuf col = STRBUF_INIT;

			strbuf_addf(&col, "%s.%s", name.buf, sub);
			notef(w, CLASS_DESTRUCTIVE, col.buf,
			      "DROP COLUMN removes column %s of %s and its data%s", sub, name.buf,
			      cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE ?
			      ", and every object that depends on it (CASCADE)" : "");
			strbuf_release(&col);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
			notef(w, CLASS_DESTRUCTIVE, name.buf,
			      "DROP CONSTRAINT removes constraint %s of %s", sub, name.buf);
			break;
		default:
			break;
		}
	}
	strbuf_release(&name);
}

static int option_true(const PgQuery__Node *n)
{
	const PgQuery__DefElem *d;
	int b;

	if (!n || n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
		return 0;
	d = n->def_elem;
	if (!d->arg)
		return 1;
	b = setting_bool(d->arg);
	return b != 0;	/* unreadable values count as on */
}

static const PgQuery__DefElem *find_option(PgQuery__Node **opts, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i] && opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    opts[i]->def_elem->defname && !strcmp(opts[i]->def_elem->defname, name))
			return opts[i]->def_elem;
	return NULL;
}

static int explain_analyze(const PgQuery__ExplainStmt *e)
{
	size_t i;

	for (i = 0; i < e->n_options; i++) {
		const PgQuery__Node *o = e->options[i];

		if (o && o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && o->def_elem->defname &&
		    !strcmp(o->def_elem->defname, "analyze") && option_true(o))
			return 1;
	}
	return 0;
}

/* Settings that, set this way, let a read-only session write. */
static void check_setting(struct walker *w, const char *name, const PgQuery__Node *value,
			  int reset)
{
	int b;

	if (!name)
		return;
	if (!strcmp(name, "default_transaction_read_only") || !strcmp(name, "transaction_read_only")) {
		b = reset ? 0 : setting_bool(value);
		if (b == 1)
			return;
		notef(w, CLASS_WRITE, NULL, "%s %s lifts a read-only session", reset ? "resetting" : "setting", name);
		w->v->lifts_read_only = 1;
	} else if (!strcmp(name, "session_replication_role")) {
		const char *s = node_str(value);

		if (!reset && s && !strcmp(s, "origin"))
			return;
		if (!reset && s && !strcmp(s, "local"))
			return;
		notef(w, CLASS_WRITE, NULL, "session_replication_role = %s switches off triggers and "
		      "foreign-key checks and lifts a read-only guard", reset ? "default" : s ? s : "?");
		w->v->lifts_read_only = 1;
	}
}

static void on_varset(struct walker *w, const PgQuery__VariableSetStmt *s)
{
	size_t i;

	note(w, CLASS_READ, NULL, NULL);
	switch (s->kind) {
	case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
		check_setting(w, s->name, s->n_args ? s->args[0] : NULL, 0);
		break;
	case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
	case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
		check_setting(w, s->name, NULL, 1);
		break;
	case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
		notef(w, CLASS_WRITE, NULL, "RESET ALL lifts a read-only session");
		w->v->lifts_read_only = 1;
		break;
	case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
		/* SET TRANSACTION / SESSION CHARACTERISTICS AS TRANSACTION ... */
		for (i = 0; i < s->n_args; i++) {
			const PgQuery__Node *a = s->args[i];

			if (a && a->node_case == PG_QUERY__NODE__NODE_DEF_ELEM)
				check_setting(w, a->def_elem->defname, a->def_elem->arg, 0);
		}
		break;
	default:
		break;
	}
}

static void on_transaction(struct walker *w, const PgQuery__TransactionStmt *t)
{
	const PgQuery__DefElem *ro;

	switch (t->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		note(w, CLASS_READ, NULL, NULL);
		ro = find_option(t->options, t->n_options, "transaction_read_only");
		if (ro && setting_bool(ro->arg) != 1) {
			notef(w, CLASS_WRITE, NULL, "READ WRITE lifts a read-only session");
			w->v->lifts_read_only = 1;
		}
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
		notef(w, CLASS_WRITE, NULL, "COMMIT PREPARED commits the changes of prepared transaction '%s'",
		      t->gid ? t->gid : "");
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
		notef(w, CLASS_DESTRUCTIVE, NULL,
		      "ROLLBACK PREPARED throws away the changes of prepared transaction '%s'",
		      t->gid ? t->gid : "");
		break;
	default:
		note(w, CLASS_READ, NULL, NULL);
		break;
	}
}

static void on_copy(struct walker *w, const PgQuery__CopyStmt *c)
{
	struct strbuf name = STRBUF_INIT;
	const char *file = c->filename && *c->filename ? c->filename : NULL;

	if (c->relation)
		rv_name(&name, c->relation);
	if (c->is_program) {
		notef(w, CLASS_DESTRUCTIVE, name.len ? name.buf : NULL,
		      "COPY ... PROGRAM runs a shell command on the database server: %s", file ? file : "");
	} else if (file && !c->is_from) {
		notef(w, CLASS_DESTRUCTIVE, file,
		      "COPY ... TO '%s' writes a file on the database server, overwriting it", file);
	} else if (c->is_from) {
		notef(w, CLASS_WRITE, name.len ? name.buf : NULL, "COPY FROM adds rows to %s%s%s",
		      name.buf, file ? " from the server file " : "", file ? file : "");
		if (!file)
			w->v->copy_from_stdin = 1;
	} else {
		note(w, CLASS_READ, name.len ? name.buf : NULL, NULL);
	}
	strbuf_release(&name);
	if (c->query)
		walk_node(w, c->query);
	if (c->where_clause)
		walk_node(w, c->where_clause);
}

/* Fold a verdict of SQL run elsewhere (a prepared statement, a DO block) into w's. */
static void absorb(struct walker *w, const struct verdict *sub, const char *fallback_reason)
{
	size_t i;

	if (sub->cls == CLASS_NONE)
		return;
	if (!sub->reasons.n && !sub->objects.n)
		note(w, sub->cls, NULL, class_rank(sub->cls) > class_rank(CLASS_READ) ?
		     fallback_reason : NULL);
	for (i = 0; i < sub->objects.n; i++)
		note(w, sub->cls, sub->objects.v[i], NULL);
	for (i = 0; i < sub->reasons.n; i++)
		note(w, sub->cls, NULL, sub->reasons.v[i]);
	w->v->lifts_read_only |= sub->lifts_read_only;
	w->v->parse_failed |= sub->parse_failed;
	if (!w->v->confirm_target && sub->confirm_target)
		w->v->confirm_target = xstrdup(sub->confirm_target);
}

static void on_execute(struct walker *w, const PgQuery__ExecuteStmt *e)
{
	const char *name = e->name ? e->name : "";
	struct prepared *p = ctx_find(w->ctx, name);

	if (p) {
		note(w, CLASS_READ, NULL, NULL);
		absorb(w, &p->v, "EXECUTE runs the prepared statement");
	} else {
		notef(w, CLASS_UNKNOWN, NULL,
		      "EXECUTE %s: no PREPARE of that name was seen in this session", name);
	}
}

static const char *stmt_kind(const PgQuery__Node *n, struct strbuf *sb);

static void on_prepare(struct walker *w, const PgQuery__PrepareStmt *p)
{
	struct verdict pv;
	struct walker sub = *w;
	struct strbuf kind = STRBUF_INIT;

	note(w, CLASS_READ, NULL, NULL);
	if (!p->query)
		return;
	verdict_init(&pv);
	pv.kind = xstrdup(stmt_kind(p->query, &kind));
	pv.nstatements = 1;
	sub.v = &pv;
	walk_node(&sub, p->query);
	w->too_deep |= sub.too_deep;
	if (p->name)
		ctx_store(w->ctx, p->name, &pv);
	if (class_rank(pv.cls) > class_rank(CLASS_READ))
		notef(w, CLASS_READ, NULL, "PREPARE %s stores a %s statement; EXECUTE runs it",
		      p->name ? p->name : "", class_name(pv.cls));
	verdict_release(&pv);
	strbuf_release(&kind);
}

static void on_rule(struct walker *w, const PgQuery__RuleStmt *r)
{
	struct strbuf name = STRBUF_INIT;
	static const char *const events[] = { "?", "?", "SELECT", "UPDATE", "INSERT", "DELETE",
					      "MERGE", "?", "?" };
	const char *ev = (size_t)r->event < sizeof(events) / sizeof(events[0]) ?
			 events[r->event] : "?";
	size_t i;

	rv_name(&name, r->relation);
	notef(w, CLASS_WRITE, name.buf, "CREATE RULE %s changes what every %s on %s does",
	      r->rulename ? r->rulename : "", ev, name.buf);
	if (r->instead && !r->n_actions && r->event != PG_QUERY__CMD_TYPE__CMD_SELECT)
		notef(w, CLASS_DESTRUCTIVE, name.buf,
		      "rule %s makes every %s on %s do nothing: the changes are silently thrown away",
		      r->rulename ? r->rulename : "", ev, name.buf);
	for (i = 0; i < r->n_actions; i++)
		walk_node(w, r->actions[i]);
	if (r->where_clause)
		walk_node(w, r->where_clause);
	strbuf_release(&name);
}

/* ---- function calls ---- */

static void classify_nested(struct walker *w, const char *sql, struct verdict *out)
{
	classify_text(w->ctx, sql, strlen(sql), w->nest + 1, 1, out);
}

static void on_funccall(struct walker *w, const PgQuery__FuncCall *f)
{
	const char *schema = NULL, *name = NULL;
	const struct pgfunc_info *info;
	struct strbuf full = STRBUF_INIT;
	size_t i;

	if (f->n_funcname == 0)
		return;
	name = node_str(f->funcname[f->n_funcname - 1]);
	if (f->n_funcname >= 2)
		schema = node_str(f->funcname[f->n_funcname - 2]);
	if (!name)
		return;
	join_names(&full, f->funcname, f->n_funcname);
	info = f->n_funcname > 2 ? NULL : pgfunc_lookup(schema, name);
	if (!info) {
		notef(w, CLASS_UNKNOWN, NULL,
		      "%s() is not a known read-only built-in function: it may change anything", full.buf);
		goto out;
	}
	if (info->flags & PGFUNC_SET_CONFIG) {
		const char *setting = f->n_args >= 1 ? node_str(f->args[0]) : NULL;

		if (!setting) {
			notef(w, CLASS_UNKNOWN, NULL, "%s() with a computed setting name", full.buf);
			goto out;
		}
		check_setting(w, setting, f->n_args >= 2 ? f->args[1] : NULL, 0);
		note(w, CLASS_READ, NULL, NULL);
		goto out;
	}
	if (info->flags & (PGFUNC_SQL_ARG0 | PGFUNC_SQL_ARG1 | PGFUNC_SQL_ANY)) {
		int seen = 0, computed = 0;

		for (i = 0; i < f->n_args; i++) {
			const char *text = node_str(f->args[i]);
			struct verdict sub;

			if (!((info->flags & PGFUNC_SQL_ANY) || (i == 0 && (info->flags & PGFUNC_SQL_ARG0)) ||
			      (i == 1 && (info->flags & PGFUNC_SQL_ARG1))))
				continue;
			if (!text) {
				if (!(info->flags & PGFUNC_SQL_ANY))
					computed = 1;
				continue;
			}
			verdict_init(&sub);
			classify_nested(w, text, &sub);
			/*
			 * With SQL_ANY, a string that is not SQL is the connection
			 * string or a cursor name: skip it.
			 */
			if (!(sub.parse_failed && (info->flags & PGFUNC_SQL_ANY))) {
				seen = 1;
				absorb(w, &sub, info->reason);
			}
			verdict_release(&sub);
		}
		if (!seen || computed)
			notef(w, info->cls == CLASS_READ ? CLASS_UNKNOWN : info->cls, NULL, "%s",
			      info->reason ? info->reason : "the function runs SQL that safepg cannot see");
		goto out;
	}
	if (info->cls == CLASS_READ) {
		note(w, CLASS_READ, NULL, NULL);
		goto out;
	}
	if (info->flags & PGFUNC_OBJECT_ARG0) {
		const char *obj = f->n_args >= 1 ? node_str(f->args[0]) : NULL;

		note(w, info->cls, obj, info->reason);
		goto out;
	}
	note(w, info->cls, NULL, info->reason);
out:
	strbuf_release(&full);
}

/* ---- DO blocks ---- */

static void do_walk_json(struct walker *w, const struct json_value *j, unsigned depth);

static void do_expr(struct walker *w, const char *query)
{
	struct verdict sub;
	struct strbuf sb = STRBUF_INIT;
	const char *assign;

	verdict_init(&sub);
	classify_nested(w, query, &sub);
	if (sub.parse_failed) {
		/* An expression or an assignment: PL/pgSQL runs it as SELECT expr. */
		assign = strstr(query, ":=");
		strbuf_addstr(&sb, "SELECT ");
		strbuf_addstr(&sb, assign ? assign + 2 : query);
		verdict_release(&sub);
		classify_nested(w, sb.buf, &sub);
	}
	if (sub.parse_failed) {
		notef(w, CLASS_UNKNOWN, NULL, "the DO block holds SQL safepg cannot parse: %s", query);
	} else {
		absorb(w, &sub, "the DO block runs it");
	}
	verdict_release(&sub);
	strbuf_release(&sb);
}

static void do_walk_json(struct walker *w, const struct json_value *j, unsigned depth)
{
	size_t i;

	if (depth > 500) {
		notef(w, CLASS_UNKNOWN, NULL, "the DO block is nested too deeply to see through");
		return;
	}
	switch (json_typeof(j)) {
	case JSON_ARRAY:
		for (i = 0; i < j->len; i++)
			do_walk_json(w, &j->u.items[i], depth + 1);
		break;
	case JSON_OBJECT:
		for (i = 0; i < j->len; i++) {
			const struct json_member *m = &j->u.members[i];

			if (!strcmp(m->key, "PLpgSQL_stmt_dynexecute") ||
			    !strcmp(m->key, "PLpgSQL_stmt_dynfors") ||
			    (json_get(&m->value, "dynquery") != NULL)) {
				notef(w, CLASS_UNKNOWN, NULL,
				      "the DO block runs dynamic SQL (EXECUTE): it cannot be seen through");
			}
			if (!strcmp(m->key, "PLpgSQL_expr")) {
				const char *q = json_get_str(&m->value, "query");

				if (q)
					do_expr(w, q);
				continue;
			}
			do_walk_json(w, &m->value, depth + 1);
		}
		break;
	default:
		break;
	}
}

static void on_do(struct walker *w, const PgQuery__DoStmt *d)
{
	const char *body = NULL, *lang = NULL;
	struct strbuf src = STRBUF_INIT, tag = STRBUF_INIT;
	PgQueryPlpgsqlParseResult r;
	struct json_value *root = NULL;
	unsigned n = 0;
	size_t i;

	for (i = 0; i < d->n_args; i++) {
		const PgQuery__Node *a = d->args[i];

		if (!a || a->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !a->def_elem->defname)
			continue;
		if (!strcmp(a->def_elem->defname, "as"))
			body = node_str(a->def_elem->arg);
		else if (!strcmp(a->def_elem->defname, "language"))
			lang = node_str(a->def_elem->arg);
	}
	note(w, CLASS_READ, NULL, NULL);
	if (lang && strcmp(lang, "plpgsql")) {
		notef(w, CLASS_UNKNOWN, NULL, "a DO block in language %s cannot be seen through", lang);
		return;
	}
	if (!body) {
		notef(w, CLASS_UNKNOWN, NULL, "a DO block without a body");
		return;
	}
	if (w->nest >= NEST_MAX) {
		notef(w, CLASS_UNKNOWN, NULL, "DO blocks nested too deeply to see through");
		return;
	}
	/* pg_query_parse_plpgsql takes a CREATE FUNCTION: wrap the body in one. */
	do {
		strbuf_reset(&tag);
		strbuf_addf(&tag, "$safepg%u$", n++);
	} while (strstr(body, tag.buf));
	strbuf_addf(&src, "CREATE FUNCTION safepg_do() RETURNS void LANGUAGE plpgsql AS %s%s%s",
		    tag.buf, body, tag.buf);
	r = pg_query_parse_plpgsql(src.buf);
	if (r.error) {
		notef(w, CLASS_UNKNOWN, NULL, "the DO block's PL/pgSQL cannot be parsed (%s): "
		      "it cannot be seen through", r.error->message ? r.error->message : "error");
	} else if (!r.plpgsql_funcs ||
		   json_parse_ex(r.plpgsql_funcs, strlen(r.plpgsql_funcs), JSON_LENIENT_UTF8, 0,
				 &root, NULL) < 0) {
		notef(w, CLASS_UNKNOWN, NULL, "the DO block cannot be seen through");
	} else {
		struct walker sub = *w;

		sub.nest = w->nest + 1;
		do_walk_json(&sub, root, 0);
	}
	json_free(root);
	pg_query_free_plpgsql_parse_result(r);
	strbuf_release(&src);
	strbuf_release(&tag);
}

/* ---- the walk ---- */

static void walk_fields(struct walker *w, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;
	unsigned i;
	size_t j;

	if (w->depth >= WALK_MAX_DEPTH) {
		if (!w->too_deep)
			notef(w, CLASS_UNKNOWN, NULL, "the statement is nested too deeply to see through");
		w->too_deep = 1;
		return;
	}
	w->depth++;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(const void *)(base + f->quantifier_offset);
			ProtobufCMessage *const *arr =
				*(ProtobufCMessage *const *const *)(const void *)(base + f->offset);

			for (j = 0; j < n; j++)
				if (arr[j])
					walk_msg(w, arr[j]);
		} else {
			const ProtobufCMessage *c;

			if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			    *(const uint32_t *)(const void *)(base + f->quantifier_offset) != f->id)
				continue;
			c = *(const ProtobufCMessage *const *)(const void *)(base + f->offset);
			if (c)
				walk_msg(w, c);
		}
	}
	w->depth--;
}

static void walk_msg(struct walker *w, const ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__node__descriptor)
		walk_node(w, (const PgQuery__Node *)m);
	else
		walk_fields(w, m);
}

/*
 * The class a statement has by its type alone, for the statements without
 * a handler of their own; and whether its subtree runs now (a view's query,
 * a function's body or a column default do not: they run later, if ever,
 * and creating them is a write).
 */
static void base_class(struct walker *w, const PgQuery__Node *n, int *walk_children)
{
	*walk_children = 1;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		const PgQuery__IntoClause *into = n->select_stmt->into_clause;

		note(w, CLASS_READ, NULL, NULL);
		if (into && into->rel) {
			struct strbuf name = STRBUF_INIT;

			rv_name(&name, into->rel);
			notef(w, CLASS_WRITE, name.buf, "SELECT INTO creates table %s", name.buf);
			strbuf_release(&name);
		}
		return;
	}
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
	case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
	case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
	case PG_QUERY__NODE__NODE_FETCH_STMT:
	case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
	case PG_QUERY__NODE__NODE_LISTEN_STMT:
	case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
	case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		note(w, CLASS_READ, NULL, NULL);
		return;
	case PG_QUERY__NODE__NODE_INSERT_STMT: {
		struct strbuf name = STRBUF_INIT;

		rv_name(&name, n->insert_stmt->relation);
		notef(w, CLASS_WRITE, name.buf, "INSERT adds rows to %s", name.buf);
		strbuf_release(&name);
		return;
	}
	case PG_QUERY__NODE__NODE_MERGE_STMT: {
		struct strbuf name = STRBUF_INIT;

		const PgQuery__MergeStmt *m = n->merge_stmt;
		size_t i;

		rv_name(&name, m->relation);
		notef(w, CLASS_WRITE, name.buf, "MERGE changes rows of %s", name.buf);
		/*
		 * With an always-true ON every row of the target matches: an
		 * unconditional WHEN MATCHED DELETE or UPDATE reaches them all.
		 */
		for (i = 0; i < m->n_merge_when_clauses && const_eval(m->join_condition, 0) == TRI_TRUE; i++) {
			const PgQuery__Node *c = m->merge_when_clauses[i];
			const PgQuery__MergeWhenClause *wc;

			if (!c || c->node_case != PG_QUERY__NODE__NODE_MERGE_WHEN_CLAUSE)
				continue;
			wc = c->merge_when_clause;
			if (!wc->matched || (wc->condition && const_eval(wc->condition, 0) != TRI_TRUE))
				continue;
			if (wc->command_type == PG_QUERY__CMD_TYPE__CMD_DELETE)
				notef(w, CLASS_DESTRUCTIVE, name.buf,
				      "MERGE with an always-true ON deletes every row of %s", name.buf);
			else if (wc->command_type == PG_QUERY__CMD_TYPE__CMD_UPDATE)
				notef(w, CLASS_DESTRUCTIVE, name.buf,
				      "MERGE with an always-true ON changes every row of %s", name.buf);
		}
		strbuf_release(&name);
		return;
	}
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		struct strbuf name = STRBUF_INIT;

		if (n->create_table_as_stmt->into)
			rv_name(&name, n->create_table_as_stmt->into->rel);
		notef(w, CLASS_WRITE, name.buf, "creates %s from a query", name.buf);
		strbuf_release(&name);
		return;
	}
	case PG_QUERY__NODE__NODE_CREATE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT: {
		struct strbuf name = STRBUF_INIT;
		const PgQuery__CreateStmt *c = n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT ?
			n->create_stmt : n->create_foreign_table_stmt->base_stmt;

		if (c)
			rv_name(&name, c->relation);
		note(w, CLASS_WRITE, name.buf, NULL);
		strbuf_release(&name);
		*walk_children = 0;	/* column defaults run for new rows only */
		return;
	}
	case PG_QUERY__NODE__NODE_INDEX_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT:
		note(w, CLASS_WRITE, NULL, NULL);
		*walk_children = 0;
		return;
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: {
		size_t i;

		for (i = 0; i < n->drop_role_stmt->n_roles; i++) {
			struct strbuf name = STRBUF_INIT;

			object_name(&name, n->drop_role_stmt->roles[i]);
			notef(w, CLASS_DESTRUCTIVE, name.buf, "DROP ROLE removes role %s", name.buf);
			strbuf_release(&name);
		}
		*walk_children = 0;
		return;
	}
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
		notef(w, CLASS_DESTRUCTIVE, n->drop_table_space_stmt->tablespacename,
		      "DROP TABLESPACE removes tablespace %s", n->drop_table_space_stmt->tablespacename);
		*walk_children = 0;
		return;
	case PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT:
		notef(w, CLASS_DESTRUCTIVE, n->drop_user_mapping_stmt->servername,
		      "DROP USER MAPPING removes a user mapping for server %s",
		      n->drop_user_mapping_stmt->servername);
		*walk_children = 0;
		return;
	case PG_QUERY__NODE__NODE_DROP_SUBSCRIPTION_STMT:
		notef(w, CLASS_DESTRUCTIVE, n->drop_subscription_stmt->subname,
		      "DROP SUBSCRIPTION removes subscription %s and its replication slot on the publisher",
		      n->drop_subscription_stmt->subname);
		*walk_children = 0;
		return;
	case PG_QUERY__NODE__NODE_DROPDB_STMT: {
		const PgQuery__DropdbStmt *d = n->dropdb_stmt;
		int force = find_option(d->options, d->n_options, "force") != NULL;

		notef(w, CLASS_CATASTROPHIC, d->dbname,
		      "DROP DATABASE removes database %s and everything in it%s", d->dbname,
		      force ? " (FORCE ends its sessions first)" : "");
		if (!w->v->confirm_target && d->dbname)
			w->v->confirm_target = xstrdup(d->dbname);
		*walk_children = 0;
		return;
	}
	case PG_QUERY__NODE__NODE_DROP_OWNED_STMT: {
		struct strbuf name = STRBUF_INIT;
		size_t i;

		for (i = 0; i < n->drop_owned_stmt->n_roles; i++) {
			if (i)
				strbuf_addstr(&name, ", ");
			object_name(&name, n->drop_owned_stmt->roles[i]);
		}
		notef(w, CLASS_CATASTROPHIC, name.buf,
		      "DROP OWNED removes every object owned by %s in this database", name.buf);
		strbuf_release(&name);
		*walk_children = 0;
		return;
	}
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT: {
		const PgQuery__VariableSetStmt *s = n->alter_system_stmt->setstmt;

		notef(w, CLASS_CATASTROPHIC, s && s->name ? s->name : NULL,
		      "ALTER SYSTEM changes the configuration of the whole server%s%s",
		      s && s->name ? ": " : "", s && s->name ? s->name : "");
		*walk_children = 0;
		return;
	}
	case PG_QUERY__NODE__NODE_REASSIGN_OWNED_STMT:
		notef(w, CLASS_WRITE, NULL, "REASSIGN OWNED changes the owner of every object of a role");
		*walk_children = 0;
		return;
	case PG_QUERY__NODE__NODE_CALL_STMT: {
		struct strbuf name = STRBUF_INIT;

		if (n->call_stmt->funccall)
			join_names(&name, n->call_stmt->funccall->funcname,
				   n->call_stmt->funccall->n_funcname);
		notef(w, CLASS_UNKNOWN, NULL, "CALL runs procedure %s, which safepg cannot see into",
		      name.buf);
		strbuf_release(&name);
		return;
	}
	case PG_QUERY__NODE__NODE_LOAD_STMT:
		notef(w, CLASS_UNKNOWN, NULL, "LOAD loads a shared library into the server process");
		return;
	case PG_QUERY__NODE__NODE_RETURN_STMT:
	case PG_QUERY__NODE__NODE_PLASSIGN_STMT:
		notef(w, CLASS_UNKNOWN, NULL, "a PL/pgSQL statement outside a function");
		return;
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
		notef(w, CLASS_WRITE, NULL, "NOTIFY sends a notification to listening sessions");
		return;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
	case PG_QUERY__NODE__NODE_RENAME_STMT:
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_REFRESH_COLL_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_DEPENDS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TABLE_SPACE_OPTIONS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TABLE_MOVE_ALL_STMT:
	case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
	case PG_QUERY__NODE__NODE_IMPORT_FOREIGN_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_CONTENTS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
	case PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_SUBSCRIPTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
		note(w, CLASS_WRITE, NULL, NULL);
		return;
	default:
		return;
	}
}

static void walk_node(struct walker *w, const PgQuery__Node *n)
{
	int children = 1;

	if (!n || n->node_case == PG_QUERY__NODE__NODE__NOT_SET)
		return;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		on_funccall(w, n->func_call);
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		on_where(w, "DELETE", n->delete_stmt->relation, n->delete_stmt->where_clause, 0);
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		on_where(w, "UPDATE", n->update_stmt->relation, n->update_stmt->where_clause, 0);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		on_drop(w, n->drop_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		on_truncate(w, n->truncate_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		on_alter_table(w, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		on_varset(w, n->variable_set_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		on_transaction(w, n->transaction_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_COPY_STMT:
		on_copy(w, n->copy_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
		note(w, CLASS_READ, NULL, NULL);
		if (explain_analyze(n->explain_stmt) && n->explain_stmt->query) {
			walk_node(w, n->explain_stmt->query);
			if (class_rank(w->v->cls) > class_rank(CLASS_READ))
				note(w, w->v->cls, NULL,
				     "EXPLAIN ANALYZE runs the statement it explains");
		}
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_PREPARE_STMT:
		on_prepare(w, n->prepare_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_EXECUTE_STMT:
		on_execute(w, n->execute_stmt);
		break;
	case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
		note(w, CLASS_READ, NULL, NULL);
		if (n->deallocate_stmt->name && *n->deallocate_stmt->name)
			ctx_forget(w->ctx, n->deallocate_stmt->name);
		else
			classify_ctx_reset(w->ctx);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
		note(w, CLASS_READ, NULL, NULL);
		if (n->discard_stmt->target == PG_QUERY__DISCARD_MODE__DISCARD_ALL) {
			classify_ctx_reset(w->ctx);
			/* DISCARD ALL includes RESET ALL */
			notef(w, CLASS_WRITE, NULL, "DISCARD ALL resets every setting: it lifts a read-only session");
			w->v->lifts_read_only = 1;
		}
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		on_rule(w, n->rule_stmt);
		children = 0;
		break;
	case PG_QUERY__NODE__NODE_DO_STMT:
		on_do(w, n->do_stmt);
		children = 0;
		break;
	default:
		base_class(w, n, &children);
		break;
	}
	if (children) {
		/* Every member of the Node oneof sits at the same offset. */
		const ProtobufCMessage *inner = *(const ProtobufCMessage *const *)(const void *)
			((const char *)n + pg_query__node__descriptor.fields[0].offset);

		if (inner)
			walk_fields(w, inner);
	}
}

/* ---- statement kinds ---- */

static const char *stmt_kind(const PgQuery__Node *n, struct strbuf *sb)
{
	strbuf_reset(sb);
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		return n->select_stmt->into_clause ? "SELECT INTO" : "SELECT";
	case PG_QUERY__NODE__NODE_INSERT_STMT: return "INSERT";
	case PG_QUERY__NODE__NODE_UPDATE_STMT: return "UPDATE";
	case PG_QUERY__NODE__NODE_DELETE_STMT: return "DELETE";
	case PG_QUERY__NODE__NODE_MERGE_STMT: return "MERGE";
	case PG_QUERY__NODE__NODE_DROP_STMT:
		strbuf_addf(sb, "DROP %s", objtype_word(n->drop_stmt->remove_type));
		return sb->buf;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		strbuf_addf(sb, "ALTER %s", objtype_word(n->alter_table_stmt->objtype));
		return sb->buf;
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		int t = n->rename_stmt->rename_type;

		/* ALTER TABLE t RENAME COLUMN / CONSTRAINT: the statement names the table */
		if (t == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN ||
		    t == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT)
			t = n->rename_stmt->relation_type;
		else if (t == PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE)
			t = PG_QUERY__OBJECT_TYPE__OBJECT_TYPE;
		else if (t == PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT)
			t = PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
		strbuf_addf(sb, "ALTER %s", objtype_word(t));
		return sb->buf;
	}
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		strbuf_addf(sb, "ALTER %s", objtype_word(n->alter_object_schema_stmt->object_type));
		return sb->buf;
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		strbuf_addf(sb, "ALTER %s", objtype_word(n->alter_owner_stmt->object_type));
		return sb->buf;
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_DEPENDS_STMT:
		strbuf_addf(sb, "ALTER %s", objtype_word(n->alter_object_depends_stmt->object_type));
		return sb->buf;
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		strbuf_addf(sb, "CREATE %s", objtype_word(n->define_stmt->kind));
		return sb->buf;
	case PG_QUERY__NODE__NODE_COMMENT_STMT: return "COMMENT";
	case PG_QUERY__NODE__NODE_SEC_LABEL_STMT: return "SECURITY LABEL";
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT: return "TRUNCATE";
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: return "ALTER DOMAIN";
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
		return n->grant_role_stmt->is_grant ? "GRANT" : "REVOKE";
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT: return "ALTER DEFAULT PRIVILEGES";
	case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT: return "CLOSE";
	case PG_QUERY__NODE__NODE_CLUSTER_STMT: return "CLUSTER";
	case PG_QUERY__NODE__NODE_COPY_STMT: return "COPY";
	case PG_QUERY__NODE__NODE_CREATE_STMT: return "CREATE TABLE";
	case PG_QUERY__NODE__NODE_FETCH_STMT: return n->fetch_stmt->ismove ? "MOVE" : "FETCH";
	case PG_QUERY__NODE__NODE_INDEX_STMT: return "CREATE INDEX";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return n->create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		strbuf_addf(sb, "ALTER %s", objtype_word(n->alter_function_stmt->objtype));
		return sb->buf;
	case PG_QUERY__NODE__NODE_DO_STMT: return "DO";
	case PG_QUERY__NODE__NODE_RULE_STMT: return "CREATE RULE";
	case PG_QUERY__NODE__NODE_NOTIFY_STMT: return "NOTIFY";
	case PG_QUERY__NODE__NODE_LISTEN_STMT: return "LISTEN";
	case PG_QUERY__NODE__NODE_UNLISTEN_STMT: return "UNLISTEN";
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		switch (n->transaction_stmt->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN: return "BEGIN";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: return "START TRANSACTION";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: return "COMMIT";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: return "ROLLBACK";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: return "SAVEPOINT";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE: return "RELEASE";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: return "ROLLBACK";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE: return "PREPARE TRANSACTION";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED: return "COMMIT PREPARED";
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED: return "ROLLBACK PREPARED";
		default: return "TRANSACTION";
		}
	case PG_QUERY__NODE__NODE_VIEW_STMT: return "CREATE VIEW";
	case PG_QUERY__NODE__NODE_LOAD_STMT: return "LOAD";
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: return "CREATE DOMAIN";
	case PG_QUERY__NODE__NODE_CREATEDB_STMT: return "CREATE DATABASE";
	case PG_QUERY__NODE__NODE_DROPDB_STMT: return "DROP DATABASE";
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE";
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
		return explain_analyze(n->explain_stmt) ? "EXPLAIN ANALYZE" : "EXPLAIN";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
			return "CREATE MATERIALIZED VIEW";
		return n->create_table_as_stmt->is_select_into ? "SELECT INTO" : "CREATE TABLE AS";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return "ALTER SEQUENCE";
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: {
		PgQuery__VariableSetKind k = n->variable_set_stmt->kind;

		return k == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
		       k == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL ? "RESET" : "SET";
	}
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT: return "SHOW";
	case PG_QUERY__NODE__NODE_DISCARD_STMT: return "DISCARD";
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return "CREATE TRIGGER";
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT: return "CREATE LANGUAGE";
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: return "CREATE ROLE";
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: return "ALTER ROLE";
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: return "DROP ROLE";
	case PG_QUERY__NODE__NODE_LOCK_STMT: return "LOCK TABLE";
	case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT: return "SET CONSTRAINTS";
	case PG_QUERY__NODE__NODE_REINDEX_STMT: return "REINDEX";
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT: return "CHECKPOINT";
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: return "CREATE SCHEMA";
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_REFRESH_COLL_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT: return "ALTER DATABASE";
	case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT: return "ALTER ROLE";
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT: return "CREATE CONVERSION";
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT: return "CREATE CAST";
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT: return "CREATE OPERATOR CLASS";
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT: return "CREATE OPERATOR FAMILY";
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT: return "ALTER OPERATOR FAMILY";
	case PG_QUERY__NODE__NODE_PREPARE_STMT: return "PREPARE";
	case PG_QUERY__NODE__NODE_EXECUTE_STMT: return "EXECUTE";
	case PG_QUERY__NODE__NODE_DEALLOCATE_STMT: return "DEALLOCATE";
	case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT: return "DECLARE CURSOR";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT: return "CREATE TABLESPACE";
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT: return "DROP TABLESPACE";
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT: return "ALTER OPERATOR";
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT: return "ALTER TYPE";
	case PG_QUERY__NODE__NODE_DROP_OWNED_STMT: return "DROP OWNED";
	case PG_QUERY__NODE__NODE_REASSIGN_OWNED_STMT: return "REASSIGN OWNED";
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: return "CREATE TYPE";
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: return "ALTER TYPE";
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT: return "ALTER TEXT SEARCH DICTIONARY";
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT: return "ALTER TEXT SEARCH CONFIGURATION";
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT: return "CREATE FOREIGN DATA WRAPPER";
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT: return "ALTER FOREIGN DATA WRAPPER";
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT: return "CREATE SERVER";
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT: return "ALTER SERVER";
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT: return "CREATE USER MAPPING";
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT: return "ALTER USER MAPPING";
	case PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT: return "DROP USER MAPPING";
	case PG_QUERY__NODE__NODE_ALTER_TABLE_SPACE_OPTIONS_STMT: return "ALTER TABLESPACE";
	case PG_QUERY__NODE__NODE_ALTER_TABLE_MOVE_ALL_STMT: return "ALTER TABLE";
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT: return "CREATE FOREIGN TABLE";
	case PG_QUERY__NODE__NODE_IMPORT_FOREIGN_SCHEMA_STMT: return "IMPORT FOREIGN SCHEMA";
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: return "CREATE EXTENSION";
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_CONTENTS_STMT: return "ALTER EXTENSION";
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT: return "CREATE EVENT TRIGGER";
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT: return "ALTER EVENT TRIGGER";
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: return "REFRESH MATERIALIZED VIEW";
	case PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT: return "ALTER TABLE";
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT: return "ALTER SYSTEM";
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return "CREATE POLICY";
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: return "ALTER POLICY";
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT: return "CREATE TRANSFORM";
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT: return "CREATE ACCESS METHOD";
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT: return "CREATE PUBLICATION";
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT: return "ALTER PUBLICATION";
	case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT: return "CREATE SUBSCRIPTION";
	case PG_QUERY__NODE__NODE_ALTER_SUBSCRIPTION_STMT: return "ALTER SUBSCRIPTION";
	case PG_QUERY__NODE__NODE_DROP_SUBSCRIPTION_STMT: return "DROP SUBSCRIPTION";
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: return "CREATE STATISTICS";
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT: return "ALTER COLLATION";
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT: return "ALTER STATISTICS";
	case PG_QUERY__NODE__NODE_CALL_STMT: return "CALL";
	default: return "UNKNOWN";
	}
}

static void classify_raw(struct classify_ctx *ctx, const PgQuery__RawStmt *raw, unsigned nest,
			 struct verdict *out)
{
	struct verdict sv;
	struct walker w;
	struct strbuf kind = STRBUF_INIT;

	if (!raw->stmt)
		return;
	verdict_init(&sv);
	sv.kind = xstrdup(stmt_kind(raw->stmt, &kind));
	sv.nstatements = 1;
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.v = &sv;
	w.nest = nest;
	walk_node(&w, raw->stmt);
	if (sv.cls == CLASS_NONE)
		verdict_note(&sv, CLASS_UNKNOWN, NULL, "a statement safepg does not know");
	verdict_merge(out, &sv);
	verdict_release(&sv);
	strbuf_release(&kind);
}

/* ---- token-level fallback for what the grammar rejects ---- */

struct tok {
	const char *s;
	size_t len;
	char type;	/* 'w' word, 'q' quoted identifier, 's' string, 'p' punctuation */
};

struct toks {
	struct tok *t;
	size_t n, alloc;
};

static void tok_push(struct toks *ts, const char *s, size_t len, char type)
{
	ALLOC_GROW(ts->t, ts->n + 1, ts->alloc);
	ts->t[ts->n].s = s;
	ts->t[ts->n].len = len;
	ts->t[ts->n].type = type;
	ts->n++;
}

static int is_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * Split text into rough SQL tokens: words, quoted identifiers, strings
 * (skipped as one token), punctuation; comments dropped.  Unterminated
 * quotes run to the end.  Good enough to recognise keywords; it is not a
 * parser.
 */
static void tokenize(const char *s, size_t len, struct toks *ts)
{
	size_t i = 0, j;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c)) {
			i++;
		} else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			int depth = 1;

			for (i += 2; i < len && depth > 0; i++) {
				if (s[i] == '/' && i + 1 < len && s[i + 1] == '*')
					depth++, i++;
				else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/')
					depth--, i++;
			}
		} else if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < len && s[i + 1] == '\'')) {
			int esc = c != '\'';

			j = esc ? i + 2 : i + 1;
			while (j < len) {
				if (esc && s[j] == '\\' && j + 1 < len) {
					j += 2;
					continue;
				}
				if (s[j] == '\'') {
					if (j + 1 < len && s[j + 1] == '\'') {
						j += 2;
						continue;
					}
					break;
				}
				j++;
			}
			tok_push(ts, s + i, (j < len ? j + 1 : len) - i, 's');
			i = j < len ? j + 1 : len;
		} else if (c == '"') {
			j = i + 1;
			while (j < len && !(s[j] == '"' && !(j + 1 < len && s[j + 1] == '"')))
				j += s[j] == '"' ? 2 : 1;
			tok_push(ts, s + i + 1, (j < len ? j : len) - i - 1, 'q');
			i = j < len ? j + 1 : len;
		} else if (c == '$') {
			/* $tag$ ... $tag$ (or a positional parameter $1) */
			j = i + 1;
			while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			if (j < len && s[j] == '$' && !(j > i + 1 && isdigit((unsigned char)s[i + 1]))) {
				size_t taglen = j - i + 1;
				const char *end = memmem(s + j + 1, len - j - 1, s + i, taglen);

				tok_push(ts, s + i, (end ? (size_t)(end - s) + taglen : len) - i, 's');
				i = end ? (size_t)(end - s) + taglen : len;
			} else {
				tok_push(ts, s + i, j - i, 'w');
				i = j;
			}
		} else if (is_word_char(c)) {
			j = i;
			while (j < len && is_word_char((unsigned char)s[j]))
				j++;
			tok_push(ts, s + i, j - i, 'w');
			i = j;
		} else {
			tok_push(ts, s + i, 1, 'p');
			i++;
		}
	}
}

static int tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);

	return t->type == 'w' && t->len == n && !strncasecmp(t->s, word, n);
}

static char *tok_text(const struct tok *t, int fold)
{
	char *s = xmemdupz(t->s, t->len);
	size_t i;

	if (fold)
		for (i = 0; i < t->len; i++)
			s[i] = (char)tolower((unsigned char)s[i]);
	return s;
}

/* Classify tokens t[0..n-1], one statement the grammar rejected. */
static void fallback_stmt(const struct tok *t, size_t n, const char *error, struct verdict *out)
{
	struct verdict sv;
	struct strbuf kind = STRBUF_INIT, why = STRBUF_INIT;
	size_t i;
	int has_where = 0, has_cascade = 0, has_program = 0;

	if (!n)
		return;
	verdict_init(&sv);
	sv.nstatements = 1;
	sv.parse_failed = 1;
	for (i = 0; i < n && i < 2; i++) {
		if (t[i].type != 'w')
			break;
		if (i)
			strbuf_addch(&kind, ' ');
		strbuf_add(&kind, t[i].s, t[i].len);
		if (i == 0 && !tok_is(&t[0], "drop") && !tok_is(&t[0], "create") &&
		    !tok_is(&t[0], "alter"))
			break;
	}
	for (i = 0; i < kind.len; i++)
		kind.buf[i] = (char)toupper((unsigned char)kind.buf[i]);
	sv.kind = xstrdup(kind.len ? kind.buf : "UNKNOWN");
	strbuf_addf(&why, "the PostgreSQL 15 grammar rejects this statement (%s): "
		    "classified from its words", error ? error : "syntax error");
	verdict_note(&sv, CLASS_UNKNOWN, NULL, NULL);

	for (i = 0; i < n; i++) {
		has_where |= tok_is(&t[i], "where");
		has_cascade |= tok_is(&t[i], "cascade");
		has_program |= tok_is(&t[i], "program");
	}
	for (i = 0; i < n; i++) {
		const struct tok *a = &t[i], *b = i + 1 < n ? &t[i + 1] : NULL;

		if (tok_is(a, "drop") && b && tok_is(b, "database")) {
			size_t k = i + 2;
			char *name = NULL;

			while (k < n && (tok_is(&t[k], "if") || tok_is(&t[k], "exists")))
				k++;
			if (k < n && (t[k].type == 'w' || t[k].type == 'q'))
				name = tok_text(&t[k], t[k].type == 'w');
			verdict_note(&sv, CLASS_CATASTROPHIC, name,
				     "DROP DATABASE removes a whole database (read from the words of "
				     "a statement the grammar rejects)");
			if (name && !sv.confirm_target)
				sv.confirm_target = xstrdup(name);
			free(name);
		} else if (tok_is(a, "drop") && b && tok_is(b, "schema") && has_cascade) {
			verdict_note(&sv, CLASS_CATASTROPHIC, NULL,
				     "DROP SCHEMA ... CASCADE removes a schema and everything in it");
		} else if (tok_is(a, "drop") && b && tok_is(b, "owned")) {
			verdict_note(&sv, CLASS_CATASTROPHIC, NULL,
				     "DROP OWNED removes every object of a role");
		} else if (tok_is(a, "alter") && b && tok_is(b, "system")) {
			verdict_note(&sv, CLASS_CATASTROPHIC, NULL,
				     "ALTER SYSTEM changes the configuration of the whole server");
		} else if (tok_is(a, "drop") && b && b->type == 'w') {
			verdict_note(&sv, CLASS_DESTRUCTIVE, NULL, "DROP removes objects");
		} else if (tok_is(a, "truncate")) {
			verdict_note(&sv, CLASS_DESTRUCTIVE, NULL, "TRUNCATE removes every row");
		} else if ((tok_is(a, "delete") || tok_is(a, "update")) && !has_where &&
			   !(i > 0 && tok_is(&t[i - 1], "then"))) {
			/* (MERGE's WHEN MATCHED THEN DELETE is bounded by its ON) */
			verdict_note(&sv, CLASS_DESTRUCTIVE, NULL,
				     tok_is(a, "delete") ? "DELETE without WHERE removes every row" :
				     "UPDATE without WHERE changes every row");
		} else if (tok_is(a, "copy") && has_program) {
			verdict_note(&sv, CLASS_DESTRUCTIVE, NULL,
				     "COPY ... PROGRAM runs a shell command on the database server");
		} else if (a->type == 'w' && b && b->type == 'p' && b->s[0] == '(') {
			char *fname = tok_text(a, 1);
			const struct pgfunc_info *f = pgfunc_lookup(NULL, fname);

			if (f && class_rank(f->cls) > class_rank(CLASS_UNKNOWN))
				verdict_note(&sv, f->cls, NULL, f->reason);
			free(fname);
		}
	}
	/* Last, so that it stays whatever class the words gave. */
	verdict_note(&sv, sv.cls, NULL, why.buf);
	verdict_merge(out, &sv);
	verdict_release(&sv);
	strbuf_release(&kind);
	strbuf_release(&why);
}

/* ---- units ---- */

/*
 * protobuf-c unpacks nested messages recursively, and the PostgreSQL
 * grammar accepts expressions thousands of levels deep (a + b + c ...).
 * Measure the nesting of the packed tree first, without recursion, from
 * the descriptors: a field of message type opens a level.  Each level
 * costs at least two bytes (tag and length), so short trees are skipped.
 */
#define UNPACK_MAX_DEPTH 4000

static int read_varint(const uint8_t *p, size_t len, size_t *pos, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*pos < len && shift < 64) {
		uint8_t b = p[(*pos)++];

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

static int packed_too_deep(const uint8_t *p, size_t len)
{
	const ProtobufCMessageDescriptor **desc = NULL;
	size_t *end = NULL, depth = 0, pos = 0;
	int ret = 0;

	if (len < 2 * UNPACK_MAX_DEPTH)
		return 0;
	desc = xcalloc(UNPACK_MAX_DEPTH + 1, sizeof(*desc));
	end = xcalloc(UNPACK_MAX_DEPTH + 1, sizeof(*end));
	desc[0] = &pg_query__parse_result__descriptor;
	end[0] = len;
	while (pos < len) {
		uint64_t tag, n;
		const ProtobufCFieldDescriptor *f;

		while (depth > 0 && pos >= end[depth])
			depth--;
		if (read_varint(p, len, &pos, &tag) < 0)
			break;
		switch (tag & 7) {
		case 0:
			if (read_varint(p, len, &pos, &n) < 0)
				goto out;
			break;
		case 1:
			pos += 8;
			break;
		case 5:
			pos += 4;
			break;
		case 2:
			if (read_varint(p, len, &pos, &n) < 0 || n > len - pos)
				goto out;
			f = protobuf_c_message_descriptor_get_field(desc[depth], (unsigned)(tag >> 3));
			if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
				if (++depth >= UNPACK_MAX_DEPTH) {
					ret = 1;
					goto out;
				}
				desc[depth] = f->descriptor;
				end[depth] = pos + (size_t)n;
			} else {
				pos += (size_t)n;
			}
			break;
		default:
			goto out;	/* malformed: let unpack refuse it */
		}
	}
out:
	free(desc);
	free(end);
	return ret;
}

static int parse_unit(struct classify_ctx *ctx, const char *text, unsigned nest,
		      struct verdict *out, char **error)
{
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *tree = NULL;
	size_t i;
	int ret = 0;

	r = pg_query_parse_protobuf(text);
	if (r.error) {
		if (error)
			*error = xstrdup(r.error->message ? r.error->message : "syntax error");
		ret = -1;
		goto out;
	}
	if (packed_too_deep((const uint8_t *)r.parse_tree.data, r.parse_tree.len)) {
		struct verdict deep;

		verdict_init(&deep);
		verdict_set(&deep, CLASS_UNKNOWN, "UNKNOWN",
			    "the statement is nested too deeply to see through");
		deep.nstatements = 1;
		verdict_merge(out, &deep);
		verdict_release(&deep);
		goto out;
	}
	tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
					      (const uint8_t *)r.parse_tree.data);
	if (!tree) {
		if (error)
			*error = xstrdup("the parse tree could not be read");
		ret = -1;
		goto out;
	}
	for (i = 0; i < tree->n_stmts; i++)
		if (tree->stmts[i])
			classify_raw(ctx, tree->stmts[i], nest, out);
out:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	pg_query_free_protobuf_parse_result(r);
	return ret;
}

/*
 * The unit as a whole was rejected.  One bad statement must not hide the
 * others: split at the semicolons outside parentheses (the tokenizer skips
 * quotes and comments), parse each piece alone, and give the pieces that
 * still fail to the token-level check.
 */
static void fallback_text(struct classify_ctx *ctx, const char *text, size_t len, unsigned nest,
			  const char *error, struct verdict *out)
{
	struct toks ts = { NULL, 0, 0 };
	size_t i, start = 0, npieces = 0;
	int depth = 0;

	tokenize(text, len, &ts);
	for (i = 0; i < ts.n; i++)
		if (ts.t[i].type == 'p' && ts.t[i].s[0] == ';')
			npieces++;
	for (i = 0; i <= ts.n; i++) {
		struct verdict pv;
		char *piece, *perr = NULL;
		size_t from, to;

		if (i < ts.n && ts.t[i].type == 'p') {
			if (ts.t[i].s[0] == '(')
				depth++;
			else if (ts.t[i].s[0] == ')' && depth > 0)
				depth--;
		}
		if (i < ts.n && !(ts.t[i].type == 'p' && ts.t[i].s[0] == ';' && depth == 0))
			continue;
		if (i == start) {
			start = i + 1;
			continue;
		}
		verdict_init(&pv);
		if (npieces == 0) {
			fallback_stmt(ts.t + start, i - start, error, &pv);
		} else {
			from = (size_t)(ts.t[start].s - text);
			to = (size_t)(ts.t[i - 1].s - text) + ts.t[i - 1].len;
			piece = xmemdupz(text + from, to - from);
			if (parse_unit(ctx, piece, nest, &pv, &perr) < 0) {
				verdict_release(&pv);
				fallback_stmt(ts.t + start, i - start, perr, &pv);
			}
			free(piece);
			free(perr);
		}
		verdict_merge(out, &pv);
		verdict_release(&pv);
		start = i + 1;
	}
	if (out->cls == CLASS_NONE)
		fallback_stmt(ts.t, ts.n, error, out);
	free(ts.t);
}

static int ident_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * With standard_conforming_strings off the server reads a backslash in a
 * plain '...' literal as an escape, as in E'...'; the parser here always
 * reads it with the setting on.  Give it the text it would read the same
 * way: each plain literal that holds a backslash gets an E in front.
 * Comments, quoted names, dollar quotes and prefixed literals (E'', B'',
 * X'', N'', U&'') are left alone.  Returns the new text (allocated), or
 * NULL when nothing needed changing; *newlen is its length.
 */
static char *escape_nonstd_literals(const char *s, size_t len, size_t *newlen)
{
	struct strbuf out = STRBUF_INIT;
	size_t i = 0, copied = 0;
	int changed = 0;

	while (i < len) {
		char c = s[i];

		if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			int depth = 1;

			for (i += 2; i < len && depth; i++) {
				if (s[i] == '/' && i + 1 < len && s[i + 1] == '*')
					depth++, i++;
				else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/')
					depth--, i++;
			}
		} else if (c == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				;
			i++;
		} else if (c == '$' && (i == 0 || !ident_char((unsigned char)s[i - 1]))) {
			size_t t = i + 1, taglen;
			const char *end;

			while (t < len && ident_char((unsigned char)s[t]) && s[t] != '$')
				t++;
			if (t >= len || s[t] != '$' || (t > i + 1 && isdigit((unsigned char)s[i + 1]))) {
				i++;
				continue;
			}
			taglen = t + 1 - i;
			end = memmem(s + t + 1, len - t - 1, s + i, taglen);
			i = end ? (size_t)(end - s) + taglen : len;
		} else if (c == '\'') {
			size_t start = i;
			int prefixed = i > 0 && (ident_char((unsigned char)s[i - 1]) || s[i - 1] == '&');
			int backslash = 0;

			for (i++; i < len; i++) {
				if (s[i] == '\\' && !prefixed) {
					backslash = 1;
					i++;
				} else if (s[i] == '\\' && (s[start - 1] == 'E' || s[start - 1] == 'e')) {
					i++;
				} else if (s[i] == '\'') {
					if (i + 1 < len && s[i + 1] == '\'')
						i++;
					else
						break;
				}
			}
			i++;
			if (backslash) {
				strbuf_add(&out, s + copied, start - copied);
				strbuf_addch(&out, 'E');
				copied = start;
				changed = 1;
			}
		} else {
			i++;
		}
	}
	if (!changed) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_add(&out, s + copied, len - copied);
	return strbuf_detach(&out, newlen);
}

void classify_ctx_set_std_strings(struct classify_ctx *ctx, int on)
{
	ctx->std_strings_off = !on;
}

static void classify_text(struct classify_ctx *ctx, const char *sql, size_t len,
			  unsigned nest, int use_fast, struct verdict *out)
{
	struct classify_ctx *own = NULL;
	char *text, *error = NULL;
	size_t i;

	verdict_release(out);
	if (use_fast && classify_fast(sql, len, out))
		return;
	if (!ctx)
		ctx = own = classify_ctx_new();
	/* libpg_query reads a C string: a NUL must not hide what follows it. */
	text = NULL;
	if (ctx->std_strings_off && memchr(sql, '\\', len))
		text = escape_nonstd_literals(sql, len, &len);
	if (!text)
		text = xmemdupz(sql, len);
	for (i = 0; i < len; i++)
		if (!text[i])
			text[i] = ' ';
	if (nest > NEST_MAX) {
		verdict_set(out, CLASS_UNKNOWN, "UNKNOWN", "SQL nested in SQL too deeply to see through");
		out->nstatements = 1;
	} else if (parse_unit(ctx, text, nest, out, &error) < 0) {
		verdict_release(out);
		fallback_text(ctx, text, len, nest, error, out);
	}
	if (out->cls == CLASS_NONE) {
		if (out->parse_failed) {
			verdict_set(out, CLASS_UNKNOWN, "UNKNOWN", "the PostgreSQL 15 grammar rejects it");
		} else {
			verdict_set(out, CLASS_READ, "empty", NULL);
			out->nstatements = 0;
		}
	}
	free(error);
	free(text);
	classify_ctx_free(own);
}

void classify_sql(struct classify_ctx *ctx, const char *sql, size_t len, struct verdict *out)
{
	classify_text(ctx, sql, len, 0, 1, out);
}

void classify_sql_parsed(struct classify_ctx *ctx, const char *sql, size_t len,
			 struct verdict *out)
{
	classify_text(ctx, sql, len, 0, 0, out);
}
