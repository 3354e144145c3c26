# Entry points only; the work is done by scripts/.
# BASE=<Debian version or kernel line> or KSRC=<git tree> select the base.
export BASE KSRC

.PHONY: all check kunit qemu-test debian-patches
all:
	@scripts/main.sh

check:
	@scripts/run-checks.sh

kunit:
	@scripts/run-kunit.sh

# ARCH=x86_64 or ARCH=arm64 limits the QEMU test to one guest architecture.
qemu-test:
	@QEMU_ARCH="$(ARCH)" scripts/qemu-test.sh

# Debian-form patches for BASE into debian-patches/<version>/.
debian-patches:
	@scripts/debian-patches.sh "debian-patches/$$(scripts/fetch-base.sh "$${BASE:-6.12}" | xargs basename)"
