/* budget_chart.c: see budget_chart.h.  GPL-3.0-or-later. */
#include "budget_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budget.h"
#include "csv.h"
#include "decision.h"

#define MAXP 32
#define MAXY 400

static const char *const GOV[4] = {"central", "provincial", "municipal", "county"};
static const char *const GOV_ZH[4] = {"中央", "省级", "市级", "县级"};
static const char *const GOV_EN[4] = {"Central", "Provincial", "Municipal", "County"};

typedef struct {
    int ny, base, np;
    char prog[MAXP][48];
    double county[MAXP][MAXY]; /* nominal yuan by programme and year */
    double gov[4][MAXY];       /* by level of government */
} ledger;

static int read_ledger(const char *path, ledger *l, ps_err *err)
{
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int cy = ps_csv_col(t, "year"), cp = ps_csv_col(t, "programme"), ck = ps_csv_col(t, "payer"),
        cn = ps_csv_col(t, "nominal"), rc = PS_OK;
    memset(l, 0, sizeof *l);
    if (cy < 0 || cp < 0 || ck < 0 || cn < 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: not a budget ledger (year,programme,payer,nominal)",
                        path);
        goto done;
    }
    l->base = -1;
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        double y, v;
        if ((rc = ps_csv_number(t, r, cy, &y, err)) || (rc = ps_csv_number(t, r, cn, &v, err)))
            goto done;
        if (l->base < 0)
            l->base = (int)y;
        int i = (int)y - l->base;
        if (i < 0 || i >= MAXY)
            continue;
        if (i + 1 > l->ny)
            l->ny = i + 1;
        const char *payer = ps_csv_field(t, r, ck), *prog = ps_csv_field(t, r, cp);
        for (int k = 0; k < 4; k++)
            if (strcmp(payer, GOV[k]) == 0)
                l->gov[k][i] += v;
        if (strcmp(payer, "county") != 0)
            continue;
        int p;
        for (p = 0; p < l->np; p++)
            if (strcmp(l->prog[p], prog) == 0)
                break;
        if (p == l->np) {
            if (l->np == MAXP)
                continue;
            snprintf(l->prog[l->np++], sizeof l->prog[0], "%s", prog);
        }
        l->county[p][i] += v;
    }
done:
    ps_csv_free(t);
    return rc;
}

int ps_render_plan_budget(ps_render *r, const char *dir, ps_err *err)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/budget.csv", dir);
    if (stat(path, &st) != 0)
        return PS_OK;
    ledger *l = malloc(sizeof *l);
    if (!l)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int rc = read_ledger(path, l, err), lang = ps_render_lang(r), en = lang == PS_LANG_EN;
    double x[MAXY];
    for (int i = 0; i < l->ny; i++)
        x[i] = l->base + i;
    if (!rc && l->ny >= 2) {
        /* 1. the county's cost by programme, stacked (a negative line, a
         * fund saving, is drawn as 0: the stack shows what the county pays) */
        ps_chart_series s[MAXP];
        char names[MAXP][400];
        int ns = 0;
        /* A programme another module adds is named as the module named it
         * (ps_budget_label, read back from summary.csv), up to its
         * bracket: "住房保障", "Housing security"; not by its key. */
        snprintf(path, sizeof path, "%s/summary.csv", dir);
        ps_err e2;
        ps_csv *sum = stat(path, &st) == 0 ? ps_csv_read(path, &e2) : NULL;
        for (int p = 0; p < l->np; p++) {
            int any = 0;
            for (int i = 0; i < l->ny; i++) {
                if (!(l->county[p][i] > 0))
                    l->county[p][i] = 0;
                any |= l->county[p][i] > 0;
            }
            if (any) {
                const char *w = ps_budget_programme_label(l->prog[p], lang);
                char lz[400], le[400];
                if (w == l->prog[p] &&
                    ps_decision_programme_label(sum, l->prog[p], lz, sizeof lz, le, sizeof le)) {
                    snprintf(names[ns], sizeof names[0], "%s", lang ? le : lz);
                    char *cut = strstr(names[ns], lang ? " (" : "（");
                    if (cut && cut > names[ns])
                        *cut = '\0';
                    w = names[ns];
                }
                s[ns].label = w;
                s[ns++].y = l->county[p];
            }
        }
        ps_csv_free(sum);
        if (ns) {
            ps_chart c = {en ? "County budget: what the county itself pays, by programme"
                             : "县级财政：县本级支出（分项目）",
                          en ? "Year" : "年份", en ? "County's cost" : "县级支出",
                          en ? "yuan" : "元", lang, l->ny, x, ns, s, NAN, NULL, 1, 0, 0};
            rc = ps_render_add(r, PS_CHART_AREA, "budget_county_by_programme", &c, NULL, err);
        }
    }
    if (!rc && l->ny >= 2) {
        /* 2. who pays the public cost: each level's share, per cent, stacked */
        double sh[4][MAXY];
        ps_chart_series s[4];
        for (int i = 0; i < l->ny; i++) {
            double tot = 0;
            for (int k = 0; k < 4; k++)
                tot += fmax(l->gov[k][i], 0);
            for (int k = 0; k < 4; k++)
                sh[k][i] = tot > 0 ? 100.0 * fmax(l->gov[k][i], 0) / tot : NAN;
        }
        for (int k = 0; k < 4; k++) {
            s[k].label = en ? GOV_EN[k] : GOV_ZH[k];
            s[k].y = sh[k];
        }
        ps_chart c = {en ? "Who pays: shares of the levels of government in the public cost"
                         : "支出分担：各级财政承担比例",
                      en ? "Year" : "年份", en ? "Share of the public cost (%)" : "占财政支出比例（%）",
                      "", lang, l->ny, x, 4, s, NAN, NULL, 1, 0, 100};
        rc = ps_render_add(r, PS_CHART_AREA, "budget_payer_shares", &c, NULL, err);
    }
    if (!rc) {
        /* 3. the county's cost as a share of its revenue, per cent */
        snprintf(path, sizeof path, "%s/budget_totals.csv", dir);
        ps_csv *t = stat(path, &st) == 0 ? ps_csv_read(path, err) : NULL;
        int cy = t ? ps_csv_col(t, "year") : -1, cs = t ? ps_csv_col(t, "county_share_revenue") : -1;
        if (t && cy >= 0 && cs >= 0 && ps_csv_nrows(t) >= 2 && ps_csv_nrows(t) <= MAXY) {
            double xs[MAXY], v[MAXY];
            int n = ps_csv_nrows(t);
            for (int i = 0; i < n && !rc; i++) {
                const char *f = ps_csv_field(t, i, cs);
                xs[i] = strtod(ps_csv_field(t, i, cy), NULL);
                v[i] = *f ? 100.0 * strtod(f, NULL) : NAN;
            }
            ps_chart_series s = {en ? "County's cost / general budget revenue" : "县级支出/一般公共预算收入", v};
            ps_chart c = {en ? "County budget: cost as a share of revenue" : "县级财政：支出占一般公共预算收入比例",
                          en ? "Year" : "年份", en ? "Share of revenue (%)" : "占收入比例（%）", "",
                          lang, n, xs, 1, &s, NAN, NULL, 1, 0, 0};
            rc = ps_render_add(r, PS_CHART_LINE, "budget_share_of_revenue", &c, NULL, err);
        } else if (!t && stat(path, &st) == 0) {
            rc = err->code;
        }
        ps_csv_free(t);
    }
    free(l);
    return rc;
}
