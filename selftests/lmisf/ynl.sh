#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The family driven from its YNL spec by the kernel's own YNL (tools/net/ynl
# of Debian's linux-source, found by tools/ksrc.sh): the library the CLI is
# built on encodes every request from Documentation/netlink/specs/lmisf.yaml
# and decodes every reply with it, so a spec that drifts from the kernel
# fails here. Then the CLI itself, as an operator would run it. In a network
# namespace of its own; skips without the YNL sources.
source "$(dirname "$0")/lib.sh"

lmisf_require
py=/usr/bin/python3
KSRC=${KSRC:-$("$LMISF_ROOT/tools/ksrc.sh" 2>/dev/null)} || skip_all "no kernel YNL (tools/ksrc.sh)"
ynl=$KSRC/tools/net/ynl
[ -f "$ynl/cli.py" ] || skip_all "no $ynl/cli.py"
$py -c 'import yaml' 2>/dev/null || skip_all "python3-yaml missing"
spec=$LMISF_ROOT/Documentation/netlink/specs/lmisf.yaml
schema=$KSRC/Documentation/netlink/genetlink-legacy.yaml

setup_ns ns || skip_all "cannot create a namespace"
ktap_print_header

# One python process for the library part (startup is slow under TCG): it
# prints its own KTAP lines, numbered from 1.
OUT=$(mktemp)
defer "rm -f $OUT"
ip netns exec "$ns" $py - "$ynl" "$spec" "$schema" >"$OUT" 2>&1 <<'PYEOF'
import os, sys
sys.path.insert(0, sys.argv[1])
from lib import YnlFamily, NlError

n = 0
fails = 0
def check(desc, ok, info=''):
    global n, fails
    n += 1
    if not ok:
        fails += 1
        for line in str(info).splitlines():
            print('# ' + line)
    print(('ok' if ok else 'not ok') + f' {n} ynl: {desc}')

def err(fn, *a):
    try:
        fn(*a)
    except NlError as e:
        return e.error, e.nl_msg.extack.get('msg', '')
    return 0, ''

ynl = YnlFamily(sys.argv[2], sys.argv[3])
X = 'c0ffee00-0000-4000-8000-000000000001'
xid = bytes.fromhex(X.replace('-', ''))
did = bytes.fromhex('d1d00000000040008000000000000001')
task = {'xid': xid, 'delivery': 'x2-and-x3', 'correlation-id': 5,
        'target': [{'type': 'ipv4', 'ipv4': 0x0a000001},
                   {'type': 'ipv6-cidr', 'ipv6': bytes.fromhex('20010db8' + '00' * 12),
                    'prefix-len': 32},
                   {'type': 'gtpu-teid', 'teid': 0x1234},
                   {'type': 'imsi', 'value': '001010123456789', 'non-local': True}],
        'did': [did]}
try:
    r = ynl.do('task-new', {'task': task})
    check('task-new replies with id and xid',
          r['task'].get('id', 0) > 0 and r['task'].get('xid') == X, r)
except NlError as e:
    check('task-new replies with id and xid', False, e)

try:
    t = ynl.do('task-get', {'task': {'xid': xid}})['task']
    ok = (t['delivery'] == 'x2-and-x3' and t['correlation-id'] == 5 and
          [x['type'] for x in t['target']] == ['ipv4', 'ipv6-cidr', 'gtpu-teid', 'imsi'] and
          t['target'][0]['ipv4'] == '10.0.0.1' and
          t['target'][1]['ipv6'] == '2001:db8::' and t['target'][1]['prefix-len'] == 32 and
          t['target'][2]['teid'] == 0x1234 and
          t['target'][3]['value'] == '001010123456789' and
          'non-local' in t['target'][3] and
          t['did'] == ['d1d00000-0000-4000-8000-000000000001'] and
          t['modifications'] == 0 and t['created'] > 0 and t['flows'] == 0)
    check('task-get decodes every attribute as the spec says', ok, t)
except (NlError, KeyError) as e:
    check('task-get decodes every attribute as the spec says', False, repr(e))

e, msg = err(ynl.do, 'task-new', {'task': task})
check('task-new of an existing xid: EEXIST with extack', e == 17 and msg, (e, msg))
e, msg = err(ynl.do, 'task-new', {'task': dict(task, target=[{'type': 'imsi', 'value': '12'}],
                                               xid=bytes(16))})
check('task-new with an invalid IMSI: EINVAL with extack', e == 22 and msg, (e, msg))

try:
    f = ynl.do('flow-new', {'flow': {'xid': xid, 'correlation-id': 9, 'proto': 17,
                                     'src-ipv4': 0x0a000001, 'dst-ipv4': 0x0a000002,
                                     'src-port': 40000, 'dst-port': 50000}})
    fl = ynl.dump('flow-get', {})
    ok = (len(fl) == 1 and fl[0]['flow']['id'] == f['flow']['id'] and
          fl[0]['flow']['src-ipv4'] == '10.0.0.1' and fl[0]['flow']['dst-port'] == 50000 and
          fl[0]['flow']['xid'] == X)
    check('flow-new, flow-get dump', ok, fl)
except (NlError, KeyError) as e:
    check('flow-new, flow-get dump', False, repr(e))

try:
    ynl.do('task-set', {'task': {'xid': xid, 'delivery': 'x3-only',
                                 'target': [{'type': 'e164', 'value': '+491701234567'}]}})
    d = ynl.dump('task-get', {})
    t = d[0]['task']
    check('task-set replaces, dump shows it', len(d) == 1 and t['delivery'] == 'x3-only' and
          t['modifications'] == 1 and len(t['target']) == 1 and t['flows'] == 1, d)
except (NlError, KeyError, IndexError) as e:
    check('task-set replaces, dump shows it', False, repr(e))

try:
    s = ynl.do('stats-get', {})['stats']
    names = ['packets', 'copies', 'copies-signalling', 'copies-target', 'copies-media',
             'delivered', 'batches', 'drop-no-sink', 'drop-nomem', 'drop-rcvbuf',
             'drop-unbind', 'truncated', 'gtpu-decap', 'gtpu-not-tpdu', 'gtpu-malformed',
             'gtpu-nested', 'ntf-drops', 'tasks', 'flows', 'targets']
    check('stats-get has every counter', all(k in s for k in names) and s['tasks'] == 1 and
          s['flows'] == 1, s)
except NlError as e:
    check('stats-get has every counter', False, e)

try:
    sel = ynl.do('selector-get', {})['selector']
    ports = sorted((p['proto'], p['port']) for p in sel['port'])
    cfg = ynl.do('config-get', {})['config']
    check('selector-get and config-get: defaults (UDP and TCP 5060, GTP-U 2152)',
          ports == [(6, 5060), (17, 5060)] and cfg['gtpu-port'] == 2152, (sel, cfg))
except (NlError, KeyError) as e:
    check('selector-get and config-get: defaults', False, repr(e))

e, msg = err(ynl.do, 'sink-get', {})
check('sink-get without a sink: ENOENT with extack', e == 2 and msg, (e, msg))
try:
    ynl.do('sink-bind', {'sink': {'qthreshold': 8, 'copy-range': 128}})
    s = ynl.do('sink-get', {})['sink']
    check('sink-bind and sink-get from this socket', s['qthreshold'] == 8 and
          s['copy-range'] == 128 and s['next-seq'] == 1 and s['portid'] > 0, s)
    ynl.do('sink-unbind', {})
except (NlError, KeyError) as e:
    check('sink-bind and sink-get from this socket', False, repr(e))

# A copy, decoded from the spec's structs: spec and kernel agree on them.
# The sink is a socket of its own: the library cannot take the sink's
# task events in the middle of a request's reply.
import socket, time
X3 = 'c0ffee00-0000-4000-8000-000000000003'
x3 = bytes.fromhex(X3.replace('-', ''))
try:
    sink = YnlFamily(sys.argv[2], sys.argv[3])
    sink.do('sink-bind', {'sink': {'qthreshold': 1}})
    ynl.do('task-new', {'task': {'xid': x3, 'delivery': 'x3-only', 'correlation-id': 9,
                                 'target': [{'type': 'ipv4', 'ipv4': 0x7f000002}]}})
    # a bound receiver: no ICMP port unreachable (a second copy)
    r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r.bind(('127.0.0.2', 0))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b'x' * 40, r.getsockname())
    u.close()
    copies = []
    for _ in range(50):
        sink.check_ntf()
        copies = [m['msg']['copy'] for m in sink.async_msg_queue if m['name'] == 'copy']
        if copies:
            break
        time.sleep(0.1)
    time.sleep(0.2)
    sink.check_ntf()
    copies = [m['msg']['copy'] for m in sink.async_msg_queue if m['name'] == 'copy']
    sink.sock.close()
    r.close()
    c = copies[0] if copies else {}
    h, m = c.get('hdr', {}), c.get('match', [{}])[0]
    check('a copy decodes from the spec: header, match and packet',
          len(copies) == 1 and h['seq'] == 1 and h['kind'] == {'target'} and
          h['hook'] == 3 and h['orig-len'] == 68 and h['ifindex-out'] > 0 and
          h['tstamp'] > 0 and h['flags'] == set() and
          m['xid'] == X3 and m['kind'] == {'target'} and
          m['correlation-id'] == 9 and m['flags'] == {'correlation-id'} and
          len(c['packet']) == 68 and c['packet'][0] == 0x45, copies)
    ynl.do('task-del', {'task': {'xid': x3}})
except (NlError, KeyError, IndexError, OSError) as e:
    check('a copy decodes from the spec: header, match and packet', False, repr(e))

try:
    ynl.do('task-del', {'task': {'xid': xid}})
    e, msg = err(ynl.do, 'task-get', {'task': {'xid': xid}})
    check('task-del, then task-get: ENOENT', e == 2, (e, msg))
    ynl.do('task-new', {'task': task})
    ynl.do('task-flush', {})
    check('task-flush empties the dump', ynl.dump('task-get', {}) == [])
except NlError as e:
    check('task-del/task-flush', False, e)
print(f'# ynl library: {n} checks, {fails} failed')
sys.exit(1 if fails else 0)
PYEOF
cat "$OUT"
KTAP_TESTNO=$(grep -cE '^(not )?ok ' "$OUT")
KTAP_CNT_FAIL=$(grep -c '^not ok ' "$OUT")
KTAP_CNT_PASS=$((KTAP_TESTNO - KTAP_CNT_FAIL))
grep -q '^# ynl library:' "$OUT" || ktap_test_fail "ynl library run did not finish"

# The CLI as an operator runs it (schema validation included).
cli() { ip netns exec "$ns" $py "$ynl/cli.py" --spec "$spec" --schema "$schema" --output-json "$@"; }
out=$(cli --do task-new --json '{"task": {"xid": "c0ffee00000040008000000000000002", "delivery": "x2-only", "target": [{"type": "sip-uri", "value": "sip:bob@ims.example"}]}}' 2>&1)
echo "$out" | sed 's/^/# /'
ktap_check "cli.py --do task-new" grep -q '"xid": "c0ffee00-0000-4000-8000-000000000002"' <<<"$out"
out=$(cli --dump task-get 2>&1)
ktap_check "cli.py --dump task-get" grep -q '"sip:bob@ims.example"' <<<"$out"
out=$(cli --do task-new --json '{"task": {"xid": "c0ffee00000040008000000000000002", "delivery": "x2-only", "target": [{"type": "sip-uri", "value": "sip:bob@ims.example"}]}}' 2>&1)
echo "$out" | sed 's/^/# /'
ktap_check "cli.py prints the error and the kernel's extack message" \
	grep -qE "File exists.*|'msg'" <<<"$out"
echo "1..$KTAP_TESTNO"
ktap_finished
