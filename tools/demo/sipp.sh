# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# sipp.sh: reading sipp's traces in the demo and its tests, sourced by
# tools/demo/lib.sh (kernel.sh's sipp_why) and by callee.sh, which runs on
# the host without lib.sh's VM topology.

# sipp_entries FILE: sipp's error trace FILE one entry a line. sipp 3.6.1
# writes its entries ("DATE<tab>TIME<tab>EPOCH: text") with no newline
# between them, so one line can hold several.
sipp_entries() {
	sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\t[0-9:.]*\t[0-9.]*: /\n&/g' "$1"
}

# sipp_errors PREFIX N: the first N entries of the UE's and the callee's
# error traces (PREFIX-uac.errors.log, PREFIX-uas.errors.log) that report
# an error. Not one: the callee's ring timer expiring (uas.xml's <recv
# timeout> answers; sipp 3.6 logs "Call-Id: ID, receive timeout on message
# SCENARIO:INDEX, jumping to label N"), the traces' header and blank
# lines. Only that entry and only the callee's: sipp's other "jumping to
# label", "timeout on max UDP retrans", means a peer stopped answering.
sipp_errors() {
	local ring='^[^ ]*: Call-Id: [^,]*, receive timeout on message [^,]*:[0-9]*, jumping to label [0-9]*$'

	{
		sipp_entries "$1"-uac.errors.log |
			grep -v -e "^The following events" -e "^$"
		sipp_entries "$1"-uas.errors.log |
			grep -v -e "^The following events" -e "^$" -e "$ring"
	} 2>/dev/null | head -"$2"
}
