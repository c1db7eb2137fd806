/* test_plots.c: every chart type renders a valid, non-blank image.
 *
 * Each chart is drawn twice: to a PNG file (checked: PNG signature, IHDR
 * of the expected size, IEND, and decoded with zlib so that the pixels can
 * be checked not to be all background) and to PLplot's memcairo device (an
 * RGB buffer: the plot area must hold pixels of the series' colours).
 * Nothing compares bytes across PLplot versions.  stdin is closed first so
 * that a PLplot prompt would fail instead of waiting.  GPL-3.0-or-later. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>

#include <zlib.h>

#include "charts.h"
#include "declared.h"
#include "households_chart.h"
#include "render.h"
#include "tasks.h"

#define W 800
#define H 500

/* ------------------------------------------------------------ PNG decoding */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Reads an 8-bit RGB or RGBA PNG; returns the number of pixels that differ
 * from the top-left pixel (the background), and checks the size. */
static long png_nonbackground(const char *path, int w, int h)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    static const unsigned char SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_true(len > 33);
    assert_memory_equal(buf, SIG, 8);
    assert_memory_equal(buf + 12, "IHDR", 4);
    assert_int_equal(be32(buf + 16), (uint32_t)w);
    assert_int_equal(be32(buf + 20), (uint32_t)h);
    int depth = buf[24], ctype = buf[25];
    assert_int_equal(depth, 8);
    assert_true(ctype == 2 || ctype == 6);
    int bpp = ctype == 6 ? 4 : 3;
    /* Concatenate IDAT chunks; require IEND. */
    unsigned char *z = malloc((size_t)len);
    size_t zn = 0;
    int iend = 0;
    for (long p = 8; p + 12 <= len;) {
        uint32_t n = be32(buf + p);
        if (memcmp(buf + p + 4, "IDAT", 4) == 0) {
            memcpy(z + zn, buf + p + 8, n);
            zn += n;
        }
        if (memcmp(buf + p + 4, "IEND", 4) == 0)
            iend = 1;
        p += 12 + (long)n;
    }
    assert_true(iend);
    size_t stride = (size_t)w * (size_t)bpp, rawn = (stride + 1) * (size_t)h;
    unsigned char *raw = malloc(rawn), *img = malloc(stride * (size_t)h);
    uLongf out = (uLongf)rawn;
    assert_int_equal(uncompress(raw, &out, z, (uLong)zn), Z_OK);
    assert_int_equal(out, rawn);
    for (int y = 0; y < h; y++) {
        const unsigned char *in = raw + (size_t)y * (stride + 1);
        unsigned char *row = img + (size_t)y * stride, *up = y ? row - stride : NULL;
        int ft = in[0];
        assert_true(ft <= 4);
        for (size_t i = 0; i < stride; i++) {
            int a = i >= (size_t)bpp ? row[i - (size_t)bpp] : 0, b = up ? up[i] : 0,
                c = (up && i >= (size_t)bpp) ? up[i - (size_t)bpp] : 0, x = in[1 + i];
            int pred = ft == 0 ? 0 : ft == 1 ? a : ft == 2 ? b : ft == 3 ? (a + b) / 2 : paeth(a, b, c);
            row[i] = (unsigned char)(x + pred);
        }
    }
    long diff = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (memcmp(img + (size_t)y * stride + (size_t)x * (size_t)bpp, img, 3))
                diff++;
    free(buf);
    free(z);
    free(raw);
    free(img);
    return diff;
}

/* ------------------------------------------------------------ fixtures */

static double X[31], A[31], B[31], C[31];

static void fill(void)
{
    for (int i = 0; i < 31; i++) {
        X[i] = 2020 + i;
        A[i] = 884792.0 + 3000.0 * i;
        B[i] = 150000.0 + 4000.0 * i;
        C[i] = i == 30 ? NAN : 6800.0 - 50.0 * i; /* a flow: none in the last year */
    }
}

static ps_chart_series SER[3];

static ps_chart make_chart(void)
{
    fill();
    SER[0] = (ps_chart_series){"总人口", A};
    SER[1] = (ps_chart_series){"65岁及以上", B};
    SER[2] = (ps_chart_series){"出生 #1", C};
    ps_chart c = {"测试 Test", "年份", "人口", "人", PS_LANG_ZH, 31, X, 3, SER, 2038.0,
                  "基金耗尽 2038", 1, 0, 0};
    return c;
}

typedef int (*draw_fn)(ps_plot *p, void *arg, ps_err *err);

static int draw_line(ps_plot *p, void *arg, ps_err *err)
{
    return ps_chart_line(p, (const ps_chart *)arg, err);
}
static int draw_area(ps_plot *p, void *arg, ps_err *err)
{
    return ps_chart_area(p, (const ps_chart *)arg, err);
}
static int draw_bar(ps_plot *p, void *arg, ps_err *err)
{
    ps_chart c = *(const ps_chart *)arg;
    static const char *const cats[4] = {"2025", "2030", "2035", "2050"};
    c.n = 4;
    c.mark_x = NAN;
    return ps_chart_bar(p, &c, cats, err);
}

static double MALE[101], FEMALE[101], MALE2[101], FEMALE2[101];
static int draw_pyramid(ps_plot *p, void *arg, ps_err *err)
{
    (void)arg;
    for (int a = 0; a < 101; a++) {
        MALE[a] = 6000.0 - 50.0 * a;
        FEMALE[a] = 5800.0 - 45.0 * a;
        MALE2[a] = 4000.0 + 10.0 * a * (a < 80);
        FEMALE2[a] = 4100.0 + 11.0 * a * (a < 85);
    }
    ps_pyramid py = {"人口金字塔", "2020", "2050", "男", "女", "人数", "年龄", 101,
                     MALE, FEMALE, MALE2, FEMALE2};
    return ps_chart_pyramid(p, &py, err);
}

/* Three nested bands (2.5-97.5, 10-90, 25-75), the median, the central
 * projection dashed over it (NaN in the last year: a gap), and a mark. */
static int draw_fan(ps_plot *p, void *arg, ps_err *err)
{
    static double lo[3][31], hi[3][31], mid[31], central[31];
    static const double WIDTH[3] = {0.006, 0.004, 0.002};
    const ps_chart *c = arg;
    for (int i = 0; i < 31; i++) {
        for (int b = 0; b < 3; b++) {
            lo[b][i] = A[i] * (1 - WIDTH[b] * i);
            hi[b][i] = A[i] * (1 + WIDTH[b] * i);
        }
        mid[i] = A[i];
        central[i] = i == 30 ? NAN : A[i] * (1 - 0.0005 * i);
    }
    const double *plo[3] = {lo[0], lo[1], lo[2]}, *phi[3] = {hi[0], hi[1], hi[2]};
    static const char *const bl[3] = {"95%区间", "80%区间", "50%区间"};
    ps_chart_series s[2] = {{"中位数", mid}, {"确定性预测", central}};
    ps_fan f = {*c, 3, plo, phi, bl};
    f.base.ns = 2;
    f.base.s = s;
    return ps_chart_fan(p, &f, err);
}

/* A tornado: three parameters, one end of one beyond the horizon (a fund
 * never depleted: drawn at 2050 with the cap label), one parameter that
 * changes nothing, and a note. */
static const double T_LOW[3] = {2031, 2033, 2033}, T_HIGH[3] = {2036, 2050, 2033};
static const unsigned char T_HCAP[3] = {0, 1, 0};
static const char *const T_LAB[3] = {"population.tfr", "population.net_migration.total",
                                     "pension_employee.wage_growth"};
static const char *const T_RANGE[3] = {"0.9 – 1.6", "0 – 12000", "0.02 – 0.06"};

static ps_tornado make_tornado(void)
{
    ps_tornado t = {"敏感性分析：基金耗尽年份", "年份", "", PS_LANG_ZH, 3, T_LAB, T_RANGE,
                    T_LOW, T_HIGH, NULL, T_HCAP, 2033, 0, "情景本身", "参数取低值",
                    "参数取高值", "不耗尽", "不耗尽：预测期内基金不耗尽，画在2050年处。", 1};
    return t;
}

static int draw_tornado(ps_plot *p, void *arg, ps_err *err)
{
    (void)arg;
    ps_tornado t = make_tornado();
    return ps_chart_tornado(p, &t, err);
}

static int draw_table(ps_plot *p, void *arg, ps_err *err)
{
    (void)arg;
    const char *head[2] = {"key", "value"};
    const char *cells[4] = {"pension_employee_depletion_year", "2038", "养老金缺口", "1,234"};
    double w[2] = {3, 1};
    int n = ps_chart_table(p, "主要结论", 2, w, head, 2, cells, err);
    return n == 2 ? PS_OK : PS_EINTERNAL;
}

/* Renders with fn to a PNG file and to memory; both must be non-blank. */
static void check_both(draw_fn fn, void *arg)
{
    ps_err err;
    ps_err_clear(&err);
    char *dir = tu_make_temp_dir(), path[4200];
    snprintf(path, sizeof path, "%s/chart.png", dir);
    ps_plot *p = ps_plot_open(path, PS_FMT_PNG, W, H, &err);
    assert_non_null(p);
    int rc = fn(p, arg, &err);
    if (rc)
        fail_msg("draw: %s", err.msg);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    long diff = png_nonbackground(path, W, H);
    /* Axes, text and series: well over 1% of the image is not background. */
    assert_true(diff > W * H / 100);
    assert_true(diff < W * H); /* and it is not all ink either */
    unlink(path);
    rmdir(dir);
    free(dir);

    unsigned char *rgb = malloc((size_t)W * H * 3);
    assert_non_null(rgb);
    memset(rgb, 255, (size_t)W * H * 3);
    p = ps_plot_open_mem(rgb, W, H, &err);
    assert_non_null(p);
    assert_int_equal(fn(p, arg, &err), PS_OK);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    long ink = 0;
    for (size_t i = 0; i < (size_t)W * H; i++)
        ink += rgb[3 * i] != 255 || rgb[3 * i + 1] != 255 || rgb[3 * i + 2] != 255;
    free(rgb);
    assert_true(ink > W * H / 100);
}

static void test_line(void **state)
{
    (void)state;
    ps_chart c = make_chart();
    check_both(draw_line, &c);
}

static void test_area(void **state)
{
    (void)state;
    ps_chart c = make_chart();
    check_both(draw_area, &c);
}

static void test_bar(void **state)
{
    (void)state;
    ps_chart c = make_chart();
    check_both(draw_bar, &c);
}

static void test_pyramid(void **state)
{
    (void)state;
    check_both(draw_pyramid, NULL);
}

static void test_fan(void **state)
{
    (void)state;
    ps_chart c = make_chart();
    check_both(draw_fan, &c);
}

static void test_tornado(void **state)
{
    (void)state;
    check_both(draw_tornado, NULL);
}

/* Bad tornado input is an error, before PLplot. */
static void test_tornado_bad(void **state)
{
    (void)state;
    ps_err err;
    unsigned char *rgb = calloc((size_t)W * H, 3);
    ps_plot *p = ps_plot_open_mem(rgb, W, H, &err);
    assert_non_null(p);
    ps_tornado t = make_tornado();
    t.centre = NAN;
    assert_int_equal(ps_chart_tornado(p, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "scenario's value");
    t = make_tornado();
    t.n = 0;
    assert_int_equal(ps_chart_tornado(p, &t, &err), PS_EINTERNAL);
    double bad[3] = {2031, NAN, 2033};
    t = make_tornado();
    t.at_low = bad;
    assert_int_equal(ps_chart_tornado(p, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "parameter 1");
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    free(rgb);
}

/* ps_tasks_run: every task runs once, in forked processes or here; the
 * first failure's message comes back from a child. */
typedef struct {
    const char *dir;
    int fail_at;
} task_ctx;

static int touch_task(void *vctx, int k, ps_err *err)
{
    const task_ctx *c = vctx;
    char path[4300];
    if (k == c->fail_at)
        return ps_err_set(err, PS_EIO, "task %d failed on purpose", k);
    snprintf(path, sizeof path, "%s/t%02d", c->dir, k);
    FILE *f = fopen(path, "wx"); /* fails if a task ran twice */
    if (!f)
        return ps_err_set(err, PS_EINTERNAL, "%s: %s", path, strerror(errno));
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
    return PS_OK;
}

static void test_tasks(void **state)
{
    (void)state;
    ps_err err;
    static const char *const PROCS[3] = {"1", "2", "3"};
    for (int v = 0; v < 3; v++) {
        setenv("PS_CHART_PROCS", PROCS[v], 1);
        assert_int_equal(ps_tasks_procs(40), v + 1);
        assert_int_equal(ps_tasks_procs(1), 1);
        char *dir = tu_make_temp_dir(), path[4300];
        task_ctx c = {dir, -1};
        assert_int_equal(ps_tasks_run(40, touch_task, &c, &err), PS_OK);
        for (int k = 0; k < 40; k++) {
            snprintf(path, sizeof path, "%s/t%02d", dir, k);
            assert_int_equal(access(path, R_OK), 0);
            unlink(path);
        }
        /* A failure: its code and message, whichever process ran it. */
        c.fail_at = 7;
        ps_err_clear(&err);
        assert_int_equal(ps_tasks_run(40, touch_task, &c, &err), PS_EIO);
        assert_err(&err, PS_EIO, "task 7 failed on purpose");
        for (int k = 0; k < 40; k++) {
            snprintf(path, sizeof path, "%s/t%02d", dir, k);
            unlink(path);
        }
        rmdir(dir);
        free(dir);
    }
    unsetenv("PS_CHART_PROCS");
}

static void test_table(void **state)
{
    (void)state;
    check_both(draw_table, NULL);
}

/* SVG and PDF files start as they should. */
static void test_svg_pdf(void **state)
{
    (void)state;
    ps_chart c = make_chart();
    ps_err err;
    char *dir = tu_make_temp_dir(), path[4200], head[64];
    static const int fmts[2] = {PS_FMT_SVG, PS_FMT_PDF};
    static const char *const magic[2] = {"<?xml", "%PDF-"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/c.%s", dir, ps_plot_ext(fmts[k]));
        ps_plot *p = ps_plot_open(path, fmts[k], W, H, &err);
        assert_non_null(p);
        assert_int_equal(ps_chart_line(p, &c, &err), PS_OK);
        if (fmts[k] == PS_FMT_PDF) /* pages: PDF only, an SVG holds one */
            assert_int_equal(ps_chart_bar(p, &c, NULL, &err), PS_OK);
        assert_int_equal(ps_plot_close(p, &err), PS_OK);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t n = fread(head, 1, sizeof head - 1, f);
        fclose(f);
        head[n] = '\0';
        assert_non_null(strstr(head, magic[k]));
        unlink(path);
    }
    rmdir(dir);
    free(dir);
}

/* Bad input is an error before PLplot is reached (PLplot would exit). */
static void test_bad_input(void **state)
{
    (void)state;
    ps_err err;
    ps_chart c = make_chart();
    ps_plot *p = ps_plot_open("/nonexistent-dir/x.png", PS_FMT_PNG, W, H, &err);
    assert_null(p);
    assert_err(&err, PS_EIO, "/nonexistent-dir/x.png", "cannot write");
    assert_null(ps_plot_open("/tmp/x.png", PS_FMT_PNG, 10, 10, &err));

    unsigned char *rgb = calloc((size_t)W * H, 3);
    p = ps_plot_open_mem(rgb, W, H, &err);
    assert_non_null(p);
    ps_chart one = c;
    one.n = 1;
    assert_int_equal(ps_chart_line(p, &one, &err), PS_EINTERNAL);
    double backwards[31];
    memcpy(backwards, X, sizeof X);
    backwards[5] = 2000;
    ps_chart bx = c;
    bx.x = backwards;
    assert_int_equal(ps_chart_line(p, &bx, &err), PS_EINTERNAL);
    assert_err(&err, PS_EINTERNAL, "increase");
    double nan[31];
    for (int i = 0; i < 31; i++)
        nan[i] = NAN;
    ps_chart_series s = {"none", nan};
    ps_chart empty = c;
    empty.ns = 1;
    empty.s = &s;
    assert_int_equal(ps_chart_line(p, &empty, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "no values");
    double neg[101];
    for (int a = 0; a < 101; a++)
        neg[a] = a == 7 ? -1 : 1;
    ps_pyramid py = {"p", "a", "b", "m", "f", "x", "y", 101, neg, neg, NULL, NULL};
    assert_int_equal(ps_chart_pyramid(p, &py, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "age 7");
    /* The stream is still usable: a good chart after the errors. */
    assert_int_equal(ps_chart_line(p, &c, &err), PS_OK);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    free(rgb);
}

static void test_formats(void **state)
{
    (void)state;
    ps_err err;
    int f = 0;
    assert_int_equal(ps_plot_parse_formats("png", &f, &err), PS_OK);
    assert_int_equal(f, PS_FMT_PNG);
    assert_int_equal(ps_plot_parse_formats("pdf,svg,png", &f, &err), PS_OK);
    assert_int_equal(f, PS_FMT_PNG | PS_FMT_SVG | PS_FMT_PDF);
    assert_int_equal(ps_plot_parse_formats("png,gif", &f, &err), PS_EUSAGE);
    assert_err(&err, PS_EUSAGE, "gif");
    assert_int_equal(ps_plot_parse_formats("", &f, &err), PS_EUSAGE);
    assert_int_equal(ps_plot_parse_formats(",", &f, &err), PS_EUSAGE);
}

/* A render list keeps its own copies and rejects bad names. */
static void test_render_list(void **state)
{
    (void)state;
    ps_err err;
    ps_chart c = make_chart();
    ps_render *r = ps_render_new(PS_LANG_EN);
    assert_int_equal(ps_render_add(r, PS_CHART_LINE, "a_1", &c, NULL, &err), PS_OK);
    assert_int_equal(ps_render_add(r, PS_CHART_LINE, "a_1", &c, NULL, &err), PS_EINTERNAL);
    assert_int_equal(ps_render_add(r, PS_CHART_LINE, "../x", &c, NULL, &err), PS_EINTERNAL);
    assert_int_equal(ps_render_count(r), 1);
    assert_string_equal(ps_render_title(r, 0), "测试 Test");
    A[0] = -1; /* the copy is unaffected */
    char *dir = tu_make_temp_dir(), sub[4200], path[4300];
    snprintf(sub, sizeof sub, "%s/plots", dir);
    assert_int_equal(ps_render_write(r, sub, PS_FMT_PNG, &err), PS_OK);
    snprintf(path, sizeof path, "%s/a_1.png", sub);
    assert_true(png_nonbackground(path, PS_CHART_W, PS_CHART_H) > 10000);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
    free(dir);
    ps_render_free(r);
    /* Words come from the modules' declarations (declared.h): a column's
     * label, a module's name; the list in render.c only has words tied to
     * no column. */
    assert_string_equal(ps_render_word("fund", PS_LANG_ZH), "累计结余（年末）");
    assert_string_equal(ps_render_word("fund", PS_LANG_EN), ps_declared_any("fund")->label_en);
    assert_string_equal(ps_render_word("pension_employee", PS_LANG_EN),
                        ps_module_find("pension_employee")->label_en);
    assert_string_equal(ps_render_word("medical_resident", PS_LANG_ZH), "城乡居民基本医疗保险");
    assert_string_equal(ps_render_word("@wan_yuan", PS_LANG_ZH), "万元");
    assert_null(ps_render_word("no_such_column", PS_LANG_EN));
    /* households_chart.c keeps only chart words: the names of its modules
     * and their columns' labels are the declarations, which
     * ps_render_word reads (households_chart.c has no copy of them). */
    assert_string_equal(ps_render_word("funerals", PS_LANG_ZH), "殡葬服务与公益性公墓");
    assert_string_equal(ps_render_word("housing", PS_LANG_EN), ps_module_find("housing")->label_en);
    assert_string_equal(ps_render_word("households", PS_LANG_EN),
                        ps_module_find("households")->label_en);
    assert_string_equal(ps_render_word("cemetery_burials", PS_LANG_EN),
                        ps_declared_column("funerals.csv", "cemetery_burials")->label_en);
    assert_null(ps_households_word("funerals", PS_LANG_ZH));
    assert_null(ps_households_word("cemetery_burials", PS_LANG_EN));
    assert_string_equal(ps_households_word("@hh_plot_unit", PS_LANG_ZH), "穴");
    assert_string_equal(ps_render_word("@hh_plot_unit", PS_LANG_ZH), "穴");
    assert_null(ps_households_word("childcare", PS_LANG_EN));
}

int main(void)
{
    /* A PLplot prompt must fail, not wait. */
    int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
        dup2(fd, 0);
        close(fd);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line),     cmocka_unit_test(test_area),
        cmocka_unit_test(test_bar),      cmocka_unit_test(test_pyramid),
        cmocka_unit_test(test_fan),      cmocka_unit_test(test_table),
        cmocka_unit_test(test_tornado),  cmocka_unit_test(test_tornado_bad),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_svg_pdf),  cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_formats),  cmocka_unit_test(test_render_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
