/* sandbox.c: see sandbox.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE /* realpath */
#include "sandbox.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "safe_file.h"

#define HOOK_EVERY 10000    /* instructions between two checks */
#define BYTES_PER_INSTR 64  /* allocation charged as work */
#define STEPS_PER_INSTR 16  /* C steps (pattern matching...) per instruction */
#define MAX_DIRS 16

enum { TRIP_NONE, TRIP_INSTR, TRIP_MEM, TRIP_STOP, TRIP_TIME };

struct ps_sandbox {
    lua_State *L;
    ps_limits lim;
    size_t mem_used;
    long long instructions;
    size_t alloc_acc;   /* bytes allocated not yet charged */
    int tripped;        /* TRIP_* */
    int depth;          /* nesting of calls from C; limits apply when > 0 */
    double deadline;    /* monotonic seconds, for the outermost call */
    char where[160];    /* where a script was last seen (for memory errors) */
    int ndirs;
    char *dirs[MAX_DIRS]; /* folders require may read, scripts/ first */
};

/* Registry keys (addresses of these statics are unique and immutable). */
static const char SAFE_KEY = 'S';
static const char SB_KEY = 'B';
static const char LOADED_KEY = 'L';
static const char NEXT_KEY = 'N';
static const char STRMETH_KEY = 'M';
static const char PROTECTED_KEY = 'P'; /* set of read-only tables (weak keys) */
static const char ENVMT_KEY = 'E';     /* the metatable of every file's globals */
static const char RAWSTR_KEY = 'R';    /* unmetered string library, for the loader */

static volatile sig_atomic_t *stop_flag;
void ps_sandbox_set_stop_flag(volatile sig_atomic_t *flag) { stop_flag = flag; }

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- limits */

/* The limits apply while a script runs (depth > 0): C code reading the
 * scenario between calls never meets an allocation failure, so it cannot
 * raise a Lua error outside a protected call. */
/* Where the main thread's script is, for the message of a limit that
 * trips in the allocator (no traceback comes with a memory error).
 * lua_getstack and lua_getinfo("Sl") do not allocate. */
static void note_where(ps_sandbox *sb)
{
    lua_Debug ar;
    for (int level = 0; level < 8 && lua_getstack(sb->L, level, &ar); level++)
        if (lua_getinfo(sb->L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(sb->where, sizeof sb->where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
}

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ps_sandbox *sb = ud;
    if (nsize == 0) {
        if (ptr)
            sb->mem_used -= osize;
        free(ptr);
        return NULL;
    }
    size_t old = ptr ? osize : 0;
    if (sb->depth > 0 && nsize > old) {
        /* Once a limit has tripped, a little room for the error message
         * and its traceback (the hook stops the script itself). */
        size_t cap = sb->tripped ? sb->lim.max_memory + ((size_t)1 << 20) : sb->lim.max_memory;
        if (sb->mem_used + (nsize - old) > cap || (sb->tripped && nsize - old > 65536)) {
            if (!sb->tripped) {
                sb->tripped = TRIP_MEM;
                note_where(sb);
            }
            return NULL;
        }
        if (sb->tripped)
            goto alloc;
        sb->alloc_acc += nsize - old;
        if (sb->alloc_acc >= 4096) {
            sb->instructions += (long long)(sb->alloc_acc / BYTES_PER_INSTR);
            sb->alloc_acc %= BYTES_PER_INSTR;
            if (sb->instructions > sb->lim.max_instructions) {
                sb->tripped = TRIP_INSTR;
                note_where(sb);
                return NULL;
            }
        }
    }
alloc:;
    void *np = realloc(ptr, nsize);
    if (np)
        sb->mem_used = sb->mem_used - old + nsize;
    return np;
}

static ps_sandbox *get_sb(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SB_KEY);
    ps_sandbox *sb = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return sb;
}

static const char *trip_message(ps_sandbox *sb, char *msg, size_t n)
{
    switch (sb->tripped) {
    case TRIP_INSTR:
        snprintf(msg, n, "instruction limit of %lld exceeded (a runaway loop?)",
                 sb->lim.max_instructions);
        break;
    case TRIP_MEM:
        snprintf(msg, n, "memory limit of %d MiB exceeded", (int)(sb->lim.max_memory >> 20));
        break;
    case TRIP_STOP:
        snprintf(msg, n, "stopped by a signal");
        break;
    default:
        snprintf(msg, n, "time limit of %g s for one call of the scenario exceeded",
                 PS_MAX_SECONDS_PER_CALL);
    }
    return msg;
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* Raises the limit error in L; from now on L's hook fires at every
 * instruction, so a pcall in the script that catches the error gets no
 * further (and every other thread stops at its next hook). */
static int raise_tripped(lua_State *L, ps_sandbox *sb)
{
    char msg[160];
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    luaL_where(L, 1);
    lua_pushstring(L, trip_message(sb, msg, sizeof msg));
    lua_concat(L, 2);
    return lua_error(L);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    ps_sandbox *sb = get_sb(L);
    if (!sb->tripped) {
        sb->instructions += HOOK_EVERY;
        if (sb->instructions > sb->lim.max_instructions)
            sb->tripped = TRIP_INSTR;
        else if (stop_flag && *stop_flag)
            sb->tripped = TRIP_STOP;
        else if (sb->depth > 0 && now_seconds() > sb->deadline)
            sb->tripped = TRIP_TIME;
        else {
            /* Remember where the script is, for a memory error's message. */
            if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
                snprintf(sb->where, sizeof sb->where, "%s:%d", ar->short_src,
                         ar->currentline);
            return;
        }
    }
    char msg[160];
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    luaL_where(L, 0); /* in a hook, level 0 is the interrupted function */
    lua_pushstring(L, trip_message(sb, msg, sizeof msg));
    lua_concat(L, 2);
    lua_error(L);
}

/* Charges `steps` of C work (STEPS_PER_INSTR a instruction) before a
 * library function does it; raises the limit error if it would pass. */
static void charge(lua_State *L, double steps)
{
    ps_sandbox *sb = get_sb(L);
    if (sb->depth <= 0)
        return;
    if (sb->tripped)
        raise_tripped(L, sb);
    double instr = steps / STEPS_PER_INSTR;
    if (!(instr <= (double)(sb->lim.max_instructions - sb->instructions))) {
        sb->instructions = sb->lim.max_instructions + 1;
        sb->tripped = TRIP_INSTR;
        raise_tripped(L, sb);
    }
    sb->instructions += (long long)instr;
}

/* ---------------------------------------------------------------- metered library functions */

/* A coarse upper bound of the steps of Lua's matcher for pattern p on a
 * subject of n bytes: every item with a repetition (* + - ?), %b or a back
 * reference can try every position for each try of the items before it.
 * (The fallback of pattern_cost for a pattern it does not parse.) */
static double pattern_cost_coarse(const char *p, size_t m, size_t n, int plain,
                                  int anchorable)
{
    double lin = (double)n * (double)(m + 1) + (double)n;
    if (plain || !strpbrk(p, "^$*+?.([%-") || memchr(p, '\0', m))
        return lin;
    int k = 0;
    size_t i = 0;
    int anchored = anchorable && m && p[0] == '^';
    if (anchored)
        i = 1;
    while (i < m) {
        char c = p[i];
        size_t item_end = i + 1;
        if (c == '%' && i + 1 < m) {
            char e = p[i + 1];
            if (e == 'b') {
                k++;
                i += 4;
                continue;
            }
            if (e == 'f') {
                i += 2;
                if (i < m && p[i] == '[') { /* skip the set */
                    i++;
                    if (i < m && p[i] == '^')
                        i++;
                    do {
                        if (i < m && p[i] == '%')
                            i++;
                        i++;
                    } while (i < m && p[i] != ']');
                    i++;
                }
                continue;
            }
            if (e >= '1' && e <= '9')
                k++;
            item_end = i + 2;
        } else if (c == '[') {
            size_t j = i + 1;
            if (j < m && p[j] == '^')
                j++;
            do {
                if (j < m && p[j] == '%')
                    j++;
                j++;
            } while (j < m && p[j] != ']');
            item_end = j + 1;
        } else if (c == '(' || c == ')') {
            i++;
            continue;
        }
        if (item_end < m && strchr("*+-?", p[item_end])) {
            k++;
            item_end++;
        }
        i = item_end;
    }
    double starts = anchored ? 1.0 : (double)n + 1.0;
    double c = starts * pow((double)n + 1.0, k) + lin;
    return c > 1e30 ? 1e30 : c;
}

/* The finer bound (pattern_cost): the pattern read into items as Lua's
 * matcher (lstrlib.c do_match) reads it. */
enum { PI_CHAR, PI_STAR, PI_PLUS, PI_LAZY, PI_OPT, PI_OPEN, PI_CLOSE, PI_END, PI_BALANCE,
       PI_FRONTIER, PI_BACKREF };
#define PI_MAX 64

typedef struct {
    int kind;
    unsigned char set[32]; /* PI_CHAR and repetitions: the bytes the item matches */
} pat_item;

static int class_has(int cl, int c)
{
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return cl == c;
    }
    r = r != 0;
    return isupper(cl) ? !r : r;
}

static void set_add(unsigned char *set, int c) { set[(unsigned char)c >> 3] |= (unsigned char)(1u << (c & 7)); }

/* The bytes of the single-character class at p[0..e) (".", "%a", "[...]",
 * a literal), as lstrlib's singlematch sees them. */
static void item_set(const char *p, size_t e, unsigned char *set)
{
    memset(set, 0, 32);
    for (int c = 0; c < 256; c++) {
        int in = 0;
        if (p[0] == '.')
            in = 1;
        else if (p[0] == '%')
            in = class_has((unsigned char)p[1], c);
        else if (p[0] == '[') {
            size_t i = 1;
            int neg = p[1] == '^';
            if (neg)
                i++;
            /* as lstrlib's matchbracketclass: the last ']' ends the set */
            for (; i < e - 1; i++) {
                if (p[i] == '%' && i + 1 < e - 1) {
                    i++;
                    in |= class_has((unsigned char)p[i], c);
                } else if (i + 2 < e - 1 && p[i + 1] == '-') {
                    in |= (unsigned char)p[i] <= c && c <= (unsigned char)p[i + 2];
                    i += 2;
                } else {
                    in |= (unsigned char)p[i] == c;
                }
            }
            in = neg ? !in : in;
        } else
            in = (unsigned char)p[0] == c;
        if (in)
            set_add(set, c);
    }
}

/* Reads the pattern into items; -1 if it does not read as expected (the
 * caller then takes the coarse bound). */
/* The ']' closing a set whose body starts at p[j] (just after its '['), as
 * lstrlib's classEnd finds it: a leading '^' and a first ']' belong to the
 * body, '%' escapes the next byte.  *close = its index; -1 if the pattern
 * ends first. */
static int set_close(const char *p, size_t m, size_t j, size_t *close)
{
    if (j < m && p[j] == '^')
        j++;
    do {
        if (j >= m)
            return -1;
        if (p[j++] == '%' && j < m)
            j++;
    } while (j < m && p[j] != ']');
    if (j >= m)
        return -1;
    *close = j;
    return 0;
}

static int read_items(const char *p, size_t m, size_t i, pat_item *it)
{
    int k = 0;
    while (i < m) {
        if (k == PI_MAX)
            return -1;
        pat_item *x = &it[k++];
        char c = p[i];
        if (c == '(') {
            x->kind = PI_OPEN;
            i += i + 1 < m && p[i + 1] == ')' ? 2 : 1; /* a position capture */
            continue;
        }
        if (c == ')') {
            x->kind = PI_CLOSE;
            i++;
            continue;
        }
        if (c == '$' && i + 1 == m) {
            x->kind = PI_END;
            i++;
            continue;
        }
        if (c == '%' && i + 1 < m && p[i + 1] == 'b') {
            if (i + 4 > m)
                return -1;
            x->kind = PI_BALANCE;
            i += 4;
            continue;
        }
        if (c == '%' && i + 1 < m && p[i + 1] == 'f') {
            size_t j;
            if (i + 2 >= m || p[i + 2] != '[' || set_close(p, m, i + 3, &j))
                return -1;
            x->kind = PI_FRONTIER;
            i = j + 1;
            continue;
        }
        if (c == '%' && i + 1 < m && isdigit((unsigned char)p[i + 1])) {
            x->kind = PI_BACKREF;
            i += 2;
            continue;
        }
        /* a single-character class (lstrlib's classEnd), maybe repeated */
        size_t e = i + 1;
        if (c == '%') {
            if (i + 1 >= m)
                return -1;
            e = i + 2;
        } else if (c == '[') {
            size_t j;
            if (set_close(p, m, i + 1, &j))
                return -1;
            e = j + 1;
        }
        item_set(p + i, e - i, x->set);
        x->kind = PI_CHAR;
        if (e < m && strchr("*+-?", p[e]) && p[e]) {
            x->kind = p[e] == '*' ? PI_STAR : p[e] == '+' ? PI_PLUS : p[e] == '-' ? PI_LAZY : PI_OPT;
            e++;
        }
        i = e;
    }
    return k;
}

/* An upper bound of the steps of Lua's matcher for pattern p (m bytes) on
 * a subject of n bytes, finer than pattern_cost_coarse.  Walking the items
 * left to right with R, how many times the item can be reached from one
 * start position:
 *  - a repetition scans and tries up to n + 1 continuations, so the items
 *    after it are reached up to R(n + 1) times, except when at most one
 *    continuation can get further: when what follows it (captures aside)
 *    is a single character (or a repetition with +) that the repeated
 *    class cannot match, or the end anchor $ (the repetition is then
 *    possessive), or when what follows always matches from any position
 *    (the first continuation succeeds and the match ends: ".-" followed by
 *    items that match the empty string at the end, or only items that
 *    match the empty string);
 *  - "?" tries two continuations; %b, %f, back references and single
 *    characters one.
 * The match from one start costs at most the sum of R times each item's
 * own work; unanchored, every start position can be tried.  So a trim
 * "^%s*(.-)%s*$" of n bytes is charged about 2n^2 steps (the coarse bound:
 * n^3), a date "^(%d+)-(%d+)-(%d+)$" about 7n (coarse: n^3), while
 * "a*a*a*b" on "aaa...a", which really backtracks, stays near n^4.
 * first_only: find and match (they stop at the first match). */
static double pattern_cost(const char *p, size_t m, size_t n, int plain, int anchorable,
                           int first_only)
{
    double lin = (double)n * (double)(m + 1) + (double)n;
    if (plain || !strpbrk(p, "^$*+?.([%-") || memchr(p, '\0', m))
        return lin;
    int anchored = anchorable && m && p[0] == '^';
    pat_item it[PI_MAX];
    int k = read_items(p, m, anchored ? 1 : 0, it);
    if (k < 0)
        return pattern_cost_coarse(p, m, n, plain, anchorable);
    /* always[i]: the items from i on match from any position;
     * empty_end[i]: they match the empty string at the end of the subject. */
    int always[PI_MAX + 1], empty_end[PI_MAX + 1];
    always[k] = empty_end[k] = 1;
    for (int i = k - 1; i >= 0; i--) {
        int kind = it[i].kind, nullable = kind == PI_STAR || kind == PI_LAZY || kind == PI_OPT;
        int any = 1;
        for (int b = 0; b < 32; b++)
            any &= it[i].set[b] == 0xff;
        empty_end[i] = (nullable || kind == PI_OPEN || kind == PI_CLOSE || kind == PI_END) &&
                       empty_end[i + 1];
        if (kind == PI_OPEN || kind == PI_CLOSE)
            always[i] = always[i + 1];
        else if (kind == PI_STAR || kind == PI_LAZY)
            always[i] = always[i + 1] || (any && empty_end[i + 1]);
        else if (kind == PI_OPT)
            always[i] = always[i + 1];
        else
            always[i] = 0;
    }
    double np1 = (double)n + 1.0, r = 1.0, t = 0.0;
    for (int i = 0; i < k; i++) {
        int kind = it[i].kind;
        if (kind == PI_STAR || kind == PI_PLUS || kind == PI_LAZY) {
            t += r * 2.0 * np1;
            int j = i + 1;
            while (j < k && (it[j].kind == PI_OPEN || it[j].kind == PI_CLOSE))
                j++;
            int one = always[i + 1] || (j < k && it[j].kind == PI_END);
            if (!one && j < k && (it[j].kind == PI_CHAR || it[j].kind == PI_PLUS)) {
                one = 1;
                for (int b = 0; b < 32; b++)
                    if (it[i].set[b] & it[j].set[b])
                        one = 0;
            }
            if (!one)
                r *= np1;
        } else if (kind == PI_OPT) {
            t += r * 2.0;
            if (!always[i + 1])
                r *= 2.0;
        } else if (kind == PI_BALANCE || kind == PI_BACKREF) {
            t += r * np1;
        } else {
            t += r * 2.0;
        }
        if (r > 1e30 || t > 1e30)
            return 1e30;
    }
    /* find and match stop at the first success: a pattern that always
     * matches is tried from one start only (gsub and gmatch go on) */
    double starts = anchored || (first_only && always[0]) ? 1.0 : np1;
    double c = starts * t + lin;
    return c > 1e30 ? 1e30 : c;
}

enum {
    MT_FIND, MT_MATCH, MT_GMATCH, MT_GSUB, MT_REP, MT_BYTE, MT_LINEAR, MT_TMOVE,
    MT_TUNPACK, MT_TSORT, MT_TCONCAT, MT_TSHIFT, MT_CO
};

static double int_arg(lua_State *L, int i, double d)
{
    if (lua_isnoneornil(L, i))
        return d;
    int isnum;
    lua_Number v = lua_tonumberx(L, i, &isnum);
    return isnum ? v : d;
}

static double range_len(double a, double b)
{
    double n = b - a + 1;
    return n > 0 ? n : 0;
}

static double table_len(lua_State *L, int i)
{
    return lua_type(L, i) == LUA_TTABLE ? (double)lua_rawlen(L, i) : 0.0;
}

/* The metered function: upvalue 1 is the library's, upvalue 2 the kind. */
static int metered(lua_State *L)
{
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    size_t n = 0, m = 0;
    const char *p = NULL;
    double cost = 1;
    if (lua_type(L, 1) == LUA_TSTRING)
        lua_tolstring(L, 1, &n);
    switch (kind) {
    case MT_FIND:
    case MT_MATCH:
    case MT_GMATCH:
    case MT_GSUB:
        if (lua_type(L, 2) == LUA_TSTRING)
            p = lua_tolstring(L, 2, &m);
        if (p)
            cost = pattern_cost(p, m, n, kind == MT_FIND && lua_toboolean(L, 4),
                                kind != MT_GMATCH, kind == MT_FIND || kind == MT_MATCH);
        break;
    case MT_REP: {
        size_t ls = 0;
        if (lua_type(L, 3) == LUA_TSTRING)
            lua_tolstring(L, 3, &ls);
        double times = int_arg(L, 2, 0);
        cost = times > 0 ? times * (1.0 + (double)n + (double)ls) / BYTES_PER_INSTR * STEPS_PER_INSTR / 4 + times / 4 : 1;
        break;
    }
    case MT_BYTE:
        cost = range_len(int_arg(L, 2, 1), int_arg(L, 3, int_arg(L, 2, 1))) + 1;
        break;
    case MT_LINEAR:
        cost = (double)n + 1;
        break;
    case MT_TMOVE:
        cost = range_len(int_arg(L, 2, 1), int_arg(L, 3, 0)) * 2 + 1;
        break;
    case MT_TUNPACK:
        cost = range_len(int_arg(L, 2, 1), int_arg(L, 3, table_len(L, 1))) + 1;
        break;
    case MT_TCONCAT:
        cost = range_len(int_arg(L, 3, 1), int_arg(L, 4, table_len(L, 1))) + 1;
        break;
    case MT_TSORT: {
        double len = table_len(L, 1);
        cost = len * (log2(len + 1) + 1) * 2 + 1;
        break;
    }
    case MT_TSHIFT:
        cost = table_len(L, 1) + 1;
        break;
    case MT_CO:
        cost = (double)HOOK_EVERY * STEPS_PER_INSTR;
        break;
    }
    charge(L, cost);
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

typedef struct { const char *lib, *name; int kind; } metered_fn;
static const metered_fn METERED[] = {
    {"string", "find", MT_FIND},     {"string", "match", MT_MATCH},
    {"string", "gmatch", MT_GMATCH}, {"string", "gsub", MT_GSUB},
    {"string", "rep", MT_REP},       {"string", "byte", MT_BYTE},
    {"string", "upper", MT_LINEAR},  {"string", "lower", MT_LINEAR},
    {"string", "reverse", MT_LINEAR},{"string", "format", MT_LINEAR},
    {"string", "unpack", MT_LINEAR},
    {"utf8", "len", MT_LINEAR},      {"utf8", "codepoint", MT_LINEAR},
    {"utf8", "offset", MT_LINEAR},   {"_G", "tonumber", MT_LINEAR},
    {"table", "move", MT_TMOVE},     {"table", "unpack", MT_TUNPACK},
    {"table", "concat", MT_TCONCAT}, {"table", "sort", MT_TSORT},
    {"table", "insert", MT_TSHIFT},  {"table", "remove", MT_TSHIFT},
    {"coroutine", "create", MT_CO},  {"coroutine", "wrap", MT_CO},
    {NULL, NULL, 0}};

/* Replaces the function on top of the stack by its metered version if
 * lib.name is metered. */
static void meter(lua_State *L, const char *lib, const char *name)
{
    for (const metered_fn *f = METERED; f->lib; f++)
        if (strcmp(f->lib, lib) == 0 && strcmp(f->name, name) == 0) {
            lua_pushinteger(L, f->kind);
            lua_pushcclosure(L, metered, 2);
            return;
        }
}

/* ---------------------------------------------------------------- safe globals */

static int safe_print(lua_State *L)
{
    int n = lua_gettop(L);
    fputs("[scenario] ", stderr);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        charge(L, (double)len);
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]): text only; without env the
 * chunk gets a fresh sandboxed global table. */
static int push_new_env(lua_State *L);
static int safe_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int has_env = !lua_isnoneornil(L, 4);
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env)
        lua_pushvalue(L, 4);
    else
        push_new_env(L);
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return 1;
}

static int safe_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") == 0) {
        lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) +
                              lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
        return 1;
    }
    return luaL_error(L, "collectgarbage('%s') is not available to scenarios", opt);
}

static int valid_module_name(const char *n)
{
    if (!*n || *n == '.')
        return 0;
    for (const char *p = n; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return 0;
        if (p[0] == '.' && p[1] == '.')
            return 0;
    }
    return 1;
}

/* Loads a regular file as a text chunk (a FIFO or a device is refused at
 * once); on failure pushes the message and returns an error status. */
static int load_text_file(lua_State *L, const char *path)
{
    ps_err err;
    size_t len;
    char *text = ps_read_regular(path, PS_MAX_INPUT_BYTES, &len, &err);
    if (!text) {
        lua_pushstring(L, err.msg);
        return LUA_ERRFILE;
    }
    /* A first line starting with '#' is skipped, as lua does. */
    size_t skip = 0;
    if (len && text[0] == '#')
        while (skip < len && text[skip] != '\n')
            skip++;
    lua_pushfstring(L, "@%s", path);
    int rc = luaL_loadbufferx(L, text + skip, len - skip, lua_tostring(L, -1), "t");
    lua_remove(L, -2);
    free(text);
    if (rc == LUA_ERRSYNTAX && lua_type(L, -1) == LUA_TSTRING) {
        /* "near 'TOKEN'": a long token (an unfinished string runs to the
         * end of its line) is not echoed, so that naming a file that is
         * not a scenario does not print its first line. */
        const char *m = lua_tostring(L, -1);
        const char *near = strstr(m, " near '");
        if (near) {
            const char *q = near + 7, *end = strrchr(q, '\'');
            if (end && end - q > 24) {
                lua_pushfstring(L, "%s near a long token%s", "", end + 1);
                lua_pushlstring(L, m, (size_t)(near - m));
                lua_insert(L, -2);
                lua_concat(L, 2);
                lua_remove(L, -2);
            }
        }
    }
    return rc;
}

/* require(name): modules from the scenario folders and scripts/ only, text
 * only, each in its own sandboxed global table, cached per sandbox. */
static int safe_require(lua_State *L)
{
    ps_sandbox *sb = get_sb(L);
    const char *name = luaL_checkstring(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require '%s': module names are letters, digits, '_' and '.'",
                          name);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
    if (lua_getfield(L, -1, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    char rel[512], path[4096];
    snprintf(rel, sizeof rel, "%s", name);
    for (char *p = rel; *p; p++)
        if (*p == '.')
            *p = '/';
    luaL_Buffer tried;
    luaL_buffinit(L, &tried);
    /* The most recently added scenario folder first, scripts/ (dirs[0]) last. */
    for (int k = sb->ndirs - 1; k >= 0; k--) {
        int d = k == 0 ? 0 : k;
        snprintf(path, sizeof path, "%s/%s.lua", sb->dirs[d], rel);
        if (access(path, F_OK) != 0) {
            luaL_addstring(&tried, "\n\tno file '");
            luaL_addstring(&tried, path);
            luaL_addstring(&tried, "'");
            continue;
        }
        /* The file, links resolved, must lie inside the folder: a
         * symbolic link may not lead require out of it. */
        char real_dir[PATH_MAX], real_file[PATH_MAX];
        if (!realpath(sb->dirs[d], real_dir) || !realpath(path, real_file))
            return luaL_error(L, "require '%s': cannot resolve '%s'", name, path);
        size_t dl = strlen(real_dir);
        if (strncmp(real_file, real_dir, dl) != 0 || real_file[dl] != '/')
            return luaL_error(L, "require '%s': '%s' leads outside its folder (a symbolic "
                              "link?)", name, path);
        luaL_pushresult(&tried);
        lua_pop(L, 1);
        if (load_text_file(L, path) != LUA_OK)
            return lua_error(L);
        push_new_env(L);
        lua_setupvalue(L, -2, 1);
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name);
        return 1;
    }
    luaL_pushresult(&tried);
    return luaL_error(L, "module '%s' not found in the scenario's folder or scripts/:%s",
                      name, lua_tostring(L, -1));
}

/* setmetatable without finalizers: a __gc would run outside any call of
 * ours (at shutdown too), beyond the instruction limit's reach. */
static int safe_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int t = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (t != LUA_TNIL)
            return luaL_error(L, "setmetatable: finalizers (__gc) are not available to "
                                 "scenarios");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int is_protected(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &PROTECTED_KEY);
    lua_pushvalue(L, idx);
    int p = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return p;
}

/* xpcall's handler runs without hooks when the error comes from the
 * instruction hook (Lua turns hooks off while one runs), so a handler
 * that loops would never be stopped: once a limit has tripped the
 * script's handler is not called, the error goes on as it is. */
static int xpcall_handler(lua_State *L)
{
    if (get_sb(L)->tripped)
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int safe_xpcall(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, xpcall_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* rawset refuses the globals and the libraries, which are read-only. */
static int safe_rawset(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TTABLE && is_protected(L, 1))
        return luaL_error(L, "rawset: the global table and the libraries are read-only "
                             "(declare a 'local')");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "the %s library is read-only (cannot set '%s')",
                      lua_tostring(L, lua_upvalueindex(1)), k);
}

static int proxy_pairs(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &NEXT_KEY);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/* os: the clock and the date are not available (a result must depend on
 * the scenario and the seed only), nor anything else of os. */
static int os_index(lua_State *L)
{
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    if (!strcmp(k, "time") || !strcmp(k, "clock") || !strcmp(k, "date") ||
        !strcmp(k, "difftime"))
        return luaL_error(L, "os.%s is not available to scenarios: results must not depend "
                             "on the clock", k);
    return luaL_error(L, "os.%s is not available to scenarios", k);
}

/* The global table every file sees through __index: read-only, and an
 * unknown name is an error rather than a silent nil. */
static int env_index(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SAFE_KEY);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL)
        return 1;
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undeclared global '%s'", lua_tostring(L, 2));
    return luaL_error(L, "undeclared global");
}

static int env_newindex(lua_State *L)
{
    const char *n = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "assignment to undeclared global '%s' (declare it with 'local')",
                      n);
}

/* Pushes a fresh global table for one file: empty, with the shared
 * metatable, and marked read-only for rawset. */
static int push_new_env(lua_State *L)
{
    lua_newtable(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ENVMT_KEY);
    lua_setmetatable(L, -2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &PROTECTED_KEY);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 1;
}

/* Turns the table on top into a read-only proxy of itself, named `lib`. */
static void make_proxy(lua_State *L, const char *lib)
{
    int real = lua_gettop(L);
    lua_newtable(L); /* proxy */
    lua_newtable(L); /* its metatable */
    lua_pushvalue(L, real);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, lib);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, proxy_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &PROTECTED_KEY);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_remove(L, real);
}

/* Copies the listed fields of the library table on top into a new table,
 * metering the functions that work in C (metered == 1). */
static void copy_fields(lua_State *L, const char *lib, const char *const *names, int metered_)
{
    int src = lua_gettop(L);
    lua_newtable(L);
    for (const char *const *n = names; *n; n++) {
        lua_getfield(L, src, *n);
        if (metered_)
            meter(L, lib, *n);
        lua_setfield(L, -2, *n);
    }
    lua_remove(L, src);
}

static const char *const BASE_NAMES[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select",
    "tonumber", "tostring", "type", "rawequal", "rawlen", "rawget", "rawset",
    "setmetatable", "getmetatable", "_VERSION", NULL};
static const char *const STRING_NAMES[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
    "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL};
static const char *const TABLE_NAMES[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL};
static const char *const MATH_NAMES[] = {
    "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
    "maxinteger", "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan",
    "tointeger", "type", "ult", "atan", "asin", "acos", NULL};
static const char *const UTF8_NAMES[] = {
    "char", "charpattern", "codes", "codepoint", "len", "offset", NULL};
static const char *const CO_NAMES[] = {
    "create", "resume", "running", "status", "wrap", "yield", "isyieldable", NULL};

static int build_safe(lua_State *L)
{
    /* Open the standard libraries we take pieces from, then keep only the
     * allow-listed names; the full tables stay unreachable. */
    luaL_requiref(L, "_G", luaopen_base, 1);
    luaL_requiref(L, "string", luaopen_string, 1);
    luaL_requiref(L, "table", luaopen_table, 1);
    luaL_requiref(L, "math", luaopen_math, 1);
    luaL_requiref(L, "utf8", luaopen_utf8, 1);
    luaL_requiref(L, "os", luaopen_os, 1);
    luaL_requiref(L, "coroutine", luaopen_coroutine, 1);
    lua_settop(L, 0);

    lua_newtable(L); /* read-only tables, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &PROTECTED_KEY);

    lua_newtable(L); /* safe */
    int safe = lua_gettop(L);
    lua_pushglobaltable(L);
    for (const char *const *n = BASE_NAMES; *n; n++) {
        lua_getfield(L, -1, *n);
        meter(L, "_G", *n);
        if (strcmp(*n, "setmetatable") == 0)
            lua_pushcclosure(L, safe_setmetatable, 1);
        else if (strcmp(*n, "rawset") == 0)
            lua_pushcclosure(L, safe_rawset, 1);
        else if (strcmp(*n, "xpcall") == 0)
            lua_pushcclosure(L, safe_xpcall, 1);
        lua_setfield(L, safe, *n);
    }
    lua_getfield(L, -1, "next");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &NEXT_KEY);
    lua_pop(L, 1);
    struct { const char *lib; const char *const *names; } libs[] = {
        {"string", STRING_NAMES}, {"table", TABLE_NAMES}, {"math", MATH_NAMES},
        {"utf8", UTF8_NAMES}, {"coroutine", CO_NAMES}};
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        lua_getglobal(L, libs[i].lib);
        copy_fields(L, libs[i].lib, libs[i].names, 1);
        if (strcmp(libs[i].lib, "string") == 0) {
            /* The metered copy serves strings' methods (s:find()). */
            lua_pushvalue(L, -1);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &STRMETH_KEY);
        }
        make_proxy(L, libs[i].lib);
        lua_setfield(L, safe, libs[i].lib);
    }
    lua_getglobal(L, "string");
    copy_fields(L, "string", STRING_NAMES, 0);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &RAWSTR_KEY);
    lua_newtable(L); /* os: every field an error */
    lua_newtable(L);
    lua_pushcfunction(L, os_index);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setfield(L, safe, "os");
    lua_pushcfunction(L, safe_print);
    lua_setfield(L, safe, "print");
    lua_pushcfunction(L, safe_load);
    lua_setfield(L, safe, "load");
    lua_pushcfunction(L, safe_require);
    lua_setfield(L, safe, "require");
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setfield(L, safe, "collectgarbage");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &SAFE_KEY);

    /* Strings' metatable gives s:upper() etc.: point it at the safe copy and
     * hide it, so that no script can reach or change the real one. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &STRMETH_KEY);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    /* The metatable every file's globals share. */
    lua_newtable(L);
    lua_pushcfunction(L, env_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ENVMT_KEY);

    /* Nothing a script could use is left in the real globals. */
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
    return 0;
}

/* ---------------------------------------------------------------- public */

ps_sandbox *ps_sandbox_new(const ps_limits *lim, const char *scripts_dir, ps_err *err)
{
    ps_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    sb->lim.max_instructions = lim && lim->max_instructions > 0
                                   ? lim->max_instructions : PS_DEFAULT_MAX_INSTRUCTIONS;
    sb->lim.max_memory = lim && lim->max_memory > 0 ? lim->max_memory
                                                    : PS_DEFAULT_MAX_MEMORY;

    sb->dirs[sb->ndirs++] = strdup(scripts_dir ? scripts_dir : "/nonexistent");
    sb->L = lua_newstate(limited_alloc, sb);
    if (!sb->L || !sb->dirs[0]) {
        ps_sandbox_free(sb);
        ps_err_set(err, PS_EINTERNAL, "cannot create a Lua state (out of memory)");
        return NULL;
    }
    lua_pushlightuserdata(sb->L, sb);
    lua_rawsetp(sb->L, LUA_REGISTRYINDEX, &SB_KEY);
    lua_pushcfunction(sb->L, build_safe);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        ps_err_set(err, PS_EINTERNAL, "cannot set up the Lua sandbox: %s",
                   lua_tostring(sb->L, -1));
        ps_sandbox_free(sb);
        return NULL;
    }
    lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    return sb;
}

void ps_sandbox_free(ps_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    for (int i = 0; i < sb->ndirs; i++)
        free(sb->dirs[i]);
    free(sb);
}

struct lua_State *ps_sandbox_lua(ps_sandbox *sb) { return sb->L; }
void ps_sandbox_push_env(ps_sandbox *sb) { push_new_env(sb->L); }
void ps_sandbox_push_trusted_string(ps_sandbox *sb)
{
    lua_rawgetp(sb->L, LUA_REGISTRYINDEX, &RAWSTR_KEY);
}
long long ps_sandbox_instructions(const ps_sandbox *sb) { return sb->instructions; }
size_t ps_sandbox_memory(const ps_sandbox *sb) { return sb->mem_used; }

/* Message handler: the error plus a short traceback (lua.c's msghandler). */
static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Keeps the traceback short: only lines naming a Lua file, at most 6. */
static void shorten_traceback(const char *in, char *out, size_t outsz)
{
    const char *tb = strstr(in, "\nstack traceback:");
    size_t n = 0;
    if (!tb) {
        snprintf(out, outsz, "%s", in);
        return;
    }
    n = (size_t)snprintf(out, outsz, "%.*s", (int)(tb - in), in);
    const char *p = tb + 1;
    int kept = 0;
    while ((p = strchr(p, '\n')) && kept < 6 && n < outsz) {
        p++;
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *t = p;
        while (*t == '\t' || *t == ' ')
            t++;
        if (len && *t != '[' && strncmp(t, "(...", 4) != 0 && strncmp(t, "loader:", 7) != 0 &&
            memchr(t, ':', len)) {
            if (!kept)
                n += (size_t)snprintf(out + n, outsz - n, "\ntraceback:");
            if (n < outsz)
                n += (size_t)snprintf(out + n, outsz - n, "\n    %.*s",
                                      (int)(len - (size_t)(t - p)), t);
            kept++;
        }
    }
}

static int trip_code(const ps_sandbox *sb)
{
    return sb->tripped == TRIP_STOP ? PS_ESTOPPED : PS_ELIMIT;
}

int ps_sandbox_call(ps_sandbox *sb, int nargs, int nresults, ps_err *err)
{
    lua_State *L = sb->L;
    char msg[160];
    if (sb->tripped) {
        lua_pop(L, nargs + 1);
        return ps_err_set(err, trip_code(sb), "%s (earlier)",
                          trip_message(sb, msg, sizeof msg));
    }
    if (sb->depth == 0)
        sb->deadline = now_seconds() + PS_MAX_SECONDS_PER_CALL;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    sb->depth++;
    int rc = lua_pcall(L, nargs, nresults, base);
    sb->depth--;
    if (rc == LUA_OK) {
        lua_remove(L, base);
        return PS_OK;
    }
    const char *m = lua_tostring(L, -1);
    char buf[PS_ERR_MAX];
    if (rc == LUA_ERRMEM && !sb->tripped)
        sb->tripped = TRIP_MEM;
    if (rc == LUA_ERRMEM || (sb->tripped && (!m || !strstr(m, "exceeded")))) {
        /* No traceback for a memory error: say where the script was last
         * seen. */
        if (sb->where[0])
            snprintf(buf, sizeof buf, "%s: %s (near this line)", sb->where,
                     trip_message(sb, msg, sizeof msg));
        else
            snprintf(buf, sizeof buf, "%s", trip_message(sb, msg, sizeof msg));
    } else {
        shorten_traceback(m ? m : "(no message)", buf, sizeof buf);
    }
    lua_settop(L, base - 1);
    return ps_err_set(err, sb->tripped ? trip_code(sb) : PS_EINPUT, "%s", buf);
}

struct protect_ctx {
    int (*fn)(lua_State *L, void *ud, ps_err *err);
    void *ud;
    ps_err *err;
    int rc;
};

static int protect_tramp(lua_State *L)
{
    struct protect_ctx *c = lua_touserdata(L, 1);
    lua_settop(L, 0);
    c->rc = c->fn(L, c->ud, c->err);
    return 0;
}

int ps_sandbox_protect(ps_sandbox *sb, int (*fn)(lua_State *L, void *ud, ps_err *err),
                       void *ud, ps_err *err)
{
    struct protect_ctx c = {fn, ud, err, PS_OK};
    lua_pushcfunction(sb->L, protect_tramp);
    lua_pushlightuserdata(sb->L, &c);
    int rc = ps_sandbox_call(sb, 1, 0, err);
    return rc ? rc : c.rc;
}

static int add_dir_of(ps_sandbox *sb, const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    for (int i = 1; i < sb->ndirs; i++)
        if (strcmp(sb->dirs[i], dir) == 0)
            return 0;
    if (sb->ndirs == MAX_DIRS)
        return -1;
    if (!(sb->dirs[sb->ndirs] = strdup(dir)))
        return -1;
    sb->ndirs++;
    return 0;
}

int ps_sandbox_loadfile(ps_sandbox *sb, const char *path, ps_err *err)
{
    lua_State *L = sb->L;
    FILE *f = ps_fopen_regular(path, err);
    if (!f)
        return err ? err->code : PS_EINPUT;
    fclose(f);
    if (add_dir_of(sb, path))
        return ps_err_set(err, PS_EINPUT, "%s: too many scenario folders", path);
    int rc = load_text_file(L, path);
    if (rc != LUA_OK) {
        ps_err_set(err, rc == LUA_ERRMEM ? PS_ELIMIT : PS_EINPUT, "%s",
                   lua_tostring(L, -1));
        lua_pop(L, 1);
        return err ? err->code : PS_EINPUT;
    }
    push_new_env(L);
    lua_setupvalue(L, -2, 1);
    return PS_OK;
}
