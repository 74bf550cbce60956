/* SPDX-License-Identifier: PostgreSQL */
/*
 * meta_pset: \pset and the commands built on it (\a \C \f \H \t \T \x, -P,
 * \g's one-shot options): psql's do_pset, printPsetInfo and
 * pset_value_string over struct print_query_opt.  Setting a value and
 * printing it are psql's exact messages; the formats themselves are the
 * print module's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "safepg/log.h"
#include "safepg/meta.h"
#include "safepg/print.h"
#include "safepg/session.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static void enum_error(const char *name, const char *value, const char *suggestions)
{
	log_error("unrecognized value \"%s\" for \"%s\"\nAvailable values are: %s.", value, name,
		  suggestions);
}

static int set_unicode_style(const char *value, size_t len, enum print_unicode_style *style)
{
	if (!strncasecmp("single", value, len))
		*style = PRINT_UNICODE_SINGLE;
	else if (!strncasecmp("double", value, len))
		*style = PRINT_UNICODE_DOUBLE;
	else
		return 0;
	return 1;
}

static const char *unicode_style_name(enum print_unicode_style style)
{
	switch (style) {
	case PRINT_UNICODE_SINGLE:
		return "single";
	case PRINT_UNICODE_DOUBLE:
		return "double";
	default:
		return "unknown";
	}
}

static const char *format_name(enum print_format f)
{
	return print_format_name(f);
}

static const char *linestyle_name(enum print_linestyle l)
{
	return print_linestyle_name(l == PRINT_LINESTYLE_DEFAULT ? PRINT_LINESTYLE_ASCII : l);
}

static void set_string(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? xstrdup(value) : NULL;
}

static int print_pset_info(const char *param, const struct print_query_opt *popt)
{
	const struct print_table_opt *t = &popt->topt;

	if (!strcmp(param, "border")) {
		printf("Border style is %d.\n", t->border);
	} else if (!strcmp(param, "columns")) {
		if (!t->columns)
			printf("Target width is unset.\n");
		else
			printf("Target width is %d.\n", t->columns);
	} else if (!strcmp(param, "x") || !strcmp(param, "expanded") || !strcmp(param, "vertical")) {
		if (t->expanded == PRINT_EXPANDED_ON)
			printf("Expanded display is on.\n");
		else if (t->expanded == PRINT_EXPANDED_AUTO)
			printf("Expanded display is used automatically.\n");
		else
			printf("Expanded display is off.\n");
	} else if (!strcmp(param, "csv_fieldsep")) {
		printf("Field separator for CSV is \"%s\".\n",
		       t->csv_field_sep[0] ? t->csv_field_sep : ",");
	} else if (!strcmp(param, "fieldsep")) {
		if (t->field_sep.zero)
			printf("Field separator is zero byte.\n");
		else
			printf("Field separator is \"%s\".\n", t->field_sep.sep ? t->field_sep.sep : "|");
	} else if (!strcmp(param, "fieldsep_zero")) {
		printf("Field separator is zero byte.\n");
	} else if (!strcmp(param, "footer")) {
		printf(t->default_footer ? "Default footer is on.\n" : "Default footer is off.\n");
	} else if (!strcmp(param, "format")) {
		printf("Output format is %s.\n", format_name(t->format));
	} else if (!strcmp(param, "linestyle")) {
		printf("Line style is %s.\n", linestyle_name(t->line_style));
	} else if (!strcmp(param, "null")) {
		printf("Null display is \"%s\".\n", popt->null_print ? popt->null_print : "");
	} else if (!strcmp(param, "numericlocale")) {
		printf(t->numeric_locale ? "Locale-adjusted numeric output is on.\n" :
					   "Locale-adjusted numeric output is off.\n");
	} else if (!strcmp(param, "pager")) {
		if (t->pager == PRINT_PAGER_ON)
			printf("Pager is used for long output.\n");
		else if (t->pager == PRINT_PAGER_ALWAYS)
			printf("Pager is always used.\n");
		else
			printf("Pager usage is off.\n");
	} else if (!strcmp(param, "pager_min_lines")) {
		if (t->pager_min_lines == 1)
			printf("Pager won't be used for less than %d line.\n", t->pager_min_lines);
		else
			printf("Pager won't be used for less than %d lines.\n", t->pager_min_lines);
	} else if (!strcmp(param, "recordsep")) {
		if (t->record_sep.zero)
			printf("Record separator is zero byte.\n");
		else if (!t->record_sep.sep || !strcmp(t->record_sep.sep, "\n"))
			printf("Record separator is <newline>.\n");
		else
			printf("Record separator is \"%s\".\n", t->record_sep.sep);
	} else if (!strcmp(param, "recordsep_zero")) {
		printf("Record separator is zero byte.\n");
	} else if (!strcmp(param, "T") || !strcmp(param, "tableattr")) {
		if (t->table_attr)
			printf("Table attributes are \"%s\".\n", t->table_attr);
		else
			printf("Table attributes unset.\n");
	} else if (!strcmp(param, "C") || !strcmp(param, "title")) {
		if (popt->title)
			printf("Title is \"%s\".\n", popt->title);
		else
			printf("Title is unset.\n");
	} else if (!strcmp(param, "t") || !strcmp(param, "tuples_only")) {
		printf(t->tuples_only ? "Tuples only is on.\n" : "Tuples only is off.\n");
	} else if (!strcmp(param, "unicode_border_linestyle")) {
		printf("Unicode border line style is \"%s\".\n",
		       unicode_style_name(t->unicode_border_linestyle));
	} else if (!strcmp(param, "unicode_column_linestyle")) {
		printf("Unicode column line style is \"%s\".\n",
		       unicode_style_name(t->unicode_column_linestyle));
	} else if (!strcmp(param, "unicode_header_linestyle")) {
		printf("Unicode header line style is \"%s\".\n",
		       unicode_style_name(t->unicode_header_linestyle));
	} else {
		log_error("\\pset: unknown option: %s", param);
		return 0;
	}
	return 1;
}

static int set_format(struct print_table_opt *t, const char *value, size_t len)
{
	static const struct {
		const char *name;
		enum print_format f;
	} formats[] = {
		{ "aligned", PRINT_FORMAT_ALIGNED },
		{ "asciidoc", PRINT_FORMAT_ASCIIDOC },
		{ "csv", PRINT_FORMAT_CSV },
		{ "html", PRINT_FORMAT_HTML },
		{ "latex", PRINT_FORMAT_LATEX },
		{ "troff-ms", PRINT_FORMAT_TROFF_MS },
		{ "unaligned", PRINT_FORMAT_UNALIGNED },
		{ "wrapped", PRINT_FORMAT_WRAPPED },
	};
	int match = -1;

	for (int i = 0; i < (int)(sizeof(formats) / sizeof(formats[0])); i++) {
		if (strncasecmp(formats[i].name, value, len) != 0)
			continue;
		if (match >= 0) {
			log_error("\\pset: ambiguous abbreviation \"%s\" matches both \"%s\" and \"%s\"",
				  value, formats[match].name, formats[i].name);
			return 0;
		}
		match = i;
	}
	if (match >= 0) {
		t->format = formats[match].f;
	} else if (!strncasecmp("latex-longtable", value, len)) {
		t->format = PRINT_FORMAT_LATEX_LONGTABLE;
	} else {
		log_error("\\pset: allowed formats are aligned, asciidoc, csv, html, latex, latex-longtable, troff-ms, unaligned, wrapped");
		return 0;
	}
	return 1;
}

/* A boolean \pset option: set from value, or toggled without one. */
static int set_bool(int *slot, const char *value, const char *param)
{
	if (value)
		return session_parse_bool(value, param, slot);
	*slot = !*slot;
	return 1;
}

int meta_do_pset(struct session *s, const char *param, const char *value, int quiet)
{
	struct print_query_opt *popt = &s->popt;
	struct print_table_opt *t = &popt->topt;
	size_t len = value ? strlen(value) : 0;

	if (!strcmp(param, "format")) {
		if (value && !set_format(t, value, len))
			return 0;
	} else if (!strcmp(param, "linestyle")) {
		if (!value)
			;
		else if (!strncasecmp("ascii", value, len))
			t->line_style = PRINT_LINESTYLE_ASCII;
		else if (!strncasecmp("old-ascii", value, len))
			t->line_style = PRINT_LINESTYLE_OLD_ASCII;
		else if (!strncasecmp("unicode", value, len))
			t->line_style = PRINT_LINESTYLE_UNICODE;
		else {
			log_error("\\pset: allowed line styles are ascii, old-ascii, unicode");
			return 0;
		}
	} else if (!strcmp(param, "unicode_border_linestyle")) {
		if (value && !set_unicode_style(value, len, &t->unicode_border_linestyle)) {
			log_error("\\pset: allowed Unicode border line styles are single, double");
			return 0;
		}
	} else if (!strcmp(param, "unicode_column_linestyle")) {
		if (value && !set_unicode_style(value, len, &t->unicode_column_linestyle)) {
			log_error("\\pset: allowed Unicode column line styles are single, double");
			return 0;
		}
	} else if (!strcmp(param, "unicode_header_linestyle")) {
		if (value && !set_unicode_style(value, len, &t->unicode_header_linestyle)) {
			log_error("\\pset: allowed Unicode header line styles are single, double");
			return 0;
		}
	} else if (!strcmp(param, "border")) {
		if (value)
			t->border = (unsigned short)atoi(value);
	} else if (!strcmp(param, "x") || !strcmp(param, "expanded") || !strcmp(param, "vertical")) {
		if (value && !strcasecmp(value, "auto")) {
			t->expanded = PRINT_EXPANDED_AUTO;
		} else if (value) {
			int on;

			if (!session_parse_bool(value, NULL, &on)) {
				enum_error(param, value, "on, off, auto");
				return 0;
			}
			t->expanded = on ? PRINT_EXPANDED_ON : PRINT_EXPANDED_OFF;
		} else {
			t->expanded = t->expanded ? PRINT_EXPANDED_OFF : PRINT_EXPANDED_ON;
		}
	} else if (!strcmp(param, "csv_fieldsep")) {
		if (value) {
			if (strlen(value) != 1) {
				log_error("\\pset: csv_fieldsep must be a single one-byte character");
				return 0;
			}
			if (value[0] == '"' || value[0] == '\n' || value[0] == '\r') {
				log_error("\\pset: csv_fieldsep cannot be a double quote, a newline, or a carriage return");
				return 0;
			}
			t->csv_field_sep[0] = value[0];
			t->csv_field_sep[1] = '\0';
		}
	} else if (!strcmp(param, "numericlocale")) {
		if (!set_bool(&t->numeric_locale, value, param))
			return 0;
		if (value)
			return 1;	/* psql returns before printing in this case */
	} else if (!strcmp(param, "null")) {
		if (value)
			set_string(&popt->null_print, value);
	} else if (!strcmp(param, "fieldsep")) {
		if (value) {
			set_string(&t->field_sep.sep, value);
			t->field_sep.zero = 0;
		}
	} else if (!strcmp(param, "fieldsep_zero")) {
		set_string(&t->field_sep.sep, NULL);
		t->field_sep.zero = 1;
	} else if (!strcmp(param, "recordsep")) {
		if (value) {
			set_string(&t->record_sep.sep, value);
			t->record_sep.zero = 0;
		}
	} else if (!strcmp(param, "recordsep_zero")) {
		set_string(&t->record_sep.sep, NULL);
		t->record_sep.zero = 1;
	} else if (!strcmp(param, "t") || !strcmp(param, "tuples_only")) {
		if (!set_bool(&t->tuples_only, value, param))
			return 0;
		if (value)
			return 1;
	} else if (!strcmp(param, "C") || !strcmp(param, "title")) {
		set_string(&popt->title, value);
	} else if (!strcmp(param, "T") || !strcmp(param, "tableattr")) {
		set_string(&t->table_attr, value);
	} else if (!strcmp(param, "pager")) {
		if (value && !strcasecmp(value, "always")) {
			t->pager = PRINT_PAGER_ALWAYS;
		} else if (value) {
			int on;

			if (!session_parse_bool(value, NULL, &on)) {
				enum_error(param, value, "on, off, always");
				return 0;
			}
			t->pager = on ? PRINT_PAGER_ON : PRINT_PAGER_OFF;
		} else {
			t->pager = t->pager == PRINT_PAGER_ON ? PRINT_PAGER_OFF : PRINT_PAGER_ON;
		}
	} else if (!strcmp(param, "pager_min_lines")) {
		if (value)
			t->pager_min_lines = atoi(value);
	} else if (!strcmp(param, "footer")) {
		if (!set_bool(&t->default_footer, value, param))
			return 0;
		if (value)
			return 1;
	} else if (!strcmp(param, "columns")) {
		if (value)
			t->columns = atoi(value);
	} else {
		log_error("\\pset: unknown option: %s", param);
		return 0;
	}
	if (!quiet)
		print_pset_info(param, &s->popt);
	return 1;
}

static char *quoted(const char *str)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addch(&sb, '\'');
	for (; *str; str++) {
		if (*str == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (*str == '\'')
			strbuf_addstr(&sb, "\\'");
		else
			strbuf_addch(&sb, *str);
	}
	strbuf_addch(&sb, '\'');
	return strbuf_detach(&sb, NULL);
}

static const char *onoff(int v)
{
	return v ? "on" : "off";
}

char *meta_pset_value_string(const struct session *s, const char *param)
{
	const struct print_query_opt *popt = &s->popt;
	const struct print_table_opt *t = &popt->topt;

	if (!strcmp(param, "border"))
		return xasprintf("%d", t->border);
	if (!strcmp(param, "columns"))
		return xasprintf("%d", t->columns);
	if (!strcmp(param, "csv_fieldsep"))
		return quoted(t->csv_field_sep[0] ? t->csv_field_sep : ",");
	if (!strcmp(param, "expanded"))
		return xstrdup(t->expanded == PRINT_EXPANDED_AUTO ? "auto" : onoff(t->expanded));
	if (!strcmp(param, "fieldsep"))
		return quoted(t->field_sep.sep ? t->field_sep.sep : "");
	if (!strcmp(param, "fieldsep_zero"))
		return xstrdup(onoff(t->field_sep.zero));
	if (!strcmp(param, "footer"))
		return xstrdup(onoff(t->default_footer));
	if (!strcmp(param, "format"))
		return xstrdup(format_name(t->format));
	if (!strcmp(param, "linestyle"))
		return xstrdup(linestyle_name(t->line_style));
	if (!strcmp(param, "null"))
		return quoted(popt->null_print ? popt->null_print : "");
	if (!strcmp(param, "numericlocale"))
		return xstrdup(onoff(t->numeric_locale));
	if (!strcmp(param, "pager"))
		return xasprintf("%d", (int)t->pager);
	if (!strcmp(param, "pager_min_lines"))
		return xasprintf("%d", t->pager_min_lines);
	if (!strcmp(param, "recordsep"))
		return quoted(t->record_sep.sep ? t->record_sep.sep : "");
	if (!strcmp(param, "recordsep_zero"))
		return xstrdup(onoff(t->record_sep.zero));
	if (!strcmp(param, "tableattr"))
		return t->table_attr ? quoted(t->table_attr) : xstrdup("");
	if (!strcmp(param, "title"))
		return popt->title ? quoted(popt->title) : xstrdup("");
	if (!strcmp(param, "tuples_only"))
		return xstrdup(onoff(t->tuples_only));
	if (!strcmp(param, "unicode_border_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_border_linestyle));
	if (!strcmp(param, "unicode_column_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_column_linestyle));
	if (!strcmp(param, "unicode_header_linestyle"))
		return xstrdup(unicode_style_name(t->unicode_header_linestyle));
	return xstrdup("ERROR");
}
