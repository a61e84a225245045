/**
 * @file yigongti/files.h
 * @brief Which files the library reads: the paths that bundle files name.
 *
 * A bundle file (model.json, referral.json, scheme.json, DIP parameters)
 * names its tables by paths relative to its own directory.  By default such a
 * path must stay inside that directory: absolute paths and ".." components
 * are refused with #YGT_EVALIDATE naming the file and field, so a bundle from
 * elsewhere cannot make the library read /etc/passwd.  Paths the caller
 * passes to a loader directly are never restricted.  See doc/limits.md.
 *
 * Every function that reads a file or parses JSON text, besides the codes
 * its own documentation lists, returns #YGT_EIO naming the file when it is
 * a directory, FIFO, device or socket (only regular files are read), and
 * #YGT_ELIMIT when it is larger than its cap (tables 4 GiB, JSON 1 MiB).
 */
#ifndef YIGONGTI_FILES_H
#define YIGONGTI_FILES_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/**
 * @brief Allow (or forbid again) bundle files to name paths outside their directory.
 *
 * A process-wide setting, like ygt_set_allocator(): set it once at start-up
 * for trusted bundles that share tables with other bundles.  It may be
 * changed at any time; a load in progress in another thread sees either value.
 * @param allow Non-zero: absolute paths and ".." are followed; 0 (the default): refused.
 * @return The previous setting (0 or 1).
 */
YGT_API int ygt_set_outside_paths(int allow);

/**
 * @brief The current setting of ygt_set_outside_paths().
 * @return 1 when bundle files may name paths outside their directory, else 0.
 */
YGT_API int ygt_outside_paths(void);

YGT_END_DECLS

#endif /* YIGONGTI_FILES_H */
