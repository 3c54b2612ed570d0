# scry: `make` builds build/scry; `make test` runs the suite (normal and ASan+UBSan);
# `make run` installs build deps (root) and traces the bundled example; `make bench`.
CC      ?= cc
O       ?= build
CFLAGS  ?= -O2 -g
SAN     ?=
STD     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
CPPFLAGS += -Isrc -I$(O)
LDLIBS  ?=
LDLIBS  += -ldw -lelf

SRCS    := $(sort $(shell find src -name '*.c'))
XLAT_IN := $(sort $(wildcard src/xlat/*.in))
XLAT_C  := $(patsubst src/xlat/%.in,$(O)/xlat/%.c,$(XLAT_IN))
OBJS    := $(patsubst %.c,$(O)/obj/%.o,$(SRCS)) $(patsubst %.c,%.o,$(XLAT_C))

.PHONY: all test run bench deps clean format asan examples fuzz strace-match
# Keep the generated build/xlat/*.c: they are intermediates make would delete
# (and announce after the test runner's closing line).
.SECONDARY:
all: $(O)/scry

# V=1 shows the commands.
Q := $(if $(V),,@)

$(O)/scry: $(OBJS)
	@echo '  LD    $@'
	$(Q)$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(O)/obj/%.o: %.c $(O)/xlat/all.h
	@mkdir -p $(dir $@)
	@echo '  CC    $<'
	$(Q)$(CC) $(STD) $(CFLAGS) $(SAN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(O)/xlat/%.o: $(O)/xlat/%.c
	$(Q)$(CC) $(STD) $(CFLAGS) $(SAN) $(CPPFLAGS) -c -o $@ $<

$(O)/xlat/%.c: src/xlat/%.in tools/gen_xlat.sh
	@mkdir -p $(dir $@)
	$(Q)sh tools/gen_xlat.sh $< $@

$(O)/xlat/all.h: $(XLAT_IN) tools/gen_xlat.sh
	@mkdir -p $(dir $@)
	@echo '  GEN   $@'
	$(Q)sh tools/gen_xlat.sh --header $@ $(XLAT_IN)

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)

asan:
	$(MAKE) O=build/asan SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' CFLAGS='-O1 -g'

examples:
	$(MAKE) -C examples

deps:
	@sh tools/deps.sh

test: deps all asan
	bash tests/run.sh

run: deps all examples
	@echo '$$ ./build/scry trace -f -yy -e trace=socket,bind,close -- ./examples/udp_rebind'
	-./$(O)/scry trace -f -yy -e trace=socket,bind,close -- ./examples/udp_rebind

bench: deps all
	bash bench/bench.sh

# libFuzzer over every decoder and the text renderer; FUZZ_SECONDS=600 for the issue's bar.
FUZZ_SECONDS ?= 120
fuzz: deps all
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# Lines of strace's output that scry prints identically, per real program.
strace-match: deps all
	bash tests/strace_match.sh --check 95 --mask-noise --by-process

format:
	clang-format -i $(SRCS) $(shell find src tests examples bench -name '*.h' -o -name '*.c' | grep -v '^src') $(shell find src -name '*.h')

clean:
	rm -rf build
