/* Internal: case files held in memory, read as ygt_cases_load() and
 * ygt_cases_load_4101() read files (cases_load.c, cases_4101.c).  For callers
 * that hold the text already, such as the fuzz targets: nothing is written
 * to or read from disk.  source names the text in messages (".csv" at the
 * end reads CSV); the file size limit is the caller's to apply. */
#ifndef YGT_CASES_TEXT_INTERNAL_H
#define YGT_CASES_TEXT_INTERNAL_H

#include <stddef.h>

#include "yigongti/cases.h"

int ygt__cases_load_text(ygt_cases *c, const char *source, const char *data, size_t len);
int ygt__cases_load_4101_text(ygt_cases *c, const char *source, const char *data, size_t len);

#endif
