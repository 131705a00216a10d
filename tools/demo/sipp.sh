# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# sipp.sh: reading sipp's traces in the demo and its tests, sourced by
# tools/demo/lib.sh (kernel.sh's sipp_why) and by callee.sh, which runs on
# the host without lib.sh's VM topology.

# sipp_errors PREFIX N: the first N lines of the UE's and the callee's
# error traces (PREFIX-uac.errors.log, PREFIX-uas.errors.log) that report
# an error. Not one: the callee's ring timer expiring (uas.xml's <recv
# timeout> answers: sipp logs "jumping to label"), the trace's header and
# blank lines.
sipp_errors() {
	grep -h -v -e "jumping to label" -e "^The following events" -e "^$" \
		"$1"-ua[cs].errors.log 2>/dev/null | head -"$2"
}
