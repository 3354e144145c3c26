# Entry points only; the work is done by scripts/.
# BASE=<Debian version or kernel line> or KSRC=<git tree> select the base.
export BASE KSRC

.PHONY: all check
all:
	@scripts/main.sh

check:
	@scripts/run-checks.sh
