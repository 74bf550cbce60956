/* SPDX-License-Identifier: PostgreSQL */
/*
 * pset: psql's \pset (command.c do_pset, printPsetInfo,
 * pset_value_string): parse one option, change a print_query_opt, and
 * report options with psql's wording.  It does not print tables and does
 * not read the meta-command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "safepg/print.h"
#include "safepg/pset.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* psql's ParseVariableBool: prefixes of true/false/yes/no, on/off (2+ chars), 1/0. */
static int parse_bool(const char *value, int *result)
{
	size_t len = strlen(value);
	size_t onlen = len > 2 ? len : 2;

	if (len > 0 && strncasecmp(value, "true", len) == 0)
		*result = 1;
	else if (len > 0 && strncasecmp(value, "false", len) == 0)
		*result = 0;
	else if (len > 0 && strncasecmp(value, "yes", len) == 0)
		*result = 1;
	else if (len > 0 && strncasecmp(value, "no", len) == 0)
		*result = 0;
	else if (strncasecmp(value, "on", onlen) == 0)
		*result = 1;
	else if (strncasecmp(value, "off", onlen) == 0)
		*result = 0;
	else if (strcasecmp(value, "1") == 0)
		*result = 1;
	else if (strcasecmp(value, "0") == 0)
		*result = 0;
	else
		return -1;
	return 0;
}

static int bool_error(const char *param, const char *value, char **cause)
{
	*cause = xasprintf("unrecognized value \"%s\" for \"%s\": Boolean expected", value, param);
	return -1;
}

static int enum_error(const char *param, const char *value, const char *choices, char **cause)
{
	*cause = xasprintf("unrecognized value \"%s\" for \"%s\"\nAvailable values are: %s.", value,
			   param, choices);
	return -1;
}

static int set_format(struct print_query_opt *popt, const char *value, char **cause)
{
	/* latex-longtable is apart: latex, its prefix, would be ambiguous */
	static const struct {
		const char *name;
		enum print_format format;
	} formats[] = {
		{"aligned", PRINT_FORMAT_ALIGNED},   {"asciidoc", PRINT_FORMAT_ASCIIDOC},
		{"csv", PRINT_FORMAT_CSV},	     {"html", PRINT_FORMAT_HTML},
		{"latex", PRINT_FORMAT_LATEX},	     {"troff-ms", PRINT_FORMAT_TROFF_MS},
		{"unaligned", PRINT_FORMAT_UNALIGNED}, {"wrapped", PRINT_FORMAT_WRAPPED},
	};
	size_t len = strlen(value);
	int match = -1;

	for (int i = 0; i < (int)(sizeof(formats) / sizeof(formats[0])); i++) {
		if (strncasecmp(formats[i].name, value, len) != 0)
			continue;
		if (match >= 0) {
			*cause = xasprintf("\\pset: ambiguous abbreviation \"%s\" matches both "
					   "\"%s\" and \"%s\"",
					   value, formats[match].name, formats[i].name);
			return -1;
		}
		match = i;
	}
	if (match >= 0)
		popt->topt.format = formats[match].format;
	else if (strncasecmp("latex-longtable", value, len) == 0)
		popt->topt.format = PRINT_FORMAT_LATEX_LONGTABLE;
	else {
		*cause = xstrdup("\\pset: allowed formats are aligned, asciidoc, csv, html, latex, "
				 "latex-longtable, troff-ms, unaligned, wrapped");
		return -1;
	}
	return 0;
}

static int set_unicode_style(enum print_unicode_style *style, const char *value,
			     const char *what, char **cause)
{
	size_t len = strlen(value);

	if (strncasecmp("single", value, len) == 0)
		*style = PRINT_UNICODE_SINGLE;
	else if (strncasecmp("double", value, len) == 0)
		*style = PRINT_UNICODE_DOUBLE;
	else {
		*cause = xasprintf("\\pset: allowed Unicode %s line styles are single, double", what);
		return -1;
	}
	return 0;
}

static void set_string(char **dst, const char *value)
{
	free(*dst);
	*dst = value ? xstrdup(value) : NULL;
}

static int is(const char *param, const char *name)
{
	return strcmp(param, name) == 0;
}

int pset_set(struct print_query_opt *popt, const char *param, const char *value, int quiet,
	     char **cause)
{
	struct print_table_opt *t = &popt->topt;
	int b;

	*cause = NULL;
	if (is(param, "format")) {
		if (value && set_format(popt, value, cause) < 0)
			return -1;
	} else if (is(param, "linestyle")) {
		size_t len = value ? strlen(value) : 0;

		if (!value)
			;
		else if (strncasecmp("ascii", value, len) == 0)
			t->line_style = PRINT_LINESTYLE_ASCII;
		else if (strncasecmp("old-ascii", value, len) == 0)
			t->line_style = PRINT_LINESTYLE_OLD_ASCII;
		else if (strncasecmp("unicode", value, len) == 0)
			t->line_style = PRINT_LINESTYLE_UNICODE;
		else {
			*cause = xstrdup("\\pset: allowed line styles are ascii, old-ascii, unicode");
			return -1;
		}
	} else if (is(param, "unicode_border_linestyle")) {
		if (value && set_unicode_style(&t->unicode_border_linestyle, value, "border", cause))
			return -1;
	} else if (is(param, "unicode_column_linestyle")) {
		if (value && set_unicode_style(&t->unicode_column_linestyle, value, "column", cause))
			return -1;
	} else if (is(param, "unicode_header_linestyle")) {
		if (value && set_unicode_style(&t->unicode_header_linestyle, value, "header", cause))
			return -1;
	} else if (is(param, "border")) {
		if (value)
			t->border = (unsigned short)atoi(value);
	} else if (is(param, "x") || is(param, "expanded") || is(param, "vertical")) {
		if (value && strcasecmp(value, "auto") == 0)
			t->expanded = PRINT_EXPANDED_AUTO;
		else if (value) {
			if (parse_bool(value, &b) < 0)
				return enum_error(param, value, "on, off, auto", cause);
			t->expanded = b ? PRINT_EXPANDED_ON : PRINT_EXPANDED_OFF;
		} else {
			t->expanded = t->expanded ? PRINT_EXPANDED_OFF : PRINT_EXPANDED_ON;
		}
	} else if (is(param, "csv_fieldsep")) {
		if (value) {
			if (strlen(value) != 1) {
				*cause = xstrdup("\\pset: csv_fieldsep must be a single one-byte character");
				return -1;
			}
			if (value[0] == '"' || value[0] == '\n' || value[0] == '\r') {
				*cause = xstrdup("\\pset: csv_fieldsep cannot be a double quote, a "
						 "newline, or a carriage return");
				return -1;
			}
			t->csv_field_sep[0] = value[0];
			t->csv_field_sep[1] = '\0';
		}
	} else if (is(param, "numericlocale")) {
		/* psql returns here, without the report */
		if (value)
			return parse_bool(value, &t->numeric_locale) < 0 ?
				       bool_error(param, value, cause) : 0;
		t->numeric_locale = !t->numeric_locale;
	} else if (is(param, "null")) {
		if (value)
			set_string(&popt->null_print, value);
	} else if (is(param, "fieldsep")) {
		if (value) {
			set_string(&t->field_sep.sep, value);
			t->field_sep.zero = 0;
		}
	} else if (is(param, "fieldsep_zero")) {
		set_string(&t->field_sep.sep, NULL);
		t->field_sep.zero = 1;
	} else if (is(param, "recordsep")) {
		if (value) {
			set_string(&t->record_sep.sep, value);
			t->record_sep.zero = 0;
		}
	} else if (is(param, "recordsep_zero")) {
		set_string(&t->record_sep.sep, NULL);
		t->record_sep.zero = 1;
	} else if (is(param, "t") || is(param, "tuples_only")) {
		if (value)
			return parse_bool(value, &t->tuples_only) < 0 ?
				       bool_error(param, value, cause) : 0;
		t->tuples_only = !t->tuples_only;
	} else if (is(param, "C") || is(param, "title")) {
		set_string(&popt->title, value);
	} else if (is(param, "T") || is(param, "tableattr")) {
		set_string(&t->table_attr, value);
	} else if (is(param, "pager")) {
		if (value && strcasecmp(value, "always") == 0)
			t->pager = PRINT_PAGER_ALWAYS;
		else if (value) {
			if (parse_bool(value, &b) < 0)
				return enum_error(param, value, "on, off, always", cause);
			t->pager = b ? PRINT_PAGER_ON : PRINT_PAGER_OFF;
		} else {
			t->pager = t->pager == PRINT_PAGER_ON ? PRINT_PAGER_OFF : PRINT_PAGER_ON;
		}
	} else if (is(param, "pager_min_lines")) {
		if (value)
			t->pager_min_lines = atoi(value);
	} else if (is(param, "footer")) {
		if (value)
			return parse_bool(value, &t->default_footer) < 0 ?
				       bool_error(param, value, cause) : 0;
		t->default_footer = !t->default_footer;
	} else if (is(param, "columns")) {
		if (value)
			t->columns = atoi(value);
	} else {
		*cause = xasprintf("\\pset: unknown option: %s", param);
		return -1;
	}
	if (!quiet)
		return pset_show(popt, param, cause);
	return 0;
}

static const char *field_sep(const struct print_table_opt *t)
{
	return t->field_sep.sep ? t->field_sep.sep : "|";
}

static const char *record_sep(const struct print_table_opt *t)
{
	return t->record_sep.sep ? t->record_sep.sep : "\n";
}

static const char *csv_sep(const struct print_table_opt *t)
{
	return t->csv_field_sep[0] ? t->csv_field_sep : ",";
}

static const char *unicode_style_name(enum print_unicode_style s)
{
	return s == PRINT_UNICODE_DOUBLE ? "double" : "single";
}

int pset_show(const struct print_query_opt *popt, const char *param, char **cause)
{
	const struct print_table_opt *t = &popt->topt;

	*cause = NULL;
	if (is(param, "border"))
		printf("Border style is %d.\n", t->border);
	else if (is(param, "columns")) {
		if (!t->columns)
			printf("Target width is unset.\n");
		else
			printf("Target width is %d.\n", t->columns);
	} else if (is(param, "x") || is(param, "expanded") || is(param, "vertical")) {
		if (t->expanded == PRINT_EXPANDED_ON)
			printf("Expanded display is on.\n");
		else if (t->expanded == PRINT_EXPANDED_AUTO)
			printf("Expanded display is used automatically.\n");
		else
			printf("Expanded display is off.\n");
	} else if (is(param, "csv_fieldsep"))
		printf("Field separator for CSV is \"%s\".\n", csv_sep(t));
	else if (is(param, "fieldsep")) {
		if (t->field_sep.zero)
			printf("Field separator is zero byte.\n");
		else
			printf("Field separator is \"%s\".\n", field_sep(t));
	} else if (is(param, "fieldsep_zero"))
		printf("Field separator is zero byte.\n");
	else if (is(param, "footer")) {
		if (t->default_footer)
			printf("Default footer is on.\n");
		else
			printf("Default footer is off.\n");
	} else if (is(param, "format"))
		printf("Output format is %s.\n", print_format_name(t->format));
	else if (is(param, "linestyle"))
		printf("Line style is %s.\n", print_linestyle_name(t->line_style));
	else if (is(param, "null"))
		printf("Null display is \"%s\".\n", popt->null_print ? popt->null_print : "");
	else if (is(param, "numericlocale")) {
		if (t->numeric_locale)
			printf("Locale-adjusted numeric output is on.\n");
		else
			printf("Locale-adjusted numeric output is off.\n");
	} else if (is(param, "pager")) {
		if (t->pager == PRINT_PAGER_ON)
			printf("Pager is used for long output.\n");
		else if (t->pager == PRINT_PAGER_ALWAYS)
			printf("Pager is always used.\n");
		else
			printf("Pager usage is off.\n");
	} else if (is(param, "pager_min_lines"))
		printf(t->pager_min_lines == 1 ? "Pager won't be used for less than %d line.\n"
					       : "Pager won't be used for less than %d lines.\n",
		       t->pager_min_lines);
	else if (is(param, "recordsep")) {
		if (t->record_sep.zero)
			printf("Record separator is zero byte.\n");
		else if (strcmp(record_sep(t), "\n") == 0)
			printf("Record separator is <newline>.\n");
		else
			printf("Record separator is \"%s\".\n", record_sep(t));
	} else if (is(param, "recordsep_zero"))
		printf("Record separator is zero byte.\n");
	else if (is(param, "T") || is(param, "tableattr")) {
		if (t->table_attr)
			printf("Table attributes are \"%s\".\n", t->table_attr);
		else
			printf("Table attributes unset.\n");
	} else if (is(param, "C") || is(param, "title")) {
		if (popt->title)
			printf("Title is \"%s\".\n", popt->title);
		else
			printf("Title is unset.\n");
	} else if (is(param, "t") || is(param, "tuples_only")) {
		if (t->tuples_only)
			printf("Tuples only is on.\n");
		else
			printf("Tuples only is off.\n");
	} else if (is(param, "unicode_border_linestyle"))
		printf("Unicode border line style is \"%s\".\n",
		       unicode_style_name(t->unicode_border_linestyle));
	else if (is(param, "unicode_column_linestyle"))
		printf("Unicode column line style is \"%s\".\n",
		       unicode_style_name(t->unicode_column_linestyle));
	else if (is(param, "unicode_header_linestyle"))
		printf("Unicode header line style is \"%s\".\n",
		       unicode_style_name(t->unicode_header_linestyle));
	else {
		*cause = xasprintf("\\pset: unknown option: %s", param);
		return -1;
	}
	return 0;
}

/* psql's pset_quoted_string: single quotes, \n and \' escaped. */
static char *quoted(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addch(&sb, '\'');
	for (; *s; s++) {
		if (*s == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (*s == '\'')
			strbuf_addstr(&sb, "\\'");
		else
			strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '\'');
	return strbuf_detach(&sb, NULL);
}

static char *on_off(int b)
{
	return xstrdup(b ? "on" : "off");
}

char *pset_value(const struct print_query_opt *popt, const char *param)
{
	const struct print_table_opt *t = &popt->topt;

	if (is(param, "border"))
		return xasprintf("%d", t->border);
	if (is(param, "columns"))
		return xasprintf("%d", t->columns);
	if (is(param, "csv_fieldsep"))
		return quoted(csv_sep(t));
	if (is(param, "expanded"))
		return t->expanded == PRINT_EXPANDED_AUTO ? xstrdup("auto") : on_off(t->expanded);
	if (is(param, "fieldsep"))
		return quoted(t->field_sep.zero ? "" : field_sep(t));
	if (is(param, "fieldsep_zero"))
		return on_off(t->field_sep.zero);
	if (is(param, "footer"))
		return on_off(t->default_footer);
	if (is(param, "format"))
		return xstrdup(print_format_name(t->format));
	if (is(param, "linestyle"))
		return xstrdup(print_linestyle_name(t->line_style));
	if (is(param, "null"))
		return quoted(popt->null_print ? popt->null_print : "");
	if (is(param, "numericlocale"))
		return on_off(t->numeric_locale);
	if (is(param, "pager"))
		return xasprintf("%d", (int)t->pager);
	if (is(param, "pager_min_lines"))
		return xasprintf("%d", t->pager_min_lines);
	if (is(param, "recordsep"))
		return quoted(t->record_sep.zero ? "" : record_sep(t));
	if (is(param, "recordsep_zero"))
		return on_off(t->record_sep.zero);
	if (is(param, "tableattr"))
		return t->table_attr ? quoted(t->table_attr) : xstrdup("");
	if (is(param, "title"))
		return popt->title ? quoted(popt->title) : xstrdup("");
	if (is(param, "tuples_only"))
		return on_off(t->tuples_only);
	if (is(param, "unicode_border_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_border_linestyle));
	if (is(param, "unicode_column_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_column_linestyle));
	if (is(param, "unicode_header_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_header_linestyle));
	return xstrdup("ERROR");
}

void pset_list(const struct print_query_opt *popt, FILE *out)
{
	static const char *const names[] = {
		"border", "columns", "csv_fieldsep", "expanded", "fieldsep", "fieldsep_zero",
		"footer", "format", "linestyle", "null", "numericlocale", "pager",
		"pager_min_lines", "recordsep", "recordsep_zero", "tableattr", "title",
		"tuples_only", "unicode_border_linestyle", "unicode_column_linestyle",
		"unicode_header_linestyle",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *v = pset_value(popt, names[i]);

		fprintf(out, "%-24s %s\n", names[i], v);
		free(v);
	}
}
