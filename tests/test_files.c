/* The file-opening layer (src/file.c, src/json_read.c): only regular files
 * are read, under a size cap checked before reading, every error names the
 * file; paths inside bundle files stay in the bundle's directory unless the
 * host allows others (doc/limits.md, "Files and paths"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <sys/stat.h>

#include "file_internal.h"
#include "table_internal.h"
#include "testutil.h"

/* A fresh temporary directory in dir[64]. */
static void temp_dir(char *dir) {
  snprintf(dir, 64, "/tmp/ygt-files-XXXXXX");
  assert_non_null(mkdtemp(dir));
}

static void expect_error(int rc, int code, const char *source, const char *fragment) {
  const ygt_error *e = ygt_error_last();
  if (rc != code || strcmp(e->source, source) != 0 || !strstr(e->message, fragment))
    fail_msg("got %d '%s' from '%s', want %d '%s' from '%s'", rc, e->message, e->source, code, fragment, source);
}

static void test_fifo_refused(void **state) {
  (void)state;
  char dir[64], fifo[96];
  temp_dir(dir);
  snprintf(fifo, sizeof fifo, "%s/model.json", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  size_t blocks = ygt_allocated_blocks();
  ygt_table t;
  /* Without a writer these would wait forever: the test would time out. */
  expect_error(ygt__table_open(&t, fifo, '\t'), YGT_EIO, fifo, "not a regular file");
  ygt_model *m = (ygt_model *)&m;
  expect_error(ygt_model_load(&m, dir), YGT_EIO, fifo, "not a regular file");
  assert_null(m);
  assert_int_equal(ygt_allocated_blocks(), blocks);
  unlink(fifo);
  rmdir(dir);
}

static void test_directory_and_device_refused(void **state) {
  (void)state;
  char dir[64];
  temp_dir(dir);
  ygt_settle_params *p = (ygt_settle_params *)&p;
  expect_error(ygt_settle_params_load(&p, dir), YGT_EIO, dir, "is a directory");
  assert_null(p);
  ygt_table t;
  expect_error(ygt__table_open(&t, dir, '\t'), YGT_EIO, dir, "is a directory");
  expect_error(ygt__table_open(&t, "/dev/zero", '\t'), YGT_EIO, "/dev/zero", "not a regular file");
  json_t *root = NULL;
  expect_error(ygt__json_read(&root, "/dev/zero"), YGT_EIO, "/dev/zero", "not a regular file");
  assert_null(root);
  rmdir(dir);
}

/* A sparse file of `size` bytes: the cap is checked before anything is read. */
static void sparse(char *path, off_t size) {
  snprintf(path, 64, "/tmp/ygt-files-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, size), 0);
  close(fd);
}

static void test_size_caps(void **state) {
  (void)state;
  char path[64];
  size_t blocks = ygt_allocated_blocks();
  sparse(path, (off_t)YGT__JSON_MAX + 1);
  ygt_settle_params *p = NULL;
  expect_error(ygt_settle_params_load(&p, path), YGT_ELIMIT, path, "larger than the limit");
  unlink(path);
  sparse(path, (off_t)YGT__TABLE_MAX + 1);
  ygt_table t;
  expect_error(ygt__table_open(&t, path, '\t'), YGT_ELIMIT, path, "larger than the limit");
  unlink(path);
  sparse(path, (off_t)YGT__JSON_MAX); /* at the cap: read, then refused as JSON (NUL bytes) */
  json_t *root = NULL;
  expect_error(ygt__json_read(&root, path), YGT_EPARSE, path, "NUL byte");
  unlink(path);
  assert_int_equal(ygt_allocated_blocks(), blocks);
}

static void test_json_text_cap(void **state) {
  (void)state;
  char *text = malloc(YGT__JSON_MAX + 2);
  assert_non_null(text);
  memset(text, ' ', YGT__JSON_MAX + 1);
  text[0] = '{', text[YGT__JSON_MAX] = '}', text[YGT__JSON_MAX + 1] = '\0';
  ygt_settle_params *p = NULL;
  expect_error(ygt_settle_params_parse(&p, text, "big.json"), YGT_ELIMIT, "big.json", "larger than the limit");
  json_t *root = NULL;
  text[YGT__JSON_MAX] = '\0', text[YGT__JSON_MAX - 1] = '}'; /* exactly at the cap: parsed */
  assert_int_equal(ygt__json_parse(&root, text, "big.json"), 0);
  json_decref(root);
  free(text);
}

static void expect_path(const char *rel, const char *want) {
  char out[128];
  int rc = ygt__bundle_path(out, sizeof out, "bundle", rel, "b/model.json", "tables.grids");
  if (!want) {
    expect_error(rc, YGT_EVALIDATE, "b/model.json", "leaves the bundle's directory");
    assert_string_equal(ygt_error_last()->field, "tables.grids");
  } else {
    assert_int_equal(rc, 0);
    assert_string_equal(out, want);
  }
}

static void test_bundle_path_rule(void **state) {
  (void)state;
  assert_int_equal(ygt_outside_paths(), 0);
  expect_path("grids.tsv", "bundle/grids.tsv");
  expect_path("sub/..grids.tsv", "bundle/sub/..grids.tsv");
  expect_path("../../etc/passwd", NULL);
  expect_path("sub/../../x.tsv", NULL);
  expect_path("sub//..", NULL);
  expect_path("/etc/passwd", NULL);
  char out[16];
  assert_int_equal(ygt__bundle_path(out, sizeof out, "bundle", "a-very-long-name.tsv", "s", "f"), YGT_ELIMIT);
  assert_int_equal(ygt__bundle_path(out, sizeof out, "bundle", "", "s", "f"), YGT_EPARSE);
  assert_int_equal(ygt_set_outside_paths(5), 0);
  assert_int_equal(ygt_outside_paths(), 1);
  expect_path("/etc/passwd", "/etc/passwd");
  expect_path("../shared/grids.tsv", "bundle/../shared/grids.tsv");
  assert_int_equal(ygt_set_outside_paths(0), 1);
}

/* The rule is applied by every loader that resolves a path it read. */
static void test_loaders_confine(void **state) {
  (void)state;
  char dir[64], json[96];
  temp_dir(dir);
  snprintf(json, sizeof json, "%s/model.json", dir);
  FILE *f = fopen(json, "w");
  fputs("{\"format\": \"yigongti.model\", \"tables\": {\"institutions\": \"../../etc/passwd\"}}", f);
  fclose(f);
  ygt_model *m = NULL;
  expect_error(ygt_model_load(&m, dir), YGT_EVALIDATE, json, "leaves the bundle's directory");
  assert_string_equal(ygt_error_last()->field, "tables.institutions");
  unlink(json);
  rmdir(dir);
  ygt_settle_params *p = NULL;
  const char *params = "{\"format\": \"yigongti-settle/1\", \"id\": \"x\", \"model\": \"/etc/passwd\", "
                       "\"provenance\": {\"document\": \"d\", \"locality\": \"l\", \"period\": [\"2024-01-01\", "
                       "\"2024-12-31\"]}, \"insurance\": {\"resident\": {\"fund\": 100, \"reimbursement_ratio\": 1}}}";
  expect_error(ygt_settle_params_parse(&p, params, "b/p.json"), YGT_EVALIDATE, "b/p.json", "leaves the bundle");
  assert_string_equal(ygt_error_last()->field, "model");
}

/* Every allocation of reading a file fails in turn: a clean YGT_ENOMEM and
 * nothing left behind, then success. */
static void test_out_of_memory(void **state) {
  (void)state;
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".json", "{\"a\": [1, 2, 3]}"));
  testutil_failing f;
  int rc = YGT_ENOMEM;
  for (long k = 1; rc == YGT_ENOMEM && k < 100; k++) {
    assert_int_equal(testutil_fail_install(&f, k), YGT_OK);
    json_t *root = NULL;
    rc = ygt__json_read(&root, path);
    assert_true(rc == YGT_OK || rc == YGT_ENOMEM);
    assert_int_equal(ygt_allocated_blocks(), 0);
    json_decref(root);
  }
  assert_int_equal(rc, YGT_OK);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fifo_refused),
    cmocka_unit_test(test_directory_and_device_refused),
    cmocka_unit_test(test_size_caps),
    cmocka_unit_test(test_json_text_cap),
    cmocka_unit_test(test_bundle_path_rule),
    cmocka_unit_test(test_loaders_confine),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
