/* Run-time version of the library (the macros give the headers' version). */
#include "yigongti/version.h"

const char *ygt_version_string(void) { return YGT_VERSION_STRING; }

int ygt_version_number(void) { return YGT_VERSION_NUMBER; }

void ygt_version(int *major, int *minor, int *patch) {
  if (major) *major = YGT_VERSION_MAJOR;
  if (minor) *minor = YGT_VERSION_MINOR;
  if (patch) *patch = YGT_VERSION_PATCH;
}
