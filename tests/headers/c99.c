/* The umbrella header alone must compile as strict C99 (-pedantic -Werror). */
#include <yigongti.h>

int main(void) { return ygt_version_number() > 0 ? 0 : 1; }
