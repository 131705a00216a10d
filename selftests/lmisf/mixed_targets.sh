#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many tasks whose targets mix kernel-matched identifiers (IPv4 address,
# GTP-U TEID) with identities stored for the agent (IMSI, SIP URI), as an
# X1 ActivateTask usually carries them: all accepted, counted, dumped
# whole and flushed, without a kernel warning. One namespace, no traffic.
# (lmisf.ko before 727cd5f wrote past its target array here and crashed.)
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 4
setup_ns lm || skip_all "cannot create a namespace"
warn_re='WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption'
dmesg_before=$(dmesg | grep -cE "$warn_re" || true)
stat() { ip netns exec "$lm" "$SINK" -S | sed -n "s/^stats.* $1=\([0-9]*\).*/\1/p"; }

ktap_check "300 tasks with IPv4, TEID, IMSI and SIP URI targets and a flow each" \
	ip netns exec "$lm" "$SINK" -F 300 -m -q -t 1
ktap_check "counted: 300 tasks, 600 kernel-matched targets, 300 flows" \
	[ "$(stat tasks) $(stat targets) $(stat flows)" = "300 600 300" ]
n=$(ip netns exec "$lm" "$LMISFCTL" -j task show | grep -o '001010123456789' | wc -l)
ktap_check "the dump returns every task with its identities ($n of 300)" [ "$n" = 300 ]
ip netns exec "$lm" "$LMISFCTL" task flush
dmesg_after=$(dmesg | grep -cE "$warn_re" || true)
[ "$dmesg_after" = "$dmesg_before" ] || dmesg | grep -E "$warn_re" | tail -5 | sed 's/^/# /'
ktap_check "flushed to zero, no kernel warning" \
	[ "$(stat tasks) $(stat targets) $dmesg_after" = "0 0 $dmesg_before" ]
ktap_finished
