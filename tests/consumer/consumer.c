/* An outside program: built only with pkg-config's flags against an installed copy. */
#include <stdio.h>
#include <yigongti.h>

int main(void) {
  if (ygt_set_allocator(NULL, NULL, NULL, NULL) != YGT_OK) return 1;
  printf("consumer linked libyigongti %s\n", ygt_version_string());
  return 0;
}
