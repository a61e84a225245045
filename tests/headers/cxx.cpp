// The umbrella header alone must compile as C++ and link with C linkage.
#include <yigongti.h>

int main() { return ygt_error_last() != nullptr && ygt_version_number() > 0 ? 0 : 1; }
