/* manifest.h: what a result was made from, written next to it so that it
 * can be traced and redone: manifest.json (engine version, date, scenario
 * files and data files with their SHA-256) and parameters.csv (every
 * resolved parameter and where it was set).  GPL-3.0-or-later. */
#ifndef PS_MANIFEST_H
#define PS_MANIFEST_H

#include "ps_error.h"
#include "scenario.h"

/* SHA-256 of a file as 64 hex digits in hex[65]. */
int ps_sha256_file(const char *path, char hex[65], ps_err *err);

int ps_manifest_write(ps_scenario *sc, const char *dir, const char *version, ps_err *err);

#endif
