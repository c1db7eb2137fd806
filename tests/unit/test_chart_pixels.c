/* test_chart_pixels.c: what the faster chart paths must keep (issue 18).
 *
 * 1. A PNG file (drawn on our own cairo surface, PLplot's extcairo device,
 *    and encoded by charts.c) has exactly the pixels of the same chart drawn
 *    into memory by PLplot's memcairo device, which the PNG files used
 *    before: lines with markers, Chinese and Latin text, a translucent fan
 *    and stacked areas, every pixel compared.
 * 2. The widths of text measured for PDF tables are kept per output,
 *    character size and text: a width found again is the width measured
 *    the first time, and a larger size or another text is measured anew
 *    (a cache that ignored the size would give the small width back).
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <fcntl.h>

#include <plplot.h>
#include <zlib.h>

#include "charts.h"

#define W 640
#define H 400

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* The RGB pixels of an 8-bit RGB PNG of w x h (any row filter). */
static unsigned char *png_pixels(const char *path, int w, int h)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)len), *z = malloc((size_t)len);
    assert_non_null(buf);
    assert_non_null(z);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    assert_true(len > 33);
    assert_memory_equal(buf + 12, "IHDR", 4);
    assert_int_equal(be32(buf + 16), (uint32_t)w);
    assert_int_equal(be32(buf + 20), (uint32_t)h);
    assert_int_equal(buf[24], 8);
    assert_int_equal(buf[25], 2);
    size_t zn = 0;
    for (long p = 8; p + 12 <= len;) {
        uint32_t n = be32(buf + p);
        if (memcmp(buf + p + 4, "IDAT", 4) == 0) {
            memcpy(z + zn, buf + p + 8, n);
            zn += n;
        }
        p += 12 + (long)n;
    }
    size_t stride = (size_t)w * 3, rawn = (stride + 1) * (size_t)h;
    unsigned char *raw = malloc(rawn), *img = malloc(stride * (size_t)h);
    assert_non_null(raw);
    assert_non_null(img);
    uLongf out = (uLongf)rawn;
    assert_int_equal(uncompress(raw, &out, z, (uLong)zn), Z_OK);
    assert_int_equal(out, rawn);
    for (int y = 0; y < h; y++) {
        const unsigned char *in = raw + (size_t)y * (stride + 1);
        unsigned char *row = img + (size_t)y * stride, *up = y ? row - stride : NULL;
        int ft = in[0];
        assert_true(ft <= 4);
        for (size_t i = 0; i < stride; i++) {
            int a = i >= 3 ? row[i - 3] : 0, b = up ? up[i] : 0,
                c = (up && i >= 3) ? up[i - 3] : 0, x = in[1 + i];
            int pred = ft == 0 ? 0 : ft == 1 ? a : ft == 2 ? b : ft == 3 ? (a + b) / 2 : paeth(a, b, c);
            row[i] = (unsigned char)(x + pred);
        }
    }
    free(buf);
    free(z);
    free(raw);
    return img;
}

static double X[31], A[31], B[31], LO[31], HI[31];

typedef int (*draw_fn)(ps_plot *p, ps_err *err);

static int draw_line(ps_plot *p, ps_err *err)
{
    ps_chart_series s[2] = {{"总人口 total", A}, {"65岁及以上", B}};
    ps_chart c = {"人口 Population #1", "年份", "人口", "人", PS_LANG_ZH, 31, X, 2, s,
                  2038.0, "基金耗尽 2038", 1, 0, 0};
    return ps_chart_line(p, &c, err);
}

static int draw_area(ps_plot *p, ps_err *err)
{
    ps_chart_series s[2] = {{"甲", A}, {"乙", B}};
    ps_chart c = {"Stacked 堆积", "year", "people", "persons", PS_LANG_EN, 31, X, 2, s,
                  NAN, NULL, 1, 0, 0};
    return ps_chart_area(p, &c, err);
}

static int draw_fan(ps_plot *p, ps_err *err)
{
    const double *lo[1] = {LO}, *hi[1] = {HI};
    static const char *const bl[1] = {"80%区间"};
    ps_chart_series s[2] = {{"中位数", A}, {"确定性预测", B}};
    ps_fan f = {{"扇形图", "年份", "人口", "人", PS_LANG_ZH, 31, X, 2, s, NAN, NULL, 1, 0, 0},
                1, lo, hi, bl};
    return ps_chart_fan(p, &f, err);
}

static void fill(void)
{
    for (int i = 0; i < 31; i++) {
        X[i] = 2020 + i;
        A[i] = 884792.0 + 3000.0 * i;
        B[i] = i == 20 ? NAN : 150000.0 + 4000.0 * i;
        LO[i] = A[i] * (1 - 0.004 * i);
        HI[i] = A[i] * (1 + 0.004 * i);
    }
}

static void same_pixels(draw_fn fn)
{
    ps_err err;
    ps_err_clear(&err);
    fill();
    char *dir = tu_make_temp_dir(), path[4200];
    snprintf(path, sizeof path, "%s/chart.png", dir);
    ps_plot *p = ps_plot_open(path, PS_FMT_PNG, W, H, &err);
    assert_non_null(p);
    assert_int_equal(fn(p, &err), PS_OK);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    unsigned char *file = png_pixels(path, W, H);

    unsigned char *mem = malloc((size_t)W * H * 3);
    assert_non_null(mem);
    memset(mem, 255, (size_t)W * H * 3); /* white, as the PNG starts */
    p = ps_plot_open_mem(mem, W, H, &err);
    assert_non_null(p);
    assert_int_equal(fn(p, &err), PS_OK);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);

    long differ = 0, ink = 0;
    for (size_t i = 0; i < (size_t)W * H; i++) {
        differ += memcmp(file + 3 * i, mem + 3 * i, 3) != 0;
        ink += memcmp(mem + 3 * i, "\xff\xff\xff", 3) != 0;
    }
    assert_true(ink > W * H / 100); /* something was drawn */
    if (differ)
        fail_msg("%ld of %d pixels differ between the PNG file and memcairo", differ, W * H);
    free(file);
    free(mem);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void png_line(void **state)
{
    (void)state;
    same_pixels(draw_line);
}

static void png_area(void **state)
{
    (void)state;
    same_pixels(draw_area);
}

static void png_fan(void **state)
{
    (void)state;
    same_pixels(draw_fan);
}

/* Widths kept per size and text, and given back unchanged. */
static void text_widths(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *dir = tu_make_temp_dir(), path[4200];
    snprintf(path, sizeof path, "%s/t.pdf", dir);
    ps_plot *p = ps_plot_open(path, PS_FMT_PDF, 842, 595, &err);
    assert_non_null(p);
    ps_plot_page(p);
    plschr(0, 0.6);
    double a = ps_plot_text_mm("预测期内不为负 (yuan)");
    double b = ps_plot_text_mm("预测期内不为负 (yuan)");
    assert_true(a > 0);
    assert_true(a == b);
    plschr(0, 1.2); /* twice the size: measured anew */
    double c = ps_plot_text_mm("预测期内不为负 (yuan)");
    assert_rel_close(c, 2 * a, 0.1);
    double d = ps_plot_text_mm("预测期内不为负 (yuan) 更长的文字");
    assert_true(d > c);
    plschr(0, 0.6); /* back: the first width again */
    assert_true(ps_plot_text_mm("预测期内不为负 (yuan)") == a);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);

    /* A new output measures again, with the same answer. */
    p = ps_plot_open(path, PS_FMT_PDF, 842, 595, &err);
    assert_non_null(p);
    ps_plot_page(p);
    plschr(0, 0.6);
    assert_true(ps_plot_text_mm("预测期内不为负 (yuan)") == a);
    assert_int_equal(ps_plot_close(p, &err), PS_OK);
    unlink(path);
    rmdir(dir);
    free(dir);
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
        cmocka_unit_test(png_line),
        cmocka_unit_test(png_area),
        cmocka_unit_test(png_fan),
        cmocka_unit_test(text_widths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
