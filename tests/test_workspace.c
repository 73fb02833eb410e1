/* cylch — tests of the server's workspace (model/server/workspace.c): every
 * way out of the folder is refused, names inside are normalised, writes are
 * whole and stay inside, reads are bounded. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cylch/server/workspace.h"

typedef struct fixture {
    char top[64];        /* holds ws/ and outside/ */
    char ws_dir[128], outside[128];
    cylch_ws *ws;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    cylch_error err;
    FILE *fp;
    char p[256];
    snprintf(f->top, sizeof f->top, "/tmp/cylch-test-ws.XXXXXX");
    assert_non_null(mkdtemp(f->top));
    snprintf(f->ws_dir, sizeof f->ws_dir, "%s/ws", f->top);
    snprintf(f->outside, sizeof f->outside, "%s/outside", f->top);
    assert_int_equal(mkdir(f->outside, 0777), 0);
    snprintf(p, sizeof p, "%s/secret.txt", f->outside);
    fp = fopen(p, "w");
    fputs("secret\n", fp);
    fclose(fp);
    cylch_error_clear(&err);
    assert_int_equal(cylch_ws_open(f->ws_dir, &f->ws, &err), CYLCH_OK);   /* created */
    snprintf(p, sizeof p, "%s/link-out", f->ws_dir);
    assert_int_equal(symlink(f->outside, p), 0);
    snprintf(p, sizeof p, "%s/dangling", f->ws_dir);
    assert_int_equal(symlink("/nonexistent/cylch-test-target", p), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[200];
    cylch_ws_free(f->ws);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->top);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void test_refused(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {
        "/etc/passwd", "..", "../outside/secret.txt", "data/../../outside", "data/..", "a/b/../../..",
        "results\\..\\x", "link-out/secret.txt", "link-out", "dangling/x", "dangling", "a\nb", "a\x7f",
    };
    char out[4096];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cylch_error err;
        cylch_error_clear(&err);
        assert_int_equal(cylch_ws_path(f->ws, bad[i], out, sizeof out, &err), CYLCH_EINPUT);
        assert_true(err.msg[0] != '\0');
    }
}

static void test_normalised(void **state)
{
    fixture *f = *state;
    char out[4096], want[4096];
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_ws_path(f->ws, "./data//net/./enterprises.csv", out, sizeof out, &err), CYLCH_OK);
    snprintf(want, sizeof want, "%s/data/net/enterprises.csv", f->ws->root);
    assert_string_equal(out, want);
    assert_int_equal(cylch_ws_path(f->ws, "", out, sizeof out, &err), CYLCH_OK);
    assert_string_equal(out, f->ws->root);
    /* a name that only looks like ".." is a name */
    assert_int_equal(cylch_ws_path(f->ws, "..a/b..", out, sizeof out, &err), CYLCH_OK);
    assert_int_equal(cylch_ws_path(f->ws, "%2e%2e/x", out, sizeof out, &err), CYLCH_OK);
    snprintf(want, sizeof want, "%s/%%2e%%2e/x", f->ws->root);
    assert_string_equal(out, want);
    /* too long */
    {
        char *lng = malloc(5000);
        memset(lng, 'a', 4999);
        lng[4999] = '\0';
        assert_int_equal(cylch_ws_path(f->ws, lng, out, sizeof out, &err), CYLCH_EINPUT);
        free(lng);
    }
}

static void test_write_read(void **state)
{
    fixture *f = *state;
    cylch_error err;
    char *data = NULL, p[256];
    size_t len = 0;
    struct stat sb;
    cylch_error_clear(&err);
    assert_int_equal(cylch_ws_write(f->ws, "data/new/enterprises.csv", "id,name\n", 8, &err), CYLCH_OK);
    assert_int_equal(cylch_ws_read(f->ws, "data/new/enterprises.csv", 100, &data, &len, &err), CYLCH_OK);
    assert_int_equal(len, 8);
    assert_string_equal(data, "id,name\n");
    free(data);
    /* bounded */
    assert_int_equal(cylch_ws_read(f->ws, "data/new/enterprises.csv", 4, &data, &len, &err), CYLCH_EIO);
    assert_null(data);
    /* never through a link out, and nothing appears outside */
    assert_int_equal(cylch_ws_write(f->ws, "link-out/x.csv", "x", 1, &err), CYLCH_EINPUT);
    assert_int_equal(cylch_ws_write(f->ws, "dangling", "x", 1, &err), CYLCH_EINPUT);
    snprintf(p, sizeof p, "%s/x.csv", f->outside);
    assert_int_not_equal(stat(p, &sb), 0);
    assert_int_not_equal(stat("/nonexistent/cylch-test-target", &sb), 0);
    assert_int_equal(cylch_ws_read(f->ws, "link-out/secret.txt", 100, &data, &len, &err), CYLCH_EINPUT);
    assert_null(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_normalised),
        cmocka_unit_test(test_write_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
