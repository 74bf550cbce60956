/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for shellcmd_classify called directly (the table cases in
 * tests/data/classify/shell.tsv go through \!): kinds, objects, the
 * confirmation target, splitting, quoting and substitutions.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/shellcmd.h"
#include "tap.h"
#include "safepg/banned.h"

struct sc_case {
	const char *line;
	enum sp_class cls;
	const char *kind;
	const char *target;	/* NULL: none expected */
};

static const struct sc_case cases[] = {
	{ "", CLASS_READ, "shell", NULL },
	{ "   ", CLASS_READ, "shell", NULL },
	{ "ls -la", CLASS_READ, "shell: ls", NULL },
	{ "/usr/bin/ls", CLASS_READ, "shell: ls", NULL },
	{ "dropdb shop", CLASS_CATASTROPHIC, "shell: dropdb", "shop" },
	{ "dropdb -U admin -h prod.example.com shop", CLASS_CATASTROPHIC, "shell: dropdb", "shop" },
	{ "dropdb --maintenance-db postgres shop", CLASS_CATASTROPHIC, "shell: dropdb", "shop" },
	{ "ls; dropdb 'my db'", CLASS_CATASTROPHIC, "shell: dropdb", "my db" },
	{ "echo ok && dropdb \"a b\"", CLASS_CATASTROPHIC, "shell: dropdb", "a b" },
	{ "PGHOST=prod dropdb shop", CLASS_CATASTROPHIC, "shell: dropdb", "shop" },
	{ "pg_restore --clean -d shop x.dump", CLASS_DESTRUCTIVE, "shell: pg_restore", NULL },
	{ "rm -rf /tmp/x", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "ls | rm -r x", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "ls || rm -r x", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "ls & rm -r x", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "(cd /tmp; rm -r x)", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "echo 'a;rm -rf x'", CLASS_READ, "shell: echo", NULL },
	{ "echo a\\;rm -rf x", CLASS_READ, "shell: echo", NULL },
	{ "echo \"`rm -rf x`\"", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "psql -c 'DROP TABLE t'", CLASS_DESTRUCTIVE, "shell: psql", NULL },
	{ "psql -c 'SELECT 1'", CLASS_READ, "shell: psql", NULL },
	{ "psql -c \"DROP DATABASE shop\"", CLASS_CATASTROPHIC, "shell: psql", "shop" },
	{ "mystery-tool", CLASS_UNKNOWN, "shell: mystery-tool", NULL },
	{ "ls > out.txt", CLASS_WRITE, "shell: ls", NULL },
	{ "ls >/dev/null 2>&1", CLASS_READ, "shell: ls", NULL },
	{ "sudo", CLASS_READ, "shell", NULL },
	{ "sh -c \"sh -c 'sh -c \\\"rm -r x\\\"'\"", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "echo $(echo $(echo $(rm -r x)))", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	{ "echo 'unterminated", CLASS_READ, "shell: echo", NULL },
	{ "echo \"unterminated $(rm -r", CLASS_DESTRUCTIVE, "shell: rm", NULL },
	/* fuzz finding: a lone "-" after sudo was read past its end */
	{ "sudo -", CLASS_READ, "shell", NULL },
	{ "nice -", CLASS_READ, "shell", NULL },
	{ "sudo - rm -r x", CLASS_DESTRUCTIVE, "shell: rm", NULL },
};

int main(void)
{
	struct verdict v;
	size_t i;

	verdict_init(&v);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sc_case *c = &cases[i];

		shellcmd_classify(NULL, c->line, &v);
		is_str(class_name(v.cls), class_name(c->cls), "class of [%s]", c->line);
		is_str(v.kind, c->kind, "kind of [%s]", c->line);
		is_str(v.confirm_target, c->target, "confirm target of [%s]", c->line);
	}

	shellcmd_classify(NULL, "rm -r a b", &v);
	ok(v.objects.n == 2 && !strcmp(v.objects.v[0], "a") && !strcmp(v.objects.v[1], "b"),
	   "rm -r names every path it removes");
	shellcmd_classify(NULL, "curl x", &v);
	ok(v.reasons.n == 1 && strstr(v.reasons.v[0], "curl"), "an unknown command is named");
	classify_shell_backtick(NULL, "dropdb x", &v);
	ok(v.cls == CLASS_CATASTROPHIC && !strcmp(v.confirm_target, "x"),
	   "classify_shell_backtick is the shell classifier");
	verdict_release(&v);
	return tap_done();
}
