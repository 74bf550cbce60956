/* SPDX-License-Identifier: PostgreSQL */
/*
 * print_markup: the formats that are not drawn with lines (psql's
 * print.c): unaligned, csv, html, asciidoc, latex, latex-longtable and
 * troff-ms, each normal and expanded, with their escaping rules.  It does
 * not decide on the pager (print.c) and does not measure widths.
 */
#include <stdio.h>
#include <string.h>

#include "safepg/print.h"
#include "safepg/print_impl.h"
#include "safepg/banned.h"

/*
 * The unaligned format writes millions of short strings for a big result:
 * the unlocked stdio calls spare a lock per string (the stream is only
 * ever written by this thread).
 */
static void put_separator(const struct print_separator *sep, FILE *fout, const char *dflt)
{
	if (sep->zero)
		putc_unlocked('\0', fout);
	else
		fputs_unlocked(sep->sep ? sep->sep : dflt, fout);
}

static void put_fieldsep(const struct print_table *tbl, FILE *fout)
{
	put_separator(&tbl->opt->field_sep, fout, "|");
}

static void put_recordsep(const struct print_table *tbl, FILE *fout)
{
	put_separator(&tbl->opt->record_sep, fout, "\n");
}

/* Only spaces and tabs (or nothing). */
static int blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* ---- unaligned ---- */

/* The last record ends with a newline, or a zero byte with -0 (for xargs -0). */
static void unaligned_end(const struct print_table *tbl, FILE *fout)
{
	if (tbl->opt->record_sep.zero)
		fputc('\0', fout);
	else
		fputc('\n', fout);
}

void print_unaligned_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	const char *const *ptr;
	struct print_cells it;
	const char *cell;
	int need_recordsep = 0;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		if (!opt->tuples_only && tbl->title) {
			fputs(tbl->title, fout);
			put_recordsep(tbl, fout);
		}
		if (!opt->tuples_only) {
			for (ptr = tbl->headers; *ptr; ptr++) {
				if (ptr != tbl->headers)
					put_fieldsep(tbl, fout);
				fputs(*ptr, fout);
			}
			need_recordsep = 1;
		}
	} else {
		need_recordsep = 1;	/* continuing a printout */
	}
	for (print_cells_start(&it, tbl); (cell = print_cells_next(&it));) {
		if (need_recordsep) {
			put_recordsep(tbl, fout);
			need_recordsep = 0;
			if (print_cancelled())
				break;
		}
		fputs_unlocked(cell, fout);
		if (it.col + 1 < tbl->ncolumns)
			put_fieldsep(tbl, fout);
		else
			need_recordsep = 1;
	}
	if (opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		if (!opt->tuples_only && footers && !print_cancelled()) {
			for (const struct print_footer *f = footers; f; f = f->next) {
				if (need_recordsep) {
					put_recordsep(tbl, fout);
					need_recordsep = 0;
				}
				fputs(f->data, fout);
				need_recordsep = 1;
			}
		}
		if (need_recordsep)
			unaligned_end(tbl, fout);
	}
}

void print_unaligned_vertical(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	struct print_cells it;
	const char *cell;
	unsigned int i;
	int need_recordsep = 0;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		if (!opt->tuples_only && tbl->title) {
			fputs(tbl->title, fout);
			need_recordsep = 1;
		}
	} else {
		need_recordsep = 1;
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (need_recordsep) {
			/* records are separated by two record separators */
			put_recordsep(tbl, fout);
			put_recordsep(tbl, fout);
			need_recordsep = 0;
			if (print_cancelled())
				break;
		}
		fputs(tbl->headers[i % (unsigned int)tbl->ncolumns], fout);
		put_fieldsep(tbl, fout);
		fputs(cell, fout);
		if ((i + 1) % (unsigned int)tbl->ncolumns)
			put_recordsep(tbl, fout);
		else
			need_recordsep = 1;
	}
	if (opt->stop_table) {
		if (!opt->tuples_only && tbl->footers && !print_cancelled()) {
			put_recordsep(tbl, fout);
			for (const struct print_footer *f = tbl->footers; f; f = f->next) {
				put_recordsep(tbl, fout);
				fputs(f->data, fout);
			}
		}
		if (need_recordsep)
			unaligned_end(tbl, fout);
	}
}

/* ---- csv ---- */

static void csv_field(const char *s, FILE *fout, char sep)
{
	/*
	 * Quote when the value holds the separator, CR, LF or a quote, is
	 * exactly \. or the separator is \ or . -- so that COPY never reads an
	 * end-of-data marker.
	 */
	if (strchr(s, sep) || strcspn(s, "\r\n\"") != strlen(s) || strcmp(s, "\\.") == 0 ||
	    sep == '\\' || sep == '.') {
		fputc('"', fout);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', fout);
			fputc(*p, fout);
		}
		fputc('"', fout);
	} else {
		fputs(s, fout);
	}
}

static char csv_sep(const struct print_table *tbl)
{
	return tbl->opt->csv_field_sep[0] ? tbl->opt->csv_field_sep[0] : ',';
}

void print_csv_text(const struct print_table *tbl, FILE *fout)
{
	char sep = csv_sep(tbl);
	const char *const *ptr;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	/* never a title or footers; LF line ends despite RFC 4180 */
	if (tbl->opt->start_table && !tbl->opt->tuples_only) {
		for (ptr = tbl->headers; *ptr; ptr++) {
			if (ptr != tbl->headers)
				fputc(sep, fout);
			csv_field(*ptr, fout, sep);
		}
		fputc('\n', fout);
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		csv_field(cell, fout, sep);
		if ((i + 1) % (unsigned int)tbl->ncolumns)
			fputc(sep, fout);
		else
			fputc('\n', fout);
	}
}

void print_csv_vertical(const struct print_table *tbl, FILE *fout)
{
	char sep = csv_sep(tbl);
	struct print_cells it;
	const char *cell;
	unsigned int i;

	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (print_cancelled())
			return;
		csv_field(tbl->headers[i % (unsigned int)tbl->ncolumns], fout, sep);
		fputc(sep, fout);
		csv_field(cell, fout, sep);
		fputc('\n', fout);
	}
}

/* ---- html ---- */

void print_html_escaped(const char *in, FILE *fout)
{
	int leading_space = 1;

	for (const char *p = in; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", fout);
			break;
		case '<':
			fputs("&lt;", fout);
			break;
		case '>':
			fputs("&gt;", fout);
			break;
		case '\n':
			fputs("<br />\n", fout);
			break;
		case '"':
			fputs("&quot;", fout);
			break;
		case ' ':
			/* leading spaces are kept, for EXPLAIN */
			fputs(leading_space ? "&nbsp;" : " ", fout);
			break;
		default:
			fputc(*p, fout);
		}
		if (*p != ' ')
			leading_space = 0;
	}
}

static void html_table_start(const struct print_table *tbl, FILE *fout)
{
	fprintf(fout, "<table border=\"%d\"", tbl->opt->border);
	if (tbl->opt->table_attr)
		fprintf(fout, " %s", tbl->opt->table_attr);
	fputs(">\n", fout);
	if (!tbl->opt->tuples_only && tbl->title) {
		fputs("  <caption>", fout);
		print_html_escaped(tbl->title, fout);
		fputs("</caption>\n", fout);
	}
}

static void html_cell(const struct print_table *tbl, unsigned int col, const char *cell,
		      FILE *fout)
{
	fprintf(fout, "    <td align=\"%s\">", tbl->aligns[col] == 'r' ? "right" : "left");
	if (blank(cell))
		fputs("&nbsp; ", fout);
	else
		print_html_escaped(cell, fout);
}

static void html_footers(const struct print_footer *footers, FILE *fout)
{
	fputs("<p>", fout);
	for (const struct print_footer *f = footers; f; f = f->next) {
		print_html_escaped(f->data, fout);
		fputs("<br />\n", fout);
	}
	fputs("</p>", fout);
}

void print_html_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	const char *const *ptr;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		html_table_start(tbl, fout);
		if (!opt->tuples_only) {
			fputs("  <tr>\n", fout);
			for (ptr = tbl->headers; *ptr; ptr++) {
				fputs("    <th align=\"center\">", fout);
				print_html_escaped(*ptr, fout);
				fputs("</th>\n", fout);
			}
			fputs("  </tr>\n", fout);
		}
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0) {
			if (print_cancelled())
				break;
			fputs("  <tr valign=\"top\">\n", fout);
		}
		html_cell(tbl, i % ncol, cell, fout);
		fputs("</td>\n", fout);
		if ((i + 1) % ncol == 0)
			fputs("  </tr>\n", fout);
	}
	if (opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		fputs("</table>\n", fout);
		if (!opt->tuples_only && footers && !print_cancelled())
			html_footers(footers, fout);
		fputc('\n', fout);
	}
}

void print_html_vertical(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	unsigned long record = opt->prior_records + 1;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table)
		html_table_start(tbl, fout);
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0) {
			if (print_cancelled())
				break;
			if (!opt->tuples_only)
				fprintf(fout,
					"\n  <tr><td colspan=\"2\" align=\"center\">Record %lu</td></tr>\n",
					record++);
			else
				fputs("\n  <tr><td colspan=\"2\">&nbsp;</td></tr>\n", fout);
		}
		fputs("  <tr valign=\"top\">\n    <th>", fout);
		print_html_escaped(tbl->headers[i % ncol], fout);
		fputs("</th>\n", fout);
		html_cell(tbl, i % ncol, cell, fout);
		fputs("</td>\n  </tr>\n", fout);
	}
	if (opt->stop_table) {
		fputs("</table>\n", fout);
		if (!opt->tuples_only && tbl->footers && !print_cancelled())
			html_footers(tbl->footers, fout);
		fputc('\n', fout);
	}
}

/* ---- asciidoc ---- */

static void asciidoc_escaped(const char *in, FILE *fout)
{
	for (const char *p = in; *p; p++) {
		if (*p == '|')
			fputs("\\|", fout);
		else
			fputc(*p, fout);
	}
}

static void asciidoc_start(const struct print_table *tbl, FILE *fout)
{
	/* a new paragraph */
	fputs("\n", fout);
	if (!tbl->opt->tuples_only && tbl->title) {
		fputs(".", fout);
		fputs(tbl->title, fout);
		fputs("\n", fout);
	}
}

static void asciidoc_frame(unsigned short border, FILE *fout)
{
	switch (border) {
	case 0:
		fputs(",frame=\"none\",grid=\"none\"", fout);
		break;
	case 1:
		fputs(",frame=\"none\"", fout);
		break;
	case 2:
		fputs(",frame=\"all\",grid=\"all\"", fout);
		break;
	default:
		break;
	}
	fputs("]\n|====\n", fout);
}

static void asciidoc_footers(const struct print_footer *footers, FILE *fout)
{
	fputs("\n....\n", fout);
	for (const struct print_footer *f = footers; f; f = f->next) {
		fputs(f->data, fout);
		fputs("\n", fout);
	}
	fputs("....\n", fout);
}

void print_asciidoc_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	const char *const *ptr;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		asciidoc_start(tbl, fout);
		fprintf(fout, "[%scols=\"", !opt->tuples_only ? "options=\"header\"," : "");
		for (i = 0; i < ncol; i++) {
			if (i != 0)
				fputs(",", fout);
			fputs(tbl->aligns[i] == 'r' ? ">l" : "<l", fout);
		}
		fputs("\"", fout);
		asciidoc_frame(opt->border, fout);
		if (!opt->tuples_only) {
			for (ptr = tbl->headers; *ptr; ptr++) {
				if (ptr != tbl->headers)
					fputs(" ", fout);
				fputs("^l|", fout);
				asciidoc_escaped(*ptr, fout);
			}
			fputs("\n", fout);
		}
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0 && print_cancelled())
			break;
		if (i % ncol != 0)
			fputs(" ", fout);
		fputs("|", fout);
		if (blank(cell)) {
			/* no needless spaces */
			if ((i + 1) % ncol != 0)
				fputs(" ", fout);
		} else {
			asciidoc_escaped(cell, fout);
		}
		if ((i + 1) % ncol == 0)
			fputs("\n", fout);
	}
	fputs("|====\n", fout);
	if (opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		if (!opt->tuples_only && footers && !print_cancelled())
			asciidoc_footers(footers, fout);
	}
}

void print_asciidoc_vertical(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	unsigned long record = opt->prior_records + 1;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		asciidoc_start(tbl, fout);
		fputs("[cols=\"h,l\"", fout);
		asciidoc_frame(opt->border, fout);
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0) {
			if (print_cancelled())
				break;
			if (!opt->tuples_only)
				fprintf(fout, "2+^|Record %lu\n", record++);
			else
				fputs("2+|\n", fout);
		}
		fputs("<l|", fout);
		asciidoc_escaped(tbl->headers[i % ncol], fout);
		fprintf(fout, " %s|", tbl->aligns[i % ncol] == 'r' ? ">l" : "<l");
		if (blank(cell))
			fputs(" ", fout);
		else
			asciidoc_escaped(cell, fout);
		fputs("\n", fout);
	}
	fputs("|====\n", fout);
	if (opt->stop_table && !opt->tuples_only && tbl->footers && !print_cancelled())
		asciidoc_footers(tbl->footers, fout);
}

/* ---- latex ---- */

static void latex_escaped(const char *in, FILE *fout)
{
	/* ASCII per Scott Pakin's "The Comprehensive LaTeX Symbol List" */
	for (const char *p = in; *p; p++) {
		switch (*p) {
		case '#':
			fputs("\\#", fout);
			break;
		case '$':
			fputs("\\$", fout);
			break;
		case '%':
			fputs("\\%", fout);
			break;
		case '&':
			fputs("\\&", fout);
			break;
		case '<':
			fputs("\\textless{}", fout);
			break;
		case '>':
			fputs("\\textgreater{}", fout);
			break;
		case '\\':
			fputs("\\textbackslash{}", fout);
			break;
		case '^':
			fputs("\\^{}", fout);
			break;
		case '_':
			fputs("\\_", fout);
			break;
		case '{':
			fputs("\\{", fout);
			break;
		case '|':
			fputs("\\textbar{}", fout);
			break;
		case '}':
			fputs("\\}", fout);
			break;
		case '~':
			fputs("\\~{}", fout);
			break;
		case '\n':
			fputs("\\\\", fout);
			break;
		default:
			fputc(*p, fout);
		}
	}
}

static void latex_title(const struct print_table *tbl, FILE *fout)
{
	if (!tbl->opt->tuples_only && tbl->title) {
		fputs("\\begin{center}\n", fout);
		latex_escaped(tbl->title, fout);
		fputs("\n\\end{center}\n\n", fout);
	}
}

static void latex_footers(const struct print_table *tbl, const struct print_footer *footers,
			  FILE *fout)
{
	if (footers && !tbl->opt->tuples_only && !print_cancelled()) {
		for (const struct print_footer *f = footers; f; f = f->next) {
			latex_escaped(f->data, fout);
			fputs(" \\\\\n", fout);
		}
	}
	fputc('\n', fout);
}

void print_latex_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 3 ? 3 : opt->border;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		latex_title(tbl, fout);
		fputs("\\begin{tabular}{", fout);
		if (border >= 2)
			fputs("| ", fout);
		for (i = 0; i < ncol; i++) {
			fputc(tbl->aligns[i], fout);
			if (border != 0 && i < ncol - 1)
				fputs(" | ", fout);
		}
		if (border >= 2)
			fputs(" |", fout);
		fputs("}\n", fout);
		if (!opt->tuples_only && border >= 2)
			fputs("\\hline\n", fout);
		if (!opt->tuples_only) {
			for (i = 0; i < ncol; i++) {
				if (i != 0)
					fputs(" & ", fout);
				fputs("\\textit{", fout);
				latex_escaped(tbl->headers[i], fout);
				fputc('}', fout);
			}
			fputs(" \\\\\n\\hline\n", fout);
		}
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		latex_escaped(cell, fout);
		if ((i + 1) % ncol == 0) {
			fputs(" \\\\\n", fout);
			if (border == 3)
				fputs("\\hline\n", fout);
			if (print_cancelled())
				break;
		} else {
			fputs(" & ", fout);
		}
	}
	if (opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		if (border == 2)
			fputs("\\hline\n", fout);
		fputs("\\end{tabular}\n\n\\noindent ", fout);
		latex_footers(tbl, footers, fout);
	}
}

static void longtable_headers(const struct print_table *tbl, FILE *fout)
{
	for (unsigned int i = 0; i < (unsigned int)tbl->ncolumns; i++) {
		if (i != 0)
			fputs(" & ", fout);
		fputs("\\small\\textbf{\\textit{", fout);
		latex_escaped(tbl->headers[i], fout);
		fputs("}}", fout);
	}
	fputs(" \\\\\n", fout);
}

#define LONGTABLE_WHITESPACE " \t\n"

void print_latex_longtable_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 3 ? 3 : opt->border;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	const char *attr = opt->table_attr;
	const char *next_attr = attr;
	const char *last_attr = NULL;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		fputs("\\begin{longtable}{", fout);
		if (border >= 2)
			fputs("| ", fout);
		for (i = 0; i < ncol; i++) {
			/* a left-aligned column takes the next width of tableattr, if any */
			if (tbl->aligns[i] == 'l' && attr) {
				next_attr += strspn(next_attr, LONGTABLE_WHITESPACE);
				if (next_attr[0] != '\0') {
					size_t n = strcspn(next_attr, LONGTABLE_WHITESPACE);

					fputs("p{", fout);
					fwrite(next_attr, n, 1, fout);
					last_attr = next_attr;
					next_attr += n;
					fputs("\\textwidth}", fout);
				} else if (last_attr) {
					fputs("p{", fout);
					fwrite(last_attr, strcspn(last_attr, LONGTABLE_WHITESPACE), 1,
					       fout);
					fputs("\\textwidth}", fout);
				} else {
					fputc('l', fout);
				}
			} else {
				fputc(tbl->aligns[i], fout);
			}
			if (border != 0 && i < ncol - 1)
				fputs(" | ", fout);
		}
		if (border >= 2)
			fputs(" |", fout);
		fputs("}\n", fout);
		if (!opt->tuples_only) {
			if (border >= 2)
				fputs("\\toprule\n", fout);
			longtable_headers(tbl, fout);
			fputs("\\midrule\n\\endfirsthead\n", fout);
			if (border >= 2)
				fputs("\\toprule\n", fout);
			longtable_headers(tbl, fout);
			if (border != 3)
				fputs("\\midrule\n", fout);
			fputs("\\endhead\n", fout);
			if (tbl->title) {
				if (border == 2)
					fputs("\\bottomrule\n", fout);
				fputs("\\caption[", fout);
				latex_escaped(tbl->title, fout);
				fputs(" (Continued)]{", fout);
				latex_escaped(tbl->title, fout);
				fputs("}\n\\endfoot\n", fout);
				if (border == 2)
					fputs("\\bottomrule\n", fout);
				fputs("\\caption[", fout);
				latex_escaped(tbl->title, fout);
				fputs("]{", fout);
				latex_escaped(tbl->title, fout);
				fputs("}\n\\endlastfoot\n", fout);
			} else if (border >= 2) {
				fputs("\\bottomrule\n\\endfoot\n", fout);
				fputs("\\bottomrule\n\\endlastfoot\n", fout);
			}
		}
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i != 0 && i % ncol != 0)
			fputs("\n&\n", fout);
		fputs("\\raggedright{", fout);
		latex_escaped(cell, fout);
		fputc('}', fout);
		if ((i + 1) % ncol == 0) {
			fputs(" \\tabularnewline\n", fout);
			if (border == 3)
				fputs(" \\hline\n", fout);
		}
		if (print_cancelled())
			break;
	}
	if (opt->stop_table)
		fputs("\\end{longtable}\n", fout);
}

void print_latex_vertical(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 2 ? 2 : opt->border;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	unsigned long record = opt->prior_records + 1;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		latex_title(tbl, fout);
		fputs("\\begin{tabular}{", fout);
		if (border == 0)
			fputs("cl", fout);
		else if (border == 1)
			fputs("c|l", fout);
		else
			fputs("|c|l|", fout);
		fputs("}\n", fout);
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0) {
			if (print_cancelled())
				break;
			if (!opt->tuples_only) {
				if (border == 2) {
					fputs("\\hline\n", fout);
					fprintf(fout,
						"\\multicolumn{2}{|c|}{\\textit{Record %lu}} \\\\\n",
						record++);
				} else {
					fprintf(fout,
						"\\multicolumn{2}{c}{\\textit{Record %lu}} \\\\\n",
						record++);
				}
			}
			if (border >= 1)
				fputs("\\hline\n", fout);
		}
		latex_escaped(tbl->headers[i % ncol], fout);
		fputs(" & ", fout);
		latex_escaped(cell, fout);
		fputs(" \\\\\n", fout);
	}
	if (opt->stop_table) {
		if (border == 2)
			fputs("\\hline\n", fout);
		fputs("\\end{tabular}\n\n\\noindent ", fout);
		latex_footers(tbl, tbl->footers, fout);
	}
}

/* ---- troff -ms ---- */

static void troff_escaped(const char *in, FILE *fout)
{
	for (const char *p = in; *p; p++) {
		if (*p == '\\')
			fputs("\\(rs", fout);
		else
			fputc(*p, fout);
	}
}

static void troff_start(const struct print_table *tbl, unsigned short border, FILE *fout)
{
	if (!tbl->opt->tuples_only && tbl->title) {
		fputs(".LP\n.DS C\n", fout);
		troff_escaped(tbl->title, fout);
		fputs("\n.DE\n", fout);
	}
	fputs(".LP\n.TS\n", fout);
	fputs(border == 2 ? "center box;\n" : "center;\n", fout);
}

static void troff_end(const struct print_table *tbl, const struct print_footer *footers,
		      FILE *fout)
{
	fputs(".TE\n.DS L\n", fout);
	if (footers && !tbl->opt->tuples_only && !print_cancelled()) {
		for (const struct print_footer *f = footers; f; f = f->next) {
			troff_escaped(f->data, fout);
			fputc('\n', fout);
		}
	}
	fputs(".DE\n", fout);
}

void print_troff_ms_text(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 2 ? 2 : opt->border;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	struct print_cells it;
	const char *cell;
	unsigned int i;

	if (print_cancelled())
		return;
	if (opt->start_table) {
		troff_start(tbl, border, fout);
		for (i = 0; i < ncol; i++) {
			fputc(tbl->aligns[i], fout);
			if (border > 0 && i < ncol - 1)
				fputs(" | ", fout);
		}
		fputs(".\n", fout);
		if (!opt->tuples_only) {
			for (i = 0; i < ncol; i++) {
				if (i != 0)
					fputc('\t', fout);
				fputs("\\fI", fout);
				troff_escaped(tbl->headers[i], fout);
				fputs("\\fP", fout);
			}
			fputs("\n_\n", fout);
		}
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		troff_escaped(cell, fout);
		if ((i + 1) % ncol == 0) {
			fputc('\n', fout);
			if (print_cancelled())
				break;
		} else {
			fputc('\t', fout);
		}
	}
	if (opt->stop_table) {
		struct print_default_footer dbuf;

		troff_end(tbl, print_footers_with_default(tbl, &dbuf), fout);
	}
}

void print_troff_ms_vertical(const struct print_table *tbl, FILE *fout)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 2 ? 2 : opt->border;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	unsigned long record = opt->prior_records + 1;
	struct print_cells it;
	const char *cell;
	unsigned int i;
	int current = 0;	/* 0 none, 1 record header, 2 body */

	if (print_cancelled())
		return;
	if (opt->start_table) {
		troff_start(tbl, border, fout);
		if (opt->tuples_only)
			fputs("c l;\n", fout);
	} else {
		current = 2;	/* rows were printed already */
	}
	for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
		if (i % ncol == 0) {
			if (print_cancelled())
				break;
			if (!opt->tuples_only) {
				if (current != 1) {
					if (border == 2 && record > 1)
						fputs("_\n", fout);
					if (current != 0)
						fputs(".T&\n", fout);
					fputs("c s.\n", fout);
					current = 1;
				}
				fprintf(fout, "\\fIRecord %lu\\fP\n", record++);
			}
			if (border >= 1)
				fputs("_\n", fout);
		}
		if (!opt->tuples_only && current != 2) {
			if (current != 0)
				fputs(".T&\n", fout);
			fputs(border != 1 ? "c l.\n" : "c | l.\n", fout);
			current = 2;
		}
		troff_escaped(tbl->headers[i % ncol], fout);
		fputc('\t', fout);
		troff_escaped(cell, fout);
		fputc('\n', fout);
	}
	if (opt->stop_table)
		troff_end(tbl, tbl->footers, fout);
}
