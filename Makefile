# cylch — build, test, benchmark, install.
#   make demo      the main job on the default scenario (plots included)
#   make check     all tests
#   make bench     speed and memory benchmarks
#   make fuzz      each libFuzzer target for FUZZ_SECONDS (default 60) under ASan+UBSan
#   make install PREFIX=/usr/local [DESTDIR=...]
# Options: SANITIZER=1 (ASan+UBSan, into build/san), WERROR=1, CFLAGS=... (appended).

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/cylch
CC       ?= cc
VERSION  := 0.1.0

# Debian packages: BUILD_PKGS for `make`, RUN_PKGS as well for `make demo` (plots),
# TEST_PKGS as well for `make check` and `make bench`.
BUILD_PKGS := gcc make libgsl-dev libcsv-dev libinih-dev pkg-config librandom123-dev libsuitesparse-dev \
              libmicrohttpd-dev libjansson-dev libxlsxwriter-dev libminizip-dev libexpat1-dev gettext
RUN_PKGS   := gnuplot-nox
TEST_PKGS  := libcmocka-dev chromium chromium-driver python3 python3-selenium python3-numpy clang \
              libclang-rt-dev libomp-dev python3-openpyxl

ifeq ($(SANITIZER),1)
BUILD    ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT      := -O1
else
BUILD    ?= build
SANFLAGS :=
OPT      := -O2
endif
ifeq ($(WERROR),1)
WFLAGS_E := -Werror
endif

PKG_CFLAGS = $(shell pkg-config --cflags gsl inih libmicrohttpd jansson xlsxwriter minizip expat 2>/dev/null)
# libxlsxwriter: the workbooks of present/workbook.c (results.xlsx, compare.xlsx);
# libminizip and expat: the zip archive and XML parts of a workbook (io/xlsx.c: numbers
# made exact after libxlsxwriter, and networks read from .xlsx).
PKG_LIBS   = $(shell pkg-config --libs gsl inih xlsxwriter minizip expat 2>/dev/null)
# The web server (model/server) only: libmicrohttpd and jansson.
SERVER_LIBS = $(shell pkg-config --libs libmicrohttpd jansson 2>/dev/null) -lpthread
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic $(WFLAGS_E) \
              $(OPT) -g -fopenmp $(SANFLAGS) -Iinclude $(PKG_CFLAGS) -I/usr/include/suitesparse \
              -DCYLCH_VERSION='"$(VERSION)"' \
              -MMD -MP $(CFLAGS)
ALL_LDFLAGS := -fopenmp $(SANFLAGS) $(LDFLAGS)
# SuiteSparse's KLU (sparse LU for large networks) has no pkg-config file on Debian 12.
LIBS = $(PKG_LIBS) -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lcsv -lm

# model/<layer>/<module>.c; the command line (model/cli) is not in the library, and
# the web server (model/server, at the command line's level) is a library of its own.
LAYERS   := io core uncertainty present
LIB_SRC  := $(foreach l,$(LAYERS),$(wildcard model/$(l)/*.c))
LIB_OBJ  := $(LIB_SRC:model/%.c=$(BUILD)/obj/%.o)
SERVER_SRC := $(wildcard model/server/*.c)
SERVER_OBJ := $(SERVER_SRC:model/%.c=$(BUILD)/obj/%.o)
CLI_SRC  := $(wildcard model/cli/*.c)
MAIN_OBJ := $(CLI_SRC:model/%.c=$(BUILD)/obj/%.o)
BIN      := $(BUILD)/cylch
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

# Translations (gettext): the template and the Welsh catalogue live beside the code that
# writes for people; the catalogue is compiled into $(BUILD)/locale, where cylch finds it
# from its own folder (model/io/lang.c), and installed under $(LOCALEDIR).
LOCALEDIR ?= $(PREFIX)/share/locale
PO_DIR    := model/present/po
# Error messages are translated too: cylch_error_set, cylch_error_at and scenario.c's fail
# are keywords, and every file that raises one is listed.
I18N_SRC  := model/io/format.c model/present/summary.c model/present/report.c model/present/plots.c \
             model/present/industries.c model/core/scenario.c model/uncertainty/compare.c model/uncertainty/sensitivity.c model/uncertainty/sobol.c \
             model/present/explain.c model/present/workbook.c model/present/files.c \
             model/server/api.c model/server/serve.c \
             model/cli/cmd_run.c model/cli/cmd_compare.c model/cli/cmd_explain.c model/cli/cmd_serve.c model/cli/main.c model/cli/options.c \
             include/cylch/io/limits.h model/io/error.c model/io/csvio.c model/io/lang.c model/io/results.c model/io/text.c \
             model/io/sheet.c model/core/dist.c model/core/economy.c model/core/iotable.c model/core/model.c model/core/money.c \
             model/core/network.c model/core/quantile.c model/core/regional.c model/core/run.c model/uncertainty/mc.c \
             model/uncertainty/stats.c model/cli/common.c model/cli/cmd_io.c model/cli/io_regional.c \
             model/cli/cmd_new.c model/cli/cmd_report.c
# The pages of cylch serve: their JavaScript read by xgettext as it is; index.html's elements
# marked data-t first made into JavaScript by web-msgids.py (xgettext reads no HTML) and read
# under the page's own name (-D: the folder searched first). Their messages are listed for the
# server in model/server/web-strings.h (it answers strings.js with their translations).
WEB_I18N  := $(wildcard model/server/web/*.js) model/server/web/index.html
MO        := $(BUILD)/locale/cy/LC_MESSAGES/cylch.mo
XGETTEXT  := xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kcylch_notes_addf:3 --flag=cylch_notes_addf:3:c-format -kcli_misuse:2 --flag=cli_misuse:2:c-format \
             -kcylch_error_set:3 --flag=cylch_error_set:3:c-format -kcylch_error_at:5 --flag=cylch_error_at:5:c-format \
             -kfail:2 --flag=fail:2:c-format -ktable_error:6 --flag=table_error:6:c-format --add-comments=TRANSLATORS \
             --add-location=file --sort-by-file --package-name=cylch --package-version=$(VERSION) \
             --msgid-bugs-address='the cylch issue tracker'
XGETTEXT_JS := xgettext --from-code=UTF-8 --language=JavaScript -k_ --add-comments=TRANSLATORS \
             --add-location=file --sort-by-file --package-name=cylch --package-version=$(VERSION) \
             --msgid-bugs-address='the cylch issue tracker'

.PHONY: all deps deps-run deps-test demo check layers bench fuzz install uninstall clean pot
.DEFAULT_GOAL := all

all: deps $(BIN) $(MO)

$(MO): $(PO_DIR)/cy.po | deps
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# After changing a string for people: the template again, and cy.po merged with it
# (new messages come in untranslated; make check fails until each has its Welsh).
pot:
	$(XGETTEXT) -o $(PO_DIR)/cylch.pot $(I18N_SRC)
	@mkdir -p $(BUILD)/pot/model/server/web
	python3 model/server/web-msgids.py model/server/web/index.html > $(BUILD)/pot/model/server/web/index.html
	$(XGETTEXT_JS) -j -o $(PO_DIR)/cylch.pot -D $(BUILD)/pot -D . $(WEB_I18N)
	msggrep --location='model/server/web/*' $(PO_DIR)/cylch.pot | sh model/server/web-strings.sh > model/server/web-strings.h
	msgmerge --quiet --update --backup=none --no-fuzzy-matching $(PO_DIR)/cy.po $(PO_DIR)/cylch.pot
	msgattrib --no-obsolete --width=100 -o $(PO_DIR)/cy.po $(PO_DIR)/cy.po

# Missing Debian packages are installed when root; otherwise the exact command is printed.
# deps: what building needs; deps-run adds gnuplot; deps-test adds what the tests need.
deps: ; @$(call install_pkgs,$(BUILD_PKGS) $(EXTRA_PKGS))
deps-run: ; @$(call install_pkgs,$(BUILD_PKGS) $(RUN_PKGS) $(EXTRA_PKGS))
deps-test: ; @$(call install_pkgs,$(BUILD_PKGS) $(RUN_PKGS) $(TEST_PKGS) $(EXTRA_PKGS))

define install_pkgs
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "cylch: installing Debian packages:$$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing || exit 1; \
	  else \
	    echo "cylch needs these Debian packages:$$missing"; \
	    echo "Install them with:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    echo "then run make again."; exit 1; \
	  fi; \
	fi
endef

# Packages come first (order-only), and pkg-config is asked only after them.
$(BUILD)/obj/%.o: model/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | deps-test
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/bench/%.o: tests/bench/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libcylch.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libcylch-server.a: $(SERVER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(BUILD)/libcylch-server.a $(BUILD)/libcylch.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(SERVER_LIBS) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libcylch-server.a $(BUILD)/libcylch.a | deps-test
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(SERVER_LIBS) $(LIBS) $(CMOCKA_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libcylch.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

demo: deps-run all
	$(BIN) run scenarios/bro-ffestiniog.ini --out results/bro-ffestiniog --force

check: deps-test $(BIN) $(MO) $(TEST_BIN) layers
	@CYLCH_BIN=$(BIN) CYLCH_BUILD=$(BUILD) sh tests/run-tests.sh $(TEST_BIN)

# No layer includes a layer above it (io < core < uncertainty < present < cli).
layers:
	@sh tests/check-layers.sh model include/cylch

# The numpy peer the speed issue measures against: outside the repository, optional.
BENCH_PEER ?= ../shared/bench/peer_mc.py

bench: deps-test $(BIN) $(BENCH_BIN)
	@CYLCH_BIN=$(BIN) BENCH_PEER=$(BENCH_PEER) sh tests/bench/run-bench.sh $(BUILD)

# Fuzzing (tests/fuzz): the library built again by clang with libFuzzer's
# instrumentation, ASan and UBSan, into build/fuzz; one program per target.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# -Wno-pass-failed: at -O1 clang does not vectorise, so each `#pragma omp simd` (economy.c)
# would warn that its loop was not vectorised; the pragmas are for the -O2 build.
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wno-pass-failed -g -O1 -fopenmp $(FUZZ_SAN) \
                -Iinclude $(PKG_CFLAGS) -I/usr/include/suitesparse -DCYLCH_VERSION='"$(VERSION)"' -MMD -MP
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_OBJ     := $(LIB_SRC:model/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_SERVER_OBJ := $(SERVER_SRC:model/%.c=$(FUZZ_BUILD)/obj/%.o)

$(FUZZ_BUILD)/obj/%.o: model/%.c | deps-test
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libcylch.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/libcylch-server.a: $(FUZZ_SERVER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libcylch-server.a \
                      $(FUZZ_BUILD)/libcylch.a | deps-test
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DCYLCH_SOURCE_DIR='"$(CURDIR)"' -o $@ $< \
	    $(FUZZ_BUILD)/libcylch-server.a $(FUZZ_BUILD)/libcylch.a $(SERVER_LIBS) $(LIBS)

fuzz: deps-test $(FUZZ_BIN)
	@sh tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_BIN)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plots $(DESTDIR)$(DATADIR)/web
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/cylch
	install -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots/
	install -m 644 model/server/web/*.html model/server/web/*.css model/server/web/*.js $(DESTDIR)$(DATADIR)/web/
	install -d $(DESTDIR)$(LOCALEDIR)/cy/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/cy/LC_MESSAGES/cylch.mo

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cylch $(DESTDIR)$(LOCALEDIR)/cy/LC_MESSAGES/cylch.mo
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(SERVER_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_BIN:=.d) \
         $(FUZZ_OBJ:.o=.d) $(FUZZ_SERVER_OBJ:.o=.d) $(FUZZ_BIN:=.d)
.SECONDARY:
