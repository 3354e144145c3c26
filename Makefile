# Entry points only; the work is done by scripts/.
# BASE=<Debian version or kernel line> or KSRC=<git tree> select the base.
export BASE KSRC

.PHONY: all check kunit qemu-test qemu-run debian-patches fresh-test outgoing
all:
	@scripts/main.sh

# CHECKS="name ..." runs only those checks (names as make check prints them).
check:
	@scripts/run-checks.sh $(CHECKS)

kunit:
	@scripts/run-kunit.sh

# ARCH=x86_64 or ARCH=arm64 limits the QEMU test to one guest architecture.
qemu-test:
	@QEMU_ARCH="$(ARCH)" scripts/qemu-test.sh

# One guest of the proof, its verdict printed: BASE (default 7.3),
# VARIANT (upstream), CLIENT (transport), ARCH (x86_64), BUG (dma),
# STRESS (0), as in qemu/variants; GUEST_SHELL=1 leaves a shell on the
# guest's console after the test.
qemu-run:
	@ARCH="$(ARCH)" VARIANT="$(VARIANT)" CLIENT="$(CLIENT)" BUG="$(BUG)" STRESS="$(STRESS)" \
		GUEST_SHELL="$(GUEST_SHELL)" scripts/qemu-run-one.sh

# The two commands above on a minimal Debian 12 and 13 (debootstrap, root);
# FRESH_CHECK=all runs the whole make check there (the cold time).
fresh-test:
	@scripts/fresh-test.sh $(RELEASES)

# Debian-form patches for BASE into debian-patches/<version>/.
debian-patches:
	@scripts/debian-patches.sh "debian-patches/$$(scripts/fetch-base.sh "$${BASE:-6.12}" | xargs basename)"

# Send-ready mails of the upstream-bound queues (patches/outgoing) into
# outgoing/, with your git identity; QUEUE=<name> for one queue.
outgoing:
	@BASE="$${BASE:-7.3}" scripts/outgoing.sh $(QUEUE)
