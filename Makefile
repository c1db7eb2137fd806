# policysim: build, test, benchmark.  GPL-3.0-or-later.
#
#   make            bin/policysim
#   make baseline   run scenarios/feidong_baseline.lua
#   make test       unit, golden and end-to-end tests, then again under
#                   AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      benchmarks (never part of the tests)
#   make CC=clang   any C11 compiler; warnings are errors

CC      ?= cc
PKG     ?= pkg-config
PKGS    := lua5.4 libcrypto gsl plplot xlsxwriter sqlite3 zlib libzip expat cairo
VERSION := 0.1.0
BUILD   ?= build
BIN     ?= bin

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
SAN     ?=
CFLAGS  ?=
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(OPT) $(WARN) $(SAN) $(CFLAGS) -DPS_VERSION='"$(VERSION)"' \
              -Iengine -Iplots $(shell $(PKG) --cflags $(PKGS))
LDLIBS  := $(shell $(PKG) --libs $(PKGS)) -lm -pthread

ENGINE_SRC := $(filter-out engine/main.c,$(wildcard engine/*.c))
PLOTS_SRC  := $(wildcard plots/*.c)
ENGINE_OBJ := $(ENGINE_SRC:engine/%.c=$(BUILD)/%.o) $(PLOTS_SRC:plots/%.c=$(BUILD)/plots_%.o) \
              $(BUILD)/loader_lua.o
TEST_SRC   := $(wildcard tests/unit/test_*.c)
TEST_BIN   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all baseline test test-unit test-e2e test-san bench bench-kernel clean check-deps mpi

all: $(BIN)/policysim

$(BUILD)/%.o: engine/%.c $(wildcard engine/*.h plots/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/plots_%.o: plots/%.c $(wildcard engine/*.h plots/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The scenario loader is Lua compiled into the engine as a C string.
$(BUILD)/loader_lua.c: engine/loader.lua | $(BUILD)
	{ echo 'const char ps_loader_lua[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

$(BUILD)/loader_lua.o: $(BUILD)/loader_lua.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(BUILD)/libpolicysim.a: $(ENGINE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BIN)/policysim: $(BUILD)/main.o $(BUILD)/libpolicysim.a | $(BIN)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libpolicysim.a tests/unit/testutil.h | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit $(shell $(PKG) --cflags cmocka) -o $@ $< \
	    $(BUILD)/libpolicysim.a $(LDLIBS) $(shell $(PKG) --libs cmocka)

$(BUILD) $(BIN) $(BUILD)/tests:
	mkdir -p $@

# The MPI build: the same program, its stochastic draws spread over ranks
# (mpirun -np K bin/policysim-mpi run SCENARIO --draws N).  Debian's OpenMPI.
MPI_CFLAGS := $(shell $(PKG) --cflags mpi 2>/dev/null)
MPI_LIBS   := $(shell $(PKG) --libs mpi 2>/dev/null)

mpi: $(BIN)/policysim-mpi

$(BUILD)/mpi_main.o: engine/main.c $(wildcard engine/*.h engine/mpi/*.h plots/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(MPI_CFLAGS) -DPS_MPI -c $< -o $@

$(BUILD)/mpi_stochastic.o: engine/mpi/stochastic_mpi.c engine/mpi/stochastic_mpi.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(MPI_CFLAGS) -c $< -o $@

$(BIN)/policysim-mpi: $(BUILD)/mpi_main.o $(BUILD)/mpi_stochastic.o $(BUILD)/libpolicysim.a | $(BIN)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(MPI_LIBS)

baseline: $(BIN)/policysim
	$(BIN)/policysim run scenarios/feidong_baseline.lua

# Unit tests (cmocka) and end-to-end tests of one build.
test-unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

test-e2e: $(BIN)/policysim
	bash tests/e2e/run.sh $(BIN)/policysim

# The whole suite: normal build, then the same tests under ASan + UBSan.
test:
	bash tests/run_all.sh

bench: $(BIN)/policysim $(BUILD)/bench/bench_kernel
	BUILD=$(BUILD) bash tests/bench/run.sh

# The population kernel alone, built with the engine's flags (the batched
# kernel's AVX2 version is chosen at run time: target_clones in its source).
bench-kernel: $(BUILD)/bench/bench_kernel
	$(BUILD)/bench/bench_kernel 3

$(BUILD)/bench/bench_kernel: tests/bench/bench_kernel.c $(BUILD)/population.o $(BUILD)/population_batch.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lm

clean:
	rm -rf build bin

# Fuzzing (libFuzzer, clang): the CSV reader, the scenario loader with the
# run's calls into it (functions of a year, hooks, state, params), and the
# .xlsx reader.  `make fuzz` fuzzes each target for FUZZ_SECONDS (by hand);
# `make fuzz-corpus` only replays the seed corpora in tests/fuzz/corpus
# (part of make test: seconds).  Needs clang's libclang-rt (bootstrap.sh).
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := csv scenario xlsx
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: fuzz fuzz-build fuzz-corpus
fuzz-build:
	$(MAKE) CC=clang BUILD=$(FUZZ_BUILD) BIN=$(FUZZ_BUILD)/bin OPT="-O1 -g" \
	    SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_BIN)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(ENGINE_OBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -DPS_FUZZ_DATA='"$(CURDIR)/data/feidong"' $^ -o $@ $(LDLIBS)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do mkdir -p $(FUZZ_BUILD)/corpus_$$t; \
	    $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
	        $(FUZZ_BUILD)/corpus_$$t tests/fuzz/corpus/$$t; done

fuzz-corpus: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do echo "== fuzz_$$t on tests/fuzz/corpus/$$t"; \
	    $(FUZZ_BUILD)/fuzz_$$t -runs=0 -timeout=20 tests/fuzz/corpus/$$t; done
