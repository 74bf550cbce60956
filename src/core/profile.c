/* SPDX-License-Identifier: PostgreSQL */
/*
 * profile: parse and validate the YAML profile.  See profile.h.
 *
 * Two passes.  The first turns libyaml's events into a small tree of
 * scalars, lists and mappings with their positions, refusing anchors,
 * aliases, tags, a second document and deep nesting; a YAML syntax error
 * ends it.  The second walks the tree against the schema and records every
 * problem it finds instead of stopping at the first, so that one run of
 * `safepg profile check` shows them all.  Errors are sorted by position
 * before they are formatted.  This module does not read files, check
 * permissions or print; profile_file.c does.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* ---------------------------------------------------------------- names */

static const char *const action_names[ACTION_COUNT] = {
	[ACTION_NONE] = "none",
	[ACTION_ALLOW] = "allow",
	[ACTION_WARN] = "warn",
	[ACTION_CONFIRM] = "confirm",
	[ACTION_BLOCK] = "block",
};

static const char *const protection_names[PROTECTION_COUNT] = {
	[PROTECTION_NONE] = "none",
	[PROTECTION_OFF] = "off",
	[PROTECTION_WARN] = "warn",
	[PROTECTION_CONFIRM] = "confirm",
	[PROTECTION_STRICT] = "strict",
	[PROTECTION_READONLY] = "readonly",
};

static const char *const phrase_names[PHRASE_COUNT] = {
	[PHRASE_NONE] = "none",
	[PHRASE_DATABASE] = "database",
	[PHRASE_ENVIRONMENT] = "environment",
	[PHRASE_HOST] = "host",
	[PHRASE_LITERAL] = "literal",
};

static const char *const color_names[] = {
	"none", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};
#define NCOLORS (sizeof(color_names) / sizeof(color_names[0]))

const char *action_name(enum action a)
{
	return (a >= ACTION_NONE && a < ACTION_COUNT) ? action_names[a] : "none";
}

int action_parse(const char *name, enum action *out)
{
	for (int a = ACTION_ALLOW; a < ACTION_COUNT; a++) {
		if (!strcmp(name, action_names[a])) {
			*out = (enum action)a;
			return 0;
		}
	}
	return -1;
}

enum action action_max(enum action a, enum action b)
{
	return a >= b ? a : b;
}

const char *protection_name(enum protection p)
{
	return (p >= PROTECTION_NONE && p < PROTECTION_COUNT) ? protection_names[p] : "none";
}

int protection_parse(const char *name, enum protection *out)
{
	for (int p = PROTECTION_OFF; p < PROTECTION_COUNT; p++) {
		if (!strcmp(name, protection_names[p])) {
			*out = (enum protection)p;
			return 0;
		}
	}
	return -1;
}

const char *phrase_kind_name(enum phrase_kind k)
{
	return (k >= PHRASE_NONE && k < PHRASE_COUNT) ? phrase_names[k] : "none";
}

/* ------------------------------------------------------ the built-in default */

static const char default_yaml[] =
	"# safepg built-in default profile: what applies when there is no profile.\n"
	"# `safepg profile default` prints it; copy it to\n"
	"# ~/.config/safepg/profile.yaml to start your own.  See safepg-profile(5).\n"
	"version: 1\n"
	"\n"
	"# What applies when no environment below matches.\n"
	"default_environment: remote\n"
	"\n"
	"environments:\n"
	"  # This machine: Unix sockets and loopback addresses.\n"
	"  local:\n"
	"    description: Unix socket or loopback address\n"
	"    match:\n"
	"      hosts: [\"/*\", \"localhost\", \"127.0.0.0/8\", \"::1\"]\n"
	"    protection: warn\n"
	"\n"
	"  # Anything that looks like production, wherever it is.  The list form\n"
	"  # of match means: the host OR the database name contains \"prod\".\n"
	"  production:\n"
	"    description: host or database name containing \"prod\"\n"
	"    match:\n"
	"      - hosts: [\"*prod*\"]\n"
	"      - databases: [\"*prod*\", \"*Prod*\", \"*PROD*\"]\n"
	"    protection: strict\n"
	"    countdown: 10\n"
	"    color: red\n"
	"\n"
	"  # Every other server.  No match: it applies as default_environment,\n"
	"  # or when the server says it is \"remote\".\n"
	"  remote:\n"
	"    description: any other server\n"
	"    protection: confirm\n";

const char *profile_default_yaml(void)
{
	return default_yaml;
}

/* ---------------------------------------------------------------- errors */

struct perr {
	unsigned line, column;	/* 0, 0: about the whole file */
	size_t seq;		/* order found, to keep the sort stable */
	char *text;		/* the message, maybe "\nhint: ..." after it */
};

struct loader {
	const char *name;
	struct perr *errs;
	size_t nerrs, alloc;
	int too_many;
};

static int loader_full(struct loader *ld)
{
	if (ld->nerrs < PROFILE_MAX_ERRORS)
		return 0;
	ld->too_many = 1;
	return 1;
}

__attribute__((format(printf, 5, 0)))
static void vreport(struct loader *ld, unsigned line, unsigned column, const char *hint,
		    const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (loader_full(ld))
		return;
	strbuf_vaddf(&sb, fmt, ap);
	if (hint)
		strbuf_addf(&sb, "\nhint: %s", hint);
	ALLOC_GROW(ld->errs, ld->nerrs + 1, ld->alloc);
	ld->errs[ld->nerrs].line = line;
	ld->errs[ld->nerrs].column = column;
	ld->errs[ld->nerrs].seq = ld->nerrs;
	ld->errs[ld->nerrs].text = strbuf_detach(&sb, NULL);
	ld->nerrs++;
}

__attribute__((format(printf, 5, 6)))
static void report(struct loader *ld, unsigned line, unsigned column, const char *hint,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ld, line, column, hint, fmt, ap);
	va_end(ap);
}

static int perr_cmp(const void *a, const void *b)
{
	const struct perr *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* Every error, sorted by position, as the text profile_parse promises. */
static char *loader_format(struct loader *ld)
{
	struct strbuf sb = STRBUF_INIT;

	qsort(ld->errs, ld->nerrs, sizeof(*ld->errs), perr_cmp);
	for (size_t i = 0; i < ld->nerrs; i++) {
		if (i)
			strbuf_addch(&sb, '\n');
		if (ld->errs[i].line)
			strbuf_addf(&sb, "%s:%u:%u: %s", ld->name, ld->errs[i].line,
				    ld->errs[i].column, ld->errs[i].text);
		else
			strbuf_addf(&sb, "%s: %s", ld->name, ld->errs[i].text);
	}
	if (ld->too_many)
		strbuf_addf(&sb, "\n%s: too many errors; only the first %d are shown", ld->name,
			    PROFILE_MAX_ERRORS);
	return strbuf_detach(&sb, NULL);
}

static void loader_release(struct loader *ld)
{
	for (size_t i = 0; i < ld->nerrs; i++)
		free(ld->errs[i].text);
	free(ld->errs);
	ld->errs = NULL;
	ld->nerrs = ld->alloc = 0;
}

/*
 * Append s (len bytes) to sb as a double-quoted string for a message:
 * quotes, backslashes and control characters escaped, at most about 60
 * bytes shown, cut on a UTF-8 character boundary.
 */
static void add_quoted(struct strbuf *sb, const char *s, size_t len)
{
	size_t show = len;

	if (show > 60) {
		show = 57;
		while (show > 0 && ((unsigned char)s[show] & 0xC0) == 0x80)
			show--;
	}
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < show; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else if (c == 0xC2 && i + 1 < show && (unsigned char)s[i + 1] >= 0x80 &&
			 (unsigned char)s[i + 1] <= 0x9F)
			strbuf_addf(sb, "\\u%04x", (unsigned char)s[++i]);
		else
			strbuf_addch(sb, (char)c);
	}
	if (show < len)
		strbuf_addstr(sb, "...");
	strbuf_addch(sb, '"');
}

/* ------------------------------------------------------------ suggestions */

/* Optimal string alignment distance; both strings short (callers check). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *prev2 = xcalloc(lb + 1, sizeof(size_t));
	size_t *prev = xcalloc(lb + 1, sizeof(size_t));
	size_t *cur = xcalloc(lb + 1, sizeof(size_t));
	size_t d;

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

/* The candidate a typo of word most likely meant, or NULL. */
static const char *suggest(const char *word, size_t wlen, const char *const *cands,
			   size_t ncands)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, limit;

	if (wlen == 0 || wlen > 64 || memchr(word, '\0', wlen))
		return NULL;
	limit = wlen <= 3 ? 1 : wlen <= 6 ? 2 : 3;
	for (size_t i = 0; i < ncands; i++) {
		size_t d;

		if (strlen(cands[i]) == wlen && !strncasecmp(word, cands[i], wlen))
			return cands[i];
		d = edit_distance(word, cands[i]);
		if (d <= limit && d < strlen(cands[i]) && d < best_d) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}

/* "a, b, c" */
static char *join_names(const char *const *names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------- the tree */

enum ynode_kind {
	YNODE_NONE = 0,
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
	YNODE_BAD		/* an alias: already reported, skipped by the schema */
};

struct ynode {
	enum ynode_kind kind;
	unsigned line, column;	/* 1-based */
	int plain;		/* scalar written without quotes */
	char *value;		/* scalar, NUL-terminated (may hold NULs inside) */
	size_t len;
	struct ynode *items;	/* SEQ: items; MAP: key, value, key, value, ... */
	size_t n, alloc;
};

static void ynode_release(struct ynode *n)
{
	for (size_t i = 0; i < n->n; i++)
		ynode_release(&n->items[i]);
	free(n->items);
	free(n->value);
	memset(n, 0, sizeof(*n));
}

struct builder {
	struct loader *ld;
	yaml_parser_t parser;
	const char *buf;
	size_t len;
};

/* Line and column (1-based, in characters) of a byte offset. */
static void offset_position(const char *buf, size_t len, size_t off, unsigned *line,
			    unsigned *column)
{
	unsigned l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

static unsigned mark_num(size_t v)
{
	return v >= UINT_MAX ? UINT_MAX : (unsigned)v + 1;
}

static void syntax_error(struct builder *b)
{
	yaml_parser_t *p = &b->parser;
	const char *problem = p->problem ? p->problem : "unknown problem";
	const char *hint = NULL;
	unsigned line, column;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		report(b->ld, 0, 0, NULL, "out of memory while reading YAML");
		break;
	case YAML_READER_ERROR:
		offset_position(b->buf, b->len, p->problem_offset, &line, &column);
		if (p->problem_value != -1)
			report(b->ld, line, column, NULL, "syntax error: %s (#x%X)", problem,
			       (unsigned)p->problem_value);
		else
			report(b->ld, line, column, NULL, "syntax error: %s", problem);
		break;
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		line = mark_num(p->problem_mark.line);
		column = mark_num(p->problem_mark.column);
		/* YAML forbids tabs in indentation; libyaml's message does not say so */
		if (p->problem_mark.index < b->len && b->buf[p->problem_mark.index] == '\t')
			hint = "indent with spaces: YAML does not allow tabs there";
		if (p->context)
			report(b->ld, line, column, hint,
			       "syntax error: %s (%s at line %u, column %u)", problem,
			       p->context, mark_num(p->context_mark.line),
			       mark_num(p->context_mark.column));
		else
			report(b->ld, line, column, hint, "syntax error: %s", problem);
		break;
	case YAML_NO_ERROR:
	case YAML_COMPOSER_ERROR:
	case YAML_WRITER_ERROR:
	case YAML_EMITTER_ERROR:
	default:
		report(b->ld, 0, 0, NULL, "unexpected error from the YAML parser (%d)",
		       (int)p->error);
		break;
	}
}

static int next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		syntax_error(b);
		return -1;
	}
	return 0;
}

static void check_properties(struct builder *b, const yaml_char_t *anchor,
			     const yaml_char_t *tag, unsigned line, unsigned column)
{
	if (anchor)
		report(b->ld, line, column, "write the value out again where it is needed",
		       "anchors are not supported (&%s)", (const char *)anchor);
	if (tag) {
		const char *t = (const char *)tag;
		static const char core[] = "tag:yaml.org,2002:";

		/* show the tag as it was most likely written */
		if (!strncmp(t, core, sizeof(core) - 1))
			report(b->ld, line, column, "remove the tag",
			       "tags are not supported (!!%s)", t + sizeof(core) - 1);
		else
			report(b->ld, line, column, "remove the tag",
			       "tags are not supported (%s)", t);
	}
}

static const char *event_name(yaml_event_type_t t)
{
	switch (t) {
	case YAML_NO_EVENT:
		return "nothing";
	case YAML_STREAM_START_EVENT:
		return "a stream start";
	case YAML_STREAM_END_EVENT:
		return "the end of the stream";
	case YAML_DOCUMENT_START_EVENT:
		return "a document start";
	case YAML_DOCUMENT_END_EVENT:
		return "a document end";
	case YAML_ALIAS_EVENT:
		return "an alias";
	case YAML_SCALAR_EVENT:
		return "a scalar";
	case YAML_SEQUENCE_START_EVENT:
		return "a list";
	case YAML_SEQUENCE_END_EVENT:
		return "the end of a list";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_MAPPING_END_EVENT:
		return "the end of a mapping";
	default:
		return "an unknown event";
	}
}

/*
 * Build the node that starts with *ev (consumed here) into *out.  Returns 0,
 * or -1 when parsing must stop (syntax error, nesting too deep); *out may
 * then hold a partial node, which the caller releases.
 */
static int build_node(struct builder *b, yaml_event_t *ev, int depth, struct ynode *out)
{
	yaml_event_type_t end;

	memset(out, 0, sizeof(*out));
	out->line = mark_num(ev->start_mark.line);
	out->column = mark_num(ev->start_mark.column);
	if (depth > PROFILE_MAX_DEPTH) {
		report(b->ld, out->line, out->column, NULL, "nesting deeper than %d levels",
		       PROFILE_MAX_DEPTH);
		yaml_event_delete(ev);
		return -1;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		check_properties(b, ev->data.scalar.anchor, ev->data.scalar.tag, out->line,
				 out->column);
		out->kind = YNODE_SCALAR;
		out->value = xmemdupz(ev->data.scalar.value, ev->data.scalar.length);
		out->len = ev->data.scalar.length;
		out->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(ev);
		return 0;
	case YAML_ALIAS_EVENT:
		report(b->ld, out->line, out->column,
		       "write the value out again where it is needed",
		       "aliases are not supported (*%s)", (const char *)ev->data.alias.anchor);
		out->kind = YNODE_BAD;
		yaml_event_delete(ev);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		check_properties(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
				 out->line, out->column);
		out->kind = YNODE_SEQ;
		end = YAML_SEQUENCE_END_EVENT;
		break;
	case YAML_MAPPING_START_EVENT:
		check_properties(b, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
				 out->line, out->column);
		out->kind = YNODE_MAP;
		end = YAML_MAPPING_END_EVENT;
		break;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
	default:
		report(b->ld, out->line, out->column, NULL, "unexpected YAML event: %s",
		       event_name(ev->type));
		yaml_event_delete(ev);
		return -1;
	}
	yaml_event_delete(ev);
	for (;;) {
		yaml_event_t cev;
		struct ynode child;

		if (next_event(b, &cev))
			return -1;
		if (cev.type == end) {
			yaml_event_delete(&cev);
			return 0;
		}
		if (build_node(b, &cev, depth + 1, &child)) {
			ynode_release(&child);
			return -1;
		}
		ALLOC_GROW(out->items, out->n + 1, out->alloc);
		out->items[out->n++] = child;
	}
}

/*
 * The whole stream into *root.  Returns 0 with root->kind YNODE_NONE for an
 * empty stream, or -1 when the tree is unusable (errors reported).
 */
static int build_tree(struct builder *b, struct ynode *root)
{
	yaml_event_t ev;
	int ret = -1;

	memset(root, 0, sizeof(*root));
	if (next_event(b, &ev))
		return -1;
	if (ev.type != YAML_STREAM_START_EVENT) {
		report(b->ld, 1, 1, NULL, "unexpected YAML event: %s", event_name(ev.type));
		yaml_event_delete(&ev);
		return -1;
	}
	yaml_event_delete(&ev);
	if (next_event(b, &ev))
		return -1;
	switch (ev.type) {
	case YAML_STREAM_END_EVENT:
		yaml_event_delete(&ev);
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		yaml_event_delete(&ev);
		break;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_ALIAS_EVENT:
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_START_EVENT:
	case YAML_MAPPING_END_EVENT:
	default:
		report(b->ld, mark_num(ev.start_mark.line), mark_num(ev.start_mark.column), NULL,
		       "unexpected YAML event: %s", event_name(ev.type));
		yaml_event_delete(&ev);
		return -1;
	}
	if (next_event(b, &ev))
		return -1;
	if (build_node(b, &ev, 1, root))
		return -1;
	if (next_event(b, &ev))
		return -1;
	if (ev.type != YAML_DOCUMENT_END_EVENT) {
		report(b->ld, mark_num(ev.start_mark.line), mark_num(ev.start_mark.column), NULL,
		       "unexpected YAML event: %s", event_name(ev.type));
		yaml_event_delete(&ev);
		return -1;
	}
	yaml_event_delete(&ev);
	if (next_event(b, &ev))
		return -1;
	switch (ev.type) {
	case YAML_STREAM_END_EVENT:
		ret = 0;
		break;
	case YAML_DOCUMENT_START_EVENT:
		/* reported, and the first document is still checked */
		report(b->ld, mark_num(ev.start_mark.line), mark_num(ev.start_mark.column),
		       "a profile is a single YAML document: remove the \"---\" line",
		       "more than one YAML document");
		ret = 0;
		break;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_ALIAS_EVENT:
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_START_EVENT:
	case YAML_MAPPING_END_EVENT:
	default:
		report(b->ld, mark_num(ev.start_mark.line), mark_num(ev.start_mark.column), NULL,
		       "unexpected YAML event: %s", event_name(ev.type));
		break;
	}
	yaml_event_delete(&ev);
	return ret;
}

/* ------------------------------------------------------- scalar values */

static int is_null(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR && n->plain &&
	       (n->len == 0 || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
		!strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

/* How a node looks, for "must be X, not Y". */
static void add_what(struct strbuf *sb, const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_SEQ:
		strbuf_addstr(sb, "a list");
		break;
	case YNODE_MAP:
		strbuf_addstr(sb, "a mapping");
		break;
	case YNODE_SCALAR:
		if (is_null(n)) {
			strbuf_addstr(sb, "empty");
			break;
		}
		if (!n->plain)
			strbuf_addstr(sb, "the quoted string ");
		add_quoted(sb, n->value, n->len);
		break;
	case YNODE_NONE:
	case YNODE_BAD:
	default:
		strbuf_addstr(sb, "an alias");
		break;
	}
}

/*
 * Report "SUBJECT must be WANT, not WHAT".  subject is shown as given:
 * callers quote key names ("\"countdown\"") and describe list entries ("a
 * port").  Nothing is said about an alias, already reported.
 */
static void report_type(struct loader *ld, const struct ynode *n, const char *subject,
			const char *want, const char *hint)
{
	struct strbuf what = STRBUF_INIT;

	if (n->kind == YNODE_BAD || loader_full(ld))
		return;
	add_what(&what, n);
	report(ld, n->line, n->column, hint, "%s must be %s, not %s", subject, want, what.buf);
	strbuf_release(&what);
}

/*
 * The text of a scalar usable as a string: not null, no NUL byte and no
 * control character (profile strings reach the terminal: names, titles,
 * phrases).  Reports and returns NULL otherwise.
 */
static const char *get_string(struct loader *ld, const struct ynode *n, const char *subject)
{
	if (n->kind != YNODE_SCALAR || is_null(n)) {
		report_type(ld, n, subject, "a string", NULL);
		return NULL;
	}
	for (size_t i = 0; i < n->len; i++) {
		unsigned char c = (unsigned char)n->value[i];

		if (c < 0x20 || c == 0x7f ||
		    (c == 0xC2 && i + 1 < n->len && (unsigned char)n->value[i + 1] >= 0x80 &&
		     (unsigned char)n->value[i + 1] <= 0x9F)) {
			struct strbuf q = STRBUF_INIT;

			add_quoted(&q, n->value, n->len);
			report(ld, n->line, n->column,
			       "profile strings are shown on the terminal and must be printable",
			       "%s contains a control character: %s", subject, q.buf);
			strbuf_release(&q);
			return NULL;
		}
	}
	return n->value;
}

/* A non-empty string. */
static const char *get_nonempty(struct loader *ld, const struct ynode *n, const char *subject)
{
	const char *s = get_string(ld, n, subject);

	if (s && !*s) {
		report(ld, n->line, n->column, NULL, "%s must not be empty", subject);
		return NULL;
	}
	return s;
}

static void report_not_uint(struct loader *ld, const struct ynode *n, const char *subject,
			    unsigned long long min, unsigned long long max, const char *hint)
{
	char *want = xasprintf("an integer from %llu to %llu", min, max);

	report_type(ld, n, subject, want, hint);
	free(want);
}

/* 1 when the scalar's text is an optionally signed run of decimal digits. */
static int is_integer_text(const struct ynode *n)
{
	size_t i = (n->len && (n->value[0] == '-' || n->value[0] == '+')) ? 1 : 0;

	return n->kind == YNODE_SCALAR && i < n->len &&
	       strspn(n->value + i, "0123456789") == n->len - i;
}

/*
 * An unquoted decimal integer from min to max.  Returns 0 and sets *out, or
 * -1 after reporting.
 */
static int get_uint(struct loader *ld, const struct ynode *n, const char *subject,
		    unsigned long long min, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *s;
	int overflow = 0;

	if (!is_integer_text(n)) {
		report_not_uint(ld, n, subject, min, max, NULL);
		return -1;
	}
	if (!n->plain) {
		report_not_uint(ld, n, subject, min, max, "remove the quotes");
		return -1;
	}
	s = n->value + (n->value[0] == '-' || n->value[0] == '+');
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (ULLONG_MAX - d) / 10)
			overflow = 1;
		else
			v = v * 10 + d;
	}
	if (overflow || (n->value[0] == '-' && v) || v < min || v > max) {
		report(ld, n->line, n->column, NULL, "%s must be from %llu to %llu, not %s",
		       subject, min, max, n->value);
		return -1;
	}
	*out = v;
	return 0;
}

static int get_bool(struct loader *ld, const struct ynode *n, const char *subject, int *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };
	static const char *const old[] = { "yes", "Yes", "YES", "no", "No", "NO", "on", "On",
					   "ON", "off", "Off", "OFF", "y", "Y", "n", "N" };

	if (n->kind == YNODE_SCALAR && n->plain) {
		for (size_t i = 0; i < 3; i++) {
			if (!strcmp(n->value, yes[i])) {
				*out = 1;
				return 0;
			}
			if (!strcmp(n->value, no[i])) {
				*out = 0;
				return 0;
			}
		}
		for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
			if (!strcmp(n->value, old[i])) {
				report_type(ld, n, subject, "true or false",
					    "YAML 1.1 booleans are not accepted: write true or false");
				return -1;
			}
		}
	}
	report_type(ld, n, subject, "true or false", NULL);
	return -1;
}

/*
 * One of names[0..n); returns its index or -1 after reporting
 * `unknown WHAT "x"; did you mean "y"?` with the list as a hint.
 */
static int get_enum(struct loader *ld, const struct ynode *node, const char *key,
		    const char *what, const char *const *names, size_t n)
{
	char *subject = xasprintf("\"%s\"", key);
	const char *s = get_string(ld, node, subject);
	const char *guess;
	struct strbuf msg = STRBUF_INIT, hint = STRBUF_INIT;
	char *list;

	free(subject);
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	if (loader_full(ld))
		return -1;
	strbuf_addf(&msg, "unknown %s ", what);
	add_quoted(&msg, node->value, node->len);
	guess = suggest(node->value, node->len, names, n);
	if (guess)
		strbuf_addf(&msg, "; did you mean \"%s\"?", guess);
	list = join_names(names, n);
	strbuf_addf(&hint, "\"%s\" is one of: %s", key, list);
	report(ld, node->line, node->column, hint.buf, "%s", msg.buf);
	free(list);
	strbuf_release(&msg);
	strbuf_release(&hint);
	return -1;
}

/* -------------------------------------------------------------- mappings */

/* A key that belongs somewhere else, and where. */
struct misplaced {
	const char *key;
	const char *hint;
};

/*
 * Check the keys of map against keys[0..nkeys): every key a string, none
 * unknown, none twice.  vals[i] / keynodes[i] get the value and key node of
 * keys[i], or NULL.  Returns 0 when map is a mapping (whatever its keys),
 * -1 after reporting that it is not.
 */
static int walk_map(struct loader *ld, const struct ynode *map, const char *subject,
		    const char *const *keys, size_t nkeys, const struct ynode **vals,
		    const struct ynode **keynodes, const struct misplaced *mis, size_t nmis)
{
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = keynodes[i] = NULL;
	if (map->kind != YNODE_MAP) {
		report_type(ld, map, subject, "a mapping", NULL);
		return -1;
	}
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = &map->items[i], *v = &map->items[i + 1];
		struct strbuf msg = STRBUF_INIT;
		const char *hint = NULL, *guess;
		char *list = NULL, *hintbuf = NULL;
		size_t j;

		if (k->kind == YNODE_BAD)
			continue;
		if (k->kind != YNODE_SCALAR || is_null(k)) {
			report_type(ld, k, "a key", "a string", NULL);
			continue;
		}
		for (j = 0; j < nkeys; j++)
			if (k->len == strlen(keys[j]) && !strcmp(k->value, keys[j]))
				break;
		if (j < nkeys) {
			if (vals[j]) {
				report(ld, k->line, k->column, NULL,
				       "duplicate key \"%s\" (first at line %u, column %u)", keys[j],
				       keynodes[j]->line, keynodes[j]->column);
			} else {
				vals[j] = v;
				keynodes[j] = k;
			}
			continue;
		}
		if (loader_full(ld))
			continue;
		strbuf_addstr(&msg, "unknown key ");
		add_quoted(&msg, k->value, k->len);
		for (size_t m = 0; m < nmis; m++)
			if (!strcmp(k->value, mis[m].key))
				hint = mis[m].hint;
		guess = hint ? NULL : suggest(k->value, k->len, keys, nkeys);
		if (guess) {
			strbuf_addf(&msg, "; did you mean \"%s\"?", guess);
		} else if (!hint) {
			list = join_names(keys, nkeys);
			hintbuf = xasprintf("keys here: %s", list);
			hint = hintbuf;
		}
		report(ld, k->line, k->column, hint, "%s", msg.buf);
		strbuf_release(&msg);
		free(list);
		free(hintbuf);
	}
	return 0;
}

/* ------------------------------------------------------------- the schema */

enum {
	MK_HOSTS, MK_PORTS, MK_DATABASES, MK_USERS, MK_SERVICES, MK_SERVER_TAG,
	MK_SYSTEM_IDENTIFIER, MK_COUNT
};
static const char *const match_keys[MK_COUNT] = {
	"hosts", "ports", "databases", "users", "services", "server_tag", "system_identifier",
};

enum {
	EK_DESCRIPTION, EK_MATCH, EK_PROTECTION, EK_RULES, EK_COUNTDOWN,
	EK_COUNTDOWN_NONINTERACTIVE, EK_CONFIRM_PHRASE, EK_COLOR, EK_READ_ONLY, EK_TITLE,
	EK_BACKGROUND, EK_COUNT
};
static const char *const env_keys[EK_COUNT] = {
	"description", "match", "protection", "rules", "countdown",
	"countdown_noninteractive", "confirm_phrase", "color", "read_only", "title",
	"background",
};

enum {
	TK_VERSION, TK_ENVIRONMENTS, TK_DEFAULT_ENVIRONMENT, TK_AUDIT, TK_PGBIN, TK_COUNT
};
static const char *const top_keys[TK_COUNT] = {
	"version", "environments", "default_environment", "audit", "pgbin",
};

static const char *const audit_keys[] = { "path" };

/* The rule keys, in the order the classes are shown to users. */
static const char *const rule_keys[] = {
	"read", "write", "destructive", "catastrophic", "unknown",
};
#define NRULES (sizeof(rule_keys) / sizeof(rule_keys[0]))

static const struct misplaced env_misplaced[] = {
	{ "hosts", "\"hosts\" belongs under \"match\"" },
	{ "ports", "\"ports\" belongs under \"match\"" },
	{ "databases", "\"databases\" belongs under \"match\"" },
	{ "users", "\"users\" belongs under \"match\"" },
	{ "services", "\"services\" belongs under \"match\"" },
	{ "server_tag", "\"server_tag\" belongs under \"match\"" },
	{ "system_identifier", "\"system_identifier\" belongs under \"match\"" },
	{ "read", "\"read\" belongs under \"rules\"" },
	{ "write", "\"write\" belongs under \"rules\"" },
	{ "destructive", "\"destructive\" belongs under \"rules\"" },
	{ "catastrophic", "\"catastrophic\" belongs under \"rules\"" },
	{ "unknown", "\"unknown\" belongs under \"rules\"" },
	{ "name", "the environment's name is its key under \"environments\"" },
};

static const struct misplaced top_misplaced[] = {
	{ "protection", "\"protection\" belongs to an environment, under \"environments\"" },
	{ "match", "\"match\" belongs to an environment, under \"environments\"" },
	{ "rules", "\"rules\" belongs to an environment, under \"environments\"" },
	{ "countdown", "\"countdown\" belongs to an environment, under \"environments\"" },
	{ "path", "\"path\" belongs under \"audit\"" },
	{ "environment", "environments are listed under \"environments\"" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A non-empty list; returns 0, or -1 after reporting. */
static int get_list(struct loader *ld, const struct ynode *n, const char *key,
		    const char *want)
{
	if (n->kind != YNODE_SEQ) {
		char *hint = NULL;

		if (n->kind == YNODE_SCALAR && !is_null(n) && !loader_full(ld)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "write %s: [", key);
			/* a plain number stays a number (ports), anything else is quoted */
			if (n->plain && is_integer_text(n))
				strbuf_add(&sb, n->value, n->len);
			else
				add_quoted(&sb, n->value, n->len);
			strbuf_addch(&sb, ']');
			hint = strbuf_detach(&sb, NULL);
		}
		char *subject = xasprintf("\"%s\"", key);

		report_type(ld, n, subject, want, hint);
		free(subject);
		free(hint);
		return -1;
	}
	if (n->n == 0) {
		report(ld, n->line, n->column, "remove the key, or list at least one entry",
		       "\"%s\" is empty: it would match nothing", key);
		return -1;
	}
	return 0;
}

static void load_globs(struct loader *ld, const struct ynode *n, const char *key,
		       const char *entry, struct strvec *out)
{
	if (get_list(ld, n, key, "a list of patterns"))
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *it = &n->items[i];
		const char *s = get_nonempty(ld, it, entry);
		char *cause = NULL;

		if (!s)
			continue;
		if (envmatch_glob_check(s, &cause)) {
			char *nl = strchr(cause, '\n');

			if (nl)
				*nl = '\0';
			report(ld, it->line, it->column, nl ? nl + 1 + strlen("hint: ") : NULL, "%s",
			       cause);
			free(cause);
			continue;
		}
		strvec_push(out, s);
	}
}

static void load_hosts(struct loader *ld, const struct ynode *n, struct env_match *m)
{
	if (get_list(ld, n, "hosts", "a list of host patterns"))
		return;
	m->hosts = xcalloc(n->n, sizeof(*m->hosts));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *it = &n->items[i];
		const char *s = get_nonempty(ld, it, "a host pattern");
		char *cause = NULL;

		if (!s)
			continue;
		if (envmatch_host_pattern_parse(s, &m->hosts[m->nhosts], &cause)) {
			char *nl = strchr(cause, '\n');

			if (nl)
				*nl = '\0';
			report(ld, it->line, it->column, nl ? nl + 1 + strlen("hint: ") : NULL, "%s",
			       cause);
			free(cause);
			continue;
		}
		m->nhosts++;
	}
}

static void load_ports(struct loader *ld, const struct ynode *n, struct env_match *m)
{
	if (get_list(ld, n, "ports", "a list of port numbers"))
		return;
	m->ports = xcalloc(n->n, sizeof(*m->ports));
	for (size_t i = 0; i < n->n; i++) {
		unsigned long long v;

		if (get_uint(ld, &n->items[i], "a port", 1, 65535, &v))
			continue;
		m->ports[m->nports++] = (int)v;
	}
}

static void load_system_identifier(struct loader *ld, const struct ynode *n,
				   struct env_match *m)
{
	unsigned long long v;

	/*
	 * A system identifier is a 64-bit number; quoting it is allowed
	 * because some tools mangle large unquoted integers.
	 */
	if (n->kind == YNODE_SCALAR && !n->plain && n->len &&
	    strspn(n->value, "0123456789") == n->len) {
		struct ynode copy = *n;

		copy.plain = 1;
		n = &copy;
		if (get_uint(ld, n, "\"system_identifier\"", 1, UINT64_MAX, &v) == 0)
			m->system_identifier = v;
		return;
	}
	if (get_uint(ld, n, "\"system_identifier\"", 1, UINT64_MAX, &v) == 0)
		m->system_identifier = v;
}

static void load_match_map(struct loader *ld, const struct ynode *n, struct env_match *m)
{
	const struct ynode *v[MK_COUNT], *k[MK_COUNT];
	const char *s;
	int any = 0;

	m->line = n->line;
	m->column = n->column;
	strvec_init(&m->databases);
	strvec_init(&m->users);
	strvec_init(&m->services);
	if (walk_map(ld, n, "\"match\"", match_keys, MK_COUNT, v, k, NULL, 0))
		return;
	for (size_t i = 0; i < MK_COUNT; i++)
		any |= v[i] != NULL;
	if (!any && n->n == 0) {
		report(ld, n->line, n->column,
		       "list at least one key; hosts: [\"*\"] matches every host",
		       "\"match\" is empty: it would match every connection");
		return;
	}
	if (v[MK_HOSTS])
		load_hosts(ld, v[MK_HOSTS], m);
	if (v[MK_PORTS])
		load_ports(ld, v[MK_PORTS], m);
	if (v[MK_DATABASES])
		load_globs(ld, v[MK_DATABASES], "databases", "a database pattern",
			   &m->databases);
	if (v[MK_USERS])
		load_globs(ld, v[MK_USERS], "users", "a user pattern", &m->users);
	if (v[MK_SERVICES])
		load_globs(ld, v[MK_SERVICES], "services", "a service pattern",
			   &m->services);
	if (v[MK_SERVER_TAG] && (s = get_nonempty(ld, v[MK_SERVER_TAG], "\"server_tag\"")))
		m->server_tag = xstrdup(s);
	if (v[MK_SYSTEM_IDENTIFIER])
		load_system_identifier(ld, v[MK_SYSTEM_IDENTIFIER], m);
}

static void load_match(struct loader *ld, const struct ynode *n, struct environment *e)
{
	if (n->kind == YNODE_MAP) {
		e->matches = xcalloc(1, sizeof(*e->matches));
		e->nmatches = 1;
		load_match_map(ld, n, &e->matches[0]);
		return;
	}
	if (n->kind != YNODE_SEQ) {
		report_type(ld, n, "\"match\"", "a mapping or a list of mappings", NULL);
		return;
	}
	if (n->n == 0) {
		report(ld, n->line, n->column, "remove the key, or list at least one mapping",
		       "\"match\" is empty: it would match nothing");
		return;
	}
	e->matches = xcalloc(n->n, sizeof(*e->matches));
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i].kind != YNODE_MAP) {
			report_type(ld, &n->items[i], "an entry of \"match\"", "a mapping", NULL);
			continue;
		}
		load_match_map(ld, &n->items[i], &e->matches[e->nmatches++]);
	}
}

static void load_rules(struct loader *ld, const struct ynode *n, struct environment *e)
{
	const struct ynode *v[NRULES], *k[NRULES];
	static const char *const actions[] = { "allow", "warn", "confirm", "block" };

	if (walk_map(ld, n, "\"rules\"", rule_keys, NRULES, v, k, NULL, 0))
		return;
	for (size_t i = 0; i < NRULES; i++) {
		enum sp_class c = CLASS_NONE;
		int a;

		if (!v[i])
			continue;
		a = get_enum(ld, v[i], rule_keys[i], "action", actions, NELEM(actions));
		if (a < 0)
			continue;
		class_parse(rule_keys[i], &c);
		e->rules[c] = (enum action)(ACTION_ALLOW + a);
	}
}

/* Is a key of map a misspelling of want (reported with a did-you-mean)? */
static int misspelt_key(const struct ynode *map, const char *want)
{
	const char *const cands[] = { want };

	if (map->kind != YNODE_MAP)
		return 0;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = &map->items[i];

		if (k->kind == YNODE_SCALAR && suggest(k->value, k->len, cands, 1) &&
		    strcmp(k->value, want))
			return 1;
	}
	return 0;
}

static int valid_env_name(const char *s, size_t len)
{
	if (len == 0 || len > 63)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static void load_environment(struct loader *ld, const struct ynode *key,
			     const struct ynode *n, struct environment *e)
{
	const struct ynode *v[EK_COUNT], *k[EK_COUNT];
	const char *s;
	int have_countdown = 0, have_cni = 0, have_read_only = 0, i;
	char *subject;
	unsigned long long num;

	e->line = key->line;
	e->column = key->column;
	e->name = xmemdupz(key->value, key->len);
	if (n->kind == YNODE_SCALAR && is_null(n)) {
		report(ld, key->line, key->column,
		       "add at least \"protection\": off, warn, confirm, strict or readonly",
		       "environment \"%s\" is empty", e->name);
		return;
	}
	subject = xasprintf("environment \"%s\"", e->name);
	i = walk_map(ld, n, subject, env_keys, EK_COUNT, v, k, env_misplaced,
		     NELEM(env_misplaced));
	free(subject);
	if (i)
		return;
	if (v[EK_DESCRIPTION] && (s = get_string(ld, v[EK_DESCRIPTION], "\"description\"")))
		e->description = xstrdup(s);
	if (v[EK_MATCH])
		load_match(ld, v[EK_MATCH], e);
	if (v[EK_PROTECTION]) {
		i = get_enum(ld, v[EK_PROTECTION], "protection", "protection",
			     protection_names + PROTECTION_OFF, PROTECTION_COUNT - PROTECTION_OFF);
		if (i >= 0)
			e->protection = (enum protection)(PROTECTION_OFF + i);
	} else if (!misspelt_key(n, "protection")) {
		/* a misspelt "protection" already has its did-you-mean: say it once */
		report(ld, key->line, key->column,
		       "add \"protection\": off, warn, confirm, strict or readonly",
		       "environment \"%s\" has no \"protection\"", e->name);
	}
	if (v[EK_RULES])
		load_rules(ld, v[EK_RULES], e);
	if (v[EK_COUNTDOWN] &&
	    get_uint(ld, v[EK_COUNTDOWN], "\"countdown\"", 0, PROFILE_MAX_COUNTDOWN, &num) == 0) {
		e->countdown = (unsigned)num;
		have_countdown = 1;
	}
	if (v[EK_COUNTDOWN_NONINTERACTIVE] &&
	    get_uint(ld, v[EK_COUNTDOWN_NONINTERACTIVE], "\"countdown_noninteractive\"", 0,
		     PROFILE_MAX_COUNTDOWN, &num) == 0) {
		e->countdown_noninteractive = (unsigned)num;
		have_cni = 1;
	}
	if (v[EK_CONFIRM_PHRASE] &&
	    (s = get_nonempty(ld, v[EK_CONFIRM_PHRASE], "\"confirm_phrase\""))) {
		if (!strcmp(s, "database")) {
			e->phrase = PHRASE_DATABASE;
		} else if (!strcmp(s, "environment")) {
			e->phrase = PHRASE_ENVIRONMENT;
		} else if (!strcmp(s, "host")) {
			e->phrase = PHRASE_HOST;
		} else if (strspn(s, " ") == strlen(s)) {
			report(ld, v[EK_CONFIRM_PHRASE]->line, v[EK_CONFIRM_PHRASE]->column, NULL,
			       "\"confirm_phrase\" must not be blank");
		} else {
			e->phrase = PHRASE_LITERAL;
			e->phrase_literal = xstrdup(s);
		}
	}
	if (v[EK_COLOR] && (i = get_enum(ld, v[EK_COLOR], "color", "color", color_names,
					 NCOLORS)) >= 0)
		e->color = xstrdup(color_names[i]);
	if (v[EK_READ_ONLY] && get_bool(ld, v[EK_READ_ONLY], "\"read_only\"", &e->read_only) == 0)
		have_read_only = 1;
	if (v[EK_TITLE] && (s = get_nonempty(ld, v[EK_TITLE], "\"title\"")))
		e->title = xstrdup(s);
	if (v[EK_BACKGROUND] && (i = get_enum(ld, v[EK_BACKGROUND], "background", "color",
					      color_names, NCOLORS)) >= 0)
		e->background = xstrdup(color_names[i]);

	/* The effective values: the preset, then what the environment says. */
	if (e->protection == PROTECTION_NONE)
		return;
	envmatch_preset(e->protection, e->actions);
	for (int c = CLASS_READ; c < CLASS_COUNT; c++)
		if (e->rules[c] != ACTION_NONE)
			e->actions[c] = e->rules[c];
	if (!have_countdown)
		e->countdown = envmatch_preset_countdown(e->protection);
	if (!have_cni)
		e->countdown_noninteractive = e->countdown;
	if (!have_read_only)
		e->read_only = e->protection == PROTECTION_READONLY;
	if (e->phrase == PHRASE_NONE)
		e->phrase = PHRASE_DATABASE;
	if (!e->color)
		e->color = xstrdup(envmatch_preset_color(e->protection));
}

struct name_ref {
	const struct ynode *key;
	size_t seq;
};

static int name_ref_cmp(const void *a, const void *b)
{
	const struct name_ref *x = a, *y = b;
	int c = strcmp(x->key->value, y->key->value);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static void load_environments(struct loader *ld, const struct ynode *n, struct profile *p)
{
	struct name_ref *refs;
	size_t nrefs = 0;

	if (n->kind != YNODE_MAP) {
		report_type(ld, n, "\"environments\"", "a mapping of environment names", NULL);
		return;
	}
	if (n->n == 0) {
		report(ld, n->line, n->column, "\"safepg profile default\" shows an example",
		       "no environments are defined");
		return;
	}
	refs = xcalloc(n->n / 2 + 1, sizeof(*refs));
	p->envs = xcalloc(n->n / 2 + 1, sizeof(*p->envs));
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = &n->items[i];

		if (k->kind == YNODE_BAD)
			continue;
		if (k->kind != YNODE_SCALAR || is_null(k)) {
			report_type(ld, k, "an environment name", "a string", NULL);
			continue;
		}
		if (!valid_env_name(k->value, k->len)) {
			struct strbuf q = STRBUF_INIT;

			if (!loader_full(ld)) {
				add_quoted(&q, k->value, k->len);
				report(ld, k->line, k->column,
				       "use 1 to 63 letters, digits, \"_\", \"-\" and \".\"",
				       "bad environment name %s", q.buf);
			}
			strbuf_release(&q);
			continue;
		}
		refs[nrefs].key = k;
		refs[nrefs].seq = nrefs;
		nrefs++;
		load_environment(ld, k, &n->items[i + 1], &p->envs[p->nenvs++]);
	}
	/* Duplicate names: sorted, so equal names are neighbours. */
	qsort(refs, nrefs, sizeof(*refs), name_ref_cmp);
	for (size_t i = 1; i < nrefs; i++) {
		const struct ynode *first = refs[i - 1].key, *k = refs[i].key;

		if (strcmp(first->value, k->value))
			continue;
		while (i + 1 < nrefs && !strcmp(refs[i + 1].key->value, k->value)) {
			report(ld, k->line, k->column, NULL,
			       "duplicate environment \"%s\" (first at line %u, column %u)", k->value,
			       first->line, first->column);
			k = refs[++i].key;
		}
		report(ld, k->line, k->column, NULL,
		       "duplicate environment \"%s\" (first at line %u, column %u)", k->value,
		       first->line, first->column);
	}
	free(refs);
}

/* An absolute path or one under "~/". */
static const char *get_path(struct loader *ld, const struct ynode *n, const char *key)
{
	char *subject = xasprintf("\"%s\"", key);
	const char *s = get_nonempty(ld, n, subject);

	free(subject);

	if (s && s[0] != '/' && strncmp(s, "~/", 2)) {
		report(ld, n->line, n->column, NULL,
		       "\"%s\" must be an absolute path or start with \"~/\"", key);
		return NULL;
	}
	return s;
}

static void load_root(struct loader *ld, const struct ynode *root, struct profile *p)
{
	const struct ynode *v[TK_COUNT], *k[TK_COUNT];
	const char *s;

	if (root->kind == YNODE_NONE || is_null(root)) {
		report(ld, root->line ? root->line : 1, root->column ? root->column : 1,
		       "\"safepg profile default\" prints one to start from",
		       "the profile is empty");
		return;
	}
	if (root->kind != YNODE_MAP) {
		report_type(ld, root, "the profile", "a mapping", NULL);
		return;
	}
	walk_map(ld, root, "the profile", top_keys, TK_COUNT, v, k, top_misplaced,
		 NELEM(top_misplaced));
	if (!v[TK_VERSION]) {
		report(ld, root->line, root->column, "the profile starts with \"version: 1\"",
		       "missing key \"version\"");
	} else if (v[TK_VERSION]->plain && is_integer_text(v[TK_VERSION])) {
		if (strcmp(v[TK_VERSION]->value, "1"))
			report(ld, v[TK_VERSION]->line, v[TK_VERSION]->column,
			       "this safepg reads version 1", "unsupported version %s",
			       v[TK_VERSION]->value);
		else
			p->version = PROFILE_VERSION;
	} else {
		report_type(ld, v[TK_VERSION], "\"version\"", "1",
			    is_integer_text(v[TK_VERSION]) ? "remove the quotes" : NULL);
	}
	if (!v[TK_ENVIRONMENTS])
		report(ld, root->line, root->column, "\"safepg profile default\" shows an example",
		       "missing key \"environments\"");
	else
		load_environments(ld, v[TK_ENVIRONMENTS], p);
	if (v[TK_DEFAULT_ENVIRONMENT] &&
	    (s = get_nonempty(ld, v[TK_DEFAULT_ENVIRONMENT], "\"default_environment\""))) {
		if (profile_find(p, s)) {
			p->default_environment = xstrdup(s);
		} else if (v[TK_ENVIRONMENTS] && v[TK_ENVIRONMENTS]->kind == YNODE_MAP &&
			   !loader_full(ld)) {
			const char **names = xcalloc(p->nenvs + 1, sizeof(*names));
			const char *guess;
			const struct ynode *d = v[TK_DEFAULT_ENVIRONMENT];
			struct strbuf msg = STRBUF_INIT;

			for (size_t i = 0; i < p->nenvs; i++)
				names[i] = p->envs[i].name;
			strbuf_addstr(&msg, "default_environment ");
			add_quoted(&msg, d->value, d->len);
			strbuf_addstr(&msg, " names no environment");
			guess = suggest(d->value, d->len, names, p->nenvs);
			if (guess) {
				strbuf_addf(&msg, "; did you mean \"%s\"?", guess);
				report(ld, d->line, d->column, NULL, "%s", msg.buf);
			} else {
				char *list = join_names(names, p->nenvs);
				char *hint = xasprintf("the environments are: %s", list);

				report(ld, d->line, d->column, p->nenvs ? hint : NULL, "%s", msg.buf);
				free(hint);
				free(list);
			}
			strbuf_release(&msg);
			free(names);
		}
	}
	if (v[TK_AUDIT]) {
		const struct ynode *av[1], *ak[1];

		if (walk_map(ld, v[TK_AUDIT], "\"audit\"", audit_keys, 1, av, ak, NULL, 0) == 0 &&
		    av[0] && (s = get_path(ld, av[0], "path")))
			p->audit_path = xstrdup(s);
	}
	if (v[TK_PGBIN] && (s = get_path(ld, v[TK_PGBIN], "pgbin")))
		p->pgbin = xstrdup(s);
}

/* ------------------------------------------------------------- lifecycle */

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
}

static void env_match_release(struct env_match *m)
{
	for (size_t i = 0; i < m->nhosts; i++)
		envmatch_host_pattern_release(&m->hosts[i]);
	free(m->hosts);
	free(m->ports);
	strvec_clear(&m->databases);
	strvec_clear(&m->users);
	strvec_clear(&m->services);
	free(m->server_tag);
}

static void environment_release(struct environment *e)
{
	free(e->name);
	free(e->description);
	for (size_t i = 0; i < e->nmatches; i++)
		env_match_release(&e->matches[i]);
	free(e->matches);
	free(e->phrase_literal);
	free(e->color);
	free(e->title);
	free(e->background);
}

void profile_release(struct profile *p)
{
	for (size_t i = 0; i < p->nenvs; i++)
		environment_release(&p->envs[i]);
	free(p->envs);
	free(p->name);
	free(p->default_environment);
	free(p->audit_path);
	free(p->pgbin);
	profile_init(p);
}

const struct environment *profile_find(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nenvs; i++)
		if (p->envs[i].name && !strcmp(p->envs[i].name, name))
			return &p->envs[i];
	return NULL;
}

int profile_parse(struct profile *p, const char *name, const char *buf, size_t len,
		  char **cause)
{
	struct loader ld = { 0 };
	struct builder b;
	struct ynode root;
	int ok;

	profile_init(p);
	ld.name = name;
	if (len > PROFILE_MAX_SIZE) {
		report(&ld, 0, 0, "a profile is a few kilobytes; is this the right file?",
		       "the profile is larger than 1 MiB");
		*cause = loader_format(&ld);
		loader_release(&ld);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.ld = &ld;
	b.buf = buf;
	b.len = len;
	if (!yaml_parser_initialize(&b.parser)) {
		report(&ld, 0, 0, NULL, "out of memory while reading YAML");
		*cause = loader_format(&ld);
		loader_release(&ld);
		return -1;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
	p->name = xstrdup(name);
	if (build_tree(&b, &root) == 0)
		load_root(&ld, &root, p);
	ynode_release(&root);
	yaml_parser_delete(&b.parser);

	ok = ld.nerrs == 0;
	if (!ok) {
		*cause = loader_format(&ld);
		profile_release(p);
	}
	loader_release(&ld);
	return ok ? 0 : -1;
}

/* -------------------------------------------------------------- describe */

static void describe_list(struct strbuf *out, const char *key, const struct strvec *sv)
{
	if (!sv->n)
		return;
	strbuf_addf(out, " %s", key);
	for (size_t i = 0; i < sv->n; i++) {
		strbuf_addch(out, ' ');
		add_quoted(out, sv->v[i], strlen(sv->v[i]));
	}
}

void profile_describe(const struct profile *p, struct strbuf *out)
{
	strbuf_addf(out, "version %d\n", p->version);
	if (p->default_environment)
		strbuf_addf(out, "default_environment %s\n", p->default_environment);
	if (p->audit_path)
		strbuf_addf(out, "audit.path %s\n", p->audit_path);
	if (p->pgbin)
		strbuf_addf(out, "pgbin %s\n", p->pgbin);
	for (size_t i = 0; i < p->nenvs; i++) {
		const struct environment *e = &p->envs[i];

		strbuf_addf(out, "environment %s\n", e->name);
		if (e->description) {
			strbuf_addstr(out, "  description ");
			add_quoted(out, e->description, strlen(e->description));
			strbuf_addch(out, '\n');
		}
		for (size_t j = 0; j < e->nmatches; j++) {
			const struct env_match *m = &e->matches[j];

			strbuf_addf(out, "  match %zu:", j + 1);
			if (m->nhosts) {
				strbuf_addstr(out, " hosts");
				for (size_t h = 0; h < m->nhosts; h++) {
					const struct host_pattern *hp = &m->hosts[h];

					strbuf_addch(out, ' ');
					add_quoted(out, hp->text, strlen(hp->text));
					if (hp->kind == HOST_PATTERN_ADDR)
						strbuf_addf(out, "=ipv%d/%u", hp->family, hp->prefix);
				}
			}
			if (m->nports) {
				strbuf_addstr(out, " ports");
				for (size_t k = 0; k < m->nports; k++)
					strbuf_addf(out, " %d", m->ports[k]);
			}
			describe_list(out, "databases", &m->databases);
			describe_list(out, "users", &m->users);
			describe_list(out, "services", &m->services);
			if (m->server_tag)
				strbuf_addf(out, " server_tag \"%s\"", m->server_tag);
			if (m->system_identifier)
				strbuf_addf(out, " system_identifier %llu",
					    (unsigned long long)m->system_identifier);
			strbuf_addch(out, '\n');
		}
		strbuf_addf(out, "  protection %s\n", protection_name(e->protection));
		strbuf_addstr(out, "  actions");
		for (size_t r = 0; r < NRULES; r++) {
			enum sp_class c = CLASS_NONE;

			class_parse(rule_keys[r], &c);
			strbuf_addf(out, " %s=%s%s", rule_keys[r], action_name(e->actions[c]),
				    e->rules[c] != ACTION_NONE ? "(rule)" : "");
		}
		strbuf_addch(out, '\n');
		strbuf_addf(out, "  countdown %u noninteractive %u\n", e->countdown,
			    e->countdown_noninteractive);
		strbuf_addf(out, "  confirm_phrase %s", phrase_kind_name(e->phrase));
		if (e->phrase_literal) {
			strbuf_addch(out, ' ');
			add_quoted(out, e->phrase_literal, strlen(e->phrase_literal));
		}
		strbuf_addch(out, '\n');
		strbuf_addf(out, "  color %s\n", e->color ? e->color : "none");
		strbuf_addf(out, "  read_only %s\n", e->read_only ? "true" : "false");
		if (e->title) {
			strbuf_addstr(out, "  title ");
			add_quoted(out, e->title, strlen(e->title));
			strbuf_addch(out, '\n');
		}
		if (e->background)
			strbuf_addf(out, "  background %s\n", e->background);
	}
}
