/* SPDX-License-Identifier: PostgreSQL */
/*
 * classify_verdict: the verdict value itself (init, release, copy, merge and
 * the raise-to-class helper every classifier uses).  See classify.h.  It
 * knows nothing about SQL, meta-commands or shell commands.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->cls = CLASS_NONE;
	strvec_init(&v->objects);
	strvec_init(&v->reasons);
}

void verdict_release(struct verdict *v)
{
	free(v->kind);
	free(v->confirm_target);
	strvec_clear(&v->objects);
	strvec_clear(&v->reasons);
	verdict_init(v);
}

void verdict_copy(struct verdict *dst, const struct verdict *src)
{
	if (dst == src)
		return;
	verdict_release(dst);
	dst->cls = src->cls;
	dst->kind = src->kind ? xstrdup(src->kind) : NULL;
	strvec_pushv(&dst->objects, &src->objects);
	strvec_pushv(&dst->reasons, &src->reasons);
	dst->confirm_target = src->confirm_target ? xstrdup(src->confirm_target) : NULL;
	dst->lifts_read_only = src->lifts_read_only;
	dst->copy_from_stdin = src->copy_from_stdin;
	dst->parse_failed = src->parse_failed;
	dst->include_file = src->include_file;
	dst->nstatements = src->nstatements;
}

static void push_all_unique(struct strvec *dst, const struct strvec *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		strvec_push_unique(dst, src->v[i]);
}

void verdict_merge(struct verdict *dst, const struct verdict *src)
{
	if (dst == src)
		return;
	if (class_rank(src->cls) > class_rank(dst->cls)) {
		dst->cls = src->cls;
		free(dst->kind);
		dst->kind = src->kind ? xstrdup(src->kind) : NULL;
		strvec_clear(&dst->objects);
		strvec_clear(&dst->reasons);
		strvec_pushv(&dst->objects, &src->objects);
		strvec_pushv(&dst->reasons, &src->reasons);
	} else if (src->cls == dst->cls) {
		if (!dst->kind && src->kind)
			dst->kind = xstrdup(src->kind);
		push_all_unique(&dst->objects, &src->objects);
		push_all_unique(&dst->reasons, &src->reasons);
	}
	if (!dst->confirm_target && src->confirm_target)
		dst->confirm_target = xstrdup(src->confirm_target);
	dst->lifts_read_only |= src->lifts_read_only;
	dst->copy_from_stdin |= src->copy_from_stdin;
	dst->parse_failed |= src->parse_failed;
	dst->include_file |= src->include_file;
	dst->nstatements += src->nstatements;
}

void verdict_set(struct verdict *v, enum sp_class cls, const char *kind, const char *reason)
{
	v->cls = cls;
	free(v->kind);
	v->kind = kind ? xstrdup(kind) : NULL;
	strvec_clear(&v->objects);
	strvec_clear(&v->reasons);
	if (reason)
		strvec_push(&v->reasons, reason);
}

void verdict_note(struct verdict *v, enum sp_class cls, const char *object, const char *reason)
{
	if (class_rank(cls) < class_rank(v->cls))
		return;
	if (class_rank(cls) > class_rank(v->cls)) {
		v->cls = cls;
		strvec_clear(&v->objects);
		strvec_clear(&v->reasons);
	}
	if (object && *object)
		strvec_push_unique(&v->objects, object);
	if (reason && *reason)
		strvec_push_unique(&v->reasons, reason);
}

static int strvec_equal(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

int verdict_equal(const struct verdict *a, const struct verdict *b)
{
	return a->cls == b->cls && !strcmp(a->kind ? a->kind : "", b->kind ? b->kind : "") &&
		strvec_equal(&a->objects, &b->objects) && strvec_equal(&a->reasons, &b->reasons) &&
		!strcmp(a->confirm_target ? a->confirm_target : "",
			b->confirm_target ? b->confirm_target : "") &&
		!a->confirm_target == !b->confirm_target &&
		a->lifts_read_only == b->lifts_read_only &&
		a->copy_from_stdin == b->copy_from_stdin && a->parse_failed == b->parse_failed &&
		a->include_file == b->include_file && a->nstatements == b->nstatements;
}
