/* manifest.c: see manifest.h.  SHA-256 comes from OpenSSL's libcrypto
 * rather than code of our own.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "output.h"
#include "table.h"

int ps_sha256_file(const char *path, char hex[65], ps_err *err)
{
    unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ps_err_set(err, PS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = EVP_DigestUpdate(ctx, buf, n);
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    fclose(f);
    if (!ok)
        return ps_err_set(err, PS_EIO, "%s: cannot hash the file", path);
    for (unsigned i = 0; i < mdlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return PS_OK;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static int file_entry(FILE *f, const char *role, const char *path, int first, ps_err *err)
{
    char hex[65];
    if (!path)
        return PS_OK;
    if (ps_sha256_file(path, hex, err))
        return err->code;
    fprintf(f, "%s\n    {\"role\": ", first ? "" : ",");
    json_str(f, role);
    fputs(", \"path\": ", f);
    json_str(f, path);
    fprintf(f, ", \"sha256\": \"%s\"}", hex);
    return PS_OK;
}

static const ps_column_def PARAMETER_COLUMNS[] = {
    {"key", "参数键名", "Parameter key", "-", PS_KIND_KEY, 0},
    {"value", "取值", "Value", "-", PS_KIND_TEXT, 0},
    {"unit", "单位", "Unit", "-", PS_KIND_TEXT, 0},
    {"set_in", "设定位置（文件:行，或默认值）", "Where it was set (file:line, or default)", "-",
     PS_KIND_TEXT, 0},
    {"source", "来源", "Source", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

int ps_manifest_write(ps_scenario *sc, const char *dir, const char *version, ps_err *err)
{
    FILE *f = ps_open_out(dir, "parameters.csv", err);
    if (!f)
        return err->code;
    if (ps_scenario_write_params(sc, f, err)) {
        fclose(f);
        return err->code;
    }
    if (ps_close_out(f, dir, "parameters.csv", err) ||
        ps_columns_register(dir, "parameters.csv", PARAMETER_COLUMNS, err))
        return err->code;

    if (!(f = ps_open_out(dir, "manifest.json", err)))
        return err->code;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputs("{\n  \"engine\": \"policysim\",\n  \"version\": ", f);
    json_str(f, version);
    fputs(",\n  \"date\": ", f);
    json_str(f, date);
    fputs(",\n  \"scenario\": ", f);
    json_str(f, sc->name);
    fprintf(f, ",\n  \"base_year\": %d,\n  \"end_year\": %d,\n  \"files\": [", sc->base_year,
            sc->end_year);
    int rc = PS_OK;
    for (int i = 0; i < sc->nfiles && !rc; i++)
        rc = file_entry(f, i == 0 ? "scenario" : "scenario (extended)", sc->files[i], i == 0,
                        err);
    if (!rc)
        rc = file_entry(f, "population.base", sc->pop_base, 0, err);
    if (!rc)
        rc = file_entry(f, "population.mortality", sc->pop_mortality, 0, err);
    if (!rc)
        rc = file_entry(f, "population.mortality_improvement_by_age", sc->pop_imp_age, 0, err);
    if (!rc)
        rc = file_entry(f, "population.fertility", sc->pop_fertility, 0, err);
    if (!rc)
        rc = file_entry(f, "population.net_migration.distribution", sc->pop_mig_dist, 0, err);
    /* The county's own figures (records.h). */
    const char *own[] = {"actuals", "records"};
    for (int i = 0; i < 2 && !rc; i++) {
        char *p = ps_scenario_string(sc, own[i]);
        rc = file_entry(f, own[i], p, 0, err);
        free(p);
    }
    if (rc) {
        fclose(f);
        return rc;
    }
    fputs("\n  ],\n  \"parameters\": \"parameters.csv\"\n}\n", f);
    return ps_close_out(f, dir, "manifest.json", err);
}
