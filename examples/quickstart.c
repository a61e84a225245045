/* quickstart: the smallest program that uses libyigongti.
 *
 * Prints the library's version and shows the error convention every call
 * follows: a negative return code, the details in ygt_error_last(). */
#include <stdio.h>
#include <stdlib.h>
#include <yigongti.h>

static void *my_malloc(size_t size, void *user_data) {
  (void)user_data;
  return malloc(size);
}

int main(void) {
  printf("libyigongti %s (compiled against headers %s)\n",
         ygt_version_string(), YGT_VERSION_STRING);

  /* A deliberately invalid call: an allocator hook needs all three functions. */
  int rc = ygt_set_allocator(my_malloc, NULL, NULL, NULL);
  if (rc == YGT_OK) {
    fprintf(stderr, "quickstart: the invalid call unexpectedly succeeded\n");
    return 1;
  }
  const ygt_error *err = ygt_error_last();
  printf("a bad call returns %d (%s: %s)\n", rc, ygt_error_name(rc), ygt_strerror(rc));
  printf("and ygt_error_last() says: %s\n", err->message);
  return 0;
}
