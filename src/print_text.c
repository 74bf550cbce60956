/* SPDX-License-Identifier: PostgreSQL */
/*
 * print_text: the aligned and wrapped formats (normal and expanded), the
 * ascii, old-ascii and unicode line styles, and the display-width
 * measurement of multibyte text (psql's print.c and mbprint.c): widths come
 * from libpq's PQmblen/PQdsplen, so they are exactly psql's.  It does not
 * choose the format or the pager policy (print.c).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/print.h"
#include "safepg/print_impl.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* ---- line styles ---- */

static const struct print_text_format ascii_format = {
	"ascii",
	{
		{"-", "+", "+", "+"},
		{"-", "+", "+", "+"},
		{"-", "+", "+", "+"},
		{"", "|", "|", "|"},
	},
	"|", "|", "|", " ", "+", " ", "+", ".", ".", 1, 0,
};

static const struct print_text_format old_ascii_format = {
	"old-ascii",
	{
		{"-", "+", "+", "+"},
		{"-", "+", "+", "+"},
		{"-", "+", "+", "+"},
		{"", "|", "|", "|"},
	},
	":", ";", " ", "+", " ", " ", " ", " ", " ", 0, 1,
};

/* Box drawing characters, [0] single, [1] double (psql's unicode_style). */
struct unicode_row {
	const char *horizontal;
	const char *vertical_and_right[2];
	const char *vertical_and_left[2];
};

struct unicode_column {
	const char *vertical;
	const char *vertical_and_horizontal[2];
	const char *up_and_horizontal[2];
	const char *down_and_horizontal[2];
};

struct unicode_border {
	const char *up_and_right;
	const char *vertical;
	const char *down_and_right;
	const char *horizontal;
	const char *down_and_left;
	const char *left_and_right;
};

static const struct unicode_row unicode_rows[2] = {
	{"\u2500", {"\u251c", "\u255f"}, {"\u2524", "\u2562"}},
	{"\u2550", {"\u255e", "\u2560"}, {"\u2561", "\u2563"}},
};

static const struct unicode_column unicode_columns[2] = {
	{"\u2502", {"\u253c", "\u256a"}, {"\u2534", "\u2567"}, {"\u252c", "\u2564"}},
	{"\u2551", {"\u256b", "\u256c"}, {"\u2568", "\u2569"}, {"\u2565", "\u2566"}},
};

static const struct unicode_border unicode_borders[2] = {
	{"\u2514", "\u2502", "\u250c", "\u2500", "\u2510", "\u2518"},
	{"\u255a", "\u2551", "\u2554", "\u2550", "\u2557", "\u255d"},
};

void print_text_format_get(const struct print_table_opt *opt, struct print_text_format *out)
{
	int b = opt->unicode_border_linestyle == PRINT_UNICODE_DOUBLE;
	int h = opt->unicode_header_linestyle == PRINT_UNICODE_DOUBLE;
	int c = opt->unicode_column_linestyle == PRINT_UNICODE_DOUBLE;
	const struct unicode_border *border = &unicode_borders[b];
	const struct unicode_row *header = &unicode_rows[h];
	const struct unicode_column *column = &unicode_columns[c];

	if (opt->line_style == PRINT_LINESTYLE_OLD_ASCII) {
		*out = old_ascii_format;
		return;
	}
	if (opt->line_style != PRINT_LINESTYLE_UNICODE) {
		*out = ascii_format;
		return;
	}
	memset(out, 0, sizeof(*out));
	out->name = "unicode";
	out->lrule[PRINT_RULE_TOP] = (struct print_line_rule){
		border->horizontal, border->down_and_right, column->down_and_horizontal[b],
		border->down_and_left};
	out->lrule[PRINT_RULE_MIDDLE] = (struct print_line_rule){
		header->horizontal, header->vertical_and_right[b],
		column->vertical_and_horizontal[h], header->vertical_and_left[b]};
	out->lrule[PRINT_RULE_BOTTOM] = (struct print_line_rule){
		border->horizontal, border->up_and_right, column->up_and_horizontal[b],
		border->left_and_right};
	out->lrule[PRINT_RULE_DATA] = (struct print_line_rule){
		"", border->vertical, column->vertical, border->vertical};
	out->midvrule_nl = column->vertical;
	out->midvrule_wrap = column->vertical;
	out->midvrule_blank = column->vertical;
	out->header_nl_left = " ";
	out->header_nl_right = "\u21b5";
	out->nl_left = " ";
	out->nl_right = "\u21b5";
	out->wrap_left = "\u2026";
	out->wrap_right = "\u2026";
	out->wrap_right_border = 1;
}

/* ---- widths (psql's mbprint.c) ---- */

/* One display line of a formatted value. */
struct text_line {
	unsigned char *ptr;	/* NULL ends the array */
	int width;
};

/* psql's utf_charcheck: length of a valid UTF-8 character at c, else -1. */
static int utf8_charcheck(const unsigned char *c)
{
	if ((*c & 0x80) == 0)
		return 1;
	if ((*c & 0xe0) == 0xc0) {
		if ((c[1] & 0xc0) == 0x80 && (c[0] & 0x1f) > 0x01)
			return 2;
		return -1;
	}
	if ((*c & 0xf0) == 0xe0) {
		if ((c[1] & 0xc0) == 0x80 && ((c[0] & 0x0f) != 0 || (c[1] & 0x20) == 0x20) &&
		    (c[2] & 0xc0) == 0x80) {
			/* psql's checks, kept as they are (including their quirks) */
			int z = c[0] & 0x0f;
			int yx = ((c[1] & 0x3f) << 6) | (c[0] & 0x3f);
			int lx = yx & 0x7f;

			if ((z == 0x0f && ((yx & 0xffe) == 0xffe ||
					   ((yx & 0xf80) == 0xd80 && lx >= 0x30 && lx <= 0x4f))) ||
			    (z == 0x0d && (yx & 0xb00) == 0x800))
				return -1;
			return 3;
		}
		return -1;
	}
	if ((*c & 0xf8) == 0xf0) {
		int u = ((c[0] & 0x07) << 2) | ((c[1] & 0x30) >> 4);

		if ((c[1] & 0xc0) == 0x80 && u > 0 && u <= 0x10 && (c[2] & 0xc0) == 0x80 &&
		    (c[3] & 0xc0) == 0x80) {
			if ((c[1] & 0x0f) == 0x0f && (c[2] & 0x3f) == 0x3f && (c[3] & 0x3e) == 0x3e)
				return -1;
			return 4;
		}
		return -1;
	}
	return -1;
}

/* The valid prefix of s: all of it when it is valid. */
static const unsigned char *utf8_valid_prefix(const unsigned char *p)
{
	while (*p) {
		int len;

		if (*p < 0x80) {
			p++;
			continue;
		}
		len = utf8_charcheck(p);
		if (len < 0)
			break;
		p += len;
	}
	return p;
}

int print_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	uint64_t high = 0;

	/* ASCII, 8 bytes at a time; an odd byte means the full check */
	for (; end - p >= 8 && !high; p += 8) {
		memcpy(&high, p, 8);
		high &= UINT64_C(0x8080808080808080);
	}
	if (high)
		p -= 8;
	for (; p < end; p++)
		if (*p >= 0x80)
			break;
	if (p == end)
		return 1;
	return *utf8_valid_prefix(p) == '\0';
}

char *print_utf8_cleaned(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *out, *q;

	if (!*utf8_valid_prefix(p))
		return NULL;
	out = xmalloc(strlen(s) + 1);
	q = out;
	p = (const unsigned char *)s;
	while (*p) {
		int len = utf8_charcheck(p);

		if (len > 0) {
			memcpy(q, p, (size_t)len);
			q += len;
			p += len;
		} else {
			p++;	/* psql skips the byte */
		}
	}
	*q = '\0';
	return (char *)out;
}

static unsigned int utf8_to_unicode(const unsigned char *c)
{
	if ((*c & 0x80) == 0)
		return c[0];
	if ((*c & 0xe0) == 0xc0)
		return ((c[0] & 0x1fu) << 6) | (c[1] & 0x3fu);
	if ((*c & 0xf0) == 0xe0)
		return ((c[0] & 0x0fu) << 12) | ((c[1] & 0x3fu) << 6) | (c[2] & 0x3fu);
	if ((*c & 0xf8) == 0xf0)
		return ((c[0] & 0x07u) << 18) | ((c[1] & 0x3fu) << 12) | ((c[2] & 0x3fu) << 6) |
		       (c[3] & 0x3fu);
	return 0xffffffffu;
}

/*
 * Whether libpq measures the bytes below 0x80 of encoding as ASCII: one
 * byte each, one column wide, control characters -1.  Then the loops below
 * take runs of printable ASCII without a PQmblen and a PQdsplen call per
 * byte (the bulk of the CPU of the aligned format).  Every client encoding
 * PostgreSQL has is such, but libpq is asked rather than believed; the
 * answer is kept for the last encoding asked about.
 */
static int ascii_plain(int encoding)
{
	static int known_encoding = -1, known_answer;
	char c[2] = {0, 0};

	if (encoding == known_encoding)
		return known_answer;
	known_answer = 1;
	for (int b = 1; b < 0x80 && known_answer; b++) {
		int w = b < 0x20 || b == 0x7f ? -1 : 1;

		c[0] = (char)b;
		known_answer = PQmblen(c, encoding) == 1 && PQdsplen(c, encoding) == w;
	}
	known_encoding = encoding;
	return known_answer;
}

/* Bytes of printable ASCII at the start of p. */
static size_t printable_run(const unsigned char *p)
{
	const unsigned char *q = p;

	while (*q >= 0x20 && *q < 0x7f)
		q++;
	return (size_t)(q - p);
}

/*
 * psql's pg_wcssize: the widest line, the number of lines and the bytes the
 * formatted form needs.  Must agree with text_format below.
 */
static void text_size(const char *s, int encoding, int *width_out, int *height_out,
		      int *format_size_out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	int chlen = 0, linewidth = 0, width = 0, height = 1, fsize = 0;
	int ascii = ascii_plain(encoding);

	for (; *p && len > 0; p += chlen) {
		int w;

		if (ascii && *p >= 0x20 && *p < 0x7f) {
			size_t n = printable_run(p);

			linewidth += (int)n;
			fsize += (int)n;
			len -= n;
			chlen = (int)n;
			continue;
		}
		chlen = PQmblen((const char *)p, encoding);
		if (len < (size_t)chlen)
			break;
		w = PQdsplen((const char *)p, encoding);
		if (chlen == 1) {
			if (*p == '\n') {
				if (linewidth > width)
					width = linewidth;
				linewidth = 0;
				height++;
				fsize++;
			} else if (*p == '\r') {
				linewidth += 2;
				fsize += 2;
			} else if (*p == '\t') {
				do {
					linewidth++;
					fsize++;
				} while (linewidth % 8 != 0);
			} else if (w < 0) {
				linewidth += 4;
				fsize += 4;
			} else {
				linewidth += w;
				fsize++;
			}
		} else if (w < 0) {
			linewidth += 6;
			fsize += 6;
		} else {
			linewidth += w;
			fsize += chlen;
		}
		len -= (size_t)chlen;
	}
	if (linewidth > width)
		width = linewidth;
	fsize++;
	if (width_out)
		*width_out = width;
	if (height_out)
		*height_out = height;
	if (format_size_out)
		*format_size_out = fsize;
}

/*
 * psql's pg_wcsformat: split s into display lines in lines[0].ptr's buffer
 * (big enough per text_size), control characters made visible.  lines has
 * room for count lines plus the terminating NULL entry.
 */
static void text_format(const char *s, int encoding, int utf8, struct text_line *lines,
			int count)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	unsigned char *out = lines->ptr;
	int chlen = 0, linewidth = 0;
	static const char hex[] = "0123456789ABCDEF";
	int ascii = ascii_plain(encoding);

	for (; *p && len > 0; p += chlen) {
		int w;

		if (ascii && *p >= 0x20 && *p < 0x7f) {
			size_t n = printable_run(p);

			memcpy(out, p, n);
			out += n;
			linewidth += (int)n;
			len -= n;
			chlen = (int)n;
			continue;
		}
		chlen = PQmblen((const char *)p, encoding);
		if (len < (size_t)chlen)
			break;
		w = PQdsplen((const char *)p, encoding);
		if (chlen == 1) {
			if (*p == '\n') {
				*out++ = '\0';
				lines->width = linewidth;
				linewidth = 0;
				lines++;
				if (--count <= 0)
					abort();	/* text_size disagreed */
				lines->ptr = out;
			} else if (*p == '\r') {
				*out++ = '\\';
				*out++ = 'r';
				linewidth += 2;
			} else if (*p == '\t') {
				do {
					*out++ = ' ';
					linewidth++;
				} while (linewidth % 8 != 0);
			} else if (w < 0) {
				*out++ = '\\';
				*out++ = 'x';
				*out++ = (unsigned char)hex[*p >> 4];
				*out++ = (unsigned char)hex[*p & 0xf];
				linewidth += 4;
			} else {
				*out++ = *p;
				linewidth += w;
			}
		} else if (w < 0) {
			char buf[16];

			if (utf8)
				snprintf(buf, sizeof(buf), "\\u%04X", utf8_to_unicode(p));
			else
				snprintf(buf, sizeof(buf), "\\u????");
			memcpy(out, buf, 6);
			out += 6;
			linewidth += 6;
		} else {
			memcpy(out, p, (size_t)chlen);
			out += chlen;
			linewidth += w;
		}
		len -= (size_t)chlen;
	}
	lines->width = linewidth;
	*out = '\0';
	if (count <= 0)
		abort();
	lines[1].ptr = NULL;
}

/*
 * psql's strlen_max_width: bytes of str that fit in *target_width display
 * columns (at least one character); *target_width gets the width used.
 */
static int width_prefix(const unsigned char *str, int *target_width, int encoding)
{
	const unsigned char *start = str;
	const unsigned char *end = str + strlen((const char *)str);
	int curr = 0;
	int ascii = ascii_plain(encoding);

	while (str < end) {
		int w;

		if (ascii && *str >= 0x20 && *str < 0x7f) {
			/* one column a byte; the first character always fits */
			int n = (int)printable_run(str);
			int room = *target_width - curr;

			if (curr == 0 && room < 1)
				room = 1;
			if (room <= 0)
				break;
			if (n > room)
				n = room;
			curr += n;
			str += n;
			continue;
		}
		w = PQdsplen((const char *)str, encoding);

		if (*target_width < curr + w && curr != 0)
			break;
		curr += w;
		str += PQmblen((const char *)str, encoding);
		if (str > end)
			str = end;
	}
	*target_width = curr;
	return (int)(str - start);
}

static void pad(FILE *fout, int n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;

		fwrite(spaces, 1, (size_t)k, fout);
		n -= k;
	}
}

/* ---- aligned ---- */

enum wrap_state {
	WRAP_NONE = 0,
	WRAP_WRAP,
	WRAP_NEWLINE
};

static void horizontal_line(unsigned int ncolumns, const unsigned int *widths,
			    unsigned short border, enum print_rule pos,
			    const struct print_text_format *format, FILE *fout)
{
	const struct print_line_rule *lf = &format->lrule[pos];
	unsigned int i, j;

	if (border == 1)
		fputs(lf->hrule, fout);
	else if (border == 2)
		fprintf(fout, "%s%s", lf->leftvrule, lf->hrule);
	for (i = 0; i < ncolumns; i++) {
		for (j = 0; j < widths[i]; j++)
			fputs(lf->hrule, fout);
		if (i < ncolumns - 1) {
			if (border == 0)
				fputc(' ', fout);
			else
				fprintf(fout, "%s%s%s", lf->hrule, lf->midvrule, lf->hrule);
		}
	}
	if (border == 2)
		fprintf(fout, "%s%s", lf->hrule, lf->rightvrule);
	else if (border == 1)
		fputs(lf->hrule, fout);
	fputc('\n', fout);
}

/* Per-column working storage of print_aligned_text. */
struct column {
	unsigned int width_header;
	unsigned int max_width;
	unsigned int width_wrap;
	unsigned int width_average;
	unsigned int max_nl_lines;
	unsigned int curr_nl_line;
	unsigned int max_bytes;
	struct text_line *lines;
	unsigned char *buf;
	int header_done;
	int bytes_output;
	enum wrap_state wrap;
};

static void print_text_title(const struct print_table *tbl, unsigned int width_total,
			     FILE *fout)
{
	int width, height;

	text_size(tbl->title, tbl->opt->encoding, &width, &height, NULL);
	if ((unsigned int)width >= width_total)
		fprintf(fout, "%s\n", tbl->title);
	else
		fprintf(fout, "%-*s%s\n", (int)(width_total - (unsigned int)width) / 2, "",
			tbl->title);
}

static void print_text_headers(const struct print_table *tbl, struct column *cols,
			       unsigned int ncol, unsigned short border,
			       const struct print_text_format *format, unsigned int *wraps,
			       FILE *fout)
{
	const struct print_line_rule *dformat = &format->lrule[PRINT_RULE_DATA];
	unsigned int i, more = ncol;
	unsigned int line = 0;

	if (border == 2)
		horizontal_line(ncol, wraps, border, PRINT_RULE_TOP, format, fout);
	for (i = 0; i < ncol; i++) {
		text_format(tbl->headers[i], tbl->opt->encoding, tbl->utf8, cols[i].lines,
			    (int)cols[i].max_nl_lines);
		cols[i].header_done = 0;
	}
	while (more) {
		if (border == 2)
			fputs(dformat->leftvrule, fout);
		for (i = 0; i < ncol; i++) {
			struct text_line *l = cols[i].lines + line;

			if (border != 0 || (!format->wrap_right_border && i > 0))
				fputs(line ? format->header_nl_left : " ", fout);
			if (!cols[i].header_done) {
				unsigned int nbspace = cols[i].width_wrap - (unsigned int)l->width;

				/* centered */
				pad(fout, (int)(nbspace / 2));
				fputs((const char *)l->ptr, fout);
				pad(fout, (int)((nbspace + 1) / 2));
				if (!l[1].ptr) {
					more--;
					cols[i].header_done = 1;
				}
			} else {
				pad(fout, (int)cols[i].width_wrap);
			}
			if (border != 0 || format->wrap_right_border)
				fputs(!cols[i].header_done ? format->header_nl_right : " ", fout);
			if (border != 0 && i < ncol - 1)
				fputs(dformat->midvrule, fout);
		}
		line++;
		if (border == 2)
			fputs(dformat->rightvrule, fout);
		fputc('\n', fout);
	}
	horizontal_line(ncol, wraps, border, PRINT_RULE_MIDDLE, format, fout);
}

/* One row of cells, over as many display lines as newlines and wrapping need. */
static void print_text_row(const struct print_table *tbl, const char *const *row,
			   struct column *cols, unsigned int ncol, unsigned short border,
			   const struct print_text_format *format, FILE *fout)
{
	const struct print_line_rule *dformat = &format->lrule[PRINT_RULE_DATA];
	int encoding = tbl->opt->encoding;
	unsigned int j;
	int more_lines;

	for (j = 0; j < ncol; j++) {
		text_format(row[j], encoding, tbl->utf8, cols[j].lines, (int)cols[j].max_nl_lines);
		cols[j].curr_nl_line = 0;
		cols[j].bytes_output = 0;
	}
	do {
		more_lines = 0;
		if (border == 2)
			fputs(dformat->leftvrule, fout);
		for (j = 0; j < ncol; j++) {
			struct column *col = &cols[j];
			struct text_line *l = &col->lines[col->curr_nl_line];
			int chars = (int)col->width_wrap;
			int finalspaces = border == 2 || j < ncol - 1;

			if (border != 0) {
				if (col->wrap == WRAP_WRAP)
					fputs(format->wrap_left, fout);
				else if (col->wrap == WRAP_NEWLINE)
					fputs(format->nl_left, fout);
				else
					fputc(' ', fout);
			}
			if (!l->ptr) {
				if (finalspaces)
					pad(fout, chars);
			} else {
				const unsigned char *start = l->ptr + col->bytes_output;
				int nbytes = width_prefix(start, &chars, encoding);

				/* one character wider than the column: pretend it fits */
				if (chars > (int)col->width_wrap)
					chars = (int)col->width_wrap;
				if (tbl->aligns[j] == 'r')
					pad(fout, (int)col->width_wrap - chars);
				fwrite(start, 1, (size_t)nbytes, fout);
				col->bytes_output += nbytes;
				if (l->ptr[col->bytes_output] != '\0') {
					more_lines = 1;
				} else {
					col->curr_nl_line++;
					if (col->lines[col->curr_nl_line].ptr)
						more_lines = 1;
					col->bytes_output = 0;
				}
			}
			col->wrap = WRAP_NONE;
			if (col->lines[col->curr_nl_line].ptr) {
				if (col->bytes_output != 0)
					col->wrap = WRAP_WRAP;
				else if (col->curr_nl_line != 0)
					col->wrap = WRAP_NEWLINE;
			}
			if (tbl->aligns[j] != 'r' &&
			    (finalspaces || col->wrap == WRAP_WRAP || col->wrap == WRAP_NEWLINE))
				pad(fout, (int)col->width_wrap - chars);
			if (col->wrap == WRAP_WRAP)
				fputs(format->wrap_right, fout);
			else if (col->wrap == WRAP_NEWLINE)
				fputs(format->nl_right, fout);
			else if (border == 2 || j < ncol - 1)
				fputc(' ', fout);
			if (border != 0 && j < ncol - 1) {
				struct column *next = &cols[j + 1];

				if (next->wrap == WRAP_WRAP)
					fputs(format->midvrule_wrap, fout);
				else if (next->wrap == WRAP_NEWLINE)
					fputs(format->midvrule_nl, fout);
				else if (!next->lines[next->curr_nl_line].ptr)
					fputs(format->midvrule_blank, fout);
				else
					fputs(dformat->midvrule, fout);
			}
		}
		if (border == 2)
			fputs(dformat->rightvrule, fout);
		fputc('\n', fout);
	} while (more_lines);
}

/* The wrapped format: narrow the columns whose widest value most exceeds their average. */
static void shrink_to_fit(struct column *cols, unsigned int ncol, unsigned int *width_total,
			  unsigned int output_columns)
{
	while (*width_total > output_columns) {
		double max_ratio = 0;
		int worst = -1;

		for (unsigned int i = 0; i < ncol; i++) {
			if (cols[i].width_average && cols[i].width_wrap > cols[i].width_header) {
				/* penalize wide columns by 1% of their width */
				double ratio = (double)cols[i].width_wrap / cols[i].width_average +
					       cols[i].max_width * 0.01;

				if (ratio > max_ratio) {
					max_ratio = ratio;
					worst = (int)i;
				}
			}
		}
		if (worst == -1)
			break;
		cols[worst].width_wrap--;
		(*width_total)--;
	}
}

void print_aligned_text(const struct print_table *tbl, FILE *fout, int is_pager)
{
	const struct print_table_opt *opt = tbl->opt;
	int encoding = opt->encoding;
	unsigned short border = opt->border > 2 ? 2 : opt->border;
	struct print_text_format format;
	unsigned int ncol = (unsigned int)tbl->ncolumns;
	unsigned int ncells = 0, i;
	unsigned int width_total, total_header_width;
	unsigned int extra_row_lines = 0, extra_lines = 0;
	struct column *cols = NULL;
	unsigned int *wraps = NULL;
	const char **row = NULL;
	struct print_cells it;
	const char *cell;
	int output_columns;
	int local_pager = 0;

	if (print_cancelled())
		return;
	print_text_format_get(opt, &format);
	cols = xcalloc(ncol + 1, sizeof(*cols));
	wraps = xcalloc(ncol + 1, sizeof(*wraps));

	for (i = 0; i < ncol; i++) {
		int width, nl, bytes;

		text_size(tbl->headers[i], encoding, &width, &nl, &bytes);
		cols[i].max_width = (unsigned int)width;
		cols[i].max_nl_lines = (unsigned int)nl;
		cols[i].max_bytes = (unsigned int)bytes;
		if ((unsigned int)nl > extra_row_lines)
			extra_row_lines = (unsigned int)nl;
		cols[i].width_header = (unsigned int)width;
	}
	extra_lines += extra_row_lines;
	extra_row_lines = 0;

	for (print_cells_start(&it, tbl); (cell = print_cells_next(&it)); ncells++) {
		struct column *col = &cols[it.col];
		int width, nl, bytes;

		text_size(cell, encoding, &width, &nl, &bytes);
		if ((unsigned int)width > col->max_width)
			col->max_width = (unsigned int)width;
		if ((unsigned int)nl > col->max_nl_lines)
			col->max_nl_lines = (unsigned int)nl;
		if ((unsigned int)bytes > col->max_bytes)
			col->max_bytes = (unsigned int)bytes;
		col->width_average += (unsigned int)width;
	}
	if (ncol != 0 && ncells != 0)
		for (i = 0; i < ncol; i++)
			cols[i].width_average /= ncells / ncol;

	if (border == 0)
		width_total = ncol;
	else if (border == 1)
		width_total = ncol * 3 - (ncol > 0 ? 1 : 0);
	else
		width_total = ncol * 3 + 1;
	total_header_width = width_total;
	for (i = 0; i < ncol; i++) {
		width_total += cols[i].max_width;
		total_header_width += cols[i].width_header;
	}
	for (i = 0; i < ncol; i++) {
		cols[i].lines = xcalloc(cols[i].max_nl_lines + 1, sizeof(*cols[i].lines));
		cols[i].buf = xmalloc(cols[i].max_bytes + 1);
		cols[i].lines->ptr = cols[i].buf;
		cols[i].width_wrap = cols[i].max_width;
	}

	output_columns = print_output_columns(opt, fout, is_pager);
	if (opt->format == PRINT_FORMAT_WRAPPED && output_columns > 0 &&
	    (unsigned int)output_columns >= total_header_width)
		shrink_to_fit(cols, ncol, &width_total, (unsigned int)output_columns);

	/*
	 * Expanded auto: vertical when too wide, unless there is only one
	 * column (vertical would be wider still).
	 */
	if (opt->expanded == PRINT_EXPANDED_AUTO && output_columns > 0 && tbl->ncolumns > 1 &&
	    ((unsigned int)output_columns < total_header_width ||
	     (unsigned int)output_columns < width_total)) {
		print_aligned_vertical(tbl, fout, is_pager);
		goto cleanup;
	}
	if (!is_pager && fout == stdout && output_columns > 0 &&
	    ((unsigned int)output_columns < total_header_width ||
	     (unsigned int)output_columns < width_total)) {
		fout = print_pager_open(opt, INT_MAX);
		is_pager = local_pager = 1;
	}
	if (!is_pager && fout == stdout && print_pager_possible(opt)) {
		for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it));) {
			int width, nl;

			text_size(cell, encoding, &width, &nl, NULL);
			if (width > 0 && cols[i].width_wrap) {
				/* the first line is not extra */
				unsigned int extra = ((unsigned int)width - 1) / cols[i].width_wrap +
						     (unsigned int)nl - 1;

				if (extra > extra_row_lines)
					extra_row_lines = extra;
			}
			if (++i >= ncol) {
				i = 0;
				extra_lines += extra_row_lines;
				extra_row_lines = 0;
			}
		}
		print_pager_if_needed(tbl, (int)extra_lines, 0, &fout, &is_pager);
		local_pager = is_pager;
	}
	for (i = 0; i < ncol; i++)
		wraps[i] = cols[i].width_wrap;

	if (opt->start_table) {
		if (tbl->title && !opt->tuples_only)
			print_text_title(tbl, width_total, fout);
		if (!opt->tuples_only)
			print_text_headers(tbl, cols, ncol, border, &format, wraps, fout);
	}
	row = xcalloc(ncol + 1, sizeof(*row));
	print_cells_start(&it, tbl);
	while (ncol > 0 && (row[0] = print_cells_next(&it))) {
		for (i = 1; i < ncol; i++)
			row[i] = print_cells_next(&it);
		if (print_cancelled())
			break;
		print_text_row(tbl, row, cols, ncol, border, &format, fout);
	}
	if (opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		if (border == 2 && !print_cancelled())
			horizontal_line(ncol, wraps, border, PRINT_RULE_BOTTOM, &format, fout);
		if (footers && !opt->tuples_only && !print_cancelled())
			for (const struct print_footer *f = footers; f; f = f->next)
				fprintf(fout, "%s\n", f->data);
		fputc('\n', fout);
	}

cleanup:
	for (i = 0; i < ncol; i++) {
		free(cols[i].lines);
		free(cols[i].buf);
	}
	free(cols);
	free(wraps);
	free(row);
	if (local_pager)
		print_pager_close(fout);
}

/* ---- aligned, expanded ---- */

static void vertical_line(const struct print_text_format *format, unsigned short border,
			  unsigned long record, unsigned int hwidth, unsigned int dwidth,
			  enum print_rule pos, FILE *fout)
{
	const struct print_line_rule *lf = &format->lrule[pos];
	const char *fill = border > 0 ? lf->hrule : " ";
	unsigned int i;
	int reclen = 0;

	if (border == 2)
		fprintf(fout, "%s%s", lf->leftvrule, lf->hrule);
	else if (border == 1)
		fputs(lf->hrule, fout);
	if (record) {
		if (border == 0)
			reclen = fprintf(fout, "* Record %lu", record);
		else
			reclen = fprintf(fout, "[ RECORD %lu ]", record);
	}
	if (border != 2)
		reclen++;
	if (reclen < 0)
		reclen = 0;
	for (i = (unsigned int)reclen; i < hwidth; i++)
		fputs(fill, fout);
	reclen -= (int)hwidth;
	if (border > 0) {
		if (reclen-- <= 0)
			fputs(lf->hrule, fout);
		if (reclen-- <= 0)
			fputs(lf->midvrule, fout);
		if (reclen-- <= 0)
			fputs(lf->hrule, fout);
	} else {
		if (reclen-- <= 0)
			fputc(' ', fout);
	}
	if (reclen < 0)
		reclen = 0;
	for (i = (unsigned int)reclen; i < dwidth; i++)
		fputs(fill, fout);
	if (border == 2)
		fprintf(fout, "%s%s", lf->hrule, lf->rightvrule);
	fputc('\n', fout);
}

/*
 * Width of the data column of the expanded aligned and wrapped formats:
 * at least the record header line, at most what output_columns leaves
 * (0: no limit).
 */
static unsigned int vertical_wrap_width(const struct print_table *tbl,
					const struct print_text_format *format,
					unsigned short border, unsigned int hwidth,
					unsigned int dwidth, int hmultiline, int *dmultiline,
					int output_columns)
{
	unsigned int swidth, rwidth = 0, newdwidth;

	if (border == 0) {
		/* one space between; maybe a column for header newline marks */
		swidth = 1;
		if (hmultiline)
			swidth++;
	} else if (border == 1) {
		swidth = 3;
		if (hmultiline && format->old_ascii)
			swidth++;
	} else {
		swidth = 7;
	}
	if (*dmultiline && border < 2 && !format->old_ascii)
		swidth++;
	if (!tbl->opt->tuples_only) {
		if (tbl->nrows > 0)
			rwidth = 1 + (unsigned int)log10(tbl->nrows);
		if (border == 0)
			rwidth += 9;
		else if (border == 1)
			rwidth += 12;
		else
			rwidth += 15;
	}
	for (;;) {
		unsigned int width = hwidth + swidth + dwidth;

		if (width < rwidth)
			width = rwidth;
		if (output_columns > 0) {
			unsigned int min_width = hwidth + swidth + 3;

			if (min_width < rwidth)
				min_width = rwidth;
			if ((unsigned int)output_columns >= width)
				newdwidth = width - hwidth - swidth;
			else if ((unsigned int)output_columns < min_width)
				newdwidth = min_width - hwidth - swidth;
			else
				newdwidth = (unsigned int)output_columns - hwidth - swidth;
		} else {
			newdwidth = width - hwidth - swidth;
		}
		/* wrapping needs a column for the marks: make room and recompute */
		if (newdwidth < dwidth && !*dmultiline && border < 2 && !format->old_ascii) {
			*dmultiline = 1;
			swidth++;
		} else {
			break;
		}
	}
	return newdwidth;
}

void print_aligned_vertical(const struct print_table *tbl, FILE *fout, int is_pager)
{
	const struct print_table_opt *opt = tbl->opt;
	unsigned short border = opt->border > 2 ? 2 : opt->border;
	struct print_text_format format;
	const struct print_line_rule *dformat;
	int encoding = opt->encoding;
	unsigned long record = opt->prior_records + 1;
	struct print_cells it;
	const char *cell;
	unsigned int i, hwidth = 0, dwidth = 0, hheight = 1, dheight = 1;
	unsigned int hformatsize = 0, dformatsize = 0;
	struct text_line *hlines = NULL, *dlines = NULL;
	int local_pager = 0, hmultiline = 0, dmultiline = 0;
	int output_columns;

	if (print_cancelled())
		return;
	print_text_format_get(opt, &format);
	dformat = &format.lrule[PRINT_RULE_DATA];

	if (print_cells_none(tbl) && opt->start_table && opt->stop_table) {
		struct print_default_footer dbuf;
		const struct print_footer *footers = print_footers_with_default(tbl, &dbuf);

		if (!opt->tuples_only && !print_cancelled())
			for (const struct print_footer *f = footers; f; f = f->next)
				fprintf(fout, "%s\n", f->data);
		fputc('\n', fout);
		return;
	}
	/* The pager is decided here: expanded auto may come from print_aligned_text. */
	if (!is_pager) {
		print_pager_if_needed(tbl, 0, 1, &fout, &is_pager);
		local_pager = is_pager;
	}
	for (i = 0; i < (unsigned int)tbl->ncolumns; i++) {
		int w, h, fs;

		text_size(tbl->headers[i], encoding, &w, &h, &fs);
		if ((unsigned int)w > hwidth)
			hwidth = (unsigned int)w;
		if ((unsigned int)h > hheight) {
			hheight = (unsigned int)h;
			hmultiline = 1;
		}
		if ((unsigned int)fs > hformatsize)
			hformatsize = (unsigned int)fs;
	}
	for (print_cells_start(&it, tbl); (cell = print_cells_next(&it));) {
		int w, h, fs;

		text_size(cell, encoding, &w, &h, &fs);
		if ((unsigned int)w > dwidth)
			dwidth = (unsigned int)w;
		if ((unsigned int)h > dheight) {
			dheight = (unsigned int)h;
			dmultiline = 1;
		}
		if ((unsigned int)fs > dformatsize)
			dformatsize = (unsigned int)fs;
	}
	dlines = xcalloc(dheight + 1, sizeof(*dlines));
	hlines = xcalloc(hheight + 1, sizeof(*hlines));
	dlines->ptr = xmalloc(dformatsize + 1);
	hlines->ptr = xmalloc(hformatsize + 1);
	{
		unsigned char *dbuf = dlines->ptr, *hbuf = hlines->ptr;

		if (opt->start_table && !opt->tuples_only && tbl->title)
			fprintf(fout, "%s\n", tbl->title);
		output_columns = print_output_columns(opt, fout, is_pager);
		/*
		 * psql 15.19 and later widen the data column to the record
		 * header line in aligned mode too, and wrap only in wrapped mode.
		 */
		if (opt->format == PRINT_FORMAT_WRAPPED || opt->format == PRINT_FORMAT_ALIGNED)
			dwidth = vertical_wrap_width(tbl, &format, border, hwidth, dwidth,
						     hmultiline, &dmultiline,
						     opt->format == PRINT_FORMAT_WRAPPED ?
							     output_columns : 0);

		for (i = 0, print_cells_start(&it, tbl); (cell = print_cells_next(&it)); i++) {
			const char *header = tbl->headers[i % (unsigned int)tbl->ncolumns];
			enum print_rule pos = i == 0 ? PRINT_RULE_TOP : PRINT_RULE_MIDDLE;
			int dline = 0, hline = 0, dcomplete = 0, hcomplete = 0, offset = 0;
			int chars_to_output;

			if (print_cancelled())
				break;
			if (i % (unsigned int)tbl->ncolumns == 0) {
				unsigned int lhwidth = hwidth;

				if (border < 2 && hmultiline && format.old_ascii)
					lhwidth++;	/* for newline marks */
				if (!opt->tuples_only)
					vertical_line(&format, border, record++, lhwidth, dwidth, pos,
						      fout);
				else if (i != 0 || !opt->start_table || border == 2)
					vertical_line(&format, border, 0, lhwidth, dwidth, pos, fout);
			}
			dlines->ptr = dbuf;
			hlines->ptr = hbuf;
			text_format(header, encoding, tbl->utf8, hlines, (int)hheight);
			text_format(cell, encoding, tbl->utf8, dlines, (int)dheight);
			chars_to_output = dlines[0].width;
			while (!dcomplete || !hcomplete) {
				if (border == 2)
					fputs(dformat->leftvrule, fout);
				if (!hcomplete) {
					int target = (int)hwidth;
					int swidth;

					if (border == 2 || (hmultiline && format.old_ascii))
						fputs(hline ? format.header_nl_left : " ", fout);
					width_prefix(hlines[hline].ptr, &target, encoding);
					fputs((const char *)hlines[hline].ptr, fout);
					swidth = (int)hwidth - target;
					if (swidth > 0)
						fprintf(fout, "%*s", swidth, " ");
					if (hlines[hline + 1].ptr) {
						if (border > 0 || (hmultiline && !format.old_ascii))
							fputs(format.header_nl_right, fout);
						hline++;
					} else {
						if (border > 0 || (hmultiline && !format.old_ascii))
							fputs(" ", fout);
						hcomplete = 1;
					}
				} else {
					unsigned int swidth = hwidth + border;

					if (border < 2 && hmultiline && format.old_ascii)
						swidth++;
					if (border == 0 && !format.old_ascii && hmultiline)
						swidth++;
					fprintf(fout, "%*s", (int)swidth, " ");
				}
				if (border > 0) {
					if (offset)
						fputs(format.midvrule_wrap, fout);
					else if (dline == 0)
						fputs(dformat->midvrule, fout);
					else
						fputs(format.midvrule_nl, fout);
				}
				if (!dcomplete) {
					int target = (int)dwidth, nbytes, swidth = (int)dwidth;

					fputs(offset == 0 ? " " : format.wrap_left, fout);
					nbytes = width_prefix(dlines[dline].ptr + offset, &target,
							      encoding);
					fwrite(dlines[dline].ptr + offset, 1, (size_t)nbytes, fout);
					chars_to_output -= target;
					offset += nbytes;
					swidth -= target;
					if (chars_to_output) {
						/* continuing a wrapped value */
						if (border > 1 || (dmultiline && !format.old_ascii)) {
							if (swidth > 0)
								fprintf(fout, "%*s", swidth, " ");
							fputs(format.wrap_right, fout);
						}
					} else if (dlines[dline + 1].ptr) {
						/* a newline in the value */
						if (border > 1 || (dmultiline && !format.old_ascii)) {
							if (swidth > 0)
								fprintf(fout, "%*s", swidth, " ");
							fputs(format.nl_right, fout);
						}
						dline++;
						offset = 0;
						chars_to_output = dlines[dline].width;
					} else {
						if (border > 1) {
							if (swidth > 0)
								fprintf(fout, "%*s", swidth, " ");
							fputs(" ", fout);
						}
						dcomplete = 1;
					}
					if (border == 2)
						fputs(dformat->rightvrule, fout);
					fputs("\n", fout);
				} else {
					/* the header has more lines than the value */
					if (border < 2)
						fputs("\n", fout);
					else
						fprintf(fout, "%*s  %s\n", (int)dwidth, "",
							dformat->rightvrule);
				}
			}
		}
		dlines->ptr = dbuf;
		hlines->ptr = hbuf;
	}
	if (opt->stop_table) {
		if (border == 2 && !print_cancelled())
			vertical_line(&format, border, 0, hwidth, dwidth, PRINT_RULE_BOTTOM, fout);
		if (!opt->tuples_only && tbl->footers && !print_cancelled()) {
			if (border < 2)
				fputc('\n', fout);
			for (const struct print_footer *f = tbl->footers; f; f = f->next)
				fprintf(fout, "%s\n", f->data);
		}
		fputc('\n', fout);
	}
	free(dlines->ptr);
	free(hlines->ptr);
	free(dlines);
	free(hlines);
	if (local_pager)
		print_pager_close(fout);
}
